/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Authentication of the remote (TCP) management transport, shared by
 * dhcpfod and libdhcpfo (docs/api-protocol.md, "Remote transport").
 *
 * Both ends hold the same key, read from a key file. On connect each side
 * sends a hello frame carrying a fresh 32-byte nonce, and the server
 * answers the client's with a sealed "ready" frame (sequence number 0), so
 * that a client holding another key knows at once. After the hellos every
 * frame is   seq (8, big-endian) | mac (32) | JSON
 * inside the usual 4-byte length prefix, where
 *
 *   mac = HMAC-SHA256(key, "dhcpfo-api-v1" | dir | server nonce |
 *                          client nonce | seq | JSON)
 *
 * dir is 'C' for client-to-server frames and 'S' for the replies. The
 * nonces of both sides make every connection's MACs unique, so nothing
 * recorded on one connection verifies on another; the direction byte stops
 * a request being reflected as a reply; the sequence number (requests 1, 2,
 * 3, ... and each reply carrying its request's) stops replay and
 * reordering within a connection. MACs are compared in constant time.
 */
#ifndef DHCPFO_AUTH_H
#define DHCPFO_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define DFO_AUTH_LABEL		"dhcpfo-api-v1"
#define DFO_AUTH_NONCE_LEN	32
#define DFO_AUTH_MAC_LEN	32
#define DFO_AUTH_HDR_LEN	(8 + DFO_AUTH_MAC_LEN)	/* seq + mac before the JSON */
#define DFO_AUTH_KEY_MIN	32	/* bytes of key material */
#define DFO_AUTH_KEY_MAX	1024
#define DFO_AUTH_HELLO_MAX	512	/* a hello frame is small; more is not a hello */
#define DFO_API_PORT		6470
/* the JSON of the server's sealed frame 0, after the client's hello */
#define DFO_AUTH_READY		"{\"v\":1,\"ready\":true}"

enum dfo_auth_dir {
	DFO_AUTH_C2S = 'C',
	DFO_AUTH_S2C = 'S',
};

struct dfo_auth_key {
	uint8_t k[DFO_AUTH_KEY_MAX];
	size_t len;			/* 0: no key loaded */
};

/* The per-connection values every MAC covers. */
struct dfo_auth_session {
	uint8_t server_nonce[DFO_AUTH_NONCE_LEN];
	uint8_t client_nonce[DFO_AUTH_NONCE_LEN];
};

/*
 * Read a key file. It must be a regular file owned by root or by @owner,
 * with no permission bits for group or others (0600 or 0400), holding at
 * least DFO_AUTH_KEY_MIN bytes once trailing white space (a final newline)
 * is stripped. 0, or -errno with a sentence naming the file in @err:
 * -ENOENT missing, -EPERM owner or mode, -EINVAL too short, too long or
 * not a regular file.
 */
int dfo_auth_key_load(const char *path, uid_t owner, struct dfo_auth_key *key, char *err,
		      size_t len);
/* Forget the key material. */
void dfo_auth_key_wipe(struct dfo_auth_key *key);

/* A fresh random nonce (getrandom); 0 or -errno. */
int dfo_auth_nonce(uint8_t nonce[DFO_AUTH_NONCE_LEN]);

/*
 * Hello frames (the JSON of the first frame each side sends):
 *   {"v":1,"auth":"hmac-sha256","nonce":"<64 hex digits>"}
 * The server's also carries "service":"dhcpfod". Build returns a
 * malloc'ed string (NULL when out of memory); parse returns 0 or -EPROTO.
 */
char *dfo_auth_hello_build(const uint8_t nonce[DFO_AUTH_NONCE_LEN], bool server, size_t *len);
int dfo_auth_hello_parse(const char *msg, size_t len, uint8_t nonce[DFO_AUTH_NONCE_LEN]);

/* The MAC of one frame. 0, or -ENOMEM/-EIO when libcrypto fails. */
int dfo_auth_mac(const struct dfo_auth_key *key, const struct dfo_auth_session *s,
		 enum dfo_auth_dir dir, uint64_t seq, const void *json, size_t len,
		 uint8_t mac[DFO_AUTH_MAC_LEN]);

/*
 * Seal @json into a frame body (seq | mac | json), malloc'ed into *@out.
 * 0 or -errno.
 */
int dfo_auth_seal(const struct dfo_auth_key *key, const struct dfo_auth_session *s,
		  enum dfo_auth_dir dir, uint64_t seq, const char *json, size_t len, char **out,
		  size_t *out_len);

/*
 * Check a received frame body. The MAC is verified first (constant time),
 * then the sequence number. 0 with *@json and *@json_len pointing into
 * @frame; -EBADMSG when the frame is too short or its MAC does not verify;
 * -ERANGE when the MAC verifies but the sequence number is not @want (a
 * replayed or reordered frame). *@seq gets the frame's sequence number
 * whenever the frame is long enough to carry one (0 otherwise).
 */
int dfo_auth_open(const struct dfo_auth_key *key, const struct dfo_auth_session *s,
		  enum dfo_auth_dir dir, uint64_t want, const char *frame, size_t len,
		  const char **json, size_t *json_len, uint64_t *seq);

#endif
