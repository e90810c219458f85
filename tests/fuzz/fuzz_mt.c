/*
 * libFuzzer target for what an MT endpoint sends back: any body must decode
 * (every engine), come off the wire and, if its placeholders check out, be
 * restored into Markdown in which no text of the answer is markup.
 * The first byte picks the engine and how many texts the request held.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../stages/translate/engine.h"
#include "segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* "See <0the <2General Assembly>2<1 (<3)." : emphasis, an enclosing name, a symbol. */
static void sample(struct hx_segment *seg)
{
	struct hx_buf t = HX_BUF_INIT(0);

	memset(seg, 0, sizeof(*seg));
	hx_segment_add_span(seg, HX_SPAN_MARKUP, "*", 1);
	hx_segment_add_span(seg, HX_SPAN_MARKUP, "*", 1);
	hx_segment_add_span(seg, HX_SPAN_TERM, "General Assembly", 16);
	hx_segment_add_span(seg, HX_SPAN_SYMBOL, "[A/79/968](https://undocs.org/es/A/79/968)", 42);
	seg->spans[2].encloses = true;
	seg->spans[2].target[HX_LANG_ES] = strdup("Asamblea General");
	hx_buf_adds(&t, "See ");
	hx_placeholder_add(&t, 0);
	hx_buf_adds(&t, "the ");
	hx_placeholder_add(&t, 2);
	hx_buf_adds(&t, "General Assembly");
	hx_placeholder_end_add(&t, 2);
	hx_placeholder_add(&t, 1);
	hx_buf_adds(&t, " (");
	hx_placeholder_add(&t, 3);
	hx_buf_adds(&t, ").");
	seg->text = hx_buf_detach(&t, &seg->len);
}

static void release(struct hx_segment *seg)
{
	struct hx_segments segs = {0};

	/* hx_segments_release frees segments' spans and texts */
	segs.segs = seg;
	segs.nsegs = segs.segs_alloc = 1;
	hx_segments_release(&segs);
}

/* Restored Markdown may hold '<' only escaped: no tag of the answer survives as markup. */
static void check_escaped(const char *md, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((md[i] == '<' || md[i] == '`') && (i == 0 || md[i - 1] != '\\'))
			abort();
}

static void one_text(const char *wire, bool escape_xml)
{
	struct hx_buf text = HX_BUF_INIT(0), md = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	struct hx_segment *seg = calloc(1, sizeof(*seg));

	sample(seg);
	if (!hx_wire_decode(wire, strlen(wire), escape_xml, &text) &&
	    !hx_segment_check_placeholders(seg, text.data ? text.data : "", text.len, &diag) &&
	    !hx_segment_restore(seg, text.data, text.len, HX_LANG_ES, &md, &diag)) {
		check_escaped(md.data ? md.data : "", md.len);
		if (getenv("FUZZ_MT_VERBOSE")) /* to see what a seed reaches */
			fprintf(stderr, "restored: %s\n", md.data ? md.data : "");
	} else if (getenv("FUZZ_MT_VERBOSE")) {
		fprintf(stderr, "refused: %s\n", hx_diag_message(&diag));
	}
	hx_buf_release(&text);
	hx_buf_release(&md);
	hx_diag_release(&diag);
	release(seg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"apertium", "libretranslate", "deepl", "openai"};
	struct hx_engine_settings settings = {"http://127.0.0.1:1", "key", "model", NULL};
	const struct hx_engine_ops *ops;
	struct hx_http_response res = {0};
	struct hx_diag diag = {0};
	char *body, *out[4] = {0};
	size_t n;

	if (size < 1)
		return 0;
	ops = hx_engine_find(names[data[0] & 3]);
	n = 1 + (data[0] >> 2 & 3);
	body = malloc(size);
	memcpy(body, data + 1, size - 1);
	body[size - 1] = '\0';
	res.status = 200;
	res.body = body;
	res.len = size - 1;
	if (ops && !ops->decode(&settings, &res, n, out, &diag))
		for (size_t i = 0; i < n; i++)
			if (out[i])
				one_text(out[i], ops->escape_xml);
	for (size_t i = 0; i < n; i++)
		free(out[i]);
	hx_diag_release(&diag);
	free(body);
	return 0;
}
