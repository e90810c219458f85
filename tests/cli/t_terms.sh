# Glossary names through the pipeline: protected in translation, written in each
# target's official form (even where no engine translates), listed by `convert --terms`.

FAKE="$ROOT/tests/support/fake_mt.sh"

start_fake() {
	URL=$(bash "$FAKE" start fake "$@") || fail "the fake MT server did not start"
	trap 'bash "$FAKE" stop fake >/dev/null 2>&1' EXIT
}

stat() { # stat NAME: a number from GET /_stats
	curl -s "$URL/_stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"
}

write_doc() {
	cat > note.md <<'EOF'
# Kenya

1\. The General Assembly met in Kenya with the Security Council.

2\. Member States welcomed the report.
EOF
}

t_names_take_the_official_form_of_each_target() {
	start_fake
	write_doc
	hx translate note.md --to es -o dest --endpoint "$URL"
	expect_status 0
	# two sentences sent; the heading is the name alone: translated by the glossary
	[ "$(stat texts_translated)" = 2 ] || fail "sent $(stat texts_translated) texts, not 2"
	expect_err '1 names from the glossary'
	hx translate note.md --to es,fr -o dest --endpoint "$URL"
	expect_status 0
	# the fake engine swaps the case of what it translates; the names are the glossary's
	expect_contains dest/note/note.es.md '1\. \[spa\] tHE Asamblea General MET IN Kenya WITH THE Consejo de Seguridad.'
	expect_contains dest/note/note.fr.md 'Assemblée générale'
	expect_contains dest/note/note.fr.md 'Conseil de sécurité'
	# a term ("Member States") is checked, not forced: MT translates it
	expect_contains dest/note/note.es.md 'mEMBER sTATES'
	expect_contains dest/note/note.es.md '# Kenya'
	python3 - dest/note/note.meta.json <<'PY' || fail "the metadata does not count the glossary"
import json, sys
t = json.load(open(sys.argv[1]))["translations"]["es"]
assert t["from_glossary"] == 1 and t["untranslated"] == 0, t
PY
}

t_a_draft_without_an_engine_still_carries_the_target_names() {
	cat > zh.md <<'EOF'
1\. 大会欢迎肯尼亚和安全理事会的报告（A/79/968）。
EOF
	hx translate zh.md --to en,fr -o dest --endpoint http://127.0.0.1:9 --retries 0
	expect_status 3
	expect_contains dest/zh/zh.en.md 'General Assembly'
	expect_contains dest/zh/zh.en.md 'Kenya'
	expect_contains dest/zh/zh.en.md 'Security Council'
	expect_contains dest/zh/zh.fr.md 'Conseil de sécurité'
	expect_contains dest/zh/zh.en.md '[A/79/968](https://undocs.org/en/A/79/968)'
}

t_translate_writes_the_hits_beside_the_drafts() {
	start_fake
	write_doc
	hx translate note.md --to es -o dest --endpoint "$URL"
	expect_status 0
	python3 - dest/note/note.terms.json dest/note/note.en.md <<'PY' || fail "bad terms.json"
import json, sys
hits = json.load(open(sys.argv[1]))
md = open(sys.argv[2], "rb").read()
ids = [h["id"] for h in hits]
assert ids == ["country.KEN", "un.general-assembly", "country.KEN", "un.security-council",
               "un.member-states"], ids
for h in hits:
    assert md[h["offset"]:h["offset"] + h["length"]].decode() == h["found"], h
PY
}

t_convert_terms_lists_the_hits_with_their_offsets() {
	write_doc
	hx convert note.md -o note.out.md --terms hits.json
	expect_status 0
	python3 - hits.json note.out.md <<'PY' || fail "bad hits"
import json, sys
hits = json.load(open(sys.argv[1]))
md = open(sys.argv[2], "rb").read()
assert len(hits) == 5, hits
ga = [h for h in hits if h["id"] == "un.general-assembly"][0]
assert ga["type"] == "name" and ga["lang"] == "en" and ga["form"] == "General Assembly", ga
ms = [h for h in hits if h["id"] == "un.member-states"][0]
assert ms["type"] == "term", ms
for h in hits:
    assert md[h["offset"]:h["offset"] + h["length"]].decode() == h["found"], h
PY
}

t_convert_terms_finds_inflected_russian_names() {
	printf 'Доклад Генеральной Ассамблеи и Совета Безопасности.\n' > ru.txt
	hx convert ru.txt -o ru.md --terms hits.json
	expect_status 0
	expect_contains hits.json '"found": "Генеральной Ассамблеи"'
	expect_contains hits.json '"stemmed": true'
}

t_a_named_glossary_folder_must_exist() {
	write_doc
	hx translate note.md --to es -o dest --glossaries /nonexistent/glossaries
	expect_status 2
	expect_err "/nonexistent/glossaries"
	expect_no_file dest/note/note.es.md
	HEXAGLOT_GLOSSARIES=/nonexistent/g hx convert note.md --terms hits.json
	expect_status 2
	expect_err "HEXAGLOT_GLOSSARIES"
}

t_the_config_names_glossaries_relative_to_itself() {
	start_fake
	write_doc
	mkdir -p etc/mine
	printf 'id\ttype\ten\tes\nx.kenya\tname\tKenya\tKENIA-OFICIAL\n' > etc/mine/g.tsv
	printf '[run]\nglossaries = mine\n' > etc/hexaglot.conf
	hx translate note.md --to es -o dest --endpoint "$URL" --config etc/hexaglot.conf
	expect_status 0
	expect_contains dest/note/note.es.md 'KENIA-OFICIAL'
	# the command line wins over the file
	hx translate note.md --to es -o dest2 --endpoint "$URL" --config etc/hexaglot.conf \
		--glossaries "$ROOT/glossaries"
	expect_status 0
	expect_lacks dest2/note/note.es.md 'KENIA-OFICIAL'
}

t_a_malformed_glossary_line_is_skipped_with_its_line() {
	start_fake
	write_doc
	mkdir g
	printf 'id\ttype\ten\tes\nx.kenya\tname\tKenya\tKENIA\nbroken line\n' > g/g.tsv
	hx translate note.md --to es -o dest --endpoint "$URL" --glossaries g
	expect_status 0
	expect_err 'g.tsv:3'
	expect_contains dest/note/note.es.md 'KENIA'
}

t_without_any_glossary_it_warns_and_translates() {
	# only meaningful where no glossary is installed (make install puts one in DATADIR)
	[ -d /usr/local/share/hexaglot/glossaries ] && return 0
	start_fake
	write_doc
	HEXAGLOT_GLOSSARIES= hx translate note.md --to es -o dest --endpoint "$URL"
	expect_status 0
	expect_err 'no glossaries found'
	expect_contains dest/note/note.es.md 'gENERAL aSSEMBLY'
	expect_no_file dest/note/note.terms.json
}
