// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <netlink/netlink.h>
#include <netlink/cache.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include "iface.h"
#include "log.h"
#include "util.h"

static void cache_changed(struct nl_cache *c, struct nl_object *o, int action, void *arg)
{
	struct dfod_ifaces *ifs = arg;

	(void)c;
	(void)o;
	(void)action;
	ifs->changed = true;
}

struct addr_walk {
	uint32_t ifindex;
	uint32_t prim[DFO_IFACE_MAX_ADDR], sec[DFO_IFACE_MAX_ADDR];
	uint32_t n_prim, n_sec;
};

static void insert_sorted(uint32_t *arr, uint32_t *n, uint32_t v)
{
	uint32_t i;

	/* Keep the lowest DFO_IFACE_MAX_ADDR addresses, ascending: deterministic. */
	for (i = *n; i > 0 && ntohl(arr[i - 1]) > ntohl(v); i--)
		if (i < DFO_IFACE_MAX_ADDR)
			arr[i] = arr[i - 1];
	if (i < DFO_IFACE_MAX_ADDR)
		arr[i] = v;
	if (*n < DFO_IFACE_MAX_ADDR)
		(*n)++;
}

static void addr_cb(struct nl_object *obj, void *arg)
{
	struct rtnl_addr *a = (struct rtnl_addr *)obj;
	struct addr_walk *w = arg;
	struct nl_addr *local;
	uint32_t v;

	if (rtnl_addr_get_family(a) != AF_INET || (uint32_t)rtnl_addr_get_ifindex(a) != w->ifindex)
		return;
	local = rtnl_addr_get_local(a);
	if (!local || nl_addr_get_len(local) != 4)
		return;
	memcpy(&v, nl_addr_get_binary_addr(local), 4);
	if (rtnl_addr_get_flags(a) & IFA_F_SECONDARY)
		insert_sorted(w->sec, &w->n_sec, v);
	else
		insert_sorted(w->prim, &w->n_prim, v);
}

/* Current ifindex and addresses of @ifc->name from the caches. */
static void lookup(struct dfod_ifaces *ifs, const char *name, uint32_t *ifindex,
		   uint32_t *addrs, uint32_t *n_addr, uint8_t *mac, bool *has_mac)
{
	struct rtnl_link *l = rtnl_link_get_by_name(ifs->links, name);
	struct addr_walk w = { 0 };
	struct nl_addr *lladdr;
	uint32_t i;

	/* Unused slots are zero: the whole value is compared and written to the map. */
	memset(addrs, 0, DFO_IFACE_MAX_ADDR * sizeof(*addrs));
	*ifindex = 0;
	*n_addr = 0;
	*has_mac = false;
	if (!l)
		return;
	*ifindex = rtnl_link_get_ifindex(l);
	lladdr = rtnl_link_get_addr(l);
	if (lladdr && nl_addr_get_len(lladdr) == 6) {
		memcpy(mac, nl_addr_get_binary_addr(lladdr), 6);
		*has_mac = true;
	}
	rtnl_link_put(l);
	w.ifindex = *ifindex;
	nl_cache_foreach(ifs->addrs, addr_cb, &w);
	/* Primary addresses first: the kernel's own source choice. */
	for (i = 0; i < w.n_prim && *n_addr < DFO_IFACE_MAX_ADDR; i++)
		addrs[(*n_addr)++] = w.prim[i];
	for (i = 0; i < w.n_sec && *n_addr < DFO_IFACE_MAX_ADDR; i++)
		addrs[(*n_addr)++] = w.sec[i];
}

/* Subscribe to link and address events and fill both caches. */
static int mngr_open(struct dfod_ifaces *ifs)
{
	int err;

	err = nl_cache_mngr_alloc(NULL, NETLINK_ROUTE, 0, &ifs->mngr);
	if (!err)
		err = nl_cache_mngr_add(ifs->mngr, "route/link", cache_changed, ifs, &ifs->links);
	if (!err)
		err = nl_cache_mngr_add(ifs->mngr, "route/addr", cache_changed, ifs, &ifs->addrs);
	if (err) {
		dfo_err("rtnetlink: cannot track links and addresses: %s", nl_geterror(err));
		if (ifs->mngr)
			nl_cache_mngr_free(ifs->mngr);
		ifs->mngr = NULL;
		ifs->links = ifs->addrs = NULL;
		return -EIO;
	}
	return 0;
}

int dfod_ifaces_resync(struct dfod_ifaces *ifs)
{
	int err;

	if (ifs->mngr)
		nl_cache_mngr_free(ifs->mngr);
	ifs->mngr = NULL;
	ifs->links = ifs->addrs = NULL;
	err = mngr_open(ifs);
	if (err)
		return err;
	dfo_info("rtnetlink: link and address caches resynchronised");
	dfod_ifaces_refresh(ifs);
	return 0;
}

int dfod_ifaces_open(struct dfod_ifaces *ifs, char *const *names, unsigned int n,
		     struct dfod_maps *maps, int xdp_mode)
{
	unsigned int i;
	int err;

	memset(ifs, 0, sizeof(*ifs));
	ifs->maps = maps;
	ifs->xdp_mode = xdp_mode;
	ifs->v = calloc(n ? n : 1, sizeof(*ifs->v));
	if (!ifs->v)
		return -ENOMEM;
	ifs->n = n;
	for (i = 0; i < n; i++)
		snprintf(ifs->v[i].name, sizeof(ifs->v[i].name), "%s", names[i]);

	err = mngr_open(ifs);
	if (err) {
		dfod_ifaces_close(ifs);
		return err;
	}
	for (i = 0; i < n; i++) {
		struct dfod_iface *ifc = &ifs->v[i];

		lookup(ifs, ifc->name, &ifc->ifindex, ifc->addr_be, &ifc->n_addr, ifc->mac,
		       &ifc->has_mac);
		if (!ifc->ifindex)
			dfo_warn("%s: no such interface yet; XDP is attached when it appears",
				 ifc->name);
	}
	ifs->changed = false;
	return 0;
}

void dfod_ifaces_close(struct dfod_ifaces *ifs)
{
	/* The cache manager frees the caches it owns. */
	if (ifs->mngr)
		nl_cache_mngr_free(ifs->mngr);
	free(ifs->v);
	memset(ifs, 0, sizeof(*ifs));
}

int dfod_ifaces_fd(const struct dfod_ifaces *ifs)
{
	return ifs->mngr ? nl_cache_mngr_get_fd(ifs->mngr) : -1;
}

int dfod_ifaces_event(struct dfod_ifaces *ifs)
{
	int err = nl_cache_mngr_data_ready(ifs->mngr);

	if (err < 0) {
		/* Lost events (socket overrun): the caches cannot be trusted, start over. */
		dfo_warn("rtnetlink: %s; resynchronising", nl_geterror(err));
		return dfod_ifaces_resync(ifs) ? -EIO : 1;
	}
	if (ifs->changed)
		dfod_ifaces_refresh(ifs);
	return 0;
}

static void entry_of(const struct dfod_iface *ifc, struct dfod_iface_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->ifindex = ifc->ifindex;
	memcpy(e->val.addr_be, ifc->addr_be, sizeof(e->val.addr_be));
	e->val.n_addr = ifc->n_addr;
}

static void attach(struct dfod_ifaces *ifs, struct dfod_iface *ifc)
{
	enum dfo_xdp_mode used;
	int err;

	if (!ifs->maps || !dfod_maps_enabled(ifs->maps) || ifc->attached || !ifc->ifindex)
		return;
	err = dfo_datapath__attach(ifs->maps->dp, ifc->ifindex, ifs->xdp_mode, &used);
	if (err) {
		if (!ifc->attach_failed)
			dfo_err("%s: XDP not attached (%s); retrying periodically", ifc->name,
				strerror(-err));
		ifc->attach_failed = true;
		return;
	}
	ifc->attached = true;
	ifc->attach_failed = false;
}

void dfod_ifaces_refresh(struct dfod_ifaces *ifs)
{
	struct dfod_iface_entry e;
	uint32_t idx, addrs[DFO_IFACE_MAX_ADDR], n;
	unsigned int i;

	ifs->changed = false;
	if (!ifs->mngr)
		return;		/* lost; the agent's timer resynchronises */
	for (i = 0; i < ifs->n; i++) {
		struct dfod_iface *ifc = &ifs->v[i];
		bool moved, readdr;

		lookup(ifs, ifc->name, &idx, addrs, &n, ifc->mac, &ifc->has_mac);
		moved = idx != ifc->ifindex;
		readdr = n != ifc->n_addr || memcmp(addrs, ifc->addr_be, n * sizeof(*addrs));
		if (moved && ifc->ifindex) {
			dfo_info("%s: interface gone (was ifindex %u)", ifc->name, ifc->ifindex);
			dfod_maps_del_iface(ifs->maps, ifc->ifindex);
			ifc->attached = false;
		}
		if (moved && idx)
			dfo_info("%s: interface present, ifindex %u", ifc->name, idx);
		ifc->ifindex = idx;
		memcpy(ifc->addr_be, addrs, sizeof(addrs));
		ifc->n_addr = n;
		if (!idx)
			continue;
		attach(ifs, ifc);
		if (moved || readdr) {
			entry_of(ifc, &e);
			dfod_maps_put_iface(ifs->maps, &e);
		}
	}
}

unsigned int dfod_ifaces_entries(const struct dfod_ifaces *ifs, struct dfod_iface_entry *out)
{
	unsigned int i, n = 0;

	for (i = 0; i < ifs->n; i++)
		if (ifs->v[i].ifindex)
			entry_of(&ifs->v[i], &out[n++]);
	return n;
}

const struct dfod_iface *dfod_ifaces_by_index(const struct dfod_ifaces *ifs, uint32_t ifindex)
{
	unsigned int i;

	for (i = 0; ifindex && i < ifs->n; i++)
		if (ifs->v[i].ifindex == ifindex)
			return &ifs->v[i];
	return NULL;
}

void dfod_ifaces_detach_unconfigured(struct dfod_ifaces *ifs)
{
	const char *dir;
	struct dirent *de;
	char path[PATH_MAX];
	unsigned int i;
	DIR *d;

	if (!ifs->maps || !dfod_maps_enabled(ifs->maps))
		return;
	dir = dfo_datapath__pin_dir(ifs->maps->dp);
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		unsigned int idx;

		if (strncmp(de->d_name, "link_", 5))
			continue;
		for (i = 0; i < ifs->n && strcmp(ifs->v[i].name, de->d_name + 5); i++)
			;
		if (i < ifs->n)
			continue;
		/* Attached by an earlier configuration: the state now says no. */
		idx = if_nametoindex(de->d_name + 5);
		if (idx && !dfo_datapath__detach(ifs->maps->dp, idx))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (!unlink(path))
			dfo_info("removed link pin %s of an unconfigured interface", path);
	}
	closedir(d);
}

json_object *dfod_ifaces_json(const struct dfod_ifaces *ifs)
{
	json_object *arr = json_object_new_array_ext(ifs->n);
	char buf[DFOD_IPV4_STRLEN];
	unsigned int i, j;

	if (!arr)
		return NULL;
	for (i = 0; i < ifs->n; i++) {
		const struct dfod_iface *ifc = &ifs->v[i];
		json_object *o = json_object_new_object(), *addrs;
		__u32 prog_id = 0;
		int mode = ifc->ifindex ? dfo_datapath__query(ifc->ifindex, &prog_id) : -ENOENT;
		int err = 0;

		if (!o || json_object_array_add(arr, o)) {
			json_object_put(o);
			goto fail;
		}
		err |= dfod_jadd_str(o, "name", ifc->name);
		err |= dfod_jadd_u64(o, "ifindex", ifc->ifindex);
		err |= dfod_jadd_bool(o, "present", ifc->ifindex != 0);
		err |= dfod_jadd_str(o, "xdp_mode", mode == DFO_XDP_NATIVE ? "native" :
				     mode == DFO_XDP_GENERIC ? "generic" : "none");
		err |= dfod_jadd_u64(o, "prog_id", mode >= 0 ? prog_id : 0);
		addrs = json_object_new_array_ext(ifc->n_addr);
		err |= dfod_jadd(o, "addresses", addrs);
		for (j = 0; !err && j < ifc->n_addr; j++)
			if (json_object_array_add(addrs, json_object_new_string(
					dfod_fmt_ipv4(ntohl(ifc->addr_be[j]), buf))))
				err = -ENOMEM;
		if (err)
			goto fail;
	}
	return arr;
fail:
	json_object_put(arr);
	return NULL;
}
