/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Change records and snapshots: the only ways the state changes.
 *
 * A live request that changes the state is turned into one record (a JSON
 * object with a type "t" and its already-validated, already-allocated data,
 * e.g. the stats slot of a new scope), the record is journaled, and then
 * applied here. Replay at start applies the same records through the same
 * function, so what is on disk and what was acknowledged cannot differ.
 * Application checks consistency only (a record naming a scope that does not
 * exist is corrupt); the Windows rules were applied before it was written.
 *
 * Record types (members besides "v", "seq", "t"):
 *   scope.create    scope (stored form: address, mask, ..., slot)
 *   scope.set       scope (address and the properties that change)
 *   scope.delete    address
 *   scope.replace   scope (stored form, elements and options: the whole
 *                   configuration of an existing scope, replication)
 *   element.add     address, element
 *   element.remove  address, element
 *   range.type      address, element (the range with its new range_type)
 *   option.set      address, option
 *   option.remove   address, code
 *   rel.create      relationship (stored form, with id, state and scopes)
 *   rel.set         relationship (stored form; replaces every scalar field)
 *   rel.delete      name
 *   rel.scope_add   name, scopes
 *   rel.scope_del   name, scopes
 */
#ifndef DFOD_RECORD_H
#define DFOD_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

#include "state.h"

#define DFOD_RECORD_VERSION	1
#define DFOD_SNAPSHOT_VERSION	1
#define DFOD_SNAPSHOT_FORMAT	"dhcpfo-state"

/* Apply @rec; 0, or -errno with a sentence in @err and the state unchanged. */
int dfod_record_apply(struct dfod_state *st, json_object *rec, char *err, size_t len);

/* New record of type @t; NULL on ENOMEM. */
json_object *dfod_record_new(const char *t);

/* The whole state as a snapshot object, @seq being the last record it holds. */
json_object *dfod_snapshot_build(const struct dfod_state *st, uint64_t seq);
/* Load @snap into the empty @st; *@seq gets the snapshot's sequence number. */
int dfod_snapshot_load(struct dfod_state *st, json_object *snap, uint64_t *seq, char *err,
		       size_t len);

/*
 * Allocate a scope (not in a state) from its stored form: properties,
 * slot, elements, options. Checks consistency only (overlaps, duplicates).
 */
int dfod_scope_build(json_object *o, struct dfod_scope **out, char *err, size_t len);

/* Allocate a state object from the stored relationship form (all fields). */
int dfod_rel_from_json(json_object *o, struct dfod_rel **out, char *err, size_t len);

#endif
