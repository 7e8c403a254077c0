/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * dhcpfo kernel/user map ABI.
 *
 * This is the only definition of what the XDP program and userspace exchange.
 * Every key and value is fixed-width with explicit padding and no pointers,
 * so the same bytes mean the same thing in the BPF object, in dhcpfod and in
 * `bpftool map dump` (the maps are BTF-typed from these structs).
 *
 * Byte order: fields that hold packet data (addresses compared against the
 * wire) are network order and named *_be; everything else is host order.
 *
 * Changing a layout here is an ABI break: bump DFO_ABI_VERSION so that a new
 * agent refuses to reuse maps pinned by an older one instead of misreading them.
 */
#ifndef DHCPFO_ABI_H
#define DHCPFO_ABI_H

#include <linux/types.h>

#define DFO_ABI_VERSION		1

/* Map names as the kernel keeps them (15 chars max) and as pinned. */
#define DFO_MAP_SCOPES		"dfo_scopes"
#define DFO_MAP_RELS		"dfo_rels"
#define DFO_MAP_IFACES		"dfo_ifaces"
#define DFO_MAP_SCOPE_STATS	"dfo_scope_stats"
#define DFO_MAP_GLOBAL_STATS	"dfo_global"
#define DFO_MAP_ABI		"dfo_abi"
#define DFO_PIN_ROOT		"/sys/fs/bpf/dhcpfo"

/* Map sizes; userspace may raise the resizable ones before load. */
#define DFO_MAX_SCOPES		16384
#define DFO_MAX_RELS		4096
#define DFO_MAX_IFACES		256
#define DFO_IFACE_MAX_ADDR	4

/*
 * Message classes (design §3). The XDP program classifies each BOOTREQUEST
 * into exactly one class and looks up the relationship's action for it.
 */
enum dfo_class {
	DFO_CLASS_DISCOVER = 0,		/* opt 53 = 1 */
	DFO_CLASS_REQ_SELECTING,	/* opt 53 = 3 with opt 54 */
	DFO_CLASS_REQ_INIT_REBOOT,	/* opt 53 = 3, no opt 54, ciaddr 0 */
	DFO_CLASS_REQ_RENEW,		/* opt 53 = 3, ciaddr set, unicast */
	DFO_CLASS_REQ_REBIND,		/* opt 53 = 3, ciaddr set, broadcast or relayed */
	DFO_CLASS_RELEASE,		/* opt 53 = 7 */
	DFO_CLASS_DECLINE,		/* opt 53 = 4 */
	DFO_CLASS_INFORM,		/* opt 53 = 8 */
	DFO_CLASS_BOOTP,		/* no opt 53 */
	DFO_CLASS_MAX,
};

/* Actions; 0 is PASS so that an all-zero (unset) table never drops. */
enum dfo_action {
	DFO_ACT_PASS = 0,
	DFO_ACT_DROP = 1,		/* counted as dropped-by-state */
	DFO_ACT_HASH = 2,		/* PASS iff we own the client's bucket (or secs override) */
	DFO_ACT_BY_SERVER_ID = 3,	/* PASS iff opt 54 is this server's identifier */
	DFO_ACT_MAX,
};

/* Hash key selection for DFO_ACT_HASH. */
enum dfo_key_mode {
	DFO_KEY_CLIENT_ID = 0,		/* opt 61 data (incl. type) when non-empty, else chaddr */
	DFO_KEY_CHADDR = 1,		/* always chaddr[0..hlen) */
};

/* Windows DHCP_FAILOVER_MODE / FSM_STATE values, stored for inspection. */
enum dfo_mode {
	DFO_MODE_LOAD_BALANCE = 0,
	DFO_MODE_HOT_STANDBY = 1,
};

enum dfo_role {
	DFO_ROLE_PRIMARY = 0,
	DFO_ROLE_SECONDARY = 1,
};

enum dfo_fsm_state {
	DFO_FSM_NO_STATE = 0,
	DFO_FSM_INIT,
	DFO_FSM_STARTUP,
	DFO_FSM_NORMAL,
	DFO_FSM_COMMUNICATION_INT,
	DFO_FSM_PARTNER_DOWN,
	DFO_FSM_POTENTIAL_CONFLICT,
	DFO_FSM_CONFLICT_DONE,
	DFO_FSM_RESOLUTION_INT,
	DFO_FSM_RECOVER,
	DFO_FSM_RECOVER_WAIT,
	DFO_FSM_RECOVER_DONE,
	DFO_FSM_PAUSED,
	DFO_FSM_SHUTDOWN,
	DFO_FSM_MAX,
};

/*
 * dfo_scopes: LPM trie, subnet -> scope. Lookups use a /32 key built from
 * option 118, giaddr, ciaddr or an interface address; the longest prefix wins.
 */
struct dfo_lpm_key {
	__u32 prefixlen;		/* 0..32 */
	__u32 addr_be;			/* subnet address, network order */
};

struct dfo_scope {
	__u32 scope_id;			/* subnet address, host order (Windows DHCP_IP_ADDRESS) */
	__u32 rel_id;			/* 0: not in a relationship */
	__u32 stats_slot;		/* index into dfo_scope_stats */
	__u32 flags;			/* reserved, 0 */
};

/*
 * dfo_rels: HASH, relationship id -> compiled policy. Userspace replaces the
 * whole value in one update; the map is BPF_F_NO_PREALLOC so a replaced
 * element is freed only after an RCU grace period and a reader never sees a
 * torn value.
 */
#define DFO_HBA_BYTES	32		/* 256 buckets, bucket b = bit (b & 7) of byte b >> 3 */

struct dfo_rel {
	__u8  action[16];		/* enum dfo_action, indexed by enum dfo_class */
	__u8  hba[DFO_HBA_BYTES];	/* buckets THIS server answers in HASH */
	__u32 server_id_be;		/* this server's identifier (opt 54), network order */
	__u16 lb_max_secs;		/* HASH passes when secs > this; 0 = off */
	__u8  key_mode;			/* enum dfo_key_mode */
	__u8  state;			/* enum dfo_fsm_state the table was compiled for */
	__u8  mode;			/* enum dfo_mode */
	__u8  role;			/* enum dfo_role of this server */
	__u8  pad[2];
};

/* dfo_ifaces: HASH, ifindex -> addresses used to select scopes for direct clients. */
struct dfo_iface {
	__u32 addr_be[DFO_IFACE_MAX_ADDR];	/* tried in order; first with a scope wins */
	__u32 n_addr;				/* 0..DFO_IFACE_MAX_ADDR */
};

/* DHCP message type counters: index = opt 53 value 1..8, 0 = BOOTP, 9 = other. */
#define DFO_MSG_SLOTS	10
#define DFO_MSG_BOOTP	0
#define DFO_MSG_OTHER	9

/* dfo_scope_stats: PERCPU_ARRAY by dfo_scope.stats_slot. */
struct dfo_scope_stats {
	__u64 received;			/* DHCP requests that selected this scope */
	__u64 passed;			/* all passes, incl. passed_by_secs */
	__u64 dropped_not_ours;		/* HASH: partner's bucket */
	__u64 dropped_other_server;	/* BY_SERVER_ID: opt 54 names another server */
	__u64 dropped_by_state;		/* DROP action of the state's table */
	__u64 passed_by_secs;		/* HASH: partner's bucket but secs > lb_max_secs */
	__u64 msg[DFO_MSG_SLOTS];	/* by DHCP message type */
};

/* dfo_global: PERCPU_ARRAY, one element. */
struct dfo_global_stats {
	__u64 rx;			/* frames seen */
	__u64 passed;			/* frames passed, for any reason */
	__u64 dropped;			/* frames dropped (always a scope decision) */
	__u64 not_dhcp;			/* well-formed, not a BOOTREQUEST to port 67 */
	__u64 malformed;		/* truncated or inconsistent headers/options */
	__u64 fragments;		/* IPv4 fragments (never reassembled here) */
	__u64 overload;			/* option 52 present: passed to userspace */
	__u64 unknown;			/* understood framing, not handled (msg type, hlen) */
	__u64 no_scope;			/* no scope for the selecting address */
	__u64 not_in_rel;		/* scope without a (known) relationship */
	__u64 vlan_too_deep;		/* more than 2 VLAN tags */
};

/* dfo_abi: ARRAY, one __u32 = DFO_ABI_VERSION, written at load. */

#endif /* DHCPFO_ABI_H */
