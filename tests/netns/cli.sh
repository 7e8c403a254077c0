#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# dfo-suite: vm
#
# The dhcpfo CLI end to end against a real dhcpfod (--no-xdp, in its own
# network namespace, socket and state in a temporary directory): tables
# for people, --json checked with jq, --help on every command, and the exit
# status and message of API errors (1), usage errors (2) and an agent that
# is not there.
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/testsh.sh

BUILD=${DFO_BUILD:-$PWD/build}
AGENT=$BUILD/dhcpfod
CLI=$BUILD/dhcpfo

prereq_ok=1
[ "$(id -u)" = 0 ] || { fail "needs root (network namespace)"; prereq_ok=0; }
for t in "$AGENT" "$CLI"; do
	[ -x "$t" ] || { fail "$t not built (make)"; prereq_ok=0; }
done
for c in ip jq; do
	command -v "$c" >/dev/null || { fail "$c not installed (make deps)"; prereq_ok=0; }
done
if [ $prereq_ok = 0 ]; then
	finish
	exit 1
fi

DIR=$(mktemp -d /tmp/dfo-cli-test-XXXXXX)
on_exit "rm -rf '$DIR'"
SOCK=$DIR/api.sock
NS=$(mkns cli) || { fail "cannot create a network namespace"; finish; exit 1; }
ip netns exec "$NS" "$AGENT" --no-xdp --instance "cli-test-$$" --state-dir "$DIR/state" \
	--socket "$SOCK" --pin-root "$DIR/pins" >"$DIR/agent.log" 2>&1 &
AGENT_PID=$!
on_exit "kill $AGENT_PID; wait $AGENT_PID"
for _ in $(seq 200); do
	[ -S "$SOCK" ] && break
	sleep 0.05
done
[ -S "$SOCK" ] || { fail "dhcpfod did not create $SOCK"; cat "$DIR/agent.log"; finish; exit 1; }

# dfo ARGS...: run the CLI on our agent; sets OUT, ERR and RC
dfo() {
	"$CLI" --socket "$SOCK" "$@" >"$DIR/out" 2>"$DIR/err"
	RC=$?
	OUT=$(cat "$DIR/out")
	ERR=$(cat "$DIR/err")
}

# ok_run "desc" ARGS...: the command succeeds
ok_run() {
	local d=$1; shift
	dfo "$@"
	if [ "$RC" = 0 ]; then ok "$d"; else fail "$d: exit $RC: $ERR"; fi
}

# jq_eq "desc" FILTER EXPECTED: on the last --json output
jq_eq() {
	local got
	got=$(printf '%s' "$OUT" | jq -r "$2" 2>&1)
	expect_eq "$1" "$3" "$got"
}

# err_is "desc" RC NAME CODE: exit status and the error's name and code on stderr
err_is() {
	if [ "$RC" = "$2" ] && [[ "$ERR" == "dhcpfo: $3 ($4): "* ]]; then
		ok "$1"
	else
		fail "$1: exit $RC, stderr '$ERR'"
	fi
}

## --help everywhere, usage errors
dfo --help
expect_eq "dhcpfo --help exits 0" 0 "$RC"
mapfile -t CMDS < <(printf '%s\n' "$OUT" | sed -n 's/^  \([a-z]\+ [a-z-]\+\( [a-z]\+\)\?\)\( .*\)\?$/\1/p' |
	awk '{ if ($3 ~ /^(add|remove|list|show|set)$/) print $1, $2, $3; else print $1, $2 }' | sort -u)
[ "${#CMDS[@]}" -ge 30 ] && ok "--help lists ${#CMDS[@]} commands" || fail "--help lists ${#CMDS[@]} commands"
help_bad=0
for c in "${CMDS[@]}"; do
	# shellcheck disable=SC2086
	"$CLI" $c --help >"$DIR/out" 2>&1 || { help_bad=1; echo "  '$c --help' failed"; }
	grep -q "^usage: dhcpfo .*$c" "$DIR/out" || { help_bad=1; echo "  '$c --help' has no usage line"; }
done
expect_eq "every command has --help" 0 "$help_bad"
dfo frobnicate
expect_eq "unknown command: exit 2" 2 "$RC"
dfo scope add 192.0.2.0 --bogus
expect_eq "unknown option: exit 2" 2 "$RC"
dfo scope add 192.0.2.0
expect_eq "scope add without a mask: exit 2" 2 "$RC"
check "usage errors name the problem" grep -q "needs a mask" "$DIR/err"
dfo failover add x --partner 1.2.3 --this-server 192.0.2.1 --scope 192.0.2.0
expect_eq "bad address: exit 2" 2 "$RC"
dfo failover
expect_eq "a group without subcommand: exit 2" 2 "$RC"

## no agent / remote server
"$CLI" --socket "$DIR/nothing.sock" scope list >"$DIR/out" 2>"$DIR/err"; RC=$?; ERR=$(cat "$DIR/err")
err_is "no agent: SERVER_NOT_RUNNING" 1 ERROR_DHCP_SERVER_NOT_RUNNING 20123
# (the TCP transport itself: tests/netns/remote.sh)
DHCPFO_KEY_FILE= dfo -s 192.0.2.250 failover list
if [ -e /etc/dhcpfo/api.key ]; then
	ok "a remote server without a key: skipped, /etc/dhcpfo/api.key exists"
else
	err_is "a remote server without a key: ACCESS_DENIED" 1 ERROR_ACCESS_DENIED 5
	check "it says why" grep -q "no key" "$DIR/err"
fi
dfo -s no-such-host.invalid failover list
err_is "a name that does not resolve" 1 ERROR_DHCP_SERVER_NAME_NOT_RESOLVED 20124
(umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$DIR/api.key")
dfo -s 127.0.0.1:1 --key-file "$DIR/api.key" failover list
err_is "nothing listening on the port: SERVER_NOT_REACHABLE" 1 ERROR_DHCP_SERVER_NOT_REACHABLE 20122
ok_run "--server localhost is this host" -s localhost agent info
ok_run "agent info --json" agent info --json
jq_eq "agent info: version" '.version | length > 0' true
jq_eq "agent info: socket" .socket "$SOCK"

## scopes
ok_run "scope add with prefix and range" scope add 192.0.2.0/24 --name lab --comment "first floor" \
	--lease-duration 12h --range 192.0.2.10-192.0.2.200
ok_run "scope add with --mask" scope add 198.51.100.0 --mask 255.255.255.0 --name "b\xc3\xbcro"
ok_run "scope add disabled" scope add 203.0.113.0/25 --disabled
dfo scope add 192.0.2.0/24
err_is "duplicate scope" 1 ERROR_DHCP_SUBNET_EXISTS 20052
dfo scope add 192.0.2.5/24
err_is "address not the subnet's" 1 ERROR_DHCP_INVALID_SUBNET_PREFIX 20091
ok_run "scope list" scope list
check "table header" grep -q "^SCOPE  *MASK  *NAME  *STATE  *LEASE  *FAILOVER" "$DIR/out"
check "table row" grep -q "^192.0.2.0  *255.255.255.0  *lab  *enabled  *12h  *-" "$DIR/out"
ok_run "scope list --json" scope list --json
jq_eq "3 scopes" length 3
jq_eq "ascending" '[.[].address] | join(",")' "192.0.2.0,198.51.100.0,203.0.113.0"
jq_eq "disabled state" '.[2].state' disabled
jq_eq "mask of a /25" '.[2].mask' 255.255.255.128
ok_run "scope set" scope set 198.51.100.0 --comment "moved" --lease-duration 1d
ok_run "scope set --state" scope set 203.0.113.0 --state enabled
dfo scope set 192.0.2.0 --mask 255.255.0.0
err_is "the mask cannot change" 1 ERROR_INVALID_PARAMETER 87
dfo scope set 10.9.9.0 --name x
err_is "set on a missing scope" 1 ERROR_DHCP_SUBNET_NOT_PRESENT 20005

ok_run "exclusion add" scope exclusion add 192.0.2.0 192.0.2.50 192.0.2.59
ok_run "reservation add" scope reservation add 192.0.2.0 192.0.2.20 00:0c:01:02:03:04 --name printer
dfo scope reservation add 192.0.2.0 192.0.2.20 00:0c:01:02:03:05
err_is "reserved twice" 1 ERROR_DHCP_RESERVEDIP_EXITS 20022
ok_run "range add (second)" scope range add 198.51.100.0 198.51.100.10-198.51.100.99
dfo scope range add 198.51.100.0 198.51.100.50 198.51.100.60
err_is "overlapping range" 1 ERROR_DHCP_IPRANGE_EXITS 20021
ok_run "option set (known name)" scope option set 192.0.2.0 routers 192.0.2.1
ok_run "option set (code, two values)" scope option set 192.0.2.0 6 192.0.2.53 192.0.2.54
ok_run "option set (typed)" scope option set 192.0.2.0 250 --type binary 0a0b0c
dfo scope option set 192.0.2.0 250 x
expect_eq "unknown option without --type: exit 2" 2 "$RC"
ok_run "scope show" scope show 192.0.2.0
check "show: lease" grep -q "^Lease duration: 12h" "$DIR/out"
check "show: reservation row" grep -q "^192.0.2.20  *00:0c:01:02:03:04  *printer" "$DIR/out"
check "show: options" grep -q "^6  *domain-name-servers  *ipaddress  *192.0.2.53,192.0.2.54" "$DIR/out"
ok_run "scope show --json" scope show 192.0.2.0 --json
jq_eq "json: name" .name lab
jq_eq "json: lease" .lease_duration 43200
jq_eq "json: ranges" '.ranges[0] | "\(.start)-\(.end)/\(.range_type)"' "192.0.2.10-192.0.2.200/dhcp"
jq_eq "json: exclusions" '.exclusions[0].end' 192.0.2.59
jq_eq "json: reservation" '.reservations[0].hwaddr' 00:0c:01:02:03:04
jq_eq "json: options" '[.options[].code] | join(",")' "3,6,250"
jq_eq "json: binary option" '.options[2].values[0]' 0a0b0c
ok_run "option show" scope option show 192.0.2.0 routers --json
jq_eq "option show: values" '.values[0]' 192.0.2.1
ok_run "option remove" scope option remove 192.0.2.0 250
dfo scope option show 192.0.2.0 250
err_is "removed option" 1 ERROR_DHCP_OPTION_NOT_PRESENT 20010
ok_run "range list --json" scope range list 198.51.100.0 --json
jq_eq "one range" length 1

## failover
ok_run "failover add" failover add --local-only campus --partner 192.0.2.2 --this-server 192.0.2.1 \
	--scope 192.0.2.0 --percent 70 --mclt 30m --secret s3cret --partner-name dhcp-b
dfo failover add --local-only campus --partner 192.0.2.2 --this-server 192.0.2.1 --scope 198.51.100.0
err_is "an existing name" 1 ERROR_DHCP_FO_RELATIONSHIP_EXISTS 20114
expect_eq "the agent's message" "dhcpfo: ERROR_DHCP_FO_RELATIONSHIP_EXISTS (20114): relationship 'campus' already exists" "$ERR"
dfo failover add --local-only other --partner 192.0.2.2 --this-server 192.0.2.1 --scope 192.0.2.0
err_is "a scope in use" 1 ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP 20113
dfo failover add --local-only other --partner 192.0.2.2 --this-server 192.0.2.1 --scope 10.77.0.0
err_is "a missing scope" 1 ERROR_DHCP_SUBNET_NOT_PRESENT 20005
long=$(printf 'x%.0s' $(seq 127))
dfo failover add --local-only "$long" --partner 192.0.2.2 --this-server 192.0.2.1 --scope 198.51.100.0
err_is "127-character name" 1 ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG 20125
dfo failover add hs --partner 192.0.2.3 --this-server 192.0.2.1 --scope 198.51.100.0 --percent 5 --mode hot-standby
expect_eq "--percent with hot standby: exit 2" 2 "$RC"
ok_run "failover add hot standby (standby)" failover add --local-only hs --partner 192.0.2.3 --this-server 192.0.2.1 \
	--scope 198.51.100.0 --reserve-percent 8 --role standby --safe-period 1h
ok_run "failover list" failover list
check "list header" grep -q "^NAME  *MODE  *ROLE  *STATE  *PARTNER  *SPLIT  *MCLT  *SCOPES" "$DIR/out"
check "list row campus" grep -q "^campus  *load-balance  *primary  *STARTUP  *192.0.2.2  *70/30  *30m  *1" "$DIR/out"
check "list row hs" grep -q "^hs  *hot-standby  *standby  *STARTUP  *192.0.2.3  *reserve 8%" "$DIR/out"
ok_run "failover list --json" failover list --json
jq_eq "two relationships, by name" '[.[].name] | join(",")' "campus,hs"
ok_run "failover show --json" failover show campus --json
jq_eq "mode" .mode load_balance
jq_eq "server type" .server_type primary
jq_eq "primary is this server" .primary_server 192.0.2.1
jq_eq "secondary is the partner" .secondary_server 192.0.2.2
jq_eq "partner name" .secondary_server_name dhcp-b
jq_eq "percentage" .percentage 70
jq_eq "mclt" .mclt 1800
jq_eq "state" .state_name STARTUP
jq_eq "prev state" .prev_state_name INIT
jq_eq "no automatic transition" .safe_period 4294967295
jq_eq "secret set, not shown" '[.shared_secret_set, has("shared_secret")] | join(",")' "true,false"
jq_eq "scopes" '.scopes | join(",")' 192.0.2.0
ok_run "failover show hs --json" failover show hs --json
jq_eq "hs: standby = secondary" .server_type secondary
jq_eq "hs: this server is the secondary" .secondary_server 192.0.2.1
jq_eq "hs: reserve" .percentage 8
jq_eq "hs: safe period" .safe_period 3600
jq_eq "hs: auto transition" .auto_state_transition true
ok_run "failover show (text)" failover show campus
check "show: state line" grep -q "^State:  *STARTUP" "$DIR/out"
check "show: split line" grep -q "^Load balance:  *70% primary, 30% secondary" "$DIR/out"
ok_run "failover show --scope" failover show --scope 198.51.100.0 --json
jq_eq "by scope" .name hs

ok_run "scope add (for failover scope)" scope add 10.20.0.0/24 --range 10.20.0.10-10.20.0.20
dfo failover scope add --local-only campus 10.20.0.0
err_is "scopes join in NORMAL only" 1 ERROR_DHCP_FO_STATE_NOT_NORMAL 20120
ok_run "failover set --state NORMAL" failover set campus --state NORMAL
ok_run "failover set --percent --mclt" failover set campus --local-only --percent 60 --mclt 600 --lb-max-seconds 9 \
	--hash-key chaddr --auto-state-transition on
ok_run "failover show after set" failover show campus --json
jq_eq "state NORMAL" .state_name NORMAL
jq_eq "prev STARTUP" .prev_state_name STARTUP
jq_eq "percentage 60" .percentage 60
jq_eq "mclt 600" .mclt 600
jq_eq "lb max seconds" .lb_max_seconds 9
jq_eq "hash key" .hash_key chaddr
jq_eq "auto transition" .auto_state_transition true
ok_run "failover set --percent as secondary" failover set hs --local-only --mode load-balance --percent 25
ok_run "failover show hs" failover show hs --json
jq_eq "secondary's 25% is the primary's 75" .percentage 75
dfo failover set campus --state BOGUS
expect_eq "bad state: exit 2" 2 "$RC"
dfo failover set nothere --mclt 5
err_is "set on a missing relationship" 1 ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST 20115
ok_run "failover scope add" failover scope add --local-only campus 10.20.0.0
ok_run "failover show --scope (added)" failover show --scope 10.20.0.0 --json
jq_eq "two scopes" '.scopes | join(",")' "10.20.0.0,192.0.2.0"
ok_run "failover scope remove" failover scope remove --local-only campus 10.20.0.0
dfo failover scope remove --local-only campus 10.20.0.0
err_is "removed twice" 1 ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP 20116

ok_run "failover stats" failover stats campus
check "stats header" grep -q "^SCOPE  *ADDRESSES  *FREE  *IN-USE" "$DIR/out"
check "says there are no XDP counters" grep -q "no XDP counters" "$DIR/out"
ok_run "failover stats --json" failover stats campus --json
jq_eq "addresses: range less exclusion and reservation" '.[0].num_addr' 180
jq_eq "nothing in use without leases" '.[0].addr_in_use' 0
jq_eq "split adds up" '.[0].this_addr_free + .[0].partner_addr_free' 180
ok_run "failover which (all relationships)" failover which 00:0c:01:02:03:04 --json
jq_eq "chaddr bucket" .bucket 131
jq_eq "owner in campus (60 % = 154 buckets)" '.relationships[] | select(.relationship == "campus") | .owner' primary
ok_run "failover which --scope" failover which 00:0c:01:02:03:04 --scope 192.0.2.0 --json
jq_eq "agent's bucket" .bucket 131
jq_eq "agent's owner" .owner primary
jq_eq "this server answers (primary, NORMAL)" .this_server_answers true
ok_run "failover which client-id" failover which 01000c01020304 --scope 198.51.100.0 --json
jq_eq "client-id bucket" .bucket 104
dfo failover which zz:zz
expect_eq "bad key: exit 2" 2 "$RC"
ok_run "failover address-status" failover address-status 192.0.2.55 --json
jq_eq "excluded" .status_name excluded
ok_run "failover time" failover time --json
jq_eq "agent clock" "(.time - $(date +%s)) | fabs < 5" true
dfo failover client 192.0.2.20
err_is "no leases yet" 1 ERROR_DHCP_JET_ERROR 20013
ok_run "failover trigger-alloc" failover trigger-alloc campus

## datapath
ok_run "datapath status" datapath status
check "datapath: no XDP" grep -q "no XDP program" "$DIR/out"
ok_run "datapath status --json" datapath status --json
jq_eq "no counters without XDP" .global null

## removal
dfo scope remove 192.0.2.0
err_is "a failover scope stays" 1 ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP 20113
ok_run "failover remove" failover remove --local-only campus hs
ok_run "failover list --json (empty)" failover list --json
jq_eq "no relationships" length 0
ok_run "scope remove" scope remove 192.0.2.0 198.51.100.0 --force
ok_run "scope list --json (after)" scope list --json
jq_eq "two scopes left" '[.[].address] | join(",")' "10.20.0.0,203.0.113.0"
dfo failover remove --local-only campus
err_is "removed twice" 1 ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST 20115

finish
