# hexaglot export --xliff: XLIFF 1.2 of a run's documents, targets from the
# translation memory only (never MT), states by origin, notes, inline codes.

FAKE="$ROOT/tests/support/fake_mt.sh"

start_fake() {
	URL=$(bash "$FAKE" start fake "$@") || fail "the fake MT server did not start"
	trap 'bash "$FAKE" stop fake >/dev/null 2>&1' EXIT
}

stat() { curl -s "$URL/_stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

make_doc() {
	: > empty.conf
	mkdir -p in
	cat > in/a-79-1.md <<'EOF'
# Report of the Committee

1\. The **General Assembly** considered item 4 (see A/79/968 and https://undocs.org/en/A/79/968). It adopted the decision without a vote.

2\. All delegations thanked the Secretariat for its support.
EOF
}

# a human translation of one sentence, as a CAT tool would send it back
human_tmx() {
	cat > human.tmx <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" datatype="plaintext"
 segtype="sentence" adminlang="en" srclang="en" o-tmf="test"/><body>
<tu><tuv xml:lang="en"><seg>All delegations thanked the Secretariat for its support.</seg></tuv>
<tuv xml:lang="es"><seg>Todas las delegaciones agradecieron a la Secretaría su apoyo.</seg></tuv></tu>
</body></tmx>
EOF
}

# xq FILE EXPR: a Python expression over the trans-units u (id -> element) of an XLIFF file
xq() {
	python3 - "$1" "$2" <<'EOF'
import sys, xml.etree.ElementTree as ET
ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
root = ET.parse(sys.argv[1]).getroot()
u = {t.get("id"): t for t in root.iter("{%s}trans-unit" % ns["x"])}
def target(i): return u[i].find("x:target", ns)
def notes(i): return [n.text for n in u[i].findall("x:note", ns)]
def text(e): return "".join(e.itertext()) if e is not None else None
print(eval(sys.argv[2]))
EOF
}

t_export_has_help_and_refuses_bad_usage() {
	hx export --help
	expect_status 0
	expect_out "usage: hexaglot export --xliff"
	expect_out "needs-review-translation"
	hx --help
	expect_out "export     the documents as XLIFF 1.2"
	hx export --to es
	expect_status 2
	expect_err "say which format: --xliff"
	hx export --xliff
	expect_status 2
	expect_err "say which languages to export"
	hx export --xliff --to klingon
	expect_status 2
	hx export --xliff --to es extra
	expect_status 2
	expect_err "unexpected argument: extra"
	hx export --xliff --to es --in nowhere
	expect_status 2
	expect_err "nowhere"
}

t_export_takes_targets_from_memory_with_states_and_never_asks_mt() {
	start_fake
	make_doc
	human_tmx
	hx run --in in --out dest --to es,fr --endpoint "$URL" -q
	expect_status 0
	hx tm import human.tmx --tm dest/.hexaglot/tm.sqlite
	expect_status 0
	echo '3\. A sentence added after the run.' >> in/a-79-1.md
	sent=$(stat texts_translated)
	requests=$(stat requests)
	hx export --xliff --in in --out dest --to es,fr --endpoint "$URL"
	[ "$status" = 2 ] || fail "export took an MT option (status $status)"
	hx export --xliff --in in --out dest --to es,fr --config empty.conf
	expect_status 0
	expect_out "dest/a-79-1/a-79-1.es.xlf"
	[ "$(stat texts_translated)" = "$sent" ] && [ "$(stat requests)" = "$requests" ] ||
		fail "export sent something to MT"
	for l in es fr; do
		xmllint --noout "dest/a-79-1/a-79-1.$l.xlf" || fail "$l: not well-formed"
	done
	f=dest/a-79-1/a-79-1.es.xlf
	expect_contains "$f" '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
	expect_contains "$f" 'original="a-79-1.md" source-language="en" target-language="es"'
	[ "$(xq $f 'len(u)')" = 5 ] || fail "not 5 units: $(xq $f 'sorted(u)')"
	# the machine draft needs review; the human one is translated
	[ "$(xq $f 'target("1").get("state")')" = needs-review-translation ] || fail "state of 1"
	[ "$(xq $f 'target("3").get("state")')" = translated ] || fail "state of 3: $(cat $f)"
	[ "$(xq $f 'text(target("3"))')" = 'Todas las delegaciones agradecieron a la Secretaría su apoyo.' ] ||
		fail "human target: $(xq $f 'text(target("3"))')"
	# the sentence added after the run: no target, a note
	[ "$(xq $f 'target("4")')" = None ] || fail "unit 4 has a target"
	xq $f 'notes("4")' | grep -q "not in the translation memory" || fail "no note on unit 4"
	# the qa stage's findings on the fake MT's drafts are notes: "[check] severity: message"
	xq $f '[n for i in u for n in notes(i)]' | grep -qE "\[(spelling|untranslated|length)\] (error|warning|info): " ||
		fail "no QA finding as a note: $(xq $f '[n for i in u for n in notes(i)]')"
	expect_contains "$f" '<note from="hexaglot" priority="'
	# groups carry the block anchors; placeholders are inline codes
	expect_contains "$f" '<group id="p-2" resname="p-2">'
	expect_contains "$f" 'ctype="x-un-symbol" equiv-text="[A/79/968](https://undocs.org/en/A/79/968)"'
	expect_contains "$f" 'equiv-text="[A/79/968](https://undocs.org/es/A/79/968)"'
	expect_contains "$f" '<g id="5" ctype="x-term" equiv-text="General Assembly">General Assembly</g>'
	expect_contains "$f" 'ctype="x-term" equiv-text="Asamblea General"'
}

t_export_writes_where_o_says_and_without_a_memory_gives_no_targets() {
	make_doc
	hx export --xliff --in in --out dest --to ru -o xl --config empty.conf
	expect_status 0
	expect_err "no translation memory at 'dest/.hexaglot/tm.sqlite'"
	expect_file xl/a-79-1/a-79-1.ru.xlf
	expect_no_file dest
	expect_lacks xl/a-79-1/a-79-1.ru.xlf '<target'
	[ "$(xq xl/a-79-1/a-79-1.ru.xlf 'sum(len(notes(i)) for i in u)')" = 4 ] || fail "not 4 notes"
	ls xl/a-79-1 | grep -q tmp && fail "a temporary file was left"
	true
}

t_export_reports_a_document_it_cannot_read_and_goes_on() {
	make_doc
	printf '\x00\x01\x02binary' > in/broken.md
	hx export --xliff --in in --to fr -o xl --config empty.conf
	expect_status 1
	expect_err "broken.md"
	expect_file xl/a-79-1/a-79-1.fr.xlf
}
