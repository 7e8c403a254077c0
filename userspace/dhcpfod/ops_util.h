/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the op files (ops.c, ops_lease.c, ops_repl.c) share: filling a reply
 * and checking common arguments. Each returns the reply's Win32 status (0 on
 * success), so a handler can `return dfod_fail(...)`.
 */
#ifndef DFOD_OPS_UTIL_H
#define DFOD_OPS_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <json-c/json.h>

#include "ops.h"

/* Fail with @status and a message. */
unsigned int dfod_fail(struct dfod_res *r, unsigned int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
unsigned int dfod_nomem(struct dfod_res *r);
/* Success with @result (consumed; NULL from a failed allocation is ENOMEM). */
unsigned int dfod_ok(struct dfod_res *r, json_object *result);
/* Success with an empty result object. */
unsigned int dfod_ok_empty(struct dfod_res *r);

/* @key of the object @o, or NULL (also when @o is not an object). */
json_object *dfod_member(json_object *o, const char *key);

/* A required dotted-quad argument; @nonzero rejects 0.0.0.0 (a NULL in Win32). */
unsigned int dfod_arg_ipv4(struct dfod_res *r, json_object *args, const char *key, bool nonzero,
			   uint32_t *out);
/* A required non-empty UTF-8 string argument (a relationship name). */
unsigned int dfod_arg_name(struct dfod_res *r, json_object *args, const char *key,
			   const char **out);
/* The failover scope named by "scope": 0/missing -> INVALID_PARAMETER, none -> NOT_IN. */
unsigned int dfod_arg_failover_scope(struct dfod_agent *a, struct dfod_res *r, json_object *args,
				     struct dfod_scope **s);

#endif
