#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Management API benchmark (issue 3): start an empty dhcpfod --no-xdp with
# room for the relationships in a temporary directory, run
# build/bench/api_bench against it, and remove everything, Ctrl-C included.
# A benchmark, not a test: it fails only when it cannot run.
#
# usage: bench/api.sh [api_bench options]      (see build/bench/api_bench -h)
#   e.g. bench/api.sh -R 1000 -l 5000 -e 20 -p 25   (the defaults)
set -u

cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
AGENT=$BUILD/dhcpfod
BENCH=$BUILD/bench/api_bench

for t in "$AGENT" "$BENCH"; do
	if [ ! -x "$t" ]; then
		echo "bench/api.sh: $t is not built (make; make $BENCH)" >&2
		exit 2
	fi
done

DIR=$(mktemp -d /tmp/dfo-api-bench-XXXXXX) || exit 2
SOCK=$DIR/api.sock
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$AGENT" --no-xdp --instance "api-bench-$$" --state-dir "$DIR/state" --socket "$SOCK" \
	--pin-root "$DIR/pins" --max-relationships 4096 --log-level warning >"$DIR/agent.log" 2>&1 &
PID=$!
for _ in $(seq 200); do
	[ -S "$SOCK" ] && break
	sleep 0.05
done
if [ ! -S "$SOCK" ]; then
	echo "bench/api.sh: dhcpfod did not start:" >&2
	cat "$DIR/agent.log" >&2
	exit 1
fi
echo "state directory: $DIR/state ($(df -T "$DIR" | awk 'NR == 2 { print $2 }'))"
"$BENCH" -s "$SOCK" "$@"
rc=$?
exit $rc
