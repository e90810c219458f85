#!/bin/bash
# make bench, batch part: `hexaglot run` over a generated batch of documents with
# the project's fake MT server on 127.0.0.1: a first run, a second with nothing
# changed, a third with 1% of the documents edited in one paragraph, and peak
# memory on ten times as many documents. Prints a Markdown table.
# usage: tests/bench/run_batch.sh path/to/hexaglot path/to/fake-mt [documents]
set -eu
HX=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export HX_FAKE_MT=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
N=${3:-1000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(dirname "$HX")/bench/batch
rm -rf "$OUT"
mkdir -p "$OUT"
cd "$OUT"
export HEXAGLOT_GLOSSARIES="$ROOT/glossaries"

URL=$(bash "$ROOT/tests/support/fake_mt.sh" start fake --latency-ms 5)
trap 'bash "$ROOT/tests/support/fake_mt.sh" stop fake >/dev/null 2>&1' EXIT
stat() { curl -s "$URL/_stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

# N documents in the shape of UN reports: a heading, numbered paragraphs built from
# a pool of recurring sentences (boilerplate repeats across documents) and sentences
# of each document's own.
gen() { # gen DIR COUNT
	python3 - "$1" "$2" <<'EOF'
import os, random, sys
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d, exist_ok=True)
rnd = random.Random(7)
subj = ["The Committee", "The Working Group", "The Advisory Committee", "The delegation",
        "The Special Rapporteur", "The Board", "The Commission", "The Secretariat"]
verb = ["noted", "welcomed", "recalled", "considered", "took note of", "emphasized",
        "reaffirmed", "requested information on"]
obj = ["the report on the programme of work", "the measures taken to protect civilians",
       "the importance of international cooperation", "the financial statements",
       "the recommendations of the annual report", "the draft decision on the agenda"]
common = [f"{s} {v} {o}." for s in subj for v in verb for o in obj]  # 384 recurring sentences
for i in range(n):
    paras = [f"# Report of the meeting number {i + 1}", ""]
    for p in range(1, 11):
        own = f"The meeting on item {i + 1}.{p} lasted {rnd.randint(1, 9)} hours in room {rnd.randint(100, 999)}."
        paras.append(f"{p}\\. {rnd.choice(common)} {own} {rnd.choice(common)}")
        paras.append("")
    with open(os.path.join(d, f"report-{i + 1:05d}.md"), "w") as f:
        f.write("\n".join(paras))
EOF
}

pin() { if command -v taskset >/dev/null; then taskset -c 0,1 "$@"; else "$@"; fi; }
timed() { # timed LABEL COMMAND...: seconds and peak RSS (KB) into $T and $M
	/usr/bin/time -f '%e %M' -o time.txt "$@" >/dev/null 2>run.err || true
	read -r T M < time.txt
}

gen in "$N"
bytes=$(cat in/*.md | wc -c)

timed "$HX" run --in in --out out --to es --endpoint "$URL" -q
first_s=$T first_rss=$M
first_texts=$(stat texts_translated) first_requests=$(stat requests)
segments=$(python3 -c "import json; print(json.load(open('out/report.json'))['totals']['segments'])")

timed "$HX" run --in in --out out --to es --endpoint "$URL" -q
second_s=$T
second_texts=$(( $(stat texts_translated) - first_texts ))

# 1% of the documents: one sentence of their own edited in one paragraph
edits=$(( N / 100 ))
for i in $(seq 1 "$edits"); do
	f=in/report-$(printf '%05d' $(( i * 97 % N + 1 ))).md
	sed -i 's/\(2\\\. [^.]*\.\) The meeting on item \([0-9.]*\) lasted/\1 The session on item \2 lasted/' "$f"
done
before=$(stat texts_translated)
timed "$HX" run --in in --out out --to es --endpoint "$URL" -q
third_s=$T
third_texts=$(( $(stat texts_translated) - before ))

# peak memory on ten times as many documents (a run of its own, in windows)
gen in10 $(( N * 10 ))
timed "$HX" run --in in10 --out out10 --to es --endpoint "$URL" -q
big_s=$T big_rss=$M

python3 - <<EOF
n, b = $N, $bytes
print(f"| measure | value | target |")
print(f"|---|---|---|")
print(f"| batch | {n} documents, {b / 1e6:.1f} MB, {$segments} segments | 1,000 documents, about 2 MB |")
print(f"| first run | {$first_s} s, {$first_texts} distinct texts to MT in {$first_requests} requests | |")
print(f"| deduplication and memory on the first run | {$segments} segments -> {$first_texts} texts sent ({$segments / max($first_texts, 1):.1f}x fewer) | |")
print(f"| second run, nothing changed | {$second_s} s, {$second_texts} texts to MT | < 2 s, 0 |")
print(f"| third run, {$edits} documents edited in one sentence | {$third_s} s, {$third_texts} texts to MT | = {$edits} |")
print(f"| peak memory, {n * 10} documents | {$big_rss / 1024:.0f} MB ({$big_s} s) | < 300 MB |")
print(f"| peak memory, {n} documents | {$first_rss / 1024:.0f} MB | |")
EOF
echo
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; $(date +%F)"
