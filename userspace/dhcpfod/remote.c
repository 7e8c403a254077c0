// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The authenticated TCP management listener (remote.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>

#include "auth.h"
#include "dhcpfo_status.h"
#include "log.h"
#include "remote.h"
#include "server.h"

struct dfod_remote {
	struct dfod_ev ev;		/* first: epoll data points here */
	int fd;
	struct dfo_auth_key key;
	char where[64];			/* the listening address, for the log */
	unsigned int n_conns;
};

struct dfod_remote_conn {
	char peer[64];			/* "address:port", for the log */
	uint64_t opened_ms;
	bool ready;			/* the client's hello arrived */
	uint64_t rx_seq;		/* last request accepted (the next must be +1) */
	struct dfo_auth_session sess;
};

int dfod_remote_parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	char host[INET6_ADDRSTRLEN + 1];
	const char *port = NULL, *end;
	unsigned long p = DFO_API_PORT;
	size_t n;
	char *e;

	memset(ss, 0, sizeof(*ss));
	if (*s == '[') {
		end = strchr(s, ']');
		if (!end || (end[1] && end[1] != ':'))
			return -EINVAL;
		n = end - s - 1;
		if (end[1] == ':')
			port = end + 2;
		s++;
	} else {
		end = strrchr(s, ':');
		/* one colon: ADDR:PORT; more: a bare IPv6 address */
		if (end && end == strchr(s, ':')) {
			n = end - s;
			port = end + 1;
		} else {
			n = strlen(s);
		}
	}
	if (!n || n >= sizeof(host))
		return -EINVAL;
	memcpy(host, s, n);
	host[n] = '\0';
	if (port) {
		if (*port < '0' || *port > '9')
			return -EINVAL;
		errno = 0;
		p = strtoul(port, &e, 10);
		if (errno || *e || !p || p > 65535)
			return -EINVAL;
	}
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)p);
		*len = sizeof(*s4);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)p);
		*len = sizeof(*s6);
		return 0;
	}
	return -EINVAL;
}

static void sockaddr_str(const struct sockaddr_storage *ss, char *out, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		snprintf(out, size, "[%s]:%u", a, ntohs(s6->sin6_port));
	} else {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;

		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		snprintf(out, size, "%s:%u", a, ntohs(s4->sin_port));
	}
}

static int listen_tcp(struct dfod_remote *r, const char *spec)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, one = 1, err;

	if (dfod_remote_parse_listen(spec, &ss, &sl)) {
		dfo_err("--api-listen '%s' is not ADDRESS:PORT", spec);
		return -EINVAL;
	}
	sockaddr_str(&ss, r->where, sizeof(r->where));
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) || listen(fd, 64)) {
		err = -errno;
		dfo_err("--api-listen %s: %s", r->where, strerror(-err));
		close(fd);
		return err;
	}
	r->fd = fd;
	return 0;
}

int dfod_remote_open(struct dfod_agent *a)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct dfod_remote *r;
	char err[512];
	int e;

	if (!a->cfg->api_listen)
		return 0;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->fd = -1;
	r->ev.type = DFOD_EV_TCP_LISTEN;
	a->remote = r;
	e = dfo_auth_key_load(a->cfg->api_key_file, geteuid(), &r->key, err, sizeof(err));
	if (e) {
		dfo_err("refusing to start the remote API: %s", err);
		return e;
	}
	e = listen_tcp(r, a->cfg->api_listen);
	if (e)
		return e;
	ev.data.ptr = &r->ev;
	if (epoll_ctl(a->epfd, EPOLL_CTL_ADD, r->fd, &ev))
		return -errno;
	dfo_info("remote API on %s (HMAC-SHA256, key %s)", r->where, a->cfg->api_key_file);
	return 0;
}

void dfod_remote_close(struct dfod_agent *a)
{
	struct dfod_remote *r = a->remote;

	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	dfo_auth_key_wipe(&r->key);
	free(r);
	a->remote = NULL;
}

/* The connection's first frame: the server's hello with our nonce. */
static int say_hello(struct dfod_agent *a, struct dfod_conn *c)
{
	char *hello;
	size_t len;
	int e;

	e = dfo_auth_nonce(c->rem->sess.server_nonce);
	if (e)
		return e;
	hello = dfo_auth_hello_build(c->rem->sess.server_nonce, true, &len);
	if (!hello)
		return -ENOMEM;
	e = dfod_server_queue(a, c, hello, len);
	free(hello);
	return e;
}

static void accept_one(struct dfod_agent *a, int fd, const struct sockaddr_storage *ss)
{
	struct dfod_remote *r = a->remote;
	struct dfod_cred cred = { .uid = (uid_t)-1, .gid = (gid_t)-1 };
	struct dfod_remote_conn *rc;
	char peer[64];
	int one = 1;

	sockaddr_str(ss, peer, sizeof(peer));
	if (r->n_conns >= DFOD_REMOTE_MAX_CONNS || a->n_conns >= a->max_conns) {
		dfo_warn("remote API: %s: %u connections open; refused", peer, r->n_conns);
		close(fd);
		return;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	rc = calloc(1, sizeof(*rc));
	/* Every frame is checked before it reaches an op: the key is the access. */
	cred.can_read = cred.can_write = true;
	if (!rc || dfod_agent_add_conn(a, fd, &cred)) {
		free(rc);
		close(fd);
		return;
	}
	/* dfod_agent_add_conn puts the new connection first */
	a->conns->rem = rc;
	r->n_conns++;
	snprintf(rc->peer, sizeof(rc->peer), "%s", peer);
	rc->opened_ms = dfod_now_ms();
	if (say_hello(a, a->conns)) {
		dfo_err("remote API: %s: cannot greet (out of memory or no randomness)", peer);
		dfod_server_kill(a, a->conns);
		return;
	}
	dfo_dbg("remote API: %s connected", peer);
}

void dfod_remote_accept(struct dfod_agent *a)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd;

	for (;;) {
		sl = sizeof(ss);
		fd = accept4(a->remote->fd, (struct sockaddr *)&ss, &sl,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN)
				dfo_warn("remote API: accept: %s", strerror(errno));
			return;
		}
		accept_one(a, fd, &ss);
	}
}

/* Seal and queue @json as the reply to request @seq. */
static int send_sealed(struct dfod_agent *a, struct dfod_conn *c, uint64_t seq, const char *json,
		       size_t len)
{
	char *frame;
	size_t flen;
	int e;

	e = dfo_auth_seal(&a->remote->key, &c->rem->sess, DFO_AUTH_S2C, seq, json, len, &frame,
			  &flen);
	if (e)
		return e;
	e = dfod_server_queue(a, c, frame, flen);
	free(frame);
	return e;
}

/* An ERROR_ACCESS_DENIED reply, then close: the request did nothing. */
static void refuse(struct dfod_agent *a, struct dfod_conn *c, uint64_t seq, const char *why)
{
	json_object *o = json_object_new_object();
	const char *txt = NULL;

	dfo_warn("remote API: %s: request refused: %s; closing the connection", c->rem->peer,
		 why);
	if (o && !dfod_jadd_u64(o, "v", DFO_PROTO_VERSION) &&
	    !dfod_jadd_u64(o, "status", DHCPFO_ERROR_ACCESS_DENIED) &&
	    !dfod_jadd_str(o, "error", "ERROR_ACCESS_DENIED") &&
	    !dfod_jadd_str(o, "message", why))
		txt = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	if (!txt || send_sealed(a, c, seq, txt, strlen(txt)))
		dfod_server_kill(a, c);
	else
		dfod_server_close_after(a, c);
	json_object_put(o);
}

static void hello_received(struct dfod_agent *a, struct dfod_conn *c, const char *msg,
			   size_t len)
{
	static const char ready[] = DFO_AUTH_READY;

	if (dfo_auth_hello_parse(msg, len, c->rem->sess.client_nonce)) {
		dfo_warn("remote API: %s: the first frame is not a dhcpfo hello "
			 "(hmac-sha256 with a 32-byte nonce); closing the connection", c->rem->peer);
		dfod_server_kill(a, c);
		return;
	}
	/* sealed under both nonces: the client learns now whether we share its key */
	if (send_sealed(a, c, 0, ready, sizeof(ready) - 1)) {
		dfod_server_kill(a, c);
		return;
	}
	c->rem->ready = true;
}

void dfod_remote_message(struct dfod_agent *a, struct dfod_conn *c, const char *msg, size_t len)
{
	struct dfod_remote_conn *rc = c->rem;
	const char *json;
	char why[160], *reply;
	size_t jlen, rlen;
	uint64_t seq;
	int e;

	if (!rc->ready) {
		hello_received(a, c, msg, len);
		return;
	}
	e = dfo_auth_open(&a->remote->key, &rc->sess, DFO_AUTH_C2S, rc->rx_seq + 1, msg, len,
			  &json, &jlen, &seq);
	if (e == -EBADMSG && len && msg[0] == '{') {
		/* a plain JSON request carries no sequence number to answer */
		refuse(a, c, 0, "no MAC (a plain JSON request)");
		return;
	}
	if (e == -EBADMSG) {
		refuse(a, c, seq, "the MAC does not verify (another key?)");
		return;
	}
	if (e == -ERANGE) {
		snprintf(why, sizeof(why), "sequence number %llu where %llu was due (a replayed or "
			 "reordered request)", (unsigned long long)seq,
			 (unsigned long long)rc->rx_seq + 1);
		refuse(a, c, seq, why);
		return;
	}
	if (e) {
		dfo_err("remote API: %s: computing a MAC: %s", rc->peer, strerror(-e));
		dfod_server_kill(a, c);
		return;
	}
	rc->rx_seq = seq;
	if (dfod_agent_handle(a, &c->cred, json, jlen, &reply, &rlen)) {
		dfo_err("remote API: %s: out of memory building a reply", rc->peer);
		dfod_server_kill(a, c);
		return;
	}
	if (send_sealed(a, c, seq, reply, rlen)) {
		dfo_err("remote API: %s: out of memory sealing a reply", rc->peer);
		dfod_server_kill(a, c);
	}
	free(reply);
}

void dfod_remote_tick(struct dfod_agent *a)
{
	uint64_t now = dfod_now_ms();
	struct dfod_conn *c;

	if (!a->remote)
		return;
	for (c = a->conns; c; c = c->next) {
		if (!c->rem || c->rem->ready || c->fd < 0 ||
		    now - c->rem->opened_ms < DFOD_REMOTE_HELLO_MS)
			continue;
		dfo_warn("remote API: %s: no hello within %d s; closing the connection",
			 c->rem->peer, DFOD_REMOTE_HELLO_MS / 1000);
		dfod_server_kill(a, c);
	}
}

void dfod_remote_conn_free(struct dfod_agent *a, struct dfod_conn *c)
{
	if (a->remote && a->remote->n_conns)
		a->remote->n_conns--;
	free(c->rem);
	c->rem = NULL;
}
