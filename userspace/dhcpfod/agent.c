// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>

#include "agent.h"
#include "dhcpfo_abi.h"
#include "log.h"
#include "policy.h"
#include "record.h"
#include "ops_repl.h"
#include "partner.h"
#include "remote.h"
#include "serial.h"
#include "server.h"

#define TICK_SECONDS	1

int dfod_agent_commit(struct dfod_agent *a, json_object *rec, char *err, size_t len)
{
	int e;

	e = dfod_store_append(&a->store, rec);
	if (e) {
		snprintf(err, len, "cannot write %s: %s", a->store.journal_path, strerror(-e));
		if (e == -EIO) {
			/* A partial record could not be taken back: the journal is unsafe. */
			a->stop = true;
			a->exit_code = 1;
		}
		return e;
	}
	e = dfod_record_apply(&a->st, rec, err, len);
	if (!e && a->dhcp)
		dfod_dhcp_config_changed(a->dhcp);
	if (e) {
		dfo_err("record %llu cannot be applied: %s", (unsigned long long)a->store.seq,
			err);
		if (dfod_store_rollback(&a->store)) {
			dfo_err("the journal holds a record the state does not; stopping");
			a->stop = true;
			a->exit_code = 1;
		}
	}
	return e;
}

int dfod_agent_sync(struct dfod_agent *a)
{
	return dfod_store_sync(&a->store);
}

/* Is an agent answering on @path? */
static bool socket_alive(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, r;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	return r == 0;
}

static int mkdir_parent(const char *path)
{
	char dir[PATH_MAX], *p;

	snprintf(dir, sizeof(dir), "%s", path);
	p = strrchr(dir, '/');
	if (!p || p == dir)
		return 0;
	*p = '\0';
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(dir, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

static int listen_socket(struct dfod_agent *a)
{
	const char *path = a->cfg->socket_path;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	mode_t old;
	int fd, err;

	err = mkdir_parent(path);
	if (err) {
		dfo_err("%s: cannot create its directory: %s", path, strerror(-err));
		return err;
	}
	if (socket_alive(path)) {
		dfo_err("%s: another dhcpfod is serving this socket", path);
		return -EADDRINUSE;
	}
	/* Left by an agent that was killed: nobody listens on it. */
	if (unlink(path) && errno != ENOENT) {
		err = -errno;
		dfo_err("%s: cannot remove the stale socket: %s", path, strerror(-err));
		return err;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	old = umask(0117);
	err = bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ? -errno : 0;
	umask(old);
	if (!err && chown(path, -1, a->cfg->admin_gid) && errno != EPERM)
		err = -errno;
	if (!err && chmod(path, 0660))
		err = -errno;
	if (!err && listen(fd, 128))
		err = -errno;
	if (err) {
		dfo_err("%s: cannot listen: %s", path, strerror(-err));
		close(fd);
		return err;
	}
	a->lfd = fd;
	return 0;
}

static int ep_add(struct dfod_agent *a, int fd, struct dfod_ev *ev, enum dfod_ev_type t)
{
	struct epoll_event e = { .events = EPOLLIN, .data.ptr = ev };

	ev->type = t;
	return epoll_ctl(a->epfd, EPOLL_CTL_ADD, fd, &e) ? -errno : 0;
}

/* Connections are bounded by the descriptors we may open, raised to the hard limit. */
static void set_conn_limit(struct dfod_agent *a)
{
	struct rlimit rl;
	rlim_t n = 1024;

	if (!getrlimit(RLIMIT_NOFILE, &rl)) {
		if (rl.rlim_cur < rl.rlim_max) {
			rl.rlim_cur = rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
			getrlimit(RLIMIT_NOFILE, &rl);
		}
		n = rl.rlim_cur;
	}
	/* Leave room for the maps, the journal, netlink and the like. */
	a->max_conns = n > 4096 + 64 ? 4096 : n > 128 ? (unsigned int)n - 64 : 64;
}

static int setup_loop(struct dfod_agent *a)
{
	struct itimerspec its = { .it_interval.tv_sec = TICK_SECONDS,
				  .it_value.tv_sec = TICK_SECONDS };
	sigset_t mask;
	int err;

	set_conn_limit(a);
	a->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (a->epfd < 0)
		return -errno;
	err = listen_socket(a);
	if (!err)
		err = ep_add(a, a->lfd, &a->lev, DFOD_EV_LISTEN);
	if (!err)
		err = dfod_remote_open(a);
	if (err)
		return err;
	if (!a->cfg->no_signals) {
		sigemptyset(&mask);
		sigaddset(&mask, SIGTERM);
		sigaddset(&mask, SIGINT);
		sigaddset(&mask, SIGHUP);
		if (sigprocmask(SIG_BLOCK, &mask, NULL))
			return -errno;
		a->sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
		if (a->sfd < 0)
			return -errno;
		err = ep_add(a, a->sfd, &a->sev, DFOD_EV_SIGNAL);
		if (err)
			return err;
		signal(SIGPIPE, SIG_IGN);
	}
	a->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (a->tfd < 0 || timerfd_settime(a->tfd, 0, &its, NULL))
		return -errno;
	err = ep_add(a, a->tfd, &a->tev, DFOD_EV_TIMER);
	if (!err && a->ifs_open)
		err = ep_add(a, dfod_ifaces_fd(&a->ifs), &a->nev, DFOD_EV_NETLINK);
	if (!err && a->dio)
		err = ep_add(a, dfod_dhcpio_fd(a->dio), &a->dev, DFOD_EV_DHCP);
	return err;
}

static int reconcile(struct dfod_agent *a)
{
	struct dfod_iface_entry ents[DFOD_MAX_IFACES];
	unsigned int n = a->ifs_open ? dfod_ifaces_entries(&a->ifs, ents) : 0;

	return dfod_maps_reconcile(&a->maps, &a->st, ents, n);
}

static int setup_datapath(struct dfod_agent *a)
{
	struct dfod_config *c = a->cfg;
	uint32_t max_rels = c->max_rels > DFO_MAX_RELS ? c->max_rels : DFO_MAX_RELS;
	int err;

	if (c->no_xdp) {
		dfo_info("--no-xdp: no BPF program is loaded and no maps are maintained%s",
			 c->n_ifaces && !c->no_dhcp ? "; DHCP is served in userspace alone" : "");
		/* The DHCP engine still needs the interfaces and their addresses. */
		if (!c->n_ifaces || c->no_dhcp)
			return 0;
		err = dfod_ifaces_open(&a->ifs, c->ifaces, c->n_ifaces, &a->maps, c->xdp_mode);
		if (err)
			return err;
		a->ifs_open = true;
		return 0;
	}
	err = dfod_maps_open(&a->maps, c->instance, c->pin_root, c->max_scopes, max_rels);
	if (err) {
		dfo_err("cannot open the datapath: %s (maps pinned with another --max-scopes or "
			"--max-relationships need dhcpfod --unpin first; hosts without BPF: --no-xdp)",
			strerror(-err));
		return err;
	}
	err = dfod_ifaces_open(&a->ifs, c->ifaces, c->n_ifaces, &a->maps, c->xdp_mode);
	if (err)
		return err;
	a->ifs_open = true;
	dfod_ifaces_detach_unconfigured(&a->ifs);
	/* The maps are right before the program is (re)attached anywhere. */
	err = reconcile(a);
	if (err)
		return err;
	dfod_ifaces_refresh(&a->ifs);
	return 0;
}

/*
 * The engine always exists (the lease API reads through it); its sockets
 * only when interfaces are configured and --no-dhcp is not given.
 */
static int setup_dhcp(struct dfod_agent *a)
{
	struct dfod_config *c = a->cfg;
	struct dfod_dhcp_conf dc = {
		.offer_hold = c->offer_hold,
		.decline_hold = c->decline_hold,
		.server_addr = c->server_addr,
	};
	int err;

	err = dfod_dhcp_new(&a->dhcp, &a->st, a->leases, &dc);
	if (err)
		return err;
	if (c->no_dhcp || !c->n_ifaces || !a->ifs_open)
		return 0;
	err = dfod_dhcpio_open(&a->dio, &a->ifs, 0);
	if (err)
		dfo_err("cannot serve DHCP: %s (management only: --no-dhcp)", strerror(-err));
	return err;
}

static void log_dhcp(struct dfod_agent *a)
{
	struct dfod_leasedb_stats ls;

	dfod_leasedb_get_stats(a->leases, &ls);
	if (a->dio)
		dfo_info("DHCP: serving on %u interface(s), %llu leases (%llu journal records "
			 "replayed%s)", a->cfg->n_ifaces, (unsigned long long)ls.leases,
			 (unsigned long long)ls.replayed, ls.cut_bytes ? ", torn tail cut" : "");
	else
		dfo_info("DHCP: not served (%s); %llu leases kept", a->cfg->no_dhcp ? "--no-dhcp" :
			 "no --interface", (unsigned long long)ls.leases);
}

int dfod_agent_open(struct dfod_agent **ap, struct dfod_config *cfg)
{
	struct dfod_agent *a = calloc(1, sizeof(*a));
	int err;

	if (!a)
		return -ENOMEM;
	a->cfg = cfg;
	a->epfd = a->lfd = a->sfd = a->tfd = -1;
	a->store.jfd = a->store.dir_fd = a->store.lock_fd = -1;
	a->started = dfod_wall_secs();
	a->tok = json_tokener_new();
	if (!a->tok) {
		err = -ENOMEM;
		goto fail;
	}
	json_tokener_set_flags(a->tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	err = dfod_state_init(&a->st, cfg->max_scopes);
	if (err)
		goto fail;
	err = dfod_store_open(&a->store, cfg->state_dir, cfg->journal_max, &a->st);
	if (err) {
		dfo_err("refusing to start: the state in %s cannot be loaded", cfg->state_dir);
		goto fail;
	}
	if (dfod_rel_count(&a->st) > cfg->max_rels)
		dfo_warn("%zu relationships exist but --max-relationships is %u: no new ones "
			 "can be created", dfod_rel_count(&a->st), cfg->max_rels);
	err = dfod_leasedb_open(&a->leases, cfg->state_dir, cfg->journal_max);
	if (err) {
		dfo_err("refusing to start: the leases in %s cannot be loaded", cfg->state_dir);
		goto fail;
	}
	err = setup_datapath(a);
	if (err)
		goto fail;
	err = setup_dhcp(a);
	if (err)
		goto fail;
	/* From here on every applied change updates the maps. */
	dfod_state_set_hooks(&a->st, &dfod_maps_hooks, &a->maps);
	err = setup_loop(a);
	if (err) {
		dfo_err("setting up the event loop: %s", strerror(-err));
		goto fail;
	}
	if (dfod_store_want_compact(&a->store))
		dfod_store_compact(&a->store, &a->st);
	dfo_info("instance %s: %zu scopes, %zu relationships (journal: %llu records replayed%s), "
		 "serving %s", cfg->instance, dfod_scope_count(&a->st), dfod_rel_count(&a->st),
		 (unsigned long long)a->store.replayed,
		 a->store.cut_bytes ? ", torn tail cut" : "", cfg->socket_path);
	log_dhcp(a);
	err = dfod_partner_watch_start(a);
	if (err)
		goto fail;
	*ap = a;
	return 0;
fail:
	dfod_agent_close(a, false);
	return err;
}

/* Windows "state switchover interval": COMMUNICATION_INT -> PARTNER_DOWN after safe_period. */
static void auto_transitions(struct dfod_agent *a)
{
	uint64_t now = dfod_wall_secs();
	char err[256];
	size_t i;

	for (i = 0; i < dfod_rel_count(&a->st); i++) {
		struct dfod_rel *r = dfod_rel_at(&a->st, i), nv;
		json_object *rec;

		if (r->state != DFO_FSM_COMMUNICATION_INT || !r->auto_transition ||
		    r->safe_period == DFOD_SAFE_PERIOD_OFF || now < r->state_time + r->safe_period)
			continue;
		nv = *r;
		nv.n_scopes = 0;
		nv.prev_state = r->state;
		nv.state = DFO_FSM_PARTNER_DOWN;
		nv.state_time = now;
		rec = dfod_record_new("rel.set");
		if (!rec || dfod_jadd(rec, "relationship", dfod_rel_json(&nv, true))) {
			json_object_put(rec);
			continue;
		}
		if (!dfod_agent_commit(a, rec, err, sizeof(err)))
			dfo_info("relationship '%s': COMMUNICATION_INT for %u s (safe period): "
				 "now PARTNER_DOWN", r->name, r->safe_period);
		json_object_put(rec);
	}
}

/* (Re)register the netlink socket, which a resync replaces. */
static void watch_netlink(struct dfod_agent *a)
{
	int fd = dfod_ifaces_fd(&a->ifs);

	if (fd >= 0 && ep_add(a, fd, &a->nev, DFOD_EV_NETLINK))
		dfo_err("rtnetlink: cannot poll the new socket");
}

static void tick(struct dfod_agent *a)
{
	uint64_t exp;

	if (read(a->tfd, &exp, sizeof(exp)) < 0 && errno != EAGAIN)
		dfo_warn("timerfd: %s", strerror(errno));
	auto_transitions(a);
	dfod_remote_tick(a);
	if (a->dhcp)
		dfod_dhcp_tick(a->dhcp, dfod_wall_secs());
	if (a->maps.dirty)
		reconcile(a);
	if (a->ifs_open && dfod_ifaces_fd(&a->ifs) < 0 && !dfod_ifaces_resync(&a->ifs))
		watch_netlink(a);
	if (a->ifs_open)
		dfod_ifaces_refresh(&a->ifs);
}

static void on_signal(struct dfod_agent *a)
{
	struct signalfd_siginfo si;

	while (read(a->sfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			dfo_info("SIGHUP: re-reading the interfaces, reconciling the maps");
			if (a->ifs_open && !dfod_ifaces_resync(&a->ifs))
				watch_netlink(a);
			reconcile(a);
			continue;
		}
		dfo_info("signal %u: shutting down", si.ssi_signo);
		a->stop = true;
	}
}

static void on_dhcp(struct dfod_agent *a)
{
	int n = dfod_dhcpio_receive(a->dio, a->dhcp, dfod_wall_secs());

	if (n < 0)
		dfo_warn("DHCP: receiving: %s", strerror(-n));
}

/*
 * Group commit of the round: the state journal and the lease journal each
 * get one fdatasync for every change of the round. Only then do DHCP
 * replies (an ACK never leaves before its lease is durable) and API
 * replies go out. A failed sync stops the agent without sending either.
 */
static int commit_round(struct dfod_agent *a)
{
	int err = dfod_store_sync(&a->store);

	if (err) {
		dfo_err("the journal cannot be made durable; stopping without acknowledging");
	} else if (a->leases && (err = dfod_leasedb_sync(a->leases))) {
		dfo_err("the lease journal cannot be made durable: %s; stopping without "
			"acknowledging", strerror(-err));
	}
	if (err) {
		if (a->dio)
			dfod_dhcpio_discard(a->dio);
		dfod_server_flush_pending(a, true);
		a->stop = true;
		a->exit_code = 1;
		return -EIO;
	}
	if (a->dio)
		dfod_dhcpio_flush(a->dio, a->dhcp);
	dfod_server_flush_pending(a, false);
	return 0;
}

int dfod_agent_poll(struct dfod_agent *a, int timeout_ms)
{
	struct epoll_event evs[64];
	int n, i;

	n = epoll_wait(a->epfd, evs, 64, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++) {
		struct dfod_ev *ev = evs[i].data.ptr;

		switch (ev->type) {
		case DFOD_EV_LISTEN:
			dfod_server_accept(a);
			break;
		case DFOD_EV_CONN:
			dfod_server_conn_event(a, (struct dfod_conn *)ev, evs[i].events);
			break;
		case DFOD_EV_SIGNAL:
			on_signal(a);
			break;
		case DFOD_EV_TIMER:
			tick(a);
			break;
		case DFOD_EV_NETLINK:
			if (dfod_ifaces_event(&a->ifs) == 1)
				watch_netlink(a);
			break;
		case DFOD_EV_DHCP:
			on_dhcp(a);
			break;
		case DFOD_EV_TCP_LISTEN:
			dfod_remote_accept(a);
			break;
		}
	}
	if (commit_round(a))
		return -EIO;
	if (dfod_store_want_compact(&a->store))
		dfod_store_compact(&a->store, &a->st);
	if (a->leases && dfod_leasedb_want_compact(a->leases))
		dfod_leasedb_compact(a->leases);
	return n;
}

int dfod_agent_run(struct dfod_agent *a)
{
	while (!a->stop) {
		int err = dfod_agent_poll(a, -1);

		if (err < 0 && !a->stop) {
			dfo_err("event loop: %s", strerror(-err));
			a->exit_code = 1;
			break;
		}
	}
	return a->exit_code;
}

void dfod_agent_close(struct dfod_agent *a, bool clean)
{
	if (!a)
		return;
	dfod_server_close_all(a);
	/* after the connections: a call the thread is waiting on fails at once */
	dfod_partner_watch_stop(a);
	dfod_remote_close(a);
	dfod_repl_free(a);
	dfod_state_set_hooks(&a->st, NULL, NULL);
	if (a->store.jfd >= 0) {
		if (clean)
			dfod_store_compact(&a->store, &a->st);
		else
			dfod_store_sync(&a->store);
	}
	if (a->lfd >= 0) {
		close(a->lfd);
		unlink(a->cfg->socket_path);
	}
	dfod_dhcpio_close(a->dio);
	dfod_dhcp_free(a->dhcp);
	if (a->leases)
		dfod_leasedb_close(a->leases, clean);
	if (a->ifs_open)
		dfod_ifaces_close(&a->ifs);
	/* Links and maps stay pinned: filtering goes on without the agent. */
	dfod_maps_close(&a->maps);
	dfod_store_close(&a->store);
	dfod_state_free(&a->st);
	if (a->sfd >= 0)
		close(a->sfd);
	if (a->tfd >= 0)
		close(a->tfd);
	if (a->epfd >= 0)
		close(a->epfd);
	if (a->tok)
		json_tokener_free(a->tok);
	free(a);
}

/* systemd readiness, without libsystemd: one datagram to $NOTIFY_SOCKET. */
static void sd_notify(const char *msg)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t len;
	int fd;

	if (!path || !*path)
		return;
	len = strlen(path);
	if (len >= sizeof(sa.sun_path) || (path[0] != '/' && path[0] != '@'))
		return;
	memcpy(sa.sun_path, path, len);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';	/* abstract namespace */
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sa,
		   offsetof(struct sockaddr_un, sun_path) + len) < 0)
		dfo_warn("sd_notify to %s: %s", path, strerror(errno));
	close(fd);
}

int dfod_run(struct dfod_config *cfg)
{
	struct dfod_agent *a;
	int rc;

	if (dfod_agent_open(&a, cfg))
		return 1;
	if (!cfg->no_notify)
		sd_notify("READY=1\nSTATUS=serving the management API");
	rc = dfod_agent_run(a);
	if (!cfg->no_notify)
		sd_notify("STOPPING=1");
	dfod_agent_close(a, rc == 0);
	if (!rc)
		dfo_info("stopped%s", cfg->no_xdp ? "" :
			 "; the XDP program and maps stay in place");
	return rc;
}

int dfod_unpin(struct dfod_config *cfg)
{
	int err;

	if (socket_alive(cfg->socket_path)) {
		dfo_err("instance %s is running (%s answers); stop it before --unpin",
			cfg->instance, cfg->socket_path);
		return 1;
	}
	err = dfo_datapath__unpin_all(cfg->pin_root, cfg->instance);
	if (err) {
		dfo_err("unpinning %s/%s: %s", cfg->pin_root, cfg->instance, strerror(-err));
		return 1;
	}
	dfo_info("instance %s: XDP detached and every pin under %s/%s removed", cfg->instance,
		 cfg->pin_root, cfg->instance);
	return 0;
}
