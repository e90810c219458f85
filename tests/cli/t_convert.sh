# hexaglot convert end to end: outputs, batches, pathological inputs.

t_writes_markdown_metadata_and_html() {
	cp "$ROOT/tests/golden/seed-003-a-79-968/input.txt" a.txt
	hx convert a.txt -o a.md --meta a.json --html a.html
	expect_status 0
	expect_contains a.md '联合国各实体的代表强调了'
	expect_contains a.json '"symbol": "A/79/968"'
	expect_contains a.json '"language": "zh"'
	expect_contains a.html '<html lang="zh"'
	ls | grep -q '\.tmp\.' && fail "a temporary file was left behind"
	true
}

# -o /dev/null used to rename a temporary file over the device (as root, that
# replaced /dev/null with a file): special files are written in place
t_output_to_a_fifo_or_device_is_written_in_place() {
	printf '1. The Assembly met.\n' > in.txt
	mkfifo pipe
	cat pipe > got &
	hx convert in.txt -o pipe
	expect_status 0
	wait
	[ -p pipe ] || fail "the FIFO was replaced by a file"
	expect_contains got '1\. The Assembly met.'
	ls | grep -q '\.tmp\.' && fail "a temporary file was left behind"
	mkdir dir
	hx convert in.txt -o dir
	expect_status 1
	expect_err "it is a directory"
}

t_markdown_goes_to_standard_output_by_default() {
	printf '1. The Assembly met.\n\n2. It adjourned.\n' > in.txt
	hx convert in.txt
	expect_status 0
	expect_out '1\. The Assembly met.'
	expect_out '2\. It adjourned.'
}

t_reads_standard_input() {
	printf '1. The Assembly met.\n' | "$HX" convert - > out 2> err
	[ $? = 0 ] || fail "exit status $?"
	expect_out '1\. The Assembly met.'
}

t_from_overrides_the_detected_language() {
	printf 'Bonjour.\n' > in.txt
	hx convert in.txt --from ru --meta m.json -o out.md
	expect_status 0
	expect_contains m.json '"language": "ru"'
	expect_contains m.json '"language_given": true'
}

t_out_dir_writes_the_layout_and_goes_on_after_a_failure() {
	mkdir in
	printf '1. The Assembly met.\n' > in/report-one.txt
	: > in/empty.txt
	printf '1. L’Assemblée s’est réunie pour examiner la question.\n' > in/Rapport_Deux.txt
	hx convert in/report-one.txt in/empty.txt in/Rapport_Deux.txt --out-dir dest
	expect_status 1
	expect_err "empty.txt"
	expect_err "2 of 3 documents converted"
	expect_file dest/report-one/report-one.en.md
	expect_file dest/report-one/report-one.meta.json
	expect_file dest/report-one/report-one.en.html
	expect_file dest/rapport-deux/rapport-deux.fr.md
	expect_no_file dest/empty
}

t_out_dir_ids_never_leave_the_folder() {
	mkdir -p in dest
	printf '1. Text.\n' > 'in/...txt'
	printf '1. Text.\n' > 'in/ ..%2F..%2Fx.md'
	hx convert 'in/...txt' 'in/ ..%2F..%2Fx.md' --out-dir dest
	expect_status 0
	expect_file dest/document/document.en.md
	expect_file dest/2f-2fx/2f-2fx.en.md
	[ "$(find . -name '*.en.*' | grep -vc '^./dest/')" = 0 ] || fail "an output left dest/"
}

t_out_dir_refuses_single_file_options() {
	printf '1. Text.\n' > a.txt
	hx convert a.txt --out-dir dest -o x.md
	expect_status 2
	expect_err "--out-dir names every output"
}

t_unwritable_output_fails_with_status_3() {
	printf '1. Text.\n' > a.txt
	hx convert a.txt -o no/such/dir/a.md
	expect_status 1
	expect_err "no/such/dir/a.md"
}

t_a_document_of_page_furniture_only_is_refused() {
	printf '25-11131\n\n3/13\n\nGE.19-13879 (R) 210819 230819\n' > furniture.txt
	hx convert furniture.txt
	expect_status 1
	expect_err "furniture.txt"
	expect_err "no text left"
}

t_a_ten_megabyte_single_line_converts_quickly() {
	head -c 10000000 /dev/zero | tr '\0' 'a' | sed 's/a\{9\}/word word/g' > long.txt
	printf '\n' >> long.txt
	timeout 30 "$HX" convert long.txt -o long.md 2> err
	[ $? = 0 ] || fail "10 MB line: exit status $?"
	expect_file long.md
}

t_pathological_markdown_stays_linear() {
	head -c 3000000 /dev/zero | tr '\0' '[' > brackets.md
	head -c 1000000 /dev/zero | tr '\0' '`' >> brackets.md
	printf '\n' >> brackets.md
	for i in $(seq 2000); do printf '> '; done > quotes.md
	printf 'deep\n' >> quotes.md
	timeout 30 "$HX" convert brackets.md --format markdown -o b.md --html b.html 2> err ||
		fail "brackets: exit status $?"
	timeout 30 "$HX" convert quotes.md --format markdown -o q.md --html q.html 2> err ||
		fail "quotes: exit status $?"
}

t_html_input_keeps_structure_and_drops_scripts() {
	cat > page.html <<'HTML'
<!DOCTYPE html><html lang="fr"><head><title>Rapport</title><style>p{}</style>
<script>alert(1)</script></head><body onload="evil()">
<h1>Rapport du Secrétaire général</h1>
<p onclick="evil()">1. L’Assemblée générale a examiné le document A/79/968 et <em>pris note</em>.</p>
<ul><li>premier point</li><li>second point</li></ul>
<table><tr><th>Pays</th><th>Date</th></tr><tr><td>France</td><td>2025</td></tr></table>
<p><a href="javascript:evil()">lien</a> <a href="https://undocs.org/fr/A/79/968">texte</a></p>
</body></html>
HTML
	hx convert page.html -o out.md --html out.html --meta m.json
	expect_status 0
	expect_contains out.md '# Rapport du Secrétaire général'
	expect_contains out.md '*pris note*'
	expect_contains out.md '| Pays | Date |'
	expect_contains out.md '[A/79/968](https://undocs.org/fr/A/79/968)'
	expect_lacks out.md 'script'
	expect_lacks out.md 'alert'
	expect_lacks out.md 'javascript:'
	expect_lacks out.html 'onclick'
	expect_lacks out.html 'onload'
	expect_lacks out.html '<script'
	expect_contains m.json '"format": "html"'
	expect_contains m.json '"language": "fr"'
}
