/* The engine and PDF options of `translate` and `run`, parsed once for both. */
#include <stdio.h>
#include <stdlib.h>

#include "cmd_opts.h"

void hx_shared_opts_init(struct hx_shared_opts *o)
{
	*o = (struct hx_shared_opts){0};
	o->eng.timeout_s = o->eng.concurrency = o->eng.retries = -1;
	o->pdf_engine = HX_PDF_ENGINE_NONE;
}

bool hx_parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static int invalid(const char *cmd, const char *what, const char *arg)
{
	fprintf(stderr, "hexaglot %s: %s %s\nTry 'hexaglot %s --help'.\n", cmd, what, arg, cmd);
	return -1;
}

int hx_shared_option(struct hx_shared_opts *o, int c, const char *arg, const char *cmd)
{
	switch (c) {
	case HX_OPT_ENGINE:
		o->eng.engine = arg;
		return 1;
	case HX_OPT_ENDPOINT:
		o->eng.endpoint = arg;
		return 1;
	case HX_OPT_KEY_FILE:
		o->eng.key_file = arg;
		return 1;
	case HX_OPT_PIVOT:
		o->eng.pivot = arg;
		return 1;
	case HX_OPT_TIMEOUT:
		return hx_parse_long(arg, 1, 3600, &o->eng.timeout_s)
			       ? 1
			       : invalid(cmd, "invalid timeout (1 to 3600 seconds):", arg);
	case HX_OPT_CONCURRENCY:
		return hx_parse_long(arg, 1, 64, &o->eng.concurrency)
			       ? 1
			       : invalid(cmd, "invalid concurrency (1 to 64):", arg);
	case HX_OPT_RETRIES:
		return hx_parse_long(arg, 0, 20, &o->eng.retries)
			       ? 1
			       : invalid(cmd, "invalid retries (0 to 20):", arg);
	case HX_OPT_PDF:
		o->pdf = true;
		return 1;
	case HX_OPT_PDF_ENGINE:
		o->pdf_engine = hx_pdf_engine_parse(arg);
		return o->pdf_engine != HX_PDF_ENGINE_NONE
			       ? 1
			       : invalid(cmd, "unknown PDF engine (auto, weasyprint, chromium):", arg);
	case HX_OPT_PDF_TIMEOUT:
		return hx_parse_long(arg, 1, 3600, &o->pdf_timeout_s)
			       ? 1
			       : invalid(cmd, "invalid PDF timeout (1 to 3600 seconds):", arg);
	}
	return 0;
}

void hx_shared_opts_apply_pdf(const struct hx_shared_opts *o, struct hx_config *cfg)
{
	if (o->pdf)
		cfg->publish.pdf = true;
	if (o->pdf_engine != HX_PDF_ENGINE_NONE)
		cfg->publish.pdf_engine = o->pdf_engine;
	if (o->pdf_timeout_s)
		cfg->publish.pdf_timeout_s = o->pdf_timeout_s;
}
