/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Open-addressing hash table of pointers (linear probing, backward-shift
 * deletion, so no tombstones pile up under churn) and a growable pointer
 * array kept sorted by its user. Scopes by address and relationships by name
 * live in both: O(1) lookups, and enumeration by index without sorting per
 * call.
 *
 * Insertion is split into reserve (may fail, changes nothing visible) and
 * insert (cannot fail), so that callers can apply a change atomically.
 */
#ifndef DFOD_HTAB_H
#define DFOD_HTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dfod_hslot {
	uint64_t hash;
	void *ptr;		/* NULL: empty */
};

struct dfod_htab {
	struct dfod_hslot *slots;
	size_t cap;		/* power of two, or 0 */
	size_t n;
};

typedef bool (*dfod_heq_fn)(const void *ptr, const void *key);

uint64_t dfod_hash_u32(uint32_t v);
uint64_t dfod_hash_str(const char *s);

void *dfod_htab_get(const struct dfod_htab *t, uint64_t hash, dfod_heq_fn eq, const void *key);
/* Make room for @n entries in total; -ENOMEM leaves the table as it was. */
int dfod_htab_reserve(struct dfod_htab *t, size_t n);
/* Insert; room must have been reserved. */
void dfod_htab_insert(struct dfod_htab *t, uint64_t hash, void *ptr);
/* Remove and return the entry, NULL if absent. */
void *dfod_htab_remove(struct dfod_htab *t, uint64_t hash, dfod_heq_fn eq, const void *key);
void dfod_htab_free(struct dfod_htab *t);

struct dfod_pvec {
	void **v;
	size_t n, cap;
};

int dfod_pvec_reserve(struct dfod_pvec *pv, size_t n);
/* Insert at @idx (0..n); room must have been reserved. */
void dfod_pvec_insert(struct dfod_pvec *pv, size_t idx, void *ptr);
void dfod_pvec_remove(struct dfod_pvec *pv, size_t idx);
void dfod_pvec_free(struct dfod_pvec *pv);

/*
 * Binary search: index of the first element for which @cmp(elem, key) >= 0;
 * *@found tells whether that element compares equal.
 */
size_t dfod_pvec_lower(const struct dfod_pvec *pv, int (*cmp)(const void *elem, const void *key),
		       const void *key, bool *found);

#endif
