/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Connection handling of the API server (server.c), used by the agent loop. */
#ifndef DFOD_SERVER_H
#define DFOD_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "agent.h"

void dfod_server_accept(struct dfod_agent *a);
void dfod_server_conn_event(struct dfod_agent *a, struct dfod_conn *c, uint32_t events);
void dfod_server_flush(struct dfod_agent *a, struct dfod_conn *c);
/* Send (or, @drop, discard with the connection) the replies held this round. */
void dfod_server_flush_pending(struct dfod_agent *a, bool drop);
void dfod_server_close_all(struct dfod_agent *a);

/*
 * For the TCP transport (remote.c): queue one message (framed here, sent
 * after the round's journal sync), close once the output is written, or
 * drop the connection now.
 */
int dfod_server_queue(struct dfod_agent *a, struct dfod_conn *c, const char *msg, size_t len);
void dfod_server_close_after(struct dfod_agent *a, struct dfod_conn *c);
void dfod_server_kill(struct dfod_agent *a, struct dfod_conn *c);

#endif
