/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef DFO_TEST_XDPRUN_H
#define DFO_TEST_XDPRUN_H

#include <stddef.h>
#include <linux/types.h>

/*
 * Run @frame through the XDP program @prog_fd with BPF_PROG_TEST_RUN as if
 * received on @ifindex (must exist: 1 = lo is always there). @repeat 0/1
 * runs once. Returns 0 and the XDP verdict in @verdict, the mean ns per run
 * in @ns (may be NULL); negative errno on failure.
 */
int dfo_xdp_run(int prog_fd, const void *frame, size_t len, __u32 ifindex,
		__u32 repeat, __u32 *verdict, __u32 *ns);

#endif
