#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# dfo-suite: vm
#
# XDP datapath on a veth pair between two network namespaces (issue 2 item 5).
#
#   client ns: vc0 ------------------------- vs0 :server ns, 192.0.2.1/24
#              dfo-dhcpgen, udhcpc               XDP (dfo-dpctl), dfo-sink on :67
#
# Scope 192.0.2.0/24 in a 50/50 load-balance relationship, NORMAL state, this
# server primary. Real broadcast DHCPDISCOVERs are sent from the client ns;
# only those whose RFC 3074 bucket this server owns may reach the UDP socket
# on port 67, and the XDP counters must agree exactly. Done with the program
# attached natively and then in generic mode, with sequential MACs hashed on
# chaddr and random MACs hashed on option 61, and with a real DHCP client
# (busybox udhcpc). Also: the pinned link keeps the program attached after
# the attaching process exits, a second attach swaps the program in the same
# link, detach removes it, and bpftool prints the pinned maps' field names.
#
# The server-side tools run through `nsenter --net` (not `ip netns exec`):
# ip netns exec gives the command a fresh /sys without the host's bpffs, so
# pins made there would vanish with the command.
#
# Every wait is bounded; nothing asserts on timing. Namespaces and pins are
# removed on any exit.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/testsh.sh

BUILD=${DFO_BUILD:-$PWD/build}
TOOLS=$BUILD/tests/tools
DPCTL=$TOOLS/dfo-dpctl
GEN=$TOOLS/dfo-dhcpgen
SINK=$TOOLS/dfo-sink

PIN_ROOT=/sys/fs/bpf/dhcpfo
INST=test-$$
PIN=$PIN_ROOT/$INST
SLOT=7
N=2000			# DISCOVERs per phase
RATE=20000		# paced: stays far below the veth rings (256 frames)
SRV_ADDR=192.0.2.1

# ---- prerequisites -------------------------------------------------------

prereq_ok=1
if [ "$(id -u)" != 0 ]; then
	fail "needs root (network namespaces, XDP, bpffs)"
	prereq_ok=0
fi
for t in "$DPCTL" "$GEN" "$SINK"; do
	[ -x "$t" ] || { fail "$t not built (make tests)"; prereq_ok=0; }
done
for c in ip nsenter ss jq bpftool timeout udhcpc comm; do
	command -v "$c" >/dev/null || { fail "$c not installed (make deps)"; prereq_ok=0; }
done
if [ $prereq_ok = 0 ]; then
	finish
	exit 1
fi

TMP=$(mktemp -d /tmp/dfo-xdp-veth.XXXXXX) || exit 2
on_exit "rm -rf '$TMP'"

# ---- helpers -------------------------------------------------------------

sx() { nsenter --net="/run/netns/$SNS" "$@"; }	# in the server ns
cx() { nsenter --net="/run/netns/$CNS" "$@"; }	# in the client ns
dpctl() { sx timeout 20 "$DPCTL" --instance "$INST" --pin-root "$PIN_ROOT" "$@"; }

stats() { dpctl stats --slot "$SLOT" --json; }
# delta JQ_PATH BEFORE_JSON AFTER_JSON
delta() { echo $(($(jq -r "$1" <<<"$3") - $(jq -r "$1" <<<"$2"))); }
# grown JQ_PATH BEFORE_JSON MIN: the counter grew by at least MIN since BEFORE.
grown() { [ "$(delta "$1" "$2" "$(stats)")" -ge "$3" ]; }

# XDP mode of vs0 as iproute2 reports it: native, generic or none.
ip_xdp_mode() {
	local m
	m=$(ip -n "$SNS" -j -d link show dev vs0 | jq -r '.[0].xdp.mode // 0')
	case $m in
	1) echo native ;;
	2) echo generic ;;
	0) echo none ;;
	*) echo "mode-$m" ;;
	esac
}

jq_true() { jq -e "$@" >/dev/null; }
sink_bound() { [ -n "$(sx ss -Hlun 'sport = :67')" ]; }
sink_queue_empty() { [ "$(sx ss -Hlun 'sport = :67' | awk '{ s += $2 } END { print s + 0 }')" = 0 ]; }
# MAC lines the sink printed so far (it flushes after every batch).
sink_lines() { grep -cE '^([0-9a-f]{2}:){5}[0-9a-f]{2}' "$1" 2>/dev/null || true; }
sink_has() { [ "$(sink_lines "$1")" -ge "$2" ]; }

SINK_PID=
# sink_start NAME: dfo-sink on vs0 in the server ns, output in $TMP/NAME.
sink_start() {
	# nsenter execs timeout, so $! is the process that relays our SIGTERM.
	nsenter --net="/run/netns/$SNS" timeout 60 "$SINK" --ifname vs0 \
		>"$TMP/$1" 2>"$TMP/$1.err" &
	SINK_PID=$!	# killed with the namespace if the test dies
	wait_for 5 sink_bound || { fail "$1: sink not listening on :67"; return 1; }
}

# sink_stop NAME EXPECTED: wait (bounded) for EXPECTED lines and an empty
# socket queue, then stop the sink and check its summary line.
sink_stop() {
	wait_for 10 sink_has "$TMP/$1" "$2"
	wait_for 5 sink_queue_empty
	kill -TERM "$SINK_PID" 2>/dev/null
	wait "$SINK_PID"
	grep -q '^received=' "$TMP/$1" || fail "$1: sink printed no summary: $(cat "$TMP/$1.err")"
	grep -oE '^([0-9a-f]{2}:){5}[0-9a-f]{2}' "$TMP/$1" | sort >"$TMP/$1.macs"
}

# expect_set NAME FILE_EXPECTED FILE_GOT: compare two sorted MAC lists.
expect_set() {
	local missing extra
	missing=$(comm -23 "$2" "$3" | wc -l)
	extra=$(comm -13 "$2" "$3" | wc -l)
	if [ "$missing" = 0 ] && [ "$extra" = 0 ]; then
		ok "$1 ($(wc -l <"$3") clients)"
	else
		fail "$1: $missing expected clients missing (e.g. $(comm -23 "$2" "$3" | head -3 |
			tr '\n' ' ')), $extra unexpected (e.g. $(comm -13 "$2" "$3" | head -3 |
			tr '\n' ' '))"
	fi
}

# ---- topology ------------------------------------------------------------

# mkns runs in this shell (not in $(...)) so that it records the namespace
# for removal; it prints the name, which we read back.
if ! mkns srv >"$TMP/ns.srv" || ! mkns cli >"$TMP/ns.cli"; then
	fail "creating network namespaces"
	finish
	exit 1
fi
SNS=$(<"$TMP/ns.srv")
CNS=$(<"$TMP/ns.cli")
# Pins live in the host's bpffs: remove them whatever happens (runs before
# the namespaces are deleted).
on_exit "timeout 20 '$DPCTL' --instance '$INST' --pin-root '$PIN_ROOT' unpin; rm -rf '$PIN'"

# No IPv6: no router solicitations or MLD reports in the counters.
for ns in "$SNS" "$CNS"; do
	nsenter --net="/run/netns/$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
check "veth pair between the namespaces" \
	ip link add vs0 netns "$SNS" type veth peer name vc0 netns "$CNS"
ip -n "$SNS" addr add "$SRV_ADDR/24" dev vs0
ip -n "$SNS" link set vs0 up
ip -n "$CNS" link set vc0 up

# ---- hash and ownership tooling (independent of the datapath) ------------

expect_eq "bucket 11:22:33:44:55:66 (RFC 3074 check value)" 66 "$("$DPCTL" bucket 11:22:33:44:55:66)"
expect_eq "bucket of client-id 01000c01020304 (check value)" 104 \
	"$("$DPCTL" bucket --client-id 01000c01020304)"

# ---- policy into the pinned maps -----------------------------------------

check "rel 1: load balance 50%, primary, NORMAL" \
	dpctl rel 1 --mode lb --role primary --state NORMAL --pct 50 --server-id "$SRV_ADDR"
check "scope 192.0.2.0/24 -> rel 1, slot $SLOT" dpctl scope 192.0.2.0/24 --rel 1 --slot "$SLOT"
check "iface vs0 with its address" dpctl iface vs0
check "maps pinned under $PIN" test -e "$PIN/dfo_scopes" -a -e "$PIN/dfo_rels"

# bpftool reads the pinned maps with their BTF field names.
scopes=$(bpftool -j map dump pinned "$PIN/dfo_scopes")
# shellcheck disable=SC2016 # jq variables, not shell ones
check "bpftool: dfo_scopes key has prefixlen/addr_be, value scope_id/rel_id/stats_slot" \
	jq_true --argjson slot "$SLOT" '.[] | select(
		.formatted.key.prefixlen == 24 and (.formatted.key | has("addr_be")) and
		.key[4:8] == ["0xc0", "0x00", "0x02", "0x00"] and
		.formatted.value.scope_id == 3221225984 and .formatted.value.rel_id == 1 and
		.formatted.value.stats_slot == $slot)' <<<"$scopes"
check "bpftool: dfo_rels value has state NORMAL, mode lb, role primary, hba" \
	jq_true '.[] | select(.formatted.key == 1 and .formatted.value.state == 3 and
		.formatted.value.mode == 0 and .formatted.value.role == 0 and
		(.formatted.value.hba | length) == 32)' \
	< <(bpftool -j map dump pinned "$PIN/dfo_rels")
check "bpftool: dfo_ifaces value has n_addr 1, addr_be" \
	jq_true '.[] | select(.formatted.value.n_addr == 1 and
		(.formatted.value.addr_be | length) == 4)' \
	< <(bpftool -j map dump pinned "$PIN/dfo_ifaces")

# ---- one phase: attach in MODE, send N DISCOVERs, compare ----------------

# phase MODE NAME GEN_CLIENT_OPTS OWNS_OPTS
phase() {
	local mode=$1 name=$2 gen_opts=$3 owns_opts=$4 out before after n_own sent

	# The clients and which of them this server owns, from the same hash.
	# shellcheck disable=SC2086
	"$GEN" --dry-run --print-macs --count "$N" $gen_opts | sort >"$TMP/$name.all"
	# shellcheck disable=SC2086
	"$DPCTL" owns --mode lb --role primary --pct 50 $owns_opts <"$TMP/$name.all" |
		sort >"$TMP/$name.owned"
	n_own=$(wc -l <"$TMP/$name.owned")
	expect_eq "$name: $N distinct clients" "$N" "$(sort -u "$TMP/$name.all" | wc -l)"
	check "$name: the hash splits the clients (owned $n_own of $N)" \
		test "$n_own" -gt $((N / 4)) -a "$n_own" -lt $((N * 3 / 4))

	out=$(dpctl attach vs0 --mode "$mode")
	check "$name: attach --mode $mode ($out)" grep -q "mode=$mode " <<<"$out"
	# Asked from other processes: the attaching one has exited.
	expect_eq "$name: dfo-dpctl mode after the attaching process exited" "$mode" \
		"$(dpctl mode vs0)"
	expect_eq "$name: ip -d link reports the XDP mode" "$mode" "$(ip_xdp_mode)"
	check "$name: link pinned at $PIN/link_vs0" test -e "$PIN/link_vs0"

	before=$(stats) || { fail "$name: reading counters"; return; }
	sink_start "$name" || return
	# shellcheck disable=SC2086
	sent=$(cx timeout 30 "$GEN" --ifname vc0 --count "$N" --rate "$RATE" $gen_opts)
	expect_eq "$name: dfo-dhcpgen sent" "sent=$N" "${sent%% *}"
	check "$name: XDP saw all $N DISCOVERs" wait_for 10 grown .scopes[0].received "$before" "$N"
	sink_stop "$name" "$n_own"
	after=$(stats)

	expect_set "$name: clients at the UDP socket are exactly the owned ones" \
		"$TMP/$name.owned" "$TMP/$name.macs"
	expect_eq "$name: no client twice at the socket" "$(wc -l <"$TMP/$name.macs")" \
		"$(sort -u "$TMP/$name.macs" | wc -l)"
	expect_eq "$name: scope received" "$N" "$(delta .scopes[0].received "$before" "$after")"
	expect_eq "$name: scope msg[1] (DISCOVER)" "$N" "$(delta '.scopes[0].msg[1]' "$before" "$after")"
	expect_eq "$name: scope passed = owned" "$n_own" "$(delta .scopes[0].passed "$before" "$after")"
	expect_eq "$name: scope dropped_not_ours = the rest" $((N - n_own)) \
		"$(delta .scopes[0].dropped_not_ours "$before" "$after")"
	expect_eq "$name: scope other drops and passed_by_secs" "0 0 0" \
		"$(delta .scopes[0].dropped_other_server "$before" "$after") $(delta \
		.scopes[0].dropped_by_state "$before" "$after") $(delta .scopes[0].passed_by_secs \
		"$before" "$after")"
	expect_eq "$name: global dropped = scope dropped" $((N - n_own)) \
		"$(delta .global.dropped "$before" "$after")"
	expect_eq "$name: global passed - not_dhcp = owned" "$n_own" \
		$(($(delta .global.passed "$before" "$after") - $(delta .global.not_dhcp "$before" "$after")))
	expect_eq "$name: global rx = passed + dropped" "$(delta .global.rx "$before" "$after")" \
		$(($(delta .global.passed "$before" "$after") + $(delta .global.dropped "$before" "$after")))
	expect_eq "$name: global malformed/unknown/no_scope/not_in_rel" "0 0 0 0" \
		"$(delta .global.malformed "$before" "$after") $(delta .global.unknown "$before" \
		"$after") $(delta .global.no_scope "$before" "$after") $(delta .global.not_in_rel \
		"$before" "$after")"
	expect_eq "$name: sink summary" "received=$n_own" "$(grep -o '^received=[0-9]*' "$TMP/$name")"
}

# ---- a real DHCP client --------------------------------------------------

# udhcpc_run NAME MAC OWNED(1|0)
udhcpc_run() {
	local name=$1 mac=$2 owned=$3 before after rx

	ip -n "$CNS" link set vc0 down
	ip -n "$CNS" link set vc0 address "$mac"
	ip -n "$CNS" link set vc0 up
	before=$(stats)
	sink_start "$name" || return
	# Two DISCOVERs a second apart, then give up: no server answers.
	cx timeout 15 udhcpc -i vc0 -f -n -q -t 2 -T 1 -s /bin/true >"$TMP/$name.udhcpc" 2>&1
	check "$name: XDP saw udhcpc's DISCOVERs" wait_for 5 grown '.scopes[0].msg[1]' "$before" 1
	after=$(stats)
	rx=$(delta .scopes[0].received "$before" "$after")
	if [ "$owned" = 1 ]; then
		sink_stop "$name" "$rx"
		expect_eq "$name: all $rx DISCOVERs from $mac reach the socket" "$rx" \
			"$(grep -c "^$mac cid=01${mac//:/}$" "$TMP/$name")"
		expect_eq "$name: and nothing else" "$rx" "$(sink_lines "$TMP/$name")"
		expect_eq "$name: XDP passed them" "$rx" "$(delta .scopes[0].passed "$before" "$after")"
	else
		sink_stop "$name" 0
		expect_eq "$name: no DISCOVER from $mac reaches the socket" 0 "$(sink_lines "$TMP/$name")"
		expect_eq "$name: XDP dropped them as not ours" "$rx" \
			"$(delta .scopes[0].dropped_not_ours "$before" "$after")"
	fi
}

# ---- native -------------------------------------------------------------

phase native native "--mac-base 02:dc:00:00:00:00" ""

# udhcpc sends option 61 = 01 + MAC, which the program hashes; pick MACs that
# this server owns (does not own) both by chaddr and by client-id.
"$GEN" --dry-run --print-macs --count 256 --mac-base 02:dc:c1:00:00:00 >"$TMP/cand"
own_mac=$(comm -12 <("$DPCTL" owns <"$TMP/cand" | sort) \
	<("$DPCTL" owns --client-id <"$TMP/cand" | sort) | head -1)
other_mac=$(comm -12 <("$DPCTL" owns --invert <"$TMP/cand" | sort) \
	<("$DPCTL" owns --client-id --invert <"$TMP/cand" | sort) | head -1)
if [ -n "$own_mac" ] && [ -n "$other_mac" ]; then
	udhcpc_run udhcpc-owned "$own_mac" 1
	udhcpc_run udhcpc-other "$other_mac" 0
else
	fail "no candidate MACs for udhcpc (owned '$own_mac', other '$other_mac')"
fi

# A second attach loads a new program and swaps it into the same pinned link.
link1=$(bpftool -j link show pinned "$PIN/link_vs0" | jq -r .id)
prog1=$(bpftool -j link show pinned "$PIN/link_vs0" | jq -r .prog_id)
check "re-attach (native)" dpctl attach vs0 --mode native
link2=$(bpftool -j link show pinned "$PIN/link_vs0" | jq -r .id)
prog2=$(bpftool -j link show pinned "$PIN/link_vs0" | jq -r .prog_id)
expect_eq "re-attach keeps the pinned link" "$link1" "$link2"
check "re-attach swaps the program ($prog1 -> $prog2)" test "$prog1" != "$prog2"
expect_eq "re-attach keeps native mode" native "$(ip_xdp_mode)"

# Detach: the program is gone and every client reaches the socket again.
check "detach" dpctl detach vs0
expect_eq "after detach: ip -d link reports no XDP" none "$(ip_xdp_mode)"
expect_eq "after detach: dfo-dpctl mode" none "$(dpctl mode vs0)"
check "after detach: link pin removed" test ! -e "$PIN/link_vs0"
before=$(stats)
if sink_start detached; then
	cx timeout 30 "$GEN" --ifname vc0 --count "$N" --rate "$RATE" \
		--mac-base 02:dc:00:00:00:00 >/dev/null
	sink_stop detached "$N"
	expect_set "after detach: every client reaches the socket" "$TMP/native.all" \
		"$TMP/detached.macs"
	expect_eq "after detach: XDP counters unchanged" 0 \
		"$(delta .global.rx "$before" "$(stats)")"
fi

# ---- generic -------------------------------------------------------------

phase generic generic "--random-macs 4242 --client-id" "--client-id"

# ---- unpin ---------------------------------------------------------------

check "unpin" dpctl unpin
expect_eq "after unpin: no XDP on vs0" none "$(ip_xdp_mode)"
check "after unpin: pin directory gone" test ! -e "$PIN"

finish
