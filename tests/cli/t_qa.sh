# hexaglot check on bilingual pairs, and the qa stage in translate and run.

FAKE="$ROOT/tests/support/fake_mt.sh"

start_fake() {
	URL=$(bash "$FAKE" start fake "$@") || fail "the fake MT server did not start"
	trap 'bash "$FAKE" stop fake >/dev/null 2>&1' EXIT
}

write_pair() {
	cat > src.md <<'EOF'
# Report of the Secretary-General

1\. The General Assembly adopted resolution A/RES/67/290 on 2,400,000 refugees in 2024,
see https://undocs.org/en/A/79/968 for details.

2\. The Secretariat received 2.4 billion dollars from Member States.
EOF
	cat > good.fr.md <<'EOF'
# Rapport du Secrétaire général

1\. L'Assemblée générale a adopté la résolution A/RES/67/290 sur 2 400 000 réfugiés en 2024,
voir https://undocs.org/fr/A/79/968 pour les détails.

2\. Le Secrétariat a reçu 2,4 milliards de dollars des États Membres.
EOF
}

t_check_passes_a_clean_pair() {
	write_pair
	hx check src.md good.fr.md
	expect_status 0
	[ ! -s out ] || fail "findings on a clean pair: $(cat out)"
}

t_check_finds_planted_errors_with_their_lines() {
	write_pair
	sed -e 's/2 400 000/2 500 000/' -e 's|A/RES/67/290|A/RES/67/209|' \
		-e 's|https://undocs.org/fr/A/79/968|le site|' -e 's/Le Secrétariat/Le Bureau/' \
		-e 's/reçu/recu/' good.fr.md > bad.fr.md
	hx check src.md bad.fr.md
	expect_status 1
	expect_out "bad.fr.md:3: error: number: number '2,400,000' of the source missing"
	expect_out "bad.fr.md:3: error: symbol: document symbol 'A/RES/67/290'"
	expect_out "bad.fr.md:3: error: url: URL 'https://undocs.org/en/A/79/968'"
	expect_out "bad.fr.md:6: warning: terminology: 'Secretariat'"
	expect_out "bad.fr.md:6: warning: spelling: unknown word 'recu'"
}

t_check_exit_status_follows_max_severity() {
	write_pair
	sed 's/reçu/recu/' good.fr.md > typo.fr.md
	hx check src.md typo.fr.md
	expect_status 0
	expect_out "warning: spelling"
	hx check src.md typo.fr.md --max-severity warning
	expect_status 1
	hx check src.md typo.fr.md --max-severity fatal
	expect_status 2
	expect_err "--max-severity takes info, warning or error"
}

t_check_writes_json_lines() {
	write_pair
	sed 's/2024/2025/' good.fr.md > year.fr.md
	hx check src.md year.fr.md --json
	expect_status 1
	python3 - <<'PY' || fail "bad JSON: $(cat out)"
import json
rows = [json.loads(l) for l in open("out")]
checks = {(r["check"], r["severity"]) for r in rows}
assert ("number", "error") in checks, checks
r = [r for r in rows if r["severity"] == "error"][0]
assert r["file"] == "year.fr.md" and r["line"] == 3 and r["lang"] == "fr", r
assert r["suggestion"] == "2024", r
PY
}

t_check_names_the_block_where_the_files_diverge() {
	write_pair
	python3 - <<'PY'
t = open("good.fr.md").read().replace("# Rapport du Secrétaire général\n\n", "")
open("short.fr.md", "w").write(t)
PY
	hx check src.md short.fr.md
	expect_status 4
	expect_err "do not align: 3 blocks against 2"
	expect_err "diverge at block 1: a heading at src.md:1, a paragraph at short.fr.md:1"
}

t_check_refuses_a_file_that_is_not_utf8() {
	write_pair
	printf '# Rapport\n\nLe comit\xe9 a re\xe7u le rapport.\n' > latin1.fr.md
	hx check src.md latin1.fr.md
	expect_status 4
	expect_err "'latin1.fr.md' is not UTF-8: invalid byte sequence at byte 19"
}

t_check_refuses_a_target_in_the_wrong_language() {
	write_pair
	hx check src.md good.fr.md --to es
	expect_status 4
	expect_err "'good.fr.md' looks French, not Spanish as --to says"
	hx check src.md src.md
	expect_status 4
	expect_err "are both in English"
}

t_check_usage_errors_exit_2() {
	hx check only-one.md
	expect_status 2
	expect_err "expected two files"
	hx check a.md b.md --to klingon
	expect_status 2
	hx check --help
	expect_status 0
	expect_out "Exit status: 0 no finding"
}

t_translate_writes_the_qa_findings() {
	start_fake
	write_pair
	hx translate src.md --to es,zh --endpoint "$URL" -o dest -q
	expect_file dest/src/src.qa.json
	python3 - <<'PY' || fail "qa.json: $(cat dest/src/src.qa.json)"
import json
q = json.load(open("dest/src/src.qa.json"))
assert q["document"] == "src" and q["source_lang"] == "en", q
assert set(q["languages"]) == {"es", "zh"}, q["languages"]
assert q["languages"]["zh"]["spelling_checked"] is False
for f in q["findings"]:
    assert set(f) >= {"segment", "anchor", "lang", "check", "severity", "message", "suggestion"}, f
# zh has no engine here: every segment is left in English, and said so
assert any(f["check"] == "untranslated" and f["lang"] == "zh" for f in q["findings"])
assert any(f["check"] == "dictionary" and f["lang"] == "zh" for f in q["findings"])
PY
}

t_run_reports_qa_counts_per_document_and_language() {
	start_fake
	mkdir in
	write_pair
	cp src.md in/a.md
	hx run --in in --out dest --to es --endpoint "$URL" -q
	expect_file dest/a/a.qa.json
	python3 - <<'PY' || fail "report.json: $(cat dest/report.json)"
import json
r = json.load(open("dest/report.json"))
d = r["documents"][0]
qa = d["targets"]["es"]["qa"]
assert set(qa) == {"info", "warning", "error", "spelling_checked"}, qa
assert qa["spelling_checked"] is True
assert "a/a.qa.json" in d["outputs"], d["outputs"]
q = json.load(open("dest/a/a.qa.json"))
assert sum(q["languages"]["es"][s] for s in ("info", "warning", "error")) == \
	qa["info"] + qa["warning"] + qa["error"]
assert r["totals"]["qa_errors"] == qa["error"], r["totals"]
PY
	expect_contains dest/index.html 'a.qa.json">QA</a>'
}
