/*
 * libFuzzer target for the qa scanner and number reader: any bytes as a
 * source and as a target text; every item found lies inside the text, and the
 * pair goes through the checks (no dictionary, no glossary) without a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../stages/qa/qa_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t half = size / 2;
	struct qa_items items = {0};
	struct hx_qa_opts opts = {.dict_dir = "/nonexistent"};
	struct hx_qa_findings f = {0};
	struct hx_qa *qa;
	struct hx_diag d = {0};
	struct hx_qa_pair p = {0};

	qa_scan(s, size, &items);
	for (size_t i = 0; i < items.n; i++)
		if (items.v[i].off > size || items.v[i].len > size - items.v[i].off)
			abort();
	qa_items_release(&items);
	for (size_t i = 0; i < size && i < 64; i++) {
		struct qa_item it = {0};

		if (qa_number_read(s + i, size - i, &it) > size - i)
			abort();
	}
	hx_qa_new(&opts, &qa, &d);
	p = (struct hx_qa_pair){s, half, HX_LANG_EN, s + half, size - half, HX_LANG_FR};
	p.skip = 1u << HX_QA_SPELLING;
	hx_qa_check_pair(qa, &p, &f, &d);
	hx_qa_findings_release(&f);
	hx_qa_free(qa);
	hx_diag_release(&d);
	return 0;
}
