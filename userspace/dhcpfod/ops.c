// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dhcpfo_status.h"
#include "log.h"
#include "ops.h"
#include "ops_util.h"
#include "ops_repl.h"
#include "policy.h"
#include "record.h"
#include "rfc3074.h"
#include "serial.h"

static unsigned int errno_status(int err)
{
	switch (err) {
	case -ENOMEM:
		return DHCPFO_ERROR_NOT_ENOUGH_MEMORY;
	case -EINVAL:
		return DHCPFO_ERROR_INVALID_PARAMETER;
	case -EACCES:
	case -EPERM:
		return DHCPFO_ERROR_ACCESS_DENIED;
	default:
		return DHCPFO_ERROR_INTERNAL_ERROR;
	}
}

/* Journal and apply @rec (consumed). */
static unsigned int commit(struct dfod_agent *a, json_object *rec, struct dfod_res *r)
{
	char err[256] = "";
	int e;

	if (!rec)
		return dfod_nomem(r);
	e = dfod_agent_commit(a, rec, err, sizeof(err));
	json_object_put(rec);
	if (e)
		return dfod_fail(r, errno_status(e), "the change was not made: %s",
				 err[0] ? err : strerror(-e));
	return dfod_ok_empty(r);
}

static char *ipstr(uint32_t a, char buf[DFOD_IPV4_STRLEN])
{
	return dfod_fmt_ipv4(a, buf);
}

/*
 * Enum paging: resume_handle is an index, preferred_max counts elements.
 * Fills *@start and *@n, or fails with NO_MORE_ITEMS / INVALID_PARAMETER.
 */
static unsigned int page_args(struct dfod_res *r, json_object *args, size_t count,
			      size_t *start, size_t *n)
{
	uint32_t handle = 0, max = UINT32_MAX;
	int e;

	e = dfod_json_u32(args, "resume_handle", &handle);
	if (e == -EINVAL)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'resume_handle' must be an integer from 0 to 4294967295");
	e = dfod_json_u32(args, "preferred_max", &max);
	if (e == -EINVAL)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'preferred_max' must be an integer from 0 to 4294967295");
	if (handle >= count || !max)
		return dfod_fail(r, DHCPFO_ERROR_NO_MORE_ITEMS, "no more items at resume handle %u "
				 "(%zu in all)", handle, count);
	*start = handle;
	*n = count - handle < max ? count - handle : max;
	return 0;
}

/* Finish a page: counters, and MORE_DATA when elements are left. */
static unsigned int page_done(struct dfod_res *r, json_object *res, size_t start, size_t n,
			      size_t count)
{
	size_t left = count - start - n;

	if (dfod_jadd_u64(res, "resume_handle", start + n) || dfod_jadd_u64(res, "read", n) ||
	    dfod_jadd_u64(res, "total", left)) {
		json_object_put(res);
		return dfod_nomem(r);
	}
	dfod_ok(r, res);
	if (left) {
		r->status = DHCPFO_ERROR_MORE_DATA;
		snprintf(r->msg, sizeof(r->msg), "%zu more after this page", left);
	}
	return r->status;
}

/* The relationship name + scope list arguments of scope_add/scope_delete. */
static unsigned int name_and_scopes(struct dfod_res *r, json_object *args, const char **name,
				    struct dfod_rel_in *in)
{
	char err[256];
	unsigned int st;

	memset(in, 0, sizeof(*in));
	st = dfod_arg_name(r, args, "name", name);
	if (st)
		return st;
	if (!dfod_member(args, "scopes"))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "'scopes' is missing");
	/* Reuse the relationship parser for the scopes member only. */
	if (dfod_rel_parse(args, ~DFOD_RF_SCOPES, in, err, sizeof(err)))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "%s", err);
	if (!in->n_scopes) {
		dfod_rel_in_free(in);
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "'scopes' is empty");
	}
	return 0;
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* A scope listed twice: an index of the second mention, or -1. */
static long duplicate(const uint32_t *v, uint32_t n, uint32_t *dup)
{
	uint32_t *s = malloc((n ? n : 1) * sizeof(*s)), i;
	long r = -1;

	if (!s)
		return -2;
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), u32_cmp);
	for (i = 1; i < n; i++)
		if (s[i] == s[i - 1]) {
			*dup = s[i];
			r = i;
			break;
		}
	free(s);
	return r;
}

static unsigned int check_no_duplicates(struct dfod_res *r, const struct dfod_rel_in *in)
{
	char b[DFOD_IPV4_STRLEN];
	uint32_t dup;
	long d = duplicate(in->scopes, in->n_scopes, &dup);

	if (d == -2)
		return dfod_nomem(r);
	if (d >= 0)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "scope %s is listed twice",
				 ipstr(dup, b));
	return 0;
}

/* MS order, step "scope missing" then "BOOTP-only scope". */
static unsigned int check_scopes_usable(struct dfod_agent *a, struct dfod_res *r,
					const uint32_t *scopes, uint32_t n)
{
	char b[DFOD_IPV4_STRLEN];
	struct dfod_scope *s;
	uint32_t i;

	for (i = 0; i < n; i++)
		if (!dfod_scope_find(&a->st, scopes[i]))
			return dfod_fail(r, DHCPFO_ERROR_DHCP_SUBNET_NOT_PRESENT,
					 "scope %s does not exist", ipstr(scopes[i], b));
	for (i = 0; i < n; i++) {
		s = dfod_scope_find(&a->st, scopes[i]);
		if (dfod_scope_has_bootp_only(s))
			return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
					 "scope %s has a BOOTP-only range: it cannot be in a "
					 "failover relationship", ipstr(scopes[i], b));
	}
	return 0;
}

static unsigned int check_scopes_free(struct dfod_agent *a, struct dfod_res *r,
				      const uint32_t *scopes, uint32_t n)
{
	char b[DFOD_IPV4_STRLEN];
	struct dfod_scope *s;
	uint32_t i;

	for (i = 0; i < n; i++) {
		s = dfod_scope_find(&a->st, scopes[i]);
		if (s->rel)
			return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP,
					 "scope %s is already in relationship '%s'",
					 ipstr(scopes[i], b), s->rel->name);
	}
	return 0;
}

static json_object *rel_record(const char *t, const struct dfod_rel *r)
{
	json_object *rec = dfod_record_new(t);

	if (rec && dfod_jadd(rec, "relationship", dfod_rel_json(r, true))) {
		json_object_put(rec);
		return NULL;
	}
	return rec;
}

static void warn_not_us(struct dfod_agent *a, const struct dfod_rel *r)
{
	char b1[DFOD_IPV4_STRLEN], b2[DFOD_IPV4_STRLEN];
	uint32_t us = r->server_type == DFO_ROLE_PRIMARY ? r->primary : r->secondary;

	if (a->cfg->server_addr && us != a->cfg->server_addr)
		dfo_warn("relationship '%s': this server is the %s, %s, but --server-address "
			 "is %s", r->name, dfod_role_name(r->server_type), ipstr(us, b1),
			 ipstr(a->cfg->server_addr, b2));
}

/* CreateRelationship's first group: everything a NULL or bad value can be. */
static unsigned int create_args(struct dfod_res *r, const struct dfod_rel_in *in)
{
	const unsigned int st = DHCPFO_ERROR_INVALID_PARAMETER;

	if (!(in->have & DFOD_RF_NAME) || !in->name[0])
		return dfod_fail(r, st, "the relationship has no name");
	if (!(in->have & DFOD_RF_PRIMARY) || !in->r.primary)
		return dfod_fail(r, st, "'primary_server' is missing or 0.0.0.0");
	if (!(in->have & DFOD_RF_SECONDARY) || !in->r.secondary)
		return dfod_fail(r, st, "'secondary_server' is missing or 0.0.0.0");
	if (!in->n_scopes)
		return dfod_fail(r, st, "'scopes' is missing or empty");
	/* percentage > 100, a bad mode or server type were refused by the parser. */
	return check_no_duplicates(r, in);
}

/* CreateRelationship's checks against the state, in MS-DHCPM order. */
static unsigned int create_checks(struct dfod_agent *a, struct dfod_res *r,
				  const struct dfod_rel_in *in)
{
	unsigned int st = check_scopes_usable(a, r, in->scopes, in->n_scopes);

	if (st)
		return st;
	if (dfod_utf8_len(in->name) > DFOD_REL_NAME_MAX)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG,
				 "the name has %ld characters; at most %d are allowed",
				 dfod_utf8_len(in->name), DFOD_REL_NAME_MAX);
	if (dfod_rel_count(&a->st) >= a->cfg->max_rels)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_MAX_RELATIONSHIPS,
				 "%u relationships exist, the limit (--max-relationships)",
				 a->cfg->max_rels);
	st = check_scopes_free(a, r, in->scopes, in->n_scopes);
	if (st)
		return st;
	if (dfod_rel_find(&a->st, in->name))
		return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_RELATIONSHIP_EXISTS,
				 "relationship '%s' already exists", in->name);
	if (!a->st.next_rel_id)
		return dfod_fail(r, DHCPFO_ERROR_INTERNAL_ERROR, "relationship ids are exhausted");
	return 0;
}

/*
 * The new relationship (strings borrowed from @in): STARTUP after INIT
 * whatever the caller said, safe period 0 = off, cmdlet defaults for the rest.
 */
static void create_fill(struct dfod_agent *a, const struct dfod_rel_in *in, struct dfod_rel *t)
{
	memset(t, 0, sizeof(*t));
	t->id = a->st.next_rel_id;
	t->name = (char *)in->name;
	t->primary = in->r.primary;
	t->secondary = in->r.secondary;
	t->mode = in->have & DFOD_RF_MODE ? in->r.mode : DFO_MODE_LOAD_BALANCE;
	t->server_type = in->have & DFOD_RF_SERVER_TYPE ? in->r.server_type : DFO_ROLE_PRIMARY;
	t->state = DFO_FSM_STARTUP;
	t->prev_state = DFO_FSM_INIT;
	t->state_time = dfod_wall_secs();
	t->mclt = in->have & DFOD_RF_MCLT ? in->r.mclt : DFOD_DEFAULT_MCLT;
	t->safe_period = in->have & DFOD_RF_SAFE_PERIOD && in->r.safe_period ?
			 in->r.safe_period : DFOD_SAFE_PERIOD_OFF;
	t->primary_name = (char *)(in->primary_name ? in->primary_name : "");
	t->secondary_name = (char *)(in->secondary_name ? in->secondary_name : "");
	t->secret = in->secret && in->secret[0] ? (char *)in->secret : NULL;
	t->percentage = in->have & DFOD_RF_PERCENTAGE ? in->r.percentage :
			t->mode == DFO_MODE_HOT_STANDBY ? DFOD_DEFAULT_HS_PCT : DFOD_DEFAULT_LB_PCT;
	t->auto_transition = in->r.auto_transition;
	t->lb_max_secs = in->r.lb_max_secs;
	t->key_mode = in->r.key_mode;
	t->scopes = in->scopes;
	t->n_scopes = in->n_scopes;
}

/* DhcpV4FailoverCreateRelationship, MS-DHCPM 3.2.4.90. */
static unsigned int op_fo_create(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	json_object *o = dfod_member(args, "relationship");
	struct dfod_rel_in in;
	struct dfod_rel tmp;
	char err[256];
	unsigned int st;

	if (!o || !json_object_is_type(o, json_type_object))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "'relationship' is missing");
	/* Whatever state the caller gives, a new relationship starts in STARTUP. */
	if (dfod_rel_parse(o, DFOD_RF_STATE | DFOD_RF_PREV_STATE | DFOD_RF_ID |
			   DFOD_RF_STATE_TIME, &in, err, sizeof(err)))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "%s", err);
	st = create_args(r, &in);
	if (!st)
		st = create_checks(a, r, &in);
	if (st)
		goto out;
	create_fill(a, &in, &tmp);
	st = commit(a, rel_record("rel.create", &tmp), r);
	if (!st) {
		dfo_info("relationship '%s' created (id %u, %s, this server %s, %u scopes)",
			 tmp.name, tmp.id, dfod_mode_name(tmp.mode),
			 dfod_role_name(tmp.server_type), tmp.n_scopes);
		warn_not_us(a, &tmp);
	}
out:
	dfod_rel_in_free(&in);
	return st;
}

/* Members each SetRelationship flag selects. */
static const struct {
	uint32_t flag;
	uint32_t member;
	const char *key;
} set_fields[] = {
	{ DFOD_FO_MCLT, DFOD_RF_MCLT, "mclt" },
	{ DFOD_FO_SAFEPERIOD, DFOD_RF_SAFE_PERIOD, "safe_period" },
	{ DFOD_FO_CHANGESTATE, DFOD_RF_STATE, "state" },
	{ DFOD_FO_PERCENTAGE, DFOD_RF_PERCENTAGE, "percentage" },
	{ DFOD_FO_MODE, DFOD_RF_MODE, "mode" },
	{ DFOD_FO_PREVSTATE, DFOD_RF_PREV_STATE, "prev_state" },
	{ DFOD_FO_SHAREDSECRET, DFOD_RF_SECRET, NULL },	/* absent: clear */
	{ DFOD_FO_AUTO_STATE, DFOD_RF_AUTO, "auto_state_transition" },
	{ DFOD_FO_LB_MAX_SECONDS, DFOD_RF_LB_MAX, "lb_max_seconds" },
	{ DFOD_FO_HASH_KEY, DFOD_RF_HASH_KEY, "hash_key" },
};

#define N_SET_FIELDS (sizeof(set_fields) / sizeof(set_fields[0]))

/* Flags, then the members they select (and only those), into @in. */
static unsigned int set_args(struct dfod_res *r, json_object *args, json_object *o,
			     uint32_t *flags, struct dfod_rel_in *in)
{
	uint32_t want = 0;
	char err[256];
	size_t i;

	if (dfod_json_u32(args, "flags", flags) || !*flags || (*flags & ~DFOD_FO_ALL_FLAGS))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "'flags' must be a non-zero "
				 "combination of the SetRelationship flags (0x%x)",
				 DFOD_FO_ALL_FLAGS);
	for (i = 0; i < N_SET_FIELDS; i++)
		if (*flags & set_fields[i].flag)
			want |= set_fields[i].member;
	/* Members the flags do not select are not looked at, as in Windows. */
	if (dfod_rel_parse(o, ~want, in, err, sizeof(err)))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "%s", err);
	dfod_rel_in_free(in);		/* no scope list is read */
	for (i = 0; i < N_SET_FIELDS; i++)
		if ((*flags & set_fields[i].flag) && set_fields[i].key &&
		    !(in->have & set_fields[i].member))
			return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
					 "flag 0x%x is set but '%s' is missing", set_fields[i].flag,
					 set_fields[i].key);
	return 0;
}

/* @nv = @rel with the flagged members of @in (strings borrowed). */
static void set_apply(const struct dfod_rel *rel, uint32_t flags, const struct dfod_rel_in *in,
		      struct dfod_rel *nv)
{
	*nv = *rel;
	nv->n_scopes = 0;	/* rel.set carries scalars only */
	if (flags & DFOD_FO_MCLT)
		nv->mclt = in->r.mclt;
	if (flags & DFOD_FO_SAFEPERIOD)
		nv->safe_period = in->r.safe_period ? in->r.safe_period : DFOD_SAFE_PERIOD_OFF;
	if ((flags & DFOD_FO_CHANGESTATE) && in->r.state != rel->state) {
		nv->prev_state = rel->state;
		nv->state = in->r.state;
		nv->state_time = dfod_wall_secs();
	}
	if (flags & DFOD_FO_PERCENTAGE)
		nv->percentage = in->r.percentage;
	if (flags & DFOD_FO_MODE)
		nv->mode = in->r.mode;
	if (flags & DFOD_FO_PREVSTATE)
		nv->prev_state = in->r.prev_state;
	if (flags & DFOD_FO_SHAREDSECRET)
		nv->secret = in->secret && in->secret[0] ? (char *)in->secret : NULL;
	if (flags & DFOD_FO_AUTO_STATE)
		nv->auto_transition = in->r.auto_transition;
	if (flags & DFOD_FO_LB_MAX_SECONDS)
		nv->lb_max_secs = in->r.lb_max_secs;
	if (flags & DFOD_FO_HASH_KEY)
		nv->key_mode = in->r.key_mode;
}

/* The relationship called @name, or FO_RELATIONSHIP_DOES_NOT_EXIST. */
static unsigned int rel_by_name(struct dfod_agent *a, struct dfod_res *r, const char *name,
				struct dfod_rel **rel)
{
	*rel = dfod_rel_find(&a->st, name);
	if (!*rel)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST,
				 "relationship '%s' does not exist", name);
	return 0;
}

/* Scopes join or leave a relationship only in NORMAL (MS-DHCPM 3.2.4.95/96). */
static unsigned int rel_must_be_normal(struct dfod_res *r, const struct dfod_rel *rel)
{
	if (rel->state != DFO_FSM_NORMAL)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_STATE_NOT_NORMAL,
				 "relationship '%s' is in state %s, not NORMAL", rel->name,
				 dfo_fsm_state__name(rel->state));
	return 0;
}

/* DhcpV4FailoverSetRelationship, MS-DHCPM 3.2.4.91. */
static unsigned int op_fo_set(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	json_object *o = dfod_member(args, "relationship");
	struct dfod_rel_in in;
	struct dfod_rel nv, *rel;
	const char *name;
	uint32_t flags = 0;
	uint8_t old_state;
	unsigned int st;

	if (!o || !json_object_is_type(o, json_type_object))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "'relationship' is missing");
	st = dfod_arg_name(r, o, "name", &name);
	if (!st)
		st = set_args(r, args, o, &flags, &in);
	if (st)
		return st;
	st = rel_by_name(a, r, name, &rel);
	if (st)
		return st;
	set_apply(rel, flags, &in, &nv);
	old_state = rel->state;
	st = commit(a, rel_record("rel.set", &nv), r);
	if (!st && rel->state != old_state)
		dfo_info("relationship '%s': state %s -> %s", rel->name,
			 dfo_fsm_state__name(old_state), dfo_fsm_state__name(rel->state));
	return st;
}

static unsigned int find_rel(struct dfod_agent *a, struct dfod_res *r, json_object *args,
			     struct dfod_rel **rel)
{
	const char *name;
	unsigned int st = dfod_arg_name(r, args, "name", &name);

	return st ? st : rel_by_name(a, r, name, rel);
}

/* DhcpV4FailoverDeleteRelationship, 3.2.4.92. */
static unsigned int op_fo_delete(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	struct dfod_rel *rel;
	json_object *rec;
	unsigned int st = find_rel(a, r, args, &rel);
	uint32_t n;

	if (st)
		return st;
	rec = dfod_record_new("rel.delete");
	if (rec && dfod_jadd_str(rec, "name", rel->name)) {
		json_object_put(rec);
		rec = NULL;
	}
	n = rel->n_scopes;
	st = commit(a, rec, r);
	if (!st)
		dfo_info("relationship '%s' deleted (%u scopes left failover)",
			 json_object_get_string(json_object_object_get(args, "name")), n);
	return st;
}

/* DhcpV4FailoverGetRelationship, 3.2.4.93. */
static unsigned int op_fo_get(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	struct dfod_rel *rel;
	json_object *res;
	unsigned int st = find_rel(a, r, args, &rel);

	if (st)
		return st;
	res = json_object_new_object();
	if (!res || dfod_jadd(res, "relationship", dfod_rel_json(rel, false))) {
		json_object_put(res);
		return dfod_nomem(r);
	}
	return dfod_ok(r, res);
}

/* A relationship's reply form as JSON text, cached until it changes. */
static const char *rel_text(struct dfod_rel *rel, size_t *len)
{
	json_object *o;
	const char *t;

	if (!rel->reply_text || rel->reply_gen != rel->gen) {
		o = dfod_rel_json(rel, false);
		t = o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
						       JSON_C_TO_STRING_NOSLASHESCAPE) : NULL;
		free(rel->reply_text);
		rel->reply_text = t ? strdup(t) : NULL;
		rel->reply_gen = rel->gen;
		json_object_put(o);
		if (!rel->reply_text)
			return NULL;
	}
	*len = strlen(rel->reply_text);
	return rel->reply_text;
}

/* DhcpV4FailoverEnumRelationship, 3.2.4.94. */
static unsigned int op_fo_enum(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	size_t count = dfod_rel_count(&a->st), start, n, i, len, total = 64, off;
	const char **texts;
	size_t *lens;
	char *raw;
	unsigned int st = page_args(r, args, count, &start, &n);

	if (st)
		return st;
	/* Spliced from cached text: a thousand relationships cost a memcpy each. */
	texts = calloc(n, sizeof(*texts));
	lens = calloc(n, sizeof(*lens));
	if (!texts || !lens)
		goto nomem;
	for (i = 0; i < n; i++) {
		texts[i] = rel_text(dfod_rel_at(&a->st, start + i), &len);
		if (!texts[i])
			goto nomem;
		lens[i] = len;
		total += len + 1;
	}
	raw = malloc(total + 96);
	if (!raw)
		goto nomem;
	off = sprintf(raw, "{\"relationships\":[");
	for (i = 0; i < n; i++) {
		if (i)
			raw[off++] = ',';
		memcpy(raw + off, texts[i], lens[i]);
		off += lens[i];
	}
	sprintf(raw + off, "],\"resume_handle\":%zu,\"read\":%zu,\"total\":%zu}", start + n, n,
		count - start - n);
	free(texts);
	free(lens);
	dfod_res_free(r);
	r->raw = raw;
	r->status = DHCPFO_ERROR_SUCCESS;
	r->msg[0] = '\0';
	if (count - start - n) {
		r->status = DHCPFO_ERROR_MORE_DATA;
		snprintf(r->msg, sizeof(r->msg), "%zu more after this page", count - start - n);
	}
	return r->status;
nomem:
	free(texts);
	free(lens);
	return dfod_nomem(r);
}

static json_object *scopes_record(const char *t, const char *name, const uint32_t *scopes,
				  uint32_t n)
{
	json_object *rec = dfod_record_new(t), *arr;
	char b[DFOD_IPV4_STRLEN];
	uint32_t i;

	if (!rec)
		return NULL;
	arr = json_object_new_array_ext(n);
	if (dfod_jadd_str(rec, "name", name) || dfod_jadd(rec, "scopes", arr))
		goto fail;
	for (i = 0; i < n; i++)
		if (json_object_array_add(arr, json_object_new_string(ipstr(scopes[i], b))))
			goto fail;
	return rec;
fail:
	json_object_put(rec);
	return NULL;
}

/* Steps shared by AddScope and DeleteScope, up to "no relationships at all". */
static unsigned int scope_list_checks(struct dfod_agent *a, struct dfod_res *r,
				      json_object *args, const char **name,
				      struct dfod_rel_in *in)
{
	unsigned int st = name_and_scopes(r, args, name, in);

	if (st)
		return st;
	if (in->n_scopes > DFOD_MAX_ADD_SCOPES)
		st = dfod_fail(r, DHCPFO_ERROR_DHCP_FO_MAX_ADD_SCOPES,
			       "%u scopes in one call; at most %d", in->n_scopes,
			       DFOD_MAX_ADD_SCOPES);
	if (!st)
		st = check_no_duplicates(r, in);
	if (!st)
		st = check_scopes_usable(a, r, in->scopes, in->n_scopes);
	if (!st && !dfod_rel_count(&a->st))
		st = dfod_fail(r, DHCPFO_ERROR_FILE_NOT_FOUND,
			       "there are no failover relationships");
	if (st)
		dfod_rel_in_free(in);
	return st;
}

/* DhcpV4FailoverAddScopeToRelationship, 3.2.4.95. */
static unsigned int op_fo_scope_add(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	struct dfod_rel_in in;
	struct dfod_rel *rel;
	const char *name;
	unsigned int st;

	st = scope_list_checks(a, r, args, &name, &in);
	if (st)
		return st;
	st = check_scopes_free(a, r, in.scopes, in.n_scopes);
	if (st)
		goto out;
	st = rel_by_name(a, r, name, &rel);
	if (!st)
		st = rel_must_be_normal(r, rel);
	if (st)
		goto out;
	st = commit(a, scopes_record("rel.scope_add", name, in.scopes, in.n_scopes), r);
out:
	dfod_rel_in_free(&in);
	return st;
}

/* DhcpV4FailoverDeleteScopeFromRelationship, 3.2.4.96. */
static unsigned int op_fo_scope_delete(struct dfod_agent *a, json_object *args,
				       struct dfod_res *r)
{
	char b[DFOD_IPV4_STRLEN];
	struct dfod_rel_in in;
	struct dfod_rel *rel;
	const char *name;
	unsigned int st;
	uint32_t i;

	st = scope_list_checks(a, r, args, &name, &in);
	if (st)
		return st;
	st = rel_by_name(a, r, name, &rel);
	if (st)
		goto out;
	for (i = 0; i < in.n_scopes; i++)
		if (dfod_scope_find(&a->st, in.scopes[i])->rel != rel) {
			st = dfod_fail(r, DHCPFO_ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP,
				       "scope %s is not in relationship '%s'",
				       ipstr(in.scopes[i], b), name);
			goto out;
		}
	st = rel_must_be_normal(r, rel);
	if (st)
		goto out;
	st = commit(a, scopes_record("rel.scope_del", name, in.scopes, in.n_scopes), r);
out:
	dfod_rel_in_free(&in);
	return st;
}

/* DhcpV4FailoverGetScopeRelationship, 3.2.4.97. */
static unsigned int op_fo_scope_get(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	struct dfod_scope *s;
	json_object *res;
	unsigned int st = dfod_arg_failover_scope(a, r, args, &s);

	if (st)
		return st;
	res = json_object_new_object();
	if (!res || dfod_jadd(res, "relationship", dfod_rel_json(s->rel, false))) {
		json_object_put(res);
		return dfod_nomem(r);
	}
	return dfod_ok(r, res);
}

/* DhcpV4FailoverGetSystemTime, 3.2.4.100. */
static unsigned int op_fo_system_time(struct dfod_agent *a, json_object *args,
				      struct dfod_res *r)
{
	json_object *res = json_object_new_object();

	(void)args;
	if (!res || dfod_jadd_u64(res, "time", dfod_wall_secs()) ||
	    dfod_jadd_u64(res, "max_allowed_delta", a->cfg->clock_skew)) {
		json_object_put(res);
		return dfod_nomem(r);
	}
	return dfod_ok(r, res);
}

/* failover.which: a client's bucket and who answers it. */
static unsigned int op_fo_which(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	char b[DFOD_IPV4_STRLEN];
	uint8_t hw[DFOD_HWADDR_MAX], hwlen = 0, cid[255];
	size_t cidlen = 0;
	const char *sv, *key_used;
	struct dfod_scope *s;
	struct dfod_rel *rel;
	struct dfo_rel comp;
	json_object *res;
	uint32_t addr;
	unsigned int st = dfod_arg_ipv4(r, args, "scope", true, &addr);
	bool have_hw, have_cid, primary;
	int e;
	__u8 bucket;

	if (st)
		return st;
	e = dfod_json_str(args, "hwaddr", &sv);
	have_hw = !e;
	if (e == -EINVAL || (have_hw && dfod_parse_hwaddr(sv, hw, &hwlen)))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'hwaddr' must be 1 to 16 bytes like 00:0c:01:02:03:04");
	e = dfod_json_str(args, "client_id", &sv);
	have_cid = !e;
	if (e == -EINVAL || (have_cid && (dfod_parse_hex(sv, cid, sizeof(cid), &cidlen) ||
					  !cidlen)))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'client_id' must be 1 to 255 bytes of hex");
	if (!have_hw && !have_cid)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "give 'hwaddr' or 'client_id'");
	s = dfod_scope_find(&a->st, addr);
	if (!s)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_SUBNET_NOT_PRESENT, "scope %s does not exist",
				 ipstr(addr, b));
	rel = s->rel;
	if (!rel)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP,
				 "scope %s is not in a failover relationship", ipstr(addr, b));
	/* The same key choice as the XDP program (bpf/dhcpfo.bpf.c client_bucket). */
	if (have_cid && rel->key_mode == DFO_KEY_CLIENT_ID) {
		bucket = dfo_rfc3074_hash(cid, cidlen);
		key_used = "client-id";
	} else if (have_hw) {
		bucket = dfo_rfc3074_hash(hw, hwlen);
		key_used = "chaddr";
	} else {
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "relationship '%s' hashes the "
				 "hardware address: give 'hwaddr'", rel->name);
	}
	if (dfod_maps_rel_value(rel, &comp))
		return dfod_fail(r, DHCPFO_ERROR_INTERNAL_ERROR,
				 "cannot compile the policy of '%s'", rel->name);
	primary = rel->mode == DFO_MODE_HOT_STANDBY ||
		  bucket < dfo_hba__primary_buckets(rel->percentage);
	res = json_object_new_object();
	if (!res || dfod_jadd_str(res, "relationship", rel->name) ||
	    dfod_jadd_u64(res, "bucket", bucket) || dfod_jadd_str(res, "key", key_used) ||
	    dfod_jadd_str(res, "owner", primary ? "primary" : "secondary") ||
	    dfod_jadd_str(res, "state_name", dfo_fsm_state__name(rel->state)) ||
	    dfod_jadd_bool(res, "this_server_answers",
			   dfo_rel__answers(&comp, DFO_CLASS_DISCOVER, bucket, 0, 0))) {
		json_object_put(res);
		return dfod_nomem(r);
	}
	return dfod_ok(r, res);
}

static json_object *global_json(const struct dfo_global_stats *g)
{
	json_object *o = json_object_new_object();
	int err = 0;

	if (!o)
		return NULL;
	err |= dfod_jadd_u64(o, "rx", g->rx);
	err |= dfod_jadd_u64(o, "passed", g->passed);
	err |= dfod_jadd_u64(o, "dropped", g->dropped);
	err |= dfod_jadd_u64(o, "not_dhcp", g->not_dhcp);
	err |= dfod_jadd_u64(o, "malformed", g->malformed);
	err |= dfod_jadd_u64(o, "fragments", g->fragments);
	err |= dfod_jadd_u64(o, "overload", g->overload);
	err |= dfod_jadd_u64(o, "unknown", g->unknown);
	err |= dfod_jadd_u64(o, "no_scope", g->no_scope);
	err |= dfod_jadd_u64(o, "not_in_rel", g->not_in_rel);
	err |= dfod_jadd_u64(o, "vlan_too_deep", g->vlan_too_deep);
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *scope_stats_json(const struct dfod_scope *s, const struct dfo_scope_stats *ss)
{
	static const char *const msg_names[DFO_MSG_SLOTS] = {
		"bootp", "discover", "offer", "request", "decline", "ack", "nak", "release",
		"inform", "other",
	};
	json_object *o = json_object_new_object(), *m;
	unsigned int i;
	int err = 0;

	if (!o)
		return NULL;
	err |= dfod_jadd_ipv4(o, "address", s->addr);
	err |= dfod_jadd_u64(o, "slot", s->slot);
	err |= dfod_jadd_u64(o, "received", ss->received);
	err |= dfod_jadd_u64(o, "passed", ss->passed);
	err |= dfod_jadd_u64(o, "dropped_not_ours", ss->dropped_not_ours);
	err |= dfod_jadd_u64(o, "dropped_other_server", ss->dropped_other_server);
	err |= dfod_jadd_u64(o, "dropped_by_state", ss->dropped_by_state);
	err |= dfod_jadd_u64(o, "passed_by_secs", ss->passed_by_secs);
	m = json_object_new_object();
	err |= dfod_jadd(o, "msg", m);
	for (i = 0; !err && i < DFO_MSG_SLOTS; i++)
		err |= dfod_jadd_u64(m, msg_names[i], ss->msg[i]);
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static unsigned int no_datapath(struct dfod_res *r)
{
	return dfod_fail(r, DHCPFO_ERROR_NOT_SUPPORTED,
			 "the datapath is disabled (dhcpfod runs with --no-xdp)");
}

/* failover.datapath_stats: XDP counters, global and of one scope. */
static unsigned int op_fo_dp_stats(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	char b[DFOD_IPV4_STRLEN];
	struct dfo_global_stats g;
	struct dfo_scope_stats ss;
	struct dfod_scope *s = NULL;
	json_object *res;
	uint32_t addr;
	int e = dfod_json_ipv4(args, "scope", &addr);

	if (e == -EINVAL)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'scope' must be a dotted-quad subnet address");
	if (!e) {
		s = dfod_scope_find(&a->st, addr);
		if (!s)
			return dfod_fail(r, DHCPFO_ERROR_DHCP_SUBNET_NOT_PRESENT,
					 "scope %s does not exist", ipstr(addr, b));
	}
	if (!dfod_maps_enabled(&a->maps))
		return no_datapath(r);
	e = dfo_datapath__global_stats(a->maps.dp, &g);
	if (!e && s)
		e = dfo_datapath__scope_stats(a->maps.dp, s->slot, &ss);
	if (e)
		return dfod_fail(r, errno_status(e), "reading the counters: %s", strerror(-e));
	res = json_object_new_object();
	if (!res || dfod_jadd(res, "global", global_json(&g)) ||
	    (s && dfod_jadd(res, "scope", scope_stats_json(s, &ss)))) {
		json_object_put(res);
		return dfod_nomem(r);
	}
	return dfod_ok(r, res);
}

static unsigned int op_dp_status(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	struct dfo_global_stats g;
	json_object *res = json_object_new_object(), *ifs;
	unsigned int i;
	int err = 0, e;

	(void)args;
	if (!res)
		return dfod_nomem(r);
	err |= dfod_jadd_bool(res, "xdp", dfod_maps_enabled(&a->maps));
	if (a->ifs_open) {
		ifs = dfod_ifaces_json(&a->ifs);
	} else {
		/* --no-xdp: the configured names, nothing attached by us. */
		ifs = json_object_new_array();
		for (i = 0; ifs && i < a->cfg->n_ifaces; i++) {
			json_object *o = json_object_new_object();

			if (!o || json_object_array_add(ifs, o)) {
				json_object_put(o);
				err = -ENOMEM;
				break;
			}
			err |= dfod_jadd_str(o, "name", a->cfg->ifaces[i]);
			err |= dfod_jadd_u64(o, "ifindex", if_nametoindex(a->cfg->ifaces[i]));
			err |= dfod_jadd_str(o, "xdp_mode", "none");
		}
	}
	err |= dfod_jadd(res, "interfaces", ifs);
	if (dfod_maps_enabled(&a->maps)) {
		err |= dfod_jadd_str(res, "pin_dir", dfo_datapath__pin_dir(a->maps.dp));
		err |= dfod_jadd_bool(res, "maps_dirty", a->maps.dirty);
		e = dfo_datapath__global_stats(a->maps.dp, &g);
		if (e) {
			json_object_put(res);
			return dfod_fail(r, errno_status(e), "reading the counters: %s",
					 strerror(-e));
		}
		err |= dfod_jadd(res, "global", global_json(&g));
	}
	if (err) {
		json_object_put(res);
		return dfod_nomem(r);
	}
	return dfod_ok(r, res);
}

static unsigned int op_agent_info(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	struct dfod_config *c = a->cfg;
	json_object *res = json_object_new_object();
	int err = 0;

	(void)args;
	if (!res)
		return dfod_nomem(r);
	err |= dfod_jadd_str(res, "version", DFOD_VERSION);
	err |= dfod_jadd_str(res, "instance", c->instance);
	err |= dfod_jadd_u64(res, "pid", getpid());
	err |= dfod_jadd_u64(res, "uptime", dfod_wall_secs() - a->started);
	err |= dfod_jadd_str(res, "state_dir", c->state_dir);
	err |= dfod_jadd_str(res, "state_file", a->store.snap_path);
	err |= dfod_jadd_str(res, "journal_file", a->store.journal_path);
	err |= dfod_jadd_u64(res, "journal_seq", a->store.seq);
	err |= dfod_jadd_u64(res, "journal_bytes", a->store.jsize);
	err |= dfod_jadd_str(res, "socket", c->socket_path);
	err |= dfod_jadd_bool(res, "xdp", !c->no_xdp);
	if (!c->no_xdp)
		err |= dfod_jadd_str(res, "pin_dir", dfo_datapath__pin_dir(a->maps.dp));
	if (c->server_addr)
		err |= dfod_jadd_ipv4(res, "server_address", c->server_addr);
	err |= dfod_jadd_u64(res, "max_relationships", c->max_rels);
	err |= dfod_jadd_u64(res, "max_scopes", c->max_scopes);
	err |= dfod_jadd_u64(res, "relationships", dfod_rel_count(&a->st));
	err |= dfod_jadd_u64(res, "scopes", dfod_scope_count(&a->st));
	err |= dfod_jadd_u64(res, "requests", a->requests);
	/* The DHCP engine's counters (docs/dhcp.md "Counters"). */
	err |= dfod_jadd_bool(res, "dhcp_serving", a->dio != NULL);
	if (a->dhcp)
		err |= dfod_jadd(res, "dhcp", dfod_dhcp_stats_json(a->dhcp));
	if (err) {
		json_object_put(res);
		return dfod_nomem(r);
	}
	return dfod_ok(r, res);
}

/* The scope named by @key (default "address"); INVALID_PARAMETER / SUBNET_NOT_PRESENT. */
static unsigned int find_scope(struct dfod_agent *a, struct dfod_res *r, json_object *args,
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

/* DhcpCreateSubnet. */
static unsigned int op_scope_create(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	char b[DFOD_IPV4_STRLEN], b2[DFOD_IPV4_STRLEN], err[256];
	struct dfod_scope_in in;
	struct dfod_scope tmp, *other;
	json_object *rec;
	uint32_t slot;
	int plen;

	if (dfod_scope_parse(dfod_member(args, "scope"), &in, err, sizeof(err)))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "%s", err);
	if (!(in.have & DFOD_SF_ADDRESS) || !in.addr)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "the scope 'address' is missing");
	if (!(in.have & DFOD_SF_MASK))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "the scope 'mask' is missing");
	plen = dfod_mask_to_plen(in.mask);
	if (plen < 1)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "mask %s is not a contiguous netmask of /1 to /32",
				 ipstr(in.mask, b));
	if (in.addr & ~in.mask)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_INVALID_SUBNET_PREFIX,
				 "%s is not the subnet address of mask %s (that would be %s)",
				 ipstr(in.addr, b), ipstr(in.mask, b2),
				 dfod_fmt_ipv4(in.addr & in.mask, (char[DFOD_IPV4_STRLEN]){ 0 }));
	other = dfod_scope_find_overlap(&a->st, in.addr, plen);
	if (other && other->addr == in.addr && other->plen == plen)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_SUBNET_EXISTS, "scope %s already exists",
				 ipstr(in.addr, b));
	if (other)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_SUBNET_EXISTS, "%s/%d overlaps scope %s/%u",
				 ipstr(in.addr, b), plen, ipstr(other->addr, b2), other->plen);
	if (dfod_state_free_slot(&a->st, &slot))
		return dfod_fail(r, DHCPFO_ERROR_NOT_ENOUGH_MEMORY,
				 "all %u scope slots are in use (--max-scopes)", a->st.max_slots);
	memset(&tmp, 0, sizeof(tmp));
	tmp.addr = in.addr;
	tmp.mask = in.mask;
	tmp.plen = plen;
	tmp.name = (char *)(in.name ? in.name : "");
	tmp.comment = (char *)(in.comment ? in.comment : "");
	tmp.enabled = in.enabled;
	tmp.lease = in.have & DFOD_SF_LEASE ? in.lease : DFOD_DEFAULT_LEASE;
	tmp.slot = slot;
	rec = dfod_record_new("scope.create");
	if (rec && dfod_jadd(rec, "scope", dfod_scope_json(&tmp, true))) {
		json_object_put(rec);
		rec = NULL;
	}
	return commit(a, rec, r);
}

static unsigned int op_scope_get(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	struct dfod_scope *s;
	json_object *res, *o;
	unsigned int st = find_scope(a, r, args, &s);

	if (st)
		return st;
	res = json_object_new_object();
	o = dfod_scope_json(s, false);
	if (!res || dfod_jadd(res, "scope", o) ||
	    dfod_jadd_u64(o, "ranges", s->n_ranges) ||
	    dfod_jadd_u64(o, "exclusions", s->n_excls) ||
	    dfod_jadd_u64(o, "reservations", s->n_resvs) ||
	    dfod_jadd_u64(o, "options", s->n_opts)) {
		json_object_put(res);
		return dfod_nomem(r);
	}
	return dfod_ok(r, res);
}

/* DhcpSetSubnetInfo: the members present change. */
static unsigned int op_scope_set(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	char b[DFOD_IPV4_STRLEN], err[256];
	struct dfod_scope_in in;
	struct dfod_scope *s;
	json_object *rec, *o;
	int e = 0;

	if (dfod_scope_parse(dfod_member(args, "scope"), &in, err, sizeof(err)))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "%s", err);
	if (!(in.have & DFOD_SF_ADDRESS))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "the scope 'address' is missing");
	s = dfod_scope_find(&a->st, in.addr);
	if (!s)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_SUBNET_NOT_PRESENT, "scope %s does not exist",
				 ipstr(in.addr, b));
	if ((in.have & DFOD_SF_MASK) && in.mask != s->mask)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "the mask of scope %s cannot change", ipstr(in.addr, b));
	rec = dfod_record_new("scope.set");
	o = json_object_new_object();
	if (!rec || dfod_jadd(rec, "scope", o)) {
		json_object_put(rec);
		return dfod_nomem(r);
	}
	e |= dfod_jadd_ipv4(o, "address", s->addr);
	if (in.have & DFOD_SF_NAME)
		e |= dfod_jadd_str(o, "name", in.name);
	if (in.have & DFOD_SF_COMMENT)
		e |= dfod_jadd_str(o, "comment", in.comment);
	if (in.have & DFOD_SF_STATE)
		e |= dfod_jadd_str(o, "state", in.enabled ? "enabled" : "disabled");
	if (in.have & DFOD_SF_LEASE)
		e |= dfod_jadd_u64(o, "lease_duration", in.lease);
	if (e) {
		json_object_put(rec);
		return dfod_nomem(r);
	}
	return commit(a, rec, r);
}

static unsigned int op_scope_enum(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	size_t count = dfod_scope_count(&a->st), start, n, i;
	char b[DFOD_IPV4_STRLEN];
	json_object *res, *arr;
	unsigned int st = page_args(r, args, count, &start, &n);

	if (st)
		return st;
	res = json_object_new_object();
	arr = json_object_new_array_ext(n);
	if (!res || dfod_jadd(res, "scopes", arr)) {
		json_object_put(res);
		return dfod_nomem(r);
	}
	for (i = start; i < start + n; i++)
		if (json_object_array_add(arr, json_object_new_string(
				ipstr(dfod_scope_at(&a->st, i)->addr, b)))) {
			json_object_put(res);
			return dfod_nomem(r);
		}
	return page_done(r, res, start, n, count);
}

/* DhcpDeleteSubnet. */
static unsigned int op_scope_delete(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	char b[DFOD_IPV4_STRLEN];
	struct dfod_scope *s;
	json_object *rec;
	uint32_t addr;
	bool force;
	unsigned int st = dfod_arg_ipv4(r, args, "address", false, &addr);

	if (st)
		return st;
	if (dfod_json_bool(args, "force", &force) == -EINVAL)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'force' must be true or false");
	s = dfod_scope_find(&a->st, addr);
	if (!s)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_SUBNET_NOT_PRESENT, "scope %s does not exist",
				 ipstr(addr, b));
	if (s->rel)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP,
				 "scope %s is in relationship '%s'; remove it from there first",
				 ipstr(addr, b), s->rel->name);
	rec = dfod_record_new("scope.delete");
	if (rec && dfod_jadd_ipv4(rec, "address", addr)) {
		json_object_put(rec);
		rec = NULL;
	}
	return commit(a, rec, r);
}

/* Usable host addresses of the subnet (not the subnet or broadcast address). */
static bool in_hosts(const struct dfod_scope *s, uint32_t addr)
{
	if ((addr & s->mask) != s->addr)
		return false;
	if (s->plen <= 30 && (addr == s->addr || addr == (s->addr | ~s->mask)))
		return false;
	return true;
}

static json_object *element_record(const char *t, const struct dfod_scope *s,
				   json_object *elem)
{
	json_object *rec = dfod_record_new(t);

	if (!rec || dfod_jadd_ipv4(rec, "address", s->addr) || dfod_jadd(rec, "element", elem)) {
		json_object_put(rec);
		return NULL;
	}
	return rec;
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

static unsigned int add_range(struct dfod_agent *a, struct dfod_res *r, struct dfod_scope *s,
			      const struct dfod_elem *e)
{
	char b1[DFOD_IPV4_STRLEN], b2[DFOD_IPV4_STRLEN];
	struct dfod_range rg = { e->start, e->end, e->range_type };
	unsigned int st = check_span(r, s, e, "range");
	int i;

	if (st)
		return st;
	i = dfod_scope_range_find(s, e->start, e->end);
	if (i >= 0) {
		/* The same range again with another type converts it (Windows). */
		if (s->ranges[i].type == e->range_type)
			return dfod_fail(r, DHCPFO_ERROR_DHCP_IPRANGE_EXITS,
					 "range %s-%s already exists",
					 ipstr(e->start, b1), ipstr(e->end, b2));
		if (s->rel && e->range_type == DFOD_RANGE_BOOTP)
			return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_IPRANGE_TYPE_CONV_ILLEGAL,
					 "scope %s is in relationship '%s': its range cannot "
					 "become BOOTP-only", ipstr(s->addr, b1), s->rel->name);
		return commit(a, element_record("range.type", s, dfod_range_json(&rg)), r);
	}
	i = dfod_scope_range_overlap(s, e->start, e->end);
	if (i >= 0)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_IPRANGE_EXITS,
				 "the range overlaps range %s-%s",
				 ipstr(s->ranges[i].start, b1), ipstr(s->ranges[i].end, b2));
	if (s->rel && e->range_type == DFOD_RANGE_BOOTP)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_BOOT_NOT_SUPPORTED,
				 "scope %s is in relationship '%s': it cannot have a "
				 "BOOTP-only range", ipstr(s->addr, b1), s->rel->name);
	return commit(a, element_record("element.add", s, dfod_range_json(&rg)), r);
}

static unsigned int add_exclusion(struct dfod_agent *a, struct dfod_res *r,
				  struct dfod_scope *s, const struct dfod_elem *e)
{
	char b1[DFOD_IPV4_STRLEN], b2[DFOD_IPV4_STRLEN];
	struct dfod_excl ex = { e->start, e->end };
	unsigned int st = check_span(r, s, e, "exclusion");
	int i;

	if (st)
		return st;
	i = dfod_scope_excl_overlap(s, e->start, e->end);
	if (i >= 0)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_IPRANGE_EXITS,
				 "the exclusion overlaps exclusion %s-%s",
				 ipstr(s->excls[i].start, b1), ipstr(s->excls[i].end, b2));
	return commit(a, element_record("element.add", s, dfod_excl_json(&ex)), r);
}

static unsigned int add_reservation(struct dfod_agent *a, struct dfod_res *r,
				    struct dfod_scope *s, const struct dfod_elem *e)
{
	char b1[DFOD_IPV4_STRLEN], b2[DFOD_IPV4_STRLEN], hw[DFOD_HWADDR_STRLEN];
	struct dfod_resv rv = { .addr = e->addr, .hwlen = e->hwlen,
				.name = (char *)(e->name ? e->name : "") };
	int i;

	if (!e->hwlen)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "a reservation needs 'hwaddr'");
	if (!in_hosts(s, e->addr))
		return dfod_fail(r, DHCPFO_ERROR_DHCP_INVALID_RANGE,
				 "%s is not a host address of scope %s/%u", ipstr(e->addr, b1),
				 ipstr(s->addr, b2), s->plen);
	if (dfod_scope_resv_find(s, e->addr) >= 0)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_RESERVEDIP_EXITS, "%s is already reserved",
				 ipstr(e->addr, b1));
	i = dfod_scope_resv_find_hw(s, e->hw, e->hwlen);
	if (i >= 0)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_RESERVEDIP_EXITS,
				 "%s already has a reservation "
				 "(%s)", dfod_fmt_hwaddr(e->hw, e->hwlen, hw),
				 ipstr(s->resvs[i].addr, b1));
	memcpy(rv.hw, e->hw, sizeof(rv.hw));
	return commit(a, element_record("element.add", s, dfod_resv_json(&rv)), r);
}

/* DhcpAddSubnetElementV5. */
static unsigned int op_elem_add(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	char err[256];
	struct dfod_scope *s;
	struct dfod_elem e;
	unsigned int st;
	uint32_t addr;

	st = dfod_arg_ipv4(r, args, "address", false, &addr);
	if (st)
		return st;
	if (dfod_elem_parse(dfod_member(args, "element"), &e, err, sizeof(err)))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "%s", err);
	st = find_scope(a, r, args, &s);
	if (st)
		return st;
	switch (e.type) {
	case DFOD_ELEM_RANGE:
		return add_range(a, r, s, &e);
	case DFOD_ELEM_EXCLUSION:
		return add_exclusion(a, r, s, &e);
	default:
		return add_reservation(a, r, s, &e);
	}
}

/* DhcpRemoveSubnetElementV5. */
static unsigned int op_elem_remove(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	char b1[DFOD_IPV4_STRLEN], b2[DFOD_IPV4_STRLEN], err[256];
	struct dfod_scope *s;
	struct dfod_elem e;
	json_object *el = NULL;
	unsigned int st;
	uint32_t addr;
	int i;

	st = dfod_arg_ipv4(r, args, "address", false, &addr);
	if (st)
		return st;
	if (dfod_elem_parse(dfod_member(args, "element"), &e, err, sizeof(err)))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "%s", err);
	st = find_scope(a, r, args, &s);
	if (st)
		return st;
	if (e.type == DFOD_ELEM_RANGE) {
		i = dfod_scope_range_find(s, e.start, e.end);
		if (i < 0)
			return dfod_fail(r, DHCPFO_ERROR_DHCP_INVALID_RANGE,
					 "scope %s has no range %s-%s",
					 ipstr(s->addr, b1), ipstr(e.start, b2),
					 dfod_fmt_ipv4(e.end, (char[DFOD_IPV4_STRLEN]){ 0 }));
		if (s->rel)
			return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_RANGE_PART_OF_REL,
					 "scope %s is in relationship '%s': its ranges cannot be removed",
					 ipstr(s->addr, b1), s->rel->name);
		el = dfod_range_json(&s->ranges[i]);
	} else if (e.type == DFOD_ELEM_EXCLUSION) {
		i = dfod_scope_excl_find(s, e.start, e.end);
		if (i < 0)
			return dfod_fail(r, DHCPFO_ERROR_DHCP_INVALID_RANGE,
					 "scope %s has no exclusion %s-%s", ipstr(s->addr, b1),
					 ipstr(e.start, b2),
					 dfod_fmt_ipv4(e.end, (char[DFOD_IPV4_STRLEN]){ 0 }));
		el = dfod_excl_json(&s->excls[i]);
	} else {
		i = dfod_scope_resv_find(s, e.addr);
		if (i < 0 || (e.hwlen && (e.hwlen != s->resvs[i].hwlen ||
					  memcmp(e.hw, s->resvs[i].hw, e.hwlen))))
			return dfod_fail(r, DHCPFO_ERROR_DHCP_NOT_RESERVED_CLIENT,
					 "scope %s has no reservation of %s%s", ipstr(s->addr, b1),
					 ipstr(e.addr, b2),
					 i < 0 ? "" : " for that hardware address");
		el = dfod_resv_json(&s->resvs[i]);
	}
	return commit(a, element_record("element.remove", s, el), r);
}

/* DhcpEnumSubnetElementsV5. */
static unsigned int op_elem_enum(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	enum dfod_elem_type t;
	struct dfod_scope *s;
	json_object *res, *arr, *o;
	const char *ts;
	size_t count, start, n, i;
	unsigned int st;
	uint32_t addr;

	st = dfod_arg_ipv4(r, args, "address", false, &addr);
	if (st)
		return st;
	if (dfod_json_str(args, "type", &ts) || dfod_elem_type_parse(ts, &t))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'type' must be range, exclusion or reservation");
	st = find_scope(a, r, args, &s);
	if (st)
		return st;
	count = t == DFOD_ELEM_RANGE ? s->n_ranges : t == DFOD_ELEM_EXCLUSION ? s->n_excls :
		s->n_resvs;
	st = page_args(r, args, count, &start, &n);
	if (st)
		return st;
	res = json_object_new_object();
	arr = json_object_new_array_ext(n);
	if (!res || dfod_jadd(res, "elements", arr)) {
		json_object_put(res);
		return dfod_nomem(r);
	}
	for (i = start; i < start + n; i++) {
		o = t == DFOD_ELEM_RANGE ? dfod_range_json(&s->ranges[i]) :
		    t == DFOD_ELEM_EXCLUSION ? dfod_excl_json(&s->excls[i]) :
		    dfod_resv_json(&s->resvs[i]);
		if (!o || json_object_array_add(arr, o)) {
			json_object_put(o);
			json_object_put(res);
			return dfod_nomem(r);
		}
	}
	return page_done(r, res, start, n, count);
}

/* DhcpSetOptionValueV5 at scope level. */
static unsigned int op_opt_set(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	struct dfod_option opt;
	struct dfod_scope *s;
	json_object *rec, *vals;
	char err[256];
	unsigned int st;
	uint32_t addr;

	st = dfod_arg_ipv4(r, args, "address", false, &addr);
	if (st)
		return st;
	if (dfod_option_parse(dfod_member(args, "option"), &opt.code, &opt.type, &vals, err,
			      sizeof(err)))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "%s", err);
	opt.values = vals;
	st = find_scope(a, r, args, &s);
	if (st) {
		json_object_put(vals);
		return st;
	}
	rec = dfod_record_new("option.set");
	if (rec && (dfod_jadd_ipv4(rec, "address", s->addr) ||
		    dfod_jadd(rec, "option", dfod_option_json(&opt)))) {
		json_object_put(rec);
		rec = NULL;
	}
	json_object_put(vals);
	return commit(a, rec, r);
}

static unsigned int option_code(struct dfod_res *r, json_object *args, uint8_t *code)
{
	uint32_t c;

	if (dfod_json_u32(args, "code", &c) || c < 1 || c > 254)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'code' must be an integer from 1 to 254");
	*code = c;
	return 0;
}

static unsigned int op_opt_get(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	char b[DFOD_IPV4_STRLEN];
	struct dfod_scope *s;
	json_object *res;
	unsigned int st;
	uint32_t addr;
	uint8_t code = 0;
	int i;

	st = dfod_arg_ipv4(r, args, "address", false, &addr);
	if (!st)
		st = option_code(r, args, &code);
	if (!st)
		st = find_scope(a, r, args, &s);
	if (st)
		return st;
	i = dfod_scope_opt_find(s, code);
	if (i < 0)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_OPTION_NOT_PRESENT,
				 "option %u is not set in scope %s", code, ipstr(s->addr, b));
	res = json_object_new_object();
	if (!res || dfod_jadd(res, "option", dfod_option_json(&s->opts[i]))) {
		json_object_put(res);
		return dfod_nomem(r);
	}
	return dfod_ok(r, res);
}

static unsigned int op_opt_remove(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	char b[DFOD_IPV4_STRLEN];
	struct dfod_scope *s;
	json_object *rec;
	unsigned int st;
	uint32_t addr;
	uint8_t code = 0;

	st = dfod_arg_ipv4(r, args, "address", false, &addr);
	if (!st)
		st = option_code(r, args, &code);
	if (!st)
		st = find_scope(a, r, args, &s);
	if (st)
		return st;
	if (dfod_scope_opt_find(s, code) < 0)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_OPTION_NOT_PRESENT,
				 "option %u is not set in scope %s", code, ipstr(s->addr, b));
	rec = dfod_record_new("option.remove");
	if (rec && (dfod_jadd_ipv4(rec, "address", s->addr) ||
		    dfod_jadd_u64(rec, "code", code))) {
		json_object_put(rec);
		rec = NULL;
	}
	return commit(a, rec, r);
}

static unsigned int op_opt_enum(struct dfod_agent *a, json_object *args, struct dfod_res *r)
{
	struct dfod_scope *s;
	json_object *res, *arr;
	unsigned int st = find_scope(a, r, args, &s);
	uint32_t i;

	if (st)
		return st;
	res = json_object_new_object();
	arr = json_object_new_array_ext(s->n_opts);
	if (!res || dfod_jadd(res, "options", arr))
		goto nomem;
	for (i = 0; i < s->n_opts; i++) {
		json_object *o = dfod_option_json(&s->opts[i]);

		if (!o || json_object_array_add(arr, o)) {
			json_object_put(o);
			goto nomem;
		}
	}
	return dfod_ok(r, res);
nomem:
	json_object_put(res);
	return dfod_nomem(r);
}

static const struct dfod_op ops[] = {
	{ "failover.create", DFOD_ACCESS_WRITE, op_fo_create },
	{ "failover.set", DFOD_ACCESS_WRITE, op_fo_set },
	{ "failover.delete", DFOD_ACCESS_WRITE, op_fo_delete },
	{ "failover.get", DFOD_ACCESS_READ, op_fo_get },
	{ "failover.enum", DFOD_ACCESS_READ, op_fo_enum },
	{ "failover.scope_add", DFOD_ACCESS_WRITE, op_fo_scope_add },
	{ "failover.scope_delete", DFOD_ACCESS_WRITE, op_fo_scope_delete },
	{ "failover.scope_get", DFOD_ACCESS_READ, op_fo_scope_get },
	{ "failover.system_time", DFOD_ACCESS_READ, op_fo_system_time },
	{ "failover.which", DFOD_ACCESS_READ, op_fo_which },
	{ "failover.datapath_stats", DFOD_ACCESS_READ, op_fo_dp_stats },
	{ "scope.create", DFOD_ACCESS_WRITE, op_scope_create },
	{ "scope.get", DFOD_ACCESS_READ, op_scope_get },
	{ "scope.set", DFOD_ACCESS_WRITE, op_scope_set },
	{ "scope.enum", DFOD_ACCESS_READ, op_scope_enum },
	{ "scope.delete", DFOD_ACCESS_WRITE, op_scope_delete },
	{ "scope.element_add", DFOD_ACCESS_WRITE, op_elem_add },
	{ "scope.element_remove", DFOD_ACCESS_WRITE, op_elem_remove },
	{ "scope.element_enum", DFOD_ACCESS_READ, op_elem_enum },
	{ "scope.option_set", DFOD_ACCESS_WRITE, op_opt_set },
	{ "scope.option_get", DFOD_ACCESS_READ, op_opt_get },
	{ "scope.option_remove", DFOD_ACCESS_WRITE, op_opt_remove },
	{ "scope.option_enum", DFOD_ACCESS_READ, op_opt_enum },
	{ "datapath.status", DFOD_ACCESS_READ, op_dp_status },
	{ "agent.info", DFOD_ACCESS_READ, op_agent_info },
};

/* ops_lease.c: the lease operations and the failover ones that read leases. */
extern const struct dfod_op dfod_lease_ops[];

const struct dfod_op *dfod_op_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(ops[i].name, name))
			return &ops[i];
	for (i = 0; dfod_lease_ops[i].name; i++)
		if (!strcmp(dfod_lease_ops[i].name, name))
			return &dfod_lease_ops[i];
	return dfod_repl_op_find(name);
}

unsigned int dfod_op_call(struct dfod_agent *a, const char *name, json_object *args,
			  struct dfod_res *res)
{
	const struct dfod_op *op = dfod_op_find(name);

	memset(res, 0, sizeof(*res));
	if (!op)
		return dfod_fail(res, DHCPFO_ERROR_NOT_SUPPORTED, "unknown operation '%s'", name);
	op->fn(a, args, res);
	if (res->raw) {
		res->result = json_tokener_parse(res->raw);
		free(res->raw);
		res->raw = NULL;
		if (!res->result)
			return dfod_fail(res, DHCPFO_ERROR_INTERNAL_ERROR, "a result is not JSON");
	}
	return res->status;
}

void dfod_res_free(struct dfod_res *res)
{
	json_object_put(res->result);
	res->result = NULL;
	free(res->raw);
	res->raw = NULL;
}
