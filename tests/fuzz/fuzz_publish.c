/*
 * libFuzzer target for the published pages: any bytes through the whole pipeline with
 * targets (engine none, so no network), then every page, the parallel view included,
 * must hold no markup that runs or loads something but the page's own script, and no
 * renderer mark.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../stages/render/render.h"
#include "driver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum hx_format formats[] = {HX_FORMAT_AUTO, HX_FORMAT_TEXT, HX_FORMAT_MARKDOWN,
					 HX_FORMAT_HTML};
static const enum hx_lang langs[] = {HX_LANG_EN, HX_LANG_AR, HX_LANG_ZH, HX_LANG_FR};

static size_t count(const char *s, const char *needle)
{
	size_t k = 0;

	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		k++;
	return k;
}

/* Whether the tag from s to '>' has an event handler or a script URL. */
static bool tag_is_hostile(const char *s, const char *gt)
{
	for (const char *q = s; q < gt; q++) {
		if ((q[0] == ' ' || q[0] == '\t' || q[0] == '\n') && (q[1] | 0x20) == 'o' &&
		    (q[2] | 0x20) == 'n') {
			const char *e = q + 3;

			while (e < gt && (*e | 0x20) >= 'a' && (*e | 0x20) <= 'z')
				e++;
			if (e > q + 3 && e < gt && *e == '=')
				return true;
		}
		if (q + 12 <= gt && strncasecmp(q, "\"javascript:", 12) == 0)
			return true;
	}
	return false;
}

/* Text is escaped, so every '<' in a page starts a tag the renderer wrote. */
static void check_page(const char *html)
{
	static const char *const loaders[] = {"<iframe", "<object", "<embed", "<link", "<base",
					      NULL};
	uint32_t kind, num;
	size_t len;

	if (!html)
		return;
	len = strlen(html);
	for (const char *const *b = loaders; *b; b++)
		if (strstr(html, *b))
			abort();
	for (const char *lt = html; (lt = strchr(lt, '<')); lt++) {
		const char *gt = strchr(lt, '>');

		if (!gt || tag_is_hostile(lt, gt))
			abort();
	}
	if (count(html, "<script") > 1 || count(html, "<span") != count(html, "</span>"))
		abort();
	for (size_t i = 0; i < len; i++)
		if (hx_mark_at(html, len, i, &kind, &num))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hx_engine_override none = {.engine = "none"};
	struct hx_config cfg;
	struct hx_pipeline p;
	struct hx_doc *doc;
	enum hx_err err;

	if (size < 1)
		return 0;
	hx_config_init(&cfg);
	cfg.format = formats[data[0] & 3];
	cfg.from = langs[(data[0] >> 2) & 3];
	cfg.targets = (1u << HX_LANG_ES) | (1u << HX_LANG_AR) | (1u << HX_LANG_ZH);
	if (hx_config_override(&cfg, &none, NULL) || hx_pipeline_init(&p, &cfg, "decode", "render"))
		abort();
	doc = hx_doc_new("fuzz.txt");
	doc->raw = malloc(size);
	memcpy(doc->raw, data + 1, size - 1);
	doc->raw_len = size - 1;
	doc->targets = cfg.targets;
	err = hx_pipeline_process(&p, doc);
	if (err && !p.diag.msg[0])
		abort(); /* every failure says why */
	if (!err) {
		check_page(doc->html);
		check_page(doc->parallel_html);
		for (int l = 0; l < HX_LANG_COUNT; l++)
			check_page(doc->target[l].html);
	}
	hx_doc_free(doc);
	hx_pipeline_release(&p);
	hx_config_release(&cfg);
	return 0;
}
