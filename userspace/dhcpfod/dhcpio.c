// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The DHCP engine's sockets (dhcpio.h): receive in batches, hold the
 * replies until the agent's sync, send each the way RFC 2131 4.1 says.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/socket.h>

#include "dhcpio.h"
#include "log.h"

#define BATCH		32	/* datagrams per recvmmsg */
#define ROUND_MAX	256	/* datagrams per call: the API stays responsive in a storm */
#define RX_BUF		2048	/* larger requests are not DHCP we serve (the codec caps too) */
#define RCVBUF_BYTES	(4 << 20)
#define ETH_HDR		14
#define IP_HDR		20
#define UDP_HDR		8

struct dfod_dhcpio {
	const struct dfod_ifaces *ifs;
	int ufd;			/* UDP *:67 */
	int pfd;			/* AF_PACKET, send only */
	uint16_t sport, cport;		/* server and client ports */
	struct dfod_dhcp_reply *held;
	size_t n_held, cap_held;
	uint8_t (*rx)[RX_BUF];
	uint64_t logged_errors;		/* send errors already logged */
};

static int set_int(int fd, int level, int opt, int v)
{
	return setsockopt(fd, level, opt, &v, sizeof(v)) ? -errno : 0;
}

int dfod_dhcpio_open(struct dfod_dhcpio **iop, const struct dfod_ifaces *ifs, uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct dfod_dhcpio *io = calloc(1, sizeof(*io));
	int err;

	if (!io)
		return -ENOMEM;
	io->ifs = ifs;
	io->ufd = io->pfd = -1;
	io->sport = port ? port : 67;
	io->cport = io->sport + 1;
	io->rx = malloc(BATCH * sizeof(*io->rx));
	if (!io->rx) {
		err = -ENOMEM;
		goto fail;
	}
	io->ufd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (io->ufd < 0) {
		err = -errno;
		goto fail;
	}
	err = set_int(io->ufd, SOL_SOCKET, SO_REUSEADDR, 1);
	if (!err)
		err = set_int(io->ufd, SOL_SOCKET, SO_BROADCAST, 1);
	if (!err)
		err = set_int(io->ufd, IPPROTO_IP, IP_PKTINFO, 1);
	if (err)
		goto fail;
	/* A storm of DISCOVERs queues here while a round runs; best effort. */
	if (set_int(io->ufd, SOL_SOCKET, SO_RCVBUFFORCE, RCVBUF_BYTES))
		set_int(io->ufd, SOL_SOCKET, SO_RCVBUF, RCVBUF_BYTES);
	sa.sin_port = htons(io->sport);
	if (bind(io->ufd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = -errno;
		dfo_err("DHCP: cannot bind UDP port %u: %s", io->sport, strerror(-err));
		goto fail;
	}
	/* Protocol 0: this socket never receives, it only sends built frames. */
	io->pfd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (io->pfd < 0) {
		err = -errno;
		dfo_err("DHCP: cannot open a packet socket: %s", strerror(-err));
		goto fail;
	}
	*iop = io;
	return 0;
fail:
	if (err == -EPERM || err == -EACCES)
		dfo_err("DHCP: sockets need CAP_NET_BIND_SERVICE and CAP_NET_RAW");
	dfod_dhcpio_close(io);
	return err;
}

void dfod_dhcpio_close(struct dfod_dhcpio *io)
{
	if (!io)
		return;
	if (io->ufd >= 0)
		close(io->ufd);
	if (io->pfd >= 0)
		close(io->pfd);
	free(io->held);
	free(io->rx);
	free(io);
}

int dfod_dhcpio_fd(const struct dfod_dhcpio *io)
{
	return io->ufd;
}

size_t dfod_dhcpio_pending(const struct dfod_dhcpio *io)
{
	return io->n_held;
}

void dfod_dhcpio_discard(struct dfod_dhcpio *io)
{
	io->n_held = 0;
}

/* Room for one more held reply. */
static struct dfod_dhcp_reply *next_slot(struct dfod_dhcpio *io)
{
	struct dfod_dhcp_reply *nv;

	if (io->n_held == io->cap_held) {
		size_t cap = io->cap_held ? io->cap_held * 2 : 64;

		nv = realloc(io->held, cap * sizeof(*nv));
		if (!nv)
			return NULL;
		io->held = nv;
		io->cap_held = cap;
	}
	return &io->held[io->n_held];
}

static bool pktinfo_of(struct msghdr *mh, struct in_pktinfo *pi)
{
	struct cmsghdr *cm;

	for (cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm))
		if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO) {
			memcpy(pi, CMSG_DATA(cm), sizeof(*pi));
			return true;
		}
	return false;
}

static void handle_one(struct dfod_dhcpio *io, struct dfod_dhcp *e, const uint8_t *pkt,
		       size_t len, struct msghdr *mh, uint64_t now)
{
	struct dfod_dhcp_ingress in = { 0 };
	const struct dfod_iface *ifc;
	struct dfod_dhcp_reply *slot;
	struct in_pktinfo pi;

	if (!pktinfo_of(mh, &pi) || (mh->msg_flags & MSG_TRUNC)) {
		dfod_dhcp_stats_mut(e)->dropped[DFOD_DROP_MALFORMED]++;
		return;
	}
	ifc = dfod_ifaces_by_index(io->ifs, pi.ipi_ifindex);
	if (!ifc) {
		/* Only configured interfaces are served (the port is bound to all). */
		dfod_dhcp_stats_mut(e)->not_configured++;
		return;
	}
	in.ifindex = ifc->ifindex;
	in.n_addr = ifc->n_addr;
	memcpy(in.addrs_be, ifc->addr_be, sizeof(in.addrs_be));
	in.dst_be = pi.ipi_addr.s_addr;
	slot = next_slot(io);
	if (!slot) {
		dfod_dhcp_stats_mut(e)->dropped[DFOD_DROP_STORE]++;
		return;
	}
	if (dfod_dhcp_handle(e, pkt, len, &in, now, slot) == 1)
		io->n_held++;
}

int dfod_dhcpio_receive(struct dfod_dhcpio *io, struct dfod_dhcp *e, uint64_t now)
{
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	char ctl[BATCH][CMSG_SPACE(sizeof(struct in_pktinfo))];
	struct sockaddr_in from[BATCH];
	int total = 0, n, i;

	while (total < ROUND_MAX) {
		memset(msgs, 0, sizeof(msgs));
		for (i = 0; i < BATCH; i++) {
			iov[i].iov_base = io->rx[i];
			iov[i].iov_len = RX_BUF;
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
			msgs[i].msg_hdr.msg_control = ctl[i];
			msgs[i].msg_hdr.msg_controllen = sizeof(ctl[i]);
			msgs[i].msg_hdr.msg_name = &from[i];
			msgs[i].msg_hdr.msg_namelen = sizeof(from[i]);
		}
		n = recvmmsg(io->ufd, msgs, BATCH, MSG_DONTWAIT, NULL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
				break;
			return total ? total : -errno;
		}
		for (i = 0; i < n; i++)
			handle_one(io, e, io->rx[i], msgs[i].msg_len, &msgs[i].msg_hdr, now);
		total += n;
		if (n < BATCH)
			break;
	}
	return total;
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

size_t dfod_dhcpio_frame(const struct dfod_dhcp_reply *r, const uint8_t *src_mac, uint8_t *buf,
			 size_t cap)
{
	size_t udp_len = UDP_HDR + r->len, total = ETH_HDR + IP_HDR + udp_len;
	uint8_t *ip = buf + ETH_HDR, *udp = ip + IP_HDR, pseudo[12];
	uint32_t sum;
	uint16_t c;

	if (total > cap || r->htype != 1 || r->hlen != 6)
		return 0;
	memcpy(buf, r->chaddr, 6);
	memcpy(buf + 6, src_mac, 6);
	put16(buf + 12, ETH_P_IP);

	memset(ip, 0, IP_HDR);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(IP_HDR + udp_len));
	ip[8] = 64;			/* TTL */
	ip[9] = IPPROTO_UDP;
	memcpy(ip + 12, &r->src_be, 4);
	memcpy(ip + 16, &r->dst_be, 4);
	put16(ip + 10, csum_fold(csum_add(0, ip, IP_HDR)));

	put16(udp, 67);
	put16(udp + 2, r->dport);
	put16(udp + 4, (uint16_t)udp_len);
	put16(udp + 6, 0);
	memcpy(udp + UDP_HDR, r->buf, r->len);
	memcpy(pseudo, ip + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_UDP;
	put16(pseudo + 10, (uint16_t)udp_len);
	sum = csum_add(0, pseudo, sizeof(pseudo));
	c = csum_fold(csum_add(sum, udp, udp_len));
	put16(udp + 6, c ? c : 0xffff);	/* 0 means "no checksum" in UDP */
	return total;
}

/* UDP through the kernel's routing, from @src when the address is local. */
static int send_udp(struct dfod_dhcpio *io, const struct dfod_dhcp_reply *r, uint32_t ifindex)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = r->dst_be,
				  .sin_port = htons(r->dport == 67 ? io->sport : io->cport) };
	char ctl[CMSG_SPACE(sizeof(struct in_pktinfo))];
	struct iovec iov = { .iov_base = (void *)r->buf, .iov_len = r->len };
	struct msghdr mh = { .msg_name = &to, .msg_namelen = sizeof(to), .msg_iov = &iov,
			     .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof(ctl) };
	struct cmsghdr *cm;
	struct in_pktinfo *pi;

	memset(ctl, 0, sizeof(ctl));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = IPPROTO_IP;
	cm->cmsg_type = IP_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(*pi));
	pi = (struct in_pktinfo *)CMSG_DATA(cm);
	pi->ipi_ifindex = ifindex;
	pi->ipi_spec_dst.s_addr = r->src_be;
	if (sendmsg(io->ufd, &mh, MSG_DONTWAIT) >= 0)
		return 0;
	if (errno != EINVAL && errno != EADDRNOTAVAIL)
		return -errno;
	/* The identifier is not an address of this host: let the kernel choose. */
	pi->ipi_spec_dst.s_addr = 0;
	return sendmsg(io->ufd, &mh, MSG_DONTWAIT) >= 0 ? 0 : -errno;
}

static int send_frame(struct dfod_dhcpio *io, const struct dfod_dhcp_reply *r)
{
	const struct dfod_iface *ifc = dfod_ifaces_by_index(io->ifs, r->ifindex);
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP),
				  .sll_halen = 6 };
	uint8_t frame[ETH_HDR + IP_HDR + UDP_HDR + DFOD_DHCP_REPLY_MAX];
	struct dfod_dhcp_reply copy;
	size_t len;

	if (!ifc || !ifc->has_mac) {
		/* No Ethernet address of our own to send from: broadcast instead. */
		copy = *r;
		copy.dst_be = htonl(INADDR_BROADCAST);
		return send_udp(io, &copy, r->ifindex);
	}
	len = dfod_dhcpio_frame(r, ifc->mac, frame, sizeof(frame));
	if (!len)
		return -EINVAL;
	if (io->cport != 68) {
		/* Test ports: rewrite the destination port and its checksum. */
		copy = *r;
		copy.dport = io->cport;
		len = dfod_dhcpio_frame(&copy, ifc->mac, frame, sizeof(frame));
	}
	to.sll_ifindex = (int)r->ifindex;
	memcpy(to.sll_addr, r->chaddr, 6);
	return sendto(io->pfd, frame, len, MSG_DONTWAIT, (struct sockaddr *)&to,
		      sizeof(to)) >= 0 ? 0 : -errno;
}

void dfod_dhcpio_flush(struct dfod_dhcpio *io, struct dfod_dhcp *e)
{
	char b[DFOD_IPV4_STRLEN];
	size_t i;

	for (i = 0; i < io->n_held; i++) {
		const struct dfod_dhcp_reply *r = &io->held[i];
		int err;

		switch (r->dest) {
		case DFOD_DEST_HWADDR:
			err = send_frame(io, r);
			break;
		case DFOD_DEST_BROADCAST:
			err = send_udp(io, r, r->ifindex);
			break;
		default:
			err = send_udp(io, r, 0);
			break;
		}
		if (!err)
			continue;
		dfod_dhcp_stats_mut(e)->send_errors++;
		/* One line per power of two: a dead link does not flood the log. */
		if (!(io->logged_errors & (io->logged_errors + 1)) || io->logged_errors < 8)
			dfo_warn("DHCP: sending %s to %s: %s (%llu send errors)",
				 dfod_dhcp_type_name(r->type),
				 dfod_fmt_ipv4(ntohl(r->dst_be), b), strerror(-err),
				 (unsigned long long)io->logged_errors + 1);
		io->logged_errors++;
	}
	io->n_held = 0;
}
