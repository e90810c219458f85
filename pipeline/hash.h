/* Content hashes for metadata, manifests and the translation memory. */
#ifndef HX_HASH_H
#define HX_HASH_H

#include <stddef.h>

/* Writes the SHA-256 of data as 64 lowercase hex digits and a NUL into hex. */
void hx_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
