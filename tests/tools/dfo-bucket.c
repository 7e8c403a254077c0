// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dfo-bucket: client MACs for chosen RFC 3074 buckets, so that a test can
 * send one client per bucket to a failover pair and know which partner must
 * answer each. The hash is bpf/rfc3074.h, the header the XDP program and
 * the DHCP engine compile, applied to the key they take: chaddr, or option
 * 61 = 01 + MAC with --client-id (what dfo-dhcpgen -c and udhcpc send).
 *
 * MACs are searched in order MAC-BASE + i (last three bytes, as dfo-dhcpgen
 * --mac-base numbers its clients), so the output is deterministic.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rfc3074.h"
#include "toolopt.h"

#define PROG		"dfo-bucket"
#define SEARCH_MAX	(1ul << 24)	/* every value of the last three bytes */

static const char usage_text[] =
"usage: " PROG " [--bucket B]... [--per-bucket K] [--mac-base MAC] [--client-id]\n"
"       " PROG " --hash MAC... [--client-id]\n"
"\n"
"Print client MACs whose RFC 3074 bucket (bpf/rfc3074.h) is B, as lines\n"
"\"BUCKET MAC\", ascending by bucket; or the bucket of given MACs.\n"
"\n"
"  -b, --bucket B       a wanted bucket, 0..255 (repeatable; default: all 256)\n"
"  -k, --per-bucket K   MACs per bucket (default 1)\n"
"  -m, --mac-base MAC   search MAC + i, i = 0, 1, ... in the last three bytes\n"
"                       (default 02:00:00:00:00:00)\n"
"  -c, --client-id      hash option 61 = 01 + MAC instead of chaddr\n"
"      --hash MAC       print \"BUCKET MAC\" for MAC (repeatable)\n"
"  -h, --help           this text\n";

static __u8 bucket_of(const __u8 mac[6], bool client_id)
{
	__u8 key[7];

	if (!client_id)
		return dfo_rfc3074_hash(mac, 6);
	key[0] = 1;		/* htype Ethernet, RFC 2132 9.14 */
	memcpy(key + 1, mac, 6);
	return dfo_rfc3074_hash(key, sizeof(key));
}

static void print_mac(unsigned int bucket, const __u8 mac[6])
{
	printf("%u %02x:%02x:%02x:%02x:%02x:%02x\n", bucket, mac[0], mac[1], mac[2], mac[3],
	       mac[4], mac[5]);
}

/*
 * One pass over the MAC space fills every wanted bucket; the first
 * @per_bucket MACs found for a bucket are its answer. Returns 0, or 1 when
 * the space ran out first (only possible for huge @per_bucket).
 */
static int search(const __u8 base[6], const bool want[256], unsigned long per_bucket,
		  bool client_id)
{
	__u8 (*found)[6];
	unsigned long have[256] = { 0 }, i, missing = 0;
	unsigned int b;
	__u8 mac[6];
	int rc = 0;

	for (b = 0; b < 256; b++)
		missing += want[b] ? per_bucket : 0;
	found = calloc(256 * per_bucket, sizeof(*found));
	if (!found) {
		fprintf(stderr, PROG ": out of memory for %lu MACs per bucket\n", per_bucket);
		return 1;
	}
	for (i = 0; i < SEARCH_MAX && missing; i++) {
		dfo_mac_add(base, i, mac);
		b = bucket_of(mac, client_id);
		if (!want[b] || have[b] == per_bucket)
			continue;
		memcpy(found[b * per_bucket + have[b]++], mac, 6);
		missing--;
	}
	for (b = 0; b < 256; b++) {
		if (!want[b])
			continue;
		if (have[b] < per_bucket) {
			fprintf(stderr,
				PROG ": bucket %u: only %lu MACs in the 2^24 after the base\n",
				b, have[b]);
			rc = 1;
		}
		for (i = 0; i < have[b]; i++)
			print_mac(b, found[b * per_bucket + i]);
	}
	free(found);
	return rc;
}

int main(int argc, char **argv)
{
	enum { O_HASH = 256 };
	static const struct option lo[] = {
		{ "bucket", required_argument, NULL, 'b' },
		{ "per-bucket", required_argument, NULL, 'k' },
		{ "mac-base", required_argument, NULL, 'm' },
		{ "client-id", no_argument, NULL, 'c' },
		{ "hash", required_argument, NULL, O_HASH },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	__u8 base[6] = { 0x02, 0, 0, 0, 0, 0 }, (*hashed)[6];
	unsigned long per_bucket = 1, v;
	bool want[256] = { false }, any_bucket = false, client_id = false;
	int c, i, n_hashed = 0;

	/* At most one --hash per argument: room for all of them. */
	hashed = calloc(argc, sizeof(*hashed));
	if (!hashed) {
		fprintf(stderr, PROG ": out of memory\n");
		return 1;
	}

	while ((c = getopt_long(argc, argv, "b:k:m:ch", lo, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (dfo_parse_ulong(optarg, 255, &v))
				return dfo_bad_usage(PROG, "bad --bucket '%s' (0..255)", optarg);
			want[v] = true;
			any_bucket = true;
			break;
		case 'k':
			if (dfo_parse_ulong(optarg, 65536, &per_bucket) || !per_bucket)
				return dfo_bad_usage(PROG, "bad --per-bucket '%s' (1..65536)",
						     optarg);
			break;
		case 'm':
			if (dfo_parse_mac(optarg, base))
				return dfo_bad_usage(PROG, "bad --mac-base '%s'", optarg);
			break;
		case 'c':
			client_id = true;
			break;
		case O_HASH:
			/* Printed after the loop, once --client-id is known. */
			if (dfo_parse_mac(optarg, hashed[n_hashed]))
				return dfo_bad_usage(PROG, "bad --hash MAC '%s'", optarg);
			n_hashed++;
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
	if (n_hashed) {
		if (any_bucket)
			return dfo_bad_usage(PROG, "--hash and --bucket do not mix");
		for (i = 0; i < n_hashed; i++)
			print_mac(bucket_of(hashed[i], client_id), hashed[i]);
		free(hashed);
		return 0;
	}
	free(hashed);
	if (!any_bucket)
		memset(want, true, sizeof(want));
	return search(base, want, per_bucket, client_id);
}
