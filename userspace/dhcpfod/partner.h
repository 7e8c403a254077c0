/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Watching the failover partners' configuration (--partner-check SECS):
 * every SECS seconds a thread compares the configuration digest of each
 * relationship with the partner's and logs when they start to differ (and
 * when they agree again, or the partner cannot be asked). For the
 * relationships named by --auto-replicate, the primary then replicates its
 * configuration to the partner.
 *
 * The thread is a client like any other: it talks to this agent over its
 * own unix socket and to the partner over the authenticated TCP API with
 * libdhcpfo (the key of --api-key-file, the partner's address in the
 * relationship, the port of --api-listen or 6470), so it never touches the
 * agent's state and needs no lock. It is off unless configured.
 */
#ifndef DFOD_PARTNER_H
#define DFOD_PARTNER_H

#include "agent.h"

#define DFOD_PARTNER_CALL_MS	3000	/* per call, both to this agent and to the partner */

/* Start the thread when --partner-check is set; 0 or -errno. */
int dfod_partner_watch_start(struct dfod_agent *a);
/* Stop and join it (at most one call's timeout); no-op when not running. */
void dfod_partner_watch_stop(struct dfod_agent *a);

#endif
