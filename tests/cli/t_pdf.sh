# Print pages and PDFs: every font embedded (pdffonts), each language's text given back
# (pdftotext), the renderer's timeout, a missing renderer, the [publish] settings.

PUB="$ROOT/tests/fixtures/publish"

# Words of each fixture that its PDF must give back.
words_of() {
	case $1 in
	ar) echo "التنمية المستدامة الساحلية الأمين" ;;
	zh) echo "沿海城市 可持续发展 秘书长 淡水资源" ;;
	en) echo "coastal Secretary-General harbours mangrove" ;;
	fr) echo "côtières Secrétaire inondation mangroves" ;;
	ru) echo "прибрежных Генерального наводнений мангровых" ;;
	es) echo "costeras Secretario inundación manglares" ;;
	esac
}

# A target other than the source, so that a draft is rendered too.
other_of() { [ "$1" = en ] && echo fr || echo en; }

have() { command -v "$1" >/dev/null 2>&1; }

# Skips (true) with a visible message when the tools are missing.
skip_without() {
	for p in "$@"; do
		if ! have "$p"; then
			echo "    SKIP: '$p' is not installed; make check installs it (make deps)" >&2
			return 0
		fi
	done
	return 1
}

# Every font embedded; with no_type3, none of them a Type 3 font.
expect_fonts_embedded() {
	pdffonts "$1" > fonts.txt 2>/dev/null || fail "pdffonts cannot read $1"
	[ "$(tail -n +3 fonts.txt | wc -l)" -gt 0 ] || fail "$1 has no fonts"
	# the columns from the right: emb sub uni object-id generation
	tail -n +3 fonts.txt | awk '$(NF-4) != "yes" { bad = 1 } END { exit bad }' ||
		fail "$1 has a font that is not embedded: $(cat fonts.txt)"
	if [ "${2:-}" = no_type3 ]; then
		grep -q 'Type 3' fonts.txt && fail "$1 has Type 3 fonts: $(cat fonts.txt)"
	fi
	true
}

# pdftotext gives back every word of the language.
expect_words() {
	pdftotext "$1" text.txt 2>/dev/null || fail "pdftotext cannot read $1"
	for w in $(words_of "$2"); do
		grep -qF -- "$w" text.txt || fail "$1: pdftotext lacks '$w': $(head -c 600 text.txt)"
	done
}

producer() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Producer: *//p'; }

# A fake renderer on PATH: run_me is what it does.
fake_renderer() {
	mkdir -p fakebin
	printf '#!/bin/sh\n%s\n' "$2" > "fakebin/$1"
	chmod +x "fakebin/$1"
}

# Translates the fixture of every language, all at once, each in its own folder l/,
# with the PDF options given.
translate_all() {
	for l in ar zh en fr ru es; do
		mkdir -p "$l"
		(cd "$l" && "$HX" translate "$PUB/$l.txt" --from "$l" --to "$(other_of "$l")" \
			--engine none -o o --pdf "$@" >out 2>err; echo $? > status) &
	done
	wait
	for l in ar zh en fr ru es; do
		[ "$(cat "$l/status")" = 3 ] || { cp "$l/err" err; fail "$l: exit status $(cat "$l/status")"; }
	done
}

t_pdf_print_page_has_the_un_print_stylesheet() {
	hx translate "$PUB/en.txt" --from en --to fr --engine none -o o
	expect_status 3
	for f in o/en/en.en.print.html o/en/en.fr.print.html; do
		expect_file "$f"
		expect_contains "$f" 'size: A4'
		expect_contains "$f" 'content: counter(page) "/" counter(pages)'
		expect_contains "$f" '@top-right { content: "A/HX/1/EN"'
		expect_contains "$f" '@bottom-left { content: "26-04321"'
		expect_contains "$f" 'break-after: avoid'
		expect_contains "$f" 'orphans: 2; widows: 2'
		expect_contains "$f" 'float: footnote'
		# the note's text after its call, for the page foot; the section stays for browsers
		expect_contains "$f" 'data-footnote-ref>1</a></sup><span class="print-note"><span class="footnote-label">1</span> The replies are available from the Secretariat.</span>'
		expect_contains "$f" '<li id="fn-1" class="print-moved">'
		expect_contains "$f" '<h2 class="print-moved">Notes</h2>'
	done
	expect_contains o/en/en.fr.print.html 'Machine-translated draft'
	expect_no_file o/en/en.en.pdf
}

t_pdf_print_page_escapes_the_symbol_in_css() {
	printf 'A/HX/1/EN"}</style><script>x</script>\n\nUnited Nations\n\nGeneral Assembly\n\nText of the report.\n' > evil.txt
	hx translate evil.txt --from en --to fr --engine none -o o
	expect_file o/evil/evil.en.print.html
	expect_lacks o/evil/evil.en.print.html '<script>x'
	expect_lacks o/evil/evil.en.print.html '"}</style>'
}

t_pdf_default_engine_all_six_languages() {
	skip_without weasyprint chromium pdffonts pdftotext && return 0
	translate_all
	for l in ar zh en fr ru es; do
		expect_fonts_embedded "$l/o/$l/$l.$l.pdf" no_type3
		expect_words "$l/o/$l/$l.$l.pdf" "$l"
		# the draft (engine none keeps the source text) gets its PDF too
		expect_fonts_embedded "$l/o/$l/$l.$(other_of "$l").pdf" no_type3
	done
	# the workaround: Arabic pages through Chromium, the others through WeasyPrint
	producer ar/o/ar/ar.ar.pdf | grep -q Skia || fail "Arabic PDF not from Chromium: $(producer ar/o/ar/ar.ar.pdf)"
	producer zh/o/zh/zh.zh.pdf | grep -q WeasyPrint || fail "Chinese PDF not from WeasyPrint"
	pdfinfo en/o/en/en.en.pdf | grep -q 'Page size: *595' || fail "not A4: $(pdfinfo en/o/en/en.en.pdf)"
	# the footnotes are at the foot of page 1, with the job number and page x/y
	pdftotext -f 1 -l 1 en/o/en/en.en.pdf page1.txt
	expect_contains page1.txt 'The replies are available from the Secretariat.'
	expect_contains page1.txt '1/1'
	expect_contains page1.txt '26-04321'
	ls ./*/o/*/*.tmp.* 2>/dev/null && fail "temporary files left"
	true
}

t_pdf_weasyprint_arabic_does_not_extract() {
	skip_without weasyprint pdffonts pdftotext && return 0
	hx translate "$PUB/ar.txt" --from ar --to en --engine none -o o --pdf --pdf-engine weasyprint
	expect_status 3
	expect_fonts_embedded o/ar/ar.ar.pdf no_type3
	producer o/ar/ar.ar.pdf | grep -q WeasyPrint || fail "not from WeasyPrint"
	# the measured reason for the default: WeasyPrint 57's Arabic text does not come back
	pdftotext o/ar/ar.ar.pdf text.txt 2>/dev/null
	grep -qF 'التنمية' text.txt &&
		fail "WeasyPrint now extracts Arabic: revisit the default engine (README, Print pages and PDF)"
	true
}

t_pdf_chromium_all_languages_extract_with_type3_cjk() {
	skip_without chromium pdffonts pdftotext && return 0
	translate_all --pdf-engine chromium
	for l in ar zh en fr ru es; do
		if [ "$l" = zh ]; then
			expect_fonts_embedded "$l/o/$l/$l.$l.pdf"
			grep -q 'Type 3' fonts.txt ||
				fail "Chromium's CJK is no longer Type 3: revisit README, Print pages and PDF"
		else
			expect_fonts_embedded "$l/o/$l/$l.$l.pdf" no_type3
		fi
		expect_words "$l/o/$l/$l.$l.pdf" "$l"
		producer "$l/o/$l/$l.$l.pdf" | grep -q Skia || fail "$l: not from Chromium"
	done
	# Chromium draws the margin boxes too: page x/y
	pdftotext en/o/en/en.en.pdf text.txt
	expect_contains text.txt '1/1'
	# and shows the notes at the end, as a browser prints them
	expect_contains text.txt 'The replies are available from the Secretariat.'
}

# Every heading on the page of the start of its text, every table row on one page.
expect_breaks_kept() {
	local pdf=$1 n k i
	n=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
	[ "$n" -gt 3 ] || fail "$pdf: $n pages, too few to test page breaks"
	mkdir -p pages
	for k in $(seq 1 "$n"); do pdftotext -f "$k" -l "$k" "$pdf" - | tr '\n' ' ' > "pages/$k"; done
	page_of() { grep -lF -- "$1" pages/* | head -1; }
	for i in $(seq -w 1 30); do
		[ "$(page_of "Heading $i kept")" = "$(page_of "Start$i ")" ] ||
			fail "$pdf: heading $i is on another page than its text"
	done
	for i in $(seq -w 1 60); do
		[ "$(page_of "RowStart$i ")" = "$(page_of "RowEnd$i")" ] ||
			fail "$pdf: table row $i is split across pages"
	done
	rm -rf pages
}

t_pdf_headings_stay_with_their_text_and_rows_whole() {
	skip_without weasyprint chromium pdftotext && return 0
	# the print stylesheet is what keeps them: the screen page, printed as it is, does not
	for e in weasyprint chromium; do
		mkdir "$e"
		(cd "$e" && "$HX" translate "$PUB/breaks.md" --format markdown --from en --to fr \
			--engine none -o o --pdf --pdf-engine "$e" -q; echo $? > status) &
	done
	wait
	for e in weasyprint chromium; do
		[ "$(cat "$e/status")" = 3 ] || fail "$e: exit status $(cat "$e/status")"
		expect_breaks_kept "$e/o/breaks/breaks.en.pdf"
	done
	weasyprint weasyprint/o/breaks/breaks.en.html screen.pdf 2>/dev/null
	(expect_breaks_kept screen.pdf) 2>/dev/null &&
		fail "the screen page keeps them too: this test no longer tells anything"
	true
}

t_pdf_timeout_kills_the_renderer_and_its_children() {
	fake_renderer weasyprint "sleep 300 & echo \$! > '$PWD/child.pid'; wait"
	mkdir tmp
	PATH="$PWD/fakebin:$PATH" TMPDIR="$PWD/tmp" \
		hx translate "$PUB/en.txt" --from en --to fr --engine none -o o --pdf \
		--pdf-engine weasyprint --pdf-timeout 1
	expect_status 4
	expect_err "did not finish within 1 s, so its process group was killed"
	expect_err "o/en/en.en.pdf"
	expect_file o/en/en.en.print.html
	expect_file o/en/en.fr.md
	expect_no_file o/en/en.en.pdf
	expect_file child.pid
	sleep 0.2
	# a zombie is dead (a container's init may not reap it)
	case $(ps -o stat= -p "$(cat child.pid)" 2>/dev/null) in
	"" | Z*) ;;
	*) kill "$(cat child.pid)"; fail "the renderer's child survived" ;;
	esac
	[ -z "$(ls tmp)" ] || fail "temporary folder left: $(ls tmp)"
	ls o/en/*.tmp.* 2>/dev/null && fail "temporary PDF left"
	true
}

t_pdf_renderer_failure_is_reported_with_its_message() {
	fake_renderer weasyprint "echo 'ERROR: something broke' >&2; exit 3"
	PATH="$PWD/fakebin:$PATH" hx translate "$PUB/en.txt" --from en --to fr --engine none -o o \
		--pdf --pdf-engine weasyprint
	expect_status 4
	expect_err "weasyprint exited with status 3: ERROR: something broke"
	expect_file o/en/en.fr.print.html
	expect_no_file o/en/en.en.pdf
}

t_pdf_renderer_gets_an_argument_vector_and_a_private_home() {
	# the fake records its arguments one a line, its folder and HOME, then writes a PDF
	fake_renderer weasyprint "for a in \"\$@\"; do echo \"arg:\$a\"; done >> '$PWD/args'; echo \"cwd:\$(pwd)\" >> '$PWD/args'; echo \"home:\$HOME\" >> '$PWD/args'; printf '%%PDF-1.7 fake' > \"\$4\""
	cp "$PUB/en.txt" 'a b;$(x).txt'
	PATH="$PWD/fakebin:$PATH" hx translate 'a b;$(x).txt' --from en --to fr --engine none \
		-o o --pdf --pdf-engine weasyprint
	expect_status 3
	expect_file o/a-b-x/a-b-x.en.pdf
	grep -q '^arg:/.*/o/a-b-x/a-b-x.en.print.html$' args &&
		grep -q '^arg:/.*/o/a-b-x/a-b-x.en.pdf.tmp.[A-Za-z0-9]*$' args || fail "no absolute page path: $(cat args)"
	grep -q '^cwd:/.*hexaglot-pdf-' args || fail "not run in a private folder: $(cat args)"
	grep -q '^home:/.*hexaglot-pdf-' args || fail "HOME not private: $(cat args)"
}

t_pdf_missing_renderer_writes_everything_else() {
	PATH=/nonexistent hx translate "$PUB/en.txt" --from en --to fr --engine none -o o --pdf
	expect_status 4
	expect_err "no PDF renderer: neither 'weasyprint' nor 'chromium' is on PATH"
	expect_err "writing the other outputs"
	[ "$(grep -c 'no PDF renderer' err)" = 1 ] || fail "the message is not said once"
	expect_file o/en/en.en.print.html
	expect_file o/en/en.fr.html
	expect_no_file o/en/en.en.pdf
	PATH=/nonexistent hx translate "$PUB/en.txt" --from en --to fr --engine none -o o \
		--pdf --pdf-engine chromium
	expect_status 4
	expect_err "'chromium' is not on PATH"
}

t_pdf_publish_section_of_the_configuration() {
	fake_renderer weasyprint "sleep 30"
	printf '[publish]\npdf = yes\npdf-engine = weasyprint\npdf-timeout = 1\n' > c.conf
	PATH="$PWD/fakebin:$PATH" hx translate "$PUB/en.txt" --from en --to fr --engine none -o o \
		--config c.conf
	expect_status 4
	expect_err "weasyprint did not finish within 1 s"
	printf '[publish]\npdf-engine = prince\n' > bad.conf
	hx translate "$PUB/en.txt" --from en --to fr --engine none -o o --config bad.conf
	expect_status 2
	expect_err "bad.conf:2: unknown PDF engine 'prince'"
	hx translate "$PUB/en.txt" --to fr --pdf-engine prince
	expect_status 2
	expect_err "unknown PDF engine"
}

t_pdf_run_lists_pdfs_and_retries_without_a_renderer() {
	skip_without weasyprint && return 0
	mkdir in
	cp "$PUB/fr.txt" in/
	PATH=/nonexistent hx run --in in --out out-dir --to es --engine none --pdf --pdf-engine weasyprint -q
	expect_status 4
	expect_err "no PDF renderer"
	expect_file out-dir/fr/fr.fr.print.html
	expect_no_file out-dir/fr/fr.fr.pdf
	# installed now: the next run does the document again, PDFs and all
	hx run --in in --out out-dir --to es --engine none --pdf --pdf-engine weasyprint -q
	expect_status 3
	expect_file out-dir/fr/fr.fr.pdf
	expect_file out-dir/fr/fr.es.pdf
	expect_contains out-dir/report.json '"fr/fr.fr.pdf"'
	expect_contains out-dir/report.json '"fr/fr.es.print.html"'
}
