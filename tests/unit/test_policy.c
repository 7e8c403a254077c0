// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Policy compiler (userspace/policy.c) against design §3, written out here
 * a second time: the tables per FSM state, the HBA split, hot standby, and
 * dfo_rel__answers, the userspace twin of the XDP executor.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <arpa/inet.h>

#include "policy.h"
#include "rfc3074.h"

static const unsigned int pcts[] = { 0, 1, 33, 50, 70, 99, 100 };
#define N_PCTS	(sizeof(pcts) / sizeof(pcts[0]))

/* round(256 p / 100) in integers; 256 p mod 100 is never 50, so no ties. */
static unsigned int want_primary_buckets(unsigned int pct)
{
	unsigned int n = 256 * pct / 100, rem = 256 * pct % 100;

	return rem * 2 >= 100 ? n + 1 : n;
}

/* Design §3, the action of @cls in @st (the same for both modes and roles). */
static enum dfo_action want_action(enum dfo_fsm_state st, enum dfo_class cls)
{
	switch (st) {
	case DFO_FSM_NORMAL:
		switch (cls) {
		case DFO_CLASS_DISCOVER:
		case DFO_CLASS_REQ_INIT_REBOOT:
		case DFO_CLASS_INFORM:
		case DFO_CLASS_BOOTP:
			return DFO_ACT_HASH;
		case DFO_CLASS_REQ_SELECTING:
			return DFO_ACT_BY_SERVER_ID;
		default:
			return DFO_ACT_PASS;
		}
	case DFO_FSM_COMMUNICATION_INT:
	case DFO_FSM_PARTNER_DOWN:
		return DFO_ACT_PASS;
	default:
		return cls == DFO_CLASS_REQ_RENEW ? DFO_ACT_PASS : DFO_ACT_DROP;
	}
}

/* Whether this server owns bucket @b: split for load balance, all/none for hot standby. */
static bool want_owns(enum dfo_mode mode, enum dfo_role role, unsigned int pct, unsigned int b)
{
	if (mode == DFO_MODE_HOT_STANDBY)
		return role == DFO_ROLE_PRIMARY;
	return (b < want_primary_buckets(pct)) == (role == DFO_ROLE_PRIMARY);
}

static bool bit(const __u8 *hba, unsigned int b)
{
	return (hba[b >> 3] >> (b & 7)) & 1;
}

static void test_primary_buckets(void **state)
{
	unsigned int p;

	(void)state;
	/* Anchors worked out by hand: 2.56, 84.48, 179.2, 253.44. */
	assert_int_equal(dfo_hba__primary_buckets(0), 0);
	assert_int_equal(dfo_hba__primary_buckets(1), 3);
	assert_int_equal(dfo_hba__primary_buckets(33), 84);
	assert_int_equal(dfo_hba__primary_buckets(50), 128);
	assert_int_equal(dfo_hba__primary_buckets(70), 179);
	assert_int_equal(dfo_hba__primary_buckets(99), 253);
	assert_int_equal(dfo_hba__primary_buckets(100), 256);
	for (p = 0; p <= 100; p++)
		assert_int_equal(dfo_hba__primary_buckets(p), want_primary_buckets(p));
}

static void test_hba_from_percentage(void **state)
{
	__u8 pri[DFO_HBA_BYTES], sec[DFO_HBA_BYTES];
	unsigned int p, b, i, n;

	(void)state;
	for (p = 0; p <= 100; p++) {
		n = want_primary_buckets(p);
		memset(pri, 0xa5, sizeof(pri));
		memset(sec, 0xa5, sizeof(sec));
		assert_int_equal(dfo_hba__from_percentage(pri, p, DFO_ROLE_PRIMARY), 0);
		assert_int_equal(dfo_hba__from_percentage(sec, p, DFO_ROLE_SECONDARY), 0);
		for (i = 0; i < DFO_HBA_BYTES; i++) {
			assert_int_equal(pri[i] & sec[i], 0);		/* disjoint */
			assert_int_equal(pri[i] | sec[i], 0xff);	/* complements */
		}
		for (b = 0; b < 256; b++)
			assert_int_equal(bit(pri, b), b < n);
		assert_int_equal(dfo_hba__count(pri), n);
		assert_int_equal(dfo_hba__count(sec), 256 - n);
	}

	/* The byte layout spelled out: 1 % = buckets 0..2 = byte 0 bits 0..2. */
	assert_int_equal(dfo_hba__from_percentage(pri, 1, DFO_ROLE_PRIMARY), 0);
	assert_int_equal(pri[0], 0x07);
	for (i = 1; i < DFO_HBA_BYTES; i++)
		assert_int_equal(pri[i], 0);
	/* 33 % = 84 buckets = bytes 0..9 full, byte 10 low nibble. */
	assert_int_equal(dfo_hba__from_percentage(pri, 33, DFO_ROLE_PRIMARY), 0);
	for (i = 0; i < 10; i++)
		assert_int_equal(pri[i], 0xff);
	assert_int_equal(pri[10], 0x0f);
	for (i = 11; i < DFO_HBA_BYTES; i++)
		assert_int_equal(pri[i], 0);
	assert_int_equal(dfo_hba__from_percentage(sec, 33, DFO_ROLE_SECONDARY), 0);
	assert_int_equal(sec[10], 0xf0);
	assert_int_equal(sec[31], 0xff);
}

static void test_hba_invalid(void **state)
{
	__u8 hba[DFO_HBA_BYTES];

	(void)state;
	assert_int_equal(dfo_hba__from_percentage(hba, 101, DFO_ROLE_PRIMARY), -EINVAL);
	assert_int_equal(dfo_hba__from_percentage(hba, 1000, DFO_ROLE_SECONDARY), -EINVAL);
	assert_int_equal(dfo_hba__from_percentage(hba, 50, (enum dfo_role)2), -EINVAL);
	assert_int_equal(dfo_hba__from_percentage(hba, 50, (enum dfo_role)-1), -EINVAL);
}

static void test_hba_count(void **state)
{
	__u8 hba[DFO_HBA_BYTES] = { 0 };

	(void)state;
	assert_int_equal(dfo_hba__count(hba), 0);
	hba[0] = 0x01;
	hba[17] = 0xf0;
	hba[31] = 0x80;
	assert_int_equal(dfo_hba__count(hba), 6);
	memset(hba, 0xff, sizeof(hba));
	assert_int_equal(dfo_hba__count(hba), 256);
}

static void test_state_responds(void **state)
{
	unsigned int s;

	(void)state;
	for (s = 0; s < DFO_FSM_MAX; s++)
		assert_int_equal(dfo_policy__state_responds(s),
				 s == DFO_FSM_NORMAL || s == DFO_FSM_COMMUNICATION_INT ||
				 s == DFO_FSM_PARTNER_DOWN);
}

/* Check one compiled relationship field by field against the design. */
static void check_compiled(const struct dfo_policy *p, const struct dfo_rel *r)
{
	unsigned int c, b;

	for (c = 0; c < DFO_CLASS_MAX; c++) {
		if (r->action[c] != want_action(p->state, c))
			fail_msg("mode %d role %d state %s: class %s compiled to %s, want %s",
				 p->mode, p->role, dfo_fsm_state__name(p->state),
				 dfo_class__name(c), dfo_action__name(r->action[c]),
				 dfo_action__name(want_action(p->state, c)));
	}
	/* Unused slots stay PASS (0) so a newer class never drops on old tables. */
	for (c = DFO_CLASS_MAX; c < sizeof(r->action); c++)
		assert_int_equal(r->action[c], 0);
	for (b = 0; b < 256; b++) {
		if (bit(r->hba, b) != want_owns(p->mode, p->role, p->percentage, b))
			fail_msg("mode %d role %d pct %u: bucket %u owned=%d", p->mode, p->role,
				 p->percentage, b, bit(r->hba, b));
	}
	assert_int_equal(r->server_id_be, p->server_id_be);
	/* lb-max-seconds means nothing in hot standby: the active owns everyone. */
	assert_int_equal(r->lb_max_secs,
			 p->mode == DFO_MODE_LOAD_BALANCE ? p->lb_max_secs : 0);
	assert_int_equal(r->key_mode, p->key_mode);
	assert_int_equal(r->state, p->state);
	assert_int_equal(r->mode, p->mode);
	assert_int_equal(r->role, p->role);
	assert_int_equal(r->pad[0], 0);
	assert_int_equal(r->pad[1], 0);
}

/* Every mode x role x state x percentage x lb-max-secs x key mode. */
static void test_compile_all(void **state)
{
	static const __u16 secs[] = { 0, 30, 65535 };
	struct dfo_policy p;
	struct dfo_rel r;
	unsigned int m, role, st, pi, si, k;

	(void)state;
	for (m = 0; m <= DFO_MODE_HOT_STANDBY; m++)
	for (role = 0; role <= DFO_ROLE_SECONDARY; role++)
	for (st = 0; st < DFO_FSM_MAX; st++)
	for (pi = 0; pi < N_PCTS; pi++)
	for (si = 0; si < sizeof(secs) / sizeof(secs[0]); si++)
	for (k = 0; k <= DFO_KEY_CHADDR; k++) {
		p = (struct dfo_policy){
			.mode = m, .role = role, .state = st, .percentage = pcts[pi],
			.lb_max_secs = secs[si], .key_mode = k,
			.server_id_be = htonl(0x0a000001 + st),
		};
		/* Garbage first: compile must write every byte it owns. */
		memset(&r, 0xa5, sizeof(r));
		assert_int_equal(dfo_policy__compile(&p, &r), 0);
		check_compiled(&p, &r);
	}
}

static void test_compile_invalid(void **state)
{
	const struct dfo_policy good = {
		.mode = DFO_MODE_LOAD_BALANCE, .role = DFO_ROLE_PRIMARY,
		.state = DFO_FSM_NORMAL, .percentage = 50,
	};
	struct dfo_policy p;
	struct dfo_rel r;

	(void)state;
	p = good;
	assert_int_equal(dfo_policy__compile(&p, &r), 0);

	p = good;
	p.mode = (enum dfo_mode)2;
	assert_int_equal(dfo_policy__compile(&p, &r), -EINVAL);
	p.mode = (enum dfo_mode)-1;
	assert_int_equal(dfo_policy__compile(&p, &r), -EINVAL);

	p = good;
	p.role = (enum dfo_role)2;
	assert_int_equal(dfo_policy__compile(&p, &r), -EINVAL);
	p.role = (enum dfo_role)-1;
	assert_int_equal(dfo_policy__compile(&p, &r), -EINVAL);

	p = good;
	p.state = DFO_FSM_MAX;
	assert_int_equal(dfo_policy__compile(&p, &r), -EINVAL);
	p.state = (enum dfo_fsm_state)255;
	assert_int_equal(dfo_policy__compile(&p, &r), -EINVAL);
	p.state = (enum dfo_fsm_state)-1;
	assert_int_equal(dfo_policy__compile(&p, &r), -EINVAL);

	p = good;
	p.percentage = 101;
	assert_int_equal(dfo_policy__compile(&p, &r), -EINVAL);
	p.mode = DFO_MODE_HOT_STANDBY;	/* the reserve percentage is bounded too */
	assert_int_equal(dfo_policy__compile(&p, &r), -EINVAL);
	p.percentage = 100;
	assert_int_equal(dfo_policy__compile(&p, &r), 0);

	p = good;
	p.key_mode = (enum dfo_key_mode)2;
	assert_int_equal(dfo_policy__compile(&p, &r), -EINVAL);
	p.key_mode = (enum dfo_key_mode)-1;
	assert_int_equal(dfo_policy__compile(&p, &r), -EINVAL);
}

/* Independent executor: what the design says a compiled table answers. */
static bool want_answers(const struct dfo_policy *p, enum dfo_class cls, unsigned int bucket,
			 __u16 secs, __u32 sid_be)
{
	__u16 lb = p->mode == DFO_MODE_LOAD_BALANCE ? p->lb_max_secs : 0;

	switch (want_action(p->state, cls)) {
	case DFO_ACT_PASS:
		return true;
	case DFO_ACT_DROP:
		return false;
	case DFO_ACT_BY_SERVER_ID:
		return sid_be == p->server_id_be;
	case DFO_ACT_HASH:
		return want_owns(p->mode, p->role, p->percentage, bucket) ||
		       (lb && secs > lb);
	default:
		fail();
		return false;
	}
}

static void test_answers_agree(void **state)
{
	static const __u16 lbs[] = { 0, 30 };
	static const __u16 secs[] = { 0, 29, 30, 31, 65535 };
	const __u32 us = htonl(0x0a090001), other = htonl(0x0a090002);
	struct dfo_policy p;
	struct dfo_rel r;
	unsigned int m, role, st, pi, li, c, b, si;

	(void)state;
	for (m = 0; m <= DFO_MODE_HOT_STANDBY; m++)
	for (role = 0; role <= DFO_ROLE_SECONDARY; role++)
	for (st = 0; st < DFO_FSM_MAX; st++)
	for (pi = 0; pi < N_PCTS; pi++)
	for (li = 0; li < sizeof(lbs) / sizeof(lbs[0]); li++) {
		p = (struct dfo_policy){
			.mode = m, .role = role, .state = st, .percentage = pcts[pi],
			.lb_max_secs = lbs[li], .server_id_be = us,
		};
		assert_int_equal(dfo_policy__compile(&p, &r), 0);
		for (c = 0; c < DFO_CLASS_MAX; c++)
		for (b = 0; b < 256; b++)
		for (si = 0; si < sizeof(secs) / sizeof(secs[0]); si++) {
			bool got_us = dfo_rel__answers(&r, c, b, secs[si], us);
			bool got_other = dfo_rel__answers(&r, c, b, secs[si], other);

			if (got_us != want_answers(&p, c, b, secs[si], us) ||
			    got_other != want_answers(&p, c, b, secs[si], other))
				fail_msg("mode %u role %u state %s pct %u lb %u: class %s bucket %u "
					 "secs %u: answers us=%d other=%d", m, role,
					 dfo_fsm_state__name(st), pcts[pi], lbs[li],
					 dfo_class__name(c), b, secs[si], got_us, got_other);
		}
		/* A class the table does not know is answered, never dropped. */
		assert_true(dfo_rel__answers(&r, DFO_CLASS_MAX, 0, 0, other));
		assert_true(dfo_rel__answers(&r, (enum dfo_class)200, 0, 0, other));
	}
}

/* The executor on hand-made tables, independent of the compiler. */
static void test_answers_hand_tables(void **state)
{
	const __u32 us = htonl(0x0a090001), other = htonl(0x0a090002);
	struct dfo_rel r;
	unsigned int c;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.server_id_be = us;
	r.hba[131 >> 3] = 1u << (131 & 7);	/* bucket 131 only */

	for (c = 0; c < DFO_CLASS_MAX; c++) {
		r.action[c] = DFO_ACT_PASS;
		assert_true(dfo_rel__answers(&r, c, 0, 0, other));
		r.action[c] = DFO_ACT_DROP;
		assert_false(dfo_rel__answers(&r, c, 131, 65535, us));
		r.action[c] = DFO_ACT_BY_SERVER_ID;
		assert_true(dfo_rel__answers(&r, c, 0, 0, us));
		assert_false(dfo_rel__answers(&r, c, 131, 0, other));
		r.action[c] = DFO_ACT_HASH;
		assert_true(dfo_rel__answers(&r, c, 131, 0, other));
		assert_false(dfo_rel__answers(&r, c, 130, 0, us));
		assert_false(dfo_rel__answers(&r, c, 132, 65535, us));	/* secs off */
		r.lb_max_secs = 10;
		assert_false(dfo_rel__answers(&r, c, 130, 10, us));
		assert_true(dfo_rel__answers(&r, c, 130, 11, us));
		r.lb_max_secs = 0;
		/* An action this build does not know: answer, as the program does. */
		r.action[c] = DFO_ACT_MAX;
		assert_true(dfo_rel__answers(&r, c, 0, 0, other));
		r.action[c] = 0xff;
		assert_true(dfo_rel__answers(&r, c, 0, 0, other));
		r.action[c] = DFO_ACT_DROP;	/* the other classes must not leak into this one */
	}
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(dfo_fsm_state__name(DFO_FSM_NO_STATE), "NO_STATE");
	assert_string_equal(dfo_fsm_state__name(DFO_FSM_NORMAL), "NORMAL");
	assert_string_equal(dfo_fsm_state__name(DFO_FSM_SHUTDOWN), "SHUTDOWN");
	assert_string_equal(dfo_fsm_state__name(DFO_FSM_MAX), "UNKNOWN");
	assert_string_equal(dfo_class__name(DFO_CLASS_DISCOVER), "DISCOVER");
	assert_string_equal(dfo_class__name(DFO_CLASS_BOOTP), "BOOTP");
	assert_string_equal(dfo_class__name(DFO_CLASS_MAX), "OTHER");
	assert_string_equal(dfo_action__name(DFO_ACT_BY_SERVER_ID), "BY_SERVER_ID");
	assert_string_equal(dfo_action__name(DFO_ACT_MAX), "UNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_primary_buckets),
		cmocka_unit_test(test_hba_from_percentage),
		cmocka_unit_test(test_hba_invalid),
		cmocka_unit_test(test_hba_count),
		cmocka_unit_test(test_state_responds),
		cmocka_unit_test(test_compile_all),
		cmocka_unit_test(test_compile_invalid),
		cmocka_unit_test(test_answers_agree),
		cmocka_unit_test(test_answers_hand_tables),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
