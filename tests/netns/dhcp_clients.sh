#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Real DHCP clients against dhcpfod on one Ethernet segment (issue 5 item 5):
# ISC dhclient, busybox udhcpc and dhcpcd, each in its own namespace on a
# bridge with the server, all at once.
#
#            +-- vs0 srv ns: 192.0.2.1/24, dhcpfod --interface vs0
#            +-- vc0 d1 (dhclient)  obtain, renew at T1 (unicast), release
#   lan ns   +-- vc0 d2 (dhclient)  rebind (unicast path cut); restart: INIT-REBOOT
#   br0      +-- vc0 d3 (dhclient)  INIT-REBOOT with a foreign lease -> NAK
#   bridge   +-- vc0 u1 (udhcpc)    obtain, forced renew (USR1), release (USR2)
#            +-- vc0 u2 (udhcpc)    rebind: unicast path to the server cut
#            +-- vc0 u3 (udhcpc -a) asks for .77 which x holds -> DECLINE
#            +-- vc0 p1 (dhcpcd)    reserved MAC: gets .150; renew, release
#            +-- vc0 p2 (dhcpcd)    asks for .78 which x holds -> DECLINE
#            +-- vx0 x: 192.0.2.77, 192.0.2.78 (the conflicting host);
#                later dfo-dhcpgen: a DISCOVER sweep that exhausts the pool
#
# Scope 192.0.2.0/24, range .10-.200, exclusion .100-.119, reservation .150,
# lease 20 s (T1 10 s, T2 17.5 s), in no relationship. Everything on the wire
# is captured on br0 and decoded with tcpdump; the lease states are read with
# `dhcpfo lease list --json`. Rebinding is forced by a permanent neighbour
# entry for the server, in the client's namespace, with a MAC nobody has: the
# unicast renewals vanish, the broadcast REBIND still goes out.
#
# dhcpfod runs with XDP attached (scope in no relationship: everything
# passes). Each client's script records its events and configures only its
# own namespace (tests/lib/dhcpsh.sh). Every wait is bounded; nothing
# asserts on timing. Namespaces, pins and processes go on any exit.
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/testsh.sh
. tests/lib/dhcpsh.sh

if ! dh_prereq "$AGENT" "$CLI" "$GEN" ip nsenter unshare jq tcpdump timeout dhclient \
	udhcpc dhcpcd; then
	finish
	exit 1
fi
dh_init dhcp-clients

NET=192.0.2
SRV=$NET.1
RESV_MAC=02:dd:00:00:00:42
RESV_IP=$NET.150
CONFLICT_U=$NET.77
CONFLICT_P=$NET.78
FOREIGN=198.51.100.50
DEAD_MAC=02:00:00:00:de:ad
CLIENTS="d1 d2 d3 u1 u2 u3 p1 p2"

# ---- topology ------------------------------------------------------------

topo() {
	local c
	dh_ns lan && LAN=$REPLY && dh_bridge "$LAN" br0 || return 1
	dh_ns srv && SNS=$REPLY && dh_port "$LAN" br0 ps "$SNS" vs0 || return 1
	ip -n "$SNS" addr add "$SRV/24" dev vs0 || return 1
	for c in $CLIENTS; do
		dh_ns "$c" && eval "NS_$c=\$REPLY" && dh_port "$LAN" br0 "p$c" "$REPLY" vc0 ||
			return 1
	done
	dh_ns x && XNS=$REPLY && dh_port "$LAN" br0 px "$XNS" vx0 || return 1
	ip -n "$XNS" addr add "$CONFLICT_U/24" dev vx0 &&
		ip -n "$XNS" addr add "$CONFLICT_P/24" dev vx0 || return 1
	# p1 is the reserved client: its MAC is the reservation's
	ip -n "$NS_p1" link set vc0 address "$RESV_MAC"
}
if ! topo; then
	fail "building the topology"
	finish
	exit 1
fi
ns_of() { eval "echo \$NS_$1"; }
mac_of() { ip -n "$(ns_of "$1")" -j link show dev vc0 | jq -r '.[0].address'; }

dh_agent_start srv "$SNS" --interface vs0 --server-address "$SRV" || { finish; exit 1; }
dfo() { dfo_at srv "$@"; }
run_ok "scope add (lease 20 s)" dfo scope add "$NET.0/24" --range "$NET.10-$NET.200" \
	--lease-duration 20 --name clients
run_ok "exclusion .100-.119" dfo scope exclusion add "$NET.0" "$NET.100-$NET.119"
run_ok "reservation $RESV_IP -> $RESV_MAC" dfo scope reservation add "$NET.0" "$RESV_IP" \
	"$RESV_MAC" --name resv-p1
run_ok "router option" dfo scope option set "$NET.0" routers "$SRV"
run_ok "DNS option" dfo scope option set "$NET.0" domain-name-servers 192.0.2.53

# ---- the clients ---------------------------------------------------------

dh_capture_start wire "$LAN" br0 || { finish; exit 1; }

# d3 believes it still holds a lease of another network: it starts in
# INIT-REBOOT and asks for it (RFC 2131 3.2), the server must NAK it.
cat >"$DH_TMP/d3.leases" <<EOF
lease {
  interface "vc0";
  fixed-address $FOREIGN;
  option subnet-mask 255.255.255.0;
  option dhcp-lease-time 86400;
  option dhcp-server-identifier 198.51.100.1;
  renew 4 2037/01/01 00:00:00;
  rebind 4 2037/01/01 00:00:00;
  expire 4 2037/01/01 00:00:00;
}
EOF

dh_dhclient d1 "$NS_d1" vc0
dh_dhclient d2 "$NS_d2" vc0
dh_dhclient d3 "$NS_d3" vc0
dh_udhcpc u1 "$NS_u1" vc0
dh_udhcpc u2 "$NS_u2" vc0
dh_udhcpc u3 "$NS_u3" vc0 -a500 -r "$CONFLICT_U"
dh_dhcpcd p1 "$NS_p1" vc0
dh_dhcpcd p2 "$NS_p2" vc0 --request="$CONFLICT_P"

BOUND_RE='reason=(BOUND|bound) '
bound() { dh_rec_has "$1" "$BOUND_RE"; }
for c in d1 d2 u1 u2 p1; do
	if wait_for 30 bound "$c"; then
		ok "$c bound to $(dh_rec_last "$c" "$BOUND_RE" ip)"
	else
		fail "$c: no lease; its log: $(tail -3 "$DH_TMP/$c.log" | tr '\n' ' ')"
	fi
done
expect_eq "p1 (reserved MAC) got the reservation" "$RESV_IP" "$(dh_rec_last p1 "$BOUND_RE" ip)"

in_pool() {	# address in the range, not excluded, not reserved
	local last=${1##*.}
	[ "${1%.*}" = "$NET" ] && [ "$last" -ge 10 ] && [ "$last" -le 200 ] &&
		{ [ "$last" -lt 100 ] || [ "$last" -gt 119 ]; } && [ "$1" != "$RESV_IP" ]
}
for c in d1 d2 u1 u2; do
	ip=$(dh_rec_last "$c" "$BOUND_RE" ip)
	check "$c: $ip is a pool address (range, not excluded, not reserved)" in_pool "$ip"
done
expect_eq "d1: lease time 20 s" 20 "$(dh_rec_last d1 "$BOUND_RE" lease)"
expect_eq "u1: router option" "$SRV" "$(dh_rec_last u1 "$BOUND_RE" router)"
expect_eq "d1: DNS option" 192.0.2.53 "$(dh_rec_last d1 "$BOUND_RE" dns)"
expect_eq "p1: server identifier" "$SRV" "$(dh_rec_last p1 "$BOUND_RE" server)"

# Rebinding: from now on the unicast frames of d2 and u2 to the server go to
# a MAC address nobody has (a permanent neighbour entry in their namespace):
# their renewals are lost on the way, as behind a broken path, while their
# broadcasts (the REBIND at T2) still arrive. A route cannot do this: both
# clients bind their sockets to the interface, and the kernel then sends
# on-link whatever the routing table says.
for c in d2 u2; do
	run_ok "$c: unicast to the server lost from now on" ip -n "$(ns_of "$c")" neigh replace \
		"$SRV" lladdr "$DEAD_MAC" dev vc0 nud permanent
	eval "REC0_$c=$(wc -l <"$DH_TMP/$c.rec")"
done
# A renewal on demand: SIGUSR1 makes udhcpc renew at once (unicast).
kill -USR1 "$(dh_job u1)"

# ---- renew, rebind -------------------------------------------------------

renewed_after_bound() {	# an event of type $2 follows the first BOUND
	sed -En "/$BOUND_RE/,\$p" "$DH_TMP/$1.rec" | grep -qE "reason=$2 "
}
check "u1: renewed on SIGUSR1" wait_for 10 renewed_after_bound u1 renew
check "d1: RENEW at T1" wait_for 30 renewed_after_bound d1 RENEW
check "p1: RENEW at T1" wait_for 30 renewed_after_bound p1 RENEW
# After the cut only a rebinding can extend the lease (dhclient reports it as
# RENEW or REBIND, udhcpc as renew); the wire shows which it was, below.
extended_after_cut() {
	tail -n +"$(($(eval "echo \$REC0_$1") + 1))" "$DH_TMP/$1.rec" |
		grep -qE "reason=(RENEW|REBIND|renew) "
}
check "d2: lease extended at T2 by rebinding" wait_for 40 extended_after_cut d2
check "u2: lease extended at T2 by rebinding" wait_for 40 extended_after_cut u2

# ---- NAK, decline --------------------------------------------------------

check "d3 bound after its INIT-REBOOT" wait_for 30 bound d3
d3_ip=$(dh_rec_last d3 "$BOUND_RE" ip)
check "d3: $d3_ip is a pool address" in_pool "$d3_ip"
check "u3 bound after declining" wait_for 40 bound u3
check "p2 bound after declining" wait_for 40 bound p2
u3_ip=$(dh_rec_last u3 "$BOUND_RE" ip)
p2_ip=$(dh_rec_last p2 "$BOUND_RE" ip)
check "u3 bound elsewhere than the conflicting $CONFLICT_U ($u3_ip)" \
	test -n "$u3_ip" -a "$u3_ip" != "$CONFLICT_U"
check "p2 bound elsewhere than the conflicting $CONFLICT_P ($p2_ip)" \
	test -n "$p2_ip" -a "$p2_ip" != "$CONFLICT_P"

# ---- release -------------------------------------------------------------

run_ok "d1: dhclient -r" dh_dhclient_release d1 "$NS_d1" vc0
kill -USR2 "$(dh_job u1)"
kill -ALRM "$(dh_job p1)"	# dhcpcd: release and exit
released_state() { dh_leases srv | grep -q "^$1 released "; }
for c in d1 u1 p1; do
	ip=$(dh_rec_last "$c" "$BOUND_RE" ip)
	check "$c: lease $ip released" wait_for 10 released_state "$ip"
done

# ---- INIT-REBOOT of a known client --------------------------------------
# d2 restarts (killed: no RELEASE) with its lease file and its unicast path
# back: it asks for its address again in INIT-REBOOT and gets it.

dh_stop d2
ip -n "$NS_d2" neigh del "$SRV" dev vc0
d2_ip=$(dh_rec_last d2 "$BOUND_RE" ip)
REC0_d2=$(wc -l <"$DH_TMP/d2.rec")
dh_dhclient d2 "$NS_d2" vc0
rebooted() { tail -n +"$((REC0_d2 + 1))" "$DH_TMP/d2.rec" | grep -qE "reason=REBOOT ip=$2 "; }
check "d2: REBOOT with its address $d2_ip" wait_for 20 rebooted d2 "${d2_ip//./\\.}"

# The rest is the server's view; the clients keep renewing until the end, so
# their leases stay active while the pool is swept below.
dh_capture_stop wire
dh_decode "$DH_TMP/wire.pcap" >"$DH_TMP/wire.txt"
dh_leases srv >"$DH_TMP/leases.txt"

# ---- what was on the wire ------------------------------------------------
# wire.txt: fields as dh_decode prints them (tests/lib/dhcpsh.sh)

for c in d1 d2 d3 u1 u2 u3 p1 p2; do
	eval "MAC_$c=$(mac_of "$c")"
done
# msgs CLIENT AWK_CONDITION: count the client's messages matching
msgs() {
	awk -v mac="$(eval "echo \$MAC_$1")" "\$7 == mac && ($2) { n++ } END { print n + 0 }" \
		"$DH_TMP/wire.txt"
}
for c in d1 u1 p1; do
	ip=$(dh_rec_last "$c" "$BOUND_RE" ip)
	n=$(msgs "$c" "\$6 == \"Request\" && \$8 == \"$ip\" && \$2 == \"$SRV\"")
	check "$c: renewal REQUEST unicast to the server from $ip ($n)" test "$n" -ge 1
	n=$(msgs "$c" "\$6 == \"ACK\" && \$2 == \"$ip\" && \$4 == 68")
	check "$c: ACK to ciaddr $ip:68 ($n)" test "$n" -ge 1
	n=$(msgs "$c" "\$6 == \"Release\" && \$8 == \"$ip\"")
	check "$c: DHCPRELEASE of $ip on the wire" test "$n" -ge 1
done
srv_mac=$(ip -n "$SNS" -j link show dev vs0 | jq -r '.[0].address')
for c in d2 u2; do
	ip=$(dh_rec_last "$c" "$BOUND_RE" ip)
	n=$(msgs "$c" "\$6 == \"Request\" && \$2 == \"$SRV\" && \$14 == \"$DEAD_MAC\"")
	check "$c: its unicast renewals were lost ($n sent to the dead MAC)" test "$n" -ge 1
	n=$(msgs "$c" "\$6 == \"Request\" && \$2 == \"$SRV\" && \$14 == \"$srv_mac\"")
	expect_eq "$c: no unicast REQUEST reached the server" 0 "$n"
	n=$(msgs "$c" "\$6 == \"Request\" && \$8 == \"$ip\" && \$2 == \"255.255.255.255\"")
	check "$c: rebinding REQUEST broadcast with ciaddr $ip ($n)" test "$n" -ge 1
	n=$(msgs "$c" "\$6 == \"ACK\" && \$8 == \"$ip\" && \$2 == \"$ip\" && \$9 == \"$ip\"")
	check "$c: rebinding ACKed at ciaddr $ip ($n)" test "$n" -ge 1
done

n=$(msgs d2 "\$6 == \"Request\" && \$8 == \"-\" && \$11 == \"-\" && \$12 == \"$d2_ip\"")
check "d2: INIT-REBOOT REQUEST for $d2_ip ($n)" test "$n" -ge 1
n=$(msgs d2 "\$6 == \"NAK\"")
expect_eq "d2: never NAKed" 0 "$n"

n=$(msgs d3 "\$6 == \"Request\" && \$8 == \"-\" && \$12 == \"$FOREIGN\" && \$11 == \"-\"")
check "d3: INIT-REBOOT REQUEST for $FOREIGN ($n)" test "$n" -ge 1
n=$(msgs d3 "\$6 == \"NAK\" && \$2 == \"255.255.255.255\" && \$11 == \"$SRV\"")
check "d3: DHCPNAK broadcast, server id $SRV ($n)" test "$n" -ge 1
n=$(msgs d3 "\$6 == \"ACK\" && \$9 == \"$FOREIGN\"")
expect_eq "d3: $FOREIGN never ACKed" 0 "$n"

# decline_checks CLIENT ADDRESS
decline_checks() {
	local c=$1 a=$2 n first last
	n=$(msgs "$c" "\$6 == \"ACK\" && \$9 == \"$a\"")
	check "$c: $a (asked for, free) was ACKed first" test "$n" -ge 1
	n=$(msgs "$c" "\$6 == \"Decline\" && \$12 == \"$a\"")
	check "$c: DHCPDECLINE of $a after the ARP conflict ($n)" test "$n" -ge 1
	# after the DECLINE nobody is offered or given the address
	first=$(awk -v mac="$(eval "echo \$MAC_$c")" -v a="$a" \
		'$7 == mac && $6 == "Decline" && $12 == a { print NR; exit }' "$DH_TMP/wire.txt")
	last=$(awk -v a="$a" -v from="${first:-0}" 'NR > from && $9 == a &&
		($6 == "Offer" || $6 == "ACK") { n++ } END { print n + 0 }' "$DH_TMP/wire.txt")
	expect_eq "$c: $a never offered again after the DECLINE" 0 "$last"
	check "$c: lease $a abandoned" grep -q "^$a abandoned " "$DH_TMP/leases.txt"
}
decline_checks u3 "$CONFLICT_U"
decline_checks p2 "$CONFLICT_P"

# No address outside the pool was ever offered or ACKed, except the
# reservation to its client; no two clients were ACKed the same address.
bad=$(awk -v net="$NET" -v resv="$RESV_IP" -v rmac="$RESV_MAC" '
	($6 == "Offer" || $6 == "ACK") && $9 != "-" {
		split($9, o, "."); p = o[1] "." o[2] "." o[3]; l = o[4] + 0
		if ($9 == resv) { if ($7 != rmac) print $9 "(reserved)->" $7; next }
		if (p != net || l < 10 || l > 200 || (l >= 100 && l <= 119)) print $9 "->" $7
	}' "$DH_TMP/wire.txt" | sort -u | tr '\n' ' ')
expect_eq "no excluded, out-of-range or foreign-reserved address offered or ACKed" "" "$bad"
dups=$(awk '$6 == "ACK" && $9 != "-" { print $9, $7 }' "$DH_TMP/wire.txt" | sort -u |
	awk '{ n[$1]++ } END { for (a in n) if (n[a] > 1) print a }' | tr '\n' ' ')
expect_eq "no address ACKed to two clients" "" "$dups"

# ---- the server's lease view ---------------------------------------------

expect_eq "engine: 2 DECLINEs acted on" 2 "$(dh_engine srv .declined)"
expect_eq "engine: 3 RELEASEs acted on" 3 "$(dh_engine srv .released)"
n=$(dh_engine srv .replied.nak)
check "engine: NAKs sent ($n)" test "$n" -ge 1
expect_eq "engine: no send error" 0 "$(dh_engine srv .send_errors)"

for c in d2 u2 d3 u3 p2; do
	ip=$(dh_rec_last "$c" "$BOUND_RE" ip)
	mac=$(eval "echo \$MAC_$c")
	check "$c: lease $ip active for $mac" grep -q "^$ip active $mac\$" "$DH_TMP/leases.txt"
done

# ---- an exclusion is never offered: exhaust the pool ---------------------
# 300 DISCOVERs with distinct MACs from x: every free pool address is offered
# once (offers are held 30 s), then nothing more. Excluded, reserved,
# abandoned and leased addresses never.

pool=$((191 - 20 - 1))	# .10-.200 minus the exclusion and the reservation
in_use=$(dfo lease list --json | jq --arg r "$RESV_IP" \
	'[.[] | select(.in_use and .address != $r)] | length')
expected=$((pool - in_use))
dh_capture_start sweep "$LAN" br0 || { finish; exit 1; }
nsx "$XNS" timeout 30 "$GEN" --ifname vx0 --count 300 --rate 1000 --mac-base 02:5e:00:00:00:00 -q
sleep 1.5	# past the engine's once-a-second rescan of an exhausted pool
nsx "$XNS" timeout 30 "$GEN" --ifname vx0 --count 50 --rate 1000 --mac-base 02:5f:00:00:00:00 -q
dh_capture_stop sweep
dh_decode "$DH_TMP/sweep.pcap" | awk '$6 == "Offer"' >"$DH_TMP/offers.txt"
n=$(wc -l <"$DH_TMP/offers.txt")
expect_eq "every free pool address offered once, then none ($pool in the pool, $in_use in use)" \
	"$expected" "$n"
bad=$(awk '{ split($9, o, "."); l = o[4] + 0
	if ((l >= 100 && l <= 119) || l < 10 || l > 200) print $9 }' "$DH_TMP/offers.txt" |
	tr '\n' ' ')
expect_eq "no excluded or out-of-range address offered" "" "$bad"
check "the reservation not offered to others" no_match " ${RESV_IP//./\\.} " "$DH_TMP/offers.txt"
for a in "$CONFLICT_U" "$CONFLICT_P"; do
	check "abandoned $a not offered" no_match " ${a//./\\.} " "$DH_TMP/offers.txt"
done
taken=$(awk '$2 == "active" || $2 == "abandoned" { print $1 }' "$DH_TMP/leases.txt" |
	grep -xFf - <(awk '{ print $9 }' "$DH_TMP/offers.txt") | tr '\n' ' ')
expect_eq "no leased address offered" "" "$taken"
dups=$(awk '{ print $9 }' "$DH_TMP/offers.txt" | sort | uniq -d | tr '\n' ' ')
expect_eq "no address offered twice" "" "$dups"
for c in $CLIENTS; do dh_stop "$c"; done
check "dhcpfod still running" dh_agent_up srv

finish
