# The decode stage through the real binary: bad input and its exit statuses, and
# the same document saved in every encoding converting to the same bytes.

FIX="$ROOT/tests/fixtures/decode"

t_empty_file_fails_naming_the_file() {
	: > empty.txt
	hx convert empty.txt
	expect_status 1
	expect_err "'empty.txt' is empty"
}

t_whitespace_only_file_counts_as_empty() {
	printf ' \r\n\t\n   \n' > blank.txt
	hx convert blank.txt
	expect_status 1
	expect_err "'blank.txt' is empty"
}

t_empty_standard_input_is_named_as_such() {
	hx convert - < /dev/null
	expect_status 1
	expect_err "'standard input' is empty"
}

t_pdf_is_an_unsupported_format_with_a_hint() {
	printf '%%PDF-1.7\n%%\342\343\317\323\n1 0 obj\n' > report.pdf
	hx convert report.pdf
	expect_status 1
	expect_err "'report.pdf': unsupported format: a PDF file (byte 0)"
	expect_err "pdftotext"
}

t_docx_is_an_unsupported_format() {
	printf 'PK\003\004\024\000\006\000[Content_Types].xml' > report.docx
	hx convert report.docx
	expect_status 1
	expect_err "unsupported format: a ZIP archive (or DOCX/ODT)"
}

t_nul_bytes_are_binary_data_at_their_offset() {
	printf 'General Assembly\n\000\001\002\003\377\376binary' > blob.txt
	hx convert blob.txt
	expect_status 1
	expect_err "'blob.txt': unsupported format: binary data (a NUL byte at byte 17"
}

t_invalid_utf8_names_the_byte_offset_and_line() {
	printf 'Report of the\nSecretary-General \377 on \300\257 item 68\n' > bad.txt
	hx convert --encoding UTF-8 bad.txt
	expect_status 1
	expect_err "cannot decode 'bad.txt' as UTF-8: invalid sequence at byte 32 (line 2)"
}

t_lossy_exits_0_and_warns_with_the_count() {
	printf 'Report of the\nSecretary-General \377 on \300\257 item 68\n' > bad.txt
	hx convert --encoding UTF-8 --lossy bad.txt
	expect_status 0
	expect_err "replaced 3 invalid sequences in UTF-8 with U+FFFD (the first at byte 32, line 2)"
	expect_out "Secretary-General � on �� item 68"
}

t_lossy_count_is_in_the_metadata() {
	printf 'Report \377\n' > bad.txt
	hx convert --lossy --encoding UTF-8 --meta meta.json bad.txt
	expect_status 0
	expect_contains meta.json '"lossy_replacements": 1'
	expect_contains meta.json '"encoding_detected": false'
}

t_unknown_encoding_name_is_a_usage_error() {
	printf 'Report\n' > in.txt
	hx convert --encoding WINDOWS-9999 in.txt
	expect_status 2
	expect_err "unknown encoding 'WINDOWS-9999'"
	expect_err "not known to iconv"
}

t_input_over_max_input_fails() {
	head -c 2048 /dev/zero | tr '\0' 'a' > big.txt
	hx convert --max-input 1K big.txt
	expect_status 1
	expect_err "big.txt"
}

# convert_as FIXTURE ENCODING DETECTED [FILTER]: saves the fixture in ENCODING (its
# UTF-8 text first passed through FILTER, e.g. to add a BOM or CRLF), converts it and
# expects ref.md and DETECTED in the metadata.
convert_as() {
	${4:-cat} < "$FIX/$1" | iconv -f UTF-8 -t "$2" > "in.$2" || fail "iconv cannot write $1 as $2"
	hx convert --meta meta.json "in.$2"
	expect_status 0
	cmp -s out ref.md || fail "$1 saved as $2${4:+ (through $4)} converts to different bytes"
	expect_contains meta.json "\"encoding\": \"$3\""
}

# U+FEFF in front, which iconv writes as the BOM of the target encoding
bom() { printf '\357\273\277'; cat; }
crlf() { sed 's/$/\r/'; }
cr() { tr '\n' '\r'; }

# reference FIXTURE: the conversion of the UTF-8 original, into ref.md
reference() {
	hx convert "$FIX/$1"
	expect_status 0
	[ -s out ] || fail "no output for $1"
	cp out ref.md
}

t_chinese_converts_identically_from_every_encoding() {
	reference report-zh-hans.txt
	for enc in GB2312 GBK GB18030; do
		convert_as report-zh-hans.txt $enc GB18030
	done
	convert_as report-zh-hans.txt UTF-16LE UTF-16LE
	convert_as report-zh-hans.txt UTF-16BE UTF-16BE
	convert_as report-zh-hans.txt UTF-16LE UTF-16LE bom
	convert_as report-zh-hans.txt UTF-8 UTF-8 bom
	convert_as report-zh-hans.txt GB18030 GB18030 crlf
	convert_as report-zh-hans.txt GB18030 GB18030 bom
	reference report-zh-hant.txt
	convert_as report-zh-hant.txt BIG5 BIG5
	convert_as report-zh-hant.txt UTF-16BE UTF-16BE bom
}

t_russian_converts_identically_from_every_encoding() {
	reference report-ru.txt
	convert_as report-ru.txt WINDOWS-1251 WINDOWS-1251
	convert_as report-ru.txt KOI8-R KOI8-R
	convert_as report-ru.txt ISO-8859-5 ISO-8859-5
	convert_as report-ru.txt UTF-16LE UTF-16LE
	convert_as report-ru.txt WINDOWS-1251 WINDOWS-1251 crlf
	convert_as report-ru.txt KOI8-R KOI8-R cr
}

t_arabic_converts_identically_from_every_encoding() {
	reference report-ar.txt
	convert_as report-ar.txt WINDOWS-1256 WINDOWS-1256
	convert_as report-ar.txt ISO-8859-6 ISO-8859-6
	convert_as report-ar.txt UTF-16BE UTF-16BE
	convert_as report-ar.txt UTF-16LE UTF-16LE bom
	convert_as report-ar.txt WINDOWS-1256 WINDOWS-1256 crlf
}

t_latin_scripts_convert_identically_from_every_encoding() {
	reference report-fr.txt
	convert_as report-fr.txt WINDOWS-1252 WINDOWS-1252
	convert_as report-fr.txt UTF-16LE UTF-16LE crlf
	reference report-es.txt
	# without C1 bytes ISO-8859-1 and Windows-1252 are the same bytes; uchardet says ISO-8859-1
	convert_as report-es.txt ISO-8859-1 ISO-8859-1
	convert_as report-es.txt WINDOWS-1252 ISO-8859-1
	reference report-cs.txt
	convert_as report-cs.txt WINDOWS-1250 WINDOWS-1250
	convert_as report-cs.txt ISO-8859-2 ISO-8859-2
	convert_as report-cs.txt UTF-8 UTF-8 crlf
}

t_given_encoding_is_used_and_recorded() {
	reference report-ru.txt
	iconv -f UTF-8 -t KOI8-R "$FIX/report-ru.txt" > ru.txt
	hx convert --encoding koi8-r --meta meta.json ru.txt
	expect_status 0
	cmp -s out ref.md || fail "--encoding koi8-r converts to different bytes"
	expect_contains meta.json '"encoding": "KOI8-R"'
	expect_contains meta.json '"encoding_detected": false'
}
