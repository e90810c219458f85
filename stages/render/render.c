/*
 * render stage: the document's CommonMark (GFM tables, strikethrough, autolinks,
 * footnotes) through cmark-gfm, a chunk at a time, into a standalone HTML5 page in doc->html.
 */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <strings.h>
#include <time.h>

#include "cmark_finish.h"
#include "print.h"
#include "render.h"
#include "stage.h"

/*
 * Never CMARK_OPT_UNSAFE: Markdown and MT output are untrusted, so raw HTML
 * becomes a "raw HTML omitted" comment and javascript: links lose their URL.
 * No CMARK_OPT_SMART: quotes stay as the document wrote them.
 */
#define RENDER_OPTIONS  (CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8)
#define RENDER_PAGE_MAX ((size_t)256 << 20)

static const char *const extension_names[] = {"table", "strikethrough", "autolink"};
#define NEXTENSIONS (sizeof(extension_names) / sizeof(extension_names[0]))

/* Borrowed from cmark-gfm's registry, which owns them. */
static bool find_extensions(cmark_syntax_extension *ext[NEXTENSIONS], const char **missing)
{
	cmark_gfm_core_extensions_ensure_registered();
	for (size_t i = 0; i < NEXTENSIONS; i++) {
		ext[i] = cmark_find_syntax_extension(extension_names[i]);
		if (!ext[i]) {
			*missing = extension_names[i];
			return false;
		}
	}
	return true;
}

struct render_priv {
	bool started;
	char run_date[16]; /* the date of the run, for the drafts' notices: "2026-11-21" */
};

/*
 * The run's date in UTC; SOURCE_DATE_EPOCH (reproducible-builds.org) sets it, so that
 * tests and rebuilds get the same pages.
 */
static void set_run_date(char date[16])
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	time_t now = time(NULL);
	struct tm tm;

	if (env && *env) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(env, &end, 10);
		if (!errno && !*end && v >= 0)
			now = (time_t)v;
	}
	if (!gmtime_r(&now, &tm) || !strftime(date, 16, "%Y-%m-%d", &tm))
		date[0] = '\0';
}

static enum hx_err render_init(struct hx_stage_ctx *ctx)
{
	struct render_priv *priv = ctx->priv;
	cmark_syntax_extension *ext[NEXTENSIONS];
	const char *missing;

	if (!find_extensions(ext, &missing))
		return hx_fail(ctx->diag, HX_E_RENDER,
			       "cannot start the renderer: cmark-gfm has no '%s' extension",
			       missing);
	set_run_date(priv->run_date);
	priv->started = true;
	return HX_OK;
}

/*
 * Whether the page would fetch url from elsewhere: protocol-relative, or with a
 * scheme other than data: (which cmark allows only for images it deems safe).
 */
static bool url_is_remote(const char *url)
{
	size_t i = 0;

	if (!url)
		return false;
	if ((url[0] == '/' || url[0] == '\\') && (url[1] == '/' || url[1] == '\\'))
		return true;
	while (url[i] && url[i] != ':' && url[i] != '/' && url[i] != '?' && url[i] != '#')
		i++;
	return url[i] == ':' && !(i == 4 && strncasecmp(url, "data", 4) == 0);
}

static bool inside_link(cmark_node *node)
{
	for (cmark_node *p = cmark_node_parent(node); p; p = cmark_node_parent(p))
		if (cmark_node_get_type(p) == CMARK_NODE_LINK)
			return true;
	return false;
}

/* Changing the type frees the URL and title, so they are copied and set again. */
static bool image_to_link(cmark_node *img)
{
	const char *title = cmark_node_get_title(img);
	char *url_copy = hx_xstrdup(cmark_node_get_url(img));
	char *title_copy = hx_xstrdup(title ? title : "");
	bool ok = cmark_node_set_type(img, CMARK_NODE_LINK);

	if (ok)
		ok = cmark_node_set_url(img, url_copy) && cmark_node_set_title(img, title_copy);
	free(url_copy);
	free(title_copy);
	return ok;
}

/* Replaces img with its description: an image inside a link cannot become a link. */
static void image_to_text(cmark_node *img)
{
	cmark_node *child;

	while ((child = cmark_node_first_child(img)))
		cmark_node_insert_before(img, child);
	cmark_node_free(img);
}

/*
 * A remote image would be an outside resource loaded with the page: it becomes
 * a link to the image instead. Collected first, because the iterator must not
 * see the tree change under it; in document order, so outer images come first.
 */
static void disarm_remote_images(cmark_node *root)
{
	cmark_iter *iter = cmark_iter_new(root);
	cmark_node **found = NULL;
	size_t n = 0, alloc = 0;
	cmark_event_type ev;

	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);

		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_IMAGE ||
		    !url_is_remote(cmark_node_get_url(node)))
			continue;
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 8;
			found = hx_xreallocarray(found, alloc, sizeof(*found));
		}
		found[n++] = node;
	}
	cmark_iter_free(iter);
	for (size_t i = 0; i < n; i++)
		if (inside_link(found[i]) || !image_to_link(found[i]))
			image_to_text(found[i]);
	free(found);
}

/* Parses and renders one chunk, appending its HTML to out; the tree is freed before returning. */
static enum hx_err render_chunk(cmark_syntax_extension *const ext[NEXTENSIONS],
				struct hx_notes *notes, struct hx_buf *out,
				const struct hx_buf *chunk)
{
	cmark_parser *parser = cmark_parser_new(RENDER_OPTIONS);
	cmark_node *root = NULL;
	char *html = NULL;
	enum hx_err err;

	if (!parser)
		return HX_E_RENDER;
	for (size_t i = 0; i < NEXTENSIONS; i++)
		cmark_parser_attach_syntax_extension(parser, ext[i]);
	cmark_parser_feed(parser, hx_buf_str(chunk), chunk->len);
	root = hx_cmark_finish(parser);
	if (root) {
		disarm_remote_images(root);
		html = cmark_render_html(root, RENDER_OPTIONS,
					 cmark_parser_get_syntax_extensions(parser));
		cmark_node_free(root);
	}
	cmark_parser_free(parser);
	if (!html)
		return HX_E_RENDER;
	err = hx_notes_add(notes, out, html, strlen(html));
	cmark_get_default_mem_allocator()->free(html);
	return err;
}

enum hx_err hx_render_markdown(struct hx_buf *out, const char *md, size_t len, size_t chunk_bytes)
{
	cmark_syntax_extension *ext[NEXTENSIONS];
	const char *missing;
	struct hx_split *sp;
	struct hx_notes *notes;
	struct hx_buf chunk = HX_BUF_INIT(out->max);
	enum hx_err err = HX_OK;

	if (!find_extensions(ext, &missing))
		return HX_E_RENDER;
	sp = hx_split_new(md, len, chunk_bytes);
	notes = hx_notes_new(out->max);
	while (!err && !hx_split_done(sp)) {
		err = hx_split_next(sp, &chunk);
		if (!err && chunk.len)
			err = render_chunk(ext, notes, out, &chunk);
	}
	if (!err)
		err = hx_notes_write(notes, out);
	hx_buf_release(&chunk);
	hx_notes_free(notes);
	hx_split_free(sp);
	return err;
}

/* NEEDSWORK: decode should set doc->lang from --from; until it does, read it here. */
static enum hx_lang page_lang(const struct hx_stage_ctx *ctx, const struct hx_doc *doc)
{
	if (doc->lang != HX_LANG_NONE)
		return doc->lang;
	return ctx->cfg ? ctx->cfg->from : HX_LANG_NONE;
}

/* One page: the source (target HX_LANG_NONE) or a draft, from its Markdown. */
static enum hx_err render_page(struct hx_stage_ctx *ctx, struct hx_doc *doc, const char *md,
			       size_t len, enum hx_lang lang, bool draft, char **html,
			       size_t *html_len)
{
	struct hx_buf page = HX_BUF_INIT(RENDER_PAGE_MAX);
	enum hx_err err;

	err = hx_render_page_start(&page, doc, lang);
	if (!err && draft)
		err = hx_render_draft_notice(&page, doc, lang);
	if (!err)
		err = hx_render_markdown(&page, md, len, HX_RENDER_CHUNK);
	if (!err)
		err = hx_render_page_end(&page);
	if (err) {
		hx_buf_release(&page);
		if (err == HX_E_LIMIT)
			return hx_fail(ctx->diag, err,
				       "cannot render '%s': the page would exceed %zu bytes",
				       doc->path, RENDER_PAGE_MAX);
		return hx_fail(ctx->diag, err,
			       "cannot render '%s': cmark-gfm failed on the Markdown", doc->path);
	}
	*html = hx_buf_detach(&page, html_len);
	return HX_OK;
}

static enum hx_err render_fail(struct hx_stage_ctx *ctx, const struct hx_doc *doc, enum hx_err err,
			       const char *what)
{
	if (err == HX_E_LIMIT)
		return hx_fail(ctx->diag, err, "cannot render the %s of '%s': over %zu bytes", what,
			       doc->path, RENDER_PAGE_MAX);
	if (ctx->diag->msg[0])
		return err;
	return hx_fail(ctx->diag, err, "cannot render the %s of '%s': cmark-gfm failed", what,
		       doc->path);
}

/* A draft's segment left in the source language: the only kind that gets a span. */
struct draft_segs {
	const struct hx_doc *doc;
	enum hx_lang lang;
};

static enum hx_err untranslated_open(void *arg, uint32_t k, struct hx_buf *out)
{
	const struct draft_segs *d = arg;
	const struct hx_seg_target *t;
	enum hx_err err;

	if (k >= d->doc->segs.nsegs)
		return HX_OK;
	t = &d->doc->segs.segs[k].target[d->lang];
	if (t->origin != HX_ORIGIN_SOURCE && (t->origin != HX_ORIGIN_NONE || t->text))
		return HX_OK;
	err = hx_buf_addf(out, "<span class=\"untranslated\" lang=\"%s\" dir=\"auto\" title=\"",
			  hx_lang_get(d->doc->lang)->code);
	if (!err)
		err = hx_buf_addf(out, "Left in %s", hx_lang_get(d->doc->lang)->name);
	if (!err && t->error)
		err = hx_buf_adds(out, ": ");
	if (!err && t->error)
		err = hx_render_escape(out, t->error);
	return err ? err : hx_buf_adds(out, "\">");
}

/*
 * A page of a document with segments, in lang (the source's when draft is false): the
 * Markdown written with marks, rendered, and the marks turned into ids (and, in a
 * draft, spans around the segments left in the source language).
 */
static enum hx_err render_marked_page(struct hx_stage_ctx *ctx, struct hx_doc *doc,
				      enum hx_lang lang, bool draft, char **html, size_t *html_len)
{
	const struct render_priv *priv = ctx->priv;
	const struct hx_lang_info *li = hx_lang_get(lang);
	struct hx_page_opts o = {lang, draft, (doc->targets & ~(1u << doc->lang)) != 0};
	struct draft_segs ds = {doc, lang};
	struct hx_marks_opts mo = {li && li->dir == HX_DIR_RTL, draft ? untranslated_open : NULL,
				   &ds};
	struct hx_buf md = HX_BUF_INIT(RENDER_PAGE_MAX), body = HX_BUF_INIT(RENDER_PAGE_MAX);
	struct hx_buf page = HX_BUF_INIT(RENDER_PAGE_MAX);
	enum hx_err err;

	ctx->diag->msg[0] = '\0';
	err = hx_segments_write_marked(&doc->segs, draft ? lang : HX_LANG_NONE,
				       draft ? HX_MARKS_BLOCKS | HX_MARKS_SEGS : HX_MARKS_BLOCKS,
				       &md, ctx->diag);
	if (!err)
		err = hx_render_page_open(&page, doc, &o);
	if (!err && draft)
		err = hx_render_draft_notice_dated(&page, doc, lang, priv->run_date);
	if (!err)
		err = hx_render_markdown(&body, hx_buf_str(&md), md.len, HX_RENDER_CHUNK);
	if (!err)
		err = hx_marks_resolve(&page, hx_buf_str(&body), body.len, &mo);
	if (!err)
		err = hx_render_page_close(&page, &o);
	hx_buf_release(&md);
	hx_buf_release(&body);
	if (err) {
		hx_buf_release(&page);
		return render_fail(ctx, doc, err, li ? li->name : "page");
	}
	*html = hx_buf_detach(&page, html_len);
	return HX_OK;
}

static enum hx_err render_parallel(struct hx_stage_ctx *ctx, struct hx_doc *doc)
{
	const struct render_priv *priv = ctx->priv;
	struct hx_buf page = HX_BUF_INIT(RENDER_PAGE_MAX);
	enum hx_err err;

	ctx->diag->msg[0] = '\0';
	err = hx_render_parallel(&page, doc, priv->run_date, ctx->diag);
	if (err == HX_E_LIMIT) {
		/* six columns of a very long document: its pages stand without the view */
		hx_buf_release(&page);
		ctx->diag->msg[0] = '\0';
		hx_warn(ctx->diag, "'%s': no parallel view, it would exceed %zu bytes", doc->path,
			(size_t)RENDER_PAGE_MAX);
		return HX_OK;
	}
	if (err) {
		hx_buf_release(&page);
		return render_fail(ctx, doc, err, "parallel view");
	}
	free(doc->parallel_html);
	doc->parallel_html = hx_buf_detach(&page, &doc->parallel_html_len);
	return HX_OK;
}

/* The parallel view on a helper thread, with its own diag, while the pages are rendered. */
struct parallel_job {
	struct hx_stage_ctx ctx; /* a copy whose diag is the job's own */
	struct hx_diag diag;
	struct hx_doc *doc;
	enum hx_err err;
	pthread_t thread;
};

static void *parallel_thread(void *arg)
{
	struct parallel_job *job = arg;

	job->err = render_parallel(&job->ctx, job->doc);
	return NULL;
}

/* Starts job; false when no thread is to be had (the caller then renders the view itself). */
static bool parallel_start(struct parallel_job *job, const struct hx_stage_ctx *ctx,
			   struct hx_doc *doc)
{
	memset(job, 0, sizeof(*job));
	job->ctx = *ctx;
	job->ctx.diag = &job->diag;
	job->doc = doc;
	return pthread_create(&job->thread, NULL, parallel_thread, job) == 0;
}

/* Waits for job and hands its warnings and error to ctx's diag; err is the pages' own. */
static enum hx_err parallel_finish(struct parallel_job *job, struct hx_stage_ctx *ctx,
				   enum hx_err err)
{
	pthread_join(job->thread, NULL);
	for (size_t i = 0; i < job->diag.nwarnings; i++)
		hx_warn(ctx->diag, "%s", job->diag.warnings[i]);
	if (!err && job->err)
		err = hx_fail(ctx->diag, job->err, "%s", hx_diag_message(&job->diag));
	hx_diag_release(&job->diag);
	return err;
}

/* Whether doc has segments and a target other than its source: the published pages. */
static bool has_drafts(const struct hx_doc *doc)
{
	return doc->segs.nblocks > 0 && doc->lang != HX_LANG_NONE &&
	       (doc->targets & ~(1u << doc->lang)) != 0;
}

/* The source page, its print page, and each draft's two. */
static enum hx_err render_pages(struct hx_stage_ctx *ctx, struct hx_doc *doc, bool marked)
{
	char *html;
	size_t len;
	enum hx_err err;

	if (marked)
		err = render_marked_page(ctx, doc, doc->lang, false, &html, &len);
	else
		err = render_page(ctx, doc, doc->markdown, doc->markdown_len, page_lang(ctx, doc),
				  false, &html, &len);
	if (err)
		return err;
	hx_doc_take_html(doc, html, len);
	free(doc->print_html);
	err = hx_render_print(ctx->diag, doc, doc->markdown, doc->markdown_len, page_lang(ctx, doc),
			      false, &doc->print_html, &doc->print_html_len);
	if (err)
		return err;
	for (int l = 0; l < HX_LANG_COUNT; l++) {
		struct hx_doc_target *t = &doc->target[l];

		if (!(doc->targets & (1u << l)) || !t->markdown || l == (int)doc->lang)
			continue;
		if (marked)
			err = render_marked_page(ctx, doc, (enum hx_lang)l, true, &html, &len);
		else
			err = render_page(ctx, doc, t->markdown, t->markdown_len, (enum hx_lang)l,
					  true, &html, &len);
		if (err)
			return err;
		free(t->html);
		t->html = html;
		t->html_len = len;
		free(t->print_html);
		err = hx_render_print(ctx->diag, doc, t->markdown, t->markdown_len, (enum hx_lang)l,
				      true, &t->print_html, &t->print_html_len);
		if (err)
			return err;
	}
	return HX_OK;
}

/*
 * The pages, and with drafts the parallel view beside them on a second thread
 * (it reads the segments and findings and writes only doc->parallel_html).
 */
static enum hx_err render_process(struct hx_stage_ctx *ctx, struct hx_doc *doc)
{
	const struct render_priv *priv = ctx->priv;
	bool marked = has_drafts(doc);
	struct parallel_job job;
	enum hx_err err;

	if (!priv || !priv->started)
		return hx_fail(ctx->diag, HX_E_INTERNAL, "cannot render '%s': renderer not started",
			       doc->path);
	if (!doc->markdown)
		return hx_fail(ctx->diag, HX_E_RENDER,
			       "cannot render '%s': there is no Markdown (convert did not run)",
			       doc->path);
	if (marked && parallel_start(&job, ctx, doc))
		return parallel_finish(&job, ctx, render_pages(ctx, doc, marked));
	err = render_pages(ctx, doc, marked);
	return !err && marked ? render_parallel(ctx, doc) : err;
}

const struct hx_stage hx_stage_render = {
	.name = "render",
	.summary =
		"render the source and each draft as standalone HTML5 pages, and the parallel view",
	.priv_size = sizeof(struct render_priv),
	.init = render_init,
	.process = render_process,
};
