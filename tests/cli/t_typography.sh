# Target-language typography in the drafts: hexaglot translates an English document
# through the fake MT server (which swaps the case of ASCII letters and keeps
# everything else, punctuation included), and each draft's .md and .html carry
# its language's rules while the source and the translation memory keep the
# text as it was.

FAKE="$ROOT/tests/support/fake_mt.sh"
NBSP=$'\u00a0'
NNBSP=$'\u202f'

start_fake() {
	URL=$(bash "$FAKE" start fake "$@") || fail "the fake MT server did not start"
	trap 'bash "$FAKE" stop fake >/dev/null 2>&1' EXIT
}

# Quotes, ; : ? ! after words, a number and a symbol; Han and Arabic words the fake keeps.
write_doc() {
	cat > typo.md <<'EOF'
# Questions and "answers"

1\. Why did the meeting start at 10:30? It counted 2,400,000 votes; see
[A/RES/67/290](https://undocs.org/en/A/RES/67/290): the "final" text!

2\. The name 联合国 , 大会 (UN) decided 大会 通过.

3\. Arabic words هل هذا صحيح? أولا, ثانيا; ثالثا.
EOF
}

t_french_draft_has_no_break_spaces_and_guillemets() {
	start_fake
	write_doc
	hx translate typo.md --from en --to fr --engine libretranslate --endpoint "$URL" -o dest
	expect_status 0
	md=dest/typo/typo.fr.md
	expect_contains $md "# \[fr\] qUESTIONS AND «${NBSP}ANSWERS${NBSP}»"
	# after a number's placeholder, after a word, after a symbol's link
	expect_contains $md "START AT 10:30${NNBSP}? \[fr\] iT COUNTED 2,400,000 VOTES${NNBSP}; SEE"
	expect_contains $md "(https://undocs.org/fr/A/RES/67/290)${NBSP}: THE «${NBSP}FINAL${NBSP}» TEXT${NNBSP}!"
	expect_lacks $md '"'
	expect_contains dest/typo/typo.fr.html "«${NBSP}FINAL${NBSP}» TEXT${NNBSP}!"
	expect_contains dest/typo/typo.fr.html "VOTES${NNBSP}; SEE"
}

t_chinese_draft_has_full_width_marks_and_no_spaces_between_han() {
	start_fake
	write_doc
	hx translate typo.md --from en --to zh --engine libretranslate --endpoint "$URL" -o dest
	expect_status 0
	md=dest/typo/typo.zh.md
	expect_contains $md "tHE NAME 联合国，大会（un）DECIDED 大会通过。"
	# Latin text keeps its ASCII marks and spaces; numbers stay whole
	expect_contains $md "START AT 10:30? \[zh\] iT COUNTED 2,400,000 VOTES; SEE"
	expect_contains dest/typo/typo.zh.html "联合国，大会（un）DECIDED 大会通过。"
}

t_russian_and_arabic_drafts_have_their_own_marks() {
	start_fake
	write_doc
	hx translate typo.md --from en --to ru,ar --engine libretranslate --endpoint "$URL" -o dest
	expect_status 0
	expect_contains dest/typo/typo.ru.md 'THE «FINAL» TEXT!'
	expect_contains dest/typo/typo.ru.html 'THE «FINAL» TEXT!'
	expect_contains dest/typo/typo.ar.md 'هل هذا صحيح؟ \[ar\] أولا، ثانيا؛ ثالثا.'
	# the page isolates the Latin "[ar]" in a <bdi>: the Arabic around it is what counts
	expect_contains dest/typo/typo.ar.html 'هل هذا صحيح؟'
	expect_contains dest/typo/typo.ar.html 'أولا، ثانيا؛ ثالثا.'
	# a sentence with no Arabic in it keeps its marks, and numbers keep their commas
	expect_contains dest/typo/typo.ar.md '10:30? \[ar\] iT COUNTED 2,400,000 VOTES; SEE'
}

t_source_and_memory_keep_the_text_as_it_was() {
	start_fake
	mkdir in
	write_doc
	mv typo.md in/
	hx run --in in --out dest --to fr,zh --engine libretranslate --endpoint "$URL" -q
	expect_status 0
	expect_contains dest/typo/typo.fr.md "«${NBSP}FINAL${NBSP}»"
	expect_contains dest/typo/typo.en.md 'the "final" text!'
	expect_contains dest/typo/typo.en.md 'The name 联合国 , 大会 (UN) decided 大会 通过.'
	expect_lacks dest/typo/typo.en.md "$NNBSP"
	expect_lacks dest/typo/typo.en.html "«"
	hx tm export mem.tmx --tm dest/.hexaglot/tm.sqlite
	expect_status 0
	expect_contains mem.tmx '&quot;FINAL&quot; TEXT!'
	expect_contains mem.tmx 'VOTES; SEE'
	expect_lacks mem.tmx "$NNBSP"
	expect_lacks mem.tmx "«"
}
