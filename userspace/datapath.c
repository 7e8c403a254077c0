// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/if_link.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "datapath.h"
#include "log.h"
#include "dhcpfo.skel.h"

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

struct dfo_datapath {
	struct dhcpfo_bpf *skel;
	char pin_dir[PATH_MAX];
	bool pinned;
	int ncpu;
};

/* The maps that carry state across agent restarts; dfo_scratch is per-packet only. */
static const char *const pinned_maps[] = {
	DFO_MAP_SCOPES, DFO_MAP_RELS, DFO_MAP_IFACES,
	DFO_MAP_SCOPE_STATS, DFO_MAP_GLOBAL_STATS, DFO_MAP_ABI,
};

static int path_join(char *out, size_t len, const char *a, const char *b)
{
	int n = snprintf(out, len, "%s/%s", a, b);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int mkdir_p(const char *path)
{
	char tmp[PATH_MAX];
	char *p;

	if (strlen(path) >= sizeof(tmp))
		return -ENAMETOOLONG;
	strcpy(tmp, path);
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

/* True when we share the mount namespace of pid 1 (the system's). */
static bool in_init_mount_ns(void)
{
	struct stat self, init;

	if (stat("/proc/self/ns/mnt", &self) || stat("/proc/1/ns/mnt", &init))
		return true;	/* cannot tell: assume the common case */
	return self.st_ino == init.st_ino && self.st_dev == init.st_dev;
}

/*
 * Pins need a bpffs; mount the conventional one if the system has not. Only
 * in the system's mount namespace: elsewhere (e.g. under `ip netns exec`,
 * which remounts /sys) a bpffs we mount is private to this process and every
 * pin, the XDP link included, would vanish when it exits.
 */
static int ensure_bpffs(const char *pin_root)
{
	struct statfs st;
	int err;

	if (!statfs(pin_root, &st) && st.f_type == BPF_FS_MAGIC)
		return 0;
	if (!statfs("/sys/fs/bpf", &st) && st.f_type == BPF_FS_MAGIC)
		return 0;
	if (strncmp(pin_root, "/sys/fs/bpf", 11))
		goto not_bpffs;
	if (!in_init_mount_ns()) {
		dfo_err("no bpffs at /sys/fs/bpf in this mount namespace (ip netns exec hides "
			"the system's); pins made here would vanish with this process: run "
			"with nsenter --net=/run/netns/NAME instead, or pass a pin root on a "
			"bpffs shared with the system");
		return -ENOTSUP;
	}
	if (mount("bpf", "/sys/fs/bpf", "bpf", 0, "mode=0700")) {
		err = -errno;
		dfo_err("mounting bpffs on /sys/fs/bpf: %s", strerror(-err));
		return err;
	}
	dfo_info("mounted bpffs on /sys/fs/bpf");
	return 0;
not_bpffs:
	dfo_err("pin root %s is not on a bpf filesystem", pin_root);
	return -ENOTSUP;
}

/*
 * A map pinned by another build may have the same sizes but a different
 * layout; the ABI version pinned next to it tells.
 */
static int check_pinned_abi(const char *pin_dir)
{
	char path[PATH_MAX];
	__u32 key = 0, ver = 0;
	int fd, err;

	err = path_join(path, sizeof(path), pin_dir, DFO_MAP_ABI);
	if (err)
		return err;
	fd = bpf_obj_get(path);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	err = bpf_map_lookup_elem(fd, &key, &ver) ? -errno : 0;
	close(fd);
	if (err) {
		dfo_err("reading pinned ABI version %s: %s", path, strerror(-err));
		return err;
	}
	if (ver && ver != DFO_ABI_VERSION) {
		dfo_err("maps pinned in %s have ABI version %u, this build uses %u; "
			"unpin them (dhcpfod --unpin) to start fresh", pin_dir, ver,
			DFO_ABI_VERSION);
		return -EPROTO;
	}
	return 0;
}

static int set_pin_paths(struct dfo_datapath *dp)
{
	char path[PATH_MAX];
	struct bpf_map *map;
	size_t i;
	int err;

	for (i = 0; i < sizeof(pinned_maps) / sizeof(pinned_maps[0]); i++) {
		map = bpf_object__find_map_by_name(dp->skel->obj, pinned_maps[i]);
		if (!map)
			return -ENOENT;
		err = path_join(path, sizeof(path), dp->pin_dir, pinned_maps[i]);
		if (err)
			return err;
		err = bpf_map__set_pin_path(map, path);
		if (err)
			return err;
	}
	return 0;
}

static int write_abi_version(struct dfo_datapath *dp)
{
	__u32 key = 0, ver = DFO_ABI_VERSION;

	if (bpf_map_update_elem(bpf_map__fd(dp->skel->maps.dfo_abi), &key, &ver, BPF_ANY)) {
		dfo_err("writing map %s: %s", DFO_MAP_ABI, strerror(errno));
		return -errno;
	}
	return 0;
}

int dfo_datapath__open(const struct dfo_datapath_opts *opts, struct dfo_datapath **dpp)
{
	const char *instance = opts && opts->instance ? opts->instance : "default";
	const char *pin_root = opts && opts->pin_root ? opts->pin_root : DFO_PIN_ROOT;
	__u32 max_scopes = opts && opts->max_scopes ? opts->max_scopes : DFO_MAX_SCOPES;
	__u32 max_rels = opts && opts->max_rels ? opts->max_rels : DFO_MAX_RELS;
	struct dfo_datapath *dp;
	int err;

	if (!*instance || strchr(instance, '/') || !strcmp(instance, ".") ||
	    !strcmp(instance, "..")) {
		dfo_err("invalid instance name '%s'", instance);
		return -EINVAL;
	}
	dp = calloc(1, sizeof(*dp));
	if (!dp)
		return -ENOMEM;
	dp->pinned = !(opts && opts->no_pin);
	dp->ncpu = libbpf_num_possible_cpus();
	if (dp->ncpu < 0) {
		err = dp->ncpu;
		goto err_free;
	}
	err = path_join(dp->pin_dir, sizeof(dp->pin_dir), pin_root, instance);
	if (err)
		goto err_free;

	dp->skel = dhcpfo_bpf__open();
	if (!dp->skel) {
		err = -errno;
		dfo_err("opening the BPF object: %s", strerror(-err));
		goto err_free;
	}
	bpf_map__set_max_entries(dp->skel->maps.dfo_scopes, max_scopes);
	bpf_map__set_max_entries(dp->skel->maps.dfo_scope_stats, max_scopes);
	bpf_map__set_max_entries(dp->skel->maps.dfo_rels, max_rels);

	if (dp->pinned) {
		err = ensure_bpffs(pin_root);
		if (err)
			goto err_skel;
		err = mkdir_p(dp->pin_dir);
		if (err) {
			dfo_err("creating pin directory %s: %s", dp->pin_dir, strerror(-err));
			goto err_skel;
		}
		err = check_pinned_abi(dp->pin_dir);
		if (err)
			goto err_skel;
		err = set_pin_paths(dp);
		if (err) {
			dfo_err("setting pin paths under %s: %s", dp->pin_dir, strerror(-err));
			goto err_skel;
		}
	}

	err = dhcpfo_bpf__load(dp->skel);
	if (err) {
		dfo_err("loading the XDP program%s%s: %s (a pinned map that does not match "
			"this build is reported by libbpf above)",
			dp->pinned ? " with maps in " : "", dp->pinned ? dp->pin_dir : "",
			strerror(-err));
		goto err_skel;
	}
	err = write_abi_version(dp);
	if (err)
		goto err_skel;
	*dpp = dp;
	return 0;

err_skel:
	dhcpfo_bpf__destroy(dp->skel);
err_free:
	free(dp);
	return err;
}

void dfo_datapath__close(struct dfo_datapath *dp)
{
	if (!dp)
		return;
	dhcpfo_bpf__destroy(dp->skel);
	free(dp);
}

const char *dfo_datapath__pin_dir(const struct dfo_datapath *dp)
{
	return dp->pin_dir;
}

int dfo_datapath__prog_fd(const struct dfo_datapath *dp)
{
	return bpf_program__fd(dp->skel->progs.dhcpfo_xdp);
}

int dfo_datapath__map_fd(const struct dfo_datapath *dp, const char *name)
{
	struct bpf_map *map = bpf_object__find_map_by_name(dp->skel->obj, name);

	return map ? bpf_map__fd(map) : -ENOENT;
}

static int link_pin_path(const struct dfo_datapath *dp, int ifindex, char *out, size_t len)
{
	char ifname[IF_NAMESIZE];
	char name[IF_NAMESIZE + 8];

	if (!if_indextoname(ifindex, ifname)) {
		dfo_err("no interface with index %d: %s", ifindex, strerror(errno));
		return -ENODEV;
	}
	snprintf(name, sizeof(name), "link_%s", ifname);
	return path_join(out, len, dp->pin_dir, name);
}

/* Swap our program into an existing pinned link; -ENOLINK if it is defunct. */
static int update_pinned_link(struct dfo_datapath *dp, const char *path, int ifindex)
{
	struct bpf_link_info info = {};
	__u32 info_len = sizeof(info);
	int fd, err = 0;

	fd = bpf_obj_get(path);
	if (fd < 0)
		return -errno;
	if (bpf_obj_get_info_by_fd(fd, &info, &info_len)) {
		err = -errno;
		goto out;
	}
	/* A link whose interface went away reports ifindex 0. */
	if (info.type != BPF_LINK_TYPE_XDP || (int)info.xdp.ifindex != ifindex) {
		err = -ENOLINK;
		goto out;
	}
	if (bpf_link_update(fd, dfo_datapath__prog_fd(dp), NULL))
		err = -errno;
out:
	close(fd);
	return err;
}

static int create_link(struct dfo_datapath *dp, int ifindex, __u32 flags)
{
	LIBBPF_OPTS(bpf_link_create_opts, lopts, .flags = flags);
	int fd;

	fd = bpf_link_create(dfo_datapath__prog_fd(dp), ifindex, BPF_XDP, &lopts);
	return fd < 0 ? -errno : fd;
}

static const char *mode_name(enum dfo_xdp_mode mode)
{
	return mode == DFO_XDP_NATIVE ? "native" : mode == DFO_XDP_GENERIC ? "generic" : "auto";
}

int dfo_datapath__attach(struct dfo_datapath *dp, int ifindex, enum dfo_xdp_mode mode,
			 enum dfo_xdp_mode *mode_out)
{
	char path[PATH_MAX], ifname[IF_NAMESIZE] = "?";
	enum dfo_xdp_mode used = mode;
	int fd = -1, err;

	if (!dp->pinned) {
		dfo_err("attach needs a pinned datapath (opened with no_pin)");
		return -EINVAL;
	}
	err = link_pin_path(dp, ifindex, path, sizeof(path));
	if (err)
		return err;
	if_indextoname(ifindex, ifname);

	/* An explicit mode that differs from the existing link's is refused. */
	if (mode != DFO_XDP_AUTO && !access(path, F_OK)) {
		err = dfo_datapath__query(ifindex, NULL);
		if (err >= 0 && err != (int)mode) {
			dfo_err("%s: already attached in %s mode through %s; detach first to "
				"change the mode", ifname, mode_name(err), path);
			return -EBUSY;
		}
	}
	err = update_pinned_link(dp, path, ifindex);
	if (!err) {
		dfo_info("%s: replaced the program in pinned link %s", ifname, path);
		goto query_mode;
	}
	if (err != -ENOENT) {
		/* Defunct or foreign: drop the stale pin and attach afresh. */
		dfo_warn("%s: pinned link %s unusable (%s), re-attaching", ifname, path,
			 strerror(-err));
		unlink(path);
	}

	if (mode == DFO_XDP_AUTO || mode == DFO_XDP_NATIVE) {
		fd = create_link(dp, ifindex, XDP_FLAGS_DRV_MODE);
		used = DFO_XDP_NATIVE;
		if (fd < 0 && mode == DFO_XDP_AUTO) {
			dfo_warn("%s: native XDP unavailable (%s), falling back to generic",
				 ifname, strerror(-fd));
			fd = -1;
		}
	}
	if (fd == -1 && (mode == DFO_XDP_AUTO || mode == DFO_XDP_GENERIC)) {
		fd = create_link(dp, ifindex, XDP_FLAGS_SKB_MODE);
		used = DFO_XDP_GENERIC;
	}
	if (fd < 0) {
		err = fd;
		dfo_err("%s: attaching XDP in %s mode: %s%s", ifname, mode_name(used),
			strerror(-err), err == -EBUSY ?
			" (another XDP program is attached; detach it first)" : "");
		return err;
	}
	if (bpf_obj_pin(fd, path)) {
		err = -errno;
		dfo_err("%s: pinning link at %s: %s", ifname, path, strerror(-err));
		bpf_link_detach(fd);
		close(fd);
		return err;
	}
	close(fd);
	dfo_info("%s: attached in %s mode, link pinned at %s", ifname, mode_name(used), path);
query_mode:
	err = dfo_datapath__query(ifindex, NULL);
	if (err < 0)
		return err;
	if (mode_out)
		*mode_out = err;
	return 0;
}

int dfo_datapath__query(int ifindex, __u32 *prog_id)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);

	if (bpf_xdp_query(ifindex, 0, &q))
		return -errno;
	if (prog_id)
		*prog_id = q.prog_id;
	switch (q.attach_mode) {
	case XDP_ATTACHED_DRV:
		return DFO_XDP_NATIVE;
	case XDP_ATTACHED_SKB:
		return DFO_XDP_GENERIC;
	case XDP_ATTACHED_NONE:
		return -ENOENT;
	default:
		return -EOPNOTSUPP;
	}
}

static int detach_link_pin(const char *path)
{
	int fd, err = 0;

	fd = bpf_obj_get(path);
	if (fd < 0)
		return -errno;
	/* A defunct link (interface gone) has nothing left to detach. */
	if (bpf_link_detach(fd) && errno != ENOLINK)
		err = -errno;
	close(fd);
	if (!err && unlink(path))
		err = -errno;
	return err;
}

int dfo_datapath__detach(struct dfo_datapath *dp, int ifindex)
{
	char path[PATH_MAX];
	int err;

	err = link_pin_path(dp, ifindex, path, sizeof(path));
	if (err)
		return err;
	err = detach_link_pin(path);
	if (err == -ENOENT)
		dfo_err("ifindex %d: no pinned link at %s", ifindex, path);
	else if (err)
		dfo_err("detaching link %s: %s", path, strerror(-err));
	else
		dfo_info("detached link %s", path);
	return err;
}

int dfo_datapath__unpin_all(const char *pin_root, const char *instance)
{
	char dir[PATH_MAX], path[PATH_MAX];
	struct dirent *de;
	int err = 0, e;
	DIR *d;

	if (!pin_root)
		pin_root = DFO_PIN_ROOT;
	if (!instance)
		instance = "default";
	e = path_join(dir, sizeof(dir), pin_root, instance);
	if (e)
		return e;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	/* Links first: detaching stops filtering before the maps go. */
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "link_", 5))
			continue;
		if (path_join(path, sizeof(path), dir, de->d_name))
			continue;
		e = detach_link_pin(path);
		if (e) {
			dfo_err("detaching %s: %s", path, strerror(-e));
			err = err ? err : e;
		}
	}
	rewinddir(d);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (path_join(path, sizeof(path), dir, de->d_name))
			continue;
		if (unlink(path) && errno != ENOENT) {
			e = -errno;
			dfo_err("unpinning %s: %s", path, strerror(-e));
			err = err ? err : e;
		}
	}
	closedir(d);
	if (!err && rmdir(dir) && errno != ENOENT)
		err = -errno;
	return err;
}

static int map_update(struct bpf_map *map, const void *key, const void *val)
{
	if (bpf_map_update_elem(bpf_map__fd(map), key, val, BPF_ANY)) {
		int err = -errno;

		dfo_err("updating map %s: %s", bpf_map__name(map), strerror(-err));
		return err;
	}
	return 0;
}

static int map_delete(struct bpf_map *map, const void *key)
{
	if (bpf_map_delete_elem(bpf_map__fd(map), key)) {
		int err = -errno;

		if (err != -ENOENT)
			dfo_err("deleting from map %s: %s", bpf_map__name(map), strerror(-err));
		return err;
	}
	return 0;
}

static int scope_key(__u32 subnet_be, __u32 prefixlen, struct dfo_lpm_key *k)
{
	__u32 mask;

	if (prefixlen > 32)
		return -EINVAL;
	mask = prefixlen ? htonl(~0u << (32 - prefixlen)) : 0;
	k->prefixlen = prefixlen;
	k->addr_be = subnet_be & mask;
	return 0;
}

int dfo_datapath__put_scope(struct dfo_datapath *dp, __u32 subnet_be, __u32 prefixlen,
			    const struct dfo_scope *scope)
{
	struct dfo_lpm_key k;

	if (scope_key(subnet_be, prefixlen, &k))
		return -EINVAL;
	if (scope->stats_slot >= bpf_map__max_entries(dp->skel->maps.dfo_scope_stats)) {
		dfo_err("scope stats slot %u out of range for map %s", scope->stats_slot,
			DFO_MAP_SCOPE_STATS);
		return -ERANGE;
	}
	return map_update(dp->skel->maps.dfo_scopes, &k, scope);
}

int dfo_datapath__del_scope(struct dfo_datapath *dp, __u32 subnet_be, __u32 prefixlen)
{
	struct dfo_lpm_key k;

	if (scope_key(subnet_be, prefixlen, &k))
		return -EINVAL;
	return map_delete(dp->skel->maps.dfo_scopes, &k);
}

int dfo_datapath__put_rel(struct dfo_datapath *dp, __u32 rel_id, const struct dfo_rel *rel)
{
	if (!rel_id)
		return -EINVAL;	/* 0 means "no relationship" in struct dfo_scope */
	return map_update(dp->skel->maps.dfo_rels, &rel_id, rel);
}

int dfo_datapath__del_rel(struct dfo_datapath *dp, __u32 rel_id)
{
	return map_delete(dp->skel->maps.dfo_rels, &rel_id);
}

int dfo_datapath__put_iface(struct dfo_datapath *dp, __u32 ifindex, const struct dfo_iface *ifc)
{
	if (ifc->n_addr > DFO_IFACE_MAX_ADDR)
		return -EINVAL;
	return map_update(dp->skel->maps.dfo_ifaces, &ifindex, ifc);
}

int dfo_datapath__del_iface(struct dfo_datapath *dp, __u32 ifindex)
{
	return map_delete(dp->skel->maps.dfo_ifaces, &ifindex);
}

/* Sum @n u64 counters of a per-CPU value over all possible CPUs. */
static int percpu_sum(struct dfo_datapath *dp, struct bpf_map *map, __u32 key,
		      __u64 *out, size_t n)
{
	size_t vsz = bpf_map__value_size(map);
	__u64 *vals;
	int cpu, err = 0;
	size_t i;

	vals = calloc(dp->ncpu, vsz);
	if (!vals)
		return -ENOMEM;
	if (bpf_map_lookup_elem(bpf_map__fd(map), &key, vals)) {
		err = -errno;
		dfo_err("reading map %s[%u]: %s", bpf_map__name(map), key, strerror(-err));
		goto out;
	}
	memset(out, 0, n * sizeof(*out));
	for (cpu = 0; cpu < dp->ncpu; cpu++)
		for (i = 0; i < n; i++)
			out[i] += vals[cpu * (vsz / sizeof(__u64)) + i];
out:
	free(vals);
	return err;
}

int dfo_datapath__scope_stats(struct dfo_datapath *dp, __u32 slot, struct dfo_scope_stats *out)
{
	return percpu_sum(dp, dp->skel->maps.dfo_scope_stats, slot, (__u64 *)out,
			  sizeof(*out) / sizeof(__u64));
}

int dfo_datapath__clear_scope_stats(struct dfo_datapath *dp, __u32 slot)
{
	size_t vsz = bpf_map__value_size(dp->skel->maps.dfo_scope_stats);
	void *zero;
	int err;

	zero = calloc(dp->ncpu, vsz);
	if (!zero)
		return -ENOMEM;
	err = map_update(dp->skel->maps.dfo_scope_stats, &slot, zero);
	free(zero);
	return err;
}

int dfo_datapath__global_stats(struct dfo_datapath *dp, struct dfo_global_stats *out)
{
	return percpu_sum(dp, dp->skel->maps.dfo_global, 0, (__u64 *)out,
			  sizeof(*out) / sizeof(__u64));
}
