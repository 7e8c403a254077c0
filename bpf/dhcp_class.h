/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Message class of a DHCP request (design §3), compiled into both the XDP
 * program and the userspace DHCP engine so the two can never classify a
 * request differently: the engine executes the same action table on the
 * same class, and drops exactly what XDP would drop.
 *
 * Inputs are what both sides see: whether option 53 is present and its
 * value, whether option 54 is present, and ciaddr, giaddr and the IP
 * destination address in network order.
 */
#ifndef DHCPFO_DHCP_CLASS_H
#define DHCPFO_DHCP_CLASS_H

#include <linux/types.h>

#include "dhcpfo_abi.h"

#ifdef __bpf__
#define DFO_CLASS_INLINE	static __attribute__((always_inline)) inline
#else
#define DFO_CLASS_INLINE	static inline
#endif

/*
 * enum dfo_class, or DFO_CLASS_MAX for a message type a server does not
 * act on (OFFER, ACK, NAK in a request, or an unknown type).
 */
DFO_CLASS_INLINE __u8 dfo_dhcp_classify(int has_type, __u8 type, int has_server_id,
					__u32 ciaddr_be, __u32 giaddr_be, __u32 daddr_be)
{
	if (!has_type)
		return DFO_CLASS_BOOTP;
	switch (type) {
	case 1:
		return DFO_CLASS_DISCOVER;
	case 3:
		if (has_server_id)
			return DFO_CLASS_REQ_SELECTING;
		if (!ciaddr_be)
			return DFO_CLASS_REQ_INIT_REBOOT;
		/* Relayed or broadcast: the client lost its server (RFC 2131 4.4.5). */
		if (giaddr_be || daddr_be == 0xffffffff)
			return DFO_CLASS_REQ_REBIND;
		return DFO_CLASS_REQ_RENEW;
	case 4:
		return DFO_CLASS_DECLINE;
	case 7:
		return DFO_CLASS_RELEASE;
	case 8:
		return DFO_CLASS_INFORM;
	default:
		return DFO_CLASS_MAX;
	}
}

/* Counter slot of a message (dfo_scope_stats.msg): 0 BOOTP, 1..8 by type, 9 other. */
DFO_CLASS_INLINE __u8 dfo_dhcp_msg_slot(int has_type, __u8 type)
{
	if (!has_type)
		return DFO_MSG_BOOTP;
	return type >= 1 && type <= 8 ? type : DFO_MSG_OTHER;
}

#endif /* DHCPFO_DHCP_CLASS_H */
