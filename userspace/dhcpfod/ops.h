/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The API operations (docs/api-protocol.md), with the Windows semantics of
 * MS-DHCPM 3.2.4.90-101 for the failover ones: each handler checks its
 * arguments and the state in the documented order and returns the first
 * Win32 status that applies, so it produces status codes directly (the
 * distinctions, e.g. SCOPE_ALREADY_IN_RELATIONSHIP vs RELATIONSHIP_EXISTS,
 * have no errno). A handler changes the state only through one committed
 * record, after every check has passed, so a failed request changes
 * nothing. Lower layers report -errno, converted here.
 */
#ifndef DFOD_OPS_H
#define DFOD_OPS_H

#include <json-c/json.h>

#include "agent.h"

/* DhcpV4FailoverSetRelationship flags (dhcpsapi.h) and dhcpfo extensions. */
#define DFOD_FO_MCLT		0x00000001u
#define DFOD_FO_SAFEPERIOD	0x00000002u
#define DFOD_FO_CHANGESTATE	0x00000004u
#define DFOD_FO_PERCENTAGE	0x00000008u
#define DFOD_FO_MODE		0x00000010u
#define DFOD_FO_PREVSTATE	0x00000020u
#define DFOD_FO_SHAREDSECRET	0x00000040u
#define DFOD_FO_AUTO_STATE	0x00000100u	/* auto_state_transition */
#define DFOD_FO_LB_MAX_SECONDS	0x00000200u	/* lb_max_seconds */
#define DFOD_FO_HASH_KEY	0x00000400u	/* hash_key */
#define DFOD_FO_ALL_FLAGS	0x0000077fu

#define DFOD_MAX_ADD_SCOPES	400
#define DFOD_DEFAULT_MCLT	3600
#define DFOD_DEFAULT_LB_PCT	50
#define DFOD_DEFAULT_HS_PCT	5
#define DFOD_DEFAULT_LEASE	691200	/* 8 days, the Windows default */

struct dfod_res {
	unsigned int status;		/* Win32 */
	char msg[512];
	json_object *result;		/* owned; success and ERROR_MORE_DATA */
	char *raw;			/* or the result as JSON text (owned) */
};

enum dfod_access {
	DFOD_ACCESS_READ,
	DFOD_ACCESS_WRITE,
};

struct dfod_op {
	const char *name;
	enum dfod_access access;
	unsigned int (*fn)(struct dfod_agent *a, json_object *args, struct dfod_res *res);
};

const struct dfod_op *dfod_op_find(const char *name);
/*
 * Run @name without access checks; @args may be NULL. Returns res->status;
 * a raw result is parsed into res->result for in-process callers.
 */
unsigned int dfod_op_call(struct dfod_agent *a, const char *name, json_object *args,
			  struct dfod_res *res);
void dfod_res_free(struct dfod_res *res);

#endif
