#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Remote management and replication between two failover partners (issue 6):
#
#   ns A: va0 192.0.2.1/24 ------------- vb0 192.0.2.2/24 :ns B
#         dhcpfod A (XDP on va0)                dhcpfod B (XDP on vb0)
#         API on 192.0.2.1:6470                 API on 192.0.2.2:6470
#
# Both agents share one key file. The dhcpfo CLI runs in ns A against A's
# unix socket and reaches B over TCP as the relationship's partner:
# failover add creates the relationship and copies the scope on B (seen in
# B's state and its pinned maps); a reservation and an option changed on A
# show in `failover diff` and `failover show`, replication by scope id makes
# the diff empty, by name and for all relationships says unchanged; scope
# add/remove act on both (B's maps follow); forged, missing and replayed
# MACs are refused, logged with the peer's address and change nothing; with
# B stopped every two-sided command fails clearly and changes nothing on
# either side; a key file others can read keeps an agent from starting.
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/testsh.sh

BUILD=${DFO_BUILD:-$PWD/build}
AGENT=$BUILD/dhcpfod
CLI=$BUILD/dhcpfo
RAW=$BUILD/tests/tools/dfo-rawapi
PIN_ROOT=/sys/fs/bpf/dhcpfo
INST_A=remote-a-$$
INST_B=remote-b-$$
A=192.0.2.1
B=192.0.2.2

prereq_ok=1
[ "$(id -u)" = 0 ] || { fail "needs root (network namespaces, XDP, bpffs)"; prereq_ok=0; }
for t in "$AGENT" "$CLI" "$RAW"; do
	[ -x "$t" ] || { fail "$t not built (make tests)"; prereq_ok=0; }
done
for c in ip nsenter jq bpftool timeout script; do
	command -v "$c" >/dev/null || { fail "$c not installed (make deps)"; prereq_ok=0; }
done
if [ $prereq_ok = 0 ]; then
	finish
	exit 1
fi

TMP=$(mktemp -d /tmp/dfo-remote-netns.XXXXXX) || exit 2
on_exit "rm -rf '$TMP'"
KEY=$TMP/api.key
(umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$KEY")
NSA=$(mkns ra) && NSB=$(mkns rb) || { fail "creating network namespaces"; finish; exit 1; }
for i in A B; do
	inst=INST_$i
	on_exit "timeout 20 '$AGENT' --instance '${!inst}' --pin-root '$PIN_ROOT' --socket '$TMP/$i.sock' --unpin; rm -rf '$PIN_ROOT/${!inst}'"
	on_exit "kill \$(cat '$TMP/$i.pid' 2>/dev/null) 2>/dev/null; sleep 0.2"
done
ip link add va0 netns "$NSA" type veth peer name vb0 netns "$NSB"
ip -n "$NSA" addr add $A/24 dev va0
ip -n "$NSB" addr add $B/24 dev vb0
ip netns exec "$NSA" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec "$NSB" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip -n "$NSA" link set va0 up
ip -n "$NSB" link set vb0 up

# agent_start A|B [extra options]: in its namespace (nsenter: pins on the host's bpffs)
agent_start() {
	local i=$1 ns ifc addr inst
	shift
	if [ "$i" = A ]; then ns=$NSA ifc=va0 addr=$A inst=$INST_A; else ns=$NSB ifc=vb0 addr=$B inst=$INST_B; fi
	nsenter --net="/run/netns/$ns" "$AGENT" --instance "$inst" --pin-root "$PIN_ROOT" \
		--state-dir "$TMP/state-$i" --socket "$TMP/$i.sock" --interface "$ifc" --no-dhcp \
		--server-address "$addr" --api-listen "$addr:6470" --api-key-file "$KEY" "$@" \
		>>"$TMP/$i.log" 2>&1 &
	echo $! >"$TMP/$i.pid"
	for _ in $(seq 200); do
		"$CLI" --socket "$TMP/$i.sock" agent info >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	return 1
}
agent_stop() { kill -TERM "$(cat "$TMP/$1.pid")"; wait "$(cat "$TMP/$1.pid")" 2>/dev/null; }

# the CLI in ns A on A's socket, its key for B; on B's socket (any namespace)
ca() { nsenter --net="/run/netns/$NSA" timeout 30 "$CLI" --socket "$TMP/A.sock" --key-file "$KEY" "$@"; }
cb() { timeout 30 "$CLI" --socket "$TMP/B.sock" "$@"; }
# run: $OUT, $ERR, $RC of a command
run() { "$@" >"$TMP/out" 2>"$TMP/err"; RC=$?; OUT=$(cat "$TMP/out"); ERR=$(cat "$TMP/err"); }
jqo() { jq -r "$1" <<<"$OUT"; }
maps() { bpftool -j map dump pinned "$PIN_ROOT/$1/$2"; }

## a key file others can read: the agent refuses to start
cp "$KEY" "$TMP/exposed.key"
chmod 644 "$TMP/exposed.key"
run nsenter --net="/run/netns/$NSB" timeout 20 "$AGENT" --instance "bad-$$" --no-xdp \
	--state-dir "$TMP/state-bad" --socket "$TMP/bad.sock" --pin-root "$TMP/pins-bad" \
	--api-listen "$B:6471" --api-key-file "$TMP/exposed.key"
check "key file mode 0644: dhcpfod refuses to start" test "$RC" -ne 0
check "the log says why" grep -q "mode 0644" "$TMP/err"
run nsenter --net="/run/netns/$NSB" timeout 20 "$AGENT" --instance "bad-$$" --no-xdp \
	--state-dir "$TMP/state-bad" --socket "$TMP/bad.sock" --pin-root "$TMP/pins-bad" \
	--api-listen "$B:6471"
expect_eq "--api-listen without a key file: usage error" 2 "$RC"

check "agent A starts (API on $A:6470)" agent_start A
check "agent B starts (API on $B:6470)" agent_start B
check "B listens on TCP" grep -q "remote API on $B:6470" "$TMP/B.log"

## remote management from ns A
run ca -s $B agent info --json
expect_eq "dhcpfo -s $B: B's instance, over TCP" "$INST_B" "$(jqo .instance)"
expect_eq "dhcpfo -s $B: the server it reached" "$B:6470" "$(jqo .server)"
run ca -s $A agent info --json
expect_eq "dhcpfo -s $A (its own address): the unix socket" "$INST_A" "$(jqo .instance)"
(umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$TMP/wrong.key")
run nsenter --net="/run/netns/$NSA" "$CLI" -s $B --key-file "$TMP/wrong.key" scope list
expect_eq "another key: exit 1" 1 "$RC"
check "another key: ERROR_ACCESS_DENIED (5)" grep -q "ERROR_ACCESS_DENIED (5)" "$TMP/err"
run ca -s $B:6479 scope list
check "nothing on that port: ERROR_DHCP_SERVER_NOT_REACHABLE" grep -q "(20122)" "$TMP/err"
run ca -s no-such-host.invalid scope list
check "a name that does not resolve: (20124)" grep -q "ERROR_DHCP_SERVER_NAME_NOT_RESOLVED (20124)" "$TMP/err"

## failover add on both
check "scope add on A" ca scope add 192.0.2.0/24 --name lab --range 192.0.2.10-192.0.2.200
check "exclusion on A" ca scope exclusion add 192.0.2.0 192.0.2.50-192.0.2.59
check "reservation on A" ca scope reservation add 192.0.2.0 192.0.2.20 00:0c:01:02:03:04 --name printer
check "option on A" ca scope option set 192.0.2.0 6 192.0.2.53
run ca failover add campus --partner $B --this-server $A --scope 192.0.2.0 --percent 70 \
	--mclt 10m --secret s3cret
expect_eq "failover add (both): exit 0" 0 "$RC"
run cb failover show campus --json
expect_eq "B has campus" campus "$(jqo .name)"
expect_eq "B's copy: secondary" secondary "$(jqo .server_type)"
expect_eq "B's copy: 70% primary" 70 "$(jqo .percentage)"
expect_eq "B's copy: MCLT" 600 "$(jqo .mclt)"
expect_eq "B's copy: the secret" true "$(jqo .shared_secret_set)"
expect_eq "B's copy: the scope" 192.0.2.0 "$(jqo '.scopes | join(",")')"
REL_B=$(timeout 20 "$AGENT" --socket "$TMP/B.sock" --call failover.get '{"name":"campus"}' | jq .result.relationship.id)
run cb scope reservation list 192.0.2.0 --json
expect_eq "the scope on B: the reservation" "192.0.2.20 printer" "$(jqo '.[0] | "\(.address) \(.name)"')"
run cb scope option list 192.0.2.0 --json
expect_eq "the scope on B: the option" 192.0.2.53 "$(jqo '.[0].values | join(",")')"
run cb scope exclusion list 192.0.2.0 --json
expect_eq "the scope on B: the exclusion" 1 "$(jqo length)"
# 192.0.2.0 = 3221225984 host order
expect_eq "B's dfo_scopes: 192.0.2.0/24 -> campus" "$REL_B" \
	"$(maps "$INST_B" dfo_scopes | jq -r '.[].formatted | select(.value.scope_id == 3221225984) | .value.rel_id')"
expect_eq "B's dfo_rels: secondary (role 1)" 1 \
	"$(maps "$INST_B" dfo_rels | jq -r ".[].formatted | select(.key == $REL_B) | .value.role")"
run ca failover show campus --json
expect_eq "show: in sync" in-sync "$(jqo .sync.state)"
run ca failover add campus --partner $B --this-server $A --scope 192.0.2.0
check "again: refused on this server" grep -q "this server.*(20114)\|(20113)" "$TMP/err"
check "set NORMAL on A" ca failover set campus --state NORMAL
check "set NORMAL on B (remotely)" ca -s $B failover set campus --state NORMAL

## drift: a reservation and an option changed on A
check "reservation moved on A" ca scope reservation remove 192.0.2.0 192.0.2.20 00:0c:01:02:03:04
check "reservation added on A" ca scope reservation add 192.0.2.0 192.0.2.21 00:0c:01:02:03:04 --name printer
check "option changed on A" ca scope option set 192.0.2.0 6 192.0.2.53 192.0.2.54
run ca failover diff campus --json
expect_eq "diff: one scope, differs" differs "$(jqo '.[0].result')"
expect_eq "diff: the fields" "option 6 (domain-name-servers),reservation 192.0.2.20,reservation 192.0.2.21" \
	"$(jqo '[.[0].differences[].what] | sort | join(",")')"
expect_eq "diff: the option on each side" 'ipaddress ["192.0.2.53","192.0.2.54"] | ipaddress ["192.0.2.53"]' \
	"$(jqo '.[0].differences[] | select(.what | startswith("option")) | "\(.here) | \(.partner)"')"
run ca failover show campus
check "show: DRIFTED" grep -q "^Configuration: *DRIFTED" "$TMP/out"
run ca failover replicate --scope 192.0.2.0 </dev/null
expect_eq "replicate without --force, stdin not a terminal: refused (exit 2)" 2 "$RC"
check "it says to add --force" grep -q "add --force" "$TMP/err"
run ca failover diff campus --json
expect_eq "refused: nothing changed" differs "$(jqo '.[0].result')"
# with a terminal: shows the diff and asks; 'n' changes nothing
run nsenter --net="/run/netns/$NSA" script -qec "'$CLI' --socket '$TMP/A.sock' --key-file '$KEY' failover replicate --scope 192.0.2.0" /dev/null <<<n
check "interactive: it asks" grep -q "Replicate 1 scope to the partner.*\[y/N\]" "$TMP/out"
check "interactive: 'n' changes nothing" grep -q "Nothing was changed" "$TMP/out"
run ca failover replicate --scope 192.0.2.0 --force --json
expect_eq "replicate --scope: replicated" replicated "$(jqo '.[0].result')"
run ca failover diff campus --json
expect_eq "diff after replicate: no differences" "unchanged 0" "$(jqo '.[0] | "\(.result) \(.differences | length)"')"
run cb scope reservation list 192.0.2.0 --json
expect_eq "B's reservation moved" 192.0.2.21 "$(jqo '[.[].address] | join(",")')"
run cb scope option show 192.0.2.0 6 --json
expect_eq "B's option replicated" 192.0.2.53,192.0.2.54 "$(jqo '.values | join(",")')"
run ca failover show campus --json
expect_eq "show: in sync again" in-sync "$(jqo .sync.state)"
expect_eq "B's dfo_scopes unchanged by replication" "$REL_B" \
	"$(maps "$INST_B" dfo_scopes | jq -r '.[].formatted | select(.value.scope_id == 3221225984) | .value.rel_id')"
run ca failover replicate --name campus --force --json
expect_eq "replicate --name: unchanged" unchanged "$(jqo '.[0].result')"
check "scope renamed on A" ca scope set 192.0.2.0 --name lab-a --comment "moved"
run ca failover replicate --force --json
expect_eq "replicate (all): replicated" replicated "$(jqo '.[0].result')"
run cb scope show 192.0.2.0 --json
expect_eq "B's scope renamed" "lab-a moved" "$(jqo '"\(.name) \(.comment)"')"
run ca failover replicate --scope 203.0.113.0 --force
check "a scope that is not there: its line" grep -q "203.0.113.0: ERROR_DHCP_SUBNET_NOT_PRESENT (20005)" "$TMP/out"
check "scope add (not in a relationship)" ca scope add 198.18.0.0/24
run ca failover replicate --scope 198.18.0.0 --force
expect_eq "a scope in no relationship: exit 1" 1 "$RC"
check "... ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP (20116)" grep -q "(20116)" "$TMP/out"

## failover scope add / remove on both
check "scope for failover scope add" ca scope add 198.51.100.0/24 --range 198.51.100.10-198.51.100.99
check "failover scope add (both)" ca failover scope add campus 198.51.100.0
run cb failover show campus --json
expect_eq "B: two scopes in campus" 192.0.2.0,198.51.100.0 "$(jqo '.scopes | join(",")')"
run cb scope range list 198.51.100.0 --json
expect_eq "B: the new scope's range" 198.51.100.10 "$(jqo '.[0].start')"
# 198.51.100.0 = 3325256704
expect_eq "B's dfo_scopes: 198.51.100.0/24 -> campus" "$REL_B" \
	"$(maps "$INST_B" dfo_scopes | jq -r '.[].formatted | select(.value.scope_id == 3325256704) | .value.rel_id')"
check "failover scope remove (both)" ca failover scope remove campus 198.51.100.0
run cb scope show 198.51.100.0
check "B: the scope deleted there" grep -q "(20005)" "$TMP/err"
expect_eq "B's dfo_scopes: 198.51.100.0/24 gone" "" \
	"$(maps "$INST_B" dfo_scopes | jq -r '.[].formatted | select(.value.scope_id == 3325256704) | .value.rel_id')"
run ca scope show 198.51.100.0 --json
expect_eq "A keeps it, in no relationship" "198.51.100.0 null" "$(jqo '"\(.address) \(.relationship)"')"

## forged, missing and replayed MACs (dfo-rawapi from ns A to B)
raw() { nsenter --net="/run/netns/$NSA" timeout 20 "$RAW" --server $B:6470 --key-file "$KEY" "$@"; }
CREATE='{"scope":{"address":"203.0.113.0","mask":"255.255.255.0"}}'
run raw agent.info
expect_eq "a valid raw request: status 0" 0 "$(head -1 <<<"$OUT" | jq .status)"
run raw --forge-mac scope.create "$CREATE"
expect_eq "forged MAC: ERROR_ACCESS_DENIED, then closed" "5 closed" "$(head -1 <<<"$OUT" | jq -r .status) $(tail -1 <<<"$OUT")"
run raw --no-mac scope.create "$CREATE"
expect_eq "no MAC: ERROR_ACCESS_DENIED, then closed" "5 closed" "$(head -1 <<<"$OUT" | jq -r .status) $(tail -1 <<<"$OUT")"
run raw --seq 2 scope.create "$CREATE"
expect_eq "out of order (2 first): refused" 5 "$(head -1 <<<"$OUT" | jq .status)"
run raw --replay scope.delete '{"address":"198.18.99.0"}'
expect_eq "replayed: the first answered, the copy refused, closed" "20005 5 closed" \
	"$(jq -r .status <<<"$(sed -n 1p <<<"$OUT")") $(jq -r .status <<<"$(sed -n 2p <<<"$OUT")") $(sed -n 3p <<<"$OUT")"
run cb scope show 203.0.113.0
check "none of them created the scope on B" grep -q "(20005)" "$TMP/err"
check "B logged the refusals with the peer" grep -q "remote API: $A:[0-9]*: request refused: the MAC does not verify" "$TMP/B.log"
check "... the missing MAC" grep -q "remote API: $A:[0-9]*: request refused: no MAC" "$TMP/B.log"
check "... the replay" grep -q "remote API: $A:[0-9]*: request refused: sequence number 1 where 2 was due" "$TMP/B.log"

## B stopped: clear errors, nothing changed on either side
run ca failover show campus --json
DIGEST_A=$(jqo .sync.digest)
DIGEST_B=$(jqo .sync.partner_digest)
check "stop B" agent_stop B
check "option changed on A" ca scope option set 192.0.2.0 6 192.0.2.99
run ca failover show campus --json
DIGEST_A=$(jqo .sync.digest)
expect_eq "show: partner unknown" "unknown ERROR_DHCP_SERVER_NOT_REACHABLE" "$(jqo '"\(.sync.state) \(.sync.error)"')"
run ca failover replicate --force
expect_eq "replicate: exit 1" 1 "$RC"
check "replicate: the scope's line says SERVER_NOT_REACHABLE" grep -q "192.0.2.0 (campus): ERROR_DHCP_SERVER_NOT_REACHABLE (20122)" "$TMP/out"
run ca failover remove campus
check "remove: ERROR_DHCP_SERVER_NOT_REACHABLE, nothing changed" grep -q "(20122): nothing was changed" "$TMP/err"
check "scope for a scope add" ca scope add 198.51.101.0/24
run ca failover scope add campus 198.51.101.0
check "scope add: (20122)" grep -q "(20122)" "$TMP/err"
run ca failover add other --partner $B --this-server $A --scope 198.51.101.0
check "add: (20122), nothing changed" grep -q "(20122): nothing was changed" "$TMP/err"
run ca failover show campus --json
expect_eq "A: campus and its scope as they were" "192.0.2.0 $DIGEST_A" "$(jqo '"\(.scopes | join(",")) \(.sync.digest)"')"
run ca failover show other
check "A: no relationship 'other'" grep -q "(20115)" "$TMP/err"
check "restart B" agent_start B
run ca failover show campus --json
expect_eq "B: as it was" "$DIGEST_B drifted" "$(jqo '"\(.sync.partner_digest) \(.sync.state)"')"
run ca failover replicate --force --json
expect_eq "replicate once B is back" replicated "$(jqo '.[0].result')"

## the agents watch their partner: drift logged; the primary replicates by itself
check "stop A" agent_stop A
check "stop B" agent_stop B
check "A restarts with --partner-check 1" agent_start A --partner-check 1
check "B restarts with --partner-check 1" agent_start B --partner-check 1
check "option changed on B, the secondary" cb scope option set 192.0.2.0 6 192.0.2.77
check "B logs the drift" wait_for 20 grep -q "relationship 'campus': the configuration differs from the partner's" "$TMP/B.log"
check "A logs it too" wait_for 20 grep -q "relationship 'campus': the configuration differs from the partner's" "$TMP/A.log"
run cb scope option show 192.0.2.0 6 --json
expect_eq "without --auto-replicate nothing is changed" 192.0.2.77 "$(jqo '.values | join(",")')"
check "stop A" agent_stop A
check "A restarts with --auto-replicate campus" agent_start A --partner-check 1 --auto-replicate campus
b_opt() { [ "$(cb scope option show 192.0.2.0 6 --json | jq -r '.values | join(",")')" = "$1" ]; }
check "A (primary, auto-replicate) puts its configuration back on B" wait_for 20 b_opt 192.0.2.99
check "A logged it" grep -q "auto-replicate: 192.0.2.0 (campus): replicated to $B:6470" "$TMP/A.log"
check "B logs that they agree again" wait_for 20 grep -q "relationship 'campus': configuration equal on both partners" "$TMP/B.log"
check "reservation added on A" ca scope reservation add 192.0.2.0 192.0.2.30 00:0c:01:02:03:30
b_resv() { cb scope reservation list 192.0.2.0 --json | jq -e 'any(.[]; .address == "192.0.2.30")' >/dev/null; }
check "... and it reaches B by itself" wait_for 20 b_resv

## failover remove on both
check "failover remove (both)" ca failover remove campus
run cb failover list --json
expect_eq "B: no relationship left" 0 "$(jqo length)"
run ca failover list --json
expect_eq "A: no relationship left" 0 "$(jqo length)"
expect_eq "B's dfo_rels empty" 0 "$(maps "$INST_B" dfo_rels | jq length)"

## failover set on both (Set-DhcpServerv4Failover): the relationship's settings
## on both partners, the state on this server only, --local-only
# the CLI in ns B on B's socket, with the key to reach A
cbk() { nsenter --net="/run/netns/$NSB" timeout 30 "$CLI" --socket "$TMP/B.sock" --key-file "$KEY" "$@"; }
rel_b() { cb failover show north --json | jq -r "$1"; }
rel_a() { ca failover show north --json | jq -r "$1"; }
run ca failover add north --partner $B --this-server $A --scope 198.51.100.0 --percent 60 --mclt 10m
expect_eq "set: failover add north (both)" 0 "$RC"
run ca failover set north --percent 80 --mclt 20m --hash-key chaddr --lb-max-seconds 30 \
	--safe-period 1h --auto-state-transition on
expect_eq "set (both): exit 0" 0 "$RC"
SET_FIELDS='"\(.percentage) \(.mclt) \(.hash_key) \(.lb_max_seconds) \(.safe_period) \(.auto_state_transition)"'
expect_eq "set: A has the new settings" "80 1200 chaddr 30 3600 true" "$(rel_a "$SET_FIELDS")"
expect_eq "set: B has them too (80% primary on its copy as well)" "80 1200 chaddr 30 3600 true" \
	"$(rel_b "$SET_FIELDS")"
REL_N=$(timeout 20 "$AGENT" --socket "$TMP/B.sock" --call failover.get '{"name":"north"}' | jq .result.relationship.id)
expect_eq "B's dfo_rels follow: lb_max_secs 30, key_mode chaddr (1)" "30 1" \
	"$(maps "$INST_B" dfo_rels | jq -r ".[].formatted | select(.key == $REL_N) | \"\(.value.lb_max_secs) \(.value.key_mode)\"")"
owner_a=$(ca failover which 00:0c:01:02:03:04 --scope 198.51.100.0 --json | jq -r .owner)
owner_b=$(cb failover which 00:0c:01:02:03:04 --scope 198.51.100.0 --json | jq -r .owner)
check "both agents put a client in the same half ($owner_a)" test -n "$owner_a" -a "$owner_a" = "$owner_b"
# from the secondary: --percent is its own share, stored as the primary's on both
run cbk failover set north --percent 25
expect_eq "set from B (secondary, 25%): exit 0" 0 "$RC"
expect_eq "B: 75% primary" 75 "$(rel_b .percentage)"
expect_eq "A: 75% primary" 75 "$(rel_a .percentage)"
# the state is this server's alone (-PartnerDown)
STATE_B=$(rel_b .state_name)
check "set --state PARTNER_DOWN on A" ca failover set north --state PARTNER_DOWN
expect_eq "A: PARTNER_DOWN" PARTNER_DOWN "$(rel_a .state_name)"
expect_eq "B: its state unchanged" "$STATE_B" "$(rel_b .state_name)"
check "set --mclt 30m --local-only" ca failover set north --mclt 30m --local-only
expect_eq "--local-only: A 30m, B still 20m" "1800 1200" "$(rel_a .mclt) $(rel_b .mclt)"
check "set --mclt 30m (both)" ca failover set north --mclt 30m
# the partner refuses a value: nothing changed on either server
run ca failover set north --mclt 40m --lb-max-seconds 70000
expect_eq "partner refuses: exit 1" 1 "$RC"
check "the error names the partner and says nothing changed" \
	grep -q "ERROR_INVALID_PARAMETER (87): partner $B:6470: .*nothing was changed on either server" "$TMP/err"
expect_eq "mclt unchanged on both" "1800 1800 30 30" \
	"$(rel_a .mclt) $(rel_b .mclt) $(rel_a .lb_max_seconds) $(rel_b .lb_max_seconds)"
# B stopped: a shared setting cannot change, the state still can (the partner is not asked)
check "stop B (set)" agent_stop B
run ca failover set north --mclt 1h
check "set with B down: (20122), nothing changed" grep -q "(20122): nothing was changed" "$TMP/err"
expect_eq "A's mclt unchanged" 1800 "$(rel_a .mclt)"
check "set --state COMMUNICATION_INT with B down" ca failover set north --state COMMUNICATION_INT
expect_eq "A: COMMUNICATION_INT" COMMUNICATION_INT "$(rel_a .state_name)"
check "restart B (set)" agent_start B --partner-check 1
expect_eq "B: as it was" "1800 $STATE_B" "$(rel_b '"\(.mclt) \(.state_name)"')"
check "failover remove north (both)" ca failover remove north

finish
