/*
 * libFuzzer target for target-language typography on whatever an engine sends
 * back: the placeholders and end marks come out unchanged and in order, the
 * output is valid UTF-8, and a second pass changes nothing.
 * The first byte picks the language; bytes 0x01-0x07 of the rest stand for
 * placeholders 0-5 and the end mark of the enclosing name (span 2).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

#include "segment.h"
#include "typography.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Emphasis, an enclosing name, a symbol, a URL, a number, a bare name. */
static void sample(struct hx_segments *segs)
{
	struct hx_segment *seg;

	hx_segments_add_block(segs, HX_BLOCK_PARAGRAPH)->nsegs = 1;
	seg = hx_segments_add_segment(segs, 0);
	hx_segment_add_span(seg, HX_SPAN_MARKUP, "*", 1);
	hx_segment_add_span(seg, HX_SPAN_MARKUP, "*", 1);
	hx_segment_add_span(seg, HX_SPAN_TERM, "General Assembly", 16);
	hx_segment_add_span(seg, HX_SPAN_SYMBOL, "[A/79/968](https://undocs.org/en/A/79/968)", 42);
	hx_segment_add_span(seg, HX_SPAN_URL, "https://example.org", 19);
	hx_segment_add_span(seg, HX_SPAN_NUMBER, "2,400", 5);
	seg->spans[2].encloses = true;
	seg->spans[2].target[HX_LANG_ZH] = strdup("大会");
	seg->spans[2].target[HX_LANG_AR] = strdup("الجمعية العامة");
	seg->spans[2].target[HX_LANG_FR] = strdup("Assemblée générale");
}

/* The placeholders and end marks of s, in order, into marks; their number. Aborts on broken
 * UTF-8 when strict (the output must be valid). */
static size_t marks_of(const char *s, size_t len, uint32_t *marks, int strict)
{
	size_t n = 0;

	for (int32_t i = 0; i < (int32_t)len;) {
		UChar32 c;

		U8_NEXT((const uint8_t *)s, i, (int32_t)len, c);
		if (c < 0 && strict)
			abort();
		if (hx_placeholder_index((uint32_t)c) >= 0 ||
		    hx_placeholder_end_index((uint32_t)c) >= 0)
			marks[n++] = (uint32_t)c;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hx_segments segs = {0};
	struct hx_buf in = HX_BUF_INIT(0), once = HX_BUF_INIT(0), twice = HX_BUF_INIT(0);
	uint32_t *want, *got;
	size_t nwant, ngot;
	enum hx_lang lang;

	if (size < 1 || size > 1 << 16)
		return 0;
	lang = (enum hx_lang)(data[0] % HX_LANG_COUNT);
	for (size_t i = 1; i < size; i++) {
		if (data[i] >= 1 && data[i] <= 6)
			hx_placeholder_add(&in, data[i] - 1u);
		else if (data[i] == 7)
			hx_placeholder_end_add(&in, 2);
		else
			hx_buf_addc(&in, (char)data[i]);
	}
	sample(&segs);
	want = calloc(in.len + 1, sizeof(*want));
	got = calloc(in.len * 2 + 16, sizeof(*got));
	if (hx_typography_apply(segs.segs, lang, hx_buf_str(&in), in.len, &once) ||
	    hx_typography_apply(segs.segs, lang, hx_buf_str(&once), once.len, &twice))
		abort();
	nwant = marks_of(hx_buf_str(&in), in.len, want, 0);
	ngot = marks_of(hx_buf_str(&once), once.len, got, 1);
	if (ngot != nwant || memcmp(want, got, nwant * sizeof(*want)))
		abort();
	if (once.len != twice.len || memcmp(hx_buf_str(&once), hx_buf_str(&twice), once.len))
		abort();
	free(want);
	free(got);
	hx_buf_release(&in);
	hx_buf_release(&once);
	hx_buf_release(&twice);
	hx_segments_release(&segs);
	return 0;
}
