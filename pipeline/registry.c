/* The stage table: its order is the pipeline order. */
#include "stage.h"

#include <string.h>

const struct hx_stage *const hx_stages[] = {
	&hx_stage_decode,
	&hx_stage_convert,
	&hx_stage_segment,
	&hx_stage_terms,
	&hx_stage_translate,
	&hx_stage_restore,
	&hx_stage_qa,
	&hx_stage_render,
	NULL,
};

const struct hx_stage *hx_stage_find(const char *name)
{
	for (size_t i = 0; hx_stages[i]; i++)
		if (strcmp(hx_stages[i]->name, name) == 0)
			return hx_stages[i];
	return NULL;
}
