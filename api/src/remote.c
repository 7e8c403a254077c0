// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The client side of the TCP management transport: name resolution, the
 * key, connect with a deadline, the hello exchange, and sealing requests /
 * checking replies (auth.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "internal.h"
#include "proto.h"

/* ---- the key ----------------------------------------------------------- */

static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;
static char *process_key_file;

uint32_t dhcpfo_set_key_file(const char *path)
{
	char *copy = NULL;

	if (path && !(copy = strdup(path)))
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
	pthread_mutex_lock(&key_lock);
	free(process_key_file);
	process_key_file = copy;
	pthread_mutex_unlock(&key_lock);
	dfoc_ok();
	return 0;
}

uint32_t dfoc_remote_key(struct dhcpfo_client *c, const char *key_file)
{
	char err[512], path[4096] = "";
	const char *env = getenv(DHCPFO_ENV_KEY_FILE);
	int e;

	if (key_file && *key_file) {
		snprintf(path, sizeof(path), "%s", key_file);
	} else {
		pthread_mutex_lock(&key_lock);
		if (process_key_file)
			snprintf(path, sizeof(path), "%s", process_key_file);
		pthread_mutex_unlock(&key_lock);
	}
	if (!*path && env && *env)
		snprintf(path, sizeof(path), "%s", env);
	if (!*path && !access(DHCPFO_DEFAULT_KEY_FILE, F_OK))
		snprintf(path, sizeof(path), "%s", DHCPFO_DEFAULT_KEY_FILE);
	if (!*path)
		return dfoc_fail(DHCPFO_ERROR_ACCESS_DENIED, "%s is a remote server and there is no "
				 "key to authenticate with: give a key file (opts->key_file, "
				 "dhcpfo_set_key_file(), $%s or %s)", c->where, DHCPFO_ENV_KEY_FILE,
				 DHCPFO_DEFAULT_KEY_FILE);
	c->key = calloc(1, sizeof(*c->key));
	if (!c->key)
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
	e = dfo_auth_key_load(path, geteuid(), c->key, err, sizeof(err));
	if (e == -ENOENT)
		return dfoc_fail(DHCPFO_ERROR_FILE_NOT_FOUND, "%s", err);
	if (e)
		return dfoc_fail(DHCPFO_ERROR_ACCESS_DENIED, "%s", err);
	return 0;
}

void dfoc_remote_free(struct dhcpfo_client *c)
{
	if (c->key) {
		dfo_auth_key_wipe(c->key);
		free(c->key);
		c->key = NULL;
	}
}

/* ---- where ------------------------------------------------------------- */

uint32_t dfoc_server_split(struct dhcpfo_client *c, const char *server, bool *explicit_port)
{
	const char *host = server, *port = NULL, *end;
	size_t n;
	char *e;
	unsigned long p;

	*explicit_port = false;
	if (*server == '[') {
		end = strchr(server, ']');
		if (!end || (end[1] && end[1] != ':'))
			goto bad;
		host = server + 1;
		n = end - host;
		if (end[1] == ':')
			port = end + 2;
	} else {
		end = strchr(server, ':');
		/* one colon: HOST:PORT; more: a bare IPv6 address */
		if (end && !strchr(end + 1, ':')) {
			n = end - server;
			port = end + 1;
		} else {
			n = strlen(server);
		}
	}
	if (!n || n >= sizeof(c->host))
		goto bad;
	memcpy(c->host, host, n);
	c->host[n] = '\0';
	if (port) {
		errno = 0;
		p = *port >= '0' && *port <= '9' ? strtoul(port, &e, 10) : 0;
		if (errno || !p || p > 65535 || *e)
			goto bad;
		*explicit_port = true;
	} else {
		p = DHCPFO_API_PORT;
	}
	snprintf(c->port, sizeof(c->port), "%lu", p);
	return 0;
bad:
	return dfoc_inval("server '%s' is not HOST, HOST:PORT or [IPV6]:PORT", server);
}

static bool sockaddr_local(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct in_addr *a = &((const struct sockaddr_in *)sa)->sin_addr;

		return (ntohl(a->s_addr) >> 24) == 127 || dfoc_addr_is_ours(AF_INET, a);
	}
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;

		return IN6_IS_ADDR_LOOPBACK(a) || dfoc_addr_is_ours(AF_INET6, a);
	}
	return false;
}

static uint32_t resolve(struct dhcpfo_client *c, struct addrinfo **res)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_NUMERICSERV };
	int r = getaddrinfo(c->host, c->port, &hints, res);

	if (!r)
		return 0;
	*res = NULL;
	if (r == EAI_MEMORY)
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
	return dfoc_fail(DHCPFO_ERROR_DHCP_SERVER_NAME_NOT_RESOLVED, "server '%s' does not "
			 "resolve: %s", c->host, r == EAI_SYSTEM ? strerror(errno) : gai_strerror(r));
}

uint32_t dfoc_remote_resolve(struct dhcpfo_client *c, bool *local)
{
	struct addrinfo *res, *ai;
	uint32_t st = resolve(c, &res);

	if (st)
		return st;
	*local = true;
	for (ai = res; ai; ai = ai->ai_next)
		*local &= sockaddr_local(ai->ai_addr);
	freeaddrinfo(res);
	return 0;
}

/* ---- connect ----------------------------------------------------------- */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Connect to one address before @deadline (< 0: none); fd or -errno. */
static int connect_one(const struct addrinfo *ai, long long deadline)
{
	struct pollfd pfd;
	socklen_t sl = sizeof(int);
	int fd, err = 0, one = 1, r;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) && errno != EINPROGRESS) {
		err = -errno;
		goto fail;
	}
	pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
	for (;;) {
		long long left = deadline < 0 ? -1 : deadline - now_ms();

		if (deadline >= 0 && left <= 0) {
			err = -ETIMEDOUT;
			goto fail;
		}
		r = poll(&pfd, 1, left < 0 ? -1 : left > 1000000 ? 1000000 : (int)left);
		if (r > 0)
			break;
		if (r < 0 && errno != EINTR) {
			err = -errno;
			goto fail;
		}
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &sl))
		err = errno;
	if (err) {
		err = -err;
		goto fail;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
fail:
	close(fd);
	return err;
}

static uint32_t unreachable(struct dhcpfo_client *c, int err)
{
	return dfoc_fail(DHCPFO_ERROR_DHCP_SERVER_NOT_REACHABLE, "cannot reach dhcpfod at %s: %s",
			 c->where, err == -ETIMEDOUT ? "no answer in time" : strerror(-err));
}

/* The agent's sealed frame 0: it holds our key (or we learn it does not, now). */
static uint32_t ready(struct dhcpfo_client *c)
{
	char *json;
	size_t len;
	int err = dfoc_remote_recv(c, &json, &len);

	if (err == -EBADMSG || err == -ERANGE)
		return dfoc_fail(DHCPFO_ERROR_ACCESS_DENIED, "%s does not share our key: its "
				 "greeting fails authentication (compare the key files)", c->where);
	if (err)
		return unreachable(c, err);
	err = len != strlen(DFO_AUTH_READY) || memcmp(json, DFO_AUTH_READY, len);
	free(json);
	if (err)
		return dfoc_fail(DHCPFO_ERROR_DHCP_SERVER_NOT_REACHABLE, "%s: an authentic greeting "
				 "that is not the expected one", c->where);
	return 0;
}

/* Both hellos: ours first (it needs nothing), then the agent's with its nonce. */
static uint32_t hello(struct dhcpfo_client *c)
{
	char *msg, *reply;
	size_t len;
	int err;

	err = dfo_auth_nonce(c->sess.client_nonce);
	if (err)
		return dfoc_fail(DHCPFO_ERROR_INTERNAL_ERROR, "no randomness for a nonce: %s",
				 strerror(-err));
	msg = dfo_auth_hello_build(c->sess.client_nonce, false, &len);
	if (!msg)
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
	err = dfo_proto_send(c->fd, msg, len);
	free(msg);
	if (!err)
		err = dfo_proto_recv(c->fd, &reply, &len, c->timeout_ms);
	if (err == -EMSGSIZE)
		return dfoc_fail(DHCPFO_ERROR_DHCP_SERVER_NOT_REACHABLE, "%s does not speak the "
				 "dhcpfo API (its first message is not a hello)", c->where);
	if (err)
		return unreachable(c, err);
	err = dfo_auth_hello_parse(reply, len, c->sess.server_nonce);
	free(reply);
	if (err)
		return dfoc_fail(DHCPFO_ERROR_DHCP_SERVER_NOT_REACHABLE, "%s does not speak the "
				 "dhcpfo API (its first message is not a hmac-sha256 hello)",
				 c->where);
	c->seq = 0;
	return ready(c);
}

uint32_t dfoc_remote_connect(struct dhcpfo_client *c)
{
	long long deadline = c->timeout_ms < 0 ? -1 : now_ms() + c->timeout_ms;
	struct addrinfo *res, *ai;
	uint32_t st;
	int fd = -ENOENT;

	st = resolve(c, &res);
	if (st)
		return st;
	for (ai = res; ai; ai = ai->ai_next) {
		fd = connect_one(ai, deadline);
		if (fd >= 0)
			break;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return unreachable(c, fd);
	if (c->timeout_ms > 0) {
		struct timeval tv = {
			.tv_sec = c->timeout_ms / 1000,
			.tv_usec = (c->timeout_ms % 1000) * 1000,
		};

		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	}
	c->fd = fd;
	st = hello(c);
	if (st) {
		close(c->fd);
		c->fd = -1;
	}
	return st;
}

/* ---- exchange ---------------------------------------------------------- */

int dfoc_remote_send(struct dhcpfo_client *c, const char *json, size_t len)
{
	char *frame;
	size_t flen;
	int err;

	err = dfo_auth_seal(c->key, &c->sess, DFO_AUTH_C2S, c->seq + 1, json, len, &frame, &flen);
	if (err)
		return err;
	err = flen > DFO_PROTO_MAX_MSG ? -EMSGSIZE : dfo_proto_send(c->fd, frame, flen);
	free(frame);
	if (!err)
		c->seq++;
	return err;
}

int dfoc_remote_recv(struct dhcpfo_client *c, char **json, size_t *len)
{
	const char *body;
	char *frame, *out;
	size_t flen, blen;
	uint64_t seq;
	int err;

	err = dfo_proto_recv(c->fd, &frame, &flen, c->timeout_ms);
	if (err)
		return err;
	err = dfo_auth_open(c->key, &c->sess, DFO_AUTH_S2C, c->seq, frame, flen, &body, &blen,
			    &seq);
	if (err) {
		free(frame);
		return err;
	}
	/* the JSON moves to the front, so that the caller frees one buffer */
	out = frame;
	memmove(out, body, blen);
	out[blen] = '\0';
	*json = out;
	*len = blen;
	return 0;
}
