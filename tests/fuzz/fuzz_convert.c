/*
 * libFuzzer target for the whole front of the pipeline: any bytes through
 * decode, convert and render must give a clean error or safe, valid output.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum hx_format formats[] = {HX_FORMAT_AUTO, HX_FORMAT_TEXT, HX_FORMAT_MARKDOWN,
					 HX_FORMAT_HTML};
static const enum hx_lang langs[] = {HX_LANG_NONE, HX_LANG_ZH, HX_LANG_EN, HX_LANG_AR};

/* What no page may hold, whatever the input: markup that runs or loads something. */
static void check_page(const char *html)
{
	static const char *const banned[] = {"<script",   "<iframe",     "<object",
					     "<embed",    " onerror=",   " onload=",
					     " onclick=", "javascript:", NULL};

	for (const char *const *b = banned; *b; b++)
		if (strstr(html, *b))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hx_config cfg;
	struct hx_pipeline p;
	struct hx_doc *doc;
	enum hx_err err;

	if (size < 1)
		return 0;
	hx_config_init(&cfg);
	cfg.format = formats[data[0] & 3];
	cfg.from = langs[(data[0] >> 2) & 3];
	cfg.lossy = (data[0] >> 4) & 1;
	if (hx_pipeline_init(&p, &cfg, "decode", "render"))
		abort();
	doc = hx_doc_new("fuzz.txt");
	doc->raw = malloc(size);
	memcpy(doc->raw, data + 1, size - 1);
	doc->raw_len = size - 1;
	err = hx_pipeline_process(&p, doc);
	if (err && !p.diag.msg[0])
		abort(); /* every failure says why */
	if (!err) {
		if (!doc->markdown || !doc->html || strlen(doc->markdown) != doc->markdown_len)
			abort();
		check_page(doc->html);
	}
	hx_doc_free(doc);
	hx_pipeline_release(&p);
	return 0;
}
