/*
 * libFuzzer target for the renderer's marks: any Markdown, with marks put where the
 * input has bytes 0x01 (a block) and 0x02 (a segment), renders and resolves without a
 * crash, leaves no mark, and every span the pass opens is closed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../stages/render/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum hx_err open_seg(void *arg, uint32_t seg, struct hx_buf *out)
{
	(void)arg;
	return hx_buf_addf(out, "<span data-seg=\"%u\">", (unsigned)seg);
}

static size_t count(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle), k = 0;

	for (const char *p = s; (p = memmem(p, len - (size_t)(p - s), needle, n)); p += n)
		k++;
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hx_buf md = HX_BUF_INIT(1 << 20), html = HX_BUF_INIT(8 << 20),
		      out = HX_BUF_INIT(16 << 20);
	struct hx_marks_opts o = {size && (data[0] & 1), open_seg, NULL};
	uint32_t n = 0;
	enum hx_err err = HX_OK;

	for (size_t i = 0; i < size && !err; i++) {
		if (data[i] == 1 || data[i] == 2)
			err = hx_mark_add(&md, data[i] == 1 ? HX_MARK_BLOCK : HX_MARK_SEG, n++);
		else
			err = hx_buf_addc(&md, (char)data[i]);
	}
	if (!err)
		err = hx_render_markdown(&html, hx_buf_str(&md), md.len, HX_RENDER_CHUNK);
	if (!err && hx_marks_resolve(&out, hx_buf_str(&html), html.len, &o) == HX_OK) {
		const char *s = hx_buf_str(&out);
		uint32_t kind, num;

		for (size_t i = 0; i < out.len; i++)
			if (hx_mark_at(s, out.len, i, &kind, &num))
				abort(); /* a mark left */
		/* cmark writes no span of its own: every one is the pass's, and closed */
		if (count(s, out.len, "<span") != count(s, out.len, "</span>"))
			abort();
		if (count(s, out.len, "<bdi") != count(s, out.len, "</bdi>"))
			abort();
	}
	hx_buf_release(&md);
	hx_buf_release(&html);
	hx_buf_release(&out);
	return 0;
}
