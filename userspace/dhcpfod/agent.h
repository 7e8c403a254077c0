/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The agent: state + store + maps + interfaces + API server around one
 * epoll loop. Single-threaded; a request runs to completion, so the state
 * needs no locks. Replies of changing requests are held until the journal
 * has been fdatasync'ed at the end of the loop round (one sync covers every
 * change of the round: group commit).
 */
#ifndef DFOD_AGENT_H
#define DFOD_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <json-c/json.h>

#include "config.h"
#include "dhcp.h"
#include "dhcpio.h"
#include "iface.h"
#include "maps.h"
#include "proto.h"
#include "state.h"
#include "store.h"

/* Who is asking (SO_PEERCRED / SO_PEERGROUPS) and what they may do. */
struct dfod_cred {
	uid_t uid;
	gid_t gid;
	pid_t pid;
	bool can_read, can_write;
};

enum dfod_ev_type {
	DFOD_EV_LISTEN = 1,
	DFOD_EV_CONN,
	DFOD_EV_SIGNAL,
	DFOD_EV_TIMER,
	DFOD_EV_NETLINK,
	DFOD_EV_DHCP,
	DFOD_EV_TCP_LISTEN,		/* remote.c: --api-listen */
};

struct dfod_ev {
	enum dfod_ev_type type;
};

struct dfod_remote;
struct dfod_remote_conn;
struct dfod_repl;
struct dfod_partner_watch;

struct dfod_conn {
	struct dfod_ev ev;		/* first: epoll data points here */
	int fd;
	struct dfod_cred cred;
	struct dfo_proto_rx rx;
	char *out;			/* framed replies not yet written */
	size_t out_len, out_off, out_cap;
	bool eof;			/* peer shut down its side */
	bool closing;			/* close once the output is written */
	bool reading;			/* EPOLLIN registered */
	bool writing;			/* EPOLLOUT registered */
	bool pending;			/* on the flush list */
	struct dfod_conn *next_pending;
	struct dfod_conn *prev, *next;
	struct dfod_remote_conn *rem;	/* TCP (remote.c); NULL: unix socket */
};

struct dfod_agent {
	struct dfod_config *cfg;
	struct dfod_state st;
	struct dfod_store store;
	struct dfod_maps maps;
	struct dfod_ifaces ifs;
	bool ifs_open;
	struct dfod_leasedb *leases;	/* the lease store, open while the agent is */
	struct dfod_dhcp *dhcp;		/* the engine, always there (the lease API uses it) */
	struct dfod_dhcpio *dio;	/* its sockets: NULL with --no-dhcp or no interfaces */
	int epfd;
	int lfd, sfd, tfd;
	struct dfod_ev lev, sev, tev, nev, dev;
	struct dfod_conn *conns;
	unsigned int n_conns;
	struct dfod_conn *pending;
	unsigned int max_conns;
	bool listen_paused;		/* out of file descriptors: accept later */
	struct json_tokener *tok;
	bool stop;
	int exit_code;
	uint64_t started;		/* wall clock */
	uint64_t requests;
	struct dfod_remote *remote;	/* TCP listener, NULL without --api-listen */
	struct dfod_repl *repl;		/* ops_repl.c: deletes that can be undone */
	struct dfod_partner_watch *watch;	/* partner.c: --partner-check thread */
};

/* Start: load state, open and reconcile the datapath, listen. */
int dfod_agent_open(struct dfod_agent **ap, struct dfod_config *cfg);
/* One loop round: wait up to @timeout_ms, handle events, sync, reply. */
int dfod_agent_poll(struct dfod_agent *a, int timeout_ms);
/* Loop until SIGTERM/SIGINT or a fatal error; returns the exit code. */
int dfod_agent_run(struct dfod_agent *a);
/* @clean: compact the journal into a new snapshot (clean shutdown). */
void dfod_agent_close(struct dfod_agent *a, bool clean);

/*
 * Make a change: journal @rec, apply it (the hooks update the maps), take
 * the journal record back if it cannot be applied. 0 or -errno.
 */
int dfod_agent_commit(struct dfod_agent *a, json_object *rec, char *err, size_t len);
/* Sync the journal now (the loop does it once per round). */
int dfod_agent_sync(struct dfod_agent *a);

/*
 * One request message in, one reply message out (malloc'ed JSON, not
 * framed). Never fails for bad input: that gets an error reply.
 */
int dfod_agent_handle(struct dfod_agent *a, const struct dfod_cred *cred, const char *msg,
		      size_t len, char **reply, size_t *rlen);
/* Serve an already connected socket (tests; the listener uses it too). */
int dfod_agent_add_conn(struct dfod_agent *a, int fd, const struct dfod_cred *cred);
/* Access of a peer from its credentials and supplementary groups. */
void dfod_agent_classify(const struct dfod_config *cfg, struct dfod_cred *cred,
			 const gid_t *groups, int n_groups);

/* Entry points for main(). */
int dfod_run(struct dfod_config *cfg);
int dfod_unpin(struct dfod_config *cfg);
int dfod_call(struct dfod_config *cfg);

#endif
