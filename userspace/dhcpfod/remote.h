/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The remote management listener: the API over TCP (--api-listen), every
 * frame authenticated with HMAC-SHA256 under the key of --api-key-file
 * (api/src/auth.h, docs/api-protocol.md "Remote transport"). A connection
 * is served by server.c like a unix one; this file adds the hello exchange,
 * checks each request's MAC and sequence number before the request is
 * looked at, and seals the replies. A request that fails either check gets
 * an ERROR_ACCESS_DENIED reply, is logged with the peer's address, changes
 * nothing, and the connection is closed.
 */
#ifndef DFOD_REMOTE_H
#define DFOD_REMOTE_H

#include <stddef.h>
#include <sys/socket.h>

#include "agent.h"

#define DFOD_REMOTE_MAX_CONNS	64	/* TCP connections at once */
#define DFOD_REMOTE_HELLO_MS	10000	/* a client's hello must come within this */

/* "ADDR:PORT", "[V6ADDR]:PORT" or "ADDR" (port 6470); 0 or -EINVAL. */
int dfod_remote_parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len);

/*
 * Load the key and listen, when --api-listen is set (0 and nothing done
 * otherwise). Refuses (-errno, logged) a missing, short or exposed key.
 */
int dfod_remote_open(struct dfod_agent *a);
void dfod_remote_close(struct dfod_agent *a);
/* The listener is readable. */
void dfod_remote_accept(struct dfod_agent *a);
/* One complete frame of a remote connection. */
void dfod_remote_message(struct dfod_agent *a, struct dfod_conn *c, const char *msg, size_t len);
/* Once a second: drop connections that never said hello. */
void dfod_remote_tick(struct dfod_agent *a);
/* The connection is being freed. */
void dfod_remote_conn_free(struct dfod_agent *a, struct dfod_conn *c);

#endif
