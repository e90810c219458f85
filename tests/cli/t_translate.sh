# hexaglot translate against the project's fake MT server on 127.0.0.1: every
# segment back in its place, pivots, deduplication, faults, engines, keys.

FAKE="$ROOT/tests/support/fake_mt.sh"

# start_fake [fake-mt options]: sets URL; the server is stopped when the test ends
start_fake() {
	URL=$(bash "$FAKE" start fake "$@") || fail "the fake MT server did not start"
	trap 'bash "$FAKE" stop fake >/dev/null 2>&1' EXIT
}

stat() { # stat NAME: a number from GET /_stats
	curl -s "$URL/_stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"
}

# A document with markup, a symbol, a footnote and a repeated sentence.
write_doc() {
	cat > report.md <<'EOF'
# Report of the Secretary-General

1\. The Assembly adopted resolution [A/RES/67/290](https://undocs.org/en/A/RES/67/290). It
welcomed the *report* of the Secretary-General.[^1]

2\. The Assembly adopted resolution [A/RES/67/290](https://undocs.org/en/A/RES/67/290).

[^1]: See the annex.
EOF
}

t_translates_into_spanish_with_every_segment_in_its_place() {
	start_fake
	write_doc
	hx translate report.md --to es --endpoint "$URL" -o dest
	expect_status 0
	expect_file dest/report/report.es.md
	expect_file dest/report/report.es.html
	expect_file dest/report/report.en.md
	expect_contains dest/report/report.es.md '# \[spa\] rEPORT OF THE sECRETARY-gENERAL'
	expect_contains dest/report/report.es.md '1\. \[spa\] tHE aSSEMBLY ADOPTED RESOLUTION [A/RES/67/290](https://undocs.org/es/A/RES/67/290).'
	expect_contains dest/report/report.es.md '\[spa\] iT WELCOMED THE *REPORT* OF THE sECRETARY-gENERAL.[^1]'
	expect_contains dest/report/report.es.md '[^1]: \[spa\] sEE THE ANNEX.'
	expect_contains dest/report/report.es.html 'lang="es"'
	expect_contains dest/report/report.es.html 'Machine-translated draft'
	expect_err 'report.md -> es: 5 segments, 5 translated'
}

t_pivots_through_spanish_for_a_pair_the_engine_lacks() {
	start_fake
	write_doc
	hx translate report.md --to fr --endpoint "$URL" -o dest
	expect_status 0
	# en->es then es->fr: the case is swapped twice, the tags added once each
	expect_contains dest/report/report.fr.md '# \[fra\] \[SPA\] Report of the Secretary-General'
	expect_err 'translated through a pivot'
	expect_contains dest/report/report.fr.html 'through a pivot'
	python3 - dest/report/report.meta.json <<'PY' || fail "the metadata does not record the pivot"
import json, sys
t = json.load(open(sys.argv[1]))["translations"]["fr"]
assert t["pivoted"] is True and t["engine"] == "apertium", t
assert t["segments"] == 5 and t["untranslated"] == 0, t
PY
}

t_verbose_gives_each_stages_time() {
	start_fake
	write_doc
	hx translate report.md --to es --endpoint "$URL" -o dest -v
	expect_status 0
	grep -Eq 'report.md: decode [0-9]+ ms, convert [0-9]+ ms, segment [0-9]+ ms, terms [0-9]+ ms, translate [0-9]+ ms, restore [0-9]+ ms, qa [0-9]+ ms, render [0-9]+ ms' err ||
		fail "no stage times with -v"
	hx translate report.md --to es --endpoint "$URL" -o dest
	expect_no_err 'decode '
}

t_sends_each_distinct_sentence_once() {
	start_fake
	write_doc
	hx translate report.md --to es --endpoint "$URL" -o dest
	expect_status 0
	# 5 segments, two of them the same sentence
	[ "$(stat texts_translated)" = 4 ] || fail "sent $(stat texts_translated) texts, not 4"
}

t_loses_no_segment_when_the_endpoint_misbehaves() {
	start_fake --fail-5xx 0.2 --fail-timeout 0.05 --timeout-sleep-ms 3000 \
		--fail-malformed 0.05 --seed 7
	for i in $(seq 500); do printf '%d\\. Sentence number %d of the long report.\n\n' "$i" "$i"; done \
		> long.md
	hx translate long.md --to es --endpoint "$URL" -o dest --timeout 1 --retries 8
	expect_status 0
	for i in 1 250 500; do
		expect_contains dest/long/long.es.md "$i\\. \\[spa\\] sENTENCE NUMBER $i OF THE LONG REPORT."
	done
	[ "$(grep -c 'sENTENCE NUMBER' dest/long/long.es.md)" = 500 ] || fail "not 500 sentences"
	[ "$(grep -c '^[0-9]*\\. ' dest/long/long.es.md)" = 500 ] || fail "paragraphs lost or doubled"
	paste -d' ' <(grep -o '^[0-9]*' dest/long/long.es.md) \
		<(grep -o 'NUMBER [0-9]*' dest/long/long.es.md | cut -d' ' -f2) |
		awk '$1 != $2 { exit 1 }' || fail "a sentence came back in another paragraph"
}

# APy translates a request in chunks (4096 bytes while at most two requests share
# its pipeline, 1000 characters when more do); a request stays within one chunk.
t_fills_apys_chunks_and_stays_within_them() {
	start_fake --apy-truncate-chars 4096
	for i in $(seq 300); do
		printf '%d\\. The Committee noted with concern the report number %04d on the protection of civilians in armed conflict.\n\n' "$i" "$i"
	done > long.md
	hx translate long.md --to es --endpoint "$URL" -o dest
	expect_status 0
	[ "$(grep -c 'REPORT NUMBER' dest/long/long.es.md)" = 300 ] || fail "not 300 sentences"
	local bytes requests
	bytes=$(grep -o 'The Committee.*conflict\.' long.md | awk '{ n += length($0) + 7 } END { print n }')
	requests=$(curl -s "$URL/_stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["by_route"]["apy_translate"])')
	# full chunks: no more requests than the bytes need, give or take a text per request
	[ "$requests" -ge $(((bytes + 4095) / 4096)) ] && [ "$requests" -le $((bytes / 3900 + 1)) ] ||
		fail "$requests requests for $bytes bytes"
	[ "$(curl -s "$URL/_stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["by_outcome"]["apy_truncated"])')" = 0 ] ||
		fail "a request was longer than the chunk"
	# more in flight: 1000 characters a request, and nothing truncated either
	bash "$FAKE" stop fake >/dev/null
	start_fake --apy-truncate-chars 1000
	hx translate long.md --to es --endpoint "$URL" -o dest2 --concurrency 4
	expect_status 0
	[ "$(grep -c 'REPORT NUMBER' dest2/long/long.es.md)" = 300 ] || fail "not 300 sentences at 4 in flight"
	[ "$(curl -s "$URL/_stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["by_outcome"]["apy_truncated"])')" = 0 ] ||
		fail "a request was longer than 1000 characters at 4 in flight"
}

t_keeps_the_source_and_exits_3_when_the_endpoint_is_down() {
	write_doc
	hx translate report.md --to es --endpoint http://127.0.0.1:9 -o dest --retries 1
	expect_status 3
	expect_file dest/report/report.es.md
	expect_contains dest/report/report.es.md 'The Assembly adopted resolution'
	expect_contains dest/report/report.es.html 'left in English'
	expect_err '5 left in English'
	expect_err 'Failed to connect'
	python3 - dest/report/report.meta.json <<'PY' || fail "the metadata does not record the failure"
import json, sys
t = json.load(open(sys.argv[1]))["translations"]["es"]
assert t["untranslated"] == 5, t
assert "Failed to connect" in t["error"], t
PY
}

t_reports_the_endpoints_own_error_message() {
	start_fake --fail-all-status 503
	write_doc
	hx translate report.md --to es --endpoint "$URL" -o dest --retries 0
	expect_status 3
	expect_err '503'
}

t_sends_a_segment_alone_when_its_placeholders_come_back_wrong() {
	start_fake --fail-drop-placeholder 0.3 --seed 3
	write_doc
	hx translate report.md --to es --endpoint "$URL" -o dest
	expect_contains dest/report/report.es.md '[A/RES/67/290](https://undocs.org/es/A/RES/67/290)'
	# nothing half-restored: every placeholder either came back or the segment kept its source
	expect_lacks dest/report/report.es.md 'x id='
}

t_refuses_a_response_over_the_cap() {
	start_fake --huge-response-mb 100
	write_doc
	hx translate report.md --to es --endpoint "$URL" -o dest --retries 0
	expect_status 3
	expect_err 'exceeds'
}

t_speaks_libretranslate() {
	start_fake
	write_doc
	hx translate report.md --to es,ar --engine libretranslate --endpoint "$URL" -o dest
	expect_status 0
	expect_contains dest/report/report.es.md '\[es\] tHE aSSEMBLY'
	expect_contains dest/report/report.ar.md '\[ar\] tHE aSSEMBLY'
	expect_contains dest/report/report.ar.html 'dir="rtl"'
}

t_speaks_deepl_with_a_key_from_the_environment() {
	start_fake --api-key sekrit-key-1234
	write_doc
	HEXAGLOT_API_KEY=sekrit-key-1234 hx translate report.md --to zh --engine deepl \
		--endpoint "$URL" -o dest
	expect_status 0
	expect_contains dest/report/report.zh.md 'tHE aSSEMBLY'
	grep -rq sekrit dest err && fail "the API key reached an output or the log"
	true
}

t_reads_the_key_from_a_key_file_and_never_shows_it() {
	start_fake --api-key sekrit-key-1234
	write_doc
	printf 'wrong-key-5678\n' > key
	hx translate report.md --to zh --engine deepl --endpoint "$URL" -o dest --key-file key
	expect_status 3
	grep -rq 'wrong-key-5678' dest err && fail "the API key reached an output or the log"
	printf 'sekrit-key-1234\n' > key
	hx translate report.md --to zh --engine deepl --endpoint "$URL" -o dest --key-file key
	expect_status 0
}

t_speaks_openai_compatible_chat_completions() {
	start_fake
	write_doc
	hx translate report.md --to ru --engine openai --endpoint "$URL" -o dest
	expect_status 0
	expect_contains dest/report/report.ru.md 'tHE aSSEMBLY'
}

t_engine_none_copies_the_source_marked_untranslated() {
	write_doc
	hx translate report.md --to es --engine none -o dest
	expect_status 3
	expect_contains dest/report/report.es.md 'The Assembly adopted'
	expect_err "engine 'none'"
}

t_reads_engines_and_pairs_from_a_config_file() {
	start_fake
	write_doc
	cat > hexaglot.conf <<EOF
[engine libre]
type = libretranslate
endpoint = $URL

[engine apy]
type = apertium
endpoint = $URL

[pairs]
default = apy
en-ar = libre
EOF
	hx translate report.md --to es,ar -o dest
	expect_status 0
	expect_contains dest/report/report.es.md '\[spa\] tHE'
	expect_contains dest/report/report.ar.md '\[ar\] tHE'
}

t_rejects_a_bad_config_naming_the_line() {
	write_doc
	printf '[engine x]\ntype = apertium\nretries = many\n' > bad.conf
	hx translate report.md --to es --config bad.conf
	expect_status 2
	expect_err 'bad.conf:3'
}

t_needs_target_languages() {
	write_doc
	hx translate report.md
	expect_status 2
	expect_err '--to'
}

t_the_shipped_example_config_reads_cleanly() {
	hx engines --config "$ROOT/hexaglot.conf.example"
	expect_status 0
	expect_out 'libre        type libretranslate'
	expect_out 'es -> ar: libre'
	write_doc
	# its [run] languages are the targets when --to is not given; nothing listens on 1
	sed 's|http://127.0.0.1:2737|http://127.0.0.1:1|' "$ROOT/hexaglot.conf.example" > c.conf
	hx translate report.md --config c.conf --retries 0 -o dest
	expect_status 3
	expect_file dest/report/report.es.md
	expect_file dest/report/report.fr.md
}
