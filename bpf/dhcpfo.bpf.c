// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dhcpfo XDP datapath: decides per DHCP request whether this server of a
 * failover pair answers it. It executes tables compiled by userspace and
 * holds no policy. Anything it does not fully understand is PASSed and
 * counted; the only DROPs are scope decisions taken from a relationship.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "dhcpfo_abi.h"
#include "dhcp_class.h"
#include "rfc3074.h"

#define ETH_P_8021Q_	0x8100
#define ETH_P_8021AD_	0x88A8
#define IP_MF_		0x2000
#define IP_OFFMASK_	0x1FFF
#define DHCP_SERVER_PORT 67
#define BOOTREQUEST	1

/* BOOTP fixed header offsets (RFC 951/2131). */
#define BOOTP_OP	0
#define BOOTP_HLEN	2
#define BOOTP_SECS	8
#define BOOTP_CIADDR	12
#define BOOTP_GIADDR	24
#define BOOTP_CHADDR	28
#define BOOTP_COOKIE	236
#define BOOTP_OPTIONS	240
#define DHCP_COOKIE	0x63825363

/*
 * Bounds of the one option scan. An options area longer than this, or with
 * more options (each PAD counts), is not understood: PASS and count unknown.
 */
#define MAX_OPTIONS	96
#define MAX_OPT_BYTES	1500
/*
 * Every variable packet offset is checked against this constant: it bounds
 * the verifier's idea of the offset, and covers the largest legal one
 * (2 VLAN tags + 60-byte IP header + UDP + BOOTP + 1500 option bytes).
 */
#define PKT_OFF_MAX	0x7ff

#define OPT_PAD		0
#define OPT_REQ_IP	50
#define OPT_OVERLOAD	52
#define OPT_MSG_TYPE	53
#define OPT_SERVER_ID	54
#define OPT_CLIENT_ID	61
#define OPT_SUBNET_SEL	118
#define OPT_END		255

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, DFO_MAX_SCOPES);
	__type(key, struct dfo_lpm_key);
	__type(value, struct dfo_scope);
} dfo_scopes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, DFO_MAX_RELS);
	__type(key, __u32);
	__type(value, struct dfo_rel);
} dfo_rels SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, DFO_MAX_IFACES);
	__type(key, __u32);
	__type(value, struct dfo_iface);
} dfo_ifaces SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, DFO_MAX_SCOPES);
	__type(key, __u32);
	__type(value, struct dfo_scope_stats);
} dfo_scope_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct dfo_global_stats);
} dfo_global SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} dfo_abi SEC(".maps");

/*
 * What the option scan found: for each recorded option, where its data
 * starts (offset from the packet start), its length and how often it was
 * seen. It lives in a per-CPU map value rather than on the stack on purpose:
 * the verifier does not track map memory, so the scan loop carries only its
 * offset from one iteration to the next instead of one state per
 * combination of options seen (which exceeds the 1M instruction limit).
 */
enum opt_slot {
	SLOT_NONE = 0,
	SLOT_MSG_TYPE,		/* 53 */
	SLOT_SERVER_ID,		/* 54 */
	SLOT_CLIENT_ID,		/* 61 */
	SLOT_SUBNET_SEL,	/* 118 */
	SLOT_REQ_IP,		/* 50 */
	SLOT_OVERLOAD,		/* 52 */
	SLOT_MAX,
};

struct dhcp_opts {
	__u16 off[8];
	__u8 len[8];
	__u8 cnt[8];
};

/* Option code -> slot; everything else is skipped by the scan. */
static const __u8 opt_slot_of[256] = {
	[OPT_MSG_TYPE] = SLOT_MSG_TYPE,
	[OPT_SERVER_ID] = SLOT_SERVER_ID,
	[OPT_CLIENT_ID] = SLOT_CLIENT_ID,
	[OPT_SUBNET_SEL] = SLOT_SUBNET_SEL,
	[OPT_REQ_IP] = SLOT_REQ_IP,
	[OPT_OVERLOAD] = SLOT_OVERLOAD,
};

struct scratch {
	struct dhcp_opts o;
	__u8 key[DFO_HASH_MAX_KEY + 1];	/* hash key: option 61 may be 255 bytes */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} dfo_scratch SEC(".maps");

enum scan_res {
	SCAN_OK,
	SCAN_MALFORMED,		/* truncated, bad length, duplicate */
	SCAN_TOO_LONG,		/* no END within the bounds: not understood */
	SCAN_OVERLOAD,
};

/*
 * Scan the options once. The loop only records; validation happens after
 * it, so an iteration has almost no branches for the verifier to walk.
 */
static __always_inline enum scan_res scan_options(struct xdp_md *ctx, __u32 off,
						  __u32 dgram_end, struct dhcp_opts *o)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 end = off + MAX_OPT_BYTES;
	__u64 pos = off;
	__u32 i;

	for (i = 0; i < MAX_OPTIONS; i++) {
		__u8 *p, code, len, slot;

		if (pos > PKT_OFF_MAX || pos >= end)
			return SCAN_TOO_LONG;
		p = data + pos;
		if ((void *)(p + 1) > data_end)
			return SCAN_MALFORMED;
		code = p[0];
		if (code == OPT_END)
			goto validate;
		if (code == OPT_PAD) {
			pos++;
			goto next;
		}
		if ((void *)(p + 2) > data_end)
			return SCAN_MALFORMED;
		len = p[1];
		if ((void *)(p + 2 + len) > data_end)
			return SCAN_MALFORMED;
		slot = opt_slot_of[code] & 7;
		o->off[slot] = pos + 2;
		o->len[slot] = len;
		o->cnt[slot]++;
		pos += 2 + len;
next:
		/*
		 * A no-op at run time (pos <= PKT_OFF_MAX + 257 < 0xfff), but
		 * it resets the verifier's range for pos to [0, 0xfff] on every
		 * path, so the loop head prunes instead of exploring one state
		 * per path. Inline asm so that clang cannot fold it away.
		 */
		asm volatile("%[p] &= 0xfff" : [p] "+r"(pos));
	}
	return SCAN_TOO_LONG;

validate:
	/*
	 * The loop bounds reads by the frame (for the verifier); the meaning
	 * is bounded by the UDP datagram, which is all the DHCP server ever
	 * sees. END inside the datagram puts every option before it inside.
	 * One check here keeps the loop free of it.
	 */
	if (pos + 1 > dgram_end)
		return SCAN_MALFORMED;
	/* RFC 3396 concatenation of these is not understood here. */
	if (o->cnt[SLOT_MSG_TYPE] > 1 || o->cnt[SLOT_SERVER_ID] > 1 ||
	    o->cnt[SLOT_CLIENT_ID] > 1 || o->cnt[SLOT_SUBNET_SEL] > 1 ||
	    o->cnt[SLOT_REQ_IP] > 1)
		return SCAN_MALFORMED;
	if ((o->cnt[SLOT_MSG_TYPE] && o->len[SLOT_MSG_TYPE] != 1) ||
	    (o->cnt[SLOT_SERVER_ID] && o->len[SLOT_SERVER_ID] != 4) ||
	    (o->cnt[SLOT_SUBNET_SEL] && o->len[SLOT_SUBNET_SEL] != 4) ||
	    (o->cnt[SLOT_REQ_IP] && o->len[SLOT_REQ_IP] != 4))
		return SCAN_MALFORMED;
	/* Option 52: the rest may hide in sname/file, which userspace parses. */
	if (o->cnt[SLOT_OVERLOAD])
		return SCAN_OVERLOAD;
	return SCAN_OK;
}

#define COUNT(g, field) ((g)->field++)

static __always_inline int verdict(struct dfo_global_stats *g, int act)
{
	if (act == XDP_DROP)
		g->dropped++;
	else
		g->passed++;
	return act;
}

static __always_inline int load_be32(struct xdp_md *ctx, __u32 off, __u32 *out)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u8 *p;

	if (off > PKT_OFF_MAX)
		return -1;
	p = data + off;
	if ((void *)(p + 4) > data_end)
		return -1;
	*out = *(__u32 *)p;	/* stays network order */
	return 0;
}

static __always_inline struct dfo_scope *lookup_scope(__u32 addr_be)
{
	struct dfo_lpm_key k = { .prefixlen = 32, .addr_be = addr_be };

	return bpf_map_lookup_elem(&dfo_scopes, &k);
}

/* Design §3 selection order: option 118, giaddr, ciaddr, ingress interface. */
static __always_inline struct dfo_scope *select_scope(struct xdp_md *ctx,
						      const struct dhcp_opts *o,
						      __u32 giaddr, __u32 ciaddr)
{
	struct dfo_iface *ifc;
	__u32 ifindex = ctx->ingress_ifindex;
	__u32 sel, i;

	if (o->cnt[SLOT_SUBNET_SEL]) {
		if (load_be32(ctx, o->off[SLOT_SUBNET_SEL], &sel))
			return NULL;
		return lookup_scope(sel);
	}
	if (giaddr)
		return lookup_scope(giaddr);
	if (ciaddr)
		return lookup_scope(ciaddr);

	ifc = bpf_map_lookup_elem(&dfo_ifaces, &ifindex);
	if (!ifc)
		return NULL;
	for (i = 0; i < DFO_IFACE_MAX_ADDR; i++) {
		struct dfo_scope *s;

		if (i >= ifc->n_addr)
			break;
		s = lookup_scope(ifc->addr_be[i]);
		if (s)
			return s;
	}
	return NULL;
}

/*
 * A global (non-static) function is verified once, on its own, instead of
 * once per state that reaches its call site: the 255-step hash walk then
 * costs the verifier a few thousand instructions in total.
 */
__noinline int dfo_bucket(struct scratch *sc, __u32 len)
{
	if (!sc)
		return -1;
	return dfo_rfc3074_hash(sc->key, len);
}

/*
 * The bucket of this client, or -1 when no usable key exists (no client-id
 * and an hlen outside 1..16).
 */
static __always_inline int client_bucket(struct xdp_md *ctx, struct scratch *sc,
					 __u32 bootp, __u8 key_mode)
{
	const struct dhcp_opts *o = &sc->o;
	__u32 len, off;

	if (key_mode == DFO_KEY_CLIENT_ID && o->cnt[SLOT_CLIENT_ID] && o->len[SLOT_CLIENT_ID]) {
		off = o->off[SLOT_CLIENT_ID];
		len = o->len[SLOT_CLIENT_ID];
	} else {
		void *data = (void *)(long)ctx->data;
		void *data_end = (void *)(long)ctx->data_end;
		__u8 *p;

		if (bootp > PKT_OFF_MAX)
			return -1;
		p = data + bootp + BOOTP_HLEN;
		if ((void *)(p + 1) > data_end)
			return -1;
		len = *p;
		if (len < 1 || len > 16)
			return -1;
		off = bootp + BOOTP_CHADDR;
	}
	if (len < 1 || len > DFO_HASH_MAX_KEY)
		return -1;
	/* (len - 1) & mask + 1 keeps the verifier's bounds at [1, 256]. */
	len = ((len - 1) & DFO_HASH_MAX_KEY) + 1;
	if (bpf_xdp_load_bytes(ctx, off, sc->key, len))
		return -1;
	return dfo_bucket(sc, len);
}

SEC("xdp")
int dhcpfo_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct dfo_global_stats *g;
	struct dfo_scope_stats *ss;
	struct dfo_scope *scope;
	struct dfo_rel *rel;
	struct scratch *sc;
	struct dhcp_opts *o;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	struct udphdr *udp;
	__u32 zero = 0, off, bootp, ciaddr, giaddr, ip_len, ihl, i;
	__u16 proto, secs;
	__u8 *b, msg = 0, cls, act, mslot;
	enum scan_res sr;
	int bucket;

	g = bpf_map_lookup_elem(&dfo_global, &zero);
	if (!g)		/* cannot happen: index 0 of a 1-entry array */
		return XDP_PASS;
	COUNT(g, rx);

	if ((void *)(eth + 1) > data_end)
		goto malformed;
	proto = eth->h_proto;
	off = sizeof(*eth);

	/* Up to two VLAN tags, 802.1Q or 802.1AD in either position. */
#pragma unroll
	for (i = 0; i < 2; i++) {
		struct { __be16 tci; __be16 proto; } *vh;

		if (proto != bpf_htons(ETH_P_8021Q_) && proto != bpf_htons(ETH_P_8021AD_))
			break;
		vh = data + off;
		if ((void *)(vh + 1) > data_end)
			goto malformed;
		proto = vh->proto;
		off += sizeof(*vh);
	}
	if (proto == bpf_htons(ETH_P_8021Q_) || proto == bpf_htons(ETH_P_8021AD_)) {
		COUNT(g, vlan_too_deep);
		return verdict(g, XDP_PASS);
	}
	if (proto != bpf_htons(ETH_P_IP))
		goto not_dhcp;

	ip = data + off;
	if ((void *)(ip + 1) > data_end)
		goto malformed;
	if (ip->version != 4 || ip->ihl < 5)
		goto malformed;
	ihl = ip->ihl * 4;
	ip_len = bpf_ntohs(ip->tot_len);
	/*
	 * 6.1's verifier loses every bound through the byte swap; mask it back
	 * (a no-op at run time) behind a barrier so clang keeps the mask.
	 */
	asm volatile("" : "+r"(ip_len));
	ip_len &= 0xffff;
	if (ip_len < ihl || (void *)ip + ip_len > data_end)
		goto malformed;
	if (ip->protocol != IPPROTO_UDP)
		goto not_dhcp;
	if (ip->frag_off & bpf_htons(IP_MF_ | IP_OFFMASK_)) {
		COUNT(g, fragments);
		return verdict(g, XDP_PASS);
	}

	off += ihl;
	udp = data + off;
	if ((void *)(udp + 1) > data_end)
		goto malformed;
	if (udp->dest != bpf_htons(DHCP_SERVER_PORT))
		goto not_dhcp;
	if (bpf_ntohs(udp->len) < sizeof(*udp) ||
	    bpf_ntohs(udp->len) > ip_len - ihl)
		goto malformed;

	bootp = off + sizeof(*udp);
	if (bootp > PKT_OFF_MAX)
		goto malformed;
	b = data + bootp;
	if ((void *)(b + BOOTP_OPTIONS) > data_end ||
	    bpf_ntohs(udp->len) < sizeof(*udp) + BOOTP_OPTIONS)
		goto malformed;
	if (b[BOOTP_OP] != BOOTREQUEST)
		goto not_dhcp;
	if (*(__u32 *)(b + BOOTP_COOKIE) != bpf_htonl(DHCP_COOKIE))
		goto unknown;
	ciaddr = *(__u32 *)(b + BOOTP_CIADDR);
	giaddr = *(__u32 *)(b + BOOTP_GIADDR);
	secs = bpf_ntohs(*(__u16 *)(b + BOOTP_SECS));

	sc = bpf_map_lookup_elem(&dfo_scratch, &zero);
	if (!sc)
		goto unknown;
	o = &sc->o;
	__builtin_memset(o, 0, sizeof(*o));
	sr = scan_options(ctx, bootp + BOOTP_OPTIONS, off + bpf_ntohs(udp->len), o);
	if (sr == SCAN_MALFORMED)
		goto malformed;
	if (sr == SCAN_TOO_LONG)
		goto unknown;
	if (sr == SCAN_OVERLOAD) {
		COUNT(g, overload);
		return verdict(g, XDP_PASS);
	}

	if (o->cnt[SLOT_MSG_TYPE]) {
		__u8 *m;

		if (o->off[SLOT_MSG_TYPE] > PKT_OFF_MAX)
			goto malformed;
		m = data + o->off[SLOT_MSG_TYPE];

		if ((void *)(m + 1) > data_end)
			goto malformed;
		msg = *m;
	}

	/* Classify (bpf/dhcp_class.h: the DHCP engine classifies with the same code). */
	mslot = dfo_dhcp_msg_slot(o->cnt[SLOT_MSG_TYPE], msg);
	cls = dfo_dhcp_classify(o->cnt[SLOT_MSG_TYPE], msg, o->cnt[SLOT_SERVER_ID], ciaddr,
				giaddr, ip->daddr);

	scope = select_scope(ctx, o, giaddr, ciaddr);
	if (!scope) {
		COUNT(g, no_scope);
		return verdict(g, XDP_PASS);
	}
	ss = bpf_map_lookup_elem(&dfo_scope_stats, &scope->stats_slot);
	if (ss) {
		ss->received++;
		/*
		 * clang can prove mslot < DFO_MSG_SLOTS and would drop this
		 * check, but the verifier needs it: hide the value from clang,
		 * in a 64-bit register so check and index are the same one.
		 */
		__u64 ms = mslot;

		asm volatile("" : "+r"(ms));
		if (ms < DFO_MSG_SLOTS)
			ss->msg[ms]++;
	}
	if (cls >= DFO_CLASS_MAX)
		goto unknown_pass;
	if (!scope->rel_id)
		goto not_in_rel;
	rel = bpf_map_lookup_elem(&dfo_rels, &scope->rel_id);
	if (!rel)
		goto not_in_rel;

	act = rel->action[cls & 15];
	switch (act) {
	case DFO_ACT_PASS:
		goto pass;
	case DFO_ACT_DROP:
		if (ss)
			ss->dropped_by_state++;
		return verdict(g, XDP_DROP);
	case DFO_ACT_BY_SERVER_ID: {
		__u32 sid;

		/* Without option 54 there is no server to compare with. */
		if (!o->cnt[SLOT_SERVER_ID])
			goto unknown_pass;
		if (load_be32(ctx, o->off[SLOT_SERVER_ID], &sid))
			goto malformed;
		if (sid == rel->server_id_be)
			goto pass;
		if (ss)
			ss->dropped_other_server++;
		return verdict(g, XDP_DROP);
	}
	case DFO_ACT_HASH:
		bucket = client_bucket(ctx, sc, bootp, rel->key_mode);
		if (bucket < 0)
			goto unknown_pass;
		if (dfo_hba_test(rel->hba, bucket))
			goto pass;
		if (rel->lb_max_secs && secs > rel->lb_max_secs) {
			if (ss) {
				ss->passed_by_secs++;
				ss->passed++;
			}
			return verdict(g, XDP_PASS);
		}
		if (ss)
			ss->dropped_not_ours++;
		return verdict(g, XDP_DROP);
	default:
		/* An action this program does not know: never drop on it. */
		goto unknown_pass;
	}

unknown_pass:
	/* Understood framing inside a scope, but not a case we decide on. */
	COUNT(g, unknown);

pass:
	if (ss)
		ss->passed++;
	return verdict(g, XDP_PASS);
not_in_rel:
	COUNT(g, not_in_rel);
	if (ss)
		ss->passed++;
	return verdict(g, XDP_PASS);
not_dhcp:
	COUNT(g, not_dhcp);
	return verdict(g, XDP_PASS);
unknown:
	COUNT(g, unknown);
	return verdict(g, XDP_PASS);
malformed:
	COUNT(g, malformed);
	return verdict(g, XDP_PASS);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
