// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dfo-rawapi: one request to dhcpfod's remote (TCP) API, framed and
 * authenticated by hand so that tests can also send what libdhcpfo never
 * would: a forged MAC, no MAC, a replayed or an out-of-order request.
 * Every reply is checked with the key before it is printed.
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "auth.h"
#include "proto.h"
#include "toolopt.h"

#define PROG		"dfo-rawapi"
#define TIMEOUT_MS	10000

static const char usage_text[] =
"usage: " PROG " --server ADDR:PORT --key-file F [options] OP [JSON-ARGS]\n"
"\n"
"Send one request {\"v\":1,\"id\":1,\"op\":OP,\"args\":JSON-ARGS} to dhcpfod's\n"
"authenticated TCP API and print each reply on a line, as the agent sent it,\n"
"once its MAC verified; 'closed' when the agent closes the connection.\n"
"\n"
"  -s, --server ADDR:PORT  the agent's --api-listen address\n"
"  -k, --key-file F        the shared key (as dhcpfod reads it)\n"
"      --seq N             the request's sequence number (default 1)\n"
"      --forge-mac         flip one bit of the request's MAC\n"
"      --no-mac            send the bare JSON, as on the unix socket\n"
"      --replay            send the same sealed frame twice\n"
"  -h, --help              this text\n"
"\n"
"Exit: 0 every reply verified (whatever its status), 1 a reply failed\n"
"verification or none came, 2 usage.\n";

struct conn {
	int fd;
	struct dfo_auth_key key;
	struct dfo_auth_session s;
};

static int connect_to(const char *server)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	char host[256], *port;
	int fd = -1;

	snprintf(host, sizeof(host), "%s", server);
	port = strrchr(host, ':');
	if (!port)
		return -EINVAL;
	*port++ = '\0';
	if (host[0] == '[' && port[-2] == ']') {
		port[-2] = '\0';
		memmove(host, host + 1, strlen(host));
	}
	if (getaddrinfo(host, port, &hints, &res))
		return -EHOSTUNREACH;
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen)) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	return fd < 0 ? -ECONNREFUSED : fd;
}

/* Hellos and the agent's sealed ready frame. */
static int greet(struct conn *c)
{
	const char *json;
	size_t len, jl;
	uint64_t seq;
	char *msg;
	int e;

	if (dfo_auth_nonce(c->s.client_nonce))
		return -EIO;
	msg = dfo_auth_hello_build(c->s.client_nonce, false, &len);
	if (!msg)
		return -ENOMEM;
	e = dfo_proto_send(c->fd, msg, len);
	free(msg);
	if (!e)
		e = dfo_proto_recv(c->fd, &msg, &len, TIMEOUT_MS);
	if (e)
		return e;
	e = dfo_auth_hello_parse(msg, len, c->s.server_nonce);
	free(msg);
	if (!e)
		e = dfo_proto_recv(c->fd, &msg, &len, TIMEOUT_MS);
	if (e)
		return e;
	e = dfo_auth_open(&c->key, &c->s, DFO_AUTH_S2C, 0, msg, len, &json, &jl, &seq);
	free(msg);
	return e;
}

/* Print one verified reply to request @seq; 0, 1 (closed) or -errno. */
static int reply(struct conn *c, uint64_t seq)
{
	const char *json;
	size_t len, jl;
	uint64_t got;
	char *msg;
	int e;

	e = dfo_proto_recv(c->fd, &msg, &len, TIMEOUT_MS);
	if (e == -ECONNRESET) {
		printf("closed\n");
		return 1;
	}
	if (e)
		return e;
	e = dfo_auth_open(&c->key, &c->s, DFO_AUTH_S2C, seq, msg, len, &json, &jl, &got);
	if (!e)
		printf("%.*s\n", (int)jl, json);
	else
		fprintf(stderr, PROG ": a reply to request %llu fails verification (%s, seq %llu)\n",
			(unsigned long long)seq, strerror(-e), (unsigned long long)got);
	free(msg);
	return e;
}

int main(int argc, char **argv)
{
	enum { O_SEQ = 1000, O_FORGE, O_NOMAC, O_REPLAY };
	static const struct option lo[] = {
		{ "server", required_argument, NULL, 's' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "seq", required_argument, NULL, O_SEQ },
		{ "forge-mac", no_argument, NULL, O_FORGE },
		{ "no-mac", no_argument, NULL, O_NOMAC },
		{ "replay", no_argument, NULL, O_REPLAY },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *server = NULL, *keyfile = NULL;
	bool forge = false, nomac = false, replay = false;
	unsigned long seq = 1;
	struct conn c = { .fd = -1 };
	char err[512], *req = NULL, *frame = NULL;
	size_t flen;
	int o, e, rc = 1;

	while ((o = getopt_long(argc, argv, "s:k:h", lo, NULL)) != -1) {
		switch (o) {
		case 's': server = optarg; break;
		case 'k': keyfile = optarg; break;
		case O_SEQ:
			if (dfo_parse_ulong(optarg, UINT32_MAX, &seq))
				return dfo_bad_usage(PROG, "--seq wants a number, not '%s'", optarg);
			break;
		case O_FORGE: forge = true; break;
		case O_NOMAC: nomac = true; break;
		case O_REPLAY: replay = true; break;
		case 'h': fputs(usage_text, stdout); return 0;
		default: return dfo_bad_usage(PROG, "unknown option");
		}
	}
	if (!server || !keyfile || optind >= argc || argc - optind > 2)
		return dfo_bad_usage(PROG, "give --server, --key-file and OP [JSON-ARGS]");
	if (dfo_auth_key_load(keyfile, geteuid(), &c.key, err, sizeof(err))) {
		fprintf(stderr, PROG ": %s\n", err);
		return 1;
	}
	if (asprintf(&req, "{\"v\":1,\"id\":1,\"op\":\"%s\",\"args\":%s}", argv[optind],
		     argc - optind == 2 ? argv[optind + 1] : "{}") < 0)
		return 1;
	c.fd = connect_to(server);
	if (c.fd < 0 || (e = greet(&c))) {
		fprintf(stderr, PROG ": %s: %s\n", server, strerror(c.fd < 0 ? -c.fd : -e));
		goto out;
	}
	if (nomac) {
		frame = strdup(req);
		flen = strlen(req);
	} else if (dfo_auth_seal(&c.key, &c.s, DFO_AUTH_C2S, seq, req, strlen(req), &frame, &flen)) {
		goto out;
	}
	if (!frame)
		goto out;
	if (forge)
		frame[8 + 5] ^= 0x10;
	if (dfo_proto_send(c.fd, frame, flen))
		goto out;
	/* a refused request's reply carries 0 when there was no MAC to take a number from */
	e = reply(&c, nomac ? 0 : seq);
	if (e < 0)
		goto out;
	if (replay && e == 0) {
		if (dfo_proto_send(c.fd, frame, flen))
			goto out;
		e = reply(&c, seq);
		if (e < 0)
			goto out;
	}
	/* after a refusal the agent closes: show that too */
	if (e == 0 && (forge || nomac || replay))
		e = reply(&c, seq) < 0 ? -1 : 0;
	rc = e < 0 ? 1 : 0;
out:
	free(frame);
	free(req);
	if (c.fd >= 0)
		close(c.fd);
	dfo_auth_key_wipe(&c.key);
	return rc;
}
