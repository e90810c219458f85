#!/bin/bash
# Golden tests: every tests/golden/<case>/ holds input.* (and optionally an `args`
# file of extra options); `hexaglot convert` must reproduce expected.md,
# expected.meta.json and expected.html byte for byte.
# usage: tests/golden/run.sh [--update] path/to/hexaglot
set -u
update=0
[ "${1:-}" = "--update" ] && { update=1; shift; }
HX=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")" && pwd)
pass=0 failed=0
for dir in "$ROOT"/*/; do
	case=$(basename "$dir")
	input=$(ls "$dir" | grep '^input\.' | head -1)
	[ -n "$input" ] || continue
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
