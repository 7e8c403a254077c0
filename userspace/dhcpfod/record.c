// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "serial.h"

static int rerr(char *err, size_t len, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int rerr(char *err, size_t len, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return code;
}

json_object *dfod_record_new(const char *t)
{
	json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	if (dfod_jadd_u64(o, "v", DFOD_RECORD_VERSION) || dfod_jadd_str(o, "t", t)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *member(json_object *o, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v;
}

/* The scope named by the record's "address" member. */
static int rec_scope(struct dfod_state *st, json_object *rec, struct dfod_scope **s, char *err,
		     size_t len)
{
	char buf[DFOD_IPV4_STRLEN];
	uint32_t a;

	if (dfod_json_ipv4(rec, "address", &a))
		return rerr(err, len, -EINVAL, "no valid 'address'");
	*s = dfod_scope_find(st, a);
	if (!*s)
		return rerr(err, len, -ENOENT, "scope %s does not exist", dfod_fmt_ipv4(a, buf));
	return 0;
}

static const uint32_t scope_required = DFOD_SF_ADDRESS | DFOD_SF_MASK | DFOD_SF_SLOT;

/* A scope with its properties and stored elements; not yet in a state. */
static int scope_from_json(json_object *o, struct dfod_scope **out, char *err, size_t len)
{
	struct dfod_scope_in in;
	struct dfod_scope *s;
	json_object *arr;
	char buf[DFOD_IPV4_STRLEN];
	size_t i, n;
	int r, plen;

	r = dfod_scope_parse(o, &in, err, len);
	if (r)
		return r;
	if ((in.have & scope_required) != scope_required)
		return rerr(err, len, -EINVAL, "a stored scope needs address, mask and slot");
	plen = dfod_mask_to_plen(in.mask);
	if (plen < 0 || (in.addr & ~in.mask))
		return rerr(err, len, -EINVAL, "scope %s: mask does not fit the address",
			    dfod_fmt_ipv4(in.addr, buf));
	s = dfod_scope_new();
	if (!s)
		return rerr(err, len, -ENOMEM, "out of memory");
	s->addr = in.addr;
	s->mask = in.mask;
	s->plen = plen;
	s->slot = in.slot;
	r = dfod_state_scope_props(NULL, s, in.name, in.comment, in.enabled,
				   in.have & DFOD_SF_LEASE ? in.lease : 0);
	if (r)
		goto fail_nomem;

	arr = member(o, "elements");
	n = arr && json_object_is_type(arr, json_type_array) ? json_object_array_length(arr) : 0;
	for (i = 0; i < n; i++) {
		struct dfod_elem e;

		r = dfod_elem_parse(json_object_array_get_idx(arr, i), &e, err, len);
		if (r)
			goto fail;
		if (e.type == DFOD_ELEM_RANGE) {
			struct dfod_range rg = { e.start, e.end, e.range_type };

			r = dfod_scope_range_add(s, &rg);
		} else if (e.type == DFOD_ELEM_EXCLUSION) {
			struct dfod_excl ex = { e.start, e.end };

			r = dfod_scope_excl_add(s, &ex);
		} else {
			struct dfod_resv rv = { .addr = e.addr, .hwlen = e.hwlen,
						.name = (char *)e.name };

			memcpy(rv.hw, e.hw, sizeof(rv.hw));
			r = dfod_scope_resv_add(s, &rv);
		}
		if (r) {
			rerr(err, len, r, "scope %s: element %zu: %s", dfod_fmt_ipv4(s->addr, buf),
			     i, r == -EEXIST ? "overlaps or duplicates another" : strerror(-r));
			goto fail;
		}
	}
	arr = member(o, "options");
	n = arr && json_object_is_type(arr, json_type_array) ? json_object_array_length(arr) : 0;
	for (i = 0; i < n; i++) {
		json_object *vals;
		uint8_t code, type;

		r = dfod_option_parse(json_object_array_get_idx(arr, i), &code, &type, &vals,
				      err, len);
		if (r)
			goto fail;
		r = dfod_scope_opt_set(s, code, type, vals);
		json_object_put(vals);
		if (r)
			goto fail_nomem;
	}
	*out = s;
	return 0;
fail_nomem:
	rerr(err, len, r, "out of memory");
fail:
	dfod_scope_destroy(s);
	return r;
}

int dfod_scope_build(json_object *o, struct dfod_scope **out, char *err, size_t len)
{
	return scope_from_json(o, out, err, len);
}

static const uint32_t rel_required = DFOD_RF_NAME | DFOD_RF_ID | DFOD_RF_PRIMARY |
	DFOD_RF_SECONDARY | DFOD_RF_MODE | DFOD_RF_SERVER_TYPE | DFOD_RF_STATE |
	DFOD_RF_PREV_STATE | DFOD_RF_MCLT | DFOD_RF_SAFE_PERIOD | DFOD_RF_PERCENTAGE;

int dfod_rel_from_json(json_object *o, struct dfod_rel **out, char *err, size_t len)
{
	struct dfod_rel_in in;
	struct dfod_rel *r;
	int rc;

	rc = dfod_rel_parse(o, 0, &in, err, len);
	if (rc)
		return rc;
	if ((in.have & rel_required) != rel_required || !in.name[0]) {
		dfod_rel_in_free(&in);
		return rerr(err, len, -EINVAL, "a stored relationship needs name, id, servers, "
			    "mode, server_type, state, prev_state, mclt, safe_period, percentage");
	}
	r = dfod_rel_new();
	if (!r) {
		dfod_rel_in_free(&in);
		return rerr(err, len, -ENOMEM, "out of memory");
	}
	free(r->name);
	r->name = strdup(in.name);
	rc = dfod_state_rel_update(NULL, r, &(struct dfod_rel){
		.primary = in.r.primary, .secondary = in.r.secondary, .mode = in.r.mode,
		.server_type = in.r.server_type, .state = in.r.state,
		.prev_state = in.r.prev_state, .percentage = in.r.percentage,
		.key_mode = in.r.key_mode, .auto_transition = in.r.auto_transition,
		.lb_max_secs = in.r.lb_max_secs, .mclt = in.r.mclt,
		.safe_period = in.r.safe_period, .state_time = in.r.state_time,
		.primary_name = (char *)in.primary_name,
		.secondary_name = (char *)in.secondary_name, .secret = (char *)in.secret,
	});
	if (rc || !r->name) {
		dfod_rel_in_free(&in);
		dfod_rel_destroy(r);
		return rerr(err, len, -ENOMEM, "out of memory");
	}
	r->id = in.r.id;
	r->scopes = in.scopes;
	r->n_scopes = in.n_scopes;
	in.scopes = NULL;
	*out = r;
	return 0;
}

static const char *rel_add_problem(int r)
{
	switch (r) {
	case -EEXIST:
		return "its name or id is already used";
	case -ENOENT:
		return "one of its scopes does not exist";
	case -EBUSY:
		return "one of its scopes is already in another relationship";
	case -EINVAL:
		return "it lists a scope twice";
	default:
		return strerror(-r);
	}
}

static int apply_scope_create(struct dfod_state *st, json_object *rec, char *err, size_t len)
{
	struct dfod_scope *s = NULL;
	char buf[DFOD_IPV4_STRLEN];
	int r;

	r = scope_from_json(member(rec, "scope"), &s, err, len);
	if (r)
		return r;
	r = dfod_state_scope_add(st, s);
	if (r) {
		rerr(err, len, r, "scope %s/%u (slot %u) cannot be added: %s",
		     dfod_fmt_ipv4(s->addr, buf), s->plen, s->slot,
		     r == -EEXIST ? "it overlaps an existing scope" :
		     r == -EBUSY ? "its stats slot is in use" :
		     r == -ERANGE ? "its stats slot is out of range (--max-scopes)" :
		     strerror(-r));
		dfod_scope_destroy(s);
	}
	return r;
}

static int apply_scope_set(struct dfod_state *st, json_object *rec, char *err, size_t len)
{
	json_object *o = member(rec, "scope");
	struct dfod_scope_in in;
	struct dfod_scope *s;
	char buf[DFOD_IPV4_STRLEN];
	int r;

	r = dfod_scope_parse(o, &in, err, len);
	if (r)
		return r;
	s = dfod_scope_find(st, in.addr);
	if (!(in.have & DFOD_SF_ADDRESS) || !s)
		return rerr(err, len, -ENOENT, "scope %s does not exist",
			    dfod_fmt_ipv4(in.addr, buf));
	r = dfod_state_scope_props(st, s, in.have & DFOD_SF_NAME ? in.name : NULL,
				   in.have & DFOD_SF_COMMENT ? in.comment : NULL,
				   in.have & DFOD_SF_STATE ? in.enabled : s->enabled,
				   in.have & DFOD_SF_LEASE ? in.lease : s->lease);
	return r ? rerr(err, len, r, "out of memory") : 0;
}

/*
 * scope.replace: the whole configuration of an existing scope at once
 * (replication). The new content is built aside first and then swapped in,
 * so a record that cannot be applied leaves the scope as it was.
 */
static int apply_scope_replace(struct dfod_state *st, json_object *rec, char *err, size_t len)
{
	struct dfod_scope *nv = NULL, *s, tmp;
	char buf[DFOD_IPV4_STRLEN];
	int r;

	r = scope_from_json(member(rec, "scope"), &nv, err, len);
	if (r)
		return r;
	s = dfod_scope_find(st, nv->addr);
	if (!s)
		r = rerr(err, len, -ENOENT, "scope %s does not exist", dfod_fmt_ipv4(nv->addr, buf));
	else if (s->mask != nv->mask || s->slot != nv->slot)
		r = rerr(err, len, -EINVAL, "scope %s: the mask and stats slot cannot change",
			 dfod_fmt_ipv4(nv->addr, buf));
	if (r) {
		dfod_scope_destroy(nv);
		return r;
	}
	/* Swap the configuration; nv leaves with the old one. */
	tmp = *s;
	s->name = nv->name;
	s->comment = nv->comment;
	s->enabled = nv->enabled;
	s->lease = nv->lease;
	s->ranges = nv->ranges;
	s->n_ranges = nv->n_ranges;
	s->excls = nv->excls;
	s->n_excls = nv->n_excls;
	s->resvs = nv->resvs;
	s->n_resvs = nv->n_resvs;
	s->opts = nv->opts;
	s->n_opts = nv->n_opts;
	nv->name = tmp.name;
	nv->comment = tmp.comment;
	nv->ranges = tmp.ranges;
	nv->n_ranges = tmp.n_ranges;
	nv->excls = tmp.excls;
	nv->n_excls = tmp.n_excls;
	nv->resvs = tmp.resvs;
	nv->n_resvs = tmp.n_resvs;
	nv->opts = tmp.opts;
	nv->n_opts = tmp.n_opts;
	dfod_scope_destroy(nv);
	return 0;
}

static int apply_scope_delete(struct dfod_state *st, json_object *rec, char *err, size_t len)
{
	struct dfod_scope *s;
	int r;

	r = rec_scope(st, rec, &s, err, len);
	if (r)
		return r;
	r = dfod_state_scope_del(st, s->addr);
	if (r == -EBUSY)
		return rerr(err, len, r, "scope is still in relationship '%s'", s->rel->name);
	return r;
}

static int apply_element(struct dfod_state *st, json_object *rec, bool add, char *err,
			 size_t len)
{
	struct dfod_scope *s;
	struct dfod_elem e;
	int r;

	r = rec_scope(st, rec, &s, err, len);
	if (!r)
		r = dfod_elem_parse(member(rec, "element"), &e, err, len);
	if (r)
		return r;
	if (e.type == DFOD_ELEM_RANGE) {
		struct dfod_range rg = { e.start, e.end, e.range_type };

		r = add ? dfod_scope_range_add(s, &rg) : dfod_scope_range_del(s, e.start, e.end);
	} else if (e.type == DFOD_ELEM_EXCLUSION) {
		struct dfod_excl ex = { e.start, e.end };

		r = add ? dfod_scope_excl_add(s, &ex) : dfod_scope_excl_del(s, e.start, e.end);
	} else if (add) {
		struct dfod_resv rv = { .addr = e.addr, .hwlen = e.hwlen, .name = (char *)e.name };

		memcpy(rv.hw, e.hw, sizeof(rv.hw));
		r = dfod_scope_resv_add(s, &rv);
	} else {
		r = dfod_scope_resv_del(s, e.addr);
	}
	if (r)
		rerr(err, len, r, "%s the element: %s", add ? "cannot add" : "cannot remove",
		     r == -EEXIST ? "it overlaps or duplicates another" :
		     r == -ENOENT ? "no such element" : strerror(-r));
	return r;
}

static int apply_range_type(struct dfod_state *st, json_object *rec, char *err, size_t len)
{
	struct dfod_scope *s;
	struct dfod_elem e;
	int r;

	r = rec_scope(st, rec, &s, err, len);
	if (!r)
		r = dfod_elem_parse(member(rec, "element"), &e, err, len);
	if (r)
		return r;
	if (e.type != DFOD_ELEM_RANGE)
		return rerr(err, len, -EINVAL, "the element is not a range");
	r = dfod_scope_range_set_type(s, e.start, e.end, e.range_type);
	return r ? rerr(err, len, r, "no such range") : 0;
}

static int apply_option(struct dfod_state *st, json_object *rec, bool set, char *err, size_t len)
{
	struct dfod_scope *s;
	json_object *vals;
	uint8_t code, type;
	uint32_t c;
	int r;

	r = rec_scope(st, rec, &s, err, len);
	if (r)
		return r;
	if (!set) {
		if (dfod_json_u32(rec, "code", &c) || c > 255)
			return rerr(err, len, -EINVAL, "no valid option 'code'");
		r = dfod_scope_opt_del(s, c);
		return r ? rerr(err, len, r, "option %u is not set", c) : 0;
	}
	r = dfod_option_parse(member(rec, "option"), &code, &type, &vals, err, len);
	if (r)
		return r;
	r = dfod_scope_opt_set(s, code, type, vals);
	json_object_put(vals);
	return r ? rerr(err, len, r, "out of memory") : 0;
}

static int apply_rel_create(struct dfod_state *st, json_object *rec, char *err, size_t len)
{
	struct dfod_rel *r;
	int rc;

	rc = dfod_rel_from_json(member(rec, "relationship"), &r, err, len);
	if (rc)
		return rc;
	rc = dfod_state_rel_add(st, r);
	if (rc) {
		rerr(err, len, rc, "relationship '%s' (id %u) cannot be added: %s", r->name, r->id,
		     rel_add_problem(rc));
		dfod_rel_destroy(r);
	}
	return rc;
}

static int apply_rel_set(struct dfod_state *st, json_object *rec, char *err, size_t len)
{
	struct dfod_rel *nv, *r;
	int rc;

	rc = dfod_rel_from_json(member(rec, "relationship"), &nv, err, len);
	if (rc)
		return rc;
	r = dfod_rel_find(st, nv->name);
	if (!r)
		rc = rerr(err, len, -ENOENT, "relationship '%s' does not exist", nv->name);
	else if (r->id != nv->id)
		rc = rerr(err, len, -EINVAL, "relationship '%s' has id %u, not %u", nv->name,
			  r->id, nv->id);
	else if ((rc = dfod_state_rel_update(st, r, nv)))
		rerr(err, len, rc, "out of memory");
	dfod_rel_destroy(nv);
	return rc;
}

static int rec_rel(struct dfod_state *st, json_object *rec, struct dfod_rel **r, char *err,
		   size_t len)
{
	const char *name;

	if (dfod_json_str(rec, "name", &name))
		return rerr(err, len, -EINVAL, "no valid relationship 'name'");
	*r = dfod_rel_find(st, name);
	if (!*r)
		return rerr(err, len, -ENOENT, "relationship '%s' does not exist", name);
	return 0;
}

static int apply_rel_scopes(struct dfod_state *st, json_object *rec, bool add, char *err,
			    size_t len)
{
	struct dfod_rel_in in;
	struct dfod_rel *r;
	int rc;

	rc = rec_rel(st, rec, &r, err, len);
	if (rc)
		return rc;
	rc = dfod_rel_parse(rec, ~DFOD_RF_SCOPES & ~0u, &in, err, len);
	if (rc)
		return rc;
	if (!(in.have & DFOD_RF_SCOPES)) {
		dfod_rel_in_free(&in);
		return rerr(err, len, -EINVAL, "no 'scopes'");
	}
	rc = add ? dfod_state_rel_scopes_add(st, r, in.scopes, in.n_scopes) :
		   dfod_state_rel_scopes_del(st, r, in.scopes, in.n_scopes);
	if (rc)
		rerr(err, len, rc, "relationship '%s': scopes cannot be %s: %s", r->name,
		     add ? "added" : "removed",
		     rc == -ENOENT ? (add ? "a scope does not exist" : "a scope is not in it") :
		     rc == -EBUSY ? "a scope is in another relationship" :
		     rc == -EEXIST ? "a scope is already in it" :
		     rc == -EINVAL ? "a scope is listed twice" : strerror(-rc));
	dfod_rel_in_free(&in);
	return rc;
}

int dfod_record_apply(struct dfod_state *st, json_object *rec, char *err, size_t len)
{
	const char *t;
	uint32_t v;
	struct dfod_rel *r;
	int rc;

	if (!rec || !json_object_is_type(rec, json_type_object))
		return rerr(err, len, -EINVAL, "not a JSON object");
	if (dfod_json_u32(rec, "v", &v))
		return rerr(err, len, -EINVAL, "no record version 'v'");
	if (v != DFOD_RECORD_VERSION)
		return rerr(err, len, -EPROTO, "record version %u is not supported (this build "
			    "reads version %d)", v, DFOD_RECORD_VERSION);
	if (dfod_json_str(rec, "t", &t))
		return rerr(err, len, -EINVAL, "no record type 't'");
	if (!strcmp(t, "scope.create"))
		return apply_scope_create(st, rec, err, len);
	if (!strcmp(t, "scope.set"))
		return apply_scope_set(st, rec, err, len);
	if (!strcmp(t, "scope.delete"))
		return apply_scope_delete(st, rec, err, len);
	if (!strcmp(t, "scope.replace"))
		return apply_scope_replace(st, rec, err, len);
	if (!strcmp(t, "element.add"))
		return apply_element(st, rec, true, err, len);
	if (!strcmp(t, "element.remove"))
		return apply_element(st, rec, false, err, len);
	if (!strcmp(t, "range.type"))
		return apply_range_type(st, rec, err, len);
	if (!strcmp(t, "option.set"))
		return apply_option(st, rec, true, err, len);
	if (!strcmp(t, "option.remove"))
		return apply_option(st, rec, false, err, len);
	if (!strcmp(t, "rel.create"))
		return apply_rel_create(st, rec, err, len);
	if (!strcmp(t, "rel.set"))
		return apply_rel_set(st, rec, err, len);
	if (!strcmp(t, "rel.delete")) {
		rc = rec_rel(st, rec, &r, err, len);
		return rc ? rc : dfod_state_rel_del(st, r->name);
	}
	if (!strcmp(t, "rel.scope_add"))
		return apply_rel_scopes(st, rec, true, err, len);
	if (!strcmp(t, "rel.scope_del"))
		return apply_rel_scopes(st, rec, false, err, len);
	return rerr(err, len, -EPROTO, "unknown record type '%s'", t);
}

json_object *dfod_snapshot_build(const struct dfod_state *st, uint64_t seq)
{
	json_object *o = json_object_new_object(), *arr;
	size_t i;
	int err = 0;

	if (!o)
		return NULL;
	err |= dfod_jadd_str(o, "format", DFOD_SNAPSHOT_FORMAT);
	err |= dfod_jadd_u64(o, "version", DFOD_SNAPSHOT_VERSION);
	err |= dfod_jadd_u64(o, "seq", seq);
	err |= dfod_jadd_u64(o, "next_rel_id", st->next_rel_id);
	arr = json_object_new_array_ext(dfod_scope_count(st));
	err |= dfod_jadd(o, "scopes", arr);
	for (i = 0; !err && i < dfod_scope_count(st); i++) {
		json_object *s = dfod_scope_json(dfod_scope_at(st, i), true);

		if (!s || json_object_array_add(arr, s)) {
			json_object_put(s);
			err = -ENOMEM;
		}
	}
	if (!err) {
		arr = json_object_new_array_ext(dfod_rel_count(st));
		err |= dfod_jadd(o, "relationships", arr);
	}
	for (i = 0; !err && i < dfod_rel_count(st); i++) {
		json_object *r = dfod_rel_json(dfod_rel_at(st, i), true);

		if (!r || json_object_array_add(arr, r)) {
			json_object_put(r);
			err = -ENOMEM;
		}
	}
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

int dfod_snapshot_load(struct dfod_state *st, json_object *snap, uint64_t *seq, char *err,
		       size_t len)
{
	const char *fmt;
	json_object *arr;
	uint32_t ver, next = 1;
	size_t i, n;
	char pfx[64];
	int r;

	if (!snap || !json_object_is_type(snap, json_type_object))
		return rerr(err, len, -EINVAL, "not a JSON object");
	if (dfod_json_str(snap, "format", &fmt) || strcmp(fmt, DFOD_SNAPSHOT_FORMAT))
		return rerr(err, len, -EINVAL, "not a dhcpfo state file (no \"format\": \"%s\")",
			    DFOD_SNAPSHOT_FORMAT);
	if (dfod_json_u32(snap, "version", &ver))
		return rerr(err, len, -EINVAL, "no 'version'");
	if (ver != DFOD_SNAPSHOT_VERSION)
		return rerr(err, len, -EPROTO, "state version %u is not supported (this build "
			    "reads version %d)", ver, DFOD_SNAPSHOT_VERSION);
	if (dfod_json_u64(snap, "seq", seq))
		return rerr(err, len, -EINVAL, "no valid 'seq'");
	r = dfod_json_u32(snap, "next_rel_id", &next);
	if (r && r != -ENOENT)
		return rerr(err, len, -EINVAL, "invalid 'next_rel_id'");

	arr = member(snap, "scopes");
	if (!arr || !json_object_is_type(arr, json_type_array))
		return rerr(err, len, -EINVAL, "no 'scopes' array");
	n = json_object_array_length(arr);
	for (i = 0; i < n; i++) {
		json_object *rec = json_object_new_object();

		if (!rec)
			return rerr(err, len, -ENOMEM, "out of memory");
		dfod_jadd(rec, "scope", json_object_get(json_object_array_get_idx(arr, i)));
		r = apply_scope_create(st, rec, err, len);
		json_object_put(rec);
		if (r)
			goto where_scope;
	}
	arr = member(snap, "relationships");
	if (!arr || !json_object_is_type(arr, json_type_array))
		return rerr(err, len, -EINVAL, "no 'relationships' array");
	n = json_object_array_length(arr);
	for (i = 0; i < n; i++) {
		json_object *rec = json_object_new_object();

		if (!rec)
			return rerr(err, len, -ENOMEM, "out of memory");
		dfod_jadd(rec, "relationship", json_object_get(json_object_array_get_idx(arr, i)));
		r = apply_rel_create(st, rec, err, len);
		json_object_put(rec);
		if (r)
			goto where_rel;
	}
	if (next > st->next_rel_id)
		st->next_rel_id = next;
	return 0;

where_scope:
	snprintf(pfx, sizeof(pfx), "scopes[%zu]: ", i);
	goto prefix;
where_rel:
	snprintf(pfx, sizeof(pfx), "relationships[%zu]: ", i);
prefix:
	{
		size_t pl = strlen(pfx), el = strnlen(err, len);

		if (pl + el + 1 <= len) {
			memmove(err + pl, err, el + 1);
			memcpy(err, pfx, pl);
		}
	}
	return r;
}
