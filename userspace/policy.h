/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Policy compiler: the only place that knows what a failover mode, role
 * and FSM state mean for the datapath. It turns them into the action table
 * and hash bucket bitmap of a struct dfo_rel, which the XDP program (and the
 * userspace DHCP engine) merely execute. Pure functions, no I/O.
 */
#ifndef DHCPFO_POLICY_H
#define DHCPFO_POLICY_H

#include <stdbool.h>
#include "dhcpfo_abi.h"

struct dfo_policy {
	enum dfo_mode mode;
	enum dfo_role role;		/* this server; in hot standby PRIMARY = active */
	enum dfo_fsm_state state;
	unsigned int percentage;	/* load balance: primary's share of buckets, 0..100 */
	__u16 lb_max_secs;		/* load balance only; 0 = off */
	enum dfo_key_mode key_mode;
	__u32 server_id_be;		/* this server's identifier (opt 54), network order */
};

/* Buckets given to the primary for a percentage: round(256 * pct / 100). */
unsigned int dfo_hba__primary_buckets(unsigned int pct);

/*
 * Fill @hba with the buckets this server answers: the primary owns buckets
 * 0..N-1, the secondary the rest. -EINVAL for pct > 100 or a bad role.
 */
int dfo_hba__from_percentage(__u8 hba[DFO_HBA_BYTES], unsigned int pct, enum dfo_role role);

/* Number of buckets set in @hba. */
unsigned int dfo_hba__count(const __u8 hba[DFO_HBA_BYTES]);

/*
 * Whether a server in @state answers clients at all (design §3): NORMAL
 * shares by hash, COMMUNICATION_INT and PARTNER_DOWN answer everything, every
 * other state answers only renewals unicast to it.
 */
bool dfo_policy__state_responds(enum dfo_fsm_state state);

/* Compile @p into @out (all fields). -EINVAL on an out-of-range input. */
int dfo_policy__compile(const struct dfo_policy *p, struct dfo_rel *out);

/*
 * Execute a compiled relationship for one request, exactly as the XDP program
 * does: returns true when this server answers. @bucket is the client's RFC
 * 3074 bucket (only read for HASH), @server_id_be the request's option 54
 * (only read for BY_SERVER_ID).
 */
bool dfo_rel__answers(const struct dfo_rel *rel, enum dfo_class cls, __u8 bucket,
		      __u16 secs, __u32 server_id_be);

const char *dfo_fsm_state__name(enum dfo_fsm_state state);
const char *dfo_class__name(enum dfo_class cls);
const char *dfo_action__name(enum dfo_action act);

#endif
