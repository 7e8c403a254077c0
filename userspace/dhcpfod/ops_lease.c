// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The operations on leases (docs/api-protocol.md "Leases"): lease.enum,
 * lease.get and lease.delete (DhcpEnumSubnetClientsV4, DhcpGetClientInfoV4,
 * DhcpDeleteClientInfo), and the failover operations that read the lease
 * store: failover.scope_stats, failover.client_info, failover.address_status
 * and failover.trigger_alloc (MS-DHCPM 3.2.4.98, 3.2.4.99, 3.2.4.126 and
 * R_DhcpV4FailoverTriggerAddrAllocation).
 *
 * The store (a->leases) and the engine (a->dhcp) exist whether or not DHCP
 * is served (--no-dhcp keeps the leases). Reads walk the store in place: a
 * request runs to completion in the single-threaded loop, so the pointers
 * stay valid for the request. A delete is journaled by the engine into the
 * store's buffer; the agent syncs that buffer before it sends any reply of
 * the round, so the reply of lease.delete leaves only once it is durable.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dhcp.h"
#include "dhcpfo_status.h"
#include "lease.h"
#include "log.h"
#include "ops.h"
#include "ops_util.h"
#include "pool.h"

/* Windows DHCPV4_FAILOVER_CLIENT_INFO values (dhcpsapi.h). */
#define WIN_CLIENT_TYPE_DHCP		0x01
#define WIN_CLIENT_TYPE_BOOTP		0x02
#define WIN_CLIENT_TYPE_RESERVATION	0x04
#define WIN_ADDRESS_STATE_OFFERED	0
#define WIN_ADDRESS_STATE_ACTIVE	1
#define WIN_ADDRESS_STATE_DECLINED	2
#define WIN_ADDRESS_STATE_DOOM		3

/*
 * Leases in one lease.enum reply whatever preferred_max asks: a lease is
 * under 1 KiB of JSON, so a page stays below the 4 MiB message limit.
 */
#define LEASE_PAGE_MAX		4096

/* ---- one lease as JSON -------------------------------------------------- */

static const char *const owner_names[] = { "primary", "secondary", "excluded", "reserved" };

/* Pool owner of @addr in its scope's relationship, or -1 (no relationship, outside the ranges). */
static int lease_owner(const struct dfod_scope *s, uint32_t addr)
{
	int o;

	if (!s || !s->rel)
		return -1;
	o = dfod_pool_owner(s, s->rel, addr);
	return o < 0 ? -1 : o;
}

static bool lease_reserved(const struct dfod_lease *l, const struct dfod_scope *s)
{
	return (l->flags & DFOD_LEASE_F_RESERVED) || (s && dfod_scope_resv_find(s, l->addr) >= 0);
}

/* Infinite times travel as JSON null. */
static int jadd_time(json_object *o, const char *key, uint64_t t)
{
	if (t == DFOD_LEASE_FOREVER)
		return json_object_object_add(o, key, NULL) ? -ENOMEM : 0;
	return dfod_jadd_u64(o, key, t);
}

static int jadd_hex(json_object *o, const char *key, const uint8_t *p, size_t n)
{
	char *hex = dfod_fmt_hex(p, n);
	int e;

	if (!hex)
		return -ENOMEM;
	e = dfod_jadd_str(o, key, hex);
	free(hex);
	return e;
}

/* This server's address in @s's relationship, else --server-address, else 0. */
static uint32_t this_server(struct dfod_agent *a, const struct dfod_scope *s)
{
	if (s && s->rel)
		return s->rel->server_type == DFO_ROLE_PRIMARY ? s->rel->primary :
		       s->rel->secondary;
	return a->cfg->server_addr;
}

static json_object *lease_json(struct dfod_agent *a, const struct dfod_lease *l, uint64_t now)
{
	const struct dfod_scope *s = dfod_scope_find(&a->st, l->subnet);
	char hw[DFOD_HWADDR_STRLEN];
	json_object *o = json_object_new_object();
	int owner = lease_owner(s, l->addr), err = 0;

	if (!o)
		return NULL;
	err |= dfod_jadd_ipv4(o, "address", l->addr);
	err |= dfod_jadd_ipv4(o, "scope", l->subnet);
	if (s)
		err |= dfod_jadd_ipv4(o, "mask", s->mask);
	err |= dfod_jadd_str(o, "state", dfod_lease_state_name(l->state));
	err |= dfod_jadd_bool(o, "in_use", dfod_dhcp_lease_in_use(l, now));
	err |= dfod_jadd_str(o, "hwaddr", dfod_fmt_hwaddr(l->hw, l->hlen, hw));
	err |= dfod_jadd_u64(o, "htype", l->htype);
	err |= jadd_hex(o, "client_id", l->cid, l->cid_len);
	err |= dfod_jadd_str(o, "host", l->host);
	err |= dfod_jadd_u64(o, "start", l->start);
	err |= jadd_time(o, "end", l->end);
	err |= dfod_jadd_u64(o, "cltt", l->cltt);
	err |= jadd_time(o, "pexp", l->pexp);
	err |= dfod_jadd_bool(o, "bootp", l->flags & DFOD_LEASE_F_BOOTP);
	err |= dfod_jadd_bool(o, "reserved", lease_reserved(l, s));
	if (owner >= 0)
		err |= dfod_jadd_str(o, "owner", owner_names[owner]);
	if (s && s->rel)
		err |= dfod_jadd_str(o, "relationship", s->rel->name);
	err |= dfod_jadd_ipv4(o, "server", this_server(a, s));
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* ---- selecting leases ------------------------------------------------------ */

/* What a request selects leases by; every set field must match. */
struct lease_sel {
	uint32_t scope;			/* 0: any */
	int state;			/* 0: any */
	uint8_t hw[DFOD_HWADDR_MAX], hwlen;	/* hwlen 0: any */
	uint8_t cid[DFOD_CID_MAX];
	size_t cidlen;			/* 0: any */
	const char *host;		/* NULL: any */
	bool host_exact;		/* whole name (case-insensitive), else substring */
	uint32_t after;			/* addresses above this only (0: all) */
};

static bool sel_match(const struct lease_sel *q, const struct dfod_lease *l)
{
	if (q->scope && l->subnet != q->scope)
		return false;
	if (q->after && l->addr <= q->after)
		return false;
	if (q->state && l->state != q->state)
		return false;
	if (q->hwlen && (l->hlen != q->hwlen || memcmp(l->hw, q->hw, q->hwlen)))
		return false;
	if (q->cidlen && (l->cid_len != q->cidlen || memcmp(l->cid, q->cid, q->cidlen)))
		return false;
	if (q->host && (q->host_exact ? strcasecmp(l->host, q->host) :
			!strcasestr(l->host, q->host)))
		return false;
	return true;
}

struct lease_vec {
	const struct lease_sel *sel;
	const struct dfod_lease **v;
	size_t n, cap;
};

static int collect(const struct dfod_lease *l, void *arg)
{
	struct lease_vec *lv = arg;
	const struct dfod_lease **nv;

	if (!sel_match(lv->sel, l))
		return 0;
	if (lv->n == lv->cap) {
		lv->cap = lv->cap ? 2 * lv->cap : 64;
		nv = realloc(lv->v, lv->cap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		lv->v = nv;
	}
	lv->v[lv->n++] = l;
	return 0;
}

static int by_addr(const void *x, const void *y)
{
	const struct dfod_lease *a = *(const struct dfod_lease *const *)x;
	const struct dfod_lease *b = *(const struct dfod_lease *const *)y;

	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

/* Every lease @q selects, by address ascending (free lv->v). */
static int select_leases(struct dfod_agent *a, const struct lease_sel *q, struct lease_vec *lv)
{
	int e;

	memset(lv, 0, sizeof(*lv));
	lv->sel = q;
	e = dfod_leasedb_foreach(a->leases, collect, lv);
	if (e) {
		free(lv->v);
		lv->v = NULL;
		return e;
	}
	if (lv->n > 1)
		qsort(lv->v, lv->n, sizeof(*lv->v), by_addr);
	return 0;
}

/* Optional "scope": 0.0.0.0 or absent is every scope. */
static unsigned int sel_scope(struct dfod_res *r, json_object *args, struct lease_sel *q)
{
	int e = dfod_json_ipv4(args, "scope", &q->scope);

	if (e == -ENOENT) {
		q->scope = 0;
		return 0;
	}
	if (e)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'scope' must be a dotted-quad IPv4 address");
	return 0;
}

/* After every value parsed: a scope named must exist (DhcpEnumSubnetClientsV4). */
static unsigned int sel_scope_exists(struct dfod_agent *a, struct dfod_res *r,
				     const struct lease_sel *q)
{
	char b[DFOD_IPV4_STRLEN];

	if (q->scope && !dfod_scope_find(&a->st, q->scope))
		return dfod_fail(r, DHCPFO_ERROR_DHCP_SUBNET_NOT_PRESENT, "scope %s does not exist",
				 dfod_fmt_ipv4(q->scope, b));
	return 0;
}

static unsigned int sel_state(struct dfod_res *r, json_object *args, struct lease_sel *q)
{
	const char *s;
	int e = dfod_json_str(args, "state", &s), i;

	if (e == -ENOENT)
		return 0;
	if (!e)
		for (i = DFOD_LEASE_FREE; i <= DFOD_LEASE_OFFERED; i++)
			if (!strcasecmp(s, dfod_lease_state_name(i))) {
				q->state = i;
				return 0;
			}
	return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "'state' must be one of free, active, "
			 "expired, released, abandoned, reset, backup, offered");
}

static unsigned int sel_hwaddr(struct dfod_res *r, json_object *args, struct lease_sel *q)
{
	const char *s;
	int e = dfod_json_str(args, "hwaddr", &s);

	if (e == -ENOENT)
		return 0;
	if (e || dfod_parse_hwaddr(s, q->hw, &q->hwlen) || !q->hwlen)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'hwaddr' must be 1 to 16 bytes like 00:0c:01:02:03:04");
	return 0;
}

static unsigned int sel_client_id(struct dfod_res *r, json_object *args, struct lease_sel *q)
{
	const char *s;
	int e = dfod_json_str(args, "client_id", &s);

	if (e == -ENOENT)
		return 0;
	if (e || dfod_parse_hex(s, q->cid, sizeof(q->cid), &q->cidlen) || !q->cidlen)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'client_id' must be 1 to 255 bytes of hex");
	return 0;
}

static unsigned int sel_host(struct dfod_res *r, json_object *args, struct lease_sel *q)
{
	const char *s;
	int e = dfod_json_str(args, "host", &s);

	if (e == -ENOENT)
		return 0;
	if (e || !*s || dfod_utf8_len(s) < 0 || strlen(s) > DFOD_LEASE_HOST_MAX)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'host' must be a UTF-8 string of 1 to %d bytes",
				 DFOD_LEASE_HOST_MAX);
	q->host = s;
	return 0;
}

/* ---- lease.enum ------------------------------------------------------------ */

static unsigned int enum_args(struct dfod_agent *a, struct dfod_res *r, json_object *args,
			      struct lease_sel *q, uint32_t *max)
{
	unsigned int st;

	memset(q, 0, sizeof(*q));
	*max = UINT32_MAX;
	if ((st = sel_scope(r, args, q)) || (st = sel_state(r, args, q)) ||
	    (st = sel_hwaddr(r, args, q)) || (st = sel_client_id(r, args, q)) ||
	    (st = sel_host(r, args, q)))
		return st;
	if (dfod_json_u32(args, "resume_handle", &q->after) == -EINVAL)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'resume_handle' must be an integer from 0 to 4294967295");
	if (dfod_json_u32(args, "preferred_max", max) == -EINVAL)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'preferred_max' must be an integer from 0 to 4294967295");
	return sel_scope_exists(a, r, q);
}

/*
 * DhcpEnumSubnetClientsV4: leases by address; the resume handle is the last
 * address returned (0 starts), so a page stays right while leases come and go.
 */
static unsigned int op_lease_enum(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	struct lease_sel q;
	struct lease_vec lv;
	json_object *res = NULL, *arr;
	uint64_t now = dfod_wall_secs();
	uint32_t max;
	size_t i, n;
	unsigned int st;

	if ((st = enum_args(a, r, args, &q, &max)))
		return st;
	if (select_leases(a, &q, &lv))
		return dfod_nomem(r);
	if (!lv.n || !max) {
		free(lv.v);
		return dfod_fail(r, DHCPFO_ERROR_NO_MORE_ITEMS,
				 "no more leases after resume handle %u", q.after);
	}
	n = lv.n < max ? lv.n : max;
	if (n > LEASE_PAGE_MAX)
		n = LEASE_PAGE_MAX;
	res = json_object_new_object();
	arr = json_object_new_array_ext((int)n);
	if (!res || dfod_jadd(res, "leases", arr))
		goto nomem;
	for (i = 0; i < n; i++) {
		json_object *o = lease_json(a, lv.v[i], now);

		if (!o || json_object_array_add(arr, o)) {
			json_object_put(o);
			goto nomem;
		}
	}
	if (dfod_jadd_u64(res, "resume_handle", lv.v[n - 1]->addr) ||
	    dfod_jadd_u64(res, "read", n) || dfod_jadd_u64(res, "total", lv.n - n))
		goto nomem;
	free(lv.v);
	dfod_ok(r, res);
	if (n < lv.n) {
		r->status = DHCPFO_ERROR_MORE_DATA;
		snprintf(r->msg, sizeof(r->msg), "%zu more after this page", lv.n - n);
	}
	return r->status;
nomem:
	free(lv.v);
	json_object_put(res);
	return dfod_nomem(r);
}

/* ---- lease.get / lease.delete --------------------------------------------- */

/*
 * The key of get/delete: exactly one of address, hwaddr, client_id, host
 * (whole name); "scope" narrows the last three. Fills @q, or sets @addr.
 */
static unsigned int key_args(struct dfod_agent *a, struct dfod_res *r, json_object *args,
			     struct lease_sel *q, uint32_t *addr)
{
	static const char *const keys[] = { "address", "hwaddr", "client_id", "host" };
	json_object *v;
	unsigned int st, n = 0, i;

	memset(q, 0, sizeof(*q));
	*addr = 0;
	for (i = 0; args && i < sizeof(keys) / sizeof(keys[0]); i++)
		n += json_object_object_get_ex(args, keys[i], &v) && v;
	if (n != 1)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "give exactly one of 'address', "
				 "'hwaddr', 'client_id' and 'host'");
	if (dfod_json_ipv4(args, "address", addr) != -ENOENT)
		st = dfod_arg_ipv4(r, args, "address", true, addr);
	else if (!(st = sel_hwaddr(r, args, q)) && !(st = sel_client_id(r, args, q)))
		st = sel_host(r, args, q);
	if (!st)
		st = sel_scope(r, args, q);
	if (st)
		return st;
	q->host_exact = true;
	return sel_scope_exists(a, r, q);
}

/* Human form of a key for messages. */
static void key_text(json_object *args, char *buf, size_t len)
{
	static const char *const keys[] = { "address", "hwaddr", "client_id", "host" };
	const char *s;
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!dfod_json_str(args, keys[i], &s)) {
			snprintf(buf, len, "%s %s", keys[i], s);
			return;
		}
	snprintf(buf, len, "?");
}

/* The leases a key names, by address; NO lease is DHCP_JET_ERROR as on Windows. */
static unsigned int key_leases(struct dfod_agent *a, struct dfod_res *r, json_object *args,
			       struct lease_vec *lv)
{
	char what[300];
	struct lease_sel q;
	uint32_t addr;
	unsigned int st = key_args(a, r, args, &q, &addr);

	memset(lv, 0, sizeof(*lv));
	if (st)
		return st;
	if (addr) {
		const struct dfod_lease *l = dfod_lease_by_addr(a->leases, addr);

		if (l && (!q.scope || l->subnet == q.scope)) {
			lv->v = malloc(sizeof(*lv->v));
			if (!lv->v)
				return dfod_nomem(r);
			lv->v[0] = l;
			lv->n = 1;
		}
	} else if (select_leases(a, &q, lv)) {
		return dfod_nomem(r);
	}
	if (!lv->n) {
		key_text(args, what, sizeof(what));
		free(lv->v);
		lv->v = NULL;
		return dfod_fail(r, DHCPFO_ERROR_DHCP_JET_ERROR, "no lease matches %s", what);
	}
	return 0;
}

/* DhcpGetClientInfoV4: the lease of a key (the lowest address when several match). */
static unsigned int op_lease_get(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	struct lease_vec lv;
	json_object *res;
	unsigned int st;

	if ((st = key_leases(a, r, args, &lv)))
		return st;
	res = json_object_new_object();
	if (res && dfod_jadd(res, "lease", lease_json(a, lv.v[0], dfod_wall_secs()))) {
		json_object_put(res);
		res = NULL;
	}
	free(lv.v);
	return dfod_ok(r, res);
}

/*
 * DhcpDeleteClientInfo: every lease the key matches goes (journaled by the
 * engine, durable before the reply). A lease on a reservation is not
 * deleted (ERROR_DHCP_RESERVED_CLIENT, as MS-DHCPM 3.1.4.20): the
 * reservation would hand the address straight back; remove it instead.
 * All leases are checked before the first is deleted.
 */
static unsigned int op_lease_delete(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	char b[DFOD_IPV4_STRLEN];
	struct lease_vec lv;
	json_object *res = NULL, *arr;
	uint32_t *addrs = NULL;
	unsigned int st;
	size_t i;
	int e;

	if ((st = key_leases(a, r, args, &lv)))
		return st;
	for (i = 0; i < lv.n; i++)
		if (lease_reserved(lv.v[i], dfod_scope_find(&a->st, lv.v[i]->subnet))) {
			st = dfod_fail(r, DHCPFO_ERROR_DHCP_RESERVED_CLIENT,
				       "the lease of %s is on a "
				       "reservation; remove the reservation to free it",
				       dfod_fmt_ipv4(lv.v[i]->addr, b));
			goto out;
		}
	/* Copy the addresses first: deleting frees the leases the vector points at. */
	addrs = malloc(lv.n * sizeof(*addrs));
	res = json_object_new_object();
	arr = json_object_new_array_ext((int)lv.n);
	if (!addrs || !res || dfod_jadd(res, "addresses", arr)) {
		st = dfod_nomem(r);
		goto out;
	}
	for (i = 0; i < lv.n; i++) {
		addrs[i] = lv.v[i]->addr;
		if (json_object_array_add(arr, json_object_new_string(dfod_fmt_ipv4(addrs[i],
										    b)))) {
			st = dfod_nomem(r);
			goto out;
		}
	}
	for (i = 0; i < lv.n; i++) {
		/* through the engine, which then rescans its free pool */
		e = dfod_dhcp_lease_delete(a->dhcp, addrs[i]);
		if (e) {
			st = dfod_fail(r, DHCPFO_ERROR_DHCP_JET_ERROR,
				       "the lease of %s was not deleted "
				       "(%s); %zu of %zu deleted before it", dfod_fmt_ipv4(addrs[i],
											   b),
				       strerror(-e), i, lv.n);
			goto out;
		}
		dfo_info("lease of %s deleted by the management API", dfod_fmt_ipv4(addrs[i], b));
	}
	if (dfod_jadd_u64(res, "deleted", lv.n)) {
		st = dfod_nomem(r);
		goto out;
	}
	st = dfod_ok(r, res);
	res = NULL;
out:
	json_object_put(res);
	free(addrs);
	free(lv.v);
	return st;
}

/* ---- failover operations over the lease store --------------------------------- */

/* Address counts of a failover scope now (dhcp.h's definition). */
static int scope_counts(struct dfod_agent *a, const struct dfod_scope *s,
			struct dfod_dhcp_scope_counts *c)
{
	return dfod_dhcp_scope_counts(a->dhcp, s, dfod_wall_secs(), c);
}

/* DHCP_FAILOVER_STATISTICS is all DWORDs: a count past 2^32 - 1 is clamped there. */
static int jadd_count(json_object *o, const char *key, uint64_t v)
{
	return dfod_jadd_u64(o, key, v > UINT32_MAX ? UINT32_MAX : v);
}

/*
 * DhcpV4FailoverGetScopeStatistics, 3.2.4.98. NumAddr is the pool (DHCP
 * ranges minus exclusions and reservations); an address is in use while its
 * lease holds it (active, offered, or declined and quarantined, each until
 * its end) and belongs to this server or the partner by the pool split.
 */
static unsigned int op_fo_scope_stats(struct dfod_agent *a, json_object *args,
				      struct dfod_res *r)
{
	struct dfod_dhcp_scope_counts c;
	struct dfod_scope *s;
	json_object *res, *o;
	unsigned int st = dfod_arg_failover_scope(a, r, args, &s);
	int err = 0;

	if (st)
		return st;
	if (scope_counts(a, s, &c))
		return dfod_nomem(r);
	res = json_object_new_object();
	o = json_object_new_object();
	if (!res || dfod_jadd(res, "stats", o)) {
		json_object_put(res);
		return dfod_nomem(r);
	}
	err |= dfod_jadd_ipv4(res, "scope", s->addr);
	err |= jadd_count(o, "num_addr", c.num_addr);
	err |= jadd_count(o, "addr_free", c.free);
	err |= jadd_count(o, "addr_in_use", c.in_use);
	err |= jadd_count(o, "partner_addr_free", c.partner_free);
	err |= jadd_count(o, "this_addr_free", c.this_free);
	err |= jadd_count(o, "partner_addr_in_use", c.partner_in_use);
	err |= jadd_count(o, "this_addr_in_use", c.this_in_use);
	err |= jadd_count(o, "reserved_in_use", c.reserved_in_use);
	if (err) {
		json_object_put(res);
		return dfod_nomem(r);
	}
	return dfod_ok(r, res);
}

/* Windows AddressState (bits 0-1) of a lease. */
static unsigned int win_address_state(const struct dfod_lease *l, uint64_t now)
{
	switch (l->state) {
	case DFOD_LEASE_OFFERED:
		return WIN_ADDRESS_STATE_OFFERED;
	case DFOD_LEASE_ACTIVE:
		return dfod_dhcp_lease_in_use(l, now) ? WIN_ADDRESS_STATE_ACTIVE :
		       WIN_ADDRESS_STATE_DOOM;
	case DFOD_LEASE_ABANDONED:
		return WIN_ADDRESS_STATE_DECLINED;
	default:
		/* expired, released, free...: a record kept only for the client's affinity */
		return WIN_ADDRESS_STATE_DOOM;
	}
}

/* A time for a DWORD field: infinite and anything past 2106 become 0xffffffff. */
static uint64_t dword_time(uint64_t t)
{
	return t > UINT32_MAX ? UINT32_MAX : t;
}

static json_object *client_json(struct dfod_agent *a, const struct dfod_lease *l)
{
	const struct dfod_scope *s = dfod_scope_find(&a->st, l->subnet);
	char hw[DFOD_HWADDR_STRLEN];
	json_object *o = json_object_new_object();
	uint64_t now = dfod_wall_secs();
	unsigned int type = l->flags & DFOD_LEASE_F_BOOTP ? WIN_CLIENT_TYPE_BOOTP :
			    WIN_CLIENT_TYPE_DHCP;
	int err = 0;

	if (!o)
		return NULL;
	if (lease_reserved(l, s))
		type |= WIN_CLIENT_TYPE_RESERVATION;
	err |= dfod_jadd_ipv4(o, "address", l->addr);
	err |= dfod_jadd_ipv4(o, "mask", s ? s->mask : 0);
	err |= dfod_jadd_str(o, "hwaddr", dfod_fmt_hwaddr(l->hw, l->hlen, hw));
	err |= dfod_jadd_str(o, "name", l->host);
	err |= dfod_jadd_str(o, "comment", "");
	err |= jadd_time(o, "lease_expires", l->end);
	err |= dfod_jadd_ipv4(o, "owner_host", this_server(a, s));
	err |= dfod_jadd_u64(o, "client_type", type);
	err |= dfod_jadd_u64(o, "address_state", win_address_state(l, now));
	err |= dfod_jadd_str(o, "policy_name", "");
	err |= dfod_jadd_u64(o, "sent_pot_exp_time", dword_time(l->pexp));
	/* No partner has acknowledged or sent anything before the failover protocol. */
	err |= dfod_jadd_u64(o, "ack_pot_exp_time", 0);
	err |= dfod_jadd_u64(o, "recv_pot_exp_time", 0);
	err |= dfod_jadd_u64(o, "start_time", dword_time(l->start));
	err |= dfod_jadd_u64(o, "clt_last_trans_time", dword_time(l->cltt));
	err |= dfod_jadd_u64(o, "last_bnd_upd_time", 0);
	err |= dfod_jadd_u64(o, "bnd_msg_status", 0);
	err |= dfod_jadd_u64(o, "flags", 0);
	err |= dfod_jadd_str(o, "state", dfod_lease_state_name(l->state));
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* The search of failover.client_info as a lease selection. */
static unsigned int search_args(struct dfod_res *r, json_object *args, struct lease_sel *q,
				uint32_t *ip)
{
	json_object *s = NULL;
	const char *type, *val;

	memset(q, 0, sizeof(*q));
	*ip = 0;
	if (args)
		json_object_object_get_ex(args, "search", &s);
	if (!s || !json_object_is_type(s, json_type_object))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "'search' is missing");
	if (dfod_json_str(s, "type", &type))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'search.type' must be \"ip\", \"hwaddr\" or \"name\"");
	if (dfod_json_str(s, "value", &val) || !*val)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "'search.value' is missing");
	if (!strcmp(type, "ip")) {
		if (dfod_parse_ipv4(val, ip) || !*ip)
			return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
					 "'search.value' must be an IPv4 address");
	} else if (!strcmp(type, "hwaddr")) {
		if (dfod_parse_hwaddr(val, q->hw, &q->hwlen) || !q->hwlen)
			return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
					 "'search.value' must be a hardware address");
	} else if (!strcmp(type, "name")) {
		if (dfod_utf8_len(val) < 0)
			return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
					 "'search.value' must be UTF-8");
		q->host = val;
		q->host_exact = true;
	} else {
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'search.type' must be \"ip\", \"hwaddr\" or \"name\"");
	}
	return 0;
}

/*
 * DhcpV4FailoverGetClientInfo, 3.2.4.99: by address, hardware address or
 * name; several matches give the lowest address (as Windows does for names).
 * No lease: ERROR_DHCP_JET_ERROR ("the client entry is not present").
 */
static unsigned int op_fo_client_info(struct dfod_agent *a, json_object *args,
				      struct dfod_res *r)
{
	char b[DFOD_IPV4_STRLEN];
	const struct dfod_lease *l = NULL;
	struct lease_sel q;
	struct lease_vec lv;
	json_object *res;
	uint32_t ip;
	unsigned int st = search_args(r, args, &q, &ip);

	if (st)
		return st;
	if (ip) {
		l = dfod_lease_by_addr(a->leases, ip);
		if (!l)
			return dfod_fail(r, DHCPFO_ERROR_DHCP_JET_ERROR, "no lease of %s",
					 dfod_fmt_ipv4(ip, b));
	} else {
		if (select_leases(a, &q, &lv))
			return dfod_nomem(r);
		l = lv.n ? lv.v[0] : NULL;
		free(lv.v);
		if (!l)
			return dfod_fail(r, DHCPFO_ERROR_DHCP_JET_ERROR, "no lease matches %s",
					 q.host ? "that name" : "that hardware address");
	}
	res = json_object_new_object();
	if (res && dfod_jadd(res, "client", client_json(a, l))) {
		json_object_put(res);
		res = NULL;
	}
	return dfod_ok(r, res);
}

/*
 * DhcpV4FailoverGetAddressStatus, 3.2.4.126: which server leases the
 * address when it is free (the pool split), or excluded / reserved. A lease
 * on the address is reported beside it (lease_state, in_use).
 */
static unsigned int op_fo_address_status(struct dfod_agent *a, json_object *args,
					 struct dfod_res *r)
{
	char b[DFOD_IPV4_STRLEN], b2[DFOD_IPV4_STRLEN];
	const struct dfod_lease *l = NULL;
	struct dfod_scope *s;
	json_object *res;
	uint32_t addr;
	unsigned int st = dfod_arg_ipv4(r, args, "address", true, &addr);
	int owner, err = 0;

	if (st)
		return st;
	s = dfod_scope_find_containing(&a->st, addr);
	if (!s)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "no scope holds %s",
				 dfod_fmt_ipv4(addr, b));
	if (!s->rel)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP,
				 "scope %s (holding %s) is not in a failover relationship",
				 dfod_fmt_ipv4(s->addr, b2), dfod_fmt_ipv4(addr, b));
	owner = dfod_pool_owner(s, s->rel, addr);
	if (owner < 0)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "%s is in scope %s but in none of its DHCP ranges",
				 dfod_fmt_ipv4(addr, b), dfod_fmt_ipv4(s->addr, b2));
	l = dfod_lease_by_addr(a->leases, addr);
	res = json_object_new_object();
	if (!res)
		return dfod_nomem(r);
	err |= dfod_jadd_u64(res, "status", owner);
	err |= dfod_jadd_str(res, "owner", owner_names[owner]);
	err |= dfod_jadd_ipv4(res, "scope", s->addr);
	err |= dfod_jadd_str(res, "relationship", s->rel->name);
	if (l) {
		err |= dfod_jadd_str(res, "lease_state", dfod_lease_state_name(l->state));
		err |= dfod_jadd_bool(res, "in_use", dfod_dhcp_lease_in_use(l, dfod_wall_secs()));
	}
	if (err) {
		json_object_put(res);
		return dfod_nomem(r);
	}
	return dfod_ok(r, res);
}

static json_object *split_json(struct dfod_agent *a, const struct dfod_scope *s,
			       const struct dfod_rel *rel)
{
	struct dfod_dhcp_scope_counts c;
	bool primary = rel->server_type == DFO_ROLE_PRIMARY;
	json_object *o;
	int err = 0;

	if (scope_counts(a, s, &c))
		return NULL;
	o = json_object_new_object();
	if (!o)
		return NULL;
	err |= dfod_jadd_ipv4(o, "scope", s->addr);
	err |= dfod_jadd_u64(o, "num_addr", c.num_addr);
	err |= dfod_jadd_u64(o, "primary_free", primary ? c.this_free : c.partner_free);
	err |= dfod_jadd_u64(o, "secondary_free", primary ? c.partner_free : c.this_free);
	err |= dfod_jadd_u64(o, "primary_in_use", primary ? c.this_in_use : c.partner_in_use);
	err |= dfod_jadd_u64(o, "secondary_in_use", primary ? c.partner_in_use : c.this_in_use);
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/*
 * DhcpV4FailoverTriggerAddrAllocation. Windows moves free addresses between
 * the partners' pools; in dhcpfo the split is a pure function of the
 * configuration (pool.h), the same on both partners, so it is always in
 * effect and nothing moves. The trigger makes the engine drop its cached
 * pools (rebuilt from configuration on the next allocation) and reports
 * each scope's split: free and in-use addresses per partner.
 */
static unsigned int op_fo_trigger_alloc(struct dfod_agent *a, json_object *args,
					struct dfod_res *r)
{
	struct dfod_rel *rel;
	json_object *res, *arr;
	const char *name;
	uint32_t i;

	if (dfod_json_str(args, "name", &name) || !*name)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "'name' is missing");
	if (dfod_utf8_len(name) < 0)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'name' must be a UTF-8 string");
	rel = dfod_rel_find(&a->st, name);
	if (!rel)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST,
				 "relationship '%s' does not exist", name);
	if (rel->server_type != DFO_ROLE_PRIMARY)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_RELATION_IS_SECONDARY,
				 "this server is the secondary of relationship '%s'", rel->name);
	dfod_dhcp_config_changed(a->dhcp);
	res = json_object_new_object();
	arr = json_object_new_array_ext((int)rel->n_scopes);
	if (!res || dfod_jadd(res, "scopes", arr))
		goto nomem;
	for (i = 0; i < rel->n_scopes; i++) {
		json_object *o = split_json(a, dfod_scope_find(&a->st, rel->scopes[i]), rel);

		if (!o || json_object_array_add(arr, o)) {
			json_object_put(o);
			goto nomem;
		}
	}
	dfo_info("relationship '%s': free pools recomputed over %u scopes (%u%% %s)",
		 rel->name, rel->n_scopes, rel->percentage,
		 rel->mode == DFO_MODE_HOT_STANDBY ? "reserve" : "primary");
	return dfod_ok(r, res);
nomem:
	json_object_put(res);
	return dfod_nomem(r);
}

const struct dfod_op dfod_lease_ops[] = {
	{ "failover.scope_stats", DFOD_ACCESS_READ, op_fo_scope_stats },
	{ "failover.client_info", DFOD_ACCESS_READ, op_fo_client_info },
	{ "failover.address_status", DFOD_ACCESS_READ, op_fo_address_status },
	{ "failover.trigger_alloc", DFOD_ACCESS_WRITE, op_fo_trigger_alloc },
	{ "lease.enum", DFOD_ACCESS_READ, op_lease_enum },
	{ "lease.get", DFOD_ACCESS_READ, op_lease_get },
	{ "lease.delete", DFOD_ACCESS_WRITE, op_lease_delete },
	{ NULL, 0, NULL },
};
