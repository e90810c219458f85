# The published pages of `hexaglot translate` and `hexaglot run`: per-language pages and
# the parallel view, their contract (README, "Published pages"), and hostile input from
# the source or the MT endpoint never reaching an output raw.

FAKE="$ROOT/tests/support/fake_mt.sh"
FIX="$ROOT/tests/golden/hostile"
CHECK="$ROOT/tests/golden/check_pages.py"

start_fake() {
	URL=$(bash "$FAKE" start fake "$@") || fail "the fake MT server did not start"
	trap 'bash "$FAKE" stop fake >/dev/null 2>&1' EXIT
}

# The hostile endpoint (tests/golden/hostile/hostile_apy.py); stopped by its PID.
start_hostile() {
	python3 "$FIX/hostile_apy.py" port >hostile.log 2>&1 &
	HOSTILE_PID=$!
	trap 'kill $HOSTILE_PID 2>/dev/null; wait $HOSTILE_PID 2>/dev/null' EXIT
	for _ in $(seq 100); do [ -s port ] && break; sleep 0.1; done
	[ -s port ] || fail "the hostile endpoint did not start"
	URL="http://127.0.0.1:$(cat port)"
}

write_doc() {
	cat > report.md <<'EOF2'
# Report of the Committee

1\. The Committee *took note of the report. It welcomed* the progress made since
[A/RES/64/292](https://undocs.org/en/A/RES/64/292).[^1]

2\. Delegations raised two points:

- access to drinking water;
- the cost of desalination.

[^1]: See the annex.
EOF2
}

# no_raw_hostile DIR: no output in DIR carries a script, an event handler or a script link
no_raw_hostile() {
	python3 "$CHECK" --source "$2" "$1"/*/ 2>check.err || { cat check.err >&2; fail "check_pages.py: $(head -3 check.err)"; }
	for f in $(find "$1" -name '*.html'); do
		grep -qiE '<[a-z][^>]*[[:space:]]on[a-z]+=' "$f" && fail "$f has an event handler attribute"
		grep -qiE '(href|src)="[[:space:]]*javascript:' "$f" && fail "$f links to a script"
		[ "$(grep -oi '<script' "$f" | wc -l)" -le 1 ] || fail "$f has more than its own script"
		grep -qiE '<(iframe|object|embed)' "$f" && fail "$f embeds something"
	done
	true
}

t_translate_writes_pages_and_a_parallel_view_that_keep_the_contract() {
	start_fake
	write_doc
	hx translate report.md --from en --to all --endpoint "$URL" -o dest
	expect_status 3 # ar, zh and ru have no pair on the fake APy: left untranslated
	for f in en ar zh fr ru es; do expect_file "dest/report/report.$f.html"; done
	expect_file dest/report/report.parallel.html
	python3 "$CHECK" --source en dest/report/ 2>check.err || fail "$(head -5 check.err)"
	expect_contains dest/report/report.es.html '<main lang="es-x-mtfrom-en">'
	expect_contains dest/report/report.en.html '<h1 id="p-1">Report of the Committee</h1>'
	expect_contains dest/report/report.es.html 'by apertium, on <time datetime="'
	expect_contains dest/report/report.es.html '<a hreflang="en" lang="en" href="report.en.html">English</a>'
	expect_contains dest/report/report.parallel.html '<table class="parallel">'
	expect_contains dest/report/report.parallel.html '<td data-lang="ar" lang="ar" dir="rtl">'
	# MT where the fake has a pair; the others marked, with the reason as the title
	grep -q '<td data-lang="es"[^>]*><p>1. <span class="seg" data-seg="1" data-origin="mt" tabindex="0"' \
		dest/report/report.parallel.html || fail "the Spanish segment is not marked as MT"
	grep -q '<span class="seg untranslated" data-seg="1" data-origin="source-fallback" tabindex="0" lang="en" dir="auto" title="[^"]*The endpoint said: [^"]' \
		dest/report/report.parallel.html || fail "the untranslated segment lacks its mark or reason"
	# on a draft's page, what is left in the source language says so, in its language
	expect_contains dest/report/report.ar.html '<h1 id="p-1"><span class="untranslated" lang="en" dir="auto" title="Left in English: '
	expect_lacks dest/report/report.es.html '<span class="untranslated"'
	# footnote calls in the view: superscripts, no links or ids repeated in every cell
	expect_contains dest/report/report.parallel.html '.<sup class="footnote-ref">1</sup></span></p></td>'
	expect_lacks dest/report/report.parallel.html 'fnref-'
	# the sentence break inside the emphasis: both spans well nested, the em split in two
	grep -q '<em>TOOK NOTE OF THE REPORT. </em></span><span class="seg" data-seg="2" data-origin="mt" tabindex="0"[^>]*><em>\[spa\] iT WELCOMED</em>' \
		dest/report/report.parallel.html || fail "segments inside the emphasis are not split cleanly"
}

t_the_switcher_script_is_allowed_by_its_hash_and_convert_pages_carry_none() {
	start_fake
	write_doc
	hx translate report.md --from en --to es --endpoint "$URL" -o dest
	expect_status 0
	hash=$(python3 -c '
import base64, hashlib, re, sys
t = open(sys.argv[1]).read()
s = re.search(r"<script>(.*?)</script>", t, re.S).group(1)
print(base64.b64encode(hashlib.sha256(s.encode()).digest()).decode())' dest/report/report.es.html)
	expect_contains dest/report/report.es.html "content=\"default-src 'none'; script-src 'sha256-$hash'; style-src"
	hx convert report.md --from en --html page.html
	expect_status 0
	expect_lacks page.html 'script-src'
	expect_lacks page.html '<script'
	expect_lacks page.html 'id="p-'
}

t_arabic_pages_isolate_symbols_urls_and_latin_names() {
	printf '# تقرير اللجنة\n\n1\\. اتخذت اللجنة القرار [A/RES/64/292](https://undocs.org/ar/A/RES/64/292) بشأن برنامج UN-Water &amp; غيره.\n' > ar.md
	hx translate ar.md --from ar --format markdown --to en --engine none -o dest
	expect_status 3
	expect_contains dest/ar/ar.ar.html '<html lang="ar" dir="rtl">'
	expect_contains dest/ar/ar.ar.html '<bdi dir="ltr">A/RES/64/292</bdi></a>'
	expect_contains dest/ar/ar.ar.html '<bdi dir="ltr">UN-Water</bdi> &amp; غيره'
	expect_contains dest/ar/ar.parallel.html '<td data-lang="ar" lang="ar" dir="rtl">'
	# the English draft of the same text is not touched
	expect_lacks dest/ar/ar.en.html '<bdi dir="ltr">UN-Water'
	python3 "$CHECK" --source ar dest/ar/ 2>check.err || fail "$(head -5 check.err)"
}

t_hostile_markdown_reaches_no_page_raw() {
	start_fake
	hx translate "$FIX/hostile.md" --from en --to es,fr,ar --endpoint "$URL" -o dest
	[ "$status" = 0 ] || [ "$status" = 3 ] || fail "exit status $status"
	no_raw_hostile dest en
	# the forged mark in the text stays text: no id or span comes of it
	expect_lacks dest/hostile/hostile.es.html 'id="p-1048576"'
	[ "$(grep -o 'id="p-' dest/hostile/hostile.en.html | wc -l)" = 4 ] || fail "forged or lost anchors"
	# the drafts' Markdown (checked by check_pages.py too) has them as escaped text only
	expect_contains dest/hostile/hostile.es.md '\<img src="x" onerror="alert(3)"\>'
	expect_contains dest/hostile/hostile.es.md '![logo]()'
	expect_contains dest/hostile/hostile.es.html '&lt;img src=&quot;x&quot; onerror=&quot;alert(3)&quot;&gt;'
	true
}

t_hostile_html_reaches_no_page_raw() {
	start_fake
	hx translate "$FIX/hostile.html" --from en --to es,ar --endpoint "$URL" -o dest
	[ "$status" = 0 ] || [ "$status" = 3 ] || fail "exit status $status"
	no_raw_hostile dest en
	# the hostile text is there in its escaped form only
	expect_contains dest/hostile/hostile.en.html '&lt;script&gt;alert(5)&lt;/script&gt;'
	for f in dest/hostile/*.html; do
		grep -qiE '<script>alert|<img src|<iframe|(href|src)="javascript:' "$f" &&
			fail "$f keeps hostile input raw"
	done
	true
}

t_hostile_mt_output_reaches_no_output_raw() {
	start_hostile
	write_doc
	hx translate report.md --from en --to es,ar --endpoint "$URL" -o dest
	expect_status 0
	expect_file dest/report/report.es.html
	no_raw_hostile dest en
	# what the endpoint sent is there, as text
	expect_contains dest/report/report.es.html '&lt;script&gt;alert(2)&lt;/script&gt;'
	for f in dest/report/*.html; do
		grep -qiE '<script>alert|<img src=x|<b onmouseover|(href|src)="javascript:' "$f" &&
			fail "$f keeps MT output raw"
	done
	grep -qE '(^|[^\\])(<script|<img|<b )' dest/report/report.es.md && fail "raw HTML in the draft"
	# forged marks became U+FFFD: no extra anchors, no spans
	[ "$(grep -o 'id="p-' dest/report/report.es.html | wc -l)" = "$(grep -o 'id="p-' dest/report/report.en.html | wc -l)" ] ||
		fail "the MT output forged anchors"
	expect_contains dest/report/report.es.html '�⸱ ⸱�'
	n=$(grep -o 'class="seg[ "]' dest/report/report.parallel.html | wc -l)
	k=$(grep -o 'data-seg="[0-9]*" data-origin="none"' dest/report/report.parallel.html | wc -l)
	[ "$n" = $((3 * k)) ] || fail "the MT output forged segment spans: $n spans for $k segments"
	true
}

t_run_lists_the_parallel_view_and_removes_it_with_its_document() {
	start_fake
	mkdir in
	write_doc
	cp report.md in/a.md
	cp report.md in/b.md
	hx run --in in --out dest --to es -q --endpoint "$URL"
	expect_status 0
	expect_file dest/a/a.parallel.html
	python3 -c '
import json, sys
r = json.load(open("dest/report.json"))
outs = [o for d in r["documents"] for o in d["outputs"]]
sys.exit(0 if "a/a.parallel.html" in outs and "b/b.parallel.html" in outs else 1)' ||
		fail "report.json does not list the parallel views"
	rm in/b.md
	hx run --in in --out dest --to es -q --endpoint "$URL"
	expect_status 0
	expect_no_file dest/b/b.parallel.html
	python3 "$CHECK" --source en dest/a/ 2>check.err || fail "$(head -5 check.err)"
}

t_published_pages_are_well_formed_for_xmllint() {
	if ! command -v xmllint >/dev/null; then
		echo "    skip: xmllint not installed (Debian package libxml2-utils)" >&2
		return 0
	fi
	for f in "$ROOT"/tests/golden/publish-*/expected/*.html; do
		xmllint --html --noout "$f" 2>lint || fail "xmllint failed on $f"
		# libxml2's HTML 4 parser does not know the HTML5 elements; anything else is a fault
		if grep 'error' lint | grep -vE 'Tag (header|main|section|bdi|time|nav|details|summary) invalid' >&2; then
			fail "xmllint found errors in $f"
		fi
	done
}
