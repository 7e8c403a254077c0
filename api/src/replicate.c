// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Replication between failover partners (Invoke-DhcpServerv4Failover-
 * Replication), the field-by-field diff of the two copies of a scope, and
 * the configuration digests. The library orchestrates, as the cmdlets do:
 * it reads each scope here (scope.export), reads the partner's copy, and
 * sends this server's whole configuration to the partner in one
 * scope.replace, which the partner applies all or nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- shared with both.c ---------------------------------------------------- */

uint32_t dfoc_prefix_fail(uint32_t status, const char *fmt, ...)
{
	char prefix[256], msg[1024];
	va_list ap;

	snprintf(msg, sizeof(msg), "%s", dhcpfo_strerror_last());
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	return dfoc_fail(status, "%s: %s", prefix, *msg ? msg : dhcpfo_status_text(status));
}

uint32_t dhcpfo_client__open_partner(struct dhcpfo_client *c, uint32_t partner,
				     struct dhcpfo_client **out)
{
	struct dhcpfo_client_opts o = { .sz = sizeof(o) };
	char server[300], ip[16];
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!out)
		return dfoc_inval("partner (out) is NULL");
	*out = NULL;
	if (!partner && !c->set.partner_server)
		return dfoc_inval("the partner address is 0.0.0.0");
	dfoc_ip_str(partner, ip);
	snprintf(server, sizeof(server), "%s", c->set.partner_server ? c->set.partner_server : ip);
	o.socket_path = c->set.socket_path;
	o.instance = c->set.instance;
	o.timeout_ms = c->set.timeout_ms;
	o.key_file = c->set.partner_key_file ? c->set.partner_key_file : c->set.key_file;
	o.partner_server = NULL;
	st = dhcpfo_client__open(server, &o, out);
	if (st)
		return dfoc_prefix_fail(st, "partner %s", server);
	/* the partner named by the relationship may be this very agent: refuse that */
	if ((*out)->remote == c->remote && !strcmp((*out)->where, c->where)) {
		dhcpfo_client__close(*out);
		*out = NULL;
		return dfoc_inval("the partner %s is this server (%s): give the partner's API "
				  "with --partner-api / opts->partner_server", server, c->where);
	}
	return 0;
}

uint32_t dfoc_export(struct dhcpfo_client *c, uint32_t scope, json_object **reply,
		     json_object **exported, const char **digest)
{
	json_object *result;
	uint32_t st;

	*exported = NULL;
	st = dfoc_call(c, "scope.export", dfoc_args1("address", dfoc_ip_new(scope)), reply,
		       &result);
	if (st)
		return st;
	if (dfoc_get_obj(result, "scope", exported) || dfoc_get_str(result, "digest", digest)) {
		json_object_put(*reply);
		*reply = NULL;
		return dfoc_bad_reply("scope.export", "scope/digest");
	}
	return 0;
}

/* ---- the two copies, field by field ------------------------------------------ */

struct kv {
	int rank;			/* properties, ranges, exclusions, reservations, options */
	char *key, *val;
};

struct kvs {
	struct kv *v;
	size_t n, cap;
};

static void kvs_free(struct kvs *k)
{
	size_t i;

	for (i = 0; i < k->n; i++) {
		free(k->v[i].key);
		free(k->v[i].val);
	}
	free(k->v);
	memset(k, 0, sizeof(*k));
}

static int kvs_add(struct kvs *k, int rank, char *key, char *val)
{
	if (!key || !val)
		goto fail;
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 16;
		struct kv *v = realloc(k->v, cap * sizeof(*v));

		if (!v)
			goto fail;
		k->v = v;
		k->cap = cap;
	}
	k->v[k->n++] = (struct kv){ rank, key, val };
	return 0;
fail:
	free(key);
	free(val);
	return -1;
}

static char *dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dupf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && v ? json_object_get_string(v) : "";
}

/* A value as JSON text: strings quoted, so that "" shows. */
static char *jtext(json_object *o, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return strdup(v ? json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
							 JSON_C_TO_STRING_NOSLASHESCAPE) : "null");
}

static int element_kv(struct kvs *k, json_object *e)
{
	const char *t = jstr(e, "type");

	if (!strcmp(t, "range"))
		return kvs_add(k, 1, dupf("range %s-%s", jstr(e, "start"), jstr(e, "end")),
			       strdup(jstr(e, "range_type")));
	if (!strcmp(t, "exclusion"))
		return kvs_add(k, 2, dupf("exclusion %s-%s", jstr(e, "start"), jstr(e, "end")),
			       strdup("excluded"));
	return kvs_add(k, 3, dupf("reservation %s", jstr(e, "address")),
		       dupf("%s \"%s\"", jstr(e, "hwaddr"), jstr(e, "name")));
}

static int option_kv(struct kvs *k, json_object *o)
{
	json_object *vals = NULL;
	const char *name = jstr(o, "name");

	json_object_object_get_ex(o, "values", &vals);
	return kvs_add(k, 4, dupf("option %s%s%s%s", jstr(o, "code"), *name ? " (" : "", name,
				  *name ? ")" : ""),
		       dupf("%s %s", jstr(o, "type"), vals ? json_object_to_json_string_ext(
			       vals, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE) : "[]"));
}

static int kv_cmp(const void *a, const void *b)
{
	const struct kv *x = a, *y = b;

	return x->rank != y->rank ? x->rank - y->rank : strcmp(x->key, y->key);
}

/* The replicated fields of an exported scope as sorted key/value pairs. */
static int scope_kvs(json_object *s, struct kvs *k)
{
	static const char *const props[] = { "name", "comment", "state", "lease_duration" };
	json_object *arr;
	size_t i;
	int err = 0;

	for (i = 0; !err && i < sizeof(props) / sizeof(props[0]); i++)
		err = kvs_add(k, 0, strdup(props[i]), jtext(s, props[i]));
	if (!err && json_object_object_get_ex(s, "elements", &arr) &&
	    json_object_is_type(arr, json_type_array))
		for (i = 0; !err && i < json_object_array_length(arr); i++)
			err = element_kv(k, json_object_array_get_idx(arr, i));
	if (!err && json_object_object_get_ex(s, "options", &arr) &&
	    json_object_is_type(arr, json_type_array))
		for (i = 0; !err && i < json_object_array_length(arr); i++)
			err = option_kv(k, json_object_array_get_idx(arr, i));
	if (!err)
		qsort(k->v, k->n, sizeof(*k->v), kv_cmp);
	return err;
}

/* ---- result lines (built, then copied into one block) ------------------------ */

struct line {
	uint32_t scope, partner, status;
	char *rel, *msg;
	enum dhcpfo_sync_outcome outcome;
	struct kvs diffs;		/* key = what, val = "here\npartner" packed below */
	char **here, **there;		/* parallel to diffs.v: NULL = absent */
};

struct lines {
	struct line *v;
	uint32_t n, cap, failed;
};

static void line_free(struct line *l)
{
	size_t i;

	for (i = 0; i < l->diffs.n; i++) {
		free(l->here[i]);
		free(l->there[i]);
	}
	free(l->here);
	free(l->there);
	kvs_free(&l->diffs);
	free(l->rel);
	free(l->msg);
}

static void lines_free(struct lines *ls)
{
	uint32_t i;

	for (i = 0; i < ls->n; i++)
		line_free(&ls->v[i]);
	free(ls->v);
}

static struct line *line_new(struct lines *ls, uint32_t scope, const char *rel)
{
	struct line *l;

	if (ls->n == ls->cap) {
		uint32_t cap = ls->cap ? 2 * ls->cap : 8;
		struct line *v = realloc(ls->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		ls->v = v;
		ls->cap = cap;
	}
	l = &ls->v[ls->n];
	memset(l, 0, sizeof(*l));
	l->scope = scope;
	if (rel && !(l->rel = strdup(rel)))
		return NULL;
	ls->n++;
	return l;
}

static int diff_add(struct line *l, const char *what, const char *here, const char *there)
{
	size_t n = l->diffs.n;
	char **h = realloc(l->here, (n + 1) * sizeof(*h)), **t;

	if (!h)
		return -1;
	l->here = h;
	t = realloc(l->there, (n + 1) * sizeof(*t));
	if (!t)
		return -1;
	l->there = t;
	if (kvs_add(&l->diffs, 0, strdup(what), strdup("")))
		return -1;
	l->here[n] = here ? strdup(here) : NULL;
	l->there[n] = there ? strdup(there) : NULL;
	return (here && !l->here[n]) || (there && !l->there[n]) ? -1 : 0;
}

/* Merge the two sorted lists into the line's diffs. */
static int diff_scopes(struct line *l, json_object *here, json_object *there)
{
	struct kvs a = { 0 }, b = { 0 };
	size_t i = 0, j = 0;
	int err;

	err = scope_kvs(here, &a) || scope_kvs(there, &b);
	while (!err && (i < a.n || j < b.n)) {
		int c = i == a.n ? 1 : j == b.n ? -1 : kv_cmp(&a.v[i], &b.v[j]);

		if (c < 0) {
			err = diff_add(l, a.v[i].key, a.v[i].val, NULL);
			i++;
		} else if (c > 0) {
			err = diff_add(l, b.v[j].key, NULL, b.v[j].val);
			j++;
		} else {
			if (strcmp(a.v[i].val, b.v[j].val))
				err = diff_add(l, a.v[i].key, a.v[i].val, b.v[j].val);
			i++;
			j++;
		}
	}
	kvs_free(&a);
	kvs_free(&b);
	return err ? -1 : 0;
}

static int line_set(struct line *l, enum dhcpfo_sync_outcome o, uint32_t status,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int line_set(struct line *l, enum dhcpfo_sync_outcome o, uint32_t status,
		    const char *fmt, ...)
{
	va_list ap;
	int n;

	l->outcome = o;
	l->status = status;
	free(l->msg);
	va_start(ap, fmt);
	n = vasprintf(&l->msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		l->msg = NULL;
	return n < 0 ? -1 : 0;
}

/* A failed scope: the error's name, code and the thread's message. */
static int line_error(struct lines *ls, struct line *l, uint32_t status)
{
	const char *name = dhcpfo_status_name(status);
	char a[16];

	ls->failed++;
	dfoc_ip_str(l->scope, a);
	return line_set(l, DHCPFO_SYNC_ERROR, status, "%s%s%s%s: %s (%u): %s",
			l->scope ? a : "relationship", l->rel ? " (" : "", l->rel ? l->rel : "",
			l->rel ? ")" : "", name ? name : "ERROR", status, dhcpfo_strerror_last());
}

static int lines_place(struct dfoc_blk *b, const void *src, void *root)
{
	const struct lines *ls = src;
	struct dhcpfo_scope_sync_array *out = root;
	struct dhcpfo_scope_sync *items;
	uint32_t i;
	size_t j;

	out->n = ls->n;
	out->n_failed = ls->failed;
	items = dfoc_blk_take(b, ls->n * sizeof(*items), _Alignof(struct dhcpfo_scope_sync));
	out->items = items;
	for (i = 0; i < ls->n; i++) {
		const struct line *l = &ls->v[i];
		struct dhcpfo_sync_diff *d = dfoc_blk_take(b, l->diffs.n * sizeof(*d),
							   _Alignof(struct dhcpfo_sync_diff));
		const char *rel = dfoc_blk_str(b, l->rel), *msg = dfoc_blk_str(b, l->msg ? l->msg : "");

		for (j = 0; j < l->diffs.n; j++) {
			const char *w = dfoc_blk_str(b, l->diffs.v[j].key);
			const char *h = dfoc_blk_str(b, l->here[j]);
			const char *t = dfoc_blk_str(b, l->there[j]);

			if (d)
				d[j] = (struct dhcpfo_sync_diff){ w, h, t };
		}
		if (items)
			items[i] = (struct dhcpfo_scope_sync){
				.scope = l->scope, .relationship = rel, .partner = l->partner,
				.outcome = l->outcome, .status = l->status, .message = msg,
				.n_diffs = (uint32_t)l->diffs.n, .diffs = l->diffs.n ? d : NULL,
			};
	}
	return 0;
}

/* ---- a replication run -------------------------------------------------------- */

/* Partners opened once per run; a failed open is remembered, not retried. */
struct peer {
	uint32_t addr;
	struct dhcpfo_client *c;
	uint32_t status;
	char msg[1024];
};

struct rel_info {
	char *name;
	uint32_t partner;
};

struct run {
	struct dhcpfo_client *c;
	bool force;
	struct peer peers[8];
	uint32_t n_peers;
	struct rel_info *rels;
	uint32_t n_rels;
	struct lines out;
};

static void run_free(struct run *r)
{
	uint32_t i;

	for (i = 0; i < r->n_peers; i++)
		dhcpfo_client__close(r->peers[i].c);
	for (i = 0; i < r->n_rels; i++)
		free(r->rels[i].name);
	free(r->rels);
	lines_free(&r->out);
}

static uint32_t partner_of(const struct dhcpfo_relationship *rel)
{
	return rel->server_type == DHCPFO_SERVER_PRIMARY ? rel->secondary_server :
							   rel->primary_server;
}

/* The partner address of relationship @name (asked once per run). */
static uint32_t rel_partner(struct run *r, const char *name, uint32_t *partner)
{
	struct dhcpfo_relationship *rel;
	struct rel_info *v;
	uint32_t i, st;

	for (i = 0; i < r->n_rels; i++)
		if (!strcmp(r->rels[i].name, name)) {
			*partner = r->rels[i].partner;
			return 0;
		}
	st = dhcpfo_failover_get(r->c, name, &rel);
	if (st)
		return st;
	*partner = partner_of(rel);
	dhcpfo_free(rel);
	v = realloc(r->rels, (r->n_rels + 1) * sizeof(*v));
	if (!v)
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
	r->rels = v;
	v[r->n_rels].name = strdup(name);
	v[r->n_rels].partner = *partner;
	if (!v[r->n_rels].name)
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
	r->n_rels++;
	return 0;
}

static uint32_t peer(struct run *r, uint32_t addr, struct dhcpfo_client **pc)
{
	struct peer *p;
	uint32_t i;

	for (i = 0; i < r->n_peers; i++)
		if (r->peers[i].addr == addr)
			break;
	if (i == r->n_peers) {
		if (r->n_peers == sizeof(r->peers) / sizeof(r->peers[0]))
			return dfoc_fail(DHCPFO_ERROR_NOT_SUPPORTED, "more than %zu partners in one "
					 "replication", sizeof(r->peers) / sizeof(r->peers[0]));
		p = &r->peers[r->n_peers++];
		p->addr = addr;
		p->status = dhcpfo_client__open_partner(r->c, addr, &p->c);
		snprintf(p->msg, sizeof(p->msg), "%s", dhcpfo_strerror_last());
	}
	p = &r->peers[i];
	*pc = p->c;
	return p->status ? dfoc_fail(p->status, "%s", p->msg) : 0;
}

/* The partner's copy of the scope, which must be in the same relationship there. */
static uint32_t partner_copy(struct dhcpfo_client *pc, uint32_t scope, const char *rel,
			     json_object **reply, json_object **there, const char **digest)
{
	const char *prel = NULL;
	char a[16];
	uint32_t st;

	dfoc_ip_str(scope, a);
	st = dfoc_export(pc, scope, reply, there, digest);
	if (st == DHCPFO_ERROR_DHCP_SUBNET_NOT_PRESENT)
		return dfoc_fail(st, "the partner %s has no scope %s", pc->where, a);
	if (st)
		return dfoc_prefix_fail(st, "partner %s", pc->where);
	dfoc_get_str_opt(*there, "relationship", &prel);
	if (!prel || strcmp(prel, rel)) {
		json_object_put(*reply);
		*reply = NULL;
		return dfoc_fail(DHCPFO_ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP, "on the partner %s, "
				 "scope %s is %s%s%s, not in '%s'", pc->where, a,
				 prel ? "in relationship '" : "in no relationship", prel ? prel : "",
				 prel ? "'" : "", rel);
	}
	return 0;
}

/* Send this server's configuration of the scope to the partner. */
static uint32_t push_copy(struct dhcpfo_client *pc, json_object *here, const char *rel)
{
	json_object *args = json_object_new_object();
	uint32_t st;

	if (!args || !dfoc_add(args, "scope", json_object_get(here)) ||
	    !dfoc_add_str(args, "relationship", rel)) {
		json_object_put(args);
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
	}
	st = dfoc_call_noresult(pc, "scope.replace", args);
	return st ? dfoc_prefix_fail(st, "partner %s", pc->where) : 0;
}

/* One scope: one line. Only running out of memory fails the run. */
static int sync_scope(struct run *r, uint32_t scope)
{
	json_object *rh = NULL, *rt = NULL, *here, *there;
	const char *rel = NULL, *dh, *dt;
	struct dhcpfo_client *pc = NULL;
	struct line *l = line_new(&r->out, scope, NULL);
	char a[16];
	uint32_t st;
	int err = -1;

	if (!l)
		return -1;
	dfoc_ip_str(scope, a);
	st = dfoc_export(r->c, scope, &rh, &here, &dh);
	if (!st && (dfoc_get_str_opt(here, "relationship", &rel), !rel))
		st = dfoc_fail(DHCPFO_ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP,
			       "scope %s is not in a failover relationship", a);
	if (!st && !(l->rel = strdup(rel)))
		goto out;
	if (!st)
		st = rel_partner(r, rel, &l->partner);
	if (!st)
		st = peer(r, l->partner, &pc);
	if (!st)
		st = partner_copy(pc, scope, rel, &rt, &there, &dt);
	if (st) {
		err = line_error(&r->out, l, st);
		goto out;
	}
	if (!strcmp(dh, dt)) {
		err = line_set(l, DHCPFO_SYNC_UNCHANGED, 0, "%s (%s): unchanged, equal on %s", a,
			       rel, pc->where);
		goto out;
	}
	if (diff_scopes(l, here, there))
		goto out;
	if (!r->force) {
		err = line_set(l, DHCPFO_SYNC_DIFFERS, 0, "%s (%s): %zu difference%s with %s", a,
			       rel, l->diffs.n, l->diffs.n == 1 ? "" : "s", pc->where);
		goto out;
	}
	st = push_copy(pc, here, rel);
	if (st)
		err = line_error(&r->out, l, st);
	else
		err = line_set(l, DHCPFO_SYNC_REPLICATED, 0, "%s (%s): replicated to %s (%zu "
			       "difference%s)", a, rel, pc->where, l->diffs.n,
			       l->diffs.n == 1 ? "" : "s");
out:
	json_object_put(rh);
	json_object_put(rt);
	return err;
}

static uint32_t run_finish(struct run *r, struct dhcpfo_scope_sync_array **lines)
{
	uint32_t st;

	*lines = DFOC_BUILD(struct dhcpfo_scope_sync_array, lines_place, &r->out,
			    "replication", &st);
	run_free(r);
	if (!st)
		dfoc_ok();
	return st;
}

static uint32_t run_nomem(struct run *r)
{
	run_free(r);
	return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
}

uint32_t dhcpfo_failover_replicate_by_scope_id(struct dhcpfo_client *c, const uint32_t *scopes,
					       uint32_t n_scopes, bool force,
					       struct dhcpfo_scope_sync_array **lines)
{
	struct run r = { .c = c, .force = force };
	uint32_t i;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!lines)
		return dfoc_inval("lines (out) is NULL");
	*lines = NULL;
	if (!scopes || !n_scopes)
		return dfoc_inval("no scopes given");
	for (i = 0; i < n_scopes; i++)
		if (sync_scope(&r, scopes[i]))
			return run_nomem(&r);
	return run_finish(&r, lines);
}

/* Every relationship's name, for replicate_by_name without names. */
static uint32_t all_names(struct dhcpfo_client *c, char ***names, uint32_t *n)
{
	struct dhcpfo_relationship_array *page;
	uint32_t handle = 0, read, total, st, i;
	char **v;

	*names = NULL;
	*n = 0;
	for (;;) {
		st = dhcpfo_failover_enum(c, &handle, 100, &page, &read, &total);
		if (st == DHCPFO_ERROR_NO_MORE_ITEMS)
			return 0;
		if (st && st != DHCPFO_ERROR_MORE_DATA)
			return st;
		v = realloc(*names, (*n + page->n) * sizeof(*v));
		if (!v) {
			dhcpfo_free(page);
			return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		}
		*names = v;
		for (i = 0; i < page->n; i++)
			if ((v[*n] = strdup(page->items[i].name)))
				(*n)++;
		dhcpfo_free(page);
		if (st != DHCPFO_ERROR_MORE_DATA)
			return 0;
	}
}

static int sync_rel(struct run *r, const char *name)
{
	struct dhcpfo_relationship *rel;
	struct line *l;
	uint32_t st, i;

	st = dhcpfo_failover_get(r->c, name, &rel);
	if (st) {
		l = line_new(&r->out, 0, name);
		return l ? line_error(&r->out, l, st) : -1;
	}
	for (i = 0; i < rel->n_scopes; i++)
		if (sync_scope(r, rel->scopes[i])) {
			dhcpfo_free(rel);
			return -1;
		}
	dhcpfo_free(rel);
	return 0;
}

uint32_t dhcpfo_failover_replicate_by_name(struct dhcpfo_client *c, const char *const *names,
					   uint32_t n_names, bool force,
					   struct dhcpfo_scope_sync_array **lines)
{
	struct run r = { .c = c, .force = force };
	char **all = NULL;
	uint32_t n_all = 0, i, st;
	int err = 0;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!lines)
		return dfoc_inval("lines (out) is NULL");
	*lines = NULL;
	if (n_names && !names)
		return dfoc_inval("names is NULL");
	for (i = 0; i < n_names; i++)
		if (!names[i] || !dfoc_utf8_valid(names[i]))
			return dfoc_inval("names[%u] is NULL or not UTF-8", i);
	if (!n_names) {
		st = all_names(c, &all, &n_all);
		if (st)
			return st;
	}
	for (i = 0; !err && i < (n_names ? n_names : n_all); i++)
		err = sync_rel(&r, n_names ? names[i] : all[i]);
	for (i = 0; i < n_all; i++)
		free(all[i]);
	free(all);
	return err ? run_nomem(&r) : run_finish(&r, lines);
}

uint32_t dhcpfo_failover_diff(struct dhcpfo_client *c, const char *const *names,
			      uint32_t n_names, struct dhcpfo_scope_sync_array **lines)
{
	return dhcpfo_failover_replicate_by_name(c, names, n_names, false, lines);
}

void dhcpfo_scope_sync_array__free(struct dhcpfo_scope_sync_array *lines)
{
	dhcpfo_free(lines);
}

/* ---- digests ------------------------------------------------------------------- */

static uint32_t digest_of(struct dhcpfo_client *c, const char *name,
			  char digest[DHCPFO_DIGEST_HEX_LEN + 1])
{
	json_object *reply, *result;
	const char *d;
	uint32_t st;

	st = dfoc_call(c, "failover.digest", dfoc_args1("name", json_object_new_string(name)),
		       &reply, &result);
	if (st)
		return st;
	if (dfoc_get_str(result, "digest", &d) || strlen(d) != DHCPFO_DIGEST_HEX_LEN) {
		json_object_put(reply);
		return dfoc_bad_reply("failover.digest", "digest");
	}
	memcpy(digest, d, DHCPFO_DIGEST_HEX_LEN + 1);
	json_object_put(reply);
	return 0;
}

uint32_t dhcpfo_failover_digest(struct dhcpfo_client *c, const char *name,
				char digest[DHCPFO_DIGEST_HEX_LEN + 1])
{
	if (!c)
		return dfoc_inval("client is NULL");
	if (!name || !dfoc_utf8_valid(name))
		return dfoc_inval("relationship name is NULL or not UTF-8");
	if (!digest)
		return dfoc_inval("digest (out) is NULL");
	return digest_of(c, name, digest);
}

uint32_t dhcpfo_failover_sync_check(struct dhcpfo_client *c, const char *name, bool *in_sync,
				    char digest[DHCPFO_DIGEST_HEX_LEN + 1],
				    char partner_digest[DHCPFO_DIGEST_HEX_LEN + 1])
{
	char theirs[DHCPFO_DIGEST_HEX_LEN + 1];
	struct dhcpfo_relationship *rel;
	struct dhcpfo_client *pc;
	uint32_t st;

	if (!in_sync || !digest)
		return dfoc_inval("in_sync or digest (out) is NULL");
	*in_sync = false;
	st = dhcpfo_failover_digest(c, name, digest);
	if (st)
		return st;
	st = dhcpfo_failover_get(c, name, &rel);
	if (st)
		return st;
	st = dhcpfo_client__open_partner(c, partner_of(rel), &pc);
	dhcpfo_free(rel);
	if (st)
		return st;
	st = digest_of(pc, name, theirs);
	if (st)
		st = dfoc_prefix_fail(st, "partner %s", pc->where);
	dhcpfo_client__close(pc);
	if (st)
		return st;
	*in_sync = !strcmp(digest, theirs);
	if (partner_digest)
		memcpy(partner_digest, theirs, sizeof(theirs));
	dfoc_ok();
	return 0;
}
