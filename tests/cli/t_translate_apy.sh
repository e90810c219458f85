# hexaglot translate end to end through a real Apertium APy started on 127.0.0.1:
# an English and a French document of the project's own, to Spanish and by pivot.

APY="$ROOT/tests/support/apy.sh"

t_translates_english_and_french_documents_through_a_real_apertium() {
	URL=$(bash "$APY" start apy) || fail "Apertium APy did not start (make deps installs it)"
	trap 'bash "$APY" stop apy >/dev/null 2>&1' EXIT
	cat > note.md <<'EOF2'
# Note by the Secretariat

1\. The General Assembly adopted resolution [A/RES/67/290](https://undocs.org/en/A/RES/67/290) on 9 July 2013. It welcomed the *report* of the Secretary-General.

2\. The Security Council will meet in New York.
EOF2
	cat > note-fr.md <<'EOF2'
# Note du Secrétariat

1\. L’Assemblée générale a adopté la résolution [A/RES/67/290](https://undocs.org/fr/A/RES/67/290) le 9 juillet 2013.
EOF2
	hx translate note.md note-fr.md --to es,fr,en --endpoint "$URL" -o dest
	expect_status 0
	expect_contains dest/note/note.es.md 'Asamblea General'
	expect_contains dest/note/note.es.md '[A/RES/67/290](https://undocs.org/es/A/RES/67/290)'
	expect_contains dest/note/note.es.md '1\. '
	expect_contains dest/note/note.es.md '9 de julio de 2013'
	expect_contains dest/note/note.fr.md 'Assemblée générale'
	expect_err 'note.md -> fr: 4 segments, 4 translated through a pivot'
	# names go to Apertium inside <g> tags: the engine agrees the article and the verb with
	# them, and the official form replaces what it made of them (its own: "Asamblea general")
	expect_contains dest/note-fr/note-fr.es.md 'La Asamblea General ha adoptado la resolución'
	expect_contains dest/note-fr/note-fr.en.md 'The General Assembly has adopted the resolution'
	expect_contains dest/note/note.es.md 'El Consejo de Seguridad'
	expect_contains dest/note/note.fr.md 'Le Conseil de sécurité'
	# through the pivot Apertium pulls "Assemblée" out of the tag: not written twice
	expect_contains dest/note/note.fr.md "L'Assemblée générale"
	expect_lacks dest/note/note.fr.md 'Assemblée Assemblée'
	expect_err 'note-fr.md -> en: 2 segments, 2 translated through a pivot'
}
