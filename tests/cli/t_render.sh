# The render stage through `hexaglot convert --html`: a standalone, safe, well-formed page.

FIX="$ROOT/tests/fixtures/render"

t_convert_html_writes_a_standalone_page() {
	hx convert "$FIX/report.md" --format markdown --from en --html out.html -o out.md
	expect_status 0
	expect_file out.html
	expect_file out.md
	head -1 out.html | grep -qxF '<!DOCTYPE html>' || fail "page does not start with the doctype"
	expect_contains out.html '<html lang="en" dir="ltr">'
	expect_contains out.html '<meta charset="utf-8">'
	# the title is the document's first heading (the metadata's title)
	expect_contains out.html '<title>Recommendations on working with local and regional authorities</title>'
	expect_contains out.html '<table>'
	expect_contains out.html '<section class="footnotes"'
	expect_contains out.html '<p>46. Collaboration'
	expect_lacks out.html '<script'
	[ "$(tail -c 1 out.html | od -An -c | tr -d ' ')" = '\n' ] || fail "page lacks a final newline"
}

t_convert_html_from_arabic_is_right_to_left() {
	hx convert "$FIX/report.ar.md" --format markdown --from ar --html out.html
	expect_status 0
	expect_contains out.html '<html lang="ar" dir="rtl">'
	expect_contains out.html 'Noto Naskh Arabic'
	expect_contains out.html '<table>'
}

t_convert_html_to_unwritable_path_fails_and_names_it() {
	printf 'Text.\n' > in.md
	hx convert in.md --format markdown --from en --html no-such-dir/out.html
	expect_status 1
	expect_err "no-such-dir/out.html"
	hx convert in.md --format markdown --from en --html in.md/out.html
	expect_status 1
	expect_err "in.md/out.html"
}

t_convert_html_loads_no_outside_resources() {
	printf '![logo](https://example.org/logo.png)\n\n[undocs](https://undocs.org/en/A/79/968)\n' > in.md
	hx convert in.md --format markdown --from en --html out.html
	expect_status 0
	grep -qiE '<(link|script|iframe|object|embed)[ >]' out.html && fail "page has an outside resource tag"
	grep -qiE '<img[^>]*src="([a-z]+:)?//' out.html && fail "page loads an outside image"
	grep -qiE '@import|url\(' out.html && fail "stylesheet loads something"
	expect_contains out.html '<a href="https://undocs.org/en/A/79/968">'
}

t_convert_html_is_deterministic() {
	hx convert "$FIX/report.md" --format markdown --from en --html one.html
	expect_status 0
	hx convert "$FIX/report.md" --format markdown --from en --html two.html
	expect_status 0
	cmp -s one.html two.html || fail "two runs gave different pages"
}

t_convert_html_is_well_formed_for_xmllint() {
	if ! command -v xmllint >/dev/null; then
		echo "    skip: xmllint not installed (Debian package libxml2-utils)" >&2
		return 0
	fi
	for f in report.md report.ar.md; do
		hx convert "$FIX/$f" --format markdown --from en --html out.html
		expect_status 0
		xmllint --html --noout out.html 2>lint || fail "xmllint failed on the page of $f"
		# libxml2's HTML 4 parser does not know the HTML5 elements; anything else is a fault
		if grep 'error' lint | grep -vE 'Tag (header|main|section|bdi|time) invalid' >&2; then
			fail "xmllint found errors in the page of $f"
		fi
	done
}

t_convert_html_footnote_calls_show_their_labels() {
	printf 'A late note[^*] before the first[^1] and the second[^2].\n\nAnother star[^*2] here.\n\n' > in.md
	printf '[^1]: One.\n\n[^2]: Two.\n\n[^*]: Star.\n\n[^*2]: Second star.\n' >> in.md
	hx convert in.md --format markdown --from en --html out.html
	expect_status 0
	[ "$(grep -o 'data-footnote-ref>[^<]*<' out.html | tr -d '\n')" = \
		'data-footnote-ref>*<data-footnote-ref>1<data-footnote-ref>2<data-footnote-ref>*<' ] ||
		fail "calls do not show *, 1, 2, *"
	[ "$(grep -o '<span class="footnote-label">[^<]*<' out.html | sed 's/.*>//' | tr -d '\n<')" = '*12*' ] ||
		fail "the footnotes list does not show *, 1, 2, *"
	expect_contains out.html '<li id="fn-*2">'
	expect_lacks out.html '[^'
}

t_convert_html_of_a_long_document_keeps_every_paragraph() {
	awk 'BEGIN {
		for (i = 1; i <= 2000; i++) {
			printf "Paragraph %d of the report", i
			if (i % 100 == 1) printf "[^%d]", (i - 1) / 100 + 1
			if (i == 2000) printf "[^1]"
			printf ", with enough words to make the document long enough for several chunks.\n\n"
		}
		for (j = 1; j <= 20; j++) printf "[^%d]: Note %d.\n\n", j, j
	}' > in.md
	[ "$(wc -c < in.md)" -gt 196608 ] || fail "the document is not longer than three chunks"
	hx convert in.md --format markdown --from en --html out.html
	expect_status 0
	[ "$(sed -n '/<main>/,/<section/p' out.html | grep -o '<p>' | wc -l)" = 2000 ] ||
		fail "the page does not have 2000 paragraphs"
	[ "$(grep -c '<section class="footnotes"' out.html)" = 1 ] || fail "not one footnotes section"
	[ "$(grep -o '<li id="fn-[0-9]*">' out.html | tr -dc '0-9\n' | tr '\n' ' ')" = \
		"$(seq 1 20 | tr '\n' ' ')" ] || fail "footnotes missing, repeated or out of order"
	expect_contains out.html 'id="fnref-1-2" data-footnote-ref>1</a>'
	expect_contains out.html '<a href="#fnref-1-2" class="footnote-backref"'
	expect_lacks out.html '<script'
}
