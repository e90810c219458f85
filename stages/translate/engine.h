/*
 * MT engines: each only turns a batch of texts into an HTTP request and the
 * response back into texts. Packing, retries and checks are shared.
 * Texts cross this interface in wire form: placeholders as <x id="N"/>.
 */
#ifndef HX_ENGINE_H
#define HX_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "lang.h"
#include "transport.h"

struct hx_engine_settings {
	const char *endpoint; /* base URL: "http://127.0.0.1:2737" */
	const char *api_key;  /* NULL when the engine needs none; never logged */
	const char *model;    /* openai: the model name */
	const char *glossary; /* deepl: a glossary id, or NULL */
};

struct hx_engine_ops {
	const char *name;      /* "apertium", "libretranslate", "deepl", "openai", "none" */
	const char *summary;   /* one line for `hexaglot engines` */
	size_t max_texts;      /* texts a request may carry (APy: any number in one q) */
	size_t max_chars;      /* characters of text a request may carry (APy: 1000) */
	size_t max_bytes;      /* request body cap (DeepL: 128 KiB) */
	/*
	 * APy's chunks (engine_apertium.c): unless max_chars is configured, the
	 * wire text of a request, <p></p> included, stays within chunk_bytes bytes
	 * with at most calm_in_flight requests in flight, else within chunk_chars
	 * characters. 0: no chunks.
	 */
	size_t chunk_bytes, chunk_chars;
	int calm_in_flight;
	int concurrency;       /* requests in flight unless configured (0: 4) */
	bool escape_xml;       /* texts go out with & < > escaped and come back so */
	/* The request that translates texts[0..n) from src to tgt. */
	enum hx_err (*encode)(const struct hx_engine_settings *s, enum hx_lang src, enum hx_lang tgt,
			      const char *const *texts, size_t n, struct hx_http_request *req,
			      struct hx_diag *diag);
	/*
	 * The n translations in a response (out[i] newly allocated, wire form).
	 * HX_E_MT with the endpoint's own message when the body is an error, is
	 * malformed, or holds another number of texts than n.
	 */
	enum hx_err (*decode)(const struct hx_engine_settings *s, const struct hx_http_response *res,
			      size_t n, char **out, struct hx_diag *diag);
	/* The request that asks which pairs the endpoint serves; NULL if it cannot say. */
	enum hx_err (*pairs_request)(const struct hx_engine_settings *s,
				     struct hx_http_request *req, struct hx_diag *diag);
	/* Sets bit (src * HX_LANG_COUNT + tgt) in *pairs for every pair the response lists. */
	enum hx_err (*pairs_decode)(const struct hx_http_response *res, uint64_t *pairs,
				    struct hx_diag *diag);
};

/* Returns a borrowed pointer to the engine called name, or NULL. */
const struct hx_engine_ops *hx_engine_find(const char *name);
/* The engines in a fixed order, NULL-terminated. */
extern const struct hx_engine_ops *const hx_engines[];

/* Wire form: placeholders as <x id="N+1"/>; with escape_xml, & < > as entities. */
enum hx_err hx_wire_encode(const char *text, size_t len, bool escape_xml, struct hx_buf *out);
/*
 * Back from the wire: <x id="N"/> (also <x id="N" />, <x id='N'/>) to
 * placeholders; with escape_xml, entities (&amp; &lt; &gt; &quot; &apos;
 * &#N; &#xN;) to characters. Other tags an engine added are dropped.
 */
enum hx_err hx_wire_decode(const char *text, size_t len, bool escape_xml, struct hx_buf *out);

#endif
