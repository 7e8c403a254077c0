// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dfo-dpctl: a small admin tool over the datapath module (userspace/datapath.h)
 * for tests and benchmarks, until the real agent exists.
 *
 * Every invocation that touches the datapath opens it with pins: it loads the
 * XDP program again and reuses the maps pinned under <pin-root>/<instance>.
 * `attach` swaps the freshly loaded program into the interface's pinned link
 * atomically, so the program stays attached after this tool exits.
 *
 * The hash commands (bucket, owns) need no privilege and touch no map.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <ifaddrs.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "datapath.h"
#include "dhcpfo_abi.h"
#include "log.h"
#include "policy.h"
#include "rfc3074.h"
#include "toolopt.h"

#define PROG "dfo-dpctl"

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

struct gopts {
	const char *instance;
	const char *pin_root;
};

static const char usage_text[] =
"usage: " PROG " [--instance NAME] [--pin-root DIR] [-v] COMMAND [ARGS]\n"
"\n"
"Datapath commands (open the datapath: load the program, reuse pinned maps):\n"
"  attach IFNAME [--mode auto|native|generic]   attach (or swap into the pinned link)\n"
"  detach IFNAME                                detach and remove the link pin\n"
"  mode IFNAME                                  print the XDP mode: native|generic|none\n"
"  scope SUBNET/PREFIX --rel ID --slot N [--id N] | SUBNET/PREFIX --del\n"
"  rel ID --mode lb|hs --role primary|secondary --state NAME|NUM [--pct P]\n"
"         [--lb-max-secs S] [--server-id A.B.C.D] [--key client-id|chaddr] | ID --del\n"
"  iface IFNAME [ADDR...] | IFNAME --del        addresses default to the interface's IPv4\n"
"  stats [--slot N] [--json] [--clear]          global and per-scope counters (summed over\n"
"                                               CPUs); without --slot, every non-zero slot\n"
"  unpin                                        remove every pin of the instance (detaches)\n"
"\n"
"Hash commands (no privilege, no maps):\n"
"  bucket MAC | --client-id HEX                 RFC 3074 bucket of a chaddr or option 61 data\n"
"  owns [--mode lb|hs] [--role R] [--pct P] [--state S] [--lb-max-secs S] [--secs S]\n"
"       [--client-id] [--invert] [--count] [MAC...]\n"
"       print the MACs (one per line, from the arguments or stdin) whose DISCOVER this\n"
"       server answers under the compiled policy; --client-id hashes option 61 = 01+MAC\n"
"       (what udhcpc sends); --invert prints the others; --count prints only counts\n"
"\n"
"Global options:\n"
"  --instance NAME   pin directory <pin-root>/NAME (default \"default\")\n"
"  --pin-root DIR    default " DFO_PIN_ROOT "\n"
"  -v, --verbose     log the datapath module's info messages\n"
"  -h, --help        this text\n";

static void usage(FILE *f)
{
	fputs(usage_text, f);
}

static void die_err(const char *what, int err)
{
	fprintf(stderr, PROG ": %s: %s\n", what, strerror(err < 0 ? -err : err));
}

/* ---- parsing helpers ---------------------------------------------------- */

static int parse_mode(const char *s, enum dfo_mode *out)
{
	if (!strcmp(s, "lb") || !strcasecmp(s, "load-balance") || !strcmp(s, "0"))
		*out = DFO_MODE_LOAD_BALANCE;
	else if (!strcmp(s, "hs") || !strcasecmp(s, "hot-standby") || !strcmp(s, "1"))
		*out = DFO_MODE_HOT_STANDBY;
	else
		return -EINVAL;
	return 0;
}

static int parse_role(const char *s, enum dfo_role *out)
{
	if (!strcasecmp(s, "primary") || !strcasecmp(s, "active") || !strcmp(s, "0"))
		*out = DFO_ROLE_PRIMARY;
	else if (!strcasecmp(s, "secondary") || !strcasecmp(s, "standby") || !strcmp(s, "1"))
		*out = DFO_ROLE_SECONDARY;
	else
		return -EINVAL;
	return 0;
}

static int parse_ifname(const char *s, int *ifindex)
{
	unsigned int idx = if_nametoindex(s);

	if (!idx) {
		fprintf(stderr, PROG ": no interface '%s' in this network namespace: %s\n", s,
			strerror(errno));
		return -ENODEV;
	}
	*ifindex = idx;
	return 0;
}

static const char *xdp_mode_name(int mode)
{
	switch (mode) {
	case DFO_XDP_NATIVE:
		return "native";
	case DFO_XDP_GENERIC:
		return "generic";
	case -ENOENT:
		return "none";
	default:
		return "unknown";
	}
}

/* ---- datapath access ---------------------------------------------------- */

/*
 * `ip netns exec` runs its command in a new mount namespace with a fresh
 * /sys and no bpffs. The datapath module then mounts a bpffs of its own
 * there, and every pin (the link included, so the attachment) vanishes
 * when this process exits. Refuse instead of succeeding for nothing.
 */
static int check_bpffs(const char *pin_root)
{
	struct stat self, init;
	struct statfs st;
	const char *p;
	char dir[PATH_MAX];

	/* The nearest existing ancestor of the pin root must be a bpffs. */
	snprintf(dir, sizeof(dir), "%s", pin_root);
	while (statfs(dir, &st)) {
		char *slash = strrchr(dir, '/');

		if (!slash || slash == dir)
			return 0;	/* let the library report it */
		*slash = '\0';
	}
	if (st.f_type == BPF_FS_MAGIC)
		return 0;
	/*
	 * In the init mount namespace the library may mount the system's
	 * bpffs itself. Elsewhere (or when we cannot tell) it would be private.
	 */
	if (!stat("/proc/self/ns/mnt", &self) && !stat("/proc/1/ns/mnt", &init) &&
	    self.st_ino == init.st_ino && self.st_dev == init.st_dev)
		return 0;
	p = strncmp(pin_root, "/sys/fs/bpf", 11) ? pin_root : "/sys/fs/bpf";
	fprintf(stderr, PROG ": %s is not a bpf filesystem here and this is not the system's "
		"mount namespace (ip netns exec?): pins made here would vanish when this "
		"command exits. Enter only the network namespace (nsenter --net=/run/netns/NAME "
		PROG " ...) or mount the bpffs first (mount -t bpf bpf /sys/fs/bpf).\n", p);
	return -EXDEV;
}

static int dp_open(const struct gopts *g, struct dfo_datapath **dp)
{
	struct dfo_datapath_opts o = {
		.instance = g->instance,
		.pin_root = g->pin_root,
	};
	int err = check_bpffs(g->pin_root);

	if (err)
		return err;
	err = dfo_datapath__open(&o, dp);

	if (err)
		fprintf(stderr, PROG ": opening the datapath (instance %s under %s): %s\n",
			g->instance, g->pin_root, strerror(-err));
	return err;
}

/* Reset getopt for a subcommand's own argv (argv[0] = the command name). */
static void sub_getopt_reset(void)
{
	optind = 0;
}

static int cmd_attach(const struct gopts *g, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	enum dfo_xdp_mode mode = DFO_XDP_AUTO, used;
	struct dfo_datapath *dp;
	int c, ifindex, err;

	sub_getopt_reset();
	while ((c = getopt_long(argc, argv, "m:h", lo, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (!strcmp(optarg, "auto"))
				mode = DFO_XDP_AUTO;
			else if (!strcmp(optarg, "native") || !strcmp(optarg, "drv"))
				mode = DFO_XDP_NATIVE;
			else if (!strcmp(optarg, "generic") || !strcmp(optarg, "skb"))
				mode = DFO_XDP_GENERIC;
			else
				return dfo_bad_usage(PROG, "attach: bad --mode '%s'", optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return 2;
		}
	}
	if (argc - optind != 1)
		return dfo_bad_usage(PROG, "attach: expected one IFNAME");
	if (parse_ifname(argv[optind], &ifindex))
		return 1;
	if (dp_open(g, &dp))
		return 1;
	err = dfo_datapath__attach(dp, ifindex, mode, &used);
	if (err) {
		die_err("attach", err);
	} else if (mode != DFO_XDP_AUTO && used != mode) {
		/* An existing pinned link is updated in place, keeping its mode. */
		fprintf(stderr, PROG ": %s: asked for %s mode, but the pinned link is attached "
			"in %s mode; the program was swapped in it. Detach first to change "
			"the mode.\n", argv[optind], xdp_mode_name(mode), xdp_mode_name(used));
		err = -EEXIST;
	} else {
		__u32 id = 0;

		dfo_datapath__query(ifindex, &id);
		printf("%s: attached mode=%s prog_id=%u\n", argv[optind], xdp_mode_name(used),
		       id);
	}
	dfo_datapath__close(dp);
	return err ? 1 : 0;
}

static int cmd_detach(const struct gopts *g, int argc, char **argv)
{
	struct dfo_datapath *dp;
	int ifindex, err;

	if (argc != 2)
		return dfo_bad_usage(PROG, "detach: expected one IFNAME");
	if (parse_ifname(argv[1], &ifindex))
		return 1;
	if (dp_open(g, &dp))
		return 1;
	err = dfo_datapath__detach(dp, ifindex);
	if (err)
		die_err("detach", err);
	else
		printf("%s: detached\n", argv[1]);
	dfo_datapath__close(dp);
	return err ? 1 : 0;
}

static int cmd_mode(int argc, char **argv)
{
	int ifindex, mode;
	__u32 id = 0;

	if (argc != 2)
		return dfo_bad_usage(PROG, "mode: expected one IFNAME");
	if (parse_ifname(argv[1], &ifindex))
		return 1;
	mode = dfo_datapath__query(ifindex, &id);
	if (mode < 0 && mode != -ENOENT) {
		die_err("querying XDP", mode);
		return 1;
	}
	printf("%s\n", xdp_mode_name(mode));
	return 0;
}

static int cmd_scope(const struct gopts *g, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "rel", required_argument, NULL, 'r' },
		{ "slot", required_argument, NULL, 's' },
		{ "id", required_argument, NULL, 'i' },
		{ "del", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct dfo_scope sc = {};
	bool have_rel = false, have_slot = false, del = false, have_id = false;
	struct dfo_datapath *dp;
	unsigned long v, plen;
	char buf[64], *slash;
	__u32 subnet_be;
	int c, err;

	sub_getopt_reset();
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (dfo_parse_ulong(optarg, UINT32_MAX, &v))
				return dfo_bad_usage(PROG, "scope: bad --rel '%s'", optarg);
			sc.rel_id = v;
			have_rel = true;
			break;
		case 's':
			if (dfo_parse_ulong(optarg, UINT32_MAX, &v))
				return dfo_bad_usage(PROG, "scope: bad --slot '%s'", optarg);
			sc.stats_slot = v;
			have_slot = true;
			break;
		case 'i':
			if (dfo_parse_ulong(optarg, UINT32_MAX, &v))
				return dfo_bad_usage(PROG, "scope: bad --id '%s'", optarg);
			sc.scope_id = v;
			have_id = true;
			break;
		case 'd':
			del = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return 2;
		}
	}
	if (argc - optind != 1)
		return dfo_bad_usage(PROG, "scope: expected one SUBNET/PREFIX");
	if (strlen(argv[optind]) >= sizeof(buf))
		return dfo_bad_usage(PROG, "scope: bad subnet '%s'", argv[optind]);
	strcpy(buf, argv[optind]);
	slash = strchr(buf, '/');
	if (!slash)
		return dfo_bad_usage(PROG, "scope: '%s' is not SUBNET/PREFIX", argv[optind]);
	*slash = '\0';
	if (dfo_parse_ip(buf, &subnet_be) || dfo_parse_ulong(slash + 1, 32, &plen))
		return dfo_bad_usage(PROG, "scope: bad subnet '%s'", argv[optind]);
	if (!del && (!have_rel || !have_slot))
		return dfo_bad_usage(PROG, "scope: --rel and --slot are required");
	if (!have_id) {
		__u32 mask = plen ? ~0u << (32 - plen) : 0;

		sc.scope_id = ntohl(subnet_be) & mask;	/* Windows DHCP_IP_ADDRESS */
	}
	if (dp_open(g, &dp))
		return 1;
	if (del)
		err = dfo_datapath__del_scope(dp, subnet_be, plen);
	else
		err = dfo_datapath__put_scope(dp, subnet_be, plen, &sc);
	if (err)
		die_err(del ? "deleting scope" : "putting scope", err);
	dfo_datapath__close(dp);
	return err ? 1 : 0;
}

struct policy_args {
	struct dfo_policy p;
	bool have_mode, have_role, have_state, have_pct;
};

/* Shared by `rel` and `owns`: returns 0, 2 on a usage error, or -1 if not ours. */
static int policy_opt(int c, struct policy_args *pa)
{
	unsigned long v;

	switch (c) {
	case 'm':
		if (parse_mode(optarg, &pa->p.mode))
			return dfo_bad_usage(PROG, "bad --mode '%s' (lb|hs)", optarg);
		pa->have_mode = true;
		return 0;
	case 'r':
		if (parse_role(optarg, &pa->p.role))
			return dfo_bad_usage(PROG, "bad --role '%s' (primary|secondary)", optarg);
		pa->have_role = true;
		return 0;
	case 's':
		if (dfo_parse_fsm_state(optarg, &pa->p.state))
			return dfo_bad_usage(PROG, "bad --state '%s' (a FSM_STATE name or 0..%d)",
					     optarg, DFO_FSM_MAX - 1);
		pa->have_state = true;
		return 0;
	case 'p':
		if (dfo_parse_ulong(optarg, 100, &v))
			return dfo_bad_usage(PROG, "bad --pct '%s' (0..100)", optarg);
		pa->p.percentage = v;
		pa->have_pct = true;
		return 0;
	case 'L':
		if (dfo_parse_ulong(optarg, UINT16_MAX, &v))
			return dfo_bad_usage(PROG, "bad --lb-max-secs '%s'", optarg);
		pa->p.lb_max_secs = v;
		return 0;
	case 'S':
		if (dfo_parse_ip(optarg, &pa->p.server_id_be))
			return dfo_bad_usage(PROG, "bad --server-id '%s'", optarg);
		return 0;
	case 'k':
		if (dfo_parse_key_mode(optarg, &pa->p.key_mode))
			return dfo_bad_usage(PROG, "bad --key '%s' (client-id|chaddr)", optarg);
		return 0;
	}
	return -1;
}

#define POLICY_LONGOPTS \
	{ "mode", required_argument, NULL, 'm' }, \
	{ "role", required_argument, NULL, 'r' }, \
	{ "state", required_argument, NULL, 's' }, \
	{ "pct", required_argument, NULL, 'p' }, \
	{ "lb-max-secs", required_argument, NULL, 'L' }, \
	{ "server-id", required_argument, NULL, 'S' }, \
	{ "key", required_argument, NULL, 'k' }

static int cmd_rel(const struct gopts *g, int argc, char **argv)
{
	static const struct option lo[] = {
		POLICY_LONGOPTS,
		{ "del", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct policy_args pa = {};
	struct dfo_datapath *dp;
	struct dfo_rel rel;
	bool del = false;
	unsigned long id;
	int c, err;

	sub_getopt_reset();
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		if (c == 'd') {
			del = true;
			continue;
		}
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		err = policy_opt(c, &pa);
		if (err > 0)
			return err;
		if (err < 0)
			return 2;
	}
	if (argc - optind != 1 || dfo_parse_ulong(argv[optind], UINT32_MAX, &id) || !id)
		return dfo_bad_usage(PROG, "rel: expected one relationship ID (1..4294967295)");
	if (!del) {
		if (!pa.have_mode || !pa.have_role || !pa.have_state)
			return dfo_bad_usage(PROG, "rel: --mode, --role and --state are required");
		if (pa.p.mode == DFO_MODE_LOAD_BALANCE && !pa.have_pct)
			return dfo_bad_usage(PROG, "rel: load balance needs --pct");
		err = dfo_policy__compile(&pa.p, &rel);
		if (err) {
			die_err("compiling the policy", err);
			return 1;
		}
	}
	if (dp_open(g, &dp))
		return 1;
	err = del ? dfo_datapath__del_rel(dp, id) : dfo_datapath__put_rel(dp, id, &rel);
	if (err)
		die_err(del ? "deleting relationship" : "putting relationship", err);
	else if (!del)
		printf("rel %lu: mode=%s role=%s state=%s buckets=%u\n", id,
		       pa.p.mode == DFO_MODE_LOAD_BALANCE ? "lb" : "hs",
		       pa.p.role == DFO_ROLE_PRIMARY ? "primary" : "secondary",
		       dfo_fsm_state__name(pa.p.state), dfo_hba__count(rel.hba));
	dfo_datapath__close(dp);
	return err ? 1 : 0;
}

static int iface_addrs(const char *ifname, struct dfo_iface *ifc)
{
	struct ifaddrs *ifa, *i;

	if (getifaddrs(&ifa)) {
		int err = -errno;

		die_err("getifaddrs", err);
		return err;
	}
	for (i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET ||
		    strcmp(i->ifa_name, ifname))
			continue;
		if (ifc->n_addr >= DFO_IFACE_MAX_ADDR) {
			fprintf(stderr, PROG ": %s: more than %d IPv4 addresses, using the first %d\n",
				ifname, DFO_IFACE_MAX_ADDR, DFO_IFACE_MAX_ADDR);
			break;
		}
		ifc->addr_be[ifc->n_addr++] =
			((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr;
	}
	freeifaddrs(ifa);
	return 0;
}

static int cmd_iface(const struct gopts *g, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "del", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct dfo_iface ifc = {};
	struct dfo_datapath *dp;
	char abuf[INET_ADDRSTRLEN];
	bool del = false;
	int c, i, ifindex, err;

	sub_getopt_reset();
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		if (c != 'd')
			return 2;
		del = true;
	}
	if (argc - optind < 1)
		return dfo_bad_usage(PROG, "iface: expected IFNAME [ADDR...]");
	if (parse_ifname(argv[optind], &ifindex))
		return 1;
	if (argc - optind - 1 > DFO_IFACE_MAX_ADDR)
		return dfo_bad_usage(PROG, "iface: at most %d addresses", DFO_IFACE_MAX_ADDR);
	for (i = optind + 1; i < argc; i++)
		if (dfo_parse_ip(argv[i], &ifc.addr_be[ifc.n_addr++]))
			return dfo_bad_usage(PROG, "iface: bad address '%s'", argv[i]);
	if (!del && !ifc.n_addr) {
		if (iface_addrs(argv[optind], &ifc))
			return 1;
		if (!ifc.n_addr) {
			fprintf(stderr, PROG ": %s has no IPv4 address; give them explicitly\n",
				argv[optind]);
			return 1;
		}
	}
	if (dp_open(g, &dp))
		return 1;
	err = del ? dfo_datapath__del_iface(dp, ifindex) :
		    dfo_datapath__put_iface(dp, ifindex, &ifc);
	if (err) {
		die_err(del ? "deleting interface" : "putting interface", err);
	} else if (!del) {
		printf("%s (ifindex %d):", argv[optind], ifindex);
		for (i = 0; i < (int)ifc.n_addr; i++)
			printf(" %s", inet_ntop(AF_INET, &ifc.addr_be[i], abuf, sizeof(abuf)));
		printf("\n");
	}
	dfo_datapath__close(dp);
	return err ? 1 : 0;
}

/* ---- stats -------------------------------------------------------------- */

static const char *const global_names[] = {
	"rx", "passed", "dropped", "not_dhcp", "malformed", "fragments", "overload",
	"unknown", "no_scope", "not_in_rel", "vlan_too_deep",
};
static const char *const scope_names[] = {
	"received", "passed", "dropped_not_ours", "dropped_other_server",
	"dropped_by_state", "passed_by_secs",
};

_Static_assert(sizeof(global_names) / sizeof(global_names[0]) ==
	       sizeof(struct dfo_global_stats) / sizeof(__u64), "global counter names");
_Static_assert(sizeof(scope_names) / sizeof(scope_names[0]) + DFO_MSG_SLOTS ==
	       sizeof(struct dfo_scope_stats) / sizeof(__u64), "scope counter names");

static void print_global(const struct dfo_global_stats *gs, bool json)
{
	const __u64 *v = (const __u64 *)gs;
	size_t i, n = sizeof(global_names) / sizeof(global_names[0]);

	printf(json ? "\"global\":{" : "global:");
	for (i = 0; i < n; i++)
		printf(json ? "%s\"%s\":%llu" : "%s%s=%llu", json ? (i ? "," : "") : " ",
		       global_names[i], (unsigned long long)v[i]);
	printf(json ? "}" : "\n");
}

static void print_scope(__u32 slot, const struct dfo_scope_stats *ss, bool json, bool first)
{
	const __u64 *v = (const __u64 *)ss;
	size_t i, n = sizeof(scope_names) / sizeof(scope_names[0]);

	if (json)
		printf("%s{\"slot\":%u", first ? "" : ",", slot);
	else
		printf("scope slot %u:", slot);
	for (i = 0; i < n; i++)
		printf(json ? ",\"%s\":%llu" : " %s=%llu", scope_names[i],
		       (unsigned long long)v[i]);
	printf(json ? ",\"msg\":[" : " msg=");
	for (i = 0; i < DFO_MSG_SLOTS; i++)
		printf("%s%llu", i ? "," : "", (unsigned long long)ss->msg[i]);
	printf(json ? "]}" : "\n");
}

static bool scope_zero(const struct dfo_scope_stats *ss)
{
	static const struct dfo_scope_stats zero;

	return !memcmp(ss, &zero, sizeof(zero));
}

static int cmd_stats(const struct gopts *g, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "slot", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "clear", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	bool json = false, clear = false, have_slot = false, first = true;
	struct dfo_global_stats gs;
	struct dfo_scope_stats ss;
	struct dfo_datapath *dp;
	unsigned long slot = 0, v;
	__u32 s, n_slots;
	int c, err, fd;

	sub_getopt_reset();
	while ((c = getopt_long(argc, argv, "s:jh", lo, NULL)) != -1) {
		switch (c) {
		case 's':
			if (dfo_parse_ulong(optarg, UINT32_MAX, &v))
				return dfo_bad_usage(PROG, "stats: bad --slot '%s'", optarg);
			slot = v;
			have_slot = true;
			break;
		case 'j':
			json = true;
			break;
		case 'c':
			clear = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return 2;
		}
	}
	if (argc != optind)
		return dfo_bad_usage(PROG, "stats: unexpected argument '%s'", argv[optind]);
	if (clear && !have_slot)
		return dfo_bad_usage(PROG, "stats: --clear needs --slot");
	if (dp_open(g, &dp))
		return 1;
	if (clear) {
		err = dfo_datapath__clear_scope_stats(dp, slot);
		if (err)
			die_err("clearing scope counters", err);
		goto out;
	}
	err = dfo_datapath__global_stats(dp, &gs);
	if (err) {
		die_err("reading global counters", err);
		goto out;
	}
	if (json)
		printf("{");
	print_global(&gs, json);
	if (json)
		printf(",\"scopes\":[");
	if (have_slot) {
		err = dfo_datapath__scope_stats(dp, slot, &ss);
		if (err) {
			die_err("reading scope counters", err);
			goto out;
		}
		print_scope(slot, &ss, json, true);
	} else {
		struct bpf_map_info info = {};
		__u32 len = sizeof(info);

		fd = dfo_datapath__map_fd(dp, DFO_MAP_SCOPE_STATS);
		if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len)) {
			err = fd < 0 ? fd : -errno;
			die_err("reading the scope counters map info", err);
			goto out;
		}
		n_slots = info.max_entries;
		for (s = 0; s < n_slots; s++) {
			err = dfo_datapath__scope_stats(dp, s, &ss);
			if (err) {
				die_err("reading scope counters", err);
				goto out;
			}
			if (scope_zero(&ss))
				continue;
			print_scope(s, &ss, json, first);
			first = false;
		}
	}
	if (json)
		printf("]}\n");
out:
	dfo_datapath__close(dp);
	return err ? 1 : 0;
}

static int cmd_unpin(const struct gopts *g, int argc, char **argv)
{
	int err;

	(void)argv;
	if (argc != 1)
		return dfo_bad_usage(PROG, "unpin: no arguments expected");
	err = dfo_datapath__unpin_all(g->pin_root, g->instance);
	if (err) {
		die_err("unpinning", err);
		return 1;
	}
	return 0;
}

/* ---- hash commands ------------------------------------------------------ */

static int cmd_bucket(int argc, char **argv)
{
	__u8 key[DFO_HASH_MAX_KEY];
	int n;

	if (argc == 3 && !strcmp(argv[1], "--client-id")) {
		n = dfo_parse_hex(argv[2], key, sizeof(key));
		if (n < 0)
			return dfo_bad_usage(PROG, "bucket: bad client-id hex '%s'", argv[2]);
	} else if (argc == 2 && argv[1][0] != '-') {
		n = dfo_parse_hex(argv[1], key, 16);
		if (n < 1 || n > 16)
			return dfo_bad_usage(PROG, "bucket: bad chaddr '%s' (1..16 hex bytes)",
					     argv[1]);
	} else {
		return dfo_bad_usage(PROG, "bucket: expected MAC or --client-id HEX");
	}
	printf("%u\n", dfo_rfc3074_hash(key, n));
	return 0;
}

static int owns_one(const char *s, const struct dfo_rel *rel, bool cid, __u16 secs,
		    bool invert, bool count_only, unsigned long *n_own, unsigned long *n_other)
{
	__u8 key[7], mac[6];
	bool answers;

	if (dfo_parse_mac(s, mac)) {
		fprintf(stderr, PROG ": owns: bad MAC '%s'\n", s);
		return -EINVAL;
	}
	if (cid) {
		key[0] = 1;	/* hardware type Ethernet, as udhcpc and RFC 2132 */
		memcpy(key + 1, mac, 6);
	} else {
		memcpy(key, mac, 6);
	}
	answers = dfo_rel__answers(rel, DFO_CLASS_DISCOVER,
				   dfo_rfc3074_hash(key, cid ? 7 : 6), secs, 0);
	if (answers)
		(*n_own)++;
	else
		(*n_other)++;
	if (!count_only && answers != invert)
		printf("%02x:%02x:%02x:%02x:%02x:%02x\n", mac[0], mac[1], mac[2], mac[3],
		       mac[4], mac[5]);
	return 0;
}

static int cmd_owns(int argc, char **argv)
{
	static const struct option lo[] = {
		POLICY_LONGOPTS,
		{ "client-id", no_argument, NULL, 'c' },
		{ "invert", no_argument, NULL, 'i' },
		{ "count", no_argument, NULL, 'n' },
		{ "secs", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct policy_args pa = {
		.p = { .mode = DFO_MODE_LOAD_BALANCE, .state = DFO_FSM_NORMAL,
		       .percentage = 50 },
	};
	bool cid = false, invert = false, count_only = false;
	unsigned long n_own = 0, n_other = 0, v;
	struct dfo_rel rel;
	char line[256];
	__u16 secs = 0;
	int c, i, err;

	sub_getopt_reset();
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'c':
			cid = true;
			continue;
		case 'i':
			invert = true;
			continue;
		case 'n':
			count_only = true;
			continue;
		case 'x':
			if (dfo_parse_ulong(optarg, UINT16_MAX, &v))
				return dfo_bad_usage(PROG, "owns: bad --secs '%s'", optarg);
			secs = v;
			continue;
		case 'h':
			usage(stdout);
			return 0;
		}
		err = policy_opt(c, &pa);
		if (err > 0)
			return err;
		if (err < 0)
			return 2;
	}
	/* --key chaddr is the same as no --client-id for a DISCOVER from MAC. */
	if (pa.p.key_mode == DFO_KEY_CHADDR)
		cid = false;
	err = dfo_policy__compile(&pa.p, &rel);
	if (err) {
		die_err("compiling the policy", err);
		return 1;
	}
	if (optind < argc) {
		for (i = optind; i < argc; i++)
			if (owns_one(argv[i], &rel, cid, secs, invert, count_only, &n_own,
				     &n_other))
				return 1;
	} else {
		while (fgets(line, sizeof(line), stdin)) {
			char *p = line, *e;

			while (isspace((unsigned char)*p))
				p++;
			for (e = p; *e && !isspace((unsigned char)*e); e++)
				;
			*e = '\0';
			if (!*p || *p == '#')
				continue;
			if (owns_one(p, &rel, cid, secs, invert, count_only, &n_own, &n_other))
				return 1;
		}
	}
	if (count_only)
		printf("owned=%lu other=%lu\n", n_own, n_other);
	return 0;
}

/* ---- main --------------------------------------------------------------- */

/*
 * Global options are also accepted after the command (`stats --instance X`):
 * take them out of the command's argv. Returns the new argc, -1 on error.
 */
static int take_global_opts(struct gopts *g, int argc, char **argv)
{
	static const char *const names[] = { "--instance", "--pin-root" };
	int i, j, k, out = 1;

	for (i = 1; i < argc; i++) {
		const char *val = NULL;
		bool match = false;

		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		for (k = 0; k < 2 && !match; k++) {
			size_t n = strlen(names[k]);

			if (strncmp(argv[i], names[k], n))
				continue;
			if (argv[i][n] == '=') {
				val = argv[i] + n + 1;
			} else if (!argv[i][n]) {
				if (i + 1 >= argc) {
					dfo_bad_usage(PROG, "%s needs a value", names[k]);
					return -1;
				}
				val = argv[++i];
			} else {
				continue;
			}
			match = true;
			if (k == 0)
				g->instance = val;
			else
				g->pin_root = val;
		}
		if (!match)
			argv[out++] = argv[i];
	}
	for (j = out; j < argc; j++)
		argv[j] = NULL;
	return out;
}

/* Libbpf warnings (e.g. a pinned map that does not match) only; no info chatter. */
static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level != LIBBPF_WARN)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "instance", required_argument, NULL, 'I' },
		{ "pin-root", required_argument, NULL, 'P' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct gopts g = { .instance = "default", .pin_root = DFO_PIN_ROOT };
	bool verbose = false;
	const char *cmd;
	int c;

	while ((c = getopt_long(argc, argv, "+vh", lo, NULL)) != -1) {
		switch (c) {
		case 'I':
			g.instance = optarg;
			break;
		case 'P':
			g.pin_root = optarg;
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "(see " PROG " --help)\n");
			return 2;
		}
	}
	if (optind >= argc)
		return dfo_bad_usage(PROG, "no command given");
	dfo_log_set_level(verbose ? DFO_LOG_DEBUG : DFO_LOG_WARN);
	if (!verbose)
		libbpf_set_print(libbpf_quiet);

	cmd = argv[optind];
	argc -= optind;
	argv += optind;
	argc = take_global_opts(&g, argc, argv);
	if (argc < 0)
		return 2;
	if (!strcmp(cmd, "attach"))
		return cmd_attach(&g, argc, argv);
	if (!strcmp(cmd, "detach"))
		return cmd_detach(&g, argc, argv);
	if (!strcmp(cmd, "mode"))
		return cmd_mode(argc, argv);
	if (!strcmp(cmd, "scope"))
		return cmd_scope(&g, argc, argv);
	if (!strcmp(cmd, "rel"))
		return cmd_rel(&g, argc, argv);
	if (!strcmp(cmd, "iface"))
		return cmd_iface(&g, argc, argv);
	if (!strcmp(cmd, "stats"))
		return cmd_stats(&g, argc, argv);
	if (!strcmp(cmd, "unpin"))
		return cmd_unpin(&g, argc, argv);
	if (!strcmp(cmd, "bucket"))
		return cmd_bucket(argc, argv);
	if (!strcmp(cmd, "owns"))
		return cmd_owns(argc, argv);
	if (!strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	return dfo_bad_usage(PROG, "unknown command '%s'", cmd);
}
