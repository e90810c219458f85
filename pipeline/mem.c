/* Allocation wrappers: the one place that decides what out-of-memory does. */
#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die_oom(size_t size)
{
	fprintf(stderr, "hexaglot: out of memory allocating %zu bytes\n", size);
	abort();
}

void *hx_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		die_oom(size);
	return p;
}

void *hx_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die_oom(n * size);
	return p;
}

void *hx_xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);

	if (!q)
		die_oom(size);
	return q;
}

void *hx_xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		die_oom(SIZE_MAX);
	return hx_xrealloc(p, n * size);
}

char *hx_xstrdup(const char *s)
{
	return hx_xstrndup(s, strlen(s));
}

char *hx_xstrndup(const char *s, size_t n)
{
	char *p = hx_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
