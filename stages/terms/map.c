/*
 * Two small open-addressing hash tables for the glossary: ids and stems by
 * string, trie edges by a 64-bit key. Their size follows the entry caps.
 */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "terms_int.h"

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h ^ (h >> 29);
}

static uint64_t hash_u64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	return x ^ (x >> 33);
}

static size_t str_slot(const struct gl_strmap *m, const char *key, size_t len)
{
	size_t i = (size_t)hash_bytes(key, len) & (m->cap - 1);

	while (m->keys[i] && !(strncmp(m->keys[i], key, len) == 0 && m->keys[i][len] == '\0'))
		i = (i + 1) & (m->cap - 1);
	return i;
}

uint32_t gl_strmap_get(const struct gl_strmap *m, const char *key, size_t len)
{
	size_t i;

	if (!m->cap)
		return UINT32_MAX;
	i = str_slot(m, key, len);
	return m->keys[i] ? m->vals[i] : UINT32_MAX;
}

static void str_grow(struct gl_strmap *m)
{
	struct gl_strmap big = {0};

	big.cap = m->cap ? m->cap * 2 : 64;
	big.keys = hx_xcalloc(big.cap, sizeof(*big.keys));
	big.vals = hx_xcalloc(big.cap, sizeof(*big.vals));
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i]) {
			size_t j = str_slot(&big, m->keys[i], strlen(m->keys[i]));

			big.keys[j] = m->keys[i];
			big.vals[j] = m->vals[i];
		}
	}
	big.n = m->n;
	free(m->keys);
	free(m->vals);
	*m = big;
}

uint32_t gl_strmap_put(struct gl_strmap *m, const char *key, uint32_t val)
{
	size_t len = strlen(key), i;

	if (2 * (m->n + 1) > m->cap)
		str_grow(m);
	i = str_slot(m, key, len);
	if (m->keys[i])
		return m->vals[i];
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
	return val;
}

void gl_strmap_release(struct gl_strmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static size_t u64_slot(const struct gl_u64map *m, uint64_t key)
{
	size_t i = (size_t)hash_u64(key) & (m->cap - 1);

	while (m->keys[i] != UINT64_MAX && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

uint32_t gl_u64map_get(const struct gl_u64map *m, uint64_t key)
{
	size_t i;

	if (!m->cap)
		return UINT32_MAX;
	i = u64_slot(m, key);
	return m->keys[i] == key ? m->vals[i] : UINT32_MAX;
}

static void u64_grow(struct gl_u64map *m)
{
	struct gl_u64map big = {0};

	big.cap = m->cap ? m->cap * 2 : 64;
	big.keys = hx_xreallocarray(NULL, big.cap, sizeof(*big.keys));
	memset(big.keys, 0xff, big.cap * sizeof(*big.keys));
	big.vals = hx_xcalloc(big.cap, sizeof(*big.vals));
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i] != UINT64_MAX) {
			size_t j = u64_slot(&big, m->keys[i]);

			big.keys[j] = m->keys[i];
			big.vals[j] = m->vals[i];
		}
	}
	big.n = m->n;
	free(m->keys);
	free(m->vals);
	*m = big;
}

void gl_u64map_put(struct gl_u64map *m, uint64_t key, uint32_t val)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap)
		u64_grow(m);
	i = u64_slot(m, key);
	if (m->keys[i] != key)
		m->n++;
	m->keys[i] = key;
	m->vals[i] = val;
}

void gl_u64map_release(struct gl_u64map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}
