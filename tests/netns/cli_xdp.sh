#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# dfo-suite: vm
#
# The dhcpfo CLI with the XDP datapath running: `datapath status` shows the
# interface, its XDP mode and program id (the ones `ip link` reports) and
# the global counters, and `failover stats` the scope's XDP counters, after
# real DISCOVERs crossed a veth.
#
#   client ns: vc0 ----------- vs0 :server ns, 192.0.2.1/24, dhcpfod + XDP
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/testsh.sh

BUILD=${DFO_BUILD:-$PWD/build}
AGENT=$BUILD/dhcpfod
CLI=$BUILD/dhcpfo
GEN=$BUILD/tests/tools/dfo-dhcpgen
PIN_ROOT=/sys/fs/bpf/dhcpfo
INST=cli-xdp-$$
N=200

prereq_ok=1
[ "$(id -u)" = 0 ] || { fail "needs root (namespaces, XDP, bpffs)"; prereq_ok=0; }
for t in "$AGENT" "$CLI" "$GEN"; do
	[ -x "$t" ] || { fail "$t not built (make tests)"; prereq_ok=0; }
done
for c in ip nsenter jq timeout; do
	command -v "$c" >/dev/null || { fail "$c not installed (make deps)"; prereq_ok=0; }
done
if [ $prereq_ok = 0 ]; then
	finish
	exit 1
fi

TMP=$(mktemp -d /tmp/dfo-cli-xdp.XXXXXX) || exit 2
on_exit "rm -rf '$TMP'"
SOCK=$TMP/api.sock
SNS=$(mkns xsrv) && CNS=$(mkns xcli) || { fail "creating network namespaces"; finish; exit 1; }
# reverse order on exit: stop the agent, then remove its pins
on_exit "timeout 20 '$AGENT' --instance '$INST' --pin-root '$PIN_ROOT' --socket '$SOCK' --unpin; rm -rf '$PIN_ROOT/$INST'"
on_exit "kill \$(cat '$TMP/agent.pid' 2>/dev/null) 2>/dev/null; sleep 0.2"
ip link add vs0 netns "$SNS" type veth peer name vc0 netns "$CNS"
ip -n "$SNS" addr add 192.0.2.1/24 dev vs0
# No IPv6 on the test link: router/MLD frames would move rx between reads.
ip netns exec "$SNS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec "$CNS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip -n "$SNS" link set vs0 up
ip -n "$CNS" link set vc0 up

# nsenter, not ip netns exec: the pins must land on the host's bpffs
nsenter --net="/run/netns/$SNS" "$AGENT" --instance "$INST" --pin-root "$PIN_ROOT" \
	--state-dir "$TMP/state" --socket "$SOCK" --interface vs0 --server-address 192.0.2.1 \
	>"$TMP/agent.log" 2>&1 &
echo $! >"$TMP/agent.pid"
for _ in $(seq 200); do
	"$CLI" --socket "$SOCK" agent info >/dev/null 2>&1 && break
	sleep 0.05
done
if ! "$CLI" --socket "$SOCK" agent info >/dev/null 2>&1; then
	fail "dhcpfod with XDP did not start"
	cat "$TMP/agent.log"
	finish
	exit 1
fi

dfo() { timeout 20 "$CLI" --socket "$SOCK" "$@"; }
jqv() { printf '%s' "$OUT" | jq -r "$1"; }

check "scope add" dfo scope add 192.0.2.0/24 --range 192.0.2.10-192.0.2.200
check "failover add" dfo failover add campus --local-only --partner 192.0.2.2 --this-server 192.0.2.1 \
	--scope 192.0.2.0 --percent 50
check "failover set NORMAL" dfo failover set campus --state NORMAL

## datapath status
OUT=$(dfo datapath status --json)
expect_eq "datapath status --json: the interface" vs0 "$(jqv '.interfaces[0].name')"
mode=$(jqv '.interfaces[0].xdp_mode')
case $mode in native|generic) ok "XDP mode $mode" ;; *) fail "XDP mode '$mode'" ;; esac
link_prog=$(ip -n "$SNS" -j -d link show dev vs0 | jq -r '.[0].xdp.prog.id // 0')
expect_eq "program id as ip link shows it" "$link_prog" "$(jqv '.interfaces[0].prog_id')"
expect_eq "its address" 192.0.2.1 "$(jqv '.interfaces[0].addresses[0]')"
expect_eq "pin directory" "$PIN_ROOT/$INST" "$(jqv .pin_dir)"
rx0=$(jqv .global.rx)
[[ "$rx0" =~ ^[0-9]+$ ]] && ok "global rx counter ($rx0)" || fail "global rx: '$rx0'"

nsenter --net="/run/netns/$CNS" timeout 20 "$GEN" --ifname vc0 --count "$N" --rate 20000 -q
sleep 0.5

OUT=$(dfo datapath status --json)
rx=$(jqv .global.rx)
[ "$rx" -ge $((rx0 + N)) ] && ok "global rx grew by the $N DISCOVERs ($rx0 -> $rx)" ||
	fail "global rx $rx0 -> $rx, sent $N"
expect_eq "passed + dropped = rx" "$rx" "$(jqv '.global.passed + .global.dropped')"
dfo datapath status >"$TMP/out"
check "table: the interface row" grep -q "^vs0  *[0-9][0-9]*  *$mode  *$link_prog  *192.0.2.1" "$TMP/out"
check "table: the rx counter" grep -q "^rx  *$rx$" "$TMP/out"

## failover stats with the scope's counters
OUT=$(dfo failover stats campus --json)
recv=$(jqv '.[0].xdp.received')
[ "$recv" -ge "$N" ] && ok "scope received $recv" || fail "scope received '$recv', sent $N"
expect_eq "scope: passed + dropped = received" "$recv" \
	"$(jqv '.[0].xdp.passed + .[0].xdp.dropped_not_ours + .[0].xdp.dropped_other_server + .[0].xdp.dropped_by_state')"
expect_eq "scope: DISCOVERs by type" "$recv" "$(jqv '.[0].xdp.msg_discover')"
drop=$(jqv '.[0].xdp.dropped_not_ours')
[ "$drop" -gt 0 ] && [ "$drop" -lt "$recv" ] && ok "50/50: some dropped as the partner's ($drop of $recv)" ||
	fail "50/50 split: $drop of $recv dropped"
dfo failover stats campus >"$TMP/out"
check "stats table has the XDP columns" grep -q "XDP-RX  *XDP-PASS  *XDP-DROP" "$TMP/out"
check "stats table row" grep -q "^192.0.2.0 .* $recv  *[0-9][0-9]*  *$drop$" "$TMP/out"

finish
