#!/usr/bin/env bash
# Starts and stops the fake MT server for shell tests (see tests/support/README.md):
#   url=$(fake_mt.sh start DIR [fake-mt options])   prints http://127.0.0.1:PORT
#   fake_mt.sh stop DIR
set -euo pipefail

die() {
	echo "fake_mt.sh: $*" >&2
	exit 1
}

# Succeeds if GET /_stats answers 200 on 127.0.0.1:$1 (bash's /dev/tcp: no curl needed).
stats_answer() {
	local status
	exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
	printf 'GET /_stats HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
	IFS= read -r -t 2 status <&3 || status=
	exec 3<&- 3>&-
	[[ $status == "HTTP/1."?" 200"* ]]
}

start() {
	local dir=$1 bin=${HX_FAKE_MT:-build/fake-mt} pid port deadline
	shift
	[[ -x $bin ]] || die "no fake-mt binary at '$bin' (set HX_FAKE_MT or make build/fake-mt)"
	mkdir -p "$dir"
	rm -f "$dir/port" "$dir/pid"
	"$bin" --port 0 --port-file "$dir/port" --pid-file "$dir/pid" "$@" \
		</dev/null >"$dir/fake-mt.log" 2>&1 &
	pid=$!
	deadline=$((SECONDS + 10))
	while ((SECONDS <= deadline)); do
		if ! kill -0 "$pid" 2>/dev/null; then
			cat "$dir/fake-mt.log" >&2
			die "fake-mt exited before listening"
		fi
		if [[ -s $dir/port ]]; then
			port=$(<"$dir/port")
			if stats_answer "$port" 2>/dev/null; then
				echo "http://127.0.0.1:$port"
				return 0
			fi
		fi
		sleep 0.05
	done
	kill "$pid" 2>/dev/null || true
	die "fake-mt did not answer within 10 s (log: $dir/fake-mt.log)"
}

# Succeeds while process $1 runs (a zombie, which an init that does not reap may keep
# around, counts as stopped).
running() {
	local stat
	kill -0 "$1" 2>/dev/null || return 1
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[[ ${stat%% *} != Z ]]
}

stop() {
	local dir=$1 pid deadline
	[[ -s $dir/pid ]] || die "no pid file in '$dir'"
	pid=$(<"$dir/pid")
	[[ $pid =~ ^[0-9]+$ ]] || die "bad pid file '$dir/pid'"
	kill -TERM "$pid" 2>/dev/null || return 0
	deadline=$((SECONDS + 10))
	while running "$pid"; do
		if ((SECONDS > deadline)); then
			kill -KILL "$pid" 2>/dev/null || true
			die "fake-mt (pid $pid) did not stop within 10 s; killed"
		fi
		sleep 0.05
	done
	# A child of this shell is reaped here; any other was reaped by its own parent.
	wait "$pid" 2>/dev/null || true
}

case ${1:-} in
start)
	[[ $# -ge 2 ]] || die "usage: fake_mt.sh start DIR [options]"
	shift
	start "$@"
	;;
stop)
	[[ $# -eq 2 ]] || die "usage: fake_mt.sh stop DIR"
	stop "$2"
	;;
*)
	die "usage: fake_mt.sh start DIR [options] | fake_mt.sh stop DIR"
	;;
esac
