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
pin() { if command -v taskset >/dev/null; then taskset -c "$1" "${@:2}"; else "${@:2}"; fi; }

echo "== (1) fake MT server: 50 ms a request, room for 8 at a time, $N sentences"
URL=$(bash "$ROOT/tests/support/fake_mt.sh" start fake --latency-ms 50 --max-concurrent 8)
trap 'bash "$ROOT/tests/support/fake_mt.sh" stop fake >/dev/null 2>&1; bash "$ROOT/tests/support/apy.sh" stop apy >/dev/null 2>&1' EXIT
run_fake() { # concurrency -> seconds, requests
	curl -s -X POST "$URL/_stats/reset" >/dev/null
	local t0 t1
	t0=$(now)
	"$HX" translate doc.md --to es --endpoint "$URL" --concurrency "$1" -o "out-$1" -q
	t1=$(now)
	echo "$(echo "$t1 - $t0" | bc -l) $(curl -s "$URL/_stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["by_route"]["apy_translate"])')"
}
read -r t8 r8 <<<"$(run_fake 8)"
read -r t1 r1 <<<"$(run_fake 1)"
ideal8=$(echo "scale=0; ($r8 + 7) / 8" | bc)
ideal8=$(echo "$ideal8 * 0.05" | bc -l)
bash "$ROOT/tests/support/fake_mt.sh" stop fake >/dev/null

echo "== (2) Apertium APy (two pipelines) and the apertium command line, $N sentences"
# two pipelines, one request each: APy then uses both cores, as the command line uses one
APY_URL=$(bash "$ROOT/tests/support/apy.sh" start apy -i 2 -u 1)
# the pipelines start on their first requests: warm both up
"$HX" translate doc.md --to es --endpoint "$APY_URL" -o warm -q --concurrency 4 || true
a0=$(now)
"$HX" translate doc.md --to es --endpoint "$APY_URL" -o apy -q
a1=$(now)
printf '[engine naive]\ntype = apertium\nendpoint = %s\nmax_texts = 1\nconcurrency = 1\n[pairs]\ndefault = naive\n' \
	"$APY_URL" > naive.conf
n0=$(now)
"$HX" translate doc.md --to es --config naive.conf -o naive -q
n1=$(now)
bash "$ROOT/tests/support/apy.sh" stop apy >/dev/null
c0=$(now)
apertium -u -f html eng-spa < doc.html > cli.html
c1=$(now)

fake8=$(rate "$N" 0 "$t8")
fake1=$(rate "$N" 0 "$t1")
apy=$(rate "$N" "$a0" "$a1")
naive=$(rate "$N" "$n0" "$n1")
cli=$(rate "$N" "$c0" "$c1")
printf '\n| measure | value | target |\n|---|---|---|\n'
printf '| fake MT, 8 in flight: %d requests for %d sentences | %.2f s, %.0f sentences/s | |\n' "$r8" "$N" "$t8" "$fake8"
printf '| theoretical best: ceil(%d / 8) x 50 ms | %.2f s | |\n' "$r8" "$ideal8"
printf '| fraction of the theoretical maximum | %.0f%% | >= 90%% |\n' "$(echo "$ideal8 / $t8 * 100" | bc -l)"
printf '| fake MT, 1 in flight | %.2f s, %.0f sentences/s | |\n' "$t1" "$fake1"
printf '| speedup of 8 in flight over 1 | %.1fx | |\n' "$(echo "$t1 / $t8" | bc -l)"
printf '| APy through hexaglot translate | %.0f sentences/s | |\n' "$apy"
printf '| apertium -u -f html eng-spa, one batch | %.0f sentences/s | |\n' "$cli"
printf '| hexaglot / command line | %.0f%% | >= 70%% |\n' "$(echo "$apy / $cli * 100" | bc -l)"
printf '| APy, one request per sentence (naive client) | %.0f sentences/s (hexaglot %.1fx faster) | |\n' "$naive" "$(echo "$apy / $naive" | bc -l)"
printf '\nmachine: %s, %s cores; %s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(nproc)" "$(date -u +%Y-%m-%d)"
