/* SHA-256 through OpenSSL's libcrypto (already on every machine that has libcurl). */
#include "hash.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

void hx_sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	static const char digits[] = "0123456789abcdef";

	if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32) {
		fprintf(stderr, "hexaglot: SHA-256 unavailable in libcrypto\n");
		abort();
	}
	for (unsigned i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}
