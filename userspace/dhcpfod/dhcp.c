// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The DHCPv4 engine (dhcp.h, docs/dhcp.md).
 *
 * Per request: parse (dhcp_pkt.c), classify (bpf/dhcp_class.h, as XDP),
 * select the scope (option 118, giaddr, ciaddr, ingress interface: as XDP),
 * execute the relationship's compiled policy (as XDP), then the RFC 2131
 * logic for the message, which reads and writes the lease db and the
 * engine's own table of outstanding offers.
 *
 * Offers are the engine's, not the lease store's: an offer promises nothing
 * (RFC 2131 4.3.1), lives offer_hold seconds in memory, and leaves the lease
 * db holding bindings only, so a lapsed offer has nothing to undo.
 *
 * Allocation works on a per-scope cache built from the configuration: the
 * pool as sorted segments with cumulative indexes (address <-> pool index in
 * O(log segments)), the primary's share under the split rule, a cursor over
 * never-used addresses per owner slice and a queue of the addresses that
 * became free, fed by every path that frees one, so that a nearly full pool
 * costs no walk per request. dfod_dhcp_config_changed() marks the caches
 * stale; a rebuilt cache keeps its cursors and queues when its pool is the
 * same.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "dhcp.h"
#include "dhcp_class.h"
#include "htab.h"
#include "log.h"
#include "maps.h"
#include "policy.h"
#include "pool.h"
#include "rfc3074.h"

#define MAX_REPLY_OPTS	(DFOD_OPT_END + 16)
#define TICK_EXPIRE_MAX	4096	/* leases expired per tick, so a tick stays short */
#define REBUILD_SECS	10	/* an exhausted slice rewalks its pool and the leases this often */

/* ---- pools ------------------------------------------------------------- */

struct seg {
	uint32_t start, end;		/* inclusive, host order */
	uint64_t base;			/* pool index of start */
};

struct pool {
	struct seg *v;
	uint32_t n, cap;
	uint64_t size;
};

struct hole {
	uint32_t start, end;
};

static void pool_free(struct pool *p)
{
	free(p->v);
	memset(p, 0, sizeof(*p));
}

static int pool_push(struct pool *p, uint32_t a, uint32_t b)
{
	struct seg *nv;

	if (p->n == p->cap) {
		uint32_t cap = p->cap ? p->cap * 2 : 8;

		nv = realloc(p->v, cap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		p->v = nv;
		p->cap = cap;
	}
	p->v[p->n].start = a;
	p->v[p->n].end = b;
	p->v[p->n].base = p->size;
	p->n++;
	p->size += (uint64_t)b - a + 1;
	return 0;
}

static bool range_wanted(const struct dfod_range *r, bool bootp)
{
	if (r->type == DFOD_RANGE_BOTH)
		return true;
	return bootp ? r->type == DFOD_RANGE_BOOTP : r->type == DFOD_RANGE_DHCP;
}

/* Exclusions and reservations merged into one list sorted by start. */
static struct hole *holes_of(const struct dfod_scope *s, uint32_t *n)
{
	struct hole *h = malloc(((size_t)s->n_excls + s->n_resvs + 1) * sizeof(*h));
	uint32_t i = 0, j = 0, k = 0;

	if (!h)
		return NULL;
	while (i < s->n_excls || j < s->n_resvs) {
		if (j == s->n_resvs || (i < s->n_excls && s->excls[i].start <= s->resvs[j].addr)) {
			h[k].start = s->excls[i].start;
			h[k++].end = s->excls[i++].end;
		} else {
			h[k].start = h[k].end = s->resvs[j++].addr;
			k++;
		}
	}
	*n = k;
	return h;
}

/*
 * The pool of @s: ranges of the wanted type minus exclusions and
 * reservations, ascending. For DHCP it is exactly pool.h's pool, so pool
 * indexes split between the partners as dfod_pool_owner() says.
 */
static int pool_build(struct pool *p, const struct dfod_scope *s, bool bootp)
{
	struct hole *h;
	uint32_t nh, i, j;
	int err = 0;

	memset(p, 0, sizeof(*p));
	h = holes_of(s, &nh);
	if (!h)
		return -ENOMEM;
	for (i = 0; !err && i < s->n_ranges; i++) {
		const struct dfod_range *r = &s->ranges[i];
		uint64_t cur = r->start;

		if (!range_wanted(r, bootp))
			continue;
		for (j = 0; !err && j < nh && h[j].start <= r->end; j++) {
			if (h[j].end < cur)
				continue;
			if (h[j].start > cur)
				err = pool_push(p, (uint32_t)cur, h[j].start - 1);
			cur = (uint64_t)h[j].end + 1;
		}
		if (!err && cur <= r->end)
			err = pool_push(p, (uint32_t)cur, r->end);
	}
	free(h);
	if (err)
		pool_free(p);
	return err;
}

static bool pool_same(const struct pool *a, const struct pool *b)
{
	return a->n == b->n && a->size == b->size &&
	       (!a->n || !memcmp(a->v, b->v, a->n * sizeof(*a->v)));
}

static uint32_t pool_addr_at(const struct pool *p, uint64_t idx)
{
	uint32_t lo = 0, hi = p->n;

	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (p->v[mid].base <= idx)
			lo = mid;
		else
			hi = mid;
	}
	return p->v[lo].start + (uint32_t)(idx - p->v[lo].base);
}

/* Pool index of @addr, or -1 when it is not in the pool. */
static int64_t pool_index(const struct pool *p, uint32_t addr)
{
	uint32_t lo = 0, hi = p->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (p->v[mid].end < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == p->n || p->v[lo].start > addr)
		return -1;
	return (int64_t)(p->v[lo].base + (addr - p->v[lo].start));
}

/* ---- per-scope caches -------------------------------------------------- */

enum { SL_PRIMARY = 0, SL_SECONDARY = 1, SL_BOOTP = 2, SL_N };

/* Addresses that may have become free, oldest first: a ring. */
struct reclaim {
	uint32_t *v;
	size_t head, n, cap;		/* cap: 0 or a power of two */
};

struct slice_state {
	uint64_t cursor;		/* next pool index for the never-used scan */
	uint64_t rebuilt_at;		/* now + 1 at the last full rebuild; 0: due */
	struct reclaim rc;
};

struct enc_opt {
	uint8_t code;
	uint16_t len;
	uint32_t off;
};

struct scache {
	uint32_t subnet;
	uint64_t gen;
	struct pool dhcp, bootp;
	uint64_t primary_n;		/* pool indexes below it are the primary's */
	bool in_rel;
	struct dfo_rel rel;		/* compiled exactly as the dfo_rels map value */
	uint64_t rel_gen;
	uint32_t rel_id;
	struct slice_state sl[SL_N];
	struct enc_opt *opts;		/* the scope's option values in wire form */
	uint32_t n_opts;
	uint8_t *optbuf;
};

struct offer {
	uint32_t addr, subnet;
	uint64_t expires;
	uint64_t chash;
	uint8_t htype, hlen, cid_len;
	uint8_t hw[DFOD_HWADDR_MAX];
	uint8_t cid[];			/* cid_len bytes */
};

struct dfod_dhcp {
	struct dfod_state *st;
	struct dfod_leasedb *db;
	struct dfod_dhcp_conf conf;
	uint64_t gen;			/* configuration generation */
	struct dfod_htab caches;	/* subnet -> struct scache */
	struct dfod_htab offers;	/* addr -> struct offer */
	struct dfod_htab offers_cl;	/* client -> struct offer */
	uint64_t next_expiry;		/* no ACTIVE lease or quarantine ends before this (0: unknown) */
	uint64_t last_walk;		/* now of the last complete expiry walk */
	struct dfod_dhcp_stats stats;
	struct dfod_dhcp_msg msg;	/* the request being handled */
};

static bool cache_eq(const void *ptr, const void *key)
{
	return ((const struct scache *)ptr)->subnet == *(const uint32_t *)key;
}

static void reclaim_free(struct reclaim *rc)
{
	free(rc->v);
	memset(rc, 0, sizeof(*rc));
}

static void cache_destroy(struct scache *c)
{
	unsigned int i;

	if (!c)
		return;
	pool_free(&c->dhcp);
	pool_free(&c->bootp);
	for (i = 0; i < SL_N; i++)
		reclaim_free(&c->sl[i].rc);
	free(c->opts);
	free(c->optbuf);
	free(c);
}

static void put_be(uint8_t *p, uint64_t v, unsigned int n)
{
	while (n--) {
		p[n] = v & 0xff;
		v >>= 8;
	}
}

/*
 * One option's values in wire form (types as serial.c normalises them:
 * integers, dotted quads, UTF-8 strings, hex strings for binary and
 * encapsulated). Returns the length, or -EINVAL for a value that does not
 * fit its type (cannot happen for a stored option; checked anyway).
 */
static int encode_option(const struct dfod_option *o, uint8_t *out, size_t cap)
{
	static const unsigned int width[] = { 1, 2, 4, 8 };
	size_t n = json_object_array_length(o->values), i, len = 0, bl;
	uint64_t v;
	uint32_t a;
	const char *str;

	for (i = 0; i < n; i++) {
		json_object *jv = json_object_array_get_idx(o->values, i);

		switch (o->type) {
		case DFOD_OPT_BYTE:
		case DFOD_OPT_WORD:
		case DFOD_OPT_DWORD:
		case DFOD_OPT_DWORDDWORD:
			if (dfod_json_val_u64(jv, &v) || len + width[o->type] > cap)
				return -EINVAL;
			put_be(out + len, v, width[o->type]);
			len += width[o->type];
			break;
		case DFOD_OPT_IPADDRESS:
			if (dfod_json_val_str(jv, &str) || dfod_parse_ipv4(str, &a) || len + 4 > cap)
				return -EINVAL;
			put_be(out + len, a, 4);
			len += 4;
			break;
		case DFOD_OPT_STRING:
			if (dfod_json_val_str(jv, &str) || len + strlen(str) > cap)
				return -EINVAL;
			memcpy(out + len, str, strlen(str));
			len += strlen(str);
			break;
		default:
			if (dfod_json_val_str(jv, &str) ||
			    dfod_parse_hex(str, out + len, cap - len, &bl))
				return -EINVAL;
			len += bl;
			break;
		}
	}
	return (int)len;
}

/* Options the engine computes itself: a configured value never replaces them. */
static bool engine_option(uint8_t code)
{
	return code == DFOD_OPT_MSG_TYPE || code == DFOD_OPT_SERVER_ID ||
	       code == DFOD_OPT_LEASE_TIME || code == DFOD_OPT_T1 || code == DFOD_OPT_T2 ||
	       code == DFOD_OPT_OVERLOAD || code == DFOD_OPT_RELAY_AGENT ||
	       code == DFOD_OPT_CLIENT_ID || code == DFOD_OPT_MAX_MSG_SIZE ||
	       code == DFOD_OPT_PRL || code == DFOD_OPT_REQUESTED_ADDR ||
	       code == DFOD_OPT_SUBNET_SELECT;
}

/* The largest option value list: 255 values of 255 bytes (strings, binary). */
#define OPT_ENC_MAX	(255 * 255)

static int cache_options(struct scache *c, const struct dfod_scope *s)
{
	uint8_t *tmp = malloc(OPT_ENC_MAX), *nb;
	size_t used = 0;
	uint32_t i;
	int len, err = 0;

	c->opts = calloc(s->n_opts ? s->n_opts : 1, sizeof(*c->opts));
	if (!tmp || !c->opts) {
		free(tmp);
		return -ENOMEM;
	}
	for (i = 0; i < s->n_opts; i++) {
		const struct dfod_option *o = &s->opts[i];

		if (engine_option(o->code))
			continue;
		len = encode_option(o, tmp, OPT_ENC_MAX);
		if (len < 0) {
			dfo_warn("scope %u.%u.%u.%u: option %u cannot be encoded; left out",
				 s->addr >> 24, (s->addr >> 16) & 0xff, (s->addr >> 8) & 0xff,
				 s->addr & 0xff, o->code);
			continue;
		}
		nb = realloc(c->optbuf, used + len + 1);
		if (!nb) {
			err = -ENOMEM;
			break;
		}
		c->optbuf = nb;
		memcpy(c->optbuf + used, tmp, len);
		c->opts[c->n_opts].code = o->code;
		c->opts[c->n_opts].len = len;
		c->opts[c->n_opts].off = used;
		c->n_opts++;
		used += len;
	}
	free(tmp);
	return err;
}

/* Fill @c from @s; keeps the allocation state when the pools did not change. */
static int cache_fill(struct dfod_dhcp *e, struct scache *c, const struct dfod_scope *s)
{
	struct scache nc = { .subnet = s->addr, .gen = e->gen };
	unsigned int i;
	int err;

	err = pool_build(&nc.dhcp, s, false);
	if (!err)
		err = pool_build(&nc.bootp, s, true);
	if (!err)
		err = cache_options(&nc, s);
	if (!err && s->rel) {
		err = dfod_maps_rel_value(s->rel, &nc.rel);
		nc.in_rel = !err;
		nc.rel_gen = s->rel->gen;
		nc.rel_id = s->rel->id;
	}
	if (err) {
		pool_free(&nc.dhcp);
		pool_free(&nc.bootp);
		free(nc.opts);
		free(nc.optbuf);
		return err;
	}
	nc.primary_n = nc.in_rel ? dfod_pool_primary_share(s->rel, nc.dhcp.size) : nc.dhcp.size;
	if (pool_same(&nc.dhcp, &c->dhcp) && nc.primary_n == c->primary_n &&
	    pool_same(&nc.bootp, &c->bootp)) {
		memcpy(nc.sl, c->sl, sizeof(nc.sl));
		memset(c->sl, 0, sizeof(c->sl));
	} else {
		nc.sl[SL_SECONDARY].cursor = nc.primary_n;
	}
	pool_free(&c->dhcp);
	pool_free(&c->bootp);
	for (i = 0; i < SL_N; i++)
		reclaim_free(&c->sl[i].rc);
	free(c->opts);
	free(c->optbuf);
	*c = nc;
	return 0;
}

static struct scache *cache_get(struct dfod_dhcp *e, const struct dfod_scope *s)
{
	uint64_t h = dfod_hash_u32(s->addr);
	struct scache *c = dfod_htab_get(&e->caches, h, cache_eq, &s->addr);

	if (c && c->gen == e->gen && (!s->rel || (c->in_rel && c->rel_id == s->rel->id &&
						  c->rel_gen == s->rel->gen)))
		return c;
	if (!c) {
		c = calloc(1, sizeof(*c));
		if (!c || dfod_htab_reserve(&e->caches, e->caches.n + 1)) {
			free(c);
			return NULL;
		}
		c->subnet = s->addr;
		if (cache_fill(e, c, s)) {
			free(c);
			return NULL;
		}
		dfod_htab_insert(&e->caches, h, c);
		return c;
	}
	return cache_fill(e, c, s) ? NULL : c;
}

void dfod_dhcp_config_changed(struct dfod_dhcp *e)
{
	size_t i;

	e->gen++;
	/* Caches of scopes that are gone go now; the rest are rebuilt on use. */
	for (i = 0; i < e->caches.cap; i++) {
		struct scache *c = e->caches.slots[i].ptr;

		if (c && !dfod_scope_find(e->st, c->subnet)) {
			dfod_htab_remove(&e->caches, e->caches.slots[i].hash, cache_eq, &c->subnet);
			cache_destroy(c);
			i--;	/* backward-shift deletion may have moved an entry here */
		}
	}
}

/* ---- offers ------------------------------------------------------------ */

struct client {
	const uint8_t *cid;
	uint8_t cid_len;
	uint8_t htype, hlen;
	const uint8_t *hw;
};

static uint64_t client_hash(uint32_t subnet, const struct client *cl)
{
	uint64_t h = dfod_hash_u32(subnet) ^ 0x9e3779b97f4a7c15ull;
	const uint8_t *p = cl->cid_len ? cl->cid : cl->hw;
	size_t n = cl->cid_len ? cl->cid_len : cl->hlen, i;

	h ^= cl->cid_len ? 0x100 : cl->htype;
	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static bool offer_is_client(const struct offer *o, const struct client *cl)
{
	if (o->cid_len)
		return cl->cid_len == o->cid_len && !memcmp(cl->cid, o->cid, o->cid_len);
	return !cl->cid_len && o->htype == cl->htype && o->hlen == cl->hlen &&
	       !memcmp(o->hw, cl->hw, o->hlen);
}

static bool offer_addr_eq(const void *ptr, const void *key)
{
	return ((const struct offer *)ptr)->addr == *(const uint32_t *)key;
}

struct client_key {
	uint32_t subnet;
	const struct client *cl;
};

static bool offer_client_eq(const void *ptr, const void *key)
{
	const struct offer *o = ptr;
	const struct client_key *k = key;

	return o->subnet == k->subnet && offer_is_client(o, k->cl);
}

static void addr_freed(struct dfod_dhcp *e, uint32_t subnet, uint32_t addr);

/* Forget offer @o; its address goes back to allocation unless a lease holds it now. */
static void offer_drop(struct dfod_dhcp *e, struct offer *o, uint64_t now)
{
	struct client cl = { .cid = o->cid, .cid_len = o->cid_len, .htype = o->htype,
			     .hlen = o->hlen, .hw = o->hw };
	struct client_key k = { .subnet = o->subnet, .cl = &cl };
	const struct dfod_lease *l = dfod_lease_by_addr(e->db, o->addr);
	uint32_t addr = o->addr, subnet = o->subnet;

	dfod_htab_remove(&e->offers, dfod_hash_u32(o->addr), offer_addr_eq, &o->addr);
	dfod_htab_remove(&e->offers_cl, o->chash, offer_client_eq, &k);
	free(o);
	if (!l || !dfod_dhcp_lease_in_use(l, now))
		addr_freed(e, subnet, addr);
}

/*
 * Past its hold; or the wall clock stepped back, leaving more than the hold
 * ahead: an offer is short-lived, so it lapses rather than living on for
 * the size of the step.
 */
static bool offer_lapsed(const struct dfod_dhcp *e, const struct offer *o, uint64_t now)
{
	return o->expires <= now || o->expires - now > e->conf.offer_hold;
}

static struct offer *offer_by_addr(struct dfod_dhcp *e, uint32_t addr, uint64_t now)
{
	struct offer *o = dfod_htab_get(&e->offers, dfod_hash_u32(addr), offer_addr_eq, &addr);

	if (o && offer_lapsed(e, o, now)) {
		offer_drop(e, o, now);
		return NULL;
	}
	return o;
}

static struct offer *offer_by_client(struct dfod_dhcp *e, uint32_t subnet,
				     const struct client *cl, uint64_t now)
{
	struct client_key k = { .subnet = subnet, .cl = cl };
	struct offer *o = dfod_htab_get(&e->offers_cl, client_hash(subnet, cl), offer_client_eq, &k);

	if (o && offer_lapsed(e, o, now)) {
		offer_drop(e, o, now);
		return NULL;
	}
	return o;
}

/*
 * Hold @addr for the client: 0, 1 when it is not held because offers_max
 * offers are (the offer is sent anyway: it promises nothing, RFC 2131
 * 4.3.1), -ENOMEM.
 */
static int offer_put(struct dfod_dhcp *e, uint32_t subnet, const struct client *cl,
		     uint32_t addr, uint64_t now)
{
	struct offer *o, *old;

	old = offer_by_client(e, subnet, cl, now);
	if (old && old->addr == addr) {
		old->expires = now + e->conf.offer_hold;
		return 0;
	}
	if (old)
		offer_drop(e, old, now);
	old = offer_by_addr(e, addr, now);
	if (old)
		offer_drop(e, old, now);
	if (e->offers.n >= e->conf.offers_max)
		return 1;
	o = calloc(1, sizeof(*o) + cl->cid_len);
	if (!o || dfod_htab_reserve(&e->offers, e->offers.n + 1) ||
	    dfod_htab_reserve(&e->offers_cl, e->offers_cl.n + 1)) {
		free(o);
		return -ENOMEM;
	}
	o->addr = addr;
	o->subnet = subnet;
	o->expires = now + e->conf.offer_hold;
	o->htype = cl->htype;
	o->hlen = cl->hlen;
	memcpy(o->hw, cl->hw, cl->hlen);
	o->cid_len = cl->cid_len;
	if (cl->cid_len)
		memcpy(o->cid, cl->cid, cl->cid_len);
	o->chash = client_hash(subnet, cl);
	dfod_htab_insert(&e->offers, dfod_hash_u32(addr), o);
	dfod_htab_insert(&e->offers_cl, o->chash, o);
	return 0;
}

/* ---- leases ------------------------------------------------------------ */

bool dfod_dhcp_lease_in_use(const struct dfod_lease *l, uint64_t now)
{
	switch (l->state) {
	case DFOD_LEASE_ACTIVE:
	case DFOD_LEASE_OFFERED:
	case DFOD_LEASE_ABANDONED:
		return l->end == DFOD_LEASE_FOREVER || l->end > now;
	default:
		return false;
	}
}

/* Same rule as dfod_lease_find_client: client-id when recorded, else hardware address. */
static bool lease_is_client(const struct dfod_lease *l, const struct client *cl)
{
	if (l->cid_len)
		return cl->cid_len == l->cid_len && !memcmp(l->cid, cl->cid, l->cid_len);
	return l->hlen && l->htype == cl->htype && l->hlen == cl->hlen &&
	       !memcmp(l->hw, cl->hw, l->hlen);
}

/* ---- one request ------------------------------------------------------- */

struct req {
	struct dfod_dhcp *e;
	const struct dfod_dhcp_msg *m;
	const struct dfod_dhcp_ingress *in;
	uint64_t now;
	uint8_t cls;
	struct dfod_scope *s;
	struct scache *c;
	struct client cl;
	int resv;			/* index of the client's reservation in s->resvs, -1 */
	bool resv_taken;		/* its reserved address is held by another client */
	uint32_t server_id;		/* host order */
	struct dfod_dhcp_reply *out;
};

static int drop(struct req *q, enum dfod_dhcp_drop why)
{
	q->e->stats.dropped[why]++;
	return 0;
}

static bool in_subnet(const struct dfod_scope *s, uint32_t addr)
{
	/* The subnet's own and broadcast addresses are no host's. */
	return (addr & s->mask) == s->addr && addr != s->addr &&
	       (s->plen >= 31 || addr != (s->addr | ~s->mask));
}

/* PARTNER_DOWN for at least MCLT: the partner's free addresses are ours too. */
static bool may_use_partner(const struct req *q)
{
	const struct dfod_rel *r = q->s->rel;

	return r && r->state == DFO_FSM_PARTNER_DOWN && q->now >= r->state_time + r->mclt;
}

/* The slice (SL_PRIMARY/SL_SECONDARY) holding DHCP pool index @idx. */
static int slice_of(const struct scache *c, uint64_t idx)
{
	return idx < c->primary_n ? SL_PRIMARY : SL_SECONDARY;
}

static int own_slice(const struct req *q)
{
	if (!q->c->in_rel)
		return SL_PRIMARY;	/* the whole pool: primary_n == size */
	return q->s->rel->server_type == DFO_ROLE_PRIMARY ? SL_PRIMARY : SL_SECONDARY;
}

static bool slice_allowed(const struct req *q, int sl)
{
	return sl == own_slice(q) || may_use_partner(q);
}

enum verdict {
	AV_MINE,		/* the client's binding or our offer to it */
	AV_FREE_OURS,		/* free, and this server may give it */
	AV_FREE_PARTNER,	/* free, but in the partner's pool */
	AV_TAKEN,		/* leased or offered to another client */
	AV_NOT_POOL,		/* excluded, outside the ranges, reserved for another */
	AV_WRONG_SUBNET,	/* not a host address of the scope's subnet */
};

/*
 * What @addr is to this client. *@known: a lease of this client on @addr
 * exists (whatever its state).
 */
static enum verdict judge(struct req *q, uint32_t addr, bool bootp, bool *known)
{
	const struct dfod_lease *l;
	const struct offer *o;
	int r;
	int64_t idx;

	*known = false;
	if (!in_subnet(q->s, addr))
		return AV_WRONG_SUBNET;
	r = dfod_scope_resv_find(q->s, addr);
	if (r >= 0 && r != q->resv)
		return AV_NOT_POOL;	/* reserved for another client */
	if (r >= 0) {
		l = dfod_lease_by_addr(q->e->db, addr);
		if (l && dfod_dhcp_lease_in_use(l, q->now) && !lease_is_client(l, &q->cl))
			return AV_TAKEN;
		*known = l && lease_is_client(l, &q->cl);
		return AV_MINE;
	}
	/*
	 * A client with a reservation gets nothing else, unless another
	 * client still holds the reserved address: then it is served from the
	 * pool meanwhile, as Kea does, instead of not at all.
	 */
	if (q->resv >= 0 && !q->resv_taken)
		return AV_NOT_POOL;
	idx = pool_index(bootp ? &q->c->bootp : &q->c->dhcp, addr);
	if (idx < 0)
		return AV_NOT_POOL;
	l = dfod_lease_by_addr(q->e->db, addr);
	o = offer_by_addr(q->e, addr, q->now);
	*known = l && l->state != DFOD_LEASE_ABANDONED && lease_is_client(l, &q->cl);
	if (l && dfod_dhcp_lease_in_use(l, q->now))
		return *known ? AV_MINE : AV_TAKEN;
	if (o)
		return offer_is_client(o, &q->cl) ? AV_MINE : AV_TAKEN;
	if (bootp || !q->c->in_rel)
		return AV_FREE_OURS;
	return slice_allowed(q, slice_of(q->c, (uint64_t)idx)) ? AV_FREE_OURS : AV_FREE_PARTNER;
}

/* Free right now: no lease holding it, no live offer. */
static bool addr_free(struct req *q, uint32_t addr)
{
	const struct dfod_lease *l = dfod_lease_by_addr(q->e->db, addr);

	return (!l || !dfod_dhcp_lease_in_use(l, q->now)) && !offer_by_addr(q->e, addr, q->now);
}

struct rc_item {
	uint64_t end;
	uint32_t addr;
};

struct rc_walk {
	struct req *q;
	const struct pool *p;
	uint64_t lo, hi;
	struct rc_item *v;
	size_t n, cap;
	int err;
};

static int rc_visit(const struct dfod_lease *l, void *arg)
{
	struct rc_walk *w = arg;
	struct rc_item *nv;
	int64_t idx;

	if (l->subnet != w->q->s->addr || dfod_dhcp_lease_in_use(l, w->q->now))
		return 0;
	idx = pool_index(w->p, l->addr);
	if (idx < 0 || (uint64_t)idx < w->lo || (uint64_t)idx >= w->hi)
		return 0;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;

		nv = realloc(w->v, cap * sizeof(*nv));
		if (!nv) {
			w->err = -ENOMEM;
			return 1;
		}
		w->v = nv;
		w->cap = cap;
	}
	/* A quarantine that ran out counts from its end like any other expiry. */
	w->v[w->n].end = l->end;
	w->v[w->n++].addr = l->addr;
	return 0;
}

static int rc_cmp(const void *a, const void *b)
{
	const struct rc_item *x = a, *y = b;

	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Queue @addr at the tail of @rc; false when memory ran out. */
static bool rc_push(struct reclaim *rc, uint32_t addr)
{
	uint32_t *nv;
	size_t cap, i;

	if (rc->n == rc->cap) {
		cap = rc->cap ? rc->cap * 2 : 16;
		nv = malloc(cap * sizeof(*nv));
		if (!nv)
			return false;
		for (i = 0; i < rc->n; i++)
			nv[i] = rc->v[(rc->head + i) & (rc->cap - 1)];
		free(rc->v);
		rc->v = nv;
		rc->cap = cap;
		rc->head = 0;
	}
	rc->v[(rc->head + rc->n++) & (rc->cap - 1)] = addr;
	return true;
}

static uint32_t rc_shift(struct reclaim *rc)
{
	uint32_t a = rc->v[rc->head];

	rc->head = (rc->head + 1) & (rc->cap - 1);
	rc->n--;
	return a;
}

/*
 * @addr may be free now (an offer went, a lease was released, expired,
 * deleted, left quarantine): queue it for allocation in its slices, so
 * that a nearly full pool finds its few free addresses without walking
 * the pool and the lease store per request. A queue that outgrows its
 * slice holds duplicates (nothing is lost by a rebuild, which lists every
 * free lease exactly): it is dropped and a rebuild made due. An address
 * of a scope without a cache yet is found by that cache's first rebuild.
 */
static void queue_freed(struct slice_state *ss, uint64_t slice_size, uint32_t addr)
{
	if (ss->rc.n >= slice_size || !rc_push(&ss->rc, addr)) {
		reclaim_free(&ss->rc);
		ss->rebuilt_at = 0;
	}
}

static void addr_freed(struct dfod_dhcp *e, uint32_t subnet, uint32_t addr)
{
	struct scache *c = dfod_htab_get(&e->caches, dfod_hash_u32(subnet), cache_eq, &subnet);
	int64_t idx;

	if (!c)
		return;
	idx = pool_index(&c->dhcp, addr);
	if (idx >= 0 && slice_of(c, (uint64_t)idx) == SL_PRIMARY)
		queue_freed(&c->sl[SL_PRIMARY], c->primary_n, addr);
	else if (idx >= 0)
		queue_freed(&c->sl[SL_SECONDARY], c->dhcp.size - c->primary_n, addr);
	if (pool_index(&c->bootp, addr) >= 0)
		queue_freed(&c->sl[SL_BOOTP], c->bootp.size, addr);
}

/* The next queued address of the slice [@lo, @hi) of @p that is free, or 0. */
static uint32_t rc_pop(struct req *q, const struct pool *p, struct slice_state *ss, uint64_t lo,
		       uint64_t hi)
{
	while (ss->rc.n) {
		uint32_t a = rc_shift(&ss->rc);
		int64_t idx = pool_index(p, a);

		/* Queued before a configuration change, or taken again since. */
		if (idx >= 0 && (uint64_t)idx >= lo && (uint64_t)idx < hi && addr_free(q, a))
			return a;
	}
	return 0;
}

/*
 * Rebuild the slice's queue from the lease store: every free lease of the
 * slice, longest expired first; and restart the never-used scan from the
 * start of the slice, for addresses whose offer or lease went after the
 * cursor had passed them.
 */
static int rc_build(struct req *q, const struct pool *p, struct slice_state *ss, uint64_t lo,
		    uint64_t hi)
{
	struct rc_walk w = { .q = q, .p = p, .lo = lo, .hi = hi };
	size_t i;

	q->e->stats.alloc_rebuilds++;
	ss->rebuilt_at = q->now + 1;
	ss->cursor = lo;
	reclaim_free(&ss->rc);
	dfod_leasedb_foreach(q->e->db, rc_visit, &w);
	if (w.n && !w.err)
		qsort(w.v, w.n, sizeof(*w.v), rc_cmp);
	for (i = 0; i < w.n && !w.err; i++)
		if (!rc_push(&ss->rc, w.v[i].addr))
			w.err = -ENOMEM;
	free(w.v);
	if (w.err)
		ss->rebuilt_at = 0;
	return w.err;
}

static uint32_t scan_fresh(struct req *q, const struct pool *p, struct slice_state *ss,
			   uint64_t hi)
{
	while (ss->cursor < hi) {
		uint32_t a = pool_addr_at(p, ss->cursor++);

		if (!dfod_lease_by_addr(q->e->db, a) && !offer_by_addr(q->e, a, q->now))
			return a;
	}
	return 0;
}

/* A rebuild is due: never made, REBUILD_SECS old, or the clock went back. */
static bool rebuild_due(const struct slice_state *ss, uint64_t now)
{
	return !ss->rebuilt_at || now + 1 < ss->rebuilt_at ||
	       now + 1 - ss->rebuilt_at >= REBUILD_SECS;
}

/*
 * A free address of one slice: never used ones in ascending order first,
 * then the queue of addresses that became free (longest expired first
 * after a rebuild, then in the order they became free). Every path that
 * frees an address queues it, so only an exhausted slice rebuilds, and at
 * most every REBUILD_SECS: per request the cost does not grow with the
 * pool or the lease store (bench/dhcp_engine_bench).
 */
static uint32_t alloc_slice(struct req *q, const struct pool *p, int sl, uint64_t lo,
			    uint64_t hi)
{
	struct slice_state *ss = &q->c->sl[sl];
	uint32_t a;

	if (ss->cursor < lo)
		ss->cursor = lo;
	a = scan_fresh(q, p, ss, hi);
	if (!a)
		a = rc_pop(q, p, ss, lo, hi);
	if (a || !rebuild_due(ss, q->now) || rc_build(q, p, ss, lo, hi))
		return a;
	a = scan_fresh(q, p, ss, hi);
	return a ? a : rc_pop(q, p, ss, lo, hi);
}

static uint32_t alloc(struct req *q, bool bootp)
{
	struct scache *c = q->c;
	int own = own_slice(q);
	uint32_t a;

	if (bootp)
		return alloc_slice(q, &c->bootp, SL_BOOTP, 0, c->bootp.size);
	a = own == SL_PRIMARY ? alloc_slice(q, &c->dhcp, SL_PRIMARY, 0, c->primary_n) :
				alloc_slice(q, &c->dhcp, SL_SECONDARY, c->primary_n, c->dhcp.size);
	if (a || !c->in_rel || !may_use_partner(q))
		return a;
	return own == SL_PRIMARY ?
	       alloc_slice(q, &c->dhcp, SL_SECONDARY, c->primary_n, c->dhcp.size) :
	       alloc_slice(q, &c->dhcp, SL_PRIMARY, 0, c->primary_n);
}

/* Lease seconds: the scope's, at most MCLT in a relationship (draft-12). */
static uint32_t lease_secs(const struct req *q)
{
	uint32_t t = q->s->lease;

	if (q->s->rel && q->s->rel->mclt < t)
		t = q->s->rel->mclt;
	return t ? t : 1;
}

/* ---- replies ----------------------------------------------------------- */

struct cands {
	struct dfod_dhcp_cand v[MAX_REPLY_OPTS];
	unsigned int n;
	uint8_t scratch[64];
	size_t used;
};

static void cand(struct cands *cs, uint8_t code, const void *data, size_t len)
{
	if (cs->n < MAX_REPLY_OPTS && len <= 0xffff) {
		cs->v[cs->n].code = code;
		cs->v[cs->n].len = len;
		cs->v[cs->n].data = data;
		cs->n++;
	}
}

static void cand_u32(struct cands *cs, uint8_t code, uint32_t v)
{
	uint8_t *p = cs->scratch + cs->used;

	if (cs->used + 4 > sizeof(cs->scratch))
		return;
	put_be(p, v, 4);
	cs->used += 4;
	cand(cs, code, p, 4);
}

static bool configured(const struct scache *c, uint8_t code)
{
	uint32_t i;

	for (i = 0; i < c->n_opts; i++)
		if (c->opts[i].code == code)
			return true;
	return false;
}

/*
 * Candidates of a reply: option 54, the lease times, the client-id echo
 * (RFC 6842), the subnet mask and broadcast address of the scope, the host
 * name of a reservation, every configured scope option, and option 82 of
 * the request (the codec writes it last).
 */
static void reply_cands(struct req *q, struct cands *cs, uint8_t type, uint32_t secs)
{
	const struct dfod_dhcp_msg *m = q->m;
	const struct scache *c = q->c;
	const char *name;
	const uint8_t *d;
	size_t len;
	uint32_t i;

	/* BOOTP has no message types, so no server identifier either. */
	if (type != DFOD_BOOTP)
		cand_u32(cs, DFOD_OPT_SERVER_ID, q->server_id);
	d = dfod_dhcp_opt(m, DFOD_OPT_CLIENT_ID, &len);
	if (d && len && type != DFOD_BOOTP)
		cand(cs, DFOD_OPT_CLIENT_ID, d, len);
	/*
	 * RFC 3046 section 2.2: echoed in all replies, giaddr or not: a
	 * layer-2 agent inserts it without setting giaddr (as ISC dhcpd does).
	 */
	d = dfod_dhcp_opt(m, DFOD_OPT_RELAY_AGENT, &len);
	if (d && len)
		cand(cs, DFOD_OPT_RELAY_AGENT, d, len);
	if (type == DFOD_DHCPNAK)
		return;
	/*
	 * RFC 3011 section 3: a client that sent option 118 discards an OFFER
	 * or ACK without an identical copy, asked for or not.
	 */
	d = dfod_dhcp_opt(m, DFOD_OPT_SUBNET_SELECT, &len);
	if (d && len && type != DFOD_BOOTP)
		cand(cs, DFOD_OPT_SUBNET_SELECT, d, len);
	if (secs) {
		uint32_t t1 = secs / 2, t2 = (uint32_t)((uint64_t)secs * 7 / 8);

		cand_u32(cs, DFOD_OPT_LEASE_TIME, secs);
		/*
		 * RFC 2131 4.4.5: 0 < T1 < T2 < lease. Short leases round
		 * them together; one that cannot keep the order is left out
		 * and the client uses its default (as Kea does).
		 */
		if (secs != DFOD_LEASE_INFINITE) {
			if (t2 && t2 < secs)
				cand_u32(cs, DFOD_OPT_T2, t2);
			if (t1 && t1 < (t2 && t2 < secs ? t2 : secs))
				cand_u32(cs, DFOD_OPT_T1, t1);
		}
	}
	if (!configured(c, DFOD_OPT_SUBNET_MASK))
		cand_u32(cs, DFOD_OPT_SUBNET_MASK, q->s->mask);
	if (!configured(c, DFOD_OPT_BROADCAST))
		cand_u32(cs, DFOD_OPT_BROADCAST, q->s->addr | ~q->s->mask);
	name = q->resv >= 0 ? q->s->resvs[q->resv].name : NULL;
	if (name && *name)
		cand(cs, DFOD_OPT_HOST_NAME, name, strnlen(name, 255));
	for (i = 0; i < c->n_opts; i++)
		cand(cs, c->opts[i].code, c->optbuf + c->opts[i].off, c->opts[i].len);
}

/* RFC 2131 4.1: where a reply goes. */
static void reply_dest(struct req *q, struct dfod_dhcp_reply *r, uint8_t type, uint32_t yiaddr)
{
	const struct dfod_dhcp_msg *m = q->m;

	r->dport = 68;
	if (q->cls == DFO_CLASS_INFORM && m->ciaddr) {
		/*
		 * RFC 2131 4.3.5: to ciaddr, relayed or not (as ISC dhcpd and
		 * Kea): yiaddr is 0, so a relay could not deliver it.
		 */
		r->dest = DFOD_DEST_CIADDR;
		r->dst_be = m->ciaddr;
	} else if (m->giaddr) {
		r->dest = DFOD_DEST_RELAY;
		r->dst_be = m->giaddr;
		r->dport = 67;
	} else if (type == DFOD_DHCPNAK) {
		r->dest = DFOD_DEST_BROADCAST;
		r->dst_be = htonl(INADDR_BROADCAST);
	} else if (m->ciaddr && q->cls != DFO_CLASS_REQ_SELECTING) {
		/*
		 * Not in SELECTING, where ciaddr MUST be 0 (RFC 2131 4.3.2): a
		 * client that sets it there (RFC 1541 clients) does not hold
		 * that address yet, so the rules below apply, as in ISC dhcpd.
		 */
		r->dest = DFOD_DEST_CIADDR;
		r->dst_be = m->ciaddr;
	} else if ((m->flags & DFOD_BROADCAST_FLAG) || !yiaddr || m->htype != 1 || m->hlen != 6) {
		/* No Ethernet address to unicast to: broadcast, as RFC 2131 allows. */
		r->dest = DFOD_DEST_BROADCAST;
		r->dst_be = htonl(INADDR_BROADCAST);
	} else {
		r->dest = DFOD_DEST_HWADDR;
		r->dst_be = htonl(yiaddr);
	}
}

/*
 * Build the reply of @type giving @yiaddr (host order, 0: none) for @secs
 * (0: no lease options). @ciaddr: whether the request's ciaddr is echoed.
 */
static int reply(struct req *q, uint8_t type, uint32_t yiaddr, uint32_t secs, bool ciaddr,
		 bool durable)
{
	static const uint8_t must[] = { DFOD_OPT_SERVER_ID, DFOD_OPT_LEASE_TIME, DFOD_OPT_T1,
					DFOD_OPT_T2, DFOD_OPT_SUBNET_MASK, DFOD_OPT_CLIENT_ID,
					DFOD_OPT_SUBNET_SELECT };
	static const uint8_t must_nak[] = { DFOD_OPT_SERVER_ID, DFOD_OPT_CLIENT_ID };
	static const uint8_t must_bootp[] = { DFOD_OPT_SUBNET_MASK };
	struct dfod_dhcp_reply *r = q->out;
	struct dfod_dhcp_out o;
	struct cands cs = { .n = 0 };
	size_t cap = dfod_dhcp_reply_cap(q->m);
	bool bootp = type == DFOD_BOOTP;

	dfod_dhcp_out_init(&o, q->m, type, cap);
	dfod_dhcp_out_set_addrs(&o, ciaddr ? q->m->ciaddr : 0, htonl(yiaddr), 0);
	/*
	 * Through a relay, a NAK (RFC 2131 4.3.2) and an INFORM's ACK without
	 * ciaddr (nothing to unicast to) ask the relay to broadcast.
	 */
	if (q->m->giaddr && (type == DFOD_DHCPNAK ||
			     (q->cls == DFO_CLASS_INFORM && !q->m->ciaddr)))
		o.buf[10] |= 0x80;
	reply_cands(q, &cs, type, secs);
	if (type == DFOD_DHCPNAK)
		dfod_dhcp_out_opts(&o, q->m, cs.v, cs.n, must_nak, sizeof(must_nak), false);
	else if (bootp)
		dfod_dhcp_out_opts(&o, q->m, cs.v, cs.n, must_bootp, sizeof(must_bootp), true);
	else
		dfod_dhcp_out_opts(&o, q->m, cs.v, cs.n, must, sizeof(must),
				   !dfod_dhcp_has(q->m, DFOD_OPT_PRL));
	r->len = dfod_dhcp_out_finish(&o);
	memcpy(r->buf, o.buf, r->len);
	r->type = type;
	r->durable = durable;
	r->htype = q->m->htype;
	r->hlen = q->m->hlen;
	memcpy(r->chaddr, q->m->chaddr, sizeof(r->chaddr));
	r->ifindex = q->in->ifindex;
	r->src_be = htonl(q->server_id);
	reply_dest(q, r, type, yiaddr);
	q->e->stats.replied[type == DFOD_DHCPOFFER ? DFOD_TX_OFFER :
			    type == DFOD_DHCPNAK ? DFOD_TX_NAK :
			    bootp ? DFOD_TX_BOOTREPLY : DFOD_TX_ACK]++;
	return 1;
}

static int nak(struct req *q, const char *why)
{
	char b[DFOD_IPV4_STRLEN], hw[DFOD_HWADDR_STRLEN];

	dfo_dbg("DHCPNAK to %s in scope %s: %s", dfod_fmt_hwaddr(q->cl.hw, q->cl.hlen, hw),
		dfod_fmt_ipv4(q->s->addr, b), why);
	return reply(q, DFOD_DHCPNAK, 0, 0, false, false);
}

/* The request's host name (option 12) for the lease record. */
static void host_of(const struct dfod_dhcp_msg *m, char *out)
{
	const uint8_t *d;
	size_t len, i, n = 0;

	d = dfod_dhcp_opt(m, DFOD_OPT_HOST_NAME, &len);
	for (i = 0; d && i < len && n < DFOD_LEASE_HOST_MAX; i++) {
		if (!d[i])
			break;
		out[n++] = d[i] >= 0x20 && d[i] < 0x7f ? (char)d[i] : '?';
	}
	out[n] = '\0';
}

/* A lease or quarantine ends at @end: the tick must look then. */
static void note_end(struct dfod_dhcp *e, uint64_t end)
{
	/* 0 means unknown (the tick walks anyway); otherwise keep the earliest end. */
	if (end != DFOD_LEASE_FOREVER && e->next_expiry && end < e->next_expiry)
		e->next_expiry = end;
}

/* Journal @cur as RELEASED at @now: its address is free again. */
static int release_lease(struct dfod_dhcp *e, const struct dfod_lease *cur, uint64_t now)
{
	struct dfod_lease l = *cur;
	int err;

	l.state = DFOD_LEASE_RELEASED;
	l.end = l.cltt = now;
	err = dfod_leasedb_put(e->db, &l);
	if (!err)
		addr_freed(e, l.subnet, l.addr);
	return err;
}

/*
 * A client has one binding per subnet: taking @addr, it has given up any
 * other (RFC 2131 4.4.1, a client in INIT holds no address; Kea removes
 * the previous lease too), which must not stay held for nobody. Every bind
 * goes through here, so at most one other binding is normally found; the
 * store returns the client's best lease first, ACTIVE ones before others.
 */
static int release_other_bindings(struct req *q, uint32_t addr)
{
	const struct dfod_lease *l;
	unsigned int i;
	int err;

	for (i = 0; i < 8; i++) {
		l = dfod_lease_find_client(q->e->db, q->s->addr, q->cl.cid, q->cl.cid_len,
					   q->cl.htype, q->cl.hw, q->cl.hlen);
		if (!l || l->addr == addr || l->state != DFOD_LEASE_ACTIVE)
			return 0;
		err = release_lease(q->e, l, q->now);
		if (err)
			return err;
	}
	return 0;
}

/* Journal the binding of @addr to this client for @secs (DFOD_LEASE_INFINITE: forever). */
static int bind_lease(struct req *q, uint32_t addr, uint32_t secs, bool bootp)
{
	const struct dfod_lease *cur;
	struct dfod_lease l;
	struct offer *o;
	int err;

	err = release_other_bindings(q, addr);
	if (err)
		return err;
	memset(&l, 0, sizeof(l));
	l.addr = addr;
	l.subnet = q->s->addr;
	l.state = DFOD_LEASE_ACTIVE;
	l.htype = q->cl.htype;
	l.hlen = q->cl.hlen;
	memcpy(l.hw, q->cl.hw, q->cl.hlen);
	l.cid_len = q->cl.cid_len;
	if (q->cl.cid_len)
		memcpy(l.cid, q->cl.cid, q->cl.cid_len);
	l.flags = (bootp ? DFOD_LEASE_F_BOOTP : 0) |
		  (q->resv >= 0 && q->s->resvs[q->resv].addr == addr ? DFOD_LEASE_F_RESERVED : 0);
	host_of(q->m, l.host);
	cur = dfod_lease_by_addr(q->e->db, addr);
	/* A renewal without option 12 keeps the name the client gave before. */
	if (!dfod_dhcp_has(q->m, DFOD_OPT_HOST_NAME) && cur && lease_is_client(cur, &q->cl))
		memcpy(l.host, cur->host, sizeof(l.host));
	l.start = l.cltt = q->now;
	l.end = secs == DFOD_LEASE_INFINITE ? DFOD_LEASE_FOREVER : q->now + secs;
	/* Nothing is acknowledged by a partner yet: the potential expiration is the end. */
	l.pexp = l.end;
	err = dfod_leasedb_put(q->e->db, &l);
	if (err)
		return err;
	o = offer_by_client(q->e, q->s->addr, &q->cl, q->now);
	if (o)
		offer_drop(q->e, o, q->now);
	note_end(q->e, l.end);
	return 0;
}

static int ack(struct req *q, uint32_t addr)
{
	uint32_t secs = lease_secs(q);

	if (bind_lease(q, addr, secs, false))
		return drop(q, DFOD_DROP_STORE);
	return reply(q, DFOD_DHCPACK, addr, secs, true, true);
}

/* ---- messages ---------------------------------------------------------- */

static int on_discover(struct req *q)
{
	const struct dfod_lease *l;
	const struct offer *o;
	uint32_t addr = 0, want;
	bool known;
	enum verdict v;

	if (q->resv >= 0 && !q->resv_taken) {
		addr = q->s->resvs[q->resv].addr;
		if (judge(q, addr, false, &known) != AV_MINE)
			return drop(q, DFOD_DROP_NO_ADDRESS);
	}
	/* A retransmitted DISCOVER gets the offer it already has. */
	o = addr ? NULL : offer_by_client(q->e, q->s->addr, &q->cl, q->now);
	if (o && judge(q, o->addr, false, &known) == AV_MINE)
		addr = o->addr;
	if (!addr) {
		/* The client's previous address first: clients like to keep theirs. */
		l = dfod_lease_find_client(q->e->db, q->s->addr, q->cl.cid, q->cl.cid_len,
					   q->cl.htype, q->cl.hw, q->cl.hlen);
		if (l && l->state != DFOD_LEASE_ABANDONED && !(l->flags & DFOD_LEASE_F_BOOTP)) {
			v = judge(q, l->addr, false, &known);
			if (v == AV_MINE || v == AV_FREE_OURS)
				addr = l->addr;
		}
	}
	if (!addr && !dfod_dhcp_opt_ipv4(q->m, DFOD_OPT_REQUESTED_ADDR, &want)) {
		v = judge(q, ntohl(want), false, &known);
		if (v == AV_MINE || v == AV_FREE_OURS)
			addr = ntohl(want);
	}
	if (!addr)
		addr = alloc(q, false);
	if (!addr) {
		dfo_dbg("scope %u.%u.%u.%u: no free address for a DISCOVER", q->s->addr >> 24,
			(q->s->addr >> 16) & 0xff, (q->s->addr >> 8) & 0xff, q->s->addr & 0xff);
		return drop(q, DFOD_DROP_NO_ADDRESS);
	}
	switch (offer_put(q->e, q->s->addr, &q->cl, addr, q->now)) {
	case 0:
		break;
	case 1:
		/* Not held: allocation may give it again, after the addresses it holds. */
		q->e->stats.offers_not_held++;
		addr_freed(q->e, q->s->addr, addr);
		break;
	default:
		return drop(q, DFOD_DROP_STORE);
	}
	return reply(q, DFOD_DHCPOFFER, addr, lease_secs(q), false, false);
}

static int on_selecting(struct req *q)
{
	const struct offer *o;
	uint32_t sid, want;
	bool known;
	enum verdict v;

	if (dfod_dhcp_opt_ipv4(q->m, DFOD_OPT_SERVER_ID, &sid))
		return drop(q, DFOD_DROP_MALFORMED);
	o = offer_by_client(q->e, q->s->addr, &q->cl, q->now);
	if (ntohl(sid) != q->server_id) {
		/* The client took another server's offer (RFC 2131 4.3.2): ours is free again. */
		if (o)
			offer_drop(q->e, (struct offer *)o, q->now);
		return drop(q, DFOD_DROP_OTHER_SERVER);
	}
	if (!dfod_dhcp_opt_ipv4(q->m, DFOD_OPT_REQUESTED_ADDR, &want))
		want = ntohl(want);
	else if (q->m->ciaddr)
		want = ntohl(q->m->ciaddr);
	else
		return nak(q, "no requested address");
	v = judge(q, want, false, &known);
	/*
	 * Our offer to the client, its binding, or a free address of ours: an
	 * offer promises nothing (RFC 2131 4.3.1), so one that lapsed or was
	 * lost in a restart is no reason to NAK what can still be given (4.3.2:
	 * NAK when the server cannot satisfy the request; Kea does the same).
	 */
	if (v == AV_MINE || v == AV_FREE_OURS)
		return ack(q, want);
	return nak(q, "address not available to this client");
}

/*
 * NAK a client about @addr, which it can no longer have here (excluded,
 * outside the ranges, reserved for another). It stops using the address
 * on the NAK (RFC 2131 4.4.5), so a lease of its own there is released:
 * otherwise the address would stay held for nobody, a reservation's owner
 * included, until that lease ended.
 */
static int nak_not_pool(struct req *q, uint32_t addr)
{
	const struct dfod_lease *l = dfod_lease_by_addr(q->e->db, addr);

	if (l && l->state == DFOD_LEASE_ACTIVE && l->subnet == q->s->addr &&
	    lease_is_client(l, &q->cl) && release_lease(q->e, l, q->now))
		return drop(q, DFOD_DROP_STORE);
	return nak(q, "address not available to this client");
}

static int on_init_reboot(struct req *q)
{
	const struct dfod_lease *l;
	uint32_t want;
	bool known;

	if (dfod_dhcp_opt_ipv4(q->m, DFOD_OPT_REQUESTED_ADDR, &want))
		return drop(q, DFOD_DROP_MALFORMED);
	want = ntohl(want);
	switch (judge(q, want, false, &known)) {
	case AV_WRONG_SUBNET:
		return nak(q, "wrong subnet");
	case AV_NOT_POOL:
		return nak_not_pool(q, want);
	case AV_TAKEN:
		return nak(q, "address leased to another client");
	case AV_MINE:
		return ack(q, want);
	case AV_FREE_OURS:
		if (known)
			return ack(q, want);
		l = dfod_lease_find_client(q->e->db, q->s->addr, q->cl.cid, q->cl.cid_len,
					   q->cl.htype, q->cl.hw, q->cl.hlen);
		/* We know the client, on another address: it must start over. */
		if (l && l->state != DFOD_LEASE_ABANDONED)
			return nak(q, "the client's lease is another address");
		break;
	case AV_FREE_PARTNER:
		break;
	}
	/* RFC 2131 4.3.2: no record of this client -> silence (the partner may have one). */
	return drop(q, DFOD_DROP_UNKNOWN_CLIENT);
}

static int on_renew(struct req *q)
{
	uint32_t addr = ntohl(q->m->ciaddr);
	bool known;

	switch (judge(q, addr, false, &known)) {
	case AV_WRONG_SUBNET:
		return nak(q, "wrong subnet");
	case AV_NOT_POOL:
		return nak_not_pool(q, addr);
	case AV_TAKEN:
		return nak(q, "address leased to another client");
	case AV_MINE:
	case AV_FREE_OURS:
		/*
		 * An unknown lease on a free address of ours is taken over, as
		 * Kea does: the client keeps its address (docs/dhcp.md).
		 */
		return ack(q, addr);
	case AV_FREE_PARTNER:
		break;
	}
	/* The partner may own this lease: never NAK it; the partner answers the rebind. */
	return drop(q, DFOD_DROP_UNKNOWN_CLIENT);
}

static int on_decline(struct req *q)
{
	char b[DFOD_IPV4_STRLEN];
	struct dfod_lease l;
	const struct dfod_lease *cur;
	uint32_t addr;

	if (dfod_dhcp_opt_ipv4(q->m, DFOD_OPT_REQUESTED_ADDR, &addr))
		return drop(q, DFOD_DROP_MALFORMED);
	addr = ntohl(addr);
	cur = dfod_lease_by_addr(q->e->db, addr);
	if (!cur || cur->state != DFOD_LEASE_ACTIVE || !lease_is_client(cur, &q->cl))
		return drop(q, DFOD_DROP_NOT_OURS);
	l = *cur;
	/* The address is quarantined, not the client's: forget who declined it. */
	l.state = DFOD_LEASE_ABANDONED;
	l.hlen = 0;
	l.cid_len = 0;
	l.flags &= ~DFOD_LEASE_F_RESERVED;
	memset(l.hw, 0, sizeof(l.hw));
	l.host[0] = '\0';
	l.start = l.cltt = q->now;
	l.end = l.pexp = q->now + q->e->conf.decline_hold;
	if (dfod_leasedb_put(q->e->db, &l))
		return drop(q, DFOD_DROP_STORE);
	note_end(q->e, l.end);
	q->e->stats.declined++;
	dfo_warn("DHCPDECLINE of %s: address in use on the link, quarantined for %u s",
		 dfod_fmt_ipv4(addr, b), q->e->conf.decline_hold);
	return 0;
}

static int on_release(struct req *q)
{
	const struct dfod_lease *cur;

	cur = dfod_lease_by_addr(q->e->db, ntohl(q->m->ciaddr));
	if (!q->m->ciaddr || !cur || !dfod_dhcp_lease_in_use(cur, q->now) ||
	    cur->state != DFOD_LEASE_ACTIVE || !lease_is_client(cur, &q->cl))
		return drop(q, DFOD_DROP_NOT_OURS);
	if (release_lease(q->e, cur, q->now))
		return drop(q, DFOD_DROP_STORE);
	q->e->stats.released++;
	return 0;
}

static int on_inform(struct req *q)
{
	/* RFC 2131 4.3.5: options only; no lease, yiaddr 0, to ciaddr. */
	return reply(q, DFOD_DHCPACK, 0, 0, true, false);
}

static int on_bootp(struct req *q)
{
	const struct dfod_lease *l;
	uint32_t addr = 0;
	bool known;

	if (!q->c->bootp.size && q->resv < 0)
		return drop(q, DFOD_DROP_BOOTP);
	if (q->resv >= 0) {
		addr = q->s->resvs[q->resv].addr;
		if (judge(q, addr, true, &known) != AV_MINE)
			return drop(q, DFOD_DROP_NO_ADDRESS);
	} else if (q->s->rel) {
		/* An infinite lease cannot respect MCLT: no dynamic BOOTP in failover. */
		return drop(q, DFOD_DROP_BOOTP);
	} else {
		l = dfod_lease_find_client(q->e->db, q->s->addr, q->cl.cid, q->cl.cid_len,
					   q->cl.htype, q->cl.hw, q->cl.hlen);
		if (l && (l->flags & DFOD_LEASE_F_BOOTP) && l->state == DFOD_LEASE_ACTIVE &&
		    judge(q, l->addr, true, &known) == AV_MINE)
			addr = l->addr;
		if (!addr)
			addr = alloc(q, true);
		if (!addr)
			return drop(q, DFOD_DROP_NO_ADDRESS);
	}
	if (bind_lease(q, addr, DFOD_LEASE_INFINITE, true))
		return drop(q, DFOD_DROP_STORE);
	return reply(q, DFOD_BOOTP, addr, 0, false, true);
}

/* ---- dispatch ---------------------------------------------------------- */

static struct dfod_scope *select_scope(struct req *q)
{
	const struct dfod_dhcp_msg *m = q->m;
	uint32_t sel, i;

	/* Design §3, as the XDP program: option 118, giaddr, ciaddr, ingress interface. */
	if (dfod_dhcp_has(m, DFOD_OPT_SUBNET_SELECT)) {
		if (dfod_dhcp_opt_ipv4(m, DFOD_OPT_SUBNET_SELECT, &sel))
			return NULL;
		return dfod_scope_find_containing(q->e->st, ntohl(sel));
	}
	if (m->giaddr)
		return dfod_scope_find_containing(q->e->st, ntohl(m->giaddr));
	if (m->ciaddr)
		return dfod_scope_find_containing(q->e->st, ntohl(m->ciaddr));
	for (i = 0; i < q->in->n_addr && i < DFO_IFACE_MAX_ADDR; i++) {
		struct dfod_scope *s = dfod_scope_find_containing(q->e->st,
								  ntohl(q->in->addrs_be[i]));

		if (s)
			return s;
	}
	return NULL;
}

/*
 * The relationship's verdict, computed as the XDP program computes it:
 * same compiled table, same class, same key and bucket. A request the
 * program would pass without deciding (no usable hash key) is answered.
 */
static bool policy_answers(struct req *q, enum dfod_dhcp_drop *why)
{
	const struct dfo_rel *rel = &q->c->rel;
	const uint8_t *key;
	uint32_t sid = 0;
	size_t klen;
	int bucket = -1;
	uint8_t act = rel->action[q->cls];

	if (act == DFO_ACT_HASH) {
		klen = rel->key_mode == DFO_KEY_CHADDR ? dfod_dhcp_chaddr_key(q->m, &key) :
							 dfod_dhcp_client_key(q->m, &key);
		if (!klen)
			return true;
		bucket = dfo_rfc3074_hash(key, klen);
	}
	if (act == DFO_ACT_BY_SERVER_ID && dfod_dhcp_opt_ipv4(q->m, DFOD_OPT_SERVER_ID, &sid))
		return true;
	if (dfo_rel__answers(rel, q->cls, bucket < 0 ? 0 : bucket, q->m->secs, sid))
		return true;
	*why = act == DFO_ACT_HASH ? DFOD_DROP_PARTNER :
	       act == DFO_ACT_BY_SERVER_ID ? DFOD_DROP_OTHER_SERVER : DFOD_DROP_BY_STATE;
	return false;
}

/* This server's identifier for the scope (option 54 and the source address). */
static uint32_t server_id(const struct req *q)
{
	uint32_t i, a;

	if (q->c->in_rel)
		return ntohl(q->c->rel.server_id_be);	/* what XDP compares option 54 with */
	if (q->e->conf.server_addr)
		return q->e->conf.server_addr;
	for (i = 0; i < q->in->n_addr && i < DFO_IFACE_MAX_ADDR; i++) {
		a = ntohl(q->in->addrs_be[i]);
		if ((a & q->s->mask) == q->s->addr)
			return a;
	}
	return q->in->n_addr ? ntohl(q->in->addrs_be[0]) : 0;
}

/* The client's reserved address is held by another client (a lease older than the reservation). */
static bool resv_taken(const struct req *q)
{
	const struct dfod_lease *l = dfod_lease_by_addr(q->e->db, q->s->resvs[q->resv].addr);

	return l && dfod_dhcp_lease_in_use(l, q->now) && !lease_is_client(l, &q->cl);
}

static bool client_of(struct req *q)
{
	const struct dfod_dhcp_msg *m = q->m;
	const uint8_t *cid;
	size_t len;

	cid = dfod_dhcp_opt(m, DFOD_OPT_CLIENT_ID, &len);
	if (cid && len > DFOD_CID_MAX)
		return false;
	q->cl.cid = len ? cid : NULL;
	q->cl.cid_len = len;
	q->cl.htype = m->htype;
	q->cl.hlen = m->hlen;
	q->cl.hw = m->chaddr;
	/* A client is its client-id or its hardware address: without either it is nobody. */
	return q->cl.cid_len || (m->hlen >= 1 && m->hlen <= DFOD_HWADDR_MAX);
}

static int dispatch(struct req *q)
{
	switch (q->cls) {
	case DFO_CLASS_DISCOVER:
		return on_discover(q);
	case DFO_CLASS_REQ_SELECTING:
		return on_selecting(q);
	case DFO_CLASS_REQ_INIT_REBOOT:
		return on_init_reboot(q);
	case DFO_CLASS_REQ_RENEW:
	case DFO_CLASS_REQ_REBIND:
		return on_renew(q);
	case DFO_CLASS_DECLINE:
		return on_decline(q);
	case DFO_CLASS_RELEASE:
		return on_release(q);
	case DFO_CLASS_INFORM:
		return on_inform(q);
	case DFO_CLASS_BOOTP:
		return on_bootp(q);
	default:
		return drop(q, DFOD_DROP_UNHANDLED);
	}
}

int dfod_dhcp_handle(struct dfod_dhcp *e, const void *pkt, size_t len,
		     const struct dfod_dhcp_ingress *in, uint64_t now, struct dfod_dhcp_reply *out)
{
	struct dfod_dhcp_msg *m = &e->msg;
	struct req q = { .e = e, .m = m, .in = in, .now = now, .resv = -1, .out = out };
	enum dfod_dhcp_drop why;
	const char *reason = NULL;
	bool has_type;

	e->stats.received++;
	if (dfod_dhcp_parse(m, pkt, len, &reason)) {
		dfo_dbg("malformed request dropped: %s", reason ? reason : "?");
		return drop(&q, DFOD_DROP_MALFORMED);
	}
	has_type = dfod_dhcp_has(m, DFOD_OPT_MSG_TYPE);
	e->stats.rx_type[dfo_dhcp_msg_slot(has_type, m->type)]++;
	q.cls = dfo_dhcp_classify(has_type, m->type, dfod_dhcp_has(m, DFOD_OPT_SERVER_ID),
				  m->ciaddr, m->giaddr, in->dst_be);
	if (q.cls >= DFO_CLASS_MAX)
		return drop(&q, DFOD_DROP_UNHANDLED);
	if (!client_of(&q))
		return drop(&q, DFOD_DROP_MALFORMED);
	q.s = select_scope(&q);
	if (!q.s)
		return drop(&q, DFOD_DROP_NO_SCOPE);
	q.c = cache_get(e, q.s);
	if (!q.c)
		return drop(&q, DFOD_DROP_STORE);
	if (q.s->rel && !policy_answers(&q, &why)) {
		if (q.cls == DFO_CLASS_REQ_SELECTING) {
			/* The client chose the partner: release what we offered it. */
			struct offer *o = offer_by_client(e, q.s->addr, &q.cl, now);

			if (o)
				offer_drop(e, o, now);
		}
		e->stats.policy_dropped++;
		return drop(&q, why);
	}
	if (!q.s->enabled)
		return drop(&q, DFOD_DROP_DISABLED);
	q.server_id = server_id(&q);
	if (!q.server_id)
		return drop(&q, DFOD_DROP_NO_SERVER_ID);
	q.resv = dfod_scope_resv_find_hw(q.s, m->chaddr, m->hlen);
	if (q.resv >= 0)
		q.resv_taken = resv_taken(&q);
	return dispatch(&q);
}

/* ---- timer ------------------------------------------------------------- */

struct exp_walk {
	struct dfod_dhcp *e;
	uint64_t now, since;
	uint32_t addrs[TICK_EXPIRE_MAX];
	unsigned int n;
	uint64_t next;			/* earliest end among ACTIVE and ABANDONED leases left */
	bool full;
};

static int exp_visit(const struct dfod_lease *l, void *arg)
{
	struct exp_walk *w = arg;

	if (l->end == DFOD_LEASE_FOREVER)
		return 0;
	if (l->state == DFOD_LEASE_ABANDONED) {
		/* A quarantine that ended since the last walk: the address is free. */
		if (l->end <= w->now && l->end > w->since)
			addr_freed(w->e, l->subnet, l->addr);
		else if (l->end > w->now && (!w->next || l->end < w->next))
			w->next = l->end;
		return 0;
	}
	if (l->state == DFOD_LEASE_ACTIVE && l->end <= w->now) {
		if (w->n == TICK_EXPIRE_MAX) {
			w->full = true;
			return 1;
		}
		w->addrs[w->n++] = l->addr;
	} else if (l->state == DFOD_LEASE_ACTIVE && (!w->next || l->end < w->next)) {
		w->next = l->end;
	}
	return 0;
}

static void sweep_offers(struct dfod_dhcp *e, uint64_t now)
{
	size_t i;

	for (i = 0; i < e->offers.cap; i++) {
		struct offer *o = e->offers.slots[i].ptr;

		if (o && offer_lapsed(e, o, now)) {
			offer_drop(e, o, now);
			i--;	/* backward-shift deletion may have moved an entry here */
		}
	}
}

unsigned int dfod_dhcp_tick(struct dfod_dhcp *e, uint64_t now)
{
	struct exp_walk *w;
	unsigned int i, n = 0;

	sweep_offers(e, now);
	if (e->next_expiry == UINT64_MAX || (e->next_expiry && now < e->next_expiry))
		return 0;
	w = calloc(1, sizeof(*w));
	if (!w)
		return 0;
	w->e = e;
	w->now = now;
	w->since = e->last_walk < now ? e->last_walk : 0;
	dfod_leasedb_foreach(e->db, exp_visit, w);
	for (i = 0; i < w->n; i++) {
		const struct dfod_lease *cur = dfod_lease_by_addr(e->db, w->addrs[i]);
		struct dfod_lease l;

		if (!cur)
			continue;
		l = *cur;
		l.state = DFOD_LEASE_EXPIRED;
		if (dfod_leasedb_put(e->db, &l))
			break;
		addr_freed(e, l.subnet, l.addr);
		n++;
	}
	e->stats.expired += n;
	if (!w->full)
		e->last_walk = now;
	/* Stopped early: look again next tick; else sleep until the next end. */
	e->next_expiry = w->full ? 0 : w->next ? w->next : UINT64_MAX;
	free(w);
	return n;
}

/* ---- life cycle, counters, API helpers --------------------------------- */

int dfod_dhcp_new(struct dfod_dhcp **ep, struct dfod_state *st, struct dfod_leasedb *db,
		  const struct dfod_dhcp_conf *conf)
{
	struct dfod_dhcp *e;

	if (!conf->offer_hold || !conf->decline_hold)
		return -EINVAL;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->st = st;
	e->db = db;
	e->conf = *conf;
	if (!e->conf.offers_max)
		e->conf.offers_max = DFOD_OFFERS_MAX_DEFAULT;
	e->gen = 1;
	*ep = e;
	return 0;
}

void dfod_dhcp_free(struct dfod_dhcp *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->caches.cap; i++)
		cache_destroy(e->caches.slots[i].ptr);
	for (i = 0; i < e->offers.cap; i++)
		free(e->offers.slots[i].ptr);
	dfod_htab_free(&e->caches);
	dfod_htab_free(&e->offers);
	dfod_htab_free(&e->offers_cl);
	free(e);
}

const struct dfod_dhcp_stats *dfod_dhcp_stats(const struct dfod_dhcp *e)
{
	return &e->stats;
}

struct dfod_dhcp_stats *dfod_dhcp_stats_mut(struct dfod_dhcp *e)
{
	return &e->stats;
}

static const char *const drop_names[DFOD_DROP_MAX] = {
	"malformed", "no_scope", "disabled", "partner", "other_server", "by_state",
	"no_address", "unknown_client", "not_ours", "bootp", "unhandled", "no_server_id",
	"store",
};

const char *dfod_dhcp_drop_name(unsigned int reason)
{
	return reason < DFOD_DROP_MAX ? drop_names[reason] : "unknown";
}

json_object *dfod_dhcp_stats_json(const struct dfod_dhcp *e)
{
	static const char *const rx_names[DFO_MSG_SLOTS] = {
		"bootp", "discover", "offer", "request", "decline", "ack", "nak", "release",
		"inform", "other",
	};
	static const char *const tx_names[DFOD_TX_MAX] = { "offer", "ack", "nak", "bootreply" };
	const struct dfod_dhcp_stats *s = &e->stats;
	json_object *o = json_object_new_object(), *rx = json_object_new_object(),
		    *tx = json_object_new_object(), *dr = json_object_new_object();
	unsigned int i;
	int err = 0;

	if (!o || !rx || !tx || !dr) {
		json_object_put(o);
		json_object_put(rx);
		json_object_put(tx);
		json_object_put(dr);
		return NULL;
	}
	err |= dfod_jadd_u64(o, "received", s->received);
	err |= dfod_jadd(o, "received_by_type", rx);
	err |= dfod_jadd(o, "replied", tx);
	err |= dfod_jadd(o, "dropped", dr);
	for (i = 0; i < DFO_MSG_SLOTS; i++)
		err |= dfod_jadd_u64(rx, rx_names[i], s->rx_type[i]);
	for (i = 0; i < DFOD_TX_MAX; i++)
		err |= dfod_jadd_u64(tx, tx_names[i], s->replied[i]);
	for (i = 0; i < DFOD_DROP_MAX; i++)
		err |= dfod_jadd_u64(dr, drop_names[i], s->dropped[i]);
	err |= dfod_jadd_u64(o, "dropped_by_policy", s->policy_dropped);
	err |= dfod_jadd_u64(o, "declined", s->declined);
	err |= dfod_jadd_u64(o, "released", s->released);
	err |= dfod_jadd_u64(o, "expired", s->expired);
	err |= dfod_jadd_u64(o, "alloc_rebuilds", s->alloc_rebuilds);
	err |= dfod_jadd_u64(o, "send_errors", s->send_errors);
	err |= dfod_jadd_u64(o, "not_configured_interface", s->not_configured);
	err |= dfod_jadd_u64(o, "offers_held", e->offers.n);
	err |= dfod_jadd_u64(o, "offers_not_held", s->offers_not_held);
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

struct count_walk {
	const struct dfod_scope *s;
	const struct pool *p;
	uint64_t primary_n, now;
	uint64_t used[2], reserved;
};

static int count_visit(const struct dfod_lease *l, void *arg)
{
	struct count_walk *w = arg;
	int64_t idx;

	if (l->subnet != w->s->addr || !dfod_dhcp_lease_in_use(l, w->now) ||
	    l->state == DFOD_LEASE_OFFERED)
		return 0;
	idx = pool_index(w->p, l->addr);
	if (idx >= 0)
		w->used[(uint64_t)idx < w->primary_n ? 0 : 1]++;
	else if (dfod_scope_resv_find(w->s, l->addr) >= 0)
		w->reserved++;
	return 0;
}

int dfod_dhcp_scope_counts(const struct dfod_dhcp *e, const struct dfod_scope *s, uint64_t now,
			   struct dfod_dhcp_scope_counts *out)
{
	struct count_walk w = { .s = s, .now = now };
	struct pool p;
	uint64_t prim_size, sec_size;
	bool primary = !s->rel || s->rel->server_type == DFO_ROLE_PRIMARY;
	int err;

	memset(out, 0, sizeof(*out));
	err = pool_build(&p, s, false);
	if (err)
		return err;
	w.p = &p;
	w.primary_n = s->rel ? dfod_pool_primary_share(s->rel, p.size) : p.size;
	dfod_leasedb_foreach(e->db, count_visit, &w);
	prim_size = w.primary_n;
	sec_size = p.size - w.primary_n;
	out->num_addr = p.size;
	out->in_use = w.used[0] + w.used[1];
	out->free = p.size - out->in_use;
	out->this_in_use = primary ? w.used[0] : w.used[1];
	out->this_free = primary ? prim_size - w.used[0] : sec_size - w.used[1];
	out->partner_in_use = primary ? w.used[1] : w.used[0];
	out->partner_free = primary ? sec_size - w.used[1] : prim_size - w.used[0];
	out->reserved_in_use = w.reserved;
	pool_free(&p);
	return 0;
}

int dfod_dhcp_lease_delete(struct dfod_dhcp *e, uint32_t addr)
{
	const struct dfod_lease *l = dfod_lease_by_addr(e->db, addr);
	uint32_t subnet = l ? l->subnet : 0;
	int err = dfod_leasedb_del(e->db, addr);

	if (!err)
		addr_freed(e, subnet, addr);
	return err;
}
