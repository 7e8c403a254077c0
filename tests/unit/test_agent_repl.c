// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The replication ops of dhcpfod, in-process: scope.replace's checks and
 * codes, that a refused replace changes nothing and an accepted one is one
 * record that survives a restart, the canonical form and the digests as
 * docs/api-protocol.md defines them (recomputed here with OpenSSL), and
 * failover.delete_keep / failover.restore bringing a relationship back with
 * its id, state and secret.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "agentfix.h"
#include "dhcpfod/agent.h"
#include "dhcpfod/ops.h"
#include "dhcpfod/ops_repl.h"
#include "dhcpfo_status.h"
#include "log.h"

struct fx {
	char dir[64];
	struct dfod_config cfg;
	struct dfod_agent *a;
	struct dfod_res res;
};

static void agent_open(struct fx *f)
{
	agentfix_config(&f->cfg, f->dir, "repl");
	assert_int_equal(dfod_agent_open(&f->a, &f->cfg), 0);
}

static void agent_close(struct fx *f)
{
	dfod_res_free(&f->res);
	dfod_agent_close(f->a, false);
	dfod_config_free(&f->cfg);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	dfo_log_set_handler(agentfix_quiet);
	agentfix_mkdtemp(f->dir, "agent-repl");
	agent_open(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	agent_close(f);
	agentfix_rmdir(f->dir);
	free(f);
	return 0;
}

static unsigned int call(struct fx *f, const char *op, const char *args)
{
	return agentfix_call(f->a, &f->res, op, args);
}

#define EXPECT(want, op, args) \
	agentfix_check_at(__LINE__, want, call(f, op, args), op, args, f->res.msg)
#define OK(op, args) EXPECT(0, op, args)
#define E(x) DHCPFO_ERROR_##x

static const char *rstr(struct fx *f, const char *key)
{
	json_object *v;

	assert_true(json_object_object_get_ex(f->res.result, key, &v));
	return json_object_get_string(v);
}

static bool rchanged(struct fx *f)
{
	json_object *v;

	assert_true(json_object_object_get_ex(f->res.result, "changed", &v));
	return json_object_get_boolean(v);
}

/* The scope's digest through scope.export. */
static char *digest(struct fx *f, const char *addr)
{
	char args[64];

	snprintf(args, sizeof(args), "{\"address\":\"%s\"}", addr);
	OK("scope.export", args);
	return strdup(rstr(f, "digest"));
}

#define SCOPE(extra_elems, extra_opts)							\
	"{\"address\":\"10.5.0.0\",\"mask\":\"255.255.255.0\",\"name\":\"lab\","	\
	"\"comment\":\"c\",\"state\":\"enabled\",\"lease_duration\":3600,"		\
	"\"elements\":[{\"type\":\"range\",\"start\":\"10.5.0.10\",\"end\":\"10.5.0.99\"},"	\
	"{\"type\":\"reservation\",\"address\":\"10.5.0.20\",\"hwaddr\":\"00:0c:01:02:03:04\","	\
	"\"name\":\"printer\"}" extra_elems "],"						\
	"\"options\":[{\"code\":6,\"type\":\"ipaddress\",\"values\":[\"10.5.0.53\"]}"	\
	extra_opts "]}"

static void replace(struct fx *f, unsigned int want, const char *scope, const char *more)
{
	char args[4096];

	snprintf(args, sizeof(args), "{\"scope\":%s%s}", scope, more ? more : "");
	EXPECT(want, "scope.replace", args);
}

static void test_replace_codes(void **state)
{
	struct fx *f = *state;
	char *d0, *d1;

	/* create, then the same again: unchanged, no record */
	replace(f, 0, SCOPE("", ""), ",\"create\":true");
	assert_true(rchanged(f));
	replace(f, E(DHCP_SUBNET_EXISTS), SCOPE("", ""), ",\"create\":true");
	d0 = digest(f, "10.5.0.0");
	replace(f, 0, SCOPE("", ""), NULL);
	assert_false(rchanged(f));
	/* every way to be wrong; none changes the scope */
	replace(f, E(INVALID_PARAMETER), "{\"address\":\"10.5.0.0\",\"mask\":\"255.255.255.0\","
		"\"elements\":[],\"options\":[]}", NULL);
	assert_non_null(strstr(f->res.msg, "whole configuration"));
	replace(f, E(DHCP_INVALID_RANGE), SCOPE(",{\"type\":\"range\",\"start\":\"10.5.1.1\","
		"\"end\":\"10.5.1.9\"}", ""), NULL);
	replace(f, E(DHCP_IPRANGE_EXITS), SCOPE(",{\"type\":\"range\",\"start\":\"10.5.0.50\","
		"\"end\":\"10.5.0.120\"}", ""), NULL);
	replace(f, E(DHCP_RESERVEDIP_EXITS), SCOPE(",{\"type\":\"reservation\",\"address\":"
		"\"10.5.0.21\",\"hwaddr\":\"00:0c:01:02:03:04\"}", ""), NULL);
	replace(f, E(INVALID_PARAMETER), SCOPE("", ",{\"code\":6,\"type\":\"ipaddress\","
		"\"values\":[\"10.5.0.54\"]}"), NULL);
	replace(f, E(INVALID_PARAMETER), "{\"address\":\"10.5.0.0\",\"mask\":\"255.255.0.0\","
		"\"name\":\"\",\"comment\":\"\",\"state\":\"enabled\",\"lease_duration\":1,"
		"\"elements\":[],\"options\":[]}", NULL);
	replace(f, E(DHCP_SUBNET_NOT_PRESENT), "{\"address\":\"10.6.0.0\",\"mask\":\"255.255.255.0\","
		"\"name\":\"\",\"comment\":\"\",\"state\":\"enabled\",\"lease_duration\":1,"
		"\"elements\":[],\"options\":[]}", NULL);
	replace(f, E(DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP), SCOPE("", ""), ",\"relationship\":\"x\"");
	replace(f, E(INVALID_PARAMETER), SCOPE("", ""), ",\"create\":true,\"relationship\":\"x\"");
	d1 = digest(f, "10.5.0.0");
	assert_string_equal(d0, d1);
	free(d1);
	/* a change: one record, and a different digest */
	replace(f, 0, SCOPE(",{\"type\":\"exclusion\",\"start\":\"10.5.0.50\",\"end\":\"10.5.0.59\"}",
			    ""), NULL);
	assert_true(rchanged(f));
	d1 = digest(f, "10.5.0.0");
	assert_string_not_equal(d0, d1);
	/* in a relationship: the name must match; BOOTP-only ranges refused */
	OK("failover.create", "{\"relationship\":{\"name\":\"campus\",\"primary_server\":"
	   "\"10.5.0.1\",\"secondary_server\":\"10.5.0.2\",\"scopes\":[\"10.5.0.0\"]}}");
	replace(f, 0, SCOPE("", ""), ",\"relationship\":\"campus\"");
	replace(f, E(DHCP_FO_BOOT_NOT_SUPPORTED), SCOPE(",{\"type\":\"range\",\"start\":"
		"\"10.5.0.150\",\"end\":\"10.5.0.160\",\"range_type\":\"bootp\"}", ""),
		",\"relationship\":\"campus\"");
	free(d1);
	d1 = digest(f, "10.5.0.0");
	assert_string_equal(d0, d1);		/* back to the first configuration */
	/* the replaced scope survives a restart (journal replay) */
	agent_close(f);
	agent_open(f);
	free(d1);
	d1 = digest(f, "10.5.0.0");
	assert_string_equal(d0, d1);
	OK("failover.scope_get", "{\"scope\":\"10.5.0.0\"}");
	free(d0);
	free(d1);
}

static void sha256_hex(const char *s, size_t n, char out[65])
{
	unsigned char md[32];
	unsigned int len = 0;
	int i;

	assert_true(EVP_Digest(s, n, md, &len, EVP_sha256(), NULL));
	for (i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", md[i]);
}

/* The canonical form and digests are exactly what the protocol page says. */
static void test_digests(void **state)
{
	static const char canon[] =
		"{\"address\":\"10.5.0.0\",\"mask\":\"255.255.255.0\",\"name\":\"lab\","
		"\"comment\":\"c\",\"state\":\"enabled\",\"lease_duration\":3600,"
		"\"ranges\":[[\"10.5.0.10\",\"10.5.0.99\",\"dhcp\"]],\"exclusions\":[],"
		"\"reservations\":[[\"10.5.0.20\",\"00:0c:01:02:03:04\",\"printer\"]],"
		"\"options\":[[6,\"ipaddress\",[\"10.5.0.53\"]]]}";
	struct fx *f = *state;
	char want[65], line[256], rel[512];
	json_object *arr, *o;

	replace(f, 0, SCOPE("", ""), ",\"create\":true");
	sha256_hex(canon, strlen(canon), want);
	OK("scope.export", "{\"address\":\"10.5.0.0\"}");
	assert_string_equal(rstr(f, "digest"), want);
	OK("failover.create", "{\"relationship\":{\"name\":\"campus\",\"primary_server\":"
	   "\"10.5.0.1\",\"secondary_server\":\"10.5.0.2\",\"scopes\":[\"10.5.0.0\"]}}");
	OK("failover.digest", "{\"name\":\"campus\"}");
	assert_true(json_object_object_get_ex(f->res.result, "scopes", &arr));
	o = json_object_array_get_idx(arr, 0);
	assert_string_equal(json_object_get_string(json_object_object_get(o, "digest")), want);
	snprintf(line, sizeof(line), "10.5.0.0 %s\n", want);
	snprintf(rel, sizeof(rel), "dhcpfo-config-v1\n%s", line);
	sha256_hex(rel, strlen(rel), want);
	assert_string_equal(rstr(f, "digest"), want);
	EXPECT(E(DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST), "failover.digest", "{\"name\":\"x\"}");
}

static void test_delete_keep_restore(void **state)
{
	struct fx *f = *state;
	struct dfod_rel *r;
	uint32_t id;

	replace(f, 0, SCOPE("", ""), ",\"create\":true");
	OK("failover.create", "{\"relationship\":{\"name\":\"campus\",\"primary_server\":"
	   "\"10.5.0.1\",\"secondary_server\":\"10.5.0.2\",\"scopes\":[\"10.5.0.0\"],"
	   "\"shared_secret\":\"s3cret\"}}");
	OK("failover.set", "{\"flags\":4,\"relationship\":{\"name\":\"campus\",\"state\":3}}");
	id = dfod_rel_find(&f->a->st, "campus")->id;
	EXPECT(E(DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST), "failover.restore", "{\"name\":\"campus\"}");
	OK("failover.delete_keep", "{\"name\":\"campus\"}");
	assert_null(dfod_rel_find(&f->a->st, "campus"));
	OK("failover.restore", "{\"name\":\"campus\"}");
	r = dfod_rel_find(&f->a->st, "campus");
	assert_non_null(r);
	assert_int_equal(r->id, id);
	assert_int_equal(r->state, 3);
	assert_string_equal(r->secret, "s3cret");
	assert_ptr_equal(dfod_scope_find(&f->a->st, 0x0a050000)->rel, r);
	/* kept once: a second restore has nothing */
	EXPECT(E(DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST), "failover.restore", "{\"name\":\"campus\"}");
	/* the scope taken in the meantime: refused, nothing changes */
	OK("failover.delete_keep", "{\"name\":\"campus\"}");
	OK("failover.create", "{\"relationship\":{\"name\":\"other\",\"primary_server\":"
	   "\"10.5.0.1\",\"secondary_server\":\"10.5.0.3\",\"scopes\":[\"10.5.0.0\"]}}");
	EXPECT(E(DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP), "failover.restore", "{\"name\":\"campus\"}");
	assert_null(dfod_rel_find(&f->a->st, "campus"));
	OK("failover.delete", "{\"name\":\"other\"}");
	OK("failover.restore", "{\"name\":\"campus\"}");
	EXPECT(E(INVALID_PARAMETER), "failover.delete_keep", "{}");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_replace_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_digests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_keep_restore, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
