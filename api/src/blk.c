// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * One-block results: each object handed to a caller is a single allocation
 * holding the object and everything it points to, so that one free()
 * (dhcpfo_free, DhcpRpcFreeMemory) releases the whole tree.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void *dfoc_blk_take(struct dfoc_blk *b, size_t size, size_t align)
{
	size_t off = (b->len + align - 1) & ~(align - 1);

	b->len = off + size;
	return b->base ? b->base + off : NULL;
}

void *dfoc_blk_mem(struct dfoc_blk *b, const void *p, size_t size, size_t align)
{
	void *dst = dfoc_blk_take(b, size, align);

	if (dst && size)
		memcpy(dst, p, size);
	return dst;
}

char *dfoc_blk_str(struct dfoc_blk *b, const char *s)
{
	if (!s)
		return NULL;
	return dfoc_blk_mem(b, s, strlen(s) + 1, 1);
}

wchar_t *dfoc_blk_wstr(struct dfoc_blk *b, const char *s, const char *field)
{
	wchar_t *dst;
	long n;

	if (!s)
		return NULL;
	n = dfoc_utf8_len(s);
	if (n < 0) {
		if (!b->bad)
			b->bad = field;
		return NULL;
	}
	dst = dfoc_blk_take(b, ((size_t)n + 1) * sizeof(wchar_t), _Alignof(wchar_t));
	if (dst)
		dfoc_utf8_to_wcs(s, dst);
	return dst;
}

int dfoc_blk_objects(struct dfoc_blk *b, const void *json, const char *field, void *scratch,
		     size_t size, size_t align, dfoc_place_fn place, void **items, uint32_t *n)
{
	size_t len = json_object_array_length(json), i;
	char *base = dfoc_blk_take(b, len * size, align);

	for (i = 0; i < len; i++) {
		json_object *e = json_object_array_get_idx(json, i);

		if (!json_object_is_type(e, json_type_object)) {
			if (!b->bad)
				b->bad = field;
			return -1;
		}
		if (place(b, e, base ? base + i * size : scratch))
			return -1;
	}
	*n = (uint32_t)len;
	*items = len ? base : NULL;
	return 0;
}

int dfoc_blk_ips(struct dfoc_blk *b, const void *json, const char *field, struct dhcpfo_ip_array *a)
{
	size_t n = json_object_array_length(json), i;
	uint32_t *ips = dfoc_blk_take(b, n * sizeof(*ips), _Alignof(uint32_t)), ip;

	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(json, i);

		if (!json_object_is_type(e, json_type_string) ||
		    dfoc_ip_parse(json_object_get_string(e), &ip)) {
			if (!b->bad)
				b->bad = field;
			return -1;
		}
		if (ips)
			ips[i] = ip;
	}
	a->n = (uint32_t)n;
	a->items = n ? ips : NULL;
	return 0;
}

void *dfoc_blk_build(size_t root_size, size_t root_align, dfoc_place_fn place,
		     const void *src, const char *what, uint32_t *status)
{
	/* the first pass writes the root's scalar fields here */
	union {
		max_align_t align;
		char buf[512];
	} scratch;
	struct dfoc_blk b = { 0 };
	void *root;
	size_t size;

	if (root_size > sizeof(scratch)) {
		*status = dfoc_fail(DHCPFO_ERROR_INTERNAL_ERROR, "%s: result too large", what);
		return NULL;
	}
	memset(&scratch, 0, sizeof(scratch));
	dfoc_blk_take(&b, root_size, root_align);
	if (place(&b, src, &scratch) || b.bad) {
		*status = dfoc_fail(DHCPFO_ERROR_INVALID_DATA,
				    "%s: malformed reply from dhcpfod (field '%s')", what,
				    b.bad ? b.bad : "?");
		return NULL;
	}
	size = b.len;
	b.base = calloc(1, size);
	if (!b.base) {
		*status = dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "%s: out of memory", what);
		return NULL;
	}
	b.len = 0;
	root = dfoc_blk_take(&b, root_size, root_align);
	place(&b, src, root);
	*status = 0;
	return root;
}
