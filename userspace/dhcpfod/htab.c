// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "htab.h"

uint64_t dfod_hash_u32(uint32_t v)
{
	uint64_t x = v;

	/* splitmix64 finaliser: subnet addresses differ only in a few bits. */
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

uint64_t dfod_hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;	/* FNV-1a */

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ull;
	}
	return h ^ (h >> 32);
}

void *dfod_htab_get(const struct dfod_htab *t, uint64_t hash, dfod_heq_fn eq, const void *key)
{
	size_t mask, i;

	if (!t->cap)
		return NULL;
	mask = t->cap - 1;
	for (i = hash & mask; t->slots[i].ptr; i = (i + 1) & mask)
		if (t->slots[i].hash == hash && eq(t->slots[i].ptr, key))
			return t->slots[i].ptr;
	return NULL;
}

static void place(struct dfod_hslot *slots, size_t cap, uint64_t hash, void *ptr)
{
	size_t mask = cap - 1, i;

	for (i = hash & mask; slots[i].ptr; i = (i + 1) & mask)
		;
	slots[i].hash = hash;
	slots[i].ptr = ptr;
}

int dfod_htab_reserve(struct dfod_htab *t, size_t n)
{
	struct dfod_hslot *slots;
	size_t cap = t->cap ? t->cap : 16, i;

	/* Keep the load factor at or below 1/2: probes stay short. */
	while (cap < 2 * n)
		cap *= 2;
	if (cap == t->cap)
		return 0;
	slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (i = 0; i < t->cap; i++)
		if (t->slots[i].ptr)
			place(slots, cap, t->slots[i].hash, t->slots[i].ptr);
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return 0;
}

void dfod_htab_insert(struct dfod_htab *t, uint64_t hash, void *ptr)
{
	place(t->slots, t->cap, hash, ptr);
	t->n++;
}

void *dfod_htab_remove(struct dfod_htab *t, uint64_t hash, dfod_heq_fn eq, const void *key)
{
	size_t mask, i, j, home;
	void *ptr;

	if (!t->cap)
		return NULL;
	mask = t->cap - 1;
	for (i = hash & mask; t->slots[i].ptr; i = (i + 1) & mask)
		if (t->slots[i].hash == hash && eq(t->slots[i].ptr, key))
			break;
	ptr = t->slots[i].ptr;
	if (!ptr)
		return NULL;
	/*
	 * Backward shift: move later members of the cluster into the hole
	 * when the hole lies between their home slot and where they sit.
	 */
	for (j = (i + 1) & mask; t->slots[j].ptr; j = (j + 1) & mask) {
		home = t->slots[j].hash & mask;
		if (((j - home) & mask) >= ((j - i) & mask)) {
			t->slots[i] = t->slots[j];
			i = j;
		}
	}
	t->slots[i].ptr = NULL;
	t->slots[i].hash = 0;
	t->n--;
	return ptr;
}

void dfod_htab_free(struct dfod_htab *t)
{
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

int dfod_pvec_reserve(struct dfod_pvec *pv, size_t n)
{
	size_t cap = pv->cap ? pv->cap : 16;
	void **v;

	if (n <= pv->cap)
		return 0;
	while (cap < n)
		cap *= 2;
	v = realloc(pv->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	pv->v = v;
	pv->cap = cap;
	return 0;
}

void dfod_pvec_insert(struct dfod_pvec *pv, size_t idx, void *ptr)
{
	memmove(pv->v + idx + 1, pv->v + idx, (pv->n - idx) * sizeof(*pv->v));
	pv->v[idx] = ptr;
	pv->n++;
}

void dfod_pvec_remove(struct dfod_pvec *pv, size_t idx)
{
	memmove(pv->v + idx, pv->v + idx + 1, (pv->n - idx - 1) * sizeof(*pv->v));
	pv->n--;
}

void dfod_pvec_free(struct dfod_pvec *pv)
{
	free(pv->v);
	memset(pv, 0, sizeof(*pv));
}

size_t dfod_pvec_lower(const struct dfod_pvec *pv, int (*cmp)(const void *elem, const void *key),
		       const void *key, bool *found)
{
	size_t lo = 0, hi = pv->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmp(pv->v[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < pv->n && cmp(pv->v[lo], key) == 0;
	return lo;
}
