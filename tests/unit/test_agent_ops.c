// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dhcpfod operations, driven in-process (no XDP, state dir under /tmp):
 * every error path of the failover and scope operations in the documented
 * (MS-DHCPM) order, requests wrong in two ways returning the earlier error,
 * Create's forced STARTUP/INIT and safe period rule, Set's flags, enum
 * paging, the pool split rule, and that failed requests change nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agentfix.h"
#include "dhcpfod/agent.h"
#include "dhcpfo_status.h"
#include "log.h"
#include "dhcpfod/ops.h"
#include "rfc3074.h"

struct fx {
	char dir[64];
	struct dfod_config cfg;
	struct dfod_agent *a;
	struct dfod_res res;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	dfo_log_set_handler(agentfix_quiet);
	agentfix_mkdtemp(f->dir, "agent-ops");
	agentfix_config(&f->cfg, f->dir, "unit");
	assert_int_equal(dfod_agent_open(&f->a, &f->cfg), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	dfod_res_free(&f->res);
	dfod_agent_close(f->a, true);
	dfod_config_free(&f->cfg);
	agentfix_rmdir(f->dir);
	free(f);
	return 0;
}

/* Run @op with the JSON @args (may be NULL); the reply stays in f->res. */
static unsigned int call(struct fx *f, const char *op, const char *args)
{
	return agentfix_call(f->a, &f->res, op, args);
}

#define EXPECT(want, op, args) \
	agentfix_check_at(__LINE__, want, call(f, op, args), op, args, f->res.msg)
#define OK(op, args) EXPECT(0, op, args)

/* A member of the last result, as a string / integer. */
static const char *rstr(struct fx *f, const char *path)
{
	json_object *o = f->res.result, *v;
	char buf[128], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok; tok = strtok_r(NULL, ".", &save)) {
		if (!json_object_object_get_ex(o, tok, &v))
			fail_msg("no '%s' in the result", path);
		o = v;
	}
	return json_object_get_string(o);
}

static long long rnum(struct fx *f, const char *path)
{
	return atoll(rstr(f, path));
}

static uint64_t seq(struct fx *f)
{
	return f->a->store.seq;
}

/* Scope @addr/24 with a DHCP range .1-.100 (or a BOOTP-only one). */
static void mkscope(struct fx *f, const char *net, const char *range_type)
{
	char args[512];

	snprintf(args, sizeof(args), "{\"scope\":{\"address\":\"%s.0\",\"mask\":\"255.255.255.0\","
		 "\"name\":\"n-%s\"}}", net, net);
	OK("scope.create", args);
	snprintf(args, sizeof(args), "{\"address\":\"%s.0\",\"element\":{\"type\":\"range\","
		 "\"start\":\"%s.1\",\"end\":\"%s.100\",\"range_type\":\"%s\"}}", net, net, net,
		 range_type);
	OK("scope.element_add", args);
}

static void mkrel(struct fx *f, const char *name, const char *scopes, const char *extra)
{
	char args[1024];

	snprintf(args, sizeof(args), "{\"relationship\":{\"name\":\"%s\",\"primary_server\":"
		 "\"192.0.2.1\",\"secondary_server\":\"192.0.2.2\",\"scopes\":[%s]%s%s}}", name,
		 scopes, extra ? "," : "", extra ? extra : "");
	OK("failover.create", args);
}

static void set_state(struct fx *f, const char *name, int st)
{
	char args[256];

	snprintf(args, sizeof(args), "{\"flags\":4,\"relationship\":{\"name\":\"%s\",\"state\":%d}}",
		 name, st);
	OK("failover.set", args);
}

#define REL(fields) "{\"relationship\":{" fields "}}"
#define GOOD "\"primary_server\":\"192.0.2.1\",\"secondary_server\":\"192.0.2.2\""

static void test_create_errors(void **state)
{
	struct fx *f = *state;
	char longname[200], args[512];
	uint64_t s0;

	mkscope(f, "10.0.1", "dhcp");
	mkscope(f, "10.0.2", "bootp");
	mkscope(f, "10.0.3", "dhcp");
	s0 = seq(f);

	/* NULL relationship / name, primary 0, secondary 0, scopes, pct, mode, type. */
	EXPECT(87, "failover.create", NULL);
	EXPECT(87, "failover.create", "{}");
	EXPECT(87, "failover.create", REL(GOOD ",\"scopes\":[\"10.0.1.0\"]"));
	EXPECT(87, "failover.create", REL("\"name\":\"\"," GOOD ",\"scopes\":[\"10.0.1.0\"]"));
	EXPECT(87, "failover.create", REL("\"name\":\"r\",\"secondary_server\":\"192.0.2.2\","
					  "\"scopes\":[\"10.0.1.0\"]"));
	EXPECT(87, "failover.create", REL("\"name\":\"r\",\"primary_server\":\"0.0.0.0\","
					  "\"secondary_server\":\"192.0.2.2\",\"scopes\":[\"10.0.1.0\"]"));
	EXPECT(87, "failover.create", REL("\"name\":\"r\",\"primary_server\":\"192.0.2.1\","
					  "\"secondary_server\":\"0.0.0.0\",\"scopes\":[\"10.0.1.0\"]"));
	EXPECT(87, "failover.create", REL("\"name\":\"r\"," GOOD));
	EXPECT(87, "failover.create", REL("\"name\":\"r\"," GOOD ",\"scopes\":[]"));
	EXPECT(87, "failover.create", REL("\"name\":\"r\"," GOOD ",\"scopes\":[\"10.0.1.0\"],"
					  "\"percentage\":101"));
	EXPECT(87, "failover.create", REL("\"name\":\"r\"," GOOD ",\"scopes\":[\"10.0.1.0\"],"
					  "\"mode\":\"round_robin\""));
	EXPECT(87, "failover.create", REL("\"name\":\"r\"," GOOD ",\"scopes\":[\"10.0.1.0\"],"
					  "\"server_type\":\"tertiary\""));
	/* Then: scope missing, BOOTP-only scope. */
	EXPECT(20005, "failover.create", REL("\"name\":\"r\"," GOOD ",\"scopes\":[\"10.9.9.0\"]"));
	EXPECT(87, "failover.create", REL("\"name\":\"r\"," GOOD ",\"scopes\":[\"10.0.2.0\"]"));
	/* All scopes are checked for existence before any for BOOTP. */
	EXPECT(20005, "failover.create", REL("\"name\":\"r\"," GOOD
					     ",\"scopes\":[\"10.0.2.0\",\"10.9.9.0\"]"));
	/* Name too long: 127 characters; 126 multi-byte characters are fine. */
	memset(longname, 'x', 127);
	longname[127] = '\0';
	snprintf(args, sizeof(args), REL("\"name\":\"%s\"," GOOD ",\"scopes\":[\"10.0.1.0\"]"),
		 longname);
	EXPECT(20125, "failover.create", args);
	/* However long: NAME_TOO_LONG at its step, not a generic parse error. */
	{
		char *huge = malloc(5000), *big = malloc(5200);

		memset(huge, 'y', 4999);
		huge[4999] = '\0';
		snprintf(big, 5200, REL("\"name\":\"%s\"," GOOD ",\"scopes\":[\"10.0.1.0\"]"), huge);
		EXPECT(20125, "failover.create", big);
		free(huge);
		free(big);
	}
	assert_int_equal(seq(f), s0);

	/* Two faults: the earlier one wins. */
	snprintf(args, sizeof(args), REL("\"name\":\"%s\"," GOOD ",\"scopes\":[\"10.9.9.0\"]"),
		 longname);
	EXPECT(20005, "failover.create", args);		/* missing scope before name length */
	snprintf(args, sizeof(args), REL("\"name\":\"%s\"," GOOD ",\"scopes\":[\"10.0.2.0\"]"),
		 longname);
	EXPECT(87, "failover.create", args);		/* BOOTP-only before name length */
	EXPECT(87, "failover.create", REL(GOOD ",\"scopes\":[\"10.9.9.0\"]"));	/* no name first */
	EXPECT(87, "failover.create", REL("\"name\":\"r\",\"primary_server\":\"0.0.0.0\","
					  "\"secondary_server\":\"192.0.2.2\",\"scopes\":[\"10.9.9.0\"]"));

	/* Scope in a relationship, name exists, limit. */
	mkrel(f, "campus", "\"10.0.1.0\"", NULL);
	s0 = seq(f);
	EXPECT(20113, "failover.create", REL("\"name\":\"other\"," GOOD ",\"scopes\":[\"10.0.1.0\"]"));
	/* Same name and a taken scope: SCOPE_ALREADY_IN_RELATIONSHIP comes first. */
	EXPECT(20113, "failover.create", REL("\"name\":\"campus\"," GOOD
					     ",\"scopes\":[\"10.0.1.0\"]"));
	EXPECT(20114, "failover.create", REL("\"name\":\"campus\"," GOOD
					     ",\"scopes\":[\"10.0.3.0\"]"));
	f->a->cfg->max_rels = 1;
	EXPECT(20128, "failover.create", REL("\"name\":\"r2\"," GOOD ",\"scopes\":[\"10.0.3.0\"]"));
	/* Limit before scope-in-relationship and before name-exists. */
	EXPECT(20128, "failover.create", REL("\"name\":\"campus\"," GOOD
					     ",\"scopes\":[\"10.0.1.0\"]"));
	/* Name length before the limit. */
	snprintf(args, sizeof(args), REL("\"name\":\"%s\"," GOOD ",\"scopes\":[\"10.0.3.0\"]"),
		 longname);
	EXPECT(20125, "failover.create", args);
	assert_int_equal(seq(f), s0);
	OK("failover.enum", NULL);
	assert_int_equal(rnum(f, "read"), 1);
}

static void test_create_forced_state(void **state)
{
	struct fx *f = *state;
	char name[512], args[1024];
	int i;

	mkscope(f, "10.0.1", "dhcp");
	mkscope(f, "10.0.2", "both");
	mkscope(f, "10.0.3", "dhcp");
	/* Whatever state the caller gives: STARTUP, previous INIT; safe period 0 -> off. */
	mkrel(f, "lb", "\"10.0.1.0\"", "\"state\":3,\"prev_state\":5,\"safe_period\":0");
	OK("failover.get", "{\"name\":\"lb\"}");
	assert_int_equal(rnum(f, "relationship.state"), 2);
	assert_string_equal(rstr(f, "relationship.state_name"), "STARTUP");
	assert_int_equal(rnum(f, "relationship.prev_state"), 1);
	assert_string_equal(rstr(f, "relationship.prev_state_name"), "INIT");
	assert_int_equal(rnum(f, "relationship.safe_period"), 4294967295LL);
	/* Cmdlet defaults. */
	assert_int_equal(rnum(f, "relationship.mclt"), 3600);
	assert_int_equal(rnum(f, "relationship.percentage"), 50);
	assert_string_equal(rstr(f, "relationship.mode"), "load_balance");
	assert_string_equal(rstr(f, "relationship.server_type"), "primary");
	assert_string_equal(rstr(f, "relationship.hash_key"), "client-id");
	assert_string_equal(rstr(f, "relationship.shared_secret_set"), "false");

	mkrel(f, "hs", "\"10.0.2.0\"", "\"mode\":\"hot_standby\",\"safe_period\":30,"
	      "\"shared_secret\":\"s3cret\",\"server_type\":\"secondary\",\"mclt\":60");
	OK("failover.get", "{\"name\":\"hs\"}");
	assert_int_equal(rnum(f, "relationship.safe_period"), 30);
	assert_int_equal(rnum(f, "relationship.percentage"), 5);
	assert_int_equal(rnum(f, "relationship.mclt"), 60);
	assert_string_equal(rstr(f, "relationship.server_type"), "secondary");
	assert_string_equal(rstr(f, "relationship.shared_secret_set"), "true");
	/* The secret never leaves the agent. */
	assert_null(strstr(json_object_to_json_string(f->res.result), "s3cret"));

	/* 126 characters of 2 bytes each is a valid name. */
	for (i = 0; i < 126; i++)
		memcpy(name + 2 * i, "\xc3\xa9", 2);
	name[252] = '\0';
	snprintf(args, sizeof(args), REL("\"name\":\"%s\"," GOOD ",\"scopes\":[\"10.0.3.0\"]"), name);
	OK("failover.create", args);
	/* Scopes report their relationship. */
	OK("scope.get", "{\"address\":\"10.0.1.0\"}");
	assert_string_equal(rstr(f, "scope.relationship"), "lb");
}

static void test_set(void **state)
{
	struct fx *f = *state;
	uint64_t s0;

	mkscope(f, "10.0.1", "dhcp");
	mkrel(f, "r", "\"10.0.1.0\"", NULL);
	s0 = seq(f);
	EXPECT(87, "failover.set", "{\"flags\":1}");
	EXPECT(87, "failover.set", "{\"flags\":1,\"relationship\":{\"mclt\":5}}");
	EXPECT(87, "failover.set", "{\"relationship\":{\"name\":\"r\",\"mclt\":5}}");
	EXPECT(87, "failover.set", "{\"flags\":0,\"relationship\":{\"name\":\"r\"}}");
	EXPECT(87, "failover.set", "{\"flags\":128,\"relationship\":{\"name\":\"r\"}}");
	EXPECT(87, "failover.set", "{\"flags\":8,\"relationship\":{\"name\":\"r\",\"percentage\":101}}");
	EXPECT(87, "failover.set", "{\"flags\":16,\"relationship\":{\"name\":\"r\",\"mode\":\"x\"}}");
	EXPECT(87, "failover.set", "{\"flags\":4,\"relationship\":{\"name\":\"r\",\"state\":14}}");
	EXPECT(87, "failover.set", "{\"flags\":1,\"relationship\":{\"name\":\"r\"}}");
	EXPECT(20115, "failover.set", "{\"flags\":1,\"relationship\":{\"name\":\"x\",\"mclt\":5}}");
	/* Bad flags or values come before an unknown name. */
	EXPECT(87, "failover.set", "{\"flags\":0,\"relationship\":{\"name\":\"x\"}}");
	EXPECT(87, "failover.set", "{\"flags\":8,\"relationship\":{\"name\":\"x\",\"percentage\":200}}");
	EXPECT(87, "failover.set", "{\"flags\":16,\"relationship\":{\"name\":\"x\",\"mode\":7}}");
	assert_int_equal(seq(f), s0);

	/* A member the flags do not select is not looked at. */
	OK("failover.set", "{\"flags\":1,\"relationship\":{\"name\":\"r\",\"mclt\":120,"
	   "\"percentage\":150,\"mode\":\"bogus\"}}");
	OK("failover.get", "{\"name\":\"r\"}");
	assert_int_equal(rnum(f, "relationship.mclt"), 120);
	assert_int_equal(rnum(f, "relationship.percentage"), 50);

	/* CHANGESTATE: prev_state = old state. */
	set_state(f, "r", 3);
	OK("failover.get", "{\"name\":\"r\"}");
	assert_int_equal(rnum(f, "relationship.state"), 3);
	assert_int_equal(rnum(f, "relationship.prev_state"), 2);
	set_state(f, "r", 5);
	OK("failover.get", "{\"name\":\"r\"}");
	assert_string_equal(rstr(f, "relationship.state_name"), "PARTNER_DOWN");
	assert_string_equal(rstr(f, "relationship.prev_state_name"), "NORMAL");
	/* PREVSTATE is applied after CHANGESTATE. */
	OK("failover.set", "{\"flags\":36,\"relationship\":{\"name\":\"r\",\"state\":4,"
	   "\"prev_state\":9}}");
	OK("failover.get", "{\"name\":\"r\"}");
	assert_int_equal(rnum(f, "relationship.state"), 4);
	assert_int_equal(rnum(f, "relationship.prev_state"), 9);

	/* SAFEPERIOD 0 is off; percentage, mode, secret and dhcpfo's flags. */
	OK("failover.set", "{\"flags\":2,\"relationship\":{\"name\":\"r\",\"safe_period\":0}}");
	OK("failover.set", "{\"flags\":24,\"relationship\":{\"name\":\"r\",\"percentage\":70,"
	   "\"mode\":\"hot_standby\"}}");
	OK("failover.set", "{\"flags\":64,\"relationship\":{\"name\":\"r\",\"shared_secret\":\"k\"}}");
	OK("failover.set", "{\"flags\":1792,\"relationship\":{\"name\":\"r\","
	   "\"auto_state_transition\":true,\"lb_max_seconds\":10,\"hash_key\":\"chaddr\"}}");
	OK("failover.get", "{\"name\":\"r\"}");
	assert_int_equal(rnum(f, "relationship.safe_period"), 4294967295LL);
	assert_int_equal(rnum(f, "relationship.percentage"), 70);
	assert_string_equal(rstr(f, "relationship.mode"), "hot_standby");
	assert_string_equal(rstr(f, "relationship.shared_secret_set"), "true");
	assert_string_equal(rstr(f, "relationship.auto_state_transition"), "true");
	assert_int_equal(rnum(f, "relationship.lb_max_seconds"), 10);
	assert_string_equal(rstr(f, "relationship.hash_key"), "chaddr");
	OK("failover.set", "{\"flags\":64,\"relationship\":{\"name\":\"r\",\"shared_secret\":\"\"}}");
	OK("failover.get", "{\"name\":\"r\"}");
	assert_string_equal(rstr(f, "relationship.shared_secret_set"), "false");
	EXPECT(87, "failover.set", "{\"flags\":512,\"relationship\":{\"name\":\"r\","
	       "\"lb_max_seconds\":65536}}");
}

static void test_delete_get(void **state)
{
	struct fx *f = *state;

	mkscope(f, "10.0.1", "dhcp");
	mkrel(f, "r", "\"10.0.1.0\"", NULL);
	EXPECT(87, "failover.delete", NULL);
	EXPECT(87, "failover.delete", "{\"name\":\"\"}");
	EXPECT(20115, "failover.delete", "{\"name\":\"nope\"}");
	EXPECT(87, "failover.get", "{}");
	EXPECT(20115, "failover.get", "{\"name\":\"nope\"}");
	/* A scope in a relationship cannot be deleted. */
	EXPECT(20113, "scope.delete", "{\"address\":\"10.0.1.0\"}");
	OK("failover.delete", "{\"name\":\"r\"}");
	EXPECT(20115, "failover.get", "{\"name\":\"r\"}");
	/* The scope left failover. */
	EXPECT(20116, "failover.scope_get", "{\"scope\":\"10.0.1.0\"}");
	OK("scope.get", "{\"address\":\"10.0.1.0\"}");
	assert_false(json_object_object_get_ex(json_object_object_get(f->res.result, "scope"),
					       "relationship", NULL));
	OK("scope.delete", "{\"address\":\"10.0.1.0\"}");
}

static void test_enum_paging(void **state)
{
	struct fx *f = *state;
	const char *names[] = { "delta", "alpha", "echo", "charlie", "bravo" };
	char net[16];
	json_object *arr;
	int i;

	EXPECT(259, "failover.enum", NULL);
	for (i = 0; i < 5; i++) {
		char sc[32];

		snprintf(net, sizeof(net), "10.0.%d", i + 1);
		mkscope(f, net, "dhcp");
		snprintf(sc, sizeof(sc), "\"%s.0\"", net);
		mkrel(f, names[i], sc, NULL);
	}
	EXPECT(234, "failover.enum", "{\"resume_handle\":0,\"preferred_max\":2}");
	assert_int_equal(rnum(f, "read"), 2);
	assert_int_equal(rnum(f, "total"), 3);
	assert_int_equal(rnum(f, "resume_handle"), 2);
	arr = json_object_object_get(f->res.result, "relationships");
	assert_int_equal(json_object_array_length(arr), 2);
	assert_string_equal(json_object_get_string(json_object_object_get(
		json_object_array_get_idx(arr, 0), "name")), "alpha");
	assert_string_equal(json_object_get_string(json_object_object_get(
		json_object_array_get_idx(arr, 1), "name")), "bravo");
	EXPECT(234, "failover.enum", "{\"resume_handle\":2,\"preferred_max\":2}");
	assert_int_equal(rnum(f, "read"), 2);
	assert_int_equal(rnum(f, "total"), 1);
	assert_int_equal(rnum(f, "resume_handle"), 4);
	OK("failover.enum", "{\"resume_handle\":4,\"preferred_max\":2}");
	assert_int_equal(rnum(f, "read"), 1);
	assert_int_equal(rnum(f, "total"), 0);
	assert_int_equal(rnum(f, "resume_handle"), 5);
	arr = json_object_object_get(f->res.result, "relationships");
	assert_string_equal(json_object_get_string(json_object_object_get(
		json_object_array_get_idx(arr, 0), "name")), "echo");
	EXPECT(259, "failover.enum", "{\"resume_handle\":5,\"preferred_max\":2}");
	EXPECT(259, "failover.enum", "{\"resume_handle\":99}");
	EXPECT(259, "failover.enum", "{\"preferred_max\":0}");
	EXPECT(87, "failover.enum", "{\"resume_handle\":-1}");
	OK("failover.enum", "{\"preferred_max\":4294967295}");
	assert_int_equal(rnum(f, "read"), 5);
	assert_int_equal(rnum(f, "total"), 0);

	/* scope.enum pages the same way, by address. */
	EXPECT(234, "scope.enum", "{\"preferred_max\":3}");
	assert_int_equal(rnum(f, "read"), 3);
	assert_int_equal(rnum(f, "total"), 2);
	OK("scope.enum", "{\"resume_handle\":3}");
	arr = json_object_object_get(f->res.result, "scopes");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(arr, 1)), "10.0.5.0");
}

static void test_scope_add(void **state)
{
	struct fx *f = *state;
	char *big, *p;
	uint64_t s0;
	int i;

	mkscope(f, "10.0.1", "dhcp");
	mkscope(f, "10.0.2", "dhcp");
	mkscope(f, "10.0.3", "bootp");
	mkscope(f, "10.0.4", "dhcp");
	/* No relationships at all: FILE_NOT_FOUND, after the scope checks. */
	EXPECT(2, "failover.scope_add", "{\"name\":\"r\",\"scopes\":[\"10.0.2.0\"]}");
	EXPECT(20005, "failover.scope_add", "{\"name\":\"r\",\"scopes\":[\"10.9.9.0\"]}");
	EXPECT(87, "failover.scope_add", "{\"name\":\"r\",\"scopes\":[\"10.0.3.0\"]}");
	mkrel(f, "r", "\"10.0.1.0\"", NULL);
	mkrel(f, "s", "\"10.0.4.0\"", NULL);
	s0 = seq(f);
	EXPECT(87, "failover.scope_add", NULL);
	EXPECT(87, "failover.scope_add", "{\"scopes\":[\"10.0.2.0\"]}");
	EXPECT(87, "failover.scope_add", "{\"name\":\"r\"}");
	EXPECT(87, "failover.scope_add", "{\"name\":\"r\",\"scopes\":[]}");
	EXPECT(87, "failover.scope_add", "{\"name\":\"r\",\"scopes\":[\"bad\"]}");
	/* 401 scopes. */
	big = malloc(401 * 16 + 64);
	p = big + sprintf(big, "{\"name\":\"nope\",\"scopes\":[");
	for (i = 0; i < 401; i++)
		p += sprintf(p, "%s\"10.1.%d.%d\"", i ? "," : "", i / 256, i % 256);
	strcpy(p, "]}");
	EXPECT(20130, "failover.scope_add", big);	/* before the unknown scopes and name */
	free(big);
	EXPECT(20005, "failover.scope_add", "{\"name\":\"nope\",\"scopes\":[\"10.9.9.0\"]}");
	EXPECT(87, "failover.scope_add", "{\"name\":\"nope\",\"scopes\":[\"10.0.3.0\"]}");
	/* Scope in any relationship before the name lookup. */
	EXPECT(20113, "failover.scope_add", "{\"name\":\"nope\",\"scopes\":[\"10.0.4.0\"]}");
	EXPECT(20113, "failover.scope_add", "{\"name\":\"r\",\"scopes\":[\"10.0.1.0\"]}");
	EXPECT(20115, "failover.scope_add", "{\"name\":\"nope\",\"scopes\":[\"10.0.2.0\"]}");
	EXPECT(20120, "failover.scope_add", "{\"name\":\"r\",\"scopes\":[\"10.0.2.0\"]}");
	assert_int_equal(seq(f), s0);
	set_state(f, "r", 3);
	OK("failover.scope_add", "{\"name\":\"r\",\"scopes\":[\"10.0.2.0\"]}");
	OK("failover.scope_get", "{\"scope\":\"10.0.2.0\"}");
	assert_string_equal(rstr(f, "relationship.name"), "r");
	OK("failover.get", "{\"name\":\"r\"}");
	assert_int_equal(json_object_array_length(json_object_object_get(
		json_object_object_get(f->res.result, "relationship"), "scopes")), 2);
}

static void test_scope_delete(void **state)
{
	struct fx *f = *state;
	uint64_t s0;

	mkscope(f, "10.0.1", "dhcp");
	mkscope(f, "10.0.2", "dhcp");
	mkscope(f, "10.0.3", "dhcp");
	mkscope(f, "10.0.4", "bootp");
	EXPECT(2, "failover.scope_delete", "{\"name\":\"r\",\"scopes\":[\"10.0.2.0\"]}");
	mkrel(f, "r", "\"10.0.1.0\",\"10.0.2.0\"", NULL);
	mkrel(f, "s", "\"10.0.3.0\"", NULL);
	s0 = seq(f);
	EXPECT(87, "failover.scope_delete", "{\"name\":\"r\"}");
	EXPECT(87, "failover.scope_delete", "{\"scopes\":[\"10.0.1.0\"]}");
	EXPECT(20005, "failover.scope_delete", "{\"name\":\"r\",\"scopes\":[\"10.9.9.0\"]}");
	EXPECT(87, "failover.scope_delete", "{\"name\":\"r\",\"scopes\":[\"10.0.4.0\"]}");
	EXPECT(20115, "failover.scope_delete", "{\"name\":\"x\",\"scopes\":[\"10.0.1.0\"]}");
	EXPECT(20116, "failover.scope_delete", "{\"name\":\"r\",\"scopes\":[\"10.0.3.0\"]}");
	/* Not in the relationship comes before the state check. */
	EXPECT(20116, "failover.scope_delete", "{\"name\":\"r\",\"scopes\":[\"10.0.1.0\",\"10.0.3.0\"]}");
	EXPECT(20120, "failover.scope_delete", "{\"name\":\"r\",\"scopes\":[\"10.0.1.0\"]}");
	assert_int_equal(seq(f), s0);
	set_state(f, "r", 3);
	OK("failover.scope_delete", "{\"name\":\"r\",\"scopes\":[\"10.0.1.0\"]}");
	EXPECT(20116, "failover.scope_get", "{\"scope\":\"10.0.1.0\"}");
	OK("scope.delete", "{\"address\":\"10.0.1.0\"}");
}

static void test_scope_get_stats(void **state)
{
	struct fx *f = *state;

	mkscope(f, "10.0.1", "dhcp");
	mkscope(f, "10.0.2", "dhcp");
	OK("scope.element_add", "{\"address\":\"10.0.1.0\",\"element\":{\"type\":\"exclusion\","
	   "\"start\":\"10.0.1.10\",\"end\":\"10.0.1.19\"}}");
	OK("scope.element_add", "{\"address\":\"10.0.1.0\",\"element\":{\"type\":\"reservation\","
	   "\"address\":\"10.0.1.50\",\"hwaddr\":\"00:11:22:33:44:55\",\"name\":\"printer\"}}");
	/* A reservation inside an exclusion is not subtracted twice. */
	OK("scope.element_add", "{\"address\":\"10.0.1.0\",\"element\":{\"type\":\"reservation\","
	   "\"address\":\"10.0.1.12\",\"hwaddr\":\"00:11:22:33:44:56\"}}");
	mkrel(f, "r", "\"10.0.1.0\"", "\"percentage\":50");
	EXPECT(87, "failover.scope_get", NULL);
	EXPECT(87, "failover.scope_get", "{\"scope\":\"0.0.0.0\"}");
	EXPECT(20116, "failover.scope_get", "{\"scope\":\"10.0.2.0\"}");
	EXPECT(20116, "failover.scope_get", "{\"scope\":\"10.9.9.0\"}");
	OK("failover.scope_get", "{\"scope\":\"10.0.1.0\"}");
	EXPECT(87, "failover.scope_stats", "{}");
	EXPECT(87, "failover.scope_stats", "{\"scope\":\"0.0.0.0\"}");
	EXPECT(20116, "failover.scope_stats", "{\"scope\":\"10.0.2.0\"}");
	OK("failover.scope_stats", "{\"scope\":\"10.0.1.0\"}");
	/* 100 in range - 10 excluded - 1 reserved = 89; 50 % -> round(44.5) = 45. */
	assert_int_equal(rnum(f, "stats.num_addr"), 89);
	assert_int_equal(rnum(f, "stats.addr_free"), 89);
	assert_int_equal(rnum(f, "stats.addr_in_use"), 0);
	assert_int_equal(rnum(f, "stats.this_addr_free"), 45);
	assert_int_equal(rnum(f, "stats.partner_addr_free"), 44);
	assert_int_equal(rnum(f, "stats.this_addr_in_use"), 0);
	assert_int_equal(rnum(f, "stats.partner_addr_in_use"), 0);

	/* GetAddressStatus under the same rule. */
	EXPECT(87, "failover.address_status", NULL);
	EXPECT(87, "failover.address_status", "{\"address\":\"10.9.9.9\"}");
	EXPECT(20116, "failover.address_status", "{\"address\":\"10.0.2.5\"}");
	EXPECT(87, "failover.address_status", "{\"address\":\"10.0.1.200\"}");	/* no range */
	OK("failover.address_status", "{\"address\":\"10.0.1.50\"}");
	assert_int_equal(rnum(f, "status"), 3);
	OK("failover.address_status", "{\"address\":\"10.0.1.12\"}");
	assert_int_equal(rnum(f, "status"), 3);
	OK("failover.address_status", "{\"address\":\"10.0.1.15\"}");
	assert_int_equal(rnum(f, "status"), 2);
	OK("failover.address_status", "{\"address\":\"10.0.1.1\"}");
	assert_int_equal(rnum(f, "status"), 0);
	/* Pool: .1-.9 (9), .20-.49 (30), .51-... : the 45th and last primary is .56. */
	OK("failover.address_status", "{\"address\":\"10.0.1.56\"}");
	assert_int_equal(rnum(f, "status"), 0);
	OK("failover.address_status", "{\"address\":\"10.0.1.57\"}");
	assert_int_equal(rnum(f, "status"), 1);
	OK("failover.address_status", "{\"address\":\"10.0.1.100\"}");
	assert_string_equal(rstr(f, "owner"), "secondary");

	/* Hot standby: the reserve comes off the top. 5 % of 89 = round(4.45) = 4. */
	OK("failover.set", "{\"flags\":24,\"relationship\":{\"name\":\"r\",\"mode\":\"hot_standby\","
	   "\"percentage\":5}}");
	OK("failover.scope_stats", "{\"scope\":\"10.0.1.0\"}");
	assert_int_equal(rnum(f, "stats.this_addr_free"), 85);
	assert_int_equal(rnum(f, "stats.partner_addr_free"), 4);
	OK("failover.address_status", "{\"address\":\"10.0.1.96\"}");
	assert_int_equal(rnum(f, "status"), 0);
	OK("failover.address_status", "{\"address\":\"10.0.1.97\"}");
	assert_int_equal(rnum(f, "status"), 1);
}

static void test_client_time_trigger(void **state)
{
	struct fx *f = *state;
	long long t;

	EXPECT(87, "failover.client_info", NULL);
	EXPECT(87, "failover.client_info", "{\"search\":{\"type\":\"ip\"}}");
	EXPECT(87, "failover.client_info", "{\"search\":{\"type\":\"uuid\",\"value\":\"x\"}}");
	EXPECT(87, "failover.client_info", "{\"search\":{\"type\":\"ip\",\"value\":\"1.2.3\"}}");
	EXPECT(87, "failover.client_info", "{\"search\":{\"type\":\"hwaddr\",\"value\":\"zz\"}}");
	EXPECT(20013, "failover.client_info", "{\"search\":{\"type\":\"ip\",\"value\":\"10.0.1.5\"}}");
	EXPECT(20013, "failover.client_info", "{\"search\":{\"type\":\"hwaddr\","
	       "\"value\":\"00:0c:01:02:03:04\"}}");
	EXPECT(20013, "failover.client_info", "{\"search\":{\"type\":\"name\",\"value\":\"pc1\"}}");

	OK("failover.system_time", NULL);
	t = rnum(f, "time");
	assert_true(llabs(t - (long long)time(NULL)) <= 2);
	assert_int_equal(rnum(f, "max_allowed_delta"), 60);

	mkscope(f, "10.0.1", "dhcp");
	mkscope(f, "10.0.2", "dhcp");
	mkrel(f, "p", "\"10.0.1.0\"", "\"percentage\":30");
	mkrel(f, "s", "\"10.0.2.0\"", "\"server_type\":\"secondary\"");
	EXPECT(87, "failover.trigger_alloc", NULL);
	EXPECT(20115, "failover.trigger_alloc", "{\"name\":\"x\"}");
	EXPECT(20117, "failover.trigger_alloc", "{\"name\":\"s\"}");
	OK("failover.trigger_alloc", "{\"name\":\"p\"}");
	/* round(100 * 30 / 100) = 30 for the primary. */
	assert_int_equal(json_object_get_int(json_object_object_get(json_object_array_get_idx(
		json_object_object_get(f->res.result, "scopes"), 0), "primary_free")), 30);
}

static void test_which(void **state)
{
	struct fx *f = *state;

	mkscope(f, "10.0.1", "dhcp");
	mkscope(f, "10.0.2", "dhcp");
	EXPECT(87, "failover.which", "{\"hwaddr\":\"00:0c:01:02:03:04\"}");
	EXPECT(87, "failover.which", "{\"scope\":\"10.0.1.0\"}");
	EXPECT(87, "failover.which", "{\"scope\":\"10.0.1.0\",\"hwaddr\":\"00:0c:zz\"}");
	EXPECT(87, "failover.which", "{\"scope\":\"10.0.1.0\",\"client_id\":\"0\"}");
	EXPECT(20005, "failover.which", "{\"scope\":\"10.9.9.0\",\"hwaddr\":\"00:0c:01:02:03:04\"}");
	EXPECT(20116, "failover.which", "{\"scope\":\"10.0.1.0\",\"hwaddr\":\"00:0c:01:02:03:04\"}");
	mkrel(f, "r", "\"10.0.1.0\"", NULL);
	/* RFC 3074 check values: chaddr 000c01020304 -> 131, client-id 01000c01020304 -> 104. */
	OK("failover.which", "{\"scope\":\"10.0.1.0\",\"hwaddr\":\"00:0c:01:02:03:04\"}");
	assert_int_equal(rnum(f, "bucket"), 131);
	assert_string_equal(rstr(f, "owner"), "secondary");
	assert_string_equal(rstr(f, "this_server_answers"), "false");
	OK("failover.which", "{\"scope\":\"10.0.1.0\",\"client_id\":\"01000c01020304\","
	   "\"hwaddr\":\"00:0c:01:02:03:04\"}");
	assert_int_equal(rnum(f, "bucket"), 104);
	assert_string_equal(rstr(f, "owner"), "primary");
	/* STARTUP answers nobody; NORMAL answers its own buckets. */
	assert_string_equal(rstr(f, "this_server_answers"), "false");
	set_state(f, "r", 3);
	OK("failover.which", "{\"scope\":\"10.0.1.0\",\"client_id\":\"01000c01020304\"}");
	assert_string_equal(rstr(f, "this_server_answers"), "true");
	/* Hash key chaddr ignores the client id. */
	OK("failover.set", "{\"flags\":1024,\"relationship\":{\"name\":\"r\",\"hash_key\":\"chaddr\"}}");
	EXPECT(87, "failover.which", "{\"scope\":\"10.0.1.0\",\"client_id\":\"01000c01020304\"}");
	OK("failover.which", "{\"scope\":\"10.0.1.0\",\"client_id\":\"01000c01020304\","
	   "\"hwaddr\":\"00:0c:01:02:03:04\"}");
	assert_int_equal(rnum(f, "bucket"), 131);
	assert_string_equal(rstr(f, "key"), "chaddr");
	/* PARTNER_DOWN answers everyone. */
	set_state(f, "r", 5);
	OK("failover.which", "{\"scope\":\"10.0.1.0\",\"hwaddr\":\"00:0c:01:02:03:04\"}");
	assert_string_equal(rstr(f, "this_server_answers"), "true");
	/* No datapath with --no-xdp. */
	EXPECT(50, "failover.datapath_stats", NULL);
	EXPECT(20005, "failover.datapath_stats", "{\"scope\":\"10.9.9.0\"}");
	OK("datapath.status", NULL);
	assert_string_equal(rstr(f, "xdp"), "false");
	OK("agent.info", NULL);
	assert_int_equal(rnum(f, "max_relationships"), 31);
	assert_string_equal(rstr(f, "instance"), "unit");
}

static void test_scope_ops(void **state)
{
	struct fx *f = *state;
	uint64_t s0;

	EXPECT(87, "scope.create", NULL);
	EXPECT(87, "scope.create", "{\"scope\":{\"mask\":\"255.255.255.0\"}}");
	EXPECT(87, "scope.create", "{\"scope\":{\"address\":\"10.0.1.0\"}}");
	EXPECT(87, "scope.create", "{\"scope\":{\"address\":\"10.0.1.0\",\"mask\":\"255.0.255.0\"}}");
	EXPECT(87, "scope.create", "{\"scope\":{\"address\":\"10.0.1.0\",\"mask\":\"255.255.255.0\","
	       "\"state\":\"maybe\"}}");
	EXPECT(DHCPFO_ERROR_DHCP_INVALID_SUBNET_PREFIX, "scope.create", "{\"scope\":{\"address\":\"10.0.1.5\",\"mask\":\"255.255.255.0\"}}");
	OK("scope.create", "{\"scope\":{\"address\":\"10.0.1.0\",\"mask\":\"255.255.255.0\","
	   "\"name\":\"lab\",\"comment\":\"c\",\"state\":\"disabled\",\"lease_duration\":3600}}");
	s0 = seq(f);
	EXPECT(DHCPFO_ERROR_DHCP_SUBNET_EXISTS, "scope.create", "{\"scope\":{\"address\":\"10.0.1.0\",\"mask\":\"255.255.255.0\"}}");
	EXPECT(DHCPFO_ERROR_DHCP_SUBNET_EXISTS, "scope.create", "{\"scope\":{\"address\":\"10.0.0.0\",\"mask\":\"255.255.0.0\"}}");
	EXPECT(DHCPFO_ERROR_DHCP_SUBNET_EXISTS, "scope.create", "{\"scope\":{\"address\":\"10.0.1.128\","
	       "\"mask\":\"255.255.255.128\"}}");
	EXPECT(20005, "scope.get", "{\"address\":\"10.0.2.0\"}");
	EXPECT(87, "scope.get", "{\"address\":\"ten\"}");
	OK("scope.get", "{\"address\":\"10.0.1.0\"}");
	assert_string_equal(rstr(f, "scope.name"), "lab");
	assert_string_equal(rstr(f, "scope.state"), "disabled");
	assert_int_equal(rnum(f, "scope.lease_duration"), 3600);
	EXPECT(20005, "scope.set", "{\"scope\":{\"address\":\"10.0.2.0\",\"name\":\"x\"}}");
	EXPECT(87, "scope.set", "{\"scope\":{\"address\":\"10.0.1.0\",\"mask\":\"255.255.0.0\"}}");
	EXPECT(20005, "scope.delete", "{\"address\":\"10.0.2.0\"}");
	EXPECT(87, "scope.delete", "{\"address\":\"10.0.1.0\",\"force\":\"yes\"}");
	assert_int_equal(seq(f), s0);
	OK("scope.set", "{\"scope\":{\"address\":\"10.0.1.0\",\"name\":\"lab2\",\"state\":\"enabled\"}}");
	OK("scope.get", "{\"address\":\"10.0.1.0\"}");
	assert_string_equal(rstr(f, "scope.name"), "lab2");
	assert_string_equal(rstr(f, "scope.comment"), "c");
	assert_string_equal(rstr(f, "scope.state"), "enabled");

	/* Elements. */
#define EL(json) "{\"address\":\"10.0.1.0\",\"element\":" json "}"
	EXPECT(87, "scope.element_add", EL("{\"type\":\"pool\"}"));
	EXPECT(87, "scope.element_add", EL("{\"type\":\"range\",\"start\":\"10.0.1.5\"}"));
	EXPECT(20005, "scope.element_add", "{\"address\":\"10.0.2.0\",\"element\":{\"type\":\"range\","
	       "\"start\":\"10.0.2.5\",\"end\":\"10.0.2.9\"}}");
	EXPECT(20023, "scope.element_add", EL("{\"type\":\"range\",\"start\":\"10.0.1.9\","
					      "\"end\":\"10.0.1.5\"}"));
	EXPECT(20023, "scope.element_add", EL("{\"type\":\"range\",\"start\":\"10.0.1.0\","
					      "\"end\":\"10.0.1.5\"}"));
	EXPECT(20023, "scope.element_add", EL("{\"type\":\"range\",\"start\":\"10.0.1.5\","
					      "\"end\":\"10.0.2.5\"}"));
	OK("scope.element_add", EL("{\"type\":\"range\",\"start\":\"10.0.1.10\",\"end\":\"10.0.1.99\"}"));
	EXPECT(20021, "scope.element_add", EL("{\"type\":\"range\",\"start\":\"10.0.1.10\","
					      "\"end\":\"10.0.1.99\"}"));
	EXPECT(20021, "scope.element_add", EL("{\"type\":\"range\",\"start\":\"10.0.1.50\","
					      "\"end\":\"10.0.1.150\"}"));
	/* The same range with another type converts it. */
	OK("scope.element_add", EL("{\"type\":\"range\",\"start\":\"10.0.1.10\",\"end\":\"10.0.1.99\","
				   "\"range_type\":\"both\"}"));
	OK("scope.element_add", EL("{\"type\":\"exclusion\",\"start\":\"10.0.1.20\","
				   "\"end\":\"10.0.1.29\"}"));
	EXPECT(20021, "scope.element_add", EL("{\"type\":\"exclusion\",\"start\":\"10.0.1.25\","
					      "\"end\":\"10.0.1.35\"}"));
	EXPECT(87, "scope.element_add", EL("{\"type\":\"reservation\",\"address\":\"10.0.1.40\"}"));
	EXPECT(20023, "scope.element_add", EL("{\"type\":\"reservation\",\"address\":\"10.0.1.255\","
					      "\"hwaddr\":\"00:00:00:00:00:01\"}"));
	OK("scope.element_add", EL("{\"type\":\"reservation\",\"address\":\"10.0.1.40\","
				   "\"hwaddr\":\"00:00:00:00:00:01\",\"name\":\"pc\"}"));
	EXPECT(20022, "scope.element_add", EL("{\"type\":\"reservation\",\"address\":\"10.0.1.40\","
					      "\"hwaddr\":\"00:00:00:00:00:02\"}"));
	EXPECT(20022, "scope.element_add", EL("{\"type\":\"reservation\",\"address\":\"10.0.1.41\","
					      "\"hwaddr\":\"00-00-00-00-00-01\"}"));
	OK("scope.element_enum", "{\"address\":\"10.0.1.0\",\"type\":\"range\"}");
	assert_string_equal(json_object_get_string(json_object_object_get(json_object_array_get_idx(
		json_object_object_get(f->res.result, "elements"), 0), "range_type")), "both");
	EXPECT(87, "scope.element_enum", "{\"address\":\"10.0.1.0\",\"type\":\"nope\"}");
	EXPECT(259, "scope.element_enum", "{\"address\":\"10.0.1.0\",\"type\":\"range\","
	       "\"resume_handle\":1}");

	/* A failover scope's range cannot become BOOTP-only, nor be removed. */
	mkrel(f, "r", "\"10.0.1.0\"", NULL);
	s0 = seq(f);
	EXPECT(20129, "scope.element_add", EL("{\"type\":\"range\",\"start\":\"10.0.1.10\","
					      "\"end\":\"10.0.1.99\",\"range_type\":\"bootp\"}"));
	EXPECT(20131, "scope.element_add", EL("{\"type\":\"range\",\"start\":\"10.0.1.100\","
					      "\"end\":\"10.0.1.110\",\"range_type\":\"bootp\"}"));
	EXPECT(20023, "scope.element_remove", EL("{\"type\":\"range\",\"start\":\"10.0.1.10\","
						 "\"end\":\"10.0.1.98\"}"));
	EXPECT(20132, "scope.element_remove", EL("{\"type\":\"range\",\"start\":\"10.0.1.10\","
						 "\"end\":\"10.0.1.99\"}"));
	EXPECT(20023, "scope.element_remove", EL("{\"type\":\"exclusion\",\"start\":\"10.0.1.20\","
						 "\"end\":\"10.0.1.28\"}"));
	EXPECT(20018, "scope.element_remove", EL("{\"type\":\"reservation\",\"address\":\"10.0.1.41\"}"));
	EXPECT(20018, "scope.element_remove", EL("{\"type\":\"reservation\",\"address\":\"10.0.1.40\","
						 "\"hwaddr\":\"00:00:00:00:00:09\"}"));
	assert_int_equal(seq(f), s0);
	OK("scope.element_remove", EL("{\"type\":\"exclusion\",\"start\":\"10.0.1.20\","
				      "\"end\":\"10.0.1.29\"}"));
	OK("scope.element_remove", EL("{\"type\":\"reservation\",\"address\":\"10.0.1.40\"}"));
	EXPECT(259, "scope.element_enum", "{\"address\":\"10.0.1.0\",\"type\":\"reservation\"}");

	/* Options. */
	EXPECT(87, "scope.option_set", "{\"address\":\"10.0.1.0\",\"option\":{\"code\":0,"
	       "\"values\":[1]}}");
	EXPECT(87, "scope.option_set", "{\"address\":\"10.0.1.0\",\"option\":{\"code\":3,"
	       "\"values\":[\"10.0.1.999\"]}}");
	EXPECT(87, "scope.option_set", "{\"address\":\"10.0.1.0\",\"option\":{\"code\":200,"
	       "\"values\":[1]}}");
	EXPECT(87, "scope.option_set", "{\"address\":\"10.0.1.0\",\"option\":{\"code\":26,"
	       "\"values\":[70000]}}");
	EXPECT(20005, "scope.option_set", "{\"address\":\"10.0.2.0\",\"option\":{\"code\":3,"
	       "\"values\":[\"10.0.2.1\"]}}");
	OK("scope.option_set", "{\"address\":\"10.0.1.0\",\"option\":{\"code\":6,"
	   "\"values\":[\"10.0.1.53\",\"10.0.1.54\"]}}");
	OK("scope.option_set", "{\"address\":\"10.0.1.0\",\"option\":{\"code\":200,"
	   "\"type\":\"binary\",\"values\":[\"DEADbeef\"]}}");
	OK("scope.option_get", "{\"address\":\"10.0.1.0\",\"code\":6}");
	assert_string_equal(rstr(f, "option.name"), "domain-name-servers");
	assert_string_equal(rstr(f, "option.type"), "ipaddress");
	OK("scope.option_get", "{\"address\":\"10.0.1.0\",\"code\":200}");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(json_object_object_get(
		json_object_object_get(f->res.result, "option"), "values"), 0)), "deadbeef");
	EXPECT(20010, "scope.option_get", "{\"address\":\"10.0.1.0\",\"code\":3}");
	EXPECT(87, "scope.option_get", "{\"address\":\"10.0.1.0\"}");
	EXPECT(20010, "scope.option_remove", "{\"address\":\"10.0.1.0\",\"code\":3}");
	OK("scope.option_enum", "{\"address\":\"10.0.1.0\"}");
	assert_int_equal(json_object_array_length(json_object_object_get(f->res.result, "options")), 2);
	OK("scope.option_remove", "{\"address\":\"10.0.1.0\",\"code\":6}");
	EXPECT(20010, "scope.option_get", "{\"address\":\"10.0.1.0\",\"code\":6}");
	EXPECT(50, "scope.nope", NULL);
#undef EL
}

static void test_limits(void **state)
{
	struct fx *f = *state;
	char args[256];
	int i;

	/* --max-scopes bounds the stats slots. */
	f->a->st.max_slots = 3;
	for (i = 0; i < 3; i++) {
		snprintf(args, sizeof(args), "{\"scope\":{\"address\":\"10.%d.0.0\","
			 "\"mask\":\"255.255.0.0\"}}", i);
		OK("scope.create", args);
	}
	EXPECT(8, "scope.create", "{\"scope\":{\"address\":\"10.9.0.0\",\"mask\":\"255.255.0.0\"}}");
	/* A freed slot is reused. */
	OK("scope.delete", "{\"address\":\"10.1.0.0\"}");
	OK("scope.create", "{\"scope\":{\"address\":\"10.9.0.0\",\"mask\":\"255.255.0.0\"}}");
	assert_int_equal(dfod_scope_find(&f->a->st, 0x0a090000)->slot, 1);
	/* A scope listed twice in one call. */
	EXPECT(87, "failover.create", REL("\"name\":\"r\"," GOOD
					  ",\"scopes\":[\"10.0.0.0\",\"10.0.0.0\"]"));
}

static void test_auto_transition(void **state)
{
	struct fx *f = *state;
	struct dfod_rel *r;

	mkscope(f, "10.0.1", "dhcp");
	mkrel(f, "r", "\"10.0.1.0\"", "\"auto_state_transition\":true,\"safe_period\":5");
	set_state(f, "r", 4);
	r = dfod_rel_find(&f->a->st, "r");
	/* Pretend COMMUNICATION_INT began 10 s ago; the next tick moves on. */
	r->state_time -= 10;
	assert_int_equal(dfod_agent_poll(f->a, 1500) >= 0, 1);
	assert_int_equal(dfod_agent_poll(f->a, 1500) >= 0, 1);
	OK("failover.get", "{\"name\":\"r\"}");
	assert_string_equal(rstr(f, "relationship.state_name"), "PARTNER_DOWN");
	assert_string_equal(rstr(f, "relationship.prev_state_name"), "COMMUNICATION_INT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_forced_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enum_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_add, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_get_stats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_time_trigger, setup, teardown),
		cmocka_unit_test_setup_teardown(test_which, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_ops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auto_transition, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
