// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libFuzzer target for the DHCP codec (userspace/dhcpfod/dhcp_pkt.c): parse
 * the input as a UDP payload; when it is accepted, check what the parser
 * promises, then build a reply echoing every option through
 * dfod_dhcp_out_opts, check the builder's promises (size limit, no option
 * cut, 82 last), and parse the reply back to compare.
 *
 * The first input byte also picks the reply's size limit, so the builder
 * meets every cap from 300 to 1472 and not only what option 57 says.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dhcpfod/dhcp_pkt.h"

#define CHECK(cond)                                                                    \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,     \
				__LINE__, #cond);                                      \
			abort();                                                       \
		}                                                                      \
	} while (0)

/* What the reply writes before out_opts: the must list of a real OFFER. */
static const uint8_t must[] = { 54, 51, 58, 59, 1 };

static struct dfod_dhcp_msg req, back;
static struct dfod_dhcp_out out;
static struct dfod_dhcp_cand cand[256];

static void check_parsed(const struct dfod_dhcp_msg *m, size_t in_len)
{
	unsigned int c, sum = 0;

	CHECK(m->op == DFOD_BOOTREQUEST);
	CHECK(m->hlen <= 16);
	CHECK(m->type <= DFOD_DHCPINFORM);
	CHECK(m->overload <= 3);
	CHECK(m->max_size >= DFOD_DHCP_MIN_MAX);
	CHECK(m->used <= DFOD_DHCP_OPTBUF);
	/* Option data is never more than the input could hold. */
	CHECK(m->used <= in_len);
	CHECK(!dfod_dhcp_has(m, DFOD_OPT_PAD) && !dfod_dhcp_has(m, DFOD_OPT_END));
	CHECK(dfod_dhcp_has(m, DFOD_OPT_MSG_TYPE) == (m->type != DFOD_BOOTP));
	for (c = 0; c < 256; c++) {
		size_t len;
		const uint8_t *d = dfod_dhcp_opt(m, c, &len);

		CHECK((d != NULL) == dfod_dhcp_has(m, c));
		CHECK(!m->len[c] || dfod_dhcp_has(m, c));
		CHECK((size_t)m->off[c] + m->len[c] <= m->used);
		if (d)
			CHECK(d >= m->buf && d + len <= m->buf + m->used);
		sum += m->len[c];
	}
	/* Every byte of buf in use belongs to exactly one code. */
	CHECK(sum == m->used);
	if (m->type != DFOD_BOOTP)
		CHECK(m->len[DFOD_OPT_MSG_TYPE] == 1);
	if (m->overload)
		CHECK(m->len[DFOD_OPT_OVERLOAD] == 1);
}

/* The typed accessors agree with the raw view. */
static void check_accessors(const struct dfod_dhcp_msg *m)
{
	static const uint8_t codes[] = { DFOD_OPT_REQUESTED_ADDR, DFOD_OPT_SERVER_ID,
					 DFOD_OPT_SUBNET_SELECT };
	unsigned int i;
	uint32_t a;
	int err;

	for (i = 0; i < sizeof(codes); i++) {
		err = dfod_dhcp_opt_ipv4(m, codes[i], &a);
		if (!dfod_dhcp_has(m, codes[i]))
			CHECK(err == -ENOENT);
		else if (m->len[codes[i]] != 4)
			CHECK(err == -EBADMSG);
		else
			CHECK(err == 0 && !memcmp(&a, m->buf + m->off[codes[i]], 4));
	}
	CHECK(strcmp(dfod_dhcp_type_name(m->type), "unknown") != 0);
}

static void check_key(const struct dfod_dhcp_msg *m)
{
	const uint8_t *key = NULL;
	size_t len = dfod_dhcp_client_key(m, &key);

	CHECK(key);
	if (m->len[DFOD_OPT_CLIENT_ID]) {
		CHECK(len == m->len[DFOD_OPT_CLIENT_ID]);
		CHECK(key == m->buf + m->off[DFOD_OPT_CLIENT_ID]);
	} else {
		CHECK(len == m->hlen && key == m->chaddr);
	}
}

/* The reply's options in wire order; returns the last code seen. */
static int check_wire(const struct dfod_dhcp_out *o)
{
	size_t pos = 240;
	int last = -1;

	CHECK(o->len >= 240 && o->len <= o->cap && o->cap <= DFOD_DHCP_REPLY_MAX);
	while (pos < o->len && o->buf[pos] != DFOD_OPT_END) {
		CHECK(o->buf[pos] != DFOD_OPT_PAD);
		CHECK(pos + 2 <= o->len);
		CHECK(pos + 2 + o->buf[pos + 1] <= o->len);
		last = o->buf[pos];
		pos += 2 + o->buf[pos + 1];
	}
	return last;
}

static void build_and_check(const struct dfod_dhcp_msg *m, size_t cap)
{
	unsigned int n = 0, skipped, c, emitted = 0;
	size_t len;
	int last, err;

	for (c = 1; c < DFOD_OPT_END; c++) {
		if (!dfod_dhcp_has(m, c))
			continue;
		cand[n].code = c;
		cand[n].len = m->len[c];
		cand[n].data = m->buf + m->off[c];
		n++;
	}
	dfod_dhcp_out_init(&out, m, m->type == DFOD_BOOTP ? DFOD_BOOTP : DFOD_DHCPOFFER, cap);
	CHECK(out.cap >= DFOD_DHCP_BOOTP_MIN && out.cap <= DFOD_DHCP_REPLY_MAX);
	dfod_dhcp_out_set_addrs(&out, m->ciaddr, m->yiaddr, m->siaddr);
	skipped = dfod_dhcp_out_opts(&out, m, cand, n, must, sizeof(must), true);
	CHECK(out.len + 1 <= out.cap);
	last = check_wire(&out);
	len = dfod_dhcp_out_finish(&out);
	CHECK(len == out.len && len <= out.cap && len >= DFOD_DHCP_BOOTP_MIN);
	CHECK(out.buf[0] == DFOD_BOOTREPLY);

	/* Parse the reply back as if it were a request: everything went in whole. */
	out.buf[0] = DFOD_BOOTREQUEST;
	err = dfod_dhcp_parse(&back, out.buf, len, NULL);
	CHECK(err == 0);
	CHECK(back.type == (m->type == DFOD_BOOTP ? DFOD_BOOTP : DFOD_DHCPOFFER));
	CHECK(back.xid == m->xid && back.giaddr == m->giaddr);
	CHECK(!memcmp(back.chaddr, m->chaddr, sizeof(m->chaddr)));
	for (c = 1; c < DFOD_OPT_END; c++) {
		if (c == DFOD_OPT_MSG_TYPE || !dfod_dhcp_has(&back, c))
			continue;
		CHECK(dfod_dhcp_has(m, c));
		CHECK(back.len[c] == m->len[c]);
		CHECK(!memcmp(back.buf + back.off[c], m->buf + m->off[c], m->len[c]));
		emitted++;
	}
	/* RFC 3046: option 82, when echoed, is the last option. */
	if (dfod_dhcp_has(&back, DFOD_OPT_RELAY_AGENT))
		CHECK(last == DFOD_OPT_RELAY_AGENT);
	/* With @all, every candidate but 53 (written by init) is in or skipped. */
	CHECK(emitted + skipped + dfod_dhcp_has(m, DFOD_OPT_MSG_TYPE) == n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	size_t cap;
	int err;

	err = dfod_dhcp_parse(&req, data, size, &why);
	if (err) {
		CHECK(err == -EBADMSG && why);
		return 0;
	}
	CHECK(!why);
	check_parsed(&req, size);
	check_accessors(&req);
	check_key(&req);
	build_and_check(&req, dfod_dhcp_reply_cap(&req));
	/* A cap of 0 .. 1530 in steps of 6 (clamped to 300 .. 1472), picked by the first xid byte. */
	cap = (size_t)data[4] * 6;
	build_and_check(&req, cap);
	return 0;
}
