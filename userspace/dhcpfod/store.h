/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Durable state: a snapshot plus an append-only journal in the state dir.
 *
 *   state.json     the whole state, written atomically (temp file, fsync,
 *                  rename, fsync of the directory); its last member is a
 *                  SHA-256 of the text before it.
 *   state.journal  one line per applied change: a record (record.h) with a
 *                  sequence number, ending in a SHA-256 (first 8 bytes) of
 *                  the line before it; appended and fdatasync'ed before the
 *                  change is acknowledged.
 *   lock           flock'ed while an agent uses the directory.
 *
 * Start: load the snapshot, replay journal records past its sequence
 * number. A torn last line (no newline: a crash during an append that was
 * never acknowledged) is cut with a warning; anything else wrong refuses the
 * start with a message naming the file, the line and the problem. The
 * journal is folded into a new snapshot (compaction) when it grows past a
 * threshold and at clean shutdown. All functions return 0 or -errno and log.
 */
#ifndef DFOD_STORE_H
#define DFOD_STORE_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <json-c/json.h>

#include "state.h"

#define DFOD_STATE_FILE		"state.json"
#define DFOD_JOURNAL_FILE	"state.journal"
#define DFOD_LOCK_FILE		"lock"
#define DFOD_COMPACT_DEFAULT	(8u << 20)

struct dfod_store {
	char dir[PATH_MAX];
	char snap_path[PATH_MAX + 32];
	char journal_path[PATH_MAX + 32];
	int dir_fd, lock_fd, jfd;
	uint64_t seq;			/* last record written */
	uint64_t snap_seq;		/* last record folded into state.json */
	off_t jsize, last_off;		/* journal bytes; size before the last append */
	uint64_t jrecords;
	bool unsynced;
	uint64_t compact_bytes;		/* compact when the journal is larger */
	uint64_t compact_at;		/* current trigger (raised after a failure) */
	uint64_t replayed, cut_bytes;	/* what the last open did, for logs and tests */
};

/*
 * Create/lock @dir, load state.json and replay state.journal into the empty
 * @st (whose hooks should not be set yet). @compact_bytes 0: default.
 */
int dfod_store_open(struct dfod_store *sto, const char *dir, uint64_t compact_bytes,
		    struct dfod_state *st);
/* Assign the next sequence number to @rec and append it (not yet synced). */
int dfod_store_append(struct dfod_store *sto, json_object *rec);
/* Undo the last append (only before anything else is appended). */
int dfod_store_rollback(struct dfod_store *sto);
/* fdatasync the journal if anything was appended since the last sync. */
int dfod_store_sync(struct dfod_store *sto);
bool dfod_store_want_compact(const struct dfod_store *sto);
/* Write a new snapshot of @st and empty the journal. */
int dfod_store_compact(struct dfod_store *sto, const struct dfod_state *st);
void dfod_store_close(struct dfod_store *sto);

#endif
