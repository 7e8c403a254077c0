// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dfo-sink: a UDP receiver on the DHCP server port that records which
 * clients' requests reached userspace.
 *
 * With --filter-pct it also applies the failover ownership rule in
 * userspace, per packet, exactly as the XDP program would (same RFC 3074
 * hash header, same compiled policy from policy.h): that is how ISC dhcpd
 * and Kea HA split the load, after every packet has gone through the
 * kernel's UDP stack. The closing line reports the CPU time the process
 * used (getrusage), so the two approaches can be compared:
 *
 *   received=N kept=K discarded=D malformed=M cpu_us=U
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "dhcp_class.h"
#include "dhcpfo_abi.h"
#include "policy.h"
#include "rfc3074.h"
#include "toolopt.h"

#define PROG		"dfo-sink"
#define BATCH		64
#define PKT_MAX		2048

#define BOOTP_OP	0
#define BOOTP_HLEN	2
#define BOOTP_SECS	8
#define BOOTP_CIADDR	12
#define BOOTP_GIADDR	24
#define BOOTP_CHADDR	28
#define BOOTP_COOKIE	236
#define BOOTP_OPTIONS	240

static const char usage_text[] =
"usage: " PROG " [options]\n"
"\n"
"Receive DHCP requests on a UDP socket bound to 0.0.0.0:67 and print one line\n"
"per packet (chaddr, then cid=HEX when option 61 is present, then kept or\n"
"discarded with a filter), then a summary line:\n"
"    received=N kept=K discarded=D malformed=M cpu_us=U\n"
"\n"
"  -i, --ifname IF        SO_BINDTODEVICE to IF\n"
"  -P, --port N           UDP port (default 67)\n"
"  -n, --count N          stop after N packets\n"
"  -t, --timeout S        stop after S seconds (decimal) without a packet\n"
"                         (default: run until SIGINT/SIGTERM)\n"
"  -s, --summary          only the summary line\n"
"      --rcvbuf BYTES     socket receive buffer (default 33554432)\n"
"\n"
"Userspace failover filter (the way ISC dhcpd and Kea apply it):\n"
"  -f, --filter-pct P     load balance percentage of the primary (0..100)\n"
"  -r, --role R           primary|secondary (default primary)\n"
"      --mode lb|hs       default lb (hs: primary = active owns everything)\n"
"      --state NAME|NUM   FSM state (default NORMAL)\n"
"      --lb-max-secs S    pass a partner's client when secs > S\n"
"      --server-id A.B.C.D  this server's identifier (REQUEST selecting)\n"
"      --key client-id|chaddr  hash key (default client-id)\n"
"  -h, --help             this text\n";

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* What the filter needs from one request; see bpf/dhcpfo.bpf.c. */
struct req {
	__u8 op, hlen;
	__u16 secs;
	__u32 ciaddr_be, giaddr_be;
	const __u8 *chaddr;
	int msg;			/* option 53, -1 when absent */
	bool have_sid;
	__u32 sid_be;
	const __u8 *cid;		/* option 61 data */
	int cid_len;			/* -1 when absent */
};

/* Parse BOOTP and the options we need. Returns false when malformed. */
static bool parse_req(const __u8 *p, size_t len, struct req *r)
{
	bool seen53 = false, seen54 = false, seen61 = false;
	size_t off;

	memset(r, 0, sizeof(*r));
	r->msg = -1;
	r->cid_len = -1;
	if (len < BOOTP_CHADDR + 16)
		return false;
	r->op = p[BOOTP_OP];
	r->hlen = p[BOOTP_HLEN];
	r->secs = p[BOOTP_SECS] << 8 | p[BOOTP_SECS + 1];
	memcpy(&r->ciaddr_be, p + BOOTP_CIADDR, 4);
	memcpy(&r->giaddr_be, p + BOOTP_GIADDR, 4);
	r->chaddr = p + BOOTP_CHADDR;
	if (len < BOOTP_OPTIONS || memcmp(p + BOOTP_COOKIE, "\x63\x82\x53\x63", 4))
		return true;	/* plain BOOTP */
	for (off = BOOTP_OPTIONS; off < len;) {
		__u8 code = p[off], olen;

		if (code == 255)
			return true;
		if (code == 0) {
			off++;
			continue;
		}
		if (off + 2 > len)
			return false;
		olen = p[off + 1];
		if (off + 2 + olen > len)
			return false;
		switch (code) {
		case 53:
			if (seen53 || olen != 1)
				return false;
			seen53 = true;
			r->msg = p[off + 2];
			break;
		case 54:
			if (seen54 || olen != 4)
				return false;
			seen54 = true;
			r->have_sid = true;
			memcpy(&r->sid_be, p + off + 2, 4);
			break;
		case 61:
			if (seen61)
				return false;
			seen61 = true;
			r->cid = p + off + 2;
			r->cid_len = olen;
			break;
		}
		off += 2 + olen;
	}
	return false;	/* no END */
}

/* The XDP program's classification; DFO_CLASS_MAX when it does not decide. */
static enum dfo_class classify(const struct req *r, __u32 dst_be)
{
	return dfo_dhcp_classify(r->msg >= 0, (__u8)r->msg, r->have_sid, r->ciaddr_be,
				 r->giaddr_be, dst_be);
}

/* The client's bucket, or -1 when there is no usable key (the program passes). */
static int bucket_of(const struct req *r, enum dfo_key_mode key_mode)
{
	if (key_mode == DFO_KEY_CLIENT_ID && r->cid_len > 0)
		return dfo_rfc3074_hash(r->cid, r->cid_len);
	if (r->hlen < 1 || r->hlen > 16)
		return -1;
	return dfo_rfc3074_hash(r->chaddr, r->hlen);
}

static bool keep(const struct dfo_rel *rel, const struct req *r, __u32 dst_be)
{
	enum dfo_class cls = classify(r, dst_be);
	int bucket = 0;

	if (cls >= DFO_CLASS_MAX)
		return true;
	if (rel->action[cls] == DFO_ACT_HASH) {
		bucket = bucket_of(r, rel->key_mode);
		if (bucket < 0)
			return true;
	}
	return dfo_rel__answers(rel, cls, bucket, r->secs, r->sid_be);
}

static void print_req(const struct req *r, int verdict)
{
	char line[16 * 3 + 255 * 2 + 32], *p = line;
	int i, n = r->hlen >= 1 && r->hlen <= 16 ? r->hlen : 16;

	for (i = 0; i < n; i++)
		p += sprintf(p, "%s%02x", i ? ":" : "", r->chaddr[i]);
	if (r->cid_len >= 0) {
		p += sprintf(p, " cid=");
		for (i = 0; i < r->cid_len; i++)
			p += sprintf(p, "%02x", r->cid[i]);
	}
	if (verdict >= 0)
		p += sprintf(p, verdict ? " kept" : " discarded");
	puts(line);
}

static int open_socket(const char *ifname, unsigned long port, int rcvbuf)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, PROG ": UDP socket: %s\n", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
	/* A burst of thousands of requests must not overflow the queue. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)))
		fprintf(stderr, PROG ": warning: setting the receive buffer: %s\n",
			strerror(errno));
	if (ifname && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
				 strlen(ifname) + 1)) {
		fprintf(stderr, PROG ": binding to device %s: %s\n", ifname, strerror(errno));
		goto err;
	}
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		fprintf(stderr, PROG ": binding to 0.0.0.0:%lu: %s%s\n", port, strerror(errno),
			errno == EACCES ? " (needs CAP_NET_BIND_SERVICE)" : "");
		goto err;
	}
	return fd;
err:
	close(fd);
	return -1;
}

int main(int argc, char **argv)
{
	enum { O_MODE = 256, O_STATE, O_LBMAX, O_SID, O_KEY, O_RCVBUF };
	static const struct option lo[] = {
		{ "ifname", required_argument, NULL, 'i' },
		{ "port", required_argument, NULL, 'P' },
		{ "count", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 't' },
		{ "summary", no_argument, NULL, 's' },
		{ "rcvbuf", required_argument, NULL, O_RCVBUF },
		{ "filter-pct", required_argument, NULL, 'f' },
		{ "role", required_argument, NULL, 'r' },
		{ "mode", required_argument, NULL, O_MODE },
		{ "state", required_argument, NULL, O_STATE },
		{ "lb-max-secs", required_argument, NULL, O_LBMAX },
		{ "server-id", required_argument, NULL, O_SID },
		{ "key", required_argument, NULL, O_KEY },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct dfo_policy pol = { .mode = DFO_MODE_LOAD_BALANCE, .role = DFO_ROLE_PRIMARY,
				  .state = DFO_FSM_NORMAL, .key_mode = DFO_KEY_CLIENT_ID };
	unsigned long port = 67, count = 0, v, received = 0, kept = 0, discarded = 0,
		      malformed = 0;
	const char *ifname = NULL;
	double timeout = 0, last;
	bool summary = false, filter = false;
	static __u8 bufs[BATCH][PKT_MAX];
	char cbufs[BATCH][CMSG_SPACE(sizeof(struct in_pktinfo))];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct dfo_rel rel;
	struct rusage ru;
	struct sigaction sa = { .sa_handler = on_signal };
	int c, fd, rcvbuf = 32 << 20, rc = 0, i, n;
	char *end;

	while ((c = getopt_long(argc, argv, "i:P:n:t:sf:r:h", lo, NULL)) != -1) {
		switch (c) {
		case 'i':
			ifname = optarg;
			break;
		case 'P':
			if (dfo_parse_ulong(optarg, 65535, &port) || !port)
				return dfo_bad_usage(PROG, "bad --port '%s'", optarg);
			break;
		case 'n':
			if (dfo_parse_ulong(optarg, ~0ul, &count))
				return dfo_bad_usage(PROG, "bad --count '%s'", optarg);
			break;
		case 't':
			timeout = strtod(optarg, &end);
			if (*end || timeout < 0 || end == optarg)
				return dfo_bad_usage(PROG, "bad --timeout '%s'", optarg);
			break;
		case 's':
			summary = true;
			break;
		case O_RCVBUF:
			if (dfo_parse_ulong(optarg, 1ul << 30, &v) || !v)
				return dfo_bad_usage(PROG, "bad --rcvbuf '%s'", optarg);
			rcvbuf = v;
			break;
		case 'f':
			if (dfo_parse_ulong(optarg, 100, &v))
				return dfo_bad_usage(PROG, "bad --filter-pct '%s' (0..100)",
						     optarg);
			pol.percentage = v;
			filter = true;
			break;
		case 'r':
			if (!strcasecmp(optarg, "primary") || !strcasecmp(optarg, "active"))
				pol.role = DFO_ROLE_PRIMARY;
			else if (!strcasecmp(optarg, "secondary") || !strcasecmp(optarg, "standby"))
				pol.role = DFO_ROLE_SECONDARY;
			else
				return dfo_bad_usage(PROG, "bad --role '%s' (primary|secondary)",
						     optarg);
			break;
		case O_MODE:
			if (!strcmp(optarg, "lb"))
				pol.mode = DFO_MODE_LOAD_BALANCE;
			else if (!strcmp(optarg, "hs"))
				pol.mode = DFO_MODE_HOT_STANDBY;
			else
				return dfo_bad_usage(PROG, "bad --mode '%s' (lb|hs)", optarg);
			filter = true;
			break;
		case O_STATE:
			if (dfo_parse_fsm_state(optarg, &pol.state))
				return dfo_bad_usage(PROG, "bad --state '%s'", optarg);
			break;
		case O_LBMAX:
			if (dfo_parse_ulong(optarg, 65535, &v))
				return dfo_bad_usage(PROG, "bad --lb-max-secs '%s'", optarg);
			pol.lb_max_secs = v;
			break;
		case O_SID:
			if (dfo_parse_ip(optarg, &pol.server_id_be))
				return dfo_bad_usage(PROG, "bad --server-id '%s'", optarg);
			break;
		case O_KEY:
			if (dfo_parse_key_mode(optarg, &pol.key_mode))
				return dfo_bad_usage(PROG, "bad --key '%s' (client-id|chaddr)",
						     optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fprintf(stderr, "(see " PROG " --help)\n");
			return 2;
		}
	}
	if (optind != argc)
		return dfo_bad_usage(PROG, "unexpected argument '%s'", argv[optind]);
	if (filter && dfo_policy__compile(&pol, &rel))
		return dfo_bad_usage(PROG, "the filter policy does not compile");

	fd = open_socket(ifname, port, rcvbuf);
	if (fd < 0)
		return 1;
	/* No SA_RESTART: a signal interrupts poll() and the loop ends. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fprintf(stderr, PROG ": listening on 0.0.0.0:%lu%s%s\n", port, ifname ? " dev " : "",
		ifname ? ifname : "");

	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = PKT_MAX;
	}
	last = dfo_now_s();
	while (!stop && (!count || received < count)) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int wait_ms = 200;

		if (timeout > 0) {
			double left = last + timeout - dfo_now_s();

			if (left <= 0)
				break;
			if (left * 1000 < wait_ms)
				wait_ms = left * 1000 + 1;
		}
		n = poll(&pfd, 1, wait_ms);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, PROG ": poll: %s\n", strerror(errno));
			rc = 1;
			break;
		}
		if (!n)
			continue;
		for (i = 0; i < BATCH; i++) {
			memset(&msgs[i].msg_hdr, 0, sizeof(msgs[i].msg_hdr));
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
			msgs[i].msg_hdr.msg_control = cbufs[i];
			msgs[i].msg_hdr.msg_controllen = sizeof(cbufs[i]);
		}
		n = recvmmsg(fd, msgs, count && count - received < BATCH ? count - received :
			     BATCH, MSG_DONTWAIT, NULL);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			fprintf(stderr, PROG ": recvmmsg: %s\n", strerror(errno));
			rc = 1;
			break;
		}
		last = dfo_now_s();
		for (i = 0; i < n; i++) {
			struct msghdr *mh = &msgs[i].msg_hdr;
			struct cmsghdr *cm;
			__u32 dst_be = 0;
			struct req r;
			int verdict = -1;

			for (cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm))
				if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO)
					dst_be = ((struct in_pktinfo *)CMSG_DATA(cm))->ipi_addr.s_addr;
			received++;
			if (!parse_req(bufs[i], msgs[i].msg_len, &r) || r.op != 1) {
				malformed++;
				if (filter)
					discarded++;	/* a server would ignore it */
				continue;
			}
			if (filter) {
				verdict = keep(&rel, &r, dst_be);
				if (verdict)
					kept++;
				else
					discarded++;
			} else {
				kept++;
			}
			if (!summary)
				print_req(&r, verdict);
		}
		/* Whoever watches the output sees every dequeued packet. */
		if (!summary)
			fflush(stdout);
	}
	if (!filter)
		kept = received - malformed;
	getrusage(RUSAGE_SELF, &ru);
	printf("received=%lu kept=%lu discarded=%lu malformed=%lu cpu_us=%llu\n", received,
	       kept, discarded, malformed,
	       (unsigned long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000ULL +
	       ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
	fflush(stdout);
	close(fd);
	return rc;
}
