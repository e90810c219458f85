/*
 * The glossary TSV format (glossaries/README.md): a header naming the columns,
 * then one concept per line; every problem reported with its file and line.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"
#include "terms_int.h"

enum column {
	COL_ID,
	COL_TYPE,
	COL_LANG0,
	COL_STATUS = COL_LANG0 + HX_LANG_COUNT,
	COL_NOTE,
	COL_SOURCE,
	NCOLUMNS
};

#define MAX_FIELDS 64

static const char *const column_names[NCOLUMNS] = {"id", "type", "ar",     "zh",   "en",    "fr",
						   "ru", "es",   "status", "note", "source"};

struct tsv_state {
	struct hx_glossary *g;
	uint32_t file, line;
	int col[MAX_FIELDS]; /* header position -> enum column */
	size_t ncols;
	bool header;
};

/* Splits line at tabs into at most MAX_FIELDS fields, trimmed of spaces; returns the count. */
static size_t split(char *line, char **field)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		char *tab = strchr(p, '\t'), *end;

		if (tab)
			*tab = '\0';
		while (*p == ' ')
			p++;
		end = p + strlen(p);
		while (end > p && end[-1] == ' ')
			*--end = '\0';
		if (n < MAX_FIELDS)
			field[n] = p;
		n++;
		if (!tab)
			return n;
		p = tab + 1;
	}
}

static bool read_header(struct tsv_state *st, char **field, size_t n)
{
	bool seen[NCOLUMNS] = {false}, lang = false;

	if (n > MAX_FIELDS) {
		gl_problem(st->g, st->file, st->line, true, "header has %zu columns, more than %d",
			   n, MAX_FIELDS);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		int c = -1;

		for (int k = 0; k < NCOLUMNS && c < 0; k++)
			if (!strcasecmp(field[i], column_names[k]))
				c = k;
		if (c < 0 || seen[c]) {
			gl_problem(
				st->g, st->file, st->line, true,
				"%s column '%s' in the header (expected: id type ar zh en fr ru es "
				"status note source)",
				c < 0 ? "unknown" : "repeated", field[i]);
			return false;
		}
		seen[c] = true;
		lang |= c >= COL_LANG0 && c < COL_STATUS;
		st->col[i] = c;
	}
	if (!seen[COL_ID] || !seen[COL_TYPE] || !lang) {
		gl_problem(st->g, st->file, st->line, true,
			   "the header must name at least the id, type and one language column");
		return false;
	}
	st->ncols = n;
	st->header = true;
	return true;
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* Fills e from the fields of one row, borrowing them; false (with a problem) when malformed. */
static bool read_row(struct tsv_state *st, char **field, size_t n, struct hx_gl_entry *e)
{
	static char none[] = "";

	if (n != st->ncols) {
		gl_problem(st->g, st->file, st->line, true,
			   "wrong column count: %zu columns, the header has %zu", n, st->ncols);
		return false;
	}
	e->id = e->status = e->note = e->source = none;
	for (int l = 0; l < HX_LANG_COUNT; l++)
		e->cell[l] = none;
	e->type = HX_TERM_TERM;
	e->file = st->file;
	e->line = st->line;
	for (size_t i = 0; i < n; i++) {
		int c = st->col[i];

		if (has_control(field[i])) {
			gl_problem(st->g, st->file, st->line, true,
				   "control character in column '%s'", column_names[c]);
			return false;
		}
		if (c == COL_TYPE && !gl_parse_type(field[i], &e->type)) {
			gl_problem(st->g, st->file, st->line, true,
				   "unknown type '%s' (name, term or dnt)", field[i]);
			return false;
		}
		if (c == COL_ID)
			e->id = field[i];
		else if (c >= COL_LANG0 && c < COL_STATUS)
			e->cell[c - COL_LANG0] = field[i];
		else if (c == COL_STATUS)
			e->status = field[i];
		else if (c == COL_NOTE)
			e->note = field[i];
		else if (c == COL_SOURCE)
			e->source = field[i];
	}
	return true;
}

static enum hx_err read_line(struct tsv_state *st, char *line, size_t len, struct hx_diag *diag)
{
	char *field[MAX_FIELDS];
	struct hx_gl_entry e;
	size_t bad, n;

	if (len && line[len - 1] == '\r')
		line[--len] = '\0';
	if (len == 0 || line[0] == '#')
		return HX_OK;
	if (!gl_valid_utf8(line, len, &bad)) {
		gl_problem(st->g, st->file, st->line, true, "invalid UTF-8 at byte %zu of the line",
			   bad + 1);
		return HX_OK;
	}
	if (memchr(line, '\0', len)) {
		gl_problem(st->g, st->file, st->line, true, "NUL byte in the line");
		return HX_OK;
	}
	n = split(line, field);
	if (!st->header)
		return read_header(st, field, n) ? HX_OK : HX_E_FORMAT;
	if (!read_row(st, field, n, &e) || !gl_check_entry(st->g, &e))
		return HX_OK;
	return gl_add_entry(st->g, &e, false, diag);
}

/* Each line copied into a scratch buffer, where the parser may cut it (no copy of the file). */
static enum hx_err read_lines(struct tsv_state *st, const char *data, size_t len,
			      struct hx_diag *diag)
{
	char *line = NULL;
	size_t pos = 0, alloc = 0;
	enum hx_err err = HX_OK;

	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		pos = 3;
	while (pos < len && !err) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) : len;

		if (end - pos + 1 > alloc) {
			alloc = (end - pos + 1) * 2;
			line = hx_xrealloc(line, alloc);
		}
		memcpy(line, data + pos, end - pos);
		line[end - pos] = '\0';
		st->line++;
		err = read_line(st, line, end - pos, diag);
		pos = end + 1;
	}
	free(line);
	return err;
}

enum hx_err hx_glossary_add_tsv(struct hx_glossary *g, const char *name, const char *data,
				size_t len, struct hx_diag *diag)
{
	struct tsv_state st = {g, 0, 0, {0}, 0, false};
	size_t first = g->nentries, errors = g->nerrors;
	enum hx_err err;

	if (g->built)
		return hx_fail(diag, HX_E_INTERNAL, "glossary '%s' added after the build", name);
	if (len > g->opts.max_bytes)
		return hx_fail(
			diag, HX_E_LIMIT,
			"glossary '%s' is %zu bytes, over the size cap of %zu bytes; raise it "
			"with --max-size",
			name, len, g->opts.max_bytes);
	st.file = gl_add_file(g, name);
	err = read_lines(&st, data, len, diag);
	if (err == HX_E_FORMAT)
		return hx_fail(diag, err, "%s:%u: %s; the file is refused", name, st.line,
			       g->nproblems ? g->problems[g->nproblems - 1].msg : "bad header");
	if (err)
		return err;
	if (!st.header)
		gl_problem(g, st.file, 0, false, "no header line: the file holds no entries");
	if (g->opts.strict && g->nerrors > errors) {
		gl_drop_entries(g, first);
		return hx_fail(diag, HX_E_FORMAT,
			       "%s: %zu malformed lines; the whole file is rejected (--strict)",
			       name, g->nerrors - errors);
	}
	return HX_OK;
}

/* One field: tabs and line breaks (impossible in a read file, possible from TBX) as spaces. */
static enum hx_err put_field(struct hx_buf *out, const char *s, bool last)
{
	enum hx_err err = HX_OK;

	for (; *s && !err; s++)
		err = hx_buf_addc(out, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
	return err ? err : hx_buf_addc(out, last ? '\n' : '\t');
}

enum hx_err hx_glossary_write_tsv(const struct hx_glossary *g, struct hx_buf *out,
				  struct hx_diag *diag)
{
	enum hx_err err = HX_OK;

	for (int c = 0; c < NCOLUMNS && !err; c++)
		err = put_field(out, column_names[c], c == NCOLUMNS - 1);
	for (size_t i = 0; i < g->nentries && !err; i++) {
		const struct hx_gl_entry *e = &g->entries[i];

		err = put_field(out, e->id, false);
		if (!err)
			err = put_field(out, hx_term_type_name(e->type), false);
		for (int l = 0; l < HX_LANG_COUNT && !err; l++)
			err = put_field(out, e->cell[l], false);
		if (!err)
			err = put_field(out, e->status, false);
		if (!err)
			err = put_field(out, e->note, false);
		if (!err)
			err = put_field(out, e->source, true);
	}
	return err ? hx_fail(diag, err, "the glossary is too big to write as TSV") : HX_OK;
}
