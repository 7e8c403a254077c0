// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The DHCP engine (userspace/dhcpfod/dhcp.c) driven directly: requests are
 * built as frames (tests/lib/frame.c), their UDP payload handed to
 * dfod_dhcp_handle() with an ingress context and a clock the test moves,
 * and the replies decoded here. Every RFC 2131 path the engine takes, the
 * failover rules (pool split, 256 buckets over a primary and a secondary,
 * PARTNER_DOWN after MCLT, lease time capped by MCLT), and parity with the
 * XDP program on the same frames (BPF_PROG_TEST_RUN; skipped without BPF).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <linux/bpf.h>

#include "agentfix.h"
#include "datapath.h"
#include "dhcpfod/dhcp.h"
#include "dhcpfod/dhcpio.h"
#include "frame.h"
#include "dhcpfod/lease.h"
#include "log.h"
#include "dhcpfod/maps.h"
#include "policy.h"
#include "dhcpfod/pool.h"
#include "rfc3074.h"
#include "dhcpfod/state.h"
#include "xdprun.h"

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define SUBNET		IP(10, 1, 0, 0)
#define MASK		0xffffff00u
#define IF_ADDR		IP(10, 1, 0, 1)		/* the interface; primary in a relationship */
#define PARTNER		IP(10, 1, 0, 2)		/* the secondary */
#define RANGE_LO	IP(10, 1, 0, 100)
#define RANGE_HI	IP(10, 1, 0, 119)
#define EXCL_LO		IP(10, 1, 0, 105)
#define EXCL_HI		IP(10, 1, 0, 107)
#define RESV		IP(10, 1, 0, 110)
#define POOL_N		16			/* 20 - 3 excluded - 1 reserved */
#define SCOPE2		IP(10, 2, 0, 0)		/* relayed / option 118 scope */
#define LEASE		86400
#define MCLT		3600
#define T0		1700000000ull

static const uint8_t RESV_MAC[6] = { 0x02, 0, 0, 0, 0, 0x99 };

struct env {
	char dir[64];
	struct dfod_state st;
	struct dfod_leasedb *db;
	struct dfod_dhcp *e;
	struct dfod_dhcp_ingress in;
	uint64_t now;
	struct dfod_dhcp_reply rep;
	struct dfod_rel *rel;
};

static void mac_of(unsigned int i, uint8_t mac[6])
{
	mac[0] = 0x02;
	mac[1] = 0x10;
	mac[2] = (i >> 24) & 0xff;
	mac[3] = (i >> 16) & 0xff;
	mac[4] = (i >> 8) & 0xff;
	mac[5] = i & 0xff;
}

static struct dfod_scope *add_scope(struct env *v, uint32_t subnet, uint32_t lo, uint32_t hi,
				    uint8_t type, uint32_t slot)
{
	struct dfod_scope *s = dfod_scope_new();
	struct dfod_range r = { .start = lo, .end = hi, .type = type };

	assert_non_null(s);
	s->addr = subnet;
	s->mask = MASK;
	s->plen = 24;
	s->lease = LEASE;
	s->slot = slot;
	assert_int_equal(dfod_scope_range_add(s, &r), 0);
	assert_int_equal(dfod_state_scope_add(&v->st, s), 0);
	return s;
}

static void set_opt(struct dfod_scope *s, uint8_t code, uint8_t type, const char *json)
{
	json_object *vals = json_tokener_parse(json);

	assert_non_null(vals);
	assert_int_equal(dfod_scope_opt_set(s, code, type, vals), 0);
	json_object_put(vals);
}

/* Scope 10.1.0.0/24: range .100-.119, exclusion .105-.107, reservation .110, options. */
static void env_open(struct env *v)
{
	struct dfod_dhcp_conf conf = { .offer_hold = 30, .decline_hold = 86400 };
	struct dfod_resv rv = { .addr = RESV, .hwlen = 6, .name = "printer" };
	struct dfod_excl ex = { .start = EXCL_LO, .end = EXCL_HI };
	struct dfod_scope *s;

	memset(v, 0, sizeof(*v));
	agentfix_mkdtemp(v->dir, "dhcp-engine");
	assert_int_equal(dfod_state_init(&v->st, 64), 0);
	s = add_scope(v, SUBNET, RANGE_LO, RANGE_HI, DFOD_RANGE_DHCP, 1);
	assert_int_equal(dfod_scope_excl_add(s, &ex), 0);
	memcpy(rv.hw, RESV_MAC, 6);
	assert_int_equal(dfod_scope_resv_add(s, &rv), 0);
	set_opt(s, 3, DFOD_OPT_IPADDRESS, "[\"10.1.0.1\"]");
	set_opt(s, 6, DFOD_OPT_IPADDRESS, "[\"10.1.0.53\", \"10.1.0.54\"]");
	set_opt(s, 15, DFOD_OPT_STRING, "[\"example.test\"]");
	set_opt(s, 26, DFOD_OPT_WORD, "[1400]");
	set_opt(s, 43, DFOD_OPT_BINARY, "[\"0102ff\"]");
	add_scope(v, SCOPE2, SCOPE2 + 10, SCOPE2 + 20, DFOD_RANGE_DHCP, 2);
	assert_int_equal(dfod_leasedb_open(&v->db, v->dir, 0), 0);
	assert_int_equal(dfod_dhcp_new(&v->e, &v->st, v->db, &conf), 0);
	v->in.ifindex = 1;
	v->in.addrs_be[0] = htonl(IF_ADDR);
	v->in.n_addr = 1;
	v->in.dst_be = htonl(0xffffffff);
	v->now = T0;
}

static void env_close(struct env *v)
{
	dfod_dhcp_free(v->e);
	dfod_leasedb_close(v->db, false);
	dfod_state_free(&v->st);
	agentfix_rmdir(v->dir);
}

/* Put the main scope in a load-balance relationship; this server is @role. */
static void env_rel(struct env *v, uint8_t role, uint8_t state, uint8_t mode, uint8_t pct)
{
	struct dfod_rel *r = dfod_rel_new();

	assert_non_null(r);
	free(r->name);
	r->name = strdup("rel");
	r->id = 1;
	r->primary = IF_ADDR;
	r->secondary = PARTNER;
	r->mode = mode;
	r->server_type = role;
	r->state = state;
	r->percentage = pct;
	r->key_mode = DFO_KEY_CLIENT_ID;
	r->mclt = MCLT;
	r->safe_period = DFOD_SAFE_PERIOD_OFF;
	r->state_time = v->now;
	r->scopes = malloc(sizeof(uint32_t));
	r->scopes[0] = SUBNET;
	r->n_scopes = 1;
	assert_int_equal(dfod_state_rel_add(&v->st, r), 0);
	v->rel = r;
	dfod_dhcp_config_changed(v->e);
}

static void env_state(struct env *v, uint8_t state)
{
	struct dfod_rel nv = *v->rel;

	nv.prev_state = v->rel->state;
	nv.state = state;
	nv.state_time = v->now;
	assert_int_equal(dfod_state_rel_update(&v->st, v->rel, &nv), 0);
	dfod_dhcp_config_changed(v->e);
}

static int setup(void **state)
{
	struct env *v = calloc(1, sizeof(*v));

	if (!v)
		return -1;
	env_open(v);
	*state = v;
	return 0;
}

static int teardown(void **state)
{
	struct env *v = *state;

	env_close(v);
	free(v);
	return 0;
}

/* ---- requests and replies ---------------------------------------------- */

static void rq(struct dfo_frame *f, int type, const uint8_t mac[6])
{
	dfo_frame_init(f, type, mac);
	f->saddr_be = 0;
}

static void rq_addr(struct dfo_frame *f, uint8_t code, uint32_t addr)
{
	assert_true(dfo_frame_opt_u32(f, code, htonl(addr)));
}

/* Hand the UDP payload of @f to the engine; 1 when it replied. */
static int run(struct env *v, struct dfo_frame *f)
{
	uint8_t buf[DFO_FRAME_MAX];
	size_t len, off;

	dfo_frame_end(f);
	len = dfo_frame_build(f, buf, sizeof(buf));
	assert_true(len > 0);
	off = dfo_frame_bootp_off(f);
	v->in.dst_be = f->daddr_be;
	memset(&v->rep, 0, sizeof(v->rep));
	return dfod_dhcp_handle(v->e, buf + off, len - off, &v->in, v->now, &v->rep);
}

static const uint8_t *ropt(const struct dfod_dhcp_reply *r, uint8_t code, size_t *len)
{
	size_t i = 240;

	assert_true(r->len >= 240);
	while (i < r->len && r->buf[i] != 255) {
		if (r->buf[i] == 0) {
			i++;
			continue;
		}
		assert_true(i + 2 <= r->len && i + 2 + r->buf[i + 1] <= r->len);
		if (r->buf[i] == code) {
			*len = r->buf[i + 1];
			return r->buf + i + 2;
		}
		i += 2 + r->buf[i + 1];
	}
	return NULL;
}

/* Option codes of the reply in wire order. */
static size_t rcodes(const struct dfod_dhcp_reply *r, uint8_t *out, size_t cap)
{
	size_t i = 240, n = 0;

	while (i < r->len && r->buf[i] != 255 && n < cap) {
		if (r->buf[i] == 0) {
			i++;
			continue;
		}
		out[n++] = r->buf[i];
		i += 2 + r->buf[i + 1];
	}
	return n;
}

static uint32_t ropt_u32(const struct dfod_dhcp_reply *r, uint8_t code)
{
	size_t len = 0;
	const uint8_t *d = ropt(r, code, &len);

	assert_non_null(d);
	assert_int_equal(len, 4);
	return (uint32_t)d[0] << 24 | d[1] << 16 | d[2] << 8 | d[3];
}

static int rtype(const struct dfod_dhcp_reply *r)
{
	size_t len = 0;
	const uint8_t *d = ropt(r, 53, &len);

	return d && len == 1 ? d[0] : 0;
}

static uint32_t rfield(const struct dfod_dhcp_reply *r, size_t off)
{
	return (uint32_t)r->buf[off] << 24 | r->buf[off + 1] << 16 | r->buf[off + 2] << 8 |
	       r->buf[off + 3];
}

#define YIADDR(r)	rfield(r, 16)
#define CIADDR(r)	rfield(r, 12)

static uint32_t discover(struct env *v, const uint8_t mac[6])
{
	struct dfo_frame f;

	rq(&f, 1, mac);
	if (run(v, &f) != 1)
		return 0;
	assert_int_equal(rtype(&v->rep), 2);
	return YIADDR(&v->rep);
}

static int select_req(struct env *v, const uint8_t mac[6], uint32_t addr, uint32_t sid)
{
	struct dfo_frame f;

	rq(&f, 3, mac);
	rq_addr(&f, 54, sid);
	rq_addr(&f, 50, addr);
	return run(v, &f);
}

/* DISCOVER + REQUEST; the address acknowledged, 0 when none. */
static uint32_t dora(struct env *v, const uint8_t mac[6], uint32_t sid)
{
	uint32_t a = discover(v, mac);

	if (!a)
		return 0;
	assert_int_equal(select_req(v, mac, a, sid), 1);
	assert_int_equal(rtype(&v->rep), 5);
	assert_int_equal(YIADDR(&v->rep), a);
	assert_true(v->rep.durable);
	return a;
}

static const struct dfod_lease *lease_at(struct env *v, uint32_t a)
{
	return dfod_lease_by_addr(v->db, a);
}

static uint64_t leases(struct env *v)
{
	struct dfod_leasedb_stats s;

	dfod_leasedb_get_stats(v->db, &s);
	return s.leases;
}

static bool pool_addr(uint32_t a)
{
	return a >= RANGE_LO && a <= RANGE_HI && !(a >= EXCL_LO && a <= EXCL_HI) && a != RESV;
}

/* ---- RFC 2131 paths ---------------------------------------------------- */

static void test_dora(void **state)
{
	struct env *v = *state;
	uint8_t mac[6];
	struct dfo_frame f;
	const struct dfod_lease *l;
	uint32_t a;

	mac_of(1, mac);
	a = discover(v, mac);
	assert_true(pool_addr(a));
	assert_false(v->rep.durable);
	assert_int_equal(v->rep.dest, DFOD_DEST_HWADDR);	/* no broadcast flag: to chaddr */
	assert_int_equal(ntohl(v->rep.dst_be), a);
	assert_int_equal(ntohl(v->rep.src_be), IF_ADDR);
	assert_int_equal(ropt_u32(&v->rep, 54), IF_ADDR);
	assert_int_equal(ropt_u32(&v->rep, 51), LEASE);
	assert_int_equal(ropt_u32(&v->rep, 58), LEASE / 2);
	assert_int_equal(ropt_u32(&v->rep, 59), LEASE * 7 / 8);
	assert_int_equal(ropt_u32(&v->rep, 1), MASK);
	/* No parameter request list: every option, computed broadcast included. */
	assert_int_equal(ropt_u32(&v->rep, 28), SUBNET | 0xff);
	assert_int_equal(ropt_u32(&v->rep, 3), IF_ADDR);
	assert_null(lease_at(v, a));	/* an offer is no lease */

	/* A retransmitted DISCOVER gets the same offer. */
	assert_int_equal(discover(v, mac), a);

	assert_int_equal(select_req(v, mac, a, IF_ADDR), 1);
	assert_int_equal(rtype(&v->rep), 5);
	assert_int_equal(YIADDR(&v->rep), a);
	assert_true(v->rep.durable);
	l = lease_at(v, a);
	assert_non_null(l);
	assert_int_equal(l->state, DFOD_LEASE_ACTIVE);
	assert_int_equal(l->subnet, SUBNET);
	assert_int_equal(l->end, T0 + LEASE);
	assert_memory_equal(l->hw, mac, 6);

	/* With the broadcast flag the reply is broadcast out of the interface. */
	mac_of(2, mac);
	rq(&f, 1, mac);
	f.flags = DFOD_BROADCAST_FLAG;
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(v->rep.dest, DFOD_DEST_BROADCAST);
	assert_int_equal(v->rep.dst_be, 0xffffffff);
	assert_int_equal(v->rep.ifindex, 1);
}

/* RFC 2131 4.4.5: 0 < T1 < T2 < lease; a time that cannot keep that order is left out. */
static void test_short_lease_times(void **state)
{
	struct env *v = *state;
	struct dfod_scope *s = dfod_scope_find(&v->st, SUBNET);
	uint8_t mac[6];
	uint32_t secs;

	for (secs = 1; secs <= 40; secs++) {
		size_t len;
		bool t1, t2;

		s->lease = secs;
		dfod_dhcp_config_changed(v->e);
		mac_of(secs, mac);
		assert_true(discover(v, mac));
		assert_int_equal(ropt_u32(&v->rep, 51), secs);
		t1 = ropt(&v->rep, 58, &len) != NULL;
		t2 = ropt(&v->rep, 59, &len) != NULL;
		if (t2)
			assert_true(ropt_u32(&v->rep, 59) > 0 && ropt_u32(&v->rep, 59) < secs);
		if (t1)
			assert_true(ropt_u32(&v->rep, 58) > 0 &&
				    ropt_u32(&v->rep, 58) < (t2 ? ropt_u32(&v->rep, 59) : secs));
		if (secs >= 8)
			assert_true(t1 && t2);
		v->now += 31;
		dfod_dhcp_tick(v->e, v->now);
	}
}

static void test_offer_hold(void **state)
{
	struct env *v = *state;
	uint32_t got[POOL_N + 1];
	uint8_t mac[6];
	unsigned int i, j;

	/* Offers alone hold the whole pool: the next client gets nothing. */
	for (i = 0; i < POOL_N; i++) {
		mac_of(i, mac);
		got[i] = discover(v, mac);
		assert_true(pool_addr(got[i]));
		for (j = 0; j < i; j++)
			assert_int_not_equal(got[i], got[j]);
	}
	mac_of(POOL_N, mac);
	assert_int_equal(discover(v, mac), 0);
	assert_int_equal(dfod_dhcp_stats(v->e)->dropped[DFOD_DROP_NO_ADDRESS], 1);
	/* Past --offer-hold they are free again. */
	v->now += 31;
	dfod_dhcp_tick(v->e, v->now);
	assert_true(pool_addr(discover(v, mac)));
}

/*
 * Offers live in memory for --offer-hold seconds, one per client that asks:
 * a flood of DISCOVERs from spoofed MACs over a large pool must not grow
 * them without bound. Past the limit an offer is still sent but not held
 * (an offer promises nothing, RFC 2131 4.3.1), and its REQUEST is still
 * acknowledged while the address is free.
 */
static void test_offers_bounded(void **state)
{
	struct env *v = *state;
	struct dfod_dhcp_conf conf = { .offer_hold = 30, .decline_hold = 86400,
				       .offers_max = 4 };
	json_object *js;
	uint32_t got[8];
	uint8_t mac[6];
	unsigned int i;

	dfod_dhcp_free(v->e);
	assert_int_equal(dfod_dhcp_new(&v->e, &v->st, v->db, &conf), 0);
	for (i = 0; i < 8; i++) {
		mac_of(i, mac);
		got[i] = discover(v, mac);
		assert_true(pool_addr(got[i]));
	}
	js = dfod_dhcp_stats_json(v->e);
	assert_non_null(js);
	assert_int_equal(json_object_get_int64(json_object_object_get(js, "offers_held")), 4);
	assert_int_equal(json_object_get_int64(json_object_object_get(js, "offers_not_held")), 4);
	json_object_put(js);
	/* An offer that was not held is acknowledged all the same. */
	mac_of(7, mac);
	assert_int_equal(select_req(v, mac, got[7], IF_ADDR), 1);
	assert_int_equal(rtype(&v->rep), 5);
}

/*
 * The wall clock steps back (NTP, an operator): an offer made before must
 * not then be held for the size of the step on top of --offer-hold.
 */
static void test_offer_clock_back(void **state)
{
	struct env *v = *state;
	uint8_t mac[6];
	json_object *js;

	mac_of(1, mac);
	assert_true(discover(v, mac));
	v->now -= 3600;
	dfod_dhcp_tick(v->e, v->now);
	js = dfod_dhcp_stats_json(v->e);
	assert_non_null(js);
	assert_int_equal(json_object_get_int64(json_object_object_get(js, "offers_held")), 0);
	json_object_put(js);
}

static void test_selecting(void **state)
{
	struct env *v = *state;
	struct dfo_frame f;
	uint8_t m1[6], m2[6];
	uint32_t a, b;

	mac_of(1, m1);
	mac_of(2, m2);
	a = discover(v, m1);
	assert_true(a);
	/*
	 * An address it cannot have (excluded) instead of the one offered:
	 * NAK, broadcast (RFC 2131 4.1). A free one would be acknowledged
	 * (test_selecting_without_offer).
	 */
	assert_int_equal(select_req(v, m1, EXCL_LO, IF_ADDR), 1);
	assert_int_equal(rtype(&v->rep), 6);
	assert_int_equal(v->rep.dest, DFOD_DEST_BROADCAST);
	assert_int_equal(YIADDR(&v->rep), 0);
	assert_null(ropt(&v->rep, 51, &(size_t){ 0 }));

	/* The client chose another server: no reply, our offer is withdrawn. */
	a = discover(v, m1);
	assert_int_equal(select_req(v, m1, a, IP(10, 1, 0, 77)), 0);
	assert_int_equal(dfod_dhcp_stats(v->e)->dropped[DFOD_DROP_OTHER_SERVER], 1);
	assert_null(lease_at(v, a));
	/* The withdrawn address is free again: another client may have it. */
	rq(&f, 1, m2);
	rq_addr(&f, 50, a);
	assert_int_equal(run(v, &f), 1);
	b = YIADDR(&v->rep);
	assert_int_equal(b, a);

	/* A REQUEST for the offer of another client: NAK. */
	assert_int_equal(select_req(v, m1, b, IF_ADDR), 1);
	assert_int_equal(rtype(&v->rep), 6);
	assert_null(lease_at(v, b));
}

/*
 * RFC 2131 4.3.2: a selecting REQUEST is NAKed only when the server cannot
 * satisfy it. An offer is not a promise (4.3.1): one that lapsed, or was
 * lost in a restart, is no reason to NAK an address that is still free and
 * this server's to give (Kea allocates it the same way).
 */
static void test_selecting_without_offer(void **state)
{
	struct env *v = *state;
	struct dfod_dhcp_conf conf = { .offer_hold = 30, .decline_hold = 86400 };
	uint8_t m1[6], m2[6];
	uint32_t a, b;

	mac_of(1, m1);
	mac_of(2, m2);
	a = discover(v, m1);
	assert_true(a);
	v->now += 31;
	dfod_dhcp_tick(v->e, v->now);
	assert_int_equal(select_req(v, m1, a, IF_ADDR), 1);
	assert_int_equal(rtype(&v->rep), 5);
	assert_int_equal(YIADDR(&v->rep), a);
	assert_memory_equal(lease_at(v, a)->hw, m1, 6);

	/* The engine restarted between OFFER and REQUEST: same answer. */
	b = discover(v, m2);
	assert_true(b && b != a);
	dfod_dhcp_free(v->e);
	assert_int_equal(dfod_dhcp_new(&v->e, &v->st, v->db, &conf), 0);
	assert_int_equal(select_req(v, m2, b, IF_ADDR), 1);
	assert_int_equal(rtype(&v->rep), 5);

	/* Still NAKed: another client's address, and one outside the pool. */
	assert_int_equal(select_req(v, m2, a, IF_ADDR), 1);
	assert_int_equal(rtype(&v->rep), 6);
	assert_int_equal(select_req(v, m2, EXCL_LO, IF_ADDR), 1);
	assert_int_equal(rtype(&v->rep), 6);
}

/*
 * RFC 2131 4.3.2: ciaddr MUST be 0 in SELECTING. A client that fills it in
 * anyway (RFC 1541 clients, ISC dhcpd's comment) does not hold that
 * address yet: the ACK follows the broadcast flag and chaddr, not ciaddr.
 */
static void test_selecting_with_ciaddr(void **state)
{
	struct env *v = *state;
	uint8_t mac[6];
	struct dfo_frame f;
	uint32_t a;

	mac_of(1, mac);
	a = discover(v, mac);
	assert_true(a);
	rq(&f, 3, mac);
	f.ciaddr_be = htonl(IP(10, 1, 0, 50));
	rq_addr(&f, 54, IF_ADDR);
	rq_addr(&f, 50, a);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 5);
	assert_int_equal(YIADDR(&v->rep), a);
	assert_int_equal(v->rep.dest, DFOD_DEST_HWADDR);
	assert_int_equal(ntohl(v->rep.dst_be), a);
	/* With the broadcast flag: broadcast. */
	rq(&f, 3, mac);
	f.ciaddr_be = htonl(IP(10, 1, 0, 50));
	f.flags = DFOD_BROADCAST_FLAG;
	rq_addr(&f, 54, IF_ADDR);
	rq_addr(&f, 50, a);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 5);
	assert_int_equal(v->rep.dest, DFOD_DEST_BROADCAST);
}

static void test_init_reboot(void **state)
{
	struct env *v = *state;
	uint8_t m1[6], m2[6], m3[6];
	struct dfo_frame f;
	uint32_t a;

	mac_of(1, m1);
	mac_of(2, m2);
	mac_of(3, m3);
	a = dora(v, m1, IF_ADDR);

	/* Its own lease: ACK. */
	rq(&f, 3, m1);
	rq_addr(&f, 50, a);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 5);
	assert_int_equal(YIADDR(&v->rep), a);

	/* Wrong subnet: NAK. */
	rq(&f, 3, m1);
	rq_addr(&f, 50, IP(192, 168, 9, 9));
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 6);

	/* Leased to another client: NAK, and the lease stays. */
	rq(&f, 3, m2);
	rq_addr(&f, 50, a);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 6);
	assert_memory_equal(lease_at(v, a)->hw, m1, 6);

	/* Excluded or reserved for another: NAK. */
	rq(&f, 3, m2);
	rq_addr(&f, 50, EXCL_LO);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 6);
	rq(&f, 3, m2);
	rq_addr(&f, 50, RESV);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 6);

	/* No record of the client, free address: silence (RFC 2131 4.3.2). */
	rq(&f, 3, m3);
	rq_addr(&f, 50, RANGE_HI);
	assert_int_equal(run(v, &f), 0);
	assert_int_equal(dfod_dhcp_stats(v->e)->dropped[DFOD_DROP_UNKNOWN_CLIENT], 1);
	assert_null(lease_at(v, RANGE_HI));
}

static void test_renew_rebind(void **state)
{
	struct env *v = *state;
	uint8_t m1[6], m2[6], m3[6];
	struct dfo_frame f;
	uint32_t a, b;

	mac_of(1, m1);
	mac_of(2, m2);
	mac_of(3, m3);
	a = dora(v, m1, IF_ADDR);
	b = dora(v, m2, IF_ADDR);
	v->now += 1000;

	/* Renewing: unicast to us, ciaddr set -> ACK to ciaddr, lease extended. */
	rq(&f, 3, m1);
	f.ciaddr_be = htonl(a);
	f.daddr_be = htonl(IF_ADDR);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 5);
	assert_int_equal(v->rep.dest, DFOD_DEST_CIADDR);
	assert_int_equal(ntohl(v->rep.dst_be), a);
	assert_int_equal(CIADDR(&v->rep), a);
	assert_int_equal(lease_at(v, a)->end, v->now + LEASE);

	/* Rebinding (broadcast) for an address leased to another: NAK. */
	rq(&f, 3, m1);
	f.ciaddr_be = htonl(b);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 6);
	assert_memory_equal(lease_at(v, b)->hw, m2, 6);

	/* Unknown lease on a free address of ours: taken over (docs/dhcp.md). */
	rq(&f, 3, m3);
	f.ciaddr_be = htonl(RANGE_HI);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 5);
	assert_int_equal(lease_at(v, RANGE_HI)->state, DFOD_LEASE_ACTIVE);

	/* An address of the subnet outside every range: NAK. */
	rq(&f, 3, m3);
	f.ciaddr_be = htonl(IP(10, 1, 0, 50));
	f.giaddr_be = htonl(IP(10, 1, 0, 254));
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 6);
	assert_int_equal(v->rep.dest, DFOD_DEST_RELAY);
	assert_int_equal(v->rep.buf[10] & 0x80, 0x80);	/* relayed NAK: broadcast bit */
}

/*
 * The client's host name (option 12) is recorded with its lease (shown by
 * GetClientInfo); a renewal without the option keeps it rather than
 * erasing it (ISC dhcpd keeps it the same way).
 */
static void test_host_name_kept(void **state)
{
	struct env *v = *state;
	uint8_t mac[6];
	struct dfo_frame f;
	uint32_t a;

	mac_of(1, mac);
	a = discover(v, mac);
	rq(&f, 3, mac);
	rq_addr(&f, 54, IF_ADDR);
	rq_addr(&f, 50, a);
	assert_true(dfo_frame_opt(&f, 12, 6, "laptop"));
	assert_int_equal(run(v, &f), 1);
	assert_string_equal(lease_at(v, a)->host, "laptop");
	rq(&f, 3, mac);
	f.ciaddr_be = htonl(a);
	f.daddr_be = htonl(IF_ADDR);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 5);
	assert_string_equal(lease_at(v, a)->host, "laptop");
	/* A new name replaces it. */
	rq(&f, 3, mac);
	f.ciaddr_be = htonl(a);
	f.daddr_be = htonl(IF_ADDR);
	assert_true(dfo_frame_opt(&f, 12, 7, "desktop"));
	assert_int_equal(run(v, &f), 1);
	assert_string_equal(lease_at(v, a)->host, "desktop");
}

static void test_decline_release(void **state)
{
	struct env *v = *state;
	uint8_t m1[6], m2[6], m3[6];
	struct dfo_frame f;
	const struct dfod_lease *l;
	uint32_t a, b;
	unsigned int i;

	mac_of(1, m1);
	mac_of(2, m2);
	mac_of(3, m3);
	a = dora(v, m1, IF_ADDR);
	b = dora(v, m2, IF_ADDR);

	/* A DECLINE from a client that does not hold the address: ignored. */
	rq(&f, 4, m2);
	rq_addr(&f, 50, a);
	assert_int_equal(run(v, &f), 0);
	assert_int_equal(lease_at(v, a)->state, DFOD_LEASE_ACTIVE);
	assert_int_equal(dfod_dhcp_stats(v->e)->dropped[DFOD_DROP_NOT_OURS], 1);

	rq(&f, 4, m1);
	rq_addr(&f, 50, a);
	rq_addr(&f, 54, IF_ADDR);
	assert_int_equal(run(v, &f), 0);
	l = lease_at(v, a);
	assert_int_equal(l->state, DFOD_LEASE_ABANDONED);
	assert_int_equal(l->end, v->now + 86400);
	/* Quarantined: the client gets another address, nobody gets this one. */
	for (i = 10; i < 10 + POOL_N; i++) {
		mac_of(i, m3);
		assert_int_not_equal(discover(v, m3), a);
	}
	assert_int_not_equal(dora(v, m1, IF_ADDR), a);

	/* RELEASE only from the owner. */
	rq(&f, 7, m1);
	f.ciaddr_be = htonl(b);
	assert_int_equal(run(v, &f), 0);
	assert_int_equal(lease_at(v, b)->state, DFOD_LEASE_ACTIVE);
	rq(&f, 7, m2);
	f.ciaddr_be = htonl(b);
	assert_int_equal(run(v, &f), 0);
	assert_int_equal(lease_at(v, b)->state, DFOD_LEASE_RELEASED);
	assert_int_equal(dfod_dhcp_stats(v->e)->released, 1);
	/* The released client comes back to its address. */
	v->now += 31;
	dfod_dhcp_tick(v->e, v->now);
	assert_int_equal(dora(v, m2, IF_ADDR), b);
}

static void test_inform(void **state)
{
	struct env *v = *state;
	uint8_t mac[6];
	struct dfo_frame f;

	mac_of(1, mac);
	rq(&f, 8, mac);
	f.ciaddr_be = htonl(IP(10, 1, 0, 5));
	f.daddr_be = htonl(IF_ADDR);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 5);
	assert_int_equal(YIADDR(&v->rep), 0);
	assert_int_equal(CIADDR(&v->rep), IP(10, 1, 0, 5));
	assert_int_equal(v->rep.dest, DFOD_DEST_CIADDR);
	assert_null(ropt(&v->rep, 51, &(size_t){ 0 }));
	assert_null(ropt(&v->rep, 58, &(size_t){ 0 }));
	assert_memory_equal(ropt(&v->rep, 6, &(size_t){ 0 }), "\x0a\x01\x00\x35\x0a\x01\x00\x36", 8);
	assert_int_equal(leases(v), 0);
}

/*
 * RFC 2131 4.3.5: the DHCPACK to a DHCPINFORM is unicast to ciaddr, relayed
 * or not (ISC dhcpd and Kea do the same): a relay could not deliver it, as
 * yiaddr is 0. Without ciaddr a relayed INFORM is answered through the
 * relay with the broadcast bit, so that the relay can deliver it at all.
 */
static void test_inform_relayed(void **state)
{
	struct env *v = *state;
	uint8_t mac[6];
	struct dfo_frame f;

	mac_of(1, mac);
	rq(&f, 8, mac);
	f.ciaddr_be = htonl(SCOPE2 + 50);
	f.giaddr_be = htonl(SCOPE2 + 1);
	f.daddr_be = htonl(IF_ADDR);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 5);
	assert_int_equal(v->rep.dest, DFOD_DEST_CIADDR);
	assert_int_equal(ntohl(v->rep.dst_be), SCOPE2 + 50);
	assert_int_equal(v->rep.dport, 68);
	assert_int_equal(CIADDR(&v->rep), SCOPE2 + 50);

	rq(&f, 8, mac);
	f.giaddr_be = htonl(SCOPE2 + 1);
	f.daddr_be = htonl(IF_ADDR);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 5);
	assert_int_equal(v->rep.dest, DFOD_DEST_RELAY);
	assert_int_equal(ntohl(v->rep.dst_be), SCOPE2 + 1);
	assert_int_equal(v->rep.dport, 67);
	assert_int_equal(v->rep.buf[10] & 0x80, 0x80);
	assert_null(ropt(&v->rep, 51, &(size_t){ 0 }));
}

static void test_bootp(void **state)
{
	struct env *v = *state;
	struct dfo_frame f;
	struct dfod_scope *s;
	const struct dfod_lease *l;
	uint8_t mac[6];
	uint32_t a;

	/* The main scope has DHCP ranges only: no BOOTP service. */
	mac_of(1, mac);
	rq(&f, 0, mac);
	assert_int_equal(run(v, &f), 0);
	assert_int_equal(dfod_dhcp_stats(v->e)->dropped[DFOD_DROP_BOOTP], 1);

	/* A 'both' range serves it: BOOTREPLY, no option 53, infinite lease. */
	s = dfod_scope_find(&v->st, SUBNET);
	assert_int_equal(dfod_scope_range_set_type(s, RANGE_LO, RANGE_HI, DFOD_RANGE_BOTH), 0);
	dfod_dhcp_config_changed(v->e);
	rq(&f, 0, mac);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 0);
	assert_int_equal(v->rep.buf[0], 2);
	assert_int_equal(v->rep.type, DFOD_BOOTP);
	assert_true(v->rep.durable);
	a = YIADDR(&v->rep);
	assert_true(pool_addr(a));
	assert_int_equal(ropt_u32(&v->rep, 1), MASK);
	assert_null(ropt(&v->rep, 51, &(size_t){ 0 }));
	assert_int_equal(v->rep.len, 300);
	l = lease_at(v, a);
	assert_non_null(l);
	assert_int_equal(l->end, DFOD_LEASE_FOREVER);
	assert_true(l->flags & DFOD_LEASE_F_BOOTP);
	/* Asking again: the same address. */
	rq(&f, 0, mac);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(YIADDR(&v->rep), a);
}

static void test_reservation(void **state)
{
	struct env *v = *state;
	uint8_t mac[6];
	size_t len = 0;
	const uint8_t *d;
	unsigned int i;

	assert_int_equal(dora(v, RESV_MAC, IF_ADDR), RESV);
	d = ropt(&v->rep, 12, &len);
	assert_non_null(d);
	assert_int_equal(len, 7);
	assert_memory_equal(d, "printer", 7);
	assert_true(lease_at(v, RESV)->flags & DFOD_LEASE_F_RESERVED);
	/* Nobody else ever gets it, nor an excluded address, and all are distinct. */
	for (i = 0; i < POOL_N; i++) {
		uint32_t a;

		mac_of(i, mac);
		a = dora(v, mac, IF_ADDR);
		assert_true(pool_addr(a));
	}
	mac_of(POOL_N, mac);
	assert_int_equal(discover(v, mac), 0);
	assert_int_equal(leases(v), POOL_N + 1);
}

/* A lease of client @mac on @addr, as an earlier run or configuration left it. */
static void put_lease(struct env *v, uint32_t addr, const uint8_t mac[6], uint8_t state,
		      uint64_t end)
{
	struct dfod_lease l;

	memset(&l, 0, sizeof(l));
	l.addr = addr;
	l.subnet = SUBNET;
	l.state = state;
	l.htype = 1;
	l.hlen = 6;
	memcpy(l.hw, mac, 6);
	l.start = l.cltt = v->now - 100;
	l.end = l.pexp = end;
	assert_int_equal(dfod_leasedb_put(v->db, &l), 0);
}

/*
 * A client has one binding per subnet: one that takes a new address has
 * given up the old one (RFC 2131 4.4.1: a client in INIT has no address;
 * Kea removes the previous lease the same way). The old address must not
 * stay held for a client that no longer uses it.
 */
static void test_new_binding_frees_old(void **state)
{
	struct env *v = *state;
	uint8_t m1[6], m2[6];
	struct dfo_frame f;
	uint32_t a;

	/* The reserved client still holds a dynamic lease from before its reservation. */
	put_lease(v, RANGE_LO, RESV_MAC, DFOD_LEASE_ACTIVE, v->now + LEASE);
	assert_int_equal(dora(v, RESV_MAC, IF_ADDR), RESV);
	assert_false(dfod_dhcp_lease_in_use(lease_at(v, RANGE_LO), v->now));
	mac_of(1, m1);
	rq(&f, 1, m1);
	rq_addr(&f, 50, RANGE_LO);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(YIADDR(&v->rep), RANGE_LO);

	/* A renewing client that keeps another free address lets its old one go. */
	mac_of(2, m2);
	a = dora(v, m2, IF_ADDR);
	rq(&f, 3, m2);
	f.ciaddr_be = htonl(RANGE_HI);
	f.daddr_be = htonl(IF_ADDR);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 5);
	assert_true(dfod_dhcp_lease_in_use(lease_at(v, RANGE_HI), v->now));
	assert_false(dfod_dhcp_lease_in_use(lease_at(v, a), v->now));
}

/*
 * A reservation made while its address is leased to another client: the
 * reserved client is served from the pool meanwhile (as Kea does), the
 * other client is NAKed at its next renewal and its lease on the address
 * released (RFC 2131 4.3.2: the client's notion of its address is wrong),
 * and then the reserved client is moved to its reservation.
 */
static void test_reservation_taken(void **state)
{
	struct env *v = *state;
	struct dfo_frame f;
	uint8_t m1[6];
	uint32_t a;

	mac_of(1, m1);
	put_lease(v, RESV, m1, DFOD_LEASE_ACTIVE, v->now + LEASE);
	a = dora(v, RESV_MAC, IF_ADDR);
	assert_true(pool_addr(a));
	assert_false(lease_at(v, a)->flags & DFOD_LEASE_F_RESERVED);
	/* Renewing the pool address is fine while the reservation is taken. */
	rq(&f, 3, RESV_MAC);
	f.ciaddr_be = htonl(a);
	f.daddr_be = htonl(IF_ADDR);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 5);

	/* The other client renews the reserved address: NAK, and its lease goes. */
	rq(&f, 3, m1);
	f.ciaddr_be = htonl(RESV);
	f.daddr_be = htonl(IF_ADDR);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 6);
	assert_false(dfod_dhcp_lease_in_use(lease_at(v, RESV), v->now));

	/* Now the reserved client is NAKed off the pool address, and gets its own. */
	rq(&f, 3, RESV_MAC);
	f.ciaddr_be = htonl(a);
	f.daddr_be = htonl(IF_ADDR);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 6);
	assert_false(dfod_dhcp_lease_in_use(lease_at(v, a), v->now));
	assert_int_equal(dora(v, RESV_MAC, IF_ADDR), RESV);
	assert_true(lease_at(v, RESV)->flags & DFOD_LEASE_F_RESERVED);
}

static void test_exhaust_reclaim(void **state)
{
	struct env *v = *state;
	uint8_t mac[6];
	uint32_t first = 0, a;
	unsigned int i;

	for (i = 0; i < POOL_N; i++) {
		mac_of(i, mac);
		a = dora(v, mac, IF_ADDR);
		assert_true(pool_addr(a));
		if (!first)
			first = a;
	}
	mac_of(100, mac);
	assert_int_equal(discover(v, mac), 0);
	/* The leases run out: the tick expires them (journaled), a new client gets one. */
	v->now += LEASE + 1;
	assert_int_equal(dfod_dhcp_tick(v->e, v->now), POOL_N);
	assert_int_equal(lease_at(v, first)->state, DFOD_LEASE_EXPIRED);
	assert_true(dfod_leasedb_dirty(v->db));
	a = discover(v, mac);
	assert_true(pool_addr(a));
	/* An old client comes back to its own expired address. */
	mac_of(5, mac);
	a = dora(v, mac, IF_ADDR);
	assert_memory_equal(lease_at(v, a)->hw, mac, 6);
}

/*
 * A nearly full pool under a storm of DISCOVERs whose offers are all
 * withdrawn (the clients take another server's): the few free addresses
 * go round and round, and must be found without walking the whole pool
 * and the lease store again for every DISCOVER (CPU per request must not
 * grow with the pool; bench/dhcp_engine_bench measures it).
 */
static void test_alloc_without_rescans(void **state)
{
	struct env *v = *state;
	uint8_t mac[6];
	unsigned int i;
	uint32_t a;
	uint64_t before;

	for (i = 0; i < POOL_N - 2; i++) {
		mac_of(i, mac);
		assert_true(dora(v, mac, IF_ADDR));
	}
	before = dfod_dhcp_stats(v->e)->alloc_rebuilds;
	for (i = 1000; i < 1200; i++) {
		mac_of(i, mac);
		a = discover(v, mac);
		assert_true(pool_addr(a));
		assert_int_equal(select_req(v, mac, a, IP(10, 1, 0, 77)), 0);
	}
	assert_true(dfod_dhcp_stats(v->e)->alloc_rebuilds - before <= 1);
	/* A full pool: no offer, and still no walk per DISCOVER. */
	for (i = 0; i < 2; i++) {
		mac_of(2000 + i, mac);
		assert_true(dora(v, mac, IF_ADDR));
	}
	before = dfod_dhcp_stats(v->e)->alloc_rebuilds;
	for (i = 3000; i < 3100; i++) {
		mac_of(i, mac);
		assert_int_equal(discover(v, mac), 0);
	}
	assert_true(dfod_dhcp_stats(v->e)->alloc_rebuilds - before <= 1);
	/* A lease released becomes available at once. */
	mac_of(2000, mac);
	{
		struct dfo_frame f;
		uint32_t b = dfod_lease_find_client(v->db, SUBNET, NULL, 0, 1, mac, 6)->addr;

		rq(&f, 7, mac);
		f.ciaddr_be = htonl(b);
		f.daddr_be = htonl(IF_ADDR);
		assert_int_equal(run(v, &f), 0);
		mac_of(4000, mac);
		assert_int_equal(discover(v, mac), b);
	}
}

static void test_requested_address(void **state)
{
	struct env *v = *state;
	struct dfo_frame f;
	uint8_t mac[6];

	mac_of(1, mac);
	rq(&f, 1, mac);
	rq_addr(&f, 50, RANGE_HI);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(YIADDR(&v->rep), RANGE_HI);
	/* An excluded one is not honoured. */
	mac_of(2, mac);
	rq(&f, 1, mac);
	rq_addr(&f, 50, EXCL_LO);
	assert_int_equal(run(v, &f), 1);
	assert_true(pool_addr(YIADDR(&v->rep)));
}

static void test_options_prl_and_size(void **state)
{
	struct env *v = *state;
	static const uint8_t prl[] = { 6, 3, 15, 26, 1 };
	uint8_t codes[64], mac[6], big[200];
	struct dfo_frame f;
	size_t n, i, pos[256];
	struct dfod_scope *s;

	mac_of(1, mac);
	rq(&f, 1, mac);
	assert_true(dfo_frame_opt(&f, 55, sizeof(prl), prl));
	assert_int_equal(run(v, &f), 1);
	n = rcodes(&v->rep, codes, sizeof(codes));
	memset(pos, 0xff, sizeof(pos));
	for (i = 0; i < n; i++)
		pos[codes[i]] = i;
	/* 53 first, then 54, 51, 58, 59, 1, then the list's order; unrequested ones not sent. */
	assert_int_equal(codes[0], 53);
	assert_int_equal(codes[1], 54);
	assert_true(pos[51] < pos[6] && pos[1] < pos[6]);
	assert_true(pos[6] < pos[3] && pos[3] < pos[15] && pos[15] < pos[26]);
	assert_true(pos[28] == (size_t)-1 && pos[43] == (size_t)-1);
	assert_memory_equal(ropt(&v->rep, 26, &(size_t){ 0 }), "\x05\x78", 2);	/* word 1400 */

	/* A large option is left out, not cut, when the client's size is 576. */
	memset(big, 'x', sizeof(big));
	s = dfod_scope_find(&v->st, SUBNET);
	{
		char json[700], one[201];

		memcpy(one, big, 200);
		one[200] = '\0';
		snprintf(json, sizeof(json), "[\"%s\", \"%s\", \"%s\"]", one, one, one);
		set_opt(s, 66, DFOD_OPT_STRING, json);
	}
	dfod_dhcp_config_changed(v->e);
	mac_of(2, mac);
	rq(&f, 1, mac);
	assert_true(dfo_frame_opt(&f, 55, 2, (uint8_t[]){ 66, 1 }));
	assert_int_equal(run(v, &f), 1);
	assert_true(v->rep.len <= 576 - 28);
	assert_null(ropt(&v->rep, 66, &(size_t){ 0 }));
	assert_int_equal(ropt_u32(&v->rep, 1), MASK);
	/* With option 57 = 1500 it fits, split per RFC 3396. */
	mac_of(3, mac);
	rq(&f, 1, mac);
	assert_true(dfo_frame_opt(&f, 55, 2, (uint8_t[]){ 66, 1 }));
	assert_true(dfo_frame_opt(&f, 57, 2, (uint8_t[]){ 1500 >> 8, 1500 & 0xff }));
	assert_int_equal(run(v, &f), 1);
	assert_true(v->rep.len > 600);
}

static void test_relay_and_selection(void **state)
{
	struct env *v = *state;
	static const uint8_t rai[] = { 1, 4, 'p', 'o', 'r', 't' };
	uint8_t codes[64], mac[6];
	struct dfo_frame f;
	size_t n;
	uint32_t a;

	/* Relayed: the scope of giaddr, the reply to the relay, option 82 last. */
	mac_of(1, mac);
	rq(&f, 1, mac);
	f.giaddr_be = htonl(SCOPE2 + 1);
	assert_true(dfo_frame_opt(&f, 82, sizeof(rai), rai));
	assert_int_equal(run(v, &f), 1);
	a = YIADDR(&v->rep);
	assert_true(a >= SCOPE2 + 10 && a <= SCOPE2 + 20);
	assert_int_equal(v->rep.dest, DFOD_DEST_RELAY);
	assert_int_equal(ntohl(v->rep.dst_be), SCOPE2 + 1);
	assert_int_equal(v->rep.dport, 67);
	n = rcodes(&v->rep, codes, sizeof(codes));
	assert_int_equal(codes[n - 1], 82);

	/* Option 118 wins over giaddr. */
	mac_of(2, mac);
	rq(&f, 1, mac);
	f.giaddr_be = htonl(SCOPE2 + 1);
	rq_addr(&f, 118, SUBNET);
	assert_int_equal(run(v, &f), 1);
	assert_true(pool_addr(YIADDR(&v->rep)));

	/* No scope: nothing. */
	mac_of(3, mac);
	rq(&f, 1, mac);
	f.giaddr_be = htonl(IP(10, 9, 0, 1));
	assert_int_equal(run(v, &f), 0);
	assert_int_equal(dfod_dhcp_stats(v->e)->dropped[DFOD_DROP_NO_SCOPE], 1);

	/* Disabled scope: no service. */
	dfod_scope_find(&v->st, SUBNET)->enabled = false;
	dfod_dhcp_config_changed(v->e);
	rq(&f, 1, mac);
	assert_int_equal(run(v, &f), 0);
	assert_int_equal(dfod_dhcp_stats(v->e)->dropped[DFOD_DROP_DISABLED], 1);
}

/*
 * RFC 3046 section 2.2: option 82 is echoed in all replies, also from a
 * layer-2 agent that inserts it without setting giaddr (the reply is then
 * broadcast on the link, and the agent strips the option again).
 */
static void test_relay_info_without_giaddr(void **state)
{
	struct env *v = *state;
	static const uint8_t rai[] = { 1, 3, 'e', 't', '1', 2, 2, 0xab, 0xcd };
	uint8_t codes[64], mac[6];
	const uint8_t *d;
	struct dfo_frame f;
	size_t n, len = 0;

	mac_of(1, mac);
	rq(&f, 1, mac);
	assert_true(dfo_frame_opt(&f, 82, sizeof(rai), rai));
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 2);
	n = rcodes(&v->rep, codes, sizeof(codes));
	assert_int_equal(codes[n - 1], 82);
	d = ropt(&v->rep, 82, &len);
	assert_int_equal(len, sizeof(rai));
	assert_memory_equal(d, rai, sizeof(rai));
	/* A NAK carries it too. */
	rq(&f, 3, mac);
	rq_addr(&f, 50, IP(192, 168, 9, 9));
	assert_true(dfo_frame_opt(&f, 82, sizeof(rai), rai));
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 6);
	assert_non_null(ropt(&v->rep, 82, &len));
}

/* RFC 3011 section 3: the subnet selection option comes back, identical, unasked. */
static void test_subnet_selection_echo(void **state)
{
	struct env *v = *state;
	static const uint8_t prl[] = { 1, 3 };
	uint8_t mac[6];
	struct dfo_frame f;
	uint32_t a;

	mac_of(1, mac);
	rq(&f, 1, mac);
	f.giaddr_be = htonl(SCOPE2 + 1);
	rq_addr(&f, 118, SUBNET);
	assert_true(dfo_frame_opt(&f, 55, sizeof(prl), prl));
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 2);
	a = YIADDR(&v->rep);
	assert_true(pool_addr(a));
	assert_int_equal(ropt_u32(&v->rep, 118), SUBNET);
	rq(&f, 3, mac);
	f.giaddr_be = htonl(SCOPE2 + 1);
	rq_addr(&f, 118, SUBNET);
	rq_addr(&f, 54, IF_ADDR);
	rq_addr(&f, 50, a);
	assert_true(dfo_frame_opt(&f, 55, sizeof(prl), prl));
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 5);
	assert_int_equal(ropt_u32(&v->rep, 118), SUBNET);
}

/*
 * Configurations with nothing to give: a scope without ranges gets no
 * OFFER (a DISCOVER is never NAKed, RFC 2131 4.3.1) and NAKs a REQUEST for
 * an address it cannot give; with no scope at all nothing is answered.
 */
static void test_nothing_to_give(void **state)
{
	struct env *v = *state;
	struct dfod_scope *s = dfod_scope_find(&v->st, SUBNET);
	const struct dfod_dhcp_stats *st = dfod_dhcp_stats(v->e);
	uint8_t mac[6];
	struct dfo_frame f;

	assert_int_equal(dfod_scope_range_del(s, RANGE_LO, RANGE_HI), 0);
	dfod_dhcp_config_changed(v->e);
	mac_of(1, mac);
	assert_int_equal(discover(v, mac), 0);
	assert_int_equal(st->dropped[DFOD_DROP_NO_ADDRESS], 1);
	rq(&f, 3, mac);
	rq_addr(&f, 50, RANGE_LO);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 6);
	/* The reservation is still served: it is no range address. */
	assert_int_equal(dora(v, RESV_MAC, IF_ADDR), RESV);

	dfod_state_scope_del(&v->st, SUBNET);
	dfod_state_scope_del(&v->st, SCOPE2);
	dfod_dhcp_config_changed(v->e);
	assert_int_equal(discover(v, mac), 0);
	assert_int_equal(st->dropped[DFOD_DROP_NO_SCOPE], 1);
	assert_int_equal(st->received, st->replied[DFOD_TX_OFFER] + st->replied[DFOD_TX_ACK] +
					       st->replied[DFOD_TX_NAK] + 2);
}

static void test_malformed(void **state)
{
	struct env *v = *state;
	uint8_t buf[DFO_FRAME_MAX], mac[6];
	struct dfo_frame f;
	size_t len, off, cut;
	uint64_t before;

	mac_of(1, mac);
	dora(v, mac, IF_ADDR);
	before = leases(v);
	/* Every truncation of a valid REQUEST: no reply, no change. */
	rq(&f, 3, mac);
	rq_addr(&f, 50, RANGE_LO);
	rq_addr(&f, 54, IF_ADDR);
	dfo_frame_end(&f);
	f.bootp_min = 0;
	len = dfo_frame_build(&f, buf, sizeof(buf));
	off = dfo_frame_bootp_off(&f);
	for (cut = 0; cut < 236; cut++)
		assert_int_equal(dfod_dhcp_handle(v->e, buf + off, cut, &v->in, v->now, &v->rep), 0);
	/* An option running past the end. */
	rq(&f, 1, mac);
	f.opts[f.opts_len++] = 12;
	f.opts[f.opts_len++] = 200;
	f.bootp_min = 0;
	len = dfo_frame_build(&f, buf, sizeof(buf));
	assert_int_equal(dfod_dhcp_handle(v->e, buf + off, len - off, &v->in, v->now, &v->rep), 0);
	/* Option 53 of two bytes; hlen 17; a BOOTREPLY. */
	rq(&f, 0, mac);
	assert_true(dfo_frame_opt(&f, 53, 2, (uint8_t[]){ 1, 1 }));
	assert_int_equal(run(v, &f), 0);
	rq(&f, 1, mac);
	f.hlen = 17;
	assert_int_equal(run(v, &f), 0);
	rq(&f, 1, mac);
	f.op = 2;
	assert_int_equal(run(v, &f), 0);
	/* hlen 0 and no client-id: nobody to lease to. */
	rq(&f, 1, mac);
	f.hlen = 0;
	assert_int_equal(run(v, &f), 0);
	assert_true(dfod_dhcp_stats(v->e)->dropped[DFOD_DROP_MALFORMED] >= 236 + 5);
	assert_int_equal(leases(v), before);
	assert_int_equal(dfod_dhcp_stats(v->e)->replied[DFOD_TX_NAK], 0);
}

/* ---- failover ---------------------------------------------------------- */

static uint8_t bucket_of(const uint8_t mac[6])
{
	return dfo_rfc3074_hash(mac, 6);
}

/* The first test MAC whose bucket is @b. */
static void mac_in_bucket(unsigned int b, uint8_t mac[6])
{
	unsigned int i;

	for (i = 0; i < 1u << 20; i++) {
		mac_of(i, mac);
		if (bucket_of(mac) == b)
			return;
	}
	fail_msg("no MAC for bucket %u", b);
}

static void test_256_buckets(void **state)
{
	struct env *p = *state, s;
	struct dfo_rel compiled;
	uint8_t mac[6];
	unsigned int b, np = 0;

	env_open(&s);
	env_rel(p, DFO_ROLE_PRIMARY, DFO_FSM_NORMAL, DFO_MODE_LOAD_BALANCE, 50);
	env_rel(&s, DFO_ROLE_SECONDARY, DFO_FSM_NORMAL, DFO_MODE_LOAD_BALANCE, 50);
	assert_int_equal(dfod_maps_rel_value(p->rel, &compiled), 0);
	for (b = 0; b < 256; b++) {
		int rp, rs;

		mac_in_bucket(b, mac);
		rp = discover(p, mac) != 0;
		rs = discover(&s, mac) != 0;
		/* Exactly one answers, the owner of the bucket. */
		assert_int_equal(rp + rs, 1);
		assert_int_equal(rp, dfo_hba_test(compiled.hba, b));
		np += rp;
		/* Offers do not exhaust the 8 addresses each: let them lapse. */
		p->now += 31;
		s.now += 31;
		dfod_dhcp_tick(p->e, p->now);
		dfod_dhcp_tick(s.e, s.now);
	}
	assert_int_equal(np, dfo_hba__primary_buckets(50));
	assert_int_equal(dfod_dhcp_stats(p->e)->dropped[DFOD_DROP_PARTNER], 256 - np);
	assert_int_equal(dfod_dhcp_stats(s.e)->dropped[DFOD_DROP_PARTNER], np);
	env_close(&s);
}

static void test_partner_addresses(void **state)
{
	struct env *v = *state;
	struct dfod_scope *s = dfod_scope_find(&v->st, SUBNET);
	uint8_t mac[6];
	unsigned int b, n = 0;
	uint32_t a;

	/* Secondary in NORMAL, 50 %: it owns the upper 8 pool addresses. */
	env_rel(v, DFO_ROLE_SECONDARY, DFO_FSM_NORMAL, DFO_MODE_LOAD_BALANCE, 50);
	for (b = 0; b < 256 && n < 8; b++) {
		mac_in_bucket(b, mac);
		a = dora(v, mac, PARTNER);
		if (!a)
			continue;	/* the primary's client */
		assert_int_equal(dfod_pool_owner(s, v->rel, a), DFOD_OWNER_SECONDARY);
		/* Lease time: min(scope lease, MCLT). */
		assert_int_equal(ropt_u32(&v->rep, 51), MCLT);
		assert_int_equal(lease_at(v, a)->end, v->now + MCLT);
		n++;
	}
	assert_int_equal(n, 8);
	/* The next client of ours finds our half full: never one of the primary's. */
	mac_in_bucket(b, mac);
	assert_true(b >= dfo_hba__primary_buckets(50));
	assert_int_equal(discover(v, mac), 0);
	assert_int_equal(dfod_dhcp_stats(v->e)->dropped[DFOD_DROP_NO_ADDRESS], 1);
}

static void test_partner_down_mclt(void **state)
{
	struct env *v = *state;
	struct dfod_scope *s = dfod_scope_find(&v->st, SUBNET);
	uint8_t mac[6];
	unsigned int i;
	uint32_t a;

	env_rel(v, DFO_ROLE_SECONDARY, DFO_FSM_NORMAL, DFO_MODE_LOAD_BALANCE, 50);
	env_state(v, DFO_FSM_PARTNER_DOWN);
	/* Everyone is answered now, but from our 8 addresses only. */
	v->now += MCLT / 2;	/* leases (MCLT long) outlive the MCLT wait below */
	for (i = 0; i < 8; i++) {
		mac_of(i, mac);
		a = dora(v, mac, PARTNER);
		assert_int_equal(dfod_pool_owner(s, v->rel, a), DFOD_OWNER_SECONDARY);
	}
	mac_of(8, mac);
	assert_int_equal(discover(v, mac), 0);
	/* MCLT after entering PARTNER_DOWN the partner's free addresses are ours too. */
	v->now += MCLT / 2 - 1;
	dfod_dhcp_tick(v->e, v->now);
	a = discover(v, mac);
	if (a)
		fail_msg("got %08x (owner %d) before MCLT", a, dfod_pool_owner(s, v->rel, a));
	v->now += 1;
	a = dora(v, mac, PARTNER);
	assert_int_equal(dfod_pool_owner(s, v->rel, a), DFOD_OWNER_PRIMARY);
}

static void test_hot_standby_and_states(void **state)
{
	struct env *v = *state;
	uint8_t mac[6];
	struct dfo_frame f;
	uint32_t a;

	/* The standby answers no DISCOVER in NORMAL. */
	env_rel(v, DFO_ROLE_SECONDARY, DFO_FSM_NORMAL, DFO_MODE_HOT_STANDBY, 5);
	mac_of(1, mac);
	assert_int_equal(discover(v, mac), 0);
	/* COMMUNICATION_INT: it answers, from its reserve (5 % of 16 = 1 address). */
	env_state(v, DFO_FSM_COMMUNICATION_INT);
	a = dora(v, mac, PARTNER);
	assert_int_equal(a, RANGE_HI);
	/* STARTUP: only a renewal unicast to it. */
	env_state(v, DFO_FSM_STARTUP);
	mac_of(2, mac);
	assert_int_equal(discover(v, mac), 0);
	assert_true(dfod_dhcp_stats(v->e)->dropped[DFOD_DROP_BY_STATE] >= 1);
	mac_of(1, mac);
	rq(&f, 3, mac);
	f.ciaddr_be = htonl(a);
	f.daddr_be = htonl(PARTNER);
	assert_int_equal(run(v, &f), 1);
	assert_int_equal(rtype(&v->rep), 5);
	/* A rebind (broadcast) is not answered in STARTUP. */
	rq(&f, 3, mac);
	f.ciaddr_be = htonl(a);
	assert_int_equal(run(v, &f), 0);
}

static void test_unknown_renew_partner(void **state)
{
	struct env *v = *state;
	struct dfod_scope *s = dfod_scope_find(&v->st, SUBNET);
	uint8_t mac[6];
	struct dfo_frame f;
	uint32_t a;

	/* Primary; a client renews a free address of the secondary's half. */
	env_rel(v, DFO_ROLE_PRIMARY, DFO_FSM_NORMAL, DFO_MODE_LOAD_BALANCE, 50);
	for (a = RANGE_HI; dfod_pool_owner(s, v->rel, a) != DFOD_OWNER_SECONDARY; a--)
		;
	mac_of(1, mac);
	rq(&f, 3, mac);
	f.ciaddr_be = htonl(a);
	assert_int_equal(run(v, &f), 0);	/* the partner may own it: never NAK */
	assert_int_equal(dfod_dhcp_stats(v->e)->dropped[DFOD_DROP_UNKNOWN_CLIENT], 1);
	assert_int_equal(dfod_dhcp_stats(v->e)->replied[DFOD_TX_NAK], 0);
}

/* ---- API helpers ------------------------------------------------------- */

static void test_counts_and_delete(void **state)
{
	struct env *v = *state;
	struct dfod_dhcp_scope_counts c;
	uint8_t mac[6];
	unsigned int b, n = 0;
	uint32_t a = 0;

	env_rel(v, DFO_ROLE_PRIMARY, DFO_FSM_NORMAL, DFO_MODE_LOAD_BALANCE, 50);
	for (b = 0; n < 3; b++) {
		mac_in_bucket(b, mac);
		if (dora(v, mac, IF_ADDR))
			n++;
	}
	a = dora(v, RESV_MAC, IF_ADDR);
	assert_int_equal(a, RESV);
	assert_int_equal(dfod_dhcp_scope_counts(v->e, dfod_scope_find(&v->st, SUBNET), v->now, &c),
			 0);
	assert_int_equal(c.num_addr, POOL_N);
	assert_int_equal(c.in_use, 3);
	assert_int_equal(c.free, POOL_N - 3);
	assert_int_equal(c.this_in_use, 3);
	assert_int_equal(c.this_free, 5);
	assert_int_equal(c.partner_in_use, 0);
	assert_int_equal(c.partner_free, 8);
	assert_int_equal(c.reserved_in_use, 1);

	assert_int_equal(dfod_dhcp_lease_delete(v->e, RESV), 0);
	assert_null(lease_at(v, RESV));
	assert_int_equal(dfod_dhcp_lease_delete(v->e, RESV), -ENOENT);
	assert_true(dfod_leasedb_dirty(v->db));
}

static void test_frame(void **state)
{
	struct dfod_dhcp_reply r = { .htype = 1, .hlen = 6, .dport = 68, .len = 300 };
	static const uint8_t src[6] = { 0x02, 1, 2, 3, 4, 5 };
	uint8_t buf[2048];
	uint32_t sum = 0;
	size_t len, i;

	(void)state;
	memcpy(r.chaddr, RESV_MAC, 6);
	r.src_be = htonl(IF_ADDR);
	r.dst_be = htonl(RANGE_LO);
	for (i = 0; i < r.len; i++)
		r.buf[i] = i * 7;
	len = dfod_dhcpio_frame(&r, src, buf, sizeof(buf));
	assert_int_equal(len, 14 + 20 + 8 + 300);
	assert_memory_equal(buf, RESV_MAC, 6);
	assert_memory_equal(buf + 6, src, 6);
	/* IP header checksum verifies to 0xffff. */
	for (i = 14; i < 34; i += 2)
		sum += buf[i] << 8 | buf[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	assert_int_equal(sum, 0xffff);
	/* UDP checksum over the pseudo header verifies too. */
	sum = 0;
	for (i = 26; i < 34; i += 2)
		sum += buf[i] << 8 | buf[i + 1];
	sum += 17 + 308;
	for (i = 34; i + 1 < len; i += 2)
		sum += buf[i] << 8 | buf[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	assert_int_equal(sum, 0xffff);
	assert_memory_equal(buf + 42, r.buf, 300);
	r.hlen = 8;
	assert_int_equal(dfod_dhcpio_frame(&r, src, buf, sizeof(buf)), 0);
}

/* ---- parity with the XDP program --------------------------------------- */

struct parity {
	struct dfo_datapath *dp;
	int prog;
	unsigned int drops, passes;	/* XDP verdicts seen: the test must see both */
};

static uint64_t policy_drops(struct env *v)
{
	return dfod_dhcp_stats(v->e)->policy_dropped;
}

/* Run @f through XDP and the engine; the engine drops by policy iff XDP drops. */
static void check_parity(struct env *v, struct parity *px, struct dfo_frame *f, const char *what)
{
	uint8_t buf[DFO_FRAME_MAX];
	uint32_t verdict = 0;
	uint64_t before = policy_drops(v);
	size_t len, off;
	bool eng_drop;

	dfo_frame_end(f);
	len = dfo_frame_build(f, buf, sizeof(buf));
	off = dfo_frame_bootp_off(f);
	assert_int_equal(dfo_xdp_run(px->prog, buf, len, 1, 1, &verdict, NULL), 0);
	v->in.dst_be = f->daddr_be;
	dfod_dhcp_handle(v->e, buf + off, len - off, &v->in, v->now, &v->rep);
	eng_drop = policy_drops(v) != before;
	if (verdict == XDP_DROP)
		px->drops++;
	else
		px->passes++;
	if (eng_drop != (verdict == XDP_DROP))
		fail_msg("%s: XDP %s, engine %s", what, verdict == XDP_DROP ? "drops" : "passes",
			 eng_drop ? "drops" : "answers");
}

static void parity_frames(struct env *v, struct parity *px)
{
	uint8_t mac[6];
	struct dfo_frame f;
	unsigned int i;
	char what[64];

	for (i = 0; i < 64; i++) {
		mac_of(i * 977, mac);
		snprintf(what, sizeof(what), "DISCOVER %u", i);
		rq(&f, 1, mac);
		if (i & 1) {
			uint8_t cid[7] = { 1 };

			memcpy(cid + 1, mac, 6);
			cid[6] ^= 0x5a;
			assert_true(dfo_frame_opt(&f, 61, sizeof(cid), cid));
		}
		f.secs = i & 8 ? 30 : 0;
		check_parity(v, px, &f, what);
		snprintf(what, sizeof(what), "INIT-REBOOT %u", i);
		rq(&f, 3, mac);
		rq_addr(&f, 50, RANGE_LO + (i % 20));
		check_parity(v, px, &f, what);
		snprintf(what, sizeof(what), "INFORM %u", i);
		rq(&f, 8, mac);
		f.ciaddr_be = htonl(IP(10, 1, 0, 60));
		f.daddr_be = htonl(IF_ADDR);
		check_parity(v, px, &f, what);
		snprintf(what, sizeof(what), "BOOTP %u", i);
		rq(&f, 0, mac);
		check_parity(v, px, &f, what);
	}
	mac_of(1, mac);
	rq(&f, 3, mac);
	rq_addr(&f, 54, IF_ADDR);
	rq_addr(&f, 50, RANGE_LO);
	check_parity(v, px, &f, "SELECTING ours");
	rq(&f, 3, mac);
	rq_addr(&f, 54, PARTNER);
	rq_addr(&f, 50, RANGE_LO);
	check_parity(v, px, &f, "SELECTING partner's");
	rq(&f, 3, mac);
	f.ciaddr_be = htonl(RANGE_LO);
	f.daddr_be = htonl(IF_ADDR);
	check_parity(v, px, &f, "RENEW");
	rq(&f, 3, mac);
	f.ciaddr_be = htonl(RANGE_LO);
	check_parity(v, px, &f, "REBIND");
	rq(&f, 7, mac);
	f.ciaddr_be = htonl(RANGE_LO);
	f.daddr_be = htonl(IF_ADDR);
	check_parity(v, px, &f, "RELEASE");
	rq(&f, 4, mac);
	rq_addr(&f, 50, RANGE_LO);
	check_parity(v, px, &f, "DECLINE");
}

static void test_xdp_parity(void **state)
{
	static const uint8_t states[] = { DFO_FSM_NORMAL, DFO_FSM_COMMUNICATION_INT,
					  DFO_FSM_PARTNER_DOWN, DFO_FSM_STARTUP, DFO_FSM_RECOVER };
	struct dfo_datapath_opts o = { .no_pin = true, .max_scopes = 64, .max_rels = 8 };
	struct env *v = *state;
	struct parity px = { 0 };
	struct dfo_iface ifc = { .n_addr = 1 };
	struct dfo_lpm_key k;
	struct dfo_scope sv;
	struct dfo_rel rv;
	unsigned int role, i;
	int err;

	dfo_log_set_level(DFO_LOG_ERR);
	err = dfo_datapath__open(&o, &px.dp);
	if (err) {
		print_message("BPF unavailable (%s): XDP parity not tested here\n", strerror(-err));
		skip();
	}
	px.prog = dfo_datapath__prog_fd(px.dp);
	ifc.addr_be[0] = htonl(IF_ADDR);
	assert_int_equal(dfo_datapath__put_iface(px.dp, 1, &ifc), 0);
	env_rel(v, DFO_ROLE_PRIMARY, DFO_FSM_NORMAL, DFO_MODE_LOAD_BALANCE, 50);
	for (role = 0; role < 2; role++) {
		for (i = 0; i < sizeof(states); i++) {
			struct dfod_rel nv = *v->rel;

			nv.server_type = role;
			nv.state = states[i];
			nv.percentage = role ? 30 : 64;
			nv.lb_max_secs = role ? 10 : 0;
			nv.key_mode = role ? DFO_KEY_CHADDR : DFO_KEY_CLIENT_ID;
			assert_int_equal(dfod_state_rel_update(&v->st, v->rel, &nv), 0);
			dfod_dhcp_config_changed(v->e);
			/* The maps exactly as maps.c writes them. */
			dfod_maps_scope_value(dfod_scope_find(&v->st, SUBNET), &k, &sv);
			assert_int_equal(dfo_datapath__put_scope(px.dp, k.addr_be, k.prefixlen, &sv),
					 0);
			assert_int_equal(dfod_maps_rel_value(v->rel, &rv), 0);
			assert_int_equal(dfo_datapath__put_rel(px.dp, v->rel->id, &rv), 0);
			parity_frames(v, &px);
		}
	}
	dfo_datapath__close(px.dp);
	assert_true(px.drops > 100 && px.passes > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dora, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_lease_times, setup, teardown),
		cmocka_unit_test_setup_teardown(test_offer_hold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_offers_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_offer_clock_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selecting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selecting_without_offer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selecting_with_ciaddr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_init_reboot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_renew_rebind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_name_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decline_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inform, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inform_relayed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bootp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reservation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_binding_frees_old, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reservation_taken, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exhaust_reclaim, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_without_rescans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_requested_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_options_prl_and_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relay_and_selection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relay_info_without_giaddr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subnet_selection_echo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_to_give, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_256_buckets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partner_addresses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partner_down_mclt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hot_standby_and_states, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_renew_partner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counts_and_delete, setup, teardown),
		cmocka_unit_test(test_frame),
		cmocka_unit_test_setup_teardown(test_xdp_parity, setup, teardown),
	};

	dfo_log_set_level(DFO_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
