#!/bin/bash
# make bench: text->CommonMark and CommonMark->HTML throughput on one core,
# CommonMark->HTML with pandoc on the same files in the same run, and peak
# memory against the largest input. Prints a table for BENCHMARKS.md.
# usage: tests/bench/run.sh path/to/hexaglot [megabytes]
set -eu
HX=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
MB=${2:-24}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(dirname "$HX")
OUT=$BUILD/bench
BENCH=$BUILD/bench_convert
CORPUS=$OUT/corpus-$MB
mkdir -p "$OUT"
cd "$ROOT"

# The corpus: the project's own documents (seeds and fixtures), repeated and varied.
if [ ! -d "$CORPUS" ]; then
	"$BENCH" gen "$CORPUS" "$MB" tests/golden/*/input.* docs-in/*
fi
corpus_bytes=$(cat "$CORPUS"/* | wc -c)

pin() { if command -v taskset >/dev/null; then taskset -c 0 "$@"; else "$@"; fi; }

echo "== hexaglot: decode+convert and render, in process, one core"
rm -rf "$OUT/md"
pin "$BENCH" run "$CORPUS" "$OUT/md" | tee "$OUT/results.txt"
md_bytes=$(grep markdown_bytes "$OUT/results.txt" | cut -d= -f2)
render_s=$(grep render_seconds "$OUT/results.txt" | cut -d= -f2)
convert_mb_s=$(grep convert_mb_s "$OUT/results.txt" | cut -d= -f2)
render_mb_s=$(grep render_mb_s "$OUT/results.txt" | cut -d= -f2)

# pandoc manages about a third of a megabyte a second: it gets the smaller files,
# up to PANDOC_MB of CommonMark, and hexaglot's render stage is timed on the same ones.
PANDOC_MB=${PANDOC_MB:-3}
subset=()
sum=0
for f in $(ls -Sr "$OUT"/md/*.md); do
	size=$(wc -c < "$f")
	[ $((sum + size)) -gt $((PANDOC_MB * 1000000)) ] && break
	subset+=("$f")
	sum=$((sum + size))
done
echo "== pandoc $(pandoc --version | head -1 | cut -d' ' -f2) and hexaglot render on the same ${#subset[@]} files ($sum bytes), one core"
start=$(date +%s.%N)
for f in "${subset[@]}"; do
	pin pandoc -f commonmark_x -t html5 "$f" -o "$OUT/pandoc.html"
done
end=$(date +%s.%N)
# pandoc's own start-up, measured on an empty input, is taken out so that only the
# conversion is compared
s0=$(date +%s.%N)
for i in 1 2 3; do pin pandoc -f commonmark_x -t html5 /dev/null -o "$OUT/pandoc.html"; done
s1=$(date +%s.%N)
startup=$(echo "($s1 - $s0) / 3" | bc -l)
pandoc_s=$(echo "$end - $start - ${#subset[@]} * $startup" | bc -l)
pandoc_mb_s=$(echo "$sum / $pandoc_s / 1000000" | bc -l)
pin "$BENCH" render "${subset[@]}" | tee -a "$OUT/results.txt"
subset_mb_s=$(grep subset_render_mb_s "$OUT/results.txt" | cut -d= -f2)
ratio=$(echo "$subset_mb_s / $pandoc_mb_s" | bc -l)

echo "== peak memory: hexaglot convert on the largest input"
big=$(ls -S "$CORPUS"/* | head -1)
big_bytes=$(wc -c < "$big")
/usr/bin/time -f %M -o "$OUT/rss.txt" "$HX" convert "$big" -o "$OUT/big.md" \
	--meta "$OUT/big.json" --html "$OUT/big.html"
rss_kb=$(cat "$OUT/rss.txt")
mem_ratio=$(echo "$rss_kb * 1024 / $big_bytes" | bc -l)

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
printf '\n| measure | value | target |\n|---|---|---|\n'
printf '| corpus | %s documents, %.1f MB (%.1f MB of CommonMark) | >= 20 MB |\n' \
	"$(ls "$CORPUS" | wc -l)" "$(echo "$corpus_bytes / 1000000" | bc -l)" \
	"$(echo "$md_bytes / 1000000" | bc -l)"
printf '| text -> CommonMark (decode+convert) | %.1f MB/s | >= 20 MB/s |\n' "$convert_mb_s"
printf '| CommonMark -> HTML, hexaglot render | %.1f MB/s (%.2f s) | |\n' "$render_mb_s" "$render_s"
printf '| same files (%.1f MB): hexaglot render | %.1f MB/s | |\n' \
	"$(echo "$sum / 1000000" | bc -l)" "$subset_mb_s"
printf '| same files: pandoc -f commonmark_x -t html5 | %.2f MB/s (%.1f s, start-up of %.2f s a file taken out) | |\n' \
	"$pandoc_mb_s" "$pandoc_s" "$startup"
printf '| render / pandoc | %.0fx | >= 50x |\n' "$ratio"
printf '| peak RSS on the largest input (%.1f MB) | %.1f MB = %.1fx the input | < 10x |\n' \
	"$(echo "$big_bytes / 1000000" | bc -l)" "$(echo "$rss_kb / 1000" | bc -l)" "$mem_ratio"
printf '\nmachine: %s, %s cores; %s\n' "$cpu" "$(nproc)" "$(date -u +%Y-%m-%d)"
