# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Helpers for the DHCP netns suites (tests/netns/dhcp_*.sh): topology, agents,
# real DHCP clients driven with private files and recording scripts, packet
# captures decoded into one line per DHCP message. Source after testsh.sh.
#
# Nothing here touches the host's network configuration: every client runs in
# a namespace of the test, with its own lease, pid and config files under
# $DH_TMP and a script that records what it got (and configures only the
# namespace's interface). dhcpcd also gets a private mount namespace with
# tmpfs over /run and /var/lib/dhcpcd, so its pid files, sockets, DUID and
# leases never land on the host.

BUILD=${DFO_BUILD:-$PWD/build}
AGENT=$BUILD/dhcpfod
CLI=$BUILD/dhcpfo
GEN=$BUILD/tests/tools/dfo-dhcpgen
BUCKET=$BUILD/tests/tools/dfo-bucket
PIN_ROOT=${DFO_PIN_ROOT:-/sys/fs/bpf/dhcpfo}
DH_TMP=

# dh_prereq FILE_OR_COMMAND...: executables under $BUILD must exist, other
# names must be commands. Prints a failure per missing one; returns 1 if any.
dh_prereq() {
	local t rc=0
	if [ "$(id -u)" != 0 ]; then
		fail "needs root (network namespaces, bpffs)"
		rc=1
	fi
	for t in "$@"; do
		case $t in
		/*) [ -x "$t" ] || { fail "$t not built (make tests)"; rc=1; } ;;
		*) command -v "$t" >/dev/null || { fail "$t not installed (make deps)"; rc=1; } ;;
		esac
	done
	return $rc
}

# dh_init NAME: the run's temporary directory ($DH_TMP), removed on exit.
dh_init() {
	DH_TMP=$(mktemp -d "/tmp/dfo-$1.XXXXXX") || exit 2
	# DFO_KEEP_TMP=1 keeps the captures, logs and records for a post-mortem.
	if [ -n "${DFO_KEEP_TMP:-}" ]; then
		echo "# files kept in $DH_TMP"
	else
		on_exit "rm -rf '$DH_TMP'"
	fi
	if ! mountpoint -q /sys/fs/bpf; then
		mount -t bpf bpf /sys/fs/bpf || fail "mounting bpffs on /sys/fs/bpf"
	fi
}

# nsx NS CMD...: run in namespace NS (nsenter: keeps the host's /sys and bpffs).
# In the foreground only: a function run with & is a subshell that keeps the
# test's traps, so background jobs call nsenter directly (and exec on).
nsx() { local ns=$1; shift; nsenter --net="/run/netns/$ns" "$@"; }

# dh_ns TAG: a namespace (name in $REPLY) with IPv6 off and loopback up.
# mkns must run in this shell to record the name for removal.
dh_ns() {
	mkns "$1" >"$DH_TMP/.ns" || return 1
	REPLY=$(<"$DH_TMP/.ns")
	ip netns exec "$REPLY" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}

# dh_link NS_A IF_A NS_B IF_B: a veth pair between two namespaces, up.
dh_link() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3" || return 1
	ip -n "$1" link set "$2" up && ip -n "$3" link set "$4" up
}

# dh_bridge NS BR: a bridge in NS, up, forwarding at once (no STP delay).
dh_bridge() {
	ip -n "$1" link add "$2" type bridge forward_delay 0 stp_state 0 || return 1
	ip -n "$1" link set "$2" up
}

# dh_port BR_NS BR PORT NS IF: connect IF in NS to bridge BR through port PORT.
dh_port() {
	dh_link "$1" "$3" "$4" "$5" && ip -n "$1" link set "$3" master "$2"
}

# ---- dhcpfod agents ------------------------------------------------------
#
# An agent TAG has instance dh-TAG-$$, state in $DH_TMP/TAG/state, socket
# $DH_TMP/TAG.sock, log $DH_TMP/TAG.log (appended across restarts).

# dh_agent_start TAG NS DHCPFOD_FLAGS...
dh_agent_start() {
	local tag=$1 ns=$2 pid
	shift 2
	mkdir -p "$DH_TMP/$tag"
	if [ ! -e "$DH_TMP/$tag/.cleanup" ]; then
		touch "$DH_TMP/$tag/.cleanup"
		# reverse order on exit: stop the agent, then remove its pins
		on_exit "timeout 20 '$AGENT' --instance 'dh-$tag-$$' --pin-root '$PIN_ROOT' \
			--socket '$DH_TMP/$tag.sock' --unpin; rm -rf '$PIN_ROOT/dh-$tag-$$'"
		on_exit "dh_agent_stop '$tag'"
	fi
	echo "---- start: $*" >>"$DH_TMP/$tag.log"
	nsenter --net="/run/netns/$ns" "$AGENT" --instance "dh-$tag-$$" --pin-root "$PIN_ROOT" \
		--state-dir "$DH_TMP/$tag/state" --socket "$DH_TMP/$tag.sock" "$@" \
		>>"$DH_TMP/$tag.log" 2>&1 &
	pid=$!
	echo "$pid" >"$DH_TMP/$tag.pid"
	if ! wait_for 20 dh_agent_up "$tag"; then
		fail "dhcpfod $tag did not start; its log:"
		sed 's/^/    /' "$DH_TMP/$tag.log" | tail -20
		return 1
	fi
}

dh_agent_up() {
	kill -0 "$(cat "$DH_TMP/$1.pid")" 2>/dev/null &&
		"$CLI" --socket "$DH_TMP/$1.sock" --timeout 1000 agent info >/dev/null 2>&1
}

# dh_agent_stop TAG [SIGNAL]: signal the agent (TERM by default) and wait
# until it is gone (bounded; then KILL).
dh_agent_stop() {
	local pid
	pid=$(cat "$DH_TMP/$1.pid" 2>/dev/null) || return 0
	[ -n "$pid" ] || return 0
	kill "-${2:-TERM}" "$pid" 2>/dev/null
	wait_for 20 dh_gone "$pid" || { kill -KILL "$pid" 2>/dev/null; wait_for 5 dh_gone "$pid"; }
	wait "$pid" 2>/dev/null
	: >"$DH_TMP/$1.pid"
}

dh_gone() { ! kill -0 "$1" 2>/dev/null; }

# dfo_at TAG ARGS...: the dhcpfo CLI on agent TAG.
dfo_at() { local tag=$1; shift; timeout 30 "$CLI" --socket "$DH_TMP/$tag.sock" "$@"; }

# run_ok "description" CMD...: the command succeeds; its output goes to the
# log on failure.
run_ok() {
	local d=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$d"
	else
		fail "$d: $(printf '%s' "$out" | tail -3 | tr '\n' ' ')"
		return 1
	fi
}

# dh_leases TAG [ARGS...]: `dhcpfo lease list --json` of agent TAG, as
# lines "ADDRESS STATE HWADDR", sorted by address.
dh_leases() {
	local tag=$1
	shift
	dfo_at "$tag" lease list --json "$@" |
		jq -r '.[] | "\(.address) \(.state) \(.hwaddr // "-" | ascii_downcase)"' |
		sort -t. -k1,1n -k2,2n -k3,3n -k4,4n
}

# ---- real DHCP clients ---------------------------------------------------
#
# A client TAG runs in a namespace on one interface; every event its script
# sees is appended to $DH_TMP/TAG.rec as one line of key=value words:
#   reason=BOUND ip=192.0.2.10 mask=24 router=192.0.2.1 server=192.0.2.1 lease=20
# (reason names are the client's own: dhclient and dhcpcd use BOUND, RENEW,
# REBIND, REBOOT, EXPIRE, RELEASE...; udhcpc uses bound, renew, deconfig, nak).
# The script configures the leased address on the interface (and the default
# route when a router came), in the client's namespace only: a client needs
# its address to renew by unicast.

# prefix length of a dotted netmask
dh_mask_len() {
	local m=$1 n=0 o
	for o in ${m//./ }; do
		case $o in
		255) n=$((n + 8)) ;; 254) n=$((n + 7)) ;; 252) n=$((n + 6)) ;;
		248) n=$((n + 5)) ;; 240) n=$((n + 4)) ;; 224) n=$((n + 3)) ;;
		192) n=$((n + 2)) ;; 128) n=$((n + 1)) ;;
		esac
	done
	echo "$n"
}

# The scripts are /bin/sh (dash): they must not depend on bash.
dh_write_scripts() {
	[ -e "$DH_TMP/dhclient.sh" ] && return 0
	cat >"$DH_TMP/dhclient.sh" <<'EOF'
#!/bin/sh
# dhclient -sf: record the event; configure the namespace's interface only.
masklen() {
	n=0
	for o in $(echo "$1" | tr . ' '); do
		case $o in
		255) n=$((n + 8)) ;; 254) n=$((n + 7)) ;; 252) n=$((n + 6)) ;; 248) n=$((n + 5)) ;;
		240) n=$((n + 4)) ;; 224) n=$((n + 3)) ;; 192) n=$((n + 2)) ;; 128) n=$((n + 1)) ;;
		esac
	done
	echo $n
}
len=$(masklen "${new_subnet_mask:-255.255.255.255}")
echo "reason=$reason ip=${new_ip_address:-} mask=${new_subnet_mask:+$len}" \
	"router=${new_routers:-} server=${new_dhcp_server_identifier:-}" \
	"lease=${new_dhcp_lease_time:-} old=${old_ip_address:-}" \
	"dns=$(echo ${new_domain_name_servers:-} | tr ' ' ,)" >>"$DFO_REC"
case $reason in
PREINIT)
	ip link set dev "$interface" up ;;
BOUND|RENEW|REBIND|REBOOT)
	if [ -n "${old_ip_address:-}" ] && [ "$old_ip_address" != "$new_ip_address" ]; then
		ip -4 addr flush dev "$interface"
	fi
	ip addr replace "$new_ip_address/$len" dev "$interface"
	if [ -n "${new_routers:-}" ]; then
		ip route replace default via "${new_routers%% *}" dev "$interface"
	fi ;;
EXPIRE|FAIL|RELEASE|STOP)
	ip -4 addr flush dev "$interface" ;;
esac
exit 0
EOF
	cat >"$DH_TMP/udhcpc.sh" <<'EOF'
#!/bin/sh
# udhcpc -s: record the event; configure the namespace's interface only.
echo "reason=$1 ip=${ip:-} mask=${mask:-} router=${router:-} server=${serverid:-}" \
	"lease=${lease:-} dns=$(echo ${dns:-} | tr ' ' ,)" >>"$DFO_REC"
case $1 in
deconfig)
	ip -4 addr flush dev "$interface"
	ip link set dev "$interface" up ;;
bound|renew)
	ip addr replace "$ip/$mask" dev "$interface"
	if [ -n "${router:-}" ]; then
		ip route replace default via "${router%% *}" dev "$interface"
	fi ;;
esac
exit 0
EOF
	# dhcpcd configures the interface itself; its script only records.
	cat >"$DH_TMP/dhcpcd.sh" <<'EOF'
#!/bin/sh
# dhcpcd -c: record the event (no hooks run: nothing else is touched).
[ "${protocol:-dhcp}" = dhcp ] || exit 0
echo "reason=$reason ip=${new_ip_address:-} mask=${new_subnet_cidr:-}" \
	"router=${new_routers:-} server=${new_dhcp_server_identifier:-}" \
	"lease=${new_dhcp_lease_time:-} old=${old_ip_address:-}" >>"$DFO_REC"
exit 0
EOF
	chmod 755 "$DH_TMP/dhclient.sh" "$DH_TMP/udhcpc.sh" "$DH_TMP/dhcpcd.sh"
	# Retransmit at most every 2 s (default: exponential backoff up to 2 min), so
	# that a short test lease still sees its rebinding window (T2 to expiry).
	printf 'initial-interval 1;\nbackoff-cutoff 2;\n' >"$DH_TMP/dhclient.conf"
}

# dh_rec TAG: the client's event lines so far.
dh_rec() { cat "$DH_TMP/$1.rec" 2>/dev/null; }
# dh_rec_has TAG REGEX: some event line matches (grep -E).
dh_rec_has() { grep -qE "$2" "$DH_TMP/$1.rec" 2>/dev/null; }
# dh_rec_last TAG REGEX KEY: KEY's value on the last line matching REGEX.
dh_rec_last() {
	grep -E "$2" "$DH_TMP/$1.rec" 2>/dev/null | tail -1 | tr ' ' '\n' | sed -n "s/^$3=//p"
}

# dh_dhclient TAG NS IF [DHCLIENT_ARGS...]: ISC dhclient in the foreground
# (background job), own lease/pid/config files, our script.
dh_dhclient() {
	local tag=$1 ns=$2 ifc=$3
	shift 3
	dh_write_scripts
	: >>"$DH_TMP/$tag.rec"
	nsenter --net="/run/netns/$ns" dhclient -4 -d -v -e DFO_REC="$DH_TMP/$tag.rec" \
		-cf "$DH_TMP/dhclient.conf" -lf "$DH_TMP/$tag.leases" -pf "$DH_TMP/$tag.pid" \
		-sf "$DH_TMP/dhclient.sh" "$@" "$ifc" >>"$DH_TMP/$tag.log" 2>&1 &
	echo $! >"$DH_TMP/$tag.job"
	on_exit "kill -KILL $! 2>/dev/null"
}

# dh_dhclient_release TAG NS IF: `dhclient -r` with the same files: stops
# the running dhclient and sends a DHCPRELEASE.
dh_dhclient_release() {
	nsx "$2" timeout 20 dhclient -4 -r -v -e DFO_REC="$DH_TMP/$1.rec" \
		-cf "$DH_TMP/dhclient.conf" -lf "$DH_TMP/$1.leases" -pf "$DH_TMP/$1.pid" \
		-sf "$DH_TMP/dhclient.sh" "$3" >>"$DH_TMP/$1.log" 2>&1
}

# dh_udhcpc TAG NS IF [UDHCPC_ARGS...]: busybox udhcpc in the foreground
# (background job) with our script.
dh_udhcpc() {
	local tag=$1 ns=$2 ifc=$3
	shift 3
	dh_write_scripts
	: >>"$DH_TMP/$tag.rec"
	nsenter --net="/run/netns/$ns" env DFO_REC="$DH_TMP/$tag.rec" \
		udhcpc -f -i "$ifc" -s "$DH_TMP/udhcpc.sh" -T 1 -t 5 -A 1 "$@" \
		>>"$DH_TMP/$tag.log" 2>&1 &
	echo $! >"$DH_TMP/$tag.job"
	on_exit "kill -KILL $! 2>/dev/null"
}

# dh_dhcpcd TAG NS IF [DHCPCD_ARGS...]: dhcpcd in the foreground (-B),
# IPv4 only, a private config file and our script (so no hook runs), in a
# private mount namespace where /run and /var/lib/dhcpcd are empty tmpfs.
# Signals to the job: USR1 renews, ALRM releases and exits, TERM exits.
dh_dhcpcd() {
	local tag=$1 ns=$2 ifc=$3
	shift 3
	dh_write_scripts
	: >>"$DH_TMP/$tag.rec"
	cat >"$DH_TMP/$tag.conf" <<EOF
# private dhcpcd config of test client $tag
ipv4only
noipv4ll
clientid
option subnet_mask, routers, domain_name_servers
env DFO_REC=$DH_TMP/$tag.rec
EOF
	nsenter --net="/run/netns/$ns" unshare --mount --propagation private sh -c '
		mount -t tmpfs -o mode=0755 dfo-run /run &&
		mount -t tmpfs -o mode=0755 dfo-dhcpcd /var/lib/dhcpcd &&
		exec "$@"' dhcpcd-ns \
		dhcpcd -B -4 -d -f "$DH_TMP/$tag.conf" -c "$DH_TMP/dhcpcd.sh" "$@" "$ifc" \
		>>"$DH_TMP/$tag.log" 2>&1 &
	echo $! >"$DH_TMP/$tag.job"
	on_exit "kill -KILL $! 2>/dev/null"
}

# dh_job TAG: pid of the client's background job.
dh_job() { cat "$DH_TMP/$1.job"; }
# dh_stop TAG: stop a client without releasing (SIGKILL: no release).
dh_stop() {
	local pid
	pid=$(dh_job "$1")
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

# ---- packet captures -----------------------------------------------------

# dh_capture_start TAG NS IF: tcpdump of DHCP (udp 67/68) into $DH_TMP/TAG.pcap.
dh_capture_start() {
	nsenter --net="/run/netns/$2" tcpdump -i "$3" --immediate-mode -U -n -s 0 \
		-w "$DH_TMP/$1.pcap" 'udp port 67 or udp port 68' >"$DH_TMP/$1.tcpdump" 2>&1 &
	echo $! >"$DH_TMP/$1.cap"
	on_exit "kill -KILL $! 2>/dev/null"
	wait_for 10 grep -qs "listening on" "$DH_TMP/$1.tcpdump" ||
		{ fail "tcpdump on $3 did not start: $(cat "$DH_TMP/$1.tcpdump")"; return 1; }
}

# dh_capture_stop TAG: stop it (every packet is already written: -U).
dh_capture_stop() {
	local pid
	pid=$(cat "$DH_TMP/$1.cap")
	sleep 0.3	# frames in flight reach the capture
	kill -INT "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

# dh_decode PCAP: one line per DHCP message, fields separated by spaces:
#   1 src  2 dst  3 sport  4 dport  5 op  6 type  7 chaddr  8 ciaddr  9 yiaddr
#   10 giaddr  11 server_id  12 requested_ip  13 r82  14 eth_dst
# op is Request|Reply; type the option 53 name as tcpdump prints it (Discover,
# Offer, Request, Decline, ACK, Release, Inform; NAK for its "NACK"; "-" for
# BOOTP); r82 the relay agent information as 82,SUB:LEN:TEXT,... ("-" when
# absent). Missing fields are "-".
dh_decode() {
	tcpdump -r "$1" -e -n -vv 2>/dev/null | awk '
	function flush() {
		if (have)
			print src, dst, sport, dport, op, type, chaddr, ci, yi, gi, sid, req,
			      (r82 == "" ? "-" : r82), edst
		have = 0
	}
	# "12:00:00.000000 SRC-MAC > DST-MAC, ethertype IPv4 (0x0800), length N: ..."
	/^[0-9][0-9:.]+ / {
		flush()
		edst = $4; sub(/,$/, "", edst)
		op = type = chaddr = ci = yi = gi = sid = req = "-"; r82 = ""; in82 = 0
		next
	}
	# "    A.B.C.D.67 > E.F.G.H.68: [udp sum ok] BOOTP/DHCP, Reply, ..."
	/ BOOTP\/DHCP, (Request|Reply)/ {
		have = 1
		d = $3; sub(/:$/, "", d)
		split($1, a, "."); src = a[1] "." a[2] "." a[3] "." a[4]; sport = a[5]
		split(d, a, "."); dst = a[1] "." a[2] "." a[3] "." a[4]; dport = a[5]
		op = ($0 ~ /BOOTP\/DHCP, Request/) ? "Request" : "Reply"
		next
	}
	!have { next }
	/^[ \t]+Client-IP / { ci = $2; next }
	/^[ \t]+Your-IP / { yi = $2; next }
	/^[ \t]+Gateway-IP / { gi = $2; next }
	/^[ \t]+Client-Ethernet-Address / { chaddr = $2; next }
	/DHCP-Message \(53\)/ { type = ($NF == "NACK") ? "NAK" : $NF; in82 = 0; next }
	/Server-ID \(54\)/ { sid = $NF; in82 = 0; next }
	/Requested-IP \(50\)/ { req = $NF; in82 = 0; next }
	/Agent-Information \(82\)/ { in82 = 1; if (r82 == "") r82 = "82"; next }
	# "      Circuit-ID SubOption 1, length 3: vr1"
	in82 && /SubOption [0-9]+, length [0-9]+:/ {
		line = $0; sub(/^[ \t]+/, "", line)
		split(line, w, /[ ,:]+/)
		val = line; sub(/^[^:]*: */, "", val); gsub(/ /, "_", val)
		r82 = r82 "," w[3] ":" w[5] ":" val
		next
	}
	/^[ \t]+[A-Za-z-]+ \([0-9]+\)/ { in82 = 0 }
	END { flush() }'
}

# no_match REGEX FILE: no line of FILE matches (for check, which cannot negate).
no_match() { ! grep -qE "$1" "$2"; }

# dh_engine TAG JQ_PATH: a counter of agent TAG's DHCP engine (agent.info's
# "dhcp" object, docs/dhcp.md "Counters"), e.g. dh_engine srv .dropped.partner
dh_engine() {
	timeout 30 "$AGENT" --socket "$DH_TMP/$1.sock" --call agent.info |
		jq -r ".result.dhcp$2 // \"none\""
}
