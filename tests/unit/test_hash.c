// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * RFC 3074 hash (bpf/rfc3074.h): the check values of design §3 (which come
 * from ISC dhcpd, the partner we must agree with bucket for bucket), the
 * mixing table's shape, and the length handling the verifier forced on us
 * (clamp at 255, masked index).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dhcpfo_abi.h"
#include "rfc3074.h"

/*
 * Written the obvious way, independently of the header's loop: reverse the
 * key, then walk it forwards. Only the table is shared.
 */
static __u8 ref_hash(const __u8 *key, size_t len)
{
	__u8 rev[DFO_HASH_MAX_KEY];
	__u8 h = (__u8)len;
	size_t i;

	assert_true(len <= DFO_HASH_MAX_KEY);
	for (i = 0; i < len; i++)
		rev[i] = key[len - 1 - i];
	for (i = 0; i < len; i++)
		h = dfo_rfc3074_table[h ^ rev[i]];
	return h;
}

/* Deterministic filler so a failure reproduces. */
static void fill(__u8 *buf, size_t len, __u32 seed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = seed >> 16;
	}
}

static void test_check_values(void **state)
{
	static const __u8 k1[] = { 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04 };
	static const __u8 k2[] = { 0x01, 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04 };
	static const __u8 k3[] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };
	static const __u8 k4[] = { 0x0e };

	(void)state;
	assert_int_equal(dfo_rfc3074_hash(k1, sizeof(k1)), 131);
	assert_int_equal(dfo_rfc3074_hash(k2, sizeof(k2)), 104);
	assert_int_equal(dfo_rfc3074_hash(k3, sizeof(k3)), 66);
	assert_int_equal(dfo_rfc3074_hash(k4, sizeof(k4)), 232);
	/* NULL is fine for an empty key: nothing may be read. */
	assert_int_equal(dfo_rfc3074_hash(NULL, 0), 0);
}

/* RFC 3074 calls it "256 distinct values": every byte exactly once. */
static void test_table_is_permutation(void **state)
{
	unsigned int seen[256] = { 0 };
	unsigned int i;

	(void)state;
	for (i = 0; i < 256; i++)
		seen[dfo_rfc3074_table[i]]++;
	for (i = 0; i < 256; i++)
		assert_int_equal(seen[i], 1);
	/* A few entries by position, so a shifted table cannot pass. */
	assert_int_equal(dfo_rfc3074_table[0], 251);
	assert_int_equal(dfo_rfc3074_table[15], 232);
	assert_int_equal(dfo_rfc3074_table[128], 39);
	assert_int_equal(dfo_rfc3074_table[255], 151);
}

/* The key is walked backwards: order matters and reversing a key changes h. */
static void test_direction(void **state)
{
	static const __u8 ab[] = { 0x01, 0x02 };
	static const __u8 ba[] = { 0x02, 0x01 };

	(void)state;
	/* len 2: h = T[T[2 ^ key[1]] ^ key[0]] */
	assert_int_equal(dfo_rfc3074_hash(ab, 2),
			 dfo_rfc3074_table[dfo_rfc3074_table[2 ^ 0x02] ^ 0x01]);
	assert_int_not_equal(dfo_rfc3074_hash(ab, 2), dfo_rfc3074_hash(ba, 2));
}

/* Every length 0..255 against the reference, several keys each. */
static void test_matches_reference(void **state)
{
	__u8 key[DFO_HASH_MAX_KEY];
	__u32 seed;
	size_t len;

	(void)state;
	for (len = 0; len <= DFO_HASH_MAX_KEY; len++) {
		for (seed = 1; seed <= 4; seed++) {
			fill(key, len, seed * 7919 + len);
			assert_int_equal(dfo_rfc3074_hash(key, len), ref_hash(key, len));
		}
	}
}

/*
 * A 255-byte key (an option 61 of maximal length). The buffer is exactly 255
 * bytes on the heap so ASan catches a read past it. Each step of the walk is
 * a bijection of h, so changing any single byte must change the result.
 */
static void test_max_key(void **state)
{
	__u8 *key = malloc(DFO_HASH_MAX_KEY);
	size_t pos[] = { 0, 1, 127, 253, 254 };
	__u8 h;
	size_t i;

	(void)state;
	assert_non_null(key);
	fill(key, DFO_HASH_MAX_KEY, 42);
	h = dfo_rfc3074_hash(key, DFO_HASH_MAX_KEY);
	assert_int_equal(h, ref_hash(key, DFO_HASH_MAX_KEY));
	for (i = 0; i < sizeof(pos) / sizeof(pos[0]); i++) {
		key[pos[i]] ^= 0x5a;
		assert_int_not_equal(dfo_rfc3074_hash(key, DFO_HASH_MAX_KEY), h);
		key[pos[i]] ^= 0x5a;
	}
	free(key);
}

/*
 * Longer lengths clamp to 255: same bucket as the first 255 bytes, and
 * nothing past them is read (the buffer ends there; ASan watches).
 */
static void test_len_clamps(void **state)
{
	__u8 *key = malloc(DFO_HASH_MAX_KEY);
	__u32 lens[] = { 256, 300, 1000, 65536, 0xffffffffu };
	__u8 h;
	size_t i;

	(void)state;
	assert_non_null(key);
	fill(key, DFO_HASH_MAX_KEY, 7);
	h = ref_hash(key, DFO_HASH_MAX_KEY);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		assert_int_equal(dfo_rfc3074_hash(key, lens[i]), h);
	free(key);
}

/* HBA layout of design §3: bucket b is bit (b & 7) of byte b >> 3. */
static void test_hba_bit_layout(void **state)
{
	__u8 hba[DFO_HBA_BYTES];
	unsigned int b, t;

	(void)state;
	for (b = 0; b < 256; b++) {
		memset(hba, 0, sizeof(hba));
		hba[b / 8] = (__u8)(1u << (b % 8));
		for (t = 0; t < 256; t++)
			assert_int_equal(dfo_hba_test(hba, t), t == b);
	}
	/* Byte 1 = 0x81: buckets 8 and 15 only. */
	memset(hba, 0, sizeof(hba));
	hba[1] = 0x81;
	for (t = 0; t < 256; t++)
		assert_int_equal(dfo_hba_test(hba, t), t == 8 || t == 15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_values),
		cmocka_unit_test(test_table_is_permutation),
		cmocka_unit_test(test_direction),
		cmocka_unit_test(test_matches_reference),
		cmocka_unit_test(test_max_key),
		cmocka_unit_test(test_len_clamps),
		cmocka_unit_test(test_hba_bit_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
