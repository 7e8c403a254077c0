// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dhcpfo_abi.h"
#include "policy.h"
#include "serial.h"

static int perr(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int perr(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A string member: valid UTF-8 and at most @max bytes. */
static int get_text_max(json_object *o, const char *key, size_t max, const char **out, char *err,
			size_t len)
{
	int r = dfod_json_str(o, key, out);

	if (r == -EINVAL)
		return perr(err, len, "'%s' must be a string without NUL characters", key);
	if (r)
		return r;
	if (dfod_utf8_len(*out) < 0)
		return perr(err, len, "'%s' is not valid UTF-8", key);
	if (strlen(*out) > max)
		return perr(err, len, "'%s' is longer than %zu bytes", key, max);
	return 0;
}

static int get_text(json_object *o, const char *key, const char **out, char *err, size_t len)
{
	return get_text_max(o, key, DFOD_TEXT_MAX, out, err, len);
}

static int get_u32(json_object *o, const char *key, uint32_t max, uint32_t *out, char *err,
		   size_t len)
{
	int r = dfod_json_u32(o, key, out);

	if (r == -ENOENT)
		return r;
	if (r || *out > max)
		return perr(err, len, "'%s' must be an integer from 0 to %u", key, max);
	return 0;
}

static int get_ipv4(json_object *o, const char *key, uint32_t *out, char *err, size_t len)
{
	int r = dfod_json_ipv4(o, key, out);

	if (r == -ENOENT)
		return r;
	if (r)
		return perr(err, len, "'%s' must be a dotted-quad IPv4 address", key);
	return 0;
}

/* One of @names (NULL-terminated) as a string member; the index in *out. */
static int get_enum(json_object *o, const char *key, const char *const *names, unsigned int *out,
		    char *err, size_t len)
{
	const char *s;
	unsigned int i;
	int r = dfod_json_str(o, key, &s);

	if (r == -ENOENT)
		return r;
	if (!r)
		for (i = 0; names[i]; i++)
			if (!strcmp(s, names[i])) {
				*out = i;
				return 0;
			}
	return perr(err, len, "'%s' must be one of %s%s%s%s%s", key, names[0],
		    names[1] ? ", " : "", names[1] ? names[1] : "",
		    names[1] && names[2] ? ", " : "", names[1] && names[2] ? names[2] : "");
}

static const char *const mode_names[] = { "load_balance", "hot_standby", NULL };
static const char *const role_names[] = { "primary", "secondary", NULL };
static const char *const key_names[] = { "client-id", "chaddr", NULL };
static const char *const range_names[] = { "dhcp", "bootp", "both", NULL };
static const char *const elem_names[] = { "range", "exclusion", "reservation", NULL };
static const char *const scope_state_names[] = { "enabled", "disabled", NULL };

const char *dfod_mode_name(unsigned int mode)
{
	return mode < 2 ? mode_names[mode] : "unknown";
}

const char *dfod_role_name(unsigned int role)
{
	return role < 2 ? role_names[role] : "unknown";
}

const char *dfod_key_mode_name(unsigned int km)
{
	return km < 2 ? key_names[km] : "unknown";
}

const char *dfod_range_type_name(unsigned int t)
{
	return t < 3 ? range_names[t] : "unknown";
}

int dfod_elem_type_parse(const char *s, enum dfod_elem_type *t)
{
	unsigned int i;

	for (i = 0; elem_names[i]; i++)
		if (!strcmp(s, elem_names[i])) {
			*t = i;
			return 0;
		}
	return -EINVAL;
}

/* Run one member parser unless skipped: absent is fine, present sets @bit. */
#define MEMBER(expr, bit) do {						\
	int _r = (skip & (bit)) ? -ENOENT : (expr);			\
	if (_r == 0)							\
		in->have |= (bit);					\
	else if (_r != -ENOENT)						\
		goto fail;						\
} while (0)

static int get_bool(json_object *o, const char *key, bool *out, char *err, size_t len)
{
	int r = dfod_json_bool(o, key, out);

	if (r == -EINVAL)
		return perr(err, len, "'%s' must be true or false", key);
	return r;
}

static int get_u64(json_object *o, const char *key, uint64_t *out, char *err, size_t len)
{
	int r = dfod_json_u64(o, key, out);

	if (r == -EINVAL)
		return perr(err, len, "'%s' must be a non-negative integer", key);
	return r;
}

static int parse_scope_list(json_object *o, struct dfod_rel_in *in, char *err, size_t len)
{
	json_object *arr = NULL;
	size_t i, n;

	if (!json_object_object_get_ex(o, "scopes", &arr) || !arr)
		return -ENOENT;
	if (!json_object_is_type(arr, json_type_array))
		return perr(err, len, "'scopes' must be an array of subnet addresses");
	n = json_object_array_length(arr);
	in->scopes = malloc((n ? n : 1) * sizeof(*in->scopes));
	if (!in->scopes)
		return perr(err, len, "out of memory");
	for (i = 0; i < n; i++) {
		const char *s;

		if (dfod_json_val_str(json_object_array_get_idx(arr, i), &s) ||
		    dfod_parse_ipv4(s, &in->scopes[i]))
			return perr(err, len, "'scopes'[%zu] must be a dotted-quad subnet address", i);
	}
	in->n_scopes = n;
	return 0;
}

int dfod_rel_parse(json_object *o, uint32_t skip, struct dfod_rel_in *in, char *err, size_t len)
{
	struct dfod_rel *r = &in->r;
	unsigned int e = 0;
	uint32_t v = 0;

	memset(in, 0, sizeof(*in));
	if (!o || !json_object_is_type(o, json_type_object))
		return perr(err, len, "the relationship must be a JSON object");
	/* No byte limit here: a long name is FO_RELATIONSHIP_NAME_TOO_LONG, later. */
	MEMBER(get_text_max(o, "name", SIZE_MAX, &in->name, err, len), DFOD_RF_NAME);
	MEMBER(get_ipv4(o, "primary_server", &r->primary, err, len), DFOD_RF_PRIMARY);
	MEMBER(get_ipv4(o, "secondary_server", &r->secondary, err, len), DFOD_RF_SECONDARY);
	MEMBER(parse_scope_list(o, in, err, len), DFOD_RF_SCOPES);
	MEMBER(get_u32(o, "percentage", 100, &v, err, len), DFOD_RF_PERCENTAGE);
	r->percentage = v;
	MEMBER(get_enum(o, "mode", mode_names, &e, err, len), DFOD_RF_MODE);
	r->mode = e;
	e = 0;
	MEMBER(get_enum(o, "server_type", role_names, &e, err, len), DFOD_RF_SERVER_TYPE);
	r->server_type = e;
	v = 0;
	MEMBER(get_u32(o, "state", DFO_FSM_MAX - 1, &v, err, len), DFOD_RF_STATE);
	r->state = v;
	v = 0;
	MEMBER(get_u32(o, "prev_state", DFO_FSM_MAX - 1, &v, err, len), DFOD_RF_PREV_STATE);
	r->prev_state = v;
	MEMBER(get_u32(o, "mclt", UINT32_MAX, &r->mclt, err, len), DFOD_RF_MCLT);
	MEMBER(get_u32(o, "safe_period", UINT32_MAX, &r->safe_period, err, len),
	       DFOD_RF_SAFE_PERIOD);
	MEMBER(get_text(o, "primary_server_name", &in->primary_name, err, len),
	       DFOD_RF_PRIMARY_NAME);
	MEMBER(get_text(o, "secondary_server_name", &in->secondary_name, err, len),
	       DFOD_RF_SECONDARY_NAME);
	MEMBER(get_text(o, "shared_secret", &in->secret, err, len), DFOD_RF_SECRET);
	MEMBER(get_bool(o, "auto_state_transition", &r->auto_transition, err, len), DFOD_RF_AUTO);
	v = 0;
	MEMBER(get_u32(o, "lb_max_seconds", UINT16_MAX, &v, err, len), DFOD_RF_LB_MAX);
	r->lb_max_secs = v;
	e = 0;
	MEMBER(get_enum(o, "hash_key", key_names, &e, err, len), DFOD_RF_HASH_KEY);
	r->key_mode = e;
	MEMBER(get_u32(o, "id", UINT32_MAX, &r->id, err, len), DFOD_RF_ID);
	if ((in->have & DFOD_RF_ID) && !r->id) {
		perr(err, len, "'id' must be at least 1");
		goto fail;
	}
	MEMBER(get_u64(o, "state_time", &r->state_time, err, len), DFOD_RF_STATE_TIME);
	return 0;
fail:
	dfod_rel_in_free(in);
	return -EINVAL;
}

void dfod_rel_in_free(struct dfod_rel_in *in)
{
	free(in->scopes);
	in->scopes = NULL;
	in->n_scopes = 0;
}

json_object *dfod_rel_json(const struct dfod_rel *r, bool persist)
{
	json_object *o = json_object_new_object(), *sc;
	char buf[DFOD_IPV4_STRLEN];
	uint32_t i;
	int err = 0;

	if (!o)
		return NULL;
	err |= dfod_jadd_str(o, "name", r->name);
	err |= dfod_jadd_u64(o, "id", r->id);
	err |= dfod_jadd_ipv4(o, "primary_server", r->primary);
	err |= dfod_jadd_ipv4(o, "secondary_server", r->secondary);
	err |= dfod_jadd_str(o, "mode", dfod_mode_name(r->mode));
	err |= dfod_jadd_str(o, "server_type", dfod_role_name(r->server_type));
	err |= dfod_jadd_u64(o, "state", r->state);
	if (!persist)
		err |= dfod_jadd_str(o, "state_name", dfo_fsm_state__name(r->state));
	err |= dfod_jadd_u64(o, "prev_state", r->prev_state);
	if (!persist)
		err |= dfod_jadd_str(o, "prev_state_name", dfo_fsm_state__name(r->prev_state));
	err |= dfod_jadd_u64(o, "state_time", r->state_time);
	err |= dfod_jadd_u64(o, "mclt", r->mclt);
	err |= dfod_jadd_u64(o, "safe_period", r->safe_period);
	err |= dfod_jadd_str(o, "primary_server_name", r->primary_name);
	err |= dfod_jadd_str(o, "secondary_server_name", r->secondary_name);
	sc = json_object_new_array_ext(r->n_scopes);
	err |= dfod_jadd(o, "scopes", sc);
	for (i = 0; !err && i < r->n_scopes; i++)
		if (json_object_array_add(sc, json_object_new_string(dfod_fmt_ipv4(r->scopes[i], buf))))
			err = -ENOMEM;
	err |= dfod_jadd_u64(o, "percentage", r->percentage);
	if (persist) {
		if (r->secret)
			err |= dfod_jadd_str(o, "shared_secret", r->secret);
	} else {
		/* The secret never leaves the agent. */
		err |= dfod_jadd_bool(o, "shared_secret_set", r->secret != NULL);
	}
	err |= dfod_jadd_bool(o, "auto_state_transition", r->auto_transition);
	err |= dfod_jadd_u64(o, "lb_max_seconds", r->lb_max_secs);
	err |= dfod_jadd_str(o, "hash_key", dfod_key_mode_name(r->key_mode));
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

#undef MEMBER
#define MEMBER(expr, bit) do {						\
	int _r = (expr);						\
	if (_r == 0)							\
		in->have |= (bit);					\
	else if (_r != -ENOENT)						\
		return -EINVAL;						\
} while (0)

int dfod_scope_parse(json_object *o, struct dfod_scope_in *in, char *err, size_t len)
{
	unsigned int e;

	memset(in, 0, sizeof(*in));
	if (!o || !json_object_is_type(o, json_type_object))
		return perr(err, len, "the scope must be a JSON object");
	MEMBER(get_ipv4(o, "address", &in->addr, err, len), DFOD_SF_ADDRESS);
	MEMBER(get_ipv4(o, "mask", &in->mask, err, len), DFOD_SF_MASK);
	MEMBER(get_text(o, "name", &in->name, err, len), DFOD_SF_NAME);
	MEMBER(get_text(o, "comment", &in->comment, err, len), DFOD_SF_COMMENT);
	MEMBER(get_enum(o, "state", scope_state_names, &e, err, len), DFOD_SF_STATE);
	in->enabled = !(in->have & DFOD_SF_STATE) || e == 0;
	MEMBER(get_u32(o, "lease_duration", UINT32_MAX, &in->lease, err, len), DFOD_SF_LEASE);
	MEMBER(get_u32(o, "slot", UINT32_MAX, &in->slot, err, len), DFOD_SF_SLOT);
	return 0;
}

static int add_array(json_object *o, const char *key, json_object **arr, size_t n)
{
	*arr = json_object_new_array_ext(n);
	return dfod_jadd(o, key, *arr);
}

static int array_push(json_object *arr, json_object *v)
{
	if (!v)
		return -ENOMEM;
	if (json_object_array_add(arr, v)) {
		json_object_put(v);
		return -ENOMEM;
	}
	return 0;
}

json_object *dfod_scope_json(const struct dfod_scope *s, bool persist)
{
	json_object *o = json_object_new_object(), *arr;
	uint32_t i;
	int err = 0;

	if (!o)
		return NULL;
	err |= dfod_jadd_ipv4(o, "address", s->addr);
	err |= dfod_jadd_ipv4(o, "mask", s->mask);
	err |= dfod_jadd_str(o, "name", s->name);
	err |= dfod_jadd_str(o, "comment", s->comment);
	err |= dfod_jadd_str(o, "state", s->enabled ? "enabled" : "disabled");
	err |= dfod_jadd_u64(o, "lease_duration", s->lease);
	if (!persist) {
		if (s->rel)
			err |= dfod_jadd_str(o, "relationship", s->rel->name);
		goto out;
	}
	err |= dfod_jadd_u64(o, "slot", s->slot);
	if (err)
		goto out;
	err = add_array(o, "elements", &arr, s->n_ranges + s->n_excls + s->n_resvs);
	for (i = 0; !err && i < s->n_ranges; i++)
		err = array_push(arr, dfod_range_json(&s->ranges[i]));
	for (i = 0; !err && i < s->n_excls; i++)
		err = array_push(arr, dfod_excl_json(&s->excls[i]));
	for (i = 0; !err && i < s->n_resvs; i++)
		err = array_push(arr, dfod_resv_json(&s->resvs[i]));
	if (!err)
		err = add_array(o, "options", &arr, s->n_opts);
	for (i = 0; !err && i < s->n_opts; i++)
		err = array_push(arr, dfod_option_json(&s->opts[i]));
out:
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

int dfod_elem_parse(json_object *o, struct dfod_elem *e, char *err, size_t len)
{
	const char *s;
	unsigned int rt;
	int r;

	memset(e, 0, sizeof(*e));
	if (!o || !json_object_is_type(o, json_type_object))
		return perr(err, len, "the element must be a JSON object");
	if (dfod_json_str(o, "type", &s) || dfod_elem_type_parse(s, &e->type))
		return perr(err, len, "element 'type' must be range, exclusion or reservation");
	if (e->type == DFOD_ELEM_RESERVATION) {
		if (get_ipv4(o, "address", &e->addr, err, len))
			return perr(err, len, "a reservation needs an 'address' (dotted quad)");
		r = dfod_json_str(o, "hwaddr", &s);
		if (r == -EINVAL || (!r && dfod_parse_hwaddr(s, e->hw, &e->hwlen)))
			return perr(err, len, "'hwaddr' must be 1 to 16 bytes like 00:0c:01:02:03:04");
		r = get_text(o, "name", &e->name, err, len);
		if (r && r != -ENOENT)
			return r;
		return 0;
	}
	if (get_ipv4(o, "start", &e->start, err, len) || get_ipv4(o, "end", &e->end, err, len))
		return perr(err, len, "a %s needs 'start' and 'end' (dotted quads)",
			    elem_names[e->type]);
	if (e->type == DFOD_ELEM_RANGE) {
		r = get_enum(o, "range_type", range_names, &rt, err, len);
		if (r && r != -ENOENT)
			return r;
		e->range_type = r ? DFOD_RANGE_DHCP : rt;
	}
	return 0;
}

json_object *dfod_range_json(const struct dfod_range *r)
{
	json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	if (dfod_jadd_str(o, "type", "range") || dfod_jadd_ipv4(o, "start", r->start) ||
	    dfod_jadd_ipv4(o, "end", r->end) ||
	    dfod_jadd_str(o, "range_type", dfod_range_type_name(r->type))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

json_object *dfod_excl_json(const struct dfod_excl *e)
{
	json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	if (dfod_jadd_str(o, "type", "exclusion") || dfod_jadd_ipv4(o, "start", e->start) ||
	    dfod_jadd_ipv4(o, "end", e->end)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

json_object *dfod_resv_json(const struct dfod_resv *r)
{
	json_object *o = json_object_new_object();
	char hw[DFOD_HWADDR_STRLEN];

	if (!o)
		return NULL;
	if (dfod_jadd_str(o, "type", "reservation") || dfod_jadd_ipv4(o, "address", r->addr) ||
	    dfod_jadd_str(o, "hwaddr", dfod_fmt_hwaddr(r->hw, r->hwlen, hw)) ||
	    dfod_jadd_str(o, "name", r->name)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static const char *const opt_type_names[DFOD_OPT_TYPE_MAX + 1] = {
	"byte", "word", "dword", "dworddword", "ipaddress", "string", "binary", "encapsulated",
	NULL,
};

struct opt_def {
	uint8_t code;
	uint8_t type;
	const char *name;
};

/* Common options: their names, and the type used when a request gives none. */
static const struct opt_def opt_defs[] = {
	{ 1, DFOD_OPT_IPADDRESS, "subnet-mask" },
	{ 2, DFOD_OPT_DWORD, "time-offset" },
	{ 3, DFOD_OPT_IPADDRESS, "routers" },
	{ 4, DFOD_OPT_IPADDRESS, "time-servers" },
	{ 5, DFOD_OPT_IPADDRESS, "ien116-name-servers" },
	{ 6, DFOD_OPT_IPADDRESS, "domain-name-servers" },
	{ 7, DFOD_OPT_IPADDRESS, "log-servers" },
	{ 12, DFOD_OPT_STRING, "host-name" },
	{ 15, DFOD_OPT_STRING, "domain-name" },
	{ 26, DFOD_OPT_WORD, "interface-mtu" },
	{ 28, DFOD_OPT_IPADDRESS, "broadcast-address" },
	{ 33, DFOD_OPT_IPADDRESS, "static-routes" },
	{ 42, DFOD_OPT_IPADDRESS, "ntp-servers" },
	{ 43, DFOD_OPT_BINARY, "vendor-encapsulated-options" },
	{ 44, DFOD_OPT_IPADDRESS, "netbios-name-servers" },
	{ 46, DFOD_OPT_BYTE, "netbios-node-type" },
	{ 47, DFOD_OPT_STRING, "netbios-scope" },
	{ 51, DFOD_OPT_DWORD, "dhcp-lease-time" },
	{ 58, DFOD_OPT_DWORD, "dhcp-renewal-time" },
	{ 59, DFOD_OPT_DWORD, "dhcp-rebinding-time" },
	{ 60, DFOD_OPT_STRING, "vendor-class-identifier" },
	{ 66, DFOD_OPT_STRING, "tftp-server-name" },
	{ 67, DFOD_OPT_STRING, "bootfile-name" },
	{ 69, DFOD_OPT_IPADDRESS, "smtp-servers" },
	{ 119, DFOD_OPT_BINARY, "domain-search" },
	{ 121, DFOD_OPT_BINARY, "classless-static-routes" },
	{ 150, DFOD_OPT_IPADDRESS, "tftp-server-address" },
	{ 252, DFOD_OPT_STRING, "wpad-url" },
};

static const struct opt_def *opt_def(unsigned int code)
{
	size_t i;

	for (i = 0; i < sizeof(opt_defs) / sizeof(opt_defs[0]); i++)
		if (opt_defs[i].code == code)
			return &opt_defs[i];
	return NULL;
}

const char *dfod_option_name(unsigned int code)
{
	const struct opt_def *d = opt_def(code);

	return d ? d->name : NULL;
}

/* Check one value against its type and return its normalised form. */
static json_object *opt_value(json_object *v, unsigned int type)
{
	static const uint64_t max[] = { 0xff, 0xffff, 0xffffffff, UINT64_MAX };
	uint8_t bin[255];
	const char *s;
	uint64_t n;
	uint32_t a;
	size_t len;
	char buf[DFOD_IPV4_STRLEN], *hex;
	json_object *out;

	switch (type) {
	case DFOD_OPT_BYTE:
	case DFOD_OPT_WORD:
	case DFOD_OPT_DWORD:
	case DFOD_OPT_DWORDDWORD:
		if (dfod_json_val_u64(v, &n) || n > max[type])
			return NULL;
		return n <= INT64_MAX ? json_object_new_int64(n) : json_object_new_uint64(n);
	case DFOD_OPT_IPADDRESS:
		if (dfod_json_val_str(v, &s) || dfod_parse_ipv4(s, &a))
			return NULL;
		return json_object_new_string(dfod_fmt_ipv4(a, buf));
	case DFOD_OPT_STRING:
		if (dfod_json_val_str(v, &s) || strlen(s) > 255 || dfod_utf8_len(s) < 0)
			return NULL;
		return json_object_new_string(s);
	default:
		if (dfod_json_val_str(v, &s) || dfod_parse_hex(s, bin, sizeof(bin), &len))
			return NULL;
		hex = dfod_fmt_hex(bin, len);
		out = hex ? json_object_new_string(hex) : NULL;
		free(hex);
		return out;
	}
}

int dfod_option_parse(json_object *o, uint8_t *code, uint8_t *type, json_object **values,
		      char *err, size_t len)
{
	const struct opt_def *d;
	json_object *arr = NULL, *out, *nv;
	unsigned int t;
	uint32_t c;
	size_t i, n;
	int r;

	*values = NULL;
	if (!o || !json_object_is_type(o, json_type_object))
		return perr(err, len, "the option must be a JSON object");
	if (dfod_json_u32(o, "code", &c) || c < 1 || c > 254)
		return perr(err, len, "option 'code' must be an integer from 1 to 254");
	d = opt_def(c);
	r = get_enum(o, "type", opt_type_names, &t, err, len);
	if (r == -ENOENT && d)
		t = d->type;
	else if (r == -ENOENT)
		return perr(err, len, "option %u has no default type: give 'type'", c);
	else if (r)
		return perr(err, len, "option 'type' must be byte, word, dword, dworddword, "
			    "ipaddress, string, binary or encapsulated");
	if (!json_object_object_get_ex(o, "values", &arr) || !arr ||
	    !json_object_is_type(arr, json_type_array))
		return perr(err, len, "option 'values' must be an array");
	n = json_object_array_length(arr);
	if (n < 1 || n > 255)
		return perr(err, len, "option 'values' must hold 1 to 255 values");
	out = json_object_new_array_ext(n);
	if (!out)
		return perr(err, len, "out of memory");
	for (i = 0; i < n; i++) {
		nv = opt_value(json_object_array_get_idx(arr, i), t);
		if (!nv || json_object_array_add(out, nv)) {
			json_object_put(nv);
			json_object_put(out);
			return perr(err, len, "option %u 'values'[%zu] is not a valid %s value", c,
				    i, opt_type_names[t]);
		}
	}
	*code = c;
	*type = t;
	*values = out;
	return 0;
}

json_object *dfod_option_json(const struct dfod_option *opt)
{
	json_object *o = json_object_new_object();
	const char *name = dfod_option_name(opt->code);
	int err = 0;

	if (!o)
		return NULL;
	err |= dfod_jadd_u64(o, "code", opt->code);
	if (name)
		err |= dfod_jadd_str(o, "name", name);
	err |= dfod_jadd_str(o, "type", opt_type_names[opt->type]);
	err |= dfod_jadd(o, "values", json_object_get(opt->values));
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}
