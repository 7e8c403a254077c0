// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>

#include "xdprun.h"

int dfo_xdp_run(int prog_fd, const void *frame, size_t len, __u32 ifindex,
		__u32 repeat, __u32 *verdict, __u32 *ns)
{
	/* With ctx_in the kernel takes data/data_end from it: they must span the frame. */
	struct xdp_md ctx = { .data = 0, .data_end = len, .ingress_ifindex = ifindex };
	__u8 out[4096];
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = frame,
		.data_size_in = len,
		.data_out = out,
		.data_size_out = sizeof(out),
		.ctx_in = &ctx,
		.ctx_size_in = sizeof(ctx),
		.repeat = repeat,
	);

	if (bpf_prog_test_run_opts(prog_fd, &opts))
		return -errno;
	*verdict = opts.retval;
	if (ns)
		*ns = opts.duration;
	return 0;
}
