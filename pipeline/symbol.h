/* UN document symbols (A/79/968, E/CN.17/2003/2, S/RES/2273 (2016)): shared by every stage. */
#ifndef HX_SYMBOL_H
#define HX_SYMBOL_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Length of the UN document symbol starting at s (A/79/968, E/CN.17/2003/2,
 * S/RES/2273 (2016), A/48/L.21/Rev.1), or 0. The caller checks the boundary
 * before s; the symbol must end at a non-alphanumeric character.
 */
size_t hx_symbol_match(const char *s, size_t len);
/* True when all of s (trimmed, an optional trailing '*' allowed) is one symbol. */
bool hx_symbol_is_whole(const char *s, size_t len);

#endif
