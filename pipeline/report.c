/*
 * The morning report of `hexaglot run`: report.json for machines (its schema
 * is in the README) and index.html for people, failures first.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "buf.h"
#include "cmd.h"
#include "fsio.h"

#define REPORT_SCHEMA 1

static json_t *str_or_null(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;

	return j ? j : json_null();
}

static json_t *target_json(const struct hx_run_target *t)
{
	json_t *o = json_object();

	json_object_set_new(o, "segments", json_integer((json_int_t)t->segments));
	json_object_set_new(o, "from_memory", json_integer((json_int_t)t->from_tm));
	json_object_set_new(o, "machine_translated", json_integer((json_int_t)t->mt));
	json_object_set_new(o, "from_glossary", json_integer((json_int_t)t->glossary));
	json_object_set_new(o, "untranslated", json_integer((json_int_t)t->untranslated));
	json_object_set_new(o, "mt_requests", json_integer((json_int_t)t->requests));
	json_object_set_new(o, "retries", json_integer((json_int_t)t->retries));
	json_object_set_new(o, "engine", str_or_null(t->engine));
	json_object_set_new(o, "pivoted", json_boolean(t->pivoted));
	json_object_set_new(o, "error", str_or_null(t->error));
	if (t->qa_checked) {
		json_t *qa = json_object();

		for (int v = 0; v < HX_QA_SEVERITY_COUNT; v++)
			json_object_set_new(qa, hx_qa_severity_name((enum hx_qa_severity)v),
					    json_integer((json_int_t)t->qa[v]));
		json_object_set_new(qa, "spelling_checked", json_boolean(t->spelling_checked));
		json_object_set_new(o, "qa", qa);
	}
	return o;
}

static json_t *doc_json(const struct hx_run_doc *d)
{
	json_t *o = json_object(), *targets = json_object(), *warn = json_array(),
	       *outs = json_array();

	json_object_set_new(o, "id", json_string(d->id));
	json_object_set_new(o, "source", str_or_null(d->source));
	json_object_set_new(o, "status", json_string(hx_run_status_name(d->status)));
	json_object_set_new(o, "language",
			    d->lang >= 0 && d->lang < HX_LANG_COUNT
				    ? json_string(hx_lang_get(d->lang)->code)
				    : json_null());
	json_object_set_new(o, "symbol", str_or_null(d->symbol));
	json_object_set_new(o, "title", str_or_null(d->title));
	json_object_set_new(o, "error", str_or_null(d->error));
	for (int l = 0; l < HX_LANG_COUNT; l++)
		if (d->status != HX_RUN_SKIPPED && (d->targets & (1u << l)) && l != (int)d->lang &&
		    d->status != HX_RUN_FAILED)
			json_object_set_new(targets, hx_lang_get(l)->code, target_json(&d->t[l]));
	json_object_set_new(o, "targets", targets);
	for (size_t i = 0; i < d->nwarnings; i++)
		json_array_append_new(warn, str_or_null(d->warnings[i]));
	json_object_set_new(o, "warnings", warn);
	for (size_t i = 0; i < d->noutputs; i++)
		json_array_append_new(outs, str_or_null(d->outputs[i]));
	json_object_set_new(o, "outputs", outs);
	json_object_set_new(o, "seconds", json_real(d->seconds));
	return o;
}

static char *report_json(const struct hx_run_report *rep)
{
	json_t *root = json_object(), *totals = json_object(), *docs = json_array(),
	       *langs = json_array();
	char *text;

	json_object_set_new(root, "schema", json_integer(REPORT_SCHEMA));
	json_object_set_new(root, "hexaglot", json_string(HX_VERSION));
	json_object_set_new(root, "started", json_string(rep->started));
	json_object_set_new(root, "finished", json_string(rep->finished));
	json_object_set_new(root, "seconds", json_real(rep->seconds));
	json_object_set_new(root, "fingerprint", json_string(rep->fingerprint));
	json_object_set_new(root, "interrupted", json_boolean(rep->interrupted));
	if (rep->shard_n)
		json_object_set_new(root, "shard",
				    json_pack("{s:i, s:i}", "k", (int)rep->shard_k, "n",
					      (int)rep->shard_n));
	for (int l = 0; l < HX_LANG_COUNT; l++)
		if (rep->targets & (1u << l))
			json_array_append_new(langs, json_string(hx_lang_get(l)->code));
	json_object_set_new(root, "targets", langs);
	json_object_set_new(totals, "documents", json_integer((json_int_t)rep->n));
	for (int s = 0; s < HX_RUN_STATUS_COUNT; s++)
		json_object_set_new(totals, hx_run_status_name((enum hx_run_status)s),
				    json_integer((json_int_t)rep->counts[s]));
	json_object_set_new(totals, "segments", json_integer((json_int_t)rep->segments));
	json_object_set_new(totals, "from_memory", json_integer((json_int_t)rep->from_tm));
	json_object_set_new(totals, "machine_translated", json_integer((json_int_t)rep->mt));
	json_object_set_new(totals, "from_glossary", json_integer((json_int_t)rep->glossary));
	json_object_set_new(totals, "untranslated", json_integer((json_int_t)rep->untranslated));
	json_object_set_new(totals, "mt_texts", json_integer((json_int_t)rep->mt_texts));
	json_object_set_new(totals, "mt_requests", json_integer((json_int_t)rep->requests));
	json_object_set_new(totals, "retries", json_integer((json_int_t)rep->retries));
	json_object_set_new(totals, "qa_errors", json_integer((json_int_t)rep->qa[HX_QA_ERROR]));
	json_object_set_new(totals, "qa_warnings", json_integer((json_int_t)rep->qa[HX_QA_WARNING]));
	json_object_set_new(totals, "qa_info", json_integer((json_int_t)rep->qa[HX_QA_INFO]));
	json_object_set_new(root, "totals", totals);
	/* failures first, then the rest in input order */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < rep->n; i++)
			if ((rep->docs[i].status == HX_RUN_FAILED) == (pass == 0))
				json_array_append_new(docs, doc_json(&rep->docs[i]));
	json_object_set_new(root, "documents", docs);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	return text;
}

/* ---- index.html ---- */

static void esc(struct hx_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			hx_buf_adds(b, "&amp;");
			break;
		case '<':
			hx_buf_adds(b, "&lt;");
			break;
		case '>':
			hx_buf_adds(b, "&gt;");
			break;
		case '"':
			hx_buf_adds(b, "&quot;");
			break;
		default:
			hx_buf_addc(b, *s);
		}
	}
}

/* An href to an output: percent-encoded where it is not a plain path character. */
static void href(struct hx_buf *b, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._", *p))
			hx_buf_addc(b, (char)*p);
		else
			hx_buf_addf(b, "%%%02X", *p);
	}
}

static const char page_head[] =
	"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	"style-src 'unsafe-inline'\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<title>hexaglot run report</title>\n<style>\n"
	"body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1a1a1a}\n"
	"table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;"
	"text-align:left;vertical-align:top}th{background:#f0f0f0}\n"
	".ok{background:#e3f4e1}.partial{background:#fff3cd}.failed{background:#f8d7da}"
	".skipped-unchanged{background:#f4f4f4}.removed{background:#e2e3e5}.pending{background:#dbe9fa}\n"
	"td.msg{font-size:.9em}code{font-size:.9em}.summary span{margin-right:1.2em}\n"
	"</style>\n</head>\n<body>\n";

/* QA counts of one language, linked to <id>.qa.json when it was written. */
static void qa_cell(struct hx_buf *b, const struct hx_run_doc *d, const struct hx_run_target *t)
{
	char want[512];
	bool linked = false;

	snprintf(want, sizeof(want), "%s.qa.json", d->id);
	hx_buf_adds(b, "; ");
	for (size_t i = 0; i < d->noutputs && !linked; i++) {
		const char *slash = strrchr(d->outputs[i], '/');

		linked = slash && !strcmp(slash + 1, want);
		if (linked) {
			hx_buf_adds(b, "<a href=\"");
			href(b, d->outputs[i]);
			hx_buf_adds(b, "\">QA</a>");
		}
	}
	if (!linked)
		hx_buf_adds(b, "QA");
	if (t->qa[HX_QA_ERROR])
		hx_buf_addf(b, ": <strong class=\"qa-errors\">%zu errors</strong>", t->qa[HX_QA_ERROR]);
	else
		hx_buf_adds(b, ": 0 errors");
	hx_buf_addf(b, ", %zu warnings", t->qa[HX_QA_WARNING]);
	if (!t->spelling_checked)
		hx_buf_adds(b, ", spelling not checked");
}

static void lang_cell(struct hx_buf *b, const struct hx_run_doc *d, int l)
{
	const struct hx_run_target *t = &d->t[l];
	const char *code = hx_lang_get(l)->code;
	bool have = false;
	char want[64];

	snprintf(want, sizeof(want), "%s.%s.html", d->id, code);
	for (size_t i = 0; i < d->noutputs && !have; i++) {
		const char *slash = strrchr(d->outputs[i], '/');

		have = slash && !strcmp(slash + 1, want);
		if (have) {
			hx_buf_adds(b, "<a href=\"");
			href(b, d->outputs[i]);
			hx_buf_adds(b, "\">");
			hx_buf_adds(b, code);
			hx_buf_adds(b, "</a>");
		}
	}
	if (!have)
		hx_buf_adds(b, code);
	if (d->status != HX_RUN_OK && d->status != HX_RUN_PARTIAL)
		return;
	hx_buf_addf(b, " <small>%zu segments: %zu memory, %zu MT, %zu glossary", t->segments,
		    t->from_tm, t->mt, t->glossary);
	if (t->untranslated)
		hx_buf_addf(b, ", <strong>%zu untranslated</strong>", t->untranslated);
	if (t->qa_checked)
		qa_cell(b, d, t);
	hx_buf_adds(b, "</small>");
}

static char *report_html(const struct hx_run_report *rep)
{
	struct hx_buf b = HX_BUF_INIT(0);

	hx_buf_adds(&b, page_head);
	hx_buf_adds(&b, "<h1>hexaglot run report</h1>\n<p class=\"summary\">");
	hx_buf_addf(&b, "<span>started %s</span><span>finished %s</span><span>%.1f s</span>",
		    rep->started, rep->finished, rep->seconds);
	if (rep->shard_n)
		hx_buf_addf(&b, "<span>shard %u of %u</span>", rep->shard_k, rep->shard_n);
	if (rep->interrupted)
		hx_buf_adds(&b, "<span><strong>interrupted</strong>: run again to finish</span>");
	hx_buf_adds(&b, "</p>\n<p class=\"summary\">");
	for (int s = 0; s < HX_RUN_STATUS_COUNT; s++)
		if (rep->counts[s])
			hx_buf_addf(&b, "<span class=\"%s\">%zu %s</span>",
				    hx_run_status_name((enum hx_run_status)s), rep->counts[s],
				    hx_run_status_name((enum hx_run_status)s));
	hx_buf_addf(&b,
		    "</p>\n<p class=\"summary\"><span>%zu segments</span><span>%zu from the "
		    "translation memory</span><span>%zu machine-translated (%zu distinct texts, "
		    "%zu requests, %zu retries)</span><span>%zu from the glossary</span>"
		    "<span>%zu untranslated</span><span>QA: %zu errors, %zu warnings</span></p>\n",
		    rep->segments, rep->from_tm, rep->mt, rep->mt_texts, rep->requests, rep->retries,
		    rep->glossary, rep->untranslated, rep->qa[HX_QA_ERROR], rep->qa[HX_QA_WARNING]);
	hx_buf_adds(&b, "<table>\n<thead><tr><th>document</th><th>status</th><th>source</th>"
			"<th>translations</th><th>messages</th></tr></thead>\n<tbody>\n");
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < rep->n; i++) {
			const struct hx_run_doc *d = &rep->docs[i];
			int rank = d->status == HX_RUN_FAILED ? 0 : d->status == HX_RUN_PARTIAL ? 1 : 2;
			const char *st = hx_run_status_name(d->status);

			if (rank != pass)
				continue;
			hx_buf_addf(&b, "<tr class=\"%s\"><td><code>", st);
			esc(&b, d->id);
			hx_buf_adds(&b, "</code>");
			if (d->symbol) {
				hx_buf_adds(&b, "<br>");
				esc(&b, d->symbol);
			}
			if (d->title) {
				hx_buf_adds(&b, "<br><small dir=\"auto\">");
				esc(&b, d->title);
				hx_buf_adds(&b, "</small>");
			}
			hx_buf_addf(&b, "</td><td>%s</td><td>", st);
			esc(&b, d->source);
			if (d->lang >= 0 && d->lang < HX_LANG_COUNT)
				hx_buf_addf(&b, " (%s)", hx_lang_get(d->lang)->code);
			hx_buf_adds(&b, "</td><td>");
			for (int l = 0; l < HX_LANG_COUNT; l++)
				if ((d->targets & (1u << l)) && l != (int)d->lang) {
					lang_cell(&b, d, l);
					hx_buf_adds(&b, "<br>");
				}
			hx_buf_adds(&b, "</td><td class=\"msg\">");
			esc(&b, d->error);
			for (int l = 0; l < HX_LANG_COUNT; l++)
				if (d->t[l].error) {
					hx_buf_addf(&b, "<br>%s: ", hx_lang_get(l)->code);
					esc(&b, d->t[l].error);
				}
			for (size_t k = 0; k < d->nwarnings && k < 5; k++) {
				hx_buf_adds(&b, "<br>");
				esc(&b, d->warnings[k]);
			}
			if (d->nwarnings > 5)
				hx_buf_addf(&b, "<br>%zu more warnings in report.json", d->nwarnings - 5);
			hx_buf_adds(&b, "</td></tr>\n");
		}
	hx_buf_adds(&b, "</tbody>\n</table>\n</body>\n</html>\n");
	return hx_buf_detach(&b, NULL);
}

enum hx_err hx_run_report_write(const struct hx_run_report *rep, const struct hx_run_opts *o,
				struct hx_diag *diag)
{
	struct hx_buf jpath = HX_BUF_INIT(0), hpath = HX_BUF_INIT(0);
	char suffix[64] = "";
	char *json = report_json(rep), *html = report_html(rep);
	enum hx_err err;

	if (o->shard_n)
		snprintf(suffix, sizeof(suffix), ".shard-%u-of-%u", o->shard_k, o->shard_n);
	hx_buf_addf(&jpath, "%s/report%s.json", o->out_dir, suffix);
	hx_buf_addf(&hpath, "%s/index%s.html", o->out_dir, suffix);
	err = json ? hx_file_write_atomic(jpath.data, json, strlen(json), diag)
		   : hx_fail(diag, HX_E_INTERNAL, "cannot write the report as JSON");
	if (!err)
		err = hx_file_write_atomic(hpath.data, html, strlen(html), diag);
	free(json);
	free(html);
	hx_buf_release(&jpath);
	hx_buf_release(&hpath);
	return err;
}
