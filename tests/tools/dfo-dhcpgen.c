// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dfo-dhcpgen: send DHCP request frames from an interface with AF_PACKET, so
 * that they are real Ethernet frames on the wire (broadcast DHCPDISCOVERs by
 * default), built with tests/lib/frame.c.
 *
 * Frames are built before the clock starts (all of them for up to
 * PRECOMP_MAX clients, else on the fly into the batch) and sent with
 * sendmmsg() in batches; --rate paces batches against an absolute schedule.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>

#include "frame.h"
#include "toolopt.h"

#define PROG		"dfo-dhcpgen"
#define BATCH_MAX	256
#define PRECOMP_MAX	65536

static const char usage_text[] =
"usage: " PROG " --ifname IF [options]\n"
"       " PROG " --dry-run --print-macs [options]\n"
"\n"
"Send DHCP requests as raw Ethernet frames (AF_PACKET, sendmmsg batches).\n"
"\n"
"  -i, --ifname IF          interface to send from (required unless --dry-run)\n"
"  -n, --count N            frames to send (default 1)\n"
"  -r, --rate PPS           frames per second, 0 = as fast as possible (default 0)\n"
"  -t, --type T             discover|request|decline|release|inform|bootp|offer|ack|nak\n"
"                           or an option 53 value 0..255 (0 = bootp: no option 53);\n"
"                           default discover\n"
"  -m, --mac-base MAC       client i has MAC + i in its last 3 bytes (default\n"
"                           02:00:00:00:00:00)\n"
"  -R, --random-macs SEED   random unicast locally administered MACs from SEED\n"
"      --mac-file FILE      client i has the MAC on line i of FILE (one per line,\n"
"                           '#' comments; clients: its lines unless --clients)\n"
"  -k, --clients K          distinct clients, frame j is from client j %% K\n"
"                           (default: --count)\n"
"  -c, --client-id          add option 61 = 01 + MAC (as udhcpc does)\n"
"      --vlan ID            one 802.1Q tag with this VLAN id\n"
"      --server-id A.B.C.D  add option 54 (REQUEST selecting)\n"
"      --ciaddr A.B.C.D     set ciaddr (renew/rebind)\n"
"      --giaddr A.B.C.D     set giaddr (relayed)\n"
"      --subnet-sel A.B.C.D add option 118\n"
"      --secs S             BOOTP secs field\n"
"      --dst-ip A.B.C.D     IP destination (default 255.255.255.255)\n"
"      --dst-mac MAC        Ethernet destination (default broadcast)\n"
"      --batch N            frames per sendmmsg (1..%d, default 64; paced: <= 1 ms)\n"
"  -p, --print-macs         print each client's MAC, one per line, before sending\n"
"      --dry-run            build but do not send (with --print-macs: list clients)\n"
"  -q, --quiet              no summary line\n"
"  -h, --help               this text\n"
"\n"
"Summary on stdout: sent=N elapsed_s=S pps=P\n";

struct gen {
	const char *ifname;
	unsigned long count, rate, clients;
	int msgtype;
	__u8 mac_base[6];
	bool random_macs, client_id, print_macs, dry_run, quiet;
	__u8 (*mac_list)[6];		/* --mac-file, n_mac_list entries */
	unsigned long n_mac_list;
	unsigned long long seed;
	int vlan;
	__u32 server_id_be, ciaddr_be, giaddr_be, subnet_sel_be, dst_ip_be;
	bool have_server_id, have_subnet_sel, have_dst_mac;
	__u8 dst_mac[6];
	__u16 secs;
	unsigned int batch;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/*
 * Not dfo_parse_mac(): sscanf("%x") here takes forms that one refuses
 * (" 2:0x0:+0:0:0:0", "0002:0:0:0:0:0") and refuses ones it takes
 * ("020000000000", "02:00-00:00:00:00"), so --mac-base and --dst-mac keep
 * accepting what they always did.
 */
static int parse_mac(const char *s, __u8 mac[6])
{
	unsigned int b[6];
	char tail;
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &tail) != 6 &&
	    sscanf(s, "%x-%x-%x-%x-%x-%x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &tail) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (b[i] > 0xff)
			return -1;
		mac[i] = b[i];
	}
	return 0;
}

static int parse_type(const char *s)
{
	static const char *const names[] = {
		"bootp", "discover", "offer", "request", "decline", "ack", "nak",
		"release", "inform",
	};
	unsigned long v;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(s, names[i]))
			return i;
	if (!dfo_parse_ulong(s, 255, &v))
		return v;
	return -1;
}

/* splitmix64: a seedable, well-mixed generator, so MAC lists are reproducible. */
static __u64 splitmix64(__u64 *x)
{
	__u64 z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * The MAC of client @i. Random MACs are derived from (seed, i) alone, so a
 * client is the same whatever --count or the order it is asked for in.
 */
static void client_mac(const struct gen *g, unsigned long i, __u8 mac[6])
{
	if (g->mac_list) {
		memcpy(mac, g->mac_list[i % g->n_mac_list], 6);
	} else if (g->random_macs) {
		__u64 x = g->seed * 0x100000001b3ULL + i, r = splitmix64(&x);
		int b;

		for (b = 0; b < 6; b++)
			mac[b] = r >> (8 * b);
		mac[0] = (mac[0] & 0xfe) | 0x02;	/* unicast, locally administered */
	} else {
		dfo_mac_add(g->mac_base, i, mac);
	}
}

/*
 * --mac-file: one MAC per line, the last whitespace-separated field of the
 * line (so dfo-bucket's "BUCKET MAC" lines can be used as they are); empty
 * lines and '#' comments are skipped. 0, or -1 with a message.
 */
static int load_mac_file(struct gen *g, const char *path)
{
	unsigned long cap = 0, lineno = 0;
	char line[256], *tok, *last, *save;
	__u8 (*list)[6] = NULL, (*grown)[6];
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, PROG ": --mac-file %s: %s\n", path, strerror(errno));
		return -1;
	}
	g->n_mac_list = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		line[strcspn(line, "#\n")] = '\0';
		last = NULL;
		for (tok = strtok_r(line, " \t\r", &save); tok; tok = strtok_r(NULL, " \t\r", &save))
			last = tok;
		if (!last)
			continue;
		if (g->n_mac_list == cap) {
			cap = cap ? 2 * cap : 256;
			grown = realloc(list, cap * sizeof(*list));
			if (!grown) {
				fprintf(stderr, PROG ": out of memory reading %s\n", path);
				goto fail;
			}
			list = grown;
		}
		if (parse_mac(last, list[g->n_mac_list])) {
			fprintf(stderr, PROG ": %s:%lu: bad MAC '%s'\n", path, lineno, last);
			goto fail;
		}
		g->n_mac_list++;
	}
	if (ferror(f) || !g->n_mac_list) {
		fprintf(stderr, PROG ": %s: %s\n", path, ferror(f) ? "read error" : "no MAC in it");
		goto fail;
	}
	fclose(f);
	g->mac_list = list;
	return 0;
fail:
	fclose(f);
	free(list);
	return -1;
}

static size_t build_client(const struct gen *g, unsigned long i, __u8 *buf)
{
	struct dfo_frame f;
	__u8 mac[6], cid[7];
	size_t len;

	client_mac(g, i, mac);
	dfo_frame_init(&f, g->msgtype, mac);
	f.xid = 0xdf000000u ^ (__u32)i;
	f.secs = g->secs;
	f.ciaddr_be = g->ciaddr_be;
	f.giaddr_be = g->giaddr_be;
	if (g->giaddr_be)
		f.hops = 1;
	if (g->dst_ip_be)
		f.daddr_be = g->dst_ip_be;
	if (g->have_dst_mac)
		memcpy(f.dst_mac, g->dst_mac, 6);
	if (g->ciaddr_be)
		f.saddr_be = g->ciaddr_be;
	if (g->vlan >= 0) {
		f.n_vlan = 1;
		f.vlan_proto[0] = ETH_P_8021Q;
		f.vlan_tci[0] = g->vlan;
	}
	if (g->client_id) {
		cid[0] = 1;
		memcpy(cid + 1, mac, 6);
		dfo_frame_opt(&f, 61, sizeof(cid), cid);
	}
	if (g->have_server_id)
		dfo_frame_opt_u32(&f, 54, g->server_id_be);
	if (g->have_subnet_sel)
		dfo_frame_opt_u32(&f, 118, g->subnet_sel_be);
	dfo_frame_end(&f);
	len = dfo_frame_build(&f, buf, DFO_FRAME_MAX);
	return len;
}

static void sleep_until(double t)
{
	struct timespec ts = { .tv_sec = (time_t)t, .tv_nsec = (long)((t - (time_t)t) * 1e9) };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR && !stop)
		;
}

static int open_socket(const char *ifname)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int fd, one = 1, sndbuf = 4 << 20;

	sll.sll_ifindex = if_nametoindex(ifname);
	if (!sll.sll_ifindex) {
		fprintf(stderr, PROG ": no interface '%s' in this network namespace: %s\n",
			ifname, strerror(errno));
		return -1;
	}
	/* Protocol 0: a send-only socket, nothing is queued to it for reception. */
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		fprintf(stderr, PROG ": AF_PACKET socket: %s%s\n", strerror(errno),
			errno == EPERM ? " (needs CAP_NET_RAW)" : "");
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		fprintf(stderr, PROG ": binding to %s: %s\n", ifname, strerror(errno));
		close(fd);
		return -1;
	}
	/* Skip the qdisc layer; harmless where there is none (veth). */
	setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof(sndbuf)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	return fd;
}

int main(int argc, char **argv)
{
	enum { O_VLAN = 256, O_SID, O_CIADDR, O_GIADDR, O_SUBNET, O_SECS, O_DSTIP, O_DSTMAC,
	       O_BATCH, O_DRY, O_MACFILE };
	static const struct option lo[] = {
		{ "ifname", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'n' },
		{ "rate", required_argument, NULL, 'r' },
		{ "type", required_argument, NULL, 't' },
		{ "mac-base", required_argument, NULL, 'm' },
		{ "random-macs", required_argument, NULL, 'R' },
		{ "clients", required_argument, NULL, 'k' },
		{ "client-id", no_argument, NULL, 'c' },
		{ "vlan", required_argument, NULL, O_VLAN },
		{ "server-id", required_argument, NULL, O_SID },
		{ "ciaddr", required_argument, NULL, O_CIADDR },
		{ "giaddr", required_argument, NULL, O_GIADDR },
		{ "subnet-sel", required_argument, NULL, O_SUBNET },
		{ "secs", required_argument, NULL, O_SECS },
		{ "dst-ip", required_argument, NULL, O_DSTIP },
		{ "dst-mac", required_argument, NULL, O_DSTMAC },
		{ "batch", required_argument, NULL, O_BATCH },
		{ "print-macs", no_argument, NULL, 'p' },
		{ "dry-run", no_argument, NULL, O_DRY },
		{ "mac-file", required_argument, NULL, O_MACFILE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct gen g = {
		.count = 1, .msgtype = 1, .vlan = -1, .batch = 64,
		.mac_base = { 0x02, 0, 0, 0, 0, 0 },
	};
	struct mmsghdr msgs[BATCH_MAX];
	struct iovec iov[BATCH_MAX];
	__u8 *frames = NULL, *ring = NULL;
	size_t *lens = NULL, ring_len[BATCH_MAX];
	unsigned long v, sent = 0, n_pre, i;
	size_t stride;
	double t0, elapsed;
	unsigned int batch;
	const char *mac_file = NULL;
	int c, fd = -1, rc = 1;

	while ((c = getopt_long(argc, argv, "i:n:r:t:m:R:k:cpqh", lo, NULL)) != -1) {
		switch (c) {
		case 'i':
			g.ifname = optarg;
			break;
		case 'n':
			if (dfo_parse_ulong(optarg, ~0ul, &g.count))
				return dfo_bad_usage(PROG, "bad --count '%s'", optarg);
			break;
		case 'r':
			if (dfo_parse_ulong(optarg, 100000000, &g.rate))
				return dfo_bad_usage(PROG, "bad --rate '%s'", optarg);
			break;
		case 't':
			g.msgtype = parse_type(optarg);
			if (g.msgtype < 0)
				return dfo_bad_usage(PROG, "bad --type '%s'", optarg);
			break;
		case 'm':
			if (parse_mac(optarg, g.mac_base))
				return dfo_bad_usage(PROG, "bad --mac-base '%s'", optarg);
			g.random_macs = false;
			break;
		case 'R':
			if (dfo_parse_ulong(optarg, ~0ul, &v))
				return dfo_bad_usage(PROG, "bad --random-macs seed '%s'", optarg);
			g.seed = v;
			g.random_macs = true;
			break;
		case 'k':
			if (dfo_parse_ulong(optarg, ~0ul, &g.clients) || !g.clients)
				return dfo_bad_usage(PROG, "bad --clients '%s'", optarg);
			break;
		case 'c':
			g.client_id = true;
			break;
		case O_VLAN:
			if (dfo_parse_ulong(optarg, 4095, &v))
				return dfo_bad_usage(PROG, "bad --vlan '%s' (0..4095)", optarg);
			g.vlan = v;
			break;
		case O_SID:
			if (dfo_parse_ip(optarg, &g.server_id_be))
				return dfo_bad_usage(PROG, "bad --server-id '%s'", optarg);
			g.have_server_id = true;
			break;
		case O_CIADDR:
			if (dfo_parse_ip(optarg, &g.ciaddr_be))
				return dfo_bad_usage(PROG, "bad --ciaddr '%s'", optarg);
			break;
		case O_GIADDR:
			if (dfo_parse_ip(optarg, &g.giaddr_be))
				return dfo_bad_usage(PROG, "bad --giaddr '%s'", optarg);
			break;
		case O_SUBNET:
			if (dfo_parse_ip(optarg, &g.subnet_sel_be))
				return dfo_bad_usage(PROG, "bad --subnet-sel '%s'", optarg);
			g.have_subnet_sel = true;
			break;
		case O_SECS:
			if (dfo_parse_ulong(optarg, 65535, &v))
				return dfo_bad_usage(PROG, "bad --secs '%s'", optarg);
			g.secs = v;
			break;
		case O_DSTIP:
			if (dfo_parse_ip(optarg, &g.dst_ip_be))
				return dfo_bad_usage(PROG, "bad --dst-ip '%s'", optarg);
			break;
		case O_DSTMAC:
			if (parse_mac(optarg, g.dst_mac))
				return dfo_bad_usage(PROG, "bad --dst-mac '%s'", optarg);
			g.have_dst_mac = true;
			break;
		case O_BATCH:
			if (dfo_parse_ulong(optarg, BATCH_MAX, &v) || !v)
				return dfo_bad_usage(PROG, "bad --batch '%s' (1..%d)", optarg,
						     BATCH_MAX);
			g.batch = v;
			break;
		case 'p':
			g.print_macs = true;
			break;
		case O_DRY:
			g.dry_run = true;
			break;
		case O_MACFILE:
			mac_file = optarg;
			break;
		case 'q':
			g.quiet = true;
			break;
		case 'h':
			printf(usage_text, BATCH_MAX);
			return 0;
		default:
			fprintf(stderr, "(see " PROG " --help)\n");
			return 2;
		}
	}
	if (optind != argc)
		return dfo_bad_usage(PROG, "unexpected argument '%s'", argv[optind]);
	if (!g.ifname && !g.dry_run)
		return dfo_bad_usage(PROG, "--ifname is required");
	if (mac_file && load_mac_file(&g, mac_file))
		return 1;
	if (!g.clients)
		g.clients = g.mac_list ? g.n_mac_list : g.count ? g.count : 1;
	if (!g.mac_list && !g.random_macs && g.clients > (1ul << 24))
		return dfo_bad_usage(PROG, "--mac-base gives at most 16777216 clients");

	if (g.print_macs) {
		unsigned long k = g.clients < g.count ? g.clients : g.count;
		__u8 mac[6];

		for (i = 0; i < k; i++) {
			client_mac(&g, i, mac);
			printf("%02x:%02x:%02x:%02x:%02x:%02x\n", mac[0], mac[1], mac[2], mac[3],
			       mac[4], mac[5]);
		}
		fflush(stdout);
	}

	/* Precompute the frames of the first PRECOMP_MAX clients. */
	n_pre = g.clients < PRECOMP_MAX ? g.clients : PRECOMP_MAX;
	if (n_pre > g.count)
		n_pre = g.count ? g.count : 1;
	ring = malloc((size_t)BATCH_MAX * DFO_FRAME_MAX);
	if (!ring)
		goto oom;
	/* Every client's frame has the same length: store them at that stride. */
	stride = build_client(&g, 0, ring);
	if (!stride) {
		fprintf(stderr, PROG ": frame does not fit %d bytes\n", DFO_FRAME_MAX);
		goto out;
	}
	stride = (stride + 63) & ~(size_t)63;
	frames = malloc(n_pre * stride);
	lens = malloc(n_pre * sizeof(*lens));
	if (!frames || !lens)
		goto oom;
	for (i = 0; i < n_pre; i++) {
		lens[i] = build_client(&g, i, ring);
		if (!lens[i] || lens[i] > stride) {
			fprintf(stderr, PROG ": client %lu: frame length %zu, expected <= %zu\n",
				i, lens[i], stride);
			goto out;
		}
		memcpy(frames + i * stride, ring, lens[i]);
	}
	if (g.dry_run) {
		rc = 0;
		goto out;
	}

	fd = open_socket(g.ifname);
	if (fd < 0)
		goto out;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	/* Paced: bursts of at most ~1 ms of traffic, so receive rings never see more. */
	batch = g.batch;
	if (g.rate) {
		unsigned long per_ms = g.rate / 1000;

		if (per_ms < batch)
			batch = per_ms ? per_ms : 1;
	}
	memset(msgs, 0, sizeof(msgs));
	t0 = dfo_now_s();
	while (sent < g.count && !stop) {
		unsigned int n = batch, k;
		int r;

		if (g.count - sent < n)
			n = g.count - sent;
		if (g.rate)
			sleep_until(t0 + (double)sent / g.rate);
		for (k = 0; k < n; k++) {
			unsigned long cl = (sent + k) % g.clients;

			if (cl < n_pre) {
				iov[k].iov_base = frames + cl * stride;
				iov[k].iov_len = lens[cl];
			} else {
				ring_len[k] = build_client(&g, cl, ring + k * DFO_FRAME_MAX);
				iov[k].iov_base = ring + k * DFO_FRAME_MAX;
				iov[k].iov_len = ring_len[k];
			}
			msgs[k].msg_hdr.msg_iov = &iov[k];
			msgs[k].msg_hdr.msg_iovlen = 1;
		}
		k = 0;
		while (k < n && !stop) {
			r = sendmmsg(fd, msgs + k, n - k, 0);
			if (r < 0) {
				if (errno == EINTR)
					continue;
				if (errno == ENOBUFS || errno == EAGAIN) {
					/* Transmit queue full: yield and retry, never drop. */
					sched_yield();
					continue;
				}
				fprintf(stderr, PROG ": sendmmsg on %s: %s\n", g.ifname,
					strerror(errno));
				sent += k;
				goto summary;
			}
			k += r;
		}
		sent += k;
	}
	rc = 0;
summary:
	elapsed = dfo_now_s() - t0;
	if (!g.quiet)
		printf("sent=%lu elapsed_s=%.6f pps=%.0f\n", sent, elapsed,
		       elapsed > 0 ? sent / elapsed : 0.0);
	if (stop && sent < g.count)
		rc = 1;
	goto out;
oom:
	fprintf(stderr, PROG ": out of memory for %lu frames\n", n_pre);
out:
	if (fd >= 0)
		close(fd);
	free(frames);
	free(lens);
	free(ring);
	free(g.mac_list);
	return rc;
}
