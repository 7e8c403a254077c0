// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dhcpfod persistence: snapshot + journal round trips, journal replay after
 * a crash, a torn last record cut with a warning, and every kind of
 * corruption (checksum, JSON, sequence gap, version, inconsistent record,
 * bad snapshot) refused with a message naming the file and the problem.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <openssl/evp.h>

#include "agentfix.h"
#include "dhcpfod/agent.h"
#include "dhcpfod/ops.h"
#include "dhcpfod/record.h"
#include "log.h"

static char logbuf[65536];

static void capture(enum dfo_log_level level, const char *fmt, va_list ap)
{
	size_t n = strlen(logbuf);

	(void)level;
	if (n + 512 >= sizeof(logbuf))
		return;
	vsnprintf(logbuf + n, sizeof(logbuf) - n - 1, fmt, ap);
	strcat(logbuf, "\n");
}

struct fx {
	char dir[64], snap[256], journal[256];
	struct dfod_config cfg;
	struct dfod_agent *a;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	dfo_log_set_handler(capture);
	agentfix_mkdtemp(f->dir, "agent-store");
	agentfix_config(&f->cfg, f->dir, "unit");
	snprintf(f->snap, sizeof(f->snap), "%s/state.json", f->cfg.state_dir);
	snprintf(f->journal, sizeof(f->journal), "%s/state.journal", f->cfg.state_dir);
	assert_int_equal(dfod_agent_open(&f->a, &f->cfg), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	dfod_agent_close(f->a, true);
	dfod_config_free(&f->cfg);
	agentfix_rmdir(f->dir);
	free(f);
	return 0;
}

static void ok_call(struct fx *f, const char *op, const char *args)
{
	struct dfod_res res = { 0 };

	if (agentfix_call(f->a, &res, op, args))
		fail_msg("%s %s: %u %s", op, args, res.status, res.msg);
	dfod_res_free(&res);
}

/* The whole state as text (sequence number left out). */
static char *dump(struct fx *f)
{
	json_object *o = dfod_snapshot_build(&f->a->st, 0);
	char *s;

	assert_non_null(o);
	s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return s;
}

/* Close as a crash would leave things (journal synced, no compaction) or cleanly. */
static void stop(struct fx *f, bool clean)
{
	dfod_agent_close(f->a, clean);
	f->a = NULL;
}

static int start(struct fx *f)
{
	logbuf[0] = '\0';
	return dfod_agent_open(&f->a, &f->cfg);
}

static void rich_state(struct fx *f)
{
	ok_call(f, "scope.create", "{\"scope\":{\"address\":\"10.1.0.0\",\"mask\":\"255.255.0.0\","
		"\"name\":\"campus \\u00e9\",\"comment\":\"line1\\nline2\",\"lease_duration\":7200}}");
	ok_call(f, "scope.element_add", "{\"address\":\"10.1.0.0\",\"element\":{\"type\":\"range\","
		"\"start\":\"10.1.0.10\",\"end\":\"10.1.9.250\",\"range_type\":\"both\"}}");
	ok_call(f, "scope.element_add", "{\"address\":\"10.1.0.0\",\"element\":{\"type\":\"exclusion\","
		"\"start\":\"10.1.1.0\",\"end\":\"10.1.1.255\"}}");
	ok_call(f, "scope.element_add", "{\"address\":\"10.1.0.0\",\"element\":{\"type\":\"reservation\","
		"\"address\":\"10.1.0.20\",\"hwaddr\":\"00:11:22:33:44:55\",\"name\":\"printer\"}}");
	ok_call(f, "scope.option_set", "{\"address\":\"10.1.0.0\",\"option\":{\"code\":3,"
		"\"values\":[\"10.1.0.1\"]}}");
	ok_call(f, "scope.option_set", "{\"address\":\"10.1.0.0\",\"option\":{\"code\":15,"
		"\"values\":[\"example.org\"]}}");
	ok_call(f, "scope.option_set", "{\"address\":\"10.1.0.0\",\"option\":{\"code\":43,"
		"\"values\":[\"0102ff\"]}}");
	ok_call(f, "scope.option_set", "{\"address\":\"10.1.0.0\",\"option\":{\"code\":210,"
		"\"type\":\"dworddword\",\"values\":[18446744073709551615]}}");
	ok_call(f, "scope.create", "{\"scope\":{\"address\":\"10.2.0.0\",\"mask\":\"255.255.255.0\","
		"\"state\":\"disabled\"}}");
	ok_call(f, "scope.element_add", "{\"address\":\"10.2.0.0\",\"element\":{\"type\":\"range\","
		"\"start\":\"10.2.0.1\",\"end\":\"10.2.0.254\"}}");
	ok_call(f, "scope.create", "{\"scope\":{\"address\":\"10.3.0.0\",\"mask\":\"255.255.255.0\"}}");
	ok_call(f, "failover.create", "{\"relationship\":{\"name\":\"campus\",\"primary_server\":"
		"\"192.0.2.1\",\"secondary_server\":\"192.0.2.2\",\"scopes\":[\"10.1.0.0\"],"
		"\"percentage\":70,\"shared_secret\":\"k3y\",\"primary_server_name\":\"a\","
		"\"secondary_server_name\":\"b\",\"mclt\":600,\"safe_period\":60,"
		"\"auto_state_transition\":true,\"lb_max_seconds\":5,\"hash_key\":\"chaddr\"}}");
	ok_call(f, "failover.set", "{\"flags\":4,\"relationship\":{\"name\":\"campus\",\"state\":3}}");
	ok_call(f, "failover.scope_add", "{\"name\":\"campus\",\"scopes\":[\"10.2.0.0\"]}");
	ok_call(f, "failover.create", "{\"relationship\":{\"name\":\"hs\",\"primary_server\":"
		"\"192.0.2.1\",\"secondary_server\":\"192.0.2.3\",\"scopes\":[\"10.3.0.0\"],"
		"\"mode\":\"hot_standby\",\"server_type\":\"secondary\"}}");
	ok_call(f, "scope.create", "{\"scope\":{\"address\":\"10.4.0.0\",\"mask\":\"255.255.255.0\"}}");
	ok_call(f, "scope.delete", "{\"address\":\"10.4.0.0\"}");
}

static void test_round_trip(void **state)
{
	struct fx *f = *state;
	char *before, *after;
	struct stat st;

	rich_state(f);
	before = dump(f);
	stop(f, true);
	/* A clean stop folds everything into state.json and empties the journal. */
	assert_int_equal(stat(f->journal, &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(stat(f->snap, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(start(f), 0);
	after = dump(f);
	assert_string_equal(before, after);
	/* The ids, slots and secrets came back too. */
	assert_non_null(strstr(after, "\"shared_secret\":\"k3y\""));
	assert_int_equal(dfod_rel_find(&f->a->st, "campus")->state, 3);
	free(before);
	free(after);
}

static void test_journal_replay(void **state)
{
	struct fx *f = *state;
	char *before, *after;
	struct stat st;

	rich_state(f);
	before = dump(f);
	stop(f, false);
	assert_int_equal(stat(f->snap, &st) == 0, 0);	/* never compacted */
	assert_int_equal(stat(f->journal, &st), 0);
	assert_true(st.st_size > 0);
	assert_int_equal(start(f), 0);
	assert_int_equal(f->a->store.replayed, 17);
	after = dump(f);
	assert_string_equal(before, after);
	free(after);

	/* Snapshot + journal: compact, change more, crash, replay the rest. */
	stop(f, true);
	assert_int_equal(start(f), 0);
	ok_call(f, "failover.delete", "{\"name\":\"hs\"}");
	ok_call(f, "scope.set", "{\"scope\":{\"address\":\"10.3.0.0\",\"name\":\"after\"}}");
	ok_call(f, "scope.element_remove", "{\"address\":\"10.1.0.0\",\"element\":{\"type\":"
		"\"reservation\",\"address\":\"10.1.0.20\"}}");
	ok_call(f, "scope.option_remove", "{\"address\":\"10.1.0.0\",\"code\":43}");
	ok_call(f, "scope.element_add", "{\"address\":\"10.2.0.0\",\"element\":{\"type\":\"range\","
		"\"start\":\"10.2.0.1\",\"end\":\"10.2.0.254\",\"range_type\":\"both\"}}");
	free(before);
	before = dump(f);
	stop(f, false);
	assert_int_equal(start(f), 0);
	assert_int_equal(f->a->store.replayed, 5);
	after = dump(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void append(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_APPEND);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static off_t fsize(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

/*
 * A line with a valid seal around @body (a JSON object without its '}'):
 * @nbytes of SHA-256, 8 for journal records, 32 for the state file.
 */
static char *seal_n(const char *body, unsigned int nbytes)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen, i;
	char *line = malloc(strlen(body) + 128), hex[65];

	assert_true(EVP_Digest(body, strlen(body), md, &mdlen, EVP_sha256(), NULL));
	for (i = 0; i < nbytes; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * nbytes] = '\0';
	sprintf(line, "%s,\"sum\":\"%s\"}\n", body, hex);
	return line;
}

static char *sealed(const char *body)
{
	return seal_n(body, 8);
}

static void test_torn_tail(void **state)
{
	struct fx *f = *state;
	char *before, *after;
	off_t size;

	rich_state(f);
	before = dump(f);
	stop(f, false);
	size = fsize(f->journal);
	append(f->journal, "{\"v\":1,\"t\":\"scope.delete\",\"address\":\"10.", 40);
	assert_int_equal(start(f), 0);
	assert_non_null(strstr(logbuf, f->journal));
	assert_non_null(strstr(logbuf, "torn"));
	assert_int_equal(f->a->store.cut_bytes, 40);
	assert_int_equal(fsize(f->journal), size);
	after = dump(f);
	assert_string_equal(before, after);
	/* And the journal goes on from there. */
	ok_call(f, "scope.create", "{\"scope\":{\"address\":\"10.9.0.0\",\"mask\":\"255.255.0.0\"}}");
	free(before);
	free(after);
}

/* Start must fail and the log name @file and contain @what. */
static void expect_refused(struct fx *f, const char *file, const char *what)
{
	assert_int_not_equal(start(f), 0);
	assert_null(f->a);
	if (!strstr(logbuf, file) || !strstr(logbuf, what))
		fail_msg("expected '%s' and '%s' in the log, got:\n%s", file, what, logbuf);
}

static void corrupt_byte(const char *path, off_t off)
{
	int fd = open(path, O_RDWR);
	char c;

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &c, 1, off), 1);
	c ^= 0x01;
	assert_int_equal(pwrite(fd, &c, 1, off), 1);
	close(fd);
}

static void test_corrupt_journal(void **state)
{
	struct fx *f = *state;
	char *line, *buf, body[512], saved[300], cmd[700];
	size_t len;
	FILE *fp;
	int nl = 0;
	off_t off;

	rich_state(f);
	stop(f, false);
	snprintf(saved, sizeof(saved), "%s.saved", f->journal);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", f->journal, saved);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", saved, f->journal);

	/* A flipped bit in record 2: checksum mismatch. */
	fp = fopen(f->journal, "r");
	buf = NULL;
	len = 0;
	assert_true(getline(&buf, &len, fp) > 0);
	off = ftell(fp);
	fclose(fp);
	free(buf);
	corrupt_byte(f->journal, off + 30);
	expect_refused(f, f->journal, "line 2: corrupt record: checksum mismatch");

	/* A well-sealed line that is not JSON. */
	assert_int_equal(system(cmd), 0);
	line = sealed("{\"v\":1,\"seq\":18,\"t\":\"scope.delete\",\"address\":");
	append(f->journal, line, strlen(line));
	free(line);
	expect_refused(f, f->journal, "line 18: corrupt record: invalid JSON");

	/* A gap in the sequence numbers. */
	assert_int_equal(system(cmd), 0);
	line = sealed("{\"v\":1,\"t\":\"scope.delete\",\"address\":\"10.2.0.0\",\"seq\":19");
	append(f->journal, line, strlen(line));
	free(line);
	expect_refused(f, f->journal, "record 19 follows record 17");

	/* A record version this build does not know. */
	assert_int_equal(system(cmd), 0);
	line = sealed("{\"v\":2,\"t\":\"scope.delete\",\"address\":\"10.2.0.0\",\"seq\":18");
	append(f->journal, line, strlen(line));
	free(line);
	expect_refused(f, f->journal, "record version 2 is not supported");

	/* A record that does not fit the state. */
	assert_int_equal(system(cmd), 0);
	line = sealed("{\"v\":1,\"t\":\"scope.delete\",\"address\":\"10.99.0.0\",\"seq\":18");
	append(f->journal, line, strlen(line));
	free(line);
	expect_refused(f, f->journal, "record 18 cannot be applied: scope 10.99.0.0 does not exist");

	/* An empty line is a complete record too, and not a valid one. */
	assert_int_equal(system(cmd), 0);
	append(f->journal, "\n", 1);
	expect_refused(f, f->journal, "line 18: corrupt record");

	/* Never silently empty: a journal that does not start where the snapshot ends. */
	assert_int_equal(system(cmd), 0);
	fp = fopen(f->journal, "r");
	buf = NULL;
	len = 0;
	while (getline(&buf, &len, fp) > 0)
		nl++;
	fclose(fp);
	free(buf);
	assert_int_equal(nl, 17);
	snprintf(body, sizeof(body), "sed -i 1d '%s'", f->journal);
	assert_int_equal(system(body), 0);
	expect_refused(f, f->journal, "record 2 follows record 0");

	/* The good journal still loads. */
	assert_int_equal(system(cmd), 0);
	assert_int_equal(start(f), 0);
	unlink(saved);
}

static void test_corrupt_snapshot(void **state)
{
	struct fx *f = *state;
	char saved[300], cmd[700], *line;
	int fd;

	rich_state(f);
	stop(f, true);
	snprintf(saved, sizeof(saved), "%s.saved", f->snap);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", f->snap, saved);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", saved, f->snap);

	corrupt_byte(f->snap, 100);
	expect_refused(f, f->snap, "corrupt state file: checksum mismatch");

	assert_int_equal(system(cmd), 0);
	assert_int_equal(truncate(f->snap, fsize(f->snap) - 10), 0);
	expect_refused(f, f->snap, "corrupt state file");

	fd = open(f->snap, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	close(fd);
	expect_refused(f, f->snap, "corrupt state file: not a sealed record");

	/* Sealed, but a version from the future. */
	line = seal_n("{\"format\":\"dhcpfo-state\",\"version\":9,\"seq\":0,\"scopes\":[],"
		      "\"relationships\":[]", 32);
	line[strlen(line) - 1] = '\0';
	fd = open(f->snap, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, line, strlen(line)), (ssize_t)strlen(line));
	close(fd);
	free(line);
	expect_refused(f, f->snap, "state version 9 is not supported");

	/* Sealed, but inconsistent: a relationship over a missing scope. */
	line = seal_n("{\"format\":\"dhcpfo-state\",\"version\":1,\"seq\":0,\"scopes\":[],"
		      "\"relationships\":[{\"name\":\"r\",\"id\":1,\"primary_server\":\"1.1.1.1\","
		      "\"secondary_server\":\"1.1.1.2\",\"mode\":\"load_balance\",\"server_type\":"
		      "\"primary\",\"state\":3,\"prev_state\":2,\"mclt\":1,\"safe_period\":1,"
		      "\"percentage\":50,\"scopes\":[\"10.0.0.0\"]}]", 32);
	fd = open(f->snap, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, line, strlen(line)), (ssize_t)strlen(line));
	close(fd);
	free(line);
	expect_refused(f, f->snap, "relationships[0]: relationship 'r' (id 1) cannot be added");

	/* Unreadable: a directory where the file should be. */
	unlink(f->snap);
	assert_int_equal(mkdir(f->snap, 0700), 0);
	expect_refused(f, f->snap, "cannot read the state file");
	rmdir(f->snap);

	assert_int_equal(system(cmd), 0);
	assert_int_equal(start(f), 0);
	unlink(saved);
}

static void test_compaction(void **state)
{
	struct fx *f = *state;
	char args[256], *before, *after, saved[300], cmd[700];
	int i;

	/* A small threshold: the journal is folded in as it grows. */
	stop(f, true);
	f->cfg.journal_max = 4096;
	assert_int_equal(start(f), 0);
	for (i = 0; i < 200; i++) {
		snprintf(args, sizeof(args), "{\"scope\":{\"address\":\"10.%d.%d.0\","
			 "\"mask\":\"255.255.255.0\"}}", i / 256, i % 256);
		ok_call(f, "scope.create", args);
		assert_int_equal(dfod_agent_poll(f->a, 0) >= 0, 1);
	}
	assert_true(f->a->store.jsize < 4096 + 512);
	assert_true(fsize(f->snap) > 4096);
	before = dump(f);
	stop(f, false);

	/* A compaction interrupted before the journal was emptied: old records are skipped. */
	snprintf(saved, sizeof(saved), "%s.old", f->journal);
	assert_int_equal(start(f), 0);
	stop(f, false);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", f->journal, saved);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(start(f), 0);
	stop(f, true);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", saved, f->journal);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(start(f), 0);
	assert_int_equal(f->a->store.replayed, 0);
	after = dump(f);
	assert_string_equal(before, after);
	/* Numbering continues after the leftovers. */
	ok_call(f, "scope.delete", "{\"address\":\"10.0.0.0\"}");
	stop(f, false);
	assert_int_equal(start(f), 0);
	assert_int_equal(f->a->store.replayed, 1);
	assert_null(dfod_scope_find(&f->a->st, 0x0a000000));
	unlink(saved);
	free(before);
	free(after);
}

static void test_lock(void **state)
{
	struct fx *f = *state;
	struct dfod_config c2;
	struct dfod_agent *b = NULL;
	char path[128], err[256];

	dfod_config_init(&c2);
	c2.instance = strdup("unit2");
	c2.state_dir = strdup(f->cfg.state_dir);
	snprintf(path, sizeof(path), "%s/other.sock", f->dir);
	c2.socket_path = strdup(path);
	c2.no_xdp = c2.no_signals = c2.no_notify = true;
	assert_int_equal(dfod_config_finish(&c2, err, sizeof(err)), 0);
	logbuf[0] = '\0';
	assert_int_not_equal(dfod_agent_open(&b, &c2), 0);
	assert_non_null(strstr(logbuf, "in use by another dhcpfod"));
	/* Nor can a second agent take over a live socket. */
	free(c2.state_dir);
	snprintf(path, sizeof(path), "%s/other-state", f->dir);
	c2.state_dir = strdup(path);
	free(c2.socket_path);
	c2.socket_path = strdup(f->cfg.socket_path);
	logbuf[0] = '\0';
	assert_int_not_equal(dfod_agent_open(&b, &c2), 0);
	assert_non_null(strstr(logbuf, "another dhcpfod is serving this socket"));
	dfod_config_free(&c2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_replay, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_tail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_journal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
