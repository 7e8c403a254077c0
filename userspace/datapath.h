/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Userspace side of the XDP datapath: load the program (reusing the maps
 * pinned by an earlier run), attach it to interfaces through pinned
 * bpf_links, and keep the maps with typed, atomic setters.
 *
 * Every function returns 0 or a negative errno and logs (log.h) a message
 * that names the interface, map or pin involved.
 *
 * Pins live under <pin_root>/<instance>/: one per map (dfo_scopes, ...) and
 * one per attachment (link_<ifname>). A pinned link keeps the program
 * attached after the process exits; attaching again with a newly loaded
 * program swaps it in atomically (BPF_LINK_UPDATE).
 */
#ifndef DHCPFO_DATAPATH_H
#define DHCPFO_DATAPATH_H

#include <stdbool.h>
#include <stddef.h>
#include "dhcpfo_abi.h"

struct dfo_datapath;

struct dfo_datapath_opts {
	const char *instance;		/* default "default" */
	const char *pin_root;		/* default DFO_PIN_ROOT */
	__u32 max_scopes;		/* 0: DFO_MAX_SCOPES (scopes and stats slots) */
	__u32 max_rels;			/* 0: DFO_MAX_RELS */
	bool no_pin;			/* private maps, nothing pinned (tests, bench) */
};

enum dfo_xdp_mode {
	DFO_XDP_AUTO = 0,		/* native, else generic (logged) */
	DFO_XDP_NATIVE,
	DFO_XDP_GENERIC,
};

int dfo_datapath__open(const struct dfo_datapath_opts *opts, struct dfo_datapath **dpp);
void dfo_datapath__close(struct dfo_datapath *dp);

/* <pin_root>/<instance>, valid while @dp is open. */
const char *dfo_datapath__pin_dir(const struct dfo_datapath *dp);
int dfo_datapath__prog_fd(const struct dfo_datapath *dp);
/* fd of a map by its ABI name (DFO_MAP_*), or -ENOENT. */
int dfo_datapath__map_fd(const struct dfo_datapath *dp, const char *name);

/*
 * Attach to @ifindex. An existing pinned link for the interface is updated
 * in place (atomic program replace); otherwise a new link is created and
 * pinned. @mode_out (may be NULL) receives the mode actually used.
 */
int dfo_datapath__attach(struct dfo_datapath *dp, int ifindex, enum dfo_xdp_mode mode,
			 enum dfo_xdp_mode *mode_out);
/* Detach from @ifindex and remove its link pin. -ENOENT when not attached by us. */
int dfo_datapath__detach(struct dfo_datapath *dp, int ifindex);
/* Current XDP mode of @ifindex: DFO_XDP_NATIVE/GENERIC, or -ENOENT if none. */
int dfo_datapath__query(int ifindex, __u32 *prog_id);

/* Remove every pin of the instance (links first, which detaches). */
int dfo_datapath__unpin_all(const char *pin_root, const char *instance);

/* Map setters: a single bpf_map_update_elem each, so readers see old or new. */
int dfo_datapath__put_scope(struct dfo_datapath *dp, __u32 subnet_be, __u32 prefixlen,
			    const struct dfo_scope *scope);
int dfo_datapath__del_scope(struct dfo_datapath *dp, __u32 subnet_be, __u32 prefixlen);
int dfo_datapath__put_rel(struct dfo_datapath *dp, __u32 rel_id, const struct dfo_rel *rel);
int dfo_datapath__del_rel(struct dfo_datapath *dp, __u32 rel_id);
int dfo_datapath__put_iface(struct dfo_datapath *dp, __u32 ifindex, const struct dfo_iface *ifc);
int dfo_datapath__del_iface(struct dfo_datapath *dp, __u32 ifindex);

/* Counters summed over all possible CPUs. */
int dfo_datapath__scope_stats(struct dfo_datapath *dp, __u32 slot, struct dfo_scope_stats *out);
int dfo_datapath__clear_scope_stats(struct dfo_datapath *dp, __u32 slot);
int dfo_datapath__global_stats(struct dfo_datapath *dp, struct dfo_global_stats *out);

#endif
