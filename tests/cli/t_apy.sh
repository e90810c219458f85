# End-to-end tests of the local Apertium APy (tests/support/apy.sh, apy_local.py).
# Not skipped when APy is missing: CI installs it (make deps), so a missing APy fails.

APY_SH="$ROOT/tests/support/apy.sh"

apy_require() {
	if [ ! -x /usr/bin/python3 ] || ! /usr/bin/python3 -c 'import apertium_apy.apy' 2>/dev/null; then
		fail "Apertium APy is not installed (Debian package apertium-apy; run 'make deps')"
	fi
	[ -f /usr/share/apertium/modes/eng-spa.mode ] ||
		fail "apertium-eng-spa is not installed (run 'make deps')"
	[ -f /usr/share/apertium/modes/fr-es.mode ] ||
		fail "apertium-fr-es is not installed (run 'make deps')"
	command -v curl >/dev/null || fail "curl is not installed"
}

# apy_gone PID: no live (non-zombie) process is left in the group PID leads
apy_gone() {
	local f stat fields
	for f in /proc/[0-9]*/stat; do
		{ stat=$(<"$f"); } 2>/dev/null || continue
		read -r -a fields <<<"${stat##*) }"
		[ "${fields[2]}" = "$1" ] && [ "${fields[0]}" != Z ] && return 1
	done
	return 0
}

# listen_addrs PORT: the local addresses listening on PORT, one a line
listen_addrs() {
	if command -v ss >/dev/null; then
		ss -Hltn "sport = :$1" | awk '{print $4}'
	else # no iproute2: /proc/net/tcp{,6}, addresses in hex
		local hex
		hex=$(printf '%04X' "$1")
		awk -v p=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == p {print $2}' \
			/proc/net/tcp /proc/net/tcp6 2>/dev/null | sed 's/^0100007F:.*/127.0.0.1:'"$1"'/'
	fi
}

t_apy_local_translates_on_loopback_and_stops() {
	apy_require
	trap '"$APY_SH" stop "$PWD/apy" >/dev/null 2>&1' EXIT
	url=$("$APY_SH" start "$PWD/apy" 2>err) || fail "apy.sh start failed"
	[[ $url =~ ^http://127\.0\.0\.1:([0-9]+)$ ]] || fail "start printed '$url', not http://127.0.0.1:PORT"
	port=${BASH_REMATCH[1]}
	[ "$(cat apy/apy.url)" = "$url" ] || fail "apy/apy.url is not '$url'"
	pid=$(cat apy/apy.pid)
	"$APY_SH" status "$PWD/apy" >status.txt || fail "status says not running"
	expect_contains status.txt "$url"

	# the pairs the project relies on
	curl -sf "$url/listPairs" | tr -d ' \n' >pairs || fail "GET /listPairs failed"
	expect_contains pairs '{"sourceLanguage":"eng","targetLanguage":"spa"}'
	expect_contains pairs '{"sourceLanguage":"fra","targetLanguage":"spa"}'

	# one translation: Spanish out, the placeholder exactly once
	code=$(curl -s -o tr.json -w '%{http_code}' "$url/translate" \
		--data-urlencode 'langpair=eng|spa' --data-urlencode 'markUnknown=no' \
		--data-urlencode 'format=html' \
		--data-urlencode 'q=<p>The General Assembly adopted the resolution<x id="1"/> without a vote.</p>')
	[ "$code" = 200 ] || fail "POST /translate: HTTP $code: $(cat tr.json)"
	expect_contains tr.json '"responseStatus": 200'
	expect_contains tr.json 'Asamblea General'
	[ "$(grep -o '<x id=\\"1\\"/>' tr.json | wc -l)" = 1 ] ||
		fail "placeholder not exactly once in: $(cat tr.json)"

	# listening on 127.0.0.1 only
	listen_addrs "$port" >addrs
	[ -s addrs ] || fail "nothing listens on port $port"
	grep -vqx "127.0.0.1:$port" addrs && fail "port $port listens beyond 127.0.0.1: $(tr '\n' ' ' <addrs)"

	"$APY_SH" stop "$PWD/apy" 2>>err || fail "apy.sh stop failed"
	apy_gone "$pid" || fail "APy (process group $pid) still running after stop"
	[ -z "$(listen_addrs "$port")" ] || fail "port $port still listening after stop"
	expect_no_file apy/apy.pid
	"$APY_SH" status "$PWD/apy" >/dev/null && fail "status says running after stop"
	true
}

t_apy_failed_start_leaves_nothing_running() {
	apy_require
	trap '"$APY_SH" stop "$PWD/apy" >/dev/null 2>&1' EXIT
	# a zero timeout: the server is launched, then start gives up at once and must kill it;
	# -P "$PWD" (APy's daemon log path, unused here) marks its command line
	APY_START_TIMEOUT=0 "$APY_SH" start "$PWD/apy" -P "$PWD" >out 2>err && fail "start succeeded with a zero timeout"
	expect_err "did not list eng|spa"
	[ ! -s out ] || fail "a failed start printed a URL: $(cat out)"
	expect_no_file apy/apy.pid
	expect_no_file apy/apy.url
	for f in /proc/[0-9]*/cmdline; do
		cmd=$(tr '\0' ' ' 2>/dev/null <"$f") || continue
		[[ $cmd == *apy_local.py*" -P $PWD"* ]] || continue
		p=${f#/proc/}; p=${p%/cmdline}
		read -r -a fields <<<"$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null)"
		[ "${fields[0]:-Z}" = Z ] || fail "APy left running after a failed start: pid $p"
	done
	true
}
