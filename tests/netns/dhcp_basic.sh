#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# The DHCP engine end to end with real clients (issue 5): one dhcpfod in a
# server namespace on a veth, a scope made through the dhcpfo CLI, and
# busybox udhcpc then ISC dhclient in a client namespace obtaining a lease.
#
#   client ns: vc0 ----------------------- vs0 :server ns, 10.213.0.1/24
#              udhcpc, dhclient                dhcpfod --interface vs0
#
# Checked: the address is in the pool and never in the exclusion, the
# options arrive (mask, router, DNS, domain, lease time, server identifier),
# a reservation is honoured, the leases are listed by `dhcpfo lease`, a
# RELEASE frees the lease, the engine's counters agree, and the same DORA
# works again with --no-xdp (the engine alone) after a restart that keeps
# every lease. The clients' scripts record what they were given; only
# dhclient's puts its address on the client namespace's veth (the RELEASE is
# unicast from it).
#
# Every wait is bounded; nothing asserts on timing. Namespaces, pins and
# processes are removed on any exit.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/testsh.sh

BUILD=${DFO_BUILD:-$PWD/build}
AGENT=$BUILD/dhcpfod
CLI=$BUILD/dhcpfo
INST=dhcpbasic-$$
PIN_ROOT=/sys/fs/bpf/dhcpfo
NET=10.213.0
SRV=$NET.1
RESV_MAC=02:dd:00:00:00:99

prereq_ok=1
if [ "$(id -u)" != 0 ]; then
	fail "needs root (network namespaces, XDP, bpffs)"
	prereq_ok=0
fi
for t in "$AGENT" "$CLI"; do
	[ -x "$t" ] || { fail "$t not built (make)"; prereq_ok=0; }
done
for c in ip nsenter jq busybox dhclient timeout; do
	command -v "$c" >/dev/null || { fail "$c not installed (make deps)"; prereq_ok=0; }
done
if [ $prereq_ok = 0 ]; then
	finish
	exit 1
fi
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf

TMP=$(mktemp -d /tmp/dfo-dhcp-basic.XXXXXX) || exit 2
on_exit "rm -rf '$TMP'"
SOCK=$TMP/sock
AGENT_PID=

dfo() { "$CLI" --socket "$SOCK" "$@"; }

start_agent() {
	nsenter --net="/run/netns/$SNS" "$AGENT" --instance "$INST" --state-dir "$TMP/state" \
		--socket "$SOCK" --pin-root "$PIN_ROOT" --interface vs0 --log-level debug "$@" \
		>>"$TMP/agent.log" 2>&1 &
	AGENT_PID=$!
	wait_for 10 dfo agent info >/dev/null 2>&1
}

stop_agent() {
	[ -n "$AGENT_PID" ] || return 0
	kill -TERM "$AGENT_PID" 2>/dev/null
	wait "$AGENT_PID"
	local rc=$?
	AGENT_PID=
	return $rc
}
on_exit 'stop_agent; "$AGENT" --instance "$INST" --pin-root "$PIN_ROOT" --unpin'

# last octet of a dotted quad
octet() { echo "${1##*.}"; }
in_pool() {
	local o
	o=$(octet "$1")
	[ "${1%.*}" = "$NET" ] && [ "$o" -ge 100 ] && [ "$o" -le 150 ] &&
		! { [ "$o" -ge 100 ] && [ "$o" -le 119 ]; }
}

# ---- topology and agent -----------------------------------------------------

SNS=$(mkns srv) && CNS=$(mkns cli) || { fail "namespaces"; finish; exit 1; }
for ns in "$SNS" "$CNS"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
ip link add vs0 netns "$SNS" type veth peer name vc0 netns "$CNS"
ip -n "$SNS" addr add "$SRV/24" dev vs0
ip -n "$SNS" link set vs0 up
ip -n "$CNS" link set vc0 up

start_agent
check "dhcpfod answers with XDP attached" eval 'dfo agent info >/dev/null'
expect_eq "DHCP served" true "$("$AGENT" --socket "$SOCK" --call agent.info |
	jq -r .result.dhcp_serving)"

check "scope add" dfo scope add "$NET.0/24" --name basic --range "$NET.100-$NET.150" \
	--lease-duration 2h
check "exclusion add" dfo scope exclusion add "$NET.0" "$NET.100-$NET.119"
check "reservation add" dfo scope reservation add "$NET.0" "$NET.140" "$RESV_MAC" --name resv-host
check "option routers" dfo scope option set "$NET.0" routers "$SRV"
check "option dns" dfo scope option set "$NET.0" domain-name-servers "$NET.53" "$NET.54"
check "option domain" dfo scope option set "$NET.0" domain-name basic.test

# ---- udhcpc ------------------------------------------------------------------

cat >"$TMP/udhcpc.sh" <<EOF
#!/bin/sh
env | grep -E '^(ip|subnet|router|dns|domain|lease|serverid|broadcast|hostname)=' | sort \
	>"$TMP/udhcpc.\$1"
EOF
chmod +x "$TMP/udhcpc.sh"

udhcpc_run() {
	rm -f "$TMP/udhcpc.bound"
	nsenter --net="/run/netns/$CNS" timeout 20 busybox udhcpc -i vc0 -n -q -f -t 5 -T 1 \
		-s "$TMP/udhcpc.sh" >"$TMP/udhcpc.out" 2>&1
}
uval() { sed -n "s/^$1=//p" "$TMP/udhcpc.bound"; }

check "udhcpc obtains a lease" udhcpc_run
IP1=$(uval ip)
check "udhcpc address $IP1 is in the pool, not excluded, not reserved" \
	eval 'in_pool "$IP1" && [ "$IP1" != "$NET.140" ]'
expect_eq "udhcpc subnet mask" 255.255.255.0 "$(uval subnet)"
expect_eq "udhcpc router" "$SRV" "$(uval router)"
expect_eq "udhcpc DNS" "$NET.53 $NET.54" "$(uval dns)"
expect_eq "udhcpc domain" basic.test "$(uval domain)"
expect_eq "udhcpc lease time" 7200 "$(uval lease)"
expect_eq "udhcpc server identifier" "$SRV" "$(uval serverid)"
expect_eq "udhcpc broadcast" "$NET.255" "$(uval broadcast)"
check "udhcpc again keeps its address" udhcpc_run
expect_eq "same address on the second run" "$IP1" "$(uval ip)"

# The reservation: the client with the reserved MAC gets its address and name.
ip -n "$CNS" link set vc0 address "$RESV_MAC"
check "udhcpc with the reserved MAC" udhcpc_run
expect_eq "reserved address" "$NET.140" "$(uval ip)"
expect_eq "reserved host name" resv-host "$(uval hostname)"

# ---- dhclient ----------------------------------------------------------------

ip -n "$CNS" link set vc0 address 02:dd:00:00:00:01
# The RELEASE is a unicast to the server: the address goes on vc0 (client ns only).
cat >"$TMP/dhclient.sh" <<EOF
#!/bin/sh
env | grep -E '^(reason|new_)' | sort >"$TMP/dhclient.\$reason"
case \$reason in
BOUND) ip addr add "\$new_ip_address/24" dev vc0 ;;
RELEASE|STOP|EXPIRE|FAIL) ip addr flush dev vc0 ;;
esac
exit 0
EOF
chmod +x "$TMP/dhclient.sh"
printf 'timeout 15;\nretry 1;\ninitial-interval 1;\n' >"$TMP/dhclient.conf"
DHC=(nsenter --net="/run/netns/$CNS" dhclient -cf "$TMP/dhclient.conf" -sf "$TMP/dhclient.sh"
     -lf "$TMP/dhclient.leases" -pf "$TMP/dhclient.pid")
on_exit '[ -s "$TMP/dhclient.pid" ] && kill "$(cat "$TMP/dhclient.pid")"'
dval() { sed -n "s/^$1=//p" "$TMP/dhclient.BOUND"; }

check "dhclient obtains a lease" timeout 30 "${DHC[@]}" -1 vc0
IP2=$(dval new_ip_address)
check "dhclient address $IP2 is in the pool, not excluded" in_pool "$IP2"
check "dhclient address differs from udhcpc's" [ "$IP2" != "$IP1" ]
expect_eq "dhclient routers" "$SRV" "$(dval new_routers)"
expect_eq "dhclient DNS" "$NET.53 $NET.54" "$(dval new_domain_name_servers)"
expect_eq "dhclient domain" basic.test "$(dval new_domain_name)"
expect_eq "dhclient lease time" 7200 "$(dval new_dhcp_lease_time)"
expect_eq "dhclient T1" 3600 "$(dval new_dhcp_renewal_time)"
expect_eq "dhclient T2" 6300 "$(dval new_dhcp_rebinding_time)"
expect_eq "dhclient server identifier" "$SRV" "$(dval new_dhcp_server_identifier)"

dfo --json lease list >"$TMP/leases.json" 2>"$TMP/leases.err"
expect_eq "three leases listed" 3 "$(jq 'length' "$TMP/leases.json" 2>/dev/null)"
expect_eq "dhclient's lease active" active \
	"$(jq -r --arg a "$IP2" '.[] | select(.address == $a) | .state' "$TMP/leases.json")"

# RELEASE (dhclient -r) frees the lease.
check "dhclient releases" timeout 30 "${DHC[@]}" -r vc0
wait_for 5 eval 'dfo --json lease show "$IP2" 2>/dev/null | grep -q released'
expect_eq "released lease state" released \
	"$(dfo --json lease show "$IP2" 2>/dev/null | jq -r '.state // .[0].state')"

"$AGENT" --socket "$SOCK" --call agent.info >"$TMP/info.json"
expect_eq "engine: ACKs sent" 4 "$(jq .result.dhcp.replied.ack "$TMP/info.json")"
expect_eq "engine: one RELEASE" 1 "$(jq .result.dhcp.released "$TMP/info.json")"
expect_eq "engine: no NAK" 0 "$(jq .result.dhcp.replied.nak "$TMP/info.json")"
expect_eq "engine: no send error" 0 "$(jq .result.dhcp.send_errors "$TMP/info.json")"

# ---- the engine alone (--no-xdp), after a restart --------------------------------

check "clean stop" stop_agent
"$AGENT" --instance "$INST" --pin-root "$PIN_ROOT" --unpin >/dev/null 2>&1
start_agent --no-xdp
check "dhcpfod answers with --no-xdp" eval 'dfo agent info >/dev/null'
expect_eq "leases kept across the restart" 3 "$(dfo --json lease list 2>/dev/null | jq length)"
ip -n "$CNS" addr flush dev vc0
ip -n "$CNS" link set vc0 address 02:dd:00:00:00:02
check "udhcpc obtains a lease without XDP" udhcpc_run
IP3=$(uval ip)
check "address $IP3 is in the pool and new" eval 'in_pool "$IP3" && [ "$IP3" != "$IP1" ] &&
	[ "$IP3" != "$IP2" ]'
expect_eq "options without XDP" "$SRV" "$(uval router)"

if [ "$T_FAIL" -ne 0 ]; then
	echo "--- agent log (tail)"
	tail -40 "$TMP/agent.log"
fi
finish
