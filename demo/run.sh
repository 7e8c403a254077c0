#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# dhcpfo demo (`make demo`): a failover pair serving real DHCP clients, in
# network namespaces on this machine, nothing to configure.
#
#                      lan ns: bridge br0 (one L2 segment)
#      +---------------+--------------+----------------+-----------------+
#   eth0 A ns        eth0 B ns      eth0 relay ns     eth0 c01 .. c25 ns (one each)
#   10.70.0.1        10.70.0.2      10.71.0.1         udhcpc or dhclient
#   dhcpfod primary  dhcpfod        perfdhcp: relayed
#   70 %, XDP        secondary 30 %, clients, giaddr
#                    XDP            10.71.0.1, broadcast
#
# 1. A and B start with XDP attached to their LAN port (native; generic if
#    native fails), each with its TCP management API.
# 2. Through the dhcpfo CLI: a scope on A; `failover add` creates the 70/30
#    load-balance relationship on A and on B (over B's TCP API, copying the
#    scopes); `failover set --state NORMAL` on both.
# 3. 20 real clients (15 udhcpc, 5 dhclient) and ~900 relayed perfdhcp
#    clients; every DISCOVER reaches both servers.
# 4. Report: each server's XDP counters from its pinned maps, its leases
#    (`dhcpfo lease list`), whether every client was served by the server its
#    RFC 3074 bucket names, and whether the split is 70/30 within the
#    binomial spread.
# 5. A is stopped; B is moved to PARTNER_DOWN; new clients and the renewals
#    are served by B.
#
# Takes about a minute. Everything it made (namespaces, veths, the bridge,
# pins, processes, files) is removed on exit, Ctrl-C included.
# Needs root and: make (build/dhcpfod, build/dhcpfo), make deps (busybox
# udhcpc, dhclient, perfdhcp, jq).
set -u
export LC_ALL=C

cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
AGENT=$BUILD/dhcpfod
CLI=$BUILD/dhcpfo
PIN_ROOT=/sys/fs/bpf/dhcpfo
T0=$SECONDS

A=10.70.0.1
B=10.70.0.2
LAN=10.70.0.0
RELAY=10.71.0.1
RNET=10.71.0.0
PCT=70			# A's share (the primary's)
NB=$(((256 * PCT + 50) / 100))	# buckets 0..NB-1 are A's: 179
MCLT=20			# s; leases in a relationship last min(scope lease, MCLT)
N_UDHCPC=15
N_DHCLIENT=5
N_LATE=5		# clients that arrive after A is gone
PERF_RATE=300
PERF_SECS=3

die() { echo "demo: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (network namespaces, XDP): sudo make demo"
for t in "$AGENT" "$CLI"; do
	[ -x "$t" ] || die "$t is not built: run make"
done
for c in ip nsenter jq busybox dhclient perfdhcp timeout; do
	command -v "$c" >/dev/null || die "$c is missing: run make deps"
done

DIR=$(mktemp -d /tmp/dfo-demo.XXXXXX) || exit 2
TAG=$$
LANNS=dfo-demo-lan-$TAG
NS_LIST=()
PIDS=()
INSTS=()

cleanup() {
	trap - EXIT INT TERM
	local p i ns
	for p in "${PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in "${PIDS[@]}"; do
		timeout 5 tail --pid="$p" -f /dev/null 2>/dev/null || kill -KILL "$p" 2>/dev/null
	done
	for i in "${INSTS[@]}"; do
		timeout 20 "$AGENT" --instance "$i" --pin-root "$PIN_ROOT" --socket "$DIR/none.sock" \
			--unpin >/dev/null 2>&1
		rm -rf "${PIN_ROOT:?}/$i"
	done
	# Namespaces made by this run, also any a signal left unrecorded.
	for ns in "${NS_LIST[@]}" $(ip netns list 2>/dev/null | awk '{ print $1 }' |
				    grep -E "^dfo-demo-.*-$TAG\$"); do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$DIR"
	echo "demo: cleaned up (namespaces, bridge, veths, pins, processes, files)"
}
trap cleanup EXIT
trap 'echo; echo "demo: interrupted"; exit 130' INT TERM

STEP=0
step() {
	STEP=$((STEP + 1))
	printf '\n[%d] %s\n' "$STEP" "$*"
}
say() { printf '    %s\n' "$*"; }
# show a|b ARGS...: print the dhcpfo command as a user would type it on that
# server, run it, indent its output. A's commands run in A's namespace, from
# where B's TCP API (10.70.0.2:6470) is reachable.
show() {
	local s=$1
	shift
	printf '    %s$ dhcpfo %s\n' "${s^^}" "$*"
	c$s "$@" 2>&1 | sed 's/^/      /'
	return "${PIPESTATUS[0]}"
}

wait_for() {	# wait_for SECONDS CMD...: poll until CMD succeeds
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}

# ---- the lab ------------------------------------------------------------------

# mkns NAME: a namespace with loopback up and IPv6 off (no router/MLD noise).
mkns() {
	ip netns add "$1" || die "cannot create namespace $1"
	NS_LIST+=("$1")
	ip -n "$1" link set lo up
	nsenter --net="/run/netns/$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}

# attach NS PORT: NS gets eth0, joined to br0 through port PORT of the lan ns.
attach() {
	ip link add eth0 netns "$1" type veth peer name "$2" netns "$LANNS" || die "veth for $1"
	ip -n "$LANNS" link set "$2" master br0 up
	ip -n "$1" link set eth0 up
}

nsa() { nsenter --net="/run/netns/dfo-demo-a-$TAG" "$@"; }
ca() { nsa timeout 30 "$CLI" --socket "$DIR/a.sock" --key-file "$DIR/api.key" "$@"; }
cb() { timeout 30 "$CLI" --socket "$DIR/b.sock" "$@"; }

step "A lab in network namespaces: one L2 segment (bridge), servers A and B, a relay, client namespaces"
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
mkns "$LANNS"
nsenter --net="/run/netns/$LANNS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip -n "$LANNS" link add br0 type bridge forward_delay 0 stp_state 0
ip -n "$LANNS" link set br0 up
for s in a b relay; do
	mkns "dfo-demo-$s-$TAG"
	attach "dfo-demo-$s-$TAG" "p-$s"
done
ip -n "dfo-demo-a-$TAG" addr add "$A/24" dev eth0
ip -n "dfo-demo-b-$TAG" addr add "$B/24" dev eth0
ip -n "dfo-demo-relay-$TAG" addr add "$RELAY/16" dev eth0
# The relayed scope's replies go to the relay (giaddr) on the same segment.
for s in a b; do
	ip -n "dfo-demo-$s-$TAG" route add "$RNET/16" dev eth0
done
ip -n "dfo-demo-relay-$TAG" route add "$LAN/24" dev eth0
for i in $(seq -w 1 $((N_UDHCPC + N_DHCLIENT + N_LATE))); do
	mkns "dfo-demo-c$i-$TAG"
	attach "dfo-demo-c$i-$TAG" "p-c$i"
done
say "lan: br0 with $((3 + N_UDHCPC + N_DHCLIENT + N_LATE)) ports; A $A, B $B, relay $RELAY;" \
	"$((N_UDHCPC + N_DHCLIENT + N_LATE)) client namespaces"

# ---- the servers --------------------------------------------------------------

(umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$DIR/api.key")

# start_agent a|b ADDRESS [XDP_MODE]
start_agent() {
	local s=$1 addr=$2 mode=${3:-auto} inst=demo-$1-$TAG
	INSTS+=("$inst")
	nsenter --net="/run/netns/dfo-demo-$s-$TAG" "$AGENT" --instance "$inst" \
		--pin-root "$PIN_ROOT" --state-dir "$DIR/$s" --socket "$DIR/$s.sock" \
		--interface eth0 --server-address "$addr" --xdp-mode "$mode" \
		--api-listen "$addr:6470" --api-key-file "$DIR/api.key" --log-level warning \
		>>"$DIR/$s.log" 2>&1 &
	eval "PID_$s=$!"
	PIDS+=("$!")
	wait_for 10 "$CLI" --socket "$DIR/$s.sock" --timeout 1000 agent info >/dev/null 2>&1 ||
		{ tail -5 "$DIR/$s.log" >&2; die "dhcpfod $s did not start"; }
}

# xdp_of a|b: "MODE PROG_ID" of eth0 as the agent reports it.
xdp_of() {
	"$CLI" --socket "$DIR/$1.sock" datapath status --json |
		jq -r '.interfaces[] | select(.name == "eth0") | "\(.xdp_mode) \(.prog_id)"'
}

stop_agent() {
	local s=$1 pidv=PID_$1
	kill -TERM "${!pidv}" 2>/dev/null
	timeout 20 tail --pid="${!pidv}" -f /dev/null
}

step "Starting dhcpfod A ($A) and B ($B), the XDP program on each one's LAN port"
for s in a b; do
	addr=$A
	[ $s = b ] && addr=$B
	start_agent $s $addr
	read -r mode prog <<<"$(xdp_of $s)"
	if [ "$mode" != native ]; then
		say "${s^^}: native XDP not attached (mode '$mode'): falling back to generic (skb) XDP"
		stop_agent $s
		start_agent $s $addr generic
		read -r mode prog <<<"$(xdp_of $s)"
	fi
	say "${s^^}: XDP $mode mode on eth0, program id $prog, maps pinned in $PIN_ROOT/demo-$s-$TAG/"
done

step "Configuring through the dhcpfo CLI: scopes on A; one 70/30 relationship created on A and on B"
show a scope add "$LAN/24" --name lan --range 10.70.0.10-10.70.0.250 --lease-duration 1h ||
	die "scope add failed"
show a scope add "$RNET/16" --name relayed --range 10.71.1.0-10.71.255.250 --lease-duration 1h ||
	die "scope add failed"
show a failover add demo --partner "$B" --this-server "$A" --scope "$LAN" --scope "$RNET" \
	--percent $PCT --mclt ${MCLT}s || die "failover add failed"
say "(B got the relationship as secondary and a copy of both scopes over its TCP API)"

step "Bringing the relationship to NORMAL on both servers"
show a failover set demo --state NORMAL || die "failover set on A failed"
show a -s "$B" failover set demo --state NORMAL || die "failover set on B failed"
say "A: $(ca failover show demo --json | jq -r '"\(.state_name), \(.server_type), primary share \(.percentage) %, MCLT \(.mclt) s"')"
say "B: $(cb failover show demo --json | jq -r '"\(.state_name), \(.server_type), primary share \(.percentage) %, MCLT \(.mclt) s"')"
say "A answers clients in buckets 0..$((NB - 1)) of 256 ($NB = round(256 x $PCT %)), B the rest"

# ---- the clients --------------------------------------------------------------

cat >"$DIR/udhcpc.sh" <<'EOF'
#!/bin/sh
# udhcpc -s: record the event; configure this client's namespace only.
echo "$(date +%s) $1 ${ip:-} ${serverid:-}" >>"$DEMO_REC"
case $1 in
deconfig) ip -4 addr flush dev "$interface" ;;
bound|renew)
	ip -4 addr show dev "$interface" | grep -q " $ip/" || ip -4 addr flush dev "$interface"
	ip addr replace "$ip/$mask" dev "$interface" ;;
esac
exit 0
EOF
cat >"$DIR/dhclient.sh" <<'EOF'
#!/bin/sh
# dhclient -sf: record the event; configure this client's namespace only.
case $reason in
BOUND|RENEW|REBIND|REBOOT)
	echo "$(date +%s) $reason $new_ip_address $new_dhcp_server_identifier" >>"$DEMO_REC"
	[ "${old_ip_address:-}" = "$new_ip_address" ] || ip -4 addr flush dev "$interface"
	ip addr replace "$new_ip_address/24" dev "$interface" ;;
EXPIRE|FAIL|STOP|RELEASE)
	echo "$(date +%s) $reason - -" >>"$DEMO_REC"
	ip -4 addr flush dev "$interface" ;;
esac
exit 0
EOF
chmod 755 "$DIR/udhcpc.sh" "$DIR/dhclient.sh"
# retransmit every 1-2 s: short leases see their rebinding window
printf 'initial-interval 1;\nbackoff-cutoff 2;\n' >"$DIR/dhclient.conf"

# client N udhcpc|dhclient: start it in namespace cN.
client() {
	local n=$1 ns=dfo-demo-c$1-$TAG
	: >"$DIR/c$n.rec"
	if [ "$2" = udhcpc ]; then
		nsenter --net="/run/netns/$ns" env DEMO_REC="$DIR/c$n.rec" busybox udhcpc -f -i eth0 \
			-s "$DIR/udhcpc.sh" -T 1 -t 5 -A 1 >>"$DIR/c$n.log" 2>&1 &
	else
		nsenter --net="/run/netns/$ns" dhclient -4 -d -e DEMO_REC="$DIR/c$n.rec" \
			-cf "$DIR/dhclient.conf" -lf "$DIR/c$n.leases" -pf "$DIR/c$n.pid" \
			-sf "$DIR/dhclient.sh" eth0 >>"$DIR/c$n.log" 2>&1 &
	fi
	PIDS+=("$!")
	echo "$2" >"$DIR/c$n.kind"
}
# key N: the client's hash key as `dhcpfo failover which` takes it (udhcpc
# sends option 61 = 01 + MAC; dhclient sends none: the MAC).
key() {
	local mac
	mac=$(ip -n "dfo-demo-c$1-$TAG" -j link show eth0 | jq -r '.[0].address')
	if [ "$(cat "$DIR/c$1.kind")" = udhcpc ]; then echo "01${mac//:/}"; else echo "$mac"; fi
}
# last_server N: the server id of the client's latest lease event.
last_server() { awk '$4 != "" && $4 != "-" { s = $4 } END { print s }' "$DIR/c$1.rec"; }
bound() { [ -n "$(last_server "$1")" ]; }
all_bound() {
	local n
	for n in "$@"; do bound "$n" || return 1; done
}

# perf N SEED MAC_BASE: perfdhcp from the relay namespace, on eth0: it sends
# relayed (giaddr = its address) DISCOVERs and REQUESTs to 255.255.255.255,
# so that both servers see every one. In the background and waited for:
# perfdhcp catches SIGINT, and bash would not run the INT trap after a
# foreground child that exits normally.
perf() {
	nsenter --net="/run/netns/dfo-demo-relay-$TAG" timeout 30 perfdhcp -4 -l eth0 -r $PERF_RATE \
		-p $PERF_SECS -R 1000000 -s "$2" -b "mac=$3" >"$DIR/perf$1.out" 2>&1 &
	wait $!
}
perf_line() {
	awk '/Statistics for: DISCOVER-OFFER/ { s = "DO" } /Statistics for: REQUEST-ACK/ { s = "RA" }
	     /^sent packets:/ { sent[s] = $3 } /^received packets:/ { recv[s] = $3 } /^orphans:/ { orph += $2 }
	     END { printf "%d DISCOVERs, %d OFFERs, %d ACKs (%.1f %% of the exchanges completed), %d unexpected replies\n",
		   sent["DO"], recv["DO"], recv["RA"], sent["DO"] ? 100 * recv["RA"] / sent["DO"] : 0, orph }' "$1"
}
FIRST=()
for i in $(seq -w 1 $((N_UDHCPC + N_DHCLIENT))); do FIRST+=("$i"); done
LATE=()
for i in $(seq -w $((N_UDHCPC + N_DHCLIENT + 1)) $((N_UDHCPC + N_DHCLIENT + N_LATE))); do LATE+=("$i"); done

step "Starting ${#FIRST[@]} clients on the segment ($N_UDHCPC busybox udhcpc, $N_DHCLIENT ISC dhclient), each in its own namespace"
for i in "${FIRST[@]}"; do
	if [ "$((10#$i))" -le $N_UDHCPC ]; then client "$i" udhcpc; else client "$i" dhclient; fi
done
wait_for 30 all_bound "${FIRST[@]}"
na=0 nb=0 right=0 wrong=()
for i in "${FIRST[@]}"; do
	srv=$(last_server "$i")
	case $srv in $A) na=$((na + 1)) ;; $B) nb=$((nb + 1)) ;; esac
	owner=$(ca failover which "$(key "$i")" --scope "$LAN" --json | jq -r .owner_address)
	if [ "$owner" = "$srv" ]; then right=$((right + 1)); else wrong+=("c$i:$srv/$owner"); fi
done
say "$((na + nb)) of ${#FIRST[@]} clients bound: $na by A, $nb by B"
say "$right of ${#FIRST[@]} served by the server their RFC 3074 bucket names (dhcpfo failover which)${wrong[*]:+; not: ${wrong[*]}}"

step "perfdhcp in the relay namespace: $PERF_RATE relayed DORA/s for $PERF_SECS s, broadcast on the segment (giaddr $RELAY)"
perf 1 7 00:0c:01:00:00:00
say "perfdhcp: $(perf_line "$DIR/perf1.out")"
say "(an unexpected reply would be a second server answering the same client: there should be none)"

# ---- the report ---------------------------------------------------------------

# counters S: "rx passed dropped" of server S's XDP program (pinned maps).
counters() {
	"$CLI" --socket "$DIR/$1.sock" datapath status --json |
		jq -r '"\(.global.rx) \(.global.passed) \(.global.dropped)"'
}
# leases S SCOPE: active leases of server S in SCOPE.
leases() {
	"$CLI" --socket "$DIR/$1.sock" lease list --scope "$2" --json |
		jq '[.[] | select(.state == "active")] | length'
}

step "Report: XDP counters (read from each server's pinned BPF maps) and leases per server"
printf '    %-8s %10s %10s %10s %14s %14s\n' server "XDP rx" passed dropped "leases $LAN" "leases $RNET"
for s in a b; do
	read -r rx pass drop <<<"$(counters $s)"
	eval "L1_$s=$(leases $s $LAN) L2_$s=$(leases $s $RNET) DROP_$s=$drop PASS_$s=$pass"
	l1=L1_$s l2=L2_$s
	printf '    %-8s %10s %10s %10s %14s %14s\n' "${s^^}" "$rx" "$pass" "$drop" "${!l1}" "${!l2}"
done
say "dropped: the partner's clients' DISCOVERs (and their REQUESTs to the partner), discarded by XDP"
say "before the kernel's network stack; every DISCOVER reached both servers (broadcast)"
n=$((L2_a + L2_b))
read -r exp lo hi <<<"$(awk -v n=$n -v nb=$NB 'BEGIN { p = nb / 256; m = n * p; s = sqrt(n * p * (1 - p));
	lo = m - 3 * s; if (lo < 0) lo = 0; printf "%.0f %d %d\n", m, lo, m + 3 * s + 0.999 }')"
if [ "$L2_a" -ge "$lo" ] && [ "$L2_a" -le "$hi" ]; then verdict="follows 70/30"; else verdict="does NOT follow 70/30"; fi
say "split of the $n relayed clients: A $L2_a ($(awk -v a="$L2_a" -v n=$n 'BEGIN { printf "%.1f", n ? 100 * a / n : 0 }') %), B $L2_b;" \
	"expected for A: $exp, within $lo..$hi (binomial, p = $NB/256, +/- 3 sigma): $verdict"

# ---- A fails ------------------------------------------------------------------

step "Stopping server A (its process ends; B is now alone)"
stop_agent a
say "A stopped: nobody answers A's clients now"
if command -v bpftool >/dev/null; then
	say "A's XDP program stays attached through its pinned link; its counters, read with bpftool:"
	printf '    $ bpftool -j map lookup pinned %s key 0 0 0 0\n' "$PIN_ROOT/demo-a-$TAG/dfo_global"
	bpftool -j map lookup pinned "$PIN_ROOT/demo-a-$TAG/dfo_global" key 0 0 0 0 |
		jq -r '.formatted.values | map(.value) | reduce .[] as $c ({}; reduce ($c | keys[]) as $k
			(.; .[$k] += $c[$k])) | "      rx \(.rx), passed \(.passed), dropped \(.dropped) (summed over CPUs)"'
fi

step "Moving B to PARTNER_DOWN through the CLI (B then answers every client)"
show b failover set demo --state PARTNER_DOWN || die "failover set PARTNER_DOWN failed"
T_DOWN=$(date +%s)
read -r rx0 pass0 drop0 <<<"$(counters b)"

step "New clients arrive: ${#LATE[@]} udhcpc on the segment, and another perfdhcp run from the relay"
for i in "${LATE[@]}"; do client "$i" udhcpc; done
perf 2 8 00:0c:02:00:00:00
wait_for 20 all_bound "${LATE[@]}"
late_b=0
for i in "${LATE[@]}"; do [ "$(last_server "$i")" = "$B" ] && late_b=$((late_b + 1)); done
say "new clients: $late_b of ${#LATE[@]} bound by B"
say "perfdhcp: $(perf_line "$DIR/perf2.out")"

step "Renewals: the first ${#FIRST[@]} clients renew every $((MCLT / 2)) s (leases last MCLT = $MCLT s); waiting until each has a lease from B"
# on_b N: the client's latest lease since PARTNER_DOWN comes from B.
on_b() { awk -v t="$T_DOWN" -v b="$B" '$1 >= t && $4 != "" && $4 != "-" { s = $4 } END { exit s != b }' "$DIR/c$1.rec"; }
all_on_b() {
	local n
	for n in "${FIRST[@]}"; do on_b "$n" || return 1; done
}
say "(A's clients: their renewals to A go unanswered, their rebinding broadcasts reach B; B hands out"
say " only its own free addresses until MCLT has passed in PARTNER_DOWN, A's too after that)"
wait_for $((MCLT * 2 + 10)) all_on_b || say "not all of them within $((MCLT * 2 + 10)) s:"
kill -0 "$PID_b" 2>/dev/null || die "dhcpfod B stopped unexpectedly; its log: $(tail -3 "$DIR/b.log")"
renew_b=0 moved=0 same=0 now_b=0
for i in "${FIRST[@]}"; do
	on_b "$i" && now_b=$((now_b + 1))
	r=$(awk -v t="$T_DOWN" -v b="$B" '$1 >= t && $4 == b && $2 ~ /^(renew|RENEW|REBIND)$/ { n++ } END { print n + 0 }' "$DIR/c$i.rec")
	renew_b=$((renew_b + r))
	first=$(awk '$4 != "" && $4 != "-" { print $4; exit }' "$DIR/c$i.rec")
	if [ "$first" = "$A" ] && on_b "$i"; then
		moved=$((moved + 1))
		# same address before and after: B took over A's lease (rebinding)
		ips=$(awk '$3 != "" && $3 != "-" { print $3 }' "$DIR/c$i.rec" | sort -u | wc -l)
		[ "$ips" = 1 ] && same=$((same + 1))
	fi
done
say "$now_b of ${#FIRST[@]} clients now hold a lease from B; $moved of the $na that A had served moved to B" \
	"($same kept their address, $((moved - same)) got a new one)"
say "$renew_b renewals (renew/rebind ACKs) answered by B since it went PARTNER_DOWN"
read -r rx1 pass1 drop1 <<<"$(counters b)"
say "B's XDP since PARTNER_DOWN: $((pass1 - pass0)) passed, $((drop1 - drop0)) dropped (it no longer sheds A's half)"

step "Done in $((SECONDS - T0)) s. Cleaning up."
