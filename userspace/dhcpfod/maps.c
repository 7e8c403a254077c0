// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>

#include "log.h"
#include "maps.h"
#include "policy.h"

void dfod_maps_scope_value(const struct dfod_scope *s, struct dfo_lpm_key *key,
			   struct dfo_scope *val)
{
	memset(key, 0, sizeof(*key));
	memset(val, 0, sizeof(*val));
	key->prefixlen = s->plen;
	key->addr_be = htonl(s->addr);
	val->scope_id = s->addr;
	val->rel_id = s->rel ? s->rel->id : 0;
	val->stats_slot = s->slot;
}

int dfod_maps_rel_value(const struct dfod_rel *r, struct dfo_rel *val)
{
	struct dfo_policy p = {
		.mode = r->mode,
		.role = r->server_type,
		.state = r->state,
		.percentage = r->percentage,
		.lb_max_secs = r->lb_max_secs,
		.key_mode = r->key_mode,
		/* Option 54 of this server: its own address in the relationship. */
		.server_id_be = htonl(r->server_type == DFO_ROLE_PRIMARY ? r->primary :
				      r->secondary),
	};

	return dfo_policy__compile(&p, val);
}

int dfod_maps_open(struct dfod_maps *m, const char *instance, const char *pin_root,
		   uint32_t max_scopes, uint32_t max_rels)
{
	struct dfo_datapath_opts o = {
		.instance = instance,
		.pin_root = pin_root,
		.max_scopes = max_scopes,
		.max_rels = max_rels,
	};

	memset(m, 0, sizeof(*m));
	return dfo_datapath__open(&o, &m->dp);
}

void dfod_maps_close(struct dfod_maps *m)
{
	dfo_datapath__close(m->dp);
	m->dp = NULL;
}

/* Collect every key of a map; *@out is malloc'ed. */
static int map_keys(int fd, size_t ksz, void **out, size_t *n)
{
	size_t cap = 256, cnt = 0;
	char *keys = malloc(cap * ksz), *nk;
	void *prev = NULL;

	if (!keys)
		return -ENOMEM;
	for (;;) {
		if (cnt == cap) {
			cap *= 2;
			nk = realloc(keys, cap * ksz);
			if (!nk) {
				free(keys);
				return -ENOMEM;
			}
			keys = nk;
		}
		prev = cnt ? keys + (cnt - 1) * ksz : NULL;
		if (bpf_map_get_next_key(fd, prev, keys + cnt * ksz)) {
			if (errno == ENOENT)
				break;
			free(keys);
			return -errno;
		}
		cnt++;
	}
	*out = keys;
	*n = cnt;
	return 0;
}

static void clear_slot(struct dfod_maps *m, uint32_t slot)
{
	/* The next scope to get this slot starts from zero. */
	if (dfo_datapath__clear_scope_stats(m->dp, slot))
		m->dirty = true;
}

static int reconcile_scopes(struct dfod_maps *m, const struct dfod_state *st)
{
	int fd = dfo_datapath__map_fd(m->dp, DFO_MAP_SCOPES);
	struct dfo_lpm_key *keys, k;
	struct dfo_scope have, want;
	struct dfod_scope *s;
	size_t n, i;
	int err;

	err = map_keys(fd, sizeof(*keys), (void **)&keys, &n);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		s = dfod_scope_find(st, ntohl(keys[i].addr_be));
		if (s && s->plen == keys[i].prefixlen)
			continue;
		if (!bpf_map_lookup_elem(fd, &keys[i], &have) &&
		    !dfod_state_slot_used(st, have.stats_slot))
			clear_slot(m, have.stats_slot);
		err = dfo_datapath__del_scope(m->dp, keys[i].addr_be, keys[i].prefixlen);
		if (err && err != -ENOENT)
			goto out;
		m->removed++;
	}
	for (i = 0; i < dfod_scope_count(st); i++) {
		s = dfod_scope_at(st, i);
		dfod_maps_scope_value(s, &k, &want);
		if (!bpf_map_lookup_elem(fd, &k, &have)) {
			if (!memcmp(&have, &want, sizeof(want)))
				continue;
			m->fixed++;
			if (have.stats_slot != want.stats_slot)
				clear_slot(m, want.stats_slot);
		} else {
			m->added++;
			clear_slot(m, want.stats_slot);
		}
		err = dfo_datapath__put_scope(m->dp, k.addr_be, k.prefixlen, &want);
		if (err)
			goto out;
	}
	err = 0;
out:
	free(keys);
	return err;
}

/* @stale: remove entries of relationships that are gone; else add and fix. */
static int reconcile_rels(struct dfod_maps *m, const struct dfod_state *st, bool stale)
{
	int fd = dfo_datapath__map_fd(m->dp, DFO_MAP_RELS);
	struct dfo_rel have, want;
	struct dfod_rel *r;
	__u32 *keys;
	size_t n, i;
	int err;

	err = map_keys(fd, sizeof(*keys), (void **)&keys, &n);
	if (err)
		return err;
	for (i = 0; stale && i < n; i++) {
		if (dfod_rel_find_id(st, keys[i]))
			continue;
		err = dfo_datapath__del_rel(m->dp, keys[i]);
		if (err && err != -ENOENT)
			goto out;
		m->removed++;
	}
	for (i = 0; !stale && i < dfod_rel_count(st); i++) {
		r = dfod_rel_at(st, i);
		err = dfod_maps_rel_value(r, &want);
		if (err) {
			dfo_err("relationship '%s': cannot compile its policy: %s", r->name,
				strerror(-err));
			goto out;
		}
		if (!bpf_map_lookup_elem(fd, &r->id, &have)) {
			if (!memcmp(&have, &want, sizeof(want)))
				continue;
			m->fixed++;
		} else {
			m->added++;
		}
		err = dfo_datapath__put_rel(m->dp, r->id, &want);
		if (err)
			goto out;
	}
	err = 0;
out:
	free(keys);
	return err;
}

static int reconcile_ifaces(struct dfod_maps *m, const struct dfod_iface_entry *ifs,
			    unsigned int n_ifs)
{
	int fd = dfo_datapath__map_fd(m->dp, DFO_MAP_IFACES);
	struct dfo_iface have;
	unsigned int j;
	__u32 *keys;
	size_t n, i;
	int err;

	err = map_keys(fd, sizeof(*keys), (void **)&keys, &n);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		for (j = 0; j < n_ifs && ifs[j].ifindex != keys[i]; j++)
			;
		if (j < n_ifs)
			continue;
		err = dfo_datapath__del_iface(m->dp, keys[i]);
		if (err && err != -ENOENT)
			goto out;
		m->removed++;
	}
	for (j = 0; j < n_ifs; j++) {
		if (!bpf_map_lookup_elem(fd, &ifs[j].ifindex, &have)) {
			if (!memcmp(&have, &ifs[j].val, sizeof(have)))
				continue;
			m->fixed++;
		} else {
			m->added++;
		}
		err = dfo_datapath__put_iface(m->dp, ifs[j].ifindex, &ifs[j].val);
		if (err)
			goto out;
	}
	err = 0;
out:
	free(keys);
	return err;
}

int dfod_maps_reconcile(struct dfod_maps *m, const struct dfod_state *st,
			const struct dfod_iface_entry *ifs, unsigned int n_ifs)
{
	int err;

	if (!m->dp)
		return 0;
	m->added = m->fixed = m->removed = 0;
	/* Policies before the scopes that point at them, stale scopes before stale policies. */
	err = reconcile_rels(m, st, false);
	if (!err)
		err = reconcile_scopes(m, st);
	if (!err)
		err = reconcile_rels(m, st, true);
	if (!err)
		err = reconcile_ifaces(m, ifs, n_ifs);
	if (err) {
		dfo_err("reconciling the maps in %s: %s", dfo_datapath__pin_dir(m->dp),
			strerror(-err));
		m->dirty = true;
		return err;
	}
	m->dirty = false;
	dfo_info("maps in %s reconciled: %u added, %u fixed, %u removed",
		 dfo_datapath__pin_dir(m->dp), m->added, m->fixed, m->removed);
	return 0;
}

static void hook_scope_put(void *arg, const struct dfod_scope *s)
{
	struct dfod_maps *m = arg;
	struct dfo_lpm_key k;
	struct dfo_scope v;

	if (!m->dp)
		return;
	dfod_maps_scope_value(s, &k, &v);
	if (dfo_datapath__put_scope(m->dp, k.addr_be, k.prefixlen, &v))
		m->dirty = true;
}

static void hook_scope_del(void *arg, const struct dfod_scope *s)
{
	struct dfod_maps *m = arg;
	int err;

	if (!m->dp)
		return;
	err = dfo_datapath__del_scope(m->dp, htonl(s->addr), s->plen);
	if (err && err != -ENOENT)
		m->dirty = true;
	clear_slot(m, s->slot);
}

static void hook_rel_put(void *arg, const struct dfod_rel *r)
{
	struct dfod_maps *m = arg;
	struct dfo_rel v;

	if (!m->dp)
		return;
	if (dfod_maps_rel_value(r, &v) || dfo_datapath__put_rel(m->dp, r->id, &v))
		m->dirty = true;
}

static void hook_rel_del(void *arg, const struct dfod_rel *r)
{
	struct dfod_maps *m = arg;
	int err;

	if (!m->dp)
		return;
	err = dfo_datapath__del_rel(m->dp, r->id);
	if (err && err != -ENOENT)
		m->dirty = true;
}

const struct dfod_state_hooks dfod_maps_hooks = {
	.scope_put = hook_scope_put,
	.scope_del = hook_scope_del,
	.rel_put = hook_rel_put,
	.rel_del = hook_rel_del,
};

int dfod_maps_put_iface(struct dfod_maps *m, const struct dfod_iface_entry *e)
{
	int err;

	if (!m->dp)
		return 0;
	err = dfo_datapath__put_iface(m->dp, e->ifindex, &e->val);
	if (err)
		m->dirty = true;
	return err;
}

int dfod_maps_del_iface(struct dfod_maps *m, uint32_t ifindex)
{
	int err;

	if (!m->dp)
		return 0;
	err = dfo_datapath__del_iface(m->dp, ifindex);
	if (err && err != -ENOENT) {
		m->dirty = true;
		return err;
	}
	return 0;
}
