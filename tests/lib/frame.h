/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Build DHCP-over-Ethernet frames for tests, tools and benchmarks:
 * 0-2 VLAN tags, IPv4 with options and fragment bits, UDP, BOOTP and a raw
 * options area. It builds what it is told, malformed included.
 */
#ifndef DFO_TEST_FRAME_H
#define DFO_TEST_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#define DFO_FRAME_MAX	2048

struct dfo_frame {
	__u8 dst_mac[6], src_mac[6];
	int n_vlan;			/* 0..3 (3 = too deep, for tests) */
	__u16 vlan_proto[3];		/* 0x8100 or 0x88a8 */
	__u16 vlan_tci[3];
	__u16 ethertype;		/* default 0x0800 when 0 */
	__u32 saddr_be, daddr_be;
	__u8 ip_opt_len;		/* multiple of 4, <= 40 */
	__u16 frag_off;			/* host order: 0x2000 MF, low 13 bits offset */
	__u8 ip_proto;			/* default 17 when 0 */
	__u16 sport, dport;		/* host order; default 68 -> 67 when 0 */
	__u8 op, htype, hlen, hops;	/* op default 1, htype 1, hlen 6 when op == 0 */
	__u32 xid;
	__u16 secs, flags;		/* host order */
	__u32 ciaddr_be, yiaddr_be, siaddr_be, giaddr_be;
	__u8 chaddr[16];
	bool no_cookie;
	__u8 opts[1600];		/* raw options after the magic cookie */
	size_t opts_len;
	size_t bootp_min;		/* pad BOOTP payload with zeros to this (default 300) */
};

/* A DHCP request of @msgtype (0 = BOOTP: no option 53) from @mac, broadcast. */
void dfo_frame_init(struct dfo_frame *f, int msgtype, const __u8 mac[6]);
/* Append one option; returns false when it does not fit. */
bool dfo_frame_opt(struct dfo_frame *f, __u8 code, __u8 len, const void *data);
bool dfo_frame_opt_u32(struct dfo_frame *f, __u8 code, __u32 val_be);
/* Append the END option. */
bool dfo_frame_end(struct dfo_frame *f);
/* Serialise; returns the frame length, 0 if it does not fit @cap. */
size_t dfo_frame_build(const struct dfo_frame *f, __u8 *buf, size_t cap);

/* Offsets within a frame built by dfo_frame_build (for truncation tests). */
size_t dfo_frame_l3_off(const struct dfo_frame *f);
size_t dfo_frame_bootp_off(const struct dfo_frame *f);

#endif
