// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * DHCPv4/BOOTP codec (dhcp_pkt.h). Every read is checked against the
 * length the caller gave and every write against the buffer it lands in:
 * this runs on whatever arrives on UDP port 67.
 */
#include <errno.h>
#include <string.h>

#include "dhcp_pkt.h"

/* Offsets in the fixed part (RFC 2131 figure 1). */
#define OFF_OP		0
#define OFF_HTYPE	1
#define OFF_HLEN	2
#define OFF_HOPS	3
#define OFF_XID		4
#define OFF_SECS	8
#define OFF_FLAGS	10
#define OFF_CIADDR	12
#define OFF_YIADDR	16
#define OFF_SIADDR	20
#define OFF_GIADDR	24
#define OFF_CHADDR	28
#define OFF_SNAME	44
#define OFF_FILE	108
#define OFF_COOKIE	236
#define OFF_OPTIONS	240

#define SNAME_LEN	64
#define FILE_LEN	128
#define CHADDR_LEN	16
#define OPT_PIECE	255	/* longest data of one option instance */
#define UDP_IP_HDRS	28	/* IPv4 header without options + UDP header */

/* Option 52 values (RFC 2132 9.3). */
#define OVL_FILE	1
#define OVL_SNAME	2

static uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void set_has(struct dfod_dhcp_msg *m, uint8_t code)
{
	m->has[code >> 3] |= 1u << (code & 7);
}

static int bad(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -EBADMSG;
}

/*
 * One area holding options: the options field, or 'file' / 'sname' when
 * option 52 hands them over. @top is the options field, the only place
 * where option 52 means something.
 */
struct area {
	const uint8_t *p;
	size_t len;
	bool top;
};

/*
 * Walk one area. Without @copy, add every instance's length to m->len[code]
 * and m->used (pass 1, sizing); with @copy, append the data at
 * m->off[code] + m->len[code] (pass 2, after the offsets are laid out). Both
 * passes validate identically, so pass 2 cannot meet what pass 1 did not.
 *
 * Option 52 inside 'file' or 'sname' is skipped: RFC 2132 9.3 places it in
 * the options field only, and honouring it there would let a field
 * overload itself.
 */
static int walk_area(struct dfod_dhcp_msg *m, const struct area *a, bool copy,
		     const uint8_t **ovl, const char **why)
{
	size_t pos = 0;

	while (pos < a->len) {
		uint8_t code = a->p[pos], olen;

		if (code == DFOD_OPT_END)
			return 0;
		if (code == DFOD_OPT_PAD) {
			pos++;
			continue;
		}
		if (pos + 1 >= a->len)
			return bad(why, "option length byte past the end");
		olen = a->p[pos + 1];
		if (olen > a->len - pos - 2)
			return bad(why, "option data past the end");
		pos += 2;
		if (code == DFOD_OPT_OVERLOAD && !a->top) {
			pos += olen;
			continue;
		}
		if (!copy) {
			/* used <= DFOD_DHCP_OPTBUF bounds every len[] too. */
			if (m->used + olen > DFOD_DHCP_OPTBUF)
				return bad(why, "options exceed the parser's buffer");
			m->used += olen;
			m->len[code] += olen;
			set_has(m, code);
			if (code == DFOD_OPT_OVERLOAD && olen)
				*ovl = a->p + pos;
		} else {
			memcpy(m->buf + m->off[code] + m->len[code], a->p + pos, olen);
			m->len[code] += olen;
		}
		pos += olen;
	}
	/*
	 * No END: the area ends with its last complete option. RFC 2131 asks
	 * for END, but clients that leave it out exist and nothing is
	 * ambiguous, so such a message is accepted (ISC dhcpd and Kea do).
	 */
	return 0;
}

/* Option 52, read from the options field after pass 1 sized it. */
static int read_overload(struct dfod_dhcp_msg *m, const uint8_t *ovl, const char **why)
{
	if (!dfod_dhcp_has(m, DFOD_OPT_OVERLOAD))
		return 0;
	/* Repeated instances concatenate (RFC 3396): the total must be 1. */
	if (m->len[DFOD_OPT_OVERLOAD] != 1 || !ovl)
		return bad(why, "option 52 is not one byte");
	if (*ovl < 1 || *ovl > 3)
		return bad(why, "option 52 value not 1, 2 or 3");
	m->overload = *ovl;
	return 0;
}

/* Lay the codes out one after another and rewind len[] for pass 2. */
static void layout(struct dfod_dhcp_msg *m)
{
	uint16_t off = 0;
	unsigned int c;

	for (c = 0; c < 256; c++) {
		m->off[c] = off;
		off += m->len[c];
		m->len[c] = 0;
	}
}

/*
 * Options in RFC 3396 order: the options field, then 'file' (overload 1 or
 * 3), then 'sname' (overload 2 or 3).
 */
static int parse_options(struct dfod_dhcp_msg *m, const uint8_t *pkt, size_t len,
			 const char **why)
{
	struct area areas[3];
	const uint8_t *ovl = NULL;
	unsigned int n = 0, i;
	int err;

	areas[n++] = (struct area){ pkt + OFF_OPTIONS, len - OFF_OPTIONS, true };
	err = walk_area(m, &areas[0], false, &ovl, why);
	if (err)
		return err;
	err = read_overload(m, ovl, why);
	if (err)
		return err;
	if (m->overload & OVL_FILE)
		areas[n++] = (struct area){ pkt + OFF_FILE, FILE_LEN, false };
	if (m->overload & OVL_SNAME)
		areas[n++] = (struct area){ pkt + OFF_SNAME, SNAME_LEN, false };
	for (i = 1; i < n; i++) {
		err = walk_area(m, &areas[i], false, &ovl, why);
		if (err)
			return err;
	}
	layout(m);
	for (i = 0; i < n; i++) {
		err = walk_area(m, &areas[i], true, &ovl, why);
		if (err)	/* cannot happen: pass 1 accepted the same bytes */
			return err;
	}
	return 0;
}

/* Option 53 and option 57, once the options are in place. */
static int read_type_and_size(struct dfod_dhcp_msg *m, const char **why)
{
	const uint8_t *d;
	uint16_t mms;

	m->type = DFOD_BOOTP;
	if (dfod_dhcp_has(m, DFOD_OPT_MSG_TYPE)) {
		if (m->len[DFOD_OPT_MSG_TYPE] != 1)
			return bad(why, "option 53 is not one byte");
		d = m->buf + m->off[DFOD_OPT_MSG_TYPE];
		if (*d < DFOD_DHCPDISCOVER || *d > DFOD_DHCPINFORM)
			return bad(why, "option 53 value not 1..8");
		m->type = *d;
	}
	/*
	 * Option 57 only ever enlarges what we may send: a malformed or too
	 * small value (RFC 2132 9.10: the minimum is 576) falls back to the
	 * size every client accepts rather than dropping the client.
	 */
	m->max_size = DFOD_DHCP_MIN_MAX;
	if (m->len[DFOD_OPT_MAX_MSG_SIZE] == 2) {
		mms = get_be16(m->buf + m->off[DFOD_OPT_MAX_MSG_SIZE]);
		if (mms >= DFOD_DHCP_MIN_MAX)
			m->max_size = mms;
	}
	return 0;
}

static void parse_fixed(struct dfod_dhcp_msg *m, const uint8_t *p)
{
	m->op = p[OFF_OP];
	m->htype = p[OFF_HTYPE];
	m->hlen = p[OFF_HLEN];
	m->hops = p[OFF_HOPS];
	memcpy(&m->xid, p + OFF_XID, 4);
	m->secs = get_be16(p + OFF_SECS);
	m->flags = get_be16(p + OFF_FLAGS);
	memcpy(&m->ciaddr, p + OFF_CIADDR, 4);
	memcpy(&m->yiaddr, p + OFF_YIADDR, 4);
	memcpy(&m->siaddr, p + OFF_SIADDR, 4);
	memcpy(&m->giaddr, p + OFF_GIADDR, 4);
	memcpy(m->chaddr, p + OFF_CHADDR, CHADDR_LEN);
	memcpy(m->sname, p + OFF_SNAME, SNAME_LEN);
	memcpy(m->file, p + OFF_FILE, FILE_LEN);
}

static bool has_cookie(const uint8_t *p, size_t len)
{
	static const uint8_t cookie[4] = { 0x63, 0x82, 0x53, 0x63 };

	return len >= DFOD_DHCP_MIN_LEN && !memcmp(p + OFF_COOKIE, cookie, sizeof(cookie));
}

/*
 * Without the magic cookie (RFC 1497) the message is plain BOOTP (RFC 951):
 * its vendor area, if any, is not in a format we know, so it carries no
 * options. This includes messages of 236..239 bytes, which have the fixed
 * part but no room for a cookie: like ISC dhcpd, we answer the fixed part.
 */
int dfod_dhcp_parse(struct dfod_dhcp_msg *m, const void *pkt, size_t len, const char **why)
{
	const uint8_t *p = pkt;
	int err;

	/* Everything but the option data, which is only read where off/len say. */
	memset(m, 0, offsetof(struct dfod_dhcp_msg, buf));
	if (why)
		*why = NULL;
	if (!p || len < DFOD_DHCP_FIXED_LEN)
		return bad(why, "shorter than the BOOTP fixed part");
	if (len > DFOD_DHCP_MAX_MSG)
		return bad(why, "longer than a UDP datagram");
	parse_fixed(m, p);
	m->max_size = DFOD_DHCP_MIN_MAX;
	if (m->op != DFOD_BOOTREQUEST)
		return bad(why, "not a BOOTREQUEST");
	if (m->hlen > CHADDR_LEN)
		return bad(why, "hlen above 16");
	if (!has_cookie(p, len)) {
		m->type = DFOD_BOOTP;
		return 0;
	}
	err = parse_options(m, p, len, why);
	if (err)
		return err;
	return read_type_and_size(m, why);
}

const uint8_t *dfod_dhcp_opt(const struct dfod_dhcp_msg *m, uint8_t code, size_t *len)
{
	if (!dfod_dhcp_has(m, code)) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = m->len[code];
	return m->buf + m->off[code];
}

int dfod_dhcp_opt_ipv4(const struct dfod_dhcp_msg *m, uint8_t code, uint32_t *addr_be)
{
	const uint8_t *d;
	size_t len;

	d = dfod_dhcp_opt(m, code, &len);
	if (!d)
		return -ENOENT;
	if (len != 4)
		return -EBADMSG;
	memcpy(addr_be, d, 4);
	return 0;
}

size_t dfod_dhcp_client_key(const struct dfod_dhcp_msg *m, const uint8_t **key)
{
	if (m->len[DFOD_OPT_CLIENT_ID]) {
		*key = m->buf + m->off[DFOD_OPT_CLIENT_ID];
		return m->len[DFOD_OPT_CLIENT_ID];
	}
	return dfod_dhcp_chaddr_key(m, key);
}

size_t dfod_dhcp_chaddr_key(const struct dfod_dhcp_msg *m, const uint8_t **key)
{
	*key = m->chaddr;
	return m->hlen <= CHADDR_LEN ? m->hlen : 0;
}

size_t dfod_dhcp_reply_cap(const struct dfod_dhcp_msg *req)
{
	size_t cap;

	if (req->type == DFOD_BOOTP)
		return DFOD_DHCP_BOOTP_MIN;
	cap = (size_t)req->max_size - UDP_IP_HDRS;
	return cap < DFOD_DHCP_REPLY_MAX ? cap : DFOD_DHCP_REPLY_MAX;
}

/* Builder. */

void dfod_dhcp_out_init(struct dfod_dhcp_out *o, const struct dfod_dhcp_msg *req, uint8_t type,
			size_t cap)
{
	uint8_t *b = o->buf;

	memset(o, 0, sizeof(*o));
	/* finish() pads to 300 bytes, so no cap may be below that. */
	if (cap < DFOD_DHCP_BOOTP_MIN)
		cap = DFOD_DHCP_BOOTP_MIN;
	if (cap > DFOD_DHCP_REPLY_MAX)
		cap = DFOD_DHCP_REPLY_MAX;
	o->cap = cap;
	b[OFF_OP] = DFOD_BOOTREPLY;
	b[OFF_HTYPE] = req->htype;
	b[OFF_HLEN] = req->hlen;
	memcpy(b + OFF_XID, &req->xid, 4);
	b[OFF_FLAGS] = req->flags >> 8;
	b[OFF_FLAGS + 1] = req->flags & 0xff;
	memcpy(b + OFF_GIADDR, &req->giaddr, 4);
	memcpy(b + OFF_CHADDR, req->chaddr, CHADDR_LEN);
	put_be32(b + OFF_COOKIE, DFOD_DHCP_MAGIC);
	o->len = OFF_OPTIONS;
	if (type != DFOD_BOOTP) {
		b[o->len++] = DFOD_OPT_MSG_TYPE;
		b[o->len++] = 1;
		b[o->len++] = type;
	}
}

void dfod_dhcp_out_set_addrs(struct dfod_dhcp_out *o, uint32_t ciaddr_be, uint32_t yiaddr_be,
			     uint32_t siaddr_be)
{
	memcpy(o->buf + OFF_CIADDR, &ciaddr_be, 4);
	memcpy(o->buf + OFF_YIADDR, &yiaddr_be, 4);
	memcpy(o->buf + OFF_SIADDR, &siaddr_be, 4);
}

/* Bytes option data of @len takes on the wire, RFC 3396 split included. */
static size_t opt_wire_len(size_t len)
{
	size_t pieces = len ? (len + OPT_PIECE - 1) / OPT_PIECE : 1;

	return len + 2 * pieces;
}

int dfod_dhcp_out_opt(struct dfod_dhcp_out *o, uint8_t code, const void *data, size_t len)
{
	const uint8_t *d = data;
	size_t need, piece;

	if (code == DFOD_OPT_PAD || code == DFOD_OPT_END || (len && !d) || o->ended)
		return -EINVAL;
	/* Compare without overflowing: len may be anything the caller has. */
	if (o->len + 1 > o->cap || len > o->cap)
		return -ENOSPC;
	need = opt_wire_len(len);
	if (need > o->cap - o->len - 1)
		return -ENOSPC;
	do {
		piece = len < OPT_PIECE ? len : OPT_PIECE;
		o->buf[o->len++] = code;
		o->buf[o->len++] = (uint8_t)piece;
		if (piece)
			memcpy(o->buf + o->len, d, piece);
		o->len += piece;
		d += piece;
		len -= piece;
	} while (len);
	return 0;
}

size_t dfod_dhcp_out_finish(struct dfod_dhcp_out *o)
{
	if (o->ended)
		return o->len;
	/* out_opt always leaves a byte for END within cap. */
	o->buf[o->len++] = DFOD_OPT_END;
	/* Zero padding (PAD options), as RFC 951's 300-byte minimum wants. */
	if (o->len < DFOD_DHCP_BOOTP_MIN) {
		memset(o->buf + o->len, 0, DFOD_DHCP_BOOTP_MIN - o->len);
		o->len = DFOD_DHCP_BOOTP_MIN;
	}
	o->ended = true;
	return o->len;
}

/* Which codes out_opts has dealt with (emitted, or tried and skipped). */
struct done {
	uint8_t bits[32];
	unsigned int skipped;
};

static bool done_test(const struct done *dn, uint8_t code)
{
	return dn->bits[code >> 3] & (1u << (code & 7));
}

static void done_set(struct done *dn, uint8_t code)
{
	dn->bits[code >> 3] |= 1u << (code & 7);
}

static const struct dfod_dhcp_cand *find_cand(const struct dfod_dhcp_cand *c, unsigned int n,
					      uint8_t code)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (c[i].code == code)
			return &c[i];
	return NULL;
}

/*
 * Emit the first candidate with @code, once per reply whatever asks for it
 * again: a second instance would be concatenated with the first by the
 * client (RFC 3396), not read as a replacement.
 */
static void emit_code(struct dfod_dhcp_out *o, const struct dfod_dhcp_cand *c, unsigned int n,
		      uint8_t code, struct done *dn)
{
	const struct dfod_dhcp_cand *cd;

	if (done_test(dn, code))
		return;
	cd = find_cand(c, n, code);
	if (!cd)
		return;
	done_set(dn, code);
	if (dfod_dhcp_out_opt(o, code, cd->data, cd->len))
		dn->skipped++;
}

unsigned int dfod_dhcp_out_opts(struct dfod_dhcp_out *o, const struct dfod_dhcp_msg *req,
				const struct dfod_dhcp_cand *c, unsigned int n, const uint8_t *must,
				unsigned int n_must, bool all)
{
	const struct dfod_dhcp_cand *rai = find_cand(c, n, DFOD_OPT_RELAY_AGENT);
	struct done dn = { .skipped = 0 };
	size_t saved_cap = o->cap, reserve, prl_len = 0, i;
	const uint8_t *prl;
	unsigned int code;

	/* Never emitted: PAD and END are framing, 53 is init's. */
	done_set(&dn, DFOD_OPT_PAD);
	done_set(&dn, DFOD_OPT_END);
	if (o->len > OFF_OPTIONS && o->buf[OFF_OPTIONS] == DFOD_OPT_MSG_TYPE)
		done_set(&dn, DFOD_OPT_MSG_TYPE);
	/*
	 * Option 82 goes last but must not be the option that gets left out:
	 * a relay that needs it to forward the reply would drop it. Hold its
	 * room back while the others are placed.
	 */
	if (rai && !o->ended) {
		reserve = opt_wire_len(rai->len);
		if (o->len + 1 <= o->cap && reserve <= o->cap - o->len - 1)
			o->cap -= reserve;
		done_set(&dn, DFOD_OPT_RELAY_AGENT);
	}
	for (i = 0; must && i < n_must; i++)
		emit_code(o, c, n, must[i], &dn);
	prl = dfod_dhcp_opt(req, DFOD_OPT_PRL, &prl_len);
	for (i = 0; prl && i < prl_len; i++)
		emit_code(o, c, n, prl[i], &dn);
	for (code = 1; all && code < DFOD_OPT_END; code++)
		emit_code(o, c, n, code, &dn);
	o->cap = saved_cap;
	if (rai && dfod_dhcp_out_opt(o, DFOD_OPT_RELAY_AGENT, rai->data, rai->len))
		dn.skipped++;
	return dn.skipped;
}

const char *dfod_dhcp_type_name(uint8_t type)
{
	static const char *const names[] = {
		[DFOD_BOOTP] = "BOOTP",
		[DFOD_DHCPDISCOVER] = "DHCPDISCOVER",
		[DFOD_DHCPOFFER] = "DHCPOFFER",
		[DFOD_DHCPREQUEST] = "DHCPREQUEST",
		[DFOD_DHCPDECLINE] = "DHCPDECLINE",
		[DFOD_DHCPACK] = "DHCPACK",
		[DFOD_DHCPNAK] = "DHCPNAK",
		[DFOD_DHCPRELEASE] = "DHCPRELEASE",
		[DFOD_DHCPINFORM] = "DHCPINFORM",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "unknown";
}
