#!/bin/bash
# make bench, MT part: hexaglot translate (1) against the fake MT server with
# 50 ms latency and room for 8 requests at a time, as a fraction of the
# theoretical maximum and against one request at a time; (2) against a real
# Apertium APy, against the `apertium` command line on the same sentences in
# one batch and against one request per sentence.
# usage: tests/bench/run_mt.sh path/to/hexaglot path/to/fake-mt [sentences]
set -eu
HX=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export HX_FAKE_MT=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
N=${3:-2000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(dirname "$HX")/bench/mt
rm -rf "$OUT"
mkdir -p "$OUT"
cd "$OUT"
# the shipped glossaries, as a user running from the repository has them
export HEXAGLOT_GLOSSARIES="$ROOT/glossaries"

# N distinct UN-style sentences: a Markdown document, and <p> lines for the apertium CLI
python3 - "$N" <<'EOF'
import itertools, sys
n = int(sys.argv[1])
subj = ["The General Assembly", "The Security Council", "The Committee", "The Working Group",
        "The delegation of Brazil", "The Secretary-General", "Member States", "The Advisory Committee",
        "The Human Rights Council", "The Special Rapporteur"]
verb = ["adopted", "welcomed", "noted with concern", "reaffirmed", "recalled", "considered",
        "took note of", "endorsed", "emphasized", "requested information on"]
obj = ["the draft resolution on the rights of the child", "the report on climate change",
       "the recommendations of the annual report", "the programme budget for the biennium",
       "the importance of international cooperation in health", "the provisional agenda",
       "the proposal to establish a working group on migration", "the financial statements",
       "the measures taken to protect civilians", "the sustainable development goals"]
tail = ["", " at its fifth meeting", " without a vote", " on 3 January 2026",
        " and invited all States to cooperate", " with a large majority",
        " in accordance with rule 61", " and asked for a report next year"]
s = [f"{a} {b} {c}{d}." for a, b, c, d in itertools.islice(itertools.product(subj, verb, obj, tail), n)]
with open("doc.md", "w") as f:
    for i, x in enumerate(s, 1):
        f.write(f"{i}\\. {x}\n\n")
with open("doc.html", "w") as f:
    for x in s:
        f.write(f"<p>{x}</p>\n")
EOF

now() { date +%s.%N; }
rate() { echo "$1 / ($3 - $2)" | bc -l; }
median() { printf '%s\n' "$@" | sort -g | sed -n "$((($# + 1) / 2))p"; }
RUNS=3 # each figure is the median of RUNS runs, the two sides of a ratio interleaved

echo "== (1) fake MT server: 50 ms a request, room for 8 at a time, $N sentences, $RUNS runs each"
URL=$(bash "$ROOT/tests/support/fake_mt.sh" start fake --latency-ms 50 --max-concurrent 8)
trap 'bash "$ROOT/tests/support/fake_mt.sh" stop fake >/dev/null 2>&1; bash "$ROOT/tests/support/apy.sh" stop apy >/dev/null 2>&1' EXIT
# the same requests at 1 and at 8 in flight: 1000 characters each (what apertium
# sends with more than 2 in flight; with fewer it would fill 4096-byte chunks)
printf '[engine fake]\ntype = apertium\nendpoint = %s\nmax_chars = 1000\n[pairs]\ndefault = fake\n' \
	"$URL" > fake.conf
run_fake() { # concurrency -> whole-command seconds, translate-stage seconds, requests
	curl -s -X POST "$URL/_stats/reset" >/dev/null
	local t0 t1 stage
	t0=$(now)
	"$HX" translate doc.md --to es --config fake.conf --concurrency "$1" -o "out-$1" -v 2>"err-$1"
	t1=$(now)
	stage=$(grep -o 'translate [0-9]* ms' "err-$1" | awk '{ print $2 / 1000 }')
	echo "$(echo "$t1 - $t0" | bc -l) $stage $(curl -s "$URL/_stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["by_route"]["apy_translate"])')"
}
w8=() s8=() w1=()
for ((i = 0; i < RUNS; i++)); do
	read -r t s r8 <<<"$(run_fake 8)"
	w8+=("$t") s8+=("$s")
	read -r t s r1 <<<"$(run_fake 1)"
	w1+=("$t")
done
t8=$(median "${w8[@]}") st8=$(median "${s8[@]}") t1=$(median "${w1[@]}")
ideal8=$(echo "scale=0; ($r8 + 7) / 8" | bc)
ideal8=$(echo "$ideal8 * 0.05" | bc -l)
bash "$ROOT/tests/support/fake_mt.sh" stop fake >/dev/null

echo "== (2) Apertium APy (two pipelines) and the apertium command line, $N sentences, $RUNS runs each"
# two pipelines, one request each: APy then uses both cores, as the command line does
APY_URL=$(bash "$ROOT/tests/support/apy.sh" start apy -i 2 -u 1)
# the pipelines start on their first requests: warm both up
"$HX" translate doc.md --to es --endpoint "$APY_URL" -o warm -q --concurrency 4 || true
apy_s=() cli_s=()
for ((i = 0; i < RUNS; i++)); do
	a0=$(now)
	"$HX" translate doc.md --to es --endpoint "$APY_URL" -o apy -q
	a1=$(now)
	apy_s+=("$(echo "$a1 - $a0" | bc -l)")
	c0=$(now)
	apertium -u -f html eng-spa < doc.html > cli.html
	c1=$(now)
	cli_s+=("$(echo "$c1 - $c0" | bc -l)")
done
printf '[engine naive]\ntype = apertium\nendpoint = %s\nmax_texts = 1\nconcurrency = 1\n[pairs]\ndefault = naive\n' \
	"$APY_URL" > naive.conf
n0=$(now)
"$HX" translate doc.md --to es --config naive.conf -o naive -q
n1=$(now)
bash "$ROOT/tests/support/apy.sh" stop apy >/dev/null

fake8=$(rate "$N" 0 "$t8")
fake1=$(rate "$N" 0 "$t1")
apy=$(rate "$N" 0 "$(median "${apy_s[@]}")")
cli=$(rate "$N" 0 "$(median "${cli_s[@]}")")
naive=$(rate "$N" "$n0" "$n1")
printf '\n| measure (median of %d runs) | value | target |\n|---|---|---|\n' "$RUNS"
printf '| fake MT, 8 in flight: %d requests for %d sentences, the translate stage (pack, send, wait, check) | %.2f s, %.0f sentences/s | |\n' "$r8" "$N" "$st8" "$(rate "$N" 0 "$st8")"
printf '| theoretical best: ceil(%d / 8) x 50 ms | %.2f s | |\n' "$r8" "$ideal8"
printf '| the translate stage, fraction of the theoretical maximum | %.0f%% | >= 90%% |\n' "$(echo "$ideal8 / $st8 * 100" | bc -l)"
printf '| the whole command (also reading, glossary, qa, 5 pages) | %.2f s, %.0f sentences/s, %.0f%% of the maximum | |\n' "$t8" "$fake8" "$(echo "$ideal8 / $t8 * 100" | bc -l)"
printf '| fake MT, 1 in flight, the same %d requests: the whole command | %.2f s, %.0f sentences/s | |\n' "$r1" "$t1" "$fake1"
printf '| speedup of 8 in flight over 1 | %.1fx | |\n' "$(echo "$t1 / $t8" | bc -l)"
printf '| APy through hexaglot translate (defaults: 4096-byte requests, 2 in flight) | %.0f sentences/s | |\n' "$apy"
printf '| apertium -u -f html eng-spa, one batch | %.0f sentences/s | |\n' "$cli"
printf '| hexaglot / command line | %.0f%% | >= 70%% |\n' "$(echo "$apy / $cli * 100" | bc -l)"
printf '| APy, one request per sentence (naive client) | %.0f sentences/s (hexaglot %.1fx faster) | |\n' "$naive" "$(echo "$apy / $naive" | bc -l)"
printf '\nruns: fake 8 in flight %s s (stage %s s); 1 in flight %s s; APy %s s; command line %s s\n' \
	"${w8[*]}" "${s8[*]}" "${w1[*]}" "${apy_s[*]}" "${cli_s[*]}"
printf 'machine: %s, %s cores; %s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(nproc)" "$(date -u +%Y-%m-%d)"
