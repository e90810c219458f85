/*
 * What the engine files share: request building (URLs, headers, JSON bodies)
 * and reading responses that may be hostile, quoting the endpoint's own words.
 */
#ifndef HX_ENGINE_IMPL_H
#define HX_ENGINE_IMPL_H

#include <jansson.h>

#include "engine.h"

/* The endpoint's words in an error message: at most this many bytes, then "...". */
#define HX_ENGINE_QUOTE_MAX 200

extern const struct hx_engine_ops hx_engine_apertium;
extern const struct hx_engine_ops hx_engine_libretranslate;
extern const struct hx_engine_ops hx_engine_deepl;
extern const struct hx_engine_ops hx_engine_openai;
extern const struct hx_engine_ops hx_engine_none;

/*
 * HX_E_INTERNAL unless n > 0, every text is non-NULL and src and tgt are two
 * different languages of the table. max_texts is the caller's default, which
 * the configuration may change, so it is not checked; max_bytes is.
 */
enum hx_err hx_engine_check_batch(const struct hx_engine_ops *ops, enum hx_lang src,
				  enum hx_lang tgt, const char *const *texts, size_t n,
				  struct hx_diag *diag);

/*
 * Sets req->url to the endpoint (deflt when it is unset) joined with path; an
 * endpoint that already ends in path's version part ("/v1") is not given it
 * twice. HX_E_CONFIG when there is no endpoint or it is not http(s).
 */
enum hx_err hx_engine_url(const char *engine, const char *endpoint, const char *deflt,
			  const char *path, struct hx_http_request *req, struct hx_diag *diag);

/* Appends a copy of the header line "name: value" to req->headers. */
void hx_engine_header(struct hx_http_request *req, const char *name, const char *value);

/* Returns err; on failure first releases what req holds, so that it is left empty. */
enum hx_err hx_engine_encoded(struct hx_http_request *req, enum hx_err err);

/* Returns a new JSON array of texts[0..n), or NULL if one is not valid UTF-8. */
json_t *hx_engine_json_texts(const char *const *texts, size_t n);

/*
 * Serialises root as req's body with a JSON Content-Type header (takes
 * ownership of root, also on failure); HX_E_LIMIT past ops->max_bytes.
 */
enum hx_err hx_engine_json_body(const struct hx_engine_ops *ops, json_t *root,
				struct hx_http_request *req, struct hx_diag *diag);

/*
 * The JSON document in res: *root is a new reference, NULL on failure. HX_E_MT
 * quoting the endpoint when no response arrived, the body is not JSON (an
 * HTML page: "not <what>"), or it is an error (a non-2xx status or an error
 * member). secret (may be NULL) never appears in the message.
 */
enum hx_err hx_engine_response(const char *engine, const char *what, const char *secret,
			       const struct hx_http_response *res, json_t **root,
			       struct hx_diag *diag);

/*
 * Copies the n texts of the JSON array arr into out[0..n): strings, or with
 * key, objects whose member key is the string. HX_E_MT for another count,
 * another type or a text holding NUL; then out[] is all NULL.
 */
enum hx_err hx_engine_take_texts(const char *engine, json_t *arr, const char *key, size_t n,
				 char **out, struct hx_diag *diag);

/* Copies the JSON string v into *out; HX_E_MT for a non-string or one holding NUL. */
enum hx_err hx_engine_take_text(const char *engine, json_t *v, size_t i, char **out,
				struct hx_diag *diag);

/* Frees out[0..n) and sets each to NULL. */
void hx_engine_free_texts(char **out, size_t n);

/*
 * Writes msg[0..len) into dst (cap bytes, at least HX_ENGINE_QUOTE_MAX + 4) for
 * an error message: secret replaced, control characters as spaces, broken
 * UTF-8 as '?', cut at HX_ENGINE_QUOTE_MAX bytes on a character boundary.
 */
void hx_engine_quote(char *dst, size_t cap, const char *msg, size_t len, const char *secret);

/* The language an engine's code names (Traditional Chinese is none of ours). */
enum hx_lang hx_engine_lang(const char *code);

/* Sets the bit for src -> tgt in *pairs when both are languages and differ. */
void hx_engine_pair_set(uint64_t *pairs, enum hx_lang src, enum hx_lang tgt);

#endif
