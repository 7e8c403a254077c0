#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# dhcpfo benchmarks (issue 2, item 6). Not tests: they print tables, ratios
# and the commands to reproduce them, and fail only when they cannot run.
#
# usage: bench/run.sh [xdp|shed|api|lease]...     (default: all four)
#   xdp   ns per packet under BPF_PROG_TEST_RUN vs a bare XDP_DROP, and the
#         verifier's processed-instruction count   (build/bench/xdp_bench)
#   shed  receive CPU per packet of a DISCOVER storm on veth, XDP shedding vs
#         userspace                                 (bench/shed.sh)
#   api   management API calls/s and p99 at 1,000 and 10,000 scopes
#         against a dhcpfod --no-xdp                 (bench/api.sh)
#   lease lease puts/s with 1, 16, 256 puts per fdatasync (group commit),
#         snapshot and start times at 100k leases  (build/bench/lease_bench)
#
# Environment: XDP_BENCH_ARGS (default "-r 11 -n 1000000"),
#              SHED_ARGS (default "-n 500000 -R 100000 -b 64 -r 3"),
#              LEASE_BENCH_ARGS (default "-r 5 -s 200 -L 100000").
# Needs root and a prebuilt build/ (`make bench` builds first). Leaves no
# namespace, pin or program behind, Ctrl-C included.
set -u

cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
export BUILD

if [ "$(id -u)" -ne 0 ]; then
	echo "bench/run.sh: needs root (BPF programs, network namespaces)" >&2
	exit 2
fi

XDP_BENCH_ARGS=${XDP_BENCH_ARGS:--r 11 -n 1000000}
SHED_ARGS=${SHED_ARGS:--n 500000 -R 100000 -b 64 -r 3}
LEASE_BENCH_ARGS=${LEASE_BENCH_ARGS:--r 5 -s 200 -L 100000}
PID=

stop() {
	trap - INT TERM
	# shed.sh removes its namespaces in its own trap; give it the signal and wait.
	if [ -n "$PID" ]; then
		kill -TERM "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
	fi
	exit 130
}
trap stop INT TERM

run() {
	"$@" &
	PID=$!
	wait "$PID"
	local rc=$?
	PID=
	return $rc
}

suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(xdp shed api lease)
rc=0
echo "dhcpfo benchmarks: $(uname -r), $(nproc) CPUs, $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
for s in "${suites[@]}"; do
	echo
	case "$s" in
	xdp)
		# shellcheck disable=SC2086
		run "$BUILD/bench/xdp_bench" $XDP_BENCH_ARGS || rc=1 ;;
	shed)
		# shellcheck disable=SC2086
		run bench/shed.sh $SHED_ARGS || rc=1 ;;
	api)
		run bench/api.sh || rc=1 ;;
	lease)
		# shellcheck disable=SC2086
		run "$BUILD/bench/lease_bench" $LEASE_BENCH_ARGS || rc=1 ;;
	*)
		echo "bench/run.sh: unknown benchmark '$s' (xdp, shed, api, lease)" >&2
		rc=2 ;;
	esac
done
echo
echo "reproduce all: sudo make bench   (or: sudo bench/run.sh [xdp|shed|api|lease])"
exit $rc
