#!/bin/bash
# make bench, QA section: segments per second through every check of the qa
# stage on real UN document pairs from /work/shared/corpus (or tests/bench/qa
# when given other files), against a naive baseline in the same run, on one core.
# usage: tests/bench/run_qa.sh path/to/bench_qa [rounds]
set -eu
BENCH=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROUNDS=${2:-20}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CORPUS=${HEXAGLOT_CORPUS:-/work/shared/corpus}
cd "$ROOT"
pin() { if command -v taskset >/dev/null; then taskset -c 0 "$@"; else "$@"; fi; }
echo "== qa: segments per second, every check, one core ($ROUNDS rounds)"
for pair in "A-HRC-WG.6-34-ITA-3.en.pdftext.txt A-HRC-WG.6-34-ITA-3.ru.pdftext.p1-9.txt" \
	    "A-RES-48-161.en.pdftext.txt A-RES-48-161.fr.pdftext.txt"; do
	set -- $pair
	if [ ! -r "$CORPUS/$1" ] || [ ! -r "$CORPUS/$2" ]; then
		echo "qa: $CORPUS/$1 or $2 missing; set HEXAGLOT_CORPUS"
		continue
	fi
	pin "$BENCH" "$CORPUS/$1" "$CORPUS/$2" "$ROUNDS"
done
