/*
 * The "none" engine: no request at all. The caller never encodes for it (its
 * max_texts is 0) and copies the source, marked untranslated.
 */
#include "engine_impl.h"

#define NAME "none"

static enum hx_err none_encode(const struct hx_engine_settings *s, enum hx_lang src,
			       enum hx_lang tgt, const char *const *texts, size_t n,
			       struct hx_http_request *req, struct hx_diag *diag)
{
	(void)s, (void)src, (void)tgt, (void)texts, (void)n, (void)req;
	return hx_fail(diag, HX_E_INTERNAL, NAME ": the engine sends no requests; copy the source");
}

static enum hx_err none_decode(const struct hx_engine_settings *s,
			       const struct hx_http_response *res, size_t n, char **out,
			       struct hx_diag *diag)
{
	(void)s, (void)res;
	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	return hx_fail(diag, HX_E_INTERNAL, NAME ": the engine sends no requests; copy the source");
}

const struct hx_engine_ops hx_engine_none = {
	.name = NAME,
	.summary = "no machine translation: the source is copied, marked untranslated",
	.max_texts = 0,
	.max_chars = 0,
	.max_bytes = 0,
	.escape_xml = false,
	.encode = none_encode,
	.decode = none_decode,
	.pairs_request = NULL,
	.pairs_decode = NULL,
};
