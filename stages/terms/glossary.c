/*
 * The glossary object: its entries, the files they came from, the problems
 * found in them, and loading whole folders of glossaries.
 */
#include <dirent.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "fsio.h"
#include "mem.h"
#include "terms_int.h"

const char *hx_term_type_name(enum hx_term_type type)
{
	switch (type) {
	case HX_TERM_NAME:
		return "name";
	case HX_TERM_TERM:
		return "term";
	case HX_TERM_DNT:
		return "dnt";
	}
	return "term";
}

bool gl_parse_type(const char *s, enum hx_term_type *type)
{
	if (!strcmp(s, "name"))
		*type = HX_TERM_NAME;
	else if (!strcmp(s, "term"))
		*type = HX_TERM_TERM;
	else if (!strcmp(s, "dnt"))
		*type = HX_TERM_DNT;
	else
		return false;
	return true;
}

struct hx_glossary *hx_glossary_new(const struct hx_glossary_opts *opts)
{
	struct hx_glossary *g = hx_xcalloc(1, sizeof(*g));

	if (opts)
		g->opts = *opts;
	if (!g->opts.max_bytes)
		g->opts.max_bytes = HX_GLOSSARY_MAX_BYTES;
	if (!g->opts.max_entries)
		g->opts.max_entries = HX_GLOSSARY_MAX_ENTRIES;
	g->dict_dir = hx_xstrdup(g->opts.dict_dir ? g->opts.dict_dir : "/usr/share/hunspell");
	g->opts.dict_dir = g->dict_dir;
	g->stemmers = hx_xcalloc(1, sizeof(*g->stemmers));
	return g;
}

void gl_entry_release(struct hx_gl_entry *e)
{
	free(e->id);
	for (int l = 0; l < HX_LANG_COUNT; l++)
		free(e->cell[l]);
	free(e->status);
	free(e->note);
	free(e->source);
	memset(e, 0, sizeof(*e));
}

/*
 * The strings of an entry of g, in one block that starts at id: one malloc,
 * not ten, per entry. The strings were e's (freed) or borrowed (copied).
 */
static void pack(struct hx_gl_entry *e, bool owned)
{
	char **field[] = {&e->id,      &e->cell[0], &e->cell[1], &e->cell[2], &e->cell[3],
			  &e->cell[4], &e->cell[5], &e->status,  &e->note,    &e->source};
	size_t len[sizeof(field) / sizeof(field[0])], total = 0, at = 0;
	char *block;

	for (size_t i = 0; i < sizeof(field) / sizeof(field[0]); i++)
		total += len[i] = (*field[i] ? strlen(*field[i]) : 0) + 1;
	block = hx_xmalloc(total);
	for (size_t i = 0; i < sizeof(field) / sizeof(field[0]); i++) {
		if (*field[i])
			memcpy(block + at, *field[i], len[i]);
		else
			block[at] = '\0';
		if (owned)
			free(*field[i]);
		*field[i] = block + at;
		at += len[i];
	}
}

static void release_packed(struct hx_gl_entry *e)
{
	free(e->id);
	memset(e, 0, sizeof(*e));
}

void hx_glossary_free(struct hx_glossary *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->nentries; i++)
		release_packed(&g->entries[i]);
	free(g->entries);
	gl_strmap_release(&g->ids);
	for (size_t i = 0; i < g->nfiles; i++)
		free(g->files[i].name);
	free(g->files);
	for (size_t i = 0; i < g->nproblems; i++)
		free(g->problems[i].msg);
	free(g->problems);
	free(g->pool);
	free(g->forms);
	free(g->eforms);
	gl_ac_release(&g->ac);
	gl_stemmers_free(g->stemmers);
	free(g->dict_dir);
	free(g);
}

void gl_problem(struct hx_glossary *g, uint32_t file, uint32_t line, bool error, const char *fmt,
		...)
{
	char msg[1024];
	va_list ap;
	struct hx_gl_problem *p;

	g->nerrors += error;
	if (g->nproblems >= GL_PROBLEMS_MAX) {
		g->problems_dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if ((g->nproblems & (g->nproblems - 1)) == 0)
		g->problems = hx_xreallocarray(g->problems, g->nproblems ? g->nproblems * 2 : 16,
					       sizeof(*g->problems));
	p = &g->problems[g->nproblems++];
	p->file = file;
	p->line = line;
	p->error = error;
	p->msg = hx_xstrdup(msg);
}

uint32_t gl_add_file(struct hx_glossary *g, const char *name)
{
	g->files = hx_xreallocarray(g->files, g->nfiles + 1, sizeof(*g->files));
	g->files[g->nfiles].name = hx_xstrdup(name);
	g->files[g->nfiles].first_entry = (uint32_t)g->nentries;
	return (uint32_t)g->nfiles++;
}

enum hx_err gl_add_entry(struct hx_glossary *g, struct hx_gl_entry *e, bool owned,
			 struct hx_diag *diag)
{
	if (g->nentries >= g->opts.max_entries) {
		if (owned)
			gl_entry_release(e);
		return hx_fail(diag, HX_E_LIMIT,
			       "the glossaries hold more than %zu entries, the cap; raise it with "
			       "--max-entries",
			       g->opts.max_entries);
	}
	if (g->nentries == g->entries_alloc) {
		g->entries_alloc = g->entries_alloc ? g->entries_alloc * 2 : 256;
		g->entries = hx_xreallocarray(g->entries, g->entries_alloc, sizeof(*g->entries));
	}
	pack(e, owned);
	g->entries[g->nentries] = *e;
	gl_strmap_put(&g->ids, e->id, (uint32_t)g->nentries);
	g->nentries++;
	memset(e, 0, sizeof(*e));
	return HX_OK;
}

void gl_drop_entries(struct hx_glossary *g, size_t first)
{
	for (size_t i = first; i < g->nentries; i++)
		release_packed(&g->entries[i]);
	g->nentries = first;
	gl_strmap_release(&g->ids);
	for (size_t i = 0; i < g->nentries; i++)
		gl_strmap_put(&g->ids, g->entries[i].id, (uint32_t)i);
}

/* The languages with no form, as "ar, zh", into buf. */
static void missing_languages(const struct hx_gl_entry *e, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int l = 0; l < HX_LANG_COUNT && n < size; l++)
		if (!e->cell[l] || !e->cell[l][0])
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "",
					      hx_lang_get(l)->code);
}

bool gl_check_entry(struct hx_glossary *g, const struct hx_gl_entry *e)
{
	char missing[64];
	uint32_t first = gl_strmap_get(&g->ids, e->id, strlen(e->id));

	if (!e->id[0] || strpbrk(e->id, " \t|")) {
		gl_problem(g, e->file, e->line, true, "invalid id '%s': it must be one word",
			   e->id);
		return false;
	}
	if (first != UINT32_MAX) {
		const struct hx_gl_entry *f = &g->entries[first];

		gl_problem(g, e->file, e->line, true, "duplicate id '%s' (first at %s:%u)", e->id,
			   g->files[f->file].name, f->line);
		return false;
	}
	missing_languages(e, missing, sizeof(missing));
	if (strlen(missing) == strlen("ar, zh, en, fr, ru, es")) {
		gl_problem(g, e->file, e->line, true, "'%s' has no term in any language", e->id);
		return false;
	}
	if (missing[0] && e->type != HX_TERM_DNT)
		gl_problem(g, e->file, e->line, false, "'%s' has no form in %s", e->id, missing);
	return true;
}

enum hx_err hx_glossary_add_file(struct hx_glossary *g, const char *path, struct hx_diag *diag)
{
	struct hx_buf buf = HX_BUF_INIT(0);
	size_t n = strlen(path);
	enum hx_err err;

	if (g->built)
		return hx_fail(diag, HX_E_INTERNAL, "glossary '%s' added after the build", path);
	err = hx_file_read(path, g->opts.max_bytes, &buf, diag);
	if (err == HX_E_LIMIT)
		err = hx_fail(diag, err,
			      "glossary '%s' is over the size cap of %zu bytes; raise it with "
			      "--max-size",
			      path, g->opts.max_bytes);
	if (!err && n >= 4 && !strcasecmp(path + n - 4, ".tbx"))
		err = hx_glossary_add_tbx(g, path, buf.data ? buf.data : "", buf.len, diag);
	else if (!err)
		err = hx_glossary_add_tsv(g, path, buf.data ? buf.data : "", buf.len, diag);
	hx_buf_release(&buf);
	return err;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.tsv and *.tbx files of dir, sorted; a newly allocated array of newly allocated paths. */
static size_t list_glossaries(const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0;

	while (d && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		struct stat st;
		char *path;

		if (de->d_name[0] == '.' || len < 5 ||
		    (strcasecmp(de->d_name + len - 4, ".tsv") &&
		     strcasecmp(de->d_name + len - 4, ".tbx")))
			continue;
		path = hx_xmalloc(strlen(dir) + len + 2);
		snprintf(path, strlen(dir) + len + 2, "%s/%s", dir, de->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		v = hx_xreallocarray(v, n + 1, sizeof(*v));
		v[n++] = path;
	}
	if (d)
		closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), compare_names);
	*out = v;
	return n;
}

static enum hx_err add_listed(struct hx_glossary *g, const char *dir, size_t *count,
			      struct hx_diag *diag)
{
	char **paths;
	size_t n = list_glossaries(dir, &paths);
	enum hx_err err = HX_OK;

	for (size_t i = 0; i < n; i++) {
		if (!err)
			err = hx_glossary_add_file(g, paths[i], diag);
		free(paths[i]);
	}
	free(paths);
	*count += n;
	return err;
}

enum hx_err hx_glossary_add_dir(struct hx_glossary *g, const char *dir, struct hx_diag *diag)
{
	struct stat st;
	size_t count = 0;
	enum hx_err err;

	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		return hx_fail(diag, HX_E_CONFIG,
			       "no glossary folder '%s'; set HEXAGLOT_GLOSSARIES or --glossaries",
			       dir);
	err = add_listed(g, dir, &count, diag);
	if (!err && g->opts.optional) {
		char sub[4096];

		snprintf(sub, sizeof(sub), "%s/optional", dir);
		err = add_listed(g, sub, &count, diag);
	}
	if (!err && count == 0)
		return hx_fail(diag, HX_E_CONFIG, "no glossary (*.tsv, *.tbx) in '%s'", dir);
	return err;
}

enum hx_err hx_glossary_build(struct hx_glossary *g, struct hx_diag *diag)
{
	size_t errors = g->nerrors;
	enum hx_err err;

	if (g->built)
		return HX_OK;
	gl_build_forms(g);
	err = gl_build_automaton(g, diag);
	if (err)
		return err;
	g->built = true;
#ifndef __SANITIZE_ADDRESS__ /* ASan's allocator is not glibc's: its malloc_trim can crash */
	malloc_trim(0); /* the build's temporary arrays, given back */
#endif
	if (g->opts.strict && g->nerrors > errors)
		return hx_fail(diag, HX_E_FORMAT,
			       "%zu conflicting terms in the glossaries (--strict)",
			       g->nerrors - errors);
	return HX_OK;
}

enum hx_err hx_glossary_load(const char *dir, const struct hx_glossary_opts *opts,
			     struct hx_glossary **out, struct hx_diag *diag)
{
	struct hx_glossary *g = hx_glossary_new(opts);
	enum hx_err err = hx_glossary_add_dir(g, dir, diag);

	if (!err)
		err = hx_glossary_build(g, diag);
	if (err) {
		hx_glossary_free(g);
		g = NULL;
	}
	*out = g;
	return err;
}

size_t hx_glossary_size(const struct hx_glossary *g)
{
	return g->nentries;
}

const struct hx_gl_entry *hx_glossary_entry(const struct hx_glossary *g, size_t i)
{
	return i < g->nentries ? &g->entries[i] : NULL;
}

long hx_glossary_find_id(const struct hx_glossary *g, const char *id)
{
	uint32_t i = gl_strmap_get(&g->ids, id, strlen(id));

	return i == UINT32_MAX ? -1 : (long)i;
}

const char *hx_glossary_file_name(const struct hx_glossary *g, uint32_t i)
{
	return i < g->nfiles ? g->files[i].name : "?";
}

size_t hx_glossary_nfiles(const struct hx_glossary *g)
{
	return g->nfiles;
}

size_t hx_glossary_nproblems(const struct hx_glossary *g)
{
	return g->nproblems;
}

size_t hx_glossary_nerrors(const struct hx_glossary *g)
{
	return g->nerrors;
}

const struct hx_gl_problem *hx_glossary_problem(const struct hx_glossary *g, size_t i)
{
	return i < g->nproblems ? &g->problems[i] : NULL;
}

const char *hx_glossary_form(const struct hx_glossary *g, uint32_t form)
{
	return form < g->nforms ? g->pool + g->forms[form].text : "";
}

void hx_glossary_get_stats(const struct hx_glossary *g, struct hx_glossary_stats *st)
{
	const struct gl_ac *ac = &g->ac;

	memset(st, 0, sizeof(*st));
	st->entries = g->nentries;
	for (size_t i = 0; i < g->nentries; i++)
		st->by_type[g->entries[i].type]++;
	st->forms = g->nforms;
	for (size_t i = 0; i < g->nforms; i++)
		st->forms_by_lang[g->forms[i].lang]++;
	st->keys = g->nkeys;
	st->nodes = ac->nnodes;
	st->alphabet = ac->nsyms;
	for (int l = 0; l < HX_LANG_COUNT; l++)
		st->stem_languages += g->stemmers->lang[l] != NULL;
	st->bytes = (size_t)ac->nnodes * 16 + (size_t)ac->nextra * 8 + (size_t)ac->nsyms * 5 +
		    (size_t)ac->nterms * 12 + g->pool_alloc + g->forms_alloc * sizeof(*g->forms) +
		    g->nentries * (sizeof(*g->entries) + sizeof(*g->eforms) + 64);
	for (size_t p = 0; p < sizeof(ac->page) / sizeof(ac->page[0]); p++)
		st->bytes += ac->page[p] ? 1024 : 0;
}
