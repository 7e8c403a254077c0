/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * RFC 3074 load-balancing hash, compiled into both the XDP program and
 * userspace so the two sides can never disagree on a client's bucket.
 *
 *   h = (u8)len; for (i = len; i > 0;) h = T[h ^ key[--i]];
 *
 * The key is walked backwards. T is the mixing table of RFC 3074 section 6
 * (the same bytes as ISC dhcpd's loadb_mx_tbl).
 *
 * Check values: 00 0c 01 02 03 04 -> 131, 01 00 0c 01 02 03 04 -> 104,
 * 11 22 33 44 55 66 -> 66, 0e -> 232, empty -> 0.
 */
#ifndef DHCPFO_RFC3074_H
#define DHCPFO_RFC3074_H

#include <linux/types.h>

#define DFO_HASH_MAX_KEY	255	/* option data is at most 255 bytes */

#ifdef __bpf__
#define DFO_HASH_INLINE	static __attribute__((always_inline)) inline
#else
#define DFO_HASH_INLINE	static inline
#endif

static const __u8 dfo_rfc3074_table[256] = {
	251, 175, 119, 215,  81,  14,  79, 191, 103,  49, 181, 143, 186, 157,   0, 232,
	 31,  32,  55,  60, 152,  58,  17, 237, 174,  70, 160, 144, 220,  90,  57, 223,
	 59,   3,  18, 140, 111, 166, 203, 196, 134, 243, 124,  95, 222, 179, 197,  65,
	180,  48,  36,  15, 107,  46, 233, 130, 165,  30, 123, 161, 209,  23,  97,  16,
	 40,  91, 219,  61, 100,  10, 210, 109, 250, 127,  22, 138,  29, 108, 244,  67,
	207,   9, 178, 204,  74,  98, 126, 249, 167, 116,  34,  77, 193, 200, 121,   5,
	 20, 113,  71,  35, 128,  13, 182,  94,  25, 226, 227, 199,  75,  27,  41, 245,
	230, 224,  43, 225, 177,  26, 155, 150, 212, 142, 218, 115, 241,  73,  88, 105,
	 39, 114,  62, 255, 192, 201, 145, 214, 168, 158, 221, 148, 154, 122,  12,  84,
	 82, 163,  44, 139, 228, 236, 205, 242, 217,  11, 187, 146, 159,  64,  86, 239,
	195,  42, 106, 198, 118, 112, 184, 172,  87,   2, 173, 117, 176, 229, 247, 253,
	137, 185,  99, 164, 102, 147,  45,  66, 231,  52, 141, 211, 194, 206, 246, 238,
	 56, 110,  78, 248,  63, 240, 189,  93,  92,  51,  53, 183,  19, 171,  72,  50,
	 33, 104, 101,  69,   8, 252,  83, 120,  76, 135,  85,  54, 202, 125, 188, 213,
	 96, 235, 136, 208, 162, 129, 190, 132, 156,  38,  47,   1,   7, 254,  24,   4,
	216, 131,  89,  21,  28, 133,  37, 153, 149,  80, 170,  68,   6, 169, 234, 151,
};

/*
 * @key must hold at least @len bytes; @len is clamped to DFO_HASH_MAX_KEY so
 * the loop is bounded for the verifier. Returns the bucket, 0..255.
 */
DFO_HASH_INLINE __u8 dfo_rfc3074_hash(const __u8 *key, __u32 len)
{
	__u8 h;
	__u32 i;

	if (len > DFO_HASH_MAX_KEY)
		len = DFO_HASH_MAX_KEY;
	h = (__u8)len;
	/*
	 * Walks key[len - 1] down to key[0], written as a count-up loop with a
	 * constant bound: older verifiers (6.1) cannot narrow the range of a
	 * count-down loop's "!= 0" exit test and never converge.
	 */
	for (i = 0; i < DFO_HASH_MAX_KEY; i++) {
		if (i >= len)
			break;
		h = dfo_rfc3074_table[(__u8)(h ^ key[(len - 1 - i) & DFO_HASH_MAX_KEY])];
	}
	return h;
}

/* HBA bitmap test: bucket b is bit (b & 7) of byte b >> 3. */
DFO_HASH_INLINE int dfo_hba_test(const __u8 *hba, __u8 bucket)
{
	return (hba[bucket >> 3] >> (bucket & 7)) & 1;
}

#endif /* DHCPFO_RFC3074_H */
