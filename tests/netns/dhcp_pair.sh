#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# A failover pair in load balance, NORMAL state (issue 5 item 5): two
# dhcpfod in two namespaces on one segment, every RFC 3074 bucket tried.
#
#              +-- va0 A ns: 10.20.0.1/22, dhcpfod, primary, 30 %
#   lan ns     +-- vb0 B ns: 10.20.0.2/22, dhcpfod, secondary, 70 %
#   br0        +-- vc0 C ns: 10.20.0.3/22 + 10.30.0.1/24
#                  dfo-dhcpgen (DISCOVERs), tcpdump (the OFFERs)
#
# Both agents get the same scopes through their own CLI socket and the same
# relationship "pair" (`failover add --local-only` on each: configured side by
# side, not replicated, so only the DHCP service is under test here; 30 % is
# round(256 * 0.3) = 77 buckets, 0..76, for the primary), then
# `failover set pair --state normal` on each. Three rounds of
# DISCOVERs, each from fresh MACs:
#   chaddr     one client per bucket (MACs from dfo-bucket, which hashes with
#              bpf/rfc3074.h), no option 61: each client gets exactly one
#              OFFER, from A when its bucket is below 77, else from B, and the
#              offered address lies in that server's part of the free pool
#              (the first round(N * 0.3) pool addresses are A's);
#   client-id  the same with option 61 = 01 + MAC (the hash key then);
#   relayed    256 clients of scope 10.30.0.0/24 (giaddr 10.30.0.1, 40
#              addresses: 12 for A, 28 for B): each server offers exactly its
#              own 12 or 28 addresses, then stays silent, never giving one of
#              its partner's; no client gets two offers.
# All of it twice: with --no-xdp (the engine decides alone: its counters show
# the partner's DISCOVERs dropped) and with XDP attached (the program drops
# them: its per-scope counters show it and the engine never sees one).
#
# Every wait is bounded; nothing asserts on timing. Namespaces, pins and
# processes are removed on any exit.
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/testsh.sh
. tests/lib/dhcpsh.sh

if ! dh_prereq "$AGENT" "$CLI" "$GEN" "$BUCKET" ip nsenter jq tcpdump timeout; then
	finish
	exit 1
fi
dh_init dhcp-pair

A_IP=10.20.0.1
B_IP=10.20.0.2
C_IP=10.20.0.3
RELAY=10.30.0.1
PCT=30				# the primary's share
NB=$(((256 * PCT + 50) / 100))	# buckets 0..NB-1 are the primary's
# scope 10.20.0.0/22: pool 10.20.0.10 - 10.20.3.250, no exclusions
POOL1_FIRST=$((10 << 24 | 20 << 16 | 10))
POOL1_N=1009
A_SHARE1=$(((POOL1_N * PCT + 50) / 100))
# scope 10.30.0.0/24: pool 10.30.0.10 - 10.30.0.49
POOL2_N=40
A_SHARE2=$(((POOL2_N * PCT + 50) / 100))

topo() {
	dh_ns lan && LAN=$REPLY && dh_bridge "$LAN" br0 || return 1
	dh_ns a && ANS=$REPLY && dh_port "$LAN" br0 pa "$ANS" va0 || return 1
	dh_ns b && BNS=$REPLY && dh_port "$LAN" br0 pb "$BNS" vb0 || return 1
	dh_ns c && CNS=$REPLY && dh_port "$LAN" br0 pc "$CNS" vc0 || return 1
	ip -n "$ANS" addr add "$A_IP/22" dev va0 &&
		ip -n "$BNS" addr add "$B_IP/22" dev vb0 &&
		ip -n "$CNS" addr add "$C_IP/22" dev vc0 &&
		ip -n "$CNS" addr add "$RELAY/24" dev vc0 &&
		ip -n "$ANS" route add 10.30.0.0/24 via "$C_IP" &&
		ip -n "$BNS" route add 10.30.0.0/24 via "$C_IP"
}
if ! topo; then
	fail "building the topology"
	finish
	exit 1
fi

# configure TAG THIS PARTNER ROLE PERCENT: scopes and relationship through
# the agent's own socket.
configure() {
	local t=$1
	run_ok "$t: scope 10.20.0.0/22" dfo_at "$t" scope add 10.20.0.0/22 \
		--range 10.20.0.10-10.20.3.250 --lease-duration 1h
	run_ok "$t: scope 10.30.0.0/24" dfo_at "$t" scope add 10.30.0.0/24 \
		--range 10.30.0.10-10.30.0.49 --lease-duration 1h
	run_ok "$t: relationship (this $2, partner $3, $4, $5 %)" dfo_at "$t" failover add pair \
		--this-server "$2" --partner "$3" --role "$4" --percent "$5" \
		--scope 10.20.0.0 --scope 10.30.0.0 --local-only
	run_ok "$t: state NORMAL" dfo_at "$t" failover set pair --state normal
}

ip2n() { local IFS=.; set -- $1; echo $(($1 << 24 | $2 << 16 | $3 << 8 | $4)); }

# offers_of ROUND: the OFFERs of a round's capture as "chaddr server yiaddr".
offers_of() {
	dh_decode "$DH_TMP/$1.pcap" | awk '$6 == "Offer" { print $7, $11, $9 }' | sort
}

# xdp_scope TAG SCOPE FIELD: an XDP counter of a scope (failover stats).
xdp_scope() {
	dfo_at "$1" failover stats pair --json |
		jq -r --arg s "$2" --arg f "$3" '[.[] | select(.scope == $s)][0].xdp[$f] // "none"'
}
# xdp_counts: received and dropped_not_ours of both scopes at A then B, one a
# line ("none" with XDP detached).
xdp_counts() {
	local t s f
	for t in a b; do
		for s in 10.20.0.0 10.30.0.0; do
			for f in received dropped_not_ours; do
				xdp_scope "$t" "$s" "$f"
			done
		done
	done
}

# send ROUND GEN_ARGS...: DISCOVERs from C, captured on vc0 in $DH_TMP/ROUND.pcap
send() {
	local r=$1
	shift
	dh_capture_start "$r" "$CNS" vc0 || return 1
	nsx "$CNS" timeout 30 "$GEN" --ifname vc0 --rate 500 -q "$@" ||
		fail "$r: dfo-dhcpgen $*"
	sleep 1		# the last OFFERs come back
	dh_capture_stop "$r"
}

# bucket_round MODE ROUND [--client-id]: one client per bucket.
bucket_round() {
	local mode=$1 r=$2 cid=${3:-} base
	case $r in chaddr) base=02:10:00:00:00:00 ;; *) base=02:11:00:00:00:00 ;; esac
	[ "$mode" = xdp ] && base=${base/02:1/02:2}
	"$BUCKET" --mac-base "$base" $cid >"$DH_TMP/$mode-$r.buckets" ||
		{ fail "$mode $r: dfo-bucket"; return 1; }
	send "$mode-$r" --mac-file "$DH_TMP/$mode-$r.buckets" --count 256 $cid || return 1
	offers_of "$mode-$r" >"$DH_TMP/$mode-$r.offers"

	# one line per client: bucket mac server-expected
	awk -v nb="$NB" -v a="$A_IP" -v b="$B_IP" '{ print $2, $1, ($1 < nb ? a : b) }' \
		"$DH_TMP/$mode-$r.buckets" | sort >"$DH_TMP/$mode-$r.want"
	local n_offers n_clients dup wrong missing outside
	n_offers=$(wc -l <"$DH_TMP/$mode-$r.offers")
	n_clients=$(awk '{ print $1 }' "$DH_TMP/$mode-$r.offers" | sort -u | wc -l)
	expect_eq "$mode $r: 256 OFFERs for 256 buckets" 256 "$n_offers"
	expect_eq "$mode $r: one OFFER per client" "$n_offers" "$n_clients"
	missing=$(join -v1 "$DH_TMP/$mode-$r.want" "$DH_TMP/$mode-$r.offers" | awk '{ print $2 }' |
		head -5 | tr '\n' ' ')
	expect_eq "$mode $r: no bucket left unanswered" "" "$missing"
	wrong=$(join "$DH_TMP/$mode-$r.want" "$DH_TMP/$mode-$r.offers" |
		awk '$3 != $4 { print "bucket " $2 " from " $4 }' | head -5 | tr '\n' ' ')
	expect_eq "$mode $r: every OFFER from the server owning the bucket" "" "$wrong"
	# A's offers in the first A_SHARE1 pool addresses, B's in the rest
	outside=$(while read -r _ srv yi; do
		i=$(($(ip2n "$yi") - POOL1_FIRST))
		if [ "$srv" = "$A_IP" ]; then
			((i >= 0 && i < A_SHARE1)) || echo "$yi(A)"
		else
			((i >= A_SHARE1 && i < POOL1_N)) || echo "$yi(B)"
		fi
	done <"$DH_TMP/$mode-$r.offers" | head -5 | tr '\n' ' ')
	expect_eq "$mode $r: every offered address in its server's part of the pool" "" "$outside"
	dup=$(awk '{ print $3 }' "$DH_TMP/$mode-$r.offers" | sort | uniq -d | head -3 | tr '\n' ' ')
	expect_eq "$mode $r: no address offered twice" "" "$dup"
}

# relayed_round MODE: 256 relayed clients against a 40-address scope.
relayed_round() {
	local mode=$1 base=02:13:00:00:00:00 a_n b_n bad dup n_clients n_offers
	[ "$mode" = xdp ] && base=02:23:00:00:00:00
	send "$mode-relayed" --count 256 --mac-base "$base" --giaddr "$RELAY" || return 1
	offers_of "$mode-relayed" >"$DH_TMP/$mode-relayed.offers"
	a_n=$(awk -v a="$A_IP" '$2 == a' "$DH_TMP/$mode-relayed.offers" | wc -l)
	b_n=$(awk -v b="$B_IP" '$2 == b' "$DH_TMP/$mode-relayed.offers" | wc -l)
	expect_eq "$mode relayed: A offers exactly its $A_SHARE2 addresses" "$A_SHARE2" "$a_n"
	expect_eq "$mode relayed: B offers exactly its $((POOL2_N - A_SHARE2))" \
		"$((POOL2_N - A_SHARE2))" "$b_n"
	bad=$(awk -v a="$A_IP" -v sa="$A_SHARE2" '{
		split($3, o, "."); i = o[4] - 10
		if (o[1] "." o[2] "." o[3] != "10.30.0" || i < 0 || i >= 40) { print $3; next }
		if (($2 == a) != (i < sa)) print $3 "(" $2 ")"
	}' "$DH_TMP/$mode-relayed.offers" | head -5 | tr '\n' ' ')
	expect_eq "$mode relayed: no server offers its partner's addresses" "" "$bad"
	dup=$(awk '{ print $3 }' "$DH_TMP/$mode-relayed.offers" | sort | uniq -d | tr '\n' ' ')
	expect_eq "$mode relayed: no address offered twice" "" "$dup"
	n_offers=$(wc -l <"$DH_TMP/$mode-relayed.offers")
	n_clients=$(awk '{ print $1 }' "$DH_TMP/$mode-relayed.offers" | sort -u | wc -l)
	expect_eq "$mode relayed: no client offered twice" "$n_offers" "$n_clients"
	bad=$(dh_decode "$DH_TMP/$mode-relayed.pcap" |
		awk -v gi="$RELAY" '$6 == "Offer" && !($2 == gi && $4 == 67)' | wc -l)
	expect_eq "$mode relayed: OFFERs go to the relay at giaddr:67" 0 "$bad"
}

# ---- the two modes -------------------------------------------------------

run_mode() {
	local mode=$1 flags=() t
	[ "$mode" = noxdp ] && flags=(--no-xdp)
	dh_agent_start a "$ANS" --interface va0 --server-address "$A_IP" "${flags[@]}" || return 1
	dh_agent_start b "$BNS" --interface vb0 --server-address "$B_IP" "${flags[@]}" || return 1
	if [ "$mode" = noxdp ]; then
		configure a "$A_IP" "$B_IP" primary "$PCT"
		configure b "$B_IP" "$A_IP" secondary $((100 - PCT))
	else
		for t in a b; do
			expect_eq "$mode: $t kept the relationship, NORMAL" NORMAL \
				"$(dfo_at "$t" failover show pair --json | jq -r '.state_name')"
			prog=$(dfo_at "$t" datapath status --json |
				jq -r '.interfaces[0].prog_id // 0')
			check "$mode: $t has XDP attached (program $prog)" test "$prog" -gt 0
		done
	fi
	# Counters before the rounds (the XDP maps outlive a restart).
	local x0 x
	[ "$mode" = xdp ] && x0=$(xdp_counts)

	bucket_round "$mode" chaddr
	bucket_round "$mode" client-id --client-id
	relayed_round "$mode"

	# Who dropped what. Partner's clients: 256 - NB per bucket round for A, NB
	# for B; in the relayed round those of the MACs hashing to the partner
	# (RA of them are A's, RB = 256 - RA B's). Own clients left without an
	# address: RA - 12 at A, RB - 28 at B.
	local ra rb relayed_base=02:13:00:00:00:00
	[ "$mode" = xdp ] && relayed_base=02:23:00:00:00:00
	ra=$("$BUCKET" $(nsx "$CNS" "$GEN" --dry-run -p --count 256 --mac-base "$relayed_base" |
		sed 's/^/--hash /') | awk -v nb="$NB" '$1 < nb' | wc -l)
	rb=$((256 - ra))
	expect_eq "$mode: A's own clients without an address" $((ra - A_SHARE2)) \
		"$(dh_engine a .dropped.no_address)"
	expect_eq "$mode: B's own clients without an address" $((rb - POOL2_N + A_SHARE2)) \
		"$(dh_engine b .dropped.no_address)"
	if [ "$mode" = noxdp ]; then
		expect_eq "noxdp: A's engine dropped the partner's DISCOVERs" \
			$((2 * (256 - NB) + rb)) "$(dh_engine a .dropped.partner)"
		expect_eq "noxdp: B's engine dropped the partner's DISCOVERs" \
			$((2 * NB + ra)) "$(dh_engine b .dropped.partner)"
	else
		x=$(xdp_counts)
		want=$(printf '%s\n' 512 $((2 * (256 - NB))) 256 "$rb" 512 $((2 * NB)) 256 "$ra")
		expect_eq "xdp: XDP counters (A, B; per scope: received, partner's)" "$want" \
			"$(paste <(echo "$x0") <(echo "$x") | awk '{ print $2 - $1 }')"
		expect_eq "xdp: A's engine never saw a partner's DISCOVER" 0 \
			"$(dh_engine a .dropped.partner)"
		expect_eq "xdp: B's engine never saw a partner's DISCOVER" 0 \
			"$(dh_engine b .dropped.partner)"
	fi
	check "$mode: A still running" dh_agent_up a
	check "$mode: B still running" dh_agent_up b
	dh_agent_stop a
	dh_agent_stop b
}

run_mode noxdp
run_mode xdp

finish
