#!/bin/bash
# make demo: a real Apertium APy on 127.0.0.1, the nightly batch (`hexaglot run`) over
# docs-in/ into English, Spanish and French (what Debian's APy serves, French through
# Spanish), the server stopped by its PID, and where to look.
# usage: tests/support/demo.sh path/to/hexaglot docs-in docs-out
set -u
HX=$1 IN=$2 OUT=$3
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STATE=$(mktemp -d)
trap 'bash "$ROOT/tests/support/apy.sh" stop "$STATE" >/dev/null 2>&1; rm -rf "$STATE"' EXIT INT TERM

echo "demo: starting Apertium APy on 127.0.0.1"
URL=$(bash "$ROOT/tests/support/apy.sh" start "$STATE") || { echo "demo: APy did not start" >&2; exit 1; }
mkdir -p "$OUT"
"$HX" run --in "$IN" --out "$OUT" --to en,es,fr --endpoint "$URL"
status=$?
# 3: done, with sentences no engine here translates (Chinese, Arabic, Russian sources)
if [ $status -ne 0 ] && [ $status -ne 3 ]; then
	echo "demo: hexaglot failed with status $status" >&2
	exit $status
fi
echo
echo "demo: the morning report is $OUT/index.html (and $OUT/report.json)."
echo "  Every document of $IN/ is in $OUT/<id>/: the clean source (<id>.<lang>.md,"
echo "  <id>.<lang>.html), its metadata (<id>.meta.json), the UN terms found in it"
echo "  (<id>.terms.json), drafts in en, es and fr (.md, .html, and .print.html for A4),"
echo "  the parallel view of all of them (<id>.parallel.html) and the quality checks'"
echo "  findings (<id>.qa.json). Debian's APy serves en<->es and fr<->es (fr through es);"
echo "  the Chinese, Arabic and Russian documents keep their text, marked untranslated,"
echo "  with UN names and symbols in each draft's language. PDFs: add --pdf to the run."
echo "  Start with:"
for meta in "$OUT"/*/*.meta.json; do
	grep -qE '"language": "(en|fr)"' "$meta" && ls "${meta%.meta.json}".parallel.html
done 2>/dev/null | head -2 | sed 's/^/    /'
