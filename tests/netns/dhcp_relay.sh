#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Relayed DHCP clients (issue 5 item 5): real clients behind Debian's ISC
# relay agent, and perfdhcp acting as a relay of its own.
#
#   d1 dhclient ---+                 relay ns                  srv ns
#   d2 dhclient ---+ lan ns   vr1 10.9.0.1/24   vr0 192.0.2.2 --- vs0 192.0.2.1/24
#   u1 udhcpc   ---+ br0 --- dhcrelay -a -iu vr0 -id vr1           dhcpfod
#   p1 dhcpcd   ---+         (option 82 circuit-id "vr1")           --interface vs0,vs1
#                                                                   vs1 198.51.100.1/24
#   perf ns: vp0 198.51.100.2/24 + 10.8.0.1/24 ------------------------+
#            perfdhcp -l 10.8.0.1 -L 67: giaddr 10.8.0.1, option 82 added with -o
#
# Scopes 10.9.0.0/24 (router 10.9.0.1, lease 20 s) and 10.8.0.0/24, chosen by
# giaddr: the server has no address in either. Clients behind dhcrelay obtain
# a lease, renew by unicast to the server through the relay's routing (d1 at
# T1, u1 at once on SIGUSR1), rebind through the relay (u1: its unicast path
# is cut by a permanent neighbour entry for its router pointing at a MAC
# nobody has, and the relay's bridge port stops flooding unknown unicast:
# dhcrelay reads its interface with a packet socket and would relay those
# lost frames too), get a NAK for a foreign address in INIT-REBOOT (d2), release
# (d1, u1, p1). On the server's links every relayed request is seen with
# giaddr and option 82, and every reply goes to the relay (giaddr:67) with
# option 82 echoed unchanged (RFC 3046); dhcrelay forwards the replies. Then
# perfdhcp runs 200 four-way exchanges as a relay: all complete, and each
# acknowledged client is one active lease of 10.8.0.0/24.
#
# dhcpfod runs with --no-xdp here (the XDP path of relayed frames is tested
# in dhcp_pair.sh). Every wait is bounded; nothing asserts on timing.
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/testsh.sh
. tests/lib/dhcpsh.sh

if ! dh_prereq "$AGENT" "$CLI" ip nsenter unshare jq tcpdump timeout dhclient udhcpc dhcpcd \
	dhcrelay perfdhcp; then
	finish
	exit 1
fi
dh_init dhcp-relay

SRV=192.0.2.1
RELAY_UP=192.0.2.2
GI=10.9.0.1		# the relay's address on the client segment: giaddr
PERF_LINK=198.51.100
PERF_GI=10.8.0.1
FOREIGN=203.0.113.50
DEAD_MAC=02:00:00:00:de:ad
CLIENTS="d1 d2 u1 p1"
PERF_82=0103766d31	# circuit-id "vm1"

topo() {
	local c
	dh_ns lan && LAN=$REPLY && dh_bridge "$LAN" br0 || return 1
	dh_ns srv && SNS=$REPLY || return 1
	dh_ns relay && RNS=$REPLY || return 1
	dh_ns perf && PNS=$REPLY || return 1
	dh_link "$RNS" vr0 "$SNS" vs0 && dh_port "$LAN" br0 pr "$RNS" vr1 || return 1
	dh_link "$PNS" vp0 "$SNS" vs1 || return 1
	ip -n "$SNS" addr add "$SRV/24" dev vs0 &&
		ip -n "$SNS" addr add "$PERF_LINK.1/24" dev vs1 &&
		ip -n "$SNS" route add 10.9.0.0/24 via "$RELAY_UP" &&
		ip -n "$SNS" route add 10.8.0.0/24 via "$PERF_LINK.2" || return 1
	ip -n "$RNS" addr add "$RELAY_UP/24" dev vr0 &&
		ip -n "$RNS" addr add "$GI/24" dev vr1 &&
		ip netns exec "$RNS" sysctl -qw net.ipv4.ip_forward=1 || return 1
	ip -n "$PNS" addr add "$PERF_LINK.2/24" dev vp0 &&
		ip -n "$PNS" addr add "$PERF_GI/24" dev vp0 || return 1
	for c in $CLIENTS; do
		dh_ns "$c" && eval "NS_$c=\$REPLY" && dh_port "$LAN" br0 "p$c" "$REPLY" vc0 ||
			return 1
	done
}
if ! topo; then
	fail "building the topology"
	finish
	exit 1
fi
ns_of() { eval "echo \$NS_$1"; }
mac_of() { ip -n "$(ns_of "$1")" -j link show dev vc0 | jq -r '.[0].address'; }

dh_agent_start srv "$SNS" --interface vs0,vs1 --server-address "$SRV" --no-xdp ||
	{ finish; exit 1; }
dfo() { dfo_at srv "$@"; }
run_ok "scope 10.9.0.0/24 (lease 20 s)" dfo scope add 10.9.0.0/24 --range 10.9.0.10-10.9.0.100 \
	--lease-duration 20
run_ok "router option 10.9.0.1" dfo scope option set 10.9.0.0 routers "$GI"
run_ok "scope 10.8.0.0/24 (perfdhcp)" dfo scope add 10.8.0.0/24 --range 10.8.0.10-10.8.0.250 \
	--lease-duration 1h

# dhcrelay: its pid file in our directory, in the foreground, adding option 82.
nsenter --net="/run/netns/$RNS" dhcrelay -4 -d -a -pf "$DH_TMP/relay.pid" \
	-iu vr0 -id vr1 "$SRV" >"$DH_TMP/relay.log" 2>&1 &
RELAY_PID=$!
on_exit "kill $RELAY_PID 2>/dev/null"
relay_up() { nsx "$RNS" ss -Hlun 'sport = :67' | grep -q .; }
check "dhcrelay listening" wait_for 10 relay_up

dh_capture_start up "$SNS" vs0 || { finish; exit 1; }
dh_capture_start perf "$SNS" vs1 || { finish; exit 1; }

cat >"$DH_TMP/d2.leases" <<EOF
lease {
  interface "vc0";
  fixed-address $FOREIGN;
  option subnet-mask 255.255.255.0;
  option dhcp-lease-time 86400;
  option dhcp-server-identifier 203.0.113.1;
  renew 4 2037/01/01 00:00:00;
  rebind 4 2037/01/01 00:00:00;
  expire 4 2037/01/01 00:00:00;
}
EOF
dh_dhclient d1 "$NS_d1" vc0
dh_dhclient d2 "$NS_d2" vc0
dh_udhcpc u1 "$NS_u1" vc0
dh_dhcpcd p1 "$NS_p1" vc0

BOUND_RE='reason=(BOUND|bound) '
bound() { dh_rec_has "$1" "$BOUND_RE"; }
for c in $CLIENTS; do
	if wait_for 30 bound "$c"; then
		ok "$c bound through the relay to $(dh_rec_last "$c" "$BOUND_RE" ip)"
	else
		fail "$c: no lease; its log: $(tail -3 "$DH_TMP/$c.log" | tr '\n' ' ')"
	fi
done
in_scope() {	# in the range 10.9.0.10-10.9.0.100
	[[ "$1" =~ ^10\.9\.0\.([0-9]+)$ ]] && ((BASH_REMATCH[1] >= 10 && BASH_REMATCH[1] <= 100))
}
for c in $CLIENTS; do
	ip=$(dh_rec_last "$c" "$BOUND_RE" ip)
	check "$c: $ip from the range of the giaddr's scope" in_scope "$ip"
done
expect_eq "d1: router option" "$GI" "$(dh_rec_last d1 "$BOUND_RE" router)"
expect_eq "u1: server identifier" "$SRV" "$(dh_rec_last u1 "$BOUND_RE" server)"

# u1 renews at once (unicast, routed through the relay), then loses its
# unicast path: its router's MAC becomes one nobody has. Only a rebinding
# broadcast, relayed, can extend its lease after that.
kill -USR1 "$(dh_job u1)"
renewed() { sed -En "/$BOUND_RE/,\$p" "$DH_TMP/$1.rec" | grep -qE "reason=$2 "; }
check "u1: renewed on SIGUSR1" wait_for 10 renewed u1 renew
# The bridge must not flood frames to that unknown MAC to the relay: dhcrelay
# reads its interface with a packet socket and would relay them anyway.
run_ok "u1: unicast path cut" ip -n "$NS_u1" neigh replace "$GI" lladdr "$DEAD_MAC" dev vc0 \
	nud permanent
run_ok "no unknown-unicast flooding to the relay" nsx "$LAN" bridge link set dev pr flood off
REC0_u1=$(wc -l <"$DH_TMP/u1.rec")
check "d1: RENEW at T1" wait_for 30 renewed d1 RENEW
extended_after_cut() {
	tail -n +"$((REC0_u1 + 1))" "$DH_TMP/u1.rec" | grep -qE "reason=renew "
}
check "u1: lease extended at T2 by a relayed rebinding" wait_for 40 extended_after_cut

run_ok "d1: dhclient -r" dh_dhclient_release d1 "$NS_d1" vc0
kill -USR2 "$(dh_job u1)"
kill -ALRM "$(dh_job p1)"
released_state() { dh_leases srv | grep -q "^$1 released "; }
for c in d1 p1; do
	ip=$(dh_rec_last "$c" "$BOUND_RE" ip)
	check "$c: lease $ip released (unicast through the relay's routing)" \
		wait_for 10 released_state "$ip"
done
# u1's RELEASE is unicast too, and its path is cut: the server never hears it.
expect_eq "engine: 2 RELEASEs acted on" 2 "$(dh_engine srv .released)"

# ---- perfdhcp as a relay -------------------------------------------------

nsx "$PNS" timeout 60 perfdhcp -4 -l "$PERF_GI" -L 67 -r 100 -R 200 -n 200 -p 20 -d 2 -W 2000000 \
	-s 7 -o "82,$PERF_82" "$PERF_LINK.1" >"$DH_TMP/perfdhcp.out" 2>&1
rc=$?
expect_eq "perfdhcp: every exchange complete (exit status)" 0 "$rc"
for ex in DISCOVER-OFFER REQUEST-ACK; do
	sent=$(sed -n "/^\*\*\*Rate statistics\|^\*\*\*Statistics for: $ex/,/^\*\*\*/p" \
		"$DH_TMP/perfdhcp.out" | sed -n 's/^sent packets: //p' | head -1)
	recv=$(sed -n "/^\*\*\*Statistics for: $ex/,/^\*\*\*/p" "$DH_TMP/perfdhcp.out" |
		sed -n 's/^received packets: //p' | head -1)
	check "perfdhcp $ex: $recv of $sent answered" \
		test -n "$sent" -a "$sent" = "$recv" -a "$sent" -gt 0
done

for c in $CLIENTS; do dh_stop "$c"; done
dh_capture_stop up
dh_capture_stop perf
dh_decode "$DH_TMP/up.pcap" >"$DH_TMP/up.txt"
dh_decode "$DH_TMP/perf.pcap" >"$DH_TMP/perf.txt"
dh_leases srv >"$DH_TMP/leases.txt"

# ---- the server's link to the relay --------------------------------------
# fields as dh_decode prints them (tests/lib/dhcpsh.sh)

RELAY_82=$(awk -v gi="$GI" '$5 == "Request" && $10 == gi { print $13; exit }' "$DH_TMP/up.txt")
check "dhcrelay added option 82 ($RELAY_82)" test -n "$RELAY_82" -a "$RELAY_82" != "-"
bad=$(awk -v gi="$GI" -v r82="$RELAY_82" '$5 == "Request" && $10 == gi && $13 != r82' \
	"$DH_TMP/up.txt" | wc -l)
expect_eq "every relayed request carries the same option 82" 0 "$bad"
n=$(awk -v gi="$GI" '$5 == "Reply" && $10 == gi' "$DH_TMP/up.txt" | wc -l)
check "replies to relayed requests seen ($n)" test "$n" -ge 8
bad=$(awk -v gi="$GI" '$5 == "Reply" && $10 == gi && !($2 == gi && $4 == 67)' "$DH_TMP/up.txt" |
	wc -l)
expect_eq "every relayed reply goes to giaddr:67" 0 "$bad"
bad=$(awk -v gi="$GI" -v r82="$RELAY_82" '$5 == "Reply" && $10 == gi && $13 != r82' \
	"$DH_TMP/up.txt" | wc -l)
expect_eq "every relayed reply echoes option 82 unchanged" 0 "$bad"
bad=$(awk -v gi="$GI" '$5 == "Reply" && $10 != gi && $13 != "-"' "$DH_TMP/up.txt" | wc -l)
expect_eq "no option 82 in replies to unrelayed requests" 0 "$bad"
for t in Offer ACK; do
	n=$(awk -v gi="$GI" -v t="$t" '$5 == "Reply" && $10 == gi && $6 == t' "$DH_TMP/up.txt" |
		wc -l)
	check "relayed $t replies: $n" test "$n" -ge 4
done

# msgs CLIENT AWK_CONDITION: count the client's messages on the server's link
msgs() {
	awk -v mac="$(mac_of "$1")" "\$7 == mac && ($2) { n++ } END { print n + 0 }" \
		"$DH_TMP/up.txt"
}
n=$(msgs d2 "\$6 == \"Request\" && \$12 == \"$FOREIGN\" && \$10 == \"$GI\"")
check "d2: relayed INIT-REBOOT REQUEST for $FOREIGN ($n)" test "$n" -ge 1
n=$(msgs d2 "\$6 == \"NAK\" && \$2 == \"$GI\" && \$4 == 67")
check "d2: DHCPNAK sent to the relay ($n)" test "$n" -ge 1
check "d2 bound after the NAK" bound d2
d1_ip=$(dh_rec_last d1 "$BOUND_RE" ip)
n=$(msgs d1 "\$6 == \"Request\" && \$8 == \"$d1_ip\" && \$2 == \"$SRV\" && \$10 == \"-\"")
check "d1: renewal unicast to the server, not relayed ($n)" test "$n" -ge 1
n=$(msgs d1 "\$6 == \"ACK\" && \$2 == \"$d1_ip\" && \$4 == 68 && \$10 == \"-\"")
check "d1: renewal ACKed to ciaddr $d1_ip:68 ($n)" test "$n" -ge 1
u1_ip=$(dh_rec_last u1 "$BOUND_RE" ip)
n=$(msgs u1 "\$6 == \"Request\" && \$8 == \"$u1_ip\" && \$10 == \"$GI\"")
check "u1: rebinding REQUEST (ciaddr $u1_ip) relayed ($n)" test "$n" -ge 1
n=$(msgs u1 "\$6 == \"ACK\" && \$8 == \"$u1_ip\" && \$2 == \"$GI\" && \$4 == 67")
check "u1: rebinding ACKed to the relay ($n)" test "$n" -ge 1
check "u1: lease $u1_ip still active (its RELEASE could not get through)" \
	grep -q "^$u1_ip active " "$DH_TMP/leases.txt"

# ---- perfdhcp's link -----------------------------------------------------

n=$(awk '$5 == "Request"' "$DH_TMP/perf.txt" | wc -l)
bad=$(awk -v gi="$PERF_GI" '$5 == "Request" && $10 != gi' "$DH_TMP/perf.txt" | wc -l)
check "all $n perfdhcp requests carry giaddr $PERF_GI" test "$n" -ge 200 -a "$bad" = 0
p82="82,1:3:vm1"
bad=$(awk -v gi="$PERF_GI" -v r82="$p82" \
	'$5 == "Reply" && !($2 == gi && $4 == 67 && $10 == gi && $13 == r82)' \
	"$DH_TMP/perf.txt" | wc -l)
expect_eq "every reply to perfdhcp: to giaddr:67 with its option 82 echoed" 0 "$bad"
awk '$6 == "ACK" { print $9, $7 }' "$DH_TMP/perf.txt" | sort -u >"$DH_TMP/perf-acks.txt"
grep '^10\.8\.0\.' "$DH_TMP/leases.txt" | awk '$2 == "active" { print $1, $3 }' | sort -u \
	>"$DH_TMP/perf-leases.txt"
n=$(wc -l <"$DH_TMP/perf-acks.txt")
check "perfdhcp clients acknowledged: $n" test "$n" -ge 1
check "each acknowledged (address, client) is an active lease, and nothing else" \
	cmp -s "$DH_TMP/perf-acks.txt" "$DH_TMP/perf-leases.txt"
dups=$(awk '{ print $1 }' "$DH_TMP/perf-acks.txt" | uniq -d | tr '\n' ' ')
expect_eq "no address ACKed to two perfdhcp clients" "" "$dups"
expect_eq "engine: no send error" 0 "$(dh_engine srv .send_errors)"
check "dhcpfod still running" dh_agent_up srv

finish
