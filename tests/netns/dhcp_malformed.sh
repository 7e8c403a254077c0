#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Malformed DHCP messages get no reply and change nothing (issue 5 item 5).
#
#   client ns: vc0 192.0.2.2/24 -------------- vs0 192.0.2.1/24 :server ns
#              udhcpc; bash /dev/udp datagrams      dhcpfod, XDP attached
#
# udhcpc first takes a lease, so there is state to keep. Then datagrams are
# written to the server's port 67 with bash's /dev/udp (no other tool), each
# from its own client MAC: truncated at several points, a BOOTREPLY, hlen 17,
# options running past the end (in the options field and in an overloaded
# 'file' field), option 53 of two bytes, a bad overload value, a request that
# names no client (hlen 0, no client identifier); and messages a server must
# not answer although they parse (a DHCPOFFER sent to the server, an unknown
# message type). None gets a reply (nothing leaves port 67 in the capture),
# the leases are exactly what they were, the engine counts each message
# received and each malformed one as malformed, and the agent serves on: a
# well-formed DISCOVER sent the same way gets its OFFER.
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/testsh.sh
. tests/lib/dhcpsh.sh

if ! dh_prereq "$AGENT" "$CLI" ip nsenter jq tcpdump timeout udhcpc; then
	finish
	exit 1
fi
dh_init dhcp-malformed

SRV=192.0.2.1
dh_ns srv && SNS=$REPLY && dh_ns cli && CNS=$REPLY && dh_link "$CNS" vc0 "$SNS" vs0 &&
	ip -n "$SNS" addr add "$SRV/24" dev vs0 ||
	{ fail "building the topology"; finish; exit 1; }
dh_agent_start srv "$SNS" --interface vs0 --server-address "$SRV" || { finish; exit 1; }
run_ok "scope" dfo_at srv scope add 192.0.2.0/24 --range 192.0.2.10-192.0.2.100 \
	--lease-duration 1h

dh_udhcpc u1 "$CNS" vc0 -q
check "udhcpc got a lease" wait_for 20 dh_rec_has u1 'reason=bound '
wait "$(dh_job u1)" 2>/dev/null	# -q: it exits once bound (the address stays)
dh_leases srv >"$DH_TMP/leases.before"
check "the lease is listed" grep -q " active " "$DH_TMP/leases.before"

# ---- messages, as hex ----------------------------------------------------

zeros() { printf '%0*d' $((2 * $1)) 0; }	# N zero bytes
# bootp OP HTYPE HLEN MAC_HEX FILE_HEX OPTIONS_HEX: a message padded to 300
# bytes (RFC 951 size); FILE_HEX fills the start of the 128-byte 'file'.
bootp() {
	local hdr
	hdr="$1$2$3""00""dfc0ffee""0000""0000$(zeros 16)$4$(zeros $((16 - ${#4} / 2)))"
	hdr+="$(zeros 64)$5$(zeros $((128 - ${#5} / 2)))63825363$6"
	while [ ${#hdr} -lt 600 ]; do hdr+=00; done
	echo "$hdr"
}
mac() { printf '02bb000000%02x' "$1"; }
DISCOVER=350101ff		# option 53 = DISCOVER, END

# Each case: name, then the datagram in hex. MALFORMED ones are those the
# codec must reject (docs/dhcp.md "What is served").
MALFORMED=(
	"one byte"			"01"
	"cut at 100 bytes"		"$(bootp 01 01 06 "$(mac 2)" "" $DISCOVER | cut -c1-200)"
	"cookie cut (239 bytes)"	"$(bootp 01 01 06 "$(mac 3)" "" $DISCOVER | cut -c1-478)"
	"a BOOTREPLY"			"$(bootp 02 01 06 "$(mac 4)" "" "$DISCOVER")"
	"hlen 17"			"$(bootp 01 01 11 "$(mac 5)" "" "$DISCOVER")"
	"option past the end"	"$(bootp 01 01 06 "$(mac 6)" "" 3501010cc8414141 |
					cut -c1-488)"
	"option 53 of two bytes"	"$(bootp 01 01 06 "$(mac 7)" "" 35020101ff)"
	"overload value 9"		"$(bootp 01 01 06 "$(mac 8)" "" 340109350101ff)"
	"overloaded file: option past its end" \
					"$(bootp 01 01 06 "$(mac 9)" 0c80 340101350101ff)"
	"no client: hlen 0, no option 61" "$(bootp 01 01 00 "" "" "$DISCOVER")"
)
UNANSWERED=(
	"a DHCPOFFER sent to the server" "$(bootp 01 01 06 "$(mac 20)" "" 350102ff)"
	"message type 200"		"$(bootp 01 01 06 "$(mac 21)" "" 3501c8ff)"
)

# send HEX: one datagram to the server's port 67 (bash /dev/udp: one write).
send() {
	local hex=$1 fmt
	fmt=$(sed 's/../\\x&/g' <<<"$hex")
	nsx "$CNS" bash -c 'exec 3>"/dev/udp/$1/67" && printf "$2" >&3' - "$SRV" "$fmt"
}

n_malformed=$((${#MALFORMED[@]} / 2))
n_all=$((n_malformed + ${#UNANSWERED[@]} / 2))
rx0=$(dh_engine srv .received)
mal0=$(dh_engine srv .dropped.malformed)
rep0=$(dh_engine srv '.replied | add')

dh_capture_start bad "$CNS" vc0 || { finish; exit 1; }
for ((i = 0; i < ${#MALFORMED[@]}; i += 2)); do
	hex=${MALFORMED[i + 1]}
	run_ok "sent: ${MALFORMED[i]} ($((${#hex} / 2)) bytes)" send "$hex"
done
for ((i = 0; i < ${#UNANSWERED[@]}; i += 2)); do
	run_ok "sent: ${UNANSWERED[i]}" send "${UNANSWERED[i + 1]}"
done
# all of them received (bounded wait: the counters move when the engine ran)
received_all() { [ "$(dh_engine srv .received)" -ge $((rx0 + n_all)) ]; }
check "the engine received all $n_all datagrams" wait_for 10 received_all
dh_capture_stop bad

n=$(tcpdump -r "$DH_TMP/bad.pcap" -n 'udp src port 67' 2>/dev/null | wc -l)
expect_eq "no reply to any of them" 0 "$n"
n=$(tcpdump -r "$DH_TMP/bad.pcap" -n 'udp dst port 67' 2>/dev/null | wc -l)
expect_eq "all $n_all datagrams on the wire" "$n_all" "$n"
expect_eq "counted malformed: $n_malformed" "$((mal0 + n_malformed))" \
	"$(dh_engine srv .dropped.malformed)"
expect_eq "nothing replied" "$rep0" "$(dh_engine srv '.replied | add')"
dh_leases srv >"$DH_TMP/leases.after"
check "the leases did not change" cmp -s "$DH_TMP/leases.before" "$DH_TMP/leases.after"
check "dhcpfod still running" dh_agent_up srv

# The same path still works: a well-formed DISCOVER gets its OFFER.
dh_capture_start good "$CNS" vc0 || { finish; exit 1; }
run_ok "sent: a well-formed DISCOVER" send "$(bootp 01 01 06 "$(mac 99)" "" "$DISCOVER")"
offered() {
	tcpdump -r "$DH_TMP/good.pcap" -n -vv 'udp src port 67' 2>/dev/null | grep -q "Offer"
}
check "it gets an OFFER" wait_for 10 offered
dh_capture_stop good

finish
