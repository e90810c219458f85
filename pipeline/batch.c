/*
 * The batch runner: inputs listed and hashed, unchanged ones skipped, the
 * others processed a window at a time (per-document stages on worker
 * threads, the translate barrier on this one), outputs and manifest written
 * after each window, documents gone from the input folder cleaned up.
 */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "cmd.h"
#include "driver.h"
#include "fsio.h"
#include "hash.h"
#include "lock.h"
#include "log.h"
#include "manifest.h"
#include "mem.h"
#include "output.h"
#include "pdf.h"

#define INPUTS_MAX ((size_t)1 << 20)
#define HX_GLOSSARY_FILE_MAX ((size_t)64 << 20)

static volatile sig_atomic_t interrupted;

void hx_run_interrupt(int signal)
{
	interrupted = signal;
}

const char *hx_run_status_name(enum hx_run_status status)
{
	static const char *const names[] = {"ok",      "partial", "failed",
					    "skipped-unchanged", "removed", "pending"};

	return status < HX_RUN_STATUS_COUNT ? names[status] : "?";
}


static void iso_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *hx_run_state_dir(const struct hx_run_opts *o)
{
	struct hx_buf b = HX_BUF_INIT(0);

	hx_buf_addf(&b, "%s/.hexaglot", o->out_dir);
	if (o->shard_n)
		hx_buf_addf(&b, "/shard-%u-of-%u", o->shard_k, o->shard_n);
	return hx_buf_detach(&b, NULL);
}

/* ---- the report ---- */

static struct hx_run_doc *report_add(struct hx_run_report *rep, const char *id, const char *source)
{
	struct hx_run_doc *d;

	if (rep->n == rep->alloc) {
		rep->alloc = rep->alloc ? rep->alloc * 2 : 64;
		rep->docs = hx_xreallocarray(rep->docs, rep->alloc, sizeof(*rep->docs));
	}
	d = &rep->docs[rep->n++];
	memset(d, 0, sizeof(*d));
	d->id = hx_xstrdup(id);
	d->source = hx_xstrdup(source ? source : "");
	d->lang = HX_LANG_NONE;
	return d;
}

static void run_doc_release(struct hx_run_doc *d)
{
	free(d->id);
	free(d->source);
	free(d->error);
	for (size_t i = 0; i < d->nwarnings; i++)
		free(d->warnings[i]);
	free(d->warnings);
	for (int l = 0; l < HX_LANG_COUNT; l++) {
		free(d->t[l].engine);
		free(d->t[l].error);
	}
	free(d->symbol);
	free(d->title);
	for (size_t i = 0; i < d->noutputs; i++)
		free(d->outputs[i]);
	free(d->outputs);
}

void hx_run_report_release(struct hx_run_report *rep)
{
	for (size_t i = 0; i < rep->n; i++)
		run_doc_release(&rep->docs[i]);
	free(rep->docs);
	memset(rep, 0, sizeof(*rep));
}

/* What the diagnostic of a document says, into its report line. */
static void take_diag(struct hx_run_doc *d, struct hx_diag *diag, enum hx_err err)
{
	if (err && !d->error)
		d->error = hx_xstrdup(hx_diag_message(diag));
	for (size_t i = 0; i < diag->nwarnings; i++) {
		d->warnings = hx_xreallocarray(d->warnings, d->nwarnings + 1, sizeof(*d->warnings));
		d->warnings[d->nwarnings++] = diag->warnings[i];
		diag->warnings[i] = NULL;
	}
	hx_diag_release(diag);
}

/* ---- the fingerprint of everything but the input that the outputs depend on ---- */

static void add_file_hash(struct hx_buf *b, const char *dir, const char *name)
{
	struct hx_buf path = HX_BUF_INIT(0), data = HX_BUF_INIT(HX_GLOSSARY_FILE_MAX);
	struct hx_diag diag = {0};
	char hex[65] = "unreadable";

	hx_buf_addf(&path, "%s/%s", dir, name);
	if (hx_file_read(path.data, HX_GLOSSARY_FILE_MAX, &data, &diag) == HX_OK)
		hx_sha256_hex(data.data ? data.data : "", data.len, hex);
	hx_buf_addf(b, "glossary %s %s\n", name, hex);
	hx_buf_release(&path);
	hx_buf_release(&data);
	hx_diag_release(&diag);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_glossaries(struct hx_buf *b, const struct hx_config *cfg)
{
	bool chosen;
	const char *dir = hx_config_glossary_dir(cfg, &chosen);
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;

	hx_buf_addf(b, "glossaries %s\n", dir ? dir : "(none)");
	while (d && (e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.' || len < 4 ||
		    (strcmp(e->d_name + len - 4, ".tsv") && strcmp(e->d_name + len - 4, ".tbx")))
			continue;
		names = hx_xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = hx_xstrdup(e->d_name);
	}
	if (d)
		closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		add_file_hash(b, dir, names[i]);
		free(names[i]);
	}
	free(names);
}

/*
 * hexaglot's version, the targets, the input options, every engine (its
 * type, pivot, model, glossary and limits) and which pair it serves, and the
 * glossaries' contents. Not keys, timeouts, concurrency or the endpoint's
 * address: they change how, not what (the demo's APy gets a new port each
 * time). An engine's own version is not asked for (APy cannot say): run
 * with --force after upgrading an engine.
 */
static void fingerprint(const struct hx_config *cfg, char out[65])
{
	struct hx_buf b = HX_BUF_INIT(0);

	hx_buf_addf(&b, "hexaglot %s\ntargets %u\nfrom %d encoding %s lossy %d format %d max %zu\n",
		    HX_VERSION, cfg->targets, (int)cfg->from, cfg->encoding ? cfg->encoding : "",
		    cfg->lossy, (int)cfg->format, cfg->max_input);
	for (size_t i = 0; i < cfg->nengines; i++) {
		const struct hx_engine_config *e = &cfg->engines[i];

		hx_buf_addf(&b, "engine %s %s pivot %d model %s glossary %s chars %zu texts %zu\n",
			    e->name, e->type, (int)e->pivot,
			    e->model ? e->model : "", e->glossary_id ? e->glossary_id : "",
			    e->max_chars, e->max_texts);
	}
	hx_buf_addf(&b, "default %d\n", cfg->default_engine);
	for (int s = 0; s < HX_LANG_COUNT; s++)
		for (int t = 0; t < HX_LANG_COUNT; t++)
			hx_buf_addf(&b, "%d", cfg->pair_engine[s][t]);
	hx_buf_addc(&b, '\n');
	add_glossaries(&b, cfg);
	if (cfg->publish.pdf)
		hx_buf_addf(&b, "pdf %s\n", hx_pdf_engine_name(cfg->publish.pdf_engine));
	hx_sha256_hex(b.data, b.len, out);
	hx_buf_release(&b);
}

/* ---- inputs ---- */

void hx_run_inputs_free(struct hx_run_input *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].path);
		free(v[i].id);
	}
	free(v);
}

static int by_input_name(const void *a, const void *b)
{
	return strcmp(((const struct hx_run_input *)a)->name,
		      ((const struct hx_run_input *)b)->name);
}

/* Whether id falls in this shard: the first 8 bytes of its SHA-256, modulo n. */
static bool in_shard(const struct hx_run_opts *o, const char *id)
{
	char hex[65];
	unsigned long long v;

	if (!o->shard_n)
		return true;
	hx_sha256_hex(id, strlen(id), hex);
	hex[16] = '\0';
	v = strtoull(hex, NULL, 16);
	return v % o->shard_n == o->shard_k;
}

enum hx_err hx_run_list_inputs(const struct hx_run_opts *o, struct hx_run_input **out, size_t *n,
			       struct hx_diag *diag)
{
	DIR *d = opendir(o->in_dir);
	struct dirent *e;
	struct hx_run_input *v = NULL;
	size_t alloc = 0;

	*n = 0;
	if (!d)
		return hx_fail(diag, HX_E_CONFIG, "cannot read the input folder '%s': %s", o->in_dir,
			       strerror(errno));
	while ((e = readdir(d))) {
		struct hx_buf path = HX_BUF_INIT(0);
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		hx_buf_addf(&path, "%s/%s", o->in_dir, e->d_name);
		if (stat(path.data, &st) != 0 || !S_ISREG(st.st_mode) || *n >= INPUTS_MAX) {
			hx_buf_release(&path);
			continue;
		}
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 256;
			v = hx_xreallocarray(v, alloc, sizeof(*v));
		}
		v[*n].name = hx_xstrdup(e->d_name);
		v[*n].path = hx_buf_detach(&path, NULL);
		v[*n].id = hx_doc_id_from_path(e->d_name);
		if (in_shard(o, v[*n].id))
			(*n)++;
		else {
			free(v[*n].name);
			free(v[*n].path);
			free(v[*n].id);
		}
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), by_input_name);
	*out = v;
	return HX_OK;
}

/* ---- workers: the per-document stages on threads, each with its own pipeline ---- */

struct slot {
	struct hx_doc *doc;
	struct hx_run_doc *line;
	struct hx_manifest_entry old; /* the manifest's entry before this run, if any */
	bool had_old;
	bool failed;
	double started;
	struct hx_output_files files;
	bool pdf_failed; /* PDFs asked for and not made: the document is done again next run */
};

struct worker {
	struct hx_pipeline pre, post;
	pthread_t thread;
	struct pool *pool;
};

struct pool {
	struct worker *w;
	int n;
	struct slot *slots;
	size_t nslots;
	size_t next;
	pthread_mutex_t lock;
	int phase; /* 0: decode..terms, 1: restore..render and the outputs */
	const char *out_dir;
	const struct hx_pdf *pdf; /* NULL: no PDFs */
	bool pdf_missing;         /* asked for, but no renderer */
};

static bool next_slot(struct pool *p, size_t *i)
{
	bool ok;

	pthread_mutex_lock(&p->lock);
	ok = p->next < p->nslots;
	if (ok)
		*i = p->next++;
	pthread_mutex_unlock(&p->lock);
	return ok;
}

/* A PDF that fails is a warning on the document, which is marked partial and done again. */
static void write_pdfs(const struct pool *pool, struct slot *s, struct hx_diag *diag)
{
	char msg[HX_DIAG_MSG_MAX];

	s->pdf_failed = pool->pdf_missing;
	if (!pool->pdf || !hx_pdf_write_doc(pool->pdf, pool->out_dir, s->doc, &s->files, diag))
		return;
	snprintf(msg, sizeof(msg), "%s", hx_diag_message(diag));
	hx_log_error("%s", msg);
	diag->err = HX_OK;
	hx_warn(diag, "%s", msg);
	s->pdf_failed = true;
}

static void do_slot(struct worker *w, struct slot *s)
{
	struct hx_pipeline *p = w->pool->phase == 0 ? &w->pre : &w->post;
	enum hx_err err;

	if (s->failed)
		return;
	err = hx_pipeline_process(p, s->doc);
	if (!err && w->pool->phase == 1)
		err = hx_output_write_files(w->pool->out_dir, s->doc, &s->files, &p->diag);
	if (!err && w->pool->phase == 1)
		write_pdfs(w->pool, s, &p->diag);
	if (err)
		s->failed = true;
	take_diag(s->line, &p->diag, err);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	size_t i;

	while (next_slot(w->pool, &i))
		do_slot(w, &w->pool->slots[i]);
	return NULL;
}

/* Runs the pool's phase over every slot, on its threads (the calling one when there is one). */
static void run_phase(struct pool *p, int phase)
{
	p->phase = phase;
	p->next = 0;
	if (p->n == 1) {
		work(&p->w[0]);
		return;
	}
	for (int k = 0; k < p->n; k++)
		if (pthread_create(&p->w[k].thread, NULL, work, &p->w[k]) != 0)
			p->w[k].thread = 0;
	for (int k = 0; k < p->n; k++)
		if (p->w[k].thread)
			pthread_join(p->w[k].thread, NULL);
	/* a thread that could not start left its slots to the others; finish here if none ran */
	work(&p->w[0]);
}

/* ---- one window ---- */

struct run {
	const struct hx_config *cfg;
	const struct hx_run_opts *o;
	struct hx_run_report *rep;
	struct hx_manifest manifest;
	char *manifest_path;
	struct pool pool;
	struct hx_pipeline mid; /* translate: the barrier, on this thread */
	struct slot *slots;
	size_t nslots;
	size_t done, total; /* for the progress line */
	double started, last_progress;
};

static void progress(struct run *r, bool final)
{
	double t = hx_now_seconds(), rate, eta;
	const struct hx_run_report *rep = r->rep;

	if (!r->o->progress || (!final && t - r->last_progress < 0.2))
		return;
	r->last_progress = t;
	rate = r->done / (t - r->started + 1e-9);
	eta = rate > 0 ? (double)(r->total - r->done) / rate : 0;
	fprintf(stderr,
		"\r\033[K%zu/%zu documents (%zu skipped, %zu failed), %zu segments, %zu from "
		"memory, %zu MT requests (%.1f/s), %zu retries, ETA %.0f s",
		r->done, r->total, rep->counts[HX_RUN_SKIPPED], rep->counts[HX_RUN_FAILED],
		rep->segments, rep->from_tm, rep->requests, rep->requests / (t - r->started + 1e-9),
		rep->retries, eta);
	if (final)
		fputc('\n', stderr);
	fflush(stderr);
}

/* The report line of a finished document, from what its stages left on it. */
static void fill_line(struct hx_run_report *rep, struct slot *s)
{
	struct hx_run_doc *d = s->line;
	const struct hx_doc *doc = s->doc;
	bool partial = false;

	d->lang = doc->lang;
	d->targets = doc->targets;
	d->symbol = doc->meta.symbol ? hx_xstrdup(doc->meta.symbol) : NULL;
	d->title = doc->meta.title ? hx_xstrdup(doc->meta.title) : NULL;
	for (int l = 0; l < HX_LANG_COUNT && !s->failed; l++) {
		const struct hx_doc_target *t = &doc->target[l];
		struct hx_run_target *rt = &d->t[l];

		if (!(doc->targets & (1u << l)) || l == (int)doc->lang)
			continue;
		rt->segments = t->segments;
		rt->from_tm = t->from_tm;
		rt->mt = t->translated;
		rt->glossary = t->glossary;
		rt->untranslated = t->failed;
		rt->requests = t->requests;
		rt->retries = t->retries;
		rt->pivoted = t->pivoted;
		rt->engine = t->engine ? hx_xstrdup(t->engine) : NULL;
		rt->error = t->first_error ? hx_xstrdup(t->first_error) : NULL;
		rt->qa_checked = doc->qa.checked & (1u << l);
		rt->spelling_checked = rt->qa_checked && !(doc->qa.no_spell & (1u << l));
		for (int v = 0; v < HX_QA_SEVERITY_COUNT; v++) {
			rt->qa[v] = doc->qa.counts[l][v];
			rep->qa[v] += doc->qa.counts[l][v];
		}
		partial |= t->failed > 0;
		rep->segments += t->segments;
		rep->from_tm += t->from_tm;
		rep->mt += t->translated;
		rep->glossary += t->glossary;
		rep->untranslated += t->failed;
		rep->mt_texts += t->mt_texts;
		rep->requests += t->requests;
		rep->retries += t->retries;
	}
	partial |= s->pdf_failed;
	rep->pdf_failed += !s->failed && s->pdf_failed;
	d->status = s->failed ? HX_RUN_FAILED : partial ? HX_RUN_PARTIAL : HX_RUN_OK;
	rep->counts[d->status]++;
	d->seconds = hx_now_seconds() - s->started;
	for (size_t i = 0; i < s->files.n; i++) {
		d->outputs = hx_xreallocarray(d->outputs, d->noutputs + 1, sizeof(*d->outputs));
		d->outputs[d->noutputs++] = hx_xstrdup(s->files.names[i]);
	}
}

/* Removes out_dir/rel, and its folder when that leaves it empty. */
static void remove_output(const char *out_dir, const char *rel)
{
	struct hx_buf path = HX_BUF_INIT(0);
	char *slash;

	/* only what a manifest lists as written: "<id>/<file>", no way out of out_dir */
	if (strstr(rel, "..") || rel[0] == '/' || !strchr(rel, '/'))
		return;
	hx_buf_addf(&path, "%s/%s", out_dir, rel);
	unlink(path.data);
	slash = strrchr(path.data, '/');
	*slash = '\0';
	rmdir(path.data); /* fails, harmlessly, while other files are there */
	hx_buf_release(&path);
}

static bool listed(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

/* The manifest learns how a document went; outputs it no longer writes are removed. */
static void record(struct run *r, struct slot *s, const char *input_sha256, const char *fp)
{
	struct hx_run_doc *d = s->line;
	struct hx_manifest_entry e = {0};
	char when[32];

	if (s->had_old && d->status != HX_RUN_FAILED)
		for (size_t i = 0; i < s->old.noutputs; i++)
			if (!listed(s->files.names, s->files.n, s->old.outputs[i]))
				remove_output(r->o->out_dir, s->old.outputs[i]);
	iso_now(when);
	e.id = d->id;
	e.source = d->source;
	memcpy(e.input_sha256, input_sha256, 65);
	memcpy(e.fingerprint, fp, 65);
	e.status = (char *)hx_run_status_name(d->status);
	e.updated = when;
	/* a failed document keeps what an earlier run wrote, and is tried again next time */
	e.outputs = d->status == HX_RUN_FAILED && s->had_old ? s->old.outputs : s->files.names;
	e.noutputs = d->status == HX_RUN_FAILED && s->had_old ? s->old.noutputs : s->files.n;
	hx_manifest_put(&r->manifest, &e);
}

static void slot_release(struct slot *s)
{
	hx_doc_free(s->doc);
	hx_output_files_release(&s->files);
	if (s->had_old)
		hx_manifest_entry_release(&s->old);
	memset(s, 0, sizeof(*s));
}

/* The window: per-document stages, the barrier, per-document stages, outputs, manifest. */
static enum hx_err run_window(struct run *r, const char *fp, struct hx_diag *diag)
{
	struct hx_doc **docs = hx_xreallocarray(NULL, r->nslots + 1, sizeof(*docs));
	size_t n = 0;
	enum hx_err err = HX_OK;

	r->pool.slots = r->slots;
	r->pool.nslots = r->nslots;
	run_phase(&r->pool, 0);
	for (size_t i = 0; i < r->nslots; i++)
		if (!r->slots[i].failed)
			docs[n++] = r->slots[i].doc;
	if (n) {
		const struct hx_stage_ctx *ctx = &r->mid.ctx[0];
		enum hx_err werr;

		r->mid.diag.err = HX_OK;
		r->mid.diag.msg[0] = '\0';
		werr = ctx->stage->process_window((struct hx_stage_ctx *)ctx, docs, n);
		/* what stops MT for a window fails its documents; a configuration error, the run */
		for (size_t i = 0; i < r->nslots; i++) {
			struct slot *s = &r->slots[i];

			if (werr && !s->failed && !s->line->error) {
				s->failed = true;
				s->line->error = hx_xstrdup(hx_diag_message(&r->mid.diag));
			}
		}
		for (size_t i = 0; i < r->mid.diag.nwarnings; i++)
			hx_log_warn("%s", r->mid.diag.warnings[i]);
		if (werr == HX_E_CONFIG)
			err = hx_fail(diag, werr, "%s", hx_diag_message(&r->mid.diag));
		hx_diag_release(&r->mid.diag);
		/* consistency looks across the whole window: the same sentence, two translations */
		if (!werr)
			hx_qa_consistency(docs, n, NULL);
	}
	free(docs);
	if (!err)
		run_phase(&r->pool, 1);
	for (size_t i = 0; i < r->nslots; i++) {
		struct slot *s = &r->slots[i];

		fill_line(r->rep, s);
		record(r, s, s->doc->meta.input_sha256[0] ? s->doc->meta.input_sha256 : "", fp);
		if (s->line->status == HX_RUN_FAILED)
			hx_log_error("%s: %s", s->line->source,
				     s->line->error ? s->line->error : "failed");
		else if (!r->o->progress)
			hx_log_info("%s -> %s/%s/ (%s)", s->line->source, r->o->out_dir, s->line->id,
				    hx_run_status_name(s->line->status));
		slot_release(s);
		r->done++;
	}
	r->nslots = 0;
	/* the memory committed its window in the translate stage; now the manifest */
	if (!err)
		err = hx_manifest_save(&r->manifest, r->manifest_path, diag);
	progress(r, false);
	return err;
}

/* ---- the run ---- */

/* Whether name is one of hx_file_write_atomic's temporary names: "<name>.tmp.XXXXXX". */
static bool temp_name(const char *name)
{
	size_t n = strlen(name);

	if (n < 12 || strncmp(name + n - 11, ".tmp.", 5))
		return false;
	for (size_t i = n - 6; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9')))
			return false;
	return true;
}

/* Removes the temporary files in dir that a killed run left ("x.html.tmp.Ab12Cd"). */
static void sweep_dir(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		struct hx_buf path = HX_BUF_INIT(0);
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		hx_buf_addf(&path, "%s/%s", dir, e->d_name);
		if (lstat(path.data, &st) == 0 && S_ISDIR(st.st_mode) && depth > 0)
			sweep_dir(path.data, depth - 1);
		else if (S_ISREG(st.st_mode) && temp_name(e->d_name))
			unlink(path.data);
		hx_buf_release(&path);
	}
	if (d)
		closedir(d);
}

static enum hx_err start_pool(struct run *r, struct hx_diag *diag)
{
	int n = r->o->jobs < 1 ? 1 : r->o->jobs > HX_RUN_JOBS_MAX ? HX_RUN_JOBS_MAX : r->o->jobs;
	enum hx_err err = HX_OK;

	r->pool.w = hx_xcalloc((size_t)n, sizeof(*r->pool.w));
	r->pool.n = n;
	r->pool.out_dir = r->o->out_dir;
	pthread_mutex_init(&r->pool.lock, NULL);
	/* every pipeline starts here, on this thread: inits are not thread-safe */
	for (int k = 0; k < n && !err; k++) {
		r->pool.w[k].pool = &r->pool;
		err = hx_pipeline_init(&r->pool.w[k].pre, r->cfg, "decode", "terms");
		if (!err)
			err = hx_pipeline_init(&r->pool.w[k].post, r->cfg, "restore", "render");
		/* one glossary a worker: its qa reads what its terms loaded (never at once) */
		if (!err)
			hx_pipeline_share(&r->pool.w[k].post, &r->pool.w[k].pre);
		if (err)
			hx_fail(diag, err, "%s",
				hx_diag_message(r->pool.w[k].pre.diag.err ? &r->pool.w[k].pre.diag
									   : &r->pool.w[k].post.diag));
	}
	if (!err && (err = hx_pipeline_init(&r->mid, r->cfg, "translate", "translate")))
		hx_fail(diag, err, "%s", hx_diag_message(&r->mid.diag));
	return err;
}

static void stop_pool(struct run *r)
{
	for (int k = 0; k < r->pool.n; k++) {
		hx_pipeline_release(&r->pool.w[k].pre);
		hx_pipeline_release(&r->pool.w[k].post);
	}
	hx_pipeline_release(&r->mid);
	free(r->pool.w);
	pthread_mutex_destroy(&r->pool.lock);
}

/* Whether every output the manifest lists is still there. */
static bool outputs_present(const char *out_dir, const struct hx_manifest_entry *e)
{
	struct hx_buf path = HX_BUF_INIT(0);
	bool ok = e->noutputs > 0;

	for (size_t i = 0; i < e->noutputs && ok; i++) {
		hx_buf_reset(&path);
		hx_buf_addf(&path, "%s/%s", out_dir, e->outputs[i]);
		ok = access(path.data, F_OK) == 0;
	}
	hx_buf_release(&path);
	return ok;
}

static void copy_entry(struct hx_manifest_entry *to, const struct hx_manifest_entry *from)
{
	memset(to, 0, sizeof(*to));
	to->id = hx_xstrdup(from->id);
	to->source = from->source ? hx_xstrdup(from->source) : NULL;
	memcpy(to->input_sha256, from->input_sha256, 65);
	memcpy(to->fingerprint, from->fingerprint, 65);
	to->outputs = hx_xreallocarray(NULL, from->noutputs + 1, sizeof(*to->outputs));
	for (size_t i = 0; i < from->noutputs; i++)
		to->outputs[i] = hx_xstrdup(from->outputs[i]);
	to->noutputs = from->noutputs;
}

/* Reads one input, and either records it as unchanged or queues it for the window. */
static void take_input(struct run *r, const struct hx_run_input *in, const char *fp, const char **ids,
		       size_t nids)
{
	struct hx_buf raw = HX_BUF_INIT(r->cfg->max_input);
	struct hx_diag diag = {0};
	const struct hx_manifest_entry *old = hx_manifest_find(&r->manifest, in->id);
	struct hx_run_doc *line;
	struct slot *s;
	char hex[65];
	enum hx_err err;

	/* two inputs with one id ("a.txt", "a.md"): the second is refused, by name */
	for (size_t i = 0; i < nids; i++)
		if (!strcmp(ids[i], in->id)) {
			line = report_add(r->rep, in->id, in->name);
			line->status = HX_RUN_FAILED;
			line->error = hx_xstrdup("another input has the same id; rename one of them");
			r->rep->counts[HX_RUN_FAILED]++;
			r->done++;
			hx_log_error("%s: another input of %s has the id '%s'; rename one of them",
				     in->name, r->o->in_dir, in->id);
			return;
		}
	err = hx_file_read(in->path, r->cfg->max_input, &raw, &diag);
	if (err) {
		line = report_add(r->rep, in->id, in->name);
		line->status = HX_RUN_FAILED;
		take_diag(line, &diag, err);
		r->rep->counts[HX_RUN_FAILED]++;
		r->done++;
		hx_log_error("%s", line->error);
		hx_buf_release(&raw);
		return;
	}
	hx_sha256_hex(raw.data ? raw.data : "", raw.len, hex);
	if (old && !r->o->force && !strcmp(old->input_sha256, hex) &&
	    !strcmp(old->fingerprint, fp) && !strcmp(old->status ? old->status : "", "ok") &&
	    outputs_present(r->o->out_dir, old)) {
		line = report_add(r->rep, in->id, in->name);
		line->status = HX_RUN_SKIPPED;
		line->targets = r->cfg->targets;
		for (size_t i = 0; i < old->noutputs; i++) {
			line->outputs = hx_xreallocarray(line->outputs, i + 1, sizeof(*line->outputs));
			line->outputs[line->noutputs++] = hx_xstrdup(old->outputs[i]);
		}
		r->rep->counts[HX_RUN_SKIPPED]++;
		r->done++;
		hx_buf_release(&raw);
		progress(r, false);
		return;
	}
	if (r->o->dry_run) {
		line = report_add(r->rep, in->id, in->name);
		line->status = HX_RUN_PENDING;
		line->error = hx_xstrdup(!old ? "new" : r->o->force ? "forced"
					 : strcmp(old->input_sha256, hex) ? "changed"
					 : strcmp(old->fingerprint, fp) ? "settings or glossaries changed"
									   : "not done well last time");
		r->rep->counts[HX_RUN_PENDING]++;
		r->done++;
		hx_buf_release(&raw);
		return;
	}
	s = &r->slots[r->nslots++];
	memset(s, 0, sizeof(*s));
	s->started = hx_now_seconds();
	s->doc = hx_doc_new(in->path);
	free(s->doc->id);
	s->doc->id = hx_xstrdup(in->id);
	s->doc->raw = (unsigned char *)hx_buf_detach(&raw, &s->doc->raw_len);
	s->doc->targets = r->cfg->targets;
	s->line = NULL; /* report lines move when the report grows: set when the window runs */
	if (old) {
		copy_entry(&s->old, old);
		s->had_old = true;
	}
}

/* Documents of this shard the manifest knows but the input folder no longer has. */
static void clean_removed(struct run *r, const struct hx_run_input *in, size_t nin)
{
	char **gone = NULL;
	size_t ngone = 0;

	for (size_t i = 0; i < r->manifest.n; i++) {
		const struct hx_manifest_entry *e = &r->manifest.v[i];
		bool present = false;

		for (size_t k = 0; k < nin && !present; k++)
			present = !strcmp(in[k].id, e->id);
		if (present || !in_shard(r->o, e->id))
			continue;
		gone = hx_xreallocarray(gone, ngone + 1, sizeof(*gone));
		gone[ngone++] = hx_xstrdup(e->id);
	}
	for (size_t i = 0; i < ngone; i++) {
		const struct hx_manifest_entry *e = hx_manifest_find(&r->manifest, gone[i]);
		struct hx_run_doc *line = report_add(r->rep, e->id, e->source);

		line->status = HX_RUN_REMOVED;
		r->rep->counts[HX_RUN_REMOVED]++;
		if (!r->o->dry_run && !r->o->keep_removed) {
			for (size_t k = 0; k < e->noutputs; k++)
				remove_output(r->o->out_dir, e->outputs[k]);
			hx_manifest_remove(&r->manifest, gone[i]);
		} else if (r->o->keep_removed) {
			line->error = hx_xstrdup("outputs kept (--keep-removed)");
		}
		if (!r->o->progress)
			hx_log_info("%s: gone from %s; %s", gone[i], r->o->in_dir,
				    r->o->keep_removed ? "its outputs are kept" : "its outputs removed");
		free(gone[i]);
	}
	free(gone);
}

enum hx_err hx_run(const struct hx_config *cfg, const struct hx_run_opts *o,
		   struct hx_run_report *rep, struct hx_diag *diag)
{
	struct run r = {0};
	struct hx_pdf pdf = {0};
	struct hx_lock lock = {-1, 0};
	struct hx_run_input *in = NULL;
	const char **ids = NULL;
	size_t nin = 0, window = o->window ? o->window : HX_RUN_WINDOW_DEFAULT;
	char *state = hx_run_state_dir(o);
	char fp[65];
	enum hx_err err;

	memset(rep, 0, sizeof(*rep));
	rep->targets = cfg->targets;
	rep->shard_k = o->shard_k;
	rep->shard_n = o->shard_n;
	iso_now(rep->started);
	r.cfg = cfg;
	r.o = o;
	r.rep = rep;
	r.started = hx_now_seconds();
	interrupted = 0;
	if (cfg->publish.pdf && !o->dry_run) {
		struct hx_diag pd = {0};

		/* no renderer: said once; the documents are done without PDFs, and again next run */
		if (hx_pdf_init(&pdf, cfg->publish.pdf_engine, cfg->publish.pdf_timeout_s, &pd))
			hx_log_error("%s; writing the other outputs", hx_diag_message(&pd));
		else
			r.pool.pdf = &pdf;
		r.pool.pdf_missing = !r.pool.pdf;
		hx_diag_release(&pd);
	}
	err = hx_run_list_inputs(o, &in, &nin, diag);
	if (!err && !o->dry_run && !(err = hx_lock_acquire(state, &lock, diag)) && lock.stale_pid) {
		rep->took_over_pid = lock.stale_pid;
		hx_log_warn("took over the lock of an earlier run (pid %ld) that is no longer "
			    "running; finishing what it left",
			    lock.stale_pid);
		/* a killed run may have left temporary files: never outputs, but litter */
		sweep_dir(o->out_dir, 2);
	}
	if (!err) {
		struct hx_buf p = HX_BUF_INIT(0);

		hx_buf_addf(&p, "%s/manifest.json", state);
		r.manifest_path = hx_buf_detach(&p, NULL);
		err = hx_manifest_load(&r.manifest, r.manifest_path, diag);
		for (size_t i = 0; i < diag->nwarnings; i++)
			hx_log_warn("%s", diag->warnings[i]);
	}
	fingerprint(cfg, fp);
	memcpy(rep->fingerprint, fp, sizeof(fp));
	r.total = nin;
	xmlInitParser(); /* once, before any thread parses */
	if (!err && !o->dry_run)
		err = start_pool(&r, diag);
	r.slots = hx_xcalloc(window, sizeof(*r.slots));
	ids = hx_xreallocarray(NULL, nin + 1, sizeof(*ids));
	for (size_t i = 0; i < nin && !err && !interrupted; i++) {
		take_input(&r, &in[i], fp, ids, i);
		ids[i] = in[i].id;
		if (r.nslots == window || (i + 1 == nin && r.nslots)) {
			/* report lines for the window, now that the report stops moving */
			for (size_t k = 0; k < r.nslots; k++) {
				struct hx_doc *doc = r.slots[k].doc;

				r.slots[k].line = report_add(rep, doc->id, strrchr(doc->path, '/') + 1);
			}
			/* the lines are stable until the next report_add: after this window */
			err = run_window(&r, fp, diag);
		}
	}
	if (!err && !interrupted)
		clean_removed(&r, in, nin);
	if (!err && !o->dry_run && r.manifest_path)
		err = hx_manifest_save(&r.manifest, r.manifest_path, diag);
	progress(&r, true);
	rep->interrupted = interrupted != 0;
	rep->signal = interrupted;
	iso_now(rep->finished);
	rep->seconds = hx_now_seconds() - r.started;
	for (size_t k = 0; k < r.nslots; k++)
		slot_release(&r.slots[k]);
	free(r.slots);
	free(ids);
	if (!o->dry_run && r.pool.w)
		stop_pool(&r);
	hx_manifest_release(&r.manifest);
	free(r.manifest_path);
	hx_run_inputs_free(in, nin);
	hx_lock_release(&lock);
	hx_pdf_release(&pdf);
	free(state);
	return err;
}
