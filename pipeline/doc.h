/*
 * The document model: one source document as it moves through the stages.
 * The document owns everything attached to it; stages borrow the document.
 */
#ifndef HX_DOC_H
#define HX_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "lang.h"
#include "segment.h"

enum hx_format {
	HX_FORMAT_AUTO = 0, /* not yet known: convert sniffs it */
	HX_FORMAT_TEXT,     /* plain text, typically pdftotext output */
	HX_FORMAT_MARKDOWN, /* Markdown, typically from a PDF-to-Markdown converter */
	HX_FORMAT_HTML,
};

/* Returns a borrowed static name ("text", "markdown", "html", "auto"). */
const char *hx_format_name(enum hx_format format);
/* HX_FORMAT_AUTO when name is not one of the names above (or "md", "htm", "txt"). */
enum hx_format hx_format_parse(const char *name);

/* Kinds of page furniture removed from the body and recorded in the metadata. */
#define HX_FURNITURE_KINDS(X)                         \
	X(HX_FURN_JOB_NUMBER, "job-number")           \
	X(HX_FURN_PAGE_MARKER, "page-marker")         \
	X(HX_FURN_RUNNING_HEAD, "running-head")       \
	X(HX_FURN_BARCODE, "barcode")                 \
	X(HX_FURN_FORM_FEED, "form-feed")             \
	X(HX_FURN_LINK_ANNOTATION, "link-annotation") \
	X(HX_FURN_MASTHEAD, "masthead")               \
	X(HX_FURN_DEBRIS, "converter-debris")

enum hx_furniture_kind {
#define HX_FURN_ENUM(kind, name) kind,
	HX_FURNITURE_KINDS(HX_FURN_ENUM)
#undef HX_FURN_ENUM
		HX_FURN_COUNT
};

/* Returns a borrowed static name such as "page-marker". */
const char *hx_furniture_name(enum hx_furniture_kind kind);

/* One removed item: what it was, where (1-based line of the decoded text), its text. */
struct hx_furniture {
	enum hx_furniture_kind kind;
	size_t line;
	char *text; /* owned */
};

#define HX_FURNITURE_MAX 10000

struct hx_meta {
	char *symbol;     /* the document's own UN symbol: "A/79/968" */
	char *job_number; /* "25-11131" */
	char *date;       /* ISO 8601: "2025-07-08" */
	char *title;
	char *organ;                /* "General Assembly", as the masthead writes it */
	char *distribution;         /* "General", "Limited" */
	enum hx_lang original_lang; /* "Original: English" */
	char *encoding;             /* detected or given: "GB18030" */
	bool encoding_detected;
	size_t lossy_replacements; /* invalid sequences replaced by U+FFFD (--lossy) */
	char input_sha256[65];     /* of the input bytes */
	char markdown_sha256[65];  /* of the converted CommonMark */
	struct hx_furniture *furniture;
	size_t nfurniture;
	size_t furniture_alloc;
	size_t furniture_dropped; /* beyond HX_FURNITURE_MAX */
	size_t counts[HX_FURN_COUNT];
};

/* One target language of a document: its draft and what it took to make it. */
struct hx_doc_target {
	char *markdown; /* the draft as CommonMark; owned */
	size_t markdown_len;
	char *html; /* the draft as a standalone page; owned */
	size_t html_len;
	size_t segments;    /* segments in the document */
	size_t translated;  /* by MT this run */
	size_t from_tm;     /* from the translation memory */
	size_t failed;      /* left in the source language (MT failed or unavailable) */
	size_t glossary;    /* whole segments that are a glossary name */
	size_t mt_texts;    /* distinct texts this document sent to MT (shared ones counted once) */
	size_t requests;    /* MT requests, each shared among the texts it carried */
	size_t retries;     /* retries, shared the same way */
	double requests_share, retries_share; /* the same before rounding */
	bool pivoted;       /* went through a pivot language */
	char *engine;       /* owned */
	char *first_error;  /* the first MT failure's message; owned */
};

struct hx_doc {
	char *id;   /* slug of the file name: "a-79-968" */
	char *path; /* as given; "-" is standard input */
	enum hx_format format;
	enum hx_lang lang; /* source language; HX_LANG_NONE until detected */
	bool lang_given;   /* set by --from rather than detected */

	unsigned char *raw; /* the input bytes; decode frees them once converted */
	size_t raw_len;
	char *text; /* decoded: UTF-8, NFC, LF line ends, no BOM */
	size_t text_len;
	char *markdown; /* converted: clean CommonMark */
	size_t markdown_len;
	char *html; /* rendered standalone page of the source */
	size_t html_len;
	char *parallel_html; /* the parallel view of the source and every target; owned, or NULL */
	size_t parallel_html_len;

	struct hx_segments segs;             /* the source cut into segments (segment stage) */
	uint32_t targets;                    /* bit per target language wanted */
	struct hx_doc_target target[HX_LANG_COUNT];
	char *terms_json; /* the glossary hits in the source Markdown, a JSON array; owned, or NULL */
	size_t terms_json_len;

	struct hx_meta meta;
};

/* Returns a newly allocated document for path; free with hx_doc_free. */
struct hx_doc *hx_doc_new(const char *path);
/* Frees doc and everything it owns; accepts NULL. */
void hx_doc_free(struct hx_doc *doc);
/* Takes ownership of text (len bytes, NUL-terminated) as doc's text, freeing the old one. */
void hx_doc_take_text(struct hx_doc *doc, char *text, size_t len);
/* Takes ownership of markdown as doc's Markdown. */
void hx_doc_take_markdown(struct hx_doc *doc, char *markdown, size_t len);
/* Takes ownership of html as doc's rendered page. */
void hx_doc_take_html(struct hx_doc *doc, char *html, size_t len);
/* Copies text into the record of removed furniture. */
void hx_doc_add_furniture(struct hx_doc *doc, enum hx_furniture_kind kind, size_t line,
			  const char *text, size_t len);
/* Copies value into *field (a char * inside doc->meta), replacing what was there. */
void hx_meta_set(char **field, const char *value, size_t len);

/*
 * The id of a document at path: its file name without extension, lowercased,
 * runs of anything but [a-z0-9] as one '-'. Returns a newly allocated string.
 */
char *hx_doc_id_from_path(const char *path);

#endif
