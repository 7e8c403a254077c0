// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Smoke test: the program loads and a DISCOVER in a 50/50 relationship gets the verdict its bucket says. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <linux/bpf.h>

#include "datapath.h"
#include "policy.h"
#include "rfc3074.h"
#include "frame.h"
#include "xdprun.h"

static void test_discover_split(void **state)
{
	struct dfo_datapath_opts o = { .no_pin = true };
	struct dfo_scope sc = { .scope_id = 0x0a000000, .rel_id = 1, .stats_slot = 3 };
	struct dfo_iface ifc = { .addr_be = { htonl(0x0a000001) }, .n_addr = 1 };
	struct dfo_policy p = { .mode = DFO_MODE_LOAD_BALANCE, .role = DFO_ROLE_PRIMARY,
				.state = DFO_FSM_NORMAL, .percentage = 50 };
	struct dfo_datapath *dp;
	struct dfo_rel rel;
	struct dfo_frame f;
	struct dfo_scope_stats ss;
	__u8 buf[DFO_FRAME_MAX], mac[6] = { 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04 };
	__u32 verdict;
	size_t len;
	int i, mine = 0;

	(void)state;
	assert_int_equal(dfo_datapath__open(&o, &dp), 0);
	assert_int_equal(dfo_policy__compile(&p, &rel), 0);
	assert_int_equal(dfo_datapath__put_rel(dp, 1, &rel), 0);
	assert_int_equal(dfo_datapath__put_scope(dp, htonl(0x0a000000), 24, &sc), 0);
	assert_int_equal(dfo_datapath__put_iface(dp, 1, &ifc), 0);

	for (i = 0; i < 256; i++) {
		mac[5] = i;
		dfo_frame_init(&f, 1, mac);
		dfo_frame_end(&f);
		len = dfo_frame_build(&f, buf, sizeof(buf));
		assert_true(len > 0);
		assert_int_equal(dfo_xdp_run(dfo_datapath__prog_fd(dp), buf, len, 1, 1,
					     &verdict, NULL), 0);
		assert_int_equal(verdict, dfo_hba_test(rel.hba, dfo_rfc3074_hash(mac, 6)) ?
				 XDP_PASS : XDP_DROP);
		mine += verdict == XDP_PASS;
	}
	assert_int_equal(dfo_datapath__scope_stats(dp, 3, &ss), 0);
	assert_int_equal(ss.received, 256);
	assert_int_equal(ss.passed, mine);
	assert_int_equal(ss.dropped_not_ours, 256 - mine);
	assert_int_equal(ss.msg[1], 256);
	dfo_datapath__close(dp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_discover_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
