#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# `dhcpfo lease list|show|delete` end to end: one dhcpfod (--no-xdp) serving
# a veth in a server namespace, two leases taken by busybox udhcpc (two MACs,
# two host names) in a client namespace, then the CLI's table, JSON, filters,
# errors and exit codes, a delete, and a restart that keeps the delete.
#
#   client ns: vc0 ---------------- vs0 :server ns, 10.215.0.1/24
#              udhcpc (MAC1, MAC2)      dhcpfod --interface vs0 --no-xdp
#
# Every wait is bounded; nothing asserts on timing. The namespaces and the
# agent are removed on any exit.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/testsh.sh

BUILD=${DFO_BUILD:-$PWD/build}
AGENT=$BUILD/dhcpfod
CLI=$BUILD/dhcpfo
INST=clilease-$$
NET=10.215.0
SRV=$NET.1
MAC1=02:dd:01:00:00:01
MAC2=02:dd:01:00:00:02

prereq_ok=1
if [ "$(id -u)" != 0 ]; then
	fail "needs root (network namespaces)"
	prereq_ok=0
fi
for t in "$AGENT" "$CLI"; do
	[ -x "$t" ] || { fail "$t not built (make)"; prereq_ok=0; }
done
for c in ip nsenter jq busybox timeout; do
	command -v "$c" >/dev/null || { fail "$c not installed (make deps)"; prereq_ok=0; }
done
if [ $prereq_ok = 0 ]; then
	finish
	exit 1
fi

TMP=$(mktemp -d /tmp/dfo-cli-lease.XXXXXX) || exit 2
on_exit "rm -rf '$TMP'"
SOCK=$TMP/sock
AGENT_PID=

dfo() { timeout 30 "$CLI" --socket "$SOCK" "$@"; }

start_agent() {
	nsenter --net="/run/netns/$SNS" "$AGENT" --instance "$INST" --state-dir "$TMP/state" \
		--socket "$SOCK" --pin-root "$TMP/pins" --interface vs0 --no-xdp \
		>>"$TMP/agent.log" 2>&1 &
	AGENT_PID=$!
	wait_for 10 eval 'dfo agent info >/dev/null 2>&1'
}

stop_agent() {
	[ -n "$AGENT_PID" ] || return 0
	kill -TERM "$AGENT_PID" 2>/dev/null
	wait "$AGENT_PID"
	local rc=$?
	AGENT_PID=
	return $rc
}
on_exit 'stop_agent'

# exit status and output of a CLI run: "$RC" and "$OUT" (stdout and stderr)
run() {
	OUT=$(dfo "$@" 2>&1)
	RC=$?
}

# ---- topology, agent, scope ------------------------------------------------

SNS=$(mkns lsrv) && CNS=$(mkns lcli) || { fail "namespaces"; finish; exit 1; }
for ns in "$SNS" "$CNS"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
ip link add vs0 netns "$SNS" type veth peer name vc0 netns "$CNS"
ip -n "$SNS" addr add "$SRV/24" dev vs0
ip -n "$SNS" link set vs0 up
ip -n "$CNS" link set vc0 up

if ! start_agent; then
	fail "dhcpfod did not start: $(tail -5 "$TMP/agent.log")"
	finish
	exit 1
fi
check "scope add" dfo scope add "$NET.0/24" --name leases --range "$NET.100-$NET.120"
# 100 %: every client and every pool address is this (primary) server's
check "failover add" dfo failover add --local-only lrel --partner "$NET.2" --this-server "$SRV" \
	--scope "$NET.0" --percent 100
check "failover NORMAL" dfo failover set lrel --state NORMAL

# ---- two leases --------------------------------------------------------------

cat >"$TMP/udhcpc.sh" <<EOF
#!/bin/sh
[ "\$1" = bound ] && echo "\$ip" >"$TMP/udhcpc.ip"
exit 0
EOF
chmod +x "$TMP/udhcpc.sh"

# lease MAC HOST: udhcpc with that MAC and host name; the address on stdout
lease() {
	rm -f "$TMP/udhcpc.ip"
	ip -n "$CNS" link set vc0 address "$1"
	nsenter --net="/run/netns/$CNS" timeout 20 busybox udhcpc -i vc0 -n -q -f -t 5 -T 1 \
		-x "hostname:$2" -s "$TMP/udhcpc.sh" >>"$TMP/udhcpc.out" 2>&1 &&
		cat "$TMP/udhcpc.ip"
}

IP1=$(lease "$MAC1" alpha-pc)
check "first client got $IP1" [ -n "$IP1" ]
IP2=$(lease "$MAC2" Beta-PC)
check "second client got $IP2" [ -n "$IP2" ]
if [ -z "$IP1" ] || [ -z "$IP2" ]; then
	sed 's/^/    /' "$TMP/udhcpc.out" | tail -10
	finish
	exit 1
fi

# ---- lease list ----------------------------------------------------------------

run lease list
echo "$OUT" | sed 's/^/    | /'
expect_eq "list exits 0" 0 "$RC"
expect_eq "table header" "ADDRESS STATE HW-ADDRESS CLIENT-ID HOST EXPIRES OWNER" \
	"$(echo "$OUT" | head -1 | tr -s ' ')"
expect_eq "two rows" 2 "$(echo "$OUT" | tail -n +2 | wc -l)"
ROW1=$(echo "$OUT" | grep "^$IP1 ")
check "row of $IP1: active, MAC, client-id 01+MAC, host, primary" \
	eval 'echo "$ROW1" | grep -Eq "^$IP1 +active +$MAC1 +01${MAC1//:/} +alpha-pc +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} +primary$"'
check "rows by address" [ "$(echo "$OUT" | tail -n +2 | awk '{print $1}' | sort -t. -k4,4n | tr '\n' ' ')" = \
	"$(echo "$OUT" | tail -n +2 | awk '{print $1}' | tr '\n' ' ')" ]

run --json lease list
expect_eq "JSON: two leases" 2 "$(echo "$OUT" | jq length)"
expect_eq "JSON: host of $IP2" Beta-PC \
	"$(echo "$OUT" | jq -r --arg a "$IP2" '.[] | select(.address == $a) | .host')"
expect_eq "JSON: scope, mask, owner, relationship, server" \
	"$NET.0 255.255.255.0 primary lrel $SRV true" \
	"$(echo "$OUT" | jq -r --arg a "$IP1" '.[] | select(.address == $a) |
		"\(.scope) \(.mask) \(.owner) \(.relationship) \(.server) \(.in_use)"')"
check "JSON: end after start" \
	eval 'echo "$OUT" | jq -e ".[0].end > .[0].start" >/dev/null'

run --json lease list --mac "$MAC2"
expect_eq "--mac" "$IP2" "$(echo "$OUT" | jq -r 'map(.address) | join(" ")')"
run --json lease list --host PC
expect_eq "--host is a case-insensitive substring" "2" "$(echo "$OUT" | jq length)"
run --json lease list --host beta
expect_eq "--host beta" "$IP2" "$(echo "$OUT" | jq -r 'map(.address) | join(" ")')"
run --json lease list --client-id "01${MAC1//:/}" --scope "$NET.0" --state active
expect_eq "--client-id --scope --state" "$IP1" "$(echo "$OUT" | jq -r 'map(.address) | join(" ")')"
run lease list --state released
expect_eq "no released leases" "0 no leases" "$RC $OUT"
run lease list --scope 10.99.0.0
check "unknown scope: exit 1, SUBNET_NOT_PRESENT" \
	eval '[ $RC = 1 ] && echo "$OUT" | grep -q "ERROR_DHCP_SUBNET_NOT_PRESENT (20005)"'
run lease list --state happy
expect_eq "bad --state: usage error" 2 "$RC"
run lease list --mac 02:dd
check "2-byte --mac is valid and matches nothing" eval '[ $RC = 0 ] && [ "$OUT" = "no leases" ]'

# ---- lease show -------------------------------------------------------------------

run lease show "$IP1"
expect_eq "show exits 0" 0 "$RC"
check "show: address, state, MAC, host, owner, relationship, granted by" eval '
	echo "$OUT" | grep -q "^Address: *$IP1\$" &&
	echo "$OUT" | grep -q "^Scope: *$NET.0/255.255.255.0\$" &&
	echo "$OUT" | grep -q "^State: *active\$" &&
	echo "$OUT" | grep -q "^Hardware address: *$MAC1 (type 1)\$" &&
	echo "$OUT" | grep -q "^Host name: *alpha-pc\$" &&
	echo "$OUT" | grep -q "^Pool owner: *primary\$" &&
	echo "$OUT" | grep -q "^Relationship: *lrel\$" &&
	echo "$OUT" | grep -q "^Granted by: *$SRV\$"'
run --json lease show --mac "$MAC2"
expect_eq "show --mac --json" "$IP2" "$(echo "$OUT" | jq -r .address)"
run --json lease show --host ALPHA-PC
expect_eq "show --host (whole name, any case)" "$IP1" "$(echo "$OUT" | jq -r .address)"
run lease show --host alpha
check "show --host with part of a name: JET_ERROR" \
	eval '[ $RC = 1 ] && echo "$OUT" | grep -q "ERROR_DHCP_JET_ERROR (20013)"'
run lease show "$NET.119"
check "show of an address without a lease: exit 1, JET_ERROR" \
	eval '[ $RC = 1 ] && echo "$OUT" | grep -q "ERROR_DHCP_JET_ERROR (20013)"'
run lease show
expect_eq "show without a key: usage error" 2 "$RC"
run lease show "$IP1" --mac "$MAC1"
expect_eq "show with two keys: usage error" 2 "$RC"
run lease show 10.215.0
expect_eq "show of a malformed address: usage error" 2 "$RC"

# ---- stats, delete, restart --------------------------------------------------------

run --json failover stats lrel
expect_eq "stats: 21 addresses, 2 in use, ours" "21 2 2 19" \
	"$(echo "$OUT" | jq -r '.[0] | "\(.num_addr) \(.addr_in_use) \(.this_addr_in_use) \(.this_addr_free)"')"

run lease delete "$IP1"
expect_eq "delete prints the freed address" "0 deleted the lease of $IP1" "$RC $OUT"
run lease show "$IP1"
expect_eq "deleted lease gone" 1 "$RC"
run lease delete "$IP1"
check "second delete: JET_ERROR" eval '[ $RC = 1 ] && echo "$OUT" | grep -q "(20013)"'
run --json failover stats lrel
expect_eq "stats after the delete" "1 20" \
	"$(echo "$OUT" | jq -r '.[0] | "\(.addr_in_use) \(.addr_free)"')"

check "agent stops cleanly" stop_agent
if start_agent; then
	ok "agent restarts"
	run --json lease list
	expect_eq "after the restart only $IP2 is left" "$IP2" \
		"$(echo "$OUT" | jq -r 'map(.address) | join(" ")')"
	run --json lease delete --mac "$MAC2"
	expect_eq "delete --mac --json lists the addresses" "[\"$IP2\"]" "$(echo "$OUT" | jq -c .)"
	run lease list
	expect_eq "no leases left" "0 no leases" "$RC $OUT"
else
	fail "agent restarts: $(tail -5 "$TMP/agent.log")"
fi

finish
