#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# dhcpfo benchmarks (issue 2, item 6). Not tests: they print tables, ratios
# and the commands to reproduce them, and fail only when they cannot run.
#
# usage: bench/run.sh [xdp|shed|api|lease|engine]...   (default: all five)
#   xdp   ns per packet under BPF_PROG_TEST_RUN vs a bare XDP_DROP, and the
#         verifier's processed-instruction count   (build/bench/xdp_bench)
#   shed  receive CPU per packet of a DISCOVER storm on veth, XDP shedding vs
#         userspace                                 (bench/shed.sh)
#   api   management API calls/s and p99 at 1,000 and 10,000 scopes
#         against a dhcpfod --no-xdp                 (bench/api.sh)
#   lease lease puts/s with 1, 16, 256 puts per fdatasync (group commit),
#         snapshot and start times at 100k leases  (build/bench/lease_bench)
#   engine CPU per DISCOVER of the DHCP engine in process, /24 vs /16, /8 and
#         nearly exhausted /16 pools           (build/bench/dhcp_engine_bench)
# Only when named (they take minutes each, and start real DHCP servers):
#   dora  highest DORA rate with < 1 % lost and latency, durable leases:
#         dhcpfod vs kea-dhcp4 vs ISC dhcpd        (bench/dora.sh)
#   storm a DISCOVER storm on a segment shared by a pair: CPU per shed and
#         answered packet, held storm rate, dhcpfod XDP / --no-xdp vs Kea HA
#                                                  (bench/storm.sh)
#
# Environment: XDP_BENCH_ARGS (default "-r 11 -n 1000000"),
#              SHED_ARGS (default "-n 500000 -R 100000 -b 64 -r 3"),
#              LEASE_BENCH_ARGS (default "-r 5 -s 200 -L 100000"),
#              ENGINE_BENCH_ARGS (default "-r 5 -n 20000 -R 10000 -k 16"),
#              DORA_ARGS, STORM_ARGS (default: none, the scripts' defaults).
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
ENGINE_BENCH_ARGS=${ENGINE_BENCH_ARGS:--r 5 -n 20000 -R 10000 -k 16}
DORA_ARGS=${DORA_ARGS:-}
STORM_ARGS=${STORM_ARGS:-}
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
[ ${#suites[@]} -eq 0 ] && suites=(xdp shed api lease engine)
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
	engine)
		# shellcheck disable=SC2086
		run "$BUILD/bench/dhcp_engine_bench" $ENGINE_BENCH_ARGS || rc=1 ;;
	dora)
		# shellcheck disable=SC2086
		run bench/dora.sh $DORA_ARGS || rc=1 ;;
	storm)
		# shellcheck disable=SC2086
		run bench/storm.sh $STORM_ARGS || rc=1 ;;
	*)
		echo "bench/run.sh: unknown benchmark '$s' (xdp, shed, api, lease, engine, dora, storm)" >&2
		rc=2 ;;
	esac
done
echo
echo "reproduce all: sudo make bench   (or: sudo bench/run.sh [xdp|shed|api|lease|engine|dora|storm])"
exit $rc
