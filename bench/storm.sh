#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Storm benchmark (issue 7): both servers of a failover pair on one broadcast
# segment receive every DISCOVER of a storm. What each server spends on the
# DISCOVERs it sheds (its partner's clients) and on those it answers, and the
# highest storm rate the pair holds without losing a real client's DORA, for
#   xdp    two dhcpfod, 50/50 load balance, XDP native on their port
#   gxdp   the same with XDP in generic (skb) mode
#   noxdp  the same with --no-xdp: the engine sheds in userspace (the Kea/ISC way)
#   kea    two kea-dhcp4 in a Kea HA load-balancing pair (libdhcp_ha,
#          libdhcp_lease_cmds), bench/storm/kea-ha.json.in
#
#                        lan ns: bridge br0
#     +------------------+--------------------+---------------------+
#   dsaN A ns          dsbN B ns            eth0 gen ns           eth0 probe ns
#   10.80.0.1          10.80.0.2            dfo-dhcpgen:          perfdhcp: DORAs,
#   server A           server B             broadcast DISCOVERs,  broadcast, giaddr
#   (CPU 1)            (CPU 1)              client-id (CPU 0)     10.80.0.9 (CPU 0)
#
# usage: bench/storm.sh [-p PAIRS] [-r RATES] [-d SECS] [-H RATE] [-k K] [-P RATE]
#   -p  comma-separated pairs (default xdp,gxdp,noxdp,kea)
#   -r  storm rates of the hold test, pps, ascending (default
#       10000,20000,30000,50000,70000,100000,140000)
#   -d  seconds per storm (default 5)
#   -H  rate of the two half storms that measure CPU per packet (default 20000)
#   -k  storm clients per RFC 3074 bucket (default 50: 6,400 per half)
#   -P  probe DORAs per second during the hold test (default 50)
#
# Method (bench/README.md, "storm"):
# - CPU. Each server's port has GRO on and its NAPI in threaded mode, and the
#   bridge's side of it has TSO off, so that veth delivers every frame through
#   that NAPI (with or without XDP). All of a server's receive work then runs
#   in two places that can be measured exactly: the port's NAPI kernel thread
#   (veth, XDP, GRO, IP, UDP, socket queueing) and the server's own threads.
#   Their run times (/proc/TID/schedstat, ns) are the server's CPU; other load
#   on the machine does not enter them. Both servers and both NAPI threads run
#   on CPU 1, the storm generator and the probe on CPU 0.
# - Half storms: a storm made only of A's clients (A answers every DISCOVER,
#   B sheds every one), then one of B's clients. CPU per shed packet is the
#   shedding server's CPU over the frames it received; CPU per answered
#   DISCOVER the answering server's. The clients of each half come from
#   dfo-bucket: buckets 0..127 are the primary's for dhcpfod at 50 %, even
#   buckets for Kea HA (bucket % 2), both hashing option 61.
# - Hold test: storms of both halves interleaved, at each rate of -r for -d
#   seconds, while perfdhcp (another client on the segment, broadcasting)
#   runs DORAs at -P per second. A rate is held when less than 1 % of those
#   DORAs are lost. The test stops at the first rate not held.
#
# Needs root, 2 CPUs, make tests (dhcpfod, dhcpfo, dfo-dhcpgen, dfo-bucket),
# make deps (kea-dhcp4, perfdhcp, ethtool, curl, jq). Namespaces, processes,
# pins and files are removed on any exit, Ctrl-C included. A benchmark, not a
# test: it fails only when it cannot run.
set -u
export LC_ALL=C

cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
AGENT=$BUILD/dhcpfod
CLI=$BUILD/dhcpfo
GEN=$BUILD/tests/tools/dfo-dhcpgen
BUCKET=$BUILD/tests/tools/dfo-bucket
CONF=bench/storm
PIN_ROOT=/sys/fs/bpf/dhcpfo
HOOKS=/usr/lib/x86_64-linux-gnu/kea/hooks

PAIRS=xdp,gxdp,noxdp,kea
RATES=10000,20000,30000,50000,70000,100000,140000
SECS=5
HALF=20000
PERB=50
PROBE=50

usage() {
	sed -n '/^# usage:/,/^#   -P/s/^# \{0,1\}//p' "$0" >&2
	exit 2
}
while getopts "p:r:d:H:k:P:h" o; do
	case $o in
	p) PAIRS=$OPTARG ;;
	r) RATES=$OPTARG ;;
	d) SECS=$OPTARG ;;
	H) HALF=$OPTARG ;;
	k) PERB=$OPTARG ;;
	P) PROBE=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
IFS=, read -r -a PAIR_LIST <<<"$PAIRS"
IFS=, read -r -a RATE_LIST <<<"$RATES"
for v in "$SECS" "$HALF" "$PERB" "$PROBE" "${RATE_LIST[@]}"; do
	[[ $v =~ ^[1-9][0-9]*$ ]] || { echo "storm.sh: '$v' is not a positive integer" >&2; exit 2; }
done
[ "$SECS" -ge 3 ] || { echo "storm.sh: -d at least 3 s" >&2; exit 2; }
[ "$PERB" -le 250 ] || { echo "storm.sh: -k at most 250 (the pool)" >&2; exit 2; }
for p in "${PAIR_LIST[@]}"; do
	case $p in
	xdp | gxdp | noxdp) ;;
	kea) for h in libdhcp_ha.so libdhcp_lease_cmds.so; do
		[ -e "$HOOKS/$h" ] || { echo "storm.sh: $HOOKS/$h missing (make deps)" >&2; exit 2; }
	     done ;;
	*) echo "storm.sh: unknown pair '$p' (xdp, gxdp, noxdp, kea)" >&2; exit 2 ;;
	esac
done
[ "$(id -u)" -eq 0 ] || { echo "storm.sh: needs root (namespaces, XDP)" >&2; exit 2; }
[ "$(nproc)" -ge 2 ] || { echo "storm.sh: needs 2 CPUs" >&2; exit 2; }
for t in "$AGENT" "$CLI" "$GEN" "$BUCKET"; do
	[ -x "$t" ] || { echo "storm.sh: $t is not built (make tests)" >&2; exit 2; }
done
for c in kea-dhcp4 perfdhcp ethtool curl jq nsenter taskset ip; do
	command -v "$c" >/dev/null || { echo "storm.sh: $c missing (make deps)" >&2; exit 2; }
done

DIR=$(mktemp -d /tmp/dfo-storm.XXXXXX) || exit 2
T=$(($$ % 100000))
LANNS=dfo-storm-lan-$$
NS_A=dfo-storm-a-$$
NS_B=dfo-storm-b-$$
NS_G=dfo-storm-gen-$$
NS_P=dfo-storm-probe-$$
DEV_A=dsa$T		# unique names: their NAPI threads are "napi/<dev>-<id>"
DEV_B=dsb$T
ADDR_A=10.80.0.1
ADDR_B=10.80.0.2
ADDR_G=10.80.0.8
ADDR_P=10.80.0.9
SCPU=1
GCPU=0
PID_A=
PID_B=
INSTS=()
JOBS=()

cleanup() {
	trap - EXIT INT TERM
	local p i ns
	for p in "${JOBS[@]}" $PID_A $PID_B; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in "${JOBS[@]}" $PID_A $PID_B; do
		timeout 10 tail --pid="$p" -f /dev/null 2>/dev/null || kill -KILL "$p" 2>/dev/null
	done
	for i in "${INSTS[@]}"; do
		timeout 20 "$AGENT" --instance "$i" --pin-root "$PIN_ROOT" --socket "$DIR/none.sock" \
			--unpin >/dev/null 2>&1
		rm -rf "${PIN_ROOT:?}/$i"
	done
	for ns in "$NS_A" "$NS_B" "$NS_G" "$NS_P" "$LANNS"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# bg CMD...: run in the background and wait for it (a trapped signal then
# interrupts the wait at once, whatever the command does with SIGINT).
bg() {
	"$@" &
	JOBS+=("$!")
	wait "$!"
}

# ---- topology -----------------------------------------------------------------

mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
for ns in "$LANNS" "$NS_A" "$NS_B" "$NS_G" "$NS_P"; do
	ip netns add "$ns" || exit 1
	ip -n "$ns" link set lo up
	nsenter --net="/run/netns/$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
ip -n "$LANNS" link add br0 type bridge forward_delay 0 stp_state 0
ip -n "$LANNS" link set br0 up
# port NS DEV PORT ADDR
port() {
	ip link add "$2" netns "$1" type veth peer name "$3" netns "$LANNS" || exit 1
	ip -n "$LANNS" link set "$3" master br0 up
	ip -n "$1" addr add "$4/16" dev "$2"
	ip -n "$1" link set "$2" up
}
port "$NS_A" "$DEV_A" pa "$ADDR_A"
port "$NS_B" "$DEV_B" pb "$ADDR_B"
port "$NS_G" eth0 pg "$ADDR_G"
port "$NS_P" eth0 pp "$ADDR_P"
# The servers' OFFERs go to the storm's random MACs, which the bridge never
# learns: flooding them to the other server and the generator would add work
# that is no part of the storm. Broadcasts are still flooded everywhere.
for p in pa pb pg; do
	ip -n "$LANNS" link set dev "$p" type bridge_slave flood off
done
# A NAPI instance on each server port (GRO), run as a kernel thread that
# can be measured, and frames from the bridge eligible for it (TSO off).
for s in A B; do
	ns=NS_$s dev=DEV_$s p=p${s,,}
	nsenter --net="/run/netns/${!ns}" ethtool -K "${!dev}" gro on >/dev/null || exit 1
	ip netns exec "${!ns}" sh -c "echo 1 > /sys/class/net/${!dev}/threaded" || exit 1
	nsenter --net="/run/netns/$LANNS" ethtool -K "$p" tso off >/dev/null || exit 1
done

# napi_tid DEV: the NAPI kernel thread of DEV.
napi_tid() {
	local f
	for f in /proc/[0-9]*/comm; do
		case $(cat "$f" 2>/dev/null) in
		"napi/$1-"*) f=${f#/proc/}; echo "${f%/comm}"; return 0 ;;
		esac
	done
	return 1
}

# ---- the storm clients ----------------------------------------------------------

# One MAC file per half and hash split: dfo-bucket prints "BUCKET MAC"
# lines, option 61 = 01 + MAC hashed (as dfo-dhcpgen --client-id sends).
"$BUCKET" --client-id --per-bucket "$PERB" >"$DIR/buckets" || exit 1
awk '$1 < 128' "$DIR/buckets" >"$DIR/dfo-a.macs"
awk '$1 >= 128' "$DIR/buckets" >"$DIR/dfo-b.macs"
awk '$1 % 2 == 0' "$DIR/buckets" >"$DIR/kea-a.macs"
awk '$1 % 2 == 1' "$DIR/buckets" >"$DIR/kea-b.macs"
for k in dfo kea; do
	paste -d '\n' "$DIR/$k-a.macs" "$DIR/$k-b.macs" >"$DIR/$k-all.macs"
done
NCLI=$(wc -l <"$DIR/dfo-a.macs")

# ---- pairs ------------------------------------------------------------------------

dfo() { timeout 20 "$CLI" --socket "$DIR/$1.sock" "${@:2}"; }

# start_dfo MODE: two dhcpfod, 50/50, NORMAL; each configured on its own
# socket (--local-only: the same relationship on both sides, no replication).
start_dfo() {
	local s ns dev addr partner role inst flags
	for s in a b; do
		if [ $s = a ]; then
			ns=$NS_A dev=$DEV_A addr=$ADDR_A partner=$ADDR_B role=primary
		else
			ns=$NS_B dev=$DEV_B addr=$ADDR_B partner=$ADDR_A role=secondary
		fi
		case $1 in
		xdp) flags=(--xdp-mode native) ;;
		gxdp) flags=(--xdp-mode generic) ;;
		noxdp) flags=(--no-xdp) ;;
		esac
		inst=storm-$s-$$
		INSTS+=("$inst")
		rm -rf "$DIR/$s"
		nsenter --net="/run/netns/$ns" taskset -c $SCPU "$AGENT" --instance "$inst" \
			--pin-root "$PIN_ROOT" --state-dir "$DIR/$s" --socket "$DIR/$s.sock" \
			--interface "$dev" --server-address "$addr" --log-level warning "${flags[@]}" \
			>>"$DIR/$s.log" 2>&1 &
		if [ $s = a ]; then PID_A=$!; else PID_B=$!; fi
		for _ in $(seq 100); do
			dfo $s agent info >/dev/null 2>&1 && break
			sleep 0.05
		done
		dfo $s scope add 10.80.0.0/16 --range 10.80.1.0-10.80.255.250 --lease-duration 1h \
			>/dev/null &&
		dfo $s failover add storm --partner "$partner" --this-server "$addr" \
			--scope 10.80.0.0 --percent 50 --role $role --local-only >/dev/null &&
		dfo $s failover set storm --state NORMAL >/dev/null || return 1
	done
	if [ "$1" != noxdp ]; then
		for s in a b; do
			[ "$(dfo $s datapath status --json | jq -r '.interfaces[0].xdp_mode')" = \
			  "$([ "$1" = xdp ] && echo native || echo generic)" ] || return 1
		done
	fi
}

# ha_state ADDR: the Kea HA state of the server at ADDR (asked from A's ns).
ha_state() {
	nsenter --net="/run/netns/$NS_A" curl -s -m 2 -X POST -H 'Content-Type: application/json' \
		-d '{"command":"ha-heartbeat","service":["dhcp4"]}' "http://$1:8000/" |
		jq -r '.[0].arguments.state // empty' 2>/dev/null
}
kea_ready() { [ "$(ha_state $ADDR_A)" = load-balancing ] && [ "$(ha_state $ADDR_B)" = load-balancing ]; }

start_kea() {
	local s ns dev
	for s in a b; do
		if [ $s = a ]; then ns=$NS_A dev=$DEV_A; else ns=$NS_B dev=$DEV_B; fi
		rm -f "$DIR/kea-$s-leases4.csv"*
		sed -e "s|@THIS@|$s|g" -e "s|@IF@|$dev|g" -e "s|@DIR@|$DIR|g" \
		    -e "s|@A@|$ADDR_A|g" -e "s|@B@|$ADDR_B|g" -e "s|@HOOKS@|$HOOKS|g" \
			"$CONF/kea-ha.json.in" >"$DIR/kea-$s.json"
		KEA_PIDFILE_DIR=$DIR KEA_LOCKFILE_DIR=$DIR nsenter --net="/run/netns/$ns" \
			taskset -c $SCPU kea-dhcp4 -c "$DIR/kea-$s.json" >>"$DIR/kea-$s.out" 2>&1 &
		if [ $s = a ]; then PID_A=$!; else PID_B=$!; fi
	done
	for _ in $(seq 120); do
		kea_ready && return 0
		sleep 0.5
	done
	return 1
}

start_pair() {
	case $1 in
	kea) start_kea ;;
	*) start_dfo "$1" ;;
	esac || return 1
	TID_A=$(napi_tid "$DEV_A") && TID_B=$(napi_tid "$DEV_B") || return 1
	# On the servers' CPU, and ahead of the servers as softirq work would be
	# (real-time priority): the kernel takes every frame off the port when it
	# arrives, and what the servers cannot keep up with overflows their socket
	# buffers, not the port's 256-frame ring.
	taskset -pc $SCPU "$TID_A" >/dev/null && taskset -pc $SCPU "$TID_B" >/dev/null &&
	chrt -f -p 50 "$TID_A" && chrt -f -p 50 "$TID_B"
}

stop_pair() {
	local p i
	for p in $PID_A $PID_B; do kill -TERM "$p" 2>/dev/null; done
	for p in $PID_A $PID_B; do
		timeout 20 tail --pid="$p" -f /dev/null 2>/dev/null || kill -KILL "$p" 2>/dev/null
	done
	PID_A= PID_B=
	# The pinned XDP links would outlive the agents: detach them.
	for i in "${INSTS[@]}"; do
		timeout 20 "$AGENT" --instance "$i" --pin-root "$PIN_ROOT" --socket "$DIR/none.sock" \
			--unpin >/dev/null 2>&1
	done
	INSTS=()
}

# ---- measurements -----------------------------------------------------------------

# run_ns TID: ns on CPU of one task.
run_ns() { awk '{ print $1 }' "/proc/$1/schedstat" 2>/dev/null || echo 0; }
# proc_ns PID: ns on CPU of all threads of a process.
proc_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }
# pkts NS DEV rx|tx
pkts() { ip -n "$1" -s -j link show "$2" | jq ".[0].stats64.$3.packets"; }

# snap: "napiA procA napiB procB rxA rxB txA txB"
snap() {
	echo "$(run_ns "$TID_A") $(proc_ns "$PID_A") $(run_ns "$TID_B") $(proc_ns "$PID_B")" \
		"$(pkts "$NS_A" "$DEV_A" rx) $(pkts "$NS_B" "$DEV_B" rx)" \
		"$(pkts "$NS_A" "$DEV_A" tx) $(pkts "$NS_B" "$DEV_B" tx)"
}

# storm MACFILE RATE SECS [burst]: DISCOVERs from the generator namespace;
# sets G_SENT and G_PPS from its summary line. "burst": the generator runs on
# the servers' CPU at real-time priority, so that each sendmmsg batch of 64
# frames is all queued on the server ports before their NAPI threads run:
# the servers then take the storm in bursts, as from a NIC that coalesces
# interrupts. Otherwise it runs on its own CPU and the NAPI threads wake for
# whatever has arrived (often a frame or two).
storm() {
	local cpu=(taskset -c $GCPU)
	[ "${4:-}" = burst ] && cpu=(taskset -c $SCPU chrt -f 50)
	bg nsenter --net="/run/netns/$NS_G" "${cpu[@]}" "$GEN" --ifname eth0 \
		--mac-file "$1" --client-id --count $(($2 * $3)) --rate "$2" --batch 64 \
		>"$DIR/gen.out" 2>&1
	G_SENT=$(sed -n 's/.*sent=\([0-9]*\).*/\1/p' "$DIR/gen.out")
	G_PPS=$(sed -n 's/.*pps=\([0-9.]*\).*/\1/p' "$DIR/gen.out")
	G_SENT=${G_SENT:-0} G_PPS=${G_PPS:-0}
}

# half PAIR SIDE: a storm of SIDE's clients only (a|b) at -H pps; sets
# SERVE_NAPI SERVE_PROC SHED_NAPI SHED_PROC (ns per frame) and ANSWERED (%).
half() {
	local k=dfo s0 s1
	[ "$1" = kea ] && k=kea
	sleep 0.5
	s0=$(snap)
	storm "$DIR/$k-$2.macs" "$HALF" "$SECS" burst
	sleep 0.5	# frames in flight and queued datagrams reach the servers
	s1=$(snap)
	read -r SERVE_NAPI SERVE_PROC SHED_NAPI SHED_PROC ANSWERED RX_SERVE RX_SHED <<<"$(
		awk -v side="$2" -v a="$s0" -v b="$s1" 'BEGIN {
			split(a, x); split(b, y); for (i = 1; i <= 8; i++) d[i] = y[i] - x[i]
			# serving: A fields 1,2,5,7; B fields 3,4,6,8
			if (side == "a") { sn = d[1]; sp = d[2]; hn = d[3]; hp = d[4]; rs = d[5]; rh = d[6]; tx = d[7] }
			else             { sn = d[3]; sp = d[4]; hn = d[1]; hp = d[2]; rs = d[6]; rh = d[5]; tx = d[8] }
			printf "%.0f %.0f %.0f %.0f %.1f %d %d\n", rs ? sn / rs : 0, rs ? sp / rs : 0,
			       rh ? hn / rh : 0, rh ? hp / rh : 0, rs ? 100 * tx / rs : 0, rs, rh }')"
	printf '    %s clients only: %7d sent (%6.0f/s); %s answers: %5s + %5s ns per DISCOVER (NAPI + %s), %s %% answered;' \
		"${2^^}" "$G_SENT" "$G_PPS" "${2^^}" "$SERVE_NAPI" "$SERVE_PROC" "$([ "$1" = kea ] && echo kea || echo dhcpfod)" \
		"$ANSWERED"
	printf ' %s sheds: %5s + %5s ns per packet (received: %d of %d)\n' \
		"$([ "$2" = a ] && echo B || echo A)" "$SHED_NAPI" "$SHED_PROC" "$RX_SHED" "$G_SENT"
}

# probe_line FILE: "lost% avg_ms max_ms no_offer no_ack" of perfdhcp's
# exchanges (lost = DISCOVER not ACKed; no_offer, no_ack: DISCOVERs without
# an OFFER, REQUESTs without an ACK).
probe_line() {
	awk '/Statistics for: DISCOVER-OFFER/ { s = "DO" } /Statistics for: REQUEST-ACK/ { s = "RA" }
	     /^sent packets:/ { sent[s] = $3 } /^received packets:/ { recv[s] = $3 }
	     /^avg delay: [0-9]/ { avg[s] = $3 } /^max delay: [0-9]/ { max[s] = $3 }
	     END { printf "%.2f %.2f %.2f %d %d\n", sent["DO"] ? 100 * (sent["DO"] - recv["RA"]) / sent["DO"] : 100,
		   avg["DO"] + avg["RA"], max["DO"] + max["RA"], sent["DO"] - recv["DO"], sent["RA"] - recv["RA"] }' "$1"
}

udp_rcvbuf_errors() {
	nsenter --net="/run/netns/$1" awk '/^Udp:/ {
		if (!h) { for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") c = i; h = 1 }
		else { print $c; exit } }' /proc/net/snmp
}

# hold PAIR RATE: the full storm with the probe running; sets HELD (0/1).
hold() {
	local k=dfo s0 s1 lost avg max no_o no_a ppid cpu_a cpu_b da db rb t0 t1
	[ "$1" = kea ] && k=kea
	sleep 1
	rb=$(udp_rcvbuf_errors "$NS_P")
	s0=$(snap)
	nsenter --net="/run/netns/$NS_P" taskset -c $GCPU perfdhcp -4 -l eth0 -r "$PROBE" \
		-p $((SECS - 1)) -R 1000000 -s "$2" >"$DIR/probe.out" 2>&1 &
	ppid=$!
	JOBS+=("$ppid")
	t0=$(date +%s%N)
	storm "$DIR/$k-all.macs" "$2" "$SECS"
	t1=$(date +%s%N)
	wait "$ppid"
	sleep 0.5
	s1=$(snap)
	read -r lost avg max no_o no_a <<<"$(probe_line "$DIR/probe.out")"
	rb=$(($(udp_rcvbuf_errors "$NS_P") - rb))
	# CPU over the storm's real length: a generator that cannot keep the rate
	# takes longer to send its frames.
	read -r cpu_a cpu_b da db <<<"$(awk -v a="$s0" -v b="$s1" -v g="$G_SENT" -v t="$(((t1 - t0) / 1000000))e-3" 'BEGIN {
		split(a, x); split(b, y); for (i = 1; i <= 8; i++) d[i] = y[i] - x[i]
		printf "%.0f %.0f %.1f %.1f\n", (d[1] + d[2]) / t / 1e7, (d[3] + d[4]) / t / 1e7,
		       g ? 100 * d[5] / g : 0, g ? 100 * d[6] / g : 0 }')"
	HELD=$(awk -v l="$lost" 'BEGIN { print (l < 1) ? 1 : 0 }')
	GENLIM=$(awk -v a="$G_PPS" -v r="$2" 'BEGIN { print (a < 0.95 * r) ? 1 : 0 }')
	printf '    %7d/s: sent %7.0f/s, reached A %5s %% B %5s %%; CPU A %3s %% B %3s %%; probe DORAs lost %6s %% (%d no OFFER, %d no ACK, %d probe rcvbuf drops), avg %6s ms, max %7s ms  %s\n' \
		"$2" "$G_PPS" "$da" "$db" "$cpu_a" "$cpu_b" "$lost" "$no_o" "$no_a" "$rb" "$avg" "$max" \
		"$([ "$HELD" = 1 ] && echo held || echo 'NOT held')$([ "$GENLIM" = 1 ] && echo ' (generator limit)')"
}

# ---- the run ------------------------------------------------------------------------

declare -A DESC SHED SERVE HOLD FAILR
DESC[xdp]="dhcpfod pair, XDP native (the partner's half dropped in XDP)"
DESC[gxdp]="dhcpfod pair, XDP generic (skb) mode"
DESC[noxdp]="dhcpfod pair, --no-xdp (the engine sheds in userspace)"
DESC[kea]="Kea HA load-balancing pair (kea-dhcp4 2.2, libdhcp_ha, MT, raw sockets)"

rev=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
echo "storm: DISCOVER storms on one segment shared by a failover pair; $(uname -r), $(nproc) CPUs, commit $rev"
echo "       servers and their NAPI threads on CPU $SCPU, generator and probe on CPU $GCPU;" \
	"$NCLI storm clients per half, 50/50 split"
echo "       load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for p in "${PAIR_LIST[@]}"; do
	echo
	echo "$p: ${DESC[$p]}"
	if ! start_pair "$p"; then
		echo "  could not start the pair; logs:"
		tail -n 5 "$DIR"/*.log "$DIR"/*.out 2>/dev/null | sed 's/^/    /'
		stop_pair
		SHED[$p]=- SERVE[$p]=- HOLD[$p]=- FAILR[$p]=-
		continue
	fi
	echo "  half storms, $HALF/s for $SECS s (CPU per frame received by each server):"
	half "$p" a
	sa_n=$SHED_NAPI sa_p=$SHED_PROC va_n=$SERVE_NAPI va_p=$SERVE_PROC
	half "$p" b
	SHED[$p]=$(((sa_n + sa_p + SHED_NAPI + SHED_PROC) / 2))
	SERVE[$p]=$(((va_n + va_p + SERVE_NAPI + SERVE_PROC) / 2))
	echo "  hold test: both halves interleaved, probe perfdhcp $PROBE DORA/s (held: < 1 % lost):"
	HOLD[$p]=0 FAILR[$p]="-"
	for r in "${RATE_LIST[@]}"; do
		hold "$p" "$r"
		if [ "$HELD" = 1 ]; then
			HOLD[$p]=$(printf '%.0f' "$G_PPS")
			# The generator cannot go faster: the pair's limit is higher.
			[ "$GENLIM" = 1 ] && { HOLD[$p]=">=${HOLD[$p]}"; break; }
		else
			FAILR[$p]=$(printf "%.0f" "$G_PPS")
			break
		fi
	done
	stop_pair
done

ratio() {
	[ "${SHED[xdp]:--}" != - ] && [ "${SHED[$1]}" != - ] && [ "${SHED[xdp]}" -gt 0 ] || { echo -; return; }
	awk -v a="${SHED[$1]}" -v b="${SHED[xdp]}" 'BEGIN { printf "%.1fx", a / b }'
}
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-6s %16s %10s %20s %14s %14s\n' pair "CPU per shed" "vs xdp" "CPU per answered" "held storm" "first not held"
printf '%-6s %16s %10s %20s %14s %14s\n' "" "packet (ns)" "" "DISCOVER (ns)" "(pps)" "(pps)"
for p in "${PAIR_LIST[@]}"; do
	printf '%-6s %16s %10s %20s %14s %14s\n' "$p" "${SHED[$p]}" "$(ratio "$p")" "${SERVE[$p]}" \
		"${HOLD[$p]}" "${FAILR[$p]}"
done
echo
echo "CPU = the server's NAPI kernel thread + its own threads, per frame it received, averaged over A and B."
echo "targets (issue 7): with XDP >= 10x less CPU per shed packet, and a higher held storm rate, than both."
echo
echo "reproduce: sudo bench/storm.sh -p $PAIRS -r $RATES -d $SECS -H $HALF -k $PERB -P $PROBE"
echo "           (or: sudo bench/run.sh storm; Kea config in bench/storm/)"
