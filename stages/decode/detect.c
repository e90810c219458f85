/*
 * Encoding detection: the bytes' own evidence first (magic, BOM, UTF-16 zero
 * bytes, UTF-8 validity), uchardet only for legacy code pages.
 */
#include "detect.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <uchardet/uchardet.h>

size_t hx_dec_utf8_next(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned b = s[0], lo = 0x80, hi = 0xBF, c;
	size_t need;

	*cp = HX_DEC_UTF8_BAD;
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	/* Unicode's table 3-7: the second byte's range excludes overlongs and surrogates */
	if (b < 0xC2 || b > 0xF4)
		return 1;
	if (b < 0xE0) {
		need = 1;
		c = b & 0x1F;
	} else if (b < 0xF0) {
		need = 2;
		c = b & 0x0F;
		lo = b == 0xE0 ? 0xA0 : 0x80;
		hi = b == 0xED ? 0x9F : 0xBF;
	} else {
		need = 3;
		c = b & 0x07;
		lo = b == 0xF0 ? 0x90 : 0x80;
		hi = b == 0xF4 ? 0x8F : 0xBF;
	}
	for (size_t i = 1; i <= need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi)
			return i;
		c = c << 6 | (s[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = c;
	return need + 1;
}

static const struct magic {
	const char *bytes;
	size_t len;
	const char *kind;
	const char *hint;
} magics[] = {
	{"%PDF", 4, "a PDF file", "extract its text first, e.g. with pdftotext"},
	{"PK\x03\x04", 4, "a ZIP archive (or DOCX/ODT)",
	 "save it as text or HTML first, e.g. with pandoc or libreoffice --convert-to"},
	{"PK\x05\x06", 4, "an empty ZIP archive", "there is no text in it"},
	{"\x89PNG\r\n\x1a\n", 8, "a PNG image", "extract its text first, e.g. with tesseract"},
	{"\xFF\xD8\xFF", 3, "a JPEG image", "extract its text first, e.g. with tesseract"},
	{"GIF87a", 6, "a GIF image", "extract its text first, e.g. with tesseract"},
	{"GIF89a", 6, "a GIF image", "extract its text first, e.g. with tesseract"},
	{"\x1F\x8B", 2, "a gzip-compressed file", "decompress it first, e.g. with gunzip"},
	{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "an OLE file (e.g. a Word 97-2003 .doc)",
	 "save it as text first, e.g. with antiword or libreoffice --convert-to txt"},
	{"\177ELF", 4, "an ELF executable", "this is a program, not a document"},
};

const char *hx_dec_find_magic(const unsigned char *in, size_t len, const char **hint)
{
	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
		const struct magic *m = &magics[i];

		if (len >= m->len && memcmp(in, m->bytes, m->len) == 0) {
			*hint = m->hint;
			return m->kind;
		}
	}
	*hint = NULL;
	return NULL;
}

size_t hx_dec_line_at(const unsigned char *s, size_t off)
{
	size_t line = 1;

	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= off || s[i + 1] != '\n')))
			line++;
	return line;
}

static const char *bom_encoding(const unsigned char *in, size_t len)
{
	if (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0)
		return "UTF-8";
	if (len >= 4 && memcmp(in, "\xFF\xFE\0\0", 4) == 0)
		return "UTF-32LE";
	if (len >= 4 && memcmp(in, "\0\0\xFE\xFF", 4) == 0)
		return "UTF-32BE";
	if (len >= 2 && memcmp(in, "\xFF\xFE", 2) == 0)
		return "UTF-16LE";
	if (len >= 2 && memcmp(in, "\xFE\xFF", 2) == 0)
		return "UTF-16BE";
	return NULL;
}

/*
 * Text with stray NULs rather than UTF-16: well-formed UTF-8 between the NULs,
 * no C0 controls (UTF-16 Cyrillic and Arabic have 0x04 and 0x06 bytes), and
 * far fewer NULs than the half of all bytes that UTF-16 Latin text has.
 */
static bool utf8_with_stray_nuls(const unsigned char *in, size_t len, size_t nuls)
{
	unsigned cp;

	if (nuls >= len / 4)
		return false;
	for (size_t i = 0; i < len;) {
		i += hx_dec_utf8_next(in + i, len - i, &cp);
		if (cp == HX_DEC_UTF8_BAD || (cp && cp < 0x20 && !(cp >= '\t' && cp <= '\r')))
			return false;
	}
	return true;
}

struct utf16_counts {
	size_t units;
	size_t controls;    /* C0 controls other than tab, line and page breaks, and U+0000 */
	size_t ascii_pairs; /* both bytes printable ASCII: 8-bit text read two bytes at a time */
	size_t odd;         /* unpaired surrogates, private use, noncharacters */
};

static void utf16_count(const unsigned char *in, size_t len, bool le, struct utf16_counts *c)
{
	unsigned unit, next;

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i + 1 < len; i += 2) {
		unit = le ? in[i] | (unsigned)in[i + 1] << 8 : (unsigned)in[i] << 8 | in[i + 1];
		c->units++;
		if (unit < 0x20 && !(unit >= '\t' && unit <= '\r'))
			c->controls++;
		if (in[i] >= 0x20 && in[i] < 0x7F && in[i + 1] >= 0x20 && in[i + 1] < 0x7F)
			c->ascii_pairs++;
		if (unit >= 0xD800 && unit < 0xDC00 && i + 3 < len) {
			next = le ? in[i + 2] | (unsigned)in[i + 3] << 8
				  : (unsigned)in[i + 2] << 8 | in[i + 3];
			if (next >= 0xDC00 && next < 0xE000) {
				i += 2; /* a valid pair */
				continue;
			}
		}
		if ((unit >= 0xD800 && unit < 0xF900) || unit >= 0xFFFE ||
		    (unit >= 0xFDD0 && unit < 0xFDF0))
			c->odd++;
	}
}

/*
 * UTF-16 without a BOM (uchardet 0.0.7 cannot see it): the zero high bytes of
 * ASCII characters all fall on one parity, no code unit is a C0 control, and
 * few are private use or broken surrogates, which 8-bit text read as UTF-16
 * is full of. Text with stray NULs and binary data fail these tests.
 */
static const char *utf16_by_zero_bytes(const unsigned char *in, size_t len)
{
	size_t zeros[2] = {0, 0};
	struct utf16_counts c;
	int hi;

	for (size_t i = 0; i < len; i++)
		zeros[i & 1] += in[i] == 0;
	hi = zeros[1] > zeros[0]; /* LE: zeros at odd offsets */
	if (zeros[hi] <= 4 * zeros[!hi] || utf8_with_stray_nuls(in, len, zeros[0] + zeros[1]))
		return NULL;
	utf16_count(in, len, hi, &c);
	/* PDF barcodes can be private-use characters: allow a few */
	if (c.controls || c.ascii_pairs * 2 > c.units || c.odd * 20 > c.units)
		return NULL;
	return hi ? "UTF-16LE" : "UTF-16BE";
}

struct utf8_stats {
	size_t multibyte; /* well-formed sequences of two or more bytes */
	size_t invalid;   /* ill-formed sequences */
	size_t first_invalid;
	bool escapes; /* ESC: perhaps 7-bit ISO-2022 */
};

static void utf8_count(const unsigned char *in, size_t len, struct utf8_stats *st)
{
	size_t i = 0, n;
	unsigned cp;

	memset(st, 0, sizeof(*st));
	while (i < len) {
		n = hx_dec_utf8_next(in + i, len - i, &cp);
		if (cp == HX_DEC_UTF8_BAD) {
			if (!st->invalid++)
				st->first_invalid = i;
		} else if (n > 1) {
			st->multibyte++;
		} else if (cp == 0x1B) {
			st->escapes = true;
		}
		i += n;
	}
}

/* C1 controls never occur in real text: with them, ISO-8859-N is its Windows code page. */
static const char *windows_for_iso(const char *iso, const unsigned char *in, size_t len)
{
	static const char *const pairs[][2] = {
		{"ISO-8859-1", "WINDOWS-1252"}, {"ISO-8859-2", "WINDOWS-1250"},
		{"ISO-8859-5", "WINDOWS-1251"}, {"ISO-8859-6", "WINDOWS-1256"},
		{"ISO-8859-7", "WINDOWS-1253"}, {"ISO-8859-8", "WINDOWS-1255"},
		{"ISO-8859-9", "WINDOWS-1254"}, {"ISO-8859-13", "WINDOWS-1257"},
	};

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		if (strcasecmp(iso, pairs[i][0]) != 0)
			continue;
		for (size_t j = 0; j < len; j++)
			if (in[j] >= 0x80 && in[j] < 0xA0)
				return pairs[i][1];
		return NULL;
	}
	return NULL;
}

/*
 * uchardet's single-byte probers take seconds over tens of megabytes, and a few
 * megabytes from the first non-ASCII byte on are evidence enough.
 */
#define UCHARDET_SAMPLE ((size_t)256 << 10)

/*
 * uchardet's answer as an iconv name, copied into guess->name_buf; false for
 * no answer. It reads a sample starting a little before byte from.
 */
static bool ask_uchardet(const unsigned char *in, size_t len, size_t from,
			 struct hx_dec_guess *guess)
{
	static const char *const renames[][2] = {
		{"GB2312", "GB18030"}, /* GB18030 is a superset of both */
		{"GBK", "GB18030"},
		{"ASCII", "UTF-8"},
	};
	size_t start = from > 1024 ? from - 1024 : 0;
	uchardet_t ud = uchardet_new();
	const char *cs, *windows;
	bool known;

	uchardet_handle_data(ud, (const char *)in + start,
			     len - start > UCHARDET_SAMPLE ? UCHARDET_SAMPLE : len - start);
	uchardet_data_end(ud);
	cs = uchardet_get_charset(ud);
	known = cs && *cs && strcasecmp(cs, "unknown") != 0;
	if (known) {
		for (size_t i = 0; i < sizeof(renames) / sizeof(renames[0]); i++)
			if (strcasecmp(cs, renames[i][0]) == 0)
				cs = renames[i][1];
		windows = windows_for_iso(cs, in, len);
		snprintf(guess->name_buf, sizeof(guess->name_buf), "%s", windows ? windows : cs);
		guess->encoding = guess->name_buf;
	}
	uchardet_delete(ud);
	return known;
}

/* No NUL bytes and no BOM: UTF-8 if it is (or mostly is, one bad byte aside), else uchardet. */
static enum hx_err detect_8bit(const char *name, const unsigned char *in, size_t len, bool lossy,
			       struct hx_dec_guess *guess, struct hx_diag *diag)
{
	struct utf8_stats st;

	utf8_count(in, len, &st);
	guess->encoding = "UTF-8";
	/* 7-bit ISO-2022 is pure ASCII with escapes: only uchardet can tell */
	if (!st.invalid && !st.multibyte && st.escapes && ask_uchardet(in, len, 0, guess) &&
	    strncasecmp(guess->encoding, "ISO-2022", 8) == 0)
		return HX_OK;
	guess->encoding = "UTF-8";
	/*
	 * Legacy text forms valid UTF-8 sequences by chance, in CJK one for ten
	 * invalid ones or fewer; UTF-8 with a few corrupt bytes has more valid ones
	 * than invalid. uchardet answers IBM852 for such text, so decode it as
	 * UTF-8 and name the bad byte.
	 */
	if (!st.invalid || st.multibyte >= st.invalid)
		return HX_OK;
	if (ask_uchardet(in, len, st.first_invalid, guess) || lossy)
		return HX_OK;
	return hx_fail(diag, HX_E_DECODE,
		       "cannot decode '%s': it is not UTF-8 (invalid sequence at byte %zu, line "
		       "%zu) and its encoding was not recognised; give it with --encoding",
		       name, st.first_invalid, hx_dec_line_at(in, st.first_invalid));
}

enum hx_err hx_dec_detect(const char *name, const unsigned char *in, size_t len, bool lossy,
			  struct hx_dec_guess *guess, struct hx_diag *diag)
{
	const unsigned char *nul;

	memset(guess, 0, sizeof(*guess));
	guess->encoding = bom_encoding(in, len);
	if (guess->encoding)
		return HX_OK;
	nul = memchr(in, 0, len);
	if (!nul)
		return detect_8bit(name, in, len, lossy, guess, diag);
	guess->encoding = utf16_by_zero_bytes(in, len);
	if (guess->encoding)
		return HX_OK;
	return hx_fail(diag, HX_E_FORMAT,
		       "'%s': unsupported format: binary data (a NUL byte at byte %zu, and not "
		       "UTF-16 text); hexaglot reads text, Markdown or HTML",
		       name, (size_t)(nul - in));
}
