#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Shed benchmark: a DISCOVER storm over a veth pair between two network
# namespaces made for this run; receive CPU per packet when XDP sheds the
# partner's half vs when userspace does (see bench/shed.c for the method).
#
# usage: bench/shed.sh [-n PACKETS] [-R PPS] [-b BATCH] [-r ROUNDS]
#
# Needs root, 2+ CPUs and a prebuilt build/bench/shed (make bench). Nothing
# is left behind: the namespaces (and with them the veth pair) are deleted on
# any exit, Ctrl-C included; the XDP programs are attached through bpf_link
# fds held by the benchmark process, which the kernel detaches when it exits,
# and nothing is pinned.
set -u

cd "$(dirname "$0")/.." || exit 2
BIN=${BUILD:-build}/bench/shed
[ -x "$BIN" ] || { echo "shed.sh: $BIN missing: run make bench" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "shed.sh: needs root" >&2; exit 2; }
[ "$(nproc)" -ge 2 ] || { echo "shed.sh: needs 2 CPUs" >&2; exit 2; }

tag="$$-$RANDOM"
CNS="dfob-c-$tag"
SNS="dfob-s-$tag"
CDEV="dfbc$$"
SDEV="dfbs$$"
PID=

cleanup() {
	trap - EXIT INT TERM
	if [ -n "$PID" ]; then
		kill "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
	fi
	for ns in "$CNS" "$SNS"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

ip netns add "$CNS" && ip netns add "$SNS" || exit 1
ip link add "$CDEV" netns "$CNS" type veth peer name "$SDEV" netns "$SNS" || exit 1
ip -n "$CNS" link set lo up
ip -n "$SNS" link set lo up
ip -n "$CNS" addr add 198.51.100.1/24 dev "$CDEV"
ip -n "$SNS" addr add 198.51.100.2/24 dev "$SDEV"
ip -n "$CNS" link set "$CDEV" up
ip -n "$SNS" link set "$SDEV" up || exit 1

# In the background so that a signal reaches the trap at once.
ip netns exec "$SNS" "$BIN" -C "$CNS" -c "$CDEV" -s "$SDEV" "$@" &
PID=$!
wait "$PID"
rc=$?
PID=
exit $rc
