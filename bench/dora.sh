#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# DORA benchmark (issue 7): the highest rate of complete DISCOVER-OFFER-
# REQUEST-ACK exchanges that dhcpfod, kea-dhcp4 and ISC dhcpd each sustain
# with less than 1 % of them lost, and their latency, measured on the same
# veth pair in the same run, every server with durable leases.
#
#   client ns: vc 10.64.0.1/16 -------------- vs 10.64.0.2/16 :server ns
#              load generator (a relay:          one server at a time, scope
#              giaddr 10.64.0.1, port 67), CPU 0 10.64.0.0/16, CPU 1
#
# usage: bench/dora.sh [-g GEN] [-s SERVERS] [-p SECS] [-R CLIENTS] [-r RATE]
#                      [-m RATE] [-b STEPS] [-l PCT]
#   -g  load generator: dora_gen (default; build/bench/dora_gen) or perfdhcp
#   -s  comma-separated, in this order by default: dhcpfod,dhcpfod-noxdp,kea,isc
#   -p  seconds per trial (default 5)       -R  distinct clients (default 60000)
#   -r  first rate tried (default 250/s)    -m  highest rate tried (default 256000/s)
#   -b  bisection steps after the first failure (default 3)
#   -l  loss threshold in percent (default 1)
#
# Method (bench/README.md, "dora"): each trial starts the server afresh with
# an empty lease database, checks it answers (perfdhcp, 1 s), then runs
#   dora_gen -l 10.64.0.1 -s 10.64.0.2 -r RATE -p SECS -R CLIENTS
# or
#   perfdhcp -4 -x t -s 1 -r RATE -p SECS -R CLIENTS -l 10.64.0.1 10.64.0.2
# Both play a relay; dora_gen (bench/dora_gen.c) batches its sends and
# receives, because perfdhcp cannot generate more than about 12,000
# exchanges/s on one CPU of the development VM, less than two of the three
# servers take. A trial passes when less than 1 % of the DISCOVERs sent did
# not end in an ACK within 1 s. The rate doubles from -r while trials pass,
# then bisects between the last pass and the first failure. When the
# generator cannot send at the rate asked (< 97 % of it), the search stops
# and the result is a lower bound, marked ">=". Latency: DISCOVER->OFFER and
# REQUEST->ACK of every completed exchange, average and 99th percentile, at
# the first rate (every server passes it) and at the highest passing rate.
#
# Needs root, 2 CPUs, build/dhcpfod, build/dhcpfo (make), build/bench/dora_gen
# (make bench), perfdhcp (kea-admin), kea-dhcp4 (kea-dhcp4-server), dhcpd
# (isc-dhcp-server): make deps. Namespaces, processes, pins and files are
# removed on any exit, Ctrl-C included. A benchmark, not a test: it fails only
# when it cannot run.
set -u
export LC_ALL=C

cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
AGENT=$BUILD/dhcpfod
CLI=$BUILD/dhcpfo
DORA_GEN=$BUILD/bench/dora_gen
CONF=bench/dora
PIN_ROOT=/sys/fs/bpf/dhcpfo

GENERATOR=dora_gen
SERVERS=dhcpfod,dhcpfod-noxdp,kea,isc
PERIOD=5
CLIENTS=60000
RATE0=250
RATE_MAX=256000
STEPS=3
LOSS_MAX=1

usage() {
	sed -n '/^# usage:/,/^#   -l/s/^# \{0,1\}//p' "$0" >&2
	exit 2
}
while getopts "g:s:p:R:r:m:b:l:h" o; do
	case $o in
	g) GENERATOR=$OPTARG ;;
	s) SERVERS=$OPTARG ;;
	p) PERIOD=$OPTARG ;;
	R) CLIENTS=$OPTARG ;;
	r) RATE0=$OPTARG ;;
	m) RATE_MAX=$OPTARG ;;
	b) STEPS=$OPTARG ;;
	l) LOSS_MAX=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
for v in "$PERIOD" "$CLIENTS" "$RATE0" "$RATE_MAX" "$STEPS"; do
	[[ $v =~ ^[1-9][0-9]*$ ]] || { echo "dora.sh: '$v' is not a positive integer" >&2; exit 2; }
done
[[ $LOSS_MAX =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "dora.sh: bad -l '$LOSS_MAX'" >&2; exit 2; }
[ "$CLIENTS" -le 64000 ] || { echo "dora.sh: -R at most 64000 (the pool)" >&2; exit 2; }
case $GENERATOR in
dora_gen) [ -x "$DORA_GEN" ] || { echo "dora.sh: $DORA_GEN missing (make bench)" >&2; exit 2; } ;;
perfdhcp) ;;
*) echo "dora.sh: -g dora_gen or perfdhcp, not '$GENERATOR'" >&2; exit 2 ;;
esac
IFS=, read -r -a SRV_LIST <<<"$SERVERS"
for s in "${SRV_LIST[@]}"; do
	case $s in
	dhcpfod | dhcpfod-noxdp) need=("$AGENT" "$CLI") ;;
	kea) need=(kea-dhcp4) ;;
	isc) need=(dhcpd) ;;
	*) echo "dora.sh: unknown server '$s' (dhcpfod, dhcpfod-noxdp, kea, isc)" >&2; exit 2 ;;
	esac
	for t in "${need[@]}"; do
		command -v "$t" >/dev/null || { echo "dora.sh: $t missing (make; make deps)" >&2; exit 2; }
	done
done
[ "$(id -u)" -eq 0 ] || { echo "dora.sh: needs root (namespaces, XDP)" >&2; exit 2; }
for c in perfdhcp nsenter taskset ip jq; do
	command -v "$c" >/dev/null || { echo "dora.sh: $c missing (make deps)" >&2; exit 2; }
done

# The server gets CPU 1 to itself, perfdhcp CPU 0: neither steals the other's.
if [ "$(nproc)" -ge 2 ]; then
	SCPU=1 GCPU=0
else
	SCPU=0 GCPU=0
	echo "dora.sh: one CPU only: server and perfdhcp share it" >&2
fi

DIR=$(mktemp -d /tmp/dfo-dora.XXXXXX) || exit 2
CNS=dfo-dorac-$$
SNS=dfo-doras-$$
CDEV=dfdc$$
SDEV=dfds$$
CADDR=10.64.0.1
SADDR=10.64.0.2
INST=dora-$$
SOCK=$DIR/api.sock
SPID=
GPID=

stop_server() {
	[ -n "$SPID" ] || return 0
	kill -TERM "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	SPID=
}

cleanup() {
	trap - EXIT INT TERM
	[ -n "$GPID" ] && kill -TERM "$GPID" 2>/dev/null && wait "$GPID" 2>/dev/null
	stop_server
	if [ -d "$PIN_ROOT/$INST" ]; then
		"$AGENT" --instance "$INST" --pin-root "$PIN_ROOT" --socket "$SOCK" --unpin >/dev/null 2>&1
		rm -rf "${PIN_ROOT:?}/$INST"
	fi
	for ns in "$CNS" "$SNS"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cx() { nsenter --net="/run/netns/$CNS" "$@"; }

# ---- topology ---------------------------------------------------------------

mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
ip netns add "$CNS" && ip netns add "$SNS" || exit 1
ip link add "$CDEV" netns "$CNS" type veth peer name "$SDEV" netns "$SNS" || exit 1
for ns in "$CNS" "$SNS"; do
	ip -n "$ns" link set lo up
	nsenter --net="/run/netns/$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
ip -n "$CNS" addr add "$CADDR/16" dev "$CDEV"
ip -n "$SNS" addr add "$SADDR/16" dev "$SDEV"
ip -n "$CNS" link set "$CDEV" up
ip -n "$SNS" link set "$SDEV" up
for _ in $(seq 50); do
	ip -n "$SNS" -o link show "$SDEV" | grep -q 'state UP' && break
	sleep 0.1
done

# ---- servers -----------------------------------------------------------------

dfo() { timeout 20 "$CLI" --socket "$SOCK" "$@"; }

start_dhcpfod() {
	rm -rf "$DIR/dfo"
	nsenter --net="/run/netns/$SNS" taskset -c "$SCPU" "$AGENT" --instance "$INST" --state-dir "$DIR/dfo" --socket "$SOCK" \
		--pin-root "$PIN_ROOT" --interface "$SDEV" --server-address "$SADDR" \
		--log-level warning "$@" >>"$DIR/dhcpfod.log" 2>&1 &
	SPID=$!
	for _ in $(seq 100); do
		dfo agent info >/dev/null 2>&1 && break
		sleep 0.05
	done
	dfo scope add 10.64.0.0/16 --name dora --range 10.64.1.0-10.64.255.250 \
		--lease-duration 3600 >/dev/null
}

start_kea() {
	rm -f "$DIR"/kea-leases4.csv*
	sed -e "s|@DIR@|$DIR|g" -e "s|@IF@|$SDEV|g" "$CONF/kea-dhcp4.json.in" >"$DIR/kea.json"
	KEA_PIDFILE_DIR=$DIR KEA_LOCKFILE_DIR=$DIR \
		nsenter --net="/run/netns/$SNS" taskset -c "$SCPU" kea-dhcp4 -c "$DIR/kea.json" >>"$DIR/kea.out" 2>&1 &
	SPID=$!
}

start_isc() {
	: >"$DIR/dhcpd.leases"
	nsenter --net="/run/netns/$SNS" taskset -c "$SCPU" dhcpd -4 -f -q -cf "$CONF/dhcpd.conf" -lf "$DIR/dhcpd.leases" \
		-pf "$DIR/dhcpd.pid" "$SDEV" >>"$DIR/dhcpd.out" 2>&1 &
	SPID=$!
}

# Each server is started as one simple command in the background (nsenter and
# taskset exec it), so that $! is the server itself: signals and
# /proc/PID/stat reach it, not a subshell.
start_server() {
	case $1 in
	dhcpfod) start_dhcpfod ;;
	dhcpfod-noxdp) start_dhcpfod --no-xdp ;;
	kea) start_kea ;;
	isc) start_isc ;;
	esac
}

# perfdhcp RATE SECS CLIENTS [extra options]: output on stdout.
perf() {
	local rate=$1 secs=$2 clients=$3
	shift 3
	cx taskset -c "$GCPU" perfdhcp -4 "$@" -r "$rate" -p "$secs" -R "$clients" \
		-l "$CADDR" "$SADDR" 2>&1
}

# ACKs received in a perfdhcp report.
acks() {
	awk '/Statistics for: REQUEST-ACK/ { s = 1 } s && /^received packets:/ { print $3; exit }'
}

# The server answers complete exchanges (up to 10 tries of one second).
ready() {
	local n
	for _ in $(seq 10); do
		kill -0 "$SPID" 2>/dev/null || return 1
		n=$(perf 50 1 100 -b mac=00:0c:ee:00:00:00 | acks)
		[ "${n:-0}" -gt 0 ] && return 0
	done
	return 1
}

udp_rcvbuf_errors() {
	nsenter --net="/run/netns/$1" awk '/^Udp:/ {
		if (!h) { for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") c = i; h = 1 }
		else { print $c; exit } }' /proc/net/snmp
}

# CPU seconds the server process has used (all threads, user + system).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SPID/stat" 2>/dev/null || echo 0; }

# ---- one trial ---------------------------------------------------------------

# trial SERVER RATE: sets T_ACH T_LOSS T_GENLIM T_PASS T_OAVG T_OP99 T_AAVG
# T_AP99 T_CPU_US T_RB_SRV T_RB_CLI; prints one line.
trial() {
	local srv=$1 rate=$2 out=$DIR/gen.out rb_s rb_c t0 t1 hz acked
	start_server "$srv"
	if ! ready; then
		echo "dora.sh: $srv does not answer; its log:" >&2
		tail -n 20 "$DIR"/*.log "$DIR"/*.out 2>/dev/null >&2
		stop_server
		return 1
	fi
	rb_s=$(udp_rcvbuf_errors "$SNS")
	rb_c=$(udp_rcvbuf_errors "$CNS")
	t0=$(cpu_ticks)
	# In the background and waited for: a signal then reaches the trap at once.
	if [ "$GENERATOR" = perfdhcp ]; then
		nsenter --net="/run/netns/$CNS" taskset -c "$GCPU" perfdhcp -4 -x t -s 1 -r "$rate" \
			-p "$PERIOD" -R "$CLIENTS" -l "$CADDR" "$SADDR" >"$out" 2>&1 &
	else
		nsenter --net="/run/netns/$CNS" taskset -c "$GCPU" "$DORA_GEN" -l "$CADDR" -s "$SADDR" \
			-r "$rate" -p "$PERIOD" -R "$CLIENTS" >"$out" 2>&1 &
	fi
	GPID=$!
	wait "$GPID"
	GPID=
	t1=$(cpu_ticks)
	T_RB_SRV=$(($(udp_rcvbuf_errors "$SNS") - rb_s))
	T_RB_CLI=$(($(udp_rcvbuf_errors "$CNS") - rb_c))
	stop_server
	hz=$(getconf CLK_TCK)

	if [ "$GENERATOR" = perfdhcp ]; then
		parse_perfdhcp "$out"
	else
		parse_dora_gen "$out"
	fi
	acked=$T_ACKS
	T_GENLIM=$(awk -v a="$T_ACH" -v r="$rate" 'BEGIN { print (a < 0.97 * r) ? 1 : 0 }')
	# Lost mostly at the generator's socket, or it could not send: the
	# failure says nothing about the server.
	T_GENFAULT=$T_GENLIM
	[ "$T_RB_CLI" -gt "$T_RB_SRV" ] && T_GENFAULT=1
	T_PASS=$(awk -v l="$T_LOSS" -v m="$LOSS_MAX" -v s="$T_SENT" 'BEGIN { print (s > 0 && l < m) ? 1 : 0 }')
	T_CPU_US=$(awk -v d=$((t1 - t0)) -v hz="$hz" -v n="$acked" \
		'BEGIN { printf "%.0f", n ? d / hz * 1e6 / n : 0 }')
	printf '  %-14s %6d/s  sent %6.0f/s  DORA lost %6s %%  OFFER %6s/%-7s ACK %6s/%-7s ms  %4s us CPU/DORA  rcvbuf drops srv %d cli %d  %s%s\n' \
		"$srv" "$rate" "$T_ACH" "$T_LOSS" "$T_OAVG" "$T_OP99" "$T_AAVG" "$T_AP99" "$T_CPU_US" \
		"$T_RB_SRV" "$T_RB_CLI" "$([ "$T_PASS" = 1 ] && echo pass || echo FAIL)" \
		"$([ "$T_GENLIM" = 1 ] && echo " ($GENERATOR could not send at this rate)")$(
		  [ "$T_GENLIM" = 0 ] && [ "$T_GENFAULT" = 1 ] && [ "$T_PASS" = 0 ] &&
		  echo " (lost at $GENERATOR's socket)")"
}

# parse_perfdhcp FILE: its counters, then the delays of every completed
# exchange (its -x t timestamps, ms), sorted for the percentiles.
parse_perfdhcp() {
	local line do_sent do_recv ra_sent
	line=$(awk '
		/^Rate:/ { ach = $2 }
		/Statistics for: DISCOVER-OFFER/ { s = "DO" }
		/Statistics for: REQUEST-ACK/ { s = "RA" }
		/^sent packets:/ { sent[s] = $3 }
		/^received packets:/ { recv[s] = $3 }
		END { printf "%s %d %d %d %d\n", ach, sent["DO"], recv["DO"], sent["RA"], recv["RA"] }' "$1")
	read -r T_ACH do_sent do_recv ra_sent T_ACKS <<<"$line"
	awk '/Timestamps for packets: DISCOVER-OFFER/ { t = "O" }
	     /Timestamps for packets: REQUEST-ACK/ { t = "A" }
	     t && /^sent \/ received:/ { printf "%s %.3f\n", t, ($6 - $4) * 1000 }' "$1" >"$DIR/delays"
	read -r T_OAVG T_OP99 <<<"$(pctl O)"
	read -r T_AAVG T_AP99 <<<"$(pctl A)"
	T_SENT=$do_sent
	T_LOSS=$(awk -v s="$do_sent" -v r="$T_ACKS" 'BEGIN { printf "%.2f", s ? 100 * (s - r) / s : 100 }')
}

# parse_dora_gen FILE: its key=value summary line.
parse_dora_gen() {
	local kv
	kv() { grep -o "\b$1=[^ ]*" "$2" | head -1 | cut -d= -f2; }
	T_ACH=$(kv rate "$1")
	T_SENT=$(kv discovers "$1")
	T_ACKS=$(kv acks "$1")
	T_LOSS=$(awk -v l="$(kv lost_pct "$1")" 'BEGIN { printf "%.2f", l }')
	T_OAVG=$(kv offer_avg_ms "$1") T_OP99=$(kv offer_p99_ms "$1")
	T_AAVG=$(kv ack_avg_ms "$1") T_AP99=$(kv ack_p99_ms "$1")
	for v in T_OAVG T_OP99 T_AAVG T_AP99; do
		printf -v "$v" '%.2f' "${!v:-0}"
	done
	T_ACH=${T_ACH:-0} T_SENT=${T_SENT:-0} T_ACKS=${T_ACKS:-0}
}

# pctl O|A: average and 99th percentile of one phase's delays.
pctl() {
	grep "^$1 " "$DIR/delays" | cut -d' ' -f2 | sort -n |
		awk '{ v[NR] = $1; s += $1 }
		     END { if (!NR) { print "- -"; exit }
			   i = int(NR * 0.99); if (i < 1) i = 1
			   printf "%.2f %.2f\n", s / NR, v[i] }'
}

# ---- the search ---------------------------------------------------------------

declare -A MAXR LOWER LAT0 LATM CPUM DUR
DUR[dhcpfod]="lease journal fdatasync'ed before the ACK (group commit per loop round)"
DUR[dhcpfod-noxdp]=${DUR[dhcpfod]}
DUR[kea]="memfile: write() of each lease before the ACK, no fsync (Kea 2.2 has none)"
DUR[isc]="dhcpd.leases: write + fsync per ACK (delayed-ack 0, the default)"

# search SERVER: the highest passing rate.
search() {
	local srv=$1 rate=$RATE0 lo=0 hi=0 hi_gen=0 i mid best_lat=- best_cpu=-
	LOWER[$srv]=""
	LAT0[$srv]="-"
	while :; do
		trial "$srv" "$rate" || return 1
		[ "$rate" = "$RATE0" ] && LAT0[$srv]="$T_OAVG/$T_OP99 $T_AAVG/$T_AP99"
		if [ "$T_PASS" = 1 ]; then
			lo=$rate
			best_lat="$T_OAVG/$T_OP99 $T_AAVG/$T_AP99"
			best_cpu=$T_CPU_US
			if [ "$T_GENLIM" = 1 ]; then
				LOWER[$srv]=">="
				lo=$(printf '%.0f' "$T_ACH")
				break
			fi
			[ $((rate * 2)) -le "$RATE_MAX" ] || { LOWER[$srv]=">="; break; }
			rate=$((rate * 2))
		else
			hi=$rate hi_gen=$T_GENFAULT
			break
		fi
	done
	if [ "$hi" -gt 0 ]; then
		for ((i = 0; i < STEPS; i++)); do
			mid=$(((lo + hi) / 2))
			mid=$((mid / 10 * 10))
			[ "$mid" -gt "$lo" ] && [ "$mid" -lt "$hi" ] || break
			trial "$srv" "$mid" || return 1
			if [ "$T_PASS" = 1 ]; then
				lo=$mid
				best_lat="$T_OAVG/$T_OP99 $T_AAVG/$T_AP99"
				best_cpu=$T_CPU_US
			else
				hi=$mid hi_gen=$T_GENFAULT
			fi
		done
		# The lowest failure was the generator's: the server may go higher.
		[ "$hi_gen" = 1 ] && LOWER[$srv]=">="
	fi
	MAXR[$srv]=$lo
	LATM[$srv]=$best_lat
	CPUM[$srv]=$best_cpu
}

rev=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
echo "dora: DORA/s with < $LOSS_MAX % lost, durable leases; $(uname -r), $(nproc) CPUs, commit $rev"
echo "      perfdhcp $(perfdhcp -v 2>&1 | head -1), kea-dhcp4 $(kea-dhcp4 -v 2>&1 | head -1)," \
	"$(dhcpd --version 2>&1 | head -1); state on $(df -T "$DIR" | awk 'NR == 2 { print $2 }')"
echo "      generator $GENERATOR, $CLIENTS clients, ${PERIOD} s per trial, server on CPU $SCPU, generator on CPU $GCPU;" \
	"load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for s in "${SRV_LIST[@]}"; do
	echo
	echo "$s: ${DUR[$s]}"
	if [ "$s" = dhcpfod ]; then
		# The XDP mode, for the record (native on veth; generic as a fallback).
		start_server dhcpfod
		ready && echo "  XDP: $(dfo datapath status --json | jq -r '.interfaces[0].xdp_mode') mode on $SDEV"
		stop_server
	fi
	search "$s" || { MAXR[$s]=0; LATM[$s]=-; CPUM[$s]=-; }
done

# ---- report --------------------------------------------------------------------

ratio() {
	local a=${MAXR[$1]:-} b=${MAXR[$2]:-}
	[ -n "$a" ] && [ -n "$b" ] && [ "$b" -gt 0 ] || { echo -; return; }
	awk -v a="$a" -v b="$b" 'BEGIN { r = a / b; printf (r < 0.1 ? "%.3fx" : "%.1fx"), r }'
}
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-14s %12s %8s %8s %22s %22s %10s\n' server "max DORA/s" "vs kea" "vs ISC" \
	"at $RATE0/s OFFER|ACK ms" "at max OFFER|ACK ms" "CPU/DORA"
printf '%-14s %12s %8s %8s %22s %22s %10s\n' "" "(<$LOSS_MAX % lost)" "" "" "avg/p99  avg/p99" \
	"avg/p99  avg/p99" "at max"
for s in "${SRV_LIST[@]}"; do
	printf '%-14s %12s %8s %8s %22s %22s %10s\n' "$s" "${LOWER[$s]:-}${MAXR[$s]}" \
		"$(ratio "$s" kea)" "$(ratio "$s" isc)" "${LAT0[$s]:--}" "${LATM[$s]:--}" "${CPUM[$s]:--} us"
done
echo
echo ">= : $GENERATOR could not send faster, or the first failure's losses were at its socket"
echo "     (or -m was reached): the server's limit is higher."
echo "CPU/DORA: the server process's user+system time over the trial / ACKs (softirq not counted)."
echo "targets (issue 7): dhcpfod >= 2x kea-dhcp4 and >= 5x ISC dhcpd."
echo
echo "reproduce: sudo bench/dora.sh -g $GENERATOR -s $SERVERS -p $PERIOD -R $CLIENTS -r $RATE0 -m $RATE_MAX -b $STEPS -l $LOSS_MAX"
echo "           (or: sudo bench/run.sh dora; configs in bench/dora/)"
