# hexaglot glossary: lookup, check, stats, export and import, their help and exit statuses.

HEADER=$'id\ttype\tar\tzh\ten\tfr\tru\tes\tstatus\tnote\tsource'

t_glossary_and_each_subcommand_have_help() {
	hx glossary --help
	expect_status 0
	expect_out "usage: hexaglot glossary"
	for s in lookup check stats export import; do
		hx glossary "$s" --help
		expect_status 0
		expect_out "usage: hexaglot glossary $s"
	done
	hx help glossary
	expect_status 0
	expect_out "lookup"
}

t_glossary_without_or_with_a_wrong_subcommand_is_a_usage_error() {
	hx glossary
	expect_status 2
	expect_err "expected a subcommand"
	hx glossary frob
	expect_status 2
	expect_err "unknown subcommand"
	hx glossary lookup
	expect_status 2
	expect_err "expected one TEXT"
	hx glossary lookup x --lang klingon
	expect_status 2
	expect_err "unknown --lang"
}

t_lookup_shows_every_entry_in_six_languages() {
	hx glossary lookup "The Netherlands and the Security Council" --glossaries "$ROOT/glossaries"
	expect_status 0
	expect_out "country.NLD  name  official"
	expect_out "  fr  Pays-Bas (les) | Royaume des Pays-Bas (le)"
	expect_out "  zh  荷兰 | 荷兰王国"
	expect_out "un.security-council"
	expect_out "  ru  Совет Безопасности"
	expect_out 'found   "The Netherlands" at byte 0 (en)'
}

t_lookup_reports_inflected_forms() {
	HEXAGLOT_GLOSSARIES="$ROOT/glossaries" hx glossary lookup "Генеральной Ассамблеи" --lang ru
	expect_status 0
	expect_out "inflected form of Генеральная Ассамблея"
	HEXAGLOT_GLOSSARIES="$ROOT/glossaries" hx glossary lookup "Генеральной Ассамблеи" --lang ru --no-stem
	expect_status 1
}

t_lookup_finds_an_entry_by_id_and_fails_on_nothing() {
	hx glossary lookup country.CIV --glossaries "$ROOT/glossaries"
	expect_status 0
	expect_out "Côte d'Ivoire"
	hx glossary lookup "nothing here" --glossaries "$ROOT/glossaries"
	expect_status 1
	expect_err "no glossary entry matches 'nothing here'"
}

t_missing_glossary_folder_is_a_configuration_error() {
	hx glossary stats --glossaries nowhere
	expect_status 2
	expect_err "no glossary folder 'nowhere'"
}

t_check_passes_the_shipped_glossaries() {
	hx glossary check "$ROOT"/glossaries/*.tsv "$ROOT"/glossaries/optional/*.tsv
	expect_status 0
	expect_out "0 errors"
}

t_check_reports_each_problem_with_file_and_line() {
	{
		echo "$HEADER"
		printf 'a\tname\t\t\tGuinea\t\t\t\t\t\t\n'
		printf 'a\tname\t\t\tChad\t\t\t\t\t\t\n'
		printf 'b\tname\tB\n'
		printf 'c\tname\t\t\tG\xffX\t\t\t\t\t\t\n'
		printf 'd\tterm\t\t\tguinea\t\t\t\t\t\t\n'
	} > bad.tsv
	hx glossary check bad.tsv
	expect_status 1
	expect_out "bad.tsv:3: error: duplicate id 'a' (first at bad.tsv:2)"
	expect_out "bad.tsv:4: error: wrong column count: 3 columns, the header has 11"
	expect_out "bad.tsv:5: error: invalid UTF-8"
	expect_out "bad.tsv:6: error: the same term 'guinea' is mapped to two concepts"
	expect_out "bad.tsv:2: warning: 'a' has no form in ar, zh, fr, ru, es"
	expect_out "4 errors"
}

t_check_refuses_malformed_tbx_naming_the_line() {
	printf '<martif>\n<text>\n<body>\n</text>\n' > bad.tbx
	hx glossary check bad.tbx
	expect_status 1
	expect_out "bad.tbx:4: not well-formed XML"
}

t_strict_rejects_a_file_with_a_malformed_line() {
	mkdir g
	{ echo "$HEADER"; printf 'a\tname\t\t\tAlpha\t\t\t\t\t\t\n'; printf 'b\tname\n'; } > g/x.tsv
	hx glossary lookup Alpha --glossaries g
	expect_status 0
	expect_err "g/x.tsv:3: error: wrong column count"
	hx glossary lookup Alpha --glossaries g --strict
	expect_status 1
	expect_err "the whole file is rejected (--strict)"
}

t_max_size_refuses_a_big_glossary() {
	mkdir g
	{ echo "$HEADER"; printf 'a\tname\t\t\tAlpha\t\t\t\t\t\t\n'; } > g/x.tsv
	hx glossary stats --glossaries g --max-size 16
	expect_status 1
	expect_err "over the size cap of 16 bytes; raise it with --max-size"
}

t_stats_counts_entries_and_forms() {
	hx glossary stats --glossaries "$ROOT/glossaries" --optional
	expect_status 0
	expect_out "countries.tsv"
	expect_out "sdg-targets-indicators.tsv"
	expect_out "entries "
	expect_out "automaton "
	expect_out "0 errors"
}

t_export_and_import_tbx_round_trip() {
	hx glossary export --tbx all.tbx --glossaries "$ROOT/glossaries"
	expect_status 0
	expect_contains all.tbx '<martif type="TBX-Basic"'
	expect_contains all.tbx '<termEntry id="un.habitat">'
	if command -v xmllint >/dev/null; then xmllint --noout all.tbx || fail "not well-formed"; fi
	hx glossary import all.tbx -o back.tsv
	expect_status 0
	mkdir g
	mv back.tsv g/
	hx glossary lookup "UN-Habitat" --glossaries g
	expect_status 0
	expect_out "  zh  联合国人类住区规划署 | 人居署"
	expect_out "un.habitat  name  unverified"
}

t_import_writes_tsv_to_standard_output() {
	printf '<martif><text><body><termEntry id="x"><langSet xml:lang="en-GB">' > in.tbx
	printf '<tig><term>Blue Line</term></tig></langSet></termEntry></body></text></martif>' >> in.tbx
	hx glossary import in.tbx
	expect_status 0
	expect_out "$(printf 'x\tterm\t\t\tBlue Line\t\t\t\timported\t\tin.tbx')"
}
