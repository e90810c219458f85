/* Allocation that never returns NULL: out of memory aborts (as in cmark and git). */
#ifndef HX_MEM_H
#define HX_MEM_H

#include <stddef.h>

/* Each returns newly allocated memory; free with free(). Abort on exhaustion. */
void *hx_xmalloc(size_t size);
void *hx_xcalloc(size_t n, size_t size);
void *hx_xrealloc(void *p, size_t size);
/* n * size, aborting on overflow, then reallocated. */
void *hx_xreallocarray(void *p, size_t n, size_t size);
char *hx_xstrdup(const char *s);
char *hx_xstrndup(const char *s, size_t n);

#endif
