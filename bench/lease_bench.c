// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * lease_bench: what group commit buys on this machine's disk. Lease puts
 * followed by dfod_leasedb_sync (one write + one fdatasync) in batches of
 * 1, 16 and 256 puts per sync; batch 1 (an fdatasync per lease, what a
 * server without group commit does) is the baseline, measured in the same
 * rounds. Then the costs that grow with the store: a snapshot of L leases,
 * and a start from that snapshot or from a journal of L records.
 *
 * Each round runs every batch size once (odd rounds in reverse order), on a
 * fresh directory; the table shows the median over the rounds, and the
 * ratio is taken per round against that round's batch-1 figure. Not a test:
 * no pass/fail on timing.
 *
 * The bench is built by the generic bench rule, which links no agent
 * objects: the lease store's sources are compiled into this program.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <linux/magic.h>

#include "dhcpfod/lease.h"
#include "log.h"

#define MAX_CASES	8
#define ADDR_POOL	65536	/* puts cycle through this many addresses */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "lease_bench: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

/* A typical lease: Ethernet client with a client-id and a host name. */
static void mk_lease(struct dfod_lease *l, uint64_t i)
{
	uint32_t k = i % ADDR_POOL;

	memset(l, 0, sizeof(*l));
	l->addr = 0x0a000000u + 1 + k;
	l->subnet = 0x0a000000u;
	l->state = DFOD_LEASE_ACTIVE;
	l->htype = 1;
	l->hlen = 6;
	l->hw[0] = 0x02;
	l->hw[3] = k >> 16;
	l->hw[4] = k >> 8;
	l->hw[5] = k;
	l->cid_len = 7;
	l->cid[0] = 1;
	memcpy(l->cid + 1, l->hw, 6);
	snprintf(l->host, sizeof(l->host), "client-%u", k);
	l->start = 1700000000 + i;
	l->end = l->start + 3600;
	l->cltt = l->start;
	l->pexp = l->end + 3600;
}

static void rm_store(const char *dir)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", dir, DFOD_LEASES_JOURNAL);
	unlink(p);
	snprintf(p, sizeof(p), "%s/%s", dir, DFOD_LEASES_SNAP);
	unlink(p);
}

/* Seconds for @syncs syncs of @batch puts each, on an empty store in @dir. */
static double run_case(const char *dir, unsigned int batch, unsigned int syncs, uint64_t *nsyncs)
{
	struct dfod_leasedb *db;
	struct dfod_leasedb_stats st;
	struct dfod_lease l;
	uint64_t t0, i = 0;
	unsigned int s, b;
	int r;

	rm_store(dir);
	/* No compaction inside the timed loop: this measures the journal path. */
	r = dfod_leasedb_open(&db, dir, UINT64_MAX / 2);
	if (r)
		die("open", r);
	t0 = now_ns();
	for (s = 0; s < syncs; s++) {
		for (b = 0; b < batch; b++) {
			mk_lease(&l, i++);
			r = dfod_leasedb_put(db, &l);
			if (r)
				die("put", r);
		}
		r = dfod_leasedb_sync(db);
		if (r)
			die("sync", r);
	}
	t0 = now_ns() - t0;
	dfod_leasedb_get_stats(db, &st);
	*nsyncs = st.syncs;
	dfod_leasedb_close(db, false);
	rm_store(dir);
	return t0 / 1e9;
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

static const char *fs_name(const char *dir)
{
	struct statfs sf;

	if (statfs(dir, &sf))
		return "?";
	switch (sf.f_type) {
	case EXT4_SUPER_MAGIC:
		return "ext4";
	case XFS_SUPER_MAGIC:
		return "xfs";
	case BTRFS_SUPER_MAGIC:
		return "btrfs";
	case TMPFS_MAGIC:
		return "tmpfs (fdatasync costs nothing: not a disk figure)";
	case OVERLAYFS_SUPER_MAGIC:
		return "overlayfs";
	default:
		return "other";
	}
}

/* Snapshot and start costs at @n leases. */
static void scale(const char *dir, unsigned int n)
{
	struct dfod_leasedb *db;
	struct dfod_leasedb_stats st;
	struct dfod_lease l;
	char p[PATH_MAX];
	struct stat sb;
	uint64_t t_put, t_jopen, t_snap, t_sopen;
	unsigned int i;
	int r;

	rm_store(dir);
	if ((r = dfod_leasedb_open(&db, dir, UINT64_MAX / 2)))
		die("open", r);
	t_put = now_ns();
	for (i = 0; i < n; i++) {
		mk_lease(&l, i);
		l.addr = 0x0a000000u + 1 + i;	/* n distinct leases */
		l.hw[2] = i >> 24;
		if ((r = dfod_leasedb_put(db, &l)))
			die("put", r);
	}
	if ((r = dfod_leasedb_sync(db)))
		die("sync", r);
	t_put = now_ns() - t_put;
	dfod_leasedb_close(db, false);

	t_jopen = now_ns();
	if ((r = dfod_leasedb_open(&db, dir, UINT64_MAX / 2)))
		die("open (journal)", r);
	t_jopen = now_ns() - t_jopen;
	dfod_leasedb_get_stats(db, &st);
	if (st.leases != n)
		die("journal replay lost leases", EIO);

	t_snap = now_ns();
	if ((r = dfod_leasedb_compact(db)))
		die("compact", r);
	t_snap = now_ns() - t_snap;
	dfod_leasedb_close(db, false);
	snprintf(p, sizeof(p), "%s/%s", dir, DFOD_LEASES_SNAP);
	if (stat(p, &sb))
		die("stat snapshot", errno);

	t_sopen = now_ns();
	if ((r = dfod_leasedb_open(&db, dir, UINT64_MAX / 2)))
		die("open (snapshot)", r);
	t_sopen = now_ns() - t_sopen;
	dfod_leasedb_get_stats(db, &st);
	if (st.leases != n)
		die("snapshot load lost leases", EIO);
	dfod_leasedb_close(db, false);
	rm_store(dir);

	printf("\n| %u leases | ms | per lease |\n|---|---|---|\n", n);
	printf("| put all + one sync | %.1f | %.2f us |\n", t_put / 1e6, t_put / 1e3 / n);
	printf("| start replaying a %u-record journal | %.1f | %.2f us |\n", n, t_jopen / 1e6,
	       t_jopen / 1e3 / n);
	printf("| compaction: snapshot of %.1f MB (write, fsync, rename) | %.1f | %.2f us |\n",
	       sb.st_size / 1e6, t_snap / 1e6, t_snap / 1e3 / n);
	printf("| start from the snapshot | %.1f | %.2f us |\n", t_sopen / 1e6, t_sopen / 1e3 / n);
}

static int parse_batches(char *s, unsigned int *b)
{
	unsigned int n = 0;
	char *tok, *end;
	unsigned long v;

	for (tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
		errno = 0;
		v = strtoul(tok, &end, 10);
		if (errno || *end || !v || v > 65536 || n == MAX_CASES)
			return -1;
		b[n++] = v;
	}
	return n;
}

static void usage(void)
{
	fprintf(stderr, "usage: lease_bench [-d DIR] [-r ROUNDS] [-s SYNCS] [-b B1,B2,...] "
		"[-L LEASES]\n"
		"  -d  directory on the disk to measure (default: a new one under /var/tmp)\n"
		"  -r  rounds, median reported (default 5)\n"
		"  -s  syncs per case (default 200)\n"
		"  -b  puts per sync, first is the baseline (default 1,16,256)\n"
		"  -L  leases for the snapshot/start figures, 0 to skip (default 100000)\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned int batch[MAX_CASES] = { 1, 16, 256 }, ncases = 3, rounds = 5, syncs = 200;
	unsigned int leases = 100000, r, c, k;
	double secs[MAX_CASES][64], ratio[MAX_CASES][64], usync[64], t;
	char tmpl[] = "/var/tmp/lease_bench-XXXXXX", *dir = NULL;
	uint64_t nsyncs;
	struct utsname u;
	int opt, n;

	while ((opt = getopt(argc, argv, "d:r:s:b:L:h")) != -1) {
		switch (opt) {
		case 'd':
			dir = optarg;
			break;
		case 'r':
			rounds = strtoul(optarg, NULL, 10);
			break;
		case 's':
			syncs = strtoul(optarg, NULL, 10);
			break;
		case 'b':
			n = parse_batches(optarg, batch);
			if (n <= 0)
				usage();
			ncases = n;
			break;
		case 'L':
			leases = strtoul(optarg, NULL, 10);
			break;
		default:
			usage();
		}
	}
	if (optind != argc || !rounds || rounds > 64 || !syncs)
		usage();
	if (!dir) {
		dir = mkdtemp(tmpl);
		if (!dir)
			die("mkdtemp /var/tmp", errno);
	}
	dfo_log_set_level(DFO_LOG_WARN);
	uname(&u);

	printf("lease_bench: %s, %ld CPUs, directory %s on %s\n", u.release,
	       sysconf(_SC_NPROCESSORS_ONLN), dir, fs_name(dir));
	printf("%u rounds x %u syncs per batch size; a put is one ~100-byte journal record\n\n",
	       rounds, syncs);
	for (r = 0; r < rounds; r++) {
		for (k = 0; k < ncases; k++) {
			c = r % 2 ? ncases - 1 - k : k;
			secs[c][r] = run_case(dir, batch[c], syncs, &nsyncs);
			if (nsyncs != syncs)
				die("group commit: fdatasync count differs from sync calls", EIO);
		}
		for (c = 0; c < ncases; c++)
			ratio[c][r] = (syncs * (double)batch[c] / secs[c][r]) /
				      (syncs * (double)batch[0] / secs[0][r]);
	}

	printf("| puts per sync | puts/s | syncs/s | us per sync | puts/s ratio to batch %u |\n",
	       batch[0]);
	printf("|---|---|---|---|---|\n");
	for (c = 0; c < ncases; c++) {
		for (r = 0; r < rounds; r++)
			usync[r] = secs[c][r];
		t = median(usync, rounds);
		printf("| %u | %.0f | %.0f | %.0f | %.1fx |\n", batch[c], syncs * batch[c] / t,
		       syncs / t, t * 1e6 / syncs, median(ratio[c], rounds));
	}
	if (leases)
		scale(dir, leases);
	if (dir == tmpl)
		rmdir(dir);
	printf("\nreproduce: build/bench/lease_bench -r %u -s %u -L %u   (-d DIR: another disk)\n",
	       rounds, syncs, leases);
	return 0;
}
