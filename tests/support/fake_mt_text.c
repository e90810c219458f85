/* fake-mt text helpers: buffers, form decoding, UTF-8 checks, and the deterministic
 * "translation" (case swap outside tags and entities) with its placeholder mangling. */
#include <stdlib.h>
#include <string.h>

#include "fake_mt.h"

void *fake_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		abort();
	return p;
}

char *fake_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(fake_xmalloc(n), s, n);
}

static void buf_grow(struct fake_buf *b, size_t more)
{
	size_t need;

	if (more > SIZE_MAX - b->len - 1)
		abort();
	need = b->len + more + 1;
	if (need <= b->cap)
		return;
	if (b->cap > SIZE_MAX / 2)
		abort();
	b->cap = b->cap ? b->cap * 2 : 64;
	if (b->cap < need)
		b->cap = need;
	b->data = realloc(b->data, b->cap);
	if (!b->data)
		abort();
}

void fake_buf_add(struct fake_buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void fake_buf_adds(struct fake_buf *b, const char *s)
{
	fake_buf_add(b, s, strlen(s));
}

void fake_buf_addf(struct fake_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void fake_buf_release(struct fake_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *fake_buf_detach(struct fake_buf *b, size_t *len)
{
	char *p;

	buf_grow(b, 0);
	p = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void fake_texts_add(struct fake_texts *t, const char *s, size_t n)
{
	char *copy = fake_xmalloc(n + 1);

	if (t->n == t->cap) {
		if (t->cap > SIZE_MAX / 2 / sizeof(*t->v))
			abort();
		t->cap = t->cap ? t->cap * 2 : 8;
		t->v = realloc(t->v, t->cap * sizeof(*t->v));
		if (!t->v)
			abort();
	}
	memcpy(copy, s, n);
	copy[n] = '\0';
	t->v[t->n++] = copy;
}

void fake_texts_release(struct fake_texts *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes '+' and %XX; a malformed escape stays as it is, as Python's unquote does. */
static void form_unquote(struct fake_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '+') {
			c = ' ';
		} else if (c == '%' && i + 2 < n && hex_value(s[i + 1]) >= 0 &&
			   hex_value(s[i + 2]) >= 0) {
			c = (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
			i += 2;
		}
		fake_buf_add(out, &c, 1);
	}
}

static void form_add(struct fake_form *f, struct fake_texts *to, const char *s, size_t n)
{
	struct fake_buf b = {0};

	fake_buf_add(&b, "", 0);
	form_unquote(&b, s, n);
	if (memchr(b.data, '\0', b.len) || !fake_utf8_valid(b.data, b.len))
		f->invalid = true;
	fake_texts_add(to, b.data, b.len);
	fake_buf_release(&b);
}

void fake_form_parse(struct fake_form *f, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t end = amp ? (size_t)(amp - s) : n;
		const char *eq = memchr(s + i, '=', end - i);
		size_t kend = eq ? (size_t)(eq - s) : end;

		if (end > i) {
			form_add(f, &f->keys, s + i, kend - i);
			if (eq)
				form_add(f, &f->values, eq + 1, end - kend - 1);
			else
				form_add(f, &f->values, "", 0);
		}
		i = end + 1;
	}
}

const char *fake_form_get(const struct fake_form *f, const char *key)
{
	for (size_t i = 0; i < f->keys.n; i++)
		if (!strcmp(f->keys.v[i], key))
			return f->values.v[i];
	return NULL;
}

void fake_form_release(struct fake_form *f)
{
	fake_texts_release(&f->keys);
	fake_texts_release(&f->values);
	f->invalid = false;
}

/* Returns the length of the UTF-8 sequence at s, or 0 if it is not valid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

bool fake_utf8_valid(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t len = utf8_seq((const unsigned char *)s + i, n - i);

		if (!len)
			return false;
		i += len;
	}
	return true;
}

size_t fake_utf8_prefix(const char *s, size_t n, size_t max_chars)
{
	size_t i = 0;

	for (size_t chars = 0; i < n && chars < max_chars; chars++) {
		size_t len = utf8_seq((const unsigned char *)s + i, n - i);

		i += len ? len : 1;
	}
	return i;
}

size_t fake_utf8_chars(const char *s, size_t n)
{
	size_t chars = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	return chars;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/* s[i] is '<': returns the index after the tag's '>', or 0 if this is no tag. */
static size_t tag_end(const char *s, size_t n, size_t i)
{
	char c = i + 1 < n ? s[i + 1] : '\0';

	if (!is_alpha(c) && c != '/' && c != '!' && c != '?')
		return 0;
	for (size_t j = i + 1; j < n; j++) {
		if (s[j] == '>')
			return j + 1;
		if (s[j] == '<')
			return 0;
	}
	return 0;
}

/* s[i] is '&': returns the index after the entity's ';', or 0 if this is no entity. */
static size_t entity_end(const char *s, size_t n, size_t i)
{
	size_t j = i + 1, start;

	if (j < n && s[j] == '#')
		j++;
	start = j;
	while (j < n && j - start < 32 && is_alnum(s[j]))
		j++;
	if (j == start || j >= n || s[j] != ';')
		return 0;
	return j + 1;
}

/* Whether the opening tag s[i..end) names an element listed in ignore_tags. */
static bool tag_ignored(const char *s, size_t i, size_t end, const char *ignore_tags,
			size_t *name_len)
{
	size_t j = i + 1;

	if (!ignore_tags || !*ignore_tags || !is_alpha(s[j]) || s[end - 2] == '/')
		return false;
	while (j < end && (is_alnum(s[j]) || s[j] == '-' || s[j] == '_' || s[j] == ':'))
		j++;
	*name_len = j - i - 1;
	for (const char *p = ignore_tags; *p;) {
		size_t len = strcspn(p, ",");

		if (len == *name_len && !strncmp(p, s + i + 1, len))
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

/* Returns the index after the element's closing tag, or n if it has none. */
static size_t element_end(const char *s, size_t n, size_t from, const char *name, size_t len)
{
	for (size_t j = from; j + len + 2 < n; j++)
		if (s[j] == '<' && s[j + 1] == '/' && !strncmp(s + j + 2, name, len)) {
			size_t e = tag_end(s, n, j);

			if (e && (s[j + 2 + len] == '>' || s[j + 2 + len] == ' '))
				return e;
		}
	return n;
}

void fake_translate(struct fake_buf *out, const char *s, size_t n, const char *target,
		    const char *ignore_tags)
{
	size_t i = 0;

	fake_buf_adds(out, "[");
	for (const char *t = target; *t; t++) {
		char c = *t >= 'A' && *t <= 'Z' ? (char)(*t - 'A' + 'a') : *t;

		fake_buf_add(out, &c, 1);
	}
	fake_buf_adds(out, "] ");
	while (i < n) {
		size_t end = 0, name_len = 0;

		if (s[i] == '<' && (end = tag_end(s, n, i)) != 0) {
			if (tag_ignored(s, i, end, ignore_tags, &name_len))
				end = element_end(s, n, end, s + i + 1, name_len);
		} else if (s[i] == '&') {
			end = entity_end(s, n, i);
		}
		if (end) {
			fake_buf_add(out, s + i, end - i);
			i = end;
			continue;
		}
		char c = is_alpha(s[i]) ? (char)(s[i] ^ 0x20) : s[i];
		fake_buf_add(out, &c, 1);
		i++;
	}
}

bool fake_mangle_placeholder(struct fake_buf *b, bool dup)
{
	for (size_t i = 0; i + 2 < b->len; i++) {
		size_t end;

		if (b->data[i] != '<' || b->data[i + 1] != 'x' ||
		    (b->data[i + 2] != ' ' && b->data[i + 2] != '/'))
			continue;
		end = tag_end(b->data, b->len, i);
		if (!end || b->data[end - 2] != '/')
			continue;
		if (dup) {
			struct fake_buf copy = {0};

			fake_buf_add(&copy, b->data, end);
			fake_buf_add(&copy, b->data + i, b->len - i);
			fake_buf_release(b);
			*b = copy;
		} else {
			memmove(b->data + i, b->data + end, b->len - end + 1);
			b->len -= end - i;
		}
		return true;
	}
	return false;
}

static void add_utf8(struct fake_buf *out, unsigned long cp)
{
	unsigned char u[4];
	size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	static const unsigned char lead[] = {0, 0, 0xc0, 0xe0, 0xf0};

	for (size_t i = n - 1; i > 0; i--) {
		u[i] = (unsigned char)(0x80 | (cp & 0x3f));
		cp >>= 6;
	}
	u[0] = (unsigned char)(lead[n] | cp);
	fake_buf_add(out, u, n);
}

/* Parses the numeric reference at s ("&#...;"); returns its length or 0. */
static size_t numeric_ref(const char *s, unsigned long *cp)
{
	bool hex = s[2] == 'x' || s[2] == 'X';
	const char *digits = s + (hex ? 3 : 2);
	char *end;

	if (hex ? hex_value(*digits) < 0 : !(*digits >= '0' && *digits <= '9'))
		return 0;
	if (strspn(digits, hex ? "0123456789abcdefABCDEF" : "0123456789") > 8)
		return 0;
	*cp = strtoul(digits, &end, hex ? 16 : 10);
	if (*end != ';' || *cp == 0 || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return (size_t)(end - s) + 1;
}

/* Decodes the reference at s (s[0] == '&'); returns its length or 0. */
static size_t unescape_one(struct fake_buf *out, const char *s)
{
	static const char *const named[][2] = {
		{"&amp;", "&"},  {"&lt;", "<"},  {"&gt;", ">"},          {"&quot;", "\""},
		{"&apos;", "'"}, {"&#39;", "'"}, {"&nbsp;", "\xc2\xa0"},
	};
	unsigned long cp;
	size_t len;

	for (size_t k = 0; k < sizeof(named) / sizeof(named[0]); k++)
		if (!strncmp(s, named[k][0], strlen(named[k][0]))) {
			fake_buf_adds(out, named[k][1]);
			return strlen(named[k][0]);
		}
	if (s[1] != '#' || !(len = numeric_ref(s, &cp)))
		return 0;
	add_utf8(out, cp);
	return len;
}

void fake_html_unescape(struct fake_buf *out, const char *s)
{
	while (*s) {
		size_t used = *s == '&' ? unescape_one(out, s) : 0;

		if (!used) {
			fake_buf_add(out, s, 1);
			used = 1;
		}
		s += used;
	}
}
