#!/bin/bash
# make bench, PDF part: seconds per PDF page through `hexaglot translate --pdf` with
# each engine, on the six fixtures of tests/fixtures/publish and the two seeds (each
# with one draft, engine none), against pandoc rendering the same Markdown to PDF
# through WeasyPrint (`pandoc --pdf-engine=weasyprint`) in the same run.
# usage: tests/bench/run_pdf.sh path/to/hexaglot
set -eu
HX=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(dirname "$HX")/bench/pdf
export HEXAGLOT_GLOSSARIES="$ROOT/glossaries"

for p in weasyprint chromium pdfinfo pandoc; do
	command -v "$p" >/dev/null || { echo "== PDF: skipped, '$p' is not installed (make deps)"; exit 0; }
done
rm -rf "$OUT"
mkdir -p "$OUT"
cd "$OUT"

# source language and the one draft of each document
docs=()
for l in ar zh en fr ru es; do docs+=("$ROOT/tests/fixtures/publish/$l.txt:$l"); done
docs+=("$ROOT/docs-in/000_b89d3f7492e82945.txt:zh" "$ROOT/docs-in/003_39ba9b4ae07a8f1a.txt:zh")
other() { [ "$1" = en ] && echo fr || echo en; }

pin() { if command -v taskset >/dev/null; then taskset -c 0,1 "$@"; else "$@"; fi; }
now() { date +%s.%N; }
pages() { # pages FILE...: the pages of all
	local n=0
	for f in "$@"; do n=$((n + $(pdfinfo "$f" | awk '/^Pages:/ { print $2 }'))); done
	echo "$n"
}

translate_all() { # translate_all DIR [PDF OPTIONS]: seconds into $T
	local dir=$1 t0
	shift
	t0=$(now)
	for d in "${docs[@]}"; do
		pin "$HX" translate "${d%%:*}" --from "${d##*:}" --to "$(other "${d##*:}")" \
			--engine none -o "$dir" -q "$@" || [ $? = 3 ]
	done
	T=$(echo "$(now) - $t0" | bc -l)
}

# without PDFs first: what the PDFs add is the difference
translate_all html
base=$T
declare -A secs npages npdfs
for e in weasyprint chromium auto; do
	translate_all "$e" --pdf --pdf-engine "$e"
	secs[$e]=$(echo "$T - $base" | bc -l)
	npdfs[$e]=$(ls "$e"/*/*.pdf | wc -l)
	npages[$e]=$(pages "$e"/*/*.pdf)
done

# pandoc on the same Markdown (the source and the draft of each document)
mkdir -p pandoc
t0=$(now)
for md in html/*/*.md; do
	pin pandoc -f commonmark_x "$md" -o "pandoc/$(basename "$md" .md).pdf" \
		--pdf-engine=weasyprint --metadata title="$(basename "$md" .md)" 2>/dev/null
done
secs[pandoc]=$(echo "$(now) - $t0" | bc -l)
npdfs[pandoc]=$(ls pandoc/*.pdf | wc -l)
npages[pandoc]=$(pages pandoc/*.pdf)

per() { echo "scale=3; ${secs[$1]} / ${npages[$1]}" | bc -l; }
echo "== PDF: ${#docs[@]} documents (six fixtures, two seeds), each with one draft; hexaglot without PDFs took $(printf %.1f "$base") s"
echo
echo "| renderer | PDFs | pages | seconds | s/page | s/page vs pandoc+WeasyPrint |"
echo "|---|---|---|---|---|---|"
for e in weasyprint chromium auto pandoc; do
	label=$e
	[ "$e" = auto ] && label="auto (default: WeasyPrint, Arabic with Chromium)"
	[ "$e" = pandoc ] && label="pandoc --pdf-engine=weasyprint"
	printf '| %s | %s | %s | %.1f | %.2f | %.2fx |\n' "$label" "${npdfs[$e]}" "${npages[$e]}" \
		"${secs[$e]}" "$(per "$e")" "$(echo "$(per "$e") / $(per pandoc)" | bc -l)"
done
