/*
 * Tables of the HTML input: data tables become GFM pipe tables (spans padded
 * with empty cells); tables used for page layout are left to the walk.
 */
#include <stdlib.h>
#include <string.h>

#include "html_md.h"
#include "mem.h"

#define TABLE_COLS_MAX    1000
#define TABLE_ROWSPAN_MAX 65534

bool hx_html_table_is_layout(const xmlNode *table)
{
	size_t rows = 0, widest = 0, cells;
	const xmlNode *n, *tr, *c;

	for (n = table->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		tr = hx_html_role_of(n) == HX_HTML_ROW ? n : n->children;
		for (; tr; tr = tr == n ? NULL : tr->next) {
			if (hx_html_role_of(tr) != HX_HTML_ROW)
				continue;
			cells = 0;
			for (c = tr->children; c; c = c->next)
				cells += hx_html_role_of(c) == HX_HTML_CELL;
			rows++;
			widest = cells > widest ? cells : widest;
		}
	}
	if (!rows || widest < 2)
		return true;
	/* a table holding tables or headings lays out a page rather than data */
	for (n = table->children; n;) {
		enum hx_html_role role = hx_html_role_of(n);

		if (role == HX_HTML_TABLE || role == HX_HTML_HEADING)
			return true;
		if (n->children && n->type == XML_ELEMENT_NODE && role != HX_HTML_DROP) {
			n = n->children;
			continue;
		}
		while (n != table && !n->next)
			n = n->parent;
		n = n == table ? NULL : n->next;
	}
	return false;
}

struct hx_html_table *hx_html_table_new(const xmlNode *node, size_t max)
{
	struct hx_html_table *t = hx_xcalloc(1, sizeof(*t));

	t->node = node;
	hx_buf_init(&t->text, max);
	return t;
}

void hx_html_table_free(struct hx_html_table *t)
{
	if (!t)
		return;
	hx_buf_release(&t->text);
	free(t->cells);
	free(t->row_end);
	free(t);
}

void hx_html_table_start_row(struct hx_html_table *t, const xmlNode *row)
{
	hx_html_table_end_row(t);
	t->row = row;
	t->in_row = true;
}

void hx_html_table_end_row(struct hx_html_table *t)
{
	size_t first = t->nrows ? t->row_end[t->nrows - 1] : 0;

	if (t->in_row && t->ncells > first) {
		if (t->nrows == t->rows_alloc) {
			t->rows_alloc = t->rows_alloc ? 2 * t->rows_alloc : 16;
			t->row_end = hx_xreallocarray(t->row_end, t->rows_alloc, sizeof(size_t));
		}
		t->row_end[t->nrows++] = t->ncells;
	}
	t->row = NULL;
	t->in_row = false;
}

/* A span attribute of a cell, clamped to [1, max]. */
static unsigned cell_span(const xmlNode *cell, const char *name, unsigned max)
{
	const char *s = hx_html_attr(cell, name);
	char *end;
	long n;

	if (!s)
		return 1;
	n = strtol(s, &end, 10);
	return end == s || n < 1 ? 1 : n > (long)max ? max : (unsigned)n;
}

void hx_html_table_add_cell(struct hx_html_table *t, const xmlNode *cell, size_t off)
{
	if (!t->in_row)
		hx_html_table_start_row(t, NULL);
	if (t->ncells == t->cells_alloc) {
		t->cells_alloc = t->cells_alloc ? 2 * t->cells_alloc : 16;
		t->cells = hx_xreallocarray(t->cells, t->cells_alloc, sizeof(*t->cells));
	}
	t->cells[t->ncells++] = (struct hx_html_cell){
		off,
		t->text.len - off,
		cell_span(cell, "colspan", TABLE_COLS_MAX),
		cell_span(cell, "rowspan", TABLE_ROWSPAN_MAX),
	};
}

struct grid {
	unsigned carry[TABLE_COLS_MAX]; /* rows still covered by a rowspan from above */
	size_t hi;                      /* carry is zero from here on */
};

static enum hx_err add_cell(struct hx_buf *out, const char *text, size_t len)
{
	enum hx_err err;

	if (!out)
		return HX_OK;
	err = hx_buf_add(out, "| ", 2);
	if (!err)
		err = hx_buf_add(out, text, len);
	return err ? err : hx_buf_addc(out, ' ');
}

/*
 * Places the cells of row r, writing them to out unless it is NULL: *written
 * gets the number of cells written, *cols the width including the columns
 * still covered by a rowspan to their right.
 */
static enum hx_err lay_out_row(const struct hx_html_table *t, size_t r, struct grid *g,
			       struct hx_buf *out, size_t *written, size_t *cols)
{
	size_t c = r ? t->row_end[r - 1] : 0, col = 0, span, k;
	enum hx_err err = HX_OK;

	for (; c < t->row_end[r] && !err; c++) {
		const struct hx_html_cell *cell = &t->cells[c];

		for (; col < TABLE_COLS_MAX && g->carry[col] && !err; col++) {
			g->carry[col]--;
			err = add_cell(out, "", 0);
		}
		if (col == TABLE_COLS_MAX)
			break;
		span = cell->colspan < TABLE_COLS_MAX - col ? cell->colspan : TABLE_COLS_MAX - col;
		err = add_cell(out, t->text.data + cell->off, cell->len);
		for (k = 0; k < span && !err; k++) {
			if (k)
				err = add_cell(out, "", 0);
			g->carry[col + k] = cell->rowspan - 1;
		}
		col += span;
		if (cell->rowspan > 1 && col > g->hi)
			g->hi = col;
	}
	*written = *cols = col;
	for (; col < g->hi; col++) {
		if (g->carry[col]) {
			g->carry[col]--;
			*cols = col + 1;
		}
	}
	return err;
}

static enum hx_err add_row_end(struct hx_buf *out, size_t used, size_t ncols, bool header)
{
	enum hx_err err = HX_OK;

	for (; used < ncols && !err; used++)
		err = add_cell(out, "", 0);
	if (!err)
		err = hx_buf_adds(out, "|\n");
	for (size_t i = 0; header && i < ncols && !err; i++)
		err = hx_buf_adds(out, i ? " --- |" : "| --- |");
	if (header && !err)
		err = hx_buf_addc(out, '\n');
	return err;
}

enum hx_err hx_html_table_render(const struct hx_html_table *t, struct hx_buf *out)
{
	struct grid *g = hx_xcalloc(1, sizeof(*g));
	size_t ncols = 0, cols, written, r;
	enum hx_err err = HX_OK;

	for (r = 0; r < t->nrows; r++) {
		lay_out_row(t, r, g, NULL, &written, &cols);
		ncols = cols > ncols ? cols : ncols;
	}
	memset(g, 0, sizeof(*g));
	for (r = 0; r < t->nrows && ncols && !err; r++) {
		err = lay_out_row(t, r, g, out, &written, &cols);
		if (!err)
			err = add_row_end(out, written, ncols, r == 0);
	}
	hx_buf_rtrim(out, "\n");
	free(g);
	return err;
}
