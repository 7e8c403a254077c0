#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# dfo-suite: vm
#
# dhcpfod end to end (issue 3): the agent in a network namespace with XDP on
# a veth, managed through its API socket.
#
#   client ns: vc0 ------------------------- vs0 :server ns, 192.0.2.1/24
#              dfo-dhcpgen (DISCOVERs)           dhcpfod, XDP attached by it
#
# Scopes and a relationship are created with the dhcpfo CLI (build/dhcpfo;
# dhcpfod --call when it is not built or DFO_NO_CLI=1); the pinned maps are checked with
# bpftool; real DISCOVERs get the verdicts the relationship's state and
# buckets say (STARTUP drops, NORMAL splits, PARTNER_DOWN passes); a restart
# keeps state and maps; kill -9 leaves the program filtering; a corrupt state
# file is refused; 8 concurrent clients x 1000 pipelined calls leave exactly
# the expected state, also after a restart; malformed JSON, oversize frames
# and unknown ops change nothing; --unpin detaches and removes the pins.
#
# dhcpfod runs through `nsenter --net` (not `ip netns exec`, whose private
# /sys has no host bpffs: pins made there would vanish with the process).
# Namespaces, the agent and the pins are removed on any exit.
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/testsh.sh

BUILD=${DFO_BUILD:-$PWD/build}
AGENT=$BUILD/dhcpfod
CLI=$BUILD/dhcpfo
GEN=$BUILD/tests/tools/dfo-dhcpgen
DPCTL=$BUILD/tests/tools/dfo-dpctl
PIN_ROOT=/sys/fs/bpf/dhcpfo
INST=agent-test-$$
PIN=$PIN_ROOT/$INST
SRV=192.0.2.1
N=256			# DISCOVERs per check
CLIENTS=8
CALLS=1000		# per client

prereq_ok=1
[ "$(id -u)" = 0 ] || { fail "needs root (network namespaces, XDP, bpffs)"; prereq_ok=0; }
for t in "$AGENT" "$GEN" "$DPCTL"; do
	[ -x "$t" ] || { fail "$t not built (make tests)"; prereq_ok=0; }
done
for c in ip nsenter jq bpftool timeout; do
	command -v "$c" >/dev/null || { fail "$c not installed (make deps)"; prereq_ok=0; }
done
if [ $prereq_ok = 0 ]; then
	finish
	exit 1
fi

TMP=$(mktemp -d /tmp/dfo-agent-netns.XXXXXX) || exit 2
on_exit "rm -rf '$TMP'"
SOCK=$TMP/api.sock
STATE=$TMP/state
LOG=$TMP/agent.log

# ---- helpers -------------------------------------------------------------

call() { timeout 20 "$AGENT" --socket "$SOCK" --call "$@"; }
callq() { call "$@" >/dev/null; }	# for check: success or not
# callj OP ARGS JQ: one call, a jq expression over the reply
callj() { call "$1" "${2:-{\}}" | jq -r "$3"; }
if [ -x "$CLI" ] && [ -z "${DFO_NO_CLI:-}" ]; then
	USE_CLI=1
	cli() { timeout 20 "$CLI" --socket "$SOCK" "$@"; }
else
	USE_CLI=0
fi

AGENT_PID=
agent_start() {
	nsenter --net="/run/netns/$SNS" "$AGENT" --instance "$INST" --pin-root "$PIN_ROOT" \
		--state-dir "$STATE" --socket "$SOCK" --interface vs0 --server-address "$SRV" \
		--max-relationships 4096 "$@" >>"$LOG" 2>&1 &
	AGENT_PID=$!
	echo "$AGENT_PID" >"$TMP/agent.pid"
	wait_for 10 agent_up
}
agent_up() { call agent.info >/dev/null 2>&1; }
agent_alive() { kill -0 "$AGENT_PID" 2>/dev/null; }
agent_stop() {	# clean stop; returns the agent's exit status
	kill -TERM "$AGENT_PID"
	wait "$AGENT_PID"
}

# Sum of a per-CPU counter of dfo_global, read straight from the pinned map.
global() {
	bpftool -j map dump pinned "$PIN/dfo_global" |
		jq "[.[0].formatted.values[].value.$1] | add"
}
# A per-scope counter through the agent.
sstat() { callj failover.datapath_stats "{\"scope\":\"192.0.2.0\"}" ".result.scope.$1"; }
xdp_prog() { ip -n "$SNS" -j -d link show dev vs0 | jq -r '.[0].xdp.prog.id // 0'; }
maps_dump() {
	local m
	for m in dfo_scopes dfo_rels dfo_ifaces; do
		bpftool -j map dump pinned "$PIN/$m" | jq -S -c 'sort_by(.key)'
	done
}

send_discovers() {	# send N DISCOVERs from sequential MACs
	nsenter --net="/run/netns/$CNS" timeout 20 "$GEN" --ifname vc0 --count "$N" \
		--rate 20000 -q
}
grown() { [ "$(global rx)" -ge "$1" ]; }

# frame JSON: the message with its 4-byte big-endian length (no forks)
frame() {
	local h
	printf -v h '%08x' "${#1}"
	printf "\\x${h:0:2}\\x${h:2:2}\\x${h:4:2}\\x${h:6:2}%s" "$1"
}

# ---- topology ------------------------------------------------------------

if ! mkns asrv >"$TMP/ns.srv" || ! mkns acli >"$TMP/ns.cli"; then
	fail "creating network namespaces"
	finish
	exit 1
fi
SNS=$(<"$TMP/ns.srv")
CNS=$(<"$TMP/ns.cli")
# Reverse order on exit: kill the agent, then unpin (which refuses while it runs).
on_exit "timeout 20 '$AGENT' --instance '$INST' --pin-root '$PIN_ROOT' --socket '$SOCK' --unpin; rm -rf '$PIN'"
on_exit "kill -9 \$(cat '$TMP/agent.pid' 2>/dev/null) 2>/dev/null; sleep 0.1"

for ns in "$SNS" "$CNS"; do
	nsenter --net="/run/netns/$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
check "veth pair between the namespaces" \
	ip link add vs0 netns "$SNS" type veth peer name vc0 netns "$CNS"
ip -n "$SNS" addr add "$SRV/24" dev vs0
ip -n "$SNS" link set vs0 up
ip -n "$CNS" link set vc0 up

# ---- start, attach -------------------------------------------------------

check "dhcpfod starts and answers on $SOCK" agent_start
check "socket is mode 0660" test "$(stat -c %a "$SOCK")" = 660
check "XDP attached to vs0 by dhcpfod" test "$(xdp_prog)" -gt 0
check "link pinned under $PIN" test -e "$PIN/link_vs0"
st=$(call datapath.status)
expect_eq "datapath.status: vs0 present with its address" "vs0 true 192.0.2.1" \
	"$(jq -r '.result.interfaces[0] | "\(.name) \(.present) \(.addresses[0])"' <<<"$st")"
expect_eq "datapath.status: prog id matches iproute2" "$(xdp_prog)" \
	"$(jq -r '.result.interfaces[0].prog_id' <<<"$st")"

# ---- scopes and a relationship -------------------------------------------

if [ $USE_CLI = 1 ]; then
	check "dhcpfo scope add 192.0.2.0/24" cli scope add 192.0.2.0/24 --name lab \
		--range 192.0.2.10-192.0.2.200
	check "dhcpfo scope add 198.51.100.0/24" cli scope add 198.51.100.0/24 --name other
	check "dhcpfo failover add campus" cli failover add --local-only campus --partner 192.0.2.2 \
		--this-server "$SRV" --scope 192.0.2.0 --percent 50
else
	check "scope.create 192.0.2.0/24" callq scope.create \
		'{"scope":{"address":"192.0.2.0","mask":"255.255.255.0","name":"lab"}}'
	check "range 192.0.2.10-200" callq scope.element_add '{"address":"192.0.2.0","element":
		{"type":"range","start":"192.0.2.10","end":"192.0.2.200"}}'
	check "scope.create 198.51.100.0/24" callq scope.create \
		'{"scope":{"address":"198.51.100.0","mask":"255.255.255.0","name":"other"}}'
	check "failover.create campus" callq failover.create '{"relationship":{"name":"campus",
		"primary_server":"192.0.2.1","secondary_server":"192.0.2.2",
		"scopes":["192.0.2.0"],"percentage":50}}'
fi
REL_ID=$(callj failover.get '{"name":"campus"}' .result.relationship.id)
expect_eq "campus starts in STARTUP" STARTUP \
	"$(callj failover.get '{"name":"campus"}' .result.relationship.state_name)"

scopes=$(bpftool -j map dump pinned "$PIN/dfo_scopes")
expect_eq "dfo_scopes: 2 entries" 2 "$(jq length <<<"$scopes")"
# 192.0.2.0 = 3221225984 in host order
expect_eq "dfo_scopes: 192.0.2.0/24 -> scope_id, rel $REL_ID" "24 $REL_ID" \
	"$(jq -r '.[].formatted | select(.value.scope_id == 3221225984) | "\(.key.prefixlen) \(.value.rel_id)"' \
		<<<"$scopes")"
expect_eq "dfo_scopes: 198.51.100.0/24 in no relationship" 0 \
	"$(jq -r '.[].formatted | select(.value.scope_id == 3325256704) | .value.rel_id' <<<"$scopes")"
rels=$(bpftool -j map dump pinned "$PIN/dfo_rels")
expect_eq "dfo_rels: campus compiled for STARTUP (2), lb, primary" "$REL_ID 2 0 0" \
	"$(jq -r '.[0].formatted | "\(.key) \(.value.state) \(.value.mode) \(.value.role)"' <<<"$rels")"
expect_eq "dfo_ifaces: vs0 with 1 address" 1 \
	"$(bpftool -j map dump pinned "$PIN/dfo_ifaces" | jq '.[0].formatted.value.n_addr')"

# ---- verdicts for real DISCOVERs -----------------------------------------

"$GEN" --dry-run --print-macs --count "$N" -q >"$TMP/macs"
OURS=$("$DPCTL" owns --pct 50 --role primary --count <"$TMP/macs" |
	sed -n 's/.*owned=\([0-9]*\).*/\1/p')
rx0=$(global rx)
send_discovers
wait_for 5 grown $((rx0 + N)) || fail "only $(($(global rx) - rx0)) of $N frames seen"
expect_eq "STARTUP: every DISCOVER dropped by state" "$N" "$(sstat dropped_by_state)"

check "failover.set CHANGESTATE -> NORMAL" \
	callq failover.set '{"flags":4,"relationship":{"name":"campus","state":3}}'
expect_eq "dfo_rels follows at once (state 3)" 3 \
	"$(bpftool -j map dump pinned "$PIN/dfo_rels" | jq '.[0].formatted.value.state')"
p0=$(sstat passed)
d0=$(sstat dropped_not_ours)
rx0=$(global rx)
send_discovers
wait_for 5 grown $((rx0 + N)) || fail "only $(($(global rx) - rx0)) of $N frames seen"
expect_eq "NORMAL 50/50: passed = the $OURS clients we own" "$OURS" $(($(sstat passed) - p0))
expect_eq "NORMAL 50/50: the partner's $((N - OURS)) dropped" $((N - OURS)) \
	$(($(sstat dropped_not_ours) - d0))
mac1=$(head -1 "$TMP/macs")
w=$(callj failover.which "{\"scope\":\"192.0.2.0\",\"hwaddr\":\"$mac1\"}" .result.this_server_answers)
o=$("$DPCTL" owns --pct 50 --role primary "$mac1" | wc -l)
expect_eq "failover.which agrees with the datapath for $mac1" \
	"$([ "$o" = 1 ] && echo true || echo false)" "$w"

check "failover.set CHANGESTATE -> PARTNER_DOWN" \
	callq failover.set '{"flags":4,"relationship":{"name":"campus","state":5}}'
p0=$(sstat passed)
d0=$(sstat dropped_not_ours)
rx0=$(global rx)
send_discovers
wait_for 5 grown $((rx0 + N)) || fail "only $(($(global rx) - rx0)) of $N frames seen"
expect_eq "PARTNER_DOWN: all $N passed" "$N" $(($(sstat passed) - p0))
expect_eq "PARTNER_DOWN: none dropped" 0 $(($(sstat dropped_not_ours) - d0))

# ---- restart keeps state and maps ----------------------------------------

enum0=$(callj failover.enum '{}' -c .result)
maps0=$(maps_dump)
agent_stop
expect_eq "SIGTERM: clean exit" 0 "$?"
check "the program stays attached without the agent" test "$(xdp_prog)" -gt 0
check "restart" agent_start
expect_eq "restart: relationships identical" "$enum0" "$(callj failover.enum '{}' -c .result)"
expect_eq "restart: maps identical" "$maps0" "$(maps_dump)"
check "restart: reconcile found nothing to fix" \
	grep -q "reconciled: 0 added, 0 fixed, 0 removed" "$LOG"

# Tamper with the maps while the agent is down: a missing scope entry, a
# wrong policy, a stale policy. The next start repairs exactly that.
zeros() { local i; for ((i = 0; i < $1; i++)); do printf '00 '; done; }
le32() { printf '%02x %02x %02x %02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24)); }
vsz=$(bpftool -j map show pinned "$PIN/dfo_rels" | jq .bytes_value)
agent_stop
check "tamper: delete 198.51.100.0/24 from dfo_scopes" \
	bpftool map delete pinned "$PIN/dfo_scopes" key hex 18 00 00 00 c6 33 64 00
check "tamper: zero campus's policy" \
	bpftool map update pinned "$PIN/dfo_rels" key hex $(le32 "$REL_ID") value hex $(zeros "$vsz")
check "tamper: a stale policy 999" \
	bpftool map update pinned "$PIN/dfo_rels" key hex $(le32 999) value hex $(zeros "$vsz")
: >"$LOG"
check "restart over tampered maps" agent_start
check "reconcile: 1 added, 1 fixed, 1 removed" \
	grep -q "reconciled: 1 added, 1 fixed, 1 removed" "$LOG"
expect_eq "reconcile: maps equal the state again" "$maps0" "$(maps_dump)"

# ---- kill -9 leaves filtering working ------------------------------------

check "back to NORMAL" callq failover.set '{"flags":4,"relationship":{"name":"campus","state":3}}'
prog=$(xdp_prog)
{ kill -9 "$AGENT_PID" && wait "$AGENT_PID"; } 2>/dev/null
expect_eq "kill -9: program still attached" "$prog" "$(xdp_prog)"
check "kill -9: maps still pinned" test -e "$PIN/dfo_scopes" -a -e "$PIN/dfo_rels"
drop0=$(global dropped)
pass0=$(global passed)
rx0=$(global rx)
send_discovers
wait_for 5 grown $((rx0 + N)) || fail "only $(($(global rx) - rx0)) of $N frames seen"
expect_eq "kill -9: the partner's clients still dropped" $((N - OURS)) $(($(global dropped) - drop0))
expect_eq "kill -9: ours still passed" "$OURS" $(($(global passed) - pass0))
: >"$LOG"
check "restart after kill -9 (stale socket, journal replay)" agent_start
expect_eq "after kill -9: state kept" NORMAL \
	"$(callj failover.get '{"name":"campus"}' .result.relationship.state_name)"
check "after kill -9: maps needed no fix" grep -q "reconciled: 0 added, 0 fixed, 0 removed" "$LOG"

# ---- interface tracking ---------------------------------------------------

ifaces_of() { bpftool -j map dump pinned "$PIN/dfo_ifaces" | jq -c '[.[].formatted | {key, n: .value.n_addr}]'; }
no_ifaces() { [ "$(ifaces_of)" = "[]" ]; }
xdp_up() { [ "$(xdp_prog)" -gt 0 ]; }
n_addr_is() { [ "$(bpftool -j map dump pinned "$PIN/dfo_ifaces" | jq '.[0].formatted.value.n_addr')" = "$1" ]; }
check "a second address on vs0 reaches dfo_ifaces" ip -n "$SNS" addr add 198.51.100.1/24 dev vs0
check "dfo_ifaces: vs0 now has 2 addresses" wait_for 5 n_addr_is 2
old_idx=$(ip -n "$SNS" -j link show dev vs0 | jq '.[0].ifindex')
# SIGHUP rebuilds the netlink caches from scratch (as after lost events).
check "SIGHUP: caches resynchronised" kill -HUP "$AGENT_PID"
check "SIGHUP: logged" wait_for 5 grep -q "caches resynchronised" "$LOG"
ip -n "$SNS" link del vs0
check "vs0 gone: its dfo_ifaces entry goes" wait_for 5 no_ifaces
ip link add vs0 netns "$SNS" type veth peer name vc0 netns "$CNS"
ip -n "$SNS" addr add "$SRV/24" dev vs0
ip -n "$SNS" link set vs0 up
ip -n "$CNS" link set vc0 up
new_idx=$(ip -n "$SNS" -j link show dev vs0 | jq '.[0].ifindex')
check "vs0 re-created (ifindex $old_idx -> $new_idx): XDP re-attached" wait_for 5 xdp_up
expect_eq "dfo_ifaces follows the new ifindex" "[{\"key\":$new_idx,\"n\":1}]" "$(ifaces_of)"
expect_eq "dfo_ifaces: unused address slots are zero" "[0,0,0]" \
	"$(bpftool -j map dump pinned "$PIN/dfo_ifaces" | jq -c '.[0].formatted.value.addr_be[1:]')"
drop0=$(global dropped)
rx0=$(global rx)
send_discovers
wait_for 5 grown $((rx0 + N)) || fail "only $(($(global rx) - rx0)) of $N frames seen"
expect_eq "re-created vs0: the partner's clients dropped again" $((N - OURS)) \
	$(($(global dropped) - drop0))

# ---- bad requests change nothing -----------------------------------------

seq0=$(callj agent.info '{}' .result.journal_seq)
{
	frame '{"v":1,"id":1,"op":"scope.create","args":{"scope":'
	frame '{"v":1,"id":2,"op":"scope.obliterate","args":{}}'
	frame '[1,2,3]'
	frame '{"v":1,"id":3,"op":"scope.create","args":{"scope":{"address":"203.0.113.0","mask":"255.255.0.0"}}}'
	printf '\x7f\xff\xff\xff{"v":1,"op":"scope.create"}'
} | timeout 20 "$AGENT" --socket "$SOCK" --call-raw >"$TMP/raw" 2>&1
expect_eq "malformed JSON, unknown op, non-object, bad prefix, oversize: 87 50 87 20091 87" \
	"87 50 87 20091 87" "$(jq -r .status "$TMP/raw" | tr '\n' ' ' | sed 's/ $//')"
check "oversize: 'message too large'" grep -q "message too large" "$TMP/raw"
expect_eq "nothing was journaled" "$seq0" "$(callj agent.info '{}' .result.journal_seq)"
check "the agent is still serving" agent_up

# ---- corrupt state file --------------------------------------------------

agent_stop
cp "$STATE/state.json" "$TMP/state.json.good"
printf 'X' | dd of="$STATE/state.json" bs=1 seek=40 conv=notrunc status=none
: >"$LOG"
nsenter --net="/run/netns/$SNS" timeout 20 "$AGENT" --instance "$INST" --pin-root "$PIN_ROOT" \
	--state-dir "$STATE" --socket "$SOCK" --interface vs0 >>"$LOG" 2>&1
rc=$?
check "corrupt state file: refused to start (exit $rc)" test "$rc" -ne 0
check "corrupt state file: the message names it" grep -q "$STATE/state.json: corrupt state file" "$LOG"
check "corrupt state file: XDP left in place meanwhile" test "$(xdp_prog)" -gt 0
cp "$TMP/state.json.good" "$STATE/state.json"
check "restored state file: starts" agent_start

# ---- 8 concurrent clients x 1000 pipelined calls -------------------------

# Client c owns scopes 10.(10+c).i.0/24 and relationships c<c>-<i>; 8 calls per
# i: create scope, add range, create rel, set NORMAL, get, scope.get, then
# delete both (even i) or enum + scope_stats (odd i).
gen_client() {
	local c=$1 i net rel
	for ((i = 0; i < CALLS / 8; i++)); do
		net="10.$((10 + c)).$i.0"
		rel="c$c-$i"
		frame "{\"v\":1,\"id\":$((i * 8)),\"op\":\"scope.create\",\"args\":{\"scope\":{\"address\":\"$net\",\"mask\":\"255.255.255.0\"}}}"
		frame "{\"v\":1,\"id\":$((i * 8 + 1)),\"op\":\"scope.element_add\",\"args\":{\"address\":\"$net\",\"element\":{\"type\":\"range\",\"start\":\"${net%.0}.1\",\"end\":\"${net%.0}.200\"}}}"
		frame "{\"v\":1,\"id\":$((i * 8 + 2)),\"op\":\"failover.create\",\"args\":{\"relationship\":{\"name\":\"$rel\",\"primary_server\":\"192.0.2.1\",\"secondary_server\":\"192.0.2.2\",\"scopes\":[\"$net\"],\"percentage\":$((i % 101))}}}"
		frame "{\"v\":1,\"id\":$((i * 8 + 3)),\"op\":\"failover.set\",\"args\":{\"flags\":4,\"relationship\":{\"name\":\"$rel\",\"state\":3}}}"
		frame "{\"v\":1,\"id\":$((i * 8 + 4)),\"op\":\"failover.get\",\"args\":{\"name\":\"$rel\"}}"
		frame "{\"v\":1,\"id\":$((i * 8 + 5)),\"op\":\"scope.get\",\"args\":{\"address\":\"$net\"}}"
		if ((i % 2 == 0)); then
			frame "{\"v\":1,\"id\":$((i * 8 + 6)),\"op\":\"failover.delete\",\"args\":{\"name\":\"$rel\"}}"
			frame "{\"v\":1,\"id\":$((i * 8 + 7)),\"op\":\"scope.delete\",\"args\":{\"address\":\"$net\"}}"
		else
			frame "{\"v\":1,\"id\":$((i * 8 + 6)),\"op\":\"failover.enum\",\"args\":{\"preferred_max\":3}}"
			frame "{\"v\":1,\"id\":$((i * 8 + 7)),\"op\":\"failover.scope_stats\",\"args\":{\"scope\":\"$net\"}}"
		fi
	done
}
for ((c = 0; c < CLIENTS; c++)); do
	gen_client $c >"$TMP/in.$c"
done
t0=$(date +%s%N)
pids=()
for ((c = 0; c < CLIENTS; c++)); do
	timeout 60 "$AGENT" --socket "$SOCK" --call-raw <"$TMP/in.$c" >"$TMP/out.$c" 2>&1 &
	pids+=($!)
done
wait "${pids[@]}"	# each is bounded by its timeout
ms=$((($(date +%s%N) - t0) / 1000000))
replies=$(cat "$TMP"/out.* | wc -l)
bad=$(cat "$TMP"/out.* | jq -r 'select(.status != 0 and .status != 234) | "\(.id) \(.status) \(.message)"' | head -3)
expect_eq "$CLIENTS x $CALLS calls: every reply came ($ms ms)" $((CLIENTS * CALLS)) "$replies"
expect_eq "every call succeeded" "" "$bad"
for ((c = 0; c < CLIENTS; c++)); do
	for ((i = 1; i < CALLS / 8; i += 2)); do echo "c$c-$i"; done
done | (cat; echo campus) | sort >"$TMP/expected"
callj failover.enum '{}' '.result.relationships[].name' | sort >"$TMP/got"
check "failover.enum shows exactly the expected $(wc -l <"$TMP/expected") relationships" \
	cmp -s "$TMP/expected" "$TMP/got"
nrel=$(wc -l <"$TMP/expected")
expect_eq "scope.enum: 2 + $((nrel - 1)) scopes" $((nrel + 1)) \
	"$(callj scope.enum '{}' '.result.read')"
expect_eq "dfo_rels holds them all" "$nrel" \
	"$(bpftool -j map dump pinned "$PIN/dfo_rels" | jq length)"
expect_eq "dfo_scopes holds every scope" $((nrel + 1)) \
	"$(bpftool -j map dump pinned "$PIN/dfo_scopes" | jq length)"
expect_eq "dfo_scopes: every relationship's scope points at a live rel id" 0 \
	"$(jq -n --slurpfile s <(bpftool -j map dump pinned "$PIN/dfo_scopes") \
		--slurpfile r <(bpftool -j map dump pinned "$PIN/dfo_rels") \
		'[$r[0][].formatted.key] as $ids | [$s[0][].formatted | select(.value.rel_id != 0 and
		 (.value.rel_id as $x | $ids | index($x) | not))] | length')"
enum1=$(callj failover.enum '{}' -c .result)
maps1=$(maps_dump)
agent_stop
check "restart after the load" agent_start
expect_eq "restart: the same relationships" "$enum1" "$(callj failover.enum '{}' -c .result)"
expect_eq "restart: the same maps" "$maps1" "$(maps_dump)"

# ---- unpin ---------------------------------------------------------------

check "--unpin refuses while the agent runs" \
	bash -c "! '$AGENT' --instance '$INST' --pin-root '$PIN_ROOT' --socket '$SOCK' --unpin 2>/dev/null"
agent_stop
check "--unpin" "$AGENT" --instance "$INST" --pin-root "$PIN_ROOT" --socket "$SOCK" --unpin \
	--log-level warning
expect_eq "--unpin: XDP detached from vs0" 0 "$(xdp_prog)"
check "--unpin: pin directory gone" test ! -e "$PIN"

finish
