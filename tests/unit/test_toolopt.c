// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The test tools' command-line helpers (tests/lib/toolopt.c): what each
 * parser takes and refuses, and that a refusal leaves the output alone.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <arpa/inet.h>

#include "policy.h"
#include "toolopt.h"

static void ulong_ok(const char *s, unsigned long max, unsigned long want)
{
	unsigned long v = 12345;

	assert_int_equal(dfo_parse_ulong(s, max, &v), 0);
	assert_int_equal(v, want);
}

static void ulong_bad(const char *s, unsigned long max)
{
	unsigned long v = 12345;

	assert_int_equal(dfo_parse_ulong(s, max, &v), -EINVAL);
	assert_int_equal(v, 12345);
}

static void test_ulong(void **state)
{
	(void)state;
	ulong_ok("0", 0, 0);
	ulong_ok("42", 100, 42);
	ulong_ok("100", 100, 100);
	ulong_ok("0x10", 100, 16);
	ulong_ok("0X1f", 100, 31);
	ulong_ok("010", 100, 8);		/* strtoul base 0: octal */
	ulong_bad("+5", 100);			/* no sign, */
	ulong_bad(" 5", 100);			/* no leading space */
	ulong_ok("65535", 65535, 65535);
	ulong_ok("18446744073709551615", ~0ul, ~0ul);

	ulong_bad(NULL, ~0ul);
	ulong_bad("", ~0ul);
	ulong_bad("-1", ~0ul);
	ulong_bad("-0", ~0ul);
	ulong_bad(" -1", ~0ul);		/* was ULONG_MAX via strtoul */
	ulong_bad("101", 100);
	ulong_bad("65536", 65535);
	ulong_bad("1", 0);
	ulong_bad("18446744073709551616", ~0ul);	/* ERANGE */
	ulong_bad("99999999999999999999999", ~0ul);
	ulong_bad("5x", ~0ul);
	ulong_bad("5 ", ~0ul);
	ulong_bad("1e3", ~0ul);
	ulong_bad("08", ~0ul);			/* not octal */
	ulong_bad("0x", ~0ul);
	ulong_bad("abc", ~0ul);
	ulong_bad(" ", ~0ul);
}

static void hex_ok(const char *s, size_t cap, const __u8 *want, int len)
{
	__u8 out[300];

	assert_true(cap <= sizeof(out));
	assert_int_equal(dfo_parse_hex(s, out, cap), len);
	if (len)
		assert_memory_equal(out, want, len);
}

static void test_hex(void **state)
{
	static const __u8 cid[] = { 0x01, 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04 };
	static const __u8 short_bytes[] = { 0x00, 0x1c, 0x02 };
	static const __u8 ab[] = { 0xab, 0xcd };
	__u8 out[16], big[256];
	char s[2 * 256 + 3];
	int i;

	(void)state;
	hex_ok("01000c01020304", 16, cid, 7);
	hex_ok("0x01000c01020304", 16, cid, 7);
	hex_ok("01:00:0c:01:02:03:04", 16, cid, 7);
	hex_ok("01-00-0c-01-02-03-04", 16, cid, 7);
	hex_ok("1:0:c:1:2:3:4", 16, cid, 7);
	hex_ok("01:00-0c:01-02:03-04", 16, cid, 7);	/* either separator, mixed */
	hex_ok("0:1c:2", 16, short_bytes, 3);
	hex_ok("ABcd", 16, ab, 2);
	hex_ok("0XABCD", 16, ab, 2);
	hex_ok("", 16, NULL, 0);
	hex_ok("0x", 16, NULL, 0);

	assert_int_equal(dfo_parse_hex("123", out, sizeof(out)), -EINVAL);	/* odd */
	assert_int_equal(dfo_parse_hex("0g", out, sizeof(out)), -EINVAL);
	assert_int_equal(dfo_parse_hex("01:", out, sizeof(out)), -EINVAL);
	assert_int_equal(dfo_parse_hex("01::02", out, sizeof(out)), -EINVAL);
	assert_int_equal(dfo_parse_hex(":01", out, sizeof(out)), -EINVAL);
	assert_int_equal(dfo_parse_hex(":", out, sizeof(out)), -EINVAL);
	assert_int_equal(dfo_parse_hex("001:02", out, sizeof(out)), -EINVAL);
	assert_int_equal(dfo_parse_hex("01.02", out, sizeof(out)), -EINVAL);
	assert_int_equal(dfo_parse_hex("0x01:02", out, sizeof(out)), -EINVAL);
	assert_int_equal(dfo_parse_hex(" 0102", out, sizeof(out)), -EINVAL);
	assert_int_equal(dfo_parse_hex("0102 ", out, sizeof(out)), -EINVAL);
	/* Capacity: exactly @cap bytes fit, one more does not. */
	assert_int_equal(dfo_parse_hex("010203", out, 3), 3);
	assert_int_equal(dfo_parse_hex("01020304", out, 3), -EINVAL);
	assert_int_equal(dfo_parse_hex("1:2:3:4", out, 3), -EINVAL);
	for (i = 0; i < 256; i++)
		sprintf(s + 2 * i, "%02x", i);
	assert_int_equal(dfo_parse_hex(s, big, sizeof(big)), 256);
	for (i = 0; i < 256; i++)
		assert_int_equal(big[i], i);
	strcat(s, "00");
	assert_int_equal(dfo_parse_hex(s, big, sizeof(big)), -EINVAL);
}

static void mac_ok(const char *s, const __u8 want[6])
{
	__u8 mac[6];

	assert_int_equal(dfo_parse_mac(s, mac), 0);
	assert_memory_equal(mac, want, 6);
}

static void test_mac(void **state)
{
	static const __u8 m[6] = { 0x02, 0xdc, 0x00, 0x0a, 0xbb, 0xff };
	static const __u8 small[6] = { 1, 2, 3, 4, 5, 6 };
	static const char *const bad[] = {
		"", "02:dc:00:0a:bb", "02:dc:00:0a:bb:ff:00", "02:dc:00:0a:bb:",
		"02:dc:00:0a:bb:ff:", ":02:dc:00:0a:bb:ff", "02::dc:00:0a:bb:ff",
		"02.dc.00.0a.bb.ff", "02 dc 00 0a bb ff", "02_dc_00_0a_bb_ff",
		"02:dc:00:0a:bb:fg", "002:dc:00:0a:bb:ff", "02:dc:00:0a:bb:fff",
		" 02:dc:00:0a:bb:ff", "02:dc:00:0a:bb:ff ", "0x02:dc:00:0a:bb:ff",
		"02dc000abb", "02dc000abbff00", "02dc000abbf", "zz", "-", ":",
	};
	const __u8 keep[6] = { 0xee, 0xee, 0xee, 0xee, 0xee, 0xee };
	__u8 mac[6];
	size_t i;

	(void)state;
	mac_ok("02:dc:00:0a:bb:ff", m);
	mac_ok("02-DC-00-0A-BB-FF", m);
	mac_ok("02:dc-00:0a-bb:ff", m);
	mac_ok("2:dc:0:a:bb:ff", m);
	mac_ok("02dc000abbff", m);
	mac_ok("0x02dc000abbff", m);
	mac_ok("1:2:3:4:5:6", small);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(mac, keep, 6);
		if (dfo_parse_mac(bad[i], mac) != -EINVAL)
			fail_msg("MAC '%s' was accepted", bad[i]);
		assert_memory_equal(mac, keep, 6);
	}
}

static void test_mac_add(void **state)
{
	static const __u8 base[6] = { 0x02, 0xaa, 0xbb, 0x00, 0xff, 0xfe };
	__u8 mac[6];

	(void)state;
	dfo_mac_add(base, 0, mac);
	assert_memory_equal(mac, base, 6);
	dfo_mac_add(base, 3, mac);
	assert_memory_equal(mac, ((__u8[]){ 0x02, 0xaa, 0xbb, 0x01, 0x00, 0x01 }), 6);
	/* the last three bytes wrap; the first three never change */
	dfo_mac_add(base, 0xff0102, mac);
	assert_memory_equal(mac, ((__u8[]){ 0x02, 0xaa, 0xbb, 0x00, 0x01, 0x00 }), 6);
}

static void test_ip(void **state)
{
	static const char *const bad[] = {
		"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.256", "01.2.3.4", "0x1.2.3.4",
		" 1.2.3.4", "1.2.3.4 ", "1..2.3", "1.2.3.4/24", "a.b.c.d", "::1", "-1.2.3.4",
	};
	__u32 be;
	size_t i;

	(void)state;
	assert_int_equal(dfo_parse_ip("192.0.2.1", &be), 0);
	assert_int_equal(be, htonl(0xc0000201));
	assert_int_equal(dfo_parse_ip("0.0.0.0", &be), 0);
	assert_int_equal(be, 0);
	assert_int_equal(dfo_parse_ip("255.255.255.255", &be), 0);
	assert_int_equal(be, 0xffffffff);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		be = 0x5a5a5a5a;
		if (dfo_parse_ip(bad[i], &be) != -EINVAL)
			fail_msg("address '%s' was accepted", bad[i]);
		assert_int_equal(be, 0x5a5a5a5a);
	}
}

static void state_ok(const char *s, enum dfo_fsm_state want)
{
	enum dfo_fsm_state st = DFO_FSM_MAX;

	if (dfo_parse_fsm_state(s, &st))
		fail_msg("state '%s' was refused", s);
	assert_int_equal(st, want);
}

static void test_fsm_state(void **state)
{
	static const char *const bad[] = {
		"", "14", "99", "-1", "-0", "3 ", "UNKNOWN", "unknown", "nostate",
		"NORMAL ", " NORMAL", "NORM", "NORMALX", "partner down", "partner__down",
		"0x", "1e1",
	};
	enum dfo_fsm_state st;
	char name[200];
	size_t i, j;
	int s;

	(void)state;
	/* Every state by number and by name: as named, lower case, '-' for '_'. */
	for (s = 0; s < DFO_FSM_MAX; s++) {
		snprintf(name, sizeof(name), "%d", s);
		state_ok(name, s);
		state_ok(dfo_fsm_state__name(s), s);
		snprintf(name, sizeof(name), "%s", dfo_fsm_state__name(s));
		for (j = 0; name[j]; j++)
			name[j] = name[j] == '_' ? '-' : tolower((unsigned char)name[j]);
		state_ok(name, s);
	}
	state_ok("Normal", DFO_FSM_NORMAL);
	state_ok("partner-down", DFO_FSM_PARTNER_DOWN);
	state_ok("Partner_Down", DFO_FSM_PARTNER_DOWN);
	state_ok("no-state", DFO_FSM_NO_STATE);
	state_ok("0x3", DFO_FSM_NORMAL);
	state_ok("13", DFO_FSM_SHUTDOWN);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		st = DFO_FSM_PAUSED;
		if (dfo_parse_fsm_state(bad[i], &st) != -EINVAL)
			fail_msg("state '%s' was accepted", bad[i]);
		assert_int_equal(st, DFO_FSM_PAUSED);
	}
	/* Longer than any name: refused, not copied. */
	memset(name, 'A', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(dfo_parse_fsm_state(name, &st), -EINVAL);
}

static void test_key_mode(void **state)
{
	enum dfo_key_mode k = DFO_KEY_CHADDR;

	(void)state;
	assert_int_equal(dfo_parse_key_mode("client-id", &k), 0);
	assert_int_equal(k, DFO_KEY_CLIENT_ID);
	assert_int_equal(dfo_parse_key_mode("chaddr", &k), 0);
	assert_int_equal(k, DFO_KEY_CHADDR);
	assert_int_equal(dfo_parse_key_mode("Client-ID", &k), -EINVAL);
	assert_int_equal(dfo_parse_key_mode("CHADDR", &k), -EINVAL);
	assert_int_equal(dfo_parse_key_mode("client_id", &k), -EINVAL);
	assert_int_equal(dfo_parse_key_mode("", &k), -EINVAL);
	assert_int_equal(k, DFO_KEY_CHADDR);
}

static void test_bad_usage(void **state)
{
	FILE *tmp = tmpfile();
	char buf[256];
	size_t n;
	int saved;

	(void)state;
	assert_non_null(tmp);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
	assert_int_equal(dfo_bad_usage("dfo-x", "bad --vlan '%s' (0..%d)", "5000", 4095), 2);
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	rewind(tmp);
	n = fread(buf, 1, sizeof(buf) - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
	assert_string_equal(buf, "dfo-x: bad --vlan '5000' (0..4095)\n(see dfo-x --help)\n");
}

static void test_now(void **state)
{
	double a, b;

	(void)state;
	a = dfo_now_s();
	usleep(20000);
	b = dfo_now_s();
	assert_true(a > 0);
	assert_true(b - a >= 0.015);
	assert_true(b - a < 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ulong),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_mac),
		cmocka_unit_test(test_mac_add),
		cmocka_unit_test(test_ip),
		cmocka_unit_test(test_fsm_state),
		cmocka_unit_test(test_key_mode),
		cmocka_unit_test(test_bad_usage),
		cmocka_unit_test(test_now),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
