/*
 * libFuzzer target for the glossary readers: any bytes as TSV (raw, and as a
 * row under a valid header) and as TBX (raw, and as a term inside a skeleton);
 * what loads is built, matched against the input and protected in a segment.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../stages/terms/terms.h"
#include "buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HEADER "id\ttype\tar\tzh\ten\tfr\tru\tes\tstatus\tnote\tsource\n"

/* Builds g, then looks for its own terms in text and protects them in a segment. */
static void exercise(struct hx_glossary *g, const char *text, size_t len)
{
	struct hx_diag diag = {0};
	struct hx_term_hits hits = {0};
	struct hx_segment seg;
	char *json = NULL;

	if (hx_glossary_build(g, &diag) == HX_OK) {
		hx_glossary_find(g, text, len, HX_LANG_EN, &hits, &diag);
		for (size_t i = 0; i < hits.n; i++)
			if (hits.v[i].offset + hits.v[i].len > len || hits.v[i].len == 0)
				abort();
		hx_terms_hits_json(g, text, len, HX_LANG_EN, &json, &diag);
		free(json);
		memset(&seg, 0, sizeof(seg));
		seg.text = strndup(text, len);
		seg.len = strlen(seg.text);
		hx_terms_protect(g, &seg, HX_LANG_EN, 0x3f, &diag);
		free(seg.text);
		for (uint32_t i = 0; i < seg.nspans; i++) {
			free(seg.spans[i].text);
			for (int l = 0; l < HX_LANG_COUNT; l++)
				free(seg.spans[i].target[l]);
		}
		free(seg.spans);
		for (int l = 0; l < HX_LANG_COUNT; l++)
			free(seg.target[l].text);
	}
	hx_term_hits_release(&hits);
	hx_diag_release(&diag);
}

/* Reads data as TSV or TBX; stemming (a hunspell dictionary to load) only when asked. */
static void read_as(bool tbx, bool stem, const char *data, size_t size, const char *text,
		    size_t len)
{
	struct hx_glossary_opts opts = {0};
	struct hx_glossary *g;
	struct hx_diag diag = {0};
	struct hx_buf out = HX_BUF_INIT(1 << 24);

	opts.stem = stem;
	opts.max_bytes = 1 << 20;
	g = hx_glossary_new(&opts);
	if (tbx)
		hx_glossary_add_tbx(g, "fuzz.tbx", data, size, &diag);
	else
		hx_glossary_add_tsv(g, "fuzz.tsv", data, size, &diag);
	hx_glossary_write_tsv(g, &out, &diag);
	hx_buf_reset(&out);
	hx_tbx_export(g, &out, &diag);
	exercise(g, text, len);
	hx_glossary_free(g);
	hx_buf_release(&out);
	hx_diag_release(&diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct hx_buf wrapped = HX_BUF_INIT(1 << 24);

	if (size > (1 << 20))
		return 0;
	read_as(false, false, s, size, s, size);
	read_as(true, false, s, size, s, size);
	/* the input as the cells of one row, so that the row parser sees it */
	hx_buf_adds(&wrapped, HEADER "x\tname\t");
	hx_buf_add(&wrapped, s, size);
	hx_buf_adds(&wrapped, "\tB\tC\tD\tE\tF\tok\tnote\tsrc\n");
	read_as(false, true, wrapped.data, wrapped.len, s, size);
	hx_buf_reset(&wrapped);
	hx_buf_adds(&wrapped, "<martif><text><body><termEntry id=\"x\"><langSet xml:lang=\"en\">"
			      "<tig><term>");
	hx_buf_add(&wrapped, s, size);
	hx_buf_adds(&wrapped, "</term></tig></langSet></termEntry></body></text></martif>");
	read_as(true, false, wrapped.data, wrapped.len, s, size);
	hx_buf_release(&wrapped);
	return 0;
}
