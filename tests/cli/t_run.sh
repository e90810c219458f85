# hexaglot run: the nightly batch against the project's fake MT server on 127.0.0.1:
# incremental runs, the translation memory, removed documents, the lock, crashes,
# signals, shards, reports.

FAKE="$ROOT/tests/support/fake_mt.sh"

start_fake() {
	URL=$(bash "$FAKE" start fake "$@") || fail "the fake MT server did not start"
	trap 'bash "$FAKE" stop fake >/dev/null 2>&1' EXIT
}

stat() { # stat NAME: a number from GET /_stats
	curl -s "$URL/_stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"
}

# make_docs N: N English documents in in/, each with three sentences of its own and one
# sentence every document shares
make_docs() {
	mkdir -p in
	for i in $(seq "$1"); do
		cat > "in/doc-$i.md" <<EOF
# Report number $i

1\\. The Committee considered item $i of its agenda. It adopted decision $i without a vote.

2\\. All delegations thanked the Secretariat for its support.

3\\. The Committee will meet again on day $i.
EOF
	done
}

report() { # report EXPR: a Python expression over the report r
	python3 -c "import json; r = json.load(open('dest/report.json')); print($1)"
}

t_a_first_run_translates_everything_and_writes_the_report() {
	start_fake
	make_docs 5
	hx run --in in --out dest --to es --endpoint "$URL" -q
	expect_status 0
	for i in 1 2 3 4 5; do
		expect_file dest/doc-$i/doc-$i.es.md
		expect_file dest/doc-$i/doc-$i.es.html
	done
	expect_contains dest/doc-3/doc-3.es.md 'CONSIDERED ITEM 3 OF ITS AGENDA'
	expect_file dest/index.html
	[ "$(report "r['totals']['ok']")" = 5 ] || fail "not 5 ok: $(report "r['totals']")"
	[ "$(report "r['schema']")" = 1 ] || fail "no schema version"
	# 5 documents x 5 segments, the shared sentence sent once: 5*4 + 1 distinct texts
	[ "$(stat texts_translated)" = 21 ] || fail "sent $(stat texts_translated) texts, not 21"
	[ "$(report "r['totals']['mt_texts']")" = 21 ] || fail "mt_texts $(report "r['totals']")"
	expect_contains dest/index.html '<td>ok</td>'
}

t_a_second_run_with_nothing_changed_sends_nothing() {
	start_fake
	make_docs 5
	hx run --in in --out dest --to es --endpoint "$URL" -q
	expect_status 0
	before=$(stat texts_translated)
	hx run --in in --out dest --to es --endpoint "$URL" -q
	expect_status 0
	[ "$(stat texts_translated)" = "$before" ] || fail "the second run sent texts"
	[ "$(report "r['totals']['skipped-unchanged']")" = 5 ] || fail "$(report "r['totals']")"
}

t_an_edited_paragraph_is_all_that_goes_to_mt() {
	start_fake
	make_docs 5
	hx run --in in --out dest --to es --endpoint "$URL" -q
	before=$(stat texts_translated)
	sed -i 's/will meet again on day 2/will meet again next spring/' in/doc-2.md
	hx run --in in --out dest --to es --endpoint "$URL" -q
	expect_status 0
	[ "$(( $(stat texts_translated) - before ))" = 1 ] ||
		fail "sent $(( $(stat texts_translated) - before )) texts for one edited sentence"
	expect_contains dest/doc-2/doc-2.es.md 'WILL MEET AGAIN NEXT SPRING'
	[ "$(report "r['totals']['from_memory']")" = 4 ] || fail "$(report "r['totals']")"
	[ "$(report "r['totals']['skipped-unchanged']")" = 4 ] || fail "$(report "r['totals']")"
}

t_the_memory_prefers_an_imported_human_translation() {
	start_fake
	make_docs 1
	cat > human.tmx <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" datatype="plaintext"
segtype="sentence" adminlang="en" srclang="en" o-tmf="test"/><body>
<tu><tuv xml:lang="en"><seg>All delegations thanked the Secretariat for its support.</seg></tuv>
<tuv xml:lang="es"><seg>Todas las delegaciones agradecieron su apoyo a la Secretaría.</seg></tuv></tu>
</body></tmx>
EOF
	hx tm import human.tmx --tm dest/.hexaglot/tm.sqlite
	expect_status 0
	hx run --in in --out dest --to es --endpoint "$URL" -q
	expect_status 0
	expect_contains dest/doc-1/doc-1.es.md 'Todas las delegaciones agradecieron su apoyo a la Secretaría.'
	# and after a forced run that machine-translates everything else again
	hx run --in in --out dest --to es --endpoint "$URL" -q --force
	expect_contains dest/doc-1/doc-1.es.md 'Todas las delegaciones agradecieron'
}

t_a_removed_document_loses_its_outputs() {
	start_fake
	make_docs 3
	hx run --in in --out dest --to es --endpoint "$URL" -q
	rm in/doc-2.md
	hx run --in in --out dest --to es --endpoint "$URL" -q --keep-removed
	expect_status 0
	expect_file dest/doc-2/doc-2.es.md
	[ "$(report "r['totals']['removed']")" = 1 ] || fail "$(report "r['totals']")"
	hx run --in in --out dest --to es --endpoint "$URL" -q
	expect_status 0
	expect_no_file dest/doc-2
	expect_file dest/doc-1/doc-1.es.md
	report "[d['id'] for d in r['documents'] if d['status'] == 'removed']" | grep -q doc-2 ||
		fail "the report does not say doc-2 was removed"
}

t_a_document_that_fails_does_not_stop_the_batch() {
	start_fake
	make_docs 3
	printf '%%PDF-1.4 binary' > in/broken.pdf
	: > in/empty.txt
	hx run --in in --out dest --to es --endpoint "$URL" -q
	expect_status 1
	expect_file dest/doc-3/doc-3.es.md
	[ "$(report "r['totals']['failed']")" = 2 ] || fail "$(report "r['totals']")"
	[ "$(report "r['documents'][0]['status']")" = failed ] || fail "failures are not first"
	report "r['documents'][0]['error']" | grep -q . || fail "no error message"
	expect_contains dest/index.html 'class="failed"'
}

t_endpoint_down_exits_3_and_the_next_run_finishes() {
	make_docs 2
	hx run --in in --out dest --to es --endpoint http://127.0.0.1:9 --retries 0 -q
	expect_status 3
	expect_file dest/doc-1/doc-1.es.md
	[ "$(report "r['totals']['partial']")" = 2 ] || fail "$(report "r['totals']")"
	start_fake
	hx run --in in --out dest --to es --endpoint "$URL" -q
	expect_status 0
	expect_contains dest/doc-1/doc-1.es.md 'tHE cOMMITTEE'
}

t_a_second_run_while_one_holds_the_lock_exits_75() {
	make_docs 1
	mkdir -p dest/.hexaglot
	flock dest/.hexaglot/lock sleep 5 &
	holder=$!
	sleep 0.3
	hx run --in in --out dest --to es --engine none -q
	kill $holder 2>/dev/null
	wait $holder 2>/dev/null
	expect_status 75
	expect_err 'another hexaglot run holds'
}

t_a_lock_left_by_a_dead_run_is_taken_over() {
	make_docs 1
	mkdir -p dest/.hexaglot
	printf 'pid 999999, started 2026-01-01T00:00:00Z\n' > dest/.hexaglot/lock
	touch dest/stray.html.tmp.Ab12Cd
	hx run --in in --out dest --to es --engine none
	expect_status 3
	expect_err 'took over the lock'
	expect_no_file dest/stray.html.tmp.Ab12Cd
}

t_sigterm_stops_after_a_window_and_a_rerun_finishes() {
	start_fake --latency-ms 200
	make_docs 12
	"$HX" run --in in --out dest --to es --endpoint "$URL" -q --window 2 --concurrency 1 \
		>out.log 2>err &
	pid=$!
	sleep 0.8
	kill -TERM $pid
	wait $pid
	status=$?
	expect_status 143
	python3 -c "import json; assert json.load(open('dest/report.json'))['interrupted']" ||
		fail "the report does not say it was interrupted"
	done_before=$(ls -d dest/doc-*/ 2>/dev/null | wc -l)
	[ "$done_before" -lt 12 ] || fail "nothing was left to do"
	hx run --in in --out dest --to es --endpoint "$URL" -q
	expect_status 0
	[ "$(ls -d dest/doc-*/ | wc -l)" = 12 ] || fail "the rerun did not finish"
}

# Two output folders hold the same outputs, but for the origins the parallel views show:
# the windows decide them (a text repeated in a later window, or sent before a kill, comes
# from the memory as tm-mt; in the same window, from MT).
same_but_origins() {
	diff -r -x .hexaglot -x report.json -x index.html -x '*.parallel.html' "$1" "$2" || return 1
	for f in "$1"/*/*.parallel.html; do
		[ -e "$f" ] || continue
		cmp -s <(sed -E 's/ data-origin="[^"]*"| title="[^"]*"//g' "$f") \
			<(sed -E 's/ data-origin="[^"]*"| title="[^"]*"//g' "$2/${f#"$1"/}") || {
			echo "$2/${f#"$1"/} differs beyond the origins" >&2
			return 1
		}
	done
}

t_sigkill_at_any_point_loses_nothing_and_leaves_no_half_file() {
	start_fake --latency-ms 60
	make_docs 16
	# the reference: one clean run elsewhere
	hx run --in in --out ref --to es --endpoint "$URL" -q --window 2
	expect_status 0
	distinct=$(stat texts_translated)
	# a clean run takes about a second: kill it early, in the middle and late
	for delay in 0.1 0.3 0.5 0.7; do
		rm -rf dest
		before=$(stat texts_translated)
		"$HX" run --in in --out dest --to es --endpoint "$URL" -q --window 2 \
			--concurrency 1 >/dev/null 2>&1 &
		pid=$!
		sleep $delay
		kill -KILL $pid 2>/dev/null
		wait $pid 2>/dev/null
		# no output is ever half-written: every page ends, every JSON parses
		for f in $(find dest -name '*.html' 2>/dev/null); do
			tail -c 8 "$f" | grep -q '</html>' || fail "$f is cut short"
		done
		for f in $(find dest -name '*.json' 2>/dev/null); do
			python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$f" ||
				fail "$f is not whole JSON"
		done
		hx run --in in --out dest --to es --endpoint "$URL" -q --window 2
		expect_status 0
		sent=$(( $(stat texts_translated) - before ))
		# what the killed run stored is not sent again: at most the window it was in
		# (2 documents: 2*4 texts of their own and the shared one) more than a clean run
		[ "$sent" -le $(( distinct + 9 )) ] ||
			fail "killed at ${delay}s: $sent texts sent, a clean run sends $distinct"
		same_but_origins ref dest 2>/dev/null ||
			fail "killed at ${delay}s: the outputs differ from a clean run's"
		[ -z "$(find dest -name '*.tmp.*')" ] || fail "temporary files left: $(find dest -name '*.tmp.*')"
	done
}

t_shards_together_make_exactly_one_runs_outputs() {
	start_fake
	make_docs 12
	hx run --in in --out whole --to es,fr --endpoint "$URL" -q
	expect_status 0
	for k in 0 1 2; do
		hx run --in in --out dest --to es,fr --endpoint "$URL" -q --shard $k/3
		expect_status 0
		expect_file dest/report.shard-$k-of-3.json
	done
	diff -r -x .hexaglot -x 'report*.json' -x 'index*.html' whole dest ||
		fail "three shards do not make the outputs of one run"
	n=0
	for k in 0 1 2; do
		n=$(( n + $(python3 -c "import json; print(len(json.load(open('dest/report.shard-$k-of-3.json'))['documents']))") ))
	done
	[ "$n" = 12 ] || fail "the shards' reports hold $n documents, not 12"
}

t_jobs_do_not_change_the_outputs() {
	start_fake
	make_docs 9
	hx run --in in --out one --to es --endpoint "$URL" -q --jobs 1
	hx run --in in --out four --to es --endpoint "$URL" -q --jobs 4 --window 3
	expect_status 0
	same_but_origins one four || fail "--jobs changed the outputs"
}

t_dry_run_lists_and_changes_nothing() {
	start_fake
	make_docs 3
	hx run --in in --out dest --to es --endpoint "$URL" -q
	sed -i 's/day 1/day one/' in/doc-1.md
	cp -r dest before
	hx run --in in --out dest --to es --endpoint "$URL" --dry-run
	expect_status 0
	expect_out 'would translate'
	expect_out 'doc-1'
	expect_out '1 to translate, 2 unchanged'
	diff -r before dest >/dev/null || fail "--dry-run changed the output folder"
}

t_two_inputs_with_one_id_fail_by_name() {
	make_docs 1
	cp in/doc-1.md in/doc-1.txt
	hx run --in in --out dest --to es --engine none -q
	expect_status 1
	expect_err 'the id'
}

t_run_needs_targets_and_an_input_folder() {
	hx run --in nowhere --out dest --to es
	expect_status 2
	expect_err 'nowhere'
	mkdir in
	hx run --in in --out dest
	expect_status 2
	expect_err '--to'
	hx run --in in --out dest --to es --shard 3/3
	expect_status 2
}
