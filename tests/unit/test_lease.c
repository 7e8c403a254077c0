// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The lease store: the three indexes, reopen equality at 100k leases,
 * snapshot + journal replay, sequence skipping after a crash between the
 * snapshot's rename and the journal's truncation, a torn tail cut at every
 * byte of the last record, a hole in the last sync cut, corruption before
 * a later sync or in the snapshot refused, OFFERED never persisted, group commit, a failed write that stays
 * failed, and kill -9 at random moments of a put/sync/compact loop.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "agentfix.h"
#include "dhcpfod/crc32c.h"
#include "dhcpfod/lease.h"
#include "log.h"

#define SUBNET		0x0a000000u	/* 10.0.0.0 */
#define SUBNET2		0x0a010000u	/* 10.1.0.0 */
#define REC_HDR		16		/* lease.c's record header */

static char logbuf[1 << 16];
static unsigned int nwarn, nerr;

static void capture(enum dfo_log_level level, const char *fmt, va_list ap)
{
	size_t n = strlen(logbuf);

	nwarn += level == DFO_LOG_WARN;
	nerr += level == DFO_LOG_ERR;
	if (n + 512 >= sizeof(logbuf))
		return;
	vsnprintf(logbuf + n, sizeof(logbuf) - n - 1, fmt, ap);
	strcat(logbuf, "\n");
}

static void log_reset(void)
{
	logbuf[0] = '\0';
	nwarn = nerr = 0;
}

struct fx {
	char dir[64], snap[128], journal[128];
	struct dfod_leasedb *db;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	dfo_log_set_handler(capture);
	log_reset();
	agentfix_mkdtemp(f->dir, "lease");
	snprintf(f->snap, sizeof(f->snap), "%s/%s", f->dir, DFOD_LEASES_SNAP);
	snprintf(f->journal, sizeof(f->journal), "%s/%s", f->dir, DFOD_LEASES_JOURNAL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	dfod_leasedb_close(f->db, false);
	agentfix_rmdir(f->dir);
	free(f);
	return 0;
}

static int reopen_at(struct fx *f, uint64_t compact_bytes)
{
	dfod_leasedb_close(f->db, false);
	f->db = NULL;
	log_reset();
	return dfod_leasedb_open(&f->db, f->dir, compact_bytes);
}

static int reopen(struct fx *f)
{
	return reopen_at(f, 0);
}

/* ---- lease contents -------------------------------------------------------- */

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static const uint8_t durable_states[] = {
	DFOD_LEASE_FREE, DFOD_LEASE_ACTIVE, DFOD_LEASE_EXPIRED, DFOD_LEASE_RELEASED,
	DFOD_LEASE_ABANDONED, DFOD_LEASE_RESET, DFOD_LEASE_BACKUP,
};

/* A lease at @addr whose every field comes from @seed. */
static void gen_lease(struct dfod_lease *l, uint32_t addr, uint64_t seed)
{
	uint64_t s = seed;
	size_t i, host_len;

	memset(l, 0, sizeof(*l));
	l->addr = addr;
	l->subnet = addr & 0xffff0000u;
	l->state = durable_states[splitmix(&s) % sizeof(durable_states)];
	l->htype = 1 + splitmix(&s) % 3;
	l->hlen = splitmix(&s) % (DFOD_HWADDR_MAX + 1);
	for (i = 0; i < l->hlen; i++)
		l->hw[i] = splitmix(&s);
	/* Half without a client-id; some with the maximum length. */
	l->cid_len = splitmix(&s) % 2 ? 0 : splitmix(&s) % 8 ? 1 + splitmix(&s) % 20 : 255;
	for (i = 0; i < l->cid_len; i++)
		l->cid[i] = splitmix(&s);
	l->flags = splitmix(&s) & 3;
	host_len = splitmix(&s) % (DFOD_LEASE_HOST_MAX + 1);
	for (i = 0; i < host_len; i++)
		l->host[i] = 'a' + splitmix(&s) % 26;
	l->start = splitmix(&s) >> 20;
	l->end = splitmix(&s) % 5 ? l->start + splitmix(&s) % 86400 : DFOD_LEASE_FOREVER;
	l->cltt = splitmix(&s);
	l->pexp = splitmix(&s);
}

static void mk(struct dfod_lease *l, uint32_t addr, uint8_t state, const char *cid,
	       uint8_t hwlast)
{
	memset(l, 0, sizeof(*l));
	l->addr = addr;
	l->subnet = addr & 0xffff0000u;
	l->state = state;
	l->htype = 1;
	l->hlen = 6;
	l->hw[0] = 0x02;
	l->hw[5] = hwlast;
	if (cid) {
		l->cid_len = strlen(cid);
		memcpy(l->cid, cid, l->cid_len);
	}
	snprintf(l->host, sizeof(l->host), "host%u", addr & 0xff);
	l->start = 1000;
	l->end = 4600;
	l->cltt = 1000;
}

static bool lease_eq(const struct dfod_lease *a, const struct dfod_lease *b)
{
	return a->addr == b->addr && a->subnet == b->subnet && a->state == b->state &&
	       a->htype == b->htype && a->hlen == b->hlen && a->cid_len == b->cid_len &&
	       a->flags == b->flags && !memcmp(a->hw, b->hw, a->hlen) &&
	       !memcmp(a->cid, b->cid, a->cid_len) && !strcmp(a->host, b->host) &&
	       a->start == b->start && a->end == b->end && a->cltt == b->cltt &&
	       a->pexp == b->pexp;
}

static void assert_lease(struct dfod_leasedb *db, const struct dfod_lease *want)
{
	struct dfod_lease *got = dfod_lease_by_addr(db, want->addr);

	if (!got)
		fail_msg("lease %08x missing", want->addr);
	if (!lease_eq(got, want))
		fail_msg("lease %08x differs", want->addr);
}

static struct dfod_leasedb_stats stats(struct dfod_leasedb *db)
{
	struct dfod_leasedb_stats st;

	dfod_leasedb_get_stats(db, &st);
	return st;
}

/* ---- file helpers ------------------------------------------------------------ */

static uint8_t *slurp(const char *path, size_t *len)
{
	struct stat sb;
	uint8_t *buf;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &sb), 0);
	buf = malloc(sb.st_size + 1);
	assert_non_null(buf);
	assert_int_equal(read(fd, buf, sb.st_size), sb.st_size);
	close(fd);
	*len = sb.st_size;
	return buf;
}

static void spill(const char *path, const uint8_t *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

static off_t file_size(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return sb.st_size;
}

/* Put @n generated leases 10.0.0.1.. and sync; journal offsets of each record in @offs. */
static void put_n(struct fx *f, unsigned int n, size_t *offs)
{
	struct dfod_lease l;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (offs)
			offs[i] = stats(f->db).journal_bytes;
		gen_lease(&l, SUBNET + 1 + i, i);
		assert_int_equal(dfod_leasedb_put(f->db, &l), 0);
	}
	if (offs)
		offs[n] = stats(f->db).journal_bytes;
	assert_int_equal(dfod_leasedb_sync(f->db), 0);
}

static void assert_first_n(struct fx *f, unsigned int n)
{
	struct dfod_lease l;
	unsigned int i;

	assert_int_equal(stats(f->db).leases, n);
	for (i = 0; i < n; i++) {
		gen_lease(&l, SUBNET + 1 + i, i);
		assert_lease(f->db, &l);
	}
}

/* ---- tests ---------------------------------------------------------------------- */

static void test_crc32c(void **state)
{
	static const char v[] = "123456789";
	uint8_t zeros[32] = { 0 };

	(void)state;
	/* The check value of CRC-32C, and the iSCSI test vector (RFC 3720 B.4). */
	assert_int_equal(dfod_crc32c(0, v, 9), 0xe3069283u);
	assert_int_equal(dfod_crc32c(dfod_crc32c(0, v, 4), v + 4, 5), 0xe3069283u);
	assert_int_equal(dfod_crc32c(0, zeros, 32), 0x8a9136aau);
}

static void test_indexes(void **state)
{
	struct fx *f = *state;
	struct dfod_lease a, b, c, *got;
	uint8_t hw[DFOD_HWADDR_MAX], hw_a[DFOD_HWADDR_MAX];

	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
	mk(&a, SUBNET + 10, DFOD_LEASE_ACTIVE, "\x01" "client-a", 0xa);
	mk(&b, SUBNET + 11, DFOD_LEASE_ACTIVE, NULL, 0xb);
	assert_int_equal(dfod_leasedb_put(f->db, &a), 0);
	assert_int_equal(dfod_leasedb_put(f->db, &b), 0);
	memcpy(hw_a, a.hw, sizeof(hw_a));
	assert_lease(f->db, &a);
	assert_lease(f->db, &b);
	assert_null(dfod_lease_by_addr(f->db, SUBNET + 12));

	/* By client-id; by hardware address only among leases without one. */
	got = dfod_lease_find_client(f->db, SUBNET, a.cid, a.cid_len, 1, a.hw, 6);
	assert_ptr_equal(got, dfod_lease_by_addr(f->db, a.addr));
	assert_null(dfod_lease_find_client(f->db, SUBNET, NULL, 0, 1, a.hw, 6));
	got = dfod_lease_find_client(f->db, SUBNET, NULL, 0, 1, b.hw, 6);
	assert_ptr_equal(got, dfod_lease_by_addr(f->db, b.addr));
	/* Another client-id with a's hardware address is another client (RFC 2131 4.2). */
	assert_null(dfod_lease_find_client(f->db, SUBNET, (const uint8_t *)"\x01x", 2, 1, a.hw, 6));
	/* b recorded no client-id: a client-id sent now still finds it by hardware address. */
	got = dfod_lease_find_client(f->db, SUBNET, (const uint8_t *)"\x01new", 4, 1, b.hw, 6);
	assert_ptr_equal(got, dfod_lease_by_addr(f->db, b.addr));
	/* Per subnet, per hardware type, per length. */
	assert_null(dfod_lease_find_client(f->db, SUBNET2, a.cid, a.cid_len, 1, a.hw, 6));
	assert_null(dfod_lease_find_client(f->db, SUBNET2, NULL, 0, 1, b.hw, 6));
	assert_null(dfod_lease_find_client(f->db, SUBNET, NULL, 0, 6, b.hw, 6));
	assert_null(dfod_lease_find_client(f->db, SUBNET, NULL, 0, 1, b.hw, 5));

	/* Replace: a takes a new client-id, b gains one; the old keys find nothing. */
	c = a;
	c.cid_len = 3;
	memcpy(c.cid, "\x01zz", 3);
	assert_int_equal(dfod_leasedb_put(f->db, &c), 0);
	assert_null(dfod_lease_find_client(f->db, SUBNET, a.cid, a.cid_len, 1, a.hw, 6));
	assert_non_null(dfod_lease_find_client(f->db, SUBNET, c.cid, c.cid_len, 1, c.hw, 6));
	c = b;
	c.cid_len = 2;
	memcpy(c.cid, "\x01q", 2);
	assert_int_equal(dfod_leasedb_put(f->db, &c), 0);
	assert_null(dfod_lease_find_client(f->db, SUBNET, NULL, 0, 1, b.hw, 6));
	assert_non_null(dfod_lease_find_client(f->db, SUBNET, c.cid, 2, 1, b.hw, 6));
	assert_int_equal(stats(f->db).leases, 2);

	/* Put from the stored lease itself (the caller's pointer aliases the store). */
	got = dfod_lease_by_addr(f->db, b.addr);
	c = *got;
	c.state = DFOD_LEASE_EXPIRED;
	assert_int_equal(dfod_leasedb_put(f->db, &c), 0);
	assert_int_equal(dfod_leasedb_put(f->db, got), 0);
	assert_int_equal(dfod_lease_by_addr(f->db, b.addr)->state, DFOD_LEASE_EXPIRED);

	/* Several leases of one client: the active one, then the latest. */
	mk(&a, SUBNET + 20, DFOD_LEASE_EXPIRED, NULL, 0x20);
	a.cltt = 5000;
	mk(&b, SUBNET + 21, DFOD_LEASE_ACTIVE, NULL, 0x20);
	mk(&c, SUBNET + 22, DFOD_LEASE_EXPIRED, NULL, 0x20);
	c.cltt = 6000;
	assert_int_equal(dfod_leasedb_put(f->db, &a), 0);
	assert_int_equal(dfod_leasedb_put(f->db, &b), 0);
	assert_int_equal(dfod_leasedb_put(f->db, &c), 0);
	memcpy(hw, a.hw, 6);
	assert_int_equal(dfod_lease_find_client(f->db, SUBNET, NULL, 0, 1, hw, 6)->addr, b.addr);
	assert_int_equal(dfod_leasedb_del(f->db, b.addr), 0);
	assert_int_equal(dfod_lease_find_client(f->db, SUBNET, NULL, 0, 1, hw, 6)->addr, c.addr);

	/* Delete removes it from every index. */
	assert_int_equal(dfod_leasedb_del(f->db, SUBNET + 10), 0);
	assert_null(dfod_lease_by_addr(f->db, SUBNET + 10));
	assert_null(dfod_lease_find_client(f->db, SUBNET, (const uint8_t *)"\x01zz", 3, 1, hw_a, 6));
	assert_int_equal(dfod_leasedb_del(f->db, SUBNET + 10), -ENOENT);
	assert_int_equal(dfod_leasedb_del(f->db, SUBNET + 21), -ENOENT);

	/* The same holds after a restart, from the journal and from a snapshot. */
	assert_int_equal(reopen(f), 0);
	assert_non_null(dfod_lease_find_client(f->db, SUBNET, (const uint8_t *)"\x01q", 2, 1, hw, 6));
	assert_int_equal(dfod_lease_find_client(f->db, SUBNET, NULL, 0, 1, hw, 6)->addr, c.addr);
	dfod_leasedb_close(f->db, true);
	f->db = NULL;
	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
	assert_int_equal(stats(f->db).leases, 3);
	assert_int_equal(stats(f->db).replayed, 0);
	assert_lease(f->db, &a);
	assert_lease(f->db, &c);
}

static void test_bad_input(void **state)
{
	struct fx *f = *state;
	struct dfod_lease l, ok;

	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
	mk(&ok, SUBNET + 1, DFOD_LEASE_ACTIVE, NULL, 1);
	assert_int_equal(dfod_leasedb_put(f->db, &ok), 0);
	assert_int_equal(dfod_leasedb_sync(f->db), 0);

	l = ok;
	l.state = 0;
	assert_int_equal(dfod_leasedb_put(f->db, &l), -EINVAL);
	l.state = 9;
	assert_int_equal(dfod_leasedb_put(f->db, &l), -EINVAL);
	l = ok;
	l.hlen = DFOD_HWADDR_MAX + 1;
	assert_int_equal(dfod_leasedb_put(f->db, &l), -EINVAL);
	l = ok;
	memset(l.host, 'x', sizeof(l.host));
	assert_int_equal(dfod_leasedb_put(f->db, &l), -EINVAL);
	l = ok;
	l.addr = 0;
	assert_int_equal(dfod_leasedb_put(f->db, &l), -EINVAL);
	l = ok;
	l.flags = 1u << 7;
	assert_int_equal(dfod_leasedb_put(f->db, &l), -EINVAL);
	assert_non_null(strstr(logbuf, "10.0.0.1"));
	/* Nothing changed, nothing journaled. */
	assert_false(dfod_leasedb_dirty(f->db));
	assert_lease(f->db, &ok);
	assert_int_equal(stats(f->db).leases, 1);
	assert_string_equal(dfod_lease_state_name(DFOD_LEASE_ACTIVE), "active");
	assert_string_equal(dfod_lease_state_name(DFOD_LEASE_OFFERED), "offered");
	assert_string_equal(dfod_lease_state_name(0), "unknown");
	assert_string_equal(dfod_lease_state_name(200), "unknown");
}

static int count_fn(const struct dfod_lease *l, void *arg)
{
	(void)l;
	return ++*(unsigned int *)arg == 7 ? 42 : 0;
}

static void test_list_foreach(void **state)
{
	struct fx *f = *state;
	struct dfod_lease l, *v;
	unsigned int i, cnt = 0;
	size_t n;

	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
	/* Put out of order, two subnets. */
	for (i = 0; i < 50; i++) {
		mk(&l, SUBNET + 1 + (i * 37) % 50, DFOD_LEASE_ACTIVE, NULL, i);
		assert_int_equal(dfod_leasedb_put(f->db, &l), 0);
		mk(&l, SUBNET2 + 1 + i, DFOD_LEASE_ACTIVE, NULL, i);
		assert_int_equal(dfod_leasedb_put(f->db, &l), 0);
	}
	assert_int_equal(dfod_leasedb_list(f->db, SUBNET, &v, &n), 0);
	assert_int_equal(n, 50);
	for (i = 0; i < n; i++) {
		assert_int_equal(v[i].addr, SUBNET + 1 + i);
		assert_null(v[i].next_addr);
	}
	free(v);
	assert_int_equal(dfod_leasedb_list(f->db, 0x0b000000, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_null(v);
	assert_int_equal(dfod_leasedb_foreach(f->db, count_fn, &cnt), 42);
	assert_int_equal(cnt, 7);
}

static void test_reopen_100k(void **state)
{
	struct fx *f = *state;
	const unsigned int n = 100000;
	struct dfod_lease l;
	unsigned int i;

	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 64ull << 20), 0);
	for (i = 0; i < n; i++) {
		gen_lease(&l, 0x0a000000 + i * 7 + 1, i);
		assert_int_equal(dfod_leasedb_put(f->db, &l), 0);
		if (i % 1000 == 999)
			assert_int_equal(dfod_leasedb_sync(f->db), 0);
	}
	/* Replace every third, delete every fifth. */
	for (i = 0; i < n; i += 3) {
		gen_lease(&l, 0x0a000000 + i * 7 + 1, i + n);
		assert_int_equal(dfod_leasedb_put(f->db, &l), 0);
	}
	for (i = 0; i < n; i += 5)
		assert_int_equal(dfod_leasedb_del(f->db, 0x0a000000 + i * 7 + 1), 0);
	assert_int_equal(dfod_leasedb_sync(f->db), 0);

	for (int round = 0; round < 2; round++) {
		/* Round 0: everything from the journal; round 1: from a snapshot. */
		if (round == 0) {
			assert_int_equal(reopen(f), 0);
			assert_int_equal(stats(f->db).replayed, n + (n + 2) / 3 + n / 5);
		} else {
			dfod_leasedb_close(f->db, true);
			f->db = NULL;
			assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
			assert_int_equal(stats(f->db).replayed, 0);
			assert_int_equal(file_size(f->journal), 0);
		}
		assert_int_equal(stats(f->db).leases, n - n / 5);
		for (i = 0; i < n; i++) {
			uint32_t addr = 0x0a000000 + i * 7 + 1;

			if (i % 5 == 0) {
				assert_null(dfod_lease_by_addr(f->db, addr));
				continue;
			}
			gen_lease(&l, addr, i % 3 ? i : i + n);
			assert_lease(f->db, &l);
			/* Short random client-ids repeat; long ones are unique. */
			if (l.cid_len >= 8)
				assert_ptr_equal(dfod_lease_find_client(f->db, l.subnet, l.cid,
									l.cid_len, 0, NULL, 0),
						 dfod_lease_by_addr(f->db, addr));
		}
	}
}

static void test_snapshot_then_journal(void **state)
{
	struct fx *f = *state;
	struct dfod_lease l;
	unsigned int i;

	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
	put_n(f, 100, NULL);
	assert_int_equal(dfod_leasedb_compact(f->db), 0);
	assert_int_equal(file_size(f->journal), 0);
	assert_int_equal(stats(f->db).journal_records, 0);
	/* After the snapshot: 10 replaced, 10 deleted, 10 new. */
	for (i = 0; i < 10; i++) {
		gen_lease(&l, SUBNET + 1 + i, 1000 + i);
		assert_int_equal(dfod_leasedb_put(f->db, &l), 0);
		assert_int_equal(dfod_leasedb_del(f->db, SUBNET + 51 + i), 0);
		gen_lease(&l, SUBNET + 201 + i, 2000 + i);
		assert_int_equal(dfod_leasedb_put(f->db, &l), 0);
	}
	assert_int_equal(dfod_leasedb_sync(f->db), 0);
	assert_int_equal(reopen(f), 0);
	assert_int_equal(stats(f->db).replayed, 30);
	assert_int_equal(stats(f->db).leases, 100);
	for (i = 0; i < 100; i++) {
		if (i >= 50 && i < 60) {
			assert_null(dfod_lease_by_addr(f->db, SUBNET + 1 + i));
			continue;
		}
		gen_lease(&l, SUBNET + 1 + i, i < 10 ? 1000 + i : i);
		assert_lease(f->db, &l);
	}
	for (i = 0; i < 10; i++) {
		gen_lease(&l, SUBNET + 201 + i, 2000 + i);
		assert_lease(f->db, &l);
	}
	/* Sequence numbers continue past the snapshot's: one more round trip. */
	gen_lease(&l, SUBNET + 300, 3000);
	assert_int_equal(dfod_leasedb_put(f->db, &l), 0);
	assert_int_equal(reopen(f), 0);
	assert_int_equal(stats(f->db).replayed, 31);
	assert_lease(f->db, &l);
	assert_int_equal(nerr + nwarn, 0);
}

/* Compaction automatically past the threshold (the agent's loop does what this does). */
static void test_want_compact(void **state)
{
	struct fx *f = *state;
	struct dfod_lease l;
	unsigned int i, compactions = 0;

	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 4096), 0);
	for (i = 0; i < 500; i++) {
		gen_lease(&l, SUBNET + 1 + i % 60, i);
		assert_int_equal(dfod_leasedb_put(f->db, &l), 0);
		assert_int_equal(dfod_leasedb_sync(f->db), 0);
		if (dfod_leasedb_want_compact(f->db)) {
			assert_int_equal(dfod_leasedb_compact(f->db), 0);
			assert_false(dfod_leasedb_want_compact(f->db));
			compactions++;
		}
	}
	assert_true(compactions > 5);
	assert_int_equal(reopen(f), 0);
	assert_int_equal(stats(f->db).leases, 60);
	for (i = 440; i < 500; i++) {
		gen_lease(&l, SUBNET + 1 + i % 60, i);
		assert_lease(f->db, &l);
	}
}

/*
 * A crash between the snapshot's rename and the journal's truncation leaves
 * records already folded into the snapshot: they are skipped, and the
 * journal continues after them.
 */
static void test_seq_skip(void **state)
{
	struct fx *f = *state;
	struct dfod_lease l;
	char tmp[160];
	uint8_t *old;
	size_t len;

	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
	put_n(f, 20, NULL);
	/* A delete too: replaying it over the snapshot would warn about a missing lease. */
	assert_int_equal(dfod_leasedb_del(f->db, SUBNET + 20), 0);
	assert_int_equal(dfod_leasedb_sync(f->db), 0);
	old = slurp(f->journal, &len);
	assert_true(len > 0);
	assert_int_equal(dfod_leasedb_compact(f->db), 0);
	dfod_leasedb_close(f->db, false);
	f->db = NULL;
	/* The truncation "did not happen"; a later compaction died before its rename. */
	spill(f->journal, old, len);
	free(old);
	snprintf(tmp, sizeof(tmp), "%s.tmp", f->snap);
	spill(tmp, (const uint8_t *)"half a snapshot", 15);

	log_reset();
	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
	assert_int_equal(stats(f->db).replayed, 0);
	assert_int_equal(stats(f->db).journal_records, 21);
	assert_int_equal(nwarn + nerr, 0);
	assert_first_n(f, 19);
	assert_int_equal(access(tmp, F_OK), -1);
	/* New records follow the old ones, numbered after the snapshot. */
	gen_lease(&l, SUBNET + 20, 777);
	assert_int_equal(dfod_leasedb_put(f->db, &l), 0);
	assert_int_equal(dfod_leasedb_sync(f->db), 0);
	assert_int_equal(reopen(f), 0);
	assert_int_equal(stats(f->db).replayed, 1);
	assert_int_equal(nwarn + nerr, 0);
	assert_lease(f->db, &l);
	assert_int_equal(stats(f->db).leases, 20);
	/* The next compaction empties the journal. */
	assert_int_equal(dfod_leasedb_compact(f->db), 0);
	assert_int_equal(file_size(f->journal), 0);
	assert_int_equal(reopen(f), 0);
	assert_int_equal(stats(f->db).leases, 20);
}

/* Cut (or zero) the journal inside its last record at every byte: the rest survives. */
static void test_torn_tail_every_offset(void **state)
{
	struct fx *f = *state;
	size_t offs[21], len, cut, last;
	uint8_t *full, *buf;
	int zero;

	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
	put_n(f, 20, offs);
	dfod_leasedb_close(f->db, false);
	f->db = NULL;
	full = slurp(f->journal, &len);
	last = offs[19];
	assert_int_equal(len, offs[20]);
	buf = malloc(len);
	assert_non_null(buf);

	for (zero = 0; zero < 2; zero++) {
		for (cut = last + 1; cut < len; cut++) {
			/* zero: the size reached the disk, the data did not (delayed allocation). */
			memcpy(buf, full, len);
			if (zero)
				memset(buf + cut, 0, len - cut);
			spill(f->journal, buf, zero ? len : cut);
			log_reset();
			if (dfod_leasedb_open(&f->db, f->dir, 0))
				fail_msg("cut at %zu (zero %d): %s", cut, zero, logbuf);
			assert_int_equal(stats(f->db).cut_bytes, (zero ? len : cut) - last);
			assert_int_equal(nwarn, 1);
			assert_int_equal(nerr, 0);
			assert_non_null(strstr(logbuf, f->journal));
			assert_first_n(f, 19);
			assert_null(dfod_lease_by_addr(f->db, SUBNET + 20));
			dfod_leasedb_close(f->db, false);
			f->db = NULL;
			assert_int_equal(file_size(f->journal), last);
		}
	}
	/* Once cut, the next start is clean and appends continue. */
	assert_int_equal(reopen(f), 0);
	assert_int_equal(stats(f->db).cut_bytes, 0);
	assert_int_equal(nwarn, 0);
	put_n(f, 21, NULL);
	assert_int_equal(reopen(f), 0);
	assert_first_n(f, 21);
	free(buf);
	free(full);
}

static void test_bad_crc_last_cut(void **state)
{
	struct fx *f = *state;
	size_t offs[21], len;
	uint8_t *buf;
	char off[32];

	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
	put_n(f, 20, offs);
	dfod_leasedb_close(f->db, false);
	f->db = NULL;
	buf = slurp(f->journal, &len);
	buf[offs[19] + REC_HDR + 3] ^= 0x40;
	spill(f->journal, buf, len);
	free(buf);
	assert_int_equal(reopen(f), 0);
	assert_int_equal(stats(f->db).cut_bytes, offs[20] - offs[19]);
	snprintf(off, sizeof(off), "offset %zu", offs[19]);
	assert_non_null(strstr(logbuf, off));
	assert_non_null(strstr(logbuf, "checksum"));
	assert_first_n(f, 19);
}

/* Records 1..@n in syncs of @every; offs[i]: journal offset of record i + 1. */
static void put_synced(struct fx *f, unsigned int n, unsigned int every, size_t *offs)
{
	struct dfod_lease l;
	unsigned int i;

	for (i = 0; i < n; i++) {
		offs[i] = stats(f->db).journal_bytes;
		gen_lease(&l, SUBNET + 1 + i, i);
		assert_int_equal(dfod_leasedb_put(f->db, &l), 0);
		if (i % every == every - 1)
			assert_int_equal(dfod_leasedb_sync(f->db), 0);
	}
	offs[n] = stats(f->db).journal_bytes;
	assert_int_equal(dfod_leasedb_sync(f->db), 0);
}

/* A bad record followed by a later sync sits in acknowledged data: refused. */
static void test_bad_middle_refuses(void **state)
{
	struct fx *f = *state;
	size_t offs[21], len, len2;
	uint8_t *buf, *after;
	char off[32];

	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
	put_synced(f, 20, 10, offs);
	assert_int_equal(stats(f->db).syncs, 2);
	dfod_leasedb_close(f->db, false);
	f->db = NULL;
	buf = slurp(f->journal, &len);

	/* A flipped bit in record 5: the first sync returned, the second was written after. */
	snprintf(off, sizeof(off), "offset %zu", offs[4]);
	buf[offs[4] + REC_HDR + 5] ^= 1;
	spill(f->journal, buf, len);
	log_reset();
	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), -EBADMSG);
	assert_null(f->db);
	assert_non_null(strstr(logbuf, f->journal));
	assert_non_null(strstr(logbuf, off));
	assert_non_null(strstr(logbuf, "later sync"));
	/* Refusing changes nothing on disk. */
	after = slurp(f->journal, &len2);
	assert_int_equal(len2, len);
	assert_memory_equal(after, buf, len);
	free(after);
	buf[offs[4] + REC_HDR + 5] ^= 1;

	/* A whole record missing: a gap in the sequence numbers. */
	snprintf(off, sizeof(off), "offset %zu", offs[9]);
	memmove(buf + offs[9], buf + offs[10], len - offs[10]);
	spill(f->journal, buf, len - (offs[10] - offs[9]));
	log_reset();
	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), -EBADMSG);
	assert_non_null(strstr(logbuf, "missing"));
	assert_non_null(strstr(logbuf, off));
	free(buf);
}

/*
 * A hole inside the last sync (a power cut wrote some of its pages, not
 * others): that sync never returned, so it is cut from the hole on, intact
 * records after the hole included.
 */
static void test_hole_in_last_sync_cut(void **state)
{
	struct fx *f = *state;
	size_t offs[21], len;
	uint8_t *buf;
	char off[32];

	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
	put_synced(f, 20, 10, offs);
	dfod_leasedb_close(f->db, false);
	f->db = NULL;
	buf = slurp(f->journal, &len);
	/* Records 15 and 16 never reached the disk; 17..20 did. */
	memset(buf + offs[14], 0, offs[16] - offs[14]);
	spill(f->journal, buf, len);
	free(buf);
	assert_int_equal(reopen(f), 0);
	snprintf(off, sizeof(off), "offset %zu", offs[14]);
	assert_non_null(strstr(logbuf, off));
	assert_non_null(strstr(logbuf, "4 intact records after it"));
	assert_int_equal(nwarn, 1);
	assert_int_equal(stats(f->db).cut_bytes, len - offs[14]);
	assert_int_equal(file_size(f->journal), offs[14]);
	assert_first_n(f, 14);
	/* Appending after the cut continues the numbering. */
	put_n(f, 20, NULL);
	assert_int_equal(reopen(f), 0);
	assert_int_equal(nwarn + nerr, 0);
	assert_first_n(f, 20);
}

/* The last record has a good frame but a bad field: refused, not cut. */
static void test_bad_contents_refuses(void **state)
{
	struct fx *f = *state;
	size_t offs[21], len, body;
	uint8_t *buf, *rec;
	uint32_t crc;

	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
	put_n(f, 20, offs);
	dfod_leasedb_close(f->db, false);
	f->db = NULL;
	buf = slurp(f->journal, &len);
	rec = buf + offs[19];
	body = rec[6] | rec[7] << 8;
	rec[REC_HDR + 8] = DFOD_LEASE_OFFERED;	/* the state byte */
	crc = dfod_crc32c(0, rec, REC_HDR + body);
	rec[REC_HDR + body] = crc;
	rec[REC_HDR + body + 1] = crc >> 8;
	rec[REC_HDR + body + 2] = crc >> 16;
	rec[REC_HDR + body + 3] = crc >> 24;
	spill(f->journal, buf, len);
	free(buf);
	log_reset();
	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), -EBADMSG);
	assert_non_null(strstr(logbuf, "OFFERED"));
	assert_int_equal(file_size(f->journal), len);
}

static void test_snapshot_corrupt_refuses(void **state)
{
	struct fx *f = *state;
	size_t len, i;
	uint8_t *good, *buf;
	/* Header magic, version, seq, count, header CRC, a record, the last byte. */
	const size_t at[] = { 0, 4, 9, 17, 25, 28 + 20, 28 + 200, 0 };
	char msg[192];

	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
	put_n(f, 20, NULL);
	dfod_leasedb_close(f->db, true);
	f->db = NULL;
	good = slurp(f->snap, &len);
	buf = malloc(len + 1);
	assert_non_null(buf);

	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		size_t pos = i == sizeof(at) / sizeof(at[0]) - 1 ? len - 1 : at[i];

		memcpy(buf, good, len);
		buf[pos] ^= 0x10;
		spill(f->snap, buf, len);
		log_reset();
		assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), -EBADMSG);
		assert_non_null(strstr(logbuf, f->snap));
		assert_non_null(strstr(logbuf, "offset"));
	}
	/* Truncated by one byte; one byte too many. */
	spill(f->snap, good, len - 1);
	assert_int_equal(reopen(f), -EBADMSG);
	snprintf(msg, sizeof(msg), "%s: offset", f->snap);
	assert_non_null(strstr(logbuf, msg));
	memcpy(buf, good, len);
	buf[len] = 0;
	spill(f->snap, buf, len + 1);
	assert_int_equal(reopen(f), -EBADMSG);
	snprintf(msg, sizeof(msg), "offset %zu: data after", len);
	assert_non_null(strstr(logbuf, msg));
	/* Restored: all there. */
	spill(f->snap, good, len);
	assert_int_equal(reopen(f), 0);
	assert_first_n(f, 20);
	free(buf);
	free(good);
}

static void test_offered_not_persisted(void **state)
{
	struct fx *f = *state;
	struct dfod_lease a, offer, n;

	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
	/* An offer of a fresh address: not journaled at all. */
	mk(&n, SUBNET + 5, DFOD_LEASE_OFFERED, "\x01new", 5);
	assert_int_equal(dfod_leasedb_put(f->db, &n), 0);
	assert_false(dfod_leasedb_dirty(f->db));
	assert_non_null(dfod_lease_find_client(f->db, SUBNET, n.cid, n.cid_len, 1, n.hw, 6));
	/* An offer over a durable lease: the durable one is what restarts see. */
	mk(&a, SUBNET + 6, DFOD_LEASE_EXPIRED, "\x01old", 6);
	assert_int_equal(dfod_leasedb_put(f->db, &a), 0);
	assert_int_equal(dfod_leasedb_sync(f->db), 0);
	mk(&offer, SUBNET + 6, DFOD_LEASE_OFFERED, "\x01other", 7);
	assert_int_equal(dfod_leasedb_put(f->db, &offer), 0);
	assert_false(dfod_leasedb_dirty(f->db));
	assert_lease(f->db, &offer);
	offer.end = 9999;	/* a second offer keeps hiding the same durable lease */
	assert_int_equal(dfod_leasedb_put(f->db, &offer), 0);

	assert_int_equal(reopen(f), 0);
	assert_null(dfod_lease_by_addr(f->db, n.addr));
	assert_lease(f->db, &a);
	assert_int_equal(stats(f->db).leases, 1);

	/* Through a snapshot taken while the offer is out. */
	assert_int_equal(dfod_leasedb_put(f->db, &offer), 0);
	assert_int_equal(dfod_leasedb_put(f->db, &n), 0);
	assert_int_equal(dfod_leasedb_compact(f->db), 0);
	assert_lease(f->db, &offer);
	assert_int_equal(reopen(f), 0);
	assert_lease(f->db, &a);
	assert_int_equal(stats(f->db).leases, 1);

	/* Offer accepted: the new lease replaces the durable one. */
	assert_int_equal(dfod_leasedb_put(f->db, &offer), 0);
	offer.state = DFOD_LEASE_ACTIVE;
	assert_int_equal(dfod_leasedb_put(f->db, &offer), 0);
	assert_true(dfod_leasedb_dirty(f->db));
	assert_int_equal(dfod_leasedb_compact(f->db), 0);
	assert_int_equal(reopen(f), 0);
	assert_lease(f->db, &offer);

	/* Deleting an offer: durable delete when it hid a lease, nothing otherwise. */
	offer.state = DFOD_LEASE_OFFERED;
	assert_int_equal(dfod_leasedb_put(f->db, &offer), 0);
	assert_int_equal(dfod_leasedb_put(f->db, &n), 0);
	assert_int_equal(dfod_leasedb_del(f->db, n.addr), 0);
	assert_false(dfod_leasedb_dirty(f->db));
	assert_int_equal(dfod_leasedb_del(f->db, offer.addr), 0);
	assert_true(dfod_leasedb_dirty(f->db));
	assert_int_equal(reopen(f), 0);
	assert_int_equal(stats(f->db).leases, 0);
	assert_int_equal(nwarn + nerr, 0);
}

static void test_group_commit(void **state)
{
	struct fx *f = *state;
	struct dfod_leasedb_stats st;
	struct dfod_lease l;
	unsigned int i;

	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
	assert_false(dfod_leasedb_dirty(f->db));
	for (i = 0; i < 100; i++) {
		gen_lease(&l, SUBNET + 1 + i, i);
		assert_int_equal(dfod_leasedb_put(f->db, &l), 0);
	}
	assert_int_equal(dfod_leasedb_del(f->db, SUBNET + 1), 0);
	assert_true(dfod_leasedb_dirty(f->db));
	st = stats(f->db);
	assert_int_equal(st.syncs, 0);
	assert_int_equal(st.journal_records, 101);
	/* Nothing reaches the file before the sync. */
	assert_int_equal(file_size(f->journal), 0);
	assert_int_equal(dfod_leasedb_sync(f->db), 0);
	st = stats(f->db);
	assert_int_equal(st.syncs, 1);
	assert_int_equal(st.synced_records, 101);
	assert_int_equal(file_size(f->journal), st.journal_bytes);
	assert_false(dfod_leasedb_dirty(f->db));
	/* A clean sync is free. */
	assert_int_equal(dfod_leasedb_sync(f->db), 0);
	assert_int_equal(stats(f->db).syncs, 1);
	gen_lease(&l, SUBNET + 1, 5);
	assert_int_equal(dfod_leasedb_put(f->db, &l), 0);
	assert_int_equal(dfod_leasedb_sync(f->db), 0);
	st = stats(f->db);
	assert_int_equal(st.syncs, 2);
	assert_int_equal(st.synced_records, 102);
}

/* A write that fails (here: file size limit) is reported, and stays failed. */
static void test_write_failure_sticky(void **state)
{
	struct fx *f = *state;
	struct rlimit old, lim;
	struct dfod_lease l;
	unsigned int i;
	off_t synced;
	int r;

	assert_int_equal(dfod_leasedb_open(&f->db, f->dir, 0), 0);
	put_n(f, 10, NULL);
	synced = file_size(f->journal);
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = synced + 500;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	for (i = 10; i < 40; i++) {
		gen_lease(&l, SUBNET + 1 + i, i);
		assert_int_equal(dfod_leasedb_put(f->db, &l), 0);
	}
	r = dfod_leasedb_sync(f->db);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_int_equal(r, -EFBIG);
	assert_non_null(strstr(logbuf, f->journal));
	/* Even with room again: the store does not pretend. */
	assert_int_equal(dfod_leasedb_sync(f->db), -EFBIG);
	assert_int_equal(dfod_leasedb_put(f->db, &l), -EFBIG);
	assert_int_equal(dfod_leasedb_del(f->db, SUBNET + 1), -EFBIG);
	assert_int_equal(dfod_leasedb_compact(f->db), -EFBIG);
	/* A restart keeps what was synced and cuts the partial write. */
	assert_int_equal(reopen(f), 0);
	assert_true(stats(f->db).leases >= 10);
	assert_true(stats(f->db).leases < 40);
	for (i = 0; i < stats(f->db).leases; i++) {
		gen_lease(&l, SUBNET + 1 + i, i);
		assert_lease(f->db, &l);
	}
}

/* ---- kill -9 ------------------------------------------------------------------- */

#define CRASH_ADDRS	500
#define CRASH_BATCH	8

enum { OP_PUT, OP_OFFER, OP_DEL };

struct op {
	int kind;
	struct dfod_lease l;
};

/* Operation @i of round @seed: deterministic, so that the parent can replay it. */
static void gen_op(uint64_t seed, uint64_t i, struct op *op)
{
	uint64_t s = seed * 1000003 + i, r = splitmix(&s);
	uint32_t addr = SUBNET + 1 + r % CRASH_ADDRS;

	r = splitmix(&s) % 100;
	op->kind = r < 70 ? OP_PUT : r < 85 ? OP_OFFER : OP_DEL;
	gen_lease(&op->l, addr, splitmix(&s));
	if (op->kind == OP_OFFER)
		op->l.state = DFOD_LEASE_OFFERED;
}

static unsigned int batch_size(uint64_t seed, uint64_t j)
{
	uint64_t s = seed * 7919 + j;

	return 1 + splitmix(&s) % CRASH_BATCH;
}

/* The sequence number in the snapshot's header, 0 without one. */
static uint64_t snap_seq(const char *path)
{
	uint8_t hdr[16];
	uint64_t seq = 0;
	int fd = open(path, O_RDONLY), i;

	if (fd < 0)
		return 0;
	assert_int_equal(read(fd, hdr, sizeof(hdr)), sizeof(hdr));
	close(fd);
	for (i = 7; i >= 0; i--)
		seq = seq << 8 | hdr[8 + i];
	return seq;
}

/* What a restart must show: the durable lease per address, and what memory holds. */
struct model {
	bool mem[CRASH_ADDRS], dur[CRASH_ADDRS];
	struct dfod_lease l[CRASH_ADDRS];
};

static void model_apply(struct model *m, const struct op *op)
{
	unsigned int k = op->l.addr - SUBNET - 1;

	switch (op->kind) {
	case OP_PUT:
		m->mem[k] = m->dur[k] = true;
		m->l[k] = op->l;
		break;
	case OP_OFFER:
		m->mem[k] = true;
		break;
	default:
		m->mem[k] = m->dur[k] = false;
	}
}

static bool model_matches(const struct model *m, struct dfod_leasedb *db)
{
	unsigned int k, n = 0;
	struct dfod_lease *got;

	for (k = 0; k < CRASH_ADDRS; k++) {
		got = dfod_lease_by_addr(db, SUBNET + 1 + k);
		if (!m->dur[k] != !got)
			return false;
		if (got && !lease_eq(got, &m->l[k]))
			return false;
		n += m->dur[k];
	}
	return stats(db).leases == n;
}

static void child_loop(const char *dir, uint64_t seed, int wfd)
{
	struct dfod_leasedb *db;
	uint64_t i = 0, j, done;
	unsigned int b;
	struct op op;
	int r;

	if (dfod_leasedb_open(&db, dir, 2048))
		_exit(2);
	for (j = 0;; j++) {
		for (b = batch_size(seed, j); b; b--) {
			gen_op(seed, i++, &op);
			if (op.kind == OP_DEL)
				r = dfod_leasedb_del(db, op.l.addr);
			else
				r = dfod_leasedb_put(db, &op.l);
			if (r && !(op.kind == OP_DEL && r == -ENOENT))
				_exit(3);
		}
		if (dfod_leasedb_sync(db))
			_exit(4);
		/* Acknowledged: every operation before @i is durable. */
		done = i;
		if (write(wfd, &done, sizeof(done)) != sizeof(done))
			_exit(5);
		if (dfod_leasedb_want_compact(db) && dfod_leasedb_compact(db))
			_exit(6);
	}
}

static void test_kill9(void **state)
{
	struct fx *f = *state;
	struct model *m = calloc(1, sizeof(*m)), *t = calloc(1, sizeof(*t));
	uint64_t seed, ack, acked, i, compactions = 0, cuts = 0, in_snap = 0, snap0;
	unsigned int rounds = 16, want, spin, k;
	struct op op;
	pid_t pid;
	int p[2], st;
	char tmp[160];
	bool found;

	snprintf(tmp, sizeof(tmp), "%s.tmp", f->snap);
	assert_non_null(m);
	assert_non_null(t);
	srand(12345);
	for (seed = 1; seed <= rounds; seed++) {
		snap0 = snap_seq(f->snap);
		assert_int_equal(pipe(p), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(p[0]);
			dfo_log_set_handler(NULL);
			dfo_log_set_level(DFO_LOG_WARN);
			child_loop(f->dir, seed, p[1]);
		}
		close(p[1]);
		/* Kill after a random number of acknowledgements and a random spin. */
		want = 20 + rand() % 300;
		acked = 0;
		for (k = 0; k < want && read(p[0], &ack, sizeof(ack)) == sizeof(ack); k++)
			acked = ack;
		assert_int_equal(k, want);
		for (spin = rand() % 200000; spin; spin--)
			__asm__ volatile("" ::: "memory");
		kill(pid, SIGKILL);
		assert_int_equal(waitpid(pid, &st, 0), pid);
		assert_true(WIFSIGNALED(st));
		/* Acknowledgements written before the kill count too. */
		while (read(p[0], &ack, sizeof(ack)) == sizeof(ack))
			acked = ack;
		close(p[0]);

		/* Killed while writing a snapshot: the temp file is left behind. */
		in_snap += access(tmp, F_OK) == 0;
		/* The model up to the last acknowledged operation... */
		for (i = 0; i < acked; i++) {
			gen_op(seed, i, &op);
			model_apply(m, &op);
		}
		assert_int_equal(reopen(f), 0);
		cuts += stats(f->db).cut_bytes != 0;
		/* ...or a little further: the batch in flight may have reached the disk. */
		*t = *m;
		found = model_matches(t, f->db);
		for (k = 0; !found && k < CRASH_BATCH; k++) {
			gen_op(seed, acked + k, &op);
			model_apply(t, &op);
			found = model_matches(t, f->db);
		}
		if (!found)
			fail_msg("round %llu: the leases after kill -9 are no prefix of the "
				 "operations from the %llu acknowledged on; log: %s",
				 (unsigned long long)seed, (unsigned long long)acked, logbuf);
		*m = *t;
		/* Offers die with the process. */
		memcpy(m->mem, m->dur, sizeof(m->mem));
		compactions += snap_seq(f->snap) != snap0;
		dfod_leasedb_close(f->db, false);
		f->db = NULL;
	}
	print_message("kill -9: %u rounds, %llu with a compaction, %llu killed inside one, "
		      "%llu with a cut tail\n", rounds, (unsigned long long)compactions,
		      (unsigned long long)in_snap, (unsigned long long)cuts);
	assert_true(compactions > 0);
	free(m);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32c),
		cmocka_unit_test_setup_teardown(test_indexes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_foreach, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen_100k, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_then_journal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_want_compact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seq_skip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_tail_every_offset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_crc_last_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_middle_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hole_in_last_sync_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_contents_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_corrupt_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_offered_not_persisted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_failure_sticky, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill9, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
