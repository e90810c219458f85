/*
 * CommonMark read a line at a time, as far as cutting it into chunks needs: which lines
 * start blocks, and which blocks (fenced code, HTML) go on across blank lines.
 */
#include <string.h>
#include <strings.h>

#include "render.h"

bool hx_md_is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

size_t hx_md_indent(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && i < 4 && s[i] == ' ')
		i++;
	return i < n && i < 4 && s[i] == '\t' ? 4 : i;
}

static bool in_set(char c, const char *set)
{
	return c != '\0' && strchr(set, c);
}

static bool is_end_or_space(const char *s, size_t n, size_t i)
{
	return i >= n || s[i] == ' ' || s[i] == '\t' || s[i] == '\r';
}

static size_t run_of(const char *s, size_t n, char c)
{
	size_t i = 0;

	while (i < n && s[i] == c)
		i++;
	return i;
}

/* The length of the fence s opens, or 0. A backtick fence's info has no backtick: "```a```" is
 * code. */
static size_t fence_length(const char *s, size_t n)
{
	size_t k = n ? run_of(s, n, s[0]) : 0;

	if (k < 3 || (s[0] != '`' && s[0] != '~'))
		return 0;
	return s[0] == '`' && memchr(s + k, '`', n - k) ? 0 : k;
}

bool hx_md_is_list_item(const char *s, size_t n)
{
	size_t i = 0;

	if (n && (s[0] == '-' || s[0] == '*' || s[0] == '+'))
		return is_end_or_space(s, n, 1);
	while (i < n && i < 9 && s[i] >= '0' && s[i] <= '9')
		i++;
	return i > 0 && i < n && (s[i] == '.' || s[i] == ')') && is_end_or_space(s, n, i + 1);
}

bool hx_md_is_definition(const char *s, size_t n, size_t *label_len)
{
	size_t i = 2;

	if (n < 5 || s[0] != '[' || s[1] != '^')
		return false;
	while (i < n && s[i] != '\0' && !in_set(s[i], "] \t\r\n"))
		i++;
	*label_len = i - 2;
	return i > 2 && i + 1 < n && s[i] == ']' && s[i + 1] == ':';
}

static bool is_thematic_break(const char *s, size_t n)
{
	size_t marks = 0;

	if (!n || !in_set(s[0], "-*_"))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == s[0])
			marks++;
		else if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	}
	return marks >= 3;
}

bool hx_md_starts_block(const char *s, size_t n)
{
	size_t hashes = run_of(s, n, '#'), label_len;

	if (hashes >= 1 && hashes <= 6 && is_end_or_space(s, n, hashes))
		return true;
	if (n && (s[0] == '>' || s[0] == '<'))
		return true;
	if (fence_length(s, n))
		return true;
	return is_thematic_break(s, n) || hx_md_is_list_item(s, n) ||
	       hx_md_is_definition(s, n, &label_len);
}

static bool has_prefix_ci(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && strncasecmp(s, prefix, k) == 0;
}

static bool contains_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, needle, k) == 0)
			return true;
	return false;
}

static bool is_letter(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* HTML blocks of kinds 1 to 5 (CommonMark 0.29) end at a marker: what closes the one s starts. */
static const char *html_block_end(const char *s, size_t n)
{
	static const char *const raw[][2] = {
		{"<script", "</script>"}, {"<pre", "</pre>"}, {"<style", "</style>"}};

	if (n < 2 || s[0] != '<')
		return NULL;
	for (size_t i = 0; i < sizeof(raw) / sizeof(raw[0]); i++) {
		size_t k = strlen(raw[i][0]);

		if (has_prefix_ci(s, n, raw[i][0]) && (is_end_or_space(s, n, k) || s[k] == '>'))
			return raw[i][1];
	}
	if (has_prefix_ci(s, n, "<!--"))
		return "-->";
	if (s[1] == '?')
		return "?>";
	if (has_prefix_ci(s, n, "<![CDATA["))
		return "]]>";
	return s[1] == '!' && n > 2 && is_letter(s[2]) ? ">" : NULL;
}

/*
 * HTML blocks of kinds 6 and 7 end at a blank line: a block-level tag, or (when no
 * paragraph goes on) a line that is one tag. The second is recognised loosely.
 */
static bool opens_html_to_blank(const char *s, size_t n, bool in_paragraph)
{
	static const char tags[] =
		" address article aside base basefont blockquote body caption center col colgroup"
		" dd details dialog dir div dl dt fieldset figcaption figure footer form frame"
		" frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu"
		" menuitem nav noframes ol optgroup option p param section source summary table"
		" tbody td tfoot th thead title tr track ul ";
	size_t i = n > 1 && s[0] == '<' && s[1] == '/' ? 2 : 1, k = i;
	char name[16] = " ";

	if (n < 2 || s[0] != '<' || i >= n || !is_letter(s[i]))
		return false;
	while (k < n && k - i < sizeof(name) - 3 &&
	       (is_letter(s[k]) || (s[k] >= '0' && s[k] <= '9')))
		k++;
	for (size_t j = i; j < k; j++)
		name[j - i + 1] = (char)(s[j] | 0x20);
	name[k - i + 1] = ' ';
	if (strstr(tags, name) && (is_end_or_space(s, n, k) || s[k] == '>' || s[k] == '/'))
		return true;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return !in_paragraph && memchr(s, '>', n) == s + n - 1;
}

static bool opens_fence(struct hx_md_scan *sc, const char *s, size_t n)
{
	size_t k = fence_length(s, n);

	sc->fence = k ? s[0] : '\0';
	sc->fence_len = k;
	return k > 0;
}

static bool closes_fence(const struct hx_md_scan *sc, const char *s, size_t n)
{
	size_t ind = hx_md_indent(s, n), k;

	if (ind >= 4)
		return false;
	k = run_of(s + ind, n - ind, sc->fence);
	return k >= sc->fence_len && hx_md_is_blank(s + ind + k, n - ind - k);
}

static void open_block(struct hx_md_scan *sc, const char *s, size_t n, size_t ind)
{
	if (opens_fence(sc, s, n)) {
		sc->open = HX_MD_OPEN_FENCE;
		sc->indent = ind;
		return;
	}
	sc->html_end = html_block_end(s, n);
	if (sc->html_end && !contains_ci(s, n, sc->html_end))
		sc->open = HX_MD_OPEN_HTML;
	else if (!sc->html_end && opens_html_to_blank(s, n, sc->in_paragraph))
		sc->open = HX_MD_OPEN_HTML_TO_BLANK;
}

void hx_md_scan_line(struct hx_md_scan *sc, const char *s, size_t n)
{
	bool blank = hx_md_is_blank(s, n), was_open = sc->open != HX_MD_OPEN_NONE;
	size_t ind = hx_md_indent(s, n);

	switch (sc->open) {
	case HX_MD_OPEN_NONE:
		if (ind < 4)
			open_block(sc, s + ind, n - ind, ind);
		break;
	case HX_MD_OPEN_FENCE:
		if (closes_fence(sc, s, n))
			sc->open = HX_MD_OPEN_NONE;
		break;
	case HX_MD_OPEN_HTML:
		if (contains_ci(s, n, sc->html_end))
			sc->open = HX_MD_OPEN_NONE;
		break;
	case HX_MD_OPEN_HTML_TO_BLANK:
		if (blank)
			sc->open = HX_MD_OPEN_NONE;
		break;
	}
	sc->in_paragraph = !blank && !was_open && sc->open == HX_MD_OPEN_NONE;
}

enum hx_err hx_md_scan_close(const struct hx_md_scan *sc, struct hx_buf *buf)
{
	enum hx_err err = HX_OK;

	switch (sc->open) {
	case HX_MD_OPEN_NONE:
	case HX_MD_OPEN_HTML_TO_BLANK:
		break;
	case HX_MD_OPEN_FENCE:
		for (size_t i = 0; i < sc->indent && !err; i++)
			err = hx_buf_addc(buf, ' ');
		for (size_t i = 0; i < sc->fence_len && !err; i++)
			err = hx_buf_addc(buf, sc->fence);
		break;
	case HX_MD_OPEN_HTML:
		err = hx_buf_adds(buf, sc->html_end);
		break;
	}
	return err ? err : hx_buf_addc(buf, '\n');
}

bool hx_md_may_define_link(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && in_set(s[i], " \t>*+-.)0123456789"))
		i++;
	if (i + 1 >= n || s[i] != '[' || s[i + 1] == '^')
		return false;
	for (i++; i < n && s[i] != '[' && s[i] != ']'; i++)
		if (s[i] == '\\')
			i++;
	return i + 1 < n && s[i] == ']' && s[i + 1] == ':';
}
