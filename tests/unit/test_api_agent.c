// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The native API (dhcpfo.h) against a real dhcpfod: every operation's
 * server-side error paths in the agent's documented order (MS-DHCPM's for
 * the failover ops, docs/api-protocol.md "Argument details"), round trips
 * of every field, and the results the agent computes without a DHCP
 * engine (zero leases, never invented numbers).
 *
 * Where two checks answer the same code, their order cannot be seen in the
 * status; the tests then set up a request that fails several later checks
 * at once and look for the code of the earliest one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "dhcpfo.h"
#include "rfc3074.h"
#include "test_api_spawn.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define MASK24 IP(255, 255, 255, 0)
#define NET(n) IP(10, 1, (n), 0)		/* scope n: 10.1.n.0/24 */
#define E(x) DHCPFO_ERROR_##x

struct fx {
	struct test_agent agent;
	struct dhcpfo_client *c;
};

static const char *const *agent_args;

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f || test_agent_start(&f->agent, agent_args)) {
		free(f);
		return -1;
	}
	if (dhcpfo_client__open(NULL, NULL, &f->c)) {
		fprintf(stderr, "FAIL: open: %s\n", dhcpfo_strerror_last());
		test_agent_stop(&f->agent);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int setup_max2(void **state)
{
	static const char *const args[] = { "--max-relationships", "2", NULL };

	agent_args = args;
	return setup(state);
}

static int teardown(void **state)
{
	struct fx *f = *state;
	int rc;

	dhcpfo_client__close(f->c);
	rc = test_agent_stop(&f->agent);
	free(f);
	agent_args = NULL;
	return rc;
}

/* Expect @status and show the agent's message when it differs. */
#define EXPECT(status, call) do {						\
	uint32_t st_ = (call);							\
	if (st_ != (uint32_t)(status))						\
		fail_msg("%s: got %u %s (%s), want %u %s", #call, st_,		\
			 dhcpfo_status_name(st_), dhcpfo_strerror_last(),	\
			 (uint32_t)(status), dhcpfo_status_name(status));	\
} while (0)

#define OK(call) EXPECT(0, call)

/* 10.1.n.0/24 with the range .10-.200 */
static void mk_scope(struct dhcpfo_client *c, int n)
{
	struct dhcpfo_scope s = { .address = NET(n), .mask = MASK24, .name = "t" };
	struct dhcpfo_element r = { .type = DHCPFO_ELEMENT_RANGE, .start = NET(n) + 10,
				    .end = NET(n) + 200 };

	OK(dhcpfo_scope_create(c, &s));
	OK(dhcpfo_scope_element_add(c, NET(n), &r));
}

static struct dhcpfo_relationship rel_tmpl(const char *name, const uint32_t *scopes, uint32_t n)
{
	struct dhcpfo_relationship r = {
		.name = name,
		.primary_server = IP(192, 0, 2, 1),
		.secondary_server = IP(192, 0, 2, 2),
		.mode = DHCPFO_MODE_LOAD_BALANCE,
		.server_type = DHCPFO_SERVER_PRIMARY,
		.mclt = 3600,
		.safe_period = DHCPFO_SAFE_PERIOD_INFINITE,
		.scopes = scopes,
		.n_scopes = n,
		.percentage = 50,
	};

	return r;
}

static void mk_rel(struct dhcpfo_client *c, const char *name, uint32_t scope)
{
	struct dhcpfo_relationship r = rel_tmpl(name, &scope, 1);

	OK(dhcpfo_failover_create(c, &r));
}

static void set_state(struct dhcpfo_client *c, const char *name, enum dhcpfo_fsm_state s)
{
	struct dhcpfo_relationship r = { .name = name, .state = s };

	OK(dhcpfo_failover_set(c, DHCPFO_FO_SET_STATE, &r));
}

static bool msg_has(const char *needle)
{
	return strstr(dhcpfo_strerror_last(), needle) != NULL;
}

/* ---- CreateRelationship (MS-DHCPM 3.2.4.90) ---------------------------------- */

static void test_create_order(void **state)
{
	struct fx *f = *state;
	uint32_t s1 = NET(1), s2 = NET(2), s3 = NET(3), missing = NET(99), bootp = NET(4);
	uint32_t dup[2] = { NET(1), NET(1) };
	struct dhcpfo_element br = { .type = DHCPFO_ELEMENT_RANGE, .start = NET(4) + 10,
				     .end = NET(4) + 20, .range_type = DHCPFO_RANGE_BOOTP };
	struct dhcpfo_scope bs = { .address = NET(4), .mask = MASK24 };
	char long_name[128];
	struct dhcpfo_relationship r;

	mk_scope(f->c, 1);
	mk_scope(f->c, 2);
	mk_scope(f->c, 3);
	OK(dhcpfo_scope_create(f->c, &bs));
	OK(dhcpfo_scope_element_add(f->c, NET(4), &br));
	memset(long_name, 'n', 127);
	long_name[127] = '\0';

	/* the ERROR_INVALID_PARAMETER steps, each alone */
	r = rel_tmpl("", &s1, 1);
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_create(f->c, &r));
	r = rel_tmpl("r", &s1, 1);
	r.primary_server = 0;
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_create(f->c, &r));
	assert_true(msg_has("primary"));
	/* primary 0 comes before secondary 0 and no scopes */
	r.secondary_server = 0;
	r.n_scopes = 0;
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_create(f->c, &r));
	assert_true(msg_has("primary"));
	r = rel_tmpl("r", NULL, 0);
	r.secondary_server = 0;
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_create(f->c, &r));
	assert_true(msg_has("secondary"));
	r = rel_tmpl("r", NULL, 0);
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_create(f->c, &r));
	assert_true(msg_has("scopes"));
	r = rel_tmpl("r", &s1, 1);
	r.percentage = 101;
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_create(f->c, &r));
	r = rel_tmpl("r", dup, 2);
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_create(f->c, &r));

	/* a missing scope, before BOOTP, name length, the limit, membership, the name */
	r = rel_tmpl(long_name, &missing, 1);
	EXPECT(E(DHCP_SUBNET_NOT_PRESENT), dhcpfo_failover_create(f->c, &r));
	/* a BOOTP-only scope: INVALID_PARAMETER, before the name's length */
	r = rel_tmpl(long_name, &bootp, 1);
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_create(f->c, &r));
	assert_true(msg_has("BOOTP"));
	/* the name's length, before membership and existence */
	mk_rel(f->c, "first", s1);
	r = rel_tmpl(long_name, &s1, 1);
	EXPECT(E(DHCP_FO_RELATIONSHIP_NAME_TOO_LONG), dhcpfo_failover_create(f->c, &r));
	/* a scope already in a relationship, before the name's existence */
	r = rel_tmpl("first", &s1, 1);
	EXPECT(E(DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP), dhcpfo_failover_create(f->c, &r));
	r = rel_tmpl("first", &s2, 1);
	EXPECT(E(DHCP_FO_RELATIONSHIP_EXISTS), dhcpfo_failover_create(f->c, &r));
	assert_true(msg_has("first"));
	/* nothing of the refused calls was made */
	r = rel_tmpl("second", &s2, 1);
	OK(dhcpfo_failover_create(f->c, &r));
	r = rel_tmpl("third", &s3, 1);
	OK(dhcpfo_failover_create(f->c, &r));
}

/* The limit comes after the name's length and before membership. */
static void test_create_max_relationships(void **state)
{
	struct fx *f = *state;
	uint32_t s3 = NET(3), s1 = NET(1);
	struct dhcpfo_agent_info *ai;
	struct dhcpfo_relationship r;
	char long_name[128];

	OK(dhcpfo_agent_info(f->c, &ai));
	assert_int_equal(ai->max_relationships, 2);
	dhcpfo_free(ai);
	mk_scope(f->c, 1);
	mk_scope(f->c, 2);
	mk_scope(f->c, 3);
	mk_rel(f->c, "a", NET(1));
	mk_rel(f->c, "b", NET(2));
	memset(long_name, 'x', 127);
	long_name[127] = '\0';
	r = rel_tmpl(long_name, &s3, 1);
	EXPECT(E(DHCP_FO_RELATIONSHIP_NAME_TOO_LONG), dhcpfo_failover_create(f->c, &r));
	/* in use and an existing name too: the limit answers first */
	r = rel_tmpl("a", &s1, 1);
	EXPECT(E(DHCP_FO_MAX_RELATIONSHIPS), dhcpfo_failover_create(f->c, &r));
	r = rel_tmpl("c", &s3, 1);
	EXPECT(E(DHCP_FO_MAX_RELATIONSHIPS), dhcpfo_failover_create(f->c, &r));
	OK(dhcpfo_failover_delete(f->c, "b"));
	OK(dhcpfo_failover_create(f->c, &r));
}

/* Every field comes back as given; state and secret as documented. */
static void test_create_roundtrip(void **state)
{
	struct fx *f = *state;
	const uint32_t scopes[] = { NET(1), NET(2), NET(3) };
	struct dhcpfo_relationship *got, r = {
		.name = "every-field",
		.primary_server = IP(192, 0, 2, 7),
		.secondary_server = IP(198, 51, 100, 9),
		.mode = DHCPFO_MODE_LOAD_BALANCE,
		.server_type = DHCPFO_SERVER_SECONDARY,
		.state = DHCPFO_FSM_PARTNER_DOWN,	/* ignored by Create */
		.prev_state = DHCPFO_FSM_NORMAL,	/* ignored by Create */
		.mclt = 1234,
		.safe_period = 77,
		.primary_server_name = "dhcp-a.example.net",
		.secondary_server_name = "dhcp-b",
		.scopes = scopes,
		.n_scopes = 3,
		.percentage = 64,
		.shared_secret = "correct horse",
		.auto_state_transition = true,
		.lb_max_seconds = 30,
		.hash_key = DHCPFO_HASH_CHADDR,
	};
	uint32_t i;

	mk_scope(f->c, 1);
	mk_scope(f->c, 2);
	mk_scope(f->c, 3);
	OK(dhcpfo_failover_create(f->c, &r));
	OK(dhcpfo_failover_get(f->c, "every-field", &got));
	assert_string_equal(got->name, r.name);
	assert_int_equal(got->primary_server, r.primary_server);
	assert_int_equal(got->secondary_server, r.secondary_server);
	assert_int_equal(got->mode, r.mode);
	assert_int_equal(got->server_type, r.server_type);
	assert_int_equal(got->state, DHCPFO_FSM_STARTUP);
	assert_int_equal(got->prev_state, DHCPFO_FSM_INIT);
	assert_int_equal(got->mclt, r.mclt);
	assert_int_equal(got->safe_period, r.safe_period);
	assert_string_equal(got->primary_server_name, r.primary_server_name);
	assert_string_equal(got->secondary_server_name, r.secondary_server_name);
	assert_int_equal(got->n_scopes, 3);
	for (i = 0; i < 3; i++)
		assert_int_equal(got->scopes[i], scopes[i]);
	assert_int_equal(got->percentage, r.percentage);
	assert_null(got->shared_secret);		/* never returned */
	assert_true(got->shared_secret_set);
	assert_true(got->auto_state_transition);
	assert_int_equal(got->lb_max_seconds, 30);
	assert_int_equal(got->hash_key, DHCPFO_HASH_CHADDR);
	dhcpfo_relationship__free(got);

	/* hot standby, defaults elsewhere; safe period 0 means no transition */
	r = rel_tmpl("hs", (uint32_t[]){ NET(4) }, 1);
	mk_scope(f->c, 4);
	r.mode = DHCPFO_MODE_HOT_STANDBY;
	r.percentage = 5;
	r.safe_period = 0;
	OK(dhcpfo_failover_create(f->c, &r));
	OK(dhcpfo_failover_scope_get(f->c, NET(4), &got));
	assert_string_equal(got->name, "hs");
	assert_int_equal(got->mode, DHCPFO_MODE_HOT_STANDBY);
	assert_int_equal(got->percentage, 5);
	assert_int_equal(got->safe_period, DHCPFO_SAFE_PERIOD_INFINITE);
	assert_false(got->shared_secret_set);
	assert_int_equal(got->hash_key, DHCPFO_HASH_CLIENT_ID);
	dhcpfo_relationship__free(got);
}

/* 126 characters (not bytes) are allowed, 127 are not; non-ASCII survives. */
static void test_name_length(void **state)
{
	struct fx *f = *state;
	static const char *const chars[] = { "\xc3\xa9", "\xe6\x9d\xb1", "\xf0\x9f\x98\x80", "a" };
	char name[127 * 4 + 1] = "";
	struct dhcpfo_relationship r, *got;
	uint32_t s1 = NET(1);
	int i;

	mk_scope(f->c, 1);
	for (i = 0; i < 127; i++)
		strcat(name, chars[i % 4]);
	r = rel_tmpl(name, &s1, 1);
	EXPECT(E(DHCP_FO_RELATIONSHIP_NAME_TOO_LONG), dhcpfo_failover_create(f->c, &r));
	name[strlen(name) - strlen(chars[126 % 4])] = '\0';	/* 126 characters */
	OK(dhcpfo_failover_create(f->c, &r));
	OK(dhcpfo_failover_get(f->c, name, &got));
	assert_string_equal(got->name, name);
	dhcpfo_relationship__free(got);
}

/* ---- AddScopeToRelationship (3.2.4.95) ----------------------------------------- */

static void test_scope_add_order(void **state)
{
	struct fx *f = *state;
	uint32_t many[401], s2 = NET(2), s3 = NET(3), missing = NET(99), bootp = NET(9), i;
	uint32_t dup[2] = { NET(2), NET(2) };
	struct dhcpfo_scope bs = { .address = NET(9), .mask = MASK24 };
	struct dhcpfo_element br = { .type = DHCPFO_ELEMENT_RANGE, .start = NET(9) + 10,
				     .end = NET(9) + 20, .range_type = DHCPFO_RANGE_BOOTP };
	struct dhcpfo_relationship *got;

	mk_scope(f->c, 1);
	mk_scope(f->c, 2);
	mk_scope(f->c, 3);
	OK(dhcpfo_scope_create(f->c, &bs));
	OK(dhcpfo_scope_element_add(f->c, NET(9), &br));
	for (i = 0; i < 401; i++)
		many[i] = IP(10, 200, i / 256, i % 256);

	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_scope_add(f->c, "", &s2, 1));
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_scope_add(f->c, "r", NULL, 0));
	/* 401 scopes that do not exist: the count is checked first */
	EXPECT(E(DHCP_FO_MAX_ADD_SCOPES), dhcpfo_failover_scope_add(f->c, "nope", many, 401));
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_scope_add(f->c, "nope", dup, 2));
	/* a missing scope before "no relationship at all" */
	EXPECT(E(DHCP_SUBNET_NOT_PRESENT), dhcpfo_failover_scope_add(f->c, "nope", &missing, 1));
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_scope_add(f->c, "nope", &bootp, 1));
	/* no relationships exist yet */
	EXPECT(E(FILE_NOT_FOUND), dhcpfo_failover_scope_add(f->c, "nope", &s2, 1));
	mk_rel(f->c, "r", NET(1));
	/* a scope already in one, before the unknown name */
	EXPECT(E(DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP),
	       dhcpfo_failover_scope_add(f->c, "nope", (uint32_t[]){ NET(1) }, 1));
	EXPECT(E(DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST), dhcpfo_failover_scope_add(f->c, "nope", &s2, 1));
	/* a new relationship is in STARTUP */
	EXPECT(E(DHCP_FO_STATE_NOT_NORMAL), dhcpfo_failover_scope_add(f->c, "r", &s2, 1));
	set_state(f->c, "r", DHCPFO_FSM_NORMAL);
	OK(dhcpfo_failover_scope_add(f->c, "r", (uint32_t[]){ NET(2), NET(3) }, 2));
	OK(dhcpfo_failover_scope_get(f->c, s3, &got));
	assert_string_equal(got->name, "r");
	assert_int_equal(got->n_scopes, 3);
	assert_int_equal(got->scopes[0], NET(1));
	assert_int_equal(got->scopes[2], NET(3));
	dhcpfo_relationship__free(got);
}

/* DeleteScopeFromRelationship (3.2.4.96) */
static void test_scope_delete_order(void **state)
{
	struct fx *f = *state;
	uint32_t s1 = NET(1), s2 = NET(2), missing = NET(99);
	struct dhcpfo_relationship *got;

	mk_scope(f->c, 1);
	mk_scope(f->c, 2);
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_scope_delete(f->c, "", &s1, 1));
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_scope_delete(f->c, "r", NULL, 0));
	EXPECT(E(DHCP_SUBNET_NOT_PRESENT), dhcpfo_failover_scope_delete(f->c, "r", &missing, 1));
	EXPECT(E(FILE_NOT_FOUND), dhcpfo_failover_scope_delete(f->c, "r", &s1, 1));
	mk_rel(f->c, "r", NET(1));
	EXPECT(E(DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST), dhcpfo_failover_scope_delete(f->c, "x", &s1, 1));
	EXPECT(E(DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP), dhcpfo_failover_scope_delete(f->c, "r", &s2, 1));
	EXPECT(E(DHCP_FO_STATE_NOT_NORMAL), dhcpfo_failover_scope_delete(f->c, "r", &s1, 1));
	set_state(f->c, "r", DHCPFO_FSM_NORMAL);
	OK(dhcpfo_failover_scope_add(f->c, "r", &s2, 1));
	OK(dhcpfo_failover_scope_delete(f->c, "r", &s1, 1));
	EXPECT(E(DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP), dhcpfo_failover_scope_get(f->c, s1, &got));
	assert_null(got);
	OK(dhcpfo_failover_scope_get(f->c, s2, &got));
	assert_int_equal(got->n_scopes, 1);
	dhcpfo_relationship__free(got);
}

/* GetScopeRelationship (3.2.4.97) */
static void test_scope_get_order(void **state)
{
	struct fx *f = *state;
	struct dhcpfo_relationship *got;
	struct dhcpfo_scope *s;

	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_scope_get(f->c, 0, &got));
	EXPECT(E(DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP), dhcpfo_failover_scope_get(f->c, NET(1), &got));
	mk_scope(f->c, 1);
	EXPECT(E(DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP), dhcpfo_failover_scope_get(f->c, NET(1), &got));
	mk_rel(f->c, "campus", NET(1));
	OK(dhcpfo_failover_scope_get(f->c, NET(1), &got));
	assert_string_equal(got->name, "campus");
	dhcpfo_relationship__free(got);
	OK(dhcpfo_scope_get(f->c, NET(1), &s));
	assert_string_equal(s->relationship, "campus");
	dhcpfo_scope__free(s);
}

/* ---- EnumRelationship (3.2.4.94) --------------------------------------------- */

static void test_enum_paging(void **state)
{
	struct fx *f = *state;
	static const char *const names[] = { "echo", "alpha", "delta", "bravo", "charlie" };
	static const char *const sorted[] = { "alpha", "bravo", "charlie", "delta", "echo" };
	struct dhcpfo_relationship_array *a;
	uint32_t h = 0, rd = 9, tot = 9, i, seen = 0;

	EXPECT(E(NO_MORE_ITEMS), dhcpfo_failover_enum(f->c, &h, 10, &a, &rd, &tot));
	assert_null(a);
	assert_int_equal(rd, 0);
	for (i = 0; i < 5; i++) {
		mk_scope(f->c, (int)i + 1);
		mk_rel(f->c, names[i], NET(i + 1));
	}
	/* pages of two: MORE_DATA, MORE_DATA, then SUCCESS, then NO_MORE_ITEMS */
	EXPECT(E(MORE_DATA), dhcpfo_failover_enum(f->c, &h, 2, &a, &rd, &tot));
	assert_int_equal(h, 2);
	assert_int_equal(rd, 2);
	assert_int_equal(tot, 3);
	assert_int_equal(a->n, 2);
	for (i = 0; i < a->n; i++)
		assert_string_equal(a->items[i].name, sorted[seen++]);
	dhcpfo_relationship_array__free(a);
	EXPECT(E(MORE_DATA), dhcpfo_failover_enum(f->c, &h, 2, &a, &rd, &tot));
	assert_int_equal(tot, 1);
	for (i = 0; i < a->n; i++)
		assert_string_equal(a->items[i].name, sorted[seen++]);
	dhcpfo_relationship_array__free(a);
	OK(dhcpfo_failover_enum(f->c, &h, 2, &a, &rd, &tot));
	assert_int_equal(rd, 1);
	assert_int_equal(tot, 0);
	assert_int_equal(h, 5);
	assert_string_equal(a->items[0].name, sorted[seen++]);
	assert_int_equal(a->items[0].scopes[0], NET(1));	/* "echo" got scope 1 */
	dhcpfo_relationship_array__free(a);
	EXPECT(E(NO_MORE_ITEMS), dhcpfo_failover_enum(f->c, &h, 2, &a, &rd, &tot));
	/* 0 elements wanted: nothing; all of them: one page */
	h = 0;
	EXPECT(E(NO_MORE_ITEMS), dhcpfo_failover_enum(f->c, &h, 0, &a, &rd, &tot));
	OK(dhcpfo_failover_enum(f->c, &h, DHCPFO_ENUM_ALL, &a, &rd, &tot));
	assert_int_equal(a->n, 5);
	dhcpfo_relationship_array__free(a);
}

/* ---- Set / Get / Delete ---------------------------------------------------------- */

static void test_set(void **state)
{
	struct fx *f = *state;
	struct dhcpfo_relationship r = { .name = "r" }, *got;

	mk_scope(f->c, 1);
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_set(f->c, 0, &r));
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_set(f->c, 0x800, &r));
	EXPECT(E(DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST), dhcpfo_failover_set(f->c, DHCPFO_FO_SET_MCLT, &r));
	mk_rel(f->c, "r", NET(1));
	r.percentage = 101;
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_set(f->c, DHCPFO_FO_SET_PERCENTAGE, &r));
	r.state = 14;
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_set(f->c, DHCPFO_FO_SET_STATE, &r));
	/* each flag changes its field and nothing else */
	r.mclt = 600;
	r.percentage = 80;
	r.state = DHCPFO_FSM_PARTNER_DOWN;
	r.safe_period = 0;
	r.shared_secret = "s";
	r.auto_state_transition = true;
	r.lb_max_seconds = 9;
	r.hash_key = DHCPFO_HASH_CHADDR;
	r.mode = DHCPFO_MODE_HOT_STANDBY;
	OK(dhcpfo_failover_set(f->c, DHCPFO_FO_SET_MCLT | DHCPFO_FO_SET_STATE, &r));
	OK(dhcpfo_failover_get(f->c, "r", &got));
	assert_int_equal(got->mclt, 600);
	assert_int_equal(got->state, DHCPFO_FSM_PARTNER_DOWN);
	assert_int_equal(got->prev_state, DHCPFO_FSM_STARTUP);	/* the old state */
	assert_int_equal(got->percentage, 50);
	assert_int_equal(got->mode, DHCPFO_MODE_LOAD_BALANCE);
	dhcpfo_relationship__free(got);
	OK(dhcpfo_failover_set(f->c, DHCPFO_FO_SET_PERCENTAGE | DHCPFO_FO_SET_SAFE_PERIOD |
			       DHCPFO_FO_SET_SHARED_SECRET | DHCPFO_FO_SET_AUTO_STATE_TRANSITION |
			       DHCPFO_FO_SET_LB_MAX_SECONDS | DHCPFO_FO_SET_HASH_KEY, &r));
	OK(dhcpfo_failover_get(f->c, "r", &got));
	assert_int_equal(got->percentage, 80);
	assert_int_equal(got->safe_period, DHCPFO_SAFE_PERIOD_INFINITE);
	assert_true(got->shared_secret_set);
	assert_true(got->auto_state_transition);
	assert_int_equal(got->lb_max_seconds, 9);
	assert_int_equal(got->hash_key, DHCPFO_HASH_CHADDR);
	assert_int_equal(got->mclt, 600);
	dhcpfo_relationship__free(got);
	r.shared_secret = NULL;
	r.prev_state = DHCPFO_FSM_NORMAL;
	OK(dhcpfo_failover_set(f->c, DHCPFO_FO_SET_SHARED_SECRET | DHCPFO_FO_SET_MODE |
			       DHCPFO_FO_SET_PREV_STATE, &r));
	OK(dhcpfo_failover_get(f->c, "r", &got));
	assert_false(got->shared_secret_set);
	assert_int_equal(got->mode, DHCPFO_MODE_HOT_STANDBY);
	assert_int_equal(got->prev_state, DHCPFO_FSM_NORMAL);
	dhcpfo_relationship__free(got);
}

static void test_get_delete(void **state)
{
	struct fx *f = *state;
	struct dhcpfo_relationship *got = (void *)1;
	struct dhcpfo_scope *s;

	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_get(f->c, "", &got));
	EXPECT(E(DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST), dhcpfo_failover_get(f->c, "r", &got));
	assert_null(got);
	assert_true(msg_has("'r'"));
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_delete(f->c, ""));
	EXPECT(E(DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST), dhcpfo_failover_delete(f->c, "r"));
	mk_scope(f->c, 1);
	mk_rel(f->c, "r", NET(1));
	/* a failover scope cannot go before it leaves */
	EXPECT(E(DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP), dhcpfo_scope_delete(f->c, NET(1), true));
	OK(dhcpfo_failover_delete(f->c, "r"));
	EXPECT(E(DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST), dhcpfo_failover_get(f->c, "r", &got));
	OK(dhcpfo_scope_get(f->c, NET(1), &s));
	assert_null(s->relationship);
	dhcpfo_scope__free(s);
	OK(dhcpfo_scope_delete(f->c, NET(1), false));
}

/* ---- statistics, clients, time, address status, trigger, which ---------------- */

static void test_scope_stats(void **state)
{
	struct fx *f = *state;
	struct dhcpfo_failover_stats st;
	struct dhcpfo_element ex = { .type = DHCPFO_ELEMENT_EXCLUSION, .start = NET(1) + 50,
				     .end = NET(1) + 59 };

	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_scope_stats(f->c, 0, &st));
	mk_scope(f->c, 1);
	EXPECT(E(DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP), dhcpfo_failover_scope_stats(f->c, NET(1), &st));
	OK(dhcpfo_scope_element_add(f->c, NET(1), &ex));
	mk_rel(f->c, "r", NET(1));
	OK(dhcpfo_failover_scope_stats(f->c, NET(1), &st));
	/* .10-.200 less the 10 excluded, and no leases: nothing in use */
	assert_int_equal(st.num_addr, 181);
	assert_int_equal(st.addr_free, 181);
	assert_int_equal(st.addr_in_use, 0);
	assert_int_equal(st.this_addr_in_use, 0);
	assert_int_equal(st.partner_addr_in_use, 0);
	assert_int_equal(st.this_addr_free + st.partner_addr_free, 181);
}

static void test_client_info(void **state)
{
	struct fx *f = *state;
	uint8_t mac[6] = { 0, 0x0c, 1, 2, 3, 4 };
	struct dhcpfo_client_search s = { .type = DHCPFO_SEARCH_IP, .ip = NET(1) + 20 };
	struct dhcpfo_client_info *ci;

	/* no DHCP engine yet, so no lease anywhere: the true answer */
	EXPECT(E(DHCP_JET_ERROR), dhcpfo_failover_client_info(f->c, &s, &ci));
	assert_null(ci);
	s.type = DHCPFO_SEARCH_HWADDR;
	s.hwaddr = mac;
	s.hwaddr_len = 6;
	EXPECT(E(DHCP_JET_ERROR), dhcpfo_failover_client_info(f->c, &s, &ci));
	s.type = DHCPFO_SEARCH_NAME;
	s.name = "printer";
	EXPECT(E(DHCP_JET_ERROR), dhcpfo_failover_client_info(f->c, &s, &ci));
	s.type = DHCPFO_SEARCH_IP;
	s.ip = 0;
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_client_info(f->c, &s, &ci));
}

static void test_system_time(void **state)
{
	struct fx *f = *state;
	uint32_t t, delta;
	time_t now = time(NULL);

	OK(dhcpfo_failover_system_time(f->c, &t, &delta));
	assert_true(t >= (uint32_t)now - 5 && t <= (uint32_t)now + 5);
	assert_int_equal(delta, 60);	/* --max-clock-skew default */
}

static void test_address_status(void **state)
{
	struct fx *f = *state;
	struct dhcpfo_element ex = { .type = DHCPFO_ELEMENT_EXCLUSION, .start = NET(1) + 50,
				     .end = NET(1) + 59 };
	struct dhcpfo_element rv = { .type = DHCPFO_ELEMENT_RESERVATION, .address = NET(1) + 20,
				     .hwaddr = { 0, 0x0c, 1, 2, 3, 4 }, .hwaddr_len = 6 };
	struct dhcpfo_relationship r;
	uint32_t status, s1 = NET(1), a, primary = 0, secondary = 0;

	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_address_status(f->c, 0, &status));
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_address_status(f->c, NET(1) + 20, &status));
	mk_scope(f->c, 1);
	OK(dhcpfo_scope_element_add(f->c, NET(1), &ex));
	OK(dhcpfo_scope_element_add(f->c, NET(1), &rv));
	EXPECT(E(DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP),
	       dhcpfo_failover_address_status(f->c, NET(1) + 20, &status));
	r = rel_tmpl("r", &s1, 1);
	r.percentage = 70;
	OK(dhcpfo_failover_create(f->c, &r));
	OK(dhcpfo_failover_address_status(f->c, NET(1) + 55, &status));
	assert_int_equal(status, DHCPFO_ADDR_EXCLUDED);
	OK(dhcpfo_failover_address_status(f->c, NET(1) + 20, &status));
	assert_int_equal(status, DHCPFO_ADDR_RESERVED);
	/* outside the ranges of its scope */
	EXPECT(E(INVALID_PARAMETER), dhcpfo_failover_address_status(f->c, NET(1) + 250, &status));
	for (a = NET(1) + 10; a <= NET(1) + 200; a++) {
		if (a == NET(1) + 20 || (a >= NET(1) + 50 && a <= NET(1) + 59))
			continue;
		OK(dhcpfo_failover_address_status(f->c, a, &status));
		if (status == DHCPFO_ADDR_PRIMARY)
			primary++;
		else if (status == DHCPFO_ADDR_SECONDARY)
			secondary++;
		else
			fail_msg("address %x: status %u", a, status);
	}
	/* the free addresses split as the scope statistics say */
	{
		struct dhcpfo_failover_stats st;

		OK(dhcpfo_failover_scope_stats(f->c, NET(1), &st));
		assert_int_equal(primary, st.this_addr_free);	/* this server is the primary */
		assert_int_equal(secondary, st.partner_addr_free);
		assert_true(primary > secondary);
	}
}

static void test_trigger_alloc(void **state)
{
	struct fx *f = *state;
	uint32_t s2 = NET(2);
	struct dhcpfo_relationship r = rel_tmpl("sec", &s2, 1);

	EXPECT(E(DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST), dhcpfo_failover_trigger_alloc(f->c, "none"));
	mk_scope(f->c, 1);
	mk_scope(f->c, 2);
	mk_rel(f->c, "pri", NET(1));
	r.server_type = DHCPFO_SERVER_SECONDARY;
	OK(dhcpfo_failover_create(f->c, &r));
	EXPECT(E(DHCP_FO_RELATION_IS_SECONDARY), dhcpfo_failover_trigger_alloc(f->c, "sec"));
	OK(dhcpfo_failover_trigger_alloc(f->c, "pri"));
}

static void test_which(void **state)
{
	struct fx *f = *state;
	uint8_t mac[6] = { 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04 };
	uint8_t cid[7] = { 0x01, 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04 };
	struct dhcpfo_relationship r;
	struct dhcpfo_which w;
	uint32_t s1 = NET(1);

	mk_scope(f->c, 1);
	EXPECT(E(DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP),
	       dhcpfo_failover_which(f->c, NET(1), mac, 6, NULL, 0, &w));
	EXPECT(E(DHCP_SUBNET_NOT_PRESENT), dhcpfo_failover_which(f->c, NET(7), mac, 6, NULL, 0, &w));
	r = rel_tmpl("r", &s1, 1);
	OK(dhcpfo_failover_create(f->c, &r));
	/* the design's check values: chaddr 131, client-id 104; 50 % = buckets 0..127 */
	OK(dhcpfo_failover_which(f->c, NET(1), mac, 6, NULL, 0, &w));
	assert_int_equal(w.bucket, 131);
	assert_int_equal(w.bucket, dfo_rfc3074_hash(mac, 6));
	assert_int_equal(w.owner, DHCPFO_SERVER_SECONDARY);
	assert_false(w.this_server_answers);		/* primary, and in STARTUP anyway */
	OK(dhcpfo_failover_which(f->c, NET(1), NULL, 0, cid, 7, &w));
	assert_int_equal(w.bucket, 104);
	assert_int_equal(w.owner, DHCPFO_SERVER_PRIMARY);
	assert_false(w.this_server_answers);		/* STARTUP answers nobody */
	set_state(f->c, "r", DHCPFO_FSM_NORMAL);
	OK(dhcpfo_failover_which(f->c, NET(1), NULL, 0, cid, 7, &w));
	assert_true(w.this_server_answers);
	OK(dhcpfo_failover_which(f->c, NET(1), mac, 6, NULL, 0, &w));
	assert_false(w.this_server_answers);
}

/* ---- scopes ------------------------------------------------------------------------ */

static void test_scopes(void **state)
{
	struct fx *f = *state;
	struct dhcpfo_scope s = { .address = NET(1), .mask = MASK24, .name = "lab",
				  .comment = "first floor", .lease_duration = 3600 }, *got;
	struct dhcpfo_ip_array *ips;
	uint32_t h = 0, rd, tot, i;

	OK(dhcpfo_scope_create(f->c, &s));
	EXPECT(E(DHCP_SUBNET_EXISTS), dhcpfo_scope_create(f->c, &s));
	s.address = NET(1) + 128;
	s.mask = IP(255, 255, 255, 128);
	EXPECT(E(DHCP_SUBNET_EXISTS), dhcpfo_scope_create(f->c, &s));	/* overlaps */
	s.address = NET(2) + 1;
	s.mask = MASK24;
	EXPECT(E(DHCP_INVALID_SUBNET_PREFIX), dhcpfo_scope_create(f->c, &s));
	s.address = NET(2);
	s.mask = IP(255, 0, 255, 0);
	EXPECT(E(INVALID_PARAMETER), dhcpfo_scope_create(f->c, &s));
	EXPECT(E(DHCP_SUBNET_NOT_PRESENT), dhcpfo_scope_get(f->c, NET(2), &got));
	assert_null(got);

	OK(dhcpfo_scope_get(f->c, NET(1), &got));
	assert_int_equal(got->mask, MASK24);
	assert_string_equal(got->name, "lab");
	assert_string_equal(got->comment, "first floor");
	assert_int_equal(got->state, DHCPFO_SCOPE_ENABLED);
	assert_int_equal(got->lease_duration, 3600);
	assert_null(got->relationship);
	dhcpfo_scope__free(got);

	/* set changes what it is told to and keeps the rest */
	s.address = NET(1);
	s.name = "lab-2";
	s.state = DHCPFO_SCOPE_DISABLED;
	OK(dhcpfo_scope_set(f->c, DHCPFO_SCOPE_SET_NAME | DHCPFO_SCOPE_SET_STATE, &s));
	OK(dhcpfo_scope_get(f->c, NET(1), &got));
	assert_string_equal(got->name, "lab-2");
	assert_int_equal(got->state, DHCPFO_SCOPE_DISABLED);
	assert_string_equal(got->comment, "first floor");
	assert_int_equal(got->lease_duration, 3600);
	dhcpfo_scope__free(got);
	s.mask = IP(255, 255, 0, 0);
	EXPECT(E(INVALID_PARAMETER), dhcpfo_scope_set(f->c, DHCPFO_SCOPE_SET_MASK, &s));
	s.address = NET(3);
	EXPECT(E(DHCP_SUBNET_NOT_PRESENT), dhcpfo_scope_set(f->c, DHCPFO_SCOPE_SET_NAME, &s));

	/* enumeration in address order, paged */
	for (i = 9; i >= 2; i--)
		mk_scope(f->c, (int)i);
	EXPECT(E(MORE_DATA), dhcpfo_scope_enum(f->c, &h, 4, &ips, &rd, &tot));
	assert_int_equal(ips->n, 4);
	assert_int_equal(ips->items[0], NET(1));
	assert_int_equal(ips->items[3], NET(4));
	assert_int_equal(tot, 5);
	dhcpfo_free(ips);
	OK(dhcpfo_scope_enum(f->c, &h, 10, &ips, &rd, &tot));
	assert_int_equal(rd, 5);
	assert_int_equal(ips->items[4], NET(9));
	dhcpfo_free(ips);
	EXPECT(E(NO_MORE_ITEMS), dhcpfo_scope_enum(f->c, &h, 10, &ips, &rd, &tot));

	EXPECT(E(DHCP_SUBNET_NOT_PRESENT), dhcpfo_scope_delete(f->c, NET(77), false));
	OK(dhcpfo_scope_delete(f->c, NET(9), false));
	EXPECT(E(DHCP_SUBNET_NOT_PRESENT), dhcpfo_scope_get(f->c, NET(9), &got));
}

static void test_elements(void **state)
{
	struct fx *f = *state;
	struct dhcpfo_scope s = { .address = NET(1), .mask = MASK24 };
	struct dhcpfo_element rg = { .type = DHCPFO_ELEMENT_RANGE, .start = NET(1) + 10,
				     .end = NET(1) + 100 };
	struct dhcpfo_element ex = { .type = DHCPFO_ELEMENT_EXCLUSION, .start = NET(1) + 20,
				     .end = NET(1) + 29 };
	struct dhcpfo_element rv = { .type = DHCPFO_ELEMENT_RESERVATION, .address = NET(1) + 50,
				     .hwaddr = { 0, 0x0c, 1, 2, 3, 4 }, .hwaddr_len = 6,
				     .name = "printer" };
	struct dhcpfo_element_array *els;
	uint32_t h = 0, rd, tot;

	EXPECT(E(DHCP_SUBNET_NOT_PRESENT), dhcpfo_scope_element_add(f->c, NET(1), &rg));
	OK(dhcpfo_scope_create(f->c, &s));
	OK(dhcpfo_scope_element_add(f->c, NET(1), &rg));
	EXPECT(E(DHCP_IPRANGE_EXITS), dhcpfo_scope_element_add(f->c, NET(1), &rg));
	rg.start = NET(1) + 150;
	rg.end = NET(1) + 140;
	EXPECT(E(DHCP_INVALID_RANGE), dhcpfo_scope_element_add(f->c, NET(1), &rg));
	rg.start = NET(2) + 1;
	rg.end = NET(2) + 9;
	EXPECT(E(DHCP_INVALID_RANGE), dhcpfo_scope_element_add(f->c, NET(1), &rg));
	rg.start = NET(1) + 150;
	rg.end = NET(1) + 160;
	rg.range_type = DHCPFO_RANGE_BOTH;
	OK(dhcpfo_scope_element_add(f->c, NET(1), &rg));
	OK(dhcpfo_scope_element_add(f->c, NET(1), &ex));
	OK(dhcpfo_scope_element_add(f->c, NET(1), &rv));
	EXPECT(E(DHCP_RESERVEDIP_EXITS), dhcpfo_scope_element_add(f->c, NET(1), &rv));

	OK(dhcpfo_scope_element_enum(f->c, NET(1), DHCPFO_ELEMENT_RANGE, &h, 10, &els, &rd, &tot));
	assert_int_equal(els->n, 2);
	assert_int_equal(els->items[0].start, NET(1) + 10);
	assert_int_equal(els->items[0].range_type, DHCPFO_RANGE_DHCP);
	assert_int_equal(els->items[1].range_type, DHCPFO_RANGE_BOTH);
	dhcpfo_free(els);
	h = 0;
	EXPECT(E(MORE_DATA), dhcpfo_scope_element_enum(f->c, NET(1), DHCPFO_ELEMENT_RANGE, &h, 1,
						      &els, &rd, &tot));
	assert_int_equal(tot, 1);
	dhcpfo_free(els);
	h = 0;
	OK(dhcpfo_scope_element_enum(f->c, NET(1), DHCPFO_ELEMENT_EXCLUSION, &h, 10, &els, &rd, &tot));
	assert_int_equal(els->n, 1);
	assert_int_equal(els->items[0].end, NET(1) + 29);
	dhcpfo_free(els);
	h = 0;
	OK(dhcpfo_scope_element_enum(f->c, NET(1), DHCPFO_ELEMENT_RESERVATION, &h, 10, &els, &rd, &tot));
	assert_int_equal(els->n, 1);
	assert_int_equal(els->items[0].address, NET(1) + 50);
	assert_int_equal(els->items[0].hwaddr_len, 6);
	assert_memory_equal(els->items[0].hwaddr, rv.hwaddr, 6);
	assert_string_equal(els->items[0].name, "printer");
	dhcpfo_free(els);

	/* removal names the element exactly */
	ex.end = NET(1) + 28;
	EXPECT(E(DHCP_INVALID_RANGE), dhcpfo_scope_element_remove(f->c, NET(1), &ex));
	ex.end = NET(1) + 29;
	OK(dhcpfo_scope_element_remove(f->c, NET(1), &ex));
	rv.hwaddr[5] = 5;
	EXPECT(E(DHCP_NOT_RESERVED_CLIENT), dhcpfo_scope_element_remove(f->c, NET(1), &rv));
	rv.hwaddr[5] = 4;
	OK(dhcpfo_scope_element_remove(f->c, NET(1), &rv));
	h = 0;
	EXPECT(E(NO_MORE_ITEMS), dhcpfo_scope_element_enum(f->c, NET(1), DHCPFO_ELEMENT_RESERVATION,
							  &h, 10, &els, &rd, &tot));
	assert_null(els);
}

/* A failover scope's ranges stay DHCP: BOOTP would split the pool differently. */
static void test_failover_scope_ranges(void **state)
{
	struct fx *f = *state;
	struct dhcpfo_element rg = { .type = DHCPFO_ELEMENT_RANGE, .start = NET(1) + 10,
				     .end = NET(1) + 200 };

	mk_scope(f->c, 1);
	mk_rel(f->c, "r", NET(1));
	rg.range_type = DHCPFO_RANGE_BOOTP;
	EXPECT(E(DHCP_FO_IPRANGE_TYPE_CONV_ILLEGAL), dhcpfo_scope_element_add(f->c, NET(1), &rg));
	rg.range_type = DHCPFO_RANGE_DHCP;
	EXPECT(E(DHCP_FO_RANGE_PART_OF_REL), dhcpfo_scope_element_remove(f->c, NET(1), &rg));
}

static void test_options(void **state)
{
	struct fx *f = *state;
	static const uint8_t bin[] = { 0x01, 0x02, 0xfe };
	const struct dhcpfo_option_value v_ip[] = { { .ip = IP(192, 0, 2, 53) },
						    { .ip = IP(192, 0, 2, 54) } };
	const struct dhcpfo_option_value v_str = { .str = "exämple.org" };
	const struct dhcpfo_option_value v_num[] = { { .num = 200 }, { .num = 65535 },
						     { .num = 86400 }, { .num = 1ULL << 40 } };
	const struct dhcpfo_option_value v_bin = { .bin = bin, .bin_len = 3 };
	const struct dhcpfo_option opts[] = {
		{ .code = 6, .type = DHCPFO_OPTION_IPADDRESS, .n_values = 2, .values = v_ip },
		{ .code = 15, .type = DHCPFO_OPTION_STRING, .n_values = 1, .values = &v_str },
		{ .code = 46, .type = DHCPFO_OPTION_BYTE, .n_values = 1, .values = &v_num[0] },
		{ .code = 26, .type = DHCPFO_OPTION_WORD, .n_values = 1, .values = &v_num[1] },
		{ .code = 51, .type = DHCPFO_OPTION_DWORD, .n_values = 1, .values = &v_num[2] },
		{ .code = 200, .type = DHCPFO_OPTION_DWORDDWORD, .n_values = 1, .values = &v_num[3] },
		{ .code = 121, .type = DHCPFO_OPTION_BINARY, .n_values = 1, .values = &v_bin },
		{ .code = 43, .type = DHCPFO_OPTION_ENCAPSULATED, .n_values = 1, .values = &v_bin },
	};
	struct dhcpfo_option_array *all;
	struct dhcpfo_option *got, bad = opts[0];
	size_t i, k;

	EXPECT(E(DHCP_SUBNET_NOT_PRESENT), dhcpfo_scope_option_set(f->c, NET(1), &opts[0]));
	mk_scope(f->c, 1);
	bad.code = 0;
	EXPECT(E(INVALID_PARAMETER), dhcpfo_scope_option_set(f->c, NET(1), &bad));
	bad.code = 6;
	bad.n_values = 0;
	EXPECT(E(INVALID_PARAMETER), dhcpfo_scope_option_set(f->c, NET(1), &bad));
	EXPECT(E(DHCP_OPTION_NOT_PRESENT), dhcpfo_scope_option_get(f->c, NET(1), 6, &got));
	assert_null(got);
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		OK(dhcpfo_scope_option_set(f->c, NET(1), &opts[i]));
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		OK(dhcpfo_scope_option_get(f->c, NET(1), opts[i].code, &got));
		assert_int_equal(got->code, opts[i].code);
		assert_int_equal(got->type, opts[i].type);
		assert_int_equal(got->n_values, opts[i].n_values);
		for (k = 0; k < got->n_values; k++) {
			const struct dhcpfo_option_value *a = &got->values[k], *b = &opts[i].values[k];

			switch (got->type) {
			case DHCPFO_OPTION_IPADDRESS:
				assert_int_equal(a->ip, b->ip);
				break;
			case DHCPFO_OPTION_STRING:
				assert_string_equal(a->str, b->str);
				break;
			case DHCPFO_OPTION_BINARY:
			case DHCPFO_OPTION_ENCAPSULATED:
				assert_int_equal(a->bin_len, b->bin_len);
				assert_memory_equal(a->bin, b->bin, b->bin_len);
				break;
			default:
				assert_true(a->num == b->num);
			}
		}
		dhcpfo_free(got);
	}
	OK(dhcpfo_scope_option_enum(f->c, NET(1), &all));
	assert_int_equal(all->n, sizeof(opts) / sizeof(opts[0]));
	for (i = 1; i < all->n; i++)
		assert_true(all->items[i - 1].code < all->items[i].code);
	dhcpfo_free(all);
	EXPECT(E(DHCP_OPTION_NOT_PRESENT), dhcpfo_scope_option_remove(f->c, NET(1), 3));
	OK(dhcpfo_scope_option_remove(f->c, NET(1), 6));
	EXPECT(E(DHCP_OPTION_NOT_PRESENT), dhcpfo_scope_option_get(f->c, NET(1), 6, &got));
}

/* ---- the agent and its datapath ---------------------------------------------------- */

static void test_agent_and_datapath(void **state)
{
	struct fx *f = *state;
	struct dhcpfo_agent_info *ai;
	struct dhcpfo_dp_status *st;
	struct dhcpfo_dp_stats *dp;

	OK(dhcpfo_agent_info(f->c, &ai));
	assert_true(strlen(ai->version) > 0);
	assert_int_equal(ai->max_relationships, 31);
	assert_non_null(strstr(ai->state_file, f->agent.dir));
	dhcpfo_free(ai);
	/* --no-xdp: no counters, and saying so */
	EXPECT(E(NOT_SUPPORTED), dhcpfo_failover_datapath_stats(f->c, 0, &dp));
	assert_null(dp);
	OK(dhcpfo_datapath_status(f->c, &st));
	assert_false(st->xdp);
	assert_int_equal(st->global.n, 0);
	dhcpfo_free(st);
	assert_string_equal(dhcpfo_client__socket_path(f->c), f->agent.sock);
}

/* A handle survives the agent closing on it (it reconnects on the next call). */
static void test_reconnect_after_error(void **state)
{
	struct fx *f = *state;
	struct dhcpfo_client_opts o = { .sz = sizeof(o), .timeout_ms = 1 };
	struct dhcpfo_client *c;
	uint32_t t, d, st;
	int i;

	assert_int_equal(dhcpfo_client__open(NULL, &o, &c), 0);
	/* 1 ms may or may not be enough; whatever happened, the handle still works */
	for (i = 0; i < 20; i++) {
		st = dhcpfo_failover_system_time(c, &t, &d);
		assert_true(st == 0 || st == E(DHCP_SERVER_NOT_REACHABLE));
	}
	dhcpfo_client__close(c);
	OK(dhcpfo_failover_system_time(f->c, &t, &d));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_order),
		cmocka_unit_test_setup_teardown(test_create_max_relationships, setup_max2, teardown),
		T(test_create_roundtrip),
		T(test_name_length),
		T(test_scope_add_order),
		T(test_scope_delete_order),
		T(test_scope_get_order),
		T(test_enum_paging),
		T(test_set),
		T(test_get_delete),
		T(test_scope_stats),
		T(test_client_info),
		T(test_system_time),
		T(test_address_status),
		T(test_trigger_alloc),
		T(test_which),
		T(test_scopes),
		T(test_elements),
		T(test_failover_scope_ranges),
		T(test_options),
		T(test_agent_and_datapath),
		T(test_reconnect_after_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
