#!/bin/bash
# make bench, published pages: `hexaglot run` over 200 generated documents into five
# languages with the fake MT server on 127.0.0.1, counting the pages written (one per
# language and the parallel view per document); baseline in the same run: pandoc
# turning the same Markdown (source and drafts) into standalone HTML pages, two at a
# time on the same two cores. Prints a Markdown table.
# usage: tests/bench/run_html.sh path/to/hexaglot path/to/fake-mt [documents]
set -eu
HX=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export HX_FAKE_MT=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
N=${3:-200}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(dirname "$HX")/bench/html
rm -rf "$OUT"
mkdir -p "$OUT"
cd "$OUT"
export HEXAGLOT_GLOSSARIES="$ROOT/glossaries"

URL=$(bash "$ROOT/tests/support/fake_mt.sh" start fake --apy-pairs eng-spa,spa-eng,eng-fra,eng-rus,eng-ara,eng-zho)
trap 'bash "$ROOT/tests/support/fake_mt.sh" stop fake >/dev/null 2>&1' EXIT

# N documents shaped like UN reports: heading, numbered paragraphs with emphasis, a
# symbol link, a list, a small table, a footnote.
python3 - in "$N" <<'PY'
import os, random, sys
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d, exist_ok=True)
rnd = random.Random(11)
subj = ["The Committee", "The Working Group", "The Board", "The Commission", "The Secretariat"]
verb = ["noted", "welcomed", "recalled", "considered", "took note of", "reaffirmed"]
obj = ["the report on the programme of work", "the importance of international cooperation",
       "the financial statements", "the recommendations of the annual report"]
for i in range(n):
    out = [f"# Report of meeting {i + 1}", ""]
    for p in range(1, 13):
        s = f"{rnd.choice(subj)} *{rnd.choice(verb)} {rnd.choice(obj)}.*"
        out.append(f"{p}\\. {s} It met for {rnd.randint(2, 9)} hours on item {i}.{p}, under "
                   f"resolution [A/RES/{70 + p}/{100 + i}](https://undocs.org/en/A/RES/{70 + p}/{100 + i}).")
        out.append("")
        if p == 4:
            out += ["- the budget for the next period;", "- the work of the regional offices.", ""]
        if p == 8:
            out += ["| Item | Hours |", "|---|---:|", f"| Meeting {i} | {rnd.randint(2, 9)} |", ""]
    out[-2] += "[^1]"
    out += ["[^1]: See the annex to the present report.", ""]
    open(os.path.join(d, f"report-{i + 1:04d}.md"), "w").write("\n".join(out))
PY

pin() { if command -v taskset >/dev/null; then taskset -c 0,1 "$@"; else "$@"; fi; }
start=$(date +%s.%N)
pin "$HX" run --in in --out out --to es,fr,ru,ar,zh --endpoint "$URL" -q --jobs 2 ||
	[ $? = 3 ] || { echo "hexaglot run failed" >&2; exit 1; }
end=$(date +%s.%N)
lang_pages=$(find out -name '*.??.html' | wc -l)
parallel_pages=$(find out -name '*.parallel.html' | wc -l)
hx_s=$(python3 -c "print(f'{$end - $start:.2f}')")
hx_rate=$(python3 -c "print(f'{($lang_pages + $parallel_pages) / ($end - $start):.0f}')")
# the pages are what the contract says
python3 "$ROOT/tests/golden/check_pages.py" --source en out/report-0001/ >/dev/null

if command -v pandoc >/dev/null; then
	find out -name '*.md' | sort > mdlist
	start=$(date +%s.%N)
	pin xargs -P 2 -I{} pandoc -s -f commonmark_x -t html5 --metadata title=page -o {}.pandoc.html {} < mdlist
	end=$(date +%s.%N)
	pd_pages=$(wc -l < mdlist)
	pd_s=$(python3 -c "print(f'{$end - $start:.2f}')")
	pd_rate=$(python3 -c "print(f'{$pd_pages / ($end - $start):.0f}')")
	pandoc_row="| pandoc $(pandoc --version | head -1 | cut -d' ' -f2) -s -f commonmark_x -t html5, the same Markdown (source + drafts), 2 at a time | $pd_pages pages | ${pd_s} s | **${pd_rate} pages/s** |"
else
	pandoc_row="| pandoc | not installed | | |"
fi

echo "== published pages: $N documents, English into es, fr, ru, ar, zh (fake MT), 2 cores"
echo
echo "| what | pages | seconds | rate |"
echo "|---|---|---|---|"
echo "| hexaglot run (decode..render, MT by the fake server, all outputs written) | $lang_pages per-language + $parallel_pages parallel | ${hx_s} s | **${hx_rate} pages/s** |"
echo "$pandoc_row"
