// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Differential test (issue 2): random and mutated frames through the XDP
 * program and through an independent userspace model of the datapath
 * contract (design §3, the comments of dhcpfo_abi.h); the verdict of every
 * frame and the counters it moves must agree.
 *
 * The model has its own parser, written from the spec and not from the
 * program: it shares only the ABI structs and the RFC 3074 hash header.
 * The spec: design §3, the ABI comments, docs/datapath.md, and two rules
 * from commit e339ef6: the BOOTP header, cookie and options (up to END)
 * must lie inside the UDP datagram, else malformed; BY_SERVER_ID on a
 * request without option 54 passes as unknown.
 * The maps are randomised too ("worlds": scopes with overlapping prefixes,
 * relationships with random action tables, HBAs, lb_max_secs, key modes and
 * an interface entry for lo) and replaced every WORLD_CASES frames.
 *
 * Global counters are compared after every frame; per-scope counters in
 * aggregate every WINDOW frames (a mismatch replays the window frame by
 * frame to name the first frame that diverged).
 *
 * Environment:
 *   DFO_DIFF_SEED        PRNG seed (default from time and pid; always printed)
 *   DFO_DIFF_CASES       number of frames (default 100000)
 *   DFO_DIFF_ONLY        run only this case index of the seed, verbosely
 *   DFO_DIFF_KEEP_GOING  1: do not stop at the first mismatch, tabulate them
 *
 * Every case and every world draws from its own PRNG stream derived from the
 * seed and its index, so DFO_DIFF_SEED + DFO_DIFF_ONLY reproduce one frame.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/bpf.h>

#include "dhcpfo_abi.h"
#include "rfc3074.h"
#include "datapath.h"
#include "policy.h"
#include "frame.h"
#include "xdprun.h"

#define DEFAULT_CASES	100000
#define WORLD_CASES	2500		/* frames per map configuration */
#define WINDOW		500		/* per-scope counters compared every WINDOW frames */
#define FRAME_CAP	1600		/* frames stay <= 1600 bytes (see the 2047 offset bound) */
#define IFINDEX		1		/* lo */
#define ETH_MIN		14		/* BPF_PROG_TEST_RUN refuses shorter XDP input */

#define W_MAX_SCOPES	16
#define W_NRELS		4		/* relationship ids 1..W_NRELS, each maybe absent */
#define W_MISSING_REL	77		/* a rel_id that is never in dfo_rels */
#define W_MAX_POOL	64

/* ------------------------------------------------------------------ */
/* PRNG: splitmix64, one stream per world and per case.               */

struct rng {
	__u64 s;
};

static __u64 mix64(__u64 z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static __u64 rng_next(struct rng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	return mix64(r->s);
}

static struct rng rng_stream(__u64 seed, __u64 stream, __u64 idx)
{
	struct rng r = { .s = mix64(seed ^ mix64(stream * 0x100000001b3ULL + idx + 1)) };

	return r;
}

static __u32 rnd(struct rng *r, __u32 n)
{
	return n ? (__u32)(rng_next(r) % n) : 0;
}

static bool chance(struct rng *r, unsigned int pct)
{
	return rnd(r, 100) < pct;
}

static void rnd_bytes(struct rng *r, void *p, size_t n)
{
	__u8 *b = p;

	while (n--)
		*b++ = (__u8)rng_next(r);
}

/* ------------------------------------------------------------------ */
/* Worlds: the map contents.                                          */

struct w_scope {
	__u32 addr_be;
	__u32 plen;
	struct dfo_scope sc;
};

struct world {
	struct w_scope scopes[W_MAX_SCOPES];
	int n_scopes;
	bool rel_present[W_NRELS + 1];		/* by id, 1..W_NRELS */
	struct dfo_rel rels[W_NRELS + 1];
	bool has_iface;
	struct dfo_iface ifc;
	__u32 pool[W_MAX_POOL];			/* interesting addresses, network order */
	int n_pool;
	__u32 sids[3];				/* server identifiers in use */
};

static void pool_add(struct world *w, __u32 addr)
{
	if (w->n_pool < W_MAX_POOL)
		w->pool[w->n_pool++] = htonl(addr);
}

static __u32 mask_of(__u32 plen)
{
	return plen ? ~0u << (32 - plen) : 0;
}

static void scope_add(struct rng *r, struct world *w, __u32 addr, __u32 plen)
{
	struct w_scope *s;
	int i, k;

	addr &= mask_of(plen);
	if (w->n_scopes >= W_MAX_SCOPES)
		return;
	for (i = 0; i < w->n_scopes; i++)
		if (w->scopes[i].plen == plen && w->scopes[i].addr_be == htonl(addr))
			return;
	s = &w->scopes[w->n_scopes];
	s->addr_be = htonl(addr);
	s->plen = plen;
	s->sc.scope_id = addr;
	k = rnd(r, 100);
	s->sc.rel_id = k < 12 ? 0 : k < 18 ? W_MISSING_REL : 1 + rnd(r, W_NRELS);
	s->sc.stats_slot = w->n_scopes;	/* the model uses the index as the slot */
	w->n_scopes++;
}

static void gen_hba(struct rng *r, __u8 *hba)
{
	int k = rnd(r, 100);

	if (k < 35) {
		rnd_bytes(r, hba, DFO_HBA_BYTES);
	} else if (k < 75) {
		if (dfo_hba__from_percentage(hba, rnd(r, 101), rnd(r, 2)))
			memset(hba, 0, DFO_HBA_BYTES);
	} else if (k < 87) {
		memset(hba, 0, DFO_HBA_BYTES);
	} else {
		memset(hba, 0xff, DFO_HBA_BYTES);
	}
}

static __u16 gen_lb_max_secs(struct rng *r)
{
	int k = rnd(r, 100);

	if (k < 40)
		return 0;
	if (k < 85)
		return 1 + rnd(r, 300);
	if (k < 92)
		return 65535;
	return (__u16)rnd(r, 65536);
}

static void gen_rel(struct rng *r, const struct world *w, struct dfo_rel *rel)
{
	static const __u8 bad_act[] = { 4, 7, 255 };
	struct dfo_policy p;
	int c, k;

	if (chance(r, 25)) {
		memset(&p, 0, sizeof(p));
		p.mode = rnd(r, 2);
		p.role = rnd(r, 2);
		p.state = rnd(r, DFO_FSM_MAX);
		p.percentage = rnd(r, 101);
		p.lb_max_secs = gen_lb_max_secs(r);
		p.key_mode = rnd(r, 2);
		p.server_id_be = w->sids[rnd(r, 3)];
		if (!dfo_policy__compile(&p, rel)) {
			if (chance(r, 30))
				rel->action[rnd(r, DFO_CLASS_MAX)] = rnd(r, 4);
			return;
		}
	}
	memset(rel, 0, sizeof(*rel));
	for (c = 0; c < 16; c++) {
		k = rnd(r, 100);
		if (c >= DFO_CLASS_MAX)
			rel->action[c] = (__u8)rng_next(r);	/* never read */
		else if (k < 22)
			rel->action[c] = DFO_ACT_PASS;
		else if (k < 38)
			rel->action[c] = DFO_ACT_DROP;
		else if (k < 72)
			rel->action[c] = DFO_ACT_HASH;
		else if (k < 93)
			rel->action[c] = DFO_ACT_BY_SERVER_ID;
		else if (k < 97)
			rel->action[c] = bad_act[rnd(r, 3)];
		else
			rel->action[c] = 4 + rnd(r, 252);
	}
	gen_hba(r, rel->hba);
	rel->server_id_be = chance(r, 90) ? w->sids[rnd(r, 3)] : (__u32)rng_next(r);
	rel->lb_max_secs = gen_lb_max_secs(r);
	k = rnd(r, 100);
	rel->key_mode = k < 50 ? DFO_KEY_CLIENT_ID : k < 90 ? DFO_KEY_CHADDR : 2 + rnd(r, 254);
	rel->state = rnd(r, DFO_FSM_MAX);
	rel->mode = rnd(r, 2);
	rel->role = rnd(r, 2);
}

/* An address inside scope @s (host order). */
static __u32 scope_addr(struct rng *r, const struct w_scope *s)
{
	return ntohl(s->addr_be) | ((__u32)rng_next(r) & ~mask_of(s->plen));
}

static void gen_world(struct rng *r, struct world *w, long world_no)
{
	int b, n_bases, i, hit;
	__u32 a, c, d;

	memset(w, 0, sizeof(*w));
	for (i = 0; i < 3; i++)
		w->sids[i] = htonl(0x0a000000 | rnd(r, 1 << 24));
	n_bases = 1 + rnd(r, 3);
	for (b = 0; b < n_bases; b++) {
		a = 0x0a000000 | (10 * b + rnd(r, 10)) << 16;
		c = a | rnd(r, 256) << 8;
		d = c | rnd(r, 16) << 4;
		if (chance(r, 75))
			scope_add(r, w, a, 16);
		if (chance(r, 85))
			scope_add(r, w, c, 24);
		if (chance(r, 70))
			scope_add(r, w, d, 28);
		if (chance(r, 30))
			scope_add(r, w, a | rnd(r, 256) << 8, 24);
		if (chance(r, 15))
			scope_add(r, w, d | rnd(r, 16), 32);
		pool_add(w, a | rnd(r, 65536));
		pool_add(w, a | rnd(r, 65536));
		pool_add(w, c | rnd(r, 256));
		pool_add(w, c | rnd(r, 256));
		pool_add(w, d | rnd(r, 16));
		pool_add(w, d | rnd(r, 16));
	}
	if (chance(r, 30))
		scope_add(r, w, 0x0a000000, 8);
	if (chance(r, 8))
		scope_add(r, w, 0, 0);
	if (chance(r, 25)) {
		a = 0xc0a80000 | rnd(r, 256) << 8;
		scope_add(r, w, a, 24);
		pool_add(w, a | rnd(r, 256));
	}
	for (i = 0; i < w->n_scopes; i++)
		pool_add(w, scope_addr(r, &w->scopes[i]));
	pool_add(w, 0xc0a80000 | rnd(r, 65536));
	pool_add(w, 0xac100000 | rnd(r, 1 << 20));
	pool_add(w, 0x0ac80000 | rnd(r, 1 << 19));
	pool_add(w, 0);
	pool_add(w, 0xffffffff);

	for (i = 1; i <= W_NRELS; i++) {
		w->rel_present[i] = chance(r, 85);
		if (w->rel_present[i])
			gen_rel(r, w, &w->rels[i]);
	}
	/*
	 * Interface addresses: the first one a scope covers is at position
	 * @hit, which cycles with the world number so that every position is
	 * exercised (4: none within n_addr); the ones before it miss (0 or
	 * TEST-NET), the ones after it are anything.
	 */
	w->has_iface = chance(r, 90);
	hit = world_no % (DFO_IFACE_MAX_ADDR + 1);
	w->ifc.n_addr = hit < DFO_IFACE_MAX_ADDR ? hit + 1 + rnd(r, DFO_IFACE_MAX_ADDR - hit) :
			rnd(r, DFO_IFACE_MAX_ADDR + 1);
	for (i = 0; i < DFO_IFACE_MAX_ADDR; i++) {
		if (i < hit && (__u32)i < w->ifc.n_addr)
			a = chance(r, 30) ? 0 : 0xc0000200 | rnd(r, 256);
		else if ((i == hit || chance(r, 40)) && w->n_scopes)
			a = scope_addr(r, &w->scopes[rnd(r, w->n_scopes)]);
		else
			a = ntohl(w->pool[rnd(r, w->n_pool)]);
		w->ifc.addr_be[i] = htonl(a);
	}
}

static void print_world(FILE *out, const struct world *w)
{
	char a[INET_ADDRSTRLEN];
	int i, c;
	__u32 k;

	fprintf(out, "world: %d scopes\n", w->n_scopes);
	for (i = 0; i < w->n_scopes; i++)
		fprintf(out, "  scope %s/%u rel %u slot %u\n",
			inet_ntop(AF_INET, &w->scopes[i].addr_be, a, sizeof(a)), w->scopes[i].plen,
			w->scopes[i].sc.rel_id, w->scopes[i].sc.stats_slot);
	for (i = 1; i <= W_NRELS; i++) {
		const struct dfo_rel *rel = &w->rels[i];

		if (!w->rel_present[i]) {
			fprintf(out, "  rel %d absent\n", i);
			continue;
		}
		fprintf(out, "  rel %d actions", i);
		for (c = 0; c < DFO_CLASS_MAX; c++)
			fprintf(out, " %u", rel->action[c]);
		fprintf(out, " hba %u buckets sid %s lb_max_secs %u key_mode %u\n",
			dfo_hba__count(rel->hba),
			inet_ntop(AF_INET, &rel->server_id_be, a, sizeof(a)),
			rel->lb_max_secs, rel->key_mode);
	}
	if (!w->has_iface) {
		fprintf(out, "  iface %d: no entry\n", IFINDEX);
		return;
	}
	fprintf(out, "  iface %d: n_addr %u:", IFINDEX, w->ifc.n_addr);
	for (k = 0; k < DFO_IFACE_MAX_ADDR; k++)
		fprintf(out, " %s", inet_ntop(AF_INET, &w->ifc.addr_be[k], a, sizeof(a)));
	fprintf(out, "\n");
}

/* ------------------------------------------------------------------ */
/* The model: frame -> verdict and counters, from the spec alone.      */

enum det {
	D_VLAN_TOO_DEEP,
	D_MAL_ETH,		/* shorter than Ethernet; BPF_PROG_TEST_RUN cannot send it */
	D_MAL_VLAN,		/* VLAN tag cut */
	D_NOT_IPV4,
	D_MAL_IP_SHORT,		/* IPv4 header cut */
	D_MAL_IP_VER,
	D_MAL_IP_IHL,
	D_MAL_IP_TOTLEN,	/* tot_len < IHL*4 */
	D_MAL_IP_BEYOND,	/* tot_len beyond the frame */
	D_NOT_UDP,
	D_FRAGMENT,
	D_MAL_UDP_SHORT,
	D_NOT_PORT67,
	D_MAL_UDP_LEN,
	D_MAL_BOOTP_SHORT,
	D_MAL_BOOTP_PAST_UDP,	/* in the frame but not in the UDP datagram */
	D_NOT_BOOTREQUEST,
	D_BAD_COOKIE,
	D_MAL_OPT_TRUNC,
	D_NO_END,
	D_END_PAST_UDP,		/* END beyond the UDP datagram (options outside it) */
	D_MAL_OPT_DUP,
	D_MAL_OPT_LEN,
	D_OVERLOAD,
	D_NO_SCOPE_118,
	D_NO_SCOPE_GIADDR,
	D_NO_SCOPE_CIADDR,
	D_NO_SCOPE_IFACE,
	D_OTHER_MSGTYPE,
	D_REL_ZERO,
	D_REL_MISSING,
	D_ACT_PASS,
	D_ACT_DROP,
	D_SID_PASS,
	D_SID_DROP,
	D_SID_NO_54,
	D_HASH_OURS,
	D_HASH_SECS,
	D_HASH_NOT_OURS,
	D_HASH_BAD_HLEN,
	D_BAD_ACTION,
	D_MAX,
};

/* dfo_global_stats viewed as __u64[NG]. */
#define NG	((int)(sizeof(struct dfo_global_stats) / sizeof(__u64)))
#define G(f)	((int)(offsetof(struct dfo_global_stats, f) / sizeof(__u64)))
#define NS	((int)(sizeof(struct dfo_scope_stats) / sizeof(__u64)))
#define S(f)	((int)(offsetof(struct dfo_scope_stats, f) / sizeof(__u64)))

static const char *const g_names[NG] = {
	[G(rx)] = "rx", [G(passed)] = "passed", [G(dropped)] = "dropped",
	[G(not_dhcp)] = "not_dhcp", [G(malformed)] = "malformed",
	[G(fragments)] = "fragments", [G(overload)] = "overload", [G(unknown)] = "unknown",
	[G(no_scope)] = "no_scope", [G(not_in_rel)] = "not_in_rel",
	[G(vlan_too_deep)] = "vlan_too_deep",
};

static const struct det_info {
	const char *name;
	int gfield;		/* global reason counter, -1 none */
	__u32 verdict;
} det_info[D_MAX] = {
	[D_VLAN_TOO_DEEP]	= { "vlan_too_deep",		G(vlan_too_deep), XDP_PASS },
	[D_MAL_ETH]		= { "malformed/eth_short",	G(malformed), XDP_PASS },
	[D_MAL_VLAN]		= { "malformed/vlan_short",	G(malformed), XDP_PASS },
	[D_NOT_IPV4]		= { "not_dhcp/not_ipv4",	G(not_dhcp), XDP_PASS },
	[D_MAL_IP_SHORT]	= { "malformed/ip_short",	G(malformed), XDP_PASS },
	[D_MAL_IP_VER]		= { "malformed/ip_version",	G(malformed), XDP_PASS },
	[D_MAL_IP_IHL]		= { "malformed/ip_ihl",		G(malformed), XDP_PASS },
	[D_MAL_IP_TOTLEN]	= { "malformed/ip_totlen<ihl",	G(malformed), XDP_PASS },
	[D_MAL_IP_BEYOND]	= { "malformed/ip_beyond_frame", G(malformed), XDP_PASS },
	[D_NOT_UDP]		= { "not_dhcp/not_udp",		G(not_dhcp), XDP_PASS },
	[D_FRAGMENT]		= { "fragments",		G(fragments), XDP_PASS },
	[D_MAL_UDP_SHORT]	= { "malformed/udp_short",	G(malformed), XDP_PASS },
	[D_NOT_PORT67]		= { "not_dhcp/port",		G(not_dhcp), XDP_PASS },
	[D_MAL_UDP_LEN]		= { "malformed/udp_len",	G(malformed), XDP_PASS },
	[D_MAL_BOOTP_SHORT]	= { "malformed/bootp_short",	G(malformed), XDP_PASS },
	[D_MAL_BOOTP_PAST_UDP]	= { "malformed/bootp_past_udp",	G(malformed), XDP_PASS },
	[D_NOT_BOOTREQUEST]	= { "not_dhcp/op",		G(not_dhcp), XDP_PASS },
	[D_BAD_COOKIE]		= { "unknown/cookie",		G(unknown), XDP_PASS },
	[D_MAL_OPT_TRUNC]	= { "malformed/opt_truncated",	G(malformed), XDP_PASS },
	[D_NO_END]		= { "unknown/no_end",		G(unknown), XDP_PASS },
	[D_END_PAST_UDP]	= { "malformed/end_past_udp",	G(malformed), XDP_PASS },
	[D_MAL_OPT_DUP]		= { "malformed/opt_duplicate",	G(malformed), XDP_PASS },
	[D_MAL_OPT_LEN]		= { "malformed/opt_len",	G(malformed), XDP_PASS },
	[D_OVERLOAD]		= { "overload",			G(overload), XDP_PASS },
	[D_NO_SCOPE_118]	= { "no_scope/opt118",		G(no_scope), XDP_PASS },
	[D_NO_SCOPE_GIADDR]	= { "no_scope/giaddr",		G(no_scope), XDP_PASS },
	[D_NO_SCOPE_CIADDR]	= { "no_scope/ciaddr",		G(no_scope), XDP_PASS },
	[D_NO_SCOPE_IFACE]	= { "no_scope/iface",		G(no_scope), XDP_PASS },
	[D_OTHER_MSGTYPE]	= { "unknown/msg_type",		G(unknown), XDP_PASS },
	[D_REL_ZERO]		= { "not_in_rel/rel_id_0",	G(not_in_rel), XDP_PASS },
	[D_REL_MISSING]		= { "not_in_rel/rel_missing",	G(not_in_rel), XDP_PASS },
	[D_ACT_PASS]		= { "act_pass",			-1, XDP_PASS },
	[D_ACT_DROP]		= { "act_drop/by_state",	-1, XDP_DROP },
	[D_SID_PASS]		= { "server_id/ours",		-1, XDP_PASS },
	[D_SID_DROP]		= { "server_id/other_server",	-1, XDP_DROP },
	[D_SID_NO_54]		= { "unknown/server_id_no_opt54", G(unknown), XDP_PASS },
	[D_HASH_OURS]		= { "hash/our_bucket",		-1, XDP_PASS },
	[D_HASH_SECS]		= { "hash/passed_by_secs",	-1, XDP_PASS },
	[D_HASH_NOT_OURS]	= { "hash/not_ours",		-1, XDP_DROP },
	[D_HASH_BAD_HLEN]	= { "unknown/hash_bad_hlen",	G(unknown), XDP_PASS },
	[D_BAD_ACTION]		= { "unknown/bad_action",	G(unknown), XDP_PASS },
};

#define CLS_OTHER	DFO_CLASS_MAX		/* opt 53 value without a class */
#define N_CLS		(DFO_CLASS_MAX + 1)
#define N_ACT		(DFO_ACT_MAX + 1)	/* last: invalid action */
#define N_SEL		(3 + DFO_IFACE_MAX_ADDR)	/* 118, giaddr, ciaddr, iface[0..3] */

static const char *const cls_names[N_CLS] = {
	"DISCOVER", "REQ_SELECTING", "REQ_INIT_REBOOT", "REQ_RENEW", "REQ_REBIND",
	"RELEASE", "DECLINE", "INFORM", "BOOTP", "other",
};
static const char *const act_names[N_ACT] = { "PASS", "DROP", "HASH", "BY_SERVER_ID", "invalid" };
static const char *const sel_names[N_SEL] = {
	"opt118", "giaddr", "ciaddr", "iface[0]", "iface[1]", "iface[2]", "iface[3]",
};

struct m_out {
	enum det det;
	int cls;		/* -1 not classified, 0..8, CLS_OTHER */
	int act;		/* -1 no action looked up, else the table byte */
	int scope;		/* index into world scopes, -1 none */
	int msg_slot;
	int sel;		/* how the scope address was chosen, -1 */
	int key;		/* 0 client-id, 1 chaddr, -1 no hash */
	int bucket;
	__u32 edges;		/* 1 << enum edge: corner cases this frame went through */
};

/* Corner cases of the spec, counted so the report shows they are exercised. */
enum edge {
	E_VLAN3_SHORT,		/* third tag in a frame too short to hold it */
	E_DF_ONLY,		/* DF set, not a fragment */
	E_UDP_PAST_IP,		/* UDP header beyond the IP datagram, within the frame */
	E_END_AT_96,		/* END is the 96th entry: still found */
	E_END_AT_97,		/* END right after 96 entries: not found */
	E_AFTER_END_DUP,	/* a once-only option repeated after END (ignored) */
	E_NO_END_PAST_UDP,	/* no END in 96 entries, the scan went past the UDP end */
	E_OVERLOAD_PAST_UDP,	/* option 52 present, END past the UDP end */
	E_118_OVER_GIADDR,	/* opt 118 and giaddr both set */
	E_NO_FALLBACK,		/* the chosen address misses, a later source would hit */
	E_IFACE_BEYOND_N,	/* an interface address past n_addr would have hit */
	E_LPM_NESTED,		/* the chosen scope lies inside another scope */
	E_REBIND_BCAST,		/* rebind by broadcast, giaddr 0 */
	E_CID_EMPTY,		/* client-id mode, opt 61 of length 0 -> chaddr */
	E_KEYMODE_ODD,		/* key_mode >= 2 with an opt 61 -> chaddr */
	E_CID_LONG,		/* client-id key longer than 16 bytes */
	E_HLEN_16,		/* chaddr key of 16 bytes */
	E_SECS_EQUAL,		/* secs == lb_max_secs: no override */
	E_MAX,
};

static const char *const edge_names[E_MAX] = {
	"vlan3_short_frame", "df_not_fragment", "udp_header_past_ip",
	"end_is_96th_entry", "end_is_97th_entry",
	"once_option_after_end", "no_end_past_udp", "overload_end_past_udp",
	"opt118_and_giaddr", "no_fallback_on_miss", "iface_addr_past_n_addr", "lpm_nested_scope",
	"rebind_by_broadcast", "client_id_empty", "key_mode_invalid",
	"client_id_over_16", "hlen_16", "secs_equal_lb_max",
};

static __u16 be16_at(const __u8 *p)
{
	return (__u16)((__u16)p[0] << 8 | p[1]);
}

static __u32 raw32_at(const __u8 *p)
{
	__u32 v;

	memcpy(&v, p, 4);
	return v;
}

/* Longest-prefix match over the world's scopes; -1 when none covers @addr_be. */
static int model_lpm(const struct world *w, __u32 addr_be)
{
	__u32 a = ntohl(addr_be);
	int i, best = -1;

	for (i = 0; i < w->n_scopes; i++) {
		const struct w_scope *s = &w->scopes[i];
		__u32 m = mask_of(s->plen);

		if ((a & m) != (ntohl(s->addr_be) & m))
			continue;
		if (best < 0 || s->plen > w->scopes[best].plen)
			best = i;
	}
	return best;
}

struct m_opt {
	unsigned int n;		/* occurrences before END */
	size_t data;		/* offset of the last occurrence's data */
	__u8 len;
};

static void model(const struct world *w, const __u8 *p, size_t len, struct m_out *o)
{
	static const __u8 cookie[4] = { 0x63, 0x82, 0x53, 0x63 };
	static const __u8 once[] = { 53, 54, 61, 118, 50 };
	struct m_opt opt[256];
	size_t l3, ihl, tot, udp, ulen, bootp, opt0, q;
	const struct dfo_rel *rel;
	__u32 ciaddr, giaddr, daddr, addr;
	unsigned int tags, n, i;
	__u16 et, secs;
	__u8 code, act, hlen;
	bool end = false;
	int sc;

	memset(o, 0, sizeof(*o));
	o->cls = o->act = o->scope = o->sel = o->key = o->bucket = -1;

#define OUT(d) do { o->det = (d); return; } while (0)
	/* Ethernet, up to two VLAN tags. */
	if (len < 14)
		OUT(D_MAL_ETH);
	et = be16_at(p + 12);
	l3 = 14;
	for (tags = 0; et == 0x8100 || et == 0x88a8; tags++) {
		if (tags == 2) {
			if (l3 + 4 > len)
				o->edges |= 1u << E_VLAN3_SHORT;
			OUT(D_VLAN_TOO_DEEP);
		}
		if (l3 + 4 > len)
			OUT(D_MAL_VLAN);
		et = be16_at(p + l3 + 2);
		l3 += 4;
	}
	if (et != 0x0800)
		OUT(D_NOT_IPV4);

	/* IPv4. */
	if (l3 + 20 > len)
		OUT(D_MAL_IP_SHORT);
	if (p[l3] >> 4 != 4)
		OUT(D_MAL_IP_VER);
	ihl = (p[l3] & 15) * 4u;
	if (ihl < 20)
		OUT(D_MAL_IP_IHL);
	tot = be16_at(p + l3 + 2);
	if (tot < ihl)
		OUT(D_MAL_IP_TOTLEN);
	if (l3 + tot > len)
		OUT(D_MAL_IP_BEYOND);
	if (p[l3 + 9] != 17)
		OUT(D_NOT_UDP);
	if (be16_at(p + l3 + 6) & 0x3fff)
		OUT(D_FRAGMENT);
	if (be16_at(p + l3 + 6) & 0x4000)
		o->edges |= 1u << E_DF_ONLY;
	daddr = raw32_at(p + l3 + 16);

	/* UDP. */
	udp = l3 + ihl;
	if (udp + 8 > len)
		OUT(D_MAL_UDP_SHORT);
	if (udp + 8 > l3 + tot)
		o->edges |= 1u << E_UDP_PAST_IP;
	if (be16_at(p + udp + 2) != 67)
		OUT(D_NOT_PORT67);
	ulen = be16_at(p + udp + 4);
	if (ulen < 8 || ulen > tot - ihl)
		OUT(D_MAL_UDP_LEN);

	/* BOOTP fixed part and cookie. */
	bootp = udp + 8;
	if (bootp + 240 > len)
		OUT(D_MAL_BOOTP_SHORT);
	if (bootp + 240 > udp + ulen)		/* the parse is bounded by the datagram */
		OUT(D_MAL_BOOTP_PAST_UDP);
	if (p[bootp] != 1)
		OUT(D_NOT_BOOTREQUEST);
	if (memcmp(p + bootp + 236, cookie, 4))
		OUT(D_BAD_COOKIE);
	hlen = p[bootp + 2];
	secs = be16_at(p + bootp + 8);
	ciaddr = raw32_at(p + bootp + 12);
	giaddr = raw32_at(p + bootp + 24);

	/* Options: one scan, <= 96 entries, <= 1500 bytes, up to END. */
	memset(opt, 0, sizeof(opt));
	opt0 = bootp + 240;
	q = opt0;
	for (n = 0; n < 96 && q - opt0 < 1500; n++) {
		if (q >= len)
			OUT(D_MAL_OPT_TRUNC);
		code = p[q];
		if (code == 0) {
			q++;
			continue;
		}
		if (code == 255) {
			end = true;
			if (n == 95)
				o->edges |= 1u << E_END_AT_96;
			break;
		}
		if (q + 2 > len || q + 2 + p[q + 1] > len)
			OUT(D_MAL_OPT_TRUNC);
		opt[code].n++;
		opt[code].len = p[q + 1];
		opt[code].data = q + 2;
		q += 2 + p[q + 1];
	}
	if (!end && n == 96 && q < len && p[q] == 255)
		o->edges |= 1u << E_END_AT_97;
	if (!end && q > udp + ulen)
		o->edges |= 1u << E_NO_END_PAST_UDP;
	if (!end)
		OUT(D_NO_END);
	if (q >= udp + ulen && opt[52].n)
		o->edges |= 1u << E_OVERLOAD_PAST_UDP;
	if (q >= udp + ulen)			/* END must be inside the datagram */
		OUT(D_END_PAST_UDP);
	/* Once-only options after END must be ignored; note when there are some. */
	for (i = q + 1; i + 1 < len && i < q + 64; i++)
		if (memchr(once, p[i], sizeof(once)) && opt[p[i]].n && p[i + 1] <= 4)
			o->edges |= 1u << E_AFTER_END_DUP;
	for (i = 0; i < sizeof(once); i++)
		if (opt[once[i]].n > 1)
			OUT(D_MAL_OPT_DUP);
	if ((opt[53].n && opt[53].len != 1) || (opt[54].n && opt[54].len != 4) ||
	    (opt[118].n && opt[118].len != 4) || (opt[50].n && opt[50].len != 4))
		OUT(D_MAL_OPT_LEN);
	if (opt[52].n)
		OUT(D_OVERLOAD);

	/* Class and message-type slot. */
	if (!opt[53].n) {
		o->cls = DFO_CLASS_BOOTP;
		o->msg_slot = DFO_MSG_BOOTP;
	} else {
		__u8 t = p[opt[53].data];

		o->msg_slot = t >= 1 && t <= 8 ? t : DFO_MSG_OTHER;
		switch (t) {
		case 1:
			o->cls = DFO_CLASS_DISCOVER;
			break;
		case 3:
			if (opt[54].n)
				o->cls = DFO_CLASS_REQ_SELECTING;
			else if (!ciaddr)
				o->cls = DFO_CLASS_REQ_INIT_REBOOT;
			else if (giaddr || daddr == 0xffffffff)
				o->cls = DFO_CLASS_REQ_REBIND;
			else
				o->cls = DFO_CLASS_REQ_RENEW;
			break;
		case 4:
			o->cls = DFO_CLASS_DECLINE;
			break;
		case 7:
			o->cls = DFO_CLASS_RELEASE;
			break;
		case 8:
			o->cls = DFO_CLASS_INFORM;
			break;
		default:
			o->cls = CLS_OTHER;
			break;
		}
	}

	/* Scope: opt 118, else giaddr, else ciaddr, else the interface's addresses. */
	if (opt[118].n) {
		o->sel = 0;
		if (giaddr)
			o->edges |= 1u << E_118_OVER_GIADDR;
		sc = model_lpm(w, raw32_at(p + opt[118].data));
		if (sc < 0 && ((giaddr && model_lpm(w, giaddr) >= 0) ||
			       (ciaddr && model_lpm(w, ciaddr) >= 0)))
			o->edges |= 1u << E_NO_FALLBACK;
		if (sc < 0)
			OUT(D_NO_SCOPE_118);
	} else if (giaddr) {
		o->sel = 1;
		sc = model_lpm(w, giaddr);
		if (sc < 0 && ciaddr && model_lpm(w, ciaddr) >= 0)
			o->edges |= 1u << E_NO_FALLBACK;
		if (sc < 0)
			OUT(D_NO_SCOPE_GIADDR);
	} else if (ciaddr) {
		o->sel = 2;
		sc = model_lpm(w, ciaddr);
		if (sc < 0)
			OUT(D_NO_SCOPE_CIADDR);
	} else {
		sc = -1;
		for (i = 0; w->has_iface && i < w->ifc.n_addr && i < DFO_IFACE_MAX_ADDR; i++) {
			addr = w->ifc.addr_be[i];
			sc = model_lpm(w, addr);
			if (sc >= 0) {
				o->sel = 3 + i;
				break;
			}
		}
		for (i = w->ifc.n_addr; sc < 0 && w->has_iface && i < DFO_IFACE_MAX_ADDR; i++)
			if (model_lpm(w, w->ifc.addr_be[i]) >= 0)
				o->edges |= 1u << E_IFACE_BEYOND_N;
		if (sc < 0)
			OUT(D_NO_SCOPE_IFACE);
	}
	o->scope = sc;
	for (i = 0; i < (unsigned int)w->n_scopes; i++)
		if (w->scopes[i].plen < w->scopes[sc].plen &&
		    !((ntohl(w->scopes[i].addr_be) ^ ntohl(w->scopes[sc].addr_be)) &
		      mask_of(w->scopes[i].plen)))
			o->edges |= 1u << E_LPM_NESTED;
	if (o->cls == DFO_CLASS_REQ_REBIND && !giaddr)
		o->edges |= 1u << E_REBIND_BCAST;
	if (o->cls == CLS_OTHER)
		OUT(D_OTHER_MSGTYPE);
	if (!w->scopes[sc].sc.rel_id)
		OUT(D_REL_ZERO);
	if (w->scopes[sc].sc.rel_id > W_NRELS || !w->rel_present[w->scopes[sc].sc.rel_id])
		OUT(D_REL_MISSING);
	rel = &w->rels[w->scopes[sc].sc.rel_id];

	/* The relationship's action for the class. */
	act = rel->action[o->cls];
	o->act = act;
	switch (act) {
	case DFO_ACT_PASS:
		OUT(D_ACT_PASS);
	case DFO_ACT_DROP:
		OUT(D_ACT_DROP);
	case DFO_ACT_BY_SERVER_ID:
		if (!opt[54].n)
			OUT(D_SID_NO_54);
		if (raw32_at(p + opt[54].data) == rel->server_id_be)
			OUT(D_SID_PASS);
		OUT(D_SID_DROP);
	case DFO_ACT_HASH:
		if (rel->key_mode == DFO_KEY_CLIENT_ID && opt[61].n && opt[61].len >= 1) {
			o->key = 0;
			o->bucket = dfo_rfc3074_hash(p + opt[61].data, opt[61].len);
			if (opt[61].len > 16)
				o->edges |= 1u << E_CID_LONG;
		} else if (hlen >= 1 && hlen <= 16) {
			o->key = 1;
			if (hlen == 16)
				o->edges |= 1u << E_HLEN_16;
			if (opt[61].n && !opt[61].len && rel->key_mode == DFO_KEY_CLIENT_ID)
				o->edges |= 1u << E_CID_EMPTY;
			if (opt[61].n && opt[61].len && rel->key_mode > DFO_KEY_CHADDR)
				o->edges |= 1u << E_KEYMODE_ODD;
			o->bucket = dfo_rfc3074_hash(p + bootp + 28, hlen);
		} else {
			OUT(D_HASH_BAD_HLEN);
		}
		if (dfo_hba_test(rel->hba, o->bucket))
			OUT(D_HASH_OURS);
		if (rel->lb_max_secs && secs > rel->lb_max_secs)
			OUT(D_HASH_SECS);
		if (rel->lb_max_secs && secs == rel->lb_max_secs)
			o->edges |= 1u << E_SECS_EQUAL;
		OUT(D_HASH_NOT_OURS);
	default:
		OUT(D_BAD_ACTION);
	}
#undef OUT
}

/* The counters a model outcome moves: global (always) and its scope's. */
static void model_counters(const struct m_out *o, __u64 g[NG], __u64 s[NS])
{
	const struct det_info *d = &det_info[o->det];

	memset(g, 0, NG * sizeof(*g));
	memset(s, 0, NS * sizeof(*s));
	g[G(rx)] = 1;
	g[d->verdict == XDP_PASS ? G(passed) : G(dropped)] = 1;
	if (d->gfield >= 0)
		g[d->gfield] = 1;
	if (o->scope < 0)
		return;
	s[S(received)] = 1;
	s[S(msg) + o->msg_slot] = 1;
	if (d->verdict == XDP_PASS)
		s[S(passed)] = 1;
	if (o->det == D_ACT_DROP)
		s[S(dropped_by_state)] = 1;
	else if (o->det == D_SID_DROP)
		s[S(dropped_other_server)] = 1;
	else if (o->det == D_HASH_NOT_OURS)
		s[S(dropped_not_ours)] = 1;
	else if (o->det == D_HASH_SECS)
		s[S(passed_by_secs)] = 1;
}

/* ------------------------------------------------------------------ */
/* The generator.                                                     */

struct obuf {
	__u8 b[FRAME_CAP];
	size_t n, entries;	/* entries: options incl. each PAD, before END */
};

static void ob_opt(struct obuf *ob, __u8 code, __u8 len, const void *data)
{
	if (ob->n + 2 + len > sizeof(ob->b))
		return;
	ob->b[ob->n++] = code;
	ob->b[ob->n++] = len;
	memcpy(ob->b + ob->n, data, len);
	ob->n += len;
	ob->entries++;
}

static void ob_byte(struct obuf *ob, __u8 v)
{
	if (ob->n < sizeof(ob->b))
		ob->b[ob->n++] = v;
}

static void ob_pads(struct obuf *ob, size_t k)
{
	while (k-- && ob->n < sizeof(ob->b)) {
		ob->b[ob->n++] = 0;
		ob->entries++;
	}
}

struct item {
	__u8 code, len;
	__u8 data[255];
};

/* Where things are in a built frame, for mutations. */
struct layout {
	size_t l3, udp, bootp, opt0, ihl;
};

static const int msg_types[] = { 0, 0, 0, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 3, 4, 4, 7, 7, 8, 8,
				 2, 5, 6, 9, 18, 255 };

static __u32 pick_addr(struct rng *r, const struct world *w)
{
	return w->pool[rnd(r, w->n_pool)];
}

static __u16 pick_secs(struct rng *r, const struct world *w)
{
	__u16 l = 0;
	int i = 1 + rnd(r, W_NRELS);

	if (w->rel_present[i])
		l = w->rels[i].lb_max_secs;
	switch (rnd(r, 8)) {
	case 0:
		return 0;
	case 1:
		return rnd(r, 10);
	case 2:
		return l;
	case 3:
		return l + 1;
	case 4:
		return l - 1;
	case 5:
		return (__u16)rnd(r, 65536);
	default:
		return rnd(r, 400);
	}
}

static void gen_item(struct rng *r, const struct world *w, struct item *it, __u8 code)
{
	__u32 a;
	int k;

	it->code = code;
	switch (code) {
	case 54:
		a = chance(r, 65) ? w->sids[rnd(r, 3)] : chance(r, 50) ? pick_addr(r, w) :
		    (__u32)rng_next(r);
		it->len = 4;
		memcpy(it->data, &a, 4);
		break;
	case 118:
	case 50:
		a = pick_addr(r, w);
		it->len = 4;
		memcpy(it->data, &a, 4);
		break;
	case 61:
		k = rnd(r, 100);
		it->len = k < 50 ? 7 : k < 60 ? 0 : k < 70 ? 1 : k < 95 ? 1 + rnd(r, 32) :
			  100 + rnd(r, 156);
		rnd_bytes(r, it->data, it->len);
		if (it->len == 7 && chance(r, 80))
			it->data[0] = 1;
		break;
	case 52:
		it->len = chance(r, 85) ? 1 : rnd(r, 4);
		it->data[0] = 1 + rnd(r, 3);
		break;
	case 55:
		it->len = 1 + rnd(r, 14);
		rnd_bytes(r, it->data, it->len);
		break;
	default:
		it->len = chance(r, 5) ? rnd(r, 256) : rnd(r, 40);
		rnd_bytes(r, it->data, it->len);
		break;
	}
}

static size_t gen_structured(struct rng *r, const struct world *w, __u8 *buf, struct layout *L)
{
	static const __u8 extra_codes[] = { 12, 55, 57, 60, 81, 82, 43, 3, 1 };
	static const __u8 once[] = { 53, 54, 61, 118, 50 };
	struct item items[20];
	struct dfo_frame f;
	struct obuf ob = { .n = 0 };
	__u8 mac[6], t;
	int mt, n_items = 0, i, j, k, end_at;
	size_t len, max_opts;

	rnd_bytes(r, mac, 6);
	mac[0] &= 0xfe;
	if (chance(r, 10))
		memcpy(mac, "\x00\x0c\x01\x02\x03", 5);
	dfo_frame_init(&f, 0, mac);

	/* Link and network layers. */
	k = rnd(r, 100);
	f.n_vlan = k < 55 ? 0 : k < 75 ? 1 : k < 96 ? 2 : 3;
	for (i = 0; i < f.n_vlan; i++) {
		f.vlan_proto[i] = chance(r, 4) ? 0x9100 : chance(r, 50) ? 0x8100 : 0x88a8;
		f.vlan_tci[i] = rnd(r, 4096);
	}
	if (chance(r, 3))
		f.ethertype = chance(r, 50) ? 0x86dd : (__u16)rnd(r, 65536);
	if (chance(r, 15))
		f.ip_opt_len = 4 * rnd(r, 11);
	if (chance(r, 4)) {
		static const __u16 frags[] = { 0x2000, 0x0001, 0x2010, 0x1fff, 0x4000, 0x4000, 0x8000 };

		f.frag_off = frags[rnd(r, sizeof(frags) / sizeof(frags[0]))];
	} else if (chance(r, 30)) {
		f.frag_off = 0x4000;	/* DF: not a fragment */
	}
	if (chance(r, 3))
		f.ip_proto = chance(r, 50) ? 6 : 1 + rnd(r, 255);
	if (chance(r, 3))
		f.dport = chance(r, 50) ? 68 : 1 + rnd(r, 65535);
	/* A MAC that starts with a server id: catches option 54 read from the wrong place. */
	if (chance(r, 5))
		memcpy(chance(r, 50) ? f.dst_mac : f.src_mac, &w->sids[rnd(r, 3)], 4);
	f.saddr_be = chance(r, 50) ? 0 : pick_addr(r, w);
	f.daddr_be = chance(r, 60) ? htonl(0xffffffff) : pick_addr(r, w);

	/* BOOTP. */
	if (chance(r, 3))
		f.op = chance(r, 50) ? 2 : (__u8)rng_next(r);
	if (chance(r, 12)) {
		static const __u8 hlens[] = { 0, 1, 15, 16, 17, 20, 255 };

		f.hlen = hlens[rnd(r, sizeof(hlens))];
	}
	if (chance(r, 30))
		rnd_bytes(r, f.chaddr + 6, 10);
	f.xid = (__u32)rng_next(r);
	f.secs = pick_secs(r, w);
	f.flags = chance(r, 50) ? 0x8000 : 0;
	mt = chance(r, 3) ? (int)rnd(r, 256) : msg_types[rnd(r, sizeof(msg_types) / sizeof(int))];
	f.ciaddr_be = chance(r, mt == 3 || mt == 7 || mt == 8 ? 55 : 15) ? pick_addr(r, w) : 0;
	f.giaddr_be = chance(r, 30) ? pick_addr(r, w) : 0;
	if (chance(r, 2))
		f.no_cookie = true;

	/* Options, in random order. */
	if (mt) {
		items[n_items].code = 53;
		items[n_items].len = 1;
		items[n_items++].data[0] = mt;
	}
	if (chance(r, mt == 3 ? 50 : 12))
		gen_item(r, w, &items[n_items++], 54);
	if (chance(r, 50))
		gen_item(r, w, &items[n_items++], 61);
	if (chance(r, 20))
		gen_item(r, w, &items[n_items++], 118);
	if (chance(r, 30))
		gen_item(r, w, &items[n_items++], 50);
	if (chance(r, 3))
		gen_item(r, w, &items[n_items++], 52);
	for (k = rnd(r, 5); k > 0; k--)
		gen_item(r, w, &items[n_items++],
			 chance(r, 80) ? extra_codes[rnd(r, sizeof(extra_codes))] : 1 + rnd(r, 254));
	/* Structural option mutations. */
	if (chance(r, 6) && n_items < 20) {		/* a duplicate of a once-only option */
		t = once[rnd(r, sizeof(once))];
		gen_item(r, w, &items[n_items], t);
		if (t == 53) {
			items[n_items].len = 1;
			items[n_items].data[0] = msg_types[rnd(r, sizeof(msg_types) / sizeof(int))];
		}
		n_items++;
	}
	if (chance(r, 5) && n_items) {			/* a bad length */
		i = rnd(r, n_items);
		items[i].len = rnd(r, 9);
		rnd_bytes(r, items[i].data, items[i].len);
	}
	for (i = n_items - 1; i > 0; i--) {
		struct item tmp;

		j = rnd(r, i + 1);
		tmp = items[i];
		items[i] = items[j];
		items[j] = tmp;
	}
	end_at = chance(r, 4) ? -1 : n_items;		/* -1: no END */
	k = chance(r, 6) ? (int)rnd(r, n_items + 1) : -1;	/* PAD storm before item k */
	for (i = 0; i <= n_items; i++) {
		if (i == k) {
			/* Aim at the 96-entry bound: total entries before END 93..98. */
			size_t target = 93 + rnd(r, 6), have = ob.entries + (n_items - i);

			ob_pads(&ob, target > have ? target - have : 0);
		}
		if (i == end_at)
			ob_byte(&ob, 255);
		if (i == n_items)
			break;
		if (chance(r, 8))
			ob_pads(&ob, 1 + rnd(r, 3));
		ob_opt(&ob, items[i].code, items[i].len, items[i].data);
	}
	if (chance(r, 15) && end_at >= 0) {		/* junk after END */
		if (chance(r, 50)) {
			t = once[rnd(r, sizeof(once))];
			ob_opt(&ob, t, t == 53 ? 1 : 4, "\x03\x01\x02\x03");
			ob_opt(&ob, 52, 1, "\x03");
		} else {
			for (k = 1 + rnd(r, 32); k > 0; k--)
				ob_byte(&ob, (__u8)rng_next(r));
		}
	}
	f.bootp_min = chance(r, 60) ? 300 : chance(r, 60) ? 0 : rnd(r, 600);
	if (end_at < 0 || chance(r, 4)) {
		/* Cut the last option: its header or data reaches past the frame end. */
		f.bootp_min = 0;
		if (chance(r, 40)) {
			ob_byte(&ob, 1 + rnd(r, 254));
		} else if (chance(r, 50)) {
			ob_byte(&ob, 12);
			ob_byte(&ob, 2 + rnd(r, 40));
			ob_byte(&ob, 'x');
		}
	}
	L->l3 = dfo_frame_l3_off(&f);
	L->ihl = 20 + f.ip_opt_len;
	L->udp = L->l3 + L->ihl;
	L->bootp = dfo_frame_bootp_off(&f);
	L->opt0 = L->bootp + 240;
	max_opts = FRAME_CAP - L->opt0;
	if (ob.n > max_opts)
		ob.n = max_opts;
	memcpy(f.opts, ob.b, ob.n);
	f.opts_len = ob.n;
	len = dfo_frame_build(&f, buf, FRAME_CAP);
	assert_true(len > 0);
	return len;
}

static size_t region_off(struct rng *r, const struct layout *L, size_t len)
{
	size_t lo, hi;

	switch (rnd(r, 6)) {
	case 0:
		lo = 0, hi = L->l3;
		break;
	case 1:
		lo = L->l3, hi = L->udp;
		break;
	case 2:
		lo = L->udp, hi = L->bootp;
		break;
	case 3:
		lo = L->bootp, hi = L->opt0;
		break;
	default:
		lo = L->opt0 - 4, hi = len;
		break;
	}
	if (hi > len)
		hi = len;
	if (lo >= hi)
		return len ? rnd(r, len) : 0;
	return lo + rnd(r, hi - lo);
}

static void put16(__u8 *p, __u16 v)
{
	p[0] = v >> 8;
	p[1] = (__u8)v;
}

/* End the IP and UDP datagrams (consistently) inside the options area. */
static void shrink_datagram(struct rng *r, __u8 *buf, size_t len, const struct layout *L)
{
	size_t o;

	if (len <= L->opt0)
		return;
	o = L->opt0 + rnd(r, len - L->opt0 + 1);
	put16(buf + L->l3 + 2, (__u16)(o - L->l3));
	put16(buf + L->udp + 4, (__u16)(o - L->udp));
}

/* Byte-level mutations of a built frame; returns the new length. */
static size_t mutate(struct rng *r, __u8 *buf, size_t len, const struct layout *L,
		     const struct world *w)
{
	static const __u8 vals[] = { 0, 1, 3, 4, 0xff, 0x7f, 0x80, 0x81, 0x88, 0xa8, 0x08, 0x45,
				     0x46, 0x4f, 0x44, 0x11, 0x43, 50, 52, 53, 54, 61, 118, 8, 16 };
	static const __u16 v16[] = { 0x8100, 0x88a8, 0x0800, 0x86dd, 0x2000, 0x0001, 67, 68 };
	size_t o, cut, k;
	int n = 1 + rnd(r, 3);
	bool resized = false;

	while (n--) {
		if (!len)
			break;
		switch (rnd(r, 15)) {
		case 0:
		case 1:
			o = region_off(r, L, len);
			buf[o] ^= 1 << rnd(r, 8);
			break;
		case 2:
		case 3:
			o = region_off(r, L, len);
			buf[o] = chance(r, 70) ? vals[rnd(r, sizeof(vals))] : (__u8)rng_next(r);
			break;
		case 4:
			o = region_off(r, L, len);
			if (o + 2 <= len)
				put16(buf + o, v16[rnd(r, sizeof(v16) / sizeof(v16[0]))]);
			break;
		case 5:			/* IP total length */
			if (L->l3 + 4 > len)
				break;
			k = rnd(r, 6);
			if (k < 2) {
				put16(buf + L->l3 + 2, (__u16)rnd(r, 65536));
			} else if (k < 4) {
				put16(buf + L->l3 + 2, (__u16)(len - L->l3 + rnd(r, 9) - 4));
			} else if (k < 5) {
				/* Short datagram; the rest of the frame is a trailer. */
				put16(buf + L->l3 + 2, (__u16)(L->ihl + rnd(r, 12)));
			} else {
				shrink_datagram(r, buf, len, L);
			}
			break;
		case 6:			/* UDP length */
			if (L->udp + 6 <= len)
				put16(buf + L->udp + 4, chance(r, 30) ? (__u16)rnd(r, 65536) :
				      (__u16)(len - L->udp + rnd(r, 9) - 4));
			break;
		case 7:			/* version / IHL nibble */
			if (L->l3 < len)
				buf[L->l3] = chance(r, 50) ? (buf[L->l3] & 0xf0) | rnd(r, 16) :
					     (__u8)(rnd(r, 16) << 4 | (buf[L->l3] & 15));
			break;
		case 8: {		/* truncate, often near a header boundary */
			const size_t b[] = { 14, L->l3 - 4, L->l3, L->l3 + 20, L->udp, L->udp + 8,
					     L->bootp + 236, L->bootp + 240, len };

			cut = chance(r, 60) ? b[rnd(r, 9)] + rnd(r, 7) - 3 : rnd(r, len + 1);
			if (cut < ETH_MIN)
				cut = ETH_MIN;
			if (cut < len) {
				len = cut;
				resized = true;
			}
			break;
		}
		case 9:			/* trailing bytes */
			k = 1 + rnd(r, 64);
			if (len + k <= FRAME_CAP) {
				rnd_bytes(r, buf + len, k);
				if (chance(r, 50))
					memset(buf + len, 0, k);
				len += k;
				resized = true;
			}
			break;
		case 10:		/* insert bytes in the options area */
			k = 1 + rnd(r, 6);
			if (len + k <= FRAME_CAP && len > L->opt0) {
				o = L->opt0 + rnd(r, len - L->opt0);
				memmove(buf + o + k, buf + o, len - o);
				rnd_bytes(r, buf + o, k);
				len += k;
				resized = true;
			}
			break;
		case 11:		/* delete bytes in the options area */
			k = 1 + rnd(r, 6);
			if (len > L->opt0 + k) {
				o = L->opt0 + rnd(r, len - L->opt0 - k);
				memmove(buf + o, buf + o + k, len - o - k);
				len -= k;
				resized = true;
			}
			break;
		case 13:
		case 14: {		/* plant a server id or an address where a field might be misread */
			const size_t at[] = { 0, 2, 6, L->l3 + 12, L->l3 + 16, L->bootp + 12,
					      L->bootp + 16, L->bootp + 20, L->bootp + 24,
					      L->bootp + 28, L->bootp + 44 };
			__u32 v;

			k = rnd(r, 4);
			v = k == 0 ? w->sids[rnd(r, 3)] : k == 1 ? pick_addr(r, w) :
			    k == 2 ? 0xffffffff : 0;
			o = chance(r, 60) ? at[rnd(r, sizeof(at) / sizeof(at[0]))] :
			    region_off(r, L, len);
			if (o + 4 <= len)
				memcpy(buf + o, &v, 4);
			break;
		}
		default:		/* random option length byte somewhere in the options */
			if (len > L->opt0 + 1) {
				o = L->opt0 + 1 + rnd(r, len - L->opt0 - 1);
				buf[o] = chance(r, 50) ? (__u8)rnd(r, 8) : (__u8)rng_next(r);
			}
			break;
		}
	}
	/* Keep the IP and UDP lengths consistent with the new size, often. */
	if (resized && chance(r, 60) && len >= L->udp + 6 && len - L->l3 <= 0xffff) {
		put16(buf + L->l3 + 2, (__u16)(len - L->l3));
		put16(buf + L->udp + 4, (__u16)(len - L->udp));
	}
	return len;
}

/* Frame of case @idx into @buf (FRAME_CAP bytes); returns its length. */
static size_t gen_case(__u64 seed, __u64 idx, const struct world *w, __u8 *buf)
{
	struct rng r = rng_stream(seed, 2, idx);
	struct layout L;
	size_t len;
	int k = rnd(&r, 100);

	if (k < 2) {
		len = ETH_MIN + rnd(&r, 400);
		rnd_bytes(&r, buf, len);
		return len;
	}
	if (k < 3) {
		/* A short stack of VLAN tags (the tag parser's bounds). */
		len = ETH_MIN + rnd(&r, 17);
		rnd_bytes(&r, buf, len);
		for (k = 12; k + 2 <= (int)len; k += 4)
			put16(buf + k, chance(&r, 10) ? 0x0800 : chance(&r, 50) ? 0x8100 : 0x88a8);
		return len;
	}
	len = gen_structured(&r, w, buf, &L);
	if (k < 57)
		return len;
	if (k < 60) {
		shrink_datagram(&r, buf, len, &L);
		return len;
	}
	return mutate(&r, buf, len, &L, w);
}

/* ------------------------------------------------------------------ */
/* Driver.                                                            */

struct cov {
	__u64 det[D_MAX];
	__u64 cls[N_CLS];
	__u64 act[N_ACT];
	__u64 sel[N_SEL];
	__u64 key[2];
	__u64 edge[E_MAX];
	__u64 verdict[2];
};

struct mism {
	char what[384];
	__u64 count;
	__u64 first_case;
};

struct ctx {
	__u64 seed, cases, only;
	bool has_only, keep_going;
	struct dfo_datapath *dp;
	int prog_fd;
	struct world w;
	long world_no;
	struct dfo_global_stats g_prev;
	__u64 model_ss[W_MAX_SCOPES][NS];	/* expected per-scope counters of this world */
	__u8 (*ring)[FRAME_CAP];		/* frames of the current window */
	size_t ring_len[WINDOW];
	__u64 ring_first;
	size_t ring_n;
	struct cov cov;
	struct mism mism[64];
	int n_mism;
	__u64 total_mism;
};

static void hexdump(FILE *out, const __u8 *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (!(i % 16))
			fprintf(out, "    %04zx:", i);
		fprintf(out, " %02x%s", p[i], i % 16 == 15 || i + 1 == len ? "\n" : "");
	}
}

static void print_model(FILE *out, const char *who, const struct m_out *o)
{
	fprintf(out, "%s: %s (%s) class %s action %d scope %d sel %s key %s bucket %d\n", who,
		det_info[o->det].verdict == XDP_PASS ? "PASS" : "DROP", det_info[o->det].name,
		o->cls >= 0 ? cls_names[o->cls] : "-", o->act, o->scope,
		o->sel >= 0 ? sel_names[o->sel] : "-",
		o->key < 0 ? "-" : o->key ? "chaddr" : "client-id", o->bucket);
}

static const char *verdict_name(__u32 v)
{
	return v == XDP_PASS ? "PASS" : v == XDP_DROP ? "DROP" : "other";
}

/* Which global reason counter moved, as text. */
static void g_reason(const __u64 g[NG], char *s, size_t n)
{
	int i;
	size_t u = 0;

	s[0] = 0;
	for (i = G(dropped) + 1; i < NG; i++)
		if (g[i])
			u += snprintf(s + u, u < n ? n - u : 0, "%s%s+%llu", u ? "," : "",
				      g_names[i], (unsigned long long)g[i]);
	if (!u)
		snprintf(s, n, "(none)");
}

static void record_mism(struct ctx *c, __u64 idx, const char *what)
{
	int i;

	c->total_mism++;
	for (i = 0; i < c->n_mism; i++)
		if (!strcmp(c->mism[i].what, what)) {
			c->mism[i].count++;
			return;
		}
	if (c->n_mism < (int)(sizeof(c->mism) / sizeof(c->mism[0]))) {
		snprintf(c->mism[c->n_mism].what, sizeof(c->mism[0].what), "%s", what);
		c->mism[c->n_mism].count = 1;
		c->mism[c->n_mism].first_case = idx;
		c->n_mism++;
	}
}

static void report_frame(struct ctx *c, __u64 idx, const __u8 *buf, size_t len,
			 const struct m_out *o, const char *prog_desc, const char *why)
{
	printf("MISMATCH (%s): seed 0x%llx case %llu (reproduce: DFO_DIFF_SEED=0x%llx "
	       "DFO_DIFF_ONLY=%llu)\n", why, (unsigned long long)c->seed,
	       (unsigned long long)idx, (unsigned long long)c->seed, (unsigned long long)idx);
	print_model(stdout, "  model  ", o);
	printf("  program: %s\n", prog_desc);
	printf("  frame (%zu bytes):\n", len);
	hexdump(stdout, buf, len);
	print_world(stdout, &c->w);
}

static int read_scope(struct ctx *c, int slot, __u64 out[NS])
{
	struct dfo_scope_stats ss;
	int err = dfo_datapath__scope_stats(c->dp, slot, &ss);

	memcpy(out, &ss, sizeof(ss));
	return err;
}

static int install_world(struct ctx *c, long world_no)
{
	struct rng r = rng_stream(c->seed, 1, world_no);
	struct world *w = &c->w;
	int i, err = 0;

	for (i = 0; i < w->n_scopes; i++)
		err = err ?: dfo_datapath__del_scope(c->dp, w->scopes[i].addr_be, w->scopes[i].plen);
	for (i = 1; i <= W_NRELS; i++)
		if (w->rel_present[i])
			err = err ?: dfo_datapath__del_rel(c->dp, i);
	if (w->has_iface)
		err = err ?: dfo_datapath__del_iface(c->dp, IFINDEX);
	gen_world(&r, w, world_no);
	for (i = 0; i < W_MAX_SCOPES; i++)
		err = err ?: dfo_datapath__clear_scope_stats(c->dp, i);
	for (i = 0; i < w->n_scopes; i++)
		err = err ?: dfo_datapath__put_scope(c->dp, w->scopes[i].addr_be, w->scopes[i].plen,
						     &w->scopes[i].sc);
	for (i = 1; i <= W_NRELS; i++)
		if (w->rel_present[i])
			err = err ?: dfo_datapath__put_rel(c->dp, i, &w->rels[i]);
	if (w->has_iface)
		err = err ?: dfo_datapath__put_iface(c->dp, IFINDEX, &w->ifc);
	memset(c->model_ss, 0, sizeof(c->model_ss));
	c->world_no = world_no;
	c->ring_n = 0;
	return err;
}

/*
 * Run one frame through both; compare verdict and global counters.
 * Returns 1 on a mismatch, 0 when equal, negative errno on a run error.
 */
static int run_frame(struct ctx *c, __u64 idx, const __u8 *buf, size_t len, struct m_out *o,
		     __u64 exp_s[NS], bool verbose)
{
	struct dfo_global_stats g_now;
	__u64 exp_g[NG], got_g[NG], *pn = (__u64 *)&g_now, *pp = (__u64 *)&c->g_prev;
	char desc[256], rs[128], what[384];
	__u32 verdict;
	int err, i;
	bool bad;

	model(&c->w, buf, len, o);
	model_counters(o, exp_g, exp_s);
	err = dfo_xdp_run(c->prog_fd, buf, len, IFINDEX, 1, &verdict, NULL);
	if (err)
		return err;
	err = dfo_datapath__global_stats(c->dp, &g_now);
	if (err)
		return err;
	for (i = 0; i < NG; i++)
		got_g[i] = pn[i] - pp[i];
	c->g_prev = g_now;

	g_reason(got_g, rs, sizeof(rs));
	snprintf(desc, sizeof(desc), "%s, global %s%s", verdict_name(verdict), rs,
		 got_g[G(rx)] != 1 ? " (rx did not move by 1)" : "");
	if (verbose) {
		print_model(stdout, "model  ", o);
		printf("program: %s\n", desc);
	}
	bad = verdict != det_info[o->det].verdict;
	for (i = 0; i < NG; i++)
		bad |= exp_g[i] != got_g[i];
	if (!bad)
		return 0;
	snprintf(what, sizeof(what), "model %s %s / program %s",
		 det_info[o->det].verdict == XDP_PASS ? "PASS" : "DROP", det_info[o->det].name, desc);
	record_mism(c, idx, what);
	if (!c->keep_going || c->total_mism <= 3)
		report_frame(c, idx, buf, len, o, desc, "verdict or global counters");
	return 1;
}

static const char *const s_names[NS] = {
	[S(received)] = "received", [S(passed)] = "passed",
	[S(dropped_not_ours)] = "dropped_not_ours",
	[S(dropped_other_server)] = "dropped_other_server",
	[S(dropped_by_state)] = "dropped_by_state", [S(passed_by_secs)] = "passed_by_secs",
	[S(msg) + 0] = "msg[0]", [S(msg) + 1] = "msg[1]", [S(msg) + 2] = "msg[2]",
	[S(msg) + 3] = "msg[3]", [S(msg) + 4] = "msg[4]", [S(msg) + 5] = "msg[5]",
	[S(msg) + 6] = "msg[6]", [S(msg) + 7] = "msg[7]", [S(msg) + 8] = "msg[8]",
	[S(msg) + 9] = "msg[9]",
};

/* Replay frame @f of the window; returns 1 when its scope counter deltas differ. */
static int replay_one(struct ctx *c, int f)
{
	__u64 before[W_MAX_SCOPES][NS], after[NS], exp_s[NS], want, got;
	char what[384], desc[256], cat[256];
	struct m_out o;
	int slot, i, err, bad = 0;
	size_t u = 0, v = 0;

	for (slot = 0; slot < W_MAX_SCOPES; slot++)
		if (read_scope(c, slot, before[slot]))
			return -EIO;
	err = run_frame(c, c->ring_first + f, c->ring[f], c->ring_len[f], &o, exp_s, false);
	if (err < 0)
		return err;
	desc[0] = cat[0] = 0;
	for (slot = 0; slot < W_MAX_SCOPES; slot++) {
		if (read_scope(c, slot, after))
			return -EIO;
		for (i = 0; i < NS; i++) {
			got = after[i] - before[slot][i];
			want = slot == o.scope ? exp_s[i] : 0;
			if (got == want)
				continue;
			bad = 1;
			u += snprintf(desc + u, u < sizeof(desc) ? sizeof(desc) - u : 0,
				      " slot%d.%s %+lld (want %+lld)", slot, s_names[i],
				      (long long)got, (long long)want);
			v += snprintf(cat + v, v < sizeof(cat) ? sizeof(cat) - v : 0,
				      " %s %+lld (want %+lld)", s_names[i],
				      (long long)got, (long long)want);
		}
	}
	if (!bad)
		return 0;
	snprintf(what, sizeof(what), "scope counters: model %s, program:%s",
		 det_info[o.det].name, cat);
	record_mism(c, c->ring_first + f, what);
	if (!c->keep_going || c->total_mism <= 3)
		report_frame(c, c->ring_first + f, c->ring[f], c->ring_len[f], &o, desc,
			     "scope counters");
	return 1;
}

/*
 * Per-scope counters vs the model's tallies. On a difference, replay the
 * window's frames one by one to find the frame(s) whose scope counters
 * diverge, then take the program's counters as the new baseline.
 * Returns 1 on a mismatch.
 */
static int check_scopes(struct ctx *c)
{
	__u64 got[NS];
	int slot, f, err, diff = -1, found = 0;

	for (slot = 0; slot < W_MAX_SCOPES && diff < 0; slot++) {
		err = read_scope(c, slot, got);
		if (err)
			return err;
		if (memcmp(got, c->model_ss[slot], sizeof(got)))
			diff = slot;
	}
	if (diff < 0)
		return 0;
	printf("per-scope counters differ (slot %d) in the window from case %llu; replaying\n",
	       diff, (unsigned long long)c->ring_first);
	for (f = 0; f < (int)c->ring_n; f++) {
		err = replay_one(c, f);
		if (err < 0)
			return err;
		found += err;
		if (found && !c->keep_going)
			break;
	}
	if (!found)
		record_mism(c, c->ring_first, "scope counters differ in aggregate, not on replay");
	for (slot = 0; slot < W_MAX_SCOPES; slot++)
		if (read_scope(c, slot, c->model_ss[slot]))
			return -EIO;
	return 1;
}

static void cover(struct cov *cv, const struct m_out *o)
{
	int i;

	cv->det[o->det]++;
	if (o->cls >= 0)
		cv->cls[o->cls]++;
	if (o->act >= 0)
		cv->act[o->act < DFO_ACT_MAX ? o->act : DFO_ACT_MAX]++;
	if (o->sel >= 0 && o->scope >= 0)
		cv->sel[o->sel]++;
	if (o->key >= 0)
		cv->key[o->key]++;
	cv->verdict[det_info[o->det].verdict == XDP_PASS]++;
	for (i = 0; i < E_MAX; i++)
		cv->edge[i] += (o->edges >> i) & 1;
}

static __u64 env_u64(const char *name, __u64 def, bool *set)
{
	const char *s = getenv(name);

	if (set)
		*set = s && *s;
	return s && *s ? strtoull(s, NULL, 0) : def;
}

static int run_all(struct ctx *c)
{
	__u8 buf[FRAME_CAP];
	__u64 exp_s[NS], idx, first, last;
	struct m_out o;
	long wn;
	size_t len;
	int err, i;

	first = c->has_only ? c->only : 0;
	last = c->has_only ? c->only + 1 : c->cases;
	c->world_no = -1;
	err = dfo_datapath__global_stats(c->dp, &c->g_prev);
	if (err)
		return err;
	for (idx = first; idx < last; idx++) {
		wn = idx / WORLD_CASES;
		if (wn != c->world_no) {
			err = install_world(c, wn);
			if (err)
				return err;
			if (c->has_only)
				print_world(stdout, &c->w);
		}
		if (!c->ring_n)
			c->ring_first = idx;
		len = gen_case(c->seed, idx, &c->w, buf);
		memcpy(c->ring[c->ring_n], buf, len);
		c->ring_len[c->ring_n++] = len;
		if (c->has_only) {
			printf("case %llu, %zu bytes:\n", (unsigned long long)idx, len);
			hexdump(stdout, buf, len);
		}
		err = run_frame(c, idx, buf, len, &o, exp_s, c->has_only);
		if (err < 0)
			return err;
		if (err && !c->keep_going)
			return 1;
		cover(&c->cov, &o);
		if (o.scope >= 0)
			for (i = 0; i < NS; i++)
				c->model_ss[o.scope][i] += exp_s[i];
		if (c->ring_n == WINDOW || idx + 1 == last || (idx + 1) % WORLD_CASES == 0) {
			err = check_scopes(c);
			if (err < 0)
				return err;
			if (err && !c->keep_going)
				return 1;
			c->ring_n = 0;
		}
	}
	return c->total_mism ? 1 : 0;
}

static void print_coverage(const struct cov *cv)
{
	int i;

	printf("coverage: verdicts PASS %llu DROP %llu\n", (unsigned long long)cv->verdict[1],
	       (unsigned long long)cv->verdict[0]);
	printf("  %-28s %8s\n", "reason", "frames");
	for (i = 0; i < D_MAX; i++)
		printf("  %-28s %8llu\n", det_info[i].name, (unsigned long long)cv->det[i]);
	printf("  %-28s %8s\n", "class", "frames");
	for (i = 0; i < N_CLS; i++)
		printf("  %-28s %8llu\n", cls_names[i], (unsigned long long)cv->cls[i]);
	printf("  %-28s %8s\n", "action", "frames");
	for (i = 0; i < N_ACT; i++)
		printf("  %-28s %8llu\n", act_names[i], (unsigned long long)cv->act[i]);
	printf("  %-28s %8s\n", "scope selected by", "frames");
	for (i = 0; i < N_SEL; i++)
		printf("  %-28s %8llu\n", sel_names[i], (unsigned long long)cv->sel[i]);
	printf("  %-28s %8llu\n  %-28s %8llu\n", "hash key client-id", (unsigned long long)cv->key[0],
	       "hash key chaddr", (unsigned long long)cv->key[1]);
	printf("  %-28s %8s\n", "corner case", "frames");
	for (i = 0; i < E_MAX; i++)
		printf("  %-28s %8llu\n", edge_names[i], (unsigned long long)cv->edge[i]);
}

/* Each path of the spec must have been exercised at least @min times. */
static int check_coverage(const struct cov *cv, __u64 min)
{
	int i, bad = 0;

#define NEED(cond, fmt, ...) do {						\
		if (!(cond)) {							\
			printf("coverage too low: " fmt "\n", __VA_ARGS__);	\
			bad++;							\
		}								\
	} while (0)
	for (i = 0; i < D_MAX; i++)
		NEED(cv->det[i] >= min || i == D_MAL_ETH, "reason %s hit %llu times", det_info[i].name,
		     (unsigned long long)cv->det[i]);
	for (i = 0; i < N_CLS; i++)
		NEED(cv->cls[i] >= min, "class %s hit %llu times", cls_names[i],
		     (unsigned long long)cv->cls[i]);
	for (i = 0; i < N_ACT; i++)
		NEED(cv->act[i] >= min, "action %s hit %llu times", act_names[i],
		     (unsigned long long)cv->act[i]);
	for (i = 0; i < N_SEL; i++)
		NEED(cv->sel[i] >= min, "scope selection %s hit %llu times", sel_names[i],
		     (unsigned long long)cv->sel[i]);
	for (i = 0; i < 2; i++)
		NEED(cv->key[i] >= min, "hash key %d hit %llu times", i,
		     (unsigned long long)cv->key[i]);
	for (i = 0; i < E_MAX; i++)
		NEED(cv->edge[i] >= min, "corner case %s hit %llu times", edge_names[i],
		     (unsigned long long)cv->edge[i]);
#undef NEED
	return bad;
}

/* The model against known answers, so that agreement means something. */
static void test_model_known_answers(void **state)
{
	static const __u8 mac[6] = { 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04 };
	static const __u8 cid[7] = { 0x01, 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04 };
	struct world w;
	struct dfo_frame f;
	struct m_out o;
	__u8 buf[DFO_FRAME_MAX];
	size_t len;

	(void)state;
	memset(&w, 0, sizeof(w));
	w.n_scopes = 2;
	w.scopes[0] = (struct w_scope){ htonl(0x0a000000), 16, { 0x0a000000, 1, 0, 0 } };
	w.scopes[1] = (struct w_scope){ htonl(0x0a000100), 24, { 0x0a000100, 0, 1, 0 } };
	w.rel_present[1] = true;
	w.rels[1].action[DFO_CLASS_DISCOVER] = DFO_ACT_HASH;
	w.rels[1].action[DFO_CLASS_REQ_SELECTING] = DFO_ACT_BY_SERVER_ID;
	w.rels[1].server_id_be = htonl(0x0a000001);
	w.rels[1].hba[131 >> 3] = 1 << (131 & 7);
	w.has_iface = true;
	w.ifc.n_addr = 2;
	w.ifc.addr_be[0] = htonl(0xc0a80001);
	w.ifc.addr_be[1] = htonl(0x0a000201);

	/* DISCOVER keyed by chaddr 000c01020304 -> bucket 131, ours; via iface[1]. */
	dfo_frame_init(&f, 1, mac);
	dfo_frame_end(&f);
	len = dfo_frame_build(&f, buf, sizeof(buf));
	model(&w, buf, len, &o);
	assert_int_equal(o.det, D_HASH_OURS);
	assert_int_equal(o.bucket, 131);
	assert_int_equal(o.sel, 4);
	assert_int_equal(o.scope, 0);

	/* With client-id 01000c01020304 -> bucket 104, not ours. */
	dfo_frame_init(&f, 1, mac);
	dfo_frame_opt(&f, 61, 7, cid);
	dfo_frame_end(&f);
	len = dfo_frame_build(&f, buf, sizeof(buf));
	model(&w, buf, len, &o);
	assert_int_equal(o.det, D_HASH_NOT_OURS);
	assert_int_equal(o.bucket, 104);

	/* REQUEST selecting us, relayed from 10.0.1.1 -> the /24 without a rel. */
	dfo_frame_init(&f, 3, mac);
	dfo_frame_opt_u32(&f, 54, htonl(0x0a000001));
	dfo_frame_end(&f);
	f.giaddr_be = htonl(0x0a000101);
	len = dfo_frame_build(&f, buf, sizeof(buf));
	model(&w, buf, len, &o);
	assert_int_equal(o.det, D_REL_ZERO);
	assert_int_equal(o.cls, DFO_CLASS_REQ_SELECTING);
	f.giaddr_be = htonl(0x0a000201);
	len = dfo_frame_build(&f, buf, sizeof(buf));
	model(&w, buf, len, &o);
	assert_int_equal(o.det, D_SID_PASS);

	/* The same without option 54 is an init-reboot; BY_SERVER_ID there: unknown. */
	w.rels[1].action[DFO_CLASS_REQ_INIT_REBOOT] = DFO_ACT_BY_SERVER_ID;
	dfo_frame_init(&f, 3, mac);
	dfo_frame_end(&f);
	f.giaddr_be = htonl(0x0a000201);
	len = dfo_frame_build(&f, buf, sizeof(buf));
	model(&w, buf, len, &o);
	assert_int_equal(o.cls, DFO_CLASS_REQ_INIT_REBOOT);
	assert_int_equal(o.det, D_SID_NO_54);

	/* A UDP length that ends before END: malformed, though the frame holds it all. */
	buf[dfo_frame_bootp_off(&f) - 4] = 0;
	buf[dfo_frame_bootp_off(&f) - 3] = 8 + 240 + 3;
	model(&w, buf, len, &o);
	assert_int_equal(o.det, D_END_PAST_UDP);
	buf[dfo_frame_bootp_off(&f) - 3] = 8 + 239;
	model(&w, buf, len, &o);
	assert_int_equal(o.det, D_MAL_BOOTP_PAST_UDP);

	/* Three VLAN tags; a fragment; no END; a duplicate 53; overload. */
	dfo_frame_init(&f, 1, mac);
	dfo_frame_end(&f);
	f.n_vlan = 3;
	len = dfo_frame_build(&f, buf, sizeof(buf));
	model(&w, buf, len, &o);
	assert_int_equal(o.det, D_VLAN_TOO_DEEP);
	f.n_vlan = 2;
	f.frag_off = 0x2000;
	len = dfo_frame_build(&f, buf, sizeof(buf));
	model(&w, buf, len, &o);
	assert_int_equal(o.det, D_FRAGMENT);
	dfo_frame_init(&f, 1, mac);
	len = dfo_frame_build(&f, buf, sizeof(buf));	/* zero padding: PADs, no END */
	model(&w, buf, len, &o);
	assert_int_equal(o.det, D_MAL_OPT_TRUNC);
	dfo_frame_init(&f, 1, mac);
	dfo_frame_opt(&f, 53, 1, "\x01");
	dfo_frame_end(&f);
	len = dfo_frame_build(&f, buf, sizeof(buf));
	model(&w, buf, len, &o);
	assert_int_equal(o.det, D_MAL_OPT_DUP);
	dfo_frame_init(&f, 1, mac);
	dfo_frame_opt(&f, 52, 1, "\x01");
	dfo_frame_end(&f);
	len = dfo_frame_build(&f, buf, sizeof(buf));
	model(&w, buf, len, &o);
	assert_int_equal(o.det, D_OVERLOAD);
}

static void test_diff(void **state)
{
	struct dfo_datapath_opts opts = { .no_pin = true };
	struct ctx *c;
	struct timespec t0, t1;
	double secs;
	int err, i, low = 0;
	__u64 min, seed;

	(void)state;
	setvbuf(stdout, NULL, _IOLBF, 0);	/* interleave with cmocka's stderr */
	c = calloc(1, sizeof(*c));
	assert_non_null(c);
	c->ring = calloc(WINDOW, FRAME_CAP);
	assert_non_null(c->ring);
	c->seed = env_u64("DFO_DIFF_SEED", mix64((__u64)time(NULL) << 20 ^ (__u64)getpid()), NULL);
	c->cases = env_u64("DFO_DIFF_CASES", DEFAULT_CASES, NULL);
	c->only = env_u64("DFO_DIFF_ONLY", 0, &c->has_only);
	c->keep_going = env_u64("DFO_DIFF_KEEP_GOING", 0, NULL) != 0;
	printf("dfo-diff: seed 0x%llx, %llu cases%s (DFO_DIFF_SEED / DFO_DIFF_CASES)\n",
	       (unsigned long long)c->seed, (unsigned long long)c->cases,
	       c->keep_going ? ", keep going" : "");
	fflush(stdout);

	err = dfo_datapath__open(&opts, &c->dp);
	if (err) {
		free(c->ring);
		free(c);
		fail_msg("dfo_datapath__open: %d (needs root and BPF)", err);
	}
	c->prog_fd = dfo_datapath__prog_fd(c->dp);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = run_all(c);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	dfo_datapath__close(c->dp);

	if (c->has_only) {
		free(c->ring);
		free(c);
		assert_int_equal(err, 0);
		return;
	}
	printf("dfo-diff: seed 0x%llx, %llu cases in %.2f s, %llu mismatches\n",
	       (unsigned long long)c->seed, (unsigned long long)c->cases, secs,
	       (unsigned long long)c->total_mism);
	for (i = 0; i < c->n_mism; i++)
		printf("  %6llu x  %s  (first case %llu)\n", (unsigned long long)c->mism[i].count,
		       c->mism[i].what, (unsigned long long)c->mism[i].first_case);
	print_coverage(&c->cov);
	min = c->cases >= DEFAULT_CASES ? 5 : c->cases >= 20000 ? 1 : 0;
	if (!err)
		low = check_coverage(&c->cov, min);
	seed = c->seed;
	free(c->ring);
	free(c);
	if (err < 0)
		fail_msg("datapath error %d", err);
	if (err)
		fail_msg("program and model disagree (seed 0x%llx); see above",
			 (unsigned long long)seed);
	if (low)
		fail_msg("%d paths under-exercised by the generator", low);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_known_answers),
		cmocka_unit_test(test_diff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
