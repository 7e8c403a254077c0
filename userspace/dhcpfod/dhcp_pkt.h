/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * DHCPv4/BOOTP message codec (RFC 951, 2131, 2132, 3396, 3046). Pure code:
 * no I/O, no allocation, no global state, so the fuzz target exercises
 * exactly what the agent runs on every packet it receives.
 *
 * Parsing copies every option into one buffer, concatenating repeated
 * instances of a code (RFC 3396 long options) in the order the RFC gives:
 * the options field, then 'file', then 'sname' when option 52 overloads them.
 * Anything malformed (short message, not a BOOTREQUEST, bad hlen, an option
 * running past the end, a bad overload value, an option 53 that is not one
 * byte) is rejected with -EBADMSG and a reason; the caller drops and counts it.
 *
 * Decisions where the RFCs leave room:
 *  - a message of at least 236 bytes (the fixed part) without the magic
 *    cookie, including one of 236..239 bytes that has no room for it, is
 *    plain BOOTP (RFC 951): type DFOD_BOOTP, no options (its vendor area is
 *    in no format we know). Shorter than 236 bytes is -EBADMSG;
 *  - END is optional: an area ends at END or at its last complete option;
 *    an option cut by the end of its area is -EBADMSG. Bytes after END are
 *    ignored;
 *  - option 52 counts in the options field only (RFC 2132 9.3); inside an
 *    overloaded 'file' or 'sname' it is skipped. sname[]/file[] of the
 *    parsed message always hold the raw fields: when m->overload says so,
 *    they carried options and are no names;
 *  - option 57 that is not 2 bytes or below 576 is ignored (576 applies):
 *    it can only enlarge the reply, so a broken one costs nothing.
 *
 * Building honours a maximum message size: options that do not fit are left
 * out (never truncated), options longer than 255 bytes are split per RFC 3396.
 * Replies are padded to the BOOTP minimum of 300 bytes.
 */
#ifndef DFOD_DHCP_PKT_H
#define DFOD_DHCP_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DFOD_BOOTREQUEST	1
#define DFOD_BOOTREPLY		2
#define DFOD_DHCP_FIXED_LEN	236	/* op .. file */
#define DFOD_DHCP_MIN_LEN	240	/* fixed part + magic cookie */
#define DFOD_DHCP_MAGIC		0x63825363u
#define DFOD_DHCP_BOOTP_MIN	300	/* RFC 951 message size, replies are padded to it */
#define DFOD_DHCP_MIN_MAX	576	/* RFC 2131: every client accepts this much (IP datagram) */
#define DFOD_DHCP_MAX_MSG	65507	/* largest UDP payload */
#define DFOD_DHCP_OPTBUF	4096	/* parsed option data, all codes together */
#define DFOD_DHCP_REPLY_MAX	1472	/* largest reply we build (Ethernet MTU - IP - UDP) */
#define DFOD_BROADCAST_FLAG	0x8000	/* flags field, host order */

enum dfod_dhcp_type {
	DFOD_BOOTP = 0,			/* no option 53 */
	DFOD_DHCPDISCOVER = 1,
	DFOD_DHCPOFFER = 2,
	DFOD_DHCPREQUEST = 3,
	DFOD_DHCPDECLINE = 4,
	DFOD_DHCPACK = 5,
	DFOD_DHCPNAK = 6,
	DFOD_DHCPRELEASE = 7,
	DFOD_DHCPINFORM = 8,
};

/* Option codes the engine uses by name. */
enum {
	DFOD_OPT_PAD = 0,
	DFOD_OPT_SUBNET_MASK = 1,
	DFOD_OPT_ROUTER = 3,
	DFOD_OPT_DNS = 6,
	DFOD_OPT_HOST_NAME = 12,
	DFOD_OPT_DOMAIN_NAME = 15,
	DFOD_OPT_BROADCAST = 28,
	DFOD_OPT_REQUESTED_ADDR = 50,
	DFOD_OPT_LEASE_TIME = 51,
	DFOD_OPT_OVERLOAD = 52,
	DFOD_OPT_MSG_TYPE = 53,
	DFOD_OPT_SERVER_ID = 54,
	DFOD_OPT_PRL = 55,
	DFOD_OPT_MESSAGE = 56,
	DFOD_OPT_MAX_MSG_SIZE = 57,
	DFOD_OPT_T1 = 58,
	DFOD_OPT_T2 = 59,
	DFOD_OPT_CLIENT_ID = 61,
	DFOD_OPT_RELAY_AGENT = 82,
	DFOD_OPT_SUBNET_SELECT = 118,
	DFOD_OPT_END = 255,
};

/* A parsed request. Addresses are in network byte order, as on the wire. */
struct dfod_dhcp_msg {
	uint8_t op, htype, hlen, hops;
	uint32_t xid;			/* network order */
	uint16_t secs, flags;		/* host order */
	uint32_t ciaddr, yiaddr, siaddr, giaddr;
	uint8_t chaddr[16];
	uint8_t sname[64];
	uint8_t file[128];
	uint8_t type;			/* enum dfod_dhcp_type; DFOD_BOOTP without option 53 */
	uint8_t overload;		/* option 52 value, 0: none */
	uint16_t max_size;		/* option 57 if valid (>= 576), else 576: an IP datagram size */
	/* Option data: code c is present when len[c] > 0 or has[c] is set (empty options exist). */
	uint16_t off[256], len[256];
	uint8_t has[32];		/* bitmap of present codes */
	uint16_t used;			/* bytes of buf in use */
	uint8_t buf[DFOD_DHCP_OPTBUF];
};

/*
 * Parse the UDP payload @pkt of @len bytes into @m. 0, or -EBADMSG with a
 * static reason in *@why (may be NULL). A BOOTREPLY is -EBADMSG too: a server
 * only acts on requests.
 */
int dfod_dhcp_parse(struct dfod_dhcp_msg *m, const void *pkt, size_t len, const char **why);

static inline bool dfod_dhcp_has(const struct dfod_dhcp_msg *m, uint8_t code)
{
	return m->has[code >> 3] & (1u << (code & 7));
}
/* Data of option @code (after RFC 3396 concatenation), NULL when absent. */
const uint8_t *dfod_dhcp_opt(const struct dfod_dhcp_msg *m, uint8_t code, size_t *len);
/* Option @code as one IPv4 address (exactly 4 bytes, network order): 0 or -ENOENT/-EBADMSG. */
int dfod_dhcp_opt_ipv4(const struct dfod_dhcp_msg *m, uint8_t code, uint32_t *addr_be);

/*
 * The RFC 3074 hash key of the client, exactly as the XDP program takes it
 * (bpf/rfc3074.h, relationship key mode DFO_KEY_CLIENT_ID): option 61 data
 * including its type byte when present and non-empty, else
 * chaddr[0..hlen). Returns the key length; 0 means no usable key (hlen 0
 * and no client identifier), where the XDP program does not hash but
 * passes. A key longer than 255 bytes (RFC 3396 concatenated option 61) is
 * hashed over its first 255 bytes by dfo_rfc3074_hash; the XDP program
 * never hashes it (it passes repeated option 61 to userspace).
 */
size_t dfod_dhcp_client_key(const struct dfod_dhcp_msg *m, const uint8_t **key);
/* The key of mode DFO_KEY_CHADDR: chaddr[0..hlen) always; 0 when hlen is 0. */
size_t dfod_dhcp_chaddr_key(const struct dfod_dhcp_msg *m, const uint8_t **key);

/*
 * The size limit for a reply to @req, for dfod_dhcp_out_init: 300 for BOOTP;
 * else option 57 (an IP datagram size, RFC 2131 section 2 and ISC dhcpd)
 * less the 28 bytes of IP and UDP headers, at most DFOD_DHCP_REPLY_MAX.
 */
size_t dfod_dhcp_reply_cap(const struct dfod_dhcp_msg *req);

/* A reply under construction. */
struct dfod_dhcp_out {
	uint8_t buf[DFOD_DHCP_REPLY_MAX];
	size_t len;			/* bytes written so far */
	size_t cap;			/* message size limit */
	bool ended;
};

/*
 * Start a reply to @req: op BOOTREPLY, htype/hlen/xid/flags/giaddr/chaddr
 * copied, hops 0, the cookie and (unless @type is DFOD_BOOTP) option 53.
 * @cap is the size limit of the whole message: dfod_dhcp_reply_cap(req)
 * unless the caller knows better (BOOTP clients get 300 bytes in all); it is
 * clamped to [DFOD_DHCP_BOOTP_MIN, DFOD_DHCP_REPLY_MAX]. secs, ciaddr,
 * yiaddr, siaddr, sname and file start zeroed; the caller fills the
 * addresses through dfod_dhcp_out_set_addrs().
 */
void dfod_dhcp_out_init(struct dfod_dhcp_out *o, const struct dfod_dhcp_msg *req, uint8_t type,
			size_t cap);
void dfod_dhcp_out_set_addrs(struct dfod_dhcp_out *o, uint32_t ciaddr_be, uint32_t yiaddr_be,
			     uint32_t siaddr_be);
/*
 * Append option @code with @len bytes of @data, split into 255-byte pieces
 * when longer (RFC 3396); @len 0 writes an empty option. -ENOSPC (nothing
 * written) when it would not leave room for the END option within cap;
 * -EINVAL for code 0 or 255, NULL data with a length, or after finish.
 */
int dfod_dhcp_out_opt(struct dfod_dhcp_out *o, uint8_t code, const void *data, size_t len);
/* END option, then pad to DFOD_DHCP_BOOTP_MIN. Returns the final length (idempotent). */
size_t dfod_dhcp_out_finish(struct dfod_dhcp_out *o);

/* One candidate option of a reply. */
struct dfod_dhcp_cand {
	uint8_t code;
	uint16_t len;
	const uint8_t *data;
};

/*
 * Emit @n candidate options in the order a client expects: first every
 * candidate whose code is in @must (in @must's order: e.g. 53 is written by
 * init; 54, 51, 58, 59, 1), then the candidates the request's parameter
 * request list asks for, in that list's order, then (when @all) the rest in
 * ascending code order, and option 82 last when the candidate list holds it
 * (RFC 3046: relay agent information is echoed as the last option). Options
 * that no longer fit are skipped, and smaller ones after them still tried;
 * returns how many were skipped. Room for option 82 is held back from the
 * start, so it is never the one skipped unless it cannot fit alone. Each
 * code is written at most once (the first candidate with that code; a
 * second instance would be concatenated by the client, RFC 3396); codes 0
 * and 255, and 53 when init wrote it, are never written; candidates neither
 * in @must nor in the request list are left out unless @all (not counted
 * as skipped).
 */
unsigned int dfod_dhcp_out_opts(struct dfod_dhcp_out *o, const struct dfod_dhcp_msg *req,
				const struct dfod_dhcp_cand *c, unsigned int n, const uint8_t *must,
				unsigned int n_must, bool all);

const char *dfod_dhcp_type_name(uint8_t type);

#endif
