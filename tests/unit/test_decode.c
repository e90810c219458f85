/* Unit tests for the decode stage: detection, conversion, normalisation and every bad input. */
#include <criterion/criterion.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../stages/decode/decode.h"

/* UN-style prose; each sample is NFC and representable in the encodings it is used with. */
static const char zh_hans[] =
	"大会第七十九届会议\n议程项目68\n促进和保护人权\n\n秘书长的报告\n\n"
	"1. 本报告根据大会第78/190号决议提交，介绍了会员国、联合国系统各实体和其他利益攸关方"
	"为促进和保护人权而采取的措施。\n"
	"2. 秘书长感谢各国政府提供的资料，并注意到在落实可持续发展目标方面取得的进展。"
	"报告最后提出了结论和建议，供大会审议。\n";

static const char zh_hant[] =
	"大會第七十九屆會議\n議程項目68\n促進和保護人權\n\n秘書長的報告\n\n"
	"1. 本報告根據大會第78/190號決議提交，介紹了會員國、聯合國系統各實體和其他利益攸關方"
	"為促進和保護人權而採取的措施。\n"
	"2. 秘書長感謝各國政府提供的資料，並注意到在落實可持續發展目標方面取得的進展。"
	"報告最後提出了結論和建議，供大會審議。\n";

static const char ru[] =
	"Генеральная Ассамблея\nСемьдесят девятая сессия\nПункт 68 повестки дня\n"
	"Поощрение и защита прав человека\n\nДоклад Генерального секретаря\n\n"
	"1. Настоящий доклад представляется во исполнение резолюции 78/190 Генеральной "
	"Ассамблеи. В нём содержится информация о мерах, принятых государствами-членами, "
	"подразделениями системы Организации Объединённых Наций и другими заинтересованными "
	"сторонами.\n"
	"2. Генеральный секретарь благодарит правительства за представленные сведения и "
	"отмечает прогресс в достижении целей в области устойчивого развития.\n";

static const char ar[] =
	"الجمعية العامة\nالدورة التاسعة والسبعون\nالبند 68 من جدول الأعمال\n"
	"تعزيز حقوق الإنسان وحمايتها\n\nتقرير الأمين العام\n\n"
	"1. يقدم هذا التقرير عملاً بقرار الجمعية العامة 78/190، ويتضمن معلومات عن التدابير "
	"التي اتخذتها الدول الأعضاء وكيانات منظومة الأمم المتحدة وسائر أصحاب المصلحة من أجل "
	"تعزيز حقوق الإنسان وحمايتها.\n"
	"2. ويعرب الأمين العام عن شكره للحكومات على ما قدمته من معلومات، ويلاحظ التقدم المحرز "
	"في تحقيق أهداف التنمية المستدامة.\n";

/* Curly apostrophes, « » and œ: only Windows-1252 has them all. */
static const char fr[] =
	"Assemblée générale\nSoixante-dix-neuvième session\nPoint 68 de l’ordre du jour\n"
	"Promotion et protection des droits de l’homme\n\nRapport du Secrétaire général\n\n"
	"1. Le présent rapport est soumis en application de la résolution 78/190 de "
	"l’Assemblée générale. Il décrit les mesures prises par les États Membres, les entités "
	"des Nations Unies et d’autres parties prenantes pour la mise en œuvre du Programme de "
	"développement durable à l’horizon 2030.\n"
	"2. Le Secrétaire général remercie les gouvernements des informations communiquées et "
	"note les progrès réalisés « à l’égard des objectifs » fixés.\n";

static const char es[] =
	"Asamblea General\nSexagésimo noveno período de sesiones\nTema 68 del programa\n"
	"Promoción y protección de los derechos humanos\n\nInforme del Secretario General\n\n"
	"1. El presente informe se presenta en cumplimiento de la resolución 78/190 de la "
	"Asamblea General. En él se describen las medidas adoptadas por los Estados Miembros, "
	"las entidades del sistema de las Naciones Unidas y otras partes interesadas, así como "
	"los progresos logrados en la aplicación de los Objetivos de Desarrollo Sostenible.\n"
	"2. ¿Qué queda por hacer? El Secretario General señala que la cooperación "
	"internacional sigue siendo indispensable.\n";

static const char cs[] =
	"Valné shromáždění\nSedmdesáté deváté zasedání\nBod 68 pořadu jednání\n"
	"Podpora a ochrana lidských práv\n\nZpráva generálního tajemníka\n\n"
	"1. Tato zpráva se předkládá v souladu s rezolucí Valného shromáždění 78/190. Popisuje "
	"opatření přijatá členskými státy, subjekty systému Organizace spojených národů a "
	"dalšími zúčastněnými stranami, jakož i pokrok dosažený při plnění cílů udržitelného "
	"rozvoje.\n"
	"2. Generální tajemník děkuje vládám za poskytnuté informace a zdůrazňuje význam šíření "
	"osvědčených postupů.\n";

static const char pl[] =
	"Zgromadzenie Ogólne\nSiedemdziesiąta dziewiąta sesja\nPunkt 68 porządku obrad\n"
	"Wspieranie i ochrona praw człowieka\n\nSprawozdanie Sekretarza Generalnego\n\n"
	"1. Niniejsze sprawozdanie przedstawia się zgodnie z rezolucją Zgromadzenia Ogólnego "
	"78/190. Opisano w nim środki podjęte przez państwa członkowskie, podmioty systemu "
	"Narodów Zjednoczonych oraz inne zainteresowane strony, a także postęp osiągnięty w "
	"realizacji celów zrównoważonego rozwoju.\n"
	"2. Sekretarz Generalny dziękuje rządom za przekazane informacje i podkreśla, że "
	"współpraca międzynarodowa pozostaje źródłem postępu.\n";

/* Returns a newly allocated copy of utf8 in charset; free with free(). */
static unsigned char *encode(const char *charset, const char *utf8, size_t *len)
{
	iconv_t cd = iconv_open(charset, "UTF-8");
	size_t inleft = strlen(utf8), cap = 4 * inleft + 16, outleft = cap;
	unsigned char *buf = malloc(cap);
	char *in = (char *)utf8, *out = (char *)buf;

	cr_assert_neq(cd, (iconv_t)-1, "iconv does not know %s", charset);
	cr_assert_neq(iconv(cd, &in, &inleft, &out, &outleft), (size_t)-1,
		      "%s cannot encode the sample", charset);
	iconv(cd, NULL, NULL, &out, &outleft);
	iconv_close(cd);
	*len = cap - outleft;
	return buf;
}

static enum hx_err decode(const void *in, size_t len, const char *encoding, bool lossy,
			  struct hx_decode_result *r, struct hx_diag *d)
{
	struct hx_decode_opts opts = {encoding, lossy, 0};

	memset(d, 0, sizeof(*d));
	return hx_decode_bytes("doc.txt", in, len, &opts, r, d);
}

/* Decodes bytes without saying how, expecting sample back and detected as its encoding. */
static void expect_decodes(const void *bytes, size_t len, const char *sample, const char *detected)
{
	struct hx_decode_result r;
	struct hx_diag d;
	enum hx_err err = decode(bytes, len, NULL, false, &r, &d);

	cr_assert_eq(err, HX_OK, "%s: %s", detected, d.msg);
	cr_assert_str_eq(r.encoding, detected);
	cr_assert(r.detected);
	cr_assert_eq(r.len, strlen(sample), "as %s", detected);
	cr_assert_str_eq(r.text, sample, "as %s", detected);
	cr_assert_eq(r.replacements, 0);
	hx_decode_result_release(&r);
}

/* Encodes sample in charset, decodes it without saying how, and expects it back. */
static void expect_round_trip(const char *charset, const char *sample, const char *detected)
{
	size_t len;
	unsigned char *bytes = encode(charset, sample, &len);

	expect_decodes(bytes, len, sample, detected);
	free(bytes);
}

/* The same with a byte order mark in front. */
static void expect_round_trip_with_bom(const char *charset, const char *bom, size_t bom_len,
				       const char *sample)
{
	size_t len;
	unsigned char *bytes = encode(charset, sample, &len);
	unsigned char *with_bom = malloc(bom_len + len);

	memcpy(with_bom, bom, bom_len);
	memcpy(with_bom + bom_len, bytes, len);
	expect_decodes(with_bom, bom_len + len, sample, charset);
	free(with_bom);
	free(bytes);
}

/* Decodes in, expecting err and a message that contains each of the NULL-terminated needles. */
static void expect_failure(const void *in, size_t len, const char *encoding, enum hx_err want,
			   const char *const *needles)
{
	struct hx_decode_result r;
	struct hx_diag d;
	enum hx_err err = decode(in, len, encoding, false, &r, &d);

	cr_assert_eq(err, want, "got %s: %s", hx_err_name(err), d.msg);
	cr_assert_eq(d.err, want);
	cr_assert_null(r.text, "the result is zeroed on failure");
	cr_assert_null(r.encoding);
	cr_assert(strstr(d.msg, "doc.txt"), "message names the file: %s", d.msg);
	for (; *needles; needles++)
		cr_assert(strstr(d.msg, *needles), "message lacks '%s': %s", *needles, d.msg);
}

Test(decode, detects_gb18030_for_simplified_chinese_saved_as_gb2312_gbk_or_gb18030)
{
	expect_round_trip("GB2312", zh_hans, "GB18030");
	expect_round_trip("GBK", zh_hans, "GB18030");
	expect_round_trip("GB18030", zh_hans, "GB18030");
}

Test(decode, detects_big5_for_traditional_chinese)
{
	expect_round_trip("BIG5", zh_hant, "BIG5");
}

Test(decode, retries_big5_as_hkscs_when_hong_kong_characters_occur)
{
	char text[sizeof(zh_hant) + 128];

	snprintf(text, sizeof(text), "%s%s", zh_hant,
		 "香港特別行政區代表指出，佢哋嘅報告已經提交。\n");
	expect_round_trip("BIG5-HKSCS", text, "BIG5-HKSCS");
}

Test(decode, detects_windows_1251_koi8_r_and_iso_8859_5_for_russian)
{
	expect_round_trip("WINDOWS-1251", ru, "WINDOWS-1251");
	expect_round_trip("KOI8-R", ru, "KOI8-R");
	expect_round_trip("ISO-8859-5", ru, "ISO-8859-5");
}

Test(decode, detects_windows_1256_and_iso_8859_6_for_arabic)
{
	expect_round_trip("WINDOWS-1256", ar, "WINDOWS-1256");
	expect_round_trip("ISO-8859-6", ar, "ISO-8859-6");
}

Test(decode, detects_windows_1252_for_french_and_iso_8859_1_for_spanish)
{
	expect_round_trip("WINDOWS-1252", fr, "WINDOWS-1252");
	expect_round_trip("ISO-8859-1", es, "ISO-8859-1");
}

Test(decode, detects_windows_1250_for_czech_and_polish)
{
	expect_round_trip("WINDOWS-1250", cs, "WINDOWS-1250");
	expect_round_trip("WINDOWS-1250", pl, "WINDOWS-1250");
}

Test(decode, prefers_windows_1250_when_iso_8859_2_would_leave_c1_controls)
{
	/* uchardet 0.0.7 answers ISO-8859-2 for this line, whose ź is 0x9F in Windows-1250 */
	expect_round_trip("WINDOWS-1250", "współpraca międzynarodowa pozostaje źródłem postępu.\n",
			  "WINDOWS-1250");
}

Test(decode, reads_utf8_and_reports_pure_ascii_as_utf8)
{
	static const char ascii[] = "General Assembly\nSeventy-ninth session\n";

	expect_round_trip("UTF-8", zh_hans, "UTF-8");
	expect_round_trip("UTF-8", ar, "UTF-8");
	expect_round_trip("UTF-8", ascii, "UTF-8");
}

Test(decode, detects_utf16_le_and_be_without_a_bom)
{
	const char *const samples[] = {zh_hans, zh_hant, ru, ar, fr, es, cs, pl};

	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		expect_round_trip("UTF-16LE", samples[i], "UTF-16LE");
		expect_round_trip("UTF-16BE", samples[i], "UTF-16BE");
	}
}

Test(decode, strips_the_bom_of_utf8_and_utf16)
{
	const char *const samples[] = {zh_hans, ru, ar, fr};

	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		expect_round_trip_with_bom("UTF-8", "\xEF\xBB\xBF", 3, samples[i]);
		expect_round_trip_with_bom("UTF-16LE", "\xFF\xFE", 2, samples[i]);
		expect_round_trip_with_bom("UTF-16BE", "\xFE\xFF", 2, samples[i]);
	}
	expect_decodes("\xFE\xFF\0H\0i", 6, "Hi", "UTF-16BE");
	expect_decodes("\xFF\xFE\0\0H\0\0\0", 8, "H", "UTF-32LE");
}

Test(decode, turns_crlf_and_lone_cr_into_lf)
{
	static const char in[] = "one\r\ntwo\rthree\n\r\nfour\r";
	struct hx_decode_result r;
	struct hx_diag d;
	size_t len;
	unsigned char *u16;

	cr_assert_eq(decode(in, strlen(in), NULL, false, &r, &d), HX_OK);
	cr_assert_str_eq(r.text, "one\ntwo\nthree\n\nfour\n");
	hx_decode_result_release(&r);
	u16 = encode("UTF-16LE", in, &len);
	cr_assert_eq(decode(u16, len, NULL, false, &r, &d), HX_OK);
	cr_assert_str_eq(r.text, "one\ntwo\nthree\n\nfour\n");
	hx_decode_result_release(&r);
	free(u16);
}

Test(decode, normalises_to_nfc)
{
	/* e + combining acute; A + ring; Hangul jamo; a CJK compatibility ideograph */
	static const char in[] = "Cafe\xCC\x81 A\xCC\x8A \xE1\x84\x92\xE1\x85\xA1 \xEF\xA4\x80";
	struct hx_decode_result r;
	struct hx_diag d;

	cr_assert_eq(decode(in, strlen(in), NULL, false, &r, &d), HX_OK, "%s", d.msg);
	cr_assert_str_eq(r.text, "Café Å 하 \xE8\xB1\x88");
	hx_decode_result_release(&r);
}

Test(decode, normalises_a_combining_mark_that_straddles_the_64k_chunk_boundary)
{
	size_t n = 65535 + 3 + 100;
	char *in = malloc(n + 1);
	struct hx_decode_result r;
	struct hx_diag d;

	memset(in, 'x', n);
	memcpy(in + 65535, "e\xCC\x81", 3); /* the mark starts at byte 65536 */
	in[n] = '\0';
	cr_assert_eq(decode(in, n, NULL, false, &r, &d), HX_OK, "%s", d.msg);
	cr_assert_eq(r.len, n - 1);
	cr_assert(memcmp(r.text + 65535, "\xC3\xA9xx", 4) == 0, "é composed across the boundary");
	hx_decode_result_release(&r);
	free(in);
}

Test(decode, refuses_empty_and_whitespace_only_input)
{
	size_t len;
	unsigned char *u16 = encode("UTF-16", " \n\t\u3000\n", &len);

	expect_failure("", 0, NULL, HX_E_EMPTY, (const char *const[]){"empty", "0 bytes", NULL});
	expect_failure(" \r\n\t \n", 6, NULL, HX_E_EMPTY,
		       (const char *const[]){"empty", "6 bytes", "white space", NULL});
	expect_failure("\xEF\xBB\xBF\xC2\xA0\n", 6, NULL, HX_E_EMPTY,
		       (const char *const[]){"empty", NULL});
	expect_failure(u16, len, NULL, HX_E_EMPTY, (const char *const[]){"empty", NULL});
	free(u16);
}

Test(decode, refuses_binary_formats_by_their_magic_naming_the_kind)
{
	static const struct {
		const char *bytes;
		size_t len;
		const char *kind;
	} cases[] = {
		{"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", 15, "a PDF file"},
		{"PK\x03\x04\x14\0\x06\0", 8, "ZIP"},
		{"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "PNG"},
		{"\xFF\xD8\xFF\xE0\0\x10JFIF", 10, "JPEG"},
		{"GIF89a\x01\0\x01\0", 10, "GIF"},
		{"\x1F\x8B\x08\0\0\0\0\0", 8, "gzip"},
		{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10, "OLE"},
		{"\177ELF\x02\x01\x01", 7, "ELF"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_failure(cases[i].bytes, cases[i].len, NULL, HX_E_FORMAT,
			       (const char *const[]){"unsupported format", cases[i].kind,
						     "(byte 0)", NULL});
	expect_failure("%PDF-1.4", 8, "UTF-8", HX_E_FORMAT,
		       (const char *const[]){"pdftotext", NULL});
}

Test(decode, refuses_nul_bytes_that_utf16_does_not_explain)
{
	static const char stray[] = "General Assembly\nSeventy-ninth\0 session\n";
	static const char junk[] = "General Assembly\n\0\1\2\3\xFF\xFE binary";
	unsigned char noise[512];
	const char *const texts[] = {ru, zh_hans};
	const char *const charsets[] = {"UTF-8", "WINDOWS-1251", "GB18030"};

	expect_failure(stray, sizeof(stray) - 1, NULL, HX_E_FORMAT,
		       (const char *const[]){"unsupported format", "NUL byte at byte 30", NULL});
	expect_failure(stray, sizeof(stray) - 1, "WINDOWS-1252", HX_E_FORMAT,
		       (const char *const[]){"NUL byte at byte 30", NULL});
	expect_failure(junk, sizeof(junk) - 1, NULL, HX_E_FORMAT,
		       (const char *const[]){"NUL byte at byte 17", NULL});
	for (size_t i = 0; i < sizeof(noise); i++)
		noise[i] = (unsigned char)(i * 7919 % 251);
	expect_failure(noise, sizeof(noise), NULL, HX_E_FORMAT,
		       (const char *const[]){"binary data", "at byte 0", NULL});
	/* 8-bit text with one NUL byte, at an even and at an odd offset, must not pass for UTF-16
	 */
	for (size_t t = 0; t < 2; t++) {
		for (size_t c = 0; c < 3; c++) {
			size_t len;
			unsigned char *bytes;

			if (t == 1 && c == 1)
				continue; /* Windows-1251 has no Chinese */
			bytes = encode(charsets[c], texts[t], &len);
			for (size_t at = 100; at < 102; at++) {
				unsigned char keep = bytes[at];

				bytes[at] = 0;
				expect_failure(bytes, len, NULL, HX_E_FORMAT,
					       (const char *const[]){"binary data", NULL});
				bytes[at] = keep;
			}
			free(bytes);
		}
	}
}

Test(decode, refuses_a_nul_character_inside_utf16)
{
	/* "Hi", U+0000, "!" after a little-endian BOM: the NUL unit is at byte 6 */
	expect_failure("\xFF\xFEH\0i\0\0\0!\0", 10, NULL, HX_E_FORMAT,
		       (const char *const[]){"NUL character at byte 6", NULL});
}

Test(decode, names_byte_and_line_of_an_invalid_sequence_in_the_given_encoding)
{
	static const char in[] = "Report\r\nof the\nSecretary-General \xFF\xFE here\n";
	unsigned char *cp1251;
	size_t len;

	expect_failure(in, sizeof(in) - 1, "utf-8", HX_E_DECODE,
		       (const char *const[]){"cannot decode 'doc.txt' as UTF-8",
					     "invalid sequence at byte 33 (line 3)", "--lossy",
					     NULL});
	/* 0x98 is the one byte Windows-1251 leaves undefined */
	cp1251 = encode("WINDOWS-1251", ru, &len);
	cp1251[200] = 0x98;
	expect_failure(cp1251, len, "cp1251", HX_E_DECODE,
		       (const char *const[]){"as WINDOWS-1251: invalid sequence at byte 200",
					     "(line 8)", NULL});
	free(cp1251);
}

Test(decode, names_an_incomplete_sequence_at_the_end)
{
	expect_failure("Report \xE4\xB8", 9, "UTF-8", HX_E_DECODE,
		       (const char *const[]){"incomplete sequence at byte 7 (line 1)", NULL});
	expect_failure("\xFF\xFEH\0i\0!", 7, NULL, HX_E_DECODE,
		       (const char *const[]){"as UTF-16LE", "incomplete sequence at byte 6", NULL});
}

Test(decode, names_the_bad_byte_of_mostly_utf8_text_instead_of_guessing)
{
	/* uchardet 0.0.7 calls these WINDOWS-1250 and ISO-8859-1, turning each é into mojibake */
	static const char fr_bad[] = "Rapport du Secr\xE9taire g\xC3\xA9n\xC3\xA9ral\n"
				     "Assembl\xC3\xA9"
				     "e g\xC3\xA9n\xC3\xA9rale\n";
	static const char es_bad[] = "Informe del Secretario General sobre la aplicaci\xF3n de la "
				     "resoluci\xC3\xB3n 78/190, p\xC3\xA1rrafo 3\n";

	expect_failure(
		fr_bad, sizeof(fr_bad) - 1, NULL, HX_E_DECODE,
		(const char *const[]){"as UTF-8", "invalid sequence at byte 15 (line 1)", NULL});
	expect_failure(
		es_bad, sizeof(es_bad) - 1, NULL, HX_E_DECODE,
		(const char *const[]){"as UTF-8", "invalid sequence at byte 48 (line 1)", NULL});
}

Test(decode, refuses_bytes_whose_encoding_cannot_be_detected)
{
	static const char in[] = "Report\n\x80\x81\x82\x83\x84\n";

	expect_failure(
		in, sizeof(in) - 1, NULL, HX_E_DECODE,
		(const char *const[]){"not recognised", "byte 7, line 2", "--encoding", NULL});
}

Test(decode, lossy_replaces_each_invalid_sequence_and_counts_them)
{
	/* 0xFF, a cut-short E4 B8, an overlong C0, a lone continuation byte */
	static const char in[] = "a\nb\xFF"
				 "c\xE4\xB8"
				 "d\xC0\x80"
				 "e\n";
	struct hx_decode_result r;
	struct hx_diag d;

	cr_assert_eq(decode(in, sizeof(in) - 1, "UTF-8", true, &r, &d), HX_OK, "%s", d.msg);
	cr_assert_str_eq(r.text, "a\nb\xEF\xBF\xBD"
				 "c\xEF\xBF\xBD"
				 "d\xEF\xBF\xBD\xEF\xBF\xBD"
				 "e\n");
	cr_assert_eq(r.replacements, 4);
	cr_assert_eq(r.first_replacement, 3);
	cr_assert_eq(r.first_replacement_line, 2);
	cr_assert_not(r.detected);
	hx_decode_result_release(&r);
}

Test(decode, lossy_keeps_utf16_code_units_aligned)
{
	/* "A", a lone high surrogate, "B" */
	struct hx_decode_result r;
	struct hx_diag d;

	cr_assert_eq(decode("\xFF\xFE"
			    "A\0\0\xD8"
			    "B\0",
			    8, NULL, true, &r, &d),
		     HX_OK, "%s", d.msg);
	cr_assert_str_eq(r.text, "A\xEF\xBF\xBD"
				 "B");
	cr_assert_eq(r.replacements, 1);
	cr_assert_eq(r.first_replacement, 4);
	hx_decode_result_release(&r);
}

Test(decode, lossy_decodes_undetectable_bytes_as_utf8)
{
	struct hx_decode_result r;
	struct hx_diag d;

	cr_assert_eq(decode("Report\n\x80\x81\n", 10, NULL, true, &r, &d), HX_OK, "%s", d.msg);
	cr_assert_str_eq(r.encoding, "UTF-8");
	cr_assert_eq(r.replacements, 2);
	hx_decode_result_release(&r);
}

Test(decode, rejects_an_encoding_name_iconv_does_not_know)
{
	expect_failure("text", 4, "no-such-charset", HX_E_CONFIG,
		       (const char *const[]){"'no-such-charset'", "not known to iconv", NULL});
	expect_failure("text", 4, "UTF-8//IGNORE", HX_E_CONFIG,
		       (const char *const[]){"not known to iconv", NULL});
}

Test(decode, uses_a_given_encoding_as_is)
{
	struct hx_decode_result r;
	struct hx_diag d;
	size_t len;
	unsigned char *koi8 = encode("KOI8-R", ru, &len);

	/* valid but wrong: KOI8-R bytes read as Windows-1251 */
	cr_assert_eq(decode(koi8, len, "windows-1251", false, &r, &d), HX_OK, "%s", d.msg);
	cr_assert_str_eq(r.encoding, "WINDOWS-1251");
	cr_assert_not(r.detected);
	cr_assert_str_neq(r.text, ru);
	hx_decode_result_release(&r);
	cr_assert_eq(decode(koi8, len, "koi8-r", false, &r, &d), HX_OK, "%s", d.msg);
	cr_assert_str_eq(r.text, ru);
	hx_decode_result_release(&r);
	free(koi8);
}

Test(decode, caps_the_decoded_output)
{
	struct hx_decode_opts opts = {NULL, false, 0};
	struct hx_decode_result r;
	struct hx_diag d = {0};
	size_t len;
	unsigned char *gb = encode("GB18030", zh_hans, &len);

	/* GB18030 takes 2 bytes for what UTF-8 takes 3 for: the output outgrows the input */
	opts.max_output = len;
	cr_assert_eq(hx_decode_bytes("doc.txt", gb, len, &opts, &r, &d), HX_E_LIMIT);
	cr_assert(strstr(d.msg, "output cap of"), "%s", d.msg);
	cr_assert(strstr(d.msg, "doc.txt"), "%s", d.msg);
	cr_assert_null(r.text);
	opts.max_output = strlen(zh_hans);
	cr_assert_eq(hx_decode_bytes("doc.txt", gb, len, &opts, &r, &d), HX_OK, "%s", d.msg);
	cr_assert_str_eq(r.text, zh_hans);
	hx_decode_result_release(&r);
	free(gb);
}

Test(decode, caps_the_output_of_nfc_and_of_replacements)
{
	struct hx_decode_opts opts = {"UTF-8", true, 5};
	struct hx_decode_result r;
	struct hx_diag d = {0};

	/* U+0958 has no composed form: NFC decomposes it, 3 bytes to 6 */
	opts.lossy = false;
	cr_assert_eq(
		hx_decode_bytes("doc.txt", (const unsigned char *)"\xE0\xA5\x98", 3, &opts, &r, &d),
		HX_E_LIMIT);
	cr_assert(strstr(d.msg, "output cap of 5 bytes"), "%s", d.msg);
	opts.lossy = true;
	cr_assert_eq(
		hx_decode_bytes("doc.txt", (const unsigned char *)"ab\xFF\xFF", 4, &opts, &r, &d),
		HX_E_LIMIT);
	cr_assert(strstr(d.msg, "output cap of 5 bytes"), "%s", d.msg);
}

Test(decode, detects_7bit_iso_2022_jp)
{
	expect_round_trip("ISO-2022-JP",
			  "国連総会は、持続可能な開発目標の実施に関する報告書を審議した。\n",
			  "ISO-2022-JP");
}
