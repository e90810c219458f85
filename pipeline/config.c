/* Defaults for run-wide settings, and the size parser the command line uses. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "cmd.h"

void hx_config_init(struct hx_config *cfg)
{
	cfg->max_input = HX_DEFAULT_MAX_INPUT;
	cfg->encoding = NULL;
	cfg->lossy = false;
	cfg->from = HX_LANG_NONE;
	cfg->format = HX_FORMAT_AUTO;
}

bool hx_parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return false;
	switch (*end) {
	case '\0':
		break;
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	default:
		return false;
	}
	if (shift && end[1] != '\0' && !(end[1] == 'i' && end[2] == 'B' && end[3] == '\0') &&
	    !(end[1] == 'B' && end[2] == '\0'))
		return false;
	if (v == 0 || v > (SIZE_MAX >> shift))
		return false;
	*out = (size_t)(v << shift);
	return true;
}
