/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The BPF maps as a pure function of the state.
 *
 *   dfo_scopes  subnet/prefix -> { scope_id = subnet (host order),
 *               rel_id (0: in none), stats_slot }
 *   dfo_rels    rel id -> dfo_policy__compile(mode, role = this server's
 *               server_type, state, percentage, lb_max_seconds, hash key,
 *               server id = this server's address in the relationship)
 *   dfo_ifaces  ifindex -> IPv4 addresses of a configured interface
 *
 * The desired value of an entry is computed by the functions below and by
 * nothing else. At start dfod_maps_reconcile() walks the pinned maps and
 * adds, fixes and removes entries until they equal the function; afterwards
 * the state hooks update single entries as changes are applied (one
 * bpf_map_update_elem of the whole value: readers see old or new). A failed
 * update marks the maps dirty and the agent reconciles again later.
 *
 * With --no-xdp there is no datapath: every call is a no-op.
 */
#ifndef DFOD_MAPS_H
#define DFOD_MAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "datapath.h"
#include "state.h"

struct dfod_maps {
	struct dfo_datapath *dp;	/* NULL: --no-xdp */
	bool dirty;			/* an update failed; reconcile pending */
	/* What the last reconcile did (logs, tests). */
	unsigned int added, fixed, removed;
};

struct dfod_iface_entry {
	uint32_t ifindex;
	struct dfo_iface val;
};

/* Desired values. */
void dfod_maps_scope_value(const struct dfod_scope *s, struct dfo_lpm_key *key,
			   struct dfo_scope *val);
int dfod_maps_rel_value(const struct dfod_rel *r, struct dfo_rel *val);

/* Open the datapath (load the program, reuse pins). */
int dfod_maps_open(struct dfod_maps *m, const char *instance, const char *pin_root,
		   uint32_t max_scopes, uint32_t max_rels);
void dfod_maps_close(struct dfod_maps *m);
static inline bool dfod_maps_enabled(const struct dfod_maps *m)
{
	return m->dp != NULL;
}

/* Make all three maps equal to the state and the interface list. */
int dfod_maps_reconcile(struct dfod_maps *m, const struct dfod_state *st,
			const struct dfod_iface_entry *ifs, unsigned int n_ifs);

/* Hooks to give to dfod_state_set_hooks (arg: struct dfod_maps *). */
extern const struct dfod_state_hooks dfod_maps_hooks;

int dfod_maps_put_iface(struct dfod_maps *m, const struct dfod_iface_entry *e);
int dfod_maps_del_iface(struct dfod_maps *m, uint32_t ifindex);

#endif
