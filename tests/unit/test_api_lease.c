// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The lease API against an in-process dhcpfod whose lease store is filled
 * directly (dfod_leasedb_put): the agent's lease.* and failover ops
 * (dfod_op_call), and libdhcpfo's native and dhcpsapi.h calls through the
 * agent's socket while a thread runs its event loop. Checks enumeration
 * paging (resume by address) and filters, lookups by every key, deletes
 * (journaled: a copy of the state directory and a restarted agent no longer
 * hold them), failover statistics against a hand computation on a 70/30
 * scope, address status of own/partner/excluded/reserved/outside addresses,
 * client info fields, trigger, access, and every error code.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <cmocka.h>

#include "agentfix.h"
#include "dhcpfod/agent.h"
#include "dhcpfod/lease.h"
#include "dhcpfod/ops.h"
#include "dhcpfo.h"
#include "dhcpsapi.h"
#include "log.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define FOREVER INT64_MAX

struct fx {
	char dir[64];
	struct dfod_config cfg;
	struct dfod_agent *a;
	struct dfod_res res;
	pthread_t th;
	pthread_mutex_t mu;
	atomic_bool stop;
	bool running;
	struct dhcpfo_client *c;
	uint64_t now;
};

/* ---- the agent, in this process ------------------------------------------- */

static void *agent_loop(void *arg)
{
	struct fx *f = arg;
	struct timespec ts = { 0, 1000 * 1000 };

	while (!atomic_load(&f->stop)) {
		pthread_mutex_lock(&f->mu);
		dfod_agent_poll(f->a, 20);
		pthread_mutex_unlock(&f->mu);
		/* outside the lock, so the test thread gets its turn */
		nanosleep(&ts, NULL);
	}
	return NULL;
}

static void agent_open(struct fx *f)
{
	struct dhcpfo_client_opts o = { .sz = sizeof(o), .socket_path = f->cfg.socket_path };

	assert_int_equal(dfod_agent_open(&f->a, &f->cfg), 0);
	atomic_store(&f->stop, false);
	assert_int_equal(pthread_create(&f->th, NULL, agent_loop, f), 0);
	f->running = true;
	assert_int_equal(dhcpfo_client__open(NULL, &o, &f->c), 0);
}

/* @clean false: as a crash after the last round, the journal is not compacted. */
static void agent_close(struct fx *f, bool clean)
{
	dhcpfo_client__close(f->c);
	f->c = NULL;
	if (f->running) {
		atomic_store(&f->stop, true);
		pthread_join(f->th, NULL);
		f->running = false;
	}
	dfod_agent_close(f->a, clean);
	f->a = NULL;
}

/* ---- ops in process (under the loop's lock) ------------------------------- */

static unsigned int call(struct fx *f, const char *op, const char *args)
{
	unsigned int st;

	pthread_mutex_lock(&f->mu);
	st = agentfix_call(f->a, &f->res, op, args);
	/* a change is durable once the round's sync ran, as the loop does it */
	dfod_leasedb_sync(f->a->leases);
	pthread_mutex_unlock(&f->mu);
	return st;
}

#define EXPECT_AT(line, want, op, args) \
	agentfix_check_at(line, want, call(f, op, args), op, args, f->res.msg)
#define EXPECT(want, op, args) EXPECT_AT(__LINE__, want, op, args)
#define OK(op, args) EXPECT(0, op, args)

/* A member of the last result by dotted path ("stats.num_addr", "leases.0.address"). */
static json_object *rget(struct fx *f, const char *path)
{
	json_object *o = f->res.result, *v = NULL;
	char buf[128], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok; tok = strtok_r(NULL, ".", &save)) {
		if (json_object_is_type(o, json_type_array))
			v = json_object_array_get_idx(o, (size_t)atoi(tok));
		else if (!json_object_object_get_ex(o, tok, &v))
			fail_msg("no '%s' in the result", path);
		o = v;
	}
	return o;
}

static const char *rstr(struct fx *f, const char *path)
{
	json_object *o = rget(f, path);

	return o ? json_object_get_string(o) : "(null)";
}

static long long rnum(struct fx *f, const char *path)
{
	return json_object_get_int64(rget(f, path));
}

#define ASSERT_STR(f, path, want) assert_string_equal(rstr(f, path), want)
#define ASSERT_NUM(f, path, want) assert_int_equal(rnum(f, path), want)

/* ---- the scopes and leases every test starts from -------------------------- */

/*
 * Scope NET/24, DHCP range .10-.29, exclusion .20-.21, reservation .25:
 * pool 10..19, 22..24, 26..29 = 17 addresses; at 70 % the primary owns the
 * first round(17 * 0.7) = 12 (10..19, 22, 23), the secondary 24, 26..29.
 */
static void mkscope(struct fx *f, const char *net)
{
	char args[512];

	snprintf(args, sizeof(args), "{\"scope\":{\"address\":\"%s.0\",\"mask\":"
		 "\"255.255.255.0\",\"name\":\"n-%s\"}}", net, net);
	OK("scope.create", args);
	snprintf(args, sizeof(args), "{\"address\":\"%s.0\",\"element\":{\"type\":\"range\","
		 "\"start\":\"%s.10\",\"end\":\"%s.29\",\"range_type\":\"dhcp\"}}", net, net, net);
	OK("scope.element_add", args);
	snprintf(args, sizeof(args), "{\"address\":\"%s.0\",\"element\":{\"type\":\"exclusion\","
		 "\"start\":\"%s.20\",\"end\":\"%s.21\"}}", net, net, net);
	OK("scope.element_add", args);
	snprintf(args, sizeof(args), "{\"address\":\"%s.0\",\"element\":{\"type\":"
		 "\"reservation\",\"address\":\"%s.25\",\"hwaddr\":\"00:00:00:00:00:25\","
		 "\"name\":\"printer\"}}", net, net);
	OK("scope.element_add", args);
}

static void hex_to(const char *s, uint8_t *out, uint8_t *n)
{
	unsigned int v;

	for (*n = 0; s && s[0] && s[1]; s += 2) {
		assert_int_equal(sscanf(s, "%2x", &v), 1);
		out[(*n)++] = (uint8_t)v;
	}
}

static void put(struct fx *f, uint32_t addr, uint32_t subnet, uint8_t state, uint8_t mac_last,
		const char *cid, const char *host, int64_t end_rel, uint32_t flags)
{
	struct dfod_lease l = {
		.addr = addr, .subnet = subnet, .state = state, .htype = 1, .hlen = 6,
		.flags = flags, .hw = { 0x02, 0, 0, 0, 0, mac_last },
		.start = f->now - 60, .cltt = f->now - 30,
	};

	hex_to(cid, l.cid, &l.cid_len);
	snprintf(l.host, sizeof(l.host), "%s", host);
	l.end = end_rel == FOREVER ? DFOD_LEASE_FOREVER : (uint64_t)((int64_t)f->now + end_rel);
	l.pexp = end_rel == FOREVER ? DFOD_LEASE_FOREVER : l.end + 600;
	pthread_mutex_lock(&f->mu);
	assert_int_equal(dfod_leasedb_put(f->a->leases, &l), 0);
	assert_int_equal(dfod_leasedb_sync(f->a->leases), 0);
	pthread_mutex_unlock(&f->mu);
}

static void fill(struct fx *f)
{
	uint32_t n1 = IP(10, 1, 0, 0), n2 = IP(10, 2, 0, 0);

	mkscope(f, "10.1.0");
	mkscope(f, "10.2.0");
	mkscope(f, "10.3.0");
	OK("failover.create", "{\"relationship\":{\"name\":\"p\",\"primary_server\":\"192.0.2.1\","
	   "\"secondary_server\":\"192.0.2.2\",\"server_type\":\"primary\",\"percentage\":70,"
	   "\"scopes\":[\"10.1.0.0\"]}}");
	OK("failover.create", "{\"relationship\":{\"name\":\"s\",\"primary_server\":\"192.0.2.3\","
	   "\"secondary_server\":\"192.0.2.4\",\"server_type\":\"secondary\",\"percentage\":70,"
	   "\"scopes\":[\"10.2.0.0\"]}}");

	put(f, n1 + 10, n1, DFOD_LEASE_ACTIVE, 0x10, "01020000000010", "Alpha", 3600, 0);
	put(f, n1 + 11, n1, DFOD_LEASE_ACTIVE, 0x11, NULL, "beta", -100, 0);	/* past its end */
	put(f, n1 + 12, n1, DFOD_LEASE_ABANDONED, 0x12, NULL, "", 3600, 0);
	put(f, n1 + 13, n1, DFOD_LEASE_RELEASED, 0x13, NULL, "alphabet", -10, 0);
	put(f, n1 + 14, n1, DFOD_LEASE_OFFERED, 0x14, NULL, "", 30, 0);
	put(f, n1 + 20, n1, DFOD_LEASE_ACTIVE, 0x20, NULL, "", 3600, 0);	/* excluded */
	put(f, n1 + 24, n1, DFOD_LEASE_ACTIVE, 0xaa, NULL, "gamma", 3600, 0);
	put(f, n1 + 25, n1, DFOD_LEASE_ACTIVE, 0x25, NULL, "printer", 3600, DFOD_LEASE_F_RESERVED);
	put(f, n1 + 27, n1, DFOD_LEASE_ACTIVE, 0x27, NULL, "Alpha", FOREVER, DFOD_LEASE_F_BOOTP);

	put(f, n2 + 10, n2, DFOD_LEASE_ACTIVE, 0x30, NULL, "", 3600, 0);
	put(f, n2 + 24, n2, DFOD_LEASE_ACTIVE, 0xaa, NULL, "", 3600, 0);
	/* on the reservation without the lease flag: the scope's reservation still counts */
	put(f, n2 + 25, n2, DFOD_LEASE_ACTIVE, 0x35, NULL, "", 3600, 0);
	put(f, n2 + 26, n2, DFOD_LEASE_ACTIVE, 0x36, NULL, "", 3600, 0);

	put(f, IP(10, 3, 0, 15), IP(10, 3, 0, 0), DFOD_LEASE_ACTIVE, 0x40, NULL, "", 3600, 0);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	dfo_log_set_handler(agentfix_quiet);
	agentfix_mkdtemp(f->dir, "api-lease");
	agentfix_config(&f->cfg, f->dir, "lease");
	pthread_mutex_init(&f->mu, NULL);
	f->now = dfod_wall_secs();
	agent_open(f);
	setenv("DHCPFO_SOCKET", f->cfg.socket_path, 1);
	fill(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	if (f->a)
		agent_close(f, true);
	dfod_res_free(&f->res);
	unsetenv("DHCPFO_SOCKET");
	dfod_config_free(&f->cfg);
	pthread_mutex_destroy(&f->mu);
	agentfix_rmdir(f->dir);
	free(f);
	return 0;
}

#define ST(want, call) do {							\
	uint32_t st_ = (call);							\
	if (st_ != (uint32_t)(want))						\
		fail_msg("%s: got %u (%s), want %u", #call, st_,		\
			 dhcpfo_strerror_last(), (uint32_t)(want));		\
} while (0)

/* ---- statistics ------------------------------------------------------------------ */

static void check_stats(struct fx *f, const char *scope, long long num, long long free_,
			long long in_use, long long this_free, long long partner_free,
			long long this_in_use, long long partner_in_use)
{
	char args[64];

	snprintf(args, sizeof(args), "{\"scope\":\"%s\"}", scope);
	OK("failover.scope_stats", args);
	ASSERT_NUM(f, "stats.num_addr", num);
	ASSERT_NUM(f, "stats.addr_free", free_);
	ASSERT_NUM(f, "stats.addr_in_use", in_use);
	ASSERT_NUM(f, "stats.this_addr_free", this_free);
	ASSERT_NUM(f, "stats.partner_addr_free", partner_free);
	ASSERT_NUM(f, "stats.this_addr_in_use", this_in_use);
	ASSERT_NUM(f, "stats.partner_addr_in_use", partner_in_use);
	ASSERT_NUM(f, "stats.reserved_in_use", 1);
}

static void test_scope_stats(void **state)
{
	struct fx *f = *state;
	struct dhcpfo_failover_stats s;
	LPDHCP_FAILOVER_STATISTICS w;

	/*
	 * 10.1.0.0, this server primary: in use .10 and .12 (abandoned) of the
	 * primary's 12, .24 and .27 (infinite) of the secondary's 5. Free: .11
	 * (past its end), .13 (released), .14 (only offered). .20 is excluded
	 * and .25 reserved, both outside the 17.
	 */
	check_stats(f, "10.1.0.0", 17, 13, 4, 10, 3, 2, 2);
	/* 10.2.0.0, this server secondary: .24 .26 ours, .10 the partner's */
	check_stats(f, "10.2.0.0", 17, 14, 3, 3, 11, 2, 1);

	EXPECT(87, "failover.scope_stats", NULL);
	EXPECT(87, "failover.scope_stats", "{\"scope\":\"0.0.0.0\"}");
	EXPECT(87, "failover.scope_stats", "{\"scope\":\"10.1\"}");
	EXPECT(20116, "failover.scope_stats", "{\"scope\":\"10.3.0.0\"}");
	EXPECT(20116, "failover.scope_stats", "{\"scope\":\"10.9.0.0\"}");

	/* the same numbers through libdhcpfo and dhcpsapi.h */
	ST(0, dhcpfo_failover_scope_stats(f->c, IP(10, 1, 0, 0), &s));
	assert_int_equal(s.num_addr, 17);
	assert_int_equal(s.addr_free, 13);
	assert_int_equal(s.addr_in_use, 4);
	assert_int_equal(s.this_addr_free, 10);
	assert_int_equal(s.partner_addr_free, 3);
	assert_int_equal(s.this_addr_in_use, 2);
	assert_int_equal(s.partner_addr_in_use, 2);
	ST(0, DhcpV4FailoverGetScopeStatistics(NULL, IP(10, 2, 0, 0), &w));
	assert_int_equal(w->NumAddr, 17);
	assert_int_equal(w->AddrFree, 14);
	assert_int_equal(w->AddrInUse, 3);
	assert_int_equal(w->ThisAddrFree, 3);
	assert_int_equal(w->PartnerAddrFree, 11);
	assert_int_equal(w->ThisAddrInUse, 2);
	assert_int_equal(w->PartnerAddrInUse, 1);
	DhcpRpcFreeMemory(w);
	ST(20116, DhcpV4FailoverGetScopeStatistics(NULL, IP(10, 3, 0, 0), &w));
	assert_null(w);

	/* a lease running out moves its address back to free */
	put(f, IP(10, 1, 0, 10), IP(10, 1, 0, 0), DFOD_LEASE_ACTIVE, 0x10, NULL, "", -1, 0);
	check_stats(f, "10.1.0.0", 17, 14, 3, 11, 3, 1, 2);
}

/* ---- address status ----------------------------------------------------------------- */

static void test_address_status(void **state)
{
	struct fx *f = *state;
	uint32_t st;
	DWORD w;

	OK("failover.address_status", "{\"address\":\"10.1.0.10\"}");
	ASSERT_NUM(f, "status", 0);
	ASSERT_STR(f, "owner", "primary");
	ASSERT_STR(f, "relationship", "p");
	ASSERT_STR(f, "lease_state", "active");
	assert_true(json_object_get_boolean(rget(f, "in_use")));
	OK("failover.address_status", "{\"address\":\"10.1.0.23\"}");	/* last of the primary's */
	ASSERT_NUM(f, "status", 0);
	assert_false(json_object_object_get_ex(f->res.result, "lease_state", NULL));
	OK("failover.address_status", "{\"address\":\"10.1.0.24\"}");
	ASSERT_NUM(f, "status", 1);
	OK("failover.address_status", "{\"address\":\"10.1.0.11\"}");
	ASSERT_NUM(f, "status", 0);
	assert_false(json_object_get_boolean(rget(f, "in_use")));
	OK("failover.address_status", "{\"address\":\"10.1.0.20\"}");
	ASSERT_NUM(f, "status", 2);
	OK("failover.address_status", "{\"address\":\"10.1.0.25\"}");
	ASSERT_NUM(f, "status", 3);
	/* the secondary's copy: the same split */
	OK("failover.address_status", "{\"address\":\"10.2.0.23\"}");
	ASSERT_NUM(f, "status", 0);
	OK("failover.address_status", "{\"address\":\"10.2.0.29\"}");
	ASSERT_NUM(f, "status", 1);

	EXPECT(87, "failover.address_status", NULL);
	EXPECT(87, "failover.address_status", "{\"address\":\"0.0.0.0\"}");
	EXPECT(87, "failover.address_status", "{\"address\":\"10.1.0.200\"}");	/* no range */
	EXPECT(87, "failover.address_status", "{\"address\":\"10.9.9.9\"}");	/* no scope */
	EXPECT(20116, "failover.address_status", "{\"address\":\"10.3.0.15\"}");

	ST(0, dhcpfo_failover_address_status(f->c, IP(10, 1, 0, 29), &st));
	assert_int_equal(st, DHCPFO_ADDR_SECONDARY);
	ST(0, DhcpV4FailoverGetAddressStatus(NULL, IP(10, 1, 0, 21), &w));
	assert_int_equal(w, 2);
	ST(87, DhcpV4FailoverGetAddressStatus(NULL, IP(10, 1, 0, 5), &w));
	ST(20116, DhcpV4FailoverGetAddressStatus(NULL, IP(10, 3, 0, 12), &w));
}

/* ---- enumeration ------------------------------------------------------------------ */

static void expect_page(struct fx *f, int line, const char *args, unsigned int want,
			const char *addrs, long long total)
{
	char buf[256] = "";
	json_object *arr;
	size_t i;

	EXPECT_AT(line, want, "lease.enum", args);
	arr = rget(f, "leases");
	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *a;

		json_object_object_get_ex(json_object_array_get_idx(arr, i), "address", &a);
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", i ? " " : "",
			 json_object_get_string(a));
	}
	if (strcmp(buf, addrs))
		fail_msg("line %d: %s: leases '%s', want '%s'", line, args, buf, addrs);
	if (rnum(f, "total") != total || rnum(f, "read") != (long long)i)
		fail_msg("line %d: read %lld total %lld, want %zu %lld", line, rnum(f, "read"),
			 rnum(f, "total"), i, total);
}

#define PAGE(args, want, addrs, total) expect_page(f, __LINE__, args, want, addrs, total)

static void test_enum_ops(void **state)
{
	struct fx *f = *state;
	char args[128];

	PAGE("{\"scope\":\"10.1.0.0\",\"preferred_max\":4}", 234,
	     "10.1.0.10 10.1.0.11 10.1.0.12 10.1.0.13", 5);
	/* the resume handle is the last address: a delete in between shifts nothing */
	assert_int_equal(rnum(f, "resume_handle"), IP(10, 1, 0, 13));
	OK("lease.delete", "{\"address\":\"10.1.0.14\"}");
	snprintf(args, sizeof(args), "{\"scope\":\"10.1.0.0\",\"preferred_max\":4,"
		 "\"resume_handle\":%u}", IP(10, 1, 0, 13));
	PAGE(args, 0, "10.1.0.20 10.1.0.24 10.1.0.25 10.1.0.27", 0);
	snprintf(args, sizeof(args), "{\"scope\":\"10.1.0.0\",\"resume_handle\":%u}",
		 IP(10, 1, 0, 27));
	EXPECT(259, "lease.enum", args);
	/* every scope, by address */
	PAGE("{}", 0, "10.1.0.10 10.1.0.11 10.1.0.12 10.1.0.13 10.1.0.20 10.1.0.24 10.1.0.25 "
	     "10.1.0.27 10.2.0.10 10.2.0.24 10.2.0.25 10.2.0.26 10.3.0.15", 0);
	PAGE("{\"scope\":\"0.0.0.0\",\"preferred_max\":12}", 234,
	     "10.1.0.10 10.1.0.11 10.1.0.12 10.1.0.13 10.1.0.20 10.1.0.24 10.1.0.25 "
	     "10.1.0.27 10.2.0.10 10.2.0.24 10.2.0.25 10.2.0.26", 1);
	/* filters */
	PAGE("{\"scope\":\"10.1.0.0\",\"state\":\"ACTIVE\"}", 0,
	     "10.1.0.10 10.1.0.11 10.1.0.20 10.1.0.24 10.1.0.25 10.1.0.27", 0);
	PAGE("{\"state\":\"abandoned\"}", 0, "10.1.0.12", 0);
	PAGE("{\"hwaddr\":\"02:00:00:00:00:aa\"}", 0, "10.1.0.24 10.2.0.24", 0);
	PAGE("{\"hwaddr\":\"02-00-00-00-00-AA\",\"scope\":\"10.2.0.0\"}", 0, "10.2.0.24", 0);
	PAGE("{\"client_id\":\"01020000000010\"}", 0, "10.1.0.10", 0);
	PAGE("{\"host\":\"ALPHA\"}", 0, "10.1.0.10 10.1.0.13 10.1.0.27", 0);
	PAGE("{\"host\":\"alpha\",\"state\":\"released\"}", 0, "10.1.0.13", 0);
	EXPECT(259, "lease.enum", "{\"host\":\"nobody\"}");
	EXPECT(259, "lease.enum", "{\"preferred_max\":0}");
	EXPECT(259, "lease.enum", "{\"scope\":\"10.1.0.0\",\"state\":\"backup\"}");

	/* one lease: every field */
	PAGE("{\"scope\":\"10.1.0.0\",\"preferred_max\":1}", 234, "10.1.0.10", 7);
	ASSERT_STR(f, "leases.0.scope", "10.1.0.0");
	ASSERT_STR(f, "leases.0.mask", "255.255.255.0");
	ASSERT_STR(f, "leases.0.state", "active");
	ASSERT_STR(f, "leases.0.hwaddr", "02:00:00:00:00:10");
	ASSERT_NUM(f, "leases.0.htype", 1);
	ASSERT_STR(f, "leases.0.client_id", "01020000000010");
	ASSERT_STR(f, "leases.0.host", "Alpha");
	ASSERT_NUM(f, "leases.0.start", (long long)f->now - 60);
	ASSERT_NUM(f, "leases.0.end", (long long)f->now + 3600);
	ASSERT_NUM(f, "leases.0.cltt", (long long)f->now - 30);
	ASSERT_NUM(f, "leases.0.pexp", (long long)f->now + 4200);
	ASSERT_STR(f, "leases.0.owner", "primary");
	ASSERT_STR(f, "leases.0.relationship", "p");
	ASSERT_STR(f, "leases.0.server", "192.0.2.1");
	assert_true(json_object_get_boolean(rget(f, "leases.0.in_use")));
	assert_false(json_object_get_boolean(rget(f, "leases.0.bootp")));
	assert_false(json_object_get_boolean(rget(f, "leases.0.reserved")));

	/* errors */
	EXPECT(20005, "lease.enum", "{\"scope\":\"10.9.0.0\"}");
	/* every value is checked before the scope is looked up */
	EXPECT(87, "lease.enum", "{\"scope\":\"10.9.0.0\",\"state\":\"happy\"}");
	EXPECT(87, "lease.enum", "{\"scope\":\"10.9.0.0\",\"resume_handle\":\"x\"}");
	EXPECT(87, "lease.enum", "{\"scope\":\"ten\"}");
	EXPECT(87, "lease.enum", "{\"state\":\"happy\"}");
	EXPECT(87, "lease.enum", "{\"state\":7}");
	EXPECT(87, "lease.enum", "{\"hwaddr\":\"02:00\\u0000\"}");
	EXPECT(87, "lease.enum", "{\"hwaddr\":\"not-a-mac\"}");
	EXPECT(87, "lease.enum", "{\"client_id\":\"0\"}");
	EXPECT(87, "lease.enum", "{\"client_id\":\"\"}");
	EXPECT(87, "lease.enum", "{\"host\":\"\"}");
	EXPECT(87, "lease.enum", "{\"resume_handle\":-1}");
	EXPECT(87, "lease.enum", "{\"preferred_max\":4294967296}");
}

static void test_enum_native_and_windows(void **state)
{
	struct fx *f = *state;
	struct dhcpfo_lease_filter flt = { .state = DHCPFO_LEASE_ACTIVE, .host = "a" };
	struct dhcpfo_lease_array *la;
	LPDHCP_CLIENT_INFO_ARRAY_V4 w;
	LPDHCP_CLIENT_INFO_ARRAY w1;
	DHCP_RESUME_HANDLE h = 0;
	uint32_t rh = 0, read, total;
	DWORD r, t;
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 0x27 };

	ST(234, dhcpfo_lease_enum(f->c, IP(10, 1, 0, 0), NULL, &rh, 5, &la, &read, &total));
	assert_int_equal(la->n, 5);
	assert_int_equal(read, 5);
	assert_int_equal(total, 4);
	assert_int_equal(rh, IP(10, 1, 0, 14));
	assert_int_equal(la->items[3].state, DHCPFO_LEASE_RELEASED);
	assert_int_equal(la->items[4].state, DHCPFO_LEASE_OFFERED);
	assert_int_equal(la->items[0].client_id_len, 7);
	assert_int_equal(la->items[0].client_id[0], 1);
	assert_null(la->items[1].client_id);
	assert_int_equal(la->items[0].owner, DHCPFO_ADDR_PRIMARY);
	dhcpfo_lease_array__free(la);
	ST(0, dhcpfo_lease_enum(f->c, IP(10, 1, 0, 0), NULL, &rh, 5, &la, &read, &total));
	assert_int_equal(la->n, 4);
	assert_int_equal(total, 0);
	assert_int_equal(la->items[0].owner, DHCPFO_ADDR_EXCLUDED);	/* .20 */
	assert_int_equal(la->items[1].owner, DHCPFO_ADDR_SECONDARY);	/* .24 */
	assert_true(la->items[2].reserved);				/* .25 */
	assert_int_equal(la->items[2].owner, DHCPFO_ADDR_RESERVED);
	assert_true(la->items[3].bootp);					/* .27 */
	assert_int_equal(la->items[3].end, DHCPFO_LEASE_INFINITE);
	assert_int_equal(la->items[3].pexp, DHCPFO_LEASE_INFINITE);
	assert_memory_equal(la->items[3].hwaddr, mac, 6);
	dhcpfo_lease_array__free(la);
	ST(259, dhcpfo_lease_enum(f->c, IP(10, 1, 0, 0), NULL, &rh, 5, &la, &read, &total));
	assert_null(la);
	/* a filter: active leases whose host holds an "a" */
	rh = 0;
	ST(0, dhcpfo_lease_enum(f->c, 0, &flt, &rh, DHCPFO_ENUM_ALL, &la, &read, &total));
	assert_int_equal(la->n, 4);	/* Alpha, beta, gamma, Alpha */
	assert_int_equal(la->items[2].address, IP(10, 1, 0, 24));
	assert_int_equal(la->items[3].address, IP(10, 1, 0, 27));
	assert_int_equal(la->items[0].server, IP(192, 0, 2, 1));
	dhcpfo_lease_array__free(la);
	rh = 0;
	ST(0, dhcpfo_lease_enum(f->c, IP(10, 3, 0, 0), NULL, &rh, 10, &la, &read, &total));
	assert_int_equal(la->items[0].owner, -1);	/* no relationship */
	assert_null(la->items[0].relationship);
	dhcpfo_lease_array__free(la);
	ST(20005, dhcpfo_lease_enum(f->c, IP(10, 8, 0, 0), NULL, &rh, 10, &la, &read, &total));

	/* DhcpEnumSubnetClientsV4: PreferredMaximum counts clients, handle = last address */
	ST(234, DhcpEnumSubnetClientsV4(NULL, IP(10, 1, 0, 0), &h, 4, &w, &r, &t));
	assert_int_equal(w->NumElements, 4);
	assert_int_equal(r, 4);
	assert_int_equal(t, 5);
	assert_int_equal(h, IP(10, 1, 0, 13));
	assert_int_equal(w->Clients[0]->ClientIpAddress, IP(10, 1, 0, 10));
	assert_int_equal(w->Clients[0]->SubnetMask, IP(255, 255, 255, 0));
	assert_int_equal(w->Clients[0]->ClientHardwareAddress.DataLength, 6);
	assert_int_equal(w->Clients[0]->ClientHardwareAddress.Data[5], 0x10);
	assert_true(wcscmp(w->Clients[0]->ClientName, L"Alpha") == 0);
	assert_true(wcscmp(w->Clients[0]->ClientComment, L"") == 0);
	assert_int_equal(w->Clients[0]->OwnerHost.IpAddress, IP(192, 0, 2, 1));
	assert_int_equal(w->Clients[0]->bClientType, CLIENT_TYPE_DHCP);
	{
		uint64_t ft = ((uint64_t)f->now + 3600 + 11644473600ULL) * 10000000ULL;

		assert_int_equal(w->Clients[0]->ClientLeaseExpires.dwLowDateTime, (DWORD)ft);
		assert_int_equal(w->Clients[0]->ClientLeaseExpires.dwHighDateTime, (DWORD)(ft >> 32));
	}
	DhcpRpcFreeMemory(w);
	ST(234, DhcpEnumSubnetClientsV4(NULL, IP(10, 1, 0, 0), &h, 4, &w, &r, &t));
	assert_int_equal(w->Clients[3]->bClientType, CLIENT_TYPE_DHCP | CLIENT_TYPE_RESERVATION_FLAG);
	DhcpRpcFreeMemory(w);
	ST(0, DhcpEnumSubnetClientsV4(NULL, IP(10, 1, 0, 0), &h, 4, &w, &r, &t));
	assert_int_equal(w->NumElements, 1);
	assert_int_equal(t, 0);
	assert_int_equal(w->Clients[0]->bClientType, CLIENT_TYPE_BOOTP);
	assert_int_equal(w->Clients[0]->ClientLeaseExpires.dwLowDateTime, DHCP_DATE_TIME_INFINIT_LOW);
	assert_int_equal(w->Clients[0]->ClientLeaseExpires.dwHighDateTime,
			 DHCP_DATE_TIME_INFINIT_HIGH);
	DhcpRpcFreeMemory(w);
	ST(259, DhcpEnumSubnetClientsV4(NULL, IP(10, 1, 0, 0), &h, 4, &w, &r, &t));
	assert_null(w);
	assert_int_equal(r, 0);
	ST(20005, DhcpEnumSubnetClientsV4(NULL, IP(10, 7, 0, 0), &h, 4, &w, &r, &t));
	ST(87, DhcpEnumSubnetClientsV4(NULL, IP(10, 1, 0, 0), NULL, 4, &w, &r, &t));
	ST(87, DhcpEnumSubnetClientsV4(NULL, IP(10, 1, 0, 0), &h, 4, NULL, &r, &t));
	/* SubnetAddress 0: every scope; the version 1 structures */
	h = 0;
	ST(0, DhcpEnumSubnetClients(NULL, 0, &h, 0xffffffff, &w1, &r, &t));
	assert_int_equal(w1->NumElements, 14);
	assert_int_equal(w1->Clients[13]->ClientIpAddress, IP(10, 3, 0, 15));
	assert_int_equal(w1->Clients[13]->OwnerHost.IpAddress, 0);	/* no relationship */
	assert_int_equal(w1->Clients[9]->ClientIpAddress, IP(10, 2, 0, 10));
	assert_int_equal(w1->Clients[9]->OwnerHost.IpAddress, IP(192, 0, 2, 4));
	DhcpRpcFreeMemory(w1);
}

/* A page never holds more than 4096 leases, whatever preferred_max says. */
static void test_enum_page_cap(void **state)
{
	struct fx *f = *state;
	uint32_t net = IP(10, 4, 0, 0), i;
	struct dfod_lease l = { .subnet = IP(10, 4, 0, 0), .state = DFOD_LEASE_ACTIVE,
				.htype = 1, .hlen = 6, .hw = { 2, 4 } };
	char args[128];

	OK("scope.create", "{\"scope\":{\"address\":\"10.4.0.0\",\"mask\":\"255.255.0.0\"}}");
	l.end = f->now + 3600;
	pthread_mutex_lock(&f->mu);
	for (i = 1; i <= 4100; i++) {
		l.addr = net + i;
		l.hw[4] = (uint8_t)(i >> 8);
		l.hw[5] = (uint8_t)i;
		assert_int_equal(dfod_leasedb_put(f->a->leases, &l), 0);
	}
	assert_int_equal(dfod_leasedb_sync(f->a->leases), 0);
	pthread_mutex_unlock(&f->mu);
	EXPECT(234, "lease.enum", "{\"scope\":\"10.4.0.0\"}");
	ASSERT_NUM(f, "read", 4096);
	ASSERT_NUM(f, "total", 4);
	ASSERT_NUM(f, "resume_handle", net + 4096);
	snprintf(args, sizeof(args), "{\"scope\":\"10.4.0.0\",\"resume_handle\":%u}",
		 net + 4096);
	EXPECT(0, "lease.enum", args);
	ASSERT_NUM(f, "read", 4);
	ASSERT_STR(f, "leases.3.address", "10.4.16.4");
}

/* ---- lookups ------------------------------------------------------------------------ */

static void test_get(void **state)
{
	struct fx *f = *state;
	uint8_t aa[6] = { 2, 0, 0, 0, 0, 0xaa }, cid[7] = { 1, 2, 0, 0, 0, 0, 0x10 };
	struct dhcpfo_lease_key k = { .type = DHCPFO_LEASE_BY_HWADDR, .hwaddr = aa,
				      .hwaddr_len = 6 };
	struct dhcpfo_lease *l;
	DHCP_SEARCH_INFO si = { .SearchType = DhcpClientIpAddress };
	LPDHCP_CLIENT_INFO_V4 w;
	LPDHCP_CLIENT_INFO w1;

	OK("lease.get", "{\"address\":\"10.1.0.12\"}");
	ASSERT_STR(f, "lease.state", "abandoned");
	OK("lease.get", "{\"hwaddr\":\"02:00:00:00:00:aa\"}");	/* two: the lowest */
	ASSERT_STR(f, "lease.address", "10.1.0.24");
	OK("lease.get", "{\"hwaddr\":\"02:00:00:00:00:aa\",\"scope\":\"10.2.0.0\"}");
	ASSERT_STR(f, "lease.address", "10.2.0.24");
	OK("lease.get", "{\"client_id\":\"01020000000010\"}");
	ASSERT_STR(f, "lease.address", "10.1.0.10");
	OK("lease.get", "{\"host\":\"ALPHA\"}");	/* whole name: not "alphabet"; the lowest */
	ASSERT_STR(f, "lease.address", "10.1.0.10");
	OK("lease.get", "{\"host\":\"alphabet\"}");
	ASSERT_STR(f, "lease.address", "10.1.0.13");
	OK("lease.get", "{\"address\":\"10.1.0.27\"}");
	assert_true(json_object_is_type(rget(f, "lease.end"), json_type_null));

	EXPECT(20013, "lease.get", "{\"address\":\"10.1.0.19\"}");
	EXPECT(20013, "lease.get", "{\"address\":\"10.1.0.10\",\"scope\":\"10.2.0.0\"}");
	EXPECT(20013, "lease.get", "{\"hwaddr\":\"02:00:00:00:00:99\"}");
	EXPECT(20013, "lease.get", "{\"host\":\"alph\"}");
	EXPECT(20013, "lease.get", "{\"client_id\":\"01020000000011\"}");
	EXPECT(87, "lease.get", NULL);
	EXPECT(87, "lease.get", "{}");
	EXPECT(87, "lease.get", "{\"address\":\"10.1.0.10\",\"host\":\"Alpha\"}");
	EXPECT(87, "lease.get", "{\"address\":\"0.0.0.0\"}");
	EXPECT(87, "lease.get", "{\"address\":\"10.1.0.300\"}");
	EXPECT(87, "lease.get", "{\"hwaddr\":\"02:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:01\"}");
	EXPECT(87, "lease.get", "{\"host\":\"\"}");
	EXPECT(20005, "lease.get", "{\"hwaddr\":\"02:00:00:00:00:aa\",\"scope\":\"10.9.0.0\"}");
	EXPECT(87, "lease.get", "{\"hwaddr\":\"02:0g\",\"scope\":\"10.9.0.0\"}");
	EXPECT(87, "lease.get", "{\"address\":\"10.1.0.10\",\"scope\":\"10.9\"}");
	EXPECT(20005, "lease.get", "{\"address\":\"10.1.0.10\",\"scope\":\"10.9.0.0\"}");

	/* native */
	ST(0, dhcpfo_lease_get(f->c, &k, &l));
	assert_int_equal(l->address, IP(10, 1, 0, 24));
	assert_string_equal(l->host, "gamma");
	assert_int_equal(l->owner, DHCPFO_ADDR_SECONDARY);
	dhcpfo_lease__free(l);
	k = (struct dhcpfo_lease_key){ .type = DHCPFO_LEASE_BY_CLIENT_ID, .client_id = cid,
				       .client_id_len = 7 };
	ST(0, dhcpfo_lease_get(f->c, &k, &l));
	assert_int_equal(l->address, IP(10, 1, 0, 10));
	assert_memory_equal(l->client_id, cid, 7);
	dhcpfo_lease__free(l);
	k = (struct dhcpfo_lease_key){ .type = DHCPFO_LEASE_BY_HOST, .host = "gamma",
				       .scope = IP(10, 2, 0, 0) };
	ST(20013, dhcpfo_lease_get(f->c, &k, &l));
	assert_null(l);
	/* refused before anything is sent */
	ST(87, dhcpfo_lease_get(f->c, NULL, &l));
	k = (struct dhcpfo_lease_key){ .type = DHCPFO_LEASE_BY_HWADDR, .hwaddr_len = 6 };
	ST(87, dhcpfo_lease_get(f->c, &k, &l));
	k = (struct dhcpfo_lease_key){ .type = DHCPFO_LEASE_BY_HOST, .host = "\xff" };
	ST(87, dhcpfo_lease_get(f->c, &k, &l));
	k = (struct dhcpfo_lease_key){ .type = 9 };
	ST(87, dhcpfo_lease_get(f->c, &k, &l));

	/* dhcpsapi.h */
	si.SearchInfo.ClientIpAddress = IP(10, 1, 0, 27);
	ST(0, DhcpGetClientInfoV4(NULL, &si, &w));
	assert_int_equal(w->bClientType, CLIENT_TYPE_BOOTP);
	assert_true(wcscmp(w->ClientName, L"Alpha") == 0);
	DhcpRpcFreeMemory(w);
	si.SearchType = DhcpClientHardwareAddress;
	si.SearchInfo.ClientHardwareAddress.Data = aa;
	si.SearchInfo.ClientHardwareAddress.DataLength = 6;
	ST(0, DhcpGetClientInfo(NULL, &si, &w1));
	assert_int_equal(w1->ClientIpAddress, IP(10, 1, 0, 24));
	DhcpRpcFreeMemory(w1);
	si.SearchType = DhcpClientName;
	si.SearchInfo.ClientName = L"PRINTER";
	ST(0, DhcpGetClientInfoV4(NULL, &si, &w));
	assert_int_equal(w->ClientIpAddress, IP(10, 1, 0, 25));
	DhcpRpcFreeMemory(w);
	si.SearchInfo.ClientName = L"nobody";
	ST(20013, DhcpGetClientInfoV4(NULL, &si, &w));
	assert_null(w);
	si.SearchType = 7;
	ST(87, DhcpGetClientInfoV4(NULL, &si, &w));
	ST(87, DhcpGetClientInfoV4(NULL, NULL, &w));
}

/* ---- failover client info ---------------------------------------------------------- */

static void test_client_info(void **state)
{
	struct fx *f = *state;
	struct dhcpfo_client_search s = { .type = DHCPFO_SEARCH_IP, .ip = IP(10, 1, 0, 27) };
	struct dhcpfo_client_info *ci;
	DHCP_SEARCH_INFO si = { .SearchType = DhcpClientName };
	LPDHCPV4_FAILOVER_CLIENT_INFO w;

	OK("failover.client_info", "{\"search\":{\"type\":\"ip\",\"value\":\"10.1.0.10\"}}");
	ASSERT_STR(f, "client.address", "10.1.0.10");
	ASSERT_STR(f, "client.mask", "255.255.255.0");
	ASSERT_STR(f, "client.hwaddr", "02:00:00:00:00:10");
	ASSERT_STR(f, "client.name", "Alpha");
	ASSERT_STR(f, "client.comment", "");
	ASSERT_NUM(f, "client.lease_expires", (long long)f->now + 3600);
	ASSERT_STR(f, "client.owner_host", "192.0.2.1");
	ASSERT_NUM(f, "client.client_type", 1);
	ASSERT_NUM(f, "client.address_state", 1);
	ASSERT_STR(f, "client.policy_name", "");
	ASSERT_NUM(f, "client.sent_pot_exp_time", (long long)f->now + 4200);
	ASSERT_NUM(f, "client.ack_pot_exp_time", 0);
	ASSERT_NUM(f, "client.recv_pot_exp_time", 0);
	ASSERT_NUM(f, "client.start_time", (long long)f->now - 60);
	ASSERT_NUM(f, "client.clt_last_trans_time", (long long)f->now - 30);
	ASSERT_NUM(f, "client.last_bnd_upd_time", 0);
	ASSERT_STR(f, "client.state", "active");
	OK("failover.client_info", "{\"search\":{\"type\":\"ip\",\"value\":\"10.1.0.12\"}}");
	ASSERT_NUM(f, "client.address_state", 2);	/* declined */
	OK("failover.client_info", "{\"search\":{\"type\":\"ip\",\"value\":\"10.1.0.13\"}}");
	ASSERT_NUM(f, "client.address_state", 3);	/* released: doomed */
	OK("failover.client_info", "{\"search\":{\"type\":\"ip\",\"value\":\"10.1.0.11\"}}");
	ASSERT_NUM(f, "client.address_state", 3);	/* active past its end */
	OK("failover.client_info", "{\"search\":{\"type\":\"ip\",\"value\":\"10.1.0.14\"}}");
	ASSERT_NUM(f, "client.address_state", 0);	/* offered */
	OK("failover.client_info", "{\"search\":{\"type\":\"ip\",\"value\":\"10.1.0.25\"}}");
	ASSERT_NUM(f, "client.client_type", 5);	/* DHCP | reservation */
	OK("failover.client_info", "{\"search\":{\"type\":\"ip\",\"value\":\"10.2.0.25\"}}");
	ASSERT_NUM(f, "client.client_type", 5);	/* the scope's reservation */
	ASSERT_STR(f, "client.owner_host", "192.0.2.4");	/* secondary of "s" */
	OK("failover.client_info", "{\"search\":{\"type\":\"hwaddr\",\"value\":\"02:00:00:00:00:aa\"}}");
	ASSERT_STR(f, "client.address", "10.1.0.24");
	OK("failover.client_info", "{\"search\":{\"type\":\"name\",\"value\":\"alpha\"}}");
	ASSERT_STR(f, "client.address", "10.1.0.10");

	EXPECT(20013, "failover.client_info", "{\"search\":{\"type\":\"ip\",\"value\":\"10.1.0.15\"}}");
	EXPECT(20013, "failover.client_info", "{\"search\":{\"type\":\"hwaddr\",\"value\":\"0e\"}}");
	EXPECT(20013, "failover.client_info", "{\"search\":{\"type\":\"name\",\"value\":\"pc1\"}}");
	EXPECT(87, "failover.client_info", NULL);
	EXPECT(87, "failover.client_info", "{\"search\":{\"type\":\"ip\"}}");
	EXPECT(87, "failover.client_info", "{\"search\":{\"type\":\"uuid\",\"value\":\"x\"}}");
	EXPECT(87, "failover.client_info", "{\"search\":{\"type\":\"ip\",\"value\":\"0.0.0.0\"}}");
	EXPECT(87, "failover.client_info", "{\"search\":{\"type\":\"hwaddr\",\"value\":\"zz\"}}");

	/* an infinite lease through both libraries */
	ST(0, dhcpfo_failover_client_info(f->c, &s, &ci));
	assert_int_equal(ci->lease_expires, DHCPFO_LEASE_INFINITE);
	assert_int_equal(ci->client_type, 2);
	assert_int_equal(ci->sent_pot_exp_time, 0xffffffffu);
	dhcpfo_free(ci);
	si.SearchInfo.ClientName = L"Alpha";
	ST(0, DhcpV4FailoverGetClientInfo(NULL, &si, &w));
	assert_int_equal(w->ClientIpAddress, IP(10, 1, 0, 10));
	assert_int_equal(w->AddressState, ADDRESS_STATE_ACTIVE);
	assert_int_equal(w->OwnerHost.IpAddress, IP(192, 0, 2, 1));
	assert_int_equal(w->StartTime, (DWORD)(f->now - 60));
	assert_true(wcscmp(w->PolicyName, L"") == 0);
	DhcpRpcFreeMemory(w);
	si.SearchType = DhcpClientIpAddress;
	si.SearchInfo.ClientIpAddress = IP(10, 1, 0, 27);
	ST(0, DhcpV4FailoverGetClientInfo(NULL, &si, &w));
	assert_int_equal(w->ClientLeaseExpires.dwLowDateTime, DHCP_DATE_TIME_INFINIT_LOW);
	assert_int_equal(w->ClientLeaseExpires.dwHighDateTime, DHCP_DATE_TIME_INFINIT_HIGH);
	DhcpRpcFreeMemory(w);
	si.SearchInfo.ClientIpAddress = IP(10, 1, 0, 16);
	ST(20013, DhcpV4FailoverGetClientInfo(NULL, &si, &w));
	assert_null(w);
}

/* ---- delete ------------------------------------------------------------------------- */

/* The lease store as a fresh start would read it, from a copy of the state directory. */
static struct dfod_leasedb *reopen_copy(struct fx *f, char copy[96])
{
	struct dfod_leasedb *db;
	char cmd[512];

	snprintf(copy, 96, "%s/copy", f->dir);
	pthread_mutex_lock(&f->mu);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir '%s' && cp %s/leases.* '%s'/", copy, copy,
		 f->cfg.state_dir, copy);
	assert_int_equal(system(cmd), 0);
	pthread_mutex_unlock(&f->mu);
	assert_int_equal(dfod_leasedb_open(&db, copy, 0), 0);
	return db;
}

static void test_delete(void **state)
{
	struct fx *f = *state;
	uint8_t aa[6] = { 2, 0, 0, 0, 0, 0xaa };
	struct dhcpfo_lease_key k = { .type = DHCPFO_LEASE_BY_ADDRESS, .address = IP(10, 1, 0, 11) };
	struct dhcpfo_ip_array *gone;
	struct dfod_leasedb *db;
	DHCP_SEARCH_INFO si = { .SearchType = DhcpClientIpAddress };
	char copy[96];
	uint64_t jrec;
	struct dfod_leasedb_stats ls;

	/* errors first: nothing changes */
	EXPECT(87, "lease.delete", NULL);
	EXPECT(87, "lease.delete", "{\"address\":\"10.1.0.10\",\"hwaddr\":\"02:00:00:00:00:10\"}");
	EXPECT(87, "lease.delete", "{\"hwaddr\":\"x\"}");
	EXPECT(20005, "lease.delete", "{\"host\":\"Alpha\",\"scope\":\"10.5.0.0\"}");
	EXPECT(20013, "lease.delete", "{\"address\":\"10.1.0.16\"}");
	EXPECT(20019, "lease.delete", "{\"address\":\"10.1.0.25\"}");	/* flagged reserved */
	EXPECT(20019, "lease.delete", "{\"address\":\"10.2.0.25\"}");	/* on a reservation */
	EXPECT(20019, "lease.delete", "{\"host\":\"printer\"}");
	pthread_mutex_lock(&f->mu);
	dfod_leasedb_get_stats(f->a->leases, &ls);
	pthread_mutex_unlock(&f->mu);
	jrec = ls.journal_records;
	assert_int_equal(ls.leases, 14);

	/* by address, through the socket: the reply comes after the round's sync */
	ST(0, dhcpfo_lease_delete(f->c, &k, &gone));
	assert_int_equal(gone->n, 1);
	assert_int_equal(gone->items[0], IP(10, 1, 0, 11));
	dhcpfo_free(gone);
	ST(20013, dhcpfo_lease_delete(f->c, &k, NULL));
	/* by hardware address: every lease of it, in both scopes */
	k = (struct dhcpfo_lease_key){ .type = DHCPFO_LEASE_BY_HWADDR, .hwaddr = aa, .hwaddr_len = 6 };
	ST(0, dhcpfo_lease_delete(f->c, &k, &gone));
	assert_int_equal(gone->n, 2);
	assert_int_equal(gone->items[0], IP(10, 1, 0, 24));
	assert_int_equal(gone->items[1], IP(10, 2, 0, 24));
	dhcpfo_free(gone);
	/* dhcpsapi.h */
	si.SearchInfo.ClientIpAddress = IP(10, 1, 0, 13);
	ST(0, DhcpDeleteClientInfo(NULL, &si));
	ST(20013, DhcpDeleteClientInfo(NULL, &si));
	si.SearchInfo.ClientIpAddress = IP(10, 1, 0, 25);
	ST(20019, DhcpDeleteClientInfo(NULL, &si));
	si.SearchType = DhcpClientName;
	si.SearchInfo.ClientName = L"ALPHA";	/* both leases named Alpha */
	ST(0, DhcpDeleteClientInfo(NULL, &si));
	ST(87, DhcpDeleteClientInfo(NULL, NULL));
	/* 10.1.0.10 went with the name */
	EXPECT(20013, "lease.delete", "{\"client_id\":\"01020000000010\"}");

	/* each delete is a journal record, on disk when the call returned */
	pthread_mutex_lock(&f->mu);
	dfod_leasedb_get_stats(f->a->leases, &ls);
	pthread_mutex_unlock(&f->mu);
	assert_int_equal(ls.journal_records, jrec + 6);
	assert_int_equal(ls.leases, 8);
	db = reopen_copy(f, copy);
	assert_null(dfod_lease_by_addr(db, IP(10, 1, 0, 11)));
	assert_null(dfod_lease_by_addr(db, IP(10, 1, 0, 24)));
	assert_null(dfod_lease_by_addr(db, IP(10, 2, 0, 24)));
	assert_null(dfod_lease_by_addr(db, IP(10, 1, 0, 13)));
	assert_null(dfod_lease_by_addr(db, IP(10, 1, 0, 10)));
	assert_null(dfod_lease_by_addr(db, IP(10, 1, 0, 27)));
	assert_non_null(dfod_lease_by_addr(db, IP(10, 1, 0, 12)));
	assert_non_null(dfod_lease_by_addr(db, IP(10, 1, 0, 25)));
	dfod_leasedb_close(db, false);

	/* and a restarted agent (no compaction at close, as after a crash) agrees */
	agent_close(f, false);
	agent_open(f);
	assert_null(dfod_lease_by_addr(f->a->leases, IP(10, 1, 0, 24)));
	assert_non_null(dfod_lease_by_addr(f->a->leases, IP(10, 2, 0, 26)));
	EXPECT(20013, "lease.get", "{\"address\":\"10.1.0.27\"}");
	OK("failover.scope_stats", "{\"scope\":\"10.1.0.0\"}");
	ASSERT_NUM(f, "stats.addr_in_use", 1);	/* .12, abandoned */
}

/* A delete that matched a lease: the "deleted" count and its addresses. */
static void test_delete_result(void **state)
{
	struct fx *f = *state;

	OK("lease.delete", "{\"client_id\":\"01020000000010\"}");
	ASSERT_NUM(f, "deleted", 1);
	ASSERT_STR(f, "addresses.0", "10.1.0.10");
	OK("lease.delete", "{\"host\":\"alpha\",\"scope\":\"10.1.0.0\"}");
	ASSERT_NUM(f, "deleted", 1);
	ASSERT_STR(f, "addresses.0", "10.1.0.27");
	EXPECT(20013, "lease.delete", "{\"client_id\":\"01020000000010\"}");
}

/* ---- trigger ------------------------------------------------------------------------- */

static void test_trigger(void **state)
{
	struct fx *f = *state;

	OK("failover.trigger_alloc", "{\"name\":\"p\"}");
	ASSERT_STR(f, "scopes.0.scope", "10.1.0.0");
	ASSERT_NUM(f, "scopes.0.num_addr", 17);
	ASSERT_NUM(f, "scopes.0.primary_free", 10);
	ASSERT_NUM(f, "scopes.0.secondary_free", 3);
	ASSERT_NUM(f, "scopes.0.primary_in_use", 2);
	ASSERT_NUM(f, "scopes.0.secondary_in_use", 2);
	EXPECT(20117, "failover.trigger_alloc", "{\"name\":\"s\"}");
	EXPECT(20115, "failover.trigger_alloc", "{\"name\":\"q\"}");
	EXPECT(87, "failover.trigger_alloc", "{}");
	EXPECT(87, "failover.trigger_alloc", "{\"name\":\"\"}");
	ST(0, dhcpfo_failover_trigger_alloc(f->c, "p"));
	ST(20117, DhcpV4FailoverTriggerAddrAllocation(NULL, L"s"));
}

/* ---- access ---------------------------------------------------------------------------- */

static unsigned int handle_as(struct fx *f, const struct dfod_cred *cr, const char *msg)
{
	json_object *rep;
	char *reply;
	size_t len;
	unsigned int st;

	pthread_mutex_lock(&f->mu);
	assert_int_equal(dfod_agent_handle(f->a, cr, msg, strlen(msg), &reply, &len), 0);
	pthread_mutex_unlock(&f->mu);
	rep = json_tokener_parse(reply);
	assert_non_null(rep);
	st = (unsigned int)json_object_get_int(json_object_object_get(rep, "status"));
	json_object_put(rep);
	free(reply);
	return st;
}

static void test_access(void **state)
{
	struct fx *f = *state;
	struct dfod_cred none = { .uid = 1000 }, reader = { .uid = 1000, .can_read = true };

	assert_int_equal(handle_as(f, &none, "{\"op\":\"lease.enum\"}"), 5);
	assert_int_equal(handle_as(f, &reader, "{\"op\":\"lease.enum\"}"), 0);
	assert_int_equal(handle_as(f, &reader, "{\"op\":\"lease.get\",\"args\":"
				   "{\"address\":\"10.1.0.10\"}}"), 0);
	assert_int_equal(handle_as(f, &reader, "{\"op\":\"lease.delete\",\"args\":"
				   "{\"address\":\"10.1.0.10\"}}"), 5);
	assert_int_equal(handle_as(f, &reader, "{\"op\":\"failover.trigger_alloc\",\"args\":"
				   "{\"name\":\"p\"}}"), 5);
	OK("lease.get", "{\"address\":\"10.1.0.10\"}");	/* still there */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scope_stats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_address_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enum_ops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enum_native_and_windows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enum_page_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_result, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trigger, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
