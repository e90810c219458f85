/*
 * PDFs from the print pages: WeasyPrint or headless Chromium, found on PATH, started
 * with an argument vector (no shell) in a private temporary folder, under a timeout.
 */
#ifndef HX_PDF_H
#define HX_PDF_H

#include <stdbool.h>

#include "doc.h"
#include "err.h"
#include "lang.h"
#include "output.h"

#define HX_PDF_TIMEOUT_DEFAULT 120 /* seconds a page may take */

/*
 * auto: WeasyPrint (real CID fonts for every script), except Arabic pages, whose
 * text WeasyPrint 57 leaves unextractable (a broken ToUnicode map): those go to
 * Chromium when it is installed. See README, "Print pages and PDF".
 */
enum hx_pdf_engine {
	HX_PDF_AUTO,
	HX_PDF_WEASYPRINT,
	HX_PDF_CHROMIUM,
	HX_PDF_ENGINE_NONE, /* not a name this knows */
};

/* Returns a borrowed static name: "auto", "weasyprint", "chromium". */
const char *hx_pdf_engine_name(enum hx_pdf_engine engine);
/* HX_PDF_ENGINE_NONE when name is not one of those names. */
enum hx_pdf_engine hx_pdf_engine_parse(const char *name);

/* The renderers of a run, looked up once. */
struct hx_pdf {
	enum hx_pdf_engine engine; /* as asked */
	long timeout_s;
	char *weasyprint, *chromium; /* the programs found; owned, NULL when absent */
	bool arabic_fallback;        /* auto without Chromium: Arabic through WeasyPrint */
};

/*
 * Finds the renderers engine needs on PATH. HX_E_PDF, with a message saying what to
 * install, when none is there; then pdf is empty and hx_pdf_release still works.
 */
enum hx_err hx_pdf_init(struct hx_pdf *pdf, enum hx_pdf_engine engine, long timeout_s,
			struct hx_diag *diag);
/* Frees what pdf owns; accepts a zeroed pdf. */
void hx_pdf_release(struct hx_pdf *pdf);
/* The renderer a page in lang goes to (HX_PDF_WEASYPRINT or HX_PDF_CHROMIUM). */
enum hx_pdf_engine hx_pdf_engine_for(const struct hx_pdf *pdf, enum hx_lang lang);

/*
 * Renders the page html_path into pdf_path (written under a temporary name in its
 * folder and renamed) with the renderer for lang. HX_E_PDF when the renderer fails,
 * says nothing usable or runs past the timeout (its process group is killed).
 */
enum hx_err hx_pdf_render(const struct hx_pdf *pdf, enum hx_lang lang, const char *html_path,
			  const char *pdf_path, struct hx_diag *diag);

/*
 * dir/<id>/<id>.<lang>.pdf from each <id>.<lang>.print.html of doc that
 * hx_output_write wrote, listed into files when not NULL. Goes on after a page fails
 * and returns the first failure.
 */
enum hx_err hx_pdf_write_doc(const struct hx_pdf *pdf, const char *dir, const struct hx_doc *doc,
			     struct hx_output_files *files, struct hx_diag *diag);

#endif
