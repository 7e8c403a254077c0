// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Fixture tables for the XDP program, run with BPF_PROG_TEST_RUN.
 *
 * A fixture is a frame (described, then built with tests/lib/frame.c), the
 * relationship the scope points at (hand-built action tables to test the
 * executor on its own, or compiled by dfo_policy__compile), the expected
 * verdict, and the expected counter deltas: the whole of dfo_global_stats
 * and of dfo_scope_stats for every stats slot in use, compared exactly.
 * Only reason counters are written in the tables; rx/passed/dropped and the
 * per-scope counters follow from the verdict and the scope outcome.
 *
 * One datapath with private maps serves every test. The scopes are rewritten
 * and the relationship and the lo interface entry replaced before each
 * fixture, so no fixture depends on what ran before it.
 *
 * Needs root and BPF (CI runs it as root).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>

#include "datapath.h"
#include "policy.h"
#include "rfc3074.h"
#include "frame.h"
#include "xdprun.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Addresses, host order. */
#define IP_US		0x0a090001	/* 10.9.0.1: this server's identifier (opt 54) */
#define IP_OTHER	0x0a090002	/* the partner's */
#define IP_IFACE	0x0a010001	/* lo's address in dfo_ifaces: direct clients */
#define IP_IF_NOSCOPE	0x0a070001	/* an interface address no scope covers */
#define IP_IF2		0x0a080001
#define IP_GIADDR	0x0a020001
#define IP_GIADDR24	0x0a020501	/* inside a /24 carved out of the relay /16 */
#define IP_CIADDR	0x0a030032
#define IP_SEL		0x0a040001	/* option 118 */
#define IP_NOREL	0x0a050001	/* scope with rel_id 0 */
#define IP_BADREL	0x0a060001	/* scope naming a relationship not in dfo_rels */
#define IP_NOSCOPE	0xc0a84d01	/* 192.168.77.1 */
#define IP_REQ		0x0a010064	/* option 50 */

#define REL_ID		1
#define REL_UNKNOWN	99
#define LO_IFINDEX	1

/* Stats slots; 0 belongs to no scope, so a stray count there shows too. */
enum {
	SLOT_NONE = 0,
	SLOT_DIRECT,
	SLOT_RELAY,
	SLOT_CLIENT,
	SLOT_SEL,
	SLOT_NOREL,
	SLOT_BADREL,
	SLOT_RELAY24,
	SLOT_IF2,
	N_SLOTS,
};

static const struct {
	__u32 subnet, plen, rel, slot;
} scopes[] = {
	{ 0x0a010000, 16, REL_ID, SLOT_DIRECT },
	{ 0x0a020000, 16, REL_ID, SLOT_RELAY },
	{ 0x0a020500, 24, REL_ID, SLOT_RELAY24 },
	{ 0x0a030000, 16, REL_ID, SLOT_CLIENT },
	{ 0x0a040000, 16, REL_ID, SLOT_SEL },
	{ 0x0a050000, 16, 0, SLOT_NOREL },
	{ 0x0a060000, 16, REL_UNKNOWN, SLOT_BADREL },
	{ 0x0a080000, 16, REL_ID, SLOT_IF2 },
};

/* A hash key (or chaddr with its hlen). */
struct fx_key {
	__u8 len;
	__u8 b[32];
};

static const struct fx_key MAC_A = { 6, { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a } };
/* Client-id type 1 + a MAC that is not the chaddr; its bucket differs from both. */
static const struct fx_key CID1 = { 7, { 0x01, 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee } };
static const struct fx_key CID1_NOTYPE = { 6, { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee } };
static const struct fx_key CID_TYPE_ONLY = { 1, { 0xff } };
static const struct fx_key CID_EMPTY = { 0, { 0 } };
static const struct fx_key CH_HLEN0 = { 0, { 0x02, 0, 0, 0, 0, 0x0a } };
static const struct fx_key CH_HLEN17 = { 17, { 0x02, 0, 0, 0, 0, 0x0a } };
static const struct fx_key CH_HLEN255 = { 255, { 0x02, 0, 0, 0, 0, 0x0a } };
static const struct fx_key CH_HLEN1 = { 1, { 0x5c } };
static const struct fx_key CH_HLEN16 = { 16, { 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
					       0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f } };
static const struct fx_key CH_HLEN16_FIRST6 = { 6, { 0x30, 0x31, 0x32, 0x33, 0x34, 0x35 } };
/* Design §3 check values. */
static const struct fx_key CH_ISC1 = { 6, { 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04 } };
static const struct fx_key CID_ISC2 = { 7, { 0x01, 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04 } };
static const struct fx_key CH_ISC3 = { 6, { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 } };
static const struct fx_key CH_ISC4 = { 1, { 0x0e } };

struct fx_frame {
	int msg;			/* option 53 value; 0: BOOTP (no option 53) */
	__u32 ciaddr, giaddr, daddr;	/* host order; daddr 0: 255.255.255.255 */
	__u32 sid, req_ip, sel;		/* options 54, 50, 118 when non-zero */
	const struct fx_key *cid;	/* option 61 data, type byte included */
	const struct fx_key *mac;	/* chaddr and hlen; NULL: MAC_A */
	__u8 dst_mac[6];		/* all zero: broadcast */
	__u16 secs;
	int n_vlan;
	__u16 vlan_proto[3];
	__u16 ethertype;
	__u8 ip_opt_len;
	__u16 frag_off;
	__u8 ip_proto;
	__u16 dport;
	__u8 op;
	bool no_cookie;
	size_t bootp_min;		/* 0: the builder's 300; FX_NO_PAD: none */
	void (*opts)(struct dfo_frame *f);	/* more options, before END */
	bool no_end;
	/* Rewrite header bytes after building; returns the new length. */
	size_t (*patch)(const struct dfo_frame *f, __u8 *buf, size_t len);
};

#define FX_NO_PAD	((size_t)-1)

enum fx_hba {
	HBA_NONE = 0,
	HBA_ALL,
	HBA_OWN,		/* only the key's bucket */
	HBA_NOT,		/* every bucket but the key's */
};

enum fx_rel_kind {
	REL_HAND = 0,		/* action[] and hba written here, not compiled */
	REL_POLICY,		/* dfo_policy__compile(&pol) */
	REL_ABSENT,		/* nothing under REL_ID in dfo_rels */
};

struct fx_rel {
	enum fx_rel_kind kind;
	__u8 act;		/* REL_HAND: every class ... */
	bool isolate;		/* ... or only class cls, the others get @others */
	enum dfo_class cls;
	__u8 others;
	enum fx_hba hba;
	const struct fx_key *key;	/* whose bucket HBA_OWN/NOT means; NULL: the chaddr */
	bool fixed_bucket;		/* or this bucket, given as a number */
	__u8 bucket;
	__u16 lb_max_secs;
	__u8 key_mode;
	struct dfo_policy pol;	/* REL_POLICY; server_id_be 0 means IP_US */
};

enum fx_iface {
	IF_DEFAULT = 0,		/* lo = { IP_IFACE } */
	IF_ABSENT,		/* no dfo_ifaces entry for lo */
	IF_EMPTY,		/* entry with n_addr 0 */
	IF_NOSCOPE,		/* { IP_IF_NOSCOPE } */
	IF_TWO,			/* { IP_IF_NOSCOPE, IP_IF2 }: the second has the scope */
	IF_STALE,		/* the same two, but n_addr 1: IP_IF2 is a stale slot */
};

/* What happened inside the selected scope. */
enum fx_out {
	OUT_NONE = 0,		/* no scope selected */
	OUT_PASS,
	OUT_NOT_OURS,
	OUT_OTHER_SERVER,
	OUT_BY_STATE,
	OUT_BY_SECS,
};

struct fixture {
	const char *name;
	struct fx_frame fr;
	struct fx_rel rel;
	enum fx_iface iface;
	__u32 verdict;
	int slot;			/* stats slot of the selected scope, SLOT_NONE */
	enum fx_out out;
	bool msg_other;			/* msg[] slot is DFO_MSG_OTHER whatever fr.msg says */
	struct dfo_global_stats g;	/* reason counters only */
};

static struct dfo_datapath *dp;
static int prog_fd;

/* ---- expectations ------------------------------------------------------ */

/*
 * ABI: msg[] index = option 53 value 1..8 (handled or not: an OFFER inside a
 * BOOTREQUEST still counts as type 2), 0 = BOOTP, 9 = any other value.
 */
static unsigned int want_mslot(int msg)
{
	return msg >= 0 && msg <= 8 ? (unsigned int)msg : DFO_MSG_OTHER;
}

struct counters {
	struct dfo_global_stats g;
	struct dfo_scope_stats s[N_SLOTS];
};

static void fx_expect(const struct fixture *fx, struct counters *w)
{
	struct dfo_scope_stats *s;

	/* The tables only hold reasons; a slip there would double count. */
	assert_int_equal(fx->g.rx + fx->g.passed + fx->g.dropped, 0);
	assert_true(fx->verdict == XDP_PASS || fx->verdict == XDP_DROP);

	memset(w, 0, sizeof(*w));
	w->g = fx->g;
	w->g.rx = 1;
	if (fx->verdict == XDP_DROP)
		w->g.dropped = 1;
	else
		w->g.passed = 1;
	if (fx->slot == SLOT_NONE) {
		/* Only a scope's relationship may drop. */
		assert_int_equal(fx->out, OUT_NONE);
		assert_int_equal(fx->verdict, XDP_PASS);
		return;
	}
	s = &w->s[fx->slot];
	s->received = 1;
	s->msg[fx->msg_other ? DFO_MSG_OTHER : want_mslot(fx->fr.msg)] = 1;
	switch (fx->out) {
	case OUT_PASS:
		s->passed = 1;
		break;
	case OUT_BY_SECS:
		s->passed = 1;
		s->passed_by_secs = 1;
		break;
	case OUT_NOT_OURS:
		s->dropped_not_ours = 1;
		break;
	case OUT_OTHER_SERVER:
		s->dropped_other_server = 1;
		break;
	case OUT_BY_STATE:
		s->dropped_by_state = 1;
		break;
	default:
		fail_msg("%s: scope slot without an outcome", fx->name);
	}
	assert_int_equal(fx->verdict, s->passed ? XDP_PASS : XDP_DROP);
}

/* ---- counters ---------------------------------------------------------- */

static const char *const gnames[] = {
	"rx", "passed", "dropped", "not_dhcp", "malformed", "fragments", "overload",
	"unknown", "no_scope", "not_in_rel", "vlan_too_deep",
};
static const char *const snames[] = {
	"received", "passed", "dropped_not_ours", "dropped_other_server",
	"dropped_by_state", "passed_by_secs", "msg[0]", "msg[1]", "msg[2]", "msg[3]",
	"msg[4]", "msg[5]", "msg[6]", "msg[7]", "msg[8]", "msg[9]",
};
_Static_assert(ARRAY_SIZE(gnames) * 8 == sizeof(struct dfo_global_stats), "gnames");
_Static_assert(ARRAY_SIZE(snames) * 8 == sizeof(struct dfo_scope_stats), "snames");

static void read_counters(struct counters *c)
{
	__u32 i;

	assert_int_equal(dfo_datapath__global_stats(dp, &c->g), 0);
	for (i = 0; i < N_SLOTS; i++)
		assert_int_equal(dfo_datapath__scope_stats(dp, i, &c->s[i]), 0);
}

/* after - before, field by field. */
static void delta(const struct counters *a, const struct counters *b, struct counters *d)
{
	const __u64 *pa = (const __u64 *)a, *pb = (const __u64 *)b;
	__u64 *pd = (__u64 *)d;
	size_t i;

	for (i = 0; i < sizeof(*d) / sizeof(__u64); i++)
		pd[i] = pb[i] - pa[i];
}

/* Print every differing counter; returns how many differ. */
static int diff_counters(const char *name, const struct counters *got, const struct counters *want)
{
	const __u64 *pg, *pw;
	int bad = 0;
	size_t i, s;

	pg = (const __u64 *)&got->g;
	pw = (const __u64 *)&want->g;
	for (i = 0; i < ARRAY_SIZE(gnames); i++) {
		if (pg[i] == pw[i])
			continue;
		print_message("  [%s] global.%s: delta %llu, want %llu\n", name, gnames[i],
			      (unsigned long long)pg[i], (unsigned long long)pw[i]);
		bad++;
	}
	for (s = 0; s < N_SLOTS; s++) {
		pg = (const __u64 *)&got->s[s];
		pw = (const __u64 *)&want->s[s];
		for (i = 0; i < ARRAY_SIZE(snames); i++) {
			if (pg[i] == pw[i])
				continue;
			print_message("  [%s] scope slot %zu .%s: delta %llu, want %llu\n", name, s,
				      snames[i], (unsigned long long)pg[i],
				      (unsigned long long)pw[i]);
			bad++;
		}
	}
	return bad;
}

/*
 * Whatever the expectation, every frame is counted once globally and every
 * request a scope received ends in exactly one of its outcomes.
 */
static int check_invariants(const char *name, const struct counters *d)
{
	int bad = 0;
	size_t s;

	if (d->g.rx != d->g.passed + d->g.dropped) {
		print_message("  [%s] global rx %llu != passed + dropped %llu\n", name,
			      (unsigned long long)d->g.rx,
			      (unsigned long long)(d->g.passed + d->g.dropped));
		bad++;
	}
	for (s = 0; s < N_SLOTS; s++) {
		const struct dfo_scope_stats *x = &d->s[s];
		__u64 out = x->passed + x->dropped_not_ours + x->dropped_other_server +
			    x->dropped_by_state;

		if (x->received != out) {
			print_message("  [%s] slot %zu received %llu != passed + dropped_* %llu\n",
				      name, s, (unsigned long long)x->received,
				      (unsigned long long)out);
			bad++;
		}
	}
	return bad;
}

/* ---- maps -------------------------------------------------------------- */

static __u8 key_bucket(const struct fx_key *k)
{
	return dfo_rfc3074_hash(k->b, k->len);
}

static void hba_fill(__u8 *hba, enum fx_hba how, __u8 bucket)
{
	memset(hba, how == HBA_NOT || how == HBA_ALL ? 0xff : 0, DFO_HBA_BYTES);
	if (how == HBA_OWN)
		hba[bucket >> 3] |= 1u << (bucket & 7);
	else if (how == HBA_NOT)
		hba[bucket >> 3] &= ~(1u << (bucket & 7));
}

static void put_iface(enum fx_iface how)
{
	struct dfo_iface ifc = { 0 };
	int err;

	switch (how) {
	case IF_ABSENT:
		err = dfo_datapath__del_iface(dp, LO_IFINDEX);
		assert_true(err == 0 || err == -ENOENT);
		return;
	case IF_EMPTY:
		break;
	case IF_NOSCOPE:
		ifc.addr_be[0] = htonl(IP_IF_NOSCOPE);
		ifc.n_addr = 1;
		break;
	case IF_TWO:
	case IF_STALE:
		ifc.addr_be[0] = htonl(IP_IF_NOSCOPE);
		ifc.addr_be[1] = htonl(IP_IF2);
		ifc.n_addr = how == IF_TWO ? 2 : 1;
		break;
	default:
		ifc.addr_be[0] = htonl(IP_IFACE);
		ifc.n_addr = 1;
		break;
	}
	assert_int_equal(dfo_datapath__put_iface(dp, LO_IFINDEX, &ifc), 0);
}

/* Build the relationship a fixture asks for into @r; false for REL_ABSENT. */
static bool make_rel(const struct fixture *fx, struct dfo_rel *r)
{
	const struct fx_rel *fr = &fx->rel;
	const struct fx_key *k;
	__u8 bucket = 0;
	unsigned int c;

	memset(r, 0, sizeof(*r));
	switch (fr->kind) {
	case REL_ABSENT:
		return false;
	case REL_POLICY: {
		struct dfo_policy p = fr->pol;

		if (!p.server_id_be)
			p.server_id_be = htonl(IP_US);
		assert_int_equal(dfo_policy__compile(&p, r), 0);
		return true;
	}
	default:
		break;
	}
	for (c = 0; c < DFO_CLASS_MAX; c++)
		r->action[c] = fr->isolate && c != fr->cls ? fr->others : fr->act;
	if (fr->hba == HBA_OWN || fr->hba == HBA_NOT) {
		k = fr->key ? fr->key : fx->fr.mac ? fx->fr.mac : &MAC_A;
		if (!fr->fixed_bucket)
			assert_true(k->len >= 1 && k->len <= sizeof(k->b));
		bucket = fr->fixed_bucket ? fr->bucket : key_bucket(k);
	}
	hba_fill(r->hba, fr->hba, bucket);
	r->server_id_be = htonl(IP_US);
	r->lb_max_secs = fr->lb_max_secs;
	r->key_mode = fr->key_mode;
	r->state = DFO_FSM_NORMAL;
	return true;
}

/* The fixed part: every scope, and no relationship REL_UNKNOWN. */
static void put_scopes(void)
{
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(scopes); i++) {
		struct dfo_scope sc = {
			.scope_id = scopes[i].subnet, .rel_id = scopes[i].rel,
			.stats_slot = scopes[i].slot,
		};

		assert_int_equal(dfo_datapath__put_scope(dp, htonl(scopes[i].subnet),
							 scopes[i].plen, &sc), 0);
	}
	err = dfo_datapath__del_rel(dp, REL_UNKNOWN);
	assert_true(err == 0 || err == -ENOENT);
}

static void setup_maps(const struct fixture *fx)
{
	struct dfo_rel r;
	int err;

	put_scopes();
	if (make_rel(fx, &r)) {
		assert_int_equal(dfo_datapath__put_rel(dp, REL_ID, &r), 0);
	} else {
		err = dfo_datapath__del_rel(dp, REL_ID);
		assert_true(err == 0 || err == -ENOENT);
	}
	put_iface(fx->iface);
}

/* ---- frames ------------------------------------------------------------ */

static size_t build(const struct fx_frame *fs, struct dfo_frame *f, __u8 *buf)
{
	const struct fx_key *mac = fs->mac ? fs->mac : &MAC_A;
	static const __u8 zero[6];
	size_t len;
	int i;

	dfo_frame_init(f, fs->msg, MAC_A.b);
	memset(f->chaddr, 0, sizeof(f->chaddr));
	memcpy(f->chaddr, mac->b, sizeof(f->chaddr));
	f->hlen = mac->len;
	if (memcmp(fs->dst_mac, zero, 6))
		memcpy(f->dst_mac, fs->dst_mac, 6);
	f->ciaddr_be = htonl(fs->ciaddr);
	f->giaddr_be = htonl(fs->giaddr);
	f->daddr_be = htonl(fs->daddr ? fs->daddr : 0xffffffff);
	f->saddr_be = htonl(fs->giaddr ? fs->giaddr : fs->ciaddr);
	f->secs = fs->secs;
	f->n_vlan = fs->n_vlan;
	for (i = 0; i < 3; i++) {
		f->vlan_proto[i] = fs->vlan_proto[i];
		f->vlan_tci[i] = 100 + i;
	}
	f->ethertype = fs->ethertype;
	f->ip_opt_len = fs->ip_opt_len;
	f->frag_off = fs->frag_off;
	f->ip_proto = fs->ip_proto;
	f->dport = fs->dport;
	if (fs->op)
		f->op = fs->op;
	f->no_cookie = fs->no_cookie;
	if (fs->bootp_min)
		f->bootp_min = fs->bootp_min == FX_NO_PAD ? 0 : fs->bootp_min;
	if (fs->sid)
		assert_true(dfo_frame_opt_u32(f, 54, htonl(fs->sid)));
	if (fs->req_ip)
		assert_true(dfo_frame_opt_u32(f, 50, htonl(fs->req_ip)));
	if (fs->sel)
		assert_true(dfo_frame_opt_u32(f, 118, htonl(fs->sel)));
	if (fs->cid)
		assert_true(dfo_frame_opt(f, 61, fs->cid->len, fs->cid->b));
	if (fs->opts)
		fs->opts(f);
	if (!fs->no_end)
		assert_true(dfo_frame_end(f));
	len = dfo_frame_build(f, buf, DFO_FRAME_MAX);
	assert_true(len > 0);
	if (fs->patch)
		len = fs->patch(f, buf, len);
	return len;
}

/* Run one fixture; returns the number of mismatches, each printed. */
static int run_fixture(const struct fixture *fx)
{
	struct counters before, after, got, want;
	struct dfo_frame f;
	__u8 buf[DFO_FRAME_MAX];
	__u32 verdict = 0;
	size_t len;
	int err, bad = 0;

	fx_expect(fx, &want);
	setup_maps(fx);
	len = build(&fx->fr, &f, buf);
	read_counters(&before);
	err = dfo_xdp_run(prog_fd, buf, len, LO_IFINDEX, 1, &verdict, NULL);
	if (err) {
		print_message("  [%s] BPF_PROG_TEST_RUN: %s\n", fx->name, strerror(-err));
		return 1;
	}
	read_counters(&after);
	delta(&before, &after, &got);
	if (verdict != fx->verdict) {
		print_message("  [%s] verdict %s, want %s\n", fx->name,
			      verdict == XDP_PASS ? "PASS" : verdict == XDP_DROP ? "DROP" : "other",
			      fx->verdict == XDP_PASS ? "PASS" : "DROP");
		bad++;
	}
	bad += diff_counters(fx->name, &got, &want);
	bad += check_invariants(fx->name, &got);
	return bad;
}

static int run_table(const struct fixture *t, size_t n)
{
	int bad = 0, b;
	size_t i;

	for (i = 0; i < n; i++) {
		b = run_fixture(&t[i]);
		if (b)
			print_message("FAIL fixture %zu \"%s\" (%d mismatches)\n", i, t[i].name, b);
		bad += !!b;
	}
	print_message("  %zu fixtures, %d failed\n", n, bad);
	return bad;
}

/* ---- frame helpers for the tables ---------------------------------------- */

static void put16(__u8 *p, __u16 v)
{
	v = htons(v);
	memcpy(p, &v, 2);
}

static __u16 get16(const __u8 *p)
{
	__u16 v;

	memcpy(&v, p, 2);
	return ntohs(v);
}

/* The program does not check the IP checksum, so patches leave it stale. */
static size_t patch_ihl4(const struct dfo_frame *f, __u8 *buf, size_t len)
{
	buf[dfo_frame_l3_off(f)] = 0x44;
	return len;
}

static size_t patch_version6(const struct dfo_frame *f, __u8 *buf, size_t len)
{
	buf[dfo_frame_l3_off(f)] = 0x65;
	return len;
}

static size_t patch_totlen_lt_ihl(const struct dfo_frame *f, __u8 *buf, size_t len)
{
	put16(buf + dfo_frame_l3_off(f) + 2, 16);
	return len;
}

static size_t patch_totlen_long(const struct dfo_frame *f, __u8 *buf, size_t len)
{
	__u8 *p = buf + dfo_frame_l3_off(f) + 2;

	put16(p, get16(p) + 1);
	return len;
}

static size_t patch_udplen_7(const struct dfo_frame *f, __u8 *buf, size_t len)
{
	put16(buf + dfo_frame_bootp_off(f) - 4, 7);
	return len;
}

static size_t patch_udplen_long(const struct dfo_frame *f, __u8 *buf, size_t len)
{
	__u8 *p = buf + dfo_frame_bootp_off(f) - 4;

	put16(p, get16(p) + 1);
	return len;
}

/* Only 200 bytes of BOOTP header, with IP and UDP lengths that say so. */
static size_t patch_short_bootp(const struct dfo_frame *f, __u8 *buf, size_t len)
{
	size_t l3 = dfo_frame_l3_off(f), b = dfo_frame_bootp_off(f);

	(void)len;
	put16(buf + l3 + 2, b + 200 - l3);
	put16(buf + b - 4, 8 + 200);
	return b + 200;
}

/*
 * IP and UDP lengths end right after the magic cookie; the options follow
 * in the frame but outside the datagram (as an Ethernet trailer would).
 */
static size_t patch_opts_outside_datagram(const struct dfo_frame *f, __u8 *buf, size_t len)
{
	size_t l3 = dfo_frame_l3_off(f), b = dfo_frame_bootp_off(f);

	put16(buf + l3 + 2, b + 240 - l3);
	put16(buf + b - 4, 8 + 240);
	return len;
}

/* The UDP length covers 100 bytes of BOOTP; IP and the frame carry all 300. */
static size_t patch_udp_shorter_than_bootp(const struct dfo_frame *f, __u8 *buf, size_t len)
{
	put16(buf + dfo_frame_bootp_off(f) - 4, 8 + 100);
	return len;
}

static void opt_u8(struct dfo_frame *f, __u8 code, __u8 v)
{
	assert_true(dfo_frame_opt(f, code, 1, &v));
}

static void pads(struct dfo_frame *f, size_t n)
{
	assert_true(f->opts_len + n <= sizeof(f->opts));
	memset(f->opts + f->opts_len, 0, n);
	f->opts_len += n;
}

static void long_opts(struct dfo_frame *f, int n)
{
	__u8 data[255];
	int i;

	memset(data, 0x61, sizeof(data));
	for (i = 0; i < n; i++)
		assert_true(dfo_frame_opt(f, 43, 255, data));
}

static void o_overload(struct dfo_frame *f)
{
	opt_u8(f, 52, 3);
}

static void o_dup53(struct dfo_frame *f)
{
	opt_u8(f, 53, 1);
}

static void o_dup61(struct dfo_frame *f)
{
	assert_true(dfo_frame_opt(f, 61, CID1.len, CID1.b));
	assert_true(dfo_frame_opt(f, 61, CID1.len, CID1.b));
}

static void o_dup54(struct dfo_frame *f)
{
	assert_true(dfo_frame_opt_u32(f, 54, htonl(IP_US)));
	assert_true(dfo_frame_opt_u32(f, 54, htonl(IP_US)));
}

static void o_dup118(struct dfo_frame *f)
{
	assert_true(dfo_frame_opt_u32(f, 118, htonl(IP_SEL)));
	assert_true(dfo_frame_opt_u32(f, 118, htonl(IP_SEL)));
}

static void o_dup50(struct dfo_frame *f)
{
	assert_true(dfo_frame_opt_u32(f, 50, htonl(IP_REQ)));
	assert_true(dfo_frame_opt_u32(f, 50, htonl(IP_REQ)));
}

static void o_53_len0(struct dfo_frame *f)
{
	assert_true(dfo_frame_opt(f, 53, 0, NULL));
}

static void o_53_len2(struct dfo_frame *f)
{
	assert_true(dfo_frame_opt(f, 53, 2, "\x01\x01"));
}

static void o_53_zero(struct dfo_frame *f)
{
	opt_u8(f, 53, 0);
}

static void o_54_len3(struct dfo_frame *f)
{
	assert_true(dfo_frame_opt(f, 54, 3, "\x0a\x09\x00"));
}

static void o_118_len5(struct dfo_frame *f)
{
	assert_true(dfo_frame_opt(f, 118, 5, "\x0a\x04\x00\x01\x00"));
}

static void o_50_len8(struct dfo_frame *f)
{
	assert_true(dfo_frame_opt(f, 50, 8, "\x0a\x01\x00\x64\x0a\x01\x00\x65"));
}

/* RFC 3396 concatenation of an option the program does not read: its business is not ours. */
static void o_dup12(struct dfo_frame *f)
{
	assert_true(dfo_frame_opt(f, 12, 4, "host"));
	assert_true(dfo_frame_opt(f, 12, 4, "name"));
}

static void o_pad94(struct dfo_frame *f)
{
	pads(f, 94);
}

static void o_pad95(struct dfo_frame *f)
{
	pads(f, 95);
}

static void o_pad200(struct dfo_frame *f)
{
	pads(f, 200);
}

/* 5 x 257 option bytes end at 1288 (< 1500); 6 x 257 at 1545 (> 1500). */
static void o_long5(struct dfo_frame *f)
{
	long_opts(f, 5);
}

static void o_long6(struct dfo_frame *f)
{
	long_opts(f, 6);
}

/* Option 12 says 50 data bytes; the frame ends after 10. */
static void o_overrun(struct dfo_frame *f)
{
	f->opts[f->opts_len++] = 12;
	f->opts[f->opts_len++] = 50;
	memset(f->opts + f->opts_len, 'x', 10);
	f->opts_len += 10;
}

/* An option code with its length byte cut off by the end of the frame. */
static void o_code_only(struct dfo_frame *f)
{
	f->opts[f->opts_len++] = 12;
}

/* An option after an empty 61, so the scan must step over its 2 bytes exactly. */
static void o_cid_empty_then_more(struct dfo_frame *f)
{
	opt_u8(f, 55, 1);
}

/* ---- the main table ------------------------------------------------------ */

/*
 * Most fixtures use a hand-built HASH table that owns nothing of this client
 * (HASH_NOT), so a frame that got through the parser would be DROPped: a
 * PASS with a reason counter then shows the program stopped where it should.
 */
#define HASH_NOT	{ .act = DFO_ACT_HASH, .hba = HBA_NOT }
#define HASH_OWN	{ .act = DFO_ACT_HASH, .hba = HBA_OWN }
#define PASSED(s)	.verdict = XDP_PASS, .slot = (s), .out = OUT_PASS
#define NOT_OURS(s)	.verdict = XDP_DROP, .slot = (s), .out = OUT_NOT_OURS
#define REASON(r)	.verdict = XDP_PASS, .g = { .r = 1 }

#define IHL_FIXTURE(n)							\
	{ "IP header length " #n " words, NOP options",		\
	  .fr = { .msg = 1, .ip_opt_len = 4 * ((n) - 5) }, .rel = HASH_NOT,	\
	  NOT_OURS(SLOT_DIRECT) }

static const struct fixture main_table[] = {
	/* Scope selection and its precedence. */
	{ "direct: lo's address selects the scope", .fr = { .msg = 1 }, .rel = HASH_NOT,
	  NOT_OURS(SLOT_DIRECT) },
	{ "direct: second interface address when the first has no scope", .fr = { .msg = 1 },
	  .rel = HASH_NOT, .iface = IF_TWO, NOT_OURS(SLOT_IF2) },
	{ "direct: addresses past n_addr are not used", .fr = { .msg = 1 }, .rel = HASH_NOT,
	  .iface = IF_STALE, REASON(no_scope) },
	{ "direct: lo not in dfo_ifaces", .fr = { .msg = 1 }, .rel = HASH_NOT,
	  .iface = IF_ABSENT, REASON(no_scope) },
	{ "direct: interface entry without addresses", .fr = { .msg = 1 }, .rel = HASH_NOT,
	  .iface = IF_EMPTY, REASON(no_scope) },
	{ "direct: interface address without a scope", .fr = { .msg = 1 }, .rel = HASH_NOT,
	  .iface = IF_NOSCOPE, REASON(no_scope) },
	{ "relayed: giaddr selects the scope", .fr = { .msg = 1, .giaddr = IP_GIADDR,
	  .daddr = IP_US }, .rel = HASH_NOT, NOT_OURS(SLOT_RELAY) },
	{ "relayed: longest prefix wins", .fr = { .msg = 1, .giaddr = IP_GIADDR24,
	  .daddr = IP_US }, .rel = HASH_NOT, NOT_OURS(SLOT_RELAY24) },
	{ "relayed: giaddr without a scope does not fall back to the interface",
	  .fr = { .msg = 1, .giaddr = IP_NOSCOPE, .daddr = IP_US }, .rel = HASH_NOT,
	  REASON(no_scope) },
	{ "ciaddr beats the interface", .fr = { .msg = 8, .ciaddr = IP_CIADDR, .daddr = IP_US },
	  .rel = HASH_NOT, NOT_OURS(SLOT_CLIENT) },
	{ "option 118 selects the scope", .fr = { .msg = 1, .sel = IP_SEL }, .rel = HASH_NOT,
	  NOT_OURS(SLOT_SEL) },
	{ "option 118 beats giaddr, ciaddr and the interface", .fr = { .msg = 8,
	  .sel = IP_SEL, .giaddr = IP_GIADDR, .ciaddr = IP_CIADDR, .daddr = IP_US },
	  .rel = HASH_NOT, NOT_OURS(SLOT_SEL) },
	{ "giaddr beats ciaddr and the interface", .fr = { .msg = 8, .giaddr = IP_GIADDR,
	  .ciaddr = IP_CIADDR, .daddr = IP_US }, .rel = HASH_NOT, NOT_OURS(SLOT_RELAY) },
	{ "option 118 naming no scope", .fr = { .msg = 1, .sel = IP_NOSCOPE,
	  .giaddr = IP_GIADDR }, .rel = HASH_NOT, REASON(no_scope) },
	{ "scope with rel_id 0", .fr = { .msg = 1, .giaddr = IP_NOREL, .daddr = IP_US },
	  .rel = HASH_NOT, PASSED(SLOT_NOREL), .g = { .not_in_rel = 1 } },
	{ "scope naming an unknown relationship", .fr = { .msg = 1, .giaddr = IP_BADREL,
	  .daddr = IP_US }, .rel = HASH_NOT, PASSED(SLOT_BADREL), .g = { .not_in_rel = 1 } },
	{ "relationship deleted from dfo_rels", .fr = { .msg = 1 },
	  .rel = { .kind = REL_ABSENT }, PASSED(SLOT_DIRECT), .g = { .not_in_rel = 1 } },

	/* VLAN tags. */
	{ "one 802.1Q tag", .fr = { .msg = 1, .n_vlan = 1, .vlan_proto = { 0x8100 } },
	  .rel = HASH_NOT, NOT_OURS(SLOT_DIRECT) },
	{ "one 802.1AD tag", .fr = { .msg = 1, .n_vlan = 1, .vlan_proto = { 0x88a8 } },
	  .rel = HASH_NOT, NOT_OURS(SLOT_DIRECT) },
	{ "802.1AD + 802.1Q", .fr = { .msg = 1, .n_vlan = 2, .vlan_proto = { 0x88a8, 0x8100 } },
	  .rel = HASH_NOT, NOT_OURS(SLOT_DIRECT) },
	{ "802.1Q + 802.1Q", .fr = { .msg = 1, .n_vlan = 2, .vlan_proto = { 0x8100, 0x8100 } },
	  .rel = HASH_NOT, NOT_OURS(SLOT_DIRECT) },
	{ "802.1Q + 802.1AD", .fr = { .msg = 1, .n_vlan = 2, .vlan_proto = { 0x8100, 0x88a8 } },
	  .rel = HASH_NOT, NOT_OURS(SLOT_DIRECT) },
	{ "two tags, owned client", .fr = { .msg = 1, .n_vlan = 2,
	  .vlan_proto = { 0x88a8, 0x8100 } }, .rel = HASH_OWN, PASSED(SLOT_DIRECT) },
	{ "three 802.1Q tags", .fr = { .msg = 1, .n_vlan = 3,
	  .vlan_proto = { 0x8100, 0x8100, 0x8100 } }, .rel = HASH_NOT, REASON(vlan_too_deep) },
	{ "three tags 802.1AD, 802.1AD, 802.1Q", .fr = { .msg = 1, .n_vlan = 3,
	  .vlan_proto = { 0x88a8, 0x88a8, 0x8100 } }, .rel = HASH_NOT, REASON(vlan_too_deep) },

	/* IPv4 header. */
	IHL_FIXTURE(5), IHL_FIXTURE(6), IHL_FIXTURE(7), IHL_FIXTURE(8), IHL_FIXTURE(9),
	IHL_FIXTURE(10), IHL_FIXTURE(11), IHL_FIXTURE(12), IHL_FIXTURE(13), IHL_FIXTURE(14),
	IHL_FIXTURE(15),
	{ "IP options behind two VLAN tags", .fr = { .msg = 1, .n_vlan = 2,
	  .vlan_proto = { 0x88a8, 0x8100 }, .ip_opt_len = 40 }, .rel = HASH_NOT,
	  NOT_OURS(SLOT_DIRECT) },
	{ "IHL 4", .fr = { .msg = 1, .patch = patch_ihl4 }, .rel = HASH_NOT, REASON(malformed) },
	{ "IP version 6 under ethertype IPv4", .fr = { .msg = 1, .patch = patch_version6 },
	  .rel = HASH_NOT, REASON(malformed) },
	{ "IP total length below the header length", .fr = { .msg = 1,
	  .patch = patch_totlen_lt_ihl }, .rel = HASH_NOT, REASON(malformed) },
	{ "IP total length one past the frame", .fr = { .msg = 1, .patch = patch_totlen_long },
	  .rel = HASH_NOT, REASON(malformed) },
	{ "fragment: MF set", .fr = { .msg = 1, .frag_off = 0x2000 }, .rel = HASH_NOT,
	  REASON(fragments) },
	{ "fragment: offset 1", .fr = { .msg = 1, .frag_off = 0x0001 }, .rel = HASH_NOT,
	  REASON(fragments) },
	{ "fragment: offset 0x1fff", .fr = { .msg = 1, .frag_off = 0x1fff }, .rel = HASH_NOT,
	  REASON(fragments) },
	{ "fragment: MF and an offset", .fr = { .msg = 1, .frag_off = 0x2010 }, .rel = HASH_NOT,
	  REASON(fragments) },
	{ "DF set is not a fragment", .fr = { .msg = 1, .frag_off = 0x4000 }, .rel = HASH_NOT,
	  NOT_OURS(SLOT_DIRECT) },

	/* Not DHCP. */
	{ "ethertype IPv6", .fr = { .msg = 1, .ethertype = 0x86dd }, .rel = HASH_NOT,
	  REASON(not_dhcp) },
	{ "ethertype ARP", .fr = { .msg = 1, .ethertype = 0x0806 }, .rel = HASH_NOT,
	  REASON(not_dhcp) },
	{ "IP protocol TCP", .fr = { .msg = 1, .ip_proto = 6 }, .rel = HASH_NOT,
	  REASON(not_dhcp) },
	{ "UDP to port 68", .fr = { .msg = 1, .dport = 68 }, .rel = HASH_NOT, REASON(not_dhcp) },
	{ "UDP to port 0x4300 (67 byte-swapped)", .fr = { .msg = 1, .dport = 0x4300 },
	  .rel = HASH_NOT, REASON(not_dhcp) },
	{ "BOOTREPLY", .fr = { .msg = 1, .op = 2 }, .rel = HASH_NOT, REASON(not_dhcp) },
	{ "op 3", .fr = { .msg = 1, .op = 3 }, .rel = HASH_NOT, REASON(not_dhcp) },
	{ "no magic cookie", .fr = { .msg = 1, .no_cookie = true }, .rel = HASH_NOT,
	  REASON(unknown) },

	/* UDP length. */
	{ "UDP length 7", .fr = { .msg = 1, .patch = patch_udplen_7 }, .rel = HASH_NOT,
	  REASON(malformed) },
	{ "UDP length past the IP payload", .fr = { .msg = 1, .patch = patch_udplen_long },
	  .rel = HASH_NOT, REASON(malformed) },
	{ "BOOTP header cut at 200 bytes, lengths consistent", .fr = { .msg = 1,
	  .patch = patch_short_bootp }, .rel = HASH_NOT, REASON(malformed) },

	/* Options. */
	{ "option overload (52)", .fr = { .msg = 1, .opts = o_overload }, .rel = HASH_NOT,
	  REASON(overload) },
	{ "option 53 twice", .fr = { .msg = 1, .opts = o_dup53 }, .rel = HASH_NOT,
	  REASON(malformed) },
	{ "option 61 twice", .fr = { .msg = 1, .opts = o_dup61 }, .rel = HASH_NOT,
	  REASON(malformed) },
	{ "option 54 twice", .fr = { .msg = 3, .opts = o_dup54 }, .rel = HASH_NOT,
	  REASON(malformed) },
	{ "option 118 twice", .fr = { .msg = 1, .opts = o_dup118 }, .rel = HASH_NOT,
	  REASON(malformed) },
	{ "option 50 twice", .fr = { .msg = 3, .opts = o_dup50 }, .rel = HASH_NOT,
	  REASON(malformed) },
	{ "option 12 twice is not ours to judge", .fr = { .msg = 1, .opts = o_dup12 },
	  .rel = HASH_NOT, NOT_OURS(SLOT_DIRECT) },
	{ "option 53 length 0", .fr = { .msg = 0, .opts = o_53_len0 }, .rel = HASH_NOT,
	  REASON(malformed) },
	{ "option 53 length 2", .fr = { .msg = 0, .opts = o_53_len2 }, .rel = HASH_NOT,
	  REASON(malformed) },
	{ "option 54 length 3", .fr = { .msg = 3, .opts = o_54_len3 }, .rel = HASH_NOT,
	  REASON(malformed) },
	{ "option 118 length 5", .fr = { .msg = 1, .opts = o_118_len5 }, .rel = HASH_NOT,
	  REASON(malformed) },
	{ "option 50 length 8", .fr = { .msg = 3, .opts = o_50_len8 }, .rel = HASH_NOT,
	  REASON(malformed) },
	{ "message type 2 (OFFER) in a BOOTREQUEST", .fr = { .msg = 2 }, .rel = HASH_NOT,
	  PASSED(SLOT_DIRECT), .g = { .unknown = 1 } },
	{ "message type 5 (ACK) in a BOOTREQUEST", .fr = { .msg = 5 }, .rel = HASH_NOT,
	  PASSED(SLOT_DIRECT), .g = { .unknown = 1 } },
	{ "message type 6 (NAK) in a BOOTREQUEST", .fr = { .msg = 6 }, .rel = HASH_NOT,
	  PASSED(SLOT_DIRECT), .g = { .unknown = 1 } },
	{ "message type 9 (FORCERENEW)", .fr = { .msg = 9 }, .rel = HASH_NOT,
	  PASSED(SLOT_DIRECT), .g = { .unknown = 1 } },
	{ "message type 13 (LEASEQUERY)", .fr = { .msg = 13 }, .rel = HASH_NOT,
	  PASSED(SLOT_DIRECT), .g = { .unknown = 1 } },
	{ "message type 0", .fr = { .msg = 0, .opts = o_53_zero }, .rel = HASH_NOT,
	  PASSED(SLOT_DIRECT), .msg_other = true, .g = { .unknown = 1 } },
	{ "unknown message type in a scope without relationship", .fr = { .msg = 2,
	  .giaddr = IP_NOREL }, .rel = HASH_NOT, PASSED(SLOT_NOREL), .g = { .unknown = 1 } },
	{ "no END, frame ends after the options", .fr = { .msg = 1, .no_end = true,
	  .bootp_min = FX_NO_PAD }, .rel = HASH_NOT, REASON(malformed) },
	{ "no END, zero padding to the frame end", .fr = { .msg = 1, .no_end = true },
	  .rel = HASH_NOT, REASON(malformed) },
	{ "option length runs past the frame", .fr = { .msg = 1, .opts = o_overrun,
	  .no_end = true, .bootp_min = FX_NO_PAD }, .rel = HASH_NOT, REASON(malformed) },
	{ "option code without its length byte", .fr = { .msg = 1, .opts = o_code_only,
	  .no_end = true, .bootp_min = FX_NO_PAD }, .rel = HASH_NOT, REASON(malformed) },
	{ "1288 option bytes then END", .fr = { .msg = 1, .opts = o_long5 }, .rel = HASH_NOT,
	  NOT_OURS(SLOT_DIRECT) },
	{ "END beyond 1500 option bytes", .fr = { .msg = 1, .opts = o_long6 }, .rel = HASH_NOT,
	  REASON(unknown) },
	{ "no END within 1500 option bytes", .fr = { .msg = 1, .opts = o_long6, .no_end = true },
	  .rel = HASH_NOT, REASON(unknown) },
	/* 53, 94 PADs, END: END is the 96th and last option the scan reads. */
	{ "94 PADs: END is the 96th option", .fr = { .msg = 1, .opts = o_pad94 },
	  .rel = HASH_NOT, NOT_OURS(SLOT_DIRECT) },
	{ "95 PADs: END is the 97th option", .fr = { .msg = 1, .opts = o_pad95 },
	  .rel = HASH_NOT, REASON(unknown) },
	{ "200 PADs before END", .fr = { .msg = 1, .opts = o_pad200 }, .rel = HASH_NOT,
	  REASON(unknown) },

	/* secs override (HASH only). */
	{ "secs 11 > lb_max_secs 10 passes a partner's client",
	  .fr = { .msg = 1, .secs = 11 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_NOT, .lb_max_secs = 10 },
	  .verdict = XDP_PASS, .slot = SLOT_DIRECT, .out = OUT_BY_SECS },
	{ "secs 10 == lb_max_secs 10 does not", .fr = { .msg = 1, .secs = 10 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_NOT, .lb_max_secs = 10 },
	  NOT_OURS(SLOT_DIRECT) },
	{ "lb_max_secs 0 is off", .fr = { .msg = 1, .secs = 65535 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_NOT }, NOT_OURS(SLOT_DIRECT) },
	{ "secs is big-endian: 512 > 300", .fr = { .msg = 1, .secs = 512 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_NOT, .lb_max_secs = 300 },
	  .verdict = XDP_PASS, .slot = SLOT_DIRECT, .out = OUT_BY_SECS },
	{ "secs is big-endian: 2 <= 300", .fr = { .msg = 1, .secs = 2 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_NOT, .lb_max_secs = 300 },
	  NOT_OURS(SLOT_DIRECT) },
	{ "secs over the limit, own bucket: a plain pass", .fr = { .msg = 1, .secs = 11 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_OWN, .lb_max_secs = 10 },
	  PASSED(SLOT_DIRECT) },
	{ "secs does not override a DROP action", .fr = { .msg = 1, .secs = 65535 },
	  .rel = { .act = DFO_ACT_DROP, .lb_max_secs = 10 },
	  .verdict = XDP_DROP, .slot = SLOT_DIRECT, .out = OUT_BY_STATE },
	{ "secs does not override BY_SERVER_ID", .fr = { .msg = 3, .sid = IP_OTHER,
	  .secs = 65535 }, .rel = { .act = DFO_ACT_BY_SERVER_ID, .lb_max_secs = 10 },
	  .verdict = XDP_DROP, .slot = SLOT_DIRECT, .out = OUT_OTHER_SERVER },

	/* Hash key: client-id or chaddr. */
	{ "client-id: its bucket is owned", .fr = { .msg = 1, .cid = &CID1 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_OWN, .key = &CID1 }, PASSED(SLOT_DIRECT) },
	{ "client-id: its bucket is the partner's", .fr = { .msg = 1, .cid = &CID1 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_NOT, .key = &CID1 }, NOT_OURS(SLOT_DIRECT) },
	{ "client-id: the key includes the type byte", .fr = { .msg = 1, .cid = &CID1 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_OWN, .key = &CID1_NOTYPE },
	  NOT_OURS(SLOT_DIRECT) },
	{ "client-id: chaddr is not the key", .fr = { .msg = 1, .cid = &CID1 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_OWN, .key = &MAC_A }, NOT_OURS(SLOT_DIRECT) },
	{ "client-id of one byte", .fr = { .msg = 1, .cid = &CID_TYPE_ONLY },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_OWN, .key = &CID_TYPE_ONLY },
	  PASSED(SLOT_DIRECT) },
	{ "empty client-id falls back to chaddr (owned)", .fr = { .msg = 1, .cid = &CID_EMPTY,
	  .opts = o_cid_empty_then_more }, .rel = { .act = DFO_ACT_HASH, .hba = HBA_OWN,
	  .key = &MAC_A }, PASSED(SLOT_DIRECT) },
	{ "empty client-id falls back to chaddr (not owned)", .fr = { .msg = 1,
	  .cid = &CID_EMPTY }, .rel = { .act = DFO_ACT_HASH, .hba = HBA_NOT, .key = &MAC_A },
	  NOT_OURS(SLOT_DIRECT) },
	{ "key mode chaddr ignores option 61 (owned)", .fr = { .msg = 1, .cid = &CID1 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_OWN, .key = &MAC_A,
	  .key_mode = DFO_KEY_CHADDR }, PASSED(SLOT_DIRECT) },
	{ "key mode chaddr ignores option 61 (not owned)", .fr = { .msg = 1, .cid = &CID1 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_NOT, .key = &MAC_A,
	  .key_mode = DFO_KEY_CHADDR }, NOT_OURS(SLOT_DIRECT) },
	{ "hlen 0, no client-id: no key", .fr = { .msg = 1, .mac = &CH_HLEN0 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_NONE }, PASSED(SLOT_DIRECT),
	  .g = { .unknown = 1 } },
	{ "hlen 17, no client-id: no key", .fr = { .msg = 1, .mac = &CH_HLEN17 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_NONE }, PASSED(SLOT_DIRECT),
	  .g = { .unknown = 1 } },
	{ "hlen 255, no client-id: no key", .fr = { .msg = 1, .mac = &CH_HLEN255 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_NONE }, PASSED(SLOT_DIRECT),
	  .g = { .unknown = 1 } },
	{ "hlen 0, key mode chaddr, client-id present: no key", .fr = { .msg = 1,
	  .mac = &CH_HLEN0, .cid = &CID1 }, .rel = { .act = DFO_ACT_HASH, .hba = HBA_NONE,
	  .key_mode = DFO_KEY_CHADDR }, PASSED(SLOT_DIRECT), .g = { .unknown = 1 } },
	{ "hlen 0 with a client-id (owned)", .fr = { .msg = 1, .mac = &CH_HLEN0, .cid = &CID1 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_OWN, .key = &CID1 }, PASSED(SLOT_DIRECT) },
	{ "hlen 0 with a client-id (not owned)", .fr = { .msg = 1, .mac = &CH_HLEN0,
	  .cid = &CID1 }, .rel = { .act = DFO_ACT_HASH, .hba = HBA_NOT, .key = &CID1 },
	  NOT_OURS(SLOT_DIRECT) },
	{ "hlen 1 (owned)", .fr = { .msg = 1, .mac = &CH_HLEN1 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_OWN }, PASSED(SLOT_DIRECT) },
	{ "hlen 1 (not owned)", .fr = { .msg = 1, .mac = &CH_HLEN1 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_NOT }, NOT_OURS(SLOT_DIRECT) },
	{ "hlen 16 (owned)", .fr = { .msg = 1, .mac = &CH_HLEN16 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_OWN }, PASSED(SLOT_DIRECT) },
	{ "hlen 16 hashes all 16 bytes", .fr = { .msg = 1, .mac = &CH_HLEN16 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_OWN, .key = &CH_HLEN16_FIRST6 },
	  NOT_OURS(SLOT_DIRECT) },
	{ "BOOTP (no option 53) hashes too", .fr = { .msg = 0 },
	  .rel = { .act = DFO_ACT_HASH, .hba = HBA_NOT }, NOT_OURS(SLOT_DIRECT) },

	/* Design §3 check values, through the program. */
	{ "check value chaddr 000c01020304 -> 131 (only 131 owned)", .fr = { .msg = 1,
	  .mac = &CH_ISC1 }, .rel = { .act = DFO_ACT_HASH, .hba = HBA_OWN,
	  .fixed_bucket = true, .bucket = 131 }, PASSED(SLOT_DIRECT) },
	{ "check value chaddr 000c01020304 -> 131 (all but 131)", .fr = { .msg = 1,
	  .mac = &CH_ISC1 }, .rel = { .act = DFO_ACT_HASH, .hba = HBA_NOT,
	  .fixed_bucket = true, .bucket = 131 }, NOT_OURS(SLOT_DIRECT) },
	{ "check value client-id 01000c01020304 -> 104 (only 104 owned)", .fr = { .msg = 1,
	  .cid = &CID_ISC2 }, .rel = { .act = DFO_ACT_HASH, .hba = HBA_OWN,
	  .fixed_bucket = true, .bucket = 104 }, PASSED(SLOT_DIRECT) },
	{ "check value client-id 01000c01020304 -> 104 (all but 104)", .fr = { .msg = 1,
	  .cid = &CID_ISC2 }, .rel = { .act = DFO_ACT_HASH, .hba = HBA_NOT,
	  .fixed_bucket = true, .bucket = 104 }, NOT_OURS(SLOT_DIRECT) },
	{ "check value chaddr 112233445566 -> 66 (only 66 owned)", .fr = { .msg = 1,
	  .mac = &CH_ISC3 }, .rel = { .act = DFO_ACT_HASH, .hba = HBA_OWN,
	  .fixed_bucket = true, .bucket = 66 }, PASSED(SLOT_DIRECT) },
	{ "check value chaddr 112233445566 -> 66 (all but 66)", .fr = { .msg = 1,
	  .mac = &CH_ISC3 }, .rel = { .act = DFO_ACT_HASH, .hba = HBA_NOT,
	  .fixed_bucket = true, .bucket = 66 }, NOT_OURS(SLOT_DIRECT) },
	{ "check value chaddr 0e, hlen 1 -> 232 (only 232 owned)", .fr = { .msg = 1,
	  .mac = &CH_ISC4 }, .rel = { .act = DFO_ACT_HASH, .hba = HBA_OWN,
	  .fixed_bucket = true, .bucket = 232 }, PASSED(SLOT_DIRECT) },
	{ "check value chaddr 0e, hlen 1 -> 232 (all but 232)", .fr = { .msg = 1,
	  .mac = &CH_ISC4 }, .rel = { .act = DFO_ACT_HASH, .hba = HBA_NOT,
	  .fixed_bucket = true, .bucket = 232 }, NOT_OURS(SLOT_DIRECT) },

	/* The executor on actions it does not know. */
	{ "action DFO_ACT_MAX is never a drop", .fr = { .msg = 1 },
	  .rel = { .act = DFO_ACT_MAX }, PASSED(SLOT_DIRECT), .g = { .unknown = 1 } },
	{ "action 0xff is never a drop", .fr = { .msg = 1 }, .rel = { .act = 0xff },
	  PASSED(SLOT_DIRECT), .g = { .unknown = 1 } },

	/* Hot standby, compiled. */
	{ "hot standby: active answers a DISCOVER", .fr = { .msg = 1 },
	  .rel = { .kind = REL_POLICY, .pol = { .mode = DFO_MODE_HOT_STANDBY,
	  .role = DFO_ROLE_PRIMARY, .state = DFO_FSM_NORMAL, .percentage = 5 } },
	  PASSED(SLOT_DIRECT) },
	{ "hot standby: active answers another client", .fr = { .msg = 1, .mac = &CH_ISC3 },
	  .rel = { .kind = REL_POLICY, .pol = { .mode = DFO_MODE_HOT_STANDBY,
	  .role = DFO_ROLE_PRIMARY, .state = DFO_FSM_NORMAL, .percentage = 5 } },
	  PASSED(SLOT_DIRECT) },
	{ "hot standby: standby leaves a DISCOVER", .fr = { .msg = 1 },
	  .rel = { .kind = REL_POLICY, .pol = { .mode = DFO_MODE_HOT_STANDBY,
	  .role = DFO_ROLE_SECONDARY, .state = DFO_FSM_NORMAL, .percentage = 5 } },
	  NOT_OURS(SLOT_DIRECT) },
	{ "hot standby: standby leaves another client", .fr = { .msg = 1, .mac = &CH_ISC3 },
	  .rel = { .kind = REL_POLICY, .pol = { .mode = DFO_MODE_HOT_STANDBY,
	  .role = DFO_ROLE_SECONDARY, .state = DFO_FSM_NORMAL, .percentage = 5 } },
	  NOT_OURS(SLOT_DIRECT) },
	{ "hot standby: lb_max_secs is not compiled in", .fr = { .msg = 1, .secs = 1000 },
	  .rel = { .kind = REL_POLICY, .pol = { .mode = DFO_MODE_HOT_STANDBY,
	  .role = DFO_ROLE_SECONDARY, .state = DFO_FSM_NORMAL, .lb_max_secs = 5 } },
	  NOT_OURS(SLOT_DIRECT) },
	{ "load balance: lb_max_secs compiled in", .fr = { .msg = 1, .mac = &CH_ISC1,
	  .secs = 1000 }, .rel = { .kind = REL_POLICY, .pol = { .mode = DFO_MODE_LOAD_BALANCE,
	  .role = DFO_ROLE_PRIMARY, .state = DFO_FSM_NORMAL, .percentage = 50,
	  .lb_max_secs = 5 } }, .verdict = XDP_PASS, .slot = SLOT_DIRECT, .out = OUT_BY_SECS },
	{ "hot standby: standby answers a REQUEST naming it", .fr = { .msg = 3, .sid = IP_US,
	  .req_ip = IP_REQ }, .rel = { .kind = REL_POLICY, .pol = {
	  .mode = DFO_MODE_HOT_STANDBY, .role = DFO_ROLE_SECONDARY, .state = DFO_FSM_NORMAL } },
	  PASSED(SLOT_DIRECT) },
	{ "hot standby: active leaves a REQUEST naming the standby", .fr = { .msg = 3,
	  .sid = IP_OTHER, .req_ip = IP_REQ }, .rel = { .kind = REL_POLICY, .pol = {
	  .mode = DFO_MODE_HOT_STANDBY, .role = DFO_ROLE_PRIMARY, .state = DFO_FSM_NORMAL } },
	  .verdict = XDP_DROP, .slot = SLOT_DIRECT, .out = OUT_OTHER_SERVER },
	{ "hot standby: standby in PARTNER_DOWN answers", .fr = { .msg = 1 },
	  .rel = { .kind = REL_POLICY, .pol = { .mode = DFO_MODE_HOT_STANDBY,
	  .role = DFO_ROLE_SECONDARY, .state = DFO_FSM_PARTNER_DOWN } }, PASSED(SLOT_DIRECT) },
	{ "hot standby: active in STARTUP does not", .fr = { .msg = 1 },
	  .rel = { .kind = REL_POLICY, .pol = { .mode = DFO_MODE_HOT_STANDBY,
	  .role = DFO_ROLE_PRIMARY, .state = DFO_FSM_STARTUP } },
	  .verdict = XDP_DROP, .slot = SLOT_DIRECT, .out = OUT_BY_STATE },
};

/*
 * The keys above were picked so that the fixtures claiming "X is not the key"
 * can fail: their buckets must differ.
 */
static void test_fixture_keys_distinct(void **state)
{
	(void)state;
	assert_int_not_equal(key_bucket(&CID1), key_bucket(&CID1_NOTYPE));
	assert_int_not_equal(key_bucket(&CID1), key_bucket(&MAC_A));
	assert_int_not_equal(key_bucket(&CH_HLEN16), key_bucket(&CH_HLEN16_FIRST6));
	assert_int_not_equal(key_bucket(&MAC_A), 104);	/* the client-id check value */
	/* "load balance: lb_max_secs compiled in" needs a primary-50 % partner's client. */
	assert_true(key_bucket(&CH_ISC1) >= dfo_hba__primary_buckets(50));
}

static void test_main_table(void **state)
{
	(void)state;
	assert_int_equal(run_table(main_table, ARRAY_SIZE(main_table)), 0);
}

/* ---- message class x action ---------------------------------------------- */

struct class_frame {
	const char *name;
	enum dfo_class cls;
	struct fx_frame fr;
	int slot;
};

static const struct class_frame class_frames[] = {
	{ "DISCOVER", DFO_CLASS_DISCOVER, { .msg = 1 }, SLOT_DIRECT },
	{ "REQUEST selecting, opt 54 = this server", DFO_CLASS_REQ_SELECTING,
	  { .msg = 3, .sid = IP_US, .req_ip = IP_REQ }, SLOT_DIRECT },
	{ "REQUEST selecting, opt 54 = other server", DFO_CLASS_REQ_SELECTING,
	  { .msg = 3, .sid = IP_OTHER, .req_ip = IP_REQ }, SLOT_DIRECT },
	{ "REQUEST selecting, relayed", DFO_CLASS_REQ_SELECTING,
	  { .msg = 3, .sid = IP_US, .req_ip = IP_REQ, .giaddr = IP_GIADDR, .daddr = IP_US },
	  SLOT_RELAY },
	{ "REQUEST init-reboot", DFO_CLASS_REQ_INIT_REBOOT,
	  { .msg = 3, .req_ip = IP_REQ }, SLOT_DIRECT },
	{ "REQUEST init-reboot, relayed", DFO_CLASS_REQ_INIT_REBOOT,
	  { .msg = 3, .req_ip = IP_REQ, .giaddr = IP_GIADDR, .daddr = IP_US }, SLOT_RELAY },
	{ "REQUEST renew (ciaddr, unicast)", DFO_CLASS_REQ_RENEW,
	  { .msg = 3, .ciaddr = IP_CIADDR, .daddr = IP_US }, SLOT_CLIENT },
	{ "REQUEST rebind (ciaddr, broadcast)", DFO_CLASS_REQ_REBIND,
	  { .msg = 3, .ciaddr = IP_CIADDR }, SLOT_CLIENT },
	{ "REQUEST rebind (ciaddr, relayed)", DFO_CLASS_REQ_REBIND,
	  { .msg = 3, .ciaddr = IP_CIADDR, .giaddr = IP_GIADDR, .daddr = IP_US }, SLOT_RELAY },
	{ "RELEASE", DFO_CLASS_RELEASE,
	  { .msg = 7, .ciaddr = IP_CIADDR, .daddr = IP_US, .sid = IP_US }, SLOT_CLIENT },
	{ "RELEASE naming the other server", DFO_CLASS_RELEASE,
	  { .msg = 7, .ciaddr = IP_CIADDR, .daddr = IP_US, .sid = IP_OTHER }, SLOT_CLIENT },
	{ "DECLINE", DFO_CLASS_DECLINE, { .msg = 4, .sid = IP_US, .req_ip = IP_REQ }, SLOT_DIRECT },
	{ "DECLINE naming the other server", DFO_CLASS_DECLINE,
	  { .msg = 4, .sid = IP_OTHER, .req_ip = IP_REQ }, SLOT_DIRECT },
	{ "INFORM (ciaddr, unicast)", DFO_CLASS_INFORM,
	  { .msg = 8, .ciaddr = IP_CIADDR, .daddr = IP_US }, SLOT_CLIENT },
	{ "INFORM (ciaddr, broadcast)", DFO_CLASS_INFORM,
	  { .msg = 8, .ciaddr = IP_CIADDR }, SLOT_CLIENT },
	{ "BOOTP", DFO_CLASS_BOOTP, { .msg = 0 }, SLOT_DIRECT },
	{ "BOOTP, relayed", DFO_CLASS_BOOTP, { .msg = 0, .giaddr = IP_GIADDR, .daddr = IP_US },
	  SLOT_RELAY },
};

/*
 * Each class under each action, with the action on that class only and the
 * opposite outcome on every other class: a misclassified frame then gets the
 * other verdict.
 */
static void test_class_x_action(void **state)
{
	struct fixture t[ARRAY_SIZE(class_frames) * 5];
	char names[ARRAY_SIZE(t)][128];
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(class_frames); i++) {
		const struct class_frame *cf = &class_frames[i];
		struct fixture base = {
			.fr = cf->fr, .slot = cf->slot,
			.rel = { .isolate = true, .cls = cf->cls },
		};
		struct fixture *fx;

		fx = &t[n];
		*fx = base;
		fx->rel.act = DFO_ACT_PASS;
		fx->rel.others = DFO_ACT_DROP;
		fx->verdict = XDP_PASS;
		fx->out = OUT_PASS;
		snprintf(names[n], sizeof(names[n]), "%s under PASS", cf->name);
		fx->name = names[n++];

		fx = &t[n];
		*fx = base;
		fx->rel.act = DFO_ACT_DROP;
		fx->rel.others = DFO_ACT_PASS;
		fx->verdict = XDP_DROP;
		fx->out = OUT_BY_STATE;
		snprintf(names[n], sizeof(names[n]), "%s under DROP", cf->name);
		fx->name = names[n++];

		fx = &t[n];
		*fx = base;
		fx->rel.act = DFO_ACT_HASH;
		fx->rel.others = DFO_ACT_DROP;
		fx->rel.hba = HBA_OWN;
		fx->verdict = XDP_PASS;
		fx->out = OUT_PASS;
		snprintf(names[n], sizeof(names[n]), "%s under HASH, owned bucket", cf->name);
		fx->name = names[n++];

		fx = &t[n];
		*fx = base;
		fx->rel.act = DFO_ACT_HASH;
		fx->rel.others = DFO_ACT_PASS;
		fx->rel.hba = HBA_NOT;
		fx->verdict = XDP_DROP;
		fx->out = OUT_NOT_OURS;
		snprintf(names[n], sizeof(names[n]), "%s under HASH, partner's bucket", cf->name);
		fx->name = names[n++];

		/* BY_SERVER_ID means something only where option 54 is sent. */
		if (!cf->fr.sid)
			continue;
		fx = &t[n];
		*fx = base;
		fx->rel.act = DFO_ACT_BY_SERVER_ID;
		if (cf->fr.sid == IP_US) {
			fx->rel.others = DFO_ACT_DROP;
			fx->verdict = XDP_PASS;
			fx->out = OUT_PASS;
		} else {
			fx->rel.others = DFO_ACT_PASS;
			fx->verdict = XDP_DROP;
			fx->out = OUT_OTHER_SERVER;
		}
		snprintf(names[n], sizeof(names[n]), "%s under BY_SERVER_ID", cf->name);
		fx->name = names[n++];
	}
	assert_int_equal(run_table(t, n), 0);
}

/* ---- every FSM state's compiled table ------------------------------------ */

/* Design §3, written out independently of policy.c. */
static enum dfo_action want_action(enum dfo_fsm_state st, enum dfo_class cls)
{
	switch (st) {
	case DFO_FSM_NORMAL:
		switch (cls) {
		case DFO_CLASS_DISCOVER:
		case DFO_CLASS_REQ_INIT_REBOOT:
		case DFO_CLASS_INFORM:
		case DFO_CLASS_BOOTP:
			return DFO_ACT_HASH;
		case DFO_CLASS_REQ_SELECTING:
			return DFO_ACT_BY_SERVER_ID;
		default:
			return DFO_ACT_PASS;
		}
	case DFO_FSM_COMMUNICATION_INT:
	case DFO_FSM_PARTNER_DOWN:
		return DFO_ACT_PASS;
	default:
		return cls == DFO_CLASS_REQ_RENEW ? DFO_ACT_PASS : DFO_ACT_DROP;
	}
}

/* A MAC (02:00:00:00:hi:lo) whose chaddr bucket satisfies @want_low. */
static void find_mac(struct fx_key *k, bool want_low, unsigned int split)
{
	unsigned int i;

	for (i = 0; i < 65536; i++) {
		*k = (struct fx_key){ 6, { 0x02, 0, 0, 0, i >> 8, i & 0xff } };
		if ((key_bucket(k) < split) == want_low)
			return;
	}
	fail_msg("no MAC found");
}

static void test_fsm_states(void **state)
{
	const size_t per = ARRAY_SIZE(class_frames) * 2;
	struct fixture *t = calloc(DFO_FSM_MAX * 2 * per, sizeof(*t));
	char (*names)[160] = calloc(DFO_FSM_MAX * 2 * per, sizeof(*names));
	unsigned int split = dfo_hba__primary_buckets(50);
	struct fx_key low, high;
	unsigned int st, role, k;
	size_t i, n = 0;

	(void)state;
	assert_non_null(t);
	assert_non_null(names);
	find_mac(&low, true, split);
	find_mac(&high, false, split);

	for (st = 0; st < DFO_FSM_MAX; st++)
	for (role = 0; role <= DFO_ROLE_SECONDARY; role++)
	for (i = 0; i < ARRAY_SIZE(class_frames); i++)
	for (k = 0; k < 2; k++) {
		const struct class_frame *cf = &class_frames[i];
		struct fixture *fx = &t[n];
		bool owned = (k == 0) == (role == DFO_ROLE_PRIMARY);

		fx->fr = cf->fr;
		fx->fr.mac = k == 0 ? &low : &high;
		fx->slot = cf->slot;
		fx->rel.kind = REL_POLICY;
		fx->rel.pol = (struct dfo_policy){
			.mode = DFO_MODE_LOAD_BALANCE, .role = role, .state = st,
			.percentage = 50,
		};
		switch (want_action(st, cf->cls)) {
		case DFO_ACT_PASS:
			fx->out = OUT_PASS;
			break;
		case DFO_ACT_DROP:
			fx->out = OUT_BY_STATE;
			break;
		case DFO_ACT_BY_SERVER_ID:
			fx->out = cf->fr.sid == IP_US ? OUT_PASS : OUT_OTHER_SERVER;
			break;
		default:
			fx->out = owned ? OUT_PASS : OUT_NOT_OURS;
			break;
		}
		fx->verdict = fx->out == OUT_PASS ? XDP_PASS : XDP_DROP;
		snprintf(names[n], sizeof(names[n]), "%s %s: %s, %s client",
			 dfo_fsm_state__name(st), role ? "secondary" : "primary", cf->name,
			 k ? "high-bucket" : "low-bucket");
		fx->name = names[n++];
	}
	assert_int_equal(run_table(t, n), 0);
	free(names);
	free(t);
}

/* ---- HBA split over all 256 buckets -------------------------------------- */

/*
 * For every bucket, a client that lands in it: a one-byte client-id, and a
 * MAC (hlen 6) found by search.
 */
static __u8 cid_for[256];
static struct fx_key mac_for[256];

static void find_bucket_keys(void)
{
	bool have_cid[256] = { false }, have_mac[256] = { false };
	unsigned int i, found = 0;
	__u8 b;

	for (i = 0; i < 256; i++) {
		__u8 x = i;

		b = dfo_rfc3074_hash(&x, 1);
		assert_false(have_cid[b]);	/* the table is a permutation */
		have_cid[b] = true;
		cid_for[b] = x;
	}
	for (i = 0; i < 65536 && found < 256; i++) {
		struct fx_key k = { 6, { 0x02, 0x00, 0x5e, 0x00, i >> 8, i & 0xff } };

		b = key_bucket(&k);
		if (have_mac[b])
			continue;
		have_mac[b] = true;
		mac_for[b] = k;
		found++;
	}
	assert_int_equal(found, 256);
}

/* round(256 p / 100) with integers; 256 p mod 100 is never 50. */
static unsigned int want_primary_buckets(unsigned int pct)
{
	unsigned int n = 256 * pct / 100, rem = 256 * pct % 100;

	return rem * 2 >= 100 ? n + 1 : n;
}

static void test_hba_split(void **state)
{
	static const unsigned int pcts[] = { 0, 33, 50, 70, 100 };
	struct fixture fx = { .rel = { .kind = REL_POLICY } };
	struct counters before, after, got, want;
	unsigned int pi, role, by_cid, b, passes, n;
	int bad = 0;

	(void)state;
	find_bucket_keys();
	for (pi = 0; pi < ARRAY_SIZE(pcts); pi++)
	for (role = 0; role <= DFO_ROLE_SECONDARY; role++)
	for (by_cid = 0; by_cid < 2; by_cid++) {
		n = want_primary_buckets(pcts[pi]);
		assert_int_equal(dfo_hba__primary_buckets(pcts[pi]), n);
		fx.rel.pol = (struct dfo_policy){
			.mode = DFO_MODE_LOAD_BALANCE, .role = role, .state = DFO_FSM_NORMAL,
			.percentage = pcts[pi],
		};
		setup_maps(&fx);
		read_counters(&before);
		passes = 0;
		for (b = 0; b < 256; b++) {
			struct fx_frame fs = { .msg = 1 };
			struct fx_key cid = { 1, { cid_for[b] } };
			struct dfo_frame f;
			__u8 buf[DFO_FRAME_MAX];
			bool mine = (b < n) == (role == DFO_ROLE_PRIMARY);
			__u32 verdict;
			size_t len;

			if (by_cid)
				fs.cid = &cid;
			else
				fs.mac = &mac_for[b];
			len = build(&fs, &f, buf);
			assert_int_equal(dfo_xdp_run(prog_fd, buf, len, LO_IFINDEX, 1, &verdict,
						     NULL), 0);
			if (verdict != (mine ? XDP_PASS : XDP_DROP)) {
				print_message("  %u %% %s by %s: bucket %u verdict %u\n", pcts[pi],
					      role ? "secondary" : "primary",
					      by_cid ? "client-id" : "chaddr", b, verdict);
				bad++;
			}
			passes += verdict == XDP_PASS;
		}
		read_counters(&after);
		delta(&before, &after, &got);
		assert_int_equal(passes, role == DFO_ROLE_PRIMARY ? n : 256 - n);

		memset(&want, 0, sizeof(want));
		want.g.rx = 256;
		want.g.passed = passes;
		want.g.dropped = 256 - passes;
		want.s[SLOT_DIRECT].received = 256;
		want.s[SLOT_DIRECT].passed = passes;
		want.s[SLOT_DIRECT].dropped_not_ours = 256 - passes;
		want.s[SLOT_DIRECT].msg[1] = 256;
		bad += diff_counters("HBA split", &got, &want);
	}
	assert_int_equal(bad, 0);
}

/* A client-id of 255 bytes, the longest an option holds. */
static void o_cid255(struct dfo_frame *f)
{
	__u8 data[255];
	unsigned int i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = i * 37 + 11;
	assert_true(dfo_frame_opt(f, 61, 255, data));
}

static void test_cid_255(void **state)
{
	struct dfo_frame f;
	__u8 buf[DFO_FRAME_MAX], bucket;
	size_t off;
	struct fixture t[2] = {
		{ "client-id of 255 bytes, owned", .fr = { .msg = 1, .opts = o_cid255 },
		  .rel = { .act = DFO_ACT_HASH, .hba = HBA_OWN, .fixed_bucket = true },
		  PASSED(SLOT_DIRECT) },
		{ "client-id of 255 bytes, not owned", .fr = { .msg = 1, .opts = o_cid255 },
		  .rel = { .act = DFO_ACT_HASH, .hba = HBA_NOT, .fixed_bucket = true },
		  NOT_OURS(SLOT_DIRECT) },
	};

	(void)state;
	/* The bucket of the option data as built: 53 (3 bytes), then 61 (2 + 255). */
	build(&t[0].fr, &f, buf);
	off = 3 + 2;
	assert_int_equal(f.opts[3], 61);
	assert_int_equal(f.opts[4], 255);
	bucket = dfo_rfc3074_hash(f.opts + off, 255);
	assert_int_not_equal(bucket, key_bucket(&MAC_A));
	t[0].rel.bucket = bucket;
	t[1].rel.bucket = bucket;
	assert_int_equal(run_table(t, ARRAY_SIZE(t)), 0);
}

/* ---- truncation ---------------------------------------------------------- */

static void o_trunc_extra(struct dfo_frame *f)
{
	assert_true(dfo_frame_opt_u32(f, 54, htonl(IP_US)));
	assert_true(dfo_frame_opt(f, 61, CID1.len, CID1.b));
}

/*
 * Every proper prefix of a complete frame is PASSed and counted malformed,
 * including the ones that cut only the zero padding after END (the IP total
 * length then points past the frame). BPF_PROG_TEST_RUN refuses XDP input
 * shorter than an Ethernet header (ETH_HLEN) with EINVAL; those lengths are
 * skipped, and any other refusal fails the test.
 */
static int truncate_all(const char *name, const struct fx_frame *fs)
{
	/* HASH owning no bucket: whatever the key, a complete frame drops. */
	struct fixture fx = { .rel = { .act = DFO_ACT_HASH, .hba = HBA_NONE } };
	struct counters before, after, got, want;
	struct dfo_frame f;
	__u8 buf[DFO_FRAME_MAX];
	size_t len, cut, skipped = 0;
	__u32 verdict;
	int err, bad = 0;
	char label[96];

	fx.fr = *fs;
	setup_maps(&fx);
	len = build(fs, &f, buf);

	/* The whole frame gets through the parser: a partner's client, dropped. */
	assert_int_equal(dfo_xdp_run(prog_fd, buf, len, LO_IFINDEX, 1, &verdict, NULL), 0);
	assert_int_equal(verdict, XDP_DROP);

	memset(&want, 0, sizeof(want));
	want.g.rx = 1;
	want.g.passed = 1;
	want.g.malformed = 1;
	for (cut = 0; cut < len; cut++) {
		read_counters(&before);
		err = dfo_xdp_run(prog_fd, buf, cut, LO_IFINDEX, 1, &verdict, NULL);
		if (err == -EINVAL && cut < ETH_HLEN) {
			skipped++;
			continue;
		}
		snprintf(label, sizeof(label), "%s cut to %zu of %zu bytes", name, cut, len);
		if (err) {
			print_message("  [%s] BPF_PROG_TEST_RUN: %s\n", label, strerror(-err));
			bad++;
			continue;
		}
		read_counters(&after);
		delta(&before, &after, &got);
		if (verdict != XDP_PASS) {
			print_message("  [%s] verdict %u, want PASS\n", label, verdict);
			bad++;
		}
		bad += diff_counters(label, &got, &want);
	}
	print_message("  %s: %zu prefixes run, %zu below ETH_HLEN refused by the kernel\n",
		      name, len - skipped, skipped);
	return bad;
}

static void test_truncation(void **state)
{
	const struct fx_frame plain = { .msg = 1 };
	const struct fx_frame dense = {
		.msg = 3, .n_vlan = 2, .vlan_proto = { 0x88a8, 0x8100 }, .ip_opt_len = 40,
		.req_ip = IP_REQ, .opts = o_trunc_extra,
	};
	int bad = 0;

	(void)state;
	bad += truncate_all("DISCOVER", &plain);
	bad += truncate_all("REQUEST, 2 VLAN tags, IHL 15, options 54/50/61", &dense);
	assert_int_equal(bad, 0);
}

/*
 * ---- expected behaviour the program does not have yet ---------------------
 * These two tests fail against bpf/dhcpfo.bpf.c as of this commit; they say
 * what the ABI and design §3 ask for, so they go green when it is fixed.
 */

/*
 * The program bounds the BOOTP header and the option scan by the end of the
 * frame, not by the IP total length or the UDP length. What lies beyond the
 * datagram is not what the DHCP server will read: the kernel trims the skb
 * to the IP and UDP lengths. ABI: malformed covers inconsistent headers.
 */
static const struct fixture datagram_bounds_table[] = {
	{ "options outside the IP/UDP datagram", .fr = { .msg = 1,
	  .patch = patch_opts_outside_datagram }, .rel = HASH_NOT, REASON(malformed) },
	{ "UDP length shorter than the BOOTP header", .fr = { .msg = 1,
	  .patch = patch_udp_shorter_than_bootp }, .rel = HASH_NOT, REASON(malformed) },
};

static void test_datagram_bounds(void **state)
{
	(void)state;
	assert_int_equal(run_table(datagram_bounds_table, ARRAY_SIZE(datagram_bounds_table)), 0);
}

/*
 * BY_SERVER_ID on a request without option 54: there is no identifier to
 * compare, so it is not understood: PASS and count it, never drop it as
 * "names another server" (ABI: dropped_other_server = opt 54 names another
 * server). The compiled tables only use BY_SERVER_ID for REQUEST selecting,
 * which has option 54 by definition; hand-built tables reach this.
 */
static const struct fixture sid_missing_table[] = {
	{ "BY_SERVER_ID, no option 54, broadcast destination MAC",
	  .fr = { .msg = 1 }, .rel = { .act = DFO_ACT_BY_SERVER_ID },
	  PASSED(SLOT_DIRECT), .g = { .unknown = 1 } },
	{ "BY_SERVER_ID, no option 54, destination MAC starting 0a:09:00:01",
	  .fr = { .msg = 7, .ciaddr = IP_CIADDR, .daddr = IP_US,
	  .dst_mac = { 0x0a, 0x09, 0x00, 0x01, 0x00, 0x01 } },
	  .rel = { .act = DFO_ACT_BY_SERVER_ID }, PASSED(SLOT_CLIENT), .g = { .unknown = 1 } },
};

static void test_server_id_missing(void **state)
{
	(void)state;
	assert_int_equal(run_table(sid_missing_table, ARRAY_SIZE(sid_missing_table)), 0);
}

/* ---- setup --------------------------------------------------------------- */

static int group_setup(void **state)
{
	struct dfo_datapath_opts o = { .no_pin = true };
	int err;

	(void)state;
	err = dfo_datapath__open(&o, &dp);
	if (err) {
		print_error("opening the datapath: %s (needs root and BPF)\n", strerror(-err));
		return -1;
	}
	prog_fd = dfo_datapath__prog_fd(dp);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	dfo_datapath__close(dp);
	dp = NULL;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_keys_distinct),
		cmocka_unit_test(test_main_table),
		cmocka_unit_test(test_class_x_action),
		cmocka_unit_test(test_fsm_states),
		cmocka_unit_test(test_hba_split),
		cmocka_unit_test(test_cid_255),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_datagram_bounds),
		cmocka_unit_test(test_server_id_missing),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
