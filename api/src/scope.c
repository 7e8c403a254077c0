// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Scopes, their elements and option values: the scope.* ops. */
#include <string.h>

#include "internal.h"

#define BAD(b, f) ((b)->bad = (b)->bad ? (b)->bad : (f), -1)

static uint32_t nomem(const char *op)
{
	return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "%s: out of memory", op);
}

static const char *state_str(enum dhcpfo_scope_state s)
{
	return s == DHCPFO_SCOPE_ENABLED ? "enabled" : s == DHCPFO_SCOPE_DISABLED ? "disabled" : NULL;
}

/* ---- scopes -------------------------------------------------------------- */

static json_object *scope_json(const struct dhcpfo_scope *s, uint32_t fields, uint32_t *st)
{
	json_object *o;
	bool ok;

	*st = 0;
	if ((s->name && !dfoc_utf8_valid(s->name)) || (s->comment && !dfoc_utf8_valid(s->comment))) {
		*st = dfoc_inval("scope name or comment is not valid UTF-8");
		return NULL;
	}
	if ((fields & DHCPFO_SCOPE_SET_STATE) && !state_str(s->state)) {
		*st = dfoc_inval("scope state %d is neither enabled (0) nor disabled (1)", s->state);
		return NULL;
	}
	o = json_object_new_object();
	ok = o && dfoc_add_ip(o, "address", s->address) &&
	     (!(fields & DHCPFO_SCOPE_SET_MASK) || dfoc_add_ip(o, "mask", s->mask)) &&
	     (!(fields & DHCPFO_SCOPE_SET_NAME) || !s->name || dfoc_add_str(o, "name", s->name)) &&
	     (!(fields & DHCPFO_SCOPE_SET_COMMENT) || !s->comment ||
	      dfoc_add_str(o, "comment", s->comment)) &&
	     (!(fields & DHCPFO_SCOPE_SET_STATE) || dfoc_add_str(o, "state", state_str(s->state))) &&
	     (!(fields & DHCPFO_SCOPE_SET_LEASE_DURATION) ||
	      dfoc_add_u64(o, "lease_duration", s->lease_duration));
	if (ok)
		return o;
	json_object_put(o);
	*st = nomem("scope");
	return NULL;
}

uint32_t dhcpfo_scope_create(struct dhcpfo_client *c, const struct dhcpfo_scope *scope)
{
	uint32_t fields = DHCPFO_SCOPE_SET_ALL, st;
	json_object *o;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!scope)
		return dfoc_inval("scope is NULL");
	if (!scope->lease_duration)
		fields &= ~DHCPFO_SCOPE_SET_LEASE_DURATION;	/* the agent's default */
	o = scope_json(scope, fields, &st);
	if (!o)
		return st;
	return dfoc_call_noresult(c, "scope.create", dfoc_args1("scope", o));
}

uint32_t dhcpfo_scope_set(struct dhcpfo_client *c, uint32_t fields, const struct dhcpfo_scope *scope)
{
	json_object *o;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!scope)
		return dfoc_inval("scope is NULL");
	if (fields & ~DHCPFO_SCOPE_SET_ALL)
		return dfoc_inval("unknown scope field bits 0x%x", fields & ~DHCPFO_SCOPE_SET_ALL);
	/* a NULL name or comment with its bit set clears it */
	if ((fields & DHCPFO_SCOPE_SET_NAME) && !scope->name) {
		struct dhcpfo_scope s = *scope;

		s.name = "";
		return dhcpfo_scope_set(c, fields, &s);
	}
	if ((fields & DHCPFO_SCOPE_SET_COMMENT) && !scope->comment) {
		struct dhcpfo_scope s = *scope;

		s.comment = "";
		return dhcpfo_scope_set(c, fields, &s);
	}
	o = scope_json(scope, fields, &st);
	if (!o)
		return st;
	return dfoc_call_noresult(c, "scope.set", dfoc_args1("scope", o));
}

static int scope_place(struct dfoc_blk *b, const void *json, void *root)
{
	json_object *j = (json_object *)json;
	struct dhcpfo_scope *s = root;
	const char *name = NULL, *comment = NULL, *state, *rel = NULL;

	if (dfoc_get_ip(j, "address", &s->address))
		return BAD(b, "address");
	if (dfoc_get_ip(j, "mask", &s->mask))
		return BAD(b, "mask");
	if (dfoc_get_str_opt(j, "name", &name))
		return BAD(b, "name");
	if (dfoc_get_str_opt(j, "comment", &comment))
		return BAD(b, "comment");
	if (dfoc_get_str(j, "state", &state))
		return BAD(b, "state");
	if (!strcmp(state, "enabled"))
		s->state = DHCPFO_SCOPE_ENABLED;
	else if (!strcmp(state, "disabled"))
		s->state = DHCPFO_SCOPE_DISABLED;
	else
		return BAD(b, "state");
	if (dfoc_get_u32_opt(j, "lease_duration", &s->lease_duration))
		return BAD(b, "lease_duration");
	if (dfoc_get_str_opt(j, "relationship", &rel))
		return BAD(b, "relationship");
	s->name = dfoc_blk_str(b, name ? name : "");
	s->comment = dfoc_blk_str(b, comment ? comment : "");
	s->relationship = dfoc_blk_str(b, rel);
	return 0;
}

uint32_t dhcpfo_scope_get(struct dhcpfo_client *c, uint32_t address, struct dhcpfo_scope **scope)
{
	json_object *reply, *result, *j;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!scope)
		return dfoc_inval("scope (out) is NULL");
	*scope = NULL;
	st = dfoc_call(c, "scope.get", dfoc_args1("address", dfoc_ip_new(address)), &reply, &result);
	if (!st) {
		if (dfoc_get_obj(result, "scope", &j))
			st = dfoc_bad_reply("scope.get", "scope");
		else
			*scope = DFOC_BUILD(struct dhcpfo_scope, scope_place, j, "scope.get", &st);
	}
	json_object_put(reply);
	return st;
}

static int ips_place(struct dfoc_blk *b, const void *json, void *root)
{
	return dfoc_blk_ips(b, json, "scopes", root);
}

uint32_t dhcpfo_scope_enum(struct dhcpfo_client *c, uint32_t *resume_handle,
			   uint32_t preferred_max, struct dhcpfo_ip_array **scopes,
			   uint32_t *read, uint32_t *total)
{
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!resume_handle)
		return dfoc_inval("resume handle is NULL");
	if (!scopes)
		return dfoc_inval("scopes (out) is NULL");
	if (!read)
		return dfoc_inval("read (out) is NULL");
	if (!total)
		return dfoc_inval("total (out) is NULL");
	*scopes = NULL;
	*read = *total = 0;
	*scopes = DFOC_ENUM(struct dhcpfo_ip_array, c, "scope.enum", NULL, "scopes", ips_place,
			 resume_handle, preferred_max, read, total, &st);
	return st;
}

uint32_t dhcpfo_scope_delete(struct dhcpfo_client *c, uint32_t address, bool force)
{
	json_object *a;

	if (!c)
		return dfoc_inval("client is NULL");
	a = dfoc_args1("address", dfoc_ip_new(address));
	if (!a || !dfoc_add(a, "force", json_object_new_boolean(force))) {
		json_object_put(a);
		return nomem("scope.delete");
	}
	return dfoc_call_noresult(c, "scope.delete", a);
}

void dhcpfo_scope__free(struct dhcpfo_scope *scope)
{
	dhcpfo_free(scope);
}

/* ---- elements ------------------------------------------------------------ */

static json_object *element_json(const struct dhcpfo_element *el, uint32_t *st)
{
	char hw[3 * DHCPFO_HWADDR_MAX + 1];
	json_object *o;
	bool ok;

	*st = 0;
	switch (el->type) {
	case DHCPFO_ELEMENT_RANGE:
		if (!dhcpfo_range_type_str(el->range_type)) {
			*st = dfoc_inval("range type %d is not dhcp (0), bootp (1) or both (2)",
					 el->range_type);
			return NULL;
		}
		/* fall through */
	case DHCPFO_ELEMENT_EXCLUSION:
		o = json_object_new_object();
		ok = o && dfoc_add_str(o, "type", dhcpfo_element_type_str(el->type)) &&
		     dfoc_add_ip(o, "start", el->start) && dfoc_add_ip(o, "end", el->end) &&
		     (el->type != DHCPFO_ELEMENT_RANGE ||
		      dfoc_add_str(o, "range_type", dhcpfo_range_type_str(el->range_type)));
		break;
	case DHCPFO_ELEMENT_RESERVATION:
		if (!el->hwaddr_len || el->hwaddr_len > DHCPFO_HWADDR_MAX) {
			*st = dfoc_inval("reservation hardware address of %u bytes (1..%d)",
					 el->hwaddr_len, DHCPFO_HWADDR_MAX);
			return NULL;
		}
		if (el->name && !dfoc_utf8_valid(el->name)) {
			*st = dfoc_inval("reservation name is not valid UTF-8");
			return NULL;
		}
		dfoc_hwaddr_str(el->hwaddr, el->hwaddr_len, hw);
		o = json_object_new_object();
		ok = o && dfoc_add_str(o, "type", "reservation") &&
		     dfoc_add_ip(o, "address", el->address) && dfoc_add_str(o, "hwaddr", hw) &&
		     (!el->name || dfoc_add_str(o, "name", el->name));
		break;
	default:
		*st = dfoc_inval("element type %d is not range (0), exclusion (1) or reservation (2)",
				 el->type);
		return NULL;
	}
	if (ok)
		return o;
	json_object_put(o);
	*st = nomem("scope element");
	return NULL;
}

static uint32_t element_op(struct dhcpfo_client *c, const char *op, uint32_t scope,
			   const struct dhcpfo_element *el)
{
	json_object *a, *e;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!el)
		return dfoc_inval("element is NULL");
	e = element_json(el, &st);
	if (!e)
		return st;
	a = dfoc_args1("address", dfoc_ip_new(scope));
	if (!a || !dfoc_add(a, "element", e)) {
		if (!a)
			json_object_put(e);
		json_object_put(a);
		return nomem(op);
	}
	return dfoc_call_noresult(c, op, a);
}

uint32_t dhcpfo_scope_element_add(struct dhcpfo_client *c, uint32_t scope,
				  const struct dhcpfo_element *el)
{
	return element_op(c, "scope.element_add", scope, el);
}

uint32_t dhcpfo_scope_element_remove(struct dhcpfo_client *c, uint32_t scope,
				     const struct dhcpfo_element *el)
{
	return element_op(c, "scope.element_remove", scope, el);
}

static int element_place(struct dfoc_blk *b, const void *json, void *item)
{
	json_object *j = (json_object *)json;
	struct dhcpfo_element *el = item;
	const char *type, *rt = NULL, *hw, *name = NULL;

	memset(el, 0, sizeof(*el));
	if (dfoc_get_str(j, "type", &type) || dfoc_element_type_parse(type, &el->type))
		return BAD(b, "type");
	if (el->type == DHCPFO_ELEMENT_RESERVATION) {
		if (dfoc_get_ip(j, "address", &el->address))
			return BAD(b, "address");
		if (dfoc_get_str(j, "hwaddr", &hw) ||
		    dfoc_hwaddr_parse(hw, el->hwaddr, DHCPFO_HWADDR_MAX, &el->hwaddr_len))
			return BAD(b, "hwaddr");
		if (dfoc_get_str_opt(j, "name", &name))
			return BAD(b, "name");
		el->name = dfoc_blk_str(b, name);
		return 0;
	}
	if (dfoc_get_ip(j, "start", &el->start) || dfoc_get_ip(j, "end", &el->end))
		return BAD(b, "start/end");
	if (el->type == DHCPFO_ELEMENT_RANGE &&
	    (dfoc_get_str_opt(j, "range_type", &rt) || (rt && dhcpfo_range_type_parse(rt, &el->range_type))))
		return BAD(b, "range_type");
	return 0;
}

static int elements_place(struct dfoc_blk *b, const void *json, void *root)
{
	struct dhcpfo_element_array *a = root;
	struct dhcpfo_element scratch;
	void *items;

	if (dfoc_blk_objects(b, json, "elements", &scratch, sizeof(scratch),
			     _Alignof(struct dhcpfo_element), element_place, &items, &a->n))
		return -1;
	a->items = items;
	return 0;
}

uint32_t dhcpfo_scope_element_enum(struct dhcpfo_client *c, uint32_t scope,
				   enum dhcpfo_element_type type, uint32_t *resume_handle,
				   uint32_t preferred_max, struct dhcpfo_element_array **els,
				   uint32_t *read, uint32_t *total)
{
	static const char *const op = "scope.element_enum";
	json_object *a;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!resume_handle)
		return dfoc_inval("resume handle is NULL");
	if (!els)
		return dfoc_inval("elements (out) is NULL");
	if (!read)
		return dfoc_inval("read (out) is NULL");
	if (!total)
		return dfoc_inval("total (out) is NULL");
	*els = NULL;
	*read = *total = 0;
	if (!dhcpfo_element_type_str(type))
		return dfoc_inval("element type %d is not range (0), exclusion (1) or reservation (2)",
				  type);
	a = dfoc_args1("address", dfoc_ip_new(scope));
	if (!a || !dfoc_add_str(a, "type", dhcpfo_element_type_str(type))) {
		json_object_put(a);
		return nomem(op);
	}
	*els = DFOC_ENUM(struct dhcpfo_element_array, c, op, a, "elements", elements_place,
			 resume_handle, preferred_max, read, total, &st);
	return st;
}

/* ---- option values ------------------------------------------------------- */

static json_object *value_json(enum dhcpfo_option_type t, const struct dhcpfo_option_value *v,
			       uint32_t *st)
{
	static const uint64_t max[] = { 0xff, 0xffff, 0xffffffff, UINT64_MAX };
	char *hex;
	json_object *o;

	switch (t) {
	case DHCPFO_OPTION_BYTE:
	case DHCPFO_OPTION_WORD:
	case DHCPFO_OPTION_DWORD:
	case DHCPFO_OPTION_DWORDDWORD:
		if (v->num > max[t]) {
			*st = dfoc_inval("option value %llu does not fit a %s",
					 (unsigned long long)v->num, dhcpfo_option_type_str(t));
			return NULL;
		}
		return json_object_new_uint64(v->num);
	case DHCPFO_OPTION_IPADDRESS:
		return dfoc_ip_new(v->ip);
	case DHCPFO_OPTION_STRING:
		if (!v->str || !dfoc_utf8_valid(v->str)) {
			*st = dfoc_inval("option string value is NULL or not valid UTF-8");
			return NULL;
		}
		return json_object_new_string(v->str);
	case DHCPFO_OPTION_BINARY:
	case DHCPFO_OPTION_ENCAPSULATED:
		if (v->bin_len && !v->bin) {
			*st = dfoc_inval("option binary value is NULL");
			return NULL;
		}
		hex = malloc(2 * (size_t)v->bin_len + 1);
		if (!hex)
			return NULL;
		dfoc_hex_str(v->bin, v->bin_len, hex);
		o = json_object_new_string(hex);
		free(hex);
		return o;
	}
	*st = dfoc_inval("option type %d is not a DHCP_OPTION_DATA_TYPE (0..7)", t);
	return NULL;
}

static json_object *option_json(const struct dhcpfo_option *opt, uint32_t *st)
{
	json_object *o, *vals, *v;
	uint32_t i;

	*st = 0;
	if (!dhcpfo_option_type_str(opt->type))
		return *st = dfoc_inval("option type %d is not a DHCP_OPTION_DATA_TYPE (0..7)",
					opt->type), NULL;
	if (opt->n_values && !opt->values)
		return *st = dfoc_inval("option values is NULL but n_values is %u", opt->n_values),
		       NULL;
	o = json_object_new_object();
	vals = json_object_new_array_ext((int)opt->n_values);
	if (!o || !vals || !dfoc_add_u64(o, "code", opt->code) ||
	    !dfoc_add_str(o, "type", dhcpfo_option_type_str(opt->type)))
		goto fail;
	for (i = 0; i < opt->n_values; i++) {
		v = value_json(opt->type, &opt->values[i], st);
		if (!v || json_object_array_add(vals, v)) {
			json_object_put(v);
			goto fail;
		}
	}
	if (dfoc_add(o, "values", vals))
		return o;
	vals = NULL;
fail:
	json_object_put(vals);
	json_object_put(o);
	if (!*st)
		*st = nomem("option");
	return NULL;
}

uint32_t dhcpfo_scope_option_set(struct dhcpfo_client *c, uint32_t scope,
				 const struct dhcpfo_option *opt)
{
	json_object *a, *o;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!opt)
		return dfoc_inval("option is NULL");
	o = option_json(opt, &st);
	if (!o)
		return st;
	a = dfoc_args1("address", dfoc_ip_new(scope));
	if (!a || !dfoc_add(a, "option", o)) {
		if (!a)
			json_object_put(o);
		json_object_put(a);
		return nomem("scope.option_set");
	}
	return dfoc_call_noresult(c, "scope.option_set", a);
}

static int value_place(struct dfoc_blk *b, enum dhcpfo_option_type t, json_object *j,
		       struct dhcpfo_option_value *v)
{
	uint32_t len;

	memset(v, 0, sizeof(*v));
	switch (t) {
	case DHCPFO_OPTION_BYTE:
	case DHCPFO_OPTION_WORD:
	case DHCPFO_OPTION_DWORD:
	case DHCPFO_OPTION_DWORDDWORD:
		if (dfoc_json_u64(j, &v->num))
			return BAD(b, "values");
		return 0;
	case DHCPFO_OPTION_IPADDRESS:
		if (!json_object_is_type(j, json_type_string) ||
		    dfoc_ip_parse(json_object_get_string(j), &v->ip))
			return BAD(b, "values");
		return 0;
	case DHCPFO_OPTION_STRING:
		if (!json_object_is_type(j, json_type_string))
			return BAD(b, "values");
		v->str = dfoc_blk_str(b, json_object_get_string(j));
		return 0;
	case DHCPFO_OPTION_BINARY:
	case DHCPFO_OPTION_ENCAPSULATED: {
		const char *hex = json_object_get_string(j);
		uint8_t *p;
		size_t n;

		if (!json_object_is_type(j, json_type_string) || !dfoc_hex_valid(hex))
			return BAD(b, "values");
		n = strlen(hex) / 2;
		p = dfoc_blk_take(b, n, 1);
		if (p)
			dfoc_hex_parse(hex, p, (uint32_t)n, &len);
		v->bin = n ? p : NULL;
		v->bin_len = (uint32_t)n;
		return 0;
	}
	}
	return BAD(b, "type");
}

static int option_place(struct dfoc_blk *b, const void *json, void *item)
{
	json_object *j = (json_object *)json;
	struct dhcpfo_option *opt = item;
	struct dhcpfo_option_value scratch, *vals;
	const char *type, *name = NULL;
	json_object *arr;
	size_t n, i;

	memset(opt, 0, sizeof(*opt));
	if (dfoc_get_u32(j, "code", &opt->code))
		return BAD(b, "code");
	if (dfoc_get_str(j, "type", &type) || dhcpfo_option_type_parse(type, &opt->type))
		return BAD(b, "type");
	if (dfoc_get_str_opt(j, "name", &name))
		return BAD(b, "name");
	opt->name = dfoc_blk_str(b, name);
	if (dfoc_get_arr(j, "values", &arr))
		return BAD(b, "values");
	n = json_object_array_length(arr);
	vals = dfoc_blk_take(b, n * sizeof(*vals), _Alignof(struct dhcpfo_option_value));
	for (i = 0; i < n; i++)
		if (value_place(b, opt->type, json_object_array_get_idx(arr, i),
				vals ? &vals[i] : &scratch))
			return -1;
	opt->n_values = (uint32_t)n;
	opt->values = n ? vals : NULL;
	return 0;
}

static int options_place(struct dfoc_blk *b, const void *json, void *root)
{
	struct dhcpfo_option_array *a = root;
	struct dhcpfo_option scratch;
	void *items;

	if (dfoc_blk_objects(b, json, "options", &scratch, sizeof(scratch),
			     _Alignof(struct dhcpfo_option), option_place, &items, &a->n))
		return -1;
	a->items = items;
	return 0;
}

static json_object *code_args(uint32_t scope, uint32_t code)
{
	json_object *a = dfoc_args1("address", dfoc_ip_new(scope));

	if (a && !dfoc_add_u64(a, "code", code)) {
		json_object_put(a);
		return NULL;
	}
	return a;
}

uint32_t dhcpfo_scope_option_get(struct dhcpfo_client *c, uint32_t scope, uint32_t code,
				 struct dhcpfo_option **opt)
{
	json_object *reply, *result, *j;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!opt)
		return dfoc_inval("option (out) is NULL");
	*opt = NULL;
	st = dfoc_call(c, "scope.option_get", code_args(scope, code), &reply, &result);
	if (!st) {
		if (dfoc_get_obj(result, "option", &j))
			st = dfoc_bad_reply("scope.option_get", "option");
		else
			*opt = DFOC_BUILD(struct dhcpfo_option, option_place, j,
					  "scope.option_get", &st);
	}
	json_object_put(reply);
	return st;
}

uint32_t dhcpfo_scope_option_remove(struct dhcpfo_client *c, uint32_t scope, uint32_t code)
{
	if (!c)
		return dfoc_inval("client is NULL");
	return dfoc_call_noresult(c, "scope.option_remove", code_args(scope, code));
}

uint32_t dhcpfo_scope_option_enum(struct dhcpfo_client *c, uint32_t scope,
				  struct dhcpfo_option_array **opts)
{
	json_object *reply, *result, *arr;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!opts)
		return dfoc_inval("options (out) is NULL");
	*opts = NULL;
	st = dfoc_call(c, "scope.option_enum", dfoc_args1("address", dfoc_ip_new(scope)), &reply,
		       &result);
	if (!st) {
		if (dfoc_get_arr(result, "options", &arr))
			st = dfoc_bad_reply("scope.option_enum", "options");
		else
			*opts = DFOC_BUILD(struct dhcpfo_option_array, options_place, arr,
					   "scope.option_enum", &st);
	}
	json_object_put(reply);
	return st;
}
