/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Framing of the management protocol (docs/api-protocol.md): a 4-byte
 * big-endian length, then that many bytes of JSON. Shared by dhcpfod and
 * libdhcpfo. Blocking helpers for clients; the agent's event loop uses the
 * incremental decoder.
 */
#ifndef DHCPFO_PROTO_H
#define DHCPFO_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define DFO_PROTO_VERSION	1
#define DFO_PROTO_MAX_MSG	(4u << 20)

/* Write one whole message (length prefix + @len bytes); 0 or -errno. */
int dfo_proto_send(int fd, const char *json, size_t len);

/*
 * Read one whole message into a malloc'ed, NUL-terminated buffer.
 * 0 with @out and @len set, -EMSGSIZE for a prefix over DFO_PROTO_MAX_MSG,
 * -ECONNRESET on EOF, -ETIMEDOUT when @timeout_ms (< 0: none) passes.
 */
int dfo_proto_recv(int fd, char **out, size_t *len, int timeout_ms);

/* Incremental decoder for non-blocking sockets. */
struct dfo_proto_rx {
	uint8_t hdr[4];
	size_t hdr_have;
	char *buf;
	size_t need, have;
};

/*
 * Feed bytes read from the socket. Returns 1 when a message is complete
 * (taken with dfo_proto_rx_take), 0 when more is needed, -EMSGSIZE when the
 * announced length is too large. *@used tells how many bytes were consumed.
 */
int dfo_proto_rx_feed(struct dfo_proto_rx *rx, const uint8_t *data, size_t len, size_t *used);
/* Hand over the completed message (NUL-terminated); the decoder resets. */
char *dfo_proto_rx_take(struct dfo_proto_rx *rx, size_t *len);
void dfo_proto_rx_reset(struct dfo_proto_rx *rx);

#endif
