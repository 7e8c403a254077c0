// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dhcpfod through its framing layer (a socketpair served by the real event
 * loop, and the listening socket): malformed JSON, oversize frames, unknown
 * operations and refused access get errors and change nothing; replies come
 * in order; SO_PEERCRED classification. Also the flags and config file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <signal.h>

#include "agentfix.h"
#include "dhcpfod/agent.h"
#include "dhcpfod/config.h"
#include "log.h"
#include "proto.h"

struct fx {
	char dir[64];
	struct dfod_config cfg;
	struct dfod_agent *a;
	int cli;			/* our end of the socketpair */
};

static int add_peer(struct fx *f, const struct dfod_cred *cred)
{
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(fcntl(sv[0], F_SETFL, O_NONBLOCK), 0);
	assert_int_equal(dfod_agent_add_conn(f->a, sv[0], cred), 0);
	return sv[1];
}

static int setup(void **state)
{
	struct dfod_cred root = { .uid = 0, .can_read = true, .can_write = true };
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	dfo_log_set_handler(agentfix_quiet);
	agentfix_mkdtemp(f->dir, "agent-proto");
	agentfix_config(&f->cfg, f->dir, "unit");
	assert_int_equal(dfod_agent_open(&f->a, &f->cfg), 0);
	f->cli = add_peer(f, &root);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	close(f->cli);
	dfod_agent_close(f->a, true);
	dfod_config_free(&f->cfg);
	agentfix_rmdir(f->dir);
	free(f);
	return 0;
}

static void send_raw(int fd, const void *buf, size_t len)
{
	assert_int_equal(send(fd, buf, len, MSG_NOSIGNAL), (ssize_t)len);
}

static void send_msg(int fd, const char *json)
{
	uint32_t be = htonl(strlen(json));

	send_raw(fd, &be, 4);
	send_raw(fd, json, strlen(json));
}

/* Run the loop until @fd has something to read (or is closed). */
static void pump(struct fx *f, int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int i;

	for (i = 0; i < 100; i++) {
		if (poll(&p, 1, 0) == 1)
			return;
		assert_true(dfod_agent_poll(f->a, 20) >= 0);
	}
	fail_msg("no reply");
}

/* Read one reply; returns it parsed. */
static json_object *reply(struct fx *f, int fd)
{
	json_object *o;
	char *buf;
	size_t len;

	pump(f, fd);
	assert_int_equal(dfo_proto_recv(fd, &buf, &len, 1000), 0);
	o = json_tokener_parse(buf);
	if (!o)
		fail_msg("reply is not JSON: %s", buf);
	free(buf);
	return o;
}

static long long num(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return -1;
	return json_object_get_int64(v);
}

static const char *str(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

/* Send @json, expect @status; returns the reply (caller puts it). */
static json_object *expect(struct fx *f, int fd, const char *json, long long status)
{
	json_object *r;

	send_msg(fd, json);
	r = reply(f, fd);
	if (num(r, "status") != status)
		fail_msg("%s: expected status %lld, got %s", json, status,
			 json_object_to_json_string(r));
	return r;
}

static void expect_put(struct fx *f, int fd, const char *json, long long status)
{
	json_object_put(expect(f, fd, json, status));
}

static void test_bad_messages(void **state)
{
	struct fx *f = *state;
	uint64_t seq = f->a->store.seq;
	json_object *r;

	/* Each gets an error and the connection stays usable. */
	r = expect(f, f->cli, "{\"v\":1,\"id\":1,\"op\":\"scope.create\",", 87);
	assert_non_null(strstr(str(r, "message"), "invalid JSON"));
	assert_string_equal(str(r, "error"), "ERROR_INVALID_PARAMETER");
	assert_int_equal(num(r, "id"), -1);
	json_object_put(r);
	expect_put(f, f->cli, "[1,2,3]", 87);
	expect_put(f, f->cli, "42", 87);
	expect_put(f, f->cli, "", 87);
	expect_put(f, f->cli, "{\"v\":1,\"id\":2}", 87);
	expect_put(f, f->cli, "{\"v\":1,\"id\":3,\"op\":7}", 87);
	expect_put(f, f->cli, "{\"v\":1,\"id\":4,\"op\":\"scope.create\",\"args\":[1]}", 87);
	expect_put(f, f->cli, "{\"v\":2,\"id\":5,\"op\":\"agent.info\"}", 87);
	expect_put(f, f->cli, "{\"v\":1,\"id\":-5,\"op\":\"agent.info\"}", 87);
	expect_put(f, f->cli, "{\"v\":1,\"op\":\"agent.info\"} {}", 87);
	expect_put(f, f->cli, "{\"v\":1,\"op\":\"scope.create\",\"args\":{\"scope\":{\"address\":"
		   "\"10.0.0.0\",\"mask\":\"255.0.0.0\",\"name\":\"\xff\xfe\"}}}", 87);
	r = expect(f, f->cli, "{\"v\":1,\"id\":6,\"op\":\"scope.explode\",\"args\":{}}", 50);
	assert_int_equal(num(r, "id"), 6);
	assert_string_equal(str(r, "error"), "ERROR_NOT_SUPPORTED");
	json_object_put(r);
	assert_int_equal(f->a->store.seq, seq);
	assert_int_equal(dfod_scope_count(&f->a->st), 0);

	/* The same connection still works; a request without v is version 1. */
	r = expect(f, f->cli, "{\"id\":7,\"op\":\"scope.create\",\"args\":{\"scope\":{\"address\":"
		   "\"10.0.0.0\",\"mask\":\"255.0.0.0\"}}}", 0);
	assert_int_equal(num(r, "id"), 7);
	assert_true(json_object_is_type(json_object_object_get(r, "result"), json_type_object));
	json_object_put(r);
	assert_int_equal(f->a->store.seq, seq + 1);
}

static void test_oversize(void **state)
{
	struct fx *f = *state;
	uint32_t be = htonl(DFO_PROTO_MAX_MSG + 1);
	uint64_t seq = f->a->store.seq;
	json_object *r;
	char c;

	send_raw(f->cli, &be, 4);
	send_raw(f->cli, "{\"op\":\"scope.create\"}", 21);
	r = reply(f, f->cli);
	assert_int_equal(num(r, "status"), 87);
	assert_non_null(strstr(str(r, "message"), "message too large"));
	json_object_put(r);
	/* The stream cannot be trusted any more: closed. */
	pump(f, f->cli);
	assert_int_equal(recv(f->cli, &c, 1, 0), 0);
	assert_int_equal(f->a->store.seq, seq);

	/* The largest allowed size is accepted (and is merely bad JSON here). */
	{
		struct dfod_cred root = { .can_read = true, .can_write = true };
		int fd = add_peer(f, &root);
		size_t n = DFO_PROTO_MAX_MSG;
		char *big = malloc(n);

		memset(big, ' ', n);
		big[0] = '[';
		big[n - 1] = ']';
		be = htonl(n);
		send_raw(fd, &be, 4);
		/* The socket buffer is smaller than 4 MiB: feed it while serving. */
		{
			size_t off = 0;

			assert_int_equal(fcntl(fd, F_SETFL, O_NONBLOCK), 0);
			while (off < n) {
				ssize_t w = send(fd, big + off, n - off, MSG_NOSIGNAL);

				if (w > 0)
					off += w;
				dfod_agent_poll(f->a, 0);
			}
			assert_int_equal(fcntl(fd, F_SETFL, 0), 0);
		}
		r = reply(f, fd);
		assert_int_equal(num(r, "status"), 87);
		assert_non_null(strstr(str(r, "message"), "must be a JSON object"));
		json_object_put(r);
		free(big);
		close(fd);
	}
}

static void test_pipelining(void **state)
{
	struct fx *f = *state;
	char req[3][128], all[512];
	json_object *r;
	size_t i, n = 0;

	/* Three requests in one write: three replies, in order. */
	for (i = 0; i < 3; i++) {
		uint32_t be;

		snprintf(req[i], sizeof(req[i]), "{\"v\":1,\"id\":%zu,\"op\":\"scope.create\","
			 "\"args\":{\"scope\":{\"address\":\"10.%zu.0.0\",\"mask\":\"255.255.0.0\"}}}",
			 i + 10, i);
		be = htonl(strlen(req[i]));
		memcpy(all + n, &be, 4);
		memcpy(all + n + 4, req[i], strlen(req[i]));
		n += 4 + strlen(req[i]);
	}
	send_raw(f->cli, all, n);
	for (i = 0; i < 3; i++) {
		r = reply(f, f->cli);
		assert_int_equal(num(r, "id"), (long long)i + 10);
		assert_int_equal(num(r, "status"), 0);
		json_object_put(r);
	}
	/* One request dribbled in byte by byte. */
	{
		const char *m = "{\"v\":1,\"id\":99,\"op\":\"scope.enum\"}";
		uint32_t be = htonl(strlen(m));

		for (i = 0; i < 4; i++) {
			send_raw(f->cli, (char *)&be + i, 1);
			dfod_agent_poll(f->a, 0);
		}
		for (i = 0; i < strlen(m); i++) {
			send_raw(f->cli, m + i, 1);
			dfod_agent_poll(f->a, 0);
		}
		r = reply(f, f->cli);
		assert_int_equal(num(r, "id"), 99);
		assert_int_equal(json_object_array_length(json_object_object_get(
			json_object_object_get(r, "result"), "scopes")), 3);
		json_object_put(r);
	}
	/* An enum page through the socket (its result is spliced from cached text). */
	expect_put(f, f->cli, "{\"v\":1,\"op\":\"failover.create\",\"args\":{\"relationship\":{"
		   "\"name\":\"b\",\"primary_server\":\"192.0.2.1\",\"secondary_server\":"
		   "\"192.0.2.2\",\"scopes\":[\"10.0.0.0\"]}}}", 0);
	expect_put(f, f->cli, "{\"v\":1,\"op\":\"failover.create\",\"args\":{\"relationship\":{"
		   "\"name\":\"a\",\"primary_server\":\"192.0.2.1\",\"secondary_server\":"
		   "\"192.0.2.2\",\"scopes\":[\"10.1.0.0\"]}}}", 0);
	r = expect(f, f->cli, "{\"v\":1,\"id\":5,\"op\":\"failover.enum\",\"args\":"
		   "{\"preferred_max\":1}}", 234);
	assert_int_equal(num(r, "id"), 5);
	assert_string_equal(str(r, "error"), "ERROR_MORE_DATA");
	assert_int_equal(num(json_object_object_get(r, "result"), "total"), 1);
	assert_string_equal(json_object_get_string(json_object_object_get(json_object_array_get_idx(
		json_object_object_get(json_object_object_get(r, "result"), "relationships"), 0),
		"name")), "a");
	json_object_put(r);
	/* A change shows in the next enum (the cached text is renewed). */
	expect_put(f, f->cli, "{\"v\":1,\"op\":\"failover.set\",\"args\":{\"flags\":1,"
		   "\"relationship\":{\"name\":\"a\",\"mclt\":77}}}", 0);
	r = expect(f, f->cli, "{\"v\":1,\"op\":\"failover.enum\",\"args\":{}}", 0);
	assert_int_equal(num(json_object_array_get_idx(json_object_object_get(json_object_object_get(
		r, "result"), "relationships"), 0), "mclt"), 77);
	assert_int_equal(num(json_object_object_get(r, "result"), "read"), 2);
	json_object_put(r);

	/* Half-close after the request: the reply still comes, then EOF. */
	send_msg(f->cli, "{\"v\":1,\"id\":100,\"op\":\"agent.info\"}");
	shutdown(f->cli, SHUT_WR);
	r = reply(f, f->cli);
	assert_int_equal(num(r, "id"), 100);
	json_object_put(r);
}

static void test_access(void **state)
{
	struct fx *f = *state;
	struct dfod_config *c = f->a->cfg;
	struct dfod_cred cr;
	gid_t groups[3] = { 100, 4242, 7 };
	uint64_t seq = f->a->store.seq;
	json_object *r;
	int ro, none;

	c->admin_gid = 4242;
	c->read_gid = 5151;
	cr = (struct dfod_cred){ .uid = 0, .gid = 1 };
	dfod_agent_classify(c, &cr, NULL, 0);
	assert_true(cr.can_write && cr.can_read);
	cr = (struct dfod_cred){ .uid = 1000, .gid = 4242 };
	dfod_agent_classify(c, &cr, NULL, 0);
	assert_true(cr.can_write && cr.can_read);
	cr = (struct dfod_cred){ .uid = 1000, .gid = 1000 };
	dfod_agent_classify(c, &cr, groups, 3);
	assert_true(cr.can_write && cr.can_read);
	cr = (struct dfod_cred){ .uid = 1000, .gid = 5151 };
	dfod_agent_classify(c, &cr, NULL, 0);
	assert_true(!cr.can_write && cr.can_read);
	groups[1] = 5151;
	cr = (struct dfod_cred){ .uid = 1000, .gid = 1000 };
	dfod_agent_classify(c, &cr, groups, 3);
	assert_true(!cr.can_write && cr.can_read);
	cr = (struct dfod_cred){ .uid = 1000, .gid = 1000 };
	dfod_agent_classify(c, &cr, NULL, 0);
	assert_true(!cr.can_write && !cr.can_read);

	cr = (struct dfod_cred){ .uid = 1000, .can_read = true };
	ro = add_peer(f, &cr);
	cr = (struct dfod_cred){ .uid = 1001 };
	none = add_peer(f, &cr);
	r = expect(f, none, "{\"v\":1,\"op\":\"agent.info\"}", 5);
	assert_string_equal(str(r, "error"), "ERROR_ACCESS_DENIED");
	json_object_put(r);
	expect_put(f, none, "{\"v\":1,\"op\":\"scope.create\",\"args\":{\"scope\":{\"address\":"
		   "\"10.0.0.0\",\"mask\":\"255.0.0.0\"}}}", 5);
	expect_put(f, none, "{\"v\":1,\"op\":\"no.such\"}", 50);
	expect_put(f, ro, "{\"v\":1,\"op\":\"agent.info\"}", 0);
	expect_put(f, ro, "{\"v\":1,\"op\":\"failover.enum\"}", 259);
	expect_put(f, ro, "{\"v\":1,\"op\":\"scope.create\",\"args\":{\"scope\":{\"address\":"
		   "\"10.0.0.0\",\"mask\":\"255.0.0.0\"}}}", 5);
	expect_put(f, ro, "{\"v\":1,\"op\":\"failover.trigger_alloc\",\"args\":{\"name\":\"x\"}}", 5);
	assert_int_equal(f->a->store.seq, seq);
	close(ro);
	close(none);
}

static void test_listen_socket(void **state)
{
	struct fx *f = *state;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	json_object *r;
	int fd;

	assert_int_equal(stat(f->cfg.socket_path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0660);
	if (geteuid() == 0)	/* only root may give the socket to another group */
		assert_int_equal(st.st_gid, f->cfg.admin_gid);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", f->cfg.socket_path);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	/* Accepted with our real credentials (root: write access). */
	r = expect(f, fd, "{\"v\":1,\"id\":1,\"op\":\"scope.create\",\"args\":{\"scope\":{"
		   "\"address\":\"192.0.2.0\",\"mask\":\"255.255.255.0\"}}}", 0);
	json_object_put(r);
	close(fd);
}

static const char *write_file(const char *dir, const char *name, const char *text)
{
	static char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

static int parse(struct dfod_config *c, char *err, size_t len, ...)
{
	char *argv[32];
	va_list ap;
	int argc = 0, r;

	argv[argc++] = "dhcpfod";
	va_start(ap, len);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	dfod_config_init(c);
	err[0] = '\0';
	r = dfod_config_args(c, argc, argv, err, len);
	if (!r)
		r = dfod_config_finish(c, err, len);
	return r;
}

static void test_config(void **state)
{
	struct fx *f = *state;
	struct dfod_config c;
	char err[512], path[300];
	const char *p;

	/* Defaults. */
	assert_int_equal(parse(&c, err, sizeof(err), NULL), 0);
	assert_string_equal(c.instance, "default");
	assert_string_equal(c.state_dir, "/var/lib/dhcpfo/default");
	assert_string_equal(c.socket_path, "/run/dhcpfo/default.sock");
	assert_string_equal(c.pin_root, "/sys/fs/bpf/dhcpfo");
	assert_int_equal(c.max_rels, 31);
	assert_int_equal(c.clock_skew, 60);
	dfod_config_free(&c);

	/* A file, with the command line winning. */
	p = write_file(f->dir, "ok.conf",
		       "# dhcpfod\n\ninstance = lab\nmax-relationships = 20\n"
		       "interface = eth0\ninterface = eth1, eth2\n  no-xdp = yes  \n"
		       "server-address = 192.0.2.1\nadmin-group = root\nlog-level = debug\n");
	snprintf(path, sizeof(path), "%s", p);
	assert_int_equal(parse(&c, err, sizeof(err), "--config", path, "--max-relationships",
			       "4096", NULL), 0);
	assert_string_equal(c.instance, "lab");
	assert_string_equal(c.socket_path, "/run/dhcpfo/lab.sock");
	assert_int_equal(c.max_rels, 4096);
	assert_int_equal(c.n_ifaces, 3);
	assert_string_equal(c.ifaces[2], "eth2");
	assert_true(c.no_xdp);
	assert_int_equal(c.server_addr, 0xc0000201);
	dfod_config_free(&c);
	assert_int_equal(parse(&c, err, sizeof(err), "--interface", "veth9", "-c", path, NULL), 0);
	assert_int_equal(c.n_ifaces, 1);
	assert_string_equal(c.ifaces[0], "veth9");
	dfod_config_free(&c);

	/* Errors name the file and line. */
	p = write_file(f->dir, "bad1.conf", "instance = a\n\nfrobnicate = 1\n");
	snprintf(path, sizeof(path), "%s", p);
	assert_int_not_equal(parse(&c, err, sizeof(err), "--config", path, NULL), 0);
	assert_non_null(strstr(err, "bad1.conf:3: unknown key 'frobnicate'"));
	dfod_config_free(&c);
	p = write_file(f->dir, "bad2.conf", "max-relationships = 70000\n");
	snprintf(path, sizeof(path), "%s", p);
	assert_int_not_equal(parse(&c, err, sizeof(err), "--config", path, NULL), 0);
	assert_non_null(strstr(err, "bad2.conf:1: max-relationships: must be a number"));
	dfod_config_free(&c);
	p = write_file(f->dir, "bad3.conf", "no-xdp\n");
	snprintf(path, sizeof(path), "%s", p);
	assert_int_not_equal(parse(&c, err, sizeof(err), "--config", path, NULL), 0);
	assert_non_null(strstr(err, "bad3.conf:1: expected 'key = value'"));
	dfod_config_free(&c);
	p = write_file(f->dir, "bad4.conf", "socket = /a\nsocket = /b\n");
	snprintf(path, sizeof(path), "%s", p);
	assert_int_not_equal(parse(&c, err, sizeof(err), "--config", path, NULL), 0);
	assert_non_null(strstr(err, "bad4.conf:2: 'socket' is set twice"));
	dfod_config_free(&c);
	p = write_file(f->dir, "bad5.conf", "server-address = 10.0.0.300\n");
	snprintf(path, sizeof(path), "%s", p);
	assert_int_not_equal(parse(&c, err, sizeof(err), "--config", path, NULL), 0);
	assert_non_null(strstr(err, "bad5.conf:1: server-address:"));
	dfod_config_free(&c);
	assert_int_not_equal(parse(&c, err, sizeof(err), "--config", "/nonexistent/x.conf", NULL), 0);
	assert_non_null(strstr(err, "/nonexistent/x.conf: cannot read"));
	dfod_config_free(&c);

	/* Flags. */
	assert_int_not_equal(parse(&c, err, sizeof(err), "--max-relationships", "0", NULL), 0);
	assert_non_null(strstr(err, "--max-relationships"));
	dfod_config_free(&c);
	assert_int_not_equal(parse(&c, err, sizeof(err), "--xdp-mode", "turbo", NULL), 0);
	dfod_config_free(&c);
	assert_int_not_equal(parse(&c, err, sizeof(err), "--instance", "a/b", NULL), 0);
	assert_non_null(strstr(err, "--instance"));
	dfod_config_free(&c);
	assert_int_not_equal(parse(&c, err, sizeof(err), "--frobnicate", NULL), 0);
	dfod_config_free(&c);
	assert_int_not_equal(parse(&c, err, sizeof(err), "stray", NULL), 0);
	dfod_config_free(&c);
	assert_int_not_equal(parse(&c, err, sizeof(err), "--admin-group", "no-such-group-xyz", NULL), 0);
	assert_non_null(strstr(err, "no group"));
	dfod_config_free(&c);
	assert_int_not_equal(parse(&c, err, sizeof(err), "--unpin", "--call", "x", NULL), 0);
	dfod_config_free(&c);
	assert_int_equal(parse(&c, err, sizeof(err), "--call", "failover.get", "{\"name\":\"a\"}",
			       "--instance", "x", NULL), 0);
	assert_int_equal(c.action, DFOD_CALL);
	assert_string_equal(c.call_op, "failover.get");
	assert_string_equal(c.call_args, "{\"name\":\"a\"}");
	assert_string_equal(c.socket_path, "/run/dhcpfo/x.sock");
	dfod_config_free(&c);
	assert_int_equal(parse(&c, err, sizeof(err), "--help", NULL), 0);
	assert_int_equal(c.action, DFOD_HELP);
	dfod_config_free(&c);
	assert_int_equal(parse(&c, err, sizeof(err), "--no-xdp", "-v", "--journal-max-bytes", "65536",
			       "--max-scopes", "100", "--read-group", "0", NULL), 0);
	assert_true(c.no_xdp);
	assert_int_equal(c.log_level, DFO_LOG_DEBUG);
	assert_int_equal(c.journal_max, 65536);
	assert_int_equal(c.max_scopes, 100);
	dfod_config_free(&c);
}

/* dfod_run in a child: READY=1 to $NOTIFY_SOCKET, SIGTERM -> STOPPING=1, exit 0. */
static void test_notify_and_sigterm(void **state)
{
	struct fx *f = *state;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = 10 };
	char buf[256], path[100], state_dir[90], sock[100];
	int fd, wst;
	ssize_t n;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/notify", f->dir);
	snprintf(state_dir, sizeof(state_dir), "%s/state2", f->dir);
	snprintf(sock, sizeof(sock), "%s/api2.sock", f->dir);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);

	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct dfod_config c;
		char err[256];

		setenv("NOTIFY_SOCKET", path, 1);
		dfod_config_init(&c);
		c.instance = strdup("notify");
		c.state_dir = strdup(state_dir);
		c.socket_path = strdup(sock);
		c.no_xdp = true;
		if (dfod_config_finish(&c, err, sizeof(err)))
			_exit(99);
		_exit(dfod_run(&c));
	}
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_non_null(strstr(buf, "READY=1"));
	/* Ready means serving. */
	{
		struct sockaddr_un ca = { .sun_family = AF_UNIX };
		int c = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		snprintf(ca.sun_path, sizeof(ca.sun_path), "%s", sock);
		assert_int_equal(connect(c, (struct sockaddr *)&ca, sizeof(ca)), 0);
		close(c);
	}
	assert_int_equal(kill(pid, SIGTERM), 0);
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "STOPPING=1");
	assert_int_equal(waitpid(pid, &wst, 0), pid);
	assert_true(WIFEXITED(wst));
	assert_int_equal(WEXITSTATUS(wst), 0);
	/* A clean stop removes the socket and leaves a snapshot behind. */
	assert_int_not_equal(access(sock, F_OK), 0);
	snprintf(buf, sizeof(buf), "%s/state.json", state_dir);
	assert_int_equal(access(buf, F_OK), 0);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bad_messages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oversize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipelining, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listen_socket, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notify_and_sigterm, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
