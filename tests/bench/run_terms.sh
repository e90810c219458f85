#!/bin/bash
# make bench, glossary section: a generated glossary of 100,000 six-language
# concepts (load time, memory) and the matching throughput over 24 MB of text
# on one core, against the 1,000-concept glossary and a naive memmem baseline
# in the same run; then the same on phrases of real UN documents.
# usage: tests/bench/run_terms.sh path/to/bench_terms [megabytes] [entries]
# The program is built from tests/bench/terms/bench_terms.c (see BENCHMARKS.md):
#   cc $(HX_CFLAGS) -o $(BUILD)/bench_terms tests/bench/terms/bench_terms.c \
#      $(BUILD)/libhexaglot.a $(HX_LIBS)
set -eu
BENCH=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
MB=${2:-24}
ENTRIES=${3:-100000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(dirname "$BENCH")/bench
mkdir -p "$OUT"
cd "$ROOT"

pin() { if command -v taskset >/dev/null; then taskset -c 0 "$@"; else "$@"; fi; }
get() { grep "^$1=" "$2" | cut -d= -f2; }

table() {
	local r=$1
	printf '| glossary | %s concepts, %s forms in six languages, %s automaton states (%s MB of TSV) | 100,000 concepts |\n' \
		"$(get entries "$r")" "$(get forms "$r")" "$(get states "$r")" "$(get tsv_mb "$r")"
	printf '| load (parse %s s + build %s s) | %s s | < 1 s |\n' \
		"$(get parse_s "$r")" "$(get build_s "$r")" "$(get load_s "$r")"
	printf '| memory: resident after load / peak during load | %s MB / %s MB | < 200 MB |\n' \
		"$(get glossary_rss_mb "$r")" "$(get load_peak_mb "$r")"
	printf '| matching, 100,000 concepts, %s MB of text | %s MB/s (%s s, %s hits) | >= 50 MB/s |\n' \
		"$(get text_mb "$r")" "$(get big_mb_s "$r")" "$(get big_s "$r")" "$(get big_hits "$r")"
	printf '| matching, 1,000 concepts, same text | %s MB/s (%s s, %s hits) | |\n' \
		"$(get small_mb_s "$r")" "$(get small_s "$r")" "$(get small_hits "$r")"
	printf '| growth of matching time, 1,000 -> 100,000 concepts | %sx | <= 1.5x |\n' \
		"$(get growth "$r")"
	printf '| naive baseline: memmem per form, 1,000 concepts, first %s MB | %s MB/s (%s s) | |\n' \
		"$(get naive_mb "$r")" "$(get naive_mb_s "$r")" "$(get naive_s "$r")"
}

echo "== glossary, generated vocabulary (every word of the text starts some term), one core"
pin "$BENCH" "$MB" "$ENTRIES" | tee "$OUT/terms-generated.txt"

docs=()
for f in tests/golden/*/input.* docs-in/* ../shared/corpus/*.pdftext*.txt; do
	[ -f "$f" ] && docs+=("$f")
done
echo "== glossary, phrases and text of real UN documents (${#docs[@]} files), one core"
pin "$BENCH" "$MB" "$ENTRIES" "${docs[@]}" | tee "$OUT/terms-documents.txt"

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
printf '\n### generated vocabulary\n\n| measure | value | target |\n|---|---|---|\n'
table "$OUT/terms-generated.txt"
printf '\n### phrases of real documents\n\n| measure | value | target |\n|---|---|---|\n'
table "$OUT/terms-documents.txt"
printf '\nmachine: %s, %s cores; %s\n' "$cpu" "$(nproc)" "$(date -u +%Y-%m-%d)"
