// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Replication ops and the helpers of two-sided operations (ops_repl.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "dhcpfo_status.h"
#include "log.h"
#include "ops_repl.h"
#include "ops_util.h"
#include "record.h"
#include "serial.h"

/* What failover.delete_keep deleted, for failover.restore. */
struct dfod_kept {
	char *name;
	json_object *rel;		/* the stored form: id, state, secret, scopes */
	uint64_t when;			/* wall clock of the delete */
};

struct dfod_repl {
	struct dfod_kept v[DFOD_KEEP_MAX];
	unsigned int n;
};

/* ---- results -------------------------------------------------------------- */

/* Journal and apply @rec (consumed); nothing changes when it fails. */
static unsigned int rcommit(struct dfod_agent *a, json_object *rec, struct dfod_res *r)
{
	char err[256] = "";
	int e;

	if (!rec)
		return dfod_nomem(r);
	e = dfod_agent_commit(a, rec, err, sizeof(err));
	json_object_put(rec);
	if (e)
		return dfod_fail(r, e == -ENOMEM ? DHCPFO_ERROR_NOT_ENOUGH_MEMORY :
				 DHCPFO_ERROR_INTERNAL_ERROR, "the change was not made: %s",
				 err[0] ? err : strerror(-e));
	return 0;
}

static char *ipstr(uint32_t a, char buf[DFOD_IPV4_STRLEN])
{
	return dfod_fmt_ipv4(a, buf);
}

static unsigned int arg_scope(struct dfod_agent *a, struct dfod_res *r, json_object *args,
			      struct dfod_scope **s)
{
	char b[DFOD_IPV4_STRLEN];
	uint32_t addr;
	unsigned int st = dfod_arg_ipv4(r, args, "address", false, &addr);

	if (st)
		return st;
	*s = dfod_scope_find(&a->st, addr);
	if (!*s)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_SUBNET_NOT_PRESENT, "scope %s does not exist",
				 ipstr(addr, b));
	return 0;
}

/* ---- canonical form and digests ------------------------------------------- */

static int push(json_object *arr, json_object *v)
{
	if (!v || json_object_array_add(arr, v)) {
		json_object_put(v);
		return -ENOMEM;
	}
	return 0;
}

static json_object *tuple(int n, ...)
{
	json_object *t = json_object_new_array_ext(n);
	va_list ap;
	int i, err = !t;

	va_start(ap, n);
	for (i = 0; i < n; i++) {
		json_object *v = va_arg(ap, json_object *);

		if (err || push(t, v))
			err = 1;
	}
	va_end(ap);
	if (err) {
		json_object_put(t);
		return NULL;
	}
	return t;
}

static json_object *jip(uint32_t a)
{
	char b[DFOD_IPV4_STRLEN];

	return json_object_new_string(ipstr(a, b));
}

json_object *dfod_scope_canon(const struct dfod_scope *s)
{
	json_object *o = json_object_new_object(), *rg, *ex, *rv, *op;
	char hw[DFOD_HWADDR_STRLEN];
	uint32_t i;
	int err = 0;

	if (!o)
		return NULL;
	rg = json_object_new_array_ext(s->n_ranges);
	ex = json_object_new_array_ext(s->n_excls);
	rv = json_object_new_array_ext(s->n_resvs);
	op = json_object_new_array_ext(s->n_opts);
	err |= dfod_jadd_ipv4(o, "address", s->addr);
	err |= dfod_jadd_ipv4(o, "mask", s->mask);
	err |= dfod_jadd_str(o, "name", s->name);
	err |= dfod_jadd_str(o, "comment", s->comment);
	err |= dfod_jadd_str(o, "state", s->enabled ? "enabled" : "disabled");
	err |= dfod_jadd_u64(o, "lease_duration", s->lease);
	err |= dfod_jadd(o, "ranges", rg);
	err |= dfod_jadd(o, "exclusions", ex);
	err |= dfod_jadd(o, "reservations", rv);
	err |= dfod_jadd(o, "options", op);
	/* The arrays are kept sorted by the state layer: the order is canonical. */
	for (i = 0; !err && i < s->n_ranges; i++)
		err = push(rg, tuple(3, jip(s->ranges[i].start), jip(s->ranges[i].end),
				     json_object_new_string(dfod_range_type_name(s->ranges[i].type))));
	for (i = 0; !err && i < s->n_excls; i++)
		err = push(ex, tuple(2, jip(s->excls[i].start), jip(s->excls[i].end)));
	for (i = 0; !err && i < s->n_resvs; i++)
		err = push(rv, tuple(3, jip(s->resvs[i].addr),
				     json_object_new_string(dfod_fmt_hwaddr(s->resvs[i].hw,
									    s->resvs[i].hwlen, hw)),
				     json_object_new_string(s->resvs[i].name)));
	for (i = 0; !err && i < s->n_opts; i++) {
		json_object *opt = dfod_option_json(&s->opts[i]), *type = NULL;

		/* the type's wire name, as dfod_option_json spells it */
		if (opt)
			json_object_object_get_ex(opt, "type", &type);
		err = !type ? -ENOMEM :
		      push(op, tuple(3, json_object_new_int64(s->opts[i].code),
				     json_object_get(type), json_object_get(s->opts[i].values)));
		json_object_put(opt);
	}
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static int sha256(const void *data, size_t len, uint8_t out[DFOD_DIGEST_LEN])
{
	unsigned int n = 0;

	if (!EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) || n != DFOD_DIGEST_LEN)
		return -EIO;
	return 0;
}

int dfod_scope_digest(const struct dfod_scope *s, uint8_t out[DFOD_DIGEST_LEN])
{
	json_object *o = dfod_scope_canon(s);
	const char *txt;
	int e;

	if (!o)
		return -ENOMEM;
	txt = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
					     JSON_C_TO_STRING_NOSLASHESCAPE);
	e = txt ? sha256(txt, strlen(txt), out) : -ENOMEM;
	json_object_put(o);
	return e;
}

static void hexstr(const uint8_t *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

/* "dhcpfo-config-v1\n" then "<address> <scope digest>\n" per scope, by address. */
int dfod_rel_digest(const struct dfod_state *st, const struct dfod_rel *r,
		    uint8_t out[DFOD_DIGEST_LEN])
{
	static const char head[] = "dhcpfo-config-v1\n";
	size_t line = DFOD_IPV4_STRLEN + 2 * DFOD_DIGEST_LEN + 2, off;
	char *buf = malloc(sizeof(head) + (size_t)r->n_scopes * line);
	uint8_t d[DFOD_DIGEST_LEN];
	char b[DFOD_IPV4_STRLEN];
	uint32_t i;
	int e = 0;

	if (!buf)
		return -ENOMEM;
	off = sprintf(buf, "%s", head);
	for (i = 0; !e && i < r->n_scopes; i++) {
		const struct dfod_scope *s = dfod_scope_find(st, r->scopes[i]);

		e = s ? dfod_scope_digest(s, d) : -ENOENT;
		if (e)
			break;
		off += sprintf(buf + off, "%s ", ipstr(s->addr, b));
		hexstr(d, DFOD_DIGEST_LEN, buf + off);
		off += 2 * DFOD_DIGEST_LEN;
		buf[off++] = '\n';
	}
	if (!e)
		e = sha256(buf, off, out);
	free(buf);
	return e;
}

static int jadd_digest(json_object *o, const char *key, const uint8_t d[DFOD_DIGEST_LEN])
{
	char h[2 * DFOD_DIGEST_LEN + 1];

	hexstr(d, DFOD_DIGEST_LEN, h);
	return dfod_jadd_str(o, key, h);
}

/* ---- scope.export ----------------------------------------------------------- */

static unsigned int op_scope_export(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	uint8_t d[DFOD_DIGEST_LEN];
	struct dfod_scope *s;
	json_object *res, *o;
	unsigned int st = arg_scope(a, r, args, &s);

	if (st)
		return st;
	if (dfod_scope_digest(s, d))
		return dfod_nomem(r);
	res = json_object_new_object();
	o = dfod_scope_json(s, true);
	if (!res || dfod_jadd(res, "scope", o) || jadd_digest(res, "digest", d))
		goto nomem;
	/* the stats slot is this agent's business, not the configuration */
	json_object_object_del(o, "slot");
	if (s->rel && dfod_jadd_str(o, "relationship", s->rel->name))
		goto nomem;
	return dfod_ok(r, res);
nomem:
	json_object_put(res);
	return dfod_nomem(r);
}

/* ---- scope.replace ------------------------------------------------------------ */

/* Usable host addresses of the subnet (as ops.c: not the subnet or broadcast address). */
static bool in_hosts(const struct dfod_scope *s, uint32_t addr)
{
	if ((addr & s->mask) != s->addr)
		return false;
	if (s->plen <= 30 && (addr == s->addr || addr == (s->addr | ~s->mask)))
		return false;
	return true;
}

static unsigned int check_span(struct dfod_res *r, const struct dfod_scope *s,
			       const struct dfod_elem *e, const char *what)
{
	char b1[DFOD_IPV4_STRLEN], b2[DFOD_IPV4_STRLEN], b3[DFOD_IPV4_STRLEN];

	if (e->start > e->end)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_INVALID_RANGE, "%s %s-%s: start is after end",
				 what, ipstr(e->start, b1), ipstr(e->end, b2));
	if (!in_hosts(s, e->start) || !in_hosts(s, e->end))
		return dfod_fail(r, DHCPFO_ERROR_DHCP_INVALID_RANGE,
				 "%s %s-%s is not within the host addresses of scope %s/%u", what,
				 ipstr(e->start, b1), ipstr(e->end, b2), ipstr(s->addr, b3),
				 s->plen);
	return 0;
}

/* One element into the scope being built, with the Windows code of what is wrong. */
static unsigned int build_elem(struct dfod_res *r, struct dfod_scope *s, bool in_rel,
			       const struct dfod_elem *e)
{
	char b1[DFOD_IPV4_STRLEN], b2[DFOD_IPV4_STRLEN], hw[DFOD_HWADDR_STRLEN];
	unsigned int st;
	int err;

	if (e->type == DFOD_ELEM_RANGE) {
		struct dfod_range rg = { e->start, e->end, e->range_type };

		st = check_span(r, s, e, "range");
		if (st)
			return st;
		if (in_rel && e->range_type == DFOD_RANGE_BOOTP)
			return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_BOOT_NOT_SUPPORTED,
					 "scope %s is in a "
					 "failover relationship: it cannot have a BOOTP-only range",
					 ipstr(s->addr, b1));
		err = dfod_scope_range_add(s, &rg);
		if (err == -EEXIST)
			return dfod_fail(r, DHCPFO_ERROR_DHCP_IPRANGE_EXITS, "range %s-%s overlaps "
					 "another range", ipstr(e->start, b1), ipstr(e->end, b2));
	} else if (e->type == DFOD_ELEM_EXCLUSION) {
		struct dfod_excl ex = { e->start, e->end };

		st = check_span(r, s, e, "exclusion");
		if (st)
			return st;
		err = dfod_scope_excl_add(s, &ex);
		if (err == -EEXIST)
			return dfod_fail(r, DHCPFO_ERROR_DHCP_IPRANGE_EXITS,
					 "exclusion %s-%s overlaps "
					 "another exclusion", ipstr(e->start, b1), ipstr(e->end,
											 b2));
	} else {
		struct dfod_resv rv = { .addr = e->addr, .hwlen = e->hwlen,
					.name = (char *)(e->name ? e->name : "") };

		if (!e->hwlen)
			return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
					 "reservation %s needs 'hwaddr'", ipstr(e->addr, b1));
		if (!in_hosts(s, e->addr))
			return dfod_fail(r, DHCPFO_ERROR_DHCP_INVALID_RANGE,
					 "%s is not a host address "
					 "of scope %s/%u", ipstr(e->addr, b1), ipstr(s->addr, b2),
					 s->plen);
		memcpy(rv.hw, e->hw, sizeof(rv.hw));
		err = dfod_scope_resv_add(s, &rv);
		if (err == -EEXIST)
			return dfod_fail(r, DHCPFO_ERROR_DHCP_RESERVEDIP_EXITS,
					 "reservation %s (%s) "
					 "duplicates the address or hardware address of another",
					 ipstr(e->addr, b1), dfod_fmt_hwaddr(e->hw, e->hwlen, hw));
	}
	return err ? dfod_nomem(r) : 0;
}

static unsigned int build_contents(struct dfod_res *r, struct dfod_scope *s, bool in_rel,
				   json_object *els, json_object *opts)
{
	char err[256];
	size_t i;
	unsigned int st;

	for (i = 0; i < json_object_array_length(els); i++) {
		struct dfod_elem e;

		if (dfod_elem_parse(json_object_array_get_idx(els, i), &e, err, sizeof(err)))
			return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "elements[%zu]: %s", i,
					 err);
		st = build_elem(r, s, in_rel, &e);
		if (st)
			return st;
	}
	for (i = 0; i < json_object_array_length(opts); i++) {
		json_object *vals;
		uint8_t code, type;
		int e;

		if (dfod_option_parse(json_object_array_get_idx(opts, i), &code, &type, &vals, err,
				      sizeof(err)))
			return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "options[%zu]: %s", i,
					 err);
		if (dfod_scope_opt_find(s, code) >= 0) {
			json_object_put(vals);
			return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
					 "option %u is given twice", code);
		}
		e = dfod_scope_opt_set(s, code, type, vals);
		json_object_put(vals);
		if (e)
			return dfod_nomem(r);
	}
	return 0;
}

/* The target of scope.replace: a new subnet (create) or the existing scope. */
static unsigned int replace_target(struct dfod_agent *a, struct dfod_res *r,
				   const struct dfod_scope_in *in, bool create, const char *relname,
				   struct dfod_scope **old, uint32_t *slot)
{
	char b[DFOD_IPV4_STRLEN], b2[DFOD_IPV4_STRLEN];
	struct dfod_scope *other;
	int plen = dfod_mask_to_plen(in->mask);

	*old = dfod_scope_find(&a->st, in->addr);
	if (!create) {
		if (!*old)
			return dfod_fail(r, DHCPFO_ERROR_DHCP_SUBNET_NOT_PRESENT,
					 "scope %s does not exist", ipstr(in->addr, b));
		if ((*old)->mask != in->mask)
			return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
					 "scope %s has mask %s, not "
					 "%s: the mask cannot change", ipstr(in->addr, b),
					 ipstr((*old)->mask, b2), dfod_fmt_ipv4(in->mask,
					 (char[DFOD_IPV4_STRLEN]){ 0 }));
		if (relname && (!(*old)->rel || strcmp((*old)->rel->name, relname)))
			return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP,
					 "scope %s is not in relationship '%s' on this server%s%s",
					 ipstr(in->addr, b), relname,
					 (*old)->rel ? ": it is in " : "",
					 (*old)->rel ? (*old)->rel->name : "");
		*slot = (*old)->slot;
		return 0;
	}
	if (relname)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "a scope being created is in no "
				 "relationship: 'relationship' goes with replacing only");
	if (plen < 1)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "mask %s is not a contiguous netmask of /1 to /32", ipstr(in->mask,
											   b));
	if (in->addr & ~in->mask)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_INVALID_SUBNET_PREFIX,
				 "%s is not the subnet address of mask %s", ipstr(in->addr, b),
				 ipstr(in->mask, b2));
	other = dfod_scope_find_overlap(&a->st, in->addr, plen);
	if (other)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_SUBNET_EXISTS, other->addr == in->addr &&
				 other->plen == plen ? "scope %s already exists" :
				 "%s overlaps scope %s", ipstr(in->addr, b), ipstr(other->addr,
										   b2));
	if (dfod_state_free_slot(&a->st, slot))
		return dfod_fail(r, DHCPFO_ERROR_NOT_ENOUGH_MEMORY,
				 "all %u scope slots are in use (--max-scopes)", a->st.max_slots);
	return 0;
}

/* Every property: scope.replace sets the whole configuration, never part of it. */
static unsigned int replace_args(struct dfod_res *r, json_object *o, struct dfod_scope_in *in,
				 json_object **els, json_object **opts)
{
	static const struct { uint32_t bit; const char *key; } need[] = {
		{ DFOD_SF_ADDRESS, "address" }, { DFOD_SF_MASK, "mask" }, { DFOD_SF_NAME, "name" },
		{ DFOD_SF_COMMENT, "comment" }, { DFOD_SF_STATE, "state" },
		{ DFOD_SF_LEASE, "lease_duration" },
	};
	char err[256];
	size_t i;

	if (!o || !json_object_is_type(o, json_type_object))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "'scope' is missing");
	if (dfod_scope_parse(o, in, err, sizeof(err)))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "%s", err);
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (!(in->have & need[i].bit))
			return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
					 "scope '%s' is missing: "
					 "scope.replace takes the whole configuration",
					 need[i].key);
	*els = dfod_member(o, "elements");
	*opts = dfod_member(o, "options");
	if (!*els || !json_object_is_type(*els, json_type_array) ||
	    !*opts || !json_object_is_type(*opts, json_type_array))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "scope 'elements' and 'options' "
				 "must be arrays (empty for none)");
	return 0;
}

static unsigned int op_scope_replace(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	uint8_t d_old[DFOD_DIGEST_LEN], d_new[DFOD_DIGEST_LEN];
	struct dfod_scope *old, *s = NULL;
	struct dfod_scope_in in;
	json_object *els = NULL, *opts = NULL, *rec = NULL, *res;
	const char *relname = NULL;
	char b[DFOD_IPV4_STRLEN];
	bool create = false;
	uint32_t slot = 0;
	unsigned int st;
	int e;

	st = replace_args(r, dfod_member(args, "scope"), &in, &els, &opts);
	if (st)
		return st;
	if (dfod_json_bool(args, "create", &create) == -EINVAL)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'create' must be true or false");
	e = dfod_json_str(args, "relationship", &relname);
	if (e == -EINVAL || (!e && !*relname))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'relationship' must be a name");
	st = replace_target(a, r, &in, create, relname, &old, &slot);
	if (st)
		return st;
	s = dfod_scope_new();
	if (!s)
		return dfod_nomem(r);
	s->addr = in.addr;
	s->mask = in.mask;
	s->plen = dfod_mask_to_plen(in.mask);
	s->slot = slot;
	if (dfod_state_scope_props(NULL, s, in.name, in.comment, in.enabled, in.lease)) {
		st = dfod_nomem(r);
		goto out;
	}
	st = build_contents(r, s, old && old->rel, els, opts);
	if (st)
		goto out;
	if (old && (dfod_scope_digest(old, d_old) || dfod_scope_digest(s, d_new))) {
		st = dfod_nomem(r);
		goto out;
	}
	res = json_object_new_object();
	if (old && !memcmp(d_old, d_new, sizeof(d_old))) {
		/* equal already: no record, nothing to sync */
		if (!res || dfod_jadd_bool(res, "changed", false))
			goto nomem_res;
		st = dfod_ok(r, res);
		goto out;
	}
	if (!res || dfod_jadd_bool(res, "changed", true))
		goto nomem_res;
	rec = dfod_record_new(create ? "scope.create" : "scope.replace");
	if (rec && dfod_jadd(rec, "scope", dfod_scope_json(s, true))) {
		json_object_put(rec);
		rec = NULL;
	}
	st = rcommit(a, rec, r);
	if (st) {
		json_object_put(res);
		goto out;
	}
	dfo_info("scope %s: whole configuration %s (%u ranges, %u exclusions, %u reservations, "
		 "%u options)", ipstr(in.addr, b), create ? "created" : "replaced", s->n_ranges,
		 s->n_excls, s->n_resvs, s->n_opts);
	st = dfod_ok(r, res);
	goto out;
nomem_res:
	json_object_put(res);
	st = dfod_nomem(r);
out:
	dfod_scope_destroy(s);
	return st;
}

/* ---- failover.digest ------------------------------------------------------------ */

static unsigned int find_rel(struct dfod_agent *a, struct dfod_res *r, json_object *args,
			     struct dfod_rel **rel)
{
	const char *name;
	unsigned int st = dfod_arg_name(r, args, "name", &name);

	if (st)
		return st;
	*rel = dfod_rel_find(&a->st, name);
	if (!*rel)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST,
				 "relationship '%s' does not exist", name);
	return 0;
}

static unsigned int op_fo_digest(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	uint8_t d[DFOD_DIGEST_LEN];
	struct dfod_rel *rel;
	json_object *res, *arr;
	unsigned int st = find_rel(a, r, args, &rel);
	uint32_t i;
	int err = 0;

	if (st)
		return st;
	res = json_object_new_object();
	arr = json_object_new_array_ext(rel->n_scopes);
	if (!res || dfod_jadd_str(res, "name", rel->name) || dfod_jadd(res, "scopes", arr) ||
	    dfod_rel_digest(&a->st, rel, d) || jadd_digest(res, "digest", d))
		goto nomem;
	for (i = 0; !err && i < rel->n_scopes; i++) {
		const struct dfod_scope *s = dfod_scope_find(&a->st, rel->scopes[i]);
		json_object *o = json_object_new_object();

		err = push(arr, o);
		err = err ? err : dfod_jadd_ipv4(o, "address", s->addr);
		err = err ? err : dfod_scope_digest(s, d);
		err = err ? err : jadd_digest(o, "digest", d);
	}
	if (err)
		goto nomem;
	return dfod_ok(r, res);
nomem:
	json_object_put(res);
	return dfod_nomem(r);
}

/* ---- failover.delete_keep / failover.restore ------------------------------------ */

static struct dfod_repl *repl_of(struct dfod_agent *a)
{
	if (!a->repl)
		a->repl = calloc(1, sizeof(*a->repl));
	return a->repl;
}

static void kept_drop(struct dfod_repl *k, unsigned int i)
{
	free(k->v[i].name);
	json_object_put(k->v[i].rel);
	k->v[i] = k->v[--k->n];
}

/* Forget what is too old to restore, and the same name kept before. */
static void kept_expire(struct dfod_repl *k, const char *name, uint64_t now)
{
	unsigned int i = 0;

	while (i < k->n) {
		if (now - k->v[i].when > DFOD_KEEP_SECONDS || (name && !strcmp(k->v[i].name, name)))
			kept_drop(k, i);
		else
			i++;
	}
}

static void kept_add(struct dfod_repl *k, const char *name, json_object *rel, uint64_t now)
{
	unsigned int i, oldest = 0;

	kept_expire(k, name, now);
	if (k->n == DFOD_KEEP_MAX) {
		for (i = 1; i < k->n; i++)
			if (k->v[i].when < k->v[oldest].when)
				oldest = i;
		kept_drop(k, oldest);
	}
	k->v[k->n].name = strdup(name);
	if (!k->v[k->n].name) {
		json_object_put(rel);
		return;
	}
	k->v[k->n].rel = rel;
	k->v[k->n].when = now;
	k->n++;
}

static unsigned int op_fo_delete_keep(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	struct dfod_repl *k = repl_of(a);
	struct dfod_rel *rel;
	json_object *rec, *stored;
	char *name;
	unsigned int st = find_rel(a, r, args, &rel);

	if (st)
		return st;
	if (!k)
		return dfod_nomem(r);
	stored = dfod_rel_json(rel, true);
	name = strdup(rel->name);
	rec = dfod_record_new("rel.delete");
	if (!stored || !name || !rec || dfod_jadd_str(rec, "name", rel->name)) {
		json_object_put(rec);
		json_object_put(stored);
		free(name);
		return dfod_nomem(r);
	}
	st = rcommit(a, rec, r);
	if (st) {
		json_object_put(stored);
		free(name);
		return st;
	}
	kept_add(k, name, stored, dfod_wall_secs());
	dfo_info("relationship '%s' deleted (restorable for %d s)", name, DFOD_KEEP_SECONDS);
	free(name);
	return dfod_ok_empty(r);
}

/* The kept relationship can come back: its name is free, its scopes exist and are free. */
static unsigned int restore_checks(struct dfod_agent *a, struct dfod_res *r, const char *name,
				   json_object *stored)
{
	char b[DFOD_IPV4_STRLEN], err[256];
	struct dfod_rel_in in;
	struct dfod_scope *s;
	unsigned int st = 0;
	uint32_t i;

	if (dfod_rel_find(&a->st, name))
		return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_RELATIONSHIP_EXISTS,
				 "relationship '%s' exists again", name);
	if (dfod_rel_count(&a->st) >= a->cfg->max_rels)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_MAX_RELATIONSHIPS,
				 "%u relationships exist, the limit", a->cfg->max_rels);
	if (dfod_rel_parse(stored, 0, &in, err, sizeof(err)))
		return dfod_fail(r, DHCPFO_ERROR_INTERNAL_ERROR, "the kept relationship: %s", err);
	for (i = 0; !st && i < in.n_scopes; i++) {
		s = dfod_scope_find(&a->st, in.scopes[i]);
		if (!s)
			st = dfod_fail(r, DHCPFO_ERROR_DHCP_SUBNET_NOT_PRESENT,
				       "scope %s of '%s' no "
				       "longer exists", ipstr(in.scopes[i], b), name);
		else if (s->rel)
			st = dfod_fail(r, DHCPFO_ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP,
				       "scope %s of '%s' is now in relationship '%s'",
				       ipstr(in.scopes[i], b), name, s->rel->name);
	}
	dfod_rel_in_free(&in);
	return st;
}

static unsigned int op_fo_restore(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	struct dfod_repl *k = repl_of(a);
	json_object *rec;
	const char *name;
	unsigned int st = dfod_arg_name(r, args, "name", &name), i;

	if (st)
		return st;
	if (!k)
		return dfod_nomem(r);
	kept_expire(k, NULL, dfod_wall_secs());
	for (i = 0; i < k->n && strcmp(k->v[i].name, name); i++)
		;
	if (i == k->n)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST,
				 "no relationship "
				 "'%s' was deleted with failover.delete_keep in the last %d s",
				 name, DFOD_KEEP_SECONDS);
	st = restore_checks(a, r, name, k->v[i].rel);
	if (st)
		return st;
	/* The stored form as it was: same id, state, secret and scopes. */
	rec = dfod_record_new("rel.create");
	if (rec && dfod_jadd(rec, "relationship", json_object_get(k->v[i].rel))) {
		json_object_put(rec);
		rec = NULL;
	}
	st = rcommit(a, rec, r);
	if (st)
		return st;
	dfo_info("relationship '%s' restored as it was before its delete", name);
	kept_drop(k, i);
	return dfod_ok_empty(r);
}

void dfod_repl_free(struct dfod_agent *a)
{
	struct dfod_repl *k = a->repl;

	if (!k)
		return;
	while (k->n)
		kept_drop(k, 0);
	free(k);
	a->repl = NULL;
}

static const struct dfod_op repl_ops[] = {
	{ "scope.export", DFOD_ACCESS_READ, op_scope_export },
	{ "scope.replace", DFOD_ACCESS_WRITE, op_scope_replace },
	{ "failover.digest", DFOD_ACCESS_READ, op_fo_digest },
	{ "failover.delete_keep", DFOD_ACCESS_WRITE, op_fo_delete_keep },
	{ "failover.restore", DFOD_ACCESS_WRITE, op_fo_restore },
};

const struct dfod_op *dfod_repl_op_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(repl_ops) / sizeof(repl_ops[0]); i++)
		if (!strcmp(repl_ops[i].name, name))
			return &repl_ops[i];
	return NULL;
}
