// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dhcp_engine_bench: CPU per DHCPDISCOVER of the agent's DHCP engine
 * (userspace/dhcpfod/dhcp.c), in process, no sockets: each DISCOVER comes
 * from a new client and is handed to dfod_dhcp_handle(); when it is
 * offered an address, a DHCPREQUEST naming another server withdraws the
 * offer (not timed), so the pool stays in the same state for the whole run
 * and every timed DISCOVER is a fresh allocation. The simulated clock
 * advances one second every -R DISCOVERs (a storm rate).
 *
 * Cases (one scope, one range over the whole subnet, no relationship):
 *   /24          empty pool: the baseline
 *   /16, /8      empty pool
 *   /16 -K new   every address leased but K never-used ones
 *   /16 -K exp   every address leased but K expired leases
 *   /16 full     every address leased: no offer (a storm against a full pool)
 *
 * Each round runs every case once (odd rounds in reverse order) on a fresh
 * engine and lease store; the table shows the median ns per DISCOVER over
 * the rounds and its ratio to the /24 figure of the same round. Not a test:
 * no pass/fail on timing.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/utsname.h>

#include "dhcpfod/dhcp.h"
#include "dhcpfod/lease.h"
#include "dhcpfod/state.h"
#include "frame.h"
#include "log.h"

#define MAX_ROUNDS	101
#define T0		1700000000ull
#define SUBNET8		0x0a000000u		/* 10.0.0.0 */
#define SERVER_ID	(SUBNET8 | 1)		/* x.x.x.1, outside the range */
#define OTHER_SERVER	0xc0000201u		/* 192.0.2.1 */

enum fill { FILL_NONE, FILL_NEW, FILL_EXPIRED, FILL_FULL };

struct bcase {
	const char *name;
	unsigned int plen;
	enum fill fill;
};

static const struct bcase cases[] = {
	{ "/24 empty", 24, FILL_NONE },
	{ "/16 empty", 16, FILL_NONE },
	{ "/8 empty", 8, FILL_NONE },
	{ "/16 all leased but K never used", 16, FILL_NEW },
	{ "/16 all leased but K expired", 16, FILL_EXPIRED },
	{ "/16 all leased (no offer)", 16, FILL_FULL },
};
#define N_CASES	(sizeof(cases) / sizeof(cases[0]))

struct opts {
	unsigned int rounds, n, rate, k;
	const char *dir;
};

static void die(const char *what, int err)
{
	fprintf(stderr, "dhcp_engine_bench: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void mac_of(uint32_t i, uint8_t mac[6])
{
	mac[0] = 0x02;
	mac[1] = 0x42;
	mac[2] = i >> 24;
	mac[3] = i >> 16;
	mac[4] = i >> 8;
	mac[5] = i;
}

/* The UDP payload of a request from client @i. */
static size_t request(uint8_t *buf, size_t cap, int type, uint32_t i, uint32_t addr,
		      uint32_t sid)
{
	static const uint8_t prl[] = { 1, 3, 6, 15, 28, 51, 58, 59 };
	uint8_t frame[DFO_FRAME_MAX], mac[6];
	struct dfo_frame f;
	size_t len, off;

	mac_of(i, mac);
	dfo_frame_init(&f, type, mac);
	dfo_frame_opt(&f, 55, sizeof(prl), prl);
	if (addr)
		dfo_frame_opt_u32(&f, 50, htonl(addr));
	if (sid)
		dfo_frame_opt_u32(&f, 54, htonl(sid));
	dfo_frame_end(&f);
	len = dfo_frame_build(&f, frame, sizeof(frame));
	off = dfo_frame_bootp_off(&f);
	if (!len || len - off > cap)
		die("building a request", EINVAL);
	memcpy(buf, frame + off, len - off);
	return len - off;
}

struct world {
	struct dfod_state st;
	struct dfod_leasedb *db;
	struct dfod_dhcp *e;
	struct dfod_dhcp_ingress in;
	uint32_t subnet;
	uint32_t first, last;		/* the range */
};

static void rm_store(const char *dir)
{
	char p[PATH_MAX + 32];

	snprintf(p, sizeof(p), "%s/%s", dir, DFOD_LEASES_JOURNAL);
	unlink(p);
	snprintf(p, sizeof(p), "%s/%s", dir, DFOD_LEASES_SNAP);
	unlink(p);
}

/* Lease every address of the range but K evenly spread ones (FILL_NEW: no record). */
static void fill(struct world *w, enum fill how, unsigned int k)
{
	uint64_t n = (uint64_t)w->last - w->first + 1, step = k ? n / k : 0;
	struct dfod_lease l;
	uint64_t i;
	int err;

	for (i = 0; i < n; i++) {
		bool spare = how != FILL_FULL && step && i % step == step / 2 && i / step < k;

		if (spare && how == FILL_NEW)
			continue;
		memset(&l, 0, sizeof(l));
		l.addr = w->first + (uint32_t)i;
		l.subnet = w->subnet;
		l.state = spare ? DFOD_LEASE_EXPIRED : DFOD_LEASE_ACTIVE;
		l.htype = 1;
		l.hlen = 6;
		mac_of(0x80000000u | (uint32_t)i, l.hw);
		l.start = l.cltt = T0 - 3600;
		l.end = l.pexp = spare ? T0 - 60 : T0 + 86400 * 30;
		err = dfod_leasedb_put(w->db, &l);
		if (err)
			die("lease put", err);
		if (i % 4096 == 4095 && (err = dfod_leasedb_sync(w->db)))
			die("lease sync", err);
	}
	err = dfod_leasedb_sync(w->db);
	if (err)
		die("lease sync", err);
}

static void world_open(struct world *w, const struct opts *o, const struct bcase *c)
{
	struct dfod_dhcp_conf conf = { .offer_hold = 30, .decline_hold = 86400 };
	struct dfod_scope *s;
	struct dfod_range r;
	uint32_t mask = c->plen ? ~0u << (32 - c->plen) : 0;
	int err;

	memset(w, 0, sizeof(*w));
	rm_store(o->dir);
	err = dfod_state_init(&w->st, 16);
	if (err)
		die("state", err);
	s = dfod_scope_new();
	if (!s)
		die("scope", ENOMEM);
	s->addr = SUBNET8 & mask;
	s->mask = mask;
	s->plen = c->plen;
	s->lease = 86400;
	s->slot = 1;
	w->subnet = s->addr;
	w->first = s->addr + 10;
	w->last = (s->addr | ~mask) - 1;
	r = (struct dfod_range){ .start = w->first, .end = w->last, .type = DFOD_RANGE_DHCP };
	if ((err = dfod_scope_range_add(s, &r)) || (err = dfod_state_scope_add(&w->st, s)))
		die("scope setup", err);
	err = dfod_leasedb_open(&w->db, o->dir, UINT64_MAX / 2);
	if (err)
		die("lease store", err);
	if (c->fill != FILL_NONE)
		fill(w, c->fill, o->k);
	err = dfod_dhcp_new(&w->e, &w->st, w->db, &conf);
	if (err)
		die("engine", err);
	w->in.ifindex = 1;
	w->in.addrs_be[0] = htonl(SERVER_ID);
	w->in.n_addr = 1;
	w->in.dst_be = htonl(INADDR_BROADCAST);
}

static void world_close(struct world *w, const char *dir)
{
	dfod_dhcp_free(w->e);
	dfod_leasedb_close(w->db, false);
	dfod_state_free(&w->st);
	rm_store(dir);
}

struct result {
	double ns;			/* per DISCOVER */
	uint64_t offers;
};

static struct result run_case(const struct opts *o, const struct bcase *c)
{
	static struct dfod_dhcp_reply rep;
	struct result res = { 0 };
	struct world w;
	uint8_t buf[1500];
	uint64_t now = T0, t, total = 0;
	unsigned int i;
	size_t len;

	world_open(&w, o, c);
	for (i = 0; i < o->n; i++) {
		uint32_t yi;

		if (i && i % o->rate == 0)
			dfod_dhcp_tick(w.e, ++now);
		len = request(buf, sizeof(buf), 1, i, 0, 0);
		t = mono_ns();
		if (dfod_dhcp_handle(w.e, buf, len, &w.in, now, &rep) != 1) {
			total += mono_ns() - t;
			continue;
		}
		total += mono_ns() - t;
		res.offers++;
		memcpy(&yi, rep.buf + 16, 4);
		/* The client takes another server's offer: ours is withdrawn. */
		len = request(buf, sizeof(buf), 3, i, ntohl(yi), OTHER_SERVER);
		dfod_dhcp_handle(w.e, buf, len, &w.in, now, &rep);
	}
	res.ns = (double)total / o->n;
	world_close(&w, o->dir);
	return res;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void usage(void)
{
	fprintf(stderr, "usage: dhcp_engine_bench [-r ROUNDS] [-n DISCOVERS] [-R PER_SECOND] "
		"[-k FREE] [-d DIR]\n");
	exit(2);
}

static unsigned int num(const char *s, unsigned int min, unsigned int max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s || v < min || v > max)
		usage();
	return (unsigned int)v;
}

int main(int argc, char **argv)
{
	struct opts o = { .rounds = 5, .n = 20000, .rate = 10000, .k = 16, .dir = NULL };
	static double ns[N_CASES][MAX_ROUNDS], ratio[N_CASES][MAX_ROUNDS];
	uint64_t offers[N_CASES] = { 0 };
	char dir[PATH_MAX];
	struct utsname un;
	unsigned int r, j;
	int opt;

	while ((opt = getopt(argc, argv, "r:n:R:k:d:")) != -1) {
		switch (opt) {
		case 'r': o.rounds = num(optarg, 1, MAX_ROUNDS); break;
		case 'n': o.n = num(optarg, 1, 100000000); break;
		case 'R': o.rate = num(optarg, 1, 100000000); break;
		case 'k': o.k = num(optarg, 1, 1024); break;
		case 'd': o.dir = optarg; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	dfo_log_set_level(DFO_LOG_ERR);
	if (!o.dir) {
		/* The lease store is only filled, never timed: any directory will do. */
		snprintf(dir, sizeof(dir), "%s/dfo-engine-bench.XXXXXX",
			 access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm");
		if (!mkdtemp(dir))
			die("mkdtemp", errno);
		o.dir = dir;
	}
	for (r = 0; r < o.rounds; r++) {
		for (j = 0; j < N_CASES; j++) {
			unsigned int c = r & 1 ? N_CASES - 1 - j : j;
			struct result res = run_case(&o, &cases[c]);

			ns[c][r] = res.ns;
			offers[c] += res.offers;
		}
		for (j = 0; j < N_CASES; j++)
			ratio[j][r] = ns[j][r] / ns[0][r];
	}
	if (o.dir == dir)
		rmdir(dir);

	uname(&un);
	printf("dhcp_engine_bench: CPU per DHCPDISCOVER in dfod_dhcp_handle (new client each, "
	       "offer withdrawn after)\n");
	printf("kernel %s, %ld CPUs; %u rounds of %u DISCOVERs per case, clock +1 s every %u, "
	       "K = %u\n\n", un.release, sysconf(_SC_NPROCESSORS_ONLN), o.rounds, o.n, o.rate,
	       o.k);
	printf("| case | ns/DISCOVER (median) | ratio to /24 | offers per DISCOVER |\n");
	printf("|---|---|---|---|\n");
	for (j = 0; j < N_CASES; j++)
		printf("| %s | %.0f | %.2fx | %.2f |\n", cases[j].name, median(ns[j], o.rounds),
		       median(ratio[j], o.rounds),
		       (double)offers[j] / ((double)o.rounds * o.n));
	printf("\nreproduce: build/bench/dhcp_engine_bench -r %u -n %u -R %u -k %u\n", o.rounds,
	       o.n, o.rate, o.k);
	return 0;
}
