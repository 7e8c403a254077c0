/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The DHCP engine's sockets. One UDP socket bound to 0.0.0.0:67 receives
 * every request the XDP program passes (IP_PKTINFO gives the ingress
 * interface and the destination address; recvmmsg reads in batches), and
 * requests from interfaces that are not configured are ignored. Replies are
 * held until the agent has made the lease db durable, then sent (RFC 2131
 * 4.1):
 *
 *   INFORM with ciaddr        -> UDP to ciaddr:68 (RFC 2131 4.3.5)
 *   giaddr set                -> UDP to giaddr:67
 *   ciaddr set                -> UDP to ciaddr:68
 *   NAK to a direct client,
 *   or the broadcast flag     -> 255.255.255.255:68 out of the ingress interface
 *   otherwise                 -> yiaddr:68 at chaddr: an Ethernet+IPv4+UDP frame
 *                                built here and sent on an AF_PACKET socket,
 *                                since the client cannot answer ARP yet
 *
 * The source address is the reply's server identifier.
 */
#ifndef DFOD_DHCPIO_H
#define DFOD_DHCPIO_H

#include <stddef.h>
#include <stdint.h>

#include "dhcp.h"
#include "iface.h"

struct dfod_dhcpio;

/*
 * Open the sockets. @ifs: the configured interfaces (ingress filter and
 * their addresses and MACs, looked up per datagram). @port: 67, or another
 * for tests (0: 67).
 */
int dfod_dhcpio_open(struct dfod_dhcpio **iop, const struct dfod_ifaces *ifs, uint16_t port);
void dfod_dhcpio_close(struct dfod_dhcpio *io);
/* The receive socket, for epoll. */
int dfod_dhcpio_fd(const struct dfod_dhcpio *io);

/*
 * Read what is pending (at most a bounded batch per call, so the loop stays
 * fair) and run each request through @e; replies are held. Returns the
 * number of datagrams read, or -errno on a socket error.
 */
int dfod_dhcpio_receive(struct dfod_dhcpio *io, struct dfod_dhcp *e, uint64_t now);
/* Replies held. */
size_t dfod_dhcpio_pending(const struct dfod_dhcpio *io);
/* Send the held replies (after the lease db sync); failures are counted in @e. */
void dfod_dhcpio_flush(struct dfod_dhcpio *io, struct dfod_dhcp *e);
/* Forget the held replies (the sync failed: nothing may be acknowledged). */
void dfod_dhcpio_discard(struct dfod_dhcpio *io);

/*
 * Build the Ethernet+IPv4+UDP frame of @r from @src_mac (6 bytes) into
 * @buf; returns its length, 0 when it does not fit @cap or chaddr is not an
 * Ethernet address. Checksums are computed. Exposed for the unit tests.
 */
size_t dfod_dhcpio_frame(const struct dfod_dhcp_reply *r, const uint8_t *src_mac, uint8_t *buf,
			 size_t cap);

#endif
