#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Lease durability (issue 5 item 5): kill -9 under load loses no acknowledged
# lease, and a damaged journal tail is cut at restart with a warning, keeping
# every earlier lease.
#
#   perf ns: vc0 10.0.0.2/16 ------------------ vs0 10.0.0.1/16 :srv ns
#            perfdhcp as a relay (giaddr),          dhcpfod, XDP attached
#            tcpdump of every ACK that arrived
#
# 1. perfdhcp runs four-way exchanges at 400/s from random clients; after 3 s
#    dhcpfod is killed with SIGKILL. Every DHCPACK that reached the client
#    side is decoded from the capture (yiaddr, chaddr). After a restart on
#    the same state directory each of them must be an active lease of that
#    client (`dhcpfo lease list --json`), and the service works on.
# 2. One more exchange, SIGKILL, and leases.journal cut 10 bytes short (its
#    last record torn, as a crash in the middle of a write leaves it): the
#    restart warns about the cut, keeps every lease of step 1 and drops the
#    torn one.
# 3. SIGKILL, 64 bytes of garbage appended to the journal: the restart warns,
#    cuts them, and keeps every lease.
#
# Every wait is bounded; nothing asserts on timing.
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/testsh.sh
. tests/lib/dhcpsh.sh

if ! dh_prereq "$AGENT" "$CLI" ip nsenter jq tcpdump timeout perfdhcp truncate; then
	finish
	exit 1
fi
dh_init dhcp-crash

SRV=10.0.0.1
CLI_IP=10.0.0.2
JOURNAL=$DH_TMP/srv/state/leases.journal

dh_ns srv && SNS=$REPLY && dh_ns perf && PNS=$REPLY && dh_link "$PNS" vc0 "$SNS" vs0 &&
	ip -n "$SNS" addr add "$SRV/16" dev vs0 && ip -n "$PNS" addr add "$CLI_IP/16" dev vc0 ||
	{ fail "building the topology"; finish; exit 1; }

start() { dh_agent_start srv "$SNS" --interface vs0 --server-address "$SRV"; }
start || { finish; exit 1; }
run_ok "scope 10.0.0.0/16" dfo_at srv scope add 10.0.0.0/16 --range 10.0.1.0-10.0.255.250 \
	--lease-duration 1h

# perf ARGS...: perfdhcp as a relay from $CLI_IP (replies come to port 67).
perf() {
	nsx "$PNS" timeout 60 perfdhcp -4 -l "$CLI_IP" -L 67 -d 2 "$@" "$SRV" \
		>>"$DH_TMP/perfdhcp.out" 2>&1
}
# acks ROUND: "yiaddr chaddr" of every DHCPACK captured in ROUND, sorted.
acks() { dh_decode "$DH_TMP/$1.pcap" | awk '$6 == "ACK" { print $9, $7 }' | sort -u; }
# active: "address hwaddr" of every active lease, sorted.
active() { dh_leases srv | awk '$2 == "active" { print $1, $3 }' | sort -u; }
# kept NAME FILE: every line of FILE is an active lease.
kept() {
	local missing
	missing=$(comm -23 "$2" "$DH_TMP/active.now")
	if [ -z "$missing" ]; then
		ok "$1: all $(wc -l <"$2") acknowledged leases are active leases"
	else
		fail "$1: $(echo "$missing" | wc -l) of $(wc -l <"$2") acknowledged leases lost," \
			"e.g. $(echo "$missing" | head -3 | tr '\n' ' ')"
	fi
}
journal_warning() { tail -n +"$1" "$DH_TMP/srv.log" | grep -i "warn" | grep -q "leases.journal"; }

# ---- 1. kill -9 under load -----------------------------------------------

dh_capture_start load "$PNS" vc0 || { finish; exit 1; }
# (nsenter, not the perf function: a function run with & keeps our traps)
nsenter --net="/run/netns/$PNS" timeout 60 perfdhcp -4 -l "$CLI_IP" -L 67 -d 2 -r 400 \
	-R 1000000 -s 11 -p 8 "$SRV" >>"$DH_TMP/perfdhcp.out" 2>&1 &
PERF_PID=$!
sleep 3
dh_agent_stop srv KILL
wait "$PERF_PID"
dh_capture_stop load
acks load >"$DH_TMP/load.acks"
n=$(wc -l <"$DH_TMP/load.acks")
check "ACKs captured before the kill: $n" test "$n" -ge 200
dups=$(awk '{ print $1 }' "$DH_TMP/load.acks" | uniq -d | head -3 | tr '\n' ' ')
expect_eq "no address acknowledged to two clients" "" "$dups"

start || { finish; exit 1; }
active >"$DH_TMP/active.now"
kept "after kill -9 under load" "$DH_TMP/load.acks"
: >"$DH_TMP/perfdhcp.out"
perf -r 100 -n 50 -R 1000000 -s 12 -W 2000000 -b mac=02:77:00:00:00:00
expect_eq "the restarted server completes 50 more exchanges (perfdhcp status)" 0 "$?"

# ---- 2. a torn last record -----------------------------------------------

dh_capture_start one "$PNS" vc0 || { finish; exit 1; }
perf -r 10 -n 1 -W 2000000 -b mac=02:88:00:00:00:01
dh_capture_stop one
acks one >"$DH_TMP/one.acks"
expect_eq "one more exchange acknowledged" 1 "$(wc -l <"$DH_TMP/one.acks")"
active >"$DH_TMP/active.now"
comm -23 <(cat "$DH_TMP/load.acks" "$DH_TMP/one.acks" | sort -u) "$DH_TMP/active.now" \
	>"$DH_TMP/missing"
check "every acknowledged lease is active before the second kill" test ! -s "$DH_TMP/missing"
active >"$DH_TMP/before-torn"
dh_agent_stop srv KILL
size=$(stat -c %s "$JOURNAL")
check "the journal holds the last record ($size bytes)" test "$size" -gt 10
truncate -s $((size - 10)) "$JOURNAL"
log0=$(($(wc -l <"$DH_TMP/srv.log") + 1))
start || { finish; exit 1; }
check "restart warned about the torn leases.journal" journal_warning "$log0"
active >"$DH_TMP/active.now"
kept "after the torn record" "$DH_TMP/load.acks"
one=$(cat "$DH_TMP/one.acks")
check "the torn record's lease ($one) is gone" no_match "^${one//./\\.}\$" "$DH_TMP/active.now"
changed=$(diff <(grep -vxF "$one" "$DH_TMP/before-torn") "$DH_TMP/active.now" | grep "^[<>]" |
	head -3 | tr "\n" " ")
expect_eq "nothing else changed" "" "$changed"

# ---- 3. garbage after the last record ------------------------------------

active >"$DH_TMP/before-garbage"
dh_agent_stop srv KILL
size=$(stat -c %s "$JOURNAL")
head -c 64 /dev/urandom >>"$JOURNAL"
log0=$(($(wc -l <"$DH_TMP/srv.log") + 1))
start || { finish; exit 1; }
check "restart warned about the garbage in leases.journal" journal_warning "$log0"
active >"$DH_TMP/active.now"
kept "after the garbage" "$DH_TMP/load.acks"
check "every lease kept" cmp -s "$DH_TMP/before-garbage" "$DH_TMP/active.now"
check "the garbage was cut (journal back to $size bytes or compacted)" \
	test "$(stat -c %s "$JOURNAL")" -le "$size"
check "dhcpfod still running" dh_agent_up srv

finish
