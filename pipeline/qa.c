/* The findings of the quality checks: names, and the capped list kept on each document. */
#include "qa.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static const char *const check_names[HX_QA_CHECK_COUNT] = {
#define HX_QA_CHECK_NAME(c, name) name,
	HX_QA_CHECKS(HX_QA_CHECK_NAME)
#undef HX_QA_CHECK_NAME
};

static const char *const severity_names[HX_QA_SEVERITY_COUNT] = {"info", "warning", "error"};

const char *hx_qa_check_name(enum hx_qa_check check)
{
	if ((int)check < 0 || check >= HX_QA_CHECK_COUNT)
		return "unknown";
	return check_names[check];
}

const char *hx_qa_severity_name(enum hx_qa_severity sev)
{
	if ((int)sev < 0 || sev >= HX_QA_SEVERITY_COUNT)
		return "unknown";
	return severity_names[sev];
}

bool hx_qa_severity_parse(const char *name, enum hx_qa_severity *out)
{
	for (int i = 0; i < HX_QA_SEVERITY_COUNT; i++)
		if (name && strcmp(name, severity_names[i]) == 0) {
			*out = (enum hx_qa_severity)i;
			return true;
		}
	return false;
}

void hx_qa_findings_release(struct hx_qa_findings *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].message);
		free(f->v[i].suggestion);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}

struct hx_qa_finding *hx_qa_findings_add(struct hx_qa_findings *f, uint32_t seg, uint32_t anchor,
					 enum hx_lang lang, enum hx_qa_check check,
					 enum hx_qa_severity sev, const char *suggestion,
					 const char *fmt, ...)
{
	struct hx_qa_finding *x;
	char msg[1024];
	va_list ap;

	if (lang >= 0 && lang < HX_LANG_COUNT)
		f->counts[lang][sev]++;
	if (f->n >= HX_QA_MAX_FINDINGS) {
		f->dropped++;
		return NULL;
	}
	if (f->n == f->alloc) {
		f->alloc = f->alloc ? f->alloc * 2 : 16;
		f->v = hx_xrealloc(f->v, f->alloc * sizeof(*f->v));
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	x = &f->v[f->n++];
	memset(x, 0, sizeof(*x));
	x->seg = seg;
	x->anchor = anchor;
	x->lang = lang;
	x->check = check;
	x->severity = sev;
	x->message = hx_xstrdup(msg);
	x->suggestion = suggestion ? hx_xstrdup(suggestion) : NULL;
	x->offset = HX_QA_NO_OFFSET;
	x->len = 0;
	return x;
}

size_t hx_qa_findings_count(const struct hx_qa_findings *f, enum hx_lang lang,
			    enum hx_qa_severity sev)
{
	size_t n = 0;

	for (int l = 0; l < HX_LANG_COUNT; l++) {
		if (lang != HX_LANG_NONE && l != (int)lang)
			continue;
		for (int s = sev; s < HX_QA_SEVERITY_COUNT; s++)
			n += f->counts[l][s];
	}
	return n;
}
