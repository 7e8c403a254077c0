# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Helpers for shell test suites: source it, call ok/fail/check, end with finish.
# Network namespaces made through mkns are removed on any exit.
T_PASS=0
T_FAIL=0
T_NETNS=()
T_CLEANUP=()

ok()   { T_PASS=$((T_PASS + 1)); echo "ok   - $*"; }
fail() { T_FAIL=$((T_FAIL + 1)); echo "FAIL - $*"; }
# check "description" command...: pass when the command succeeds
check() { local d=$1; shift; if "$@"; then ok "$d"; else fail "$d"; fi; }
# expect_eq "description" expected actual
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: expected '$2', got '$3'"; fi; }

# A namespace name unique to this run, so parallel runs never collide.
mkns() {
	local name="dfo-$1-$$"
	ip netns add "$name" || return 1
	T_NETNS+=("$name")
	ip -n "$name" link set lo up
	echo "$name"
}

# wait_for SECONDS CMD...: poll every 50 ms until CMD succeeds; 1 when SECONDS pass first.
wait_for() {
	local deadline=$(($(date +%s%N) + $1 * 1000000000))
	shift
	until "$@"; do
		[ "$(date +%s%N)" -lt "$deadline" ] || return 1
		sleep 0.05
	done
}

on_exit() { T_CLEANUP+=("$*"); }

t_cleanup() {
	local i
	for ((i = ${#T_CLEANUP[@]} - 1; i >= 0; i--)); do
		eval "${T_CLEANUP[$i]}" >/dev/null 2>&1 || true
	done
	# mkns run inside $(...) cannot record its name here: sweep by suffix too.
	for i in "${T_NETNS[@]}" $(ip netns list 2>/dev/null | awk '{print $1}' |
				   grep -E "^dfo-.*-$$\$"); do
		ip netns pids "$i" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$i" 2>/dev/null
	done
	T_NETNS=()
	T_CLEANUP=()
}
trap t_cleanup EXIT
trap 'exit 130' INT TERM

finish() {
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
}
