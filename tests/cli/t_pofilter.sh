# hexaglot's QA against Translate Toolkit's pofilter on tests/fixtures/qa-planted:
# both tools on the same XLIFF of each pair (hexaglot check --xliff), scored
# against the planted errors by tests/cli/qa_compare.py. Fails when hexaglot
# misses a planted error that pofilter's numbers, urls, xmltags or spellcheck
# finds, or any planted symbol, country or terminology error.

compare() {
	command -v pofilter >/dev/null || fail "pofilter missing: make deps installs translate-toolkit"
	REAL_HX=${REAL_HX:-} /usr/bin/python3 "$ROOT/tests/cli/qa_compare.py" --hexaglot "$HX" --work qa \
		--table table.md >out 2>err
	status=$?
	expect_file qa/results.json
}

# found TOOL KIND: how many planted errors of KIND the tool found
found() {
	/usr/bin/python3 -c "import json,sys; r=json.load(open('qa/results.json'));
print(sum(1 for e in r['planted'] if e['kind']=='$2' and e['$1']))"
}

t_check_writes_the_pair_as_xliff_with_its_findings_as_notes() {
	F="$ROOT/tests/fixtures/qa-planted"
	hx check "$F/en-fr.en.md" "$F/en-fr.fr.md" --from en --to fr --xliff pair.xlf
	expect_status 1
	xmllint --noout pair.xlf || fail "not well-formed"
	expect_contains pair.xlf 'source-language="en" target-language="fr"'
	expect_contains pair.xlf '<group id="p-7" resname="p-7">'
	expect_contains pair.xlf '<target state="translated">Le Comité a pris note du document'
	expect_contains pair.xlf "<note from=\"hexaglot\" priority=\"1\">[symbol] error: document symbol 'E/CN.17/2003/2'"
	hx check "$F/en-fr.en.md" "$F/en-fr.fr.md" --xliff nowhere/pair.xlf
	expect_status 4
	expect_err "nowhere/pair.xlf"
}

t_pofilter_finds_what_it_can_of_the_planted_errors() {
	compare
	for k in number url spelling; do
		[ "$(found pofilter $k)" = 5 ] || fail "pofilter found $(found pofilter $k) of 5 $k errors"
	done
	# five of six lost tags: the sixth is Markdown emphasis, not XML
	[ "$(found pofilter tag)" = 5 ] || fail "pofilter found $(found pofilter tag) of 6 tag errors"
	expect_contains table.md "| country | 5 | cannot check |"
	expect_contains table.md "| terminology | 1 | cannot check |"
}

t_hexaglot_finds_every_planted_error_pofilter_finds_and_the_un_ones() {
	compare
	[ "$status" = 0 ] || fail "hexaglot missed planted errors: $(grep missed out)"
	expect_contains table.md "| country | 5 | cannot check | 5 |"
	expect_contains table.md "| symbol | 5 | 5 | 5 |"
	expect_contains table.md "| terminology | 1 | cannot check | 1 |"
}

t_the_comparison_fails_when_hexaglot_misses_a_planted_error() {
	# a hexaglot whose XLIFF lost its notes: it finds nothing
	cat > blind-hexaglot <<'EOS'
#!/bin/bash
[ -n "$REAL_HX" ] || exit 2
[ "$2" = --help ] && exec "$REAL_HX" "$@"
"$REAL_HX" "$@"; st=$?
sed -i '/<note /d' "${@: -1}"
exit $st
EOS
	chmod +x blind-hexaglot
	REAL_HX=$HX HX=$PWD/blind-hexaglot compare
	[ "$status" = 1 ] || fail "status $status with a blind hexaglot"
	expect_out "hexaglot missed: en-fr p-7 symbol: E/CN.17/2003/2 became E/CN.17/2003/3"
	expect_out "hexaglot missed: en-ar p-5 spelling"
}
