/*
 * cmark-gfm keeps the inline special characters of syntax extensions in one
 * process-wide table: cmark_parser_finish adds those of its parser's
 * extensions and removes them when it is done, so a parser finishing on one
 * thread takes autolinks (www., http:) away from a parser finishing on another
 * (github/cmark-gfm#221). Every parser with extensions finishes through here.
 */
#ifndef HX_CMARK_FINISH_H
#define HX_CMARK_FINISH_H

#include <cmark-gfm.h>

/* cmark_parser_finish(parser), one thread at a time. */
cmark_node *hx_cmark_finish(cmark_parser *parser);

#endif
