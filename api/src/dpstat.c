// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Datapath status, XDP counters and agent information. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define BAD(b, f) ((b)->bad = (b)->bad ? (b)->bad : (f), -1)

/* DFO_MSG_SLOTS of bpf/dhcpfo_abi.h: 0 BOOTP, 1..8 DHCP message type, 9 other */
static const char *const msg_slot[] = {
	"msg_bootp", "msg_discover", "msg_offer", "msg_request", "msg_decline",
	"msg_ack", "msg_nak", "msg_release", "msg_inform", "msg_other",
};
#define N_MSG_SLOTS (sizeof(msg_slot) / sizeof(msg_slot[0]))

/*
 * A counter object: every unsigned integer member is a counter (but "slot",
 * a map index), "msg" holds per-message-type counters (an object keyed by
 * type, or an array in slot order), anything else is not a counter. Kept
 * generic so that a counter added to dhcpfo_abi.h shows up without a
 * library change.
 */
static bool is_counter(const char *key, json_object *val)
{
	return json_object_is_type(val, json_type_int) && strcmp(key, "slot");
}

static size_t n_counters(json_object *o)
{
	size_t n = 0;

	json_object_object_foreach(o, key, val) {
		if (!strcmp(key, "msg") && json_object_is_type(val, json_type_object))
			n += (size_t)json_object_object_length(val);
		else if (!strcmp(key, "msg") && json_object_is_type(val, json_type_array))
			n += json_object_array_length(val);
		else if (is_counter(key, val))
			n++;
	}
	return n;
}

static int counter_place(struct dfoc_blk *b, struct dhcpfo_counter *c, const char *prefix,
			 const char *name, json_object *val)
{
	char buf[64];
	uint64_t v;

	if (dfoc_json_u64(val, &v))
		return BAD(b, name);
	snprintf(buf, sizeof(buf), "%s%s", prefix, name);
	c->name = dfoc_blk_str(b, buf);
	c->value = v;
	return 0;
}

static int counters_place(struct dfoc_blk *b, json_object *o, struct dhcpfo_counters *out)
{
	struct dhcpfo_counter scratch, *items;
	size_t n = n_counters(o), i = 0, s;

	items = dfoc_blk_take(b, n * sizeof(*items), _Alignof(struct dhcpfo_counter));
	json_object_object_foreach(o, key, val) {
		if (!strcmp(key, "msg") && json_object_is_type(val, json_type_object)) {
			json_object_object_foreach(val, mkey, mval)
				if (counter_place(b, items ? &items[i++] : &scratch, "msg_", mkey, mval))
					return -1;
		} else if (!strcmp(key, "msg") && json_object_is_type(val, json_type_array)) {
			for (s = 0; s < json_object_array_length(val); s++) {
				char name[24];

				if (s < N_MSG_SLOTS)
					snprintf(name, sizeof(name), "%s", msg_slot[s] + 4);
				else
					snprintf(name, sizeof(name), "%zu", s);
				if (counter_place(b, items ? &items[i++] : &scratch, "msg_", name,
						  json_object_array_get_idx(val, s)))
					return -1;
			}
		} else if (is_counter(key, val)) {
			if (counter_place(b, items ? &items[i++] : &scratch, "", key, val))
				return -1;
		}
	}
	out->n = (uint32_t)n;
	out->items = n ? items : NULL;
	return 0;
}

static int stats_place(struct dfoc_blk *b, const void *json, void *root)
{
	json_object *r = (json_object *)json, *g, *s;
	struct dhcpfo_dp_stats *st = root;

	memset(st, 0, sizeof(*st));
	if (dfoc_get_obj(r, "global", &g))
		return BAD(b, "global");
	if (counters_place(b, g, &st->global))
		return -1;
	if (dfoc_get_obj(r, "scope", &s))
		return 0;
	if (dfoc_get_ip(s, "address", &st->scope))
		return BAD(b, "scope.address");
	return counters_place(b, s, &st->scope_counters);
}

uint32_t dhcpfo_failover_datapath_stats(struct dhcpfo_client *c, uint32_t scope,
					struct dhcpfo_dp_stats **stats)
{
	static const char *const op = "failover.datapath_stats";
	json_object *a, *reply, *result;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!stats)
		return dfoc_inval("statistics (out) is NULL");
	*stats = NULL;
	a = scope ? dfoc_args1("scope", dfoc_ip_new(scope)) : json_object_new_object();
	st = dfoc_call(c, op, a, &reply, &result);
	if (!st) {
		if (!result)
			st = dfoc_bad_reply(op, "result");
		else
			*stats = DFOC_BUILD(struct dhcpfo_dp_stats, stats_place, result, op, &st);
	}
	json_object_put(reply);
	return st;
}

static int iface_place(struct dfoc_blk *b, json_object *j, struct dhcpfo_dp_iface *f)
{
	const char *name, *mode = NULL;
	json_object *addrs = NULL;
	uint32_t *ips, ip;
	size_t n, i;

	memset(f, 0, sizeof(*f));
	if (dfoc_get_str(j, "name", &name))
		return BAD(b, "interfaces.name");
	f->name = dfoc_blk_str(b, name);
	if (dfoc_get_u32(j, "ifindex", &f->ifindex))
		return BAD(b, "interfaces.ifindex");
	if (dfoc_get_str_opt(j, "xdp_mode", &mode))
		return BAD(b, "interfaces.xdp_mode");
	f->xdp_mode = dfoc_blk_str(b, mode ? mode : "none");
	if (dfoc_get_u32_opt(j, "prog_id", &f->prog_id))
		return BAD(b, "interfaces.prog_id");
	if (!json_object_object_get_ex(j, "addresses", NULL))
		return 0;
	if (dfoc_get_arr(j, "addresses", &addrs))
		return BAD(b, "interfaces.addresses");
	n = json_object_array_length(addrs);
	ips = dfoc_blk_take(b, n * sizeof(*ips), _Alignof(uint32_t));
	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(addrs, i);

		if (!json_object_is_type(e, json_type_string) ||
		    dfoc_ip_parse(json_object_get_string(e), &ip))
			return BAD(b, "interfaces.addresses");
		if (ips)
			ips[i] = ip;
	}
	f->n_addresses = (uint32_t)n;
	f->addresses = n ? ips : NULL;
	return 0;
}

static int status_place(struct dfoc_blk *b, const void *json, void *root)
{
	json_object *r = (json_object *)json, *arr = NULL, *g;
	struct dhcpfo_dp_status *st = root;
	struct dhcpfo_dp_iface scratch, *items;
	const char *pin = NULL;
	size_t n, i;

	memset(st, 0, sizeof(*st));
	if (dfoc_get_str_opt(r, "pin_dir", &pin))
		return BAD(b, "pin_dir");
	st->pin_dir = dfoc_blk_str(b, pin);
	if (json_object_object_get_ex(r, "interfaces", NULL) && dfoc_get_arr(r, "interfaces", &arr))
		return BAD(b, "interfaces");
	n = arr ? json_object_array_length(arr) : 0;
	items = dfoc_blk_take(b, n * sizeof(*items), _Alignof(struct dhcpfo_dp_iface));
	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(arr, i);

		if (!json_object_is_type(e, json_type_object))
			return BAD(b, "interfaces");
		if (iface_place(b, e, items ? &items[i] : &scratch))
			return -1;
	}
	st->n_ifaces = (uint32_t)n;
	st->ifaces = n ? items : NULL;
	if (dfoc_get_bool_opt(r, "xdp", &st->xdp))
		return BAD(b, "xdp");
	if (!dfoc_get_obj(r, "global", &g)) {
		st->xdp = true;
		return counters_place(b, g, &st->global);
	}
	return 0;
}

uint32_t dhcpfo_datapath_status(struct dhcpfo_client *c, struct dhcpfo_dp_status **status)
{
	static const char *const op = "datapath.status";
	json_object *reply, *result;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!status)
		return dfoc_inval("status (out) is NULL");
	*status = NULL;
	st = dfoc_call(c, op, json_object_new_object(), &reply, &result);
	if (!st) {
		if (!result)
			st = dfoc_bad_reply(op, "result");
		else
			*status = DFOC_BUILD(struct dhcpfo_dp_status, status_place, result, op, &st);
	}
	json_object_put(reply);
	return st;
}

static int info_place(struct dfoc_blk *b, const void *json, void *root)
{
	json_object *r = (json_object *)json;
	struct dhcpfo_agent_info *ai = root;
	const char *version, *instance = NULL, *state = NULL;

	if (dfoc_get_str(r, "version", &version))
		return BAD(b, "version");
	if (dfoc_get_str_opt(r, "instance", &instance))
		return BAD(b, "instance");
	if (dfoc_get_str_opt(r, "state_file", &state))
		return BAD(b, "state_file");
	if (dfoc_get_u32(r, "max_relationships", &ai->max_relationships))
		return BAD(b, "max_relationships");
	ai->version = dfoc_blk_str(b, version);
	ai->instance = dfoc_blk_str(b, instance);
	ai->state_file = dfoc_blk_str(b, state);
	return 0;
}

uint32_t dhcpfo_agent_info(struct dhcpfo_client *c, struct dhcpfo_agent_info **info)
{
	static const char *const op = "agent.info";
	json_object *reply, *result;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!info)
		return dfoc_inval("info (out) is NULL");
	*info = NULL;
	st = dfoc_call(c, op, json_object_new_object(), &reply, &result);
	if (!st) {
		if (!result)
			st = dfoc_bad_reply(op, "result");
		else
			*info = DFOC_BUILD(struct dhcpfo_agent_info, info_place, result, op, &st);
	}
	json_object_put(reply);
	return st;
}
