/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The ops of replication and of the operations done on both partners
 * (docs/api-protocol.md "Replication"):
 *
 *   scope.export          R  a scope's whole configuration and its digest
 *   scope.replace         W  set (or create) a scope's whole configuration
 *                           in one journal record: all or nothing
 *   failover.digest       R  the configuration digest of a relationship's
 *                           scopes, to compare with the partner's
 *   failover.delete_keep  W  failover.delete, keeping the relationship
 *                           (secret included) in memory for a while ...
 *   failover.restore      W  ... so that it can be put back exactly when
 *                           the partner's half of a two-sided remove fails
 *
 * The configuration digest of a scope is SHA-256 over the canonical JSON
 * of its replicated fields (dfod_scope_canon): the same configuration gives
 * the same digest on any agent of this protocol version.
 */
#ifndef DFOD_OPS_REPL_H
#define DFOD_OPS_REPL_H

#include <stdint.h>
#include <json-c/json.h>

#include "ops.h"

#define DFOD_DIGEST_LEN		32
#define DFOD_KEEP_SECONDS	600	/* how long failover.restore can undo a delete */
#define DFOD_KEEP_MAX		64

/* The ops above, by name; NULL when @name is none of them. */
const struct dfod_op *dfod_repl_op_find(const char *name);

/* Canonical form of the replicated fields of @s (docs/api-protocol.md). */
json_object *dfod_scope_canon(const struct dfod_scope *s);
/* SHA-256 of the canonical form; 0 or -ENOMEM. */
int dfod_scope_digest(const struct dfod_scope *s, uint8_t out[DFOD_DIGEST_LEN]);
/* Digest of a relationship's scopes (in address order); 0 or -errno. */
int dfod_rel_digest(const struct dfod_state *st, const struct dfod_rel *r,
		    uint8_t out[DFOD_DIGEST_LEN]);

/* Release what failover.delete_keep kept (agent shutdown). */
void dfod_repl_free(struct dfod_agent *a);

#endif
