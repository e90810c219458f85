/*
 * Errors: one list, generated into the enum, its names and its messages, and
 * a diagnostic that carries the detail (file, byte offset, ...) beside the code.
 */
#ifndef HX_ERR_H
#define HX_ERR_H

#include <stdarg.h>
#include <stddef.h>

/*
 * X(code, exit status, message) - the exit status is what `hexaglot` returns:
 * 0 all done, 1 a document failed, 2 usage or configuration, 3 done but with
 * untranslated segments, 4 done but PDFs asked for were not rendered, 70 internal
 * error, 75 another run holds the lock.
 * The message says which document and why; the status says what to do next.
 */
/* clang-format off */
#define HX_ERRORS(X)                                                                    \
	X(HX_OK, 0, "success")                                                          \
	X(HX_E_USAGE, 2, "invalid usage")                                               \
	X(HX_E_CONFIG, 2, "invalid configuration")                                      \
	X(HX_E_IO, 1, "input/output error")                                             \
	X(HX_E_EMPTY, 1, "empty input")                                                 \
	X(HX_E_FORMAT, 1, "unsupported format")                                         \
	X(HX_E_DECODE, 1, "cannot decode input")                                        \
	X(HX_E_LIMIT, 1, "size limit exceeded")                                         \
	X(HX_E_CONVERT, 1, "cannot convert document")                                   \
	X(HX_E_RENDER, 1, "cannot render document")                                     \
	X(HX_E_MT, 1, "machine translation failed")                                     \
	X(HX_E_UNTRANSLATED, 3, "some segments were left untranslated")                 \
	X(HX_E_PDF, 4, "PDF not rendered")                                              \
	X(HX_E_INTERNAL, 70, "internal error")                                          \
	X(HX_E_LOCKED, 75, "another run holds the lock")
/* clang-format on */

enum hx_err {
#define HX_ERR_ENUM(code, status, msg) code,
	HX_ERRORS(HX_ERR_ENUM)
#undef HX_ERR_ENUM
		HX_ERR_COUNT
};

/* Returns a borrowed static string: the enum constant's name, e.g. "HX_E_DECODE". */
const char *hx_err_name(enum hx_err err);
/* Returns a borrowed static string: the generic message for err. */
const char *hx_err_message(enum hx_err err);
/* The process exit status for err (0 for HX_OK). */
int hx_err_exit_status(enum hx_err err);

#define HX_DIAG_MSG_MAX  1024
#define HX_DIAG_WARN_MAX 64

/*
 * What went wrong, in words a user can act on, and the warnings collected on
 * the way. Stages fill it; the driver prints it. Zero-initialise before use.
 */
struct hx_diag {
	enum hx_err err;
	char msg[HX_DIAG_MSG_MAX];
	char *warnings[HX_DIAG_WARN_MAX]; /* owned; release with hx_diag_release */
	size_t nwarnings;
	size_t warnings_dropped; /* beyond HX_DIAG_WARN_MAX */
};

/* Records err with a formatted message in diag (which may be NULL) and returns err. */
enum hx_err hx_fail(struct hx_diag *diag, enum hx_err err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Appends a formatted warning to diag (which may be NULL). */
void hx_warn(struct hx_diag *diag, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees the warnings and resets diag to its zero state. */
void hx_diag_release(struct hx_diag *diag);
/* The message to show for diag: its own message, or the generic one. Borrowed. */
const char *hx_diag_message(const struct hx_diag *diag);

#endif
