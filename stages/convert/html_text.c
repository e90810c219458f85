/*
 * Characters and escaping for the HTML input: what CommonMark would read as
 * markup gets a backslash, links keep only safe schemes, code gets a fence.
 */
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "html_md.h"

uint32_t hx_html_utf8_next(const char *s, size_t len, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t n = len - *i, k, j;
	uint32_t cp;

	if (p[0] < 0x80) {
		*i += 1;
		return p[0];
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		k = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		k = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		k = 4, cp = p[0] & 0x07;
	else
		k = 0, cp = 0;
	for (j = 1; k && j < k; j++) {
		if (j >= n || (p[j] & 0xc0) != 0x80)
			k = 0;
		else
			cp = cp << 6 | (p[j] & 0x3f);
	}
	if (!k || (k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff)) {
		*i += 1;
		return 0xfffd;
	}
	*i += k;
	return cp;
}

uint32_t hx_html_utf8_last(const char *s, size_t len)
{
	size_t start, i;
	uint32_t cp;

	if (!len)
		return 0;
	start = len - 1;
	while (start > 0 && len - start < 4 && ((unsigned char)s[start] & 0xc0) == 0x80)
		start--;
	i = start;
	cp = hx_html_utf8_next(s, len, &i);
	return i == len ? cp : 0xfffd;
}

bool hx_html_is_space(uint32_t cp)
{
	if (cp == 0 || cp == ' ' || cp == '\t' || cp == '\n' || cp == '\f' || cp == '\r')
		return true;
	return cp >= 0x80 && u_charType((UChar32)cp) == U_SPACE_SEPARATOR;
}

bool hx_html_is_punct(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '!' && cp <= '/') || (cp >= ':' && cp <= '@') ||
		       (cp >= '[' && cp <= '`') || (cp >= '{' && cp <= '~');
	return u_ispunct((UChar32)cp);
}

bool hx_html_is_wide(uint32_t cp)
{
	UErrorCode status = U_ZERO_ERROR;
	int width;

	if (cp < 0x1100)
		return false;
	width = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
	if (width != U_EA_WIDE && width != U_EA_FULLWIDTH && width != U_EA_HALFWIDTH)
		return false;
	return uscript_getScript((UChar32)cp, &status) != USCRIPT_HANGUL;
}

enum hx_err hx_html_add_clean(struct hx_buf *out, const char *s, size_t len, const char *keep)
{
	size_t i = 0, at;
	uint32_t cp;
	enum hx_err err = HX_OK;

	while (i < len && !err) {
		at = i;
		cp = hx_html_utf8_next(s, len, &i);
		if (cp == 0xfffd)
			err = hx_buf_add_utf8(out, cp);
		else if ((cp >= 0x20 && cp != 0x7f) || (cp && strchr(keep, (int)cp)))
			err = hx_buf_add(out, s + at, i - at);
	}
	return err;
}

static bool html_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static bool ascii_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

enum hx_err hx_html_collapse(struct hx_buf *out, const char *s, size_t len)
{
	size_t start = out->len, i = 0, at;
	bool space = false, newline = false;
	uint32_t prev = 0, cp;
	enum hx_err err;

	while (i < len) {
		if (html_space(s[i])) {
			space = true;
			newline = newline || s[i] == '\n';
			i++;
			continue;
		}
		at = i;
		cp = hx_html_utf8_next(s, len, &i);
		if (space && out->len > start &&
		    !(newline && hx_html_is_wide(prev) && hx_html_is_wide(cp))) {
			err = hx_buf_addc(out, ' ');
			if (err)
				return err;
		}
		space = newline = false;
		prev = cp;
		err = hx_html_add_clean(out, s + at, i - at, "");
		if (err)
			return err;
	}
	return HX_OK;
}

enum hx_err hx_html_strip_conditionals(struct hx_buf *out, const char *s, size_t len)
{
	const char *p, *end;
	enum hx_err err = HX_OK;

	while (len && !err) {
		p = memmem(s, len, "<![", 3);
		end = p ? memmem(p, len - (size_t)(p - s), "]>", 2) : NULL;
		if (!end) {
			return hx_buf_add(out, s, len);
		}
		end += 2;
		err = hx_buf_add(out, s, (size_t)(p - s));
		if (strncasecmp(p + 3, "if", 2) && strncasecmp(p + 3, "endif", 5))
			err = err ? err : hx_buf_add(out, p, (size_t)(end - p));
		len -= (size_t)(end - s);
		s = end;
	}
	return err;
}

/* Whether "&" followed by p could be read as an entity or character reference. */
static bool entity_follows(const char *p, size_t n, bool open_end)
{
	size_t j = 0, name;

	if (j < n && p[j] == '#')
		j++;
	name = j;
	while (j < n && j - name < 32 && ascii_alnum(p[j]))
		j++;
	if (j == n)
		return open_end;
	return j > name && p[j] == ';';
}

static bool needs_escape(const char *s, size_t len, size_t at, size_t next, unsigned flags)
{
	switch (s[at]) {
	case '\\':
	case '`':
	case '*':
	case '[':
	case ']':
	case '<':
	case '|':
	case '~':
		return true;
	case '_': /* only an underscore inside a word cannot open or close emphasis */
		return !(at > 0 && ascii_alnum(s[at - 1]) && next < len && ascii_alnum(s[next]));
	case '&':
		return entity_follows(s + next, len - next, flags & HX_HTML_ESC_OPEN_END);
	case '!': /* "![" would start an image */
		return next == len && (flags & HX_HTML_ESC_OPEN_END);
	case '#':
		return flags & HX_HTML_ESC_HEADING;
	case ':': /* "[^1]:" would start a footnote definition */
		return at == 0 && (flags & HX_HTML_ESC_AFTER_NOTE);
	default:
		return false;
	}
}

enum hx_err hx_html_escape(struct hx_buf *out, const char *s, size_t len, unsigned flags)
{
	size_t i = 0, at;
	uint32_t cp;
	enum hx_err err = HX_OK;

	while (i < len && !err) {
		at = i;
		cp = hx_html_utf8_next(s, len, &i);
		if (cp < 0x20 || cp == 0x7f)
			continue;
		if (cp == 0xfffd) {
			err = hx_buf_add_utf8(out, cp);
			continue;
		}
		if (needs_escape(s, len, at, i, flags)) {
			err = hx_buf_addc(out, '\\');
			if (err)
				break;
		}
		err = hx_buf_add(out, s + at, i - at);
	}
	return err;
}

/* Whether line consists of c, spaces and tabs only. */
static bool only_char(const char *line, size_t len, char c)
{
	for (size_t i = 0; i < len; i++)
		if (line[i] != c && line[i] != ' ' && line[i] != '\t')
			return false;
	return true;
}

/* Where a backslash must go so that line does not open a block; len when nowhere. */
static size_t line_start_escape_at(const char *line, size_t len)
{
	size_t n = 0;

	switch (line[0]) {
	case '#':
		while (n < len && line[n] == '#')
			n++;
		return n <= 6 && (n == len || line[n] == ' ' || line[n] == '\t') ? 0 : len;
	case '>':
		return 0;
	case '+':
	case '-':
		if (len == 1 || line[1] == ' ' || line[1] == '\t')
			return 0;
		return line[0] == '-' && only_char(line, len, '-') ? 0 : len;
	case '=':
		return only_char(line, len, '=') ? 0 : len;
	default:
		while (n < len && n < 10 && line[n] >= '0' && line[n] <= '9')
			n++;
		if (n < 1 || n > 9 || n == len || (line[n] != '.' && line[n] != ')'))
			return len;
		return n + 1 == len || line[n + 1] == ' ' || line[n + 1] == '\t' ? n : len;
	}
}

enum hx_err hx_html_escape_line_start(struct hx_buf *out, const char *line, size_t len)
{
	size_t at;
	enum hx_err err;

	if (!len)
		return HX_OK;
	at = line_start_escape_at(line, len);
	if (at == len)
		return hx_buf_add(out, line, len);
	err = hx_buf_add(out, line, at);
	if (!err)
		err = hx_buf_addc(out, '\\');
	if (!err)
		err = hx_buf_add(out, line + at, len - at);
	return err;
}

enum hx_err hx_html_escape_text(struct hx_buf *out, const char *s, size_t len)
{
	struct hx_buf line = HX_BUF_INIT(out->max);
	enum hx_err err = hx_html_escape(&line, s, len, 0);

	if (!err)
		err = hx_html_escape_line_start(out, hx_buf_str(&line), line.len);
	hx_buf_release(&line);
	return err;
}

/* Whether url (cleaned) has no scheme or one of the schemes kept as links. */
static bool scheme_allowed(const char *url, size_t len)
{
	static const char *const kept[] = {"http", "https", "mailto"};
	size_t i = 0;

	while (i < len && (ascii_alnum(url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.'))
		i++;
	if (i == len || url[i] != ':' || i == 0 ||
	    !((url[0] | 0x20) >= 'a' && (url[0] | 0x20) <= 'z'))
		return true;
	for (size_t k = 0; k < sizeof(kept) / sizeof(kept[0]); k++)
		if (strlen(kept[k]) == i && !strncasecmp(url, kept[k], i))
			return true;
	return false;
}

static enum hx_err add_dest_byte(struct hx_buf *dest, const char *url, size_t len, size_t *i)
{
	unsigned char c = (unsigned char)url[*i];
	size_t at = *i;

	if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '`') {
		*i += 1;
		return hx_buf_addf(dest, "%%%02X", c);
	}
	if (c == '(' || c == ')' || c == '\\' || c == '|' ||
	    (c == '&' && entity_follows(url + at + 1, len - at - 1, false))) {
		*i += 1;
		return hx_buf_add(dest, (const char[]){'\\', (char)c}, 2);
	}
	if (hx_html_utf8_next(url, len, i) == 0xfffd && *i - at == 1 && c >= 0x80)
		return hx_buf_addf(dest, "%%%02X", c);
	return hx_buf_add(dest, url + at, *i - at);
}

enum hx_err hx_html_link_dest(struct hx_buf *dest, const char *href, bool *allowed)
{
	struct hx_buf url = HX_BUF_INIT(dest->max);
	size_t len = strlen(href), i;
	enum hx_err err = HX_OK;

	while (len && (unsigned char)href[len - 1] <= 0x20)
		len--;
	while (len && (unsigned char)href[0] <= 0x20)
		href++, len--;
	for (i = 0; i < len && !err; i++)
		if (href[i] != '\t' && href[i] != '\n' && href[i] != '\r')
			err = hx_buf_addc(&url, href[i]);
	*allowed = !err && url.len && scheme_allowed(hx_buf_str(&url), url.len);
	for (i = 0; *allowed && i < url.len && !err;)
		err = add_dest_byte(dest, url.data, url.len, &i);
	hx_buf_release(&url);
	return err;
}

enum hx_err hx_html_code_span(struct hx_buf *out, const char *code, size_t len, bool cell)
{
	size_t run = 0, longest = 0, fence, i, end;
	const char *bar;
	bool pad;
	enum hx_err err = HX_OK;

	for (i = 0; i < len; i++) {
		run = code[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	/* cmark never closes a run of more than 80 backticks (MAXBACKTICKS): plain text then */
	if (longest >= 80)
		return hx_html_escape(out, code, len, 0);
	fence = longest + 1;
	pad = len && (code[0] == '`' || code[len - 1] == '`');
	for (i = 0; i < fence && !err; i++)
		err = hx_buf_addc(out, '`');
	if (pad && !err)
		err = hx_buf_addc(out, ' ');
	for (i = 0; i < len && !err; i = end + 1) {
		bar = memchr(code + i, '|', len - i);
		end = bar ? (size_t)(bar - code) : len;
		err = hx_html_add_clean(out, code + i, end - i, "");
		if (!err && bar)
			err = hx_buf_adds(out, cell ? "\\|" : "|");
	}
	if (pad && !err)
		err = hx_buf_addc(out, ' ');
	for (i = 0; i < fence && !err; i++)
		err = hx_buf_addc(out, '`');
	return err;
}
