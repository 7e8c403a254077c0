// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "proto.h"

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= n;
	}
	return 0;
}

int dfo_proto_send(int fd, const char *json, size_t len)
{
	uint32_t be;
	int err;

	if (len > DFO_PROTO_MAX_MSG)
		return -EMSGSIZE;
	be = htonl((uint32_t)len);
	err = write_all(fd, &be, sizeof(be));
	if (err)
		return err;
	return write_all(fd, json, len);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int read_all(int fd, void *buf, size_t len, long long deadline)
{
	char *p = buf;
	ssize_t n;

	while (len) {
		if (deadline >= 0) {
			struct pollfd pfd = { .fd = fd, .events = POLLIN };
			long long left = deadline - now_ms();
			int r;

			if (left <= 0)
				return -ETIMEDOUT;
			r = poll(&pfd, 1, left > 1000000 ? 1000000 : (int)left);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				return -errno;
			if (r == 0)
				return -ETIMEDOUT;
		}
		n = read(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -ECONNRESET;
		p += n;
		len -= n;
	}
	return 0;
}

int dfo_proto_recv(int fd, char **out, size_t *len, int timeout_ms)
{
	long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
	uint32_t be, n;
	char *buf;
	int err;

	err = read_all(fd, &be, sizeof(be), deadline);
	if (err)
		return err;
	n = ntohl(be);
	if (n > DFO_PROTO_MAX_MSG)
		return -EMSGSIZE;
	buf = malloc((size_t)n + 1);
	if (!buf)
		return -ENOMEM;
	err = read_all(fd, buf, n, deadline);
	if (err) {
		free(buf);
		return err;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

void dfo_proto_rx_reset(struct dfo_proto_rx *rx)
{
	free(rx->buf);
	memset(rx, 0, sizeof(*rx));
}

int dfo_proto_rx_feed(struct dfo_proto_rx *rx, const uint8_t *data, size_t len, size_t *used)
{
	size_t take;

	*used = 0;
	if (rx->hdr_have < 4) {
		take = 4 - rx->hdr_have;
		if (take > len)
			take = len;
		memcpy(rx->hdr + rx->hdr_have, data, take);
		rx->hdr_have += take;
		*used += take;
		data += take;
		len -= take;
		if (rx->hdr_have < 4)
			return 0;
		rx->need = ((uint32_t)rx->hdr[0] << 24) | ((uint32_t)rx->hdr[1] << 16) |
			   ((uint32_t)rx->hdr[2] << 8) | rx->hdr[3];
		if (rx->need > DFO_PROTO_MAX_MSG)
			return -EMSGSIZE;
		rx->buf = malloc(rx->need + 1);
		if (!rx->buf)
			return -ENOMEM;
		rx->have = 0;
	}
	take = rx->need - rx->have;
	if (take > len)
		take = len;
	memcpy(rx->buf + rx->have, data, take);
	rx->have += take;
	*used += take;
	return rx->have == rx->need;
}

char *dfo_proto_rx_take(struct dfo_proto_rx *rx, size_t *len)
{
	char *buf = rx->buf;

	buf[rx->need] = '\0';
	if (len)
		*len = rx->need;
	rx->buf = NULL;
	rx->hdr_have = 0;
	rx->need = rx->have = 0;
	return buf;
}
