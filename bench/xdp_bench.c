// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * xdp_bench: nanoseconds per packet of the dhcpfo XDP program under
 * BPF_PROG_TEST_RUN with repeat, against a bare `return XDP_DROP` program
 * loaded in the same run, plus the verifier's processed-instruction count.
 *
 * A benchmark, not a test: it prints figures and ratios and only fails when
 * it cannot run (no root, no BPF). A case whose verdict differs from the one
 * it was built to exercise is flagged in the table, since its timing would
 * then be of another path.
 *
 * usage: xdp_bench [-r ROUNDS] [-n REPEAT] [-o OBJECT]
 *   -r  rounds (default 11); every round runs the reference between each
 *       pair of cases, and a case's ratio in a round is its time over the
 *       mean of the two reference runs around it
 *   -n  BPF_PROG_TEST_RUN repeat count per run (default 1000000)
 *   -o  benchmark this BPF object file instead of the built-in one (same
 *       map names and ABI; for comparing variants of bpf/dhcpfo.bpf.c)
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "datapath.h"
#include "policy.h"
#include "rfc3074.h"
#include "frame.h"
#include "xdprun.h"
#include "log.h"
#include "dhcpfo.skel.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_CASES	16
#define MAX_ROUNDS	101

/* Addresses of the configured world (all in 10.0.0.0/8, never on the wire). */
#define SRV_ADDR	0x0a000001	/* this server: lo's scope address, opt 54 */
#define SCOPE_DIRECT	0x0a000000	/* 10.0.0.0/24: direct clients on lo */
#define SCOPE_RELAYED	0x0a000100	/* 10.0.1.0/24: clients behind relay 10.0.1.1 */
#define RELAY_ADDR	0x0a000101

struct target {
	bool set;
	double max_ratio;
};

struct bcase {
	const char *name;
	const char *path;		/* what the program does with it */
	__u8 frame[DFO_FRAME_MAX];
	size_t len;
	__u32 want;			/* XDP verdict the case is built for */
	__u32 got;
	struct target target;
	double ns[MAX_ROUNDS];		/* per-round ns/pkt, thread CPU time */
	__u32 kns[MAX_ROUNDS];		/* per-round ns/pkt as the kernel reports it */
	double ratio[MAX_ROUNDS];
};

struct prog {
	struct dfo_datapath *dp;	/* built-in object */
	struct bpf_object *obj;		/* -o OBJECT */
	int prog_fd, scopes_fd, rels_fd, ifaces_fd;
};

static const char *obj_path;
static int rounds = 11;
static unsigned int repeat = 1000000;

static void usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [-r ROUNDS] [-n REPEAT] [-o OBJECT]\n", argv0);
	exit(2);
}

static int load_prog(struct prog *p)
{
	struct bpf_program *bp;
	int err;

	memset(p, 0, sizeof(*p));
	if (!obj_path) {
		struct dfo_datapath_opts o = { .no_pin = true };

		err = dfo_datapath__open(&o, &p->dp);
		if (err)
			return err;
		p->prog_fd = dfo_datapath__prog_fd(p->dp);
		p->scopes_fd = dfo_datapath__map_fd(p->dp, DFO_MAP_SCOPES);
		p->rels_fd = dfo_datapath__map_fd(p->dp, DFO_MAP_RELS);
		p->ifaces_fd = dfo_datapath__map_fd(p->dp, DFO_MAP_IFACES);
		return 0;
	}
	p->obj = bpf_object__open_file(obj_path, NULL);
	if (!p->obj)
		return -errno;
	err = bpf_object__load(p->obj);
	if (err)
		return err;
	bp = bpf_object__find_program_by_name(p->obj, "dhcpfo_xdp");
	if (!bp)
		return -ENOENT;
	p->prog_fd = bpf_program__fd(bp);
	p->scopes_fd = bpf_object__find_map_fd_by_name(p->obj, DFO_MAP_SCOPES);
	p->rels_fd = bpf_object__find_map_fd_by_name(p->obj, DFO_MAP_RELS);
	p->ifaces_fd = bpf_object__find_map_fd_by_name(p->obj, DFO_MAP_IFACES);
	if (p->scopes_fd < 0 || p->rels_fd < 0 || p->ifaces_fd < 0)
		return -ENOENT;
	return 0;
}

static void close_prog(struct prog *p)
{
	dfo_datapath__close(p->dp);
	bpf_object__close(p->obj);
}

static int put_scope(struct prog *p, __u32 subnet, __u32 plen, __u32 slot)
{
	struct dfo_lpm_key k = { .prefixlen = plen, .addr_be = htonl(subnet) };
	struct dfo_scope s = { .scope_id = subnet, .rel_id = 1, .stats_slot = slot };

	return bpf_map_update_elem(p->scopes_fd, &k, &s, BPF_ANY) ? -errno : 0;
}

/* One 50/50 NORMAL load-balance relationship; this server is the primary. */
static int configure(struct prog *p, struct dfo_rel *rel)
{
	struct dfo_policy pol = {
		.mode = DFO_MODE_LOAD_BALANCE, .role = DFO_ROLE_PRIMARY,
		.state = DFO_FSM_NORMAL, .percentage = 50,
		.key_mode = DFO_KEY_CLIENT_ID, .server_id_be = htonl(SRV_ADDR),
	};
	struct dfo_iface ifc = { .addr_be = { htonl(SRV_ADDR) }, .n_addr = 1 };
	__u32 rel_id = 1, ifindex = 1;
	int err;

	err = dfo_policy__compile(&pol, rel);
	if (err)
		return err;
	if (bpf_map_update_elem(p->rels_fd, &rel_id, rel, BPF_ANY) ||
	    bpf_map_update_elem(p->ifaces_fd, &ifindex, &ifc, BPF_ANY))
		return -errno;
	err = put_scope(p, SCOPE_DIRECT, 24, 1);
	return err ? err : put_scope(p, SCOPE_RELAYED, 24, 2);
}

/* The bare reference: r0 = XDP_DROP; exit. */
static int load_bare_drop(void)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_DROP },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd;

	fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "dfo_bare_drop", "GPL", insns,
			   ARRAY_SIZE(insns), NULL);
	return fd < 0 ? -errno : fd;
}

/*
 * The verifier's "processed N insns" for the program, from a fresh object
 * loaded with a stats-level verifier log. Also returns the total stack depth
 * line verbatim in @stack (may be empty).
 */
static long verifier_insns(char *stack, size_t stack_len, char *line, size_t line_len)
{
	static char log[1 << 16];
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct bpf_program *bp;
	struct bpf_object *obj;
	const void *bytes;
	size_t sz;
	long n = -1;
	char *s, *e;

	if (obj_path) {
		obj = bpf_object__open_file(obj_path, &oo);
	} else {
		bytes = dhcpfo_bpf__elf_bytes(&sz);
		obj = bpf_object__open_mem(bytes, sz, &oo);
	}
	if (!obj)
		return -errno;
	bp = bpf_object__find_program_by_name(obj, "dhcpfo_xdp");
	if (!bp) {
		bpf_object__close(obj);
		return -ENOENT;
	}
	/* Level 4 = BPF_LOG_STATS: only the summary, not the instruction trace. */
	bpf_program__set_log_level(bp, 4);
	bpf_program__set_log_buf(bp, log, sizeof(log));
	if (bpf_object__load(obj)) {
		bpf_object__close(obj);
		return -EINVAL;
	}
	s = strstr(log, "processed ");
	if (s) {
		n = strtol(s + 10, NULL, 10);
		e = strchr(s, '\n');
		snprintf(line, line_len, "%.*s", e ? (int)(e - s) : (int)strlen(s), s);
	}
	stack[0] = '\0';
	s = strstr(log, "stack depth ");
	if (s) {
		e = strchr(s, '\n');
		snprintf(stack, stack_len, "%.*s", e ? (int)(e - s) : (int)strlen(s), s);
	}
	bpf_object__close(obj);
	return n;
}

static void prog_size(int fd, __u32 *xlated, __u32 *jited)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	*xlated = *jited = 0;
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return;
	*xlated = info.xlated_prog_len / sizeof(struct bpf_insn);
	*jited = info.jited_prog_len;
}

static double thread_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/*
 * One BPF_PROG_TEST_RUN of @repeat iterations. @ns: the thread's CPU time
 * over the call / repeat (fractional; the syscall's fixed cost is a few
 * microseconds, < 0.01 ns per packet at 1M); @kns: the kernel's own
 * duration, which it truncates to whole nanoseconds.
 */
static int run(int fd, const void *frame, size_t len, __u32 *verdict, double *ns, __u32 *kns)
{
	double t0, t1;
	int err;

	t0 = thread_ns();
	err = dfo_xdp_run(fd, frame, len, 1, repeat, verdict, kns);
	t1 = thread_ns();
	if (err)
		return err;
	*ns = (t1 - t0) / repeat;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(const double *v, int n)
{
	double tmp[MAX_ROUNDS];

	memcpy(tmp, v, n * sizeof(*v));
	qsort(tmp, n, sizeof(*tmp), cmp_double);
	return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

static double min_of(const double *v, int n)
{
	double m = v[0];
	int i;

	for (i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

static double max_of(const double *v, int n)
{
	double m = v[0];
	int i;

	for (i = 1; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

/* First MAC 02:00:5e:10:xx:yy whose key's bucket is (not) ours. */
static void pick_mac(const struct dfo_rel *rel, bool client_id, bool owned, __u8 mac[6])
{
	__u8 key[7];
	unsigned int i;
	int b;

	for (i = 0; i < 65536; i++) {
		mac[0] = 0x02; mac[1] = 0x00; mac[2] = 0x5e; mac[3] = 0x10;
		mac[4] = i >> 8; mac[5] = i & 0xff;
		key[0] = 1;
		memcpy(key + 1, mac, 6);
		b = client_id ? dfo_rfc3074_hash(key, 7) : dfo_rfc3074_hash(mac, 6);
		if (dfo_hba_test(rel->hba, b) == owned)
			return;
	}
}

static void opt_client_id(struct dfo_frame *f, const __u8 mac[6])
{
	__u8 cid[7] = { 1 };

	memcpy(cid + 1, mac, 6);
	dfo_frame_opt(f, 61, sizeof(cid), cid);
}

static void finish(struct bcase *c, struct dfo_frame *f)
{
	c->len = dfo_frame_build(f, c->frame, sizeof(c->frame));
}

/* A DNS query for example.com A from 10.0.0.9 to 10.0.0.1:53. */
static void build_dns(struct bcase *c)
{
	static const __u8 q[] = {
		0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
		7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1,
	};
	__u8 *b = c->frame, *ip = b + 14, *udp = ip + 20;
	__u32 sum = 0;
	size_t i;

	memset(b, 0, sizeof(c->frame));
	memcpy(b, "\x02\x00\x5e\x00\x00\x01\x02\x00\x5e\x00\x00\x09\x08\x00", 14);
	ip[0] = 0x45;
	*(__u16 *)(ip + 2) = htons(20 + 8 + sizeof(q));
	ip[8] = 64;
	ip[9] = 17;
	*(__u32 *)(ip + 12) = htonl(0x0a000009);
	*(__u32 *)(ip + 16) = htonl(SRV_ADDR);
	for (i = 0; i < 20; i += 2)
		sum += (ip[i] << 8) | ip[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	*(__u16 *)(ip + 10) = htons(~sum & 0xffff);
	*(__u16 *)udp = htons(40000);
	*(__u16 *)(udp + 2) = htons(53);
	*(__u16 *)(udp + 4) = htons(8 + sizeof(q));
	memcpy(udp + 8, q, sizeof(q));
	c->len = 14 + 20 + 8 + sizeof(q);
}

static int build_cases(struct bcase *cs, const struct dfo_rel *rel)
{
	static const __u8 prl[] = { 1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252 };
	struct dfo_frame *f = calloc(1, sizeof(*f));
	__u8 mac[6];
	__u32 v;
	int n = 0;

	if (!f)
		return -ENOMEM;

	cs[n].name = "non-DHCP UDP (DNS to :53)";
	cs[n].path = "parse to UDP port, PASS";
	cs[n].want = XDP_PASS;
	cs[n].target = (struct target){ true, 1.5 };
	build_dns(&cs[n++]);

	pick_mac(rel, false, false, mac);
	dfo_frame_init(f, 1, mac);
	dfo_frame_end(f);
	cs[n].name = "DISCOVER by chaddr";
	cs[n].path = "opts 53; hash chaddr; partner's: DROP";
	cs[n].want = XDP_DROP;
	finish(&cs[n++], f);

	pick_mac(rel, true, false, mac);
	dfo_frame_init(f, 1, mac);
	opt_client_id(f, mac);
	dfo_frame_end(f);
	cs[n].name = "DISCOVER with client-id";
	cs[n].path = "opts 53,61; hash opt 61; partner's: DROP";
	cs[n].want = XDP_DROP;
	cs[n].target = (struct target){ true, 3.0 };
	finish(&cs[n++], f);

	pick_mac(rel, true, true, mac);
	dfo_frame_init(f, 1, mac);
	opt_client_id(f, mac);
	dfo_frame_end(f);
	cs[n].name = "DISCOVER with client-id, owned";
	cs[n].path = "opts 53,61; hash opt 61; ours: PASS";
	cs[n].want = XDP_PASS;
	finish(&cs[n++], f);

	/* What Windows 10 sends: 53, 61, 50, 12, 60, 55 (14 codes). */
	pick_mac(rel, true, false, mac);
	dfo_frame_init(f, 1, mac);
	opt_client_id(f, mac);
	v = htonl(0x0a000032);
	dfo_frame_opt(f, 50, 4, &v);
	dfo_frame_opt(f, 12, 15, "DESKTOP-4F2K9QH");
	dfo_frame_opt(f, 60, 8, "MSFT 5.0");
	dfo_frame_opt(f, 55, sizeof(prl), prl);
	dfo_frame_end(f);
	cs[n].name = "DISCOVER client-id, 6 opts";
	cs[n].path = "opts 53,61,50,12,60,55; partner's: DROP";
	cs[n].want = XDP_DROP;
	finish(&cs[n++], f);

	pick_mac(rel, true, false, mac);
	dfo_frame_init(f, 1, mac);
	opt_client_id(f, mac);
	dfo_frame_end(f);
	f->saddr_be = htonl(RELAY_ADDR);
	f->daddr_be = htonl(SRV_ADDR);
	f->sport = 67;
	f->hops = 1;
	f->giaddr_be = htonl(RELAY_ADDR);
	cs[n].name = "relayed DISCOVER (giaddr)";
	cs[n].path = "scope by giaddr; hash opt 61; partner's: DROP";
	cs[n].want = XDP_DROP;
	finish(&cs[n++], f);

	pick_mac(rel, true, false, mac);
	dfo_frame_init(f, 3, mac);
	opt_client_id(f, mac);
	dfo_frame_opt_u32(f, 54, htonl(SRV_ADDR));
	dfo_frame_opt_u32(f, 50, htonl(0x0a000032));
	dfo_frame_end(f);
	cs[n].name = "REQUEST selecting us";
	cs[n].path = "opts 53,61,54,50; opt 54 = us: PASS";
	cs[n].want = XDP_PASS;
	finish(&cs[n++], f);

	/* Option 61 claims 200 bytes the frame does not have. */
	dfo_frame_init(f, 1, mac);
	f->bootp_min = 0;
	dfo_frame_opt(f, 61, 200, f->opts + 400);
	cs[n].name = "malformed (opt 61 overruns)";
	cs[n].path = "scan stops at the overrun; PASS";
	cs[n].want = XDP_PASS;
	finish(&cs[n], f);
	cs[n].len -= 150;
	/* IP and UDP lengths must still match, or it fails earlier than the scan. */
	{
		__u8 *ip = cs[n].frame + 14, *udp = ip + 20;

		*(__u16 *)(ip + 2) = htons(cs[n].len - 14);
		*(__u16 *)(ip + 10) = 0;
		*(__u16 *)(udp + 4) = htons(cs[n].len - 14 - 20);
	}
	n++;

	free(f);
	return n;
}

static const char *xdp_name(__u32 v)
{
	return v == XDP_PASS ? "PASS" : v == XDP_DROP ? "DROP" : "other";
}

static void print_cmd(int argc, char **argv)
{
	int i;

	printf("reproduce: sudo");
	for (i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	if (argc == 1)
		printf(" -r %d -n %u", rounds, repeat);
	printf("\n");
}

static int read_int_file(const char *path)
{
	FILE *fp = fopen(path, "r");
	int v = -1;

	if (!fp)
		return -1;
	if (fscanf(fp, "%d", &v) != 1)
		v = -1;
	fclose(fp);
	return v;
}

int main(int argc, char **argv)
{
	static struct bcase cs[MAX_CASES];
	double ref_ns[2 * MAX_ROUNDS], ref_min, ref_med;
	__u32 ref_k[2 * MAX_ROUNDS], xl, jt;
	char stack[256], vline[256] = "";
	struct dfo_rel rel;
	struct prog p;
	int ref_fd, n, r, i, opt, nref = 0, err;
	__u32 v;
	long insns;

	while ((opt = getopt(argc, argv, "r:n:o:h")) != -1) {
		switch (opt) {
		case 'r':
			rounds = atoi(optarg);
			break;
		case 'n':
			repeat = strtoul(optarg, NULL, 10);
			break;
		case 'o':
			obj_path = optarg;
			break;
		default:
			usage(argv[0]);
		}
	}
	if (rounds < 1 || rounds > MAX_ROUNDS || !repeat)
		usage(argv[0]);

	libbpf_set_print(NULL);
	err = load_prog(&p);
	if (err) {
		fprintf(stderr, "xdp_bench: loading %s: %s\n",
			obj_path ? obj_path : "the dhcpfo program", strerror(-err));
		return 1;
	}
	err = configure(&p, &rel);
	if (err) {
		fprintf(stderr, "xdp_bench: configuring the maps: %s\n", strerror(-err));
		return 1;
	}
	ref_fd = load_bare_drop();
	if (ref_fd < 0) {
		fprintf(stderr, "xdp_bench: loading the bare XDP_DROP program: %s\n",
			strerror(-ref_fd));
		return 1;
	}
	n = build_cases(cs, &rel);
	if (n < 0)
		return 1;

	printf("== xdp_bench: dhcpfo XDP program under BPF_PROG_TEST_RUN ==\n");
	print_cmd(argc, argv);
	printf("object: %s; kernel JIT %s, bpf_stats_enabled=%d; %d rounds x %u repeats per run\n",
	       obj_path ? obj_path : "built-in (build/dhcpfo.bpf.o via skeleton)",
	       read_int_file("/proc/sys/net/core/bpf_jit_enable") > 0 ? "on" : "OFF",
	       read_int_file("/proc/sys/kernel/bpf_stats_enabled"), rounds, repeat);
	printf("config: scope 10.0.0.0/24 on lo (ifindex 1) and 10.0.1.0/24 (relay), one\n"
	       "        relationship: load balance 50/50, NORMAL, this server primary, key = client-id\n\n");

	/* Warm up caches and the CPU clock before the first measured round. */
	for (i = 0; i < n; i++)
		dfo_xdp_run(p.prog_fd, cs[i].frame, cs[i].len, 1, repeat / 10 + 1, &v, NULL);

	for (r = 0; r < rounds; r++) {
		double before, after;
		__u32 k;

		err = run(ref_fd, cs[0].frame, cs[0].len, &v, &before, &k);
		if (err)
			goto run_err;
		ref_ns[nref] = before;
		ref_k[nref++] = k;
		for (i = 0; i < n; i++) {
			/* Odd rounds go backwards so no case always follows the same one. */
			struct bcase *c = &cs[r % 2 ? n - 1 - i : i];

			err = run(p.prog_fd, c->frame, c->len, &c->got, &c->ns[r], &c->kns[r]);
			if (err)
				goto run_err;
			err = run(ref_fd, cs[0].frame, cs[0].len, &v, &after, &k);
			if (err)
				goto run_err;
			c->ratio[r] = c->ns[r] / ((before + after) / 2);
			before = after;
			if (nref < (int)ARRAY_SIZE(ref_ns)) {
				ref_ns[nref] = after;
				ref_k[nref++] = k;
			}
		}
	}
	ref_med = median(ref_ns, nref);
	ref_min = min_of(ref_ns, nref);
	{
		double kk[2 * MAX_ROUNDS];

		for (i = 0; i < nref; i++)
			kk[i] = ref_k[i];
		printf("%-31s %-5s %8s %8s %7s %6s %15s %6s  %s\n", "case", "verd.", "ns/pkt",
		       "min", "kern.ns", "ratio", "ratio range", "target", "path");
		printf("%-31s %-5s %8.2f %8.2f %7.0f %6.2f %15s %6s  %s\n",
		       "bare XDP_DROP (reference)", "DROP", ref_med, ref_min, median(kk, nref),
		       1.0, "", "", "r0 = XDP_DROP; exit");
	}
	for (i = 0; i < n; i++) {
		struct bcase *c = &cs[i];
		double kk[MAX_ROUNDS], med_ratio = median(c->ratio, rounds);
		char range[32], tgt[16] = "";

		for (r = 0; r < rounds; r++)
			kk[r] = c->kns[r];
		snprintf(range, sizeof(range), "%.2f-%.2f", min_of(c->ratio, rounds),
			 max_of(c->ratio, rounds));
		if (c->target.set)
			snprintf(tgt, sizeof(tgt), "<=%.1fx", c->target.max_ratio);
		printf("%-31s %-5s %8.2f %8.2f %7.0f %6.2f %15s %6s  %s%s\n", c->name,
		       xdp_name(c->got), median(c->ns, rounds), min_of(c->ns, rounds),
		       median(kk, rounds), med_ratio, range, tgt, c->path,
		       c->got != c->want ? "  [UNEXPECTED VERDICT: timing is of another path]" : "");
	}
	printf("\nns/pkt: median over rounds of the run's thread CPU time / repeat (the\n"
	       "kernel's own figure, kern.ns, is truncated to whole ns); ratio: median over\n"
	       "rounds of ns/pkt / mean of the reference runs just before and after it.\n"
	       "Targets (issue 2): client-id DISCOVER <= 3x, non-DHCP <= 1.5x the bare drop.\n");
	for (i = 0; i < n; i++) {
		double m;

		if (!cs[i].target.set)
			continue;
		m = median(cs[i].ratio, rounds);
		printf("  %-31s %.2fx vs <= %.1fx: %s\n", cs[i].name, m, cs[i].target.max_ratio,
		       m <= cs[i].target.max_ratio ? "met" : "NOT met");
	}

	insns = verifier_insns(stack, sizeof(stack), vline, sizeof(vline));
	prog_size(p.prog_fd, &xl, &jt);
	printf("\nverifier: %s\n", insns >= 0 ? vline : "(could not load with a log)");
	if (stack[0])
		printf("          %s\n", stack);
	printf("program: %u xlated insns, %u bytes JITed\n", xl, jt);
	if (insns >= 0)
		printf("  processed insns %ld vs goal <= 100000: %s\n", insns,
		       insns <= 100000 ? "met" : "NOT met");
	print_cmd(argc, argv);
	close(ref_fd);
	close_prog(&p);
	return 0;

run_err:
	fprintf(stderr, "xdp_bench: BPF_PROG_TEST_RUN: %s\n", strerror(-err));
	return 1;
}
