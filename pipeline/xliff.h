/*
 * XLIFF 1.2 for CAT tools (OmegaT, Okapi, Trados) and checkers (pofilter):
 * one document and one target language, a trans-unit per segment, the
 * protected spans as inline codes, QA findings as notes; and the way back.
 */
#ifndef HX_XLIFF_H
#define HX_XLIFF_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "lang.h"
#include "qa.h"
#include "segment.h"

#define HX_XLIFF_NS "urn:oasis:names:tc:xliff:document:1.2"
/* Default cap on an XLIFF file read or written. */
#define HX_XLIFF_MAX_BYTES ((size_t)256 << 20)

/* One note on a trans-unit: a QA finding, or why a segment has no target. */
struct hx_xliff_note {
	uint32_t seg;     /* segment index */
	int priority;     /* 1 (most important) to 10, as XLIFF 1.2 defines it */
	const char *text; /* borrowed */
};

/* What to write: borrowed for the call. */
struct hx_xliff_doc {
	const char *original;   /* <file original>: the source file's name */
	const char *datatype;   /* <file datatype>; NULL: "x-markdown" */
	enum hx_lang src, tgt;
	const struct hx_segments *segs;
	const struct hx_xliff_note *notes; /* in any order */
	size_t nnotes;
};

/*
 * The BCP 47 tag written for lang: the ISO 639-1 code, with zh as "zh-CN"
 * (Simplified Chinese as the CAT tools' locale lists name it). Borrowed, static.
 */
const char *hx_xliff_lang_tag(enum hx_lang lang);

/*
 * The XLIFF 1.2 state of a target made by origin ("translated",
 * "needs-review-translation") and its state-qualifier ("leveraged-tm",
 * "mt-suggestion"; NULL for none). Borrowed, static.
 */
const char *hx_xliff_state(enum hx_origin origin);
const char *hx_xliff_state_qualifier(enum hx_origin origin);

/*
 * Appends x as an XLIFF 1.2 document to out (written with libxml2's
 * xmlTextWriter): a <group> per block that has segments (id and resname
 * "p-ANCHOR"), in it a <trans-unit id="SEGMENT INDEX">, its <source>, its
 * <target state=...> when the segment has a translation into x->tgt, and its
 * notes. Placeholder N is <x id="N+1" ctype=... equiv-text="its Markdown"/>;
 * a span that encloses words is <g id="N+1" ctype="x-term">words</g> (<bx/>
 * and <ex/> where a target breaks the nesting). HX_E_LIMIT past out's cap.
 */
enum hx_err hx_xliff_write(const struct hx_xliff_doc *x, struct hx_buf *out, struct hx_diag *diag);

/*
 * A QA finding as a note: "[number] error: MESSAGE (suggestion: S)", and its
 * priority (1 error, 5 warning, 9 info). Returns a newly allocated string.
 */
char *hx_xliff_finding_note(const struct hx_qa_finding *f, int *priority);

/* One aligned block of a bilingual pair (`hexaglot check`): Markdown on both sides. */
struct hx_xliff_pair {
	uint32_t anchor;
	const char *src, *tgt; /* borrowed */
};

/*
 * hx_xliff_write for a pair of documents aligned by block: a group p-ANCHOR
 * and one trans-unit (id: the pair's index) per block, the target as
 * state="translated"; note seg numbers are indexes into v.
 */
enum hx_err hx_xliff_write_pairs(const char *original, enum hx_lang src, enum hx_lang tgt,
				 const struct hx_xliff_pair *v, size_t n,
				 const struct hx_xliff_note *notes, size_t nnotes,
				 struct hx_buf *out, struct hx_diag *diag);

/* One trans-unit read back. */
struct hx_xliff_unit {
	char *id;       /* owned */
	char *group;    /* the enclosing group's id ("p-3"), or NULL; owned */
	char *source;   /* inline codes back to placeholders and end marks; owned */
	size_t source_len;
	char *target;   /* the same, or NULL when the unit has no <target>; owned */
	size_t target_len;
	char *state;    /* the target's state attribute, or NULL; owned */
	char **notes;   /* owned */
	size_t nnotes;
	uint32_t line;  /* of the <trans-unit> */
};

struct hx_xliff_file {
	char *original; /* owned */
	enum hx_lang src, tgt; /* HX_LANG_NONE for a language outside the six */
	struct hx_xliff_unit *units;
	size_t n;
};

/* Frees what f owns and zeroes it. */
void hx_xliff_file_release(struct hx_xliff_file *f);

/*
 * Reads an XLIFF 1.2 document (data, len bytes; name for messages) into out,
 * which the caller releases with hx_xliff_file_release, also on failure. The
 * first <file> is read. <x>, <ph>, <it> become placeholders; <g> and <bx>/<ex>
 * a placeholder and its end mark; numbered by their id minus one when it is a
 * number from 1 to HX_SEG_MAX_SPANS (as written here), else by order of first
 * appearance in the source; <mrk> keeps its text. Refuses, naming the line,
 * malformed XML, a root other than XLIFF 1.2's <xliff>, a unit without a
 * source (HX_E_FORMAT); over HX_XLIFF_MAX_BYTES (HX_E_LIMIT). No network, no
 * entity expansion.
 */
enum hx_err hx_xliff_read(const char *data, size_t len, const char *name,
			  struct hx_xliff_file *out, struct hx_diag *diag);

#endif
