/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The free-pool split rule (docs/agent.md "Pool split"): which failover
 * partner owns a free address of a scope. Deterministic and computed from
 * configuration alone, so both partners agree without talking:
 *
 *   pool = addresses of the scope's DHCP-capable ranges (dhcp, both),
 *          minus exclusions and reservations, ascending;   N = |pool|
 *   load balance: the first round(N * p / 100) go to the primary
 *                 (p = the primary's percentage), the rest to the secondary;
 *   hot standby:  the last round(N * r / 100) go to the standby (secondary,
 *                 r = reserve percentage), the rest to the active primary.
 *
 * round(x) rounds half up. The DHCP engine allocates from these pools.
 */
#ifndef DFOD_POOL_H
#define DFOD_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "state.h"

enum dfod_addr_owner {
	DFOD_OWNER_PRIMARY = 0,
	DFOD_OWNER_SECONDARY = 1,
	DFOD_OWNER_EXCLUDED = 2,
	DFOD_OWNER_RESERVED = 3,
};

/* Pool addresses of @s strictly below @limit (2^32: all of them). */
uint64_t dfod_pool_count_below(const struct dfod_scope *s, uint64_t limit);
static inline uint64_t dfod_pool_size(const struct dfod_scope *s)
{
	return dfod_pool_count_below(s, 1ull << 32);
}
/* How many of @n pool addresses the primary owns under @r's mode and ratio. */
uint64_t dfod_pool_primary_share(const struct dfod_rel *r, uint64_t n);
/* Whether @addr lies in a DHCP-capable range of @s. */
bool dfod_pool_in_range(const struct dfod_scope *s, uint32_t addr);
/*
 * Owner of @addr in @s under @r: enum dfod_addr_owner, or -ENOENT when the
 * address is in none of the scope's DHCP ranges (and neither reserved nor
 * excluded).
 */
int dfod_pool_owner(const struct dfod_scope *s, const struct dfod_rel *r, uint32_t addr);

struct dfod_pool_stats {
	uint64_t num_addr;		/* N */
	uint64_t primary_free, secondary_free;
};

void dfod_pool_stats(const struct dfod_scope *s, const struct dfod_rel *r,
		     struct dfod_pool_stats *out);

#endif
