// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The authentication of the remote (TCP) API: api/src/auth.c on its own
 * (key files, hellos, the MAC against an independent HMAC of the
 * documented input, every way a frame can fail), then a real dhcpfod with
 * --api-listen fed raw frames: a valid request works; a forged MAC, a
 * missing MAC, a replayed and a reordered request are refused with a sealed
 * ERROR_ACCESS_DENIED and the connection is closed, and none of them
 * changes anything; a wrong key file or a missing one keeps it from
 * starting.
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
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <json-c/json.h>
#include <openssl/hmac.h>

#include "auth.h"
#include "dhcpfo.h"
#include "proto.h"
#include "test_api_spawn.h"

static char tmpdir[64];

static int group_setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/dfo-authtest-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	test_agent_rm(tmpdir);
	return 0;
}

/* Write @content to tmpdir/@name with @mode; returns the path (static). */
static const char *key_file(const char *name, const char *content, size_t len, mode_t mode)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	unlink(path);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, len, f), len);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

#define KEY64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* ---- key files ------------------------------------------------------------ */

static void test_key_files(void **state)
{
	struct dfo_auth_key k;
	char err[512], dir[128];
	const char *p;

	(void)state;
	p = key_file("good", KEY64 "\n", 65, 0600);
	assert_int_equal(dfo_auth_key_load(p, geteuid(), &k, err, sizeof(err)), 0);
	assert_int_equal(k.len, 64);		/* the newline is not key material */
	assert_memory_equal(k.k, KEY64, 64);
	p = key_file("ro", KEY64, 64, 0400);
	assert_int_equal(dfo_auth_key_load(p, geteuid(), &k, err, sizeof(err)), 0);
	/* readable by others or by the group: refused, and the message says how to fix it */
	p = key_file("world", KEY64, 64, 0644);
	assert_int_equal(dfo_auth_key_load(p, geteuid(), &k, err, sizeof(err)), -EPERM);
	assert_non_null(strstr(err, "chmod 600"));
	assert_int_equal(k.len, 0);
	p = key_file("group", KEY64, 64, 0640);
	assert_int_equal(dfo_auth_key_load(p, geteuid(), &k, err, sizeof(err)), -EPERM);
	/* too short, empty, white space only */
	p = key_file("short", "0123456789abcdef", 16, 0600);
	assert_int_equal(dfo_auth_key_load(p, geteuid(), &k, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "at least 32"));
	p = key_file("empty", "", 0, 0600);
	assert_int_equal(dfo_auth_key_load(p, geteuid(), &k, err, sizeof(err)), -EINVAL);
	p = key_file("blank", "    \n\n", 6, 0600);
	assert_int_equal(dfo_auth_key_load(p, geteuid(), &k, err, sizeof(err)), -EINVAL);
	/* missing, or not a file */
	snprintf(dir, sizeof(dir), "%s/none", tmpdir);
	assert_int_equal(dfo_auth_key_load(dir, geteuid(), &k, err, sizeof(err)), -ENOENT);
	assert_int_equal(dfo_auth_key_load(tmpdir, geteuid(), &k, err, sizeof(err)), -EINVAL);
	/* another user's file: only root's or the named owner's are accepted */
	if (geteuid() == 0) {
		p = key_file("other", KEY64, 64, 0600);
		assert_int_equal(chown(p, 4321, 4321), 0);
		assert_int_equal(dfo_auth_key_load(p, 0, &k, err, sizeof(err)), -EPERM);
		assert_non_null(strstr(err, "owned by uid 4321"));
		assert_int_equal(dfo_auth_key_load(p, 4321, &k, err, sizeof(err)), 0);
	}
}

/* ---- hellos ------------------------------------------------------------------ */

static void test_hellos(void **state)
{
	static const char *const bad[] = {
		"", "{}", "[]", "not json",
		"{\"v\":1,\"auth\":\"hmac-sha256\"}",
		"{\"v\":2,\"auth\":\"hmac-sha256\",\"nonce\":\"" KEY64 "\"}",
		"{\"v\":1,\"auth\":\"hmac-md5\",\"nonce\":\"" KEY64 "\"}",
		"{\"v\":1,\"auth\":\"hmac-sha256\",\"nonce\":\"0123\"}",
		"{\"v\":1,\"auth\":\"hmac-sha256\",\"nonce\":\"" KEY64 "00\"}",
		"{\"v\":1,\"auth\":\"hmac-sha256\",\"nonce\":\"zz23456789abcdef0123456789abcdef"
		"0123456789abcdef0123456789abcdef\"}",
		"{\"v\":1,\"auth\":\"hmac-sha256\",\"nonce\":\"" KEY64 "\"} trailing",
	};
	uint8_t n1[DFO_AUTH_NONCE_LEN], n2[DFO_AUTH_NONCE_LEN], got[DFO_AUTH_NONCE_LEN];
	size_t len, i;
	char *h;

	(void)state;
	assert_int_equal(dfo_auth_nonce(n1), 0);
	assert_int_equal(dfo_auth_nonce(n2), 0);
	assert_memory_not_equal(n1, n2, sizeof(n1));
	h = dfo_auth_hello_build(n1, true, &len);
	assert_non_null(h);
	assert_non_null(strstr(h, "\"service\":\"dhcpfod\""));
	assert_int_equal(dfo_auth_hello_parse(h, len, got), 0);
	assert_memory_equal(got, n1, sizeof(n1));
	free(h);
	h = dfo_auth_hello_build(n2, false, &len);
	assert_null(strstr(h, "service"));
	assert_int_equal(dfo_auth_hello_parse(h, len, got), 0);
	assert_memory_equal(got, n2, sizeof(n2));
	free(h);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(dfo_auth_hello_parse(bad[i], strlen(bad[i]), got), -EPROTO);
}

/* ---- MACs -------------------------------------------------------------------- */

static void fixture(struct dfo_auth_key *k, struct dfo_auth_session *s)
{
	memset(k, 0, sizeof(*k));
	memcpy(k->k, KEY64, 64);
	k->len = 64;
	memset(s->server_nonce, 0x11, sizeof(s->server_nonce));
	memset(s->client_nonce, 0x22, sizeof(s->client_nonce));
}

/* The documented input, MACed with OpenSSL's one-shot HMAC: an independent check. */
static void test_mac_formula(void **state)
{
	static const char body[] = "{\"v\":1,\"id\":1,\"op\":\"agent.info\"}";
	uint8_t buf[512], mac[DFO_AUTH_MAC_LEN], want[EVP_MAX_MD_SIZE];
	struct dfo_auth_session s;
	struct dfo_auth_key k;
	unsigned int wl = 0;
	size_t n = 0;
	uint64_t seq = 0x0102030405060708ull;
	int i;

	(void)state;
	fixture(&k, &s);
	memcpy(buf, DFO_AUTH_LABEL, strlen(DFO_AUTH_LABEL));
	n = strlen(DFO_AUTH_LABEL);
	buf[n++] = 'C';
	memcpy(buf + n, s.server_nonce, 32);
	n += 32;
	memcpy(buf + n, s.client_nonce, 32);
	n += 32;
	for (i = 0; i < 8; i++)
		buf[n++] = (uint8_t)(seq >> (56 - 8 * i));
	memcpy(buf + n, body, strlen(body));
	n += strlen(body);
	assert_non_null(HMAC(EVP_sha256(), k.k, (int)k.len, buf, n, want, &wl));
	assert_int_equal(wl, 32);
	assert_int_equal(dfo_auth_mac(&k, &s, DFO_AUTH_C2S, seq, body, strlen(body), mac), 0);
	assert_memory_equal(mac, want, 32);
}

static void test_seal_open(void **state)
{
	static const char body[] = "{\"v\":1,\"id\":7,\"op\":\"scope.enum\"}";
	struct dfo_auth_session s, other;
	struct dfo_auth_key k, k2;
	const char *json;
	size_t len, jl;
	uint64_t seq;
	char *f;

	(void)state;
	fixture(&k, &s);
	assert_int_equal(dfo_auth_seal(&k, &s, DFO_AUTH_C2S, 5, body, strlen(body), &f, &len), 0);
	assert_int_equal(len, DFO_AUTH_HDR_LEN + strlen(body));
	assert_int_equal(dfo_auth_open(&k, &s, DFO_AUTH_C2S, 5, f, len, &json, &jl, &seq), 0);
	assert_int_equal(seq, 5);
	assert_int_equal(jl, strlen(body));
	assert_memory_equal(json, body, jl);
	/* a request is no reply: the direction is under the MAC */
	assert_int_equal(dfo_auth_open(&k, &s, DFO_AUTH_S2C, 5, f, len, &json, &jl, &seq), -EBADMSG);
	/* authentic, but not the sequence number due: a replay or a reordering */
	assert_int_equal(dfo_auth_open(&k, &s, DFO_AUTH_C2S, 6, f, len, &json, &jl, &seq), -ERANGE);
	assert_int_equal(seq, 5);
	/* another connection's nonces, another key */
	other = s;
	other.client_nonce[31] ^= 1;
	assert_int_equal(dfo_auth_open(&k, &other, DFO_AUTH_C2S, 5, f, len, &json, &jl, &seq),
			 -EBADMSG);
	k2 = k;
	k2.k[0] ^= 1;
	assert_int_equal(dfo_auth_open(&k2, &s, DFO_AUTH_C2S, 5, f, len, &json, &jl, &seq), -EBADMSG);
	/* one bit anywhere: the body, the MAC, the sequence number */
	f[len - 2] ^= 1;
	assert_int_equal(dfo_auth_open(&k, &s, DFO_AUTH_C2S, 5, f, len, &json, &jl, &seq), -EBADMSG);
	f[len - 2] ^= 1;
	f[8] ^= 0x80;
	assert_int_equal(dfo_auth_open(&k, &s, DFO_AUTH_C2S, 5, f, len, &json, &jl, &seq), -EBADMSG);
	f[8] ^= 0x80;
	f[7] ^= 1;
	assert_int_equal(dfo_auth_open(&k, &s, DFO_AUTH_C2S, 4, f, len, &json, &jl, &seq), -EBADMSG);
	f[7] ^= 1;
	/* too short to hold seq and MAC; a plain JSON request */
	assert_int_equal(dfo_auth_open(&k, &s, DFO_AUTH_C2S, 5, f, DFO_AUTH_HDR_LEN - 1, &json, &jl,
				       &seq), -EBADMSG);
	assert_int_equal(dfo_auth_open(&k, &s, DFO_AUTH_C2S, 1, body, strlen(body), &json, &jl,
				       &seq), -EBADMSG);
	assert_int_equal(dfo_auth_open(&k, &s, DFO_AUTH_C2S, 5, f, len, &json, &jl, &seq), 0);
	free(f);
}

/* ---- a real agent, raw frames ---------------------------------------------------- */

struct raw {
	int fd;
	struct dfo_auth_key key;
	struct dfo_auth_session s;
};

static int free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

struct fx {
	struct test_agent agent;
	int port;
	char listen[32];
	char keypath[128];
};

static int agent_setup(void **state)
{
	const char *args[] = { "--api-listen", NULL, "--api-key-file", NULL, NULL };
	struct fx *f = calloc(1, sizeof(*f));
	char err[256];
	struct dfo_auth_key k;

	if (!f)
		return -1;
	f->port = free_port();
	snprintf(f->listen, sizeof(f->listen), "127.0.0.1:%d", f->port);
	snprintf(f->keypath, sizeof(f->keypath), "%s", key_file("agent.key", KEY64 "\n", 65, 0600));
	if (dfo_auth_key_load(f->keypath, geteuid(), &k, err, sizeof(err)))
		return -1;
	args[1] = f->listen;
	args[3] = f->keypath;
	if (test_agent_start(&f->agent, args)) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int agent_teardown(void **state)
{
	struct fx *f = *state;
	int rc = test_agent_stop(&f->agent);

	free(f);
	return rc;
}

/* Connect and exchange hellos (and the ready frame) as libdhcpfo does. */
static void raw_open(struct raw *r, const struct fx *f)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(f->port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	const char *json;
	char *msg, err[256];
	size_t len, jl;
	uint64_t seq;

	assert_int_equal(dfo_auth_key_load(f->keypath, geteuid(), &r->key, err, sizeof(err)), 0);
	r->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(connect(r->fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(dfo_auth_nonce(r->s.client_nonce), 0);
	msg = dfo_auth_hello_build(r->s.client_nonce, false, &len);
	assert_int_equal(dfo_proto_send(r->fd, msg, len), 0);
	free(msg);
	assert_int_equal(dfo_proto_recv(r->fd, &msg, &len, 5000), 0);
	assert_int_equal(dfo_auth_hello_parse(msg, len, r->s.server_nonce), 0);
	free(msg);
	assert_int_equal(dfo_proto_recv(r->fd, &msg, &len, 5000), 0);
	assert_int_equal(dfo_auth_open(&r->key, &r->s, DFO_AUTH_S2C, 0, msg, len, &json, &jl, &seq), 0);
	assert_memory_equal(json, DFO_AUTH_READY, jl);
	free(msg);
}

static void raw_send(struct raw *r, uint64_t seq, const char *json)
{
	char *frame;
	size_t len;

	assert_int_equal(dfo_auth_seal(&r->key, &r->s, DFO_AUTH_C2S, seq, json, strlen(json),
				       &frame, &len), 0);
	assert_int_equal(dfo_proto_send(r->fd, frame, len), 0);
	free(frame);
}

/* The reply to request @seq: its status (the MAC must verify). */
static uint64_t raw_status(struct raw *r, uint64_t seq)
{
	json_object *o, *st;
	const char *json;
	char *frame;
	size_t len, jl;
	uint64_t got, status;

	assert_int_equal(dfo_proto_recv(r->fd, &frame, &len, 5000), 0);
	assert_int_equal(dfo_auth_open(&r->key, &r->s, DFO_AUTH_S2C, seq, frame, len, &json, &jl,
				       &got), 0);
	o = json_tokener_parse(json);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "status", &st));
	status = json_object_get_uint64(st);
	json_object_put(o);
	free(frame);
	return status;
}

/* The agent has closed the connection. */
static void raw_closed(struct raw *r)
{
	char *frame;
	size_t len;

	assert_int_equal(dfo_proto_recv(r->fd, &frame, &len, 5000), -ECONNRESET);
	close(r->fd);
}

#define CREATE(n) "{\"v\":1,\"id\":1,\"op\":\"scope.create\",\"args\":{\"scope\":" \
	"{\"address\":\"10.9." #n ".0\",\"mask\":\"255.255.255.0\"}}}"

/* How many scopes the agent holds, asked over its unix socket. */
static int scopes(const struct fx *f)
{
	struct dhcpfo_client_opts o = { .sz = sizeof(o), .socket_path = f->agent.sock };
	struct dhcpfo_ip_array *ips = NULL;
	struct dhcpfo_client *c;
	uint32_t handle = 0, read = 0, total = 0, st;

	assert_int_equal(dhcpfo_client__open(NULL, &o, &c), 0);
	st = dhcpfo_scope_enum(c, &handle, DHCPFO_ENUM_ALL, &ips, &read, &total);
	dhcpfo_client__close(c);
	dhcpfo_free(ips);
	assert_true(st == 0 || st == DHCPFO_ERROR_NO_MORE_ITEMS);
	return (int)read;
}

static void test_agent_accepts_and_refuses(void **state)
{
	struct fx *f = *state;
	struct raw r;
	char *frame;
	size_t len;

	/* valid: two requests in sequence */
	raw_open(&r, f);
	raw_send(&r, 1, "{\"v\":1,\"id\":1,\"op\":\"agent.info\"}");
	assert_int_equal(raw_status(&r, 1), 0);
	raw_send(&r, 2, CREATE(1));
	assert_int_equal(raw_status(&r, 2), 0);
	assert_int_equal(scopes(f), 1);
	/* the same frame again: a replay */
	assert_int_equal(dfo_auth_seal(&r.key, &r.s, DFO_AUTH_C2S, 2, CREATE(2), strlen(CREATE(2)),
				       &frame, &len), 0);
	assert_int_equal(dfo_proto_send(r.fd, frame, len), 0);
	assert_int_equal(raw_status(&r, 2), DHCPFO_ERROR_ACCESS_DENIED);
	raw_closed(&r);
	free(frame);
	assert_int_equal(scopes(f), 1);

	/* a forged MAC on a write */
	raw_open(&r, f);
	assert_int_equal(dfo_auth_seal(&r.key, &r.s, DFO_AUTH_C2S, 1, CREATE(3), strlen(CREATE(3)),
				       &frame, &len), 0);
	frame[9] ^= 0x40;
	assert_int_equal(dfo_proto_send(r.fd, frame, len), 0);
	free(frame);
	assert_int_equal(raw_status(&r, 1), DHCPFO_ERROR_ACCESS_DENIED);
	raw_closed(&r);

	/* no MAC at all: the unix socket's plain JSON */
	raw_open(&r, f);
	assert_int_equal(dfo_proto_send(r.fd, CREATE(4), strlen(CREATE(4))), 0);
	assert_int_equal(raw_status(&r, 0), DHCPFO_ERROR_ACCESS_DENIED);
	raw_closed(&r);

	/* out of order: 2 before 1 */
	raw_open(&r, f);
	raw_send(&r, 2, CREATE(5));
	assert_int_equal(raw_status(&r, 2), DHCPFO_ERROR_ACCESS_DENIED);
	raw_closed(&r);

	/* another connection's frame replayed on a new one */
	{
		struct raw a, b;

		raw_open(&a, f);
		raw_open(&b, f);
		assert_int_equal(dfo_auth_seal(&a.key, &a.s, DFO_AUTH_C2S, 1, CREATE(6),
					       strlen(CREATE(6)), &frame, &len), 0);
		assert_int_equal(dfo_proto_send(b.fd, frame, len), 0);
		free(frame);
		assert_int_equal(raw_status(&b, 1), DHCPFO_ERROR_ACCESS_DENIED);
		raw_closed(&b);
		close(a.fd);
	}
	/* none of the refused requests changed anything */
	assert_int_equal(scopes(f), 1);
	/* and the agent still serves */
	raw_open(&r, f);
	raw_send(&r, 1, CREATE(7));
	assert_int_equal(raw_status(&r, 1), 0);
	close(r.fd);
	assert_int_equal(scopes(f), 2);
}

/* A first frame that is not a hello closes the connection, no reply. */
static void test_agent_wants_hello(void **state)
{
	struct fx *f = *state;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(f->port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct raw r;
	uint8_t n[DFO_AUTH_NONCE_LEN];
	char *msg;
	size_t len;

	r.fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(connect(r.fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(dfo_proto_recv(r.fd, &msg, &len, 5000), 0);	/* its hello */
	assert_int_equal(dfo_auth_hello_parse(msg, len, n), 0);
	free(msg);
	assert_int_equal(dfo_proto_send(r.fd, CREATE(8), strlen(CREATE(8))), 0);
	raw_closed(&r);
	assert_int_equal(scopes(f), 0);
}

/* The agent refuses to start with a key file others can read, or without one. */
static void test_agent_key_file_checks(void **state)
{
	const char *args[] = { "--api-listen", "127.0.0.1:1", "--api-key-file", NULL, NULL };
	struct test_agent a;
	char log[4096] = "";
	FILE *f;

	(void)state;
	args[3] = key_file("exposed.key", KEY64, 64, 0644);
	fprintf(stderr, "(agents refusing to start are expected here)\n");
	assert_int_equal(test_agent_start(&a, args), -1);
	test_agent_rm(a.dir);
	args[3] = key_file("short.key", "abc", 3, 0600);
	assert_int_equal(test_agent_start(&a, args), -1);
	/* the reason is logged: look for it in the last agent's log */
	f = fopen(a.log, "r");
	if (f) {
		size_t n = fread(log, 1, sizeof(log) - 1, f);

		log[n] = '\0';
		fclose(f);
		assert_non_null(strstr(log, "at least 32"));
	}
	test_agent_rm(a.dir);
	args[2] = NULL;		/* --api-listen alone */
	assert_int_equal(test_agent_start(&a, args), -1);
	test_agent_rm(a.dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_files),
		cmocka_unit_test(test_hellos),
		cmocka_unit_test(test_mac_formula),
		cmocka_unit_test(test_seal_open),
		cmocka_unit_test_setup_teardown(test_agent_accepts_and_refuses, agent_setup,
						agent_teardown),
		cmocka_unit_test_setup_teardown(test_agent_wants_hello, agent_setup, agent_teardown),
		cmocka_unit_test(test_agent_key_file_checks),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
