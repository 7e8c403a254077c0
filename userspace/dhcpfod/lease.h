/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The lease store: every lease in memory, indexed by address, client
 * identifier and hardware address, made durable in the state directory:
 *
 *   leases.snap     all leases at one journal sequence number, written to a
 *                   temp file, fsync'ed, renamed over the old one, directory
 *                   fsync'ed (compaction);
 *   leases.journal  append-only records, each carrying a sequence number and
 *                   a CRC-32C over header and body.
 *
 * dfod_leasedb_put() journals a change into a buffer; dfod_leasedb_sync()
 * writes the buffer and fdatasyncs it once for every change since the last
 * sync (group commit). The engine sends no ACK before the sync that covers
 * its lease returned 0. On open, a record that is torn or fails its checksum
 * in the last sync written (the only one a crash can leave incomplete, never
 * acknowledged) is reported and cut with everything after it; one followed
 * by the records of a later sync refuses the start, since acknowledged
 * leases would be lost by cutting there. OFFERED leases live only in memory:
 * an offer promises nothing, so a crash may forget it.
 *
 * A failed journal write or fdatasync is final: the store returns that error
 * from every later put/del/sync/compact (the kernel may have dropped the
 * unwritten pages, so a retry could report success for data not on disk);
 * the agent must stop without acknowledging.
 *
 * All functions return 0 or -errno and log what went wrong. The on-disk
 * format is described at the top of lease.c and in docs/dhcp.md.
 */
#ifndef DFOD_LEASE_H
#define DFOD_LEASE_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

#define DFOD_LEASES_SNAP	"leases.snap"
#define DFOD_LEASES_JOURNAL	"leases.journal"
#define DFOD_CID_MAX		255
#define DFOD_LEASE_HOST_MAX	63
#define DFOD_LEASE_FOREVER	UINT64_MAX	/* end of an infinite (BOOTP/reserved) lease */

/* Binding states: draft-ietf-dhc-failover-12 values, plus OFFERED (local only). */
enum dfod_lease_state {
	DFOD_LEASE_FREE = 1,
	DFOD_LEASE_ACTIVE = 2,
	DFOD_LEASE_EXPIRED = 3,
	DFOD_LEASE_RELEASED = 4,
	DFOD_LEASE_ABANDONED = 5,	/* declined or conflicting: quarantined until end */
	DFOD_LEASE_RESET = 6,
	DFOD_LEASE_BACKUP = 7,
	DFOD_LEASE_OFFERED = 8,		/* not journaled */
};

enum dfod_lease_flags {
	DFOD_LEASE_F_BOOTP = 1u << 0,	/* given to a BOOTP client */
	DFOD_LEASE_F_RESERVED = 1u << 1,	/* the address is a reservation */
};

struct dfod_lease {
	uint32_t addr;			/* host order; the key */
	uint32_t subnet;		/* the scope's subnet address, host order */
	uint8_t state;			/* enum dfod_lease_state */
	uint8_t htype, hlen;
	uint8_t cid_len;		/* 0: the client sent no option 61 */
	uint32_t flags;			/* enum dfod_lease_flags */
	uint8_t hw[DFOD_HWADDR_MAX];
	uint8_t cid[DFOD_CID_MAX];	/* option 61 data, type byte included */
	char host[DFOD_LEASE_HOST_MAX + 1];	/* option 12 as sent, NUL-terminated */
	/* Wall-clock seconds (CLOCK_REALTIME); end DFOD_LEASE_FOREVER = infinite. */
	uint64_t start, end;
	uint64_t cltt;			/* client last transaction time */
	uint64_t pexp;			/* potential expiration told to the partner (draft-12) */
	/* Index links: owned by the store, callers never touch them. */
	struct dfod_lease *next_addr, *next_cid, *next_hw;
};

struct dfod_leasedb;

struct dfod_leasedb_stats {
	uint64_t leases;		/* records in memory */
	uint64_t journal_records, journal_bytes;
	uint64_t syncs;			/* fdatasync calls */
	uint64_t synced_records;	/* records those covered */
	uint64_t replayed, cut_bytes;	/* what the last open did */
};

/*
 * Load @dir/leases.snap and replay @dir/leases.journal. The directory must
 * exist (the agent holds its lock). @compact_bytes: compact when the journal
 * grows past it (0: 8 MiB).
 */
int dfod_leasedb_open(struct dfod_leasedb **dbp, const char *dir, uint64_t compact_bytes);
/* Sync what is pending; @clean: compact too, so the next start reads one file. */
void dfod_leasedb_close(struct dfod_leasedb *db, bool clean);

/*
 * Lookups; NULL when absent. The lease returned belongs to the store: read
 * it, never write it (change a lease by putting a modified copy); it stays
 * valid until the next put/del of its address or close.
 */
struct dfod_lease *dfod_lease_by_addr(const struct dfod_leasedb *db, uint32_t addr);
/*
 * The lease in @subnet of the client identified by @cid (option 61, may be
 * NULL/0) or, when it sent none, by @htype/@hw/@hlen. A client that sends a
 * client-id is never matched by hardware address to a lease that recorded a
 * different client-id (RFC 2131 4.2); a lease that recorded no client-id
 * matches a client that now sends one by hardware address. Among several
 * leases of the client: ACTIVE, then OFFERED, then the other states, then
 * ABANDONED; ties go to the latest cltt, then the latest end.
 */
struct dfod_lease *dfod_lease_find_client(const struct dfod_leasedb *db, uint32_t subnet,
					  const uint8_t *cid, uint8_t cid_len, uint8_t htype,
					  const uint8_t *hw, uint8_t hlen);

/*
 * Insert or replace the lease at @l->addr (copied; the index links of @l are
 * ignored). Every state but OFFERED is journaled (buffered until sync). An
 * OFFERED record only replaces the one in memory: the journal keeps the
 * previous durable state of the address (or none), which is what a restart
 * restores.
 */
int dfod_leasedb_put(struct dfod_leasedb *db, const struct dfod_lease *l);
/* Forget the lease at @addr (journaled as a delete). -ENOENT when absent. */
int dfod_leasedb_del(struct dfod_leasedb *db, uint32_t addr);
/* Write and fdatasync everything put since the last sync; no-op when clean. */
int dfod_leasedb_sync(struct dfod_leasedb *db);
/* Whether journal records wait for a sync (an OFFERED put writes none). */
bool dfod_leasedb_dirty(const struct dfod_leasedb *db);
/*
 * Fold the journal into a new snapshot (syncs first). A failure to write the
 * snapshot leaves the journal as it was and is retried only after the
 * journal has grown by compact_bytes again.
 */
int dfod_leasedb_compact(struct dfod_leasedb *db);
bool dfod_leasedb_want_compact(const struct dfod_leasedb *db);

/*
 * Visit every lease (unordered); stop early when @fn returns non-zero, and
 * return that. @fn must not put or del.
 */
int dfod_leasedb_foreach(const struct dfod_leasedb *db,
			 int (*fn)(const struct dfod_lease *l, void *arg), void *arg);
/*
 * Every lease of @subnet sorted by address, into a malloc'ed array of copies
 * (*@out NULL when there are none). Scans all leases: O(total).
 */
int dfod_leasedb_list(const struct dfod_leasedb *db, uint32_t subnet, struct dfod_lease **out,
		      size_t *n);
void dfod_leasedb_get_stats(const struct dfod_leasedb *db, struct dfod_leasedb_stats *st);

const char *dfod_lease_state_name(uint8_t state);

#endif
