// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"

static bool scope_eq(const void *ptr, const void *key)
{
	return ((const struct dfod_scope *)ptr)->addr == *(const uint32_t *)key;
}

static bool rel_eq(const void *ptr, const void *key)
{
	return !strcmp(((const struct dfod_rel *)ptr)->name, key);
}

static bool rel_id_eq(const void *ptr, const void *key)
{
	return ((const struct dfod_rel *)ptr)->id == *(const uint32_t *)key;
}

static int scope_cmp(const void *elem, const void *key)
{
	uint32_t a = ((const struct dfod_scope *)elem)->addr, b = *(const uint32_t *)key;

	return a < b ? -1 : a > b;
}

static int rel_cmp(const void *elem, const void *key)
{
	return strcmp(((const struct dfod_rel *)elem)->name, key);
}

int dfod_state_init(struct dfod_state *st, uint32_t max_slots)
{
	memset(st, 0, sizeof(*st));
	st->max_slots = max_slots;
	st->next_rel_id = 1;
	st->slot_map = calloc((max_slots + 63) / 64 + 1, sizeof(uint64_t));
	return st->slot_map ? 0 : -ENOMEM;
}

void dfod_state_free(struct dfod_state *st)
{
	size_t i;

	for (i = 0; i < st->rel_vec.n; i++)
		dfod_rel_destroy(st->rel_vec.v[i]);
	for (i = 0; i < st->scope_vec.n; i++)
		dfod_scope_destroy(st->scope_vec.v[i]);
	dfod_htab_free(&st->scope_tab);
	dfod_htab_free(&st->rel_tab);
	dfod_htab_free(&st->rel_id_tab);
	dfod_pvec_free(&st->scope_vec);
	dfod_pvec_free(&st->rel_vec);
	free(st->slot_map);
	memset(st, 0, sizeof(*st));
}

void dfod_state_set_hooks(struct dfod_state *st, const struct dfod_state_hooks *h, void *arg)
{
	st->hooks = h;
	st->hook_arg = arg;
}

#define HOOK(st, fn, obj) do {						\
	if ((st) && (st)->hooks && (st)->hooks->fn)				\
		(st)->hooks->fn((st)->hook_arg, obj);			\
} while (0)

struct dfod_scope *dfod_scope_find(const struct dfod_state *st, uint32_t addr)
{
	return dfod_htab_get(&st->scope_tab, dfod_hash_u32(addr), scope_eq, &addr);
}

struct dfod_scope *dfod_scope_find_containing(const struct dfod_state *st, uint32_t addr)
{
	struct dfod_scope *s;
	int plen;

	/* At most 33 probes: one per prefix length. */
	for (plen = 32; plen >= 0; plen--) {
		s = dfod_scope_find(st, addr & dfod_plen_to_mask(plen));
		if (s && s->plen == plen)
			return s;
	}
	return NULL;
}

struct dfod_scope *dfod_scope_find_overlap(const struct dfod_state *st, uint32_t addr,
					   unsigned int plen)
{
	uint32_t mask = dfod_plen_to_mask(plen), lo = addr & mask, hi = lo | ~mask;
	struct dfod_scope *s;
	unsigned int p;
	bool found;
	size_t i;

	/* A scope equal to or containing the new subnet... */
	for (p = 0; p <= plen; p++) {
		s = dfod_scope_find(st, lo & dfod_plen_to_mask(p));
		if (s && s->plen == p)
			return s;
	}
	/* ...or one inside it: its address falls in [lo, hi]. */
	i = dfod_pvec_lower(&st->scope_vec, scope_cmp, &lo, &found);
	if (i < st->scope_vec.n) {
		s = st->scope_vec.v[i];
		if (s->addr <= hi)
			return s;
	}
	return NULL;
}

struct dfod_rel *dfod_rel_find(const struct dfod_state *st, const char *name)
{
	return dfod_htab_get(&st->rel_tab, dfod_hash_str(name), rel_eq, name);
}

struct dfod_rel *dfod_rel_find_id(const struct dfod_state *st, uint32_t id)
{
	return dfod_htab_get(&st->rel_id_tab, dfod_hash_u32(id), rel_id_eq, &id);
}

bool dfod_state_slot_used(const struct dfod_state *st, uint32_t slot)
{
	return slot < st->max_slots && (st->slot_map[slot / 64] >> (slot % 64)) & 1;
}

int dfod_state_free_slot(const struct dfod_state *st, uint32_t *slot)
{
	uint32_t w, nw = (st->max_slots + 63) / 64, s;

	for (w = 0; w < nw; w++) {
		if (st->slot_map[w] == ~0ull)
			continue;
		s = w * 64 + __builtin_ctzll(~st->slot_map[w]);
		if (s >= st->max_slots)
			break;
		*slot = s;
		return 0;
	}
	return -ENOSPC;
}

static void slot_set(struct dfod_state *st, uint32_t slot, bool used)
{
	if (used)
		st->slot_map[slot / 64] |= 1ull << (slot % 64);
	else
		st->slot_map[slot / 64] &= ~(1ull << (slot % 64));
}

struct dfod_scope *dfod_scope_new(void)
{
	struct dfod_scope *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->name = strdup("");
	s->comment = strdup("");
	if (!s->name || !s->comment) {
		dfod_scope_destroy(s);
		return NULL;
	}
	s->enabled = true;
	return s;
}

void dfod_scope_destroy(struct dfod_scope *s)
{
	uint32_t i;

	if (!s)
		return;
	for (i = 0; i < s->n_resvs; i++)
		free(s->resvs[i].name);
	for (i = 0; i < s->n_opts; i++)
		json_object_put(s->opts[i].values);
	free(s->ranges);
	free(s->excls);
	free(s->resvs);
	free(s->opts);
	free(s->name);
	free(s->comment);
	free(s);
}

struct dfod_rel *dfod_rel_new(void)
{
	struct dfod_rel *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->name = strdup("");
	r->primary_name = strdup("");
	r->secondary_name = strdup("");
	if (!r->name || !r->primary_name || !r->secondary_name) {
		dfod_rel_destroy(r);
		return NULL;
	}
	return r;
}

void dfod_rel_destroy(struct dfod_rel *r)
{
	if (!r)
		return;
	free(r->name);
	free(r->primary_name);
	free(r->secondary_name);
	if (r->secret)
		explicit_bzero(r->secret, strlen(r->secret));
	free(r->secret);
	free(r->scopes);
	free(r->reply_text);
	free(r);
}

int dfod_state_scope_add(struct dfod_state *st, struct dfod_scope *s)
{
	uint64_t h = dfod_hash_u32(s->addr);
	bool found;
	size_t i;
	int err;

	if (s->rel || (s->addr & ~s->mask) || dfod_mask_to_plen(s->mask) != s->plen)
		return -EINVAL;
	if (s->slot >= st->max_slots)
		return -ERANGE;
	if (dfod_state_slot_used(st, s->slot))
		return -EBUSY;
	if (dfod_scope_find_overlap(st, s->addr, s->plen))
		return -EEXIST;
	err = dfod_htab_reserve(&st->scope_tab, st->scope_tab.n + 1);
	if (!err)
		err = dfod_pvec_reserve(&st->scope_vec, st->scope_vec.n + 1);
	if (err)
		return err;
	i = dfod_pvec_lower(&st->scope_vec, scope_cmp, &s->addr, &found);
	dfod_htab_insert(&st->scope_tab, h, s);
	dfod_pvec_insert(&st->scope_vec, i, s);
	slot_set(st, s->slot, true);
	HOOK(st, scope_put, s);
	return 0;
}

int dfod_state_scope_del(struct dfod_state *st, uint32_t addr)
{
	struct dfod_scope *s = dfod_scope_find(st, addr);
	bool found;
	size_t i;

	if (!s)
		return -ENOENT;
	if (s->rel)
		return -EBUSY;
	HOOK(st, scope_del, s);
	i = dfod_pvec_lower(&st->scope_vec, scope_cmp, &addr, &found);
	dfod_pvec_remove(&st->scope_vec, i);
	dfod_htab_remove(&st->scope_tab, dfod_hash_u32(addr), scope_eq, &addr);
	slot_set(st, s->slot, false);
	dfod_scope_destroy(s);
	return 0;
}

int dfod_state_scope_props(struct dfod_state *st, struct dfod_scope *s, const char *name,
			   const char *comment, bool enabled, uint32_t lease)
{
	char *n = NULL, *c = NULL;

	(void)st;
	if (name && !(n = strdup(name)))
		return -ENOMEM;
	if (comment && !(c = strdup(comment))) {
		free(n);
		return -ENOMEM;
	}
	if (n) {
		free(s->name);
		s->name = n;
	}
	if (c) {
		free(s->comment);
		s->comment = c;
	}
	s->enabled = enabled;
	s->lease = lease;
	return 0;
}

/*
 * Sorted element arrays. Growing happens before anything moves, so a
 * failed allocation leaves the scope untouched.
 */
static int grow(void **arr, uint32_t n, size_t size)
{
	void *p = realloc(*arr, (n + 1) * size);

	if (!p)
		return -ENOMEM;
	*arr = p;
	return 0;
}

static bool overlaps(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
	return a0 <= b1 && b0 <= a1;
}

/* First index whose start is >= @start. */
#define LOWER_BY(arr, n, field, val) ({					\
	uint32_t _lo = 0, _hi = (n), _mid;				\
	while (_lo < _hi) {						\
		_mid = _lo + (_hi - _lo) / 2;				\
		if ((arr)[_mid].field < (val))				\
			_lo = _mid + 1;					\
		else							\
			_hi = _mid;					\
	}								\
	_lo;								\
})

int dfod_scope_range_find(const struct dfod_scope *s, uint32_t start, uint32_t end)
{
	uint32_t i = LOWER_BY(s->ranges, s->n_ranges, start, start);

	if (i < s->n_ranges && s->ranges[i].start == start && s->ranges[i].end == end)
		return i;
	return -1;
}

int dfod_scope_range_overlap(const struct dfod_scope *s, uint32_t start, uint32_t end)
{
	uint32_t i = LOWER_BY(s->ranges, s->n_ranges, start, start);

	/* Disjoint and sorted: only the neighbours can overlap. */
	if (i > 0 && overlaps(s->ranges[i - 1].start, s->ranges[i - 1].end, start, end))
		return i - 1;
	if (i < s->n_ranges && overlaps(s->ranges[i].start, s->ranges[i].end, start, end))
		return i;
	return -1;
}

int dfod_scope_range_add(struct dfod_scope *s, const struct dfod_range *r)
{
	uint32_t i;
	int err;

	if (r->start > r->end || r->type > DFOD_RANGE_BOTH)
		return -EINVAL;
	if (dfod_scope_range_overlap(s, r->start, r->end) >= 0)
		return -EEXIST;
	err = grow((void **)&s->ranges, s->n_ranges, sizeof(*s->ranges));
	if (err)
		return err;
	i = LOWER_BY(s->ranges, s->n_ranges, start, r->start);
	memmove(s->ranges + i + 1, s->ranges + i, (s->n_ranges - i) * sizeof(*s->ranges));
	s->ranges[i] = *r;
	s->n_ranges++;
	return 0;
}

int dfod_scope_range_del(struct dfod_scope *s, uint32_t start, uint32_t end)
{
	int i = dfod_scope_range_find(s, start, end);

	if (i < 0)
		return -ENOENT;
	memmove(s->ranges + i, s->ranges + i + 1, (s->n_ranges - i - 1) * sizeof(*s->ranges));
	s->n_ranges--;
	return 0;
}

int dfod_scope_range_set_type(struct dfod_scope *s, uint32_t start, uint32_t end, uint8_t type)
{
	int i = dfod_scope_range_find(s, start, end);

	if (i < 0)
		return -ENOENT;
	if (type > DFOD_RANGE_BOTH)
		return -EINVAL;
	s->ranges[i].type = type;
	return 0;
}

bool dfod_scope_has_bootp_only(const struct dfod_scope *s)
{
	uint32_t i;

	for (i = 0; i < s->n_ranges; i++)
		if (s->ranges[i].type == DFOD_RANGE_BOOTP)
			return true;
	return false;
}

int dfod_scope_excl_find(const struct dfod_scope *s, uint32_t start, uint32_t end)
{
	uint32_t i = LOWER_BY(s->excls, s->n_excls, start, start);

	if (i < s->n_excls && s->excls[i].start == start && s->excls[i].end == end)
		return i;
	return -1;
}

int dfod_scope_excl_overlap(const struct dfod_scope *s, uint32_t start, uint32_t end)
{
	uint32_t i = LOWER_BY(s->excls, s->n_excls, start, start);

	if (i > 0 && overlaps(s->excls[i - 1].start, s->excls[i - 1].end, start, end))
		return i - 1;
	if (i < s->n_excls && overlaps(s->excls[i].start, s->excls[i].end, start, end))
		return i;
	return -1;
}

bool dfod_scope_excluded(const struct dfod_scope *s, uint32_t addr)
{
	return dfod_scope_excl_overlap(s, addr, addr) >= 0;
}

int dfod_scope_excl_add(struct dfod_scope *s, const struct dfod_excl *e)
{
	uint32_t i;
	int err;

	if (e->start > e->end)
		return -EINVAL;
	if (dfod_scope_excl_overlap(s, e->start, e->end) >= 0)
		return -EEXIST;
	err = grow((void **)&s->excls, s->n_excls, sizeof(*s->excls));
	if (err)
		return err;
	i = LOWER_BY(s->excls, s->n_excls, start, e->start);
	memmove(s->excls + i + 1, s->excls + i, (s->n_excls - i) * sizeof(*s->excls));
	s->excls[i] = *e;
	s->n_excls++;
	return 0;
}

int dfod_scope_excl_del(struct dfod_scope *s, uint32_t start, uint32_t end)
{
	int i = dfod_scope_excl_find(s, start, end);

	if (i < 0)
		return -ENOENT;
	memmove(s->excls + i, s->excls + i + 1, (s->n_excls - i - 1) * sizeof(*s->excls));
	s->n_excls--;
	return 0;
}

int dfod_scope_resv_find(const struct dfod_scope *s, uint32_t addr)
{
	uint32_t i = LOWER_BY(s->resvs, s->n_resvs, addr, addr);

	return i < s->n_resvs && s->resvs[i].addr == addr ? (int)i : -1;
}

int dfod_scope_resv_find_hw(const struct dfod_scope *s, const uint8_t *hw, uint8_t hwlen)
{
	uint32_t i;

	for (i = 0; i < s->n_resvs; i++)
		if (s->resvs[i].hwlen == hwlen && !memcmp(s->resvs[i].hw, hw, hwlen))
			return i;
	return -1;
}

int dfod_scope_resv_add(struct dfod_scope *s, const struct dfod_resv *r)
{
	char *name;
	uint32_t i;
	int err;

	if (!r->hwlen || r->hwlen > DFOD_HWADDR_MAX)
		return -EINVAL;
	if (dfod_scope_resv_find(s, r->addr) >= 0 || dfod_scope_resv_find_hw(s, r->hw, r->hwlen) >= 0)
		return -EEXIST;
	name = dfod_strdup(r->name);
	if (!name)
		return -ENOMEM;
	err = grow((void **)&s->resvs, s->n_resvs, sizeof(*s->resvs));
	if (err) {
		free(name);
		return err;
	}
	i = LOWER_BY(s->resvs, s->n_resvs, addr, r->addr);
	memmove(s->resvs + i + 1, s->resvs + i, (s->n_resvs - i) * sizeof(*s->resvs));
	s->resvs[i] = *r;
	s->resvs[i].name = name;
	s->n_resvs++;
	return 0;
}

int dfod_scope_resv_del(struct dfod_scope *s, uint32_t addr)
{
	int i = dfod_scope_resv_find(s, addr);

	if (i < 0)
		return -ENOENT;
	free(s->resvs[i].name);
	memmove(s->resvs + i, s->resvs + i + 1, (s->n_resvs - i - 1) * sizeof(*s->resvs));
	s->n_resvs--;
	return 0;
}

int dfod_scope_opt_find(const struct dfod_scope *s, uint8_t code)
{
	uint32_t i = LOWER_BY(s->opts, s->n_opts, code, code);

	return i < s->n_opts && s->opts[i].code == code ? (int)i : -1;
}

int dfod_scope_opt_set(struct dfod_scope *s, uint8_t code, uint8_t type, json_object *values)
{
	int i = dfod_scope_opt_find(s, code), err;
	uint32_t at;

	if (type >= DFOD_OPT_TYPE_MAX || !values)
		return -EINVAL;
	if (i >= 0) {
		json_object_put(s->opts[i].values);
		s->opts[i].type = type;
		s->opts[i].values = json_object_get(values);
		return 0;
	}
	err = grow((void **)&s->opts, s->n_opts, sizeof(*s->opts));
	if (err)
		return err;
	at = LOWER_BY(s->opts, s->n_opts, code, code);
	memmove(s->opts + at + 1, s->opts + at, (s->n_opts - at) * sizeof(*s->opts));
	s->opts[at].code = code;
	s->opts[at].type = type;
	s->opts[at].values = json_object_get(values);
	s->n_opts++;
	return 0;
}

int dfod_scope_opt_del(struct dfod_scope *s, uint8_t code)
{
	int i = dfod_scope_opt_find(s, code);

	if (i < 0)
		return -ENOENT;
	json_object_put(s->opts[i].values);
	memmove(s->opts + i, s->opts + i + 1, (s->n_opts - i - 1) * sizeof(*s->opts));
	s->n_opts--;
	return 0;
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Every address names an existing scope that is in no relationship, once. */
static int check_joinable(const struct dfod_state *st, const struct dfod_rel *r,
			  const uint32_t *sorted, uint32_t n)
{
	struct dfod_scope *s;
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (i && sorted[i] == sorted[i - 1])
			return -EINVAL;
		s = dfod_scope_find(st, sorted[i]);
		if (!s)
			return -ENOENT;
		if (s->rel)
			return s->rel == r ? -EEXIST : -EBUSY;
	}
	return 0;
}

int dfod_state_rel_add(struct dfod_state *st, struct dfod_rel *r)
{
	bool found;
	uint32_t i;
	size_t at;
	int err;

	if (!r->id || !r->name[0])
		return -EINVAL;
	if (dfod_rel_find(st, r->name) || dfod_rel_find_id(st, r->id))
		return -EEXIST;
	qsort(r->scopes, r->n_scopes, sizeof(*r->scopes), u32_cmp);
	err = check_joinable(st, NULL, r->scopes, r->n_scopes);
	if (err)
		return err;
	err = dfod_htab_reserve(&st->rel_tab, st->rel_tab.n + 1);
	if (!err)
		err = dfod_htab_reserve(&st->rel_id_tab, st->rel_id_tab.n + 1);
	if (!err)
		err = dfod_pvec_reserve(&st->rel_vec, st->rel_vec.n + 1);
	if (err)
		return err;
	at = dfod_pvec_lower(&st->rel_vec, rel_cmp, r->name, &found);
	dfod_htab_insert(&st->rel_tab, dfod_hash_str(r->name), r);
	dfod_htab_insert(&st->rel_id_tab, dfod_hash_u32(r->id), r);
	dfod_pvec_insert(&st->rel_vec, at, r);
	if (r->id >= st->next_rel_id)
		st->next_rel_id = r->id + 1;
	/* The policy goes in before any scope points at it. */
	HOOK(st, rel_put, r);
	for (i = 0; i < r->n_scopes; i++) {
		struct dfod_scope *s = dfod_scope_find(st, r->scopes[i]);

		s->rel = r;
		HOOK(st, scope_put, s);
	}
	return 0;
}

int dfod_state_rel_del(struct dfod_state *st, const char *name)
{
	struct dfod_rel *r = dfod_rel_find(st, name);
	bool found;
	uint32_t i;
	size_t at;

	if (!r)
		return -ENOENT;
	/* Scopes stop pointing at the policy before it goes. */
	for (i = 0; i < r->n_scopes; i++) {
		struct dfod_scope *s = dfod_scope_find(st, r->scopes[i]);

		s->rel = NULL;
		HOOK(st, scope_put, s);
	}
	HOOK(st, rel_del, r);
	at = dfod_pvec_lower(&st->rel_vec, rel_cmp, r->name, &found);
	dfod_pvec_remove(&st->rel_vec, at);
	dfod_htab_remove(&st->rel_tab, dfod_hash_str(r->name), rel_eq, r->name);
	dfod_htab_remove(&st->rel_id_tab, dfod_hash_u32(r->id), rel_id_eq, &r->id);
	dfod_rel_destroy(r);
	return 0;
}

int dfod_state_rel_update(struct dfod_state *st, struct dfod_rel *r, const struct dfod_rel *nv)
{
	char *pn = strdup(nv->primary_name ? nv->primary_name : "");
	char *sn = strdup(nv->secondary_name ? nv->secondary_name : "");
	char *sec = nv->secret ? strdup(nv->secret) : NULL;
	char *old;

	if (!pn || !sn || (nv->secret && !sec)) {
		free(pn);
		free(sn);
		free(sec);
		return -ENOMEM;
	}
	free(r->primary_name);
	r->primary_name = pn;
	free(r->secondary_name);
	r->secondary_name = sn;
	old = r->secret;
	r->secret = sec;
	if (old)
		explicit_bzero(old, strlen(old));
	free(old);
	r->primary = nv->primary;
	r->secondary = nv->secondary;
	r->mode = nv->mode;
	r->server_type = nv->server_type;
	r->state = nv->state;
	r->prev_state = nv->prev_state;
	r->percentage = nv->percentage;
	r->key_mode = nv->key_mode;
	r->auto_transition = nv->auto_transition;
	r->lb_max_secs = nv->lb_max_secs;
	r->mclt = nv->mclt;
	r->safe_period = nv->safe_period;
	r->state_time = nv->state_time;
	r->gen++;
	HOOK(st, rel_put, r);
	return 0;
}

int dfod_state_rel_scopes_add(struct dfod_state *st, struct dfod_rel *r, const uint32_t *addrs,
			      uint32_t n)
{
	uint32_t *add, *merged, i, j, k;
	int err;

	add = malloc((n ? n : 1) * sizeof(*add));
	if (!add)
		return -ENOMEM;
	memcpy(add, addrs, n * sizeof(*add));
	qsort(add, n, sizeof(*add), u32_cmp);
	err = check_joinable(st, r, add, n);
	if (err)
		goto out;
	merged = malloc((r->n_scopes + n + 1) * sizeof(*merged));
	if (!merged) {
		err = -ENOMEM;
		goto out;
	}
	for (i = j = k = 0; i < r->n_scopes || j < n;)
		merged[k++] = j == n || (i < r->n_scopes && r->scopes[i] < add[j]) ?
			      r->scopes[i++] : add[j++];
	free(r->scopes);
	r->scopes = merged;
	r->n_scopes = k;
	r->gen++;
	for (j = 0; j < n; j++) {
		struct dfod_scope *s = dfod_scope_find(st, add[j]);

		s->rel = r;
		HOOK(st, scope_put, s);
	}
out:
	free(add);
	return err;
}

int dfod_state_rel_scopes_del(struct dfod_state *st, struct dfod_rel *r, const uint32_t *addrs,
			      uint32_t n)
{
	uint32_t *del, *kept, i, j, k;
	int err = 0;

	del = malloc((n ? n : 1) * sizeof(*del));
	if (!del)
		return -ENOMEM;
	memcpy(del, addrs, n * sizeof(*del));
	qsort(del, n, sizeof(*del), u32_cmp);
	for (j = 0; j < n; j++) {
		struct dfod_scope *s = dfod_scope_find(st, del[j]);

		if (j && del[j] == del[j - 1]) {
			err = -EINVAL;
			goto out;
		}
		if (!s || s->rel != r) {
			err = -ENOENT;
			goto out;
		}
	}
	kept = malloc((r->n_scopes + 1) * sizeof(*kept));
	if (!kept) {
		err = -ENOMEM;
		goto out;
	}
	for (i = j = k = 0; i < r->n_scopes; i++) {
		while (j < n && del[j] < r->scopes[i])
			j++;
		if (j < n && del[j] == r->scopes[i])
			continue;
		kept[k++] = r->scopes[i];
	}
	free(r->scopes);
	r->scopes = kept;
	r->n_scopes = k;
	r->gen++;
	for (j = 0; j < n; j++) {
		struct dfod_scope *s = dfod_scope_find(st, del[j]);

		s->rel = NULL;
		HOOK(st, scope_put, s);
	}
out:
	free(del);
	return err;
}
