#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Run test suites and sum their results into one closing line
#     N passed, N failed
#
# usage: tests/run.sh [SUITE...]      (default: unit bpf diff netns)
#   unit    cmocka unit tests (build/tests/unit/test_*)
#   fuzz    each libFuzzer target (build/fuzz/fuzz_NAME) over a scratch copy of
#           its seeds (tests/fuzz/corpus/NAME) for $DFO_FUZZ_SECONDS (default 30)
#           or $DFO_FUZZ_RUNS inputs (default 2000000, -1: no limit); a crash,
#           leak or sanitizer report fails, its input kept next to the log
#   bpf     BPF_PROG_TEST_RUN fixture tests (build/tests/bpf/test_*), root
#   diff    differential tests against an independent model (build/tests/diff/test_*)
#   netns   network-namespace integration tests (tests/netns/*.sh), root
#   netns-vm  the netns tests tagged "# dfo-suite: vm" (what the VM runs)
#   vm      the bpf, diff and netns suites inside a Debian 6.1 guest (vmtest/run)
#   vmself  the VM runner's own self-test (vmtest/selftest)
#
# A test reports through cmocka's summary ("[  PASSED  ] N test(s).",
# "[  FAILED  ] N test(s)") or a last line "N passed, N failed". A test that
# exits non-zero without reporting a failure, or reports nothing, counts as
# one failure. Logs: $DFO_TEST_LOGDIR (default /tmp/dhcpfo-test-logs).
# Tests are prebuilt (make tests); this script builds nothing, so it also
# runs inside the VM over a read-only root.
set -u

cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
LOGDIR=${DFO_TEST_LOGDIR:-/tmp/dhcpfo-test-logs}
mkdir -p "$LOGDIR" || exit 2
export DFO_REPO=$PWD DFO_BUILD=$PWD/$BUILD

total_pass=0
total_fail=0
failed_names=()

# Parse one log into "pass fail" (empty if it reported nothing).
parse_log() {
	awk '
	/^\[  PASSED  \] [0-9]+ test/ { p += $4; seen = 1 }
	/^\[  FAILED  \] [0-9]+ test/ { f += $4; seen = 1 }
	/^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed/ {
		line = $0; sub(/^[A-Za-z-]+: /, "", line); split(line, a, /[ ,]+/)
		lp = a[1]; lf = a[3]; last = 1
	}
	END {
		if (last) { p = lp; f = lf; seen = 1 }
		if (seen) print p + 0, f + 0
	}' "$1"
}

run_one() {
	local name=$1; shift
	local log="$LOGDIR/${name//\//_}.log" rc res p f t0 t1
	t0=$(date +%s)
	"$@" >"$log" 2>&1 </dev/null
	rc=$?
	t1=$(date +%s)
	res=$(parse_log "$log")
	if [ -z "$res" ]; then
		p=0 f=1
	else
		read -r p f <<<"$res"
		[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	if [ "$f" -eq 0 ]; then
		printf '  PASS  %-40s %4d passed  (%ds)\n' "$name" "$p" $((t1 - t0))
	else
		printf '  FAIL  %-40s %4d passed, %d failed, exit %d  (%ds)\n' \
			"$name" "$p" "$f" "$rc" $((t1 - t0))
		failed_names+=("$name")
		echo "  ---- last lines of $log ----"
		tail -n 40 "$log" | sed 's/^/  | /'
		echo "  ----"
	fi
}

run_bins() {
	local suite=$1 bin found=0
	for bin in "$BUILD"/tests/"$suite"/test_*; do
		[ -x "$bin" ] || continue
		found=1
		run_one "$suite/$(basename "$bin")" "$bin"
	done
	if [ $found = 0 ]; then
		echo "  FAIL  $suite: no test programs in $BUILD/tests/$suite (run make tests)"
		total_fail=$((total_fail + 1))
	fi
}

# @tag: only scripts carrying a line "# dfo-suite: @tag" (the VM runs the
# netns tests that exercise the kernel datapath, not every client scenario).
run_scripts() {
	local suite=$1 tag=${2:-} s found=0
	for s in tests/"$suite"/*.sh; do
		[ -x "$s" ] || continue
		[ -n "$tag" ] && ! grep -q "^# dfo-suite:.*\b$tag\b" "$s" && continue
		found=1
		run_one "$suite/$(basename "$s" .sh)" "$s"
	done
	if [ $found = 0 ]; then
		echo "  FAIL  $suite: no test scripts in tests/$suite"
		total_fail=$((total_fail + 1))
	fi
}

# One fuzz target: exit status and a closing "N passed, N failed" line.
fuzz_one() {
	local bin=$1 seeds=$2 name work rc
	name=$(basename "$bin")
	work=$(mktemp -d /tmp/dhcpfo-fuzz.XXXXXX) || return 2
	mkdir "$work/corpus"
	if [ -d "$seeds" ]; then
		cp -r "$seeds"/. "$work/corpus"/ || { rm -rf "$work"; return 2; }
	else
		echo "no seed corpus at $seeds: starting from nothing"
	fi
	"$bin" -max_total_time="${DFO_FUZZ_SECONDS:-30}" -runs="${DFO_FUZZ_RUNS:-2000000}" \
		-max_len=8192 -print_final_stats=1 -artifact_prefix="$LOGDIR/$name-" \
		"$work/corpus" >"$work/out" 2>&1
	rc=$?
	cat "$work/out"
	# A sanitizer report that somehow did not end the run still fails it.
	if [ $rc -eq 0 ] && grep -qE 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$work/out"; then
		rc=1
	fi
	rm -rf "$work"
	if [ $rc -eq 0 ]; then
		echo "1 passed, 0 failed"
	else
		echo "0 passed, 1 failed"
	fi
	return $rc
}

run_fuzz() {
	local bin found=0 name
	for bin in "$BUILD"/fuzz/fuzz_*; do
		[ -x "$bin" ] || continue
		found=1
		name=$(basename "$bin")
		run_one "fuzz/$name" fuzz_one "$bin" "tests/fuzz/corpus/${name#fuzz_}"
	done
	if [ $found = 0 ]; then
		echo "  FAIL  fuzz: no fuzz targets in $BUILD/fuzz (run make tests)"
		total_fail=$((total_fail + 1))
	fi
}

[ $# -eq 0 ] && set -- unit bpf diff netns
for suite in "$@"; do
	echo "== $suite"
	case $suite in
	unit|bpf|diff) run_bins "$suite" ;;
	fuzz) run_fuzz ;;
	netns) run_scripts netns ;;
	netns-vm) run_scripts netns vm ;;
	vm) run_one vm/vmtest vmtest/run ;;
	vmself) run_one vm/selftest vmtest/selftest ;;
	*) echo "unknown suite '$suite'" >&2; exit 2 ;;
	esac
done

if [ ${#failed_names[@]} -gt 0 ]; then
	echo "failed: ${failed_names[*]}"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
