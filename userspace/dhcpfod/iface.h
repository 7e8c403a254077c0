/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The configured interfaces, tracked through rtnetlink (libnl-route cache
 * manager, whose socket sits in the agent's epoll set): their ifindex and
 * IPv4 addresses feed the dfo_ifaces map, and XDP is (re)attached whenever
 * an interface appears or is re-created with a new ifindex. An interface
 * that does not exist yet is waited for, not an error.
 */
#ifndef DFOD_IFACE_H
#define DFOD_IFACE_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <json-c/json.h>

#include "maps.h"

struct nl_cache_mngr;
struct nl_cache;

struct dfod_iface {
	char name[IF_NAMESIZE];
	uint32_t ifindex;		/* 0: absent */
	uint32_t addr_be[DFO_IFACE_MAX_ADDR];
	uint32_t n_addr;
	uint8_t mac[6];			/* link address (DHCP replies to chaddr are built from it) */
	bool has_mac;			/* an Ethernet (6-byte) link address is known */
	bool attached;			/* XDP attached at ifindex */
	bool attach_failed;		/* logged once; retried on the timer */
};

struct dfod_ifaces {
	struct dfod_iface *v;
	unsigned int n;
	struct nl_cache_mngr *mngr;
	struct nl_cache *links, *addrs;
	struct dfod_maps *maps;
	int xdp_mode;			/* enum dfo_xdp_mode */
	bool changed;			/* set by the cache callbacks */
};

/* Resolve @names from fresh caches; no map is written, nothing is attached. */
int dfod_ifaces_open(struct dfod_ifaces *ifs, char *const *names, unsigned int n,
		     struct dfod_maps *maps, int xdp_mode);
void dfod_ifaces_close(struct dfod_ifaces *ifs);
/* The netlink socket to poll; -1 when not open. */
int dfod_ifaces_fd(const struct dfod_ifaces *ifs);
/*
 * Read pending netlink messages and act on changes. Returns 1 when the
 * netlink socket was replaced (events were lost and the caches rebuilt: poll
 * the new dfod_ifaces_fd), -EIO when tracking is lost until a resync.
 */
int dfod_ifaces_event(struct dfod_ifaces *ifs);
/* Rebuild the caches from scratch (new socket), then refresh. */
int dfod_ifaces_resync(struct dfod_ifaces *ifs);
/*
 * Bring maps and attachments in line with the caches: interfaces that went
 * away leave dfo_ifaces, new or re-created ones are attached and entered,
 * changed addresses are updated, failed attachments are retried.
 */
void dfod_ifaces_refresh(struct dfod_ifaces *ifs);
/* dfo_ifaces entries of the present interfaces; returns how many (<= ifs->n). */
unsigned int dfod_ifaces_entries(const struct dfod_ifaces *ifs, struct dfod_iface_entry *out);
/* Detach pinned links of interfaces that are not configured. */
void dfod_ifaces_detach_unconfigured(struct dfod_ifaces *ifs);
/* The configured, present interface of @ifindex, or NULL. */
const struct dfod_iface *dfod_ifaces_by_index(const struct dfod_ifaces *ifs, uint32_t ifindex);
/* datapath.status "interfaces" array. */
json_object *dfod_ifaces_json(const struct dfod_ifaces *ifs);

#endif
