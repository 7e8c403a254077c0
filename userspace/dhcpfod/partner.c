// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The partner watch thread (partner.h). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "dhcpfo.h"
#include "log.h"
#include "partner.h"
#include "remote.h"

enum sync_state {
	SYNC_UNSEEN = 0,
	SYNC_EQUAL,
	SYNC_DRIFTED,
	SYNC_UNKNOWN,
};

/* What the last round saw of one relationship. */
struct seen {
	char *name;
	enum sync_state state;
	uint32_t status;		/* SYNC_UNKNOWN: why */
	char digest[DHCPFO_DIGEST_HEX_LEN + 1];
	bool present;			/* still there this round */
};

struct dfod_partner_watch {
	pthread_t th;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
	unsigned int interval;		/* seconds */
	int port;			/* the partners' API port */
	char *socket_path, *key_file;
	char **auto_names;
	unsigned int n_auto;
	struct seen *seen;
	unsigned int n_seen;
};

static bool auto_replicated(const struct dfod_partner_watch *w, const char *name)
{
	unsigned int i;

	for (i = 0; i < w->n_auto; i++)
		if (!strcmp(w->auto_names[i], name))
			return true;
	return false;
}

static struct seen *seen_of(struct dfod_partner_watch *w, const char *name)
{
	struct seen *v;
	unsigned int i;

	for (i = 0; i < w->n_seen; i++)
		if (!strcmp(w->seen[i].name, name))
			return &w->seen[i];
	v = realloc(w->seen, (w->n_seen + 1) * sizeof(*v));
	if (!v)
		return NULL;
	w->seen = v;
	memset(&v[w->n_seen], 0, sizeof(*v));
	v[w->n_seen].name = strdup(name);
	if (!v[w->n_seen].name)
		return NULL;
	return &v[w->n_seen++];
}

/* A handle on this agent whose partner API is @partner at the partners' port. */
static uint32_t open_local(struct dfod_partner_watch *w, uint32_t partner,
			   struct dhcpfo_client **c)
{
	struct dhcpfo_client_opts o = {
		.sz = sizeof(o), .socket_path = w->socket_path, .timeout_ms = DFOD_PARTNER_CALL_MS,
		.key_file = w->key_file,
	};
	struct in_addr ia = { .s_addr = htonl(partner) };
	char ps[INET_ADDRSTRLEN + 8], a[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &ia, a, sizeof(a));
	snprintf(ps, sizeof(ps), "%s:%d", a, w->port);
	o.partner_server = ps;
	return dhcpfo_client__open(NULL, &o, c);
}

static void replicate(struct dhcpfo_client *c, const char *name)
{
	struct dhcpfo_scope_sync_array *ls;
	const char *names[] = { name };
	uint32_t st, i;

	st = dhcpfo_failover_replicate_by_name(c, names, 1, true, &ls);
	if (st) {
		dfo_warn("relationship '%s': auto-replicate failed: %s", name,
			 dhcpfo_strerror_last());
		return;
	}
	for (i = 0; i < ls->n; i++) {
		if (ls->items[i].outcome == DHCPFO_SYNC_ERROR)
			dfo_warn("auto-replicate: %s", ls->items[i].message);
		else if (ls->items[i].outcome == DHCPFO_SYNC_REPLICATED)
			dfo_info("auto-replicate: %s", ls->items[i].message);
	}
	dhcpfo_free(ls);
}

/* Compare one relationship with its partner; log what changed since last time. */
static void check_rel(struct dfod_partner_watch *w, const struct dhcpfo_relationship *r)
{
	char here[DHCPFO_DIGEST_HEX_LEN + 1] = "", there[DHCPFO_DIGEST_HEX_LEN + 1] = "";
	uint32_t partner = r->server_type == DHCPFO_SERVER_PRIMARY ? r->secondary_server :
								     r->primary_server;
	struct seen *s = seen_of(w, r->name);
	struct dhcpfo_client *c;
	enum sync_state now;
	bool in_sync = false;
	uint32_t st;

	if (!s)
		return;
	s->present = true;
	st = open_local(w, partner, &c);
	if (!st) {
		st = dhcpfo_failover_sync_check(c, r->name, &in_sync, here, there);
		if (!st && !in_sync && r->server_type == DHCPFO_SERVER_PRIMARY &&
		    auto_replicated(w, r->name)) {
			/* the primary's configuration wins */
			replicate(c, r->name);
			st = dhcpfo_failover_sync_check(c, r->name, &in_sync, here, there);
		}
		dhcpfo_client__close(c);
	}
	now = st ? SYNC_UNKNOWN : in_sync ? SYNC_EQUAL : SYNC_DRIFTED;
	if (now == SYNC_DRIFTED && (s->state != SYNC_DRIFTED || strcmp(s->digest, here)))
		dfo_warn("relationship '%s': the configuration differs from the partner's "
			 "(digest %.16s here, %.16s there); 'dhcpfo failover diff %s' shows where",
			 r->name, here, there, r->name);
	else if (now == SYNC_EQUAL && s->state != SYNC_EQUAL)
		dfo_info("relationship '%s': configuration equal on both partners (digest %.16s)",
			 r->name, here);
	else if (now == SYNC_UNKNOWN && (s->state != SYNC_UNKNOWN || s->status != st))
		dfo_info("relationship '%s': cannot compare the configuration with the partner: "
			 "%s", r->name, dhcpfo_strerror_last());
	s->state = now;
	s->status = st;
	snprintf(s->digest, sizeof(s->digest), "%s", here);
}

static void check_all(struct dfod_partner_watch *w)
{
	struct dhcpfo_client_opts o = { .sz = sizeof(o), .socket_path = w->socket_path,
					.timeout_ms = DFOD_PARTNER_CALL_MS };
	struct dhcpfo_relationship_array *page;
	struct dhcpfo_client *c;
	uint32_t handle = 0, read, total, st, i;

	if (dhcpfo_client__open(NULL, &o, &c))
		return;
	for (i = 0; i < w->n_seen; i++)
		w->seen[i].present = false;
	do {
		st = dhcpfo_failover_enum(c, &handle, 100, &page, &read, &total);
		if (st && st != DHCPFO_ERROR_MORE_DATA)
			break;
		for (i = 0; i < page->n; i++)
			check_rel(w, &page->items[i]);
		dhcpfo_free(page);
	} while (st == DHCPFO_ERROR_MORE_DATA && !__atomic_load_n(&w->stop, __ATOMIC_RELAXED));
	dhcpfo_client__close(c);
	/* forget deleted relationships (a new one of that name starts afresh) */
	for (i = 0; i < w->n_seen;) {
		if (w->seen[i].present || st) {
			i++;
			continue;
		}
		free(w->seen[i].name);
		w->seen[i] = w->seen[--w->n_seen];
	}
}

static void *run(void *arg)
{
	struct dfod_partner_watch *w = arg;
	struct timespec until;
	bool stop;

	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += w->interval;
		pthread_mutex_lock(&w->lock);
		while (!w->stop && pthread_cond_timedwait(&w->cond, &w->lock, &until) != ETIMEDOUT)
			;
		stop = w->stop;
		pthread_mutex_unlock(&w->lock);
		if (stop)
			return NULL;
		check_all(w);
	}
}

static void watch_free(struct dfod_partner_watch *w)
{
	unsigned int i;

	for (i = 0; i < w->n_auto; i++)
		free(w->auto_names[i]);
	free(w->auto_names);
	for (i = 0; i < w->n_seen; i++)
		free(w->seen[i].name);
	free(w->seen);
	free(w->socket_path);
	free(w->key_file);
	free(w);
}

static int parse_auto(struct dfod_partner_watch *w, const char *list)
{
	char *copy = strdup(list), *tok, *save = NULL, **v;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ' || *tok == '\t')
			tok++;
		if (!*tok)
			continue;
		v = realloc(w->auto_names, (w->n_auto + 1) * sizeof(*v));
		if (!v || !(v[w->n_auto] = strdup(tok))) {
			if (v)
				w->auto_names = v;
			free(copy);
			return -ENOMEM;
		}
		w->auto_names = v;
		w->n_auto++;
	}
	free(copy);
	return 0;
}

int dfod_partner_watch_start(struct dfod_agent *a)
{
	struct dfod_config *cfg = a->cfg;
	struct dfod_partner_watch *w;
	pthread_condattr_t ca;
	struct sockaddr_storage ss;
	socklen_t sl;
	int err;

	if (!cfg->partner_check)
		return 0;
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->interval = cfg->partner_check;
	w->port = DHCPFO_API_PORT;
	if (cfg->api_listen && !dfod_remote_parse_listen(cfg->api_listen, &ss, &sl))
		w->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port :
				((struct sockaddr_in *)&ss)->sin_port);
	w->socket_path = strdup(cfg->socket_path);
	w->key_file = strdup(cfg->api_key_file);
	if (!w->socket_path || !w->key_file ||
	    (cfg->auto_replicate && parse_auto(w, cfg->auto_replicate))) {
		watch_free(w);
		return -ENOMEM;
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cond, &ca);
	pthread_condattr_destroy(&ca);
	err = pthread_create(&w->th, NULL, run, w);
	if (err) {
		dfo_err("--partner-check: cannot start its thread: %s", strerror(err));
		watch_free(w);
		return -err;
	}
	a->watch = w;
	dfo_info("comparing the configuration with the partners every %u s (port %d)%s%s",
		 w->interval, w->port, w->n_auto ? "; auto-replicate: " : "",
		 w->n_auto ? cfg->auto_replicate : "");
	return 0;
}

void dfod_partner_watch_stop(struct dfod_agent *a)
{
	struct dfod_partner_watch *w = a->watch;

	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->th, NULL);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	watch_free(w);
	a->watch = NULL;
}
