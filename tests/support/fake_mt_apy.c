/* fake-mt as Apertium APy 0.11.7: /translate (one q of <p> segments, form or query string)
 * and /listPairs, with APy's JSON, its errors and its silent truncation of long input. */
#include <string.h>

#include "fake_mt.h"

/* APy's to_alpha3_code for the languages the tests meet; other codes pass unchanged. */
static void alpha3(char *out, size_t size, const char *code, size_t len)
{
	static const char *const map[][2] = {
		{"en", "eng"}, {"es", "spa"}, {"fr", "fra"}, {"ca", "cat"}, {"ru", "rus"},
		{"ar", "ara"}, {"zh", "zho"}, {"eo", "epo"}, {"uk", "ukr"}, {"pt", "por"},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (len == 2 && !strncmp(code, map[i][0], 2)) {
			snprintf(out, size, "%s", map[i][1]);
			return;
		}
	snprintf(out, size, "%.*s", (int)len, code);
}

static bool pair_installed(const char *pairs, const char *l1, const char *l2)
{
	char want[80];
	size_t len = (size_t)snprintf(want, sizeof(want), "%s-%s", l1, l2);

	for (const char *p = pairs; *p;) {
		size_t item = strcspn(p, ",");

		if (item == len && !strncmp(p, want, len))
			return true;
		p += item + (p[item] == ',');
	}
	return false;
}

bool fake_translate_is_apy(const struct exchange *x)
{
	struct fake_form f = {0};
	bool apy;

	if (fake_body_is_json(x))
		return false;
	fake_request_form(x, &f);
	apy = fake_form_get(&f, "langpair") ||
	      !(fake_form_get(&f, "source") || fake_form_get(&f, "target"));
	fake_form_release(&f);
	return apy;
}

/* Returns the index of the next "<p>" or "<p ..." at or after i, or n. */
static size_t next_p(const char *q, size_t n, size_t i)
{
	for (; i + 2 < n; i++)
		if (q[i] == '<' && q[i + 1] == 'p' && (q[i + 2] == '>' || q[i + 2] == ' '))
			return i;
	return n;
}

/* Translates each <p> element's content of q (or q as a whole if it has none) into out,
 * and lists those contents as the texts; either may be NULL. */
static void apy_walk(const char *q, size_t n, const char *target, struct fake_buf *out,
		     struct fake_texts *texts)
{
	size_t i = 0, open;
	bool any = false;

	while ((open = next_p(q, n, i)) < n) {
		const char *gt = memchr(q + open, '>', n - open);
		size_t body = gt ? (size_t)(gt - q) + 1 : n;
		const char *close = memmem(q + body, n - body, "</p>", 4);
		size_t end = close ? (size_t)(close - q) : n;

		if (out) {
			fake_buf_add(out, q + i, body - i);
			fake_translate(out, q + body, end - body, target, NULL);
			fake_buf_add(out, q + end, close ? 4 : 0);
		}
		if (texts)
			fake_texts_add(texts, q + body, end - body);
		i = close ? end + 4 : n;
		any = true;
	}
	if (!any) {
		if (out)
			fake_translate(out, q, n, target, NULL);
		if (texts)
			fake_texts_add(texts, q, n);
	} else if (out) {
		fake_buf_add(out, q + i, n - i);
	}
}

static void apy_answer(struct exchange *x, const char *q, const char *target)
{
	size_t n = strlen(q);
	struct fake_texts texts = {0};
	struct fake_buf out = {0};
	bool cut = false;

	apy_walk(q, n, target, NULL, &texts);
	fake_note_texts(x, &texts);
	if (x->cfg.apy_truncate_chars > 0) {
		size_t keep = fake_utf8_prefix(q, n, (size_t)x->cfg.apy_truncate_chars);

		cut = keep < n;
		n = keep;
	}
	fake_buf_add(&out, "", 0);
	apy_walk(q, n, target, &out, NULL);
	fake_placeholder_faults(x, &out, 1);
	if (cut && x->outcome == OUT_OK)
		x->outcome = OUT_APY_TRUNCATED;
	x->texts_ok = texts.n;
	x->chars_ok = fake_utf8_chars(q, n);
	fake_reply_json(x, 200,
			json_pack("{s:{s:s%}, s:n, s:i}", "responseData", "translatedText",
				  out.data, out.len, "responseDetails", "responseStatus", 200),
			0);
	fake_buf_release(&out);
	fake_texts_release(&texts);
}

static void apy_pair(struct exchange *x, const char *langpair, const char *q)
{
	const char *bar = strchr(langpair, '|');
	char l1[32], l2[32];

	if (!bar || strchr(bar + 1, '|')) {
		fake_error(x, 400, "That pair is invalid, use e.g. eng|spa");
		return;
	}
	alpha3(l1, sizeof(l1), langpair, (size_t)(bar - langpair));
	alpha3(l2, sizeof(l2), bar + 1, strlen(bar + 1));
	if (!pair_installed(x->cfg.apy_pairs, l1, l2))
		fake_error(x, 400, "That pair is not installed");
	else
		apy_answer(x, q, l2);
}

void fake_apy_translate(struct exchange *x)
{
	struct fake_form f = {0};
	const char *langpair, *q;

	fake_request_form(x, &f);
	langpair = fake_form_get(&f, "langpair");
	q = fake_form_get(&f, "q");
	if (f.invalid)
		fake_error(x, 400, "Bad Request");
	else if (!langpair)
		fake_error(x, 400, "Missing argument langpair");
	else if (!q)
		fake_error(x, 400, "Missing argument q");
	else
		apy_pair(x, langpair, q);
	fake_form_release(&f);
}

/* The pairs of the configured list, all of them or those from src. */
static json_t *apy_pairs_json(const char *pairs, const char *src)
{
	json_t *list = json_array();

	for (const char *p = pairs; list && *p;) {
		size_t item = strcspn(p, ","), dash = strcspn(p, "-");
		json_t *pair = json_pack("{s:s%, s:s%}", "sourceLanguage", p, dash,
					 "targetLanguage", p + dash + 1, item - dash - 1);

		if ((!src || (strlen(src) == dash && !strncmp(src, p, dash))) &&
		    json_array_append(list, pair)) {
			json_decref(pair);
			json_decref(list);
			return NULL;
		}
		json_decref(pair);
		p += item + (p[item] == ',');
	}
	return list;
}

/* The other lists /listPairs knows: this fake has no analysers, generators and the like. */
static bool other_list(const char *q)
{
	static const char *const names[] = {"analyzers", "analysers",      "generators",
					    "taggers",   "disambiguators", "spellers"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(q, names[i]))
			return true;
	return false;
}

void fake_apy_list_pairs(struct exchange *x)
{
	struct fake_form f = {0};
	const char *q;

	fake_request_form(x, &f);
	q = fake_form_get(&f, "q");
	if (!q || !strcmp(q, "pairs"))
		fake_reply_json(
			x, 200,
			json_pack("{s:o*, s:n, s:i}", "responseData",
				  apy_pairs_json(x->cfg.apy_pairs, fake_form_get(&f, "src")),
				  "responseDetails", "responseStatus", 200),
			0);
	else if (other_list(q))
		fake_reply_json(x, 200, json_object(), 0);
	else
		fake_error(x, 400,
			   "Expecting q argument to be one of analysers, generators, spellers, "
			   "disambiguators, or pairs");
	fake_form_release(&f);
}
