/*
 * libFuzzer target for the XLIFF reader: any bytes as an XLIFF file; whatever
 * reads must write back as XLIFF that reads to the same sources and targets.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xliff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The units of f as segments of one block each, the targets into Spanish. */
static void to_segments(const struct hx_xliff_file *f, struct hx_segments *segs)
{
	for (size_t i = 0; i < f->n; i++) {
		struct hx_segment *seg;

		hx_segments_add_block(segs, HX_BLOCK_PARAGRAPH)->nsegs = 1;
		seg = hx_segments_add_segment(segs, (uint32_t)i);
		seg->text = strdup(f->units[i].source);
		seg->len = f->units[i].source_len;
		if (f->units[i].target) {
			seg->target[HX_LANG_ES].text = strdup(f->units[i].target);
			seg->target[HX_LANG_ES].origin = HX_ORIGIN_MT;
		}
	}
}

static void round_trip(const struct hx_xliff_file *f)
{
	struct hx_segments segs = {0};
	struct hx_xliff_doc d = {"fuzz", NULL, HX_LANG_EN, HX_LANG_ES, &segs, NULL, 0};
	struct hx_buf out = HX_BUF_INIT(1 << 26);
	struct hx_diag diag = {0};
	struct hx_xliff_file again;

	to_segments(f, &segs);
	if (hx_xliff_write(&d, &out, &diag))
		goto done;
	if (hx_xliff_read(out.data, out.len, "again.xlf", &again, &diag) || again.n != f->n)
		abort(); /* hexaglot cannot read what it wrote */
	for (size_t i = 0; i < f->n; i++) {
		const struct hx_xliff_unit *a = &f->units[i], *b = &again.units[i];

		/* what XML cannot carry became U+FFFD on the way out: compare only clean texts */
		if (memchr(a->source, 0, a->source_len))
			continue;
		if ((a->target == NULL) != (b->target == NULL))
			abort();
		if (strcmp(a->source, b->source) && !strstr(b->source, "\xEF\xBF\xBD"))
			abort();
		if (a->target && strcmp(a->target, b->target) && !strstr(b->target, "\xEF\xBF\xBD"))
			abort();
	}
	hx_xliff_file_release(&again);
done:
	hx_buf_release(&out);
	hx_segments_release(&segs);
	hx_diag_release(&diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hx_xliff_file f;
	struct hx_diag diag = {0};

	if (hx_xliff_read((const char *)data, size, "fuzz.xlf", &f, &diag) == HX_OK)
		round_trip(&f);
	hx_xliff_file_release(&f);
	hx_diag_release(&diag);
	return 0;
}
