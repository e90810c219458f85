#!/bin/bash
# Golden tests: every tests/golden/<case>/ holds input.* (and optionally an `args`
# file of extra options); `hexaglot convert` must reproduce expected.md,
# expected.meta.json and expected.html byte for byte.
# A case with a `publish` file (options for `hexaglot translate`) and doc.* is translated
# instead, by the fake MT server (APy protocol, its default pairs: en<->es, fr<->es,
# so ar, zh and ru drafts stay untranslated and marked), dated by SOURCE_DATE_EPOCH;
# every page it writes must equal expected/<file> and pass check_pages.py.
# usage: tests/golden/run.sh [--update] path/to/hexaglot
set -u
update=0
[ "${1:-}" = "--update" ] && { update=1; shift; }
HX=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")" && pwd)
FAKE_MT_SH="$ROOT/../support/fake_mt.sh"
pass=0 failed=0
mt_dir="" URL=""
stop_mt() { [ -n "$mt_dir" ] && bash "$FAKE_MT_SH" stop "$mt_dir" >/dev/null 2>&1; rm -rf "$mt_dir"; }
trap stop_mt EXIT

# publish_case DIR INPUT TMP: translates into TMP/out; 0 when the pages are as expected
publish_case() {
	local dir=$1 input=$2 tmp=$3 case ok=1
	case=$(basename "$dir")
	if [ -z "$URL" ]; then
		mt_dir=$(mktemp -d)
		export HX_FAKE_MT=${HX_FAKE_MT:-$(dirname "$HX")/fake-mt}
		URL=$(bash "$FAKE_MT_SH" start "$mt_dir") || { echo "FAIL $case: no fake MT server" >&2; return 1; }
	fi
	(cd "$dir" && SOURCE_DATE_EPOCH=1763683200 HEXAGLOT_GLOSSARIES="$ROOT/../../glossaries" \
		"$HX" translate "$input" $(cat publish) --endpoint "$URL" -o "$tmp/out" 2>"$tmp/err")
	status=$?
	if [ $status -ne 0 ] && [ $status -ne 3 ]; then
		echo "FAIL $case: exit status $status" >&2
		sed 's/^/    /' "$tmp/err" >&2
		return 1
	fi
	local src=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['language'])" \
		"$tmp"/out/*/*.meta.json 2>/dev/null)
	python3 "$ROOT/check_pages.py" ${src:+--source "$src"} "$tmp"/out/*/ 2>&1 | head -20 |
		sed "s|^|    $case: |" >&2
	[ "${PIPESTATUS[0]}" = 0 ] || ok=0
	if [ $update = 1 ]; then
		rm -rf "$dir/expected"
		mkdir -p "$dir/expected"
		cp "$tmp"/out/*/*.html "$dir/expected/"
		echo "updated $case"
		return $((1 - ok))
	fi
	for f in "$tmp"/out/*/*.html; do
		if ! cmp -s "$f" "$dir/expected/$(basename "$f")"; then
			echo "FAIL $case: $(basename "$f") differs from expected/" >&2
			diff -u "$dir/expected/$(basename "$f")" "$f" | head -30 | sed 's/^/    /' >&2
			ok=0
		fi
	done
	for f in "$dir"/expected/*.html; do
		[ -e "$tmp"/out/*/"$(basename "$f")" ] ||
			{ echo "FAIL $case: $(basename "$f") was not written" >&2; ok=0; }
	done
	return $((1 - ok))
}

for dir in "$ROOT"/*/; do
	case=$(basename "$dir")
	input=$(ls "$dir" | grep '^input\.' | head -1)
	# a publish case's input is doc.*: its hostile lines are not for the fuzz seeds
	[ -f "$dir/publish" ] && input=$(ls "$dir" | grep '^doc\.' | head -1)
	[ -n "$input" ] || continue
	if [ -f "$dir/publish" ]; then
		tmp=$(mktemp -d)
		if publish_case "$dir" "$input" "$tmp"; then pass=$((pass + 1)); else failed=$((failed + 1)); fi
		rm -rf "$tmp"
		continue
	fi
	args=""
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	tmp=$(mktemp -d)
	# run from the case directory so the metadata records a relative source path
	(cd "$dir" && "$HX" convert "$input" $args -o "$tmp/md" --meta "$tmp/meta.json" \
		--html "$tmp/html" 2>"$tmp/err")
	status=$?
	ok=1
	if [ $status -ne 0 ]; then
		echo "FAIL $case: exit status $status" >&2
		sed 's/^/    /' "$tmp/err" >&2
		ok=0
	elif [ $update = 1 ]; then
		cp "$tmp/md" "$dir/expected.md"
		cp "$tmp/meta.json" "$dir/expected.meta.json"
		cp "$tmp/html" "$dir/expected.html"
		echo "updated $case"
	else
		for f in md meta.json html; do
			if ! cmp -s "$tmp/$f" "$dir/expected.$f"; then
				echo "FAIL $case: output differs from expected.$f" >&2
				diff -u "$dir/expected.$f" "$tmp/$f" | head -40 | sed 's/^/    /' >&2
				ok=0
			fi
		done
	fi
	rm -rf "$tmp"
	if [ $ok = 1 ]; then pass=$((pass + 1)); else failed=$((failed + 1)); fi
done
echo "golden: $pass passed, $failed failed"
[ $failed -eq 0 ]
