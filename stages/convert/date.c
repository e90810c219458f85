/* Dates as UN mastheads write them, in the six languages, to ISO 8601. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "convert.h"

/* Month names, lowercase as they appear after a day number; Russian in the genitive. */
static const struct {
	const char *name;
	int month;
} month_names[] = {
	{"january", 1},
	{"february", 2},
	{"march", 3},
	{"april", 4},
	{"may", 5},
	{"june", 6},
	{"july", 7},
	{"august", 8},
	{"september", 9},
	{"october", 10},
	{"november", 11},
	{"december", 12},
	{"janvier", 1},
	{"février", 2},
	{"mars", 3},
	{"avril", 4},
	{"mai", 5},
	{"juin", 6},
	{"juillet", 7},
	{"août", 8},
	{"septembre", 9},
	{"octobre", 10},
	{"novembre", 11},
	{"décembre", 12},
	{"enero", 1},
	{"febrero", 2},
	{"marzo", 3},
	{"abril", 4},
	{"mayo", 5},
	{"junio", 6},
	{"julio", 7},
	{"agosto", 8},
	{"septiembre", 9},
	{"setiembre", 9},
	{"octubre", 10},
	{"noviembre", 11},
	{"diciembre", 12},
	{"января", 1},
	{"февраля", 2},
	{"марта", 3},
	{"апреля", 4},
	{"мая", 5},
	{"июня", 6},
	{"июля", 7},
	{"августа", 8},
	{"сентября", 9},
	{"октября", 10},
	{"ноября", 11},
	{"декабря", 12},
	{"يناير", 1},
	{"فبراير", 2},
	{"مارس", 3},
	{"أبريل", 4},
	{"نيسان/أبريل", 4},
	{"مايو", 5},
	{"يونيه", 6},
	{"يونيو", 6},
	{"يوليه", 7},
	{"يوليو", 7},
	{"أغسطس", 8},
	{"سبتمبر", 9},
	{"أكتوبر", 10},
	{"نوفمبر", 11},
	{"ديسمبر", 12},
	{"كانون الثاني/يناير", 1},
	{"شباط/فبراير", 2},
	{"آذار/مارس", 3},
	{"أيار/مايو", 5},
	{"حزيران/يونيه", 6},
	{"تموز/يوليه", 7},
	{"آب/أغسطس", 8},
	{"أيلول/سبتمبر", 9},
	{"تشرين الأول/أكتوبر", 10},
	{"تشرين الثاني/نوفمبر", 11},
	{"كانون الأول/ديسمبر", 12},
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads 1-4 digits at s[*i]; -1 if none. */
static int read_number(const char *s, size_t len, size_t *i, int maxdigits)
{
	int v = 0, n = 0;

	while (*i < len && is_digit(s[*i]) && n < maxdigits) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	if (n == 0 || (*i < len && is_digit(s[*i])))
		return -1;
	return v;
}

static size_t skip_spaces(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] == ' ')
		i++;
	return i;
}

/* A month name at s (case-insensitive for ASCII): its number, and *n its length. */
static int month_at(const char *s, size_t len, size_t *n)
{
	int best = 0;

	*n = 0;
	for (size_t k = 0; k < sizeof(month_names) / sizeof(month_names[0]); k++) {
		size_t m = strlen(month_names[k].name);

		if (m <= len && m > *n && strncasecmp(s, month_names[k].name, m) == 0) {
			*n = m;
			best = month_names[k].month;
		}
	}
	return best;
}

static bool valid(int y, int m, int d)
{
	return y >= 1945 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* "8 July 2025", "1er mars 2020", "14 de agosto de 2019", "14 августа 2019 года". */
static bool day_month_year(const char *s, size_t len, size_t i, int *y, int *m, int *d, size_t *end)
{
	size_t n;

	*d = read_number(s, len, &i, 2);
	if (*d < 0)
		return false;
	if (i + 2 <= len && strncmp(s + i, "er", 2) == 0)
		i += 2;
	i = skip_spaces(s, len, i);
	if (i + 3 <= len && strncmp(s + i, "de ", 3) == 0)
		i += 3;
	*m = month_at(s + i, len - i, &n);
	if (!*m)
		return false;
	i = skip_spaces(s, len, i + n);
	if (i + 3 <= len && strncmp(s + i, "de ", 3) == 0)
		i += 3;
	*y = read_number(s, len, &i, 4);
	*end = i;
	return valid(*y, *m, *d);
}

/* "2013 年 9 月 20 日", "2013年9月20日". */
static bool chinese_date(const char *s, size_t len, size_t i, int *y, int *m, int *d, size_t *end)
{
	static const char *const marks[3] = {"年", "月", "日"};
	int *parts[3] = {y, m, d};

	for (int k = 0; k < 3; k++) {
		size_t ml = strlen(marks[k]);

		*parts[k] = read_number(s, len, &i, k == 0 ? 4 : 2);
		if (*parts[k] < 0)
			return false;
		i = skip_spaces(s, len, i);
		if (i + ml > len || memcmp(s + i, marks[k], ml) != 0)
			return false;
		i = skip_spaces(s, len, i + ml);
	}
	while (i > 0 && s[i - 1] == ' ')
		i--;
	*end = i;
	return valid(*y, *m, *d);
}

bool hx_date_find(const char *s, size_t len, char iso[11], size_t *start, size_t *span)
{
	for (size_t i = 0; i < len; i++) {
		int y, m, d;
		size_t end;

		if (!is_digit(s[i]) || (i > 0 && is_digit(s[i - 1])))
			continue;
		if (day_month_year(s, len, i, &y, &m, &d, &end) ||
		    chinese_date(s, len, i, &y, &m, &d, &end)) {
			snprintf(iso, 11, "%04d-%02d-%02d", y, m, d);
			*start = i;
			*span = end - i;
			if (end + 9 <= len && memcmp(s + end, " года", 9) == 0)
				*span += 9;
			return true;
		}
	}
	return false;
}
