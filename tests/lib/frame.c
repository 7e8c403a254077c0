// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <string.h>
#include <arpa/inet.h>

#include "frame.h"

#define BOOTP_FIXED	236

void dfo_frame_init(struct dfo_frame *f, int msgtype, const __u8 mac[6])
{
	memset(f, 0, sizeof(*f));
	memset(f->dst_mac, 0xff, 6);
	memcpy(f->src_mac, mac, 6);
	memcpy(f->chaddr, mac, 6);
	f->daddr_be = htonl(0xffffffff);
	f->op = 1;
	f->htype = 1;
	f->hlen = 6;
	f->xid = 0x12345678;
	f->bootp_min = 300;
	if (msgtype) {
		__u8 t = msgtype;

		dfo_frame_opt(f, 53, 1, &t);
	}
}

bool dfo_frame_opt(struct dfo_frame *f, __u8 code, __u8 len, const void *data)
{
	if (f->opts_len + 2 + len > sizeof(f->opts))
		return false;
	f->opts[f->opts_len++] = code;
	f->opts[f->opts_len++] = len;
	if (len)
		memcpy(f->opts + f->opts_len, data, len);
	f->opts_len += len;
	return true;
}

bool dfo_frame_opt_u32(struct dfo_frame *f, __u8 code, __u32 val_be)
{
	return dfo_frame_opt(f, code, 4, &val_be);
}

bool dfo_frame_end(struct dfo_frame *f)
{
	if (f->opts_len + 1 > sizeof(f->opts))
		return false;
	f->opts[f->opts_len++] = 255;
	return true;
}

size_t dfo_frame_l3_off(const struct dfo_frame *f)
{
	return 14 + 4 * (size_t)f->n_vlan;
}

size_t dfo_frame_bootp_off(const struct dfo_frame *f)
{
	return dfo_frame_l3_off(f) + 20 + f->ip_opt_len + 8;
}

static __u16 ip_csum(const __u8 *p, size_t len)
{
	__u32 sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

size_t dfo_frame_build(const struct dfo_frame *f, __u8 *buf, size_t cap)
{
	size_t l3 = dfo_frame_l3_off(f), ihl = 20 + f->ip_opt_len;
	size_t bootp = l3 + ihl + 8, payload, total, i;
	__u16 v16;
	__u8 *ip, *udp, *b;

	payload = BOOTP_FIXED + (f->no_cookie ? 0 : 4) + f->opts_len;
	if (payload < f->bootp_min)
		payload = f->bootp_min;
	total = bootp + payload;
	if (total > cap || f->ip_opt_len > 40 || (f->ip_opt_len & 3) || f->n_vlan > 3)
		return 0;
	memset(buf, 0, total);

	memcpy(buf, f->dst_mac, 6);
	memcpy(buf + 6, f->src_mac, 6);
	for (i = 0; i < (size_t)f->n_vlan; i++) {
		v16 = htons(f->vlan_proto[i] ? f->vlan_proto[i] : 0x8100);
		memcpy(buf + 12 + 4 * i, &v16, 2);
		v16 = htons(f->vlan_tci[i]);
		memcpy(buf + 14 + 4 * i, &v16, 2);
	}
	v16 = htons(f->ethertype ? f->ethertype : 0x0800);
	memcpy(buf + l3 - 2, &v16, 2);

	ip = buf + l3;
	ip[0] = 0x40 | (ihl / 4);
	v16 = htons(total - l3);
	memcpy(ip + 2, &v16, 2);
	v16 = htons(f->frag_off);
	memcpy(ip + 6, &v16, 2);
	ip[8] = 64;
	ip[9] = f->ip_proto ? f->ip_proto : 17;
	memcpy(ip + 12, &f->saddr_be, 4);
	memcpy(ip + 16, &f->daddr_be, 4);
	for (i = 20; i < ihl; i++)
		ip[i] = 1;	/* NOP options */
	v16 = ip_csum(ip, ihl);
	memcpy(ip + 10, &v16, 2);

	udp = ip + ihl;
	v16 = htons(f->sport ? f->sport : 68);
	memcpy(udp, &v16, 2);
	v16 = htons(f->dport ? f->dport : 67);
	memcpy(udp + 2, &v16, 2);
	v16 = htons(8 + payload);
	memcpy(udp + 4, &v16, 2);

	b = buf + bootp;
	b[0] = f->op;
	b[1] = f->htype;
	b[2] = f->hlen;
	b[3] = f->hops;
	memcpy(b + 4, &(__u32){ htonl(f->xid) }, 4);
	v16 = htons(f->secs);
	memcpy(b + 8, &v16, 2);
	v16 = htons(f->flags);
	memcpy(b + 10, &v16, 2);
	memcpy(b + 12, &f->ciaddr_be, 4);
	memcpy(b + 16, &f->yiaddr_be, 4);
	memcpy(b + 20, &f->siaddr_be, 4);
	memcpy(b + 24, &f->giaddr_be, 4);
	memcpy(b + 28, f->chaddr, 16);
	if (!f->no_cookie) {
		memcpy(b + BOOTP_FIXED, "\x63\x82\x53\x63", 4);
		memcpy(b + BOOTP_FIXED + 4, f->opts, f->opts_len);
	} else {
		memcpy(b + BOOTP_FIXED, f->opts, f->opts_len);
	}
	return total;
}
