// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * DHCPv4 codec (userspace/dhcpfod/dhcp_pkt.c): parsing frames shaped like
 * what dhclient, udhcpc and relays send, option overload and RFC 3396 long
 * options, every truncation of a valid message, the reply builder's option
 * order and size limit, and the client key against the RFC 3074 check
 * values of design §3 through the one hash the XDP program uses.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "dhcpfod/dhcp_pkt.h"
#include "frame.h"
#include "rfc3074.h"

#define OFF_SNAME	44
#define OFF_FILE	108
#define OFF_OPTIONS	240

static const uint8_t mac1[6] = { 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04 };

/*
 * A raw BOOTP payload built by hand, for what frame.h cannot express
 * (sname/file contents, options beyond its buffer).
 */
struct raw {
	uint8_t b[DFOD_DHCP_MAX_MSG + 1];
	size_t len;
};

static struct raw *raw_new(void)
{
	struct raw *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	r->b[0] = DFOD_BOOTREQUEST;
	r->b[1] = 1;
	r->b[2] = 6;
	memcpy(r->b + 4, "\xde\xad\xbe\xef", 4);
	memcpy(r->b + 28, mac1, 6);
	memcpy(r->b + 236, "\x63\x82\x53\x63", 4);
	r->len = OFF_OPTIONS;
	return r;
}

static void raw_bytes(struct raw *r, const void *p, size_t n)
{
	assert_true(r->len + n <= sizeof(r->b));
	if (n)
		memcpy(r->b + r->len, p, n);
	r->len += n;
}

static void raw_opt(struct raw *r, uint8_t code, uint8_t len, const void *data)
{
	raw_bytes(r, &code, 1);
	raw_bytes(r, &len, 1);
	raw_bytes(r, data, len);
}

static void raw_u8(struct raw *r, uint8_t v)
{
	raw_bytes(r, &v, 1);
}

/* The UDP payload of a frame.h frame, checked against the UDP length. */
static size_t frame_payload(const struct dfo_frame *f, uint8_t *buf, size_t cap,
			    const uint8_t **payload)
{
	size_t n = dfo_frame_build(f, buf, cap), off = dfo_frame_bootp_off(f);
	uint16_t udp_len;

	assert_true(n > off);
	memcpy(&udp_len, buf + off - 4, 2);
	assert_int_equal(ntohs(udp_len) - 8, n - off);
	*payload = buf + off;
	return n - off;
}

static void assert_opt(const struct dfod_dhcp_msg *m, uint8_t code, const void *data, size_t len)
{
	const uint8_t *d;
	size_t l;

	d = dfod_dhcp_opt(m, code, &l);
	assert_non_null(d);
	assert_int_equal(l, len);
	assert_memory_equal(d, data, len);
}

/* A DHCPDISCOVER as dhclient sends it (Debian 12 isc-dhcp-client 4.4.3). */
static void test_parse_dhclient_discover(void **state)
{
	static const uint8_t prl[] = { 1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42 };
	struct dfod_dhcp_msg *m = calloc(1, sizeof(*m));
	struct dfo_frame f;
	uint8_t buf[DFO_FRAME_MAX];
	const uint8_t *p;
	const char *why = "unset";
	uint32_t a;
	size_t n;

	(void)state;
	dfo_frame_init(&f, DFOD_DHCPDISCOVER, mac1);
	f.secs = 3;
	dfo_frame_opt_u32(&f, 50, htonl(0xc0a80a17));
	dfo_frame_opt(&f, 12, 5, "host1");
	dfo_frame_opt(&f, 55, sizeof(prl), prl);
	dfo_frame_end(&f);
	n = frame_payload(&f, buf, sizeof(buf), &p);
	assert_int_equal(n, 300);

	assert_int_equal(dfod_dhcp_parse(m, p, n, &why), 0);
	assert_null(why);
	assert_int_equal(m->op, DFOD_BOOTREQUEST);
	assert_int_equal(m->htype, 1);
	assert_int_equal(m->hlen, 6);
	assert_int_equal(m->hops, 0);
	assert_int_equal(m->xid, htonl(0x12345678));
	assert_int_equal(m->secs, 3);
	assert_int_equal(m->flags, 0);
	assert_int_equal(m->ciaddr, 0);
	assert_int_equal(m->giaddr, 0);
	assert_memory_equal(m->chaddr, mac1, 6);
	assert_int_equal(m->type, DFOD_DHCPDISCOVER);
	assert_int_equal(m->overload, 0);
	assert_int_equal(m->max_size, 576);
	assert_opt(m, 12, "host1", 5);
	assert_opt(m, 55, prl, sizeof(prl));
	assert_int_equal(dfod_dhcp_opt_ipv4(m, 50, &a), 0);
	assert_int_equal(a, htonl(0xc0a80a17));
	assert_int_equal(dfod_dhcp_opt_ipv4(m, 54, &a), -ENOENT);
	assert_int_equal(dfod_dhcp_opt_ipv4(m, 12, &a), -EBADMSG);
	assert_false(dfod_dhcp_has(m, 61));
	assert_null(dfod_dhcp_opt(m, 61, &n));
	assert_int_equal(n, 0);
	/* 53 + 50 + 12 + 55 data. */
	assert_int_equal(m->used, 1 + 4 + 5 + sizeof(prl));
	free(m);
}

/* A relayed DHCPREQUEST (selecting) from udhcpc with client id, 57 and 82. */
static void test_parse_relayed_request(void **state)
{
	static const uint8_t cid[] = { 1, 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04 };
	static const uint8_t rai[] = { 1, 4, 'e', 't', 'h', '1', 2, 2, 0xab, 0xcd };
	struct dfod_dhcp_msg *m = calloc(1, sizeof(*m));
	struct dfo_frame f;
	uint8_t buf[DFO_FRAME_MAX];
	const uint8_t *p;
	uint16_t mms = htons(1500);
	uint32_t a;
	size_t n;

	(void)state;
	dfo_frame_init(&f, DFOD_DHCPREQUEST, mac1);
	f.giaddr_be = htonl(0x0a000001);
	f.hops = 1;
	f.flags = DFOD_BROADCAST_FLAG;
	dfo_frame_opt(&f, 61, sizeof(cid), cid);
	dfo_frame_opt(&f, 57, 2, &mms);
	dfo_frame_opt_u32(&f, 50, htonl(0x0a000064));
	dfo_frame_opt_u32(&f, 54, htonl(0x0a0000fe));
	dfo_frame_opt(&f, 80, 0, NULL);	/* rapid commit: present and empty */
	dfo_frame_opt(&f, 82, sizeof(rai), rai);
	dfo_frame_end(&f);
	n = frame_payload(&f, buf, sizeof(buf), &p);

	assert_int_equal(dfod_dhcp_parse(m, p, n, NULL), 0);
	assert_int_equal(m->type, DFOD_DHCPREQUEST);
	assert_int_equal(m->hops, 1);
	assert_int_equal(m->flags, DFOD_BROADCAST_FLAG);
	assert_int_equal(m->giaddr, htonl(0x0a000001));
	assert_int_equal(m->max_size, 1500);
	assert_int_equal(dfod_dhcp_opt_ipv4(m, 54, &a), 0);
	assert_int_equal(a, htonl(0x0a0000fe));
	assert_opt(m, 61, cid, sizeof(cid));
	assert_opt(m, 82, rai, sizeof(rai));
	assert_true(dfod_dhcp_has(m, 80));
	assert_non_null(dfod_dhcp_opt(m, 80, &n));
	assert_int_equal(n, 0);
	assert_int_equal(dfod_dhcp_reply_cap(m), 1472);
	free(m);
}

static void test_bootp_without_cookie(void **state)
{
	struct dfod_dhcp_msg *m = calloc(1, sizeof(*m));
	struct raw *r = raw_new();
	const char *why = NULL;

	(void)state;
	/* RFC 951 vendor area that happens to look like options: not read. */
	memset(r->b + 236, 0, 4);
	r->len = 236;
	raw_opt(r, 53, 1, "\x01");
	r->len = 300;
	assert_int_equal(dfod_dhcp_parse(m, r->b, r->len, &why), 0);
	assert_int_equal(m->type, DFOD_BOOTP);
	assert_int_equal(m->used, 0);
	assert_false(dfod_dhcp_has(m, 53));
	assert_int_equal(dfod_dhcp_reply_cap(m), 300);
	assert_memory_equal(m->chaddr, mac1, 6);

	/* The fixed part alone is BOOTP; so is 237..239 (no room for a cookie). */
	memcpy(r->b + 236, "\x63\x82\x53\x63", 4);
	for (size_t len = 236; len < 240; len++) {
		assert_int_equal(dfod_dhcp_parse(m, r->b, len, &why), 0);
		assert_int_equal(m->type, DFOD_BOOTP);
	}
	assert_int_equal(dfod_dhcp_parse(m, r->b, 235, &why), -EBADMSG);
	assert_non_null(why);
	assert_int_equal(dfod_dhcp_parse(m, NULL, 300, &why), -EBADMSG);
	/* Cookie and nothing after it: DHCP framing, no option 53 -> BOOTP. */
	assert_int_equal(dfod_dhcp_parse(m, r->b, 240, &why), 0);
	assert_int_equal(m->type, DFOD_BOOTP);
	free(r);
	free(m);
}

/* Each of these must be -EBADMSG with a reason. */
static void expect_bad(struct raw *r, const char *what)
{
	struct dfod_dhcp_msg *m = calloc(1, sizeof(*m));
	const char *why = NULL;
	int err;

	err = dfod_dhcp_parse(m, r->b, r->len, &why);
	if (err != -EBADMSG)
		fail_msg("%s: parse returned %d, expected -EBADMSG", what, err);
	assert_non_null(why);
	free(m);
	free(r);
}

static void test_rejects(void **state)
{
	struct raw *r;

	(void)state;
	r = raw_new();
	r->b[0] = DFOD_BOOTREPLY;
	raw_opt(r, 53, 1, "\x02");
	expect_bad(r, "BOOTREPLY");

	r = raw_new();
	r->b[0] = 3;
	expect_bad(r, "op 3");

	r = raw_new();
	r->b[2] = 17;
	expect_bad(r, "hlen 17");

	r = raw_new();
	r->b[2] = 17;
	r->b[236] = 0;	/* no cookie: the BOOTP path checks hlen too */
	expect_bad(r, "hlen 17 BOOTP");

	r = raw_new();
	raw_opt(r, 53, 2, "\x01\x01");
	expect_bad(r, "option 53 of 2 bytes");

	r = raw_new();
	raw_opt(r, 53, 0, NULL);
	expect_bad(r, "option 53 empty");

	r = raw_new();
	raw_opt(r, 53, 1, "\x00");
	expect_bad(r, "option 53 value 0");

	r = raw_new();
	raw_opt(r, 53, 1, "\x09");
	expect_bad(r, "option 53 value 9");

	/* Two one-byte instances concatenate into two bytes (RFC 3396). */
	r = raw_new();
	raw_opt(r, 53, 1, "\x01");
	raw_opt(r, 53, 1, "\x01");
	expect_bad(r, "option 53 repeated");

	r = raw_new();
	raw_opt(r, 53, 1, "\x01");
	raw_u8(r, 61);
	expect_bad(r, "length byte missing");

	r = raw_new();
	raw_opt(r, 53, 1, "\x01");
	raw_bytes(r, "\x3d\x07\x01\x02", 4);
	expect_bad(r, "option data past the end");

	r = raw_new();
	raw_opt(r, 52, 1, "\x00");
	expect_bad(r, "overload 0");

	r = raw_new();
	raw_opt(r, 52, 1, "\x04");
	expect_bad(r, "overload 4");

	r = raw_new();
	raw_opt(r, 52, 2, "\x01\x01");
	expect_bad(r, "overload of 2 bytes");

	r = raw_new();
	raw_opt(r, 52, 0, NULL);
	expect_bad(r, "overload empty");

	/* An overloaded 'file' whose option runs past the field. */
	r = raw_new();
	raw_opt(r, 53, 1, "\x01");
	raw_opt(r, 52, 1, "\x01");
	r->b[OFF_FILE + 125] = 12;
	r->b[OFF_FILE + 126] = 5;
	expect_bad(r, "option past the end of file");

	/* More option data than the parser holds. */
	r = raw_new();
	{
		uint8_t big[255];

		memset(big, 'x', sizeof(big));
		for (int i = 0; i < 17; i++)
			raw_opt(r, 224, sizeof(big), big);
	}
	expect_bad(r, "options over 4096 bytes");

	r = raw_new();
	r->len = DFOD_DHCP_MAX_MSG + 1;
	expect_bad(r, "bigger than UDP");
}

/* Option 57 below 576 or not 2 bytes: ignored, 576 applies. */
static void test_max_size(void **state)
{
	static const struct {
		uint8_t len;
		uint8_t data[3];
		uint16_t want;
		size_t cap;
	} cases[] = {
		{ 2, { 0x05, 0xdc }, 1500, 1472 },
		{ 2, { 0x03, 0xe8 }, 1000, 972 },
		{ 2, { 0x02, 0x40 }, 576, 548 },
		{ 2, { 0x01, 0xf4 }, 576, 548 },	/* 500 */
		{ 2, { 0x00, 0x00 }, 576, 548 },
		{ 2, { 0xff, 0xff }, 65535, 1472 },
		{ 3, { 0x05, 0xdc, 0 }, 576, 548 },
		{ 1, { 0x05 }, 576, 548 },
	};
	struct dfod_dhcp_msg *m = calloc(1, sizeof(*m));
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct raw *r = raw_new();

		raw_opt(r, 53, 1, "\x01");
		raw_opt(r, 57, cases[i].len, cases[i].data);
		raw_u8(r, 255);
		assert_int_equal(dfod_dhcp_parse(m, r->b, r->len, NULL), 0);
		assert_int_equal(m->max_size, cases[i].want);
		assert_int_equal(dfod_dhcp_reply_cap(m), cases[i].cap);
		free(r);
	}
	free(m);
}

/*
 * Option 52 = 3: options field, then file, then sname, with option 61 split
 * across all three (RFC 3396 order), END optional in the fields, and option
 * 52 inside 'file' ignored.
 */
static void test_overload_both(void **state)
{
	struct dfod_dhcp_msg *m = calloc(1, sizeof(*m));
	struct raw *r = raw_new();
	uint8_t *file, *sname;

	(void)state;
	raw_opt(r, 53, 1, "\x03");
	raw_opt(r, 61, 3, "\x01\xaa\xbb");
	raw_opt(r, 52, 1, "\x03");
	raw_u8(r, 255);
	file = r->b + OFF_FILE;
	memcpy(file, "\x3d\x02\xcc\xdd" "\x0c\x03" "abc" "\x34\x01\x01" "\x00\x00" "\xff"
		     "\x0f\x03xyz", 20);
	/* sname without END: the last option ends exactly at byte 64. */
	sname = r->b + OFF_SNAME;
	memset(sname, 0, 64);
	memcpy(sname, "\x3d\x01\xee", 3);
	sname[60] = 15;
	sname[61] = 2;
	sname[62] = 'd';
	sname[63] = 'n';
	r->len = 300;

	assert_int_equal(dfod_dhcp_parse(m, r->b, r->len, NULL), 0);
	assert_int_equal(m->overload, 3);
	assert_int_equal(m->type, DFOD_DHCPREQUEST);
	assert_opt(m, 61, "\x01\xaa\xbb\xcc\xdd\xee", 6);
	assert_opt(m, 12, "abc", 3);
	/* 15 after END in file is not read; the one in sname is. */
	assert_opt(m, 15, "dn", 2);
	assert_opt(m, 52, "\x03", 1);
	/* The raw fields stay as they were on the wire. */
	assert_memory_equal(m->file, file, 128);
	assert_memory_equal(m->sname, sname, 64);
	free(r);
	free(m);
}

/* 52 = 1 reads only file, 52 = 2 only sname; without 52 neither. */
static void test_overload_one(void **state)
{
	struct dfod_dhcp_msg *m = calloc(1, sizeof(*m));
	struct raw *r = raw_new();

	(void)state;
	raw_opt(r, 53, 1, "\x01");
	raw_opt(r, 52, 1, "\x01");
	raw_u8(r, 255);
	memcpy(r->b + OFF_FILE, "\x0c\x02" "fi" "\xff", 5);
	memcpy(r->b + OFF_SNAME, "\x0f\x02" "sn" "\xff", 5);
	r->len = 300;
	assert_int_equal(dfod_dhcp_parse(m, r->b, r->len, NULL), 0);
	assert_int_equal(m->overload, 1);
	assert_opt(m, 12, "fi", 2);
	assert_false(dfod_dhcp_has(m, 15));

	r->b[OFF_OPTIONS + 5] = 2;
	assert_int_equal(dfod_dhcp_parse(m, r->b, r->len, NULL), 0);
	assert_int_equal(m->overload, 2);
	assert_opt(m, 15, "sn", 2);
	assert_false(dfod_dhcp_has(m, 12));

	/* Not overloaded: a file name that would be malformed as options is a name. */
	r->b[OFF_OPTIONS + 3] = 0;	/* 52 -> PAD ... */
	r->b[OFF_OPTIONS + 4] = 0;
	r->b[OFF_OPTIONS + 5] = 0;
	memcpy(r->b + OFF_FILE, "\x0c\xff", 2);
	assert_int_equal(dfod_dhcp_parse(m, r->b, r->len, NULL), 0);
	assert_int_equal(m->overload, 0);
	assert_false(dfod_dhcp_has(m, 52));
	assert_false(dfod_dhcp_has(m, 12));
	assert_false(dfod_dhcp_has(m, 15));
	free(r);
	free(m);
}

/* A 600-byte option written by the builder (split 255 + 255 + 90) parses back whole. */
static void test_long_option_round_trip(void **state)
{
	struct dfod_dhcp_msg *req = calloc(1, sizeof(*req));
	struct dfod_dhcp_msg *back = calloc(1, sizeof(*back));
	struct dfod_dhcp_out *o = calloc(1, sizeof(*o));
	struct raw *r = raw_new();
	uint8_t big[600];
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7 + 3);
	raw_opt(r, 53, 1, "\x01");
	raw_u8(r, 255);
	r->len = 300;
	assert_int_equal(dfod_dhcp_parse(req, r->b, r->len, NULL), 0);

	dfod_dhcp_out_init(o, req, DFOD_DHCPOFFER, 1472);
	assert_int_equal(dfod_dhcp_out_opt(o, 43, big, sizeof(big)), 0);
	assert_int_equal(dfod_dhcp_out_opt(o, 12, "h", 1), 0);
	len = dfod_dhcp_out_finish(o);
	assert_int_equal(len, 240 + 3 + 600 + 6 + 3 + 1);
	/* Wire: 43/255, 43/255, 43/90. */
	assert_int_equal(o->buf[243], 43);
	assert_int_equal(o->buf[244], 255);
	assert_int_equal(o->buf[243 + 257], 43);
	assert_int_equal(o->buf[244 + 257], 255);
	assert_int_equal(o->buf[243 + 514], 43);
	assert_int_equal(o->buf[244 + 514], 90);

	/* Parse the reply back: the parser only takes requests, so flip op. */
	o->buf[0] = DFOD_BOOTREQUEST;
	assert_int_equal(dfod_dhcp_parse(back, o->buf, len, NULL), 0);
	assert_int_equal(back->type, DFOD_DHCPOFFER);
	assert_opt(back, 43, big, sizeof(big));
	assert_opt(back, 12, "h", 1);

	/* A 255-byte option is one piece, 256 bytes two. */
	dfod_dhcp_out_init(o, req, DFOD_DHCPOFFER, 1472);
	assert_int_equal(dfod_dhcp_out_opt(o, 43, big, 255), 0);
	assert_int_equal(o->len, 243 + 257);
	assert_int_equal(dfod_dhcp_out_opt(o, 44, big, 256), 0);
	assert_int_equal(o->len, 243 + 257 + 260);
	free(r);
	free(o);
	free(back);
	free(req);
}

/*
 * The full message for the truncation test: overload of 'file', a long
 * option split in two, an empty option, and END. @bounds gets every offset
 * at which a prefix ends on an option boundary.
 */
static struct raw *truncation_message(size_t *bounds, size_t *n_bounds)
{
	static const uint8_t cid[] = { 0, 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04 };
	struct raw *r = raw_new();
	uint8_t big[300];
	size_t i;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	*n_bounds = 0;
	bounds[(*n_bounds)++] = r->len;
	raw_opt(r, 53, 1, "\x01");
	bounds[(*n_bounds)++] = r->len;
	raw_opt(r, 52, 1, "\x01");
	bounds[(*n_bounds)++] = r->len;
	raw_opt(r, 61, sizeof(cid), cid);
	bounds[(*n_bounds)++] = r->len;
	raw_u8(r, 0);
	bounds[(*n_bounds)++] = r->len;
	raw_opt(r, 124, 255, big);
	bounds[(*n_bounds)++] = r->len;
	raw_opt(r, 124, 45, big + 255);
	bounds[(*n_bounds)++] = r->len;
	raw_opt(r, 57, 2, "\x05\xdc");
	bounds[(*n_bounds)++] = r->len;
	raw_opt(r, 80, 0, NULL);
	bounds[(*n_bounds)++] = r->len;
	raw_opt(r, 82, 4, "\x01\x02hi");
	bounds[(*n_bounds)++] = r->len;
	raw_u8(r, 255);
	memcpy(r->b + OFF_FILE, "\x0c\x04host\xff", 7);
	return r;
}

static bool is_bound(const size_t *bounds, size_t n, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (bounds[i] == len)
			return true;
	return false;
}

/*
 * Every prefix of a valid message: never a crash or a sanitizer report;
 * below 236 bytes rejected; otherwise either rejected or accepted with the
 * same fixed fields and, for every option it holds, a prefix of the full
 * message's data. A prefix that ends on an option boundary is accepted.
 */
static void test_truncations(void **state)
{
	struct dfod_dhcp_msg *full = calloc(1, sizeof(*full));
	struct dfod_dhcp_msg *m = calloc(1, sizeof(*m));
	size_t bounds[16], n_bounds, len, accepted = 0;
	struct raw *r = truncation_message(bounds, &n_bounds);
	unsigned int c;

	(void)state;
	assert_int_equal(dfod_dhcp_parse(full, r->b, r->len, NULL), 0);
	assert_int_equal(full->type, DFOD_DHCPDISCOVER);
	assert_int_equal(full->len[124], 300);
	assert_int_equal(full->max_size, 1500);
	for (len = 0; len <= r->len; len++) {
		/* A copy of exactly @len bytes, so ASan sees any over-read. */
		uint8_t *p = malloc(len ? len : 1);
		int err;

		memcpy(p, r->b, len);
		err = dfod_dhcp_parse(m, p, len, NULL);
		free(p);
		if (len < 236) {
			assert_int_equal(err, -EBADMSG);
			continue;
		}
		if (len >= 240 && is_bound(bounds, n_bounds, len))
			assert_int_equal(err, 0);
		if (err) {
			assert_int_equal(err, -EBADMSG);
			continue;
		}
		accepted++;
		assert_int_equal(m->xid, full->xid);
		assert_memory_equal(m->chaddr, full->chaddr, 16);
		assert_memory_equal(m->file, full->file, 128);
		assert_true(m->type == full->type || m->type == DFOD_BOOTP);
		assert_true(m->used <= full->used);
		for (c = 0; c < 256; c++) {
			if (!dfod_dhcp_has(m, c))
				continue;
			assert_true(dfod_dhcp_has(full, c));
			assert_true(m->len[c] <= full->len[c]);
			assert_true(m->off[c] + m->len[c] <= m->used);
			assert_memory_equal(m->buf + m->off[c], full->buf + full->off[c], m->len[c]);
		}
	}
	/* 236..239 and the ten boundaries at least. */
	assert_true(accepted >= 4 + n_bounds);
	free(r);
	free(m);
	free(full);
}

/* Option codes of a built reply, in wire order (pieces of one option merged). */
static size_t reply_codes(const struct dfod_dhcp_out *o, uint8_t *codes, size_t cap)
{
	size_t pos = OFF_OPTIONS, n = 0;

	while (pos < o->len && o->buf[pos] != 255) {
		uint8_t code = o->buf[pos];

		if (code == 0) {
			pos++;
			continue;
		}
		assert_true(pos + 2 <= o->len);
		assert_true(pos + 2 + o->buf[pos + 1] <= o->len);
		if (!n || codes[n - 1] != code) {
			assert_true(n < cap);
			codes[n++] = code;
		}
		pos += 2 + o->buf[pos + 1];
	}
	return n;
}

static struct dfod_dhcp_msg *request_with_prl(const uint8_t *prl, uint8_t n, const void *rai,
					      uint8_t rai_len)
{
	struct dfod_dhcp_msg *m = calloc(1, sizeof(*m));
	struct raw *r = raw_new();

	raw_opt(r, 53, 1, "\x01");
	if (n)
		raw_opt(r, 55, n, prl);
	if (rai)
		raw_opt(r, 82, rai_len, rai);
	raw_u8(r, 255);
	r->len = 300;
	assert_int_equal(dfod_dhcp_parse(m, r->b, r->len, NULL), 0);
	free(r);
	return m;
}

#define CAND(c, s) { .code = (c), .len = sizeof(s) - 1, .data = (const uint8_t *)(s) }

static void test_out_opts_order(void **state)
{
	static const uint8_t prl[] = { 6, 3, 1, 15, 6, 200 };
	static const uint8_t must[] = { 54, 51, 58, 59 };
	static const struct dfod_dhcp_cand c[] = {
		CAND(82, "\x01\x02hi"),
		CAND(1, "\xff\xff\xff\x00"),
		CAND(3, "\x0a\x00\x00\x01"),
		CAND(6, "\x0a\x00\x00\x02\x0a\x00\x00\x03"),
		CAND(15, "example.org"),
		CAND(28, "\x0a\x00\x00\xff"),
		CAND(51, "\x00\x00\x0e\x10"),
		CAND(54, "\x0a\x00\x00\xfe"),
		CAND(58, "\x00\x00\x07\x08"),
		CAND(59, "\x00\x00\x0c\x4e"),
		CAND(150, "\x0a\x00\x00\x09"),
		CAND(3, "\x0b\x00\x00\x01"),	/* second 3: never written */
		CAND(53, "\x05"),		/* init wrote 53 already */
		CAND(0, ""),
	};
	static const uint8_t want_prl[] = { 53, 54, 51, 58, 59, 6, 3, 1, 15, 82 };
	static const uint8_t want_all[] = { 53, 54, 51, 58, 59, 6, 3, 1, 15, 28, 150, 82 };
	struct dfod_dhcp_msg *req = request_with_prl(prl, sizeof(prl), NULL, 0);
	struct dfod_dhcp_out *o = calloc(1, sizeof(*o));
	uint8_t codes[32];
	size_t n;

	(void)state;
	dfod_dhcp_out_init(o, req, DFOD_DHCPOFFER, dfod_dhcp_reply_cap(req));
	assert_int_equal(dfod_dhcp_out_opts(o, req, c, sizeof(c) / sizeof(c[0]), must,
					    sizeof(must), false), 0);
	n = reply_codes(o, codes, sizeof(codes));
	assert_int_equal(n, sizeof(want_prl));
	assert_memory_equal(codes, want_prl, n);

	dfod_dhcp_out_init(o, req, DFOD_DHCPOFFER, dfod_dhcp_reply_cap(req));
	assert_int_equal(dfod_dhcp_out_opts(o, req, c, sizeof(c) / sizeof(c[0]), must,
					    sizeof(must), true), 0);
	n = reply_codes(o, codes, sizeof(codes));
	assert_int_equal(n, sizeof(want_all));
	assert_memory_equal(codes, want_all, n);

	/* Parse the whole reply back: values as given, router is the first 3. */
	dfod_dhcp_out_finish(o);
	o->buf[0] = DFOD_BOOTREQUEST;
	{
		struct dfod_dhcp_msg *back = calloc(1, sizeof(*back));

		assert_int_equal(dfod_dhcp_parse(back, o->buf, o->len, NULL), 0);
		assert_int_equal(back->type, DFOD_DHCPOFFER);
		assert_opt(back, 3, "\x0a\x00\x00\x01", 4);
		assert_opt(back, 15, "example.org", 11);
		assert_opt(back, 82, "\x01\x02hi", 4);
		free(back);
	}

	/* No PRL, no must, not all: only 53 and 82. */
	free(req);
	req = request_with_prl(NULL, 0, NULL, 0);
	dfod_dhcp_out_init(o, req, DFOD_DHCPACK, dfod_dhcp_reply_cap(req));
	assert_int_equal(dfod_dhcp_out_opts(o, req, c, sizeof(c) / sizeof(c[0]), NULL, 0, false), 0);
	n = reply_codes(o, codes, sizeof(codes));
	assert_int_equal(n, 2);
	assert_int_equal(codes[0], 53);
	assert_int_equal(codes[1], 82);
	free(o);
	free(req);
}

/*
 * The size limit: a BOOTP reply has 300 bytes; options that do not fit
 * are skipped whole, smaller ones after them still go in, and option 82
 * is kept even when the others would have filled its room.
 */
static void test_out_opts_cap(void **state)
{
	static const uint8_t must[] = { 1, 43, 3, 66, 67 };
	struct dfod_dhcp_msg *req = request_with_prl(NULL, 0, NULL, 0);
	struct dfod_dhcp_msg *back = calloc(1, sizeof(*back));
	struct dfod_dhcp_out *o = calloc(1, sizeof(*o));
	uint8_t v40[40], v12[16], codes[16];
	struct dfod_dhcp_cand c[] = {
		CAND(1, "\xff\xff\xff\x00"),			/* 6 */
		{ .code = 43, .len = 40, .data = v40 },		/* 42: does not fit */
		CAND(3, "\x0a\x00\x00\x01"),			/* 6 */
		{ .code = 66, .len = 12, .data = v12 },		/* 14 */
		{ .code = 67, .len = 12, .data = v12 },		/* 14: does not fit */
		CAND(82, "\x01\x06" "abcdef"),			/* 10 */
	};
	size_t n, len;

	(void)state;
	memset(v40, 'a', sizeof(v40));
	memset(v12, 'b', sizeof(v12));
	/*
	 * cap 300: 240 + 53 (3) = 243, END 1, 82 (10) held back: 46 bytes for
	 * the rest. 1 (6) -> 40 left; 43 needs 42: skipped; 3 (6) -> 34;
	 * 66 (14) -> 20; 67 (14) -> 6; then 82 in its held room.
	 */
	dfod_dhcp_out_init(o, req, DFOD_BOOTP, 290);
	assert_int_equal(o->cap, 300);	/* clamped up to the BOOTP size */
	dfod_dhcp_out_init(o, req, DFOD_DHCPOFFER, 300);
	assert_int_equal(dfod_dhcp_out_opts(o, req, c, 6, must, sizeof(must), false), 1);
	assert_true(o->len + 1 <= o->cap);
	n = reply_codes(o, codes, sizeof(codes));
	assert_int_equal(n, 6);
	assert_memory_equal(codes, "\x35\x01\x03\x42\x43\x52", 6);

	/*
	 * Four more bytes of 66 and 67 each: 66 (18) -> 16 left, 67 (18) no
	 * longer fits. Without the held room 67 would have fit and taken the
	 * space 82 needs.
	 */
	c[3].len = 16;
	c[4].len = 16;
	dfod_dhcp_out_init(o, req, DFOD_DHCPOFFER, 300);
	assert_int_equal(dfod_dhcp_out_opts(o, req, c, 6, must, sizeof(must), false), 2);
	n = reply_codes(o, codes, sizeof(codes));
	assert_int_equal(n, 5);
	assert_memory_equal(codes, "\x35\x01\x03\x42\x52", 5);
	len = dfod_dhcp_out_finish(o);
	assert_int_equal(len, 300);
	assert_true(len <= o->cap);

	/* Whatever went in went in whole. */
	o->buf[0] = DFOD_BOOTREQUEST;
	assert_int_equal(dfod_dhcp_parse(back, o->buf, len, NULL), 0);
	assert_opt(back, 1, "\xff\xff\xff\x00", 4);
	assert_opt(back, 66, v12, 16);
	assert_opt(back, 82, "\x01\x06" "abcdef", 8);
	assert_false(dfod_dhcp_has(back, 43));
	assert_false(dfod_dhcp_has(back, 67));

	/* An option 82 too big to fit at all is skipped, and holds nothing back. */
	{
		uint8_t v100[100];
		struct dfod_dhcp_cand c2[] = {
			CAND(1, "\xff\xff\xff\x00"),
			{ .code = 82, .len = 100, .data = v100 },
		};

		memset(v100, 'r', sizeof(v100));
		dfod_dhcp_out_init(o, req, DFOD_DHCPOFFER, 300);
		assert_int_equal(dfod_dhcp_out_opts(o, req, c2, 2, must, 1, false), 1);
		n = reply_codes(o, codes, sizeof(codes));
		assert_int_equal(n, 2);
		assert_memory_equal(codes, "\x35\x01", 2);
	}
	free(o);
	free(back);
	free(req);
}

/* The builder's fixed fields, limits and errors. */
static void test_builder(void **state)
{
	static const uint8_t cid[] = { 1, 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04 };
	struct dfod_dhcp_msg *req = calloc(1, sizeof(*req));
	struct dfod_dhcp_out *o = calloc(1, sizeof(*o));
	struct dfo_frame f;
	uint8_t buf[DFO_FRAME_MAX], data[400];
	const uint8_t *p;
	size_t n, before;

	(void)state;
	memset(data, 'd', sizeof(data));
	dfo_frame_init(&f, DFOD_DHCPDISCOVER, mac1);
	f.flags = DFOD_BROADCAST_FLAG;
	f.giaddr_be = htonl(0x0a000001);
	f.hops = 2;
	f.secs = 9;
	dfo_frame_opt(&f, 61, sizeof(cid), cid);
	dfo_frame_end(&f);
	n = frame_payload(&f, buf, sizeof(buf), &p);
	assert_int_equal(dfod_dhcp_parse(req, p, n, NULL), 0);

	dfod_dhcp_out_init(o, req, DFOD_DHCPOFFER, 100000);
	assert_int_equal(o->cap, DFOD_DHCP_REPLY_MAX);
	dfod_dhcp_out_init(o, req, DFOD_DHCPOFFER, 576);
	assert_int_equal(o->buf[0], DFOD_BOOTREPLY);
	assert_int_equal(o->buf[1], 1);
	assert_int_equal(o->buf[2], 6);
	assert_int_equal(o->buf[3], 0);			/* hops */
	assert_memory_equal(o->buf + 4, &req->xid, 4);
	assert_memory_equal(o->buf + 8, "\x00\x00\x80\x00", 4);	/* secs 0, flags */
	assert_memory_equal(o->buf + 24, "\x0a\x00\x00\x01", 4);
	assert_memory_equal(o->buf + 28, mac1, 6);
	assert_memory_equal(o->buf + 236, "\x63\x82\x53\x63\x35\x01\x02", 7);
	assert_int_equal(o->len, 243);
	dfod_dhcp_out_set_addrs(o, htonl(0x01020304), htonl(0x0a000064), htonl(0x0a0000fe));
	assert_memory_equal(o->buf + 12, "\x01\x02\x03\x04\x0a\x00\x00\x64\x0a\x00\x00\xfe", 12);

	/* Bad calls write nothing. */
	assert_int_equal(dfod_dhcp_out_opt(o, 0, "x", 1), -EINVAL);
	assert_int_equal(dfod_dhcp_out_opt(o, 255, "x", 1), -EINVAL);
	assert_int_equal(dfod_dhcp_out_opt(o, 12, NULL, 3), -EINVAL);
	assert_int_equal(dfod_dhcp_out_opt(o, 12, data, SIZE_MAX), -ENOSPC);
	assert_int_equal(o->len, 243);
	/* Empty option. */
	assert_int_equal(dfod_dhcp_out_opt(o, 80, NULL, 0), 0);
	assert_int_equal(o->len, 245);
	/* Fill to exactly cap - 1, then END fits and nothing more does. */
	before = 576 - 1 - 245;			/* 330 = 257 + 73 -> data 255 + 71 */
	assert_int_equal(dfod_dhcp_out_opt(o, 43, data, 327), -ENOSPC);
	assert_int_equal(o->len, 245);
	assert_int_equal(dfod_dhcp_out_opt(o, 43, data, 326), 0);
	assert_int_equal(o->len, 245 + before);
	assert_int_equal(dfod_dhcp_out_opt(o, 80, NULL, 0), -ENOSPC);
	assert_int_equal(dfod_dhcp_out_finish(o), 576);
	assert_int_equal(o->buf[575], 255);
	assert_int_equal(dfod_dhcp_out_finish(o), 576);
	assert_int_equal(dfod_dhcp_out_opt(o, 12, "x", 1), -EINVAL);

	/* BOOTP reply: no option 53, END and zero padding to 300. */
	dfod_dhcp_out_init(o, req, DFOD_BOOTP, 300);
	assert_int_equal(o->len, 240);
	assert_int_equal(dfod_dhcp_out_opt(o, 1, "\xff\xff\xff\x00", 4), 0);
	assert_int_equal(dfod_dhcp_out_finish(o), 300);
	assert_int_equal(o->buf[246], 255);
	for (n = 247; n < 300; n++)
		assert_int_equal(o->buf[n], 0);
	free(o);
	free(req);
}

/*
 * The client key through the one RFC 3074 hash gives design §3's check
 * values: client id 01 00 0c 01 02 03 04 -> 104 (type byte included),
 * chaddr 00 0c 01 02 03 04 -> 131, 11 22 33 44 55 66 -> 66, 0e -> 232.
 */
static void test_client_key(void **state)
{
	static const uint8_t cid[] = { 1, 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04 };
	struct dfod_dhcp_msg *m = calloc(1, sizeof(*m));
	struct dfo_frame f;
	uint8_t buf[DFO_FRAME_MAX];
	const uint8_t *p, *key;
	size_t n, klen;

	(void)state;
	dfo_frame_init(&f, DFOD_DHCPDISCOVER, mac1);
	dfo_frame_opt(&f, 61, sizeof(cid), cid);
	dfo_frame_end(&f);
	n = frame_payload(&f, buf, sizeof(buf), &p);
	assert_int_equal(dfod_dhcp_parse(m, p, n, NULL), 0);
	klen = dfod_dhcp_client_key(m, &key);
	assert_int_equal(klen, 7);
	assert_int_equal(dfo_rfc3074_hash(key, klen), 104);
	klen = dfod_dhcp_chaddr_key(m, &key);
	assert_int_equal(klen, 6);
	assert_int_equal(dfo_rfc3074_hash(key, klen), 131);

	/* No option 61, then an empty one: chaddr either way. */
	dfo_frame_init(&f, DFOD_DHCPDISCOVER, mac1);
	dfo_frame_end(&f);
	n = frame_payload(&f, buf, sizeof(buf), &p);
	assert_int_equal(dfod_dhcp_parse(m, p, n, NULL), 0);
	klen = dfod_dhcp_client_key(m, &key);
	assert_int_equal(dfo_rfc3074_hash(key, klen), 131);

	dfo_frame_init(&f, DFOD_DHCPDISCOVER, (const uint8_t *)"\x11\x22\x33\x44\x55\x66");
	dfo_frame_opt(&f, 61, 0, NULL);
	dfo_frame_end(&f);
	n = frame_payload(&f, buf, sizeof(buf), &p);
	assert_int_equal(dfod_dhcp_parse(m, p, n, NULL), 0);
	assert_true(dfod_dhcp_has(m, 61));
	klen = dfod_dhcp_client_key(m, &key);
	assert_int_equal(klen, 6);
	assert_int_equal(dfo_rfc3074_hash(key, klen), 66);

	/* hlen 1, chaddr 0e; BOOTP (no option 53) keys the same way. */
	dfo_frame_init(&f, 0, (const uint8_t *)"\x0e\x00\x00\x00\x00\x00");
	f.hlen = 1;
	n = frame_payload(&f, buf, sizeof(buf), &p);
	assert_int_equal(dfod_dhcp_parse(m, p, n, NULL), 0);
	assert_int_equal(m->type, DFOD_BOOTP);
	klen = dfod_dhcp_client_key(m, &key);
	assert_int_equal(klen, 1);
	assert_int_equal(dfo_rfc3074_hash(key, klen), 232);

	/* hlen 0 and no client id: no key. */
	f.hlen = 0;
	n = frame_payload(&f, buf, sizeof(buf), &p);
	assert_int_equal(dfod_dhcp_parse(m, p, n, NULL), 0);
	assert_int_equal(dfod_dhcp_client_key(m, &key), 0);

	/* A client id split by RFC 3396 is one key. */
	{
		struct raw *r = raw_new();

		raw_opt(r, 53, 1, "\x01");
		raw_opt(r, 61, 3, cid);
		raw_opt(r, 61, 4, cid + 3);
		raw_u8(r, 255);
		assert_int_equal(dfod_dhcp_parse(m, r->b, r->len, NULL), 0);
		klen = dfod_dhcp_client_key(m, &key);
		assert_int_equal(klen, 7);
		assert_int_equal(dfo_rfc3074_hash(key, klen), 104);
		free(r);
	}
	free(m);
}

static void test_type_names(void **state)
{
	(void)state;
	assert_string_equal(dfod_dhcp_type_name(DFOD_BOOTP), "BOOTP");
	assert_string_equal(dfod_dhcp_type_name(DFOD_DHCPDISCOVER), "DHCPDISCOVER");
	assert_string_equal(dfod_dhcp_type_name(DFOD_DHCPREQUEST), "DHCPREQUEST");
	assert_string_equal(dfod_dhcp_type_name(DFOD_DHCPINFORM), "DHCPINFORM");
	assert_string_equal(dfod_dhcp_type_name(9), "unknown");
	assert_string_equal(dfod_dhcp_type_name(255), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_dhclient_discover),
		cmocka_unit_test(test_parse_relayed_request),
		cmocka_unit_test(test_bootp_without_cookie),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_max_size),
		cmocka_unit_test(test_overload_both),
		cmocka_unit_test(test_overload_one),
		cmocka_unit_test(test_long_option_round_trip),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_out_opts_order),
		cmocka_unit_test(test_out_opts_cap),
		cmocka_unit_test(test_builder),
		cmocka_unit_test(test_client_key),
		cmocka_unit_test(test_type_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
