// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>

#include "dhcpfo_abi.h"
#include "pool.h"

static bool dhcp_capable(const struct dfod_range *r)
{
	return r->type == DFOD_RANGE_DHCP || r->type == DFOD_RANGE_BOTH;
}

/* Pool addresses in [lo, hi], a slice of one DHCP range. */
static uint64_t count_slice(const struct dfod_scope *s, uint32_t lo, uint32_t hi)
{
	uint64_t n = (uint64_t)hi - lo + 1;
	uint32_t i, a, b;

	for (i = 0; i < s->n_excls; i++) {
		if (s->excls[i].start > hi)
			break;
		if (s->excls[i].end < lo)
			continue;
		a = s->excls[i].start > lo ? s->excls[i].start : lo;
		b = s->excls[i].end < hi ? s->excls[i].end : hi;
		n -= (uint64_t)b - a + 1;
	}
	/* A reservation inside an exclusion was already taken out above. */
	for (i = 0; i < s->n_resvs; i++) {
		if (s->resvs[i].addr > hi)
			break;
		if (s->resvs[i].addr >= lo && !dfod_scope_excluded(s, s->resvs[i].addr))
			n--;
	}
	return n;
}

uint64_t dfod_pool_count_below(const struct dfod_scope *s, uint64_t limit)
{
	uint64_t n = 0;
	uint32_t i, hi;

	for (i = 0; i < s->n_ranges; i++) {
		const struct dfod_range *r = &s->ranges[i];

		if (!dhcp_capable(r) || r->start >= limit)
			continue;
		hi = (uint64_t)r->end < limit ? r->end : (uint32_t)(limit - 1);
		n += count_slice(s, r->start, hi);
	}
	return n;
}

uint64_t dfod_pool_primary_share(const struct dfod_rel *r, uint64_t n)
{
	uint64_t share = (n * r->percentage + 50) / 100;

	/* Hot standby: the percentage is the standby's reserve, taken from the top. */
	return r->mode == DFO_MODE_HOT_STANDBY ? n - share : share;
}

bool dfod_pool_in_range(const struct dfod_scope *s, uint32_t addr)
{
	int i = dfod_scope_range_overlap(s, addr, addr);

	return i >= 0 && dhcp_capable(&s->ranges[i]);
}

int dfod_pool_owner(const struct dfod_scope *s, const struct dfod_rel *r, uint32_t addr)
{
	uint64_t idx;

	if (dfod_scope_resv_find(s, addr) >= 0)
		return DFOD_OWNER_RESERVED;
	if (dfod_scope_excluded(s, addr))
		return DFOD_OWNER_EXCLUDED;
	if (!dfod_pool_in_range(s, addr))
		return -ENOENT;
	idx = dfod_pool_count_below(s, addr);
	return idx < dfod_pool_primary_share(r, dfod_pool_size(s)) ?
	       DFOD_OWNER_PRIMARY : DFOD_OWNER_SECONDARY;
}

void dfod_pool_stats(const struct dfod_scope *s, const struct dfod_rel *r,
		     struct dfod_pool_stats *out)
{
	out->num_addr = dfod_pool_size(s);
	out->primary_free = dfod_pool_primary_share(r, out->num_addr);
	out->secondary_free = out->num_addr - out->primary_free;
}
