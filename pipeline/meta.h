/* The document's metadata as JSON (<id>.meta.json). */
#ifndef HX_META_H
#define HX_META_H

#include "doc.h"

/* Returns a newly allocated, pretty-printed JSON text ending in a newline; free with free(). */
char *hx_meta_to_json(const struct hx_doc *doc);

#endif
