/*
 * libFuzzer target for the TMX reader: any bytes as a TMX file, and as the
 * text of a segment inside one (in hexaglot's own dialect and another tool's);
 * whatever is imported must export to TMX that imports back to the same units.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The <body> of a TMX export: everything but the header and its date. */
static const char *body(const struct hx_buf *tmx)
{
	const char *b = tmx->data ? strstr(tmx->data, "<body>") : NULL;

	if (!b)
		abort();
	return b;
}

/* Exports tm, imports the export into a new memory, exports again: the same units. */
static void round_trip(struct hx_tm *tm)
{
	struct hx_buf first = HX_BUF_INIT(1 << 26), second = HX_BUF_INIT(1 << 26);
	struct hx_tmx_stats st;
	struct hx_diag diag = {0};
	struct hx_tm *again = NULL;
	size_t units = 0, units2 = 0;

	if (hx_tm_write_tmx(tm, HX_LANG_NONE, HX_LANG_NONE, &first, &units, &diag) ||
	    hx_tm_open(":memory:", &again, &diag))
		goto out;
	if (hx_tm_import_tmx_data(again, "export.tmx", first.data, first.len, NULL, &st, &diag) ||
	    st.added != units || st.skipped)
		abort(); /* an export hexaglot cannot read back */
	if (hx_tm_write_tmx(again, HX_LANG_NONE, HX_LANG_NONE, &second, &units2, &diag) ||
	    units2 != units || strcmp(body(&first), body(&second)))
		abort();
out:
	hx_tm_close(again);
	hx_buf_release(&first);
	hx_buf_release(&second);
	hx_diag_release(&diag);
}

static void import(const char *data, size_t size, bool mt)
{
	struct hx_tm *tm = NULL;
	struct hx_diag diag = {0};
	struct hx_tmx_opts opts = {mt ? HX_TM_MT : HX_TM_HUMAN, !mt, 1 << 20};

	if (hx_tm_open(":memory:", &tm, &diag) == HX_OK &&
	    hx_tm_import_tmx_data(tm, "fuzz.tmx", data, size, &opts, NULL, &diag) == HX_OK)
		round_trip(tm);
	hx_tm_close(tm);
	hx_diag_release(&diag);
}

/* The input as the English text of a TU, with a French one holding codes of both dialects. */
static void import_as_segment(const char *tool, const char *s, size_t size)
{
	struct hx_buf tmx = HX_BUF_INIT(1 << 24);

	hx_buf_addf(
		&tmx,
		"<tmx version=\"1.4\"><header creationtool=\"%s\" creationtoolversion=\"1\""
		" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"*all*\""
		" o-tmf=\"x\"/><body><tu><tuv xml:lang=\"en\"><seg>",
		tool);
	hx_buf_add(&tmx, s, size);
	hx_buf_adds(&tmx,
		    "</seg></tuv><tuv xml:lang=\"fr-FR\"><seg>a<ph x=\"1\"/>b<bpt i=\"2\" x=\"2\"/>"
		    "c<ept i=\"2\"/><ph>&lt;br/&gt;</ph><it pos=\"end\" x=\"3\"/></seg></tuv>"
		    "</tu></body></tmx>");
	import(tmx.data, tmx.len, false);
	hx_buf_release(&tmx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	if (size > (1 << 20))
		return 0;
	import(s, size, false);
	import(s, size, true);
	import_as_segment("hexaglot", s, size);
	import_as_segment("OmegaT", s, size);
	return 0;
}
