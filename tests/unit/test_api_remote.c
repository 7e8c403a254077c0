// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libdhcpfo against remote agents (two real dhcpfod with --api-listen on
 * loopback ports, reached with "127.0.0.1:PORT"): the documented status of
 * every transport failure (a name that does not resolve, nothing listening,
 * a silent peer, no key, a missing or exposed key file, another key), the
 * dhcpsapi.h layer through ServerIpAddress, then the operations on both
 * partners (set_both's undo included), replication and the digests,
 * including a partner that stopped.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "dhcpfo.h"
#include "dhcpsapi.h"
#include "test_api_spawn.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define E(x) DHCPFO_ERROR_##x
#define KEY64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define S1 IP(10, 7, 1, 0)
#define S2 IP(10, 7, 2, 0)

/* Expect @status and show the message when it differs. */
#define EXPECT(status, call) do {						\
	uint32_t st_ = (call);							\
	if (st_ != (uint32_t)(status))						\
		fprintf(stderr, "%s: %u, expected %u: %s\n", #call, st_,	\
			(uint32_t)(status), dhcpfo_strerror_last());		\
	assert_int_equal(st_, (status));					\
} while (0)

struct side {
	struct test_agent agent;
	int port;
	char listen[32], server[32];
	struct dhcpfo_client *c;	/* over TCP */
};

struct fx {
	char dir[64], key[128], other_key[128], exposed_key[128];
	struct side a, b;
};

static void write_key(const char *path, const char *k, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(k, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static int free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	if (fd >= 0 && !bind(fd, (struct sockaddr *)&sa, sizeof(sa)) &&
	    !getsockname(fd, (struct sockaddr *)&sa, &sl))
		port = ntohs(sa.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static int side_start(struct fx *f, struct side *s)
{
	const char *args[] = { "--api-listen", s->listen, "--api-key-file", f->key, NULL };
	struct dhcpfo_client_opts o = { .sz = sizeof(o), .key_file = f->key };

	s->port = free_port();
	snprintf(s->listen, sizeof(s->listen), "127.0.0.1:%d", s->port);
	snprintf(s->server, sizeof(s->server), "127.0.0.1:%d", s->port);
	if (test_agent_start(&s->agent, args))
		return -1;
	if (dhcpfo_client__open(s->server, &o, &s->c)) {
		fprintf(stderr, "FAIL: open %s: %s\n", s->server, dhcpfo_strerror_last());
		return -1;
	}
	return 0;
}

static void side_stop(struct side *s)
{
	dhcpfo_client__close(s->c);
	s->c = NULL;
	if (s->agent.pid)
		test_agent_stop(&s->agent);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/dfo-remotetest-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->key, sizeof(f->key), "%s/api.key", f->dir);
	snprintf(f->other_key, sizeof(f->other_key), "%s/other.key", f->dir);
	snprintf(f->exposed_key, sizeof(f->exposed_key), "%s/exposed.key", f->dir);
	write_key(f->key, KEY64 "\n", 0600);
	write_key(f->other_key, "fedcba9876543210fedcba9876543210fedcba9876543210\n", 0600);
	write_key(f->exposed_key, KEY64 "\n", 0644);
	if (side_start(f, &f->a) || side_start(f, &f->b))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	side_stop(&f->a);
	side_stop(&f->b);
	test_agent_rm(f->dir);
	free(f);
	unsetenv("DHCPFO_KEY_FILE");
	dhcpfo_set_key_file(NULL);
	return 0;
}

/* ---- the transport's status codes ---------------------------------------------- */

static void test_transport_codes(void **state)
{
	struct fx *f = *state;
	struct dhcpfo_client_opts o = { .sz = sizeof(o), .key_file = f->key, .timeout_ms = 500 };
	struct dhcpfo_agent_info *ai;
	struct dhcpfo_client *c = NULL;
	char server[64];
	int lfd, port;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof(sa);

	/* the handle works over TCP */
	assert_true(dhcpfo_client__is_remote(f->a.c));
	assert_null(dhcpfo_client__socket_path(f->a.c));
	assert_string_equal(dhcpfo_client__server(f->a.c), f->a.server);
	EXPECT(0, dhcpfo_agent_info(f->a.c, &ai));
	dhcpfo_free(ai);
	/* a name that does not resolve */
	EXPECT(E(DHCP_SERVER_NAME_NOT_RESOLVED), dhcpfo_client__open("no-such-host.invalid", &o, &c));
	assert_null(c);
	/* nothing listening */
	snprintf(server, sizeof(server), "127.0.0.1:%d", free_port());
	EXPECT(E(DHCP_SERVER_NOT_REACHABLE), dhcpfo_client__open(server, &o, &c));
	/* a peer that accepts and then says nothing: the timeout */
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 4), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sa, &sl), 0);
	port = ntohs(sa.sin_port);
	snprintf(server, sizeof(server), "127.0.0.1:%d", port);
	EXPECT(E(DHCP_SERVER_NOT_REACHABLE), dhcpfo_client__open(server, &o, &c));
	assert_non_null(strstr(dhcpfo_strerror_last(), "in time"));
	close(lfd);
	/* keys: another one, an exposed one, a missing one, none */
	o.key_file = f->other_key;
	EXPECT(E(ACCESS_DENIED), dhcpfo_client__open(f->a.server, &o, &c));
	assert_non_null(strstr(dhcpfo_strerror_last(), "does not share our key"));
	o.key_file = f->exposed_key;
	EXPECT(E(ACCESS_DENIED), dhcpfo_client__open(f->a.server, &o, &c));
	assert_non_null(strstr(dhcpfo_strerror_last(), "mode 0644"));
	o.key_file = "/nonexistent/api.key";
	EXPECT(E(FILE_NOT_FOUND), dhcpfo_client__open(f->a.server, &o, &c));
	o.key_file = NULL;
	unsetenv("DHCPFO_KEY_FILE");
	if (access(DHCPFO_DEFAULT_KEY_FILE, F_OK))
		EXPECT(E(ACCESS_DENIED), dhcpfo_client__open(f->a.server, &o, &c));
	/* the environment, then the process-wide setting */
	setenv("DHCPFO_KEY_FILE", f->key, 1);
	EXPECT(0, dhcpfo_client__open(f->a.server, &o, &c));
	dhcpfo_client__close(c);
	unsetenv("DHCPFO_KEY_FILE");
	EXPECT(0, dhcpfo_set_key_file(f->key));
	EXPECT(0, dhcpfo_client__open(f->a.server, &o, &c));
	dhcpfo_client__close(c);
	EXPECT(0, dhcpfo_set_key_file(NULL));
	/* a bad server string */
	EXPECT(E(INVALID_PARAMETER), dhcpfo_client__open("127.0.0.1:0", &o, &c));
	EXPECT(E(INVALID_PARAMETER), dhcpfo_client__open("[::1", &o, &c));
}

/* The agent stops while a handle is open: the next call says so, and reconnects later. */
static void test_lost_agent(void **state)
{
	struct fx *f = *state;
	uint32_t t, d;

	EXPECT(0, dhcpfo_failover_system_time(f->b.c, &t, &d));
	test_agent_stop(&f->b.agent);
	EXPECT(E(DHCP_SERVER_NOT_REACHABLE), dhcpfo_failover_system_time(f->b.c, &t, &d));
	EXPECT(E(DHCP_SERVER_NOT_REACHABLE), dhcpfo_failover_system_time(f->b.c, &t, &d));
}

/* ---- dhcpsapi.h: ServerIpAddress ---------------------------------------------------- */

static void test_dhcpsapi_server(void **state)
{
	struct fx *f = *state;
	wchar_t wserver[64];
	DWORD t = 0, d = 0;

	swprintf(wserver, 64, L"%s", f->a.server);
	setenv("DHCPFO_KEY_FILE", f->key, 1);
	assert_int_equal(DhcpV4FailoverGetSystemTime(wserver, &t, &d), ERROR_SUCCESS);
	assert_true(t > 1600000000);
	setenv("DHCPFO_KEY_FILE", f->other_key, 1);
	assert_int_equal(DhcpV4FailoverGetSystemTime(wserver, &t, &d), ERROR_ACCESS_DENIED);
	assert_int_equal(DhcpV4FailoverGetSystemTime(L"no-such-host.invalid", &t, &d),
			 ERROR_DHCP_SERVER_NAME_NOT_RESOLVED);
	unsetenv("DHCPFO_KEY_FILE");
}

/* ---- both partners, replication, digests ------------------------------------------- */

static void make_scope(struct dhcpfo_client *c, uint32_t net)
{
	struct dhcpfo_scope s = { .address = net, .mask = IP(255, 255, 255, 0), .name = "lab" };
	struct dhcpfo_element r = { .type = DHCPFO_ELEMENT_RANGE, .start = net + 10, .end = net + 200 };
	struct dhcpfo_element x = { .type = DHCPFO_ELEMENT_EXCLUSION, .start = net + 50,
				    .end = net + 59 };
	struct dhcpfo_element v = { .type = DHCPFO_ELEMENT_RESERVATION, .address = net + 20,
				    .hwaddr = { 0, 0x0c, 1, 2, 3, 4 }, .hwaddr_len = 6,
				    .name = "printer" };
	struct dhcpfo_option_value dns = { .ip = net + 53 };
	struct dhcpfo_option o = { .code = 6, .type = DHCPFO_OPTION_IPADDRESS, .n_values = 1,
				   .values = &dns };

	EXPECT(0, dhcpfo_scope_create(c, &s));
	EXPECT(0, dhcpfo_scope_element_add(c, net, &r));
	EXPECT(0, dhcpfo_scope_element_add(c, net, &x));
	EXPECT(0, dhcpfo_scope_element_add(c, net, &v));
	EXPECT(0, dhcpfo_scope_option_set(c, net, &o));
}

/* A handle on A whose partner is B (at B's TCP port). */
static struct dhcpfo_client *open_a(struct fx *f)
{
	struct dhcpfo_client_opts o = { .sz = sizeof(o), .key_file = f->key,
					.partner_server = f->b.server };
	struct dhcpfo_client *c;

	EXPECT(0, dhcpfo_client__open(f->a.server, &o, &c));
	return c;
}

static void set_normal(struct dhcpfo_client *c, const char *name)
{
	struct dhcpfo_relationship r = { .name = name, .state = DHCPFO_FSM_NORMAL };

	EXPECT(0, dhcpfo_failover_set(c, DHCPFO_FO_SET_STATE, &r));
}

static void test_both_and_replication(void **state)
{
	struct fx *f = *state;
	static const uint32_t scopes[] = { S1 };
	struct dhcpfo_relationship rel = {
		.name = "campus", .primary_server = IP(192, 0, 2, 1),
		.secondary_server = IP(192, 0, 2, 2), .mode = DHCPFO_MODE_LOAD_BALANCE,
		.server_type = DHCPFO_SERVER_PRIMARY, .mclt = 600, .percentage = 70,
		.safe_period = DHCPFO_SAFE_PERIOD_INFINITE, .scopes = scopes, .n_scopes = 1,
		.shared_secret = "s3cret",
	};
	struct dhcpfo_element v2 = { .type = DHCPFO_ELEMENT_RESERVATION, .address = S1 + 21,
				     .hwaddr = { 0, 0x0c, 1, 2, 3, 5 }, .hwaddr_len = 6 };
	char d1[DHCPFO_DIGEST_HEX_LEN + 1], d2[DHCPFO_DIGEST_HEX_LEN + 1];
	struct dhcpfo_scope_sync_array *ls;
	struct dhcpfo_relationship *got;
	struct dhcpfo_element_array *els;
	struct dhcpfo_client *c = open_a(f);
	enum dhcpfo_side side;
	uint32_t h = 0, rd, tot;
	bool in_sync;
	const char *names[] = { "campus" };

	make_scope(f->a.c, S1);
	make_scope(f->a.c, S2);
	/* Add-DhcpServerv4Failover: both sides, the scope copied */
	EXPECT(0, dhcpfo_failover_create_both(c, &rel, &side));
	assert_int_equal(side, DHCPFO_SIDE_NONE);
	EXPECT(0, dhcpfo_failover_get(f->b.c, "campus", &got));
	assert_int_equal(got->server_type, DHCPFO_SERVER_SECONDARY);
	assert_int_equal(got->percentage, 70);
	assert_int_equal(got->mclt, 600);
	assert_true(got->shared_secret_set);
	assert_int_equal(got->n_scopes, 1);
	dhcpfo_free(got);
	EXPECT(0, dhcpfo_scope_element_enum(f->b.c, S1, DHCPFO_ELEMENT_RESERVATION, &h,
					    DHCPFO_ENUM_ALL, &els, &rd, &tot));
	assert_int_equal(els->n, 1);
	assert_string_equal(els->items[0].name, "printer");
	dhcpfo_free(els);
	EXPECT(0, dhcpfo_failover_sync_check(c, "campus", &in_sync, d1, d2));
	assert_true(in_sync);
	assert_string_equal(d1, d2);
	/* again: the partner has it now -> refused, nothing left behind here */
	EXPECT(E(DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP), dhcpfo_failover_create_both(c, &rel, &side));
	assert_int_equal(side, DHCPFO_SIDE_THIS);
	/* drift: a reservation here only */
	EXPECT(0, dhcpfo_scope_element_add(f->a.c, S1, &v2));
	EXPECT(0, dhcpfo_failover_sync_check(c, "campus", &in_sync, d1, d2));
	assert_false(in_sync);
	EXPECT(0, dhcpfo_failover_diff(c, names, 1, &ls));
	assert_int_equal(ls->n, 1);
	assert_int_equal(ls->items[0].outcome, DHCPFO_SYNC_DIFFERS);
	assert_int_equal(ls->items[0].n_diffs, 1);
	assert_string_equal(ls->items[0].diffs[0].what, "reservation 10.7.1.21");
	assert_null(ls->items[0].diffs[0].partner);
	dhcpfo_free(ls);
	/* replicate by scope id; then it is equal */
	EXPECT(0, dhcpfo_failover_replicate_by_scope_id(c, scopes, 1, true, &ls));
	assert_int_equal(ls->items[0].outcome, DHCPFO_SYNC_REPLICATED);
	assert_int_equal(ls->n_failed, 0);
	dhcpfo_free(ls);
	EXPECT(0, dhcpfo_failover_replicate_by_name(c, NULL, 0, true, &ls));
	assert_int_equal(ls->n, 1);
	assert_int_equal(ls->items[0].outcome, DHCPFO_SYNC_UNCHANGED);
	dhcpfo_free(ls);
	EXPECT(0, dhcpfo_failover_sync_check(c, "campus", &in_sync, d1, d2));
	assert_true(in_sync);
	/* a scope in no relationship: its line says so */
	EXPECT(0, dhcpfo_failover_replicate_by_scope_id(c, (uint32_t[]){ S2 }, 1, true, &ls));
	assert_int_equal(ls->items[0].outcome, DHCPFO_SYNC_ERROR);
	assert_int_equal(ls->items[0].status, E(DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP));
	assert_int_equal(ls->n_failed, 1);
	dhcpfo_free(ls);
	/* Add-/Remove-DhcpServerv4FailoverScope on both */
	set_normal(f->a.c, "campus");
	set_normal(f->b.c, "campus");
	EXPECT(0, dhcpfo_failover_scope_add_both(c, "campus", (uint32_t[]){ S2 }, 1, &side));
	EXPECT(0, dhcpfo_failover_get(f->b.c, "campus", &got));
	assert_int_equal(got->n_scopes, 2);
	dhcpfo_free(got);
	EXPECT(0, dhcpfo_failover_scope_delete_both(c, "campus", (uint32_t[]){ S2 }, 1, &side));
	EXPECT(E(DHCP_SUBNET_NOT_PRESENT), dhcpfo_scope_get(f->b.c, S2, &(struct dhcpfo_scope *){ 0 }));
	EXPECT(0, dhcpfo_failover_scope_get(f->a.c, S1, &got));	/* S1 still in it here */
	dhcpfo_free(got);

	/* the partner stops: clear errors, nothing changed on either side */
	test_agent_stop(&f->b.agent);
	EXPECT(0, dhcpfo_scope_element_remove(f->a.c, S1, &v2));
	EXPECT(0, dhcpfo_failover_replicate_by_scope_id(c, scopes, 1, true, &ls));
	assert_int_equal(ls->items[0].outcome, DHCPFO_SYNC_ERROR);
	assert_int_equal(ls->items[0].status, E(DHCP_SERVER_NOT_REACHABLE));
	dhcpfo_free(ls);
	EXPECT(E(DHCP_SERVER_NOT_REACHABLE), dhcpfo_failover_delete_both(c, "campus", &side));
	assert_int_equal(side, DHCPFO_SIDE_PARTNER);
	assert_non_null(strstr(dhcpfo_strerror_last(), "nothing was changed"));
	EXPECT(0, dhcpfo_failover_get(f->a.c, "campus", &got));
	dhcpfo_free(got);
	EXPECT(E(DHCP_SERVER_NOT_REACHABLE), dhcpfo_failover_scope_add_both(c, "campus",
				(uint32_t[]){ S2 }, 1, &side));
	EXPECT(E(DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP), dhcpfo_failover_scope_get(f->a.c, S2,
				&(struct dhcpfo_relationship *){ 0 }));
	rel.name = "other";
	rel.scopes = (uint32_t[]){ S2 };
	EXPECT(E(DHCP_SERVER_NOT_REACHABLE), dhcpfo_failover_create_both(c, &rel, &side));
	assert_int_equal(side, DHCPFO_SIDE_PARTNER);
	EXPECT(E(DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST), dhcpfo_failover_get(f->a.c, "other", &got));
	dhcpfo_client__close(c);
}

/* Remove-DhcpServerv4Failover on both, and the partner refusing a create: undone here. */
static void test_delete_both_and_undo(void **state)
{
	struct fx *f = *state;
	static const uint32_t scopes[] = { S1 };
	struct dhcpfo_relationship rel = {
		.name = "campus", .primary_server = IP(192, 0, 2, 1),
		.secondary_server = IP(192, 0, 2, 2), .server_type = DHCPFO_SERVER_PRIMARY,
		.mclt = 600, .percentage = 50, .safe_period = DHCPFO_SAFE_PERIOD_INFINITE,
		.scopes = scopes, .n_scopes = 1,
	};
	struct dhcpfo_relationship *got;
	struct dhcpfo_client *c = open_a(f);
	enum dhcpfo_side side;

	make_scope(f->a.c, S1);
	/* the partner already has the scope: create refused there, undone here */
	make_scope(f->b.c, S1);
	EXPECT(E(DHCP_SUBNET_EXISTS), dhcpfo_failover_create_both(c, &rel, &side));
	assert_int_equal(side, DHCPFO_SIDE_PARTNER);
	assert_non_null(strstr(dhcpfo_strerror_last(), "undone"));
	EXPECT(E(DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST), dhcpfo_failover_get(f->a.c, "campus", &got));
	EXPECT(0, dhcpfo_scope_delete(f->b.c, S1, true));
	EXPECT(0, dhcpfo_failover_create_both(c, &rel, &side));
	EXPECT(0, dhcpfo_failover_delete_both(c, "campus", &side));
	EXPECT(E(DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST), dhcpfo_failover_get(f->a.c, "campus", &got));
	EXPECT(E(DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST), dhcpfo_failover_get(f->b.c, "campus", &got));
	/* not on the partner: refused before anything changes here */
	EXPECT(0, dhcpfo_failover_create(f->a.c, &rel));
	EXPECT(E(DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST), dhcpfo_failover_delete_both(c, "campus", &side));
	assert_int_equal(side, DHCPFO_SIDE_PARTNER);
	EXPECT(0, dhcpfo_failover_get(f->a.c, "campus", &got));
	dhcpfo_free(got);
	/* the partner named by the relationship is this very agent: refused */
	{
		struct dhcpfo_client_opts o = { .sz = sizeof(o), .key_file = f->key,
						.partner_server = f->a.server };
		struct dhcpfo_client *self;

		EXPECT(0, dhcpfo_client__open(f->a.server, &o, &self));
		EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_delete_both(self, "campus", &side));
		assert_non_null(strstr(dhcpfo_strerror_last(), "is this server"));
		dhcpfo_client__close(self);
	}
	dhcpfo_client__close(c);
}

/* Set-DhcpServerv4Failover on both: shared members on both, the state here only, undo. */
static struct dhcpfo_relationship *get_rel(struct dhcpfo_client *c)
{
	struct dhcpfo_relationship *got;

	EXPECT(0, dhcpfo_failover_get(c, "campus", &got));
	return got;
}

static void test_set_both(void **state)
{
	struct fx *f = *state;
	static const uint32_t scopes[] = { S1 };
	struct dhcpfo_relationship rel = {
		.name = "campus", .primary_server = IP(192, 0, 2, 1),
		.secondary_server = IP(192, 0, 2, 2), .server_type = DHCPFO_SERVER_PRIMARY,
		.mclt = 600, .percentage = 70, .safe_period = DHCPFO_SAFE_PERIOD_INFINITE,
		.scopes = scopes, .n_scopes = 1,
	};
	struct dhcpfo_relationship set = {
		.name = "campus", .mclt = 1200, .percentage = 40, .hash_key = DHCPFO_HASH_CHADDR,
		.lb_max_seconds = 30, .auto_state_transition = true, .safe_period = 3600,
	};
	struct dhcpfo_relationship *a, *b;
	struct dhcpfo_client *c = open_a(f);
	enum dhcpfo_side side;
	uint32_t all = DHCPFO_FO_SET_MCLT | DHCPFO_FO_SET_PERCENTAGE | DHCPFO_FO_SET_HASH_KEY |
		       DHCPFO_FO_SET_LB_MAX_SECONDS | DHCPFO_FO_SET_AUTO_STATE_TRANSITION |
		       DHCPFO_FO_SET_SAFE_PERIOD;

	make_scope(f->a.c, S1);
	EXPECT(0, dhcpfo_failover_create_both(c, &rel, &side));
	/* bad flags: refused before anything is sent */
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_set_both(c, 0, &set, &side));
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_set_both(c, 0x80, &set, &side));
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_set_both(c, all, NULL, &side));
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_set_both(c, all, &set, NULL));

	/* the shared members on both, the same values (the primary's share on both copies) */
	EXPECT(0, dhcpfo_failover_set_both(c, all, &set, &side));
	assert_int_equal(side, DHCPFO_SIDE_NONE);
	a = get_rel(f->a.c);
	b = get_rel(f->b.c);
	assert_int_equal(a->mclt, 1200);
	assert_int_equal(b->mclt, 1200);
	assert_int_equal(a->percentage, 40);
	assert_int_equal(b->percentage, 40);
	assert_int_equal(b->server_type, DHCPFO_SERVER_SECONDARY);
	assert_int_equal(b->hash_key, DHCPFO_HASH_CHADDR);
	assert_int_equal(b->lb_max_seconds, 30);
	assert_true(b->auto_state_transition);
	assert_int_equal(b->safe_period, 3600);
	assert_int_equal(b->state, a->state);
	dhcpfo_free(a);
	dhcpfo_free(b);

	/* the state is this server's: PARTNER_DOWN here, the MCLT on both */
	set.state = DHCPFO_FSM_PARTNER_DOWN;
	set.mclt = 900;
	EXPECT(0, dhcpfo_failover_set_both(c, DHCPFO_FO_SET_STATE | DHCPFO_FO_SET_MCLT, &set, &side));
	a = get_rel(f->a.c);
	b = get_rel(f->b.c);
	assert_int_equal(a->state, DHCPFO_FSM_PARTNER_DOWN);
	assert_int_equal(b->state, DHCPFO_FSM_STARTUP);
	assert_int_equal(b->mclt, 900);
	dhcpfo_free(a);
	dhcpfo_free(b);

	/* the partner refuses a value: nothing changed on either server */
	set.mclt = 100;
	set.lb_max_seconds = 70000;
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_set_both(c, DHCPFO_FO_SET_MCLT |
			DHCPFO_FO_SET_LB_MAX_SECONDS, &set, &side));
	assert_int_equal(side, DHCPFO_SIDE_PARTNER);
	assert_non_null(strstr(dhcpfo_strerror_last(), "nothing was changed on either server"));
	a = get_rel(f->a.c);
	b = get_rel(f->b.c);
	assert_int_equal(a->mclt, 900);
	assert_int_equal(b->mclt, 900);
	dhcpfo_free(a);
	dhcpfo_free(b);

	/* this server refuses after the partner took it (a state out of range): put back there */
	set.state = 99;
	set.shared_secret = "new";
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_set_both(c, DHCPFO_FO_SET_STATE |
			DHCPFO_FO_SET_MCLT | DHCPFO_FO_SET_SHARED_SECRET, &set, &side));
	assert_int_equal(side, DHCPFO_SIDE_THIS);
	assert_non_null(strstr(dhcpfo_strerror_last(), "this server"));
	assert_non_null(strstr(dhcpfo_strerror_last(), "undone: the partner's settings put back"));
	b = get_rel(f->b.c);
	assert_int_equal(b->mclt, 900);
	assert_false(b->shared_secret_set);	/* none before: none again */
	dhcpfo_free(b);
	/* a secret the partner had cannot be read back: the message says so */
	EXPECT(0, dhcpfo_failover_set_both(c, DHCPFO_FO_SET_SHARED_SECRET, &set, &side));
	a = get_rel(f->a.c);
	assert_true(a->shared_secret_set);
	dhcpfo_free(a);
	set.shared_secret = "newer";
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_set_both(c, DHCPFO_FO_SET_STATE |
			DHCPFO_FO_SET_MCLT | DHCPFO_FO_SET_SHARED_SECRET, &set, &side));
	assert_int_equal(side, DHCPFO_SIDE_THIS);
	assert_non_null(strstr(dhcpfo_strerror_last(), "NOT everything could be undone"));
	assert_non_null(strstr(dhcpfo_strerror_last(), "set the secret again"));
	b = get_rel(f->b.c);
	assert_int_equal(b->mclt, 900);
	dhcpfo_free(b);

	/* not on the partner: refused there, nothing changed here */
	EXPECT(0, dhcpfo_failover_delete(f->b.c, "campus"));
	EXPECT(E(DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST), dhcpfo_failover_set_both(c,
			DHCPFO_FO_SET_MCLT, &set, &side));
	assert_int_equal(side, DHCPFO_SIDE_PARTNER);
	a = get_rel(f->a.c);
	assert_int_equal(a->mclt, 900);
	dhcpfo_free(a);

	/* the partner stopped: a state change goes through, a shared member does not */
	test_agent_stop(&f->b.agent);
	set.state = DHCPFO_FSM_NORMAL;
	EXPECT(0, dhcpfo_failover_set_both(c, DHCPFO_FO_SET_STATE, &set, &side));
	EXPECT(E(DHCP_SERVER_NOT_REACHABLE), dhcpfo_failover_set_both(c, DHCPFO_FO_SET_MCLT, &set,
								     &side));
	assert_int_equal(side, DHCPFO_SIDE_PARTNER);
	assert_non_null(strstr(dhcpfo_strerror_last(), "nothing was changed"));
	a = get_rel(f->a.c);
	assert_int_equal(a->state, DHCPFO_FSM_NORMAL);
	assert_int_equal(a->mclt, 900);
	dhcpfo_free(a);
	dhcpfo_client__close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_transport_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_agent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dhcpsapi_server, setup, teardown),
		cmocka_unit_test_setup_teardown(test_both_and_replication, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_both_and_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_both, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
