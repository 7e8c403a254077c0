// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Connection to dhcpfod and the request/reply exchange of
 * docs/api-protocol.md, plus the thread's last message.
 */
#include <errno.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include "internal.h"
#include "proto.h"

static __thread char last_msg[1024];

const char *dhcpfo_strerror_last(void)
{
	return last_msg;
}

uint32_t dfoc_vfail(uint32_t status, const char *fmt, va_list ap)
{
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	return status;
}

uint32_t dfoc_fail(uint32_t status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dfoc_vfail(status, fmt, ap);
	va_end(ap);
	return status;
}

void dfoc_ok(void)
{
	last_msg[0] = '\0';
}

void dhcpfo_free(void *obj)
{
	free(obj);
}

/* ---- which server ------------------------------------------------------ */

bool dfoc_addr_is_ours(int family, const void *addr)
{
	struct ifaddrs *ifa, *i;
	bool found = false;

	if (getifaddrs(&ifa))
		return false;
	for (i = ifa; i && !found; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != family)
			continue;
		if (family == AF_INET)
			found = !memcmp(&((struct sockaddr_in *)i->ifa_addr)->sin_addr, addr, 4);
		else
			found = !memcmp(&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, addr, 16);
	}
	freeifaddrs(ifa);
	return found;
}

static bool name_is_ours(const char *server)
{
	char host[256];
	size_t n;

	if (gethostname(host, sizeof(host)))
		return false;
	host[sizeof(host) - 1] = '\0';
	if (!strcasecmp(server, host))
		return true;
	/* "dhcp-a" names this host when its name is "dhcp-a.example.net", and back */
	n = strcspn(host, ".");
	if (strlen(server) == n && !strncasecmp(server, host, n))
		return true;
	n = strcspn(server, ".");
	return strlen(host) == n && !strncasecmp(server, host, n);
}

/* Whether @server designates this host (and so the local agent). */
static bool server_is_local(const char *server)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (!server || !*server || !strcasecmp(server, "localhost"))
		return true;
	if (inet_pton(AF_INET, server, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127 || dfoc_addr_is_ours(AF_INET, &a4);
	if (inet_pton(AF_INET6, server, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6) || dfoc_addr_is_ours(AF_INET6, &a6);
	return name_is_ours(server);
}

static bool instance_name_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (!n || n > 64 || s[0] == '.')
		return false;
	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.'))
			return false;
	}
	return true;
}

#define OPT(opts, field, def)							\
	((opts) && (opts)->sz >= offsetof(struct dhcpfo_client_opts, field) +	\
	 sizeof((opts)->field) ? (opts)->field : (def))

static uint32_t socket_path(const struct dhcpfo_client_opts *opts, char *out, size_t size)
{
	const char *path = OPT(opts, socket_path, NULL);
	const char *inst = OPT(opts, instance, NULL);
	int n;

	if (path && *path) {
		n = snprintf(out, size, "%s", path);
	} else if (inst && *inst) {
		if (!instance_name_ok(inst))
			return dfoc_inval("bad instance name '%s' (letters, digits, '-', '_', '.')",
					  inst);
		n = snprintf(out, size, DHCPFO_DEFAULT_SOCKET_DIR "/%s.sock", inst);
	} else if ((path = getenv(DHCPFO_ENV_SOCKET)) && *path) {
		n = snprintf(out, size, "%s", path);
	} else {
		n = snprintf(out, size, DHCPFO_DEFAULT_SOCKET_DIR "/" DHCPFO_DEFAULT_INSTANCE ".sock");
	}
	if (n < 0 || (size_t)n >= size)
		return dfoc_inval("socket path too long (at most %zu bytes)", size - 1);
	return 0;
}

/* ---- connection ---------------------------------------------------------- */

static void disconnect(struct dhcpfo_client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static uint32_t connect_agent(struct dhcpfo_client *c)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, err;

	if (c->remote)
		return dfoc_remote_connect(c);

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return dfoc_fail(DHCPFO_ERROR_INTERNAL_ERROR, "socket: %s", strerror(errno));
	if (c->timeout_ms > 0) {
		/* bounds connect (full backlog) and sends to an agent that stopped reading */
		struct timeval tv = {
			.tv_sec = c->timeout_ms / 1000,
			.tv_usec = (c->timeout_ms % 1000) * 1000,
		};

		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	}
	memcpy(sun.sun_path, c->path, strlen(c->path) + 1);
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0) {
		c->fd = fd;
		return 0;
	}
	err = errno;
	close(fd);
	switch (err) {
	case ENOENT:
	case ECONNREFUSED:
	case ENOTDIR:
		return dfoc_fail(DHCPFO_ERROR_DHCP_SERVER_NOT_RUNNING,
				 "dhcpfod is not running: nothing listens on %s (%s)",
				 c->path, strerror(err));
	case EACCES:
	case EPERM:
		return dfoc_fail(DHCPFO_ERROR_ACCESS_DENIED,
				 "no permission to connect to %s (%s): dhcpfod admits root and its admin group",
				 c->path, strerror(err));
	case EAGAIN:
	case ETIMEDOUT:
	case EINPROGRESS:
		return dfoc_fail(DHCPFO_ERROR_DHCP_SERVER_NOT_REACHABLE,
				 "dhcpfod at %s did not accept the connection in time", c->path);
	default:
		return dfoc_fail(DHCPFO_ERROR_DHCP_SERVER_NOT_REACHABLE,
				 "cannot connect to %s: %s", c->path, strerror(err));
	}
}

static void settings_free(struct dfoc_settings *s)
{
	free(s->socket_path);
	free(s->instance);
	free(s->key_file);
	free(s->partner_server);
	free(s->partner_key_file);
	memset(s, 0, sizeof(*s));
}

static bool dup_opt(const char *v, char **out)
{
	*out = v ? strdup(v) : NULL;
	return !v || *out;
}

/* Keep the options: the partner of a relationship is opened with them. */
static uint32_t settings_keep(struct dhcpfo_client *c, const struct dhcpfo_client_opts *opts)
{
	struct dfoc_settings *s = &c->set;

	s->timeout_ms = OPT(opts, timeout_ms, 0);
	if (dup_opt(OPT(opts, socket_path, NULL), &s->socket_path) &&
	    dup_opt(OPT(opts, instance, NULL), &s->instance) &&
	    dup_opt(OPT(opts, key_file, NULL), &s->key_file) &&
	    dup_opt(OPT(opts, partner_server, NULL), &s->partner_server) &&
	    dup_opt(OPT(opts, partner_key_file, NULL), &s->partner_key_file))
		return 0;
	return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
}

/*
 * Local (unix socket) or remote (TCP): a port always means TCP, so that a
 * local agent's TCP listener can be used too; otherwise this host's names
 * and addresses mean the unix socket.
 */
static uint32_t route(struct dhcpfo_client *c, const char *server)
{
	bool explicit_port = false, local = true;
	uint32_t st;

	if (!server || !*server)
		return 0;
	st = dfoc_server_split(c, server, &explicit_port);
	if (st)
		return st;
	if (!explicit_port && server_is_local(c->host))
		return 0;
	st = dfoc_remote_resolve(c, &local);
	if (st)
		return st;
	c->remote = explicit_port || !local;
	return 0;
}

static void client_free(struct dhcpfo_client *c)
{
	disconnect(c);
	dfoc_remote_free(c);
	settings_free(&c->set);
	free(c);
}

uint32_t dhcpfo_client__open(const char *server, const struct dhcpfo_client_opts *opts,
			     struct dhcpfo_client **client)
{
	struct dhcpfo_client *c;
	uint32_t st;
	int tmo;

	if (!client)
		return dfoc_inval("client is NULL");
	*client = NULL;
	if (opts && opts->sz < sizeof(size_t))
		return dfoc_inval("opts->sz is not set (use sizeof(struct dhcpfo_client_opts))");
	c = calloc(1, sizeof(*c));
	if (!c)
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
	c->fd = -1;
	c->next_id = 1;
	tmo = OPT(opts, timeout_ms, 0);
	c->timeout_ms = tmo == 0 ? DHCPFO_DEFAULT_TIMEOUT_MS : tmo;
	st = settings_keep(c, opts);
	if (!st)
		st = route(c, server);
	if (!st && c->remote) {
		snprintf(c->where, sizeof(c->where), strchr(c->host, ':') ? "[%s]:%s" : "%s:%s",
			 c->host, c->port);
		st = dfoc_remote_key(c, OPT(opts, key_file, NULL));
	} else if (!st) {
		st = socket_path(opts, c->path, sizeof(c->path));
		snprintf(c->where, sizeof(c->where), "%s", c->path);
	}
	if (!st)
		st = connect_agent(c);
	if (st) {
		client_free(c);
		return st;
	}
	*client = c;
	dfoc_ok();
	return 0;
}

void dhcpfo_client__close(struct dhcpfo_client *c)
{
	if (c)
		client_free(c);
}

const char *dhcpfo_client__socket_path(const struct dhcpfo_client *c)
{
	return c && !c->remote ? c->path : NULL;
}

const char *dhcpfo_client__server(const struct dhcpfo_client *c)
{
	return c ? c->where : NULL;
}

bool dhcpfo_client__is_remote(const struct dhcpfo_client *c)
{
	return c && c->remote;
}

/* ---- exchange ------------------------------------------------------------ */

static uint32_t transport_error(struct dhcpfo_client *c, const char *op, int err)
{
	disconnect(c);
	switch (err) {
	case -ETIMEDOUT:
	case -EAGAIN:
		return dfoc_fail(DHCPFO_ERROR_DHCP_SERVER_NOT_REACHABLE,
				 "%s: no reply from dhcpfod at %s within %d ms", op, c->where,
				 c->timeout_ms);
	case -ENOMEM:
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "%s: out of memory", op);
	case -EMSGSIZE:
		return dfoc_fail(DHCPFO_ERROR_INVALID_DATA,
				 "%s: message over the protocol's %u bytes", op, DFO_PROTO_MAX_MSG);
	case -EBADMSG:
		return dfoc_fail(DHCPFO_ERROR_ACCESS_DENIED,
				 "%s: the reply from %s fails authentication: its MAC does not "
				 "verify under our key (the two key files differ?)", op, c->where);
	case -ERANGE:
		return dfoc_fail(DHCPFO_ERROR_ACCESS_DENIED,
				 "%s: the reply from %s is authentic but answers another request "
				 "(replayed or reordered)", op, c->where);
	default:
		return dfoc_fail(DHCPFO_ERROR_DHCP_SERVER_NOT_REACHABLE,
				 "%s: connection to dhcpfod at %s lost (%s)", op, c->where,
				 strerror(-err));
	}
}

static uint32_t send_request(struct dhcpfo_client *c, const char *op, json_object *args,
			     uint64_t id)
{
	json_object *req = json_object_new_object();
	const char *txt;
	size_t len;
	int err;

	if (!req || !dfoc_add_u64(req, "v", DFO_PROTO_VERSION) || !dfoc_add_u64(req, "id", id) ||
	    !dfoc_add_str(req, "op", op) || !dfoc_add(req, "args", args)) {
		json_object_put(req);
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "%s: out of memory", op);
	}
	txt = json_object_to_json_string_length(req, JSON_C_TO_STRING_PLAIN, &len);
	if (!txt) {
		json_object_put(req);
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "%s: out of memory", op);
	}
	if (len > DFO_PROTO_MAX_MSG) {
		json_object_put(req);
		return dfoc_inval("%s: request of %zu bytes exceeds the protocol's %u", op, len,
				  DFO_PROTO_MAX_MSG);
	}
	err = c->remote ? dfoc_remote_send(c, txt, len) : dfo_proto_send(c->fd, txt, len);
	json_object_put(req);
	return err ? transport_error(c, op, err) : 0;
}

static uint32_t parse_reply(struct dhcpfo_client *c, const char *op, const char *txt, size_t len,
			    uint64_t id, json_object **reply)
{
	struct json_tokener *tok = json_tokener_new();
	json_object *r;
	uint64_t v, rid;

	if (!tok)
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "%s: out of memory", op);
	r = json_tokener_parse_ex(tok, txt, (int)len);
	if (!r || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != len || !json_object_is_type(r, json_type_object)) {
		json_tokener_free(tok);
		json_object_put(r);
		disconnect(c);
		return dfoc_fail(DHCPFO_ERROR_INVALID_DATA, "%s: dhcpfod sent a reply that is not a JSON object", op);
	}
	json_tokener_free(tok);
	if (dfoc_get_u64(r, "v", &v) || v != DFO_PROTO_VERSION) {
		json_object_put(r);
		disconnect(c);
		return dfoc_fail(DHCPFO_ERROR_INVALID_DATA,
				 "%s: dhcpfod speaks another protocol version (want %d)", op,
				 DFO_PROTO_VERSION);
	}
	if (dfoc_get_u64(r, "id", &rid) || rid != id) {
		json_object_put(r);
		disconnect(c);
		return dfoc_bad_reply(op, "id");
	}
	*reply = r;
	return 0;
}

uint32_t dfoc_call(struct dhcpfo_client *c, const char *op, json_object *args,
		   json_object **reply, json_object **result)
{
	json_object *r = NULL, *res;
	const char *msg = NULL;
	uint64_t status, id;
	char *txt;
	size_t len;
	uint32_t st;
	int err;

	*reply = NULL;
	*result = NULL;
	if (!args)
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "%s: out of memory", op);
	if (c->fd < 0) {
		st = connect_agent(c);
		if (st) {
			json_object_put(args);
			return st;
		}
	}
	id = c->next_id++;
	st = send_request(c, op, args, id);
	if (st)
		return st;
	err = c->remote ? dfoc_remote_recv(c, &txt, &len) :
			  dfo_proto_recv(c->fd, &txt, &len, c->timeout_ms);
	if (err)
		return transport_error(c, op, err);
	st = parse_reply(c, op, txt, len, id, &r);
	free(txt);
	if (st)
		return st;
	if (dfoc_get_u64(r, "status", &status) || status > UINT32_MAX) {
		json_object_put(r);
		return dfoc_bad_reply(op, "status");
	}
	if (status == 0 || status == DHCPFO_ERROR_MORE_DATA) {
		if (json_object_object_get_ex(r, "result", &res) && json_object_is_type(res, json_type_object))
			*result = res;
		*reply = r;
		dfoc_ok();
		return (uint32_t)status;
	}
	/* A remote agent closes the connection after refusing a request. */
	if (c->remote && status == DHCPFO_ERROR_ACCESS_DENIED)
		disconnect(c);
	dfoc_get_str_opt(r, "message", &msg);
	if (msg && *msg)
		dfoc_fail((uint32_t)status, "%s", msg);
	else
		dfoc_fail((uint32_t)status, "%s: %s", op, dhcpfo_status_text((uint32_t)status));
	json_object_put(r);
	return (uint32_t)status;
}

uint32_t dfoc_call_noresult(struct dhcpfo_client *c, const char *op, json_object *args)
{
	json_object *reply, *result;
	uint32_t st;

	st = dfoc_call(c, op, args, &reply, &result);
	json_object_put(reply);
	return st;
}
