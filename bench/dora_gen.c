// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dora_gen: DHCPv4 DISCOVER-OFFER-REQUEST-ACK load for bench/dora.sh.
 *
 * It plays a relay agent, as perfdhcp does for DHCPv4: requests leave a UDP
 * socket bound to LOCAL:67 with giaddr = LOCAL, go to SERVER:67, and replies
 * come back to LOCAL:67. Each OFFER is answered at once with a REQUEST
 * (selecting: option 50 = yiaddr, option 54 = the OFFER's server id).
 *
 * Why not perfdhcp alone: on the 2-CPU development VM perfdhcp tops out near
 * 12,000 exchanges/s on one CPU, below what the servers under test sustain,
 * so it measures itself. dora_gen sends and receives with sendmmsg and
 * recvmmsg, up to 64 datagrams per call, keeps one small record per
 * exchange, and reaches several times that rate on the same CPU.
 *
 *   dora_gen -l LOCAL -s SERVER -r RATE -p SECS [-R CLIENTS] [-m MAC]
 *            [-d DROP_SECS] [-w WAIT_SECS]
 *
 * Exchange i is from client i % CLIENTS, whose MAC is MAC + client in the
 * last three bytes (no option 61: the servers key on chaddr). DISCOVERs are
 * paced at RATE per second for SECS seconds; then replies are collected for
 * WAIT_SECS more (default: DROP_SECS). An exchange whose ACK has not arrived
 * DROP_SECS (default 1) after its DISCOVER is lost, as perfdhcp counts it.
 *
 * One line on stdout, key=value:
 *   discovers offers requests acks naks late lost_pct rate send_errors
 *   offer_avg_ms offer_p99_ms ack_avg_ms ack_p99_ms dora_avg_ms dora_p99_ms
 * rate is DISCOVERs sent per second over the sending period; the delays
 * are those of exchanges completed in time (OFFER: DISCOVER to OFFER, ACK:
 * REQUEST to ACK, dora: DISCOVER to ACK).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "toolopt.h"

#define PROG		"dora_gen"
#define BATCH		64
#define PKT_MAX		1500
#define BOOTP_MIN	300
#define COOKIE		0x63825363u
#define OFF_OPTS	240	/* 236 bytes of BOOTP header + the cookie */

enum { X_FREE, X_DISC, X_REQ, X_DONE };

/* One exchange, found by xid: the table is indexed by xid & mask. */
struct xchg {
	double t_disc, t_req;
	__u32 xid;
	__u8 state;
};

struct gen {
	__u32 local_be, server_be;
	unsigned long rate, secs, clients;
	double drop, wait;
	__u8 mac_base[6];

	int fd;
	struct sockaddr_in to;
	struct xchg *tab;
	unsigned long mask;

	unsigned long discovers, offers, requests, acks, naks, late, send_errors;
	float *lat_offer, *lat_ack, *lat_dora;
	unsigned long n_offer, n_ack, cap;

	/* REQUESTs built from a batch of OFFERs, sent in one sendmmsg. */
	__u8 out[BATCH][BOOTP_MIN];
	size_t out_len[BATCH];
	__u32 out_xid[BATCH];
	int n_out;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: " PROG " -l LOCAL -s SERVER -r RATE -p SECS [-R CLIENTS] [-m MAC]\n"
		"                [-d DROP_SECS] [-w WAIT_SECS]\n"
		"DHCPv4 DORA load as a relay (giaddr LOCAL, port 67) towards SERVER:67.\n"
		"  -R  distinct clients, exchange i is from client i %% R (default 60000)\n"
		"  -m  MAC of client 0 (default 02:0d:00:00:00:00)\n"
		"  -d  an exchange not ACKed this long after its DISCOVER is lost (default 1)\n"
		"  -w  collect replies this long after the last DISCOVER (default: -d)\n");
}

/* BOOTREQUEST header, cookie and option 53 of exchange @xid. */
static size_t bootp_head(const struct gen *g, __u32 xid, __u8 type, __u8 *p)
{
	unsigned long client = xid % g->clients;
	__u32 cookie = htonl(COOKIE);

	memset(p, 0, BOOTP_MIN);
	p[0] = 1;			/* BOOTREQUEST */
	p[1] = 1;			/* Ethernet */
	p[2] = 6;
	p[3] = 1;			/* hops: one relay */
	memcpy(p + 4, &(__u32){ htonl(xid) }, 4);
	memcpy(p + 24, &g->local_be, 4);	/* giaddr */
	dfo_mac_add(g->mac_base, client, p + 28);
	memcpy(p + 236, &cookie, 4);
	p[OFF_OPTS] = 53;
	p[OFF_OPTS + 1] = 1;
	p[OFF_OPTS + 2] = type;
	return OFF_OPTS + 3;
}

/* The parameter request list and END; the datagram is padded to 300 bytes. */
static size_t bootp_tail(__u8 *p, size_t n)
{
	static const __u8 prl[] = { 55, 7, 1, 3, 6, 15, 28, 51, 54 };

	memcpy(p + n, prl, sizeof(prl));
	n += sizeof(prl);
	p[n++] = 255;
	return n < BOOTP_MIN ? BOOTP_MIN : n;
}

static size_t build_discover(const struct gen *g, __u32 xid, __u8 *p)
{
	return bootp_tail(p, bootp_head(g, xid, 1, p));
}

static size_t build_request(const struct gen *g, __u32 xid, __u32 yiaddr_be, __u32 sid_be,
			    __u8 *p)
{
	size_t n = bootp_head(g, xid, 3, p);

	p[n++] = 50;
	p[n++] = 4;
	memcpy(p + n, &yiaddr_be, 4);
	n += 4;
	p[n++] = 54;
	p[n++] = 4;
	memcpy(p + n, &sid_be, 4);
	n += 4;
	return bootp_tail(p, n);
}

/* sendmmsg @n datagrams to the server; returns how many left. */
static int send_batch(struct gen *g, __u8 (*bufs)[BOOTP_MIN], const size_t *lens, int n)
{
	struct mmsghdr mh[BATCH];
	struct iovec iov[BATCH];
	int i, done = 0, r;

	memset(mh, 0, sizeof(mh));
	for (i = 0; i < n; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = lens[i];
		mh[i].msg_hdr.msg_iov = &iov[i];
		mh[i].msg_hdr.msg_iovlen = 1;
		mh[i].msg_hdr.msg_name = &g->to;
		mh[i].msg_hdr.msg_namelen = sizeof(g->to);
	}
	while (done < n) {
		r = sendmmsg(g->fd, mh + done, n - done, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			/* A full queue: the caller counts what did not leave. */
			g->send_errors++;
			break;
		}
		done += r;
	}
	return done;
}

static void send_discovers(struct gen *g, unsigned long n, double now)
{
	__u8 bufs[BATCH][BOOTP_MIN];
	size_t lens[BATCH];
	int i, sent;

	if (n > BATCH)
		n = BATCH;
	for (i = 0; i < (int)n; i++)
		lens[i] = build_discover(g, (__u32)(g->discovers + i), bufs[i]);
	sent = send_batch(g, bufs, lens, n);
	for (i = 0; i < sent; i++) {
		__u32 xid = (__u32)(g->discovers + i);
		struct xchg *x = &g->tab[xid & g->mask];

		/* The slot's previous exchange is older than DROP: already lost. */
		x->xid = xid;
		x->state = X_DISC;
		x->t_disc = now;
	}
	g->discovers += sent;
}

static void flush_requests(struct gen *g, double now)
{
	int i, sent;

	if (!g->n_out)
		return;
	sent = send_batch(g, g->out, g->out_len, g->n_out);
	for (i = 0; i < g->n_out; i++) {
		struct xchg *x = &g->tab[g->out_xid[i] & g->mask];

		if (x->xid != g->out_xid[i])
			continue;
		if (i < sent) {
			x->state = X_REQ;
			x->t_req = now;
		} else {
			x->state = X_DONE;	/* never requested: lost */
		}
	}
	g->requests += sent;
	g->n_out = 0;
}

/* Option @code of a reply's options area (no overload support: not needed). */
static const __u8 *opt_find(const __u8 *p, size_t len, __u8 code, __u8 *olen)
{
	size_t i = OFF_OPTS;

	while (i < len) {
		if (p[i] == 0) {
			i++;
			continue;
		}
		if (p[i] == 255 || i + 1 >= len || i + 2 + p[i + 1] > len)
			return NULL;
		if (p[i] == code) {
			*olen = p[i + 1];
			return p + i + 2;
		}
		i += 2 + p[i + 1];
	}
	return NULL;
}

static void on_reply(struct gen *g, const __u8 *p, size_t len, double now)
{
	const __u8 *t, *sid;
	__u8 tl, sl;
	__u32 xid, yi, sid_be;
	struct xchg *x;

	if (len < OFF_OPTS + 3 || p[0] != 2)
		return;
	memcpy(&xid, p + 4, 4);
	xid = ntohl(xid);
	x = &g->tab[xid & g->mask];
	if (x->xid != xid)
		return;
	t = opt_find(p, len, 53, &tl);
	if (!t || tl != 1)
		return;
	if (t[0] == 2 && x->state == X_DISC) {		/* OFFER */
		sid = opt_find(p, len, 54, &sl);
		if (!sid || sl != 4)
			return;
		g->offers++;
		if (g->n_offer < g->cap)
			g->lat_offer[g->n_offer++] = (float)((now - x->t_disc) * 1e3);
		memcpy(&yi, p + 16, 4);
		memcpy(&sid_be, sid, 4);
		if (g->n_out == BATCH)
			flush_requests(g, now);
		g->out_len[g->n_out] = build_request(g, xid, yi, sid_be, g->out[g->n_out]);
		g->out_xid[g->n_out++] = xid;
		x->state = X_DONE;	/* until the REQUEST has left */
	} else if (t[0] == 5 && x->state == X_REQ) {	/* ACK */
		x->state = X_DONE;
		if (now - x->t_disc > g->drop) {
			g->late++;
			return;
		}
		g->acks++;
		if (g->n_ack < g->cap) {
			g->lat_ack[g->n_ack] = (float)((now - x->t_req) * 1e3);
			g->lat_dora[g->n_ack++] = (float)((now - x->t_disc) * 1e3);
		}
	} else if (t[0] == 6 && x->state == X_REQ) {	/* NAK */
		x->state = X_DONE;
		g->naks++;
	}
}

/* Read every datagram waiting, in batches; REQUESTs go out per batch. */
static void drain(struct gen *g)
{
	static __u8 bufs[BATCH][PKT_MAX];
	struct mmsghdr mh[BATCH];
	struct iovec iov[BATCH];
	double now;
	int i, r;

	for (;;) {
		memset(mh, 0, sizeof(mh));
		for (i = 0; i < BATCH; i++) {
			iov[i].iov_base = bufs[i];
			iov[i].iov_len = PKT_MAX;
			mh[i].msg_hdr.msg_iov = &iov[i];
			mh[i].msg_hdr.msg_iovlen = 1;
		}
		r = recvmmsg(g->fd, mh, BATCH, MSG_DONTWAIT, NULL);
		if (r <= 0)
			break;
		now = now_s();
		for (i = 0; i < r; i++)
			on_reply(g, bufs[i], mh[i].msg_len, now);
		flush_requests(g, now);
		if (r < BATCH)
			break;
	}
}

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return (x > y) - (x < y);
}

/* "avg p99" of @n delays (sorts them). */
static void stats(float *v, unsigned long n, double *avg, double *p99)
{
	unsigned long i;
	double s = 0;

	*avg = *p99 = 0;
	if (!n)
		return;
	qsort(v, n, sizeof(*v), cmp_float);
	for (i = 0; i < n; i++)
		s += v[i];
	*avg = s / n;
	i = (unsigned long)(n * 0.99);
	*p99 = v[i ? i - 1 : 0];
}

static int open_socket(struct gen *g)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(67) };
	int one = 1, buf = 32 << 20;

	g->fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (g->fd < 0)
		return -errno;
	setsockopt(g->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* Room for a second of replies at any rate this runs at. */
	if (setsockopt(g->fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)))
		setsockopt(g->fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	if (setsockopt(g->fd, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof(buf)))
		setsockopt(g->fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
	a.sin_addr.s_addr = g->local_be;
	if (bind(g->fd, (struct sockaddr *)&a, sizeof(a)))
		return -errno;
	g->to.sin_family = AF_INET;
	g->to.sin_port = htons(67);
	g->to.sin_addr.s_addr = g->server_be;
	return 0;
}

static int parse_secs(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return (errno || end == s || *end || *out <= 0 || *out > 3600) ? -EINVAL : 0;
}

static void run(struct gen *g)
{
	double start = now_s(), end_send = start + g->secs, now, next;
	unsigned long due;
	struct timespec ts;
	struct pollfd pfd = { .fd = g->fd, .events = POLLIN };

	for (;;) {
		now = now_s();
		if (interrupted || now >= end_send + g->wait)
			break;
		if (now < end_send) {
			due = (unsigned long)((now - start) * g->rate);
			while (g->discovers < due && !interrupted) {
				unsigned long before = g->discovers;

				send_discovers(g, due - g->discovers, now);
				drain(g);
				if (g->discovers == before)
					break;	/* the queue is full: try on the next round */
			}
			next = start + (double)(g->discovers + 1) / g->rate;
			if (next > end_send)
				next = end_send;
		} else {
			next = end_send + g->wait;
		}
		drain(g);
		now = now_s();
		if (next > now) {
			double w = next - now;

			if (w > 0.01)
				w = 0.01;
			ts.tv_sec = 0;
			ts.tv_nsec = (long)(w * 1e9);
			ppoll(&pfd, 1, &ts, NULL);
		}
	}
}

int main(int argc, char **argv)
{
	struct gen g = { .clients = 60000, .drop = 1, .wait = -1,
			 .mac_base = { 0x02, 0x0d, 0, 0, 0, 0 } };
	double send_secs, oa, op, aa, ap, da, dp;
	unsigned long v, slots;
	int opt, err;

	while ((opt = getopt(argc, argv, "l:s:r:p:R:m:d:w:h")) != -1) {
		switch (opt) {
		case 'l':
			if (dfo_parse_ip(optarg, &g.local_be))
				return dfo_bad_usage(PROG, "-l: not an IPv4 address: '%s'", optarg);
			break;
		case 's':
			if (dfo_parse_ip(optarg, &g.server_be))
				return dfo_bad_usage(PROG, "-s: not an IPv4 address: '%s'", optarg);
			break;
		case 'r':
			if (dfo_parse_ulong(optarg, 10000000, &g.rate) || !g.rate)
				return dfo_bad_usage(PROG, "-r: 1..10000000, not '%s'", optarg);
			break;
		case 'p':
			if (dfo_parse_ulong(optarg, 3600, &g.secs) || !g.secs)
				return dfo_bad_usage(PROG, "-p: 1..3600 seconds, not '%s'", optarg);
			break;
		case 'R':
			if (dfo_parse_ulong(optarg, 1ul << 24, &v) || !v)
				return dfo_bad_usage(PROG, "-R: 1..16777216, not '%s'", optarg);
			g.clients = v;
			break;
		case 'm':
			if (dfo_parse_mac(optarg, g.mac_base))
				return dfo_bad_usage(PROG, "-m: not a MAC address: '%s'", optarg);
			break;
		case 'd':
			if (parse_secs(optarg, &g.drop))
				return dfo_bad_usage(PROG, "-d: seconds (0..3600], not '%s'", optarg);
			break;
		case 'w':
			if (parse_secs(optarg, &g.wait))
				return dfo_bad_usage(PROG, "-w: seconds (0..3600], not '%s'", optarg);
			break;
		case 'h':
			usage();
			return 0;
		default:
			usage();
			return 2;
		}
	}
	if (optind != argc)
		return dfo_bad_usage(PROG, "unexpected argument '%s'", argv[optind]);
	if (!g.local_be || !g.server_be || !g.rate || !g.secs)
		return dfo_bad_usage(PROG, "-l, -s, -r and -p are required");
	if (g.wait < 0)
		g.wait = g.drop;

	/*
	 * Exchanges are found by xid & mask: twice the exchanges of one drop
	 * time (plus the wait) keep a live exchange's slot from being reused.
	 */
	slots = (unsigned long)(g.rate * (g.drop + 1) * 2);
	for (g.mask = 1; g.mask < slots; g.mask <<= 1)
		;
	g.tab = calloc(g.mask, sizeof(*g.tab));
	g.mask--;
	g.cap = g.rate * g.secs + BATCH;
	g.lat_offer = malloc(g.cap * sizeof(float));
	g.lat_ack = malloc(g.cap * sizeof(float));
	g.lat_dora = malloc(g.cap * sizeof(float));
	if (!g.tab || !g.lat_offer || !g.lat_ack || !g.lat_dora) {
		fprintf(stderr, PROG ": out of memory\n");
		return 1;
	}
	err = open_socket(&g);
	if (err) {
		fprintf(stderr, PROG ": socket on port 67: %s\n", strerror(-err));
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	run(&g);

	send_secs = (double)g.secs;
	stats(g.lat_offer, g.n_offer, &oa, &op);
	stats(g.lat_ack, g.n_ack, &aa, &ap);
	stats(g.lat_dora, g.n_ack, &da, &dp);
	printf("discovers=%lu offers=%lu requests=%lu acks=%lu naks=%lu late=%lu lost_pct=%.3f "
	       "rate=%.0f send_errors=%lu offer_avg_ms=%.3f offer_p99_ms=%.3f ack_avg_ms=%.3f "
	       "ack_p99_ms=%.3f dora_avg_ms=%.3f dora_p99_ms=%.3f\n",
	       g.discovers, g.offers, g.requests, g.acks, g.naks, g.late,
	       g.discovers ? 100.0 * (g.discovers - g.acks) / g.discovers : 100.0,
	       g.discovers / send_secs, g.send_errors, oa, op, aa, ap, da, dp);
	return interrupted ? 130 : 0;
}
