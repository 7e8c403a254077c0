// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Leases of the DHCP engine: the lease.* ops. */
#include <string.h>
#include <strings.h>

#include "internal.h"

#define BAD(b, f) ((b)->bad = (b)->bad ? (b)->bad : (f), -1)

static const char *const state_names[] = {
	NULL, "free", "active", "expired", "released", "abandoned", "reset", "backup", "offered",
};

const char *dhcpfo_lease_state_str(enum dhcpfo_lease_state s)
{
	return (unsigned int)s < sizeof(state_names) / sizeof(state_names[0]) ?
	       state_names[s] : NULL;
}

int dhcpfo_lease_state_parse(const char *s, enum dhcpfo_lease_state *state)
{
	unsigned int i;

	for (i = DHCPFO_LEASE_FREE; s && i <= DHCPFO_LEASE_OFFERED; i++)
		if (!strcasecmp(s, state_names[i])) {
			*state = (enum dhcpfo_lease_state)i;
			return 0;
		}
	return -1;
}

static uint32_t nomem(const char *op)
{
	return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "%s: out of memory", op);
}

/* ---- decoding --------------------------------------------------------------- */

/* A time that is a number, or null for "never" (DHCPFO_LEASE_INFINITE). */
static int get_time(json_object *j, const char *key, uint64_t *out)
{
	json_object *v;

	if (!json_object_object_get_ex(j, key, &v))
		return -1;
	if (!v) {
		*out = DHCPFO_LEASE_INFINITE;
		return 0;
	}
	return dfoc_json_u64(v, out);
}

static int owner_parse(const char *s)
{
	static const char *const names[] = { "primary", "secondary", "excluded", "reserved" };
	int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -2;
}

/* The scalar fields: they need no room in the block. */
static int lease_scalars(struct dfoc_blk *b, json_object *j, struct dhcpfo_lease *l)
{
	const char *state, *hw, *owner = NULL;
	uint32_t htype;

	if (dfoc_get_ip(j, "address", &l->address))
		return BAD(b, "address");
	if (dfoc_get_ip(j, "scope", &l->scope))
		return BAD(b, "scope");
	if (dfoc_get_ip_opt(j, "mask", &l->mask))
		return BAD(b, "mask");
	if (dfoc_get_str(j, "state", &state) || dhcpfo_lease_state_parse(state, &l->state))
		return BAD(b, "state");
	if (dfoc_get_bool(j, "in_use", &l->in_use))
		return BAD(b, "in_use");
	if (dfoc_get_u32(j, "htype", &htype) || htype > 255)
		return BAD(b, "htype");
	l->htype = (uint8_t)htype;
	if (dfoc_get_str(j, "hwaddr", &hw) ||
	    (*hw && dfoc_hwaddr_parse(hw, l->hwaddr, DHCPFO_HWADDR_MAX, &l->hwaddr_len)))
		return BAD(b, "hwaddr");
	if (dfoc_get_u64(j, "start", &l->start) || get_time(j, "end", &l->end) ||
	    dfoc_get_u64(j, "cltt", &l->cltt) || get_time(j, "pexp", &l->pexp))
		return BAD(b, "start/end/cltt/pexp");
	if (dfoc_get_bool(j, "bootp", &l->bootp) || dfoc_get_bool(j, "reserved", &l->reserved))
		return BAD(b, "bootp/reserved");
	if (dfoc_get_ip(j, "server", &l->server))
		return BAD(b, "server");
	if (dfoc_get_str_opt(j, "owner", &owner))
		return BAD(b, "owner");
	l->owner = owner ? owner_parse(owner) : -1;
	if (l->owner < -1)
		return BAD(b, "owner");
	return 0;
}

static int lease_place(struct dfoc_blk *b, const void *json, void *item)
{
	json_object *j = (json_object *)json;
	struct dhcpfo_lease *l = item;
	const char *cid, *host, *rel = NULL;
	uint32_t n = 0;
	uint8_t *p;

	memset(l, 0, sizeof(*l));
	if (lease_scalars(b, j, l))
		return -1;
	if (dfoc_get_str(j, "client_id", &cid) || strlen(cid) > 2 * DHCPFO_CLIENT_ID_MAX ||
	    !dfoc_hex_valid(cid))
		return BAD(b, "client_id");
	p = dfoc_blk_take(b, strlen(cid) / 2, 1);
	if (p && dfoc_hex_parse(cid, p, DHCPFO_CLIENT_ID_MAX, &n))
		return BAD(b, "client_id");
	l->client_id = *cid ? p : NULL;
	l->client_id_len = (uint32_t)(strlen(cid) / 2);
	if (dfoc_get_str(j, "host", &host) || !dfoc_utf8_valid(host))
		return BAD(b, "host");
	l->host = dfoc_blk_str(b, host);
	if (dfoc_get_str_opt(j, "relationship", &rel))
		return BAD(b, "relationship");
	l->relationship = dfoc_blk_str(b, rel);
	return 0;
}

static int leases_place(struct dfoc_blk *b, const void *json, void *root)
{
	struct dhcpfo_lease_array *a = root;
	struct dhcpfo_lease scratch;
	void *items;

	if (dfoc_blk_objects(b, json, "leases", &scratch, sizeof(scratch),
			     _Alignof(struct dhcpfo_lease), lease_place, &items, &a->n))
		return -1;
	a->items = items;
	return 0;
}

/* ---- encoding ----------------------------------------------------------------- */

static bool add_hw(json_object *o, const uint8_t *hw, uint32_t len)
{
	char buf[3 * DHCPFO_HWADDR_MAX + 1];

	dfoc_hwaddr_str(hw, len, buf);
	return dfoc_add_str(o, "hwaddr", buf);
}

static bool add_cid(json_object *o, const uint8_t *cid, uint32_t len)
{
	char buf[2 * DHCPFO_CLIENT_ID_MAX + 1];

	dfoc_hex_str(cid, len, buf);
	return dfoc_add_str(o, "client_id", buf);
}

static uint32_t bytes_check(const char *what, const uint8_t *p, uint32_t len, uint32_t max,
			    bool required)
{
	if (len && !p)
		return dfoc_inval("%s is NULL but its length is %u", what, len);
	if (len > max || (required && !len))
		return dfoc_inval("%s of %u bytes (1..%u)", what, len, max);
	return 0;
}

static uint32_t host_check(const char *host)
{
	if (!dfoc_utf8_valid(host))
		return dfoc_inval("host name is not valid UTF-8");
	if (!*host || strlen(host) > DHCPFO_HOST_NAME_MAX)
		return dfoc_inval("host name of %zu bytes (1..%d)", strlen(host),
				  DHCPFO_HOST_NAME_MAX);
	return 0;
}

static uint32_t filter_args(const struct dhcpfo_lease_filter *f, json_object *a)
{
	const char *state;
	uint32_t st;

	if (f->state) {
		state = dhcpfo_lease_state_str(f->state);
		if (!state)
			return dfoc_inval("lease state %d is not a dhcpfo_lease_state", f->state);
		if (!dfoc_add_str(a, "state", state))
			return nomem("lease.enum");
	}
	if ((st = bytes_check("hardware address", f->hwaddr, f->hwaddr_len, DHCPFO_HWADDR_MAX,
			      false)) ||
	    (st = bytes_check("client-id", f->client_id, f->client_id_len, DHCPFO_CLIENT_ID_MAX,
			      false)) ||
	    (f->host && (st = host_check(f->host))))
		return st;
	if ((f->hwaddr_len && !add_hw(a, f->hwaddr, f->hwaddr_len)) ||
	    (f->client_id_len && !add_cid(a, f->client_id, f->client_id_len)) ||
	    (f->host && !dfoc_add_str(a, "host", f->host)))
		return nomem("lease.enum");
	return 0;
}

/* The arguments of lease.get / lease.delete for @k. */
static json_object *key_args(const struct dhcpfo_lease_key *k, const char *op, uint32_t *st)
{
	json_object *a = json_object_new_object();
	bool ok;

	*st = 0;
	switch (k->type) {
	case DHCPFO_LEASE_BY_ADDRESS:
		ok = a && dfoc_add_ip(a, "address", k->address);
		break;
	case DHCPFO_LEASE_BY_HWADDR:
		*st = bytes_check("hardware address", k->hwaddr, k->hwaddr_len, DHCPFO_HWADDR_MAX,
				  true);
		ok = !*st && a && add_hw(a, k->hwaddr, k->hwaddr_len);
		break;
	case DHCPFO_LEASE_BY_CLIENT_ID:
		*st = bytes_check("client-id", k->client_id, k->client_id_len,
				  DHCPFO_CLIENT_ID_MAX, true);
		ok = !*st && a && add_cid(a, k->client_id, k->client_id_len);
		break;
	case DHCPFO_LEASE_BY_HOST:
		*st = k->host ? host_check(k->host) : dfoc_inval("host name is NULL");
		ok = !*st && a && dfoc_add_str(a, "host", k->host);
		break;
	default:
		*st = dfoc_inval("lease key type %d is not a dhcpfo_lease_key_type", k->type);
		ok = false;
	}
	ok = ok && (!k->scope || dfoc_add_ip(a, "scope", k->scope));
	if (ok)
		return a;
	json_object_put(a);
	if (!*st)
		*st = nomem(op);
	return NULL;
}

/* ---- operations ------------------------------------------------------------------ */

uint32_t dhcpfo_lease_enum(struct dhcpfo_client *c, uint32_t scope,
			   const struct dhcpfo_lease_filter *filter, uint32_t *resume_handle,
			   uint32_t preferred_max, struct dhcpfo_lease_array **leases,
			   uint32_t *read, uint32_t *total)
{
	static const char *const op = "lease.enum";
	json_object *a;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!resume_handle)
		return dfoc_inval("resume handle is NULL");
	if (!leases)
		return dfoc_inval("leases (out) is NULL");
	if (!read)
		return dfoc_inval("read (out) is NULL");
	if (!total)
		return dfoc_inval("total (out) is NULL");
	*leases = NULL;
	*read = *total = 0;
	a = json_object_new_object();
	if (!a || (scope && !dfoc_add_ip(a, "scope", scope))) {
		json_object_put(a);
		return nomem(op);
	}
	if (filter && (st = filter_args(filter, a))) {
		json_object_put(a);
		return st;
	}
	*leases = DFOC_ENUM(struct dhcpfo_lease_array, c, op, a, "leases", leases_place,
			 resume_handle, preferred_max, read, total, &st);
	return st;
}

uint32_t dhcpfo_lease_get(struct dhcpfo_client *c, const struct dhcpfo_lease_key *key,
			  struct dhcpfo_lease **lease)
{
	static const char *const op = "lease.get";
	json_object *a, *reply, *result, *j;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!key)
		return dfoc_inval("lease key is NULL");
	if (!lease)
		return dfoc_inval("lease (out) is NULL");
	*lease = NULL;
	a = key_args(key, op, &st);
	if (!a)
		return st;
	st = dfoc_call(c, op, a, &reply, &result);
	if (!st) {
		if (dfoc_get_obj(result, "lease", &j))
			st = dfoc_bad_reply(op, "lease");
		else
			*lease = DFOC_BUILD(struct dhcpfo_lease, lease_place, j, op, &st);
	}
	json_object_put(reply);
	return st;
}

static int deleted_place(struct dfoc_blk *b, const void *json, void *root)
{
	return dfoc_blk_ips(b, json, "addresses", root);
}

uint32_t dhcpfo_lease_delete(struct dhcpfo_client *c, const struct dhcpfo_lease_key *key,
			     struct dhcpfo_ip_array **deleted)
{
	static const char *const op = "lease.delete";
	json_object *a, *reply, *result, *arr;
	uint32_t st;

	if (!c)
		return dfoc_inval("client is NULL");
	if (!key)
		return dfoc_inval("lease key is NULL");
	if (deleted)
		*deleted = NULL;
	a = key_args(key, op, &st);
	if (!a)
		return st;
	st = dfoc_call(c, op, a, &reply, &result);
	if (!st && deleted) {
		/* the leases are gone whatever follows: a bad list is reported, not undone */
		if (dfoc_get_arr(result, "addresses", &arr))
			st = dfoc_bad_reply(op, "addresses");
		else
			*deleted = DFOC_BUILD(struct dhcpfo_ip_array, deleted_place, arr, op, &st);
	}
	json_object_put(reply);
	return st;
}

void dhcpfo_lease__free(struct dhcpfo_lease *lease)
{
	dhcpfo_free(lease);
}

void dhcpfo_lease_array__free(struct dhcpfo_lease_array *leases)
{
	dhcpfo_free(leases);
}
