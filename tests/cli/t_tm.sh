# hexaglot tm: stats, import and export, where the memory lives, TMX that
# validates against the TMX 1.4b DTD, refused files and exit statuses.

FIX="$ROOT/tests/fixtures/tmx"
DTD="$ROOT/tests/support/tmx14b.dtd"

# the <tu> elements of a TMX file, without the header's creation date
body() { sed -n '/<body>/,$p' "$1"; }

t_tm_and_each_subcommand_have_help() {
	hx tm --help
	expect_status 0
	expect_out "usage: hexaglot tm"
	expect_out "docs-out/.hexaglot/tm.sqlite"
	for s in stats import export; do
		hx tm "$s" --help
		expect_status 0
		expect_out "usage: hexaglot tm $s"
	done
	hx help tm
	expect_status 0
	expect_out "import"
	hx --help
	expect_out "tm         the translation memory"
}

t_tm_usage_errors_exit_2() {
	hx tm
	expect_status 2
	expect_err "expected a subcommand"
	hx tm frob
	expect_status 2
	expect_err "unknown subcommand"
	hx tm import
	expect_status 2
	expect_err "expected one FILE.tmx"
	hx tm stats extra
	expect_status 2
	expect_err "takes no arguments"
	hx tm export out.tmx --origin mt
	expect_status 2
	expect_err "--origin and --all-pairs are for import"
	hx tm import x.tmx --from en
	expect_status 2
	expect_err "--from and --to are for export"
	hx tm export out.tmx --from klingon
	expect_status 2
	expect_err "unknown --from"
	hx tm export out.tmx --from en --to EN
	expect_status 2
	expect_err "the same language"
	hx tm import x.tmx --origin robot
	expect_status 2
	expect_err "unknown --origin"
	hx tm import x.tmx --max-size lots
	expect_status 2
	expect_err "invalid --max-size"
	expect_no_file docs-out
}

t_stats_and_export_without_a_memory_fail_and_create_nothing() {
	hx tm stats
	expect_status 1
	expect_err "no translation memory at 'docs-out/.hexaglot/tm.sqlite'"
	hx tm export out.tmx --tm elsewhere/tm.sqlite
	expect_status 1
	expect_err "no translation memory at 'elsewhere/tm.sqlite'"
	expect_no_file docs-out
	expect_no_file elsewhere
	expect_no_file out.tmx
}

t_import_creates_the_default_memory_and_stats_count_it() {
	hx tm import "$FIX/okapi-rainbow.tmx"
	expect_status 0
	expect_out "okapi-rainbow.tmx: 3 TUs, 7 pairs: 6 added, 0 replaced, 0 kept, 1 skipped; 2 texts in other languages ignored"
	expect_err "okapi-rainbow.tmx:19: the es text has an inline code (x:9) its en source lacks; en-es skipped"
	expect_file docs-out/.hexaglot/tm.sqlite
	hx tm import "$FIX/omegat-level2.tmx"
	expect_status 0
	expect_out "4 added"
	hx tm stats
	expect_status 0
	expect_out "translation memory docs-out/.hexaglot/tm.sqlite"
	expect_out "units 10 (human 10, mt 0), 0 uses"
	expect_out "  en-fr         5         0"
	expect_out "  en-zh         1         0"
	expect_out "  en-es         2         0"
}

t_human_units_stay_over_mt_ones() {
	hx tm import "$FIX/omegat-project_save.tmx" --origin mt --tm tm.sqlite
	expect_status 0
	hx tm stats --tm tm.sqlite
	expect_out "units 2 (human 0, mt 2)"
	hx tm import "$FIX/omegat-project_save.tmx" --tm tm.sqlite
	expect_out "0 added, 2 replaced"
	hx tm import "$FIX/omegat-project_save.tmx" --origin mt --tm tm.sqlite
	expect_out "0 added, 0 replaced, 2 kept"
	hx tm stats --tm tm.sqlite
	expect_out "units 2 (human 2, mt 0)"
}

t_export_validates_against_the_tmx_14b_dtd() {
	for f in okapi-rainbow omegat-level2 omegat-project_save inline-codes; do
		hx tm import "$FIX/$f.tmx" --tm tm.sqlite --all-pairs
		expect_status 0
	done
	hx tm export all.tmx --tm tm.sqlite
	expect_status 0
	expect_out "units written to all.tmx"
	expect_contains all.tmx '<header creationtool="hexaglot"'
	expect_contains all.tmx '<bpt i="1" x="1"/>'
	expect_contains all.tmx '<ept i="1"/>'
	expect_contains all.tmx '<ph x="2"/>'
	expect_contains all.tmx '<prop type="x-origin">human</prop>'
	expect_contains all.tmx '<tuv xml:lang="ar"><seg>تحويل عالمنا: <bpt i="1" x="1"/>'
	expect_contains all.tmx '<tuv xml:lang="zh"><seg>变革我们的世界：<bpt i="1" x="1"/>'
	xmllint --noout --dtdvalid "$DTD" all.tmx 2>err || fail "all.tmx does not validate"
	# and the DTD is strict enough to refuse a variant without its language
	sed 's/<tuv xml:lang="ar">/<tuv>/' all.tmx > broken.tmx
	xmllint --noout --dtdvalid "$DTD" broken.tmx 2>err && fail "the DTD accepted a tuv without xml:lang"
	grep -q "xml:lang" err || fail "xmllint did not name xml:lang"
}

t_export_round_trips_through_import() {
	hx tm import "$FIX/okapi-rainbow.tmx" --tm a.sqlite --all-pairs
	hx tm import "$FIX/inline-codes.tmx" --tm a.sqlite
	hx tm export a.tmx --tm a.sqlite
	expect_status 0
	hx tm import a.tmx --tm b.sqlite
	expect_status 0
	expect_out "0 replaced, 0 kept, 0 skipped"
	hx tm export b.tmx --tm b.sqlite
	expect_status 0
	body a.tmx > a.body
	body b.tmx > b.body
	cmp -s a.body b.body || { diff a.body b.body | head -20 >&2; fail "the second export differs"; }
	[ "$(grep -c '<tu ' a.body)" -eq 42 ] || fail "expected 42 units, got $(grep -c '<tu ' a.body)"
}

t_export_filters_by_pair_and_writes_to_standard_output() {
	hx tm import "$FIX/okapi-rainbow.tmx" --tm tm.sqlite --all-pairs
	hx tm export - --from zh --to ar --tm tm.sqlite
	expect_status 0
	expect_err "1 units written to standard output"
	expect_out 'srclang="zh" o-tmf="hexaglot"'
	expect_out '<tuv xml:lang="zh">'
	expect_out '<tuv xml:lang="ar">'
	grep -qF 'xml:lang="fr"' out && fail "a French text in a zh-ar export"
	hx tm export fr.tmx --to fr --tm tm.sqlite
	expect_status 0
	expect_out "5 units written to fr.tmx"
	xmllint --noout --dtdvalid "$DTD" fr.tmx 2>err || fail "fr.tmx does not validate"
}

t_imports_utf16_tmx_as_trados_writes_it() {
	{ printf '\xff\xfe'; sed 's/encoding="UTF-8"/encoding="UTF-16"/' "$FIX/inline-codes.tmx" |
		iconv -f UTF-8 -t UTF-16LE; } > trados.tmx
	hx tm import trados.tmx --tm tm.sqlite
	expect_status 0
	expect_out "3 TUs, 9 pairs: 9 added"
	hx tm export - --from ru --to fr --tm tm.sqlite
	expect_out "<seg>Постановляет продолжать заниматься этим вопросом.<ph x=\"1\"/></seg>"
	printf '<?xml version="1.0" encoding="UTF-16"?>\n<tmx/>\n' > liar.tmx
	hx tm import liar.tmx --tm tm.sqlite
	expect_status 1
	expect_err "liar.tmx:1: not well-formed XML: Document labelled UTF-16 but has UTF-8 content"
	expect_no_err "encoder error"
}

t_malformed_tmx_is_refused_with_its_line() {
	hx tm import "$FIX/malformed.tmx" --tm tm.sqlite
	expect_status 1
	expect_err "malformed.tmx:7: not well-formed XML: Opening and ending tag mismatch"
	expect_err "nothing imported"
	hx tm stats --tm tm.sqlite
	expect_out "units 0"
	printf '<?xml version="1.0"?>\n<martif/>\n' > glossary.tbx
	hx tm import glossary.tbx --tm tm.sqlite
	expect_status 1
	expect_err "glossary.tbx:2: not TMX: the root element is <martif>"
	hx tm import missing.tmx --tm tm.sqlite
	expect_status 1
	expect_err "cannot open 'missing.tmx'"
}

t_max_size_refuses_a_large_tmx() {
	hx tm import "$FIX/okapi-rainbow.tmx" --tm tm.sqlite --max-size 1K
	expect_status 1
	expect_err "over the size cap of 1024 bytes"
	gzip -c "$FIX/okapi-rainbow.tmx" > small.tmx.gz
	hx tm import small.tmx.gz --tm tm.sqlite --max-size 2K
	expect_status 1
	hx tm import "$FIX/okapi-rainbow.tmx" --tm tm.sqlite
	hx tm export big.tmx --tm tm.sqlite --max-size 1K
	expect_status 1
	expect_err "over the size cap of 1024 bytes; export one pair at a time"
	expect_no_file big.tmx
}

t_the_memory_comes_from_hexaglot_conf_unless_tm_names_one() {
	mkdir etc
	printf '[run]\ntm = state/memory.sqlite\n' > etc/hexaglot.conf
	hx tm import "$FIX/omegat-project_save.tmx" --config etc/hexaglot.conf
	expect_status 0
	expect_file etc/state/memory.sqlite
	expect_no_file docs-out
	cp etc/hexaglot.conf hexaglot.conf
	hx tm stats
	expect_status 1
	expect_err "no translation memory at 'state/memory.sqlite'"
	hx tm stats --config etc/hexaglot.conf
	expect_status 0
	expect_out "units 2"
	hx tm stats --tm etc/state/memory.sqlite --config /nowhere/hexaglot.conf
	expect_status 2
	printf '[run]\ntm\n' > hexaglot.conf
	hx tm stats
	expect_status 2
}

t_a_damaged_memory_is_refused_saying_what_to_do() {
	mkdir -p docs-out/.hexaglot
	head -c 8192 /dev/urandom > docs-out/.hexaglot/tm.sqlite
	hx tm stats
	expect_status 1
	expect_err "the translation memory 'docs-out/.hexaglot/tm.sqlite' is damaged or not an SQLite file"
	expect_err "move it aside"
	hx tm import "$FIX/okapi-rainbow.tmx"
	expect_status 1
}
