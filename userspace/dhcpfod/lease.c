// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The lease store (lease.h). On-disk format, every integer little-endian:
 *
 *   record   = header body crc
 *   header   = magic u32 "DFLJ" | version u8 (1) | type u8 (1 put, 2 del;
 *              + 0x80 on the first record of a sync) | body length u16
 *              | sequence number u64                              (16 bytes)
 *   put body = addr u32 | subnet u32 | state u8 | htype u8 | hlen u8
 *              | cid_len u8 | flags u32 | start u64 | end u64 | cltt u64
 *              | pexp u64 | host_len u8 | hw[hlen] | cid[cid_len]
 *              | host[host_len]                                   (49 + n bytes)
 *   del body = addr u32
 *   crc      = CRC-32C of header and body, u32
 *
 *   leases.journal = record*
 *   leases.snap    = magic u32 "DFLS" | version u32 (1) | seq u64 | count u64
 *                    | CRC-32C of those 24 bytes u32 | count put records
 *                    whose sequence number is the snapshot's
 *
 * The encoding is explicit, field by field, so the files do not depend on
 * the compiler's struct layout, padding or the host's byte order.
 *
 * The first-of-sync mark bounds what a crash can tear. Each sync writes its
 * records and returns only after fdatasync; the next sync starts writing
 * after that. So only the last sync in the file can be incomplete, and its
 * records were not acknowledged. A power cut during its writeback may leave
 * any subset of its pages on disk, a hole followed by good records. A bad
 * record followed only by records of its own sync is therefore a torn tail
 * (cut); a bad record followed by the start of a later sync sits in
 * acknowledged data (refused).
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "log.h"
#include "crc32c.h"
#include "htab.h"
#include "lease.h"

#define REC_MAGIC	0x4a4c4644u	/* "DFLJ" as little-endian bytes */
#define SNAP_MAGIC	0x534c4644u	/* "DFLS" */
#define FORMAT_VERSION	1
#define REC_PUT		1
#define REC_DEL		2
#define REC_F_SYNC	0x80		/* type flag: first record of a sync */
#define REC_HDR		16
#define REC_CRC		4
#define PUT_FIXED	49
#define PUT_BODY_MAX	(PUT_FIXED + DFOD_HWADDR_MAX + DFOD_CID_MAX + DFOD_LEASE_HOST_MAX)
#define DEL_BODY	4
#define REC_MAX		(REC_HDR + PUT_BODY_MAX + REC_CRC)
#define SNAP_HDR	28
#define SNAP_TMP	DFOD_LEASES_SNAP ".tmp"
#define COMPACT_DEFAULT	(8ull << 20)
#define KNOWN_FLAGS	(DFOD_LEASE_F_BOOTP | DFOD_LEASE_F_RESERVED)
#define CHAIN_MIN	1024
#define SNAP_BUF	(1u << 20)

/* The three indexes; a lease is in IX_CID when it has a client-id, else in IX_HW. */
enum { IX_ADDR, IX_CID, IX_HW, IX_N };

/*
 * A stored lease and the hash under which each index holds it, so that
 * unlinking finds the right chain whatever the lease's fields say now.
 */
struct lnode {
	struct dfod_lease l;
	uint64_t hash[IX_N];
	uint8_t in;			/* bit per index the node is linked into */
};

/* Chained hash table over one of the lease's next_* links. */
struct chain {
	struct dfod_lease **b;
	size_t mask;			/* buckets - 1 */
	size_t n;
};

struct dfod_leasedb {
	char *snap_path, *journal_path;
	int dir_fd, jfd;
	struct chain ix[IX_N];
	/* addr -> copy of the durable lease an OFFERED one hides (for snapshots). */
	struct dfod_htab shadow;
	uint64_t n, noffered;
	uint64_t seq;			/* last sequence number given to a record */
	uint64_t snap_seq;		/* last one folded into leases.snap */
	uint8_t *wbuf;			/* records not yet written (group commit) */
	size_t wlen, wcap;
	uint64_t wrecords;
	uint64_t joff;			/* bytes in the journal file */
	uint64_t jrecords;		/* records in the file and the buffer */
	uint64_t compact_bytes, compact_at;
	int failed;			/* sticky -errno of a failed journal write or sync */
	struct dfod_leasedb_stats st;
};

/* Decoded record. */
struct rec {
	uint8_t type;
	uint64_t seq;
	size_t len;			/* whole record */
	struct dfod_lease l;		/* put: the lease; del: l.addr only */
};

/* ---- encoding ------------------------------------------------------------ */

static uint8_t *put_u8(uint8_t *p, uint8_t v)
{
	*p = v;
	return p + 1;
}

static uint8_t *put_u16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	return p + 2;
}

static uint8_t *put_u32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
	return p + 4;
}

static uint8_t *put_u64(uint8_t *p, uint64_t v)
{
	p = put_u32(p, (uint32_t)v);
	return put_u32(p, (uint32_t)(v >> 32));
}

static uint8_t *put_bytes(uint8_t *p, const void *src, size_t n)
{
	memcpy(p, src, n);
	return p + n;
}

static uint16_t get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const uint8_t *p)
{
	return get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

/*
 * Header and CRC around a body already at @out + REC_HDR; returns the record
 * length. A record at the start of the write buffer starts a sync.
 */
static size_t enc_frame(uint8_t *out, uint8_t type, uint64_t seq, size_t body_len)
{
	uint8_t *p = out;

	p = put_u32(p, REC_MAGIC);
	p = put_u8(p, FORMAT_VERSION);
	p = put_u8(p, type);
	p = put_u16(p, (uint16_t)body_len);
	put_u64(p, seq);
	put_u32(out + REC_HDR + body_len, dfod_crc32c(0, out, REC_HDR + body_len));
	return REC_HDR + body_len + REC_CRC;
}

/* @out must have REC_MAX bytes. */
static size_t enc_put(uint8_t *out, uint8_t flags, uint64_t seq, const struct dfod_lease *l)
{
	size_t host_len = strnlen(l->host, sizeof(l->host));
	uint8_t *p = out + REC_HDR;

	p = put_u32(p, l->addr);
	p = put_u32(p, l->subnet);
	p = put_u8(p, l->state);
	p = put_u8(p, l->htype);
	p = put_u8(p, l->hlen);
	p = put_u8(p, l->cid_len);
	p = put_u32(p, l->flags);
	p = put_u64(p, l->start);
	p = put_u64(p, l->end);
	p = put_u64(p, l->cltt);
	p = put_u64(p, l->pexp);
	p = put_u8(p, (uint8_t)host_len);
	p = put_bytes(p, l->hw, l->hlen);
	p = put_bytes(p, l->cid, l->cid_len);
	p = put_bytes(p, l->host, host_len);
	return enc_frame(out, REC_PUT | flags, seq, p - (out + REC_HDR));
}

static size_t enc_del(uint8_t *out, uint8_t flags, uint64_t seq, uint32_t addr)
{
	put_u32(out + REC_HDR, addr);
	return enc_frame(out, REC_DEL | flags, seq, DEL_BODY);
}

/* ---- validation and decoding ---------------------------------------------- */

/* Why @l cannot be stored, or NULL. @offered_ok: OFFERED allowed (memory, not files). */
static const char *lease_invalid(const struct dfod_lease *l, bool offered_ok)
{
	if (!l->addr)
		return "address 0.0.0.0";
	if (l->state < DFOD_LEASE_FREE || l->state > DFOD_LEASE_OFFERED)
		return "unknown binding state";
	if (l->state == DFOD_LEASE_OFFERED && !offered_ok)
		return "OFFERED lease in a file (offers are never journaled)";
	if (l->hlen > DFOD_HWADDR_MAX)
		return "hardware address longer than 16 bytes";
	if (l->flags & ~KNOWN_FLAGS)
		return "unknown flags";
	if (!memchr(l->host, '\0', sizeof(l->host)))
		return "host name not NUL-terminated";
	return NULL;
}

/*
 * The record framing at @p: magic, length, completeness and CRC. Returns a
 * problem text (the bytes cannot be trusted: torn or corrupt) or NULL, with
 * the record's length in *@len.
 */
static const char *frame_check(const uint8_t *p, size_t avail, size_t *len)
{
	size_t body;

	if (avail < REC_HDR)
		return "truncated record header";
	if (get_u32(p) != REC_MAGIC)
		return "bad record magic";
	body = get_u16(p + 6);
	if (body > PUT_BODY_MAX)
		return "record length out of range";
	if (avail < REC_HDR + body + REC_CRC)
		return "truncated record";
	if (dfod_crc32c(0, p, REC_HDR + body) != get_u32(p + REC_HDR + body))
		return "checksum mismatch";
	*len = REC_HDR + body + REC_CRC;
	return NULL;
}

/* The contents of a record whose framing is good; a problem text or NULL. */
static const char *rec_decode(const uint8_t *p, size_t len, struct rec *r)
{
	size_t body = len - REC_HDR - REC_CRC, host_len;
	struct dfod_lease *l = &r->l;
	const uint8_t *b = p + REC_HDR;

	memset(r, 0, sizeof(*r));
	r->len = len;
	r->type = p[5] & ~REC_F_SYNC;
	r->seq = get_u64(p + 8);
	if (p[4] != FORMAT_VERSION)
		return "unsupported record version";
	if (r->type == REC_DEL) {
		if (body != DEL_BODY)
			return "delete record of the wrong length";
		l->addr = get_u32(b);
		return l->addr ? NULL : "delete of address 0.0.0.0";
	}
	if (r->type != REC_PUT)
		return "unknown record type";
	if (body < PUT_FIXED)
		return "lease record too short";
	l->addr = get_u32(b);
	l->subnet = get_u32(b + 4);
	l->state = b[8];
	l->htype = b[9];
	l->hlen = b[10];
	l->cid_len = b[11];
	l->flags = get_u32(b + 12);
	l->start = get_u64(b + 16);
	l->end = get_u64(b + 24);
	l->cltt = get_u64(b + 32);
	l->pexp = get_u64(b + 40);
	host_len = b[48];
	if (l->hlen > DFOD_HWADDR_MAX || host_len > DFOD_LEASE_HOST_MAX)
		return "field length out of range";
	if (body != PUT_FIXED + l->hlen + l->cid_len + host_len)
		return "lease record length does not match its fields";
	b += PUT_FIXED;
	memcpy(l->hw, b, l->hlen);
	memcpy(l->cid, b + l->hlen, l->cid_len);
	memcpy(l->host, b + l->hlen + l->cid_len, host_len);
	if (memchr(l->host, '\0', host_len))
		return "NUL inside the host name";
	return lease_invalid(l, false);
}

/* ---- indexes ------------------------------------------------------------- */

static struct lnode *node_of(struct dfod_lease *l)
{
	return (struct lnode *)((char *)l - offsetof(struct lnode, l));
}

static struct dfod_lease **link_of(struct dfod_lease *l, int ix)
{
	switch (ix) {
	case IX_ADDR:
		return &l->next_addr;
	case IX_CID:
		return &l->next_cid;
	default:
		return &l->next_hw;
	}
}

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
	const uint8_t *p = data;

	while (n--) {
		h ^= *p++;
		h *= 0x100000001b3ull;
	}
	return h;
}

static uint64_t mix64(uint64_t x)
{
	/* FNV's low bits are weak on short keys; finish with splitmix64. */
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static uint64_t hash_cid(uint32_t subnet, const uint8_t *cid, uint8_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = fnv(h, &subnet, sizeof(subnet));
	h = fnv(h, &len, 1);
	return mix64(fnv(h, cid, len));
}

static uint64_t hash_hw(uint32_t subnet, uint8_t htype, const uint8_t *hw, uint8_t hlen)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = fnv(h, &subnet, sizeof(subnet));
	h = fnv(h, &htype, 1);
	h = fnv(h, &hlen, 1);
	return mix64(fnv(h, hw, hlen));
}

static int chain_init(struct chain *c)
{
	c->b = calloc(CHAIN_MIN, sizeof(*c->b));
	if (!c->b)
		return -ENOMEM;
	c->mask = CHAIN_MIN - 1;
	c->n = 0;
	return 0;
}

/* Double the buckets; on ENOMEM the chains just grow longer (still correct). */
static void chain_grow(struct chain *c, int ix)
{
	size_t cap = (c->mask + 1) * 2, i;
	struct dfod_lease **b, *l, *next;

	b = calloc(cap, sizeof(*b));
	if (!b)
		return;
	for (i = 0; i <= c->mask; i++) {
		for (l = c->b[i]; l; l = next) {
			struct dfod_lease **head = &b[node_of(l)->hash[ix] & (cap - 1)];

			next = *link_of(l, ix);
			*link_of(l, ix) = *head;
			*head = l;
		}
	}
	free(c->b);
	c->b = b;
	c->mask = cap - 1;
}

static void chain_add(struct chain *c, int ix, struct lnode *nd, uint64_t hash)
{
	struct dfod_lease **head = &c->b[hash & c->mask];

	nd->hash[ix] = hash;
	nd->in |= 1u << ix;
	*link_of(&nd->l, ix) = *head;
	*head = &nd->l;
	if (++c->n > c->mask + 1)
		chain_grow(c, ix);
}

static void chain_del(struct chain *c, int ix, struct lnode *nd)
{
	struct dfod_lease **pp = &c->b[nd->hash[ix] & c->mask];

	while (*pp && *pp != &nd->l)
		pp = link_of(*pp, ix);
	/* Always found: the node was linked under this very hash. */
	if (*pp) {
		*pp = *link_of(&nd->l, ix);
		c->n--;
	}
	*link_of(&nd->l, ix) = NULL;
	nd->in &= ~(1u << ix);
}

/* Link @nd into the client indexes its current fields call for. */
static void link_client(struct dfod_leasedb *db, struct lnode *nd)
{
	const struct dfod_lease *l = &nd->l;

	if (l->cid_len)
		chain_add(&db->ix[IX_CID], IX_CID, nd, hash_cid(l->subnet, l->cid, l->cid_len));
	else if (l->hlen)
		chain_add(&db->ix[IX_HW], IX_HW, nd, hash_hw(l->subnet, l->htype, l->hw, l->hlen));
}

static void unlink_client(struct dfod_leasedb *db, struct lnode *nd)
{
	if (nd->in & (1u << IX_CID))
		chain_del(&db->ix[IX_CID], IX_CID, nd);
	if (nd->in & (1u << IX_HW))
		chain_del(&db->ix[IX_HW], IX_HW, nd);
}

static struct lnode *find_node(const struct dfod_leasedb *db, uint32_t addr)
{
	const struct chain *c = &db->ix[IX_ADDR];
	struct dfod_lease *l;

	for (l = c->b[dfod_hash_u32(addr) & c->mask]; l; l = l->next_addr)
		if (l->addr == addr)
			return node_of(l);
	return NULL;
}

struct dfod_lease *dfod_lease_by_addr(const struct dfod_leasedb *db, uint32_t addr)
{
	struct lnode *nd = find_node(db, addr);

	return nd ? &nd->l : NULL;
}

/* Preference among several leases of one client: bound first, then the latest. */
static int state_rank(uint8_t state)
{
	switch (state) {
	case DFOD_LEASE_ACTIVE:
		return 3;
	case DFOD_LEASE_OFFERED:
		return 2;
	case DFOD_LEASE_ABANDONED:
		return 0;
	default:
		return 1;
	}
}

static bool better(const struct dfod_lease *a, const struct dfod_lease *best)
{
	if (!best)
		return true;
	if (state_rank(a->state) != state_rank(best->state))
		return state_rank(a->state) > state_rank(best->state);
	if (a->cltt != best->cltt)
		return a->cltt > best->cltt;
	if (a->end != best->end)
		return a->end > best->end;
	return a->addr < best->addr;
}

struct dfod_lease *dfod_lease_find_client(const struct dfod_leasedb *db, uint32_t subnet,
					  const uint8_t *cid, uint8_t cid_len, uint8_t htype,
					  const uint8_t *hw, uint8_t hlen)
{
	const struct chain *c;
	struct dfod_lease *l, *best = NULL;
	uint64_t h;

	if (cid && cid_len) {
		c = &db->ix[IX_CID];
		h = hash_cid(subnet, cid, cid_len);
		for (l = c->b[h & c->mask]; l; l = l->next_cid)
			if (node_of(l)->hash[IX_CID] == h && l->subnet == subnet &&
			    l->cid_len == cid_len && !memcmp(l->cid, cid, cid_len) && better(l, best))
				best = l;
		if (best)
			return best;
	}
	/*
	 * No client-id, or none recorded yet: leases that recorded no client-id
	 * and the same hardware address (a client that starts sending option 61
	 * keeps its lease, RFC 2131 4.2). IX_HW holds only leases without one.
	 */
	if (!hw || !hlen || hlen > DFOD_HWADDR_MAX)
		return NULL;
	c = &db->ix[IX_HW];
	h = hash_hw(subnet, htype, hw, hlen);
	for (l = c->b[h & c->mask]; l; l = l->next_hw)
		if (node_of(l)->hash[IX_HW] == h && l->subnet == subnet && l->htype == htype &&
		    l->hlen == hlen && !memcmp(l->hw, hw, hlen) && better(l, best))
			best = l;
	return best;
}

/* ---- in-memory changes ---------------------------------------------------- */

static bool shadow_eq(const void *ptr, const void *key)
{
	return ((const struct dfod_lease *)ptr)->addr == *(const uint32_t *)key;
}

static struct dfod_lease *shadow_get(const struct dfod_leasedb *db, uint32_t addr)
{
	return dfod_htab_get(&db->shadow, dfod_hash_u32(addr), shadow_eq, &addr);
}

static void shadow_drop(struct dfod_leasedb *db, uint32_t addr)
{
	free(dfod_htab_remove(&db->shadow, dfod_hash_u32(addr), shadow_eq, &addr));
}

/* Bytes past the lengths are not stored: zero them so memory equals the files. */
static void normalize(struct dfod_lease *l)
{
	size_t host_len = strlen(l->host);

	memset(l->hw + l->hlen, 0, sizeof(l->hw) - l->hlen);
	memset(l->cid + l->cid_len, 0, sizeof(l->cid) - l->cid_len);
	memset(l->host + host_len, 0, sizeof(l->host) - host_len);
	l->next_addr = l->next_cid = l->next_hw = NULL;
}

/*
 * Store @l (normalized) at its address: into @old when there is one, else
 * into @spare, which the caller allocated. Cannot fail.
 */
static void mem_put(struct dfod_leasedb *db, const struct dfod_lease *l, struct lnode *old,
		    struct lnode *spare)
{
	struct dfod_lease *next_addr;

	if (old) {
		if (old->l.state == DFOD_LEASE_OFFERED)
			db->noffered--;
		unlink_client(db, old);
		next_addr = old->l.next_addr;
		old->l = *l;
		old->l.next_addr = next_addr;
		old->l.next_cid = old->l.next_hw = NULL;
		link_client(db, old);
	} else {
		memset(spare, 0, sizeof(*spare));
		spare->l = *l;
		chain_add(&db->ix[IX_ADDR], IX_ADDR, spare, dfod_hash_u32(l->addr));
		link_client(db, spare);
		db->n++;
	}
	if (l->state == DFOD_LEASE_OFFERED)
		db->noffered++;
}

static void mem_del(struct dfod_leasedb *db, struct lnode *nd)
{
	if (nd->l.state == DFOD_LEASE_OFFERED)
		db->noffered--;
	unlink_client(db, nd);
	chain_del(&db->ix[IX_ADDR], IX_ADDR, nd);
	db->n--;
	free(nd);
}

/* ---- journal buffer ------------------------------------------------------- */

/* Room for one more record in the write buffer; -ENOMEM changes nothing. */
static int wbuf_reserve(struct dfod_leasedb *db)
{
	size_t cap = db->wcap ? db->wcap : 64 * 1024;
	uint8_t *b;

	while (cap < db->wlen + REC_MAX)
		cap *= 2;
	if (cap == db->wcap)
		return 0;
	b = realloc(db->wbuf, cap);
	if (!b)
		return -ENOMEM;
	db->wbuf = b;
	db->wcap = cap;
	return 0;
}

/* The type flag of the next record in the buffer. */
static uint8_t wbuf_flags(const struct dfod_leasedb *db)
{
	return db->wlen ? 0 : REC_F_SYNC;
}

/* Append one record to the buffer; room was reserved. */
static void wbuf_commit(struct dfod_leasedb *db, size_t len)
{
	db->wlen += len;
	db->wrecords++;
	db->jrecords++;
}

int dfod_leasedb_put(struct dfod_leasedb *db, const struct dfod_lease *l)
{
	struct dfod_lease copy = *l;	/* @l may be the stored lease itself */
	bool offered = copy.state == DFOD_LEASE_OFFERED;
	struct dfod_lease *sh = NULL;
	struct lnode *old, *spare = NULL;
	char ip[DFOD_IPV4_STRLEN];
	const char *why;
	int r;

	why = lease_invalid(&copy, true);
	if (why) {
		dfo_err("lease %s: %s", dfod_fmt_ipv4(copy.addr, ip), why);
		return -EINVAL;
	}
	if (db->failed)
		return db->failed;
	normalize(&copy);
	old = find_node(db, copy.addr);
	/* Everything that can fail comes first, so a failure changes nothing. */
	if (!offered) {
		r = wbuf_reserve(db);
		if (r)
			return r;
	}
	if (!old) {
		spare = malloc(sizeof(*spare));
		if (!spare)
			return -ENOMEM;
	}
	if (offered && old && old->l.state != DFOD_LEASE_OFFERED) {
		/* The offer hides a durable lease that snapshots must keep writing. */
		sh = malloc(sizeof(*sh));
		if (!sh || dfod_htab_reserve(&db->shadow, db->shadow.n + 1)) {
			free(sh);
			return -ENOMEM;
		}
		*sh = old->l;
		sh->next_addr = sh->next_cid = sh->next_hw = NULL;
	}

	if (!offered) {
		wbuf_commit(db, enc_put(db->wbuf + db->wlen, wbuf_flags(db), ++db->seq, &copy));
		shadow_drop(db, copy.addr);
	} else if (sh) {
		dfod_htab_insert(&db->shadow, dfod_hash_u32(sh->addr), sh);
	}
	mem_put(db, &copy, old, spare);
	return 0;
}

int dfod_leasedb_del(struct dfod_leasedb *db, uint32_t addr)
{
	struct lnode *nd = find_node(db, addr);
	bool durable;
	int r;

	if (!nd)
		return -ENOENT;
	if (db->failed)
		return db->failed;
	/* An offer that hides nothing was never journaled: nothing to delete on disk. */
	durable = nd->l.state != DFOD_LEASE_OFFERED || shadow_get(db, addr);
	if (durable) {
		r = wbuf_reserve(db);
		if (r)
			return r;
		wbuf_commit(db, enc_del(db->wbuf + db->wlen, wbuf_flags(db), ++db->seq, addr));
	}
	shadow_drop(db, addr);
	mem_del(db, nd);
	return 0;
}

/* ---- files ---------------------------------------------------------------- */

static int pwrite_all(int fd, const uint8_t *buf, size_t len, uint64_t off)
{
	ssize_t r;

	while (len) {
		r = pwrite(fd, buf, len, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -EIO;
		buf += r;
		len -= r;
		off += r;
	}
	return 0;
}

int dfod_leasedb_sync(struct dfod_leasedb *db)
{
	int r;

	if (db->failed)
		return db->failed;
	if (!db->wlen)
		return 0;
	r = pwrite_all(db->jfd, db->wbuf, db->wlen, db->joff);
	if (!r && fdatasync(db->jfd))
		r = -errno;
	if (r) {
		/*
		 * After a failed write or fdatasync the kernel may have dropped
		 * the dirty pages: retrying could report success for data that
		 * is not on disk. Every later change fails the same way.
		 */
		db->failed = r;
		dfo_err("%s: writing %llu records at offset %llu: %s; they are not durable, "
			"the lease store refuses further changes", db->journal_path,
			(unsigned long long)db->wrecords, (unsigned long long)db->joff,
			strerror(-r));
		return r;
	}
	db->joff += db->wlen;
	db->st.syncs++;
	db->st.synced_records += db->wrecords;
	db->wlen = 0;
	db->wrecords = 0;
	return 0;
}

bool dfod_leasedb_dirty(const struct dfod_leasedb *db)
{
	return db->wlen != 0;
}

/* Write every durable lease into @fd after a header placeholder; *@count: records. */
static int snap_write_records(struct dfod_leasedb *db, int fd, uint64_t *count)
{
	uint8_t *buf = malloc(SNAP_BUF);
	const struct chain *c = &db->ix[IX_ADDR];
	const struct dfod_lease *src;
	struct dfod_lease *l;
	uint64_t off = 0;
	size_t len = SNAP_HDR, i;
	int r = 0;

	if (!buf)
		return -ENOMEM;
	memset(buf, 0, SNAP_HDR);
	*count = 0;
	for (i = 0; i <= c->mask && !r; i++) {
		for (l = c->b[i]; l && !r; l = l->next_addr) {
			/* An offer is not durable; the lease it hides is. */
			src = l->state == DFOD_LEASE_OFFERED ? shadow_get(db, l->addr) : l;
			if (!src)
				continue;
			if (len + REC_MAX > SNAP_BUF) {
				r = pwrite_all(fd, buf, len, off);
				off += len;
				len = 0;
			}
			len += enc_put(buf + len, 0, db->seq, src);
			(*count)++;
		}
	}
	if (!r)
		r = pwrite_all(fd, buf, len, off);
	free(buf);
	return r;
}

static int write_snapshot(struct dfod_leasedb *db)
{
	uint8_t hdr[SNAP_HDR], *p = hdr;
	uint64_t count;
	int fd, r;

	fd = openat(db->dir_fd, SNAP_TMP, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		r = -errno;
		goto out;
	}
	r = snap_write_records(db, fd, &count);
	if (!r) {
		p = put_u32(p, SNAP_MAGIC);
		p = put_u32(p, FORMAT_VERSION);
		p = put_u64(p, db->seq);
		p = put_u64(p, count);
		put_u32(p, dfod_crc32c(0, hdr, SNAP_HDR - 4));
		r = pwrite_all(fd, hdr, SNAP_HDR, 0);
	}
	if (!r && fsync(fd))
		r = -errno;
	close(fd);
	if (!r && renameat(db->dir_fd, SNAP_TMP, db->dir_fd, DFOD_LEASES_SNAP))
		r = -errno;
	/* The journal may be emptied only once the rename is on disk. */
	if (!r && fsync(db->dir_fd))
		r = -errno;
	if (r)
		unlinkat(db->dir_fd, SNAP_TMP, 0);
out:
	if (r)
		dfo_err("%s: writing the lease snapshot: %s", db->snap_path, strerror(-r));
	return r;
}

int dfod_leasedb_compact(struct dfod_leasedb *db)
{
	int r;

	r = dfod_leasedb_sync(db);
	if (r)
		return r;
	r = write_snapshot(db);
	if (r)
		goto backoff;
	db->snap_seq = db->seq;
	/* Records left behind if this fails are <= snap_seq: skipped on replay. */
	if (ftruncate(db->jfd, 0)) {
		r = -errno;
		dfo_err("%s: emptying the journal after a snapshot: %s", db->journal_path,
			strerror(-r));
		goto backoff;
	}
	if (fsync(db->jfd)) {
		/*
		 * Unknown whether the truncation reached the disk: appending at
		 * offset 0 could leave new records followed by old ones.
		 */
		r = db->failed = -errno;
		dfo_err("%s: syncing the emptied journal: %s; the lease store refuses further "
			"changes", db->journal_path, strerror(-r));
		return r;
	}
	dfo_dbg("%s: %llu records folded into %s at sequence %llu", db->journal_path,
		(unsigned long long)db->jrecords, db->snap_path, (unsigned long long)db->seq);
	db->joff = 0;
	db->jrecords = 0;
	db->compact_at = db->compact_bytes;
	return 0;
backoff:
	/* Try again after as much growth again, not on every change. */
	db->compact_at = db->joff + db->wlen + db->compact_bytes;
	return r;
}

bool dfod_leasedb_want_compact(const struct dfod_leasedb *db)
{
	return db->joff + db->wlen > db->compact_at;
}

/* Map @fd read-only; *@p NULL for an empty file. */
static int map_file(int fd, const char *path, const uint8_t **p, size_t *size)
{
	struct stat sb;
	void *m;
	int r;

	*p = NULL;
	*size = 0;
	if (fstat(fd, &sb)) {
		r = -errno;
		dfo_err("%s: %s", path, strerror(-r));
		return r;
	}
	if (!sb.st_size)
		return 0;
	m = mmap(NULL, sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED) {
		r = -errno;
		dfo_err("%s: cannot map %lld bytes: %s", path, (long long)sb.st_size,
			strerror(-r));
		return r;
	}
	*p = m;
	*size = sb.st_size;
	return 0;
}

/* Apply one lease read from a file. */
static int load_put(struct dfod_leasedb *db, const struct dfod_lease *l)
{
	struct lnode *old = find_node(db, l->addr), *spare = NULL;

	if (!old) {
		spare = malloc(sizeof(*spare));
		if (!spare)
			return -ENOMEM;
	}
	mem_put(db, l, old, spare);
	return 0;
}

static int snap_corrupt(const struct dfod_leasedb *db, size_t off, const char *why)
{
	dfo_err("%s: offset %zu: %s; refusing to start: restore the file from a backup (moving "
		"it away loses the leases it holds, and the journal does not replay without "
		"it)", db->snap_path, off, why);
	return -EBADMSG;
}

static int snap_parse(struct dfod_leasedb *db, const uint8_t *p, size_t size)
{
	uint64_t count, i;
	struct rec rec;
	const char *why;
	size_t off, len;
	int r;

	if (size < SNAP_HDR)
		return snap_corrupt(db, 0, "truncated header");
	if (get_u32(p) != SNAP_MAGIC)
		return snap_corrupt(db, 0, "not a lease snapshot (bad magic)");
	if (dfod_crc32c(0, p, SNAP_HDR - 4) != get_u32(p + SNAP_HDR - 4))
		return snap_corrupt(db, 0, "header checksum mismatch");
	if (get_u32(p + 4) != FORMAT_VERSION)
		return snap_corrupt(db, 4, "unsupported format version");
	db->snap_seq = get_u64(p + 8);
	count = get_u64(p + 16);
	off = SNAP_HDR;
	for (i = 0; i < count; i++) {
		why = frame_check(p + off, size - off, &len);
		if (!why)
			why = rec_decode(p + off, len, &rec);
		if (!why && rec.type != REC_PUT)
			why = "not a lease record";
		if (!why && rec.seq != db->snap_seq)
			why = "record sequence number differs from the snapshot's";
		if (!why && find_node(db, rec.l.addr))
			why = "address listed twice";
		if (why)
			return snap_corrupt(db, off, why);
		r = load_put(db, &rec.l);
		if (r)
			return r;
		off += len;
	}
	if (off != size)
		return snap_corrupt(db, off, "data after the last record");
	return 0;
}

static int load_snapshot(struct dfod_leasedb *db)
{
	const uint8_t *p;
	size_t size;
	int fd, r;

	fd = openat(db->dir_fd, DFOD_LEASES_SNAP, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0) {
		r = -errno;
		dfo_err("%s: %s", db->snap_path, strerror(-r));
		return r;
	}
	r = map_file(fd, db->snap_path, &p, &size);
	close(fd);
	if (r)
		return r;
	r = snap_parse(db, p, size);
	if (p)
		munmap((void *)p, size);
	return r;
}

static int journal_corrupt(const struct dfod_leasedb *db, size_t off, const char *why)
{
	dfo_err("%s: offset %zu: %s; refusing to start, acknowledged leases may follow: "
		"restore the state directory from a backup, or repair the journal by hand",
		db->journal_path, off, why);
	return -EBADMSG;
}

/* Apply the valid record @rec read at @off, checking its sequence number. */
static int replay_one(struct dfod_leasedb *db, const struct rec *rec, size_t off, uint64_t *prev)
{
	char why[128], ip[DFOD_IPV4_STRLEN];
	uint64_t want = (*prev > db->snap_seq ? *prev : db->snap_seq) + 1;
	struct lnode *nd;

	if (*prev && rec->seq <= *prev) {
		snprintf(why, sizeof(why), "sequence number %llu after %llu",
			 (unsigned long long)rec->seq, (unsigned long long)*prev);
		return journal_corrupt(db, off, why);
	}
	*prev = rec->seq;
	db->jrecords++;
	/* Folded into the snapshot already (a crash between its rename and the truncate). */
	if (rec->seq <= db->snap_seq)
		return 0;
	if (rec->seq != want) {
		snprintf(why, sizeof(why), "sequence number %llu where %llu was due: records are "
			 "missing", (unsigned long long)rec->seq, (unsigned long long)want);
		return journal_corrupt(db, off, why);
	}
	db->st.replayed++;
	if (rec->type == REC_PUT)
		return load_put(db, &rec->l);
	nd = find_node(db, rec->l.addr);
	if (nd)
		mem_del(db, nd);
	else
		dfo_warn("%s: offset %zu: delete of %s, which holds no lease", db->journal_path,
			 off, dfod_fmt_ipv4(rec->l.addr, ip));
	return 0;
}

/*
 * After a bad record at @from: the offset of the first intact record that
 * starts a later sync (0: none), and in *@same how many intact records of
 * the bad record's own sync follow it.
 */
static size_t next_sync(const uint8_t *p, size_t size, size_t from, size_t *same)
{
	size_t off = from, len;

	*same = 0;
	while (off + REC_HDR + REC_CRC <= size) {
		if (get_u32(p + off) != REC_MAGIC || frame_check(p + off, size - off, &len)) {
			off++;
			continue;
		}
		if (p[off + 5] & REC_F_SYNC)
			return off;
		(*same)++;
		off += len;
	}
	return 0;
}

/* Cut the journal at @off after the bad record described by @why. */
static int cut_tail(struct dfod_leasedb *db, const uint8_t *p, size_t size, size_t off,
		    const char *why)
{
	size_t later, same;
	char msg[160];

	later = next_sync(p, size, off + 1, &same);
	if (later) {
		snprintf(msg, sizeof(msg), "%s, but the intact records of a later sync follow at "
			 "offset %zu", why, later);
		return journal_corrupt(db, off, msg);
	}
	/* Only the last sync is cut: it never returned, so no ACK depended on it. */
	dfo_warn("%s: offset %zu: %s: cutting %zu bytes (%zu intact records after it), the "
		 "last sync torn by a crash before it returned", db->journal_path, off, why,
		 size - off, same);
	if (ftruncate(db->jfd, off) || fsync(db->jfd)) {
		int r = -errno;

		dfo_err("%s: cannot cut the torn tail: %s", db->journal_path, strerror(-r));
		return r;
	}
	db->st.cut_bytes = size - off;
	return 0;
}

static int replay_journal(struct dfod_leasedb *db)
{
	const uint8_t *p;
	const char *why = NULL;
	uint64_t prev = 0;
	size_t size, off = 0, len;
	struct rec rec;
	int r;

	r = map_file(db->jfd, db->journal_path, &p, &size);
	if (r)
		return r;
	while (off < size) {
		why = frame_check(p + off, size - off, &len);
		if (why)
			break;
		/* Intact bytes that make no sense were written that way: never cut them. */
		why = rec_decode(p + off, len, &rec);
		if (why) {
			r = journal_corrupt(db, off, why);
			goto out;
		}
		r = replay_one(db, &rec, off, &prev);
		if (r)
			goto out;
		off += len;
	}
	if (off < size) {
		r = cut_tail(db, p, size, off, why);
		if (r)
			goto out;
	}
	db->joff = off;
	if (prev > db->seq)
		db->seq = prev;
	r = 0;
out:
	if (p)
		munmap((void *)p, size);
	return r;
}

static int open_journal(struct dfod_leasedb *db)
{
	bool created = false;
	int r;

	db->jfd = openat(db->dir_fd, DFOD_LEASES_JOURNAL, O_RDWR | O_CLOEXEC);
	if (db->jfd < 0 && errno == ENOENT) {
		db->jfd = openat(db->dir_fd, DFOD_LEASES_JOURNAL,
				 O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		created = db->jfd >= 0;
	}
	if (db->jfd < 0) {
		r = -errno;
		dfo_err("%s: cannot open the journal: %s", db->journal_path, strerror(-r));
		return r;
	}
	/* The file's name must be on disk before anything in it is acknowledged. */
	if (created && (fsync(db->jfd) || fsync(db->dir_fd))) {
		r = -errno;
		dfo_err("%s: cannot sync the new journal: %s", db->journal_path, strerror(-r));
		return r;
	}
	return 0;
}

int dfod_leasedb_open(struct dfod_leasedb **dbp, const char *dir, uint64_t compact_bytes)
{
	struct dfod_leasedb *db;
	int r = -ENOMEM, i;

	*dbp = NULL;
	db = calloc(1, sizeof(*db));
	if (!db)
		return -ENOMEM;
	db->dir_fd = db->jfd = -1;
	db->compact_bytes = compact_bytes ? compact_bytes : COMPACT_DEFAULT;
	db->compact_at = db->compact_bytes;
	if (asprintf(&db->snap_path, "%s/%s", dir, DFOD_LEASES_SNAP) < 0) {
		db->snap_path = NULL;
		goto fail;
	}
	if (asprintf(&db->journal_path, "%s/%s", dir, DFOD_LEASES_JOURNAL) < 0) {
		db->journal_path = NULL;
		goto fail;
	}
	for (i = 0; i < IX_N; i++)
		if (chain_init(&db->ix[i]))
			goto fail;
	db->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (db->dir_fd < 0) {
		r = -errno;
		dfo_err("%s: cannot open the lease directory: %s", dir, strerror(-r));
		goto fail;
	}
	/* Left by a crash during a compaction, before its rename: never read. */
	if (unlinkat(db->dir_fd, SNAP_TMP, 0) && errno != ENOENT) {
		r = -errno;
		dfo_warn("%s/%s: cannot remove: %s", dir, SNAP_TMP, strerror(-r));
	}
	r = load_snapshot(db);
	if (r)
		goto fail;
	db->seq = db->snap_seq;
	r = open_journal(db);
	if (r)
		goto fail;
	r = replay_journal(db);
	if (r)
		goto fail;
	if (db->st.replayed || db->n)
		dfo_info("%s: %llu leases, %llu journal records replayed", dir,
			 (unsigned long long)db->n, (unsigned long long)db->st.replayed);
	*dbp = db;
	return 0;
fail:
	dfod_leasedb_close(db, false);
	return r;
}

static void free_all(struct dfod_leasedb *db)
{
	struct chain *c = &db->ix[IX_ADDR];
	struct dfod_lease *l, *next;
	size_t i;

	for (i = 0; c->b && i <= c->mask; i++) {
		for (l = c->b[i]; l; l = next) {
			next = l->next_addr;
			free(node_of(l));
		}
	}
	for (i = 0; i < db->shadow.cap; i++)
		free(db->shadow.slots[i].ptr);
	dfod_htab_free(&db->shadow);
	for (i = 0; i < IX_N; i++)
		free(db->ix[i].b);
}

void dfod_leasedb_close(struct dfod_leasedb *db, bool clean)
{
	if (!db)
		return;
	/* Errors are logged by both; there is nobody left to return them to. */
	if (db->jfd >= 0) {
		if (clean)
			dfod_leasedb_compact(db);
		else
			dfod_leasedb_sync(db);
	}
	free_all(db);
	if (db->jfd >= 0)
		close(db->jfd);
	if (db->dir_fd >= 0)
		close(db->dir_fd);
	free(db->wbuf);
	free(db->snap_path);
	free(db->journal_path);
	free(db);
}

/* ---- enumeration ---------------------------------------------------------- */

int dfod_leasedb_foreach(const struct dfod_leasedb *db,
			 int (*fn)(const struct dfod_lease *l, void *arg), void *arg)
{
	const struct chain *c = &db->ix[IX_ADDR];
	struct dfod_lease *l;
	size_t i;
	int r;

	for (i = 0; i <= c->mask; i++)
		for (l = c->b[i]; l; l = l->next_addr) {
			r = fn(l, arg);
			if (r)
				return r;
		}
	return 0;
}

static int cmp_addr(const void *a, const void *b)
{
	uint32_t x = ((const struct dfod_lease *)a)->addr, y = ((const struct dfod_lease *)b)->addr;

	return x < y ? -1 : x > y;
}

int dfod_leasedb_list(const struct dfod_leasedb *db, uint32_t subnet, struct dfod_lease **out,
		      size_t *n)
{
	const struct chain *c = &db->ix[IX_ADDR];
	struct dfod_lease *l, *v;
	size_t i, k = 0, cnt = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i <= c->mask; i++)
		for (l = c->b[i]; l; l = l->next_addr)
			cnt += l->subnet == subnet;
	if (!cnt)
		return 0;
	v = malloc(cnt * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i <= c->mask; i++)
		for (l = c->b[i]; l; l = l->next_addr)
			if (l->subnet == subnet) {
				v[k] = *l;
				v[k].next_addr = v[k].next_cid = v[k].next_hw = NULL;
				k++;
			}
	qsort(v, cnt, sizeof(*v), cmp_addr);
	*out = v;
	*n = cnt;
	return 0;
}

void dfod_leasedb_get_stats(const struct dfod_leasedb *db, struct dfod_leasedb_stats *st)
{
	*st = db->st;
	st->leases = db->n;
	st->journal_records = db->jrecords;
	st->journal_bytes = db->joff + db->wlen;
}

const char *dfod_lease_state_name(uint8_t state)
{
	static const char *const names[] = {
		[DFOD_LEASE_FREE] = "free",
		[DFOD_LEASE_ACTIVE] = "active",
		[DFOD_LEASE_EXPIRED] = "expired",
		[DFOD_LEASE_RELEASED] = "released",
		[DFOD_LEASE_ABANDONED] = "abandoned",
		[DFOD_LEASE_RESET] = "reset",
		[DFOD_LEASE_BACKUP] = "backup",
		[DFOD_LEASE_OFFERED] = "offered",
	};

	if (state >= sizeof(names) / sizeof(names[0]) || !names[state])
		return "unknown";
	return names[state];
}
