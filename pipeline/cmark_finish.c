/* cmark_parser_finish behind a lock: see cmark_finish.h. */
#include "cmark_finish.h"

#include <pthread.h>

static pthread_mutex_t finish_lock = PTHREAD_MUTEX_INITIALIZER;

cmark_node *hx_cmark_finish(cmark_parser *parser)
{
	cmark_node *root;

	pthread_mutex_lock(&finish_lock);
	root = cmark_parser_finish(parser);
	pthread_mutex_unlock(&finish_lock);
	return root;
}
