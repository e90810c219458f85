#!/bin/bash
# A real Apertium APy on 127.0.0.1 for `make demo` and the end-to-end tests.
#
#   apy.sh start DIR [APY_OPTION...]  free port on 127.0.0.1, APy started in its own
#                                     process group (log DIR/apy.log, PID DIR/apy.pid),
#                                     waits until /listPairs lists eng|spa, then prints
#                                     http://127.0.0.1:PORT and writes it to DIR/apy.url
#   apy.sh stop DIR                   SIGTERM to the process group, SIGKILL after 5 s,
#                                     waits until it is gone; removes apy.pid and apy.url
#   apy.sh status DIR                 prints "running URL pid N" (exit 0) or "not running" (exit 1)
#
# Environment: APY_MODES (default /usr/share/apertium/modes), APY_START_TIMEOUT
# (seconds, default 60). Extra options after DIR go to APy unchanged (e.g. -j 2).
# APy itself has no bind-address option; apy_local.py makes it bind 127.0.0.1 only,
# and start checks /proc/net/tcp{,6} afterwards. A failed start leaves nothing running.
# Needs bash, curl, kill, /usr/bin/python3 (Debian's, which has apertium_apy and tornado).
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3
MODES=${APY_MODES:-/usr/share/apertium/modes}
START_TIMEOUT=${APY_START_TIMEOUT:-60}

die() { echo "apy.sh: $*" >&2; exit 1; }

# group_alive PGID: true while a process of the group is alive (zombies don't count)
group_alive() {
	local f stat fields
	for f in /proc/[0-9]*/stat; do
		{ stat=$(<"$f"); } 2>/dev/null || continue
		read -r -a fields <<<"${stat##*) }" # state ppid pgrp ...
		[ "${fields[2]}" = "$1" ] && [ "${fields[0]}" != Z ] && [ "${fields[0]}" != X ] && return 0
	done
	return 1
}

# is_ours PID: the PID runs apy_local.py (guards against a reused PID)
is_ours() {
	local cmd
	[ -r "/proc/$1/cmdline" ] || return 1
	cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline")
	[[ $cmd == *apy_local.py* ]]
}

# kill_group PID: TERM the group led by PID, KILL after 5 s, wait until it is gone
kill_group() {
	local pid=$1 i
	kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
	for ((i = 0; i < 50; i++)); do
		group_alive "$pid" || return 0
		sleep 0.1
	done
	kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
	for ((i = 0; i < 50; i++)); do
		group_alive "$pid" || return 0
		sleep 0.1
	done
	echo "apy.sh: process group $pid still alive after SIGKILL" >&2
	return 1
}

# listeners_ok PORT: every listening socket on PORT is 127.0.0.1 (IPv4), none on IPv6
listeners_ok() {
	local hex n=0 f
	hex=$(printf '%04X' "$1")
	# /proc/net/tcp columns: sl local_address rem_address st ...; st 0A is LISTEN
	while read -r -a f; do
		[ "${f[3]}" = 0A ] && [ "${f[1]#*:}" = "$hex" ] || continue
		[ "${f[1]}" = "0100007F:$hex" ] || return 1
		n=$((n + 1))
	done < <(tail -n +2 /proc/net/tcp)
	if [ -r /proc/net/tcp6 ]; then
		while read -r -a f; do
			[ "${f[3]}" = 0A ] && [ "${f[1]#*:}" = "$hex" ] && return 1
		done < <(tail -n +2 /proc/net/tcp6)
	fi
	[ $n -gt 0 ]
}

free_port() {
	"$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cmd_status() {
	local dir=$1 pid
	[ -f "$dir/apy.pid" ] || { echo "not running"; return 1; }
	pid=$(<"$dir/apy.pid")
	if [[ $pid =~ ^[0-9]+$ ]] && is_ours "$pid" && group_alive "$pid"; then
		echo "running $(cat "$dir/apy.url" 2>/dev/null || echo '(starting)') pid $pid"
		return 0
	fi
	echo "not running"
	return 1
}

cmd_stop() {
	local dir=$1 pid
	[ -f "$dir/apy.pid" ] || return 0
	pid=$(<"$dir/apy.pid")
	if [[ $pid =~ ^[0-9]+$ ]] && is_ours "$pid"; then
		kill_group "$pid" || return 1
	fi
	rm -f "$dir/apy.pid" "$dir/apy.url"
}

START_PID=
start_cleanup() {
	if [ -n "$START_PID" ]; then kill_group "$START_PID"; START_PID=; fi
	rm -f "$DIR/apy.pid" "$DIR/apy.url"
}

cmd_start() {
	local port url deadline pairs
	[ -x "$PY" ] || die "$PY not found (Debian's python3 runs APy)"
	command -v curl >/dev/null || die "curl not found"
	"$PY" -c 'import apertium_apy.apy' 2>/dev/null ||
		die "Apertium APy is not installed (Debian package apertium-apy; run 'make deps')"
	[ -f "$MODES/eng-spa.mode" ] ||
		die "no eng-spa pair in $MODES (Debian package apertium-eng-spa; run 'make deps')"
	mkdir -p "$DIR" || die "cannot create $DIR"
	if cmd_status "$DIR" >/dev/null; then die "already running: $(cmd_status "$DIR")"; fi
	rm -f "$DIR/apy.pid" "$DIR/apy.url"

	trap 'start_cleanup; exit 1' INT TERM HUP
	for _ in 1 2 3; do
		port=$(free_port) || { start_cleanup; die "cannot find a free port"; }
		url="http://127.0.0.1:$port"
		# set -m: the background job leads its own process group, so stop can kill
		# APy together with its pipelines (lt-proc, apertium-*).
		set -m
		LC_ALL=C.UTF-8 "$PY" "$HERE/apy_local.py" "$MODES" -p "$port" "$@" \
			>"$DIR/apy.log" 2>&1 </dev/null &
		START_PID=$!
		set +m
		echo "$START_PID" >"$DIR/apy.pid"
		deadline=$((SECONDS + START_TIMEOUT))
		while [ $SECONDS -lt $deadline ]; do
			if ! kill -0 "$START_PID" 2>/dev/null || ! group_alive "$START_PID"; then
				break
			fi
			pairs=$(curl -s --max-time 2 "$url/listPairs" 2>/dev/null | tr -d ' \n')
			if [[ $pairs == *'"sourceLanguage":"eng","targetLanguage":"spa"'* ]]; then
				if ! listeners_ok "$port"; then
					start_cleanup
					die "APy listens on $port beyond 127.0.0.1: stopped it"
				fi
				echo "$url" >"$DIR/apy.url"
				START_PID=
				trap - INT TERM HUP
				echo "$url"
				return 0
			fi
			sleep 0.2
		done
		if [ $SECONDS -ge $deadline ]; then
			echo "apy.sh: APy did not list eng|spa on $url within ${START_TIMEOUT}s; log tail:" >&2
			tail -n 20 "$DIR/apy.log" | sed 's/^/  /' >&2
			start_cleanup
			return 1
		fi
		# the process died: retry only if another process took the port meanwhile
		start_cleanup
		grep -q 'Address already in use' "$DIR/apy.log" && continue
		echo "apy.sh: APy exited during start; log tail:" >&2
		tail -n 20 "$DIR/apy.log" | sed 's/^/  /' >&2
		return 1
	done
	echo "apy.sh: no free port after 3 attempts" >&2
	return 1
}

[ $# -ge 2 ] || { echo "usage: apy.sh start|stop|status DIR [APY_OPTION...]" >&2; exit 2; }
action=$1 DIR=$2
shift 2
case $action in
start) cmd_start "$@" ;;
stop) cmd_stop "$DIR" ;;
status) cmd_status "$DIR" ;;
*) echo "usage: apy.sh start|stop|status DIR [APY_OPTION...]" >&2; exit 2 ;;
esac
