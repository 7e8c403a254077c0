// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The API server: framed JSON over unix stream connections, SO_PEERCRED
 * access control, dispatch to ops.c and the replies.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "agent.h"
#include "dhcpfo_status.h"
#include "log.h"
#include "ops.h"
#include "auth.h"
#include "remote.h"
#include "server.h"

#define OUT_HIGH	(16u << 20)	/* stop reading a peer that does not read its replies */
#define MAX_GROUPS	1024

void dfod_agent_classify(const struct dfod_config *cfg, struct dfod_cred *cred,
			 const gid_t *groups, int n_groups)
{
	bool admin = cred->uid == 0 || cred->gid == cfg->admin_gid;
	bool reader = cred->gid == cfg->read_gid;
	int i;

	for (i = 0; i < n_groups; i++) {
		admin |= groups[i] == cfg->admin_gid;
		reader |= groups[i] == cfg->read_gid;
	}
	cred->can_write = admin;
	cred->can_read = admin || reader;
}

static char *build_reply(bool have_id, uint64_t id, const struct dfod_res *res, size_t *len)
{
	json_object *o = json_object_new_object();
	const char *name, *txt;
	char *out = NULL;
	size_t tl;
	int err = 0;

	if (!o)
		return NULL;
	err |= dfod_jadd_u64(o, "v", DFO_PROTO_VERSION);
	if (have_id)
		err |= dfod_jadd_u64(o, "id", id);
	err |= dfod_jadd_u64(o, "status", res->status);
	if (res->status) {
		name = dhcpfo_status_name(res->status);
		err |= dfod_jadd_str(o, "error", name ? name : "UNKNOWN");
		err |= dfod_jadd_str(o, "message", res->msg[0] ? res->msg :
				     dhcpfo_status_text(res->status));
	}
	if (res->result)
		err |= dfod_jadd(o, "result", json_object_get(res->result));
	txt = err ? NULL : json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
							  JSON_C_TO_STRING_NOSLASHESCAPE);
	if (txt && res->raw) {
		/* A pre-serialised result goes in as the last member. */
		tl = strlen(txt);
		out = malloc(tl + strlen(res->raw) + 16);
		if (out) {
			memcpy(out, txt, tl - 1);
			*len = tl - 1 + sprintf(out + tl - 1, ",\"result\":%s}", res->raw);
		}
	} else if (txt) {
		out = strdup(txt);
		if (out)
			*len = strlen(out);
	}
	json_object_put(o);
	return out;
}

static void res_fail(struct dfod_res *res, unsigned int status, const char *msg)
{
	dfod_res_free(res);
	res->status = status;
	snprintf(res->msg, sizeof(res->msg), "%s", msg);
}

int dfod_agent_handle(struct dfod_agent *a, const struct dfod_cred *cred, const char *msg,
		      size_t len, char **reply, size_t *rlen)
{
	struct dfod_res res = { 0 };
	const struct dfod_op *op;
	json_object *req, *args = NULL, *idv = NULL;
	enum json_tokener_error je;
	const char *opname;
	uint64_t id = 0;
	uint32_t v;
	bool have_id = false;
	char err[160];
	int e;

	a->requests++;
	json_tokener_reset(a->tok);
	req = json_tokener_parse_ex(a->tok, msg, len);
	je = json_tokener_get_error(a->tok);
	if (!req || je != json_tokener_success || json_tokener_get_parse_end(a->tok) != len) {
		snprintf(err, sizeof(err), "invalid JSON: %s", req ? "data after the object" :
			 je == json_tokener_continue ? "truncated" : json_tokener_error_desc(je));
		json_object_put(req);
		req = NULL;
		res_fail(&res, DHCPFO_ERROR_INVALID_PARAMETER, err);
		goto reply;
	}
	if (!json_object_is_type(req, json_type_object)) {
		res_fail(&res, DHCPFO_ERROR_INVALID_PARAMETER, "the request must be a JSON object");
		goto reply;
	}
	if (json_object_object_get_ex(req, "id", &idv) && idv) {
		if (dfod_json_val_u64(idv, &id)) {
			res_fail(&res, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'id' must be an unsigned integer");
			goto reply;
		}
		have_id = true;
	}
	e = dfod_json_u32(req, "v", &v);
	if (e == -EINVAL || (!e && v != DFO_PROTO_VERSION)) {
		snprintf(err, sizeof(err), "protocol version 'v' must be %d", DFO_PROTO_VERSION);
		res_fail(&res, DHCPFO_ERROR_INVALID_PARAMETER, err);
		goto reply;
	}
	if (dfod_json_str(req, "op", &opname)) {
		res_fail(&res, DHCPFO_ERROR_INVALID_PARAMETER, "'op' is missing or not a string");
		goto reply;
	}
	json_object_object_get_ex(req, "args", &args);
	if (args && !json_object_is_type(args, json_type_object)) {
		res_fail(&res, DHCPFO_ERROR_INVALID_PARAMETER, "'args' must be a JSON object");
		goto reply;
	}
	op = dfod_op_find(opname);
	if (!op) {
		snprintf(err, sizeof(err), "unknown operation '%.100s'", opname);
		res_fail(&res, DHCPFO_ERROR_NOT_SUPPORTED, err);
		goto reply;
	}
	if (op->access == DFOD_ACCESS_WRITE ? !cred->can_write : !cred->can_read) {
		snprintf(err, sizeof(err), "uid %u may not use %s operations like %s",
			 (unsigned int)cred->uid,
			 op->access == DFOD_ACCESS_WRITE ? "write" : "read", op->name);
		res_fail(&res, DHCPFO_ERROR_ACCESS_DENIED, err);
		goto reply;
	}
	op->fn(a, args, &res);
	if (op->access == DFOD_ACCESS_WRITE || res.status)
		dfo_dbg("uid %u pid %d: %s -> %u %s", (unsigned int)cred->uid, (int)cred->pid,
			op->name, res.status, res.msg);
reply:
	*reply = build_reply(have_id, id, &res, rlen);
	/* the TCP transport adds its sequence number and MAC to the message */
	if (*reply && *rlen > DFO_PROTO_MAX_MSG - DFO_AUTH_HDR_LEN) {
		free(*reply);
		res_fail(&res, DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "the reply would exceed the 4 MiB "
			 "message limit; page it with preferred_max");
		*reply = build_reply(have_id, id, &res, rlen);
	}
	dfod_res_free(&res);
	json_object_put(req);
	return *reply ? 0 : -ENOMEM;
}

static void conn_events(struct dfod_agent *a, struct dfod_conn *c)
{
	struct epoll_event ev = { .data.ptr = c };

	if (c->reading && !c->eof && !c->closing)
		ev.events |= EPOLLIN;
	if (c->writing)
		ev.events |= EPOLLOUT;
	epoll_ctl(a->epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

static void conn_kill(struct dfod_agent *a, struct dfod_conn *c)
{
	if (c->fd < 0)
		return;
	epoll_ctl(a->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
}

int dfod_agent_add_conn(struct dfod_agent *a, int fd, const struct dfod_cred *cred)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct dfod_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->ev.type = DFOD_EV_CONN;
	c->fd = fd;
	c->cred = *cred;
	c->reading = true;
	ev.data.ptr = c;
	if (epoll_ctl(a->epfd, EPOLL_CTL_ADD, fd, &ev)) {
		int err = -errno;

		free(c);
		return err;
	}
	c->next = a->conns;
	if (a->conns)
		a->conns->prev = c;
	a->conns = c;
	a->n_conns++;
	return 0;
}

static void conn_free(struct dfod_agent *a, struct dfod_conn *c)
{
	conn_kill(a, c);
	if (c->prev)
		c->prev->next = c->next;
	else
		a->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	a->n_conns--;
	if (c->rem)
		dfod_remote_conn_free(a, c);
	if (a->listen_paused) {
		struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &a->lev };

		/* A descriptor is free again: accept the ones waiting. */
		if (!epoll_ctl(a->epfd, EPOLL_CTL_MOD, a->lfd, &ev))
			a->listen_paused = false;
	}
	dfo_proto_rx_reset(&c->rx);
	free(c->out);
	free(c);
}

static int conn_queue(struct dfod_conn *c, const char *msg, size_t len)
{
	size_t need = c->out_len + 4 + len;
	uint32_t be = htonl((uint32_t)len);
	char *p;

	if (need > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap : 4096;

		while (cap < need)
			cap *= 2;
		p = realloc(c->out, cap);
		if (!p)
			return -ENOMEM;
		c->out = p;
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, &be, 4);
	memcpy(c->out + c->out_len + 4, msg, len);
	c->out_len += 4 + len;
	return 0;
}

static void conn_pending(struct dfod_agent *a, struct dfod_conn *c)
{
	if (c->pending)
		return;
	c->pending = true;
	c->next_pending = a->pending;
	a->pending = c;
}

static void conn_message(struct dfod_agent *a, struct dfod_conn *c, const char *msg, size_t len)
{
	char *reply;
	size_t rlen;

	if (c->rem) {
		/* TCP: authenticated frames (remote.c) */
		dfod_remote_message(a, c, msg, len);
		return;
	}
	if (dfod_agent_handle(a, &c->cred, msg, len, &reply, &rlen)) {
		dfo_err("out of memory building a reply; closing the connection");
		conn_kill(a, c);
		return;
	}
	if (conn_queue(c, reply, rlen)) {
		dfo_err("out of memory queueing a reply; closing the connection");
		conn_kill(a, c);
	}
	free(reply);
	conn_pending(a, c);
}

static void conn_too_large(struct dfod_agent *a, struct dfod_conn *c)
{
	struct dfod_res res = { .status = DHCPFO_ERROR_INVALID_PARAMETER };
	char *reply;
	size_t rlen;

	/* The stream cannot be trusted past a bad length: reply, then close. */
	snprintf(res.msg, sizeof(res.msg), "message too large (the limit is %u bytes)",
		 DFO_PROTO_MAX_MSG);
	reply = build_reply(false, 0, &res, &rlen);
	if (!reply || conn_queue(c, reply, rlen)) {
		free(reply);
		conn_kill(a, c);
		return;
	}
	free(reply);
	c->closing = true;
	conn_events(a, c);
	conn_pending(a, c);
}

void dfod_server_conn_event(struct dfod_agent *a, struct dfod_conn *c, uint32_t events)
{
	static uint8_t buf[65536];
	size_t off = 0, used;
	ssize_t n;
	int r;

	if (c->fd < 0)
		return;
	if (events & EPOLLOUT)
		dfod_server_flush(a, c);
	if (c->fd < 0 || !(events & (EPOLLIN | EPOLLHUP | EPOLLERR)) || !c->reading ||
	    c->eof || c->closing)
		return;
	n = recv(c->fd, buf, sizeof(buf), 0);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			conn_kill(a, c);
		return;
	}
	if (!n) {
		/* Half-close: answer what was asked, then close. */
		c->eof = true;
		conn_events(a, c);
		if (c->out_off == c->out_len)
			conn_kill(a, c);
		return;
	}
	while (off < (size_t)n && c->fd >= 0 && !c->closing) {
		r = dfo_proto_rx_feed(&c->rx, buf + off, n - off, &used);
		off += used;
		if (r == 1) {
			size_t len;
			char *msg = dfo_proto_rx_take(&c->rx, &len);

			conn_message(a, c, msg, len);
			free(msg);
		} else if (r == -EMSGSIZE) {
			conn_too_large(a, c);
		} else if (r < 0) {
			conn_kill(a, c);
		}
	}
	if (c->fd >= 0 && c->out_len - c->out_off > OUT_HIGH) {
		c->reading = false;
		conn_events(a, c);
	}
}

void dfod_server_flush(struct dfod_agent *a, struct dfod_conn *c)
{
	ssize_t n;

	while (c->fd >= 0 && c->out_off < c->out_len) {
		n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
			 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			if (!c->writing) {
				c->writing = true;
				conn_events(a, c);
			}
			return;
		}
		if (n < 0) {
			conn_kill(a, c);
			return;
		}
		c->out_off += n;
	}
	if (c->fd < 0)
		return;
	c->out_off = c->out_len = 0;
	if (c->closing || c->eof) {
		conn_kill(a, c);
		return;
	}
	if (c->writing || !c->reading) {
		c->writing = false;
		c->reading = true;
		conn_events(a, c);
	}
}

/* After the journal is durable: send every reply of the round. */
void dfod_server_flush_pending(struct dfod_agent *a, bool drop)
{
	struct dfod_conn *c, *next;

	for (c = a->pending; c; c = next) {
		next = c->next_pending;
		c->pending = false;
		c->next_pending = NULL;
		if (drop)
			conn_kill(a, c);	/* never acknowledge what is not durable */
		else
			dfod_server_flush(a, c);
	}
	a->pending = NULL;
	for (c = a->conns; c; c = next) {
		next = c->next;
		if (c->fd < 0)
			conn_free(a, c);
	}
}

void dfod_server_accept(struct dfod_agent *a)
{
	struct dfod_cred cred;
	struct ucred uc;
	socklen_t sl;
	gid_t groups[MAX_GROUPS];
	int fd, ng;

	for (;;) {
		fd = accept4(a->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EMFILE || errno == ENFILE) {
				struct epoll_event ev = { .events = 0, .data.ptr = &a->lev };

				/* Level-triggered: stop listening until a connection closes. */
				dfo_warn("accepting on %s: %s; waiting for a connection to close",
					 a->cfg->socket_path, strerror(errno));
				if (!a->n_conns) {
					/* Nothing of ours will free one: go on polling. */
					return;
				}
				epoll_ctl(a->epfd, EPOLL_CTL_MOD, a->lfd, &ev);
				a->listen_paused = true;
				return;
			}
			if (errno != EAGAIN)
				dfo_warn("accepting on %s: %s", a->cfg->socket_path, strerror(errno));
			return;
		}
		sl = sizeof(uc);
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &sl)) {
			dfo_warn("SO_PEERCRED: %s; closing the connection", strerror(errno));
			close(fd);
			continue;
		}
		sl = sizeof(groups);
		ng = getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &sl) ? 0 :
		     (int)(sl / sizeof(gid_t));
		memset(&cred, 0, sizeof(cred));
		cred.uid = uc.uid;
		cred.gid = uc.gid;
		cred.pid = uc.pid;
		dfod_agent_classify(a->cfg, &cred, groups, ng);
		if (a->n_conns >= a->max_conns) {
			dfo_warn("%u connections open; refusing pid %d", a->n_conns, (int)uc.pid);
			close(fd);
			continue;
		}
		if (dfod_agent_add_conn(a, fd, &cred)) {
			close(fd);
			continue;
		}
	}
}

int dfod_server_queue(struct dfod_agent *a, struct dfod_conn *c, const char *msg, size_t len)
{
	int err = conn_queue(c, msg, len);

	if (!err)
		conn_pending(a, c);
	return err;
}

void dfod_server_close_after(struct dfod_agent *a, struct dfod_conn *c)
{
	c->closing = true;
	conn_events(a, c);
	conn_pending(a, c);
}

void dfod_server_kill(struct dfod_agent *a, struct dfod_conn *c)
{
	conn_kill(a, c);
}

void dfod_server_close_all(struct dfod_agent *a)
{
	while (a->conns)
		conn_free(a, a->conns);
	a->pending = NULL;
}
