/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The DHCPv4 engine (RFC 2131/2132, BOOTP per RFC 951/1542), as functions
 * over (state, lease db, request, ingress context, now) -> decision. No
 * sockets here: dhcpio.c receives and sends, the agent syncs the lease db
 * between the decision and the send of an ACK. docs/dhcp.md explains the
 * behaviour; this header the contract.
 *
 * Failover awareness: for a scope in a relationship the engine compiles the
 * relationship exactly as maps.c does and executes it with
 * dfo_rel__answers() on the class (bpf/dhcp_class.h) and RFC 3074 bucket the
 * XDP program computes, so a request XDP would drop is dropped here too. It
 * allocates only the free addresses this server owns under the pool split
 * rule (pool.h), and the partner's too once PARTNER_DOWN is MCLT old.
 *
 * Lease changes are written to the lease db with dfod_leasedb_put (journaled
 * into a buffer); a reply with @durable set must not leave before the next
 * dfod_leasedb_sync() has returned 0.
 */
#ifndef DFOD_DHCP_H
#define DFOD_DHCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

#include "dhcp_pkt.h"
#include "dhcpfo_abi.h"
#include "lease.h"
#include "state.h"

#define DFOD_OFFER_HOLD_DEFAULT		30	/* seconds an offered address is held */
#define DFOD_DECLINE_HOLD_DEFAULT	86400	/* seconds a declined address is quarantined */
#define DFOD_DHCP_HOLD_MAX		(365u * 86400)
/*
 * Offers held at once (about 100 bytes each): a DISCOVER flood from spoofed
 * MACs over a large pool cannot grow memory past this; beyond it offers are
 * sent but not held.
 */
#define DFOD_OFFERS_MAX_DEFAULT		262144

struct dfod_dhcp;

struct dfod_dhcp_conf {
	uint32_t offer_hold;		/* seconds, >= 1 */
	uint32_t decline_hold;		/* seconds, >= 1 */
	uint32_t server_addr;		/* --server-address, host order; 0: per interface */
	uint32_t offers_max;		/* offers held at once; 0: DFOD_OFFERS_MAX_DEFAULT */
};

/* Where a request came in. */
struct dfod_dhcp_ingress {
	uint32_t ifindex;
	uint32_t addrs_be[DFO_IFACE_MAX_ADDR];	/* the interface's, as in dfo_ifaces */
	uint32_t n_addr;
	uint32_t dst_be;		/* IP destination of the datagram (IP_PKTINFO) */
};

/* How a reply is delivered (RFC 2131 4.1). */
enum dfod_dhcp_dest {
	DFOD_DEST_RELAY = 1,		/* UDP to giaddr:67 */
	DFOD_DEST_CIADDR,		/* UDP to ciaddr:68 */
	DFOD_DEST_BROADCAST,		/* 255.255.255.255:68 out of the ingress interface */
	DFOD_DEST_HWADDR,		/* yiaddr:68 at chaddr, built frame, no ARP */
};

struct dfod_dhcp_reply {
	uint8_t type;			/* DFOD_DHCPOFFER/ACK/NAK, DFOD_BOOTP for a BOOTREPLY */
	uint8_t dest;			/* enum dfod_dhcp_dest */
	bool durable;			/* hold until the lease db sync returned 0 */
	uint8_t htype, hlen;
	uint8_t chaddr[16];
	uint32_t ifindex;		/* ingress interface */
	uint32_t src_be;		/* this server's identifier: the source address */
	uint32_t dst_be;		/* giaddr, ciaddr, broadcast or yiaddr */
	uint16_t dport;			/* 67 (relay) or 68 */
	size_t len;
	uint8_t buf[DFOD_DHCP_REPLY_MAX];
};

/* Why a request got no reply. */
enum dfod_dhcp_drop {
	DFOD_DROP_MALFORMED = 0,	/* the codec rejected it, or no usable client key */
	DFOD_DROP_NO_SCOPE,		/* no scope for option 118 / giaddr / ciaddr / interface */
	DFOD_DROP_DISABLED,		/* the scope is disabled */
	DFOD_DROP_PARTNER,		/* HASH: the partner's client (RFC 3074 bucket) */
	DFOD_DROP_OTHER_SERVER,		/* selecting REQUEST for another server's offer */
	DFOD_DROP_BY_STATE,		/* the relationship's state does not answer this class */
	DFOD_DROP_NO_ADDRESS,		/* no free address this server may give */
	DFOD_DROP_UNKNOWN_CLIENT,	/* init-reboot/renew without a record: RFC 2131 silence */
	DFOD_DROP_NOT_OURS,		/* DECLINE/RELEASE of an address not leased to the sender */
	DFOD_DROP_BOOTP,		/* BOOTP without a BOOTP range (or dynamic BOOTP in failover) */
	DFOD_DROP_UNHANDLED,		/* a message type a server does not act on (OFFER, ACK...) */
	DFOD_DROP_NO_SERVER_ID,		/* no address of ours to put in option 54 */
	DFOD_DROP_STORE,		/* the lease db refused the change */
	DFOD_DROP_MAX,
};

enum dfod_dhcp_tx {
	DFOD_TX_OFFER = 0,
	DFOD_TX_ACK,			/* REQUEST and INFORM */
	DFOD_TX_NAK,
	DFOD_TX_BOOTREPLY,
	DFOD_TX_MAX,
};

struct dfod_dhcp_stats {
	uint64_t received;		/* requests handed to the engine */
	uint64_t rx_type[DFO_MSG_SLOTS];	/* as dfo_scope_stats.msg: 0 BOOTP, 1..8, 9 other */
	uint64_t replied[DFOD_TX_MAX];
	uint64_t dropped[DFOD_DROP_MAX];
	uint64_t policy_dropped;	/* of dropped[]: by the relationship's table, as XDP would */
	uint64_t declined, released;	/* DECLINE/RELEASE acted on */
	uint64_t expired;		/* leases moved to EXPIRED by the engine */
	uint64_t alloc_rebuilds;	/* allocation's full walks of a pool slice and the leases */
	uint64_t offers_not_held;	/* offers sent while offers_max were held */
	uint64_t send_errors;		/* counted by dhcpio */
	uint64_t not_configured;	/* datagrams from an interface not configured (dhcpio) */
};

/*
 * The engine over @st and @db (both outlive it). -ENOMEM or 0. Nothing is
 * cached until the first request.
 */
int dfod_dhcp_new(struct dfod_dhcp **ep, struct dfod_state *st, struct dfod_leasedb *db,
		  const struct dfod_dhcp_conf *conf);
void dfod_dhcp_free(struct dfod_dhcp *e);

/*
 * The configuration changed (any applied record): drop every per-scope
 * cache (pools, cursors, compiled policies). The agent calls it after each
 * commit; cheap, the caches are rebuilt on demand.
 */
void dfod_dhcp_config_changed(struct dfod_dhcp *e);

/*
 * Handle one request datagram (the UDP payload). Returns 1 with @out filled
 * when a reply is to be sent, 0 when there is none (the reason is counted),
 * never an error: bad input is a counted drop and changes nothing.
 * @now: wall-clock seconds.
 */
int dfod_dhcp_handle(struct dfod_dhcp *e, const void *pkt, size_t len,
		     const struct dfod_dhcp_ingress *in, uint64_t now, struct dfod_dhcp_reply *out);

/*
 * Timer: offers past their hold go (in memory), ACTIVE leases past their
 * end become EXPIRED (journaled), quarantined addresses past the decline
 * hold become FREE again. Work is bounded per call; returns how many leases
 * changed.
 */
unsigned int dfod_dhcp_tick(struct dfod_dhcp *e, uint64_t now);

const struct dfod_dhcp_stats *dfod_dhcp_stats(const struct dfod_dhcp *e);
struct dfod_dhcp_stats *dfod_dhcp_stats_mut(struct dfod_dhcp *e);
/* The counters as a JSON object (names as in docs/dhcp.md). */
json_object *dfod_dhcp_stats_json(const struct dfod_dhcp *e);
const char *dfod_dhcp_drop_name(unsigned int reason);

/*
 * Whether @l holds its address at @now: ACTIVE (end not passed), OFFERED
 * (hold not passed) or ABANDONED (quarantine not passed). Everything else
 * (FREE, BACKUP, EXPIRED, RELEASED, RESET, or any lease past its end) leaves
 * the address free.
 */
bool dfod_dhcp_lease_in_use(const struct dfod_lease *l, uint64_t now);

/*
 * Per-scope counts for GetScopeStatistics and `dhcpfo lease`. The pool is
 * pool.h's (DHCP-capable ranges minus exclusions and reservations); an
 * address is in use when its lease is (dfod_dhcp_lease_in_use), and belongs
 * to this server or the partner by dfod_pool_owner(). A scope in no
 * relationship owns everything: partner_* are 0.
 */
struct dfod_dhcp_scope_counts {
	uint64_t num_addr;		/* pool size N */
	uint64_t in_use, free;		/* in_use + free == num_addr */
	uint64_t this_in_use, this_free;
	uint64_t partner_in_use, partner_free;
	uint64_t reserved_in_use;	/* leases on reserved addresses (not in the pool) */
};

int dfod_dhcp_scope_counts(const struct dfod_dhcp *e, const struct dfod_scope *s, uint64_t now,
			   struct dfod_dhcp_scope_counts *out);

/*
 * Delete the lease of @addr (DhcpDeleteClientInfo): journaled as a delete
 * (durable at the agent's next sync), the address becomes free.
 * -ENOENT when there is no lease, other -errno from the store.
 */
int dfod_dhcp_lease_delete(struct dfod_dhcp *e, uint32_t addr);

#endif
