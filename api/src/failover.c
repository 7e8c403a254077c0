// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Failover relationship operations: the failover.* ops of the protocol. */
#include <string.h>

#include "internal.h"

#define FO_SET_WINDOWS_MASK	0x7fu	/* MCLT .. SHAREDSECRET */

/* ---- encoding ------------------------------------------------------------ */

static uint32_t check_str(const char *what, const char *s)
{
	if (s && !dfoc_utf8_valid(s))
		return dfoc_inval("%s is not valid UTF-8", what);
	return 0;
}

/*
 * Only the values that cannot be put on the wire are refused here; range
 * checks (percentage, state, address 0, ...) are the agent's, in the order
 * it documents. A mode or server type outside the enum is refused here, and
 * that is indistinguishable from the agent's order: every check before
 * them in CreateRelationship's order also answers ERROR_INVALID_PARAMETER.
 */
static uint32_t rel_check(const struct dhcpfo_relationship *r, uint32_t flags, bool create)
{
	uint32_t st;

	if (!r->name)
		return dfoc_inval("relationship name is NULL");
	if ((st = check_str("relationship name", r->name)) ||
	    (st = check_str("primary server name", r->primary_server_name)) ||
	    (st = check_str("secondary server name", r->secondary_server_name)) ||
	    (st = check_str("shared secret", r->shared_secret)))
		return st;
	if (create && r->n_scopes && !r->scopes)
		return dfoc_inval("scopes is NULL but n_scopes is %u", r->n_scopes);
	if ((create || (flags & DHCPFO_FO_SET_MODE)) && !dhcpfo_mode_str(r->mode))
		return dfoc_inval("mode %d is neither load balance (0) nor hot standby (1)", r->mode);
	if (create && !dhcpfo_server_type_str(r->server_type))
		return dfoc_inval("server type %d is neither primary (0) nor secondary (1)",
				  r->server_type);
	if ((create || (flags & DHCPFO_FO_SET_HASH_KEY)) && !dhcpfo_hash_key_str(r->hash_key))
		return dfoc_inval("hash key %d is neither client-id (0) nor chaddr (1)", r->hash_key);
	return 0;
}

static bool rel_add_ext(json_object *o, const struct dhcpfo_relationship *r, uint32_t flags,
			bool all)
{
	if ((all || (flags & DHCPFO_FO_SET_AUTO_STATE_TRANSITION)) &&
	    !dfoc_add(o, "auto_state_transition", json_object_new_boolean(r->auto_state_transition)))
		return false;
	if ((all || (flags & DHCPFO_FO_SET_LB_MAX_SECONDS)) &&
	    !dfoc_add_u64(o, "lb_max_seconds", r->lb_max_seconds))
		return false;
	if ((all || (flags & DHCPFO_FO_SET_HASH_KEY)) &&
	    !dfoc_add_str(o, "hash_key", dhcpfo_hash_key_str(r->hash_key)))
		return false;
	return true;
}

static bool rel_add_create(json_object *o, const struct dhcpfo_relationship *r)
{
	return dfoc_add_ip(o, "primary_server", r->primary_server) &&
	       dfoc_add_ip(o, "secondary_server", r->secondary_server) &&
	       dfoc_add_str(o, "mode", dhcpfo_mode_str(r->mode)) &&
	       dfoc_add_str(o, "server_type", dhcpfo_server_type_str(r->server_type)) &&
	       dfoc_add_u64(o, "state", r->state) &&
	       dfoc_add_u64(o, "prev_state", r->prev_state) &&
	       dfoc_add_u64(o, "mclt", r->mclt) &&
	       dfoc_add_u64(o, "safe_period", r->safe_period) &&
	       (!r->primary_server_name ||
		dfoc_add_str(o, "primary_server_name", r->primary_server_name)) &&
	       (!r->secondary_server_name ||
		dfoc_add_str(o, "secondary_server_name", r->secondary_server_name)) &&
	       dfoc_add(o, "scopes", dfoc_ip_array_new(r->scopes, r->n_scopes)) &&
	       dfoc_add_u64(o, "percentage", r->percentage) &&
	       (!r->shared_secret || dfoc_add_str(o, "shared_secret", r->shared_secret));
}

static bool rel_add_set(json_object *o, const struct dhcpfo_relationship *r, uint32_t flags)
{
	return (!(flags & DHCPFO_FO_SET_MCLT) || dfoc_add_u64(o, "mclt", r->mclt)) &&
	       (!(flags & DHCPFO_FO_SET_SAFE_PERIOD) ||
		dfoc_add_u64(o, "safe_period", r->safe_period)) &&
	       (!(flags & DHCPFO_FO_SET_STATE) || dfoc_add_u64(o, "state", r->state)) &&
	       (!(flags & DHCPFO_FO_SET_PERCENTAGE) ||
		dfoc_add_u64(o, "percentage", r->percentage)) &&
	       (!(flags & DHCPFO_FO_SET_MODE) || dfoc_add_str(o, "mode", dhcpfo_mode_str(r->mode))) &&
	       (!(flags & DHCPFO_FO_SET_PREV_STATE) ||
		dfoc_add_u64(o, "prev_state", r->prev_state)) &&
	       /* a NULL secret with SHAREDSECRET clears it */
	       (!(flags & DHCPFO_FO_SET_SHARED_SECRET) ||
		dfoc_add_str(o, "shared_secret", r->shared_secret ? r->shared_secret : ""));
}

/*
 * The relationship object of a request. @create: every field (and the
 * dhcpfo-only ones when @ext); otherwise the fields @flags names.
 */
static json_object *rel_to_json(const struct dhcpfo_relationship *r, uint32_t flags, bool create,
				bool ext, uint32_t *status)
{
	json_object *o;
	bool ok;

	*status = rel_check(r, flags, create);
	if (*status)
		return NULL;
	o = json_object_new_object();
	if (!o)
		goto nomem;
	ok = dfoc_add_str(o, "name", r->name);
	if (create)
		ok = ok && rel_add_create(o, r) && (!ext || rel_add_ext(o, r, 0, true));
	else
		ok = ok && rel_add_set(o, r, flags) && rel_add_ext(o, r, flags, false);
	if (ok)
		return o;
	json_object_put(o);
nomem:
	*status = dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
	return NULL;
}

/* {@key: @val}, or NULL (and @val released) when out of memory */
json_object *dfoc_args1(const char *key, json_object *val)
{
	json_object *a = json_object_new_object();

	if (!a) {
		json_object_put(val);
		return NULL;
	}
	if (!dfoc_add(a, key, val)) {
		json_object_put(a);
		return NULL;
	}
	return a;
}

static uint32_t nomem(const char *op)
{
	return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "%s: out of memory", op);
}

/* ---- decoding ------------------------------------------------------------ */

#define BAD(b, f) ((b)->bad = (b)->bad ? (b)->bad : (f), -1)

static int place_ip_array(struct dfoc_blk *b, json_object *arr, const char *f,
			  const uint32_t **out, uint32_t *n_out)
{
	size_t n = json_object_array_length(arr), i;
	uint32_t *ips = dfoc_blk_take(b, n * sizeof(*ips), _Alignof(uint32_t));
	uint32_t ip;

	for (i = 0; i < n; i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(arr, i));

		if (!json_object_is_type(json_object_array_get_idx(arr, i), json_type_string) ||
		    dfoc_ip_parse(s, &ip))
			return BAD(b, f);
		if (ips)
			ips[i] = ip;
	}
	*out = n ? ips : NULL;
	*n_out = (uint32_t)n;
	return 0;
}

static int rel_place(struct dfoc_blk *b, const void *json, void *root)
{
	json_object *j = (json_object *)json, *scopes;
	struct dhcpfo_relationship *r = root;
	const char *s, *name, *pname = NULL, *sname = NULL, *hk = NULL;
	uint32_t v;

	if (dfoc_get_str(j, "name", &name))
		return BAD(b, "name");
	r->name = dfoc_blk_str(b, name);
	if (dfoc_get_ip(j, "primary_server", &r->primary_server))
		return BAD(b, "primary_server");
	if (dfoc_get_ip(j, "secondary_server", &r->secondary_server))
		return BAD(b, "secondary_server");
	if (dfoc_get_str(j, "mode", &s) || dhcpfo_mode_parse(s, &r->mode))
		return BAD(b, "mode");
	if (dfoc_get_str(j, "server_type", &s) || dhcpfo_server_type_parse(s, &r->server_type))
		return BAD(b, "server_type");
	if (dfoc_get_u32(j, "state", &v))
		return BAD(b, "state");
	r->state = (enum dhcpfo_fsm_state)v;
	if (dfoc_get_u32(j, "prev_state", &v))
		return BAD(b, "prev_state");
	r->prev_state = (enum dhcpfo_fsm_state)v;
	if (dfoc_get_u32(j, "mclt", &r->mclt))
		return BAD(b, "mclt");
	if (dfoc_get_u32(j, "safe_period", &r->safe_period))
		return BAD(b, "safe_period");
	if (dfoc_get_str_opt(j, "primary_server_name", &pname))
		return BAD(b, "primary_server_name");
	r->primary_server_name = dfoc_blk_str(b, pname);
	if (dfoc_get_str_opt(j, "secondary_server_name", &sname))
		return BAD(b, "secondary_server_name");
	r->secondary_server_name = dfoc_blk_str(b, sname);
	if (dfoc_get_arr(j, "scopes", &scopes) ||
	    place_ip_array(b, scopes, "scopes", &r->scopes, &r->n_scopes))
		return BAD(b, "scopes");
	if (dfoc_get_u32(j, "percentage", &r->percentage))
		return BAD(b, "percentage");
	r->shared_secret = NULL;
	r->shared_secret_set = false;
	if (dfoc_get_bool_opt(j, "shared_secret_set", &r->shared_secret_set))
		return BAD(b, "shared_secret_set");
	r->auto_state_transition = false;
	if (dfoc_get_bool_opt(j, "auto_state_transition", &r->auto_state_transition))
		return BAD(b, "auto_state_transition");
	r->lb_max_seconds = 0;
	if (dfoc_get_u32_opt(j, "lb_max_seconds", &r->lb_max_seconds))
		return BAD(b, "lb_max_seconds");
	r->hash_key = DHCPFO_HASH_CLIENT_ID;
	if (dfoc_get_str_opt(j, "hash_key", &hk) || (hk && dhcpfo_hash_key_parse(hk, &r->hash_key)))
		return BAD(b, "hash_key");
	return 0;
}

static int rels_place(struct dfoc_blk *b, const void *json, void *root)
{
	struct dhcpfo_relationship_array *a = root;
	struct dhcpfo_relationship scratch;
	void *items;

	if (dfoc_blk_objects(b, json, "relationships", &scratch, sizeof(scratch),
			     _Alignof(struct dhcpfo_relationship), rel_place, &items, &a->n))
		return -1;
	a->items = items;
	return 0;
}

/* Decode result.relationship into a new one-block relationship. */
static uint32_t get_rel(const char *op, json_object *result, struct dhcpfo_relationship **out)
{
	json_object *j;
	uint32_t st;

	if (dfoc_get_obj(result, "relationship", &j))
		return dfoc_bad_reply(op, "relationship");
	*out = DFOC_BUILD(struct dhcpfo_relationship, rel_place, j, op, &st);
	return st;
}

/* ---- operations ---------------------------------------------------------- */

static uint32_t fo_create(struct dhcpfo_client *c, const struct dhcpfo_relationship *rel, bool ext)
{
	json_object *r;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!rel)
		return dfoc_inval("relationship is NULL");
	r = rel_to_json(rel, 0, true, ext, &st);
	if (!r)
		return st;
	return dfoc_call_noresult(c, "failover.create", dfoc_args1("relationship", r));
}

uint32_t dhcpfo_failover_create(struct dhcpfo_client *c, const struct dhcpfo_relationship *rel)
{
	return fo_create(c, rel, true);
}

/* The dhcpsapi.h layer: DHCP_FAILOVER_RELATIONSHIP has no dhcpfo-only fields. */
uint32_t dfoc_failover_create_win(struct dhcpfo_client *c, const struct dhcpfo_relationship *rel)
{
	return fo_create(c, rel, false);
}

uint32_t dhcpfo_failover_set(struct dhcpfo_client *c, uint32_t flags,
			     const struct dhcpfo_relationship *rel)
{
	json_object *a, *r;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!rel)
		return dfoc_inval("relationship is NULL");
	r = rel_to_json(rel, flags, false, true, &st);
	if (!r)
		return st;
	a = dfoc_args1("relationship", r);
	if (!a || !dfoc_add_u64(a, "flags", flags)) {
		json_object_put(a);
		return nomem("failover.set");
	}
	return dfoc_call_noresult(c, "failover.set", a);
}

static uint32_t name_op(struct dhcpfo_client *c, const char *op, const char *name)
{
	json_object *a;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!name)
		return dfoc_inval("relationship name is NULL");
	if (!dfoc_utf8_valid(name))
		return dfoc_inval("relationship name is not valid UTF-8");
	a = dfoc_args1("name", json_object_new_string(name));
	if (!a)
		return nomem(op);
	return dfoc_call_noresult(c, op, a);
}

uint32_t dhcpfo_failover_delete(struct dhcpfo_client *c, const char *name)
{
	return name_op(c, "failover.delete", name);
}

uint32_t dhcpfo_failover_trigger_alloc(struct dhcpfo_client *c, const char *name)
{
	return name_op(c, "failover.trigger_alloc", name);
}

uint32_t dhcpfo_failover_get(struct dhcpfo_client *c, const char *name,
			     struct dhcpfo_relationship **rel)
{
	json_object *a, *reply, *result;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!name)
		return dfoc_inval("relationship name is NULL");
	if (!rel)
		return dfoc_inval("relationship (out) is NULL");
	*rel = NULL;
	if (!dfoc_utf8_valid(name))
		return dfoc_inval("relationship name is not valid UTF-8");
	a = dfoc_args1("name", json_object_new_string(name));
	if (!a)
		return nomem("failover.get");
	st = dfoc_call(c, "failover.get", a, &reply, &result);
	if (!st)
		st = get_rel("failover.get", result, rel);
	json_object_put(reply);
	return st;
}

/*
 * Adds resume_handle and preferred_max to @args, calls, and on 0 /
 * ERROR_MORE_DATA reads resume_handle, read and total from the result
 * (*@reply then to be released by the caller).
 */
static uint32_t enum_call(struct dhcpfo_client *c, const char *op, json_object *args,
			  uint32_t *resume_handle, uint32_t preferred_max, json_object **reply,
			  json_object **result, uint32_t *read, uint32_t *total)
{
	uint32_t st, handle;

	if (!args)
		args = json_object_new_object();
	if (!args || !dfoc_add_u64(args, "resume_handle", *resume_handle) ||
	    !dfoc_add_u64(args, "preferred_max", preferred_max)) {
		json_object_put(args);
		return nomem(op);
	}
	st = dfoc_call(c, op, args, reply, result);
	if (st && st != DHCPFO_ERROR_MORE_DATA)
		return st;
	if (dfoc_get_u32(*result, "resume_handle", &handle) ||
	    dfoc_get_u32(*result, "read", read) || dfoc_get_u32(*result, "total", total)) {
		json_object_put(*reply);
		*reply = NULL;
		return dfoc_bad_reply(op, "resume_handle/read/total");
	}
	*resume_handle = handle;
	return st;
}

void *dfoc_enum(struct dhcpfo_client *c, const char *op, json_object *args, const char *field,
		size_t size, size_t align, dfoc_place_fn place, uint32_t *resume_handle,
		uint32_t preferred_max, uint32_t *read, uint32_t *total, uint32_t *status)
{
	json_object *reply, *result, *arr;
	uint32_t st, h0 = *resume_handle;
	void *out = NULL;

	st = enum_call(c, op, args, resume_handle, preferred_max, &reply, &result, read, total);
	if (st && st != DHCPFO_ERROR_MORE_DATA) {
		*status = st;
		return NULL;
	}
	if (dfoc_get_arr(result, field, &arr))
		*status = dfoc_bad_reply(op, field);
	else
		out = dfoc_blk_build(size, align, place, arr, op, status);
	json_object_put(reply);
	if (*status) {
		/* nothing was returned: the caller may retry from the same place */
		*resume_handle = h0;
		*read = *total = 0;
		return NULL;
	}
	*status = st;
	return out;
}

uint32_t dhcpfo_failover_enum(struct dhcpfo_client *c, uint32_t *resume_handle,
			      uint32_t preferred_max, struct dhcpfo_relationship_array **rels,
			      uint32_t *read, uint32_t *total)
{
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!resume_handle)
		return dfoc_inval("resume handle is NULL");
	if (!rels)
		return dfoc_inval("relationships (out) is NULL");
	if (!read)
		return dfoc_inval("read (out) is NULL");
	if (!total)
		return dfoc_inval("total (out) is NULL");
	*rels = NULL;
	*read = *total = 0;
	*rels = DFOC_ENUM(struct dhcpfo_relationship_array, c, "failover.enum", NULL, "relationships", rels_place,
			 resume_handle, preferred_max, read, total, &st);
	return st;
}

static uint32_t scopes_op(struct dhcpfo_client *c, const char *op, const char *name,
			  const uint32_t *scopes, uint32_t n)
{
	json_object *a;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!name)
		return dfoc_inval("relationship name is NULL");
	if (n && !scopes)
		return dfoc_inval("scopes is NULL but n_scopes is %u", n);
	if (!dfoc_utf8_valid(name))
		return dfoc_inval("relationship name is not valid UTF-8");
	a = dfoc_args1("name", json_object_new_string(name));
	if (!a || !dfoc_add(a, "scopes", dfoc_ip_array_new(scopes, n))) {
		json_object_put(a);
		return nomem(op);
	}
	return dfoc_call_noresult(c, op, a);
}

uint32_t dhcpfo_failover_scope_add(struct dhcpfo_client *c, const char *name,
				   const uint32_t *scopes, uint32_t n_scopes)
{
	return scopes_op(c, "failover.scope_add", name, scopes, n_scopes);
}

uint32_t dhcpfo_failover_scope_delete(struct dhcpfo_client *c, const char *name,
				      const uint32_t *scopes, uint32_t n_scopes)
{
	return scopes_op(c, "failover.scope_delete", name, scopes, n_scopes);
}

/* A read op whose only argument is one address; the reply stays in *reply. */
static uint32_t addr_op(struct dhcpfo_client *c, const char *op, const char *key, uint32_t addr,
			json_object **reply, json_object **result)
{
	json_object *a = dfoc_args1(key, dfoc_ip_new(addr));

	*reply = *result = NULL;
	if (!a)
		return nomem(op);
	return dfoc_call(c, op, a, reply, result);
}

uint32_t dhcpfo_failover_scope_get(struct dhcpfo_client *c, uint32_t scope,
				   struct dhcpfo_relationship **rel)
{
	json_object *reply, *result;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!rel)
		return dfoc_inval("relationship (out) is NULL");
	*rel = NULL;
	st = addr_op(c, "failover.scope_get", "scope", scope, &reply, &result);
	if (!st)
		st = get_rel("failover.scope_get", result, rel);
	json_object_put(reply);
	return st;
}

uint32_t dhcpfo_failover_scope_stats(struct dhcpfo_client *c, uint32_t scope,
				     struct dhcpfo_failover_stats *stats)
{
	static const char *const op = "failover.scope_stats";
	json_object *reply, *result, *s;
	struct dhcpfo_failover_stats v = { 0 };
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!stats)
		return dfoc_inval("statistics (out) is NULL");
	memset(stats, 0, sizeof(*stats));
	st = addr_op(c, op, "scope", scope, &reply, &result);
	if (st)
		goto out;
	if (dfoc_get_obj(result, "stats", &s) || dfoc_get_u32(s, "num_addr", &v.num_addr) ||
	    dfoc_get_u32(s, "addr_free", &v.addr_free) ||
	    dfoc_get_u32(s, "addr_in_use", &v.addr_in_use) ||
	    dfoc_get_u32(s, "partner_addr_free", &v.partner_addr_free) ||
	    dfoc_get_u32(s, "this_addr_free", &v.this_addr_free) ||
	    dfoc_get_u32(s, "partner_addr_in_use", &v.partner_addr_in_use) ||
	    dfoc_get_u32(s, "this_addr_in_use", &v.this_addr_in_use)) {
		st = dfoc_bad_reply(op, "stats");
		goto out;
	}
	*stats = v;
out:
	json_object_put(reply);
	return st;
}

uint32_t dhcpfo_failover_address_status(struct dhcpfo_client *c, uint32_t address,
					uint32_t *status)
{
	json_object *reply, *result;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!status)
		return dfoc_inval("status (out) is NULL");
	st = addr_op(c, "failover.address_status", "address", address, &reply, &result);
	if (!st && dfoc_get_u32(result, "status", status))
		st = dfoc_bad_reply("failover.address_status", "status");
	json_object_put(reply);
	return st;
}

uint32_t dhcpfo_failover_system_time(struct dhcpfo_client *c, uint32_t *time,
				     uint32_t *max_allowed_delta)
{
	json_object *reply, *result;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!time)
		return dfoc_inval("time (out) is NULL");
	if (!max_allowed_delta)
		return dfoc_inval("max allowed delta (out) is NULL");
	st = dfoc_call(c, "failover.system_time", json_object_new_object(), &reply, &result);
	if (!st && (dfoc_get_u32(result, "time", time) ||
		    dfoc_get_u32(result, "max_allowed_delta", max_allowed_delta)))
		st = dfoc_bad_reply("failover.system_time", "time");
	json_object_put(reply);
	return st;
}

/* ---- client info --------------------------------------------------------- */

static json_object *search_json(const struct dhcpfo_client_search *s, uint32_t *st)
{
	char buf[3 * DHCPFO_HWADDR_MAX + 1];
	json_object *o = NULL;

	*st = 0;
	switch (s->type) {
	case DHCPFO_SEARCH_IP:
		o = json_object_new_object();
		if (o && dfoc_add_str(o, "type", "ip") && dfoc_add_ip(o, "value", s->ip))
			return o;
		break;
	case DHCPFO_SEARCH_HWADDR:
		if (s->hwaddr_len && !s->hwaddr) {
			*st = dfoc_inval("hardware address is NULL");
			return NULL;
		}
		if (!s->hwaddr_len || s->hwaddr_len > DHCPFO_HWADDR_MAX) {
			*st = dfoc_inval("hardware address of %u bytes (1..%d)", s->hwaddr_len,
					 DHCPFO_HWADDR_MAX);
			return NULL;
		}
		dfoc_hwaddr_str(s->hwaddr, s->hwaddr_len, buf);
		o = json_object_new_object();
		if (o && dfoc_add_str(o, "type", "hwaddr") && dfoc_add_str(o, "value", buf))
			return o;
		break;
	case DHCPFO_SEARCH_NAME:
		if (!s->name) {
			*st = dfoc_inval("client name is NULL");
			return NULL;
		}
		if (!dfoc_utf8_valid(s->name)) {
			*st = dfoc_inval("client name is not valid UTF-8");
			return NULL;
		}
		o = json_object_new_object();
		if (o && dfoc_add_str(o, "type", "name") && dfoc_add_str(o, "value", s->name))
			return o;
		break;
	default:
		*st = dfoc_inval("search type %d is not ip (0), hwaddr (1) or name (2)", s->type);
		return NULL;
	}
	json_object_put(o);
	*st = nomem("failover.client_info");
	return NULL;
}

static int client_place(struct dfoc_blk *b, const void *json, void *root)
{
	json_object *j = (json_object *)json;
	struct dhcpfo_client_info *ci = root;
	const char *name = NULL, *comment = NULL, *policy = NULL, *hw = NULL;
	json_object *v_exp;
	uint32_t v;

	if (dfoc_get_ip(j, "address", &ci->address))
		return BAD(b, "address");
	if (dfoc_get_ip_opt(j, "mask", &ci->mask))
		return BAD(b, "mask");
	if (dfoc_get_str_opt(j, "hwaddr", &hw) ||
	    (hw && dfoc_hwaddr_parse(hw, ci->hwaddr, DHCPFO_HWADDR_MAX, &ci->hwaddr_len)))
		return BAD(b, "hwaddr");
	if (dfoc_get_str_opt(j, "name", &name) || dfoc_get_str_opt(j, "comment", &comment) ||
	    dfoc_get_str_opt(j, "policy_name", &policy))
		return BAD(b, "name");
	ci->name = dfoc_blk_str(b, name);
	ci->comment = dfoc_blk_str(b, comment);
	ci->policy_name = dfoc_blk_str(b, policy);
	/* null: an infinite lease */
	if (json_object_object_get_ex(j, "lease_expires", &v_exp) && !v_exp)
		ci->lease_expires = DHCPFO_LEASE_INFINITE;
	else if (dfoc_get_u64_opt(j, "lease_expires", &ci->lease_expires))
		return BAD(b, "lease_expires");
	if (dfoc_get_ip_opt(j, "owner_host", &ci->owner_host))
		return BAD(b, "owner_host");
	v = 0;
	if (dfoc_get_u32_opt(j, "client_type", &v) || v > 255)
		return BAD(b, "client_type");
	ci->client_type = (uint8_t)v;
	v = 0;
	if (dfoc_get_u32_opt(j, "address_state", &v) || v > 255)
		return BAD(b, "address_state");
	ci->address_state = (uint8_t)v;
	v = 0;
	if (dfoc_get_u32_opt(j, "flags", &v) || v > 255)
		return BAD(b, "flags");
	ci->flags = (uint8_t)v;
	if (dfoc_get_u32_opt(j, "sent_pot_exp_time", &ci->sent_pot_exp_time) ||
	    dfoc_get_u32_opt(j, "ack_pot_exp_time", &ci->ack_pot_exp_time) ||
	    dfoc_get_u32_opt(j, "recv_pot_exp_time", &ci->recv_pot_exp_time) ||
	    dfoc_get_u32_opt(j, "start_time", &ci->start_time) ||
	    dfoc_get_u32_opt(j, "clt_last_trans_time", &ci->clt_last_trans_time) ||
	    dfoc_get_u32_opt(j, "last_bnd_upd_time", &ci->last_bnd_upd_time) ||
	    dfoc_get_u32_opt(j, "bnd_msg_status", &ci->bnd_msg_status))
		return BAD(b, "times");
	return 0;
}

uint32_t dhcpfo_failover_client_info(struct dhcpfo_client *c,
				     const struct dhcpfo_client_search *search,
				     struct dhcpfo_client_info **info)
{
	static const char *const op = "failover.client_info";
	json_object *reply, *result, *s, *j;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!search)
		return dfoc_inval("search info is NULL");
	if (!info)
		return dfoc_inval("client info (out) is NULL");
	*info = NULL;
	s = search_json(search, &st);
	if (!s)
		return st;
	st = dfoc_call(c, op, dfoc_args1("search", s), &reply, &result);
	if (!st) {
		if (dfoc_get_obj(result, "client", &j))
			st = dfoc_bad_reply(op, "client");
		else
			*info = DFOC_BUILD(struct dhcpfo_client_info, client_place, j, op, &st);
	}
	json_object_put(reply);
	return st;
}

/* ---- which --------------------------------------------------------------- */

uint32_t dhcpfo_failover_which(struct dhcpfo_client *c, uint32_t scope,
			       const uint8_t *hwaddr, uint32_t hwaddr_len,
			       const uint8_t *client_id, uint32_t client_id_len,
			       struct dhcpfo_which *which)
{
	static const char *const op = "failover.which";
	char buf[2 * 255 + 1];
	json_object *a, *reply, *result;
	const char *owner;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!which)
		return dfoc_inval("which (out) is NULL");
	if ((hwaddr_len && !hwaddr) || (client_id_len && !client_id))
		return dfoc_inval("client key is NULL");
	if (!hwaddr_len == !client_id_len)
		return dfoc_inval("give exactly one of a hardware address and a client-id");
	if (hwaddr_len > DHCPFO_HWADDR_MAX || client_id_len > 255)
		return dfoc_inval("client key too long (hardware address <= 16, client-id <= 255 bytes)");
	memset(which, 0, sizeof(*which));
	a = dfoc_args1("scope", dfoc_ip_new(scope));
	if (hwaddr_len)
		dfoc_hwaddr_str(hwaddr, hwaddr_len, buf);
	else
		dfoc_hex_str(client_id, client_id_len, buf);
	if (!a || !dfoc_add_str(a, hwaddr_len ? "hwaddr" : "client_id", buf)) {
		json_object_put(a);
		return nomem(op);
	}
	st = dfoc_call(c, op, a, &reply, &result);
	if (!st && (dfoc_get_u32(result, "bucket", &which->bucket) || which->bucket > 255 ||
		    dfoc_get_str(result, "owner", &owner) ||
		    dhcpfo_server_type_parse(owner, &which->owner) ||
		    dfoc_get_bool(result, "this_server_answers", &which->this_server_answers)))
		st = dfoc_bad_reply(op, "bucket/owner/this_server_answers");
	json_object_put(reply);
	return st;
}

void dhcpfo_relationship__free(struct dhcpfo_relationship *rel)
{
	dhcpfo_free(rel);
}

void dhcpfo_relationship_array__free(struct dhcpfo_relationship_array *rels)
{
	dhcpfo_free(rels);
}
