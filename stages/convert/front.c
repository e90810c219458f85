/*
 * The front matter of a UN document: the masthead (organ, symbol, distribution,
 * date, original language) goes into the metadata; the title block (session,
 * agenda item, title, "Report of the Secretary-General") becomes the first blocks.
 */
#include <string.h>
#include <strings.h>

#include "convert.h"
#include "mem.h"

#define FRONT_MAX_LINES 60
#define STAR_MARK       HX_CV_STAR

static const char *const un_names[] = {"United Nations",
				       "UNITED NATIONS",
				       "Nations Unies",
				       "NATIONS UNIES",
				       "Naciones Unidas",
				       "NACIONES UNIDAS",
				       "Организация Объединенных Наций",
				       "联合国",
				       "الأمم المتحدة",
				       "NATIONS",
				       "UNITED",
				       "NACIONES",
				       "UNIDAS",
				       "UNIES",
				       NULL};

static const char *const organs[] = {"General Assembly",
				     "Security Council",
				     "Economic and Social Council",
				     "Trusteeship Council",
				     "Assemblée générale",
				     "Conseil de sécurité",
				     "Conseil économique et social",
				     "Asamblea General",
				     "Consejo de Seguridad",
				     "Consejo Económico y Social",
				     "Генеральная Ассамблея",
				     "Совет Безопасности",
				     "Экономический и Социальный Совет",
				     "大会",
				     "安全理事会",
				     "经济及社会理事会",
				     "الجمعية العامة",
				     "مجلس الأمن",
				     "المجلس الاقتصادي والاجتماعي",
				     NULL};

/* Language names as "Original: ..." lines write them, in the six languages. */
static const struct {
	const char *name;
	enum hx_lang lang;
} lang_names[] = {
	{"English", HX_LANG_EN},     {"anglais", HX_LANG_EN},  {"inglés", HX_LANG_EN},
	{"английский", HX_LANG_EN},  {"英文", HX_LANG_EN},     {"الإنكليزية", HX_LANG_EN},
	{"French", HX_LANG_FR},      {"français", HX_LANG_FR}, {"francés", HX_LANG_FR},
	{"французский", HX_LANG_FR}, {"法文", HX_LANG_FR},     {"الفرنسية", HX_LANG_FR},
	{"Spanish", HX_LANG_ES},     {"espagnol", HX_LANG_ES}, {"español", HX_LANG_ES},
	{"испанский", HX_LANG_ES},   {"西班牙文", HX_LANG_ES}, {"الإسبانية", HX_LANG_ES},
	{"Russian", HX_LANG_RU},     {"russe", HX_LANG_RU},    {"ruso", HX_LANG_RU},
	{"русский", HX_LANG_RU},     {"俄文", HX_LANG_RU},     {"الروسية", HX_LANG_RU},
	{"Chinese", HX_LANG_ZH},     {"chinois", HX_LANG_ZH},  {"chino", HX_LANG_ZH},
	{"китайский", HX_LANG_ZH},   {"中文", HX_LANG_ZH},     {"الصينية", HX_LANG_ZH},
	{"Arabic", HX_LANG_AR},      {"arabe", HX_LANG_AR},    {"árabe", HX_LANG_AR},
	{"арабский", HX_LANG_AR},    {"阿拉伯文", HX_LANG_AR}, {"العربية", HX_LANG_AR},
};

static const char *const summary_words[] = {"Summary", "SUMMARY",  "Résumé", "RÉSUMÉ",
					    "Resumen", "RESUMEN",  "Резюме", "摘要",
					    "موجز",    "Abstract", NULL};

static const char *const assembly_openings[] = {"The General Assembly,",
						"L’Assemblée générale,",
						"L'Assemblée générale,",
						"La Asamblea General,",
						"Генеральная Ассамблея,",
						"大会，",
						"大会,",
						"إن الجمعية العامة،",
						"The Security Council,",
						"Le Conseil de sécurité,",
						"El Consejo de Seguridad,",
						"Совет Безопасности,",
						"安全理事会，",
						"إن مجلس الأمن،",
						NULL};

/* Subtitles that follow a title: "Report of the Secretary-General", "秘书处的说明". */
static const char *const subtitle_prefixes[] = {
	"Report of", "Note by",     "Letter dated", "Rapport du", "Rapport de", "Note du",
	"Note de",   "Informe del", "Informe de",   "Nota del",   "Nota de",    "Доклад",
	"Записка",   "تقرير",       "مذكرة",        NULL};
static const char *const subtitle_suffixes[] = {"的报告", "的说明", "的普通照会", NULL};

static bool line_is(const struct hx_cv_line *l, const char *const *list)
{
	size_t len = l->len;

	if (len && l->s[len - 1] == STAR_MARK)
		len--;
	for (; *list; list++)
		if (strlen(*list) == len && memcmp(l->s, *list, len) == 0)
			return true;
	return false;
}

static bool starts_with_any(const char *s, size_t len, const char *const *list)
{
	for (; *list; list++) {
		size_t n = strlen(*list);

		if (n <= len && memcmp(s, *list, n) == 0)
			return true;
	}
	return false;
}

static bool contains_any(const char *s, size_t len, const char *const *list)
{
	for (; *list; list++)
		if (memmem(s, len, *list, strlen(*list)))
			return true;
	return false;
}

/* The language a "Chinese" or "Original: English" names, or HX_LANG_NONE. */
static enum hx_lang language_name_at(const char *s, size_t len, size_t *n)
{
	for (size_t k = 0; k < sizeof(lang_names) / sizeof(lang_names[0]); k++) {
		size_t m = strlen(lang_names[k].name);

		if (m <= len && strncasecmp(s, lang_names[k].name, m) == 0) {
			*n = m;
			return lang_names[k].lang;
		}
	}
	*n = 0;
	return HX_LANG_NONE;
}

static bool is_language_line(const struct hx_cv_line *l)
{
	size_t n;

	return language_name_at(l->s, l->len, &n) != HX_LANG_NONE && n == l->len;
}

/* "Original: English", "Original : anglais", "原文：英文", "الأصل: ..." */
static bool parse_original(struct hx_cv_state *st, const struct hx_cv_line *l)
{
	static const char *const prefixes[] = {"Original", "ORIGINAL", "Оригинал",
					       "原文",     "الأصل",    NULL};
	const char *s = l->s;
	size_t len = l->len, i = 0, n;

	if (!starts_with_any(s, len, prefixes))
		return false;
	while (i < len && s[i] != ':' && !(i + 3 <= len && memcmp(s + i, "：", 3) == 0))
		i++;
	if (i >= len)
		return false;
	i += s[i] == ':' ? 1 : 3;
	while (i < len && s[i] == ' ')
		i++;
	/* Arabic glues the preposition on: "بالإنكليزية" is "ب" + "الإنكليزية" */
	if (len - i > 2 && memcmp(s + i, "ب", 2) == 0 && memcmp(s + i + 2, "ال", 4) == 0)
		i += 2;
	st->doc->meta.original_lang = language_name_at(s + i, len - i, &n);
	return true;
}

/* "Distr.: General 8 July 2025 Chinese", "Distr.", "GENERALE", "Limited" */
static bool parse_distribution(struct hx_cv_state *st, const struct hx_cv_line *l, bool after_distr)
{
	static const char *const kinds[] = {"General",    "GENERAL",  "GENERALE", "GÉNÉRALE",
					    "Limited",    "LIMITED",  "LIMITEE",  "Restricted",
					    "RESTRICTED", "Générale", "Limitée",  "Reservada",
					    NULL};
	const char *s = l->s;
	size_t len = l->len, i = 0;

	if (len >= 5 && memcmp(s, "Distr", 5) == 0) {
		i = 5;
		while (i < len && (s[i] == '.' || s[i] == ':' || s[i] == ' '))
			i++;
	} else if (!after_distr || !line_is(l, kinds)) {
		return false;
	}
	if (i < len && !st->doc->meta.distribution) {
		size_t j = i;

		while (j < len && s[j] != ' ')
			j++;
		hx_meta_set(&st->doc->meta.distribution, s + i, j - i);
	}
	return true;
}

static void record_date(struct hx_cv_state *st, const struct hx_cv_line *l)
{
	char iso[11];
	size_t at, span;

	if (!st->doc->meta.date && hx_date_find(l->s, l->len, iso, &at, &span))
		hx_meta_set(&st->doc->meta.date, iso, 10);
}

/* "联合国 A/79/968", "United Nations A/79/968": the logo line with the symbol beside it. */
static bool is_un_name_line(struct hx_cv_state *st, const struct hx_cv_line *l)
{
	for (const char *const *n = un_names; *n; n++) {
		size_t m = strlen(*n);

		if (m > l->len || memcmp(l->s, *n, m) != 0)
			continue;
		if (m == l->len)
			return true;
		if (l->s[m] == ' ' && hx_symbol_is_whole(l->s + m + 1, l->len - m - 1)) {
			if (!st->doc->meta.symbol) {
				size_t n2 = l->len - m - 1;

				if (l->s[l->len - 1] == '*' || l->s[l->len - 1] == STAR_MARK)
					n2--;
				hx_meta_set(&st->doc->meta.symbol, l->s + m + 1, n2);
			}
			return true;
		}
	}
	return l->len == 1 && strchr("AES", l->s[0]) != NULL;
}

/* A masthead line: recorded in the metadata and removed from the body. */
static bool is_masthead(struct hx_cv_state *st, const struct hx_cv_line *l, bool *after_distr)
{
	char iso[11];
	size_t at, span;

	if (is_un_name_line(st, l))
		return true;
	if (line_is(l, organs)) {
		if (!st->doc->meta.organ)
			hx_meta_set(&st->doc->meta.organ, l->s, l->len);
		return true;
	}
	if (parse_distribution(st, l, *after_distr)) {
		*after_distr = true;
		record_date(st, l);
		return true;
	}
	if (parse_original(st, l) || is_language_line(l))
		return true;
	if (hx_symbol_is_whole(l->s, l->len))
		return true;
	if (!st->doc->meta.date && hx_date_find(l->s, l->len, iso, &at, &span) && at == 0 &&
	    span == l->len) {
		hx_meta_set(&st->doc->meta.date, iso, 10);
		return true;
	}
	return false;
}

static bool ends_with_comma(const struct hx_cv_line *l)
{
	uint32_t cp = hx_cv_prev(l->s, l->len, NULL);

	return cp == ',' || cp == 0xFF0C || cp == 0x060C;
}

/* Where the body begins: the first numbered paragraph, chapter, summary or long line. */
static size_t find_body_start(const struct hx_cv_state *st, size_t *front_lines)
{
	size_t seen = 0;

	for (size_t i = 0; i < st->nlines && seen < FRONT_MAX_LINES; i++) {
		const struct hx_cv_line *l = &st->lines[i];
		char label[HX_CV_LABEL_MAX];
		size_t n;

		if (l->kind != HX_CV_LINE_TEXT)
			continue;
		seen++;
		/* Markdown that marks its own blocks has no title block to guess */
		if (st->format == HX_FORMAT_MARKDOWN &&
		    (st->structured || strchr("#|>`", l->s[0]) ||
		     (l->len > 1 && l->s[1] == ' ' && strchr("-*+", l->s[0])))) {
			*front_lines = seen - 1;
			return i;
		}
		if (hx_cv_para_number(l->s, l->len, label, sizeof(label)) ||
		    hx_cv_heading_level(l->s, l->len, &n) == 1 || line_is(l, summary_words) ||
		    line_is(l, assembly_openings) ||
		    (l->width >= 120 &&
		     (hx_cv_ends_sentence(l->s, l->len) || ends_with_comma(l)))) {
			*front_lines = seen - 1;
			return i;
		}
	}
	*front_lines = 0;
	return 0;
}

/* Words after which a title line cannot end: the next line continues it. */
static bool ends_with_continuation(const struct hx_cv_line *l)
{
	static const char *const words[] = {
		" of",  " and", " the", " for", " on",  " in", " to", " with", " de",
		" du",  " des", " la",  " le",  " les", " et", " à",  " en",   " y",
		" del", " los", " las", " и",   " в",   " на", " по", " о",    " с",
		" для", ",",    "-",    "的",   "和",   "与",  "及",  "在",    "对",
		"关于", "以及", "之",   "并",   "或",   "、",  "，",  NULL};

	for (const char *const *w = words; *w; w++) {
		size_t n = strlen(*w);

		if (n <= l->len && memcmp(l->s + l->len - n, *w, n) == 0)
			return true;
	}
	return false;
}

static bool ends_with_any(const char *s, size_t len, const char *const *list)
{
	if (len && s[len - 1] == STAR_MARK)
		len--;
	for (; *list; list++) {
		size_t n = strlen(*list);

		if (n <= len && memcmp(s + len - n, *list, n) == 0)
			return true;
	}
	return false;
}

static bool is_subtitle(const char *s, size_t len)
{
	return starts_with_any(s, len, subtitle_prefixes) ||
	       ends_with_any(s, len, subtitle_suffixes);
}

/* "48/161." alone on its line. */
static bool is_resolution_number(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (!i || i >= len || s[i++] != '/')
		return false;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i + 1 == len && s[i] == '.';
}

/* "48/161. La situation en Amérique centrale": a resolution's number and title. */
static bool is_resolution_title(const char *s, size_t len)
{
	size_t i = 0, d1, d2;

	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	d1 = i;
	if (!d1 || i >= len || s[i++] != '/')
		return false;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	d2 = i - d1 - 1;
	return d2 && i + 1 < len && s[i] == '.' && s[i + 1] == ' ';
}

static bool continues_title_line(const struct hx_cv_state *st, const struct hx_cv_line *prev,
				 const struct hx_cv_line *next)
{
	size_t i = 0;
	uint32_t first = hx_cv_next(next->s, next->len, &i);

	if (is_subtitle(next->s, next->len) || is_resolution_number(next->s, next->len) ||
	    is_resolution_title(next->s, next->len))
		return false;
	if (is_subtitle(prev->s, prev->len) && prev->s[prev->len - 1] != STAR_MARK)
		return true; /* nothing but the body follows a subtitle: it wraps */
	if (is_resolution_number(prev->s, prev->len))
		return true; /* "48/161." alone, its title on the lines below */
	/* a colon inside a title ("Central America: procedures for...") does not end it */
	if ((hx_cv_ends_sentence(prev->s, prev->len) && prev->s[prev->len - 1] != ':') ||
	    prev->s[prev->len - 1] == STAR_MARK)
		return false;
	if (ends_with_continuation(prev) || hx_cv_is_lower(first) || first == 0x7684 /* 的 */)
		return true;
	return prev->width * 10 >= st->wrap * 7 && !hx_cv_is_han(first) && !hx_cv_is_upper(first);
}

static bool is_session_or_agenda(const char *s, size_t len)
{
	static const char *const skip[] = {
		"session",  "Session", "sesiones",   "сессия",        "届会",
		"الدورة",   "agenda",  "Agenda",     "ordre du jour", "programa",
		"повестки", "议程",    "البند",      "Item ",         "Point ",
		"Tema ",    "Пункт",   "RESOLUTION", "RÉSOLUTION",    "[",
		NULL};

	return contains_any(s, len, skip);
}

/* The title among the title-block items: a resolution's number line, the item before a
 * subtitle, else the first item that is not a session or agenda line. */
static struct hx_cv_block *pick_title(const struct hx_cv_state *st, struct hx_cv_block **items,
				      size_t n)
{
	struct hx_cv_block *first = NULL;

	for (size_t k = 0; k < n; k++) {
		const char *s = hx_cv_block_text(st, items[k]);
		size_t len = items[k]->len;

		if (is_resolution_title(s, len))
			return items[k];
		if (is_session_or_agenda(s, len))
			continue;
		/* "Report of the Working Group ...*" then "Note by the Secretariat" */
		if (k + 1 < n && is_subtitle(hx_cv_block_text(st, items[k + 1]), items[k + 1]->len))
			return items[k];
		if (!first && !is_subtitle(s, len))
			first = items[k];
	}
	return first;
}

/* The title's text for the metadata: footnote marks dropped. */
static void set_title(struct hx_cv_state *st, const struct hx_cv_block *b)
{
	struct hx_buf t;

	hx_buf_init(&t, 0);
	const char *text = hx_cv_block_text(st, b);

	for (size_t i = 0; i < b->len;) {
		size_t at = i;
		uint32_t cp = hx_cv_next(text, b->len, &i);

		if (cp != (uint32_t)STAR_MARK && hx_cv_superscript_digit(cp) < 0)
			hx_buf_add(&t, text + at, i - at);
	}
	hx_buf_rtrim(&t, " ");
	if (st->lang == HX_LANG_ZH) {
		struct hx_buf zh;

		hx_buf_init(&zh, 0);
		hx_cv_cjk_punct(hx_buf_str(&t), t.len, NULL, st->han_spaced, &zh);
		hx_buf_release(&t);
		t = zh;
	}
	hx_meta_set(&st->doc->meta.title, hx_buf_str(&t), t.len);
	hx_buf_release(&t);
}

/* The title-block lines (masthead removed) into blocks, wrapped lines joined. */
static enum hx_err title_block(struct hx_cv_state *st, size_t end)
{
	struct hx_cv_block *items[FRONT_MAX_LINES];
	size_t n = 0;
	const struct hx_cv_line *prev = NULL;
	bool after_distr = false;
	enum hx_err err = HX_OK;

	for (size_t i = 0; i < end && !err; i++) {
		struct hx_cv_line *l = &st->lines[i];

		if (l->kind != HX_CV_LINE_TEXT)
			continue;
		if (is_masthead(st, l, &after_distr)) {
			hx_doc_add_furniture(st->doc, HX_FURN_MASTHEAD, l->lineno, l->s, l->len);
			l->kind = HX_CV_LINE_FURNITURE;
			continue;
		}
		if (!(prev && n && continues_title_line(st, prev, l))) {
			if (n == FRONT_MAX_LINES)
				break;
			items[n++] = hx_cv_block_new(st, HX_CV_BLOCK_PARA, l->lineno);
		}
		err = hx_cv_block_append(st, items[n - 1], l->s, l->len);
		l->kind = HX_CV_LINE_CONSUMED;
		prev = l;
	}
	if (!err && n) {
		struct hx_cv_block *title = pick_title(st, items, n);

		if (title) {
			title->kind = HX_CV_BLOCK_HEADING;
			title->level = 1;
			title->title = true;
			set_title(st, title);
		}
	}
	return err;
}

enum hx_err hx_cv_front_matter(struct hx_cv_state *st)
{
	size_t front_lines, start = find_body_start(st, &front_lines);
	bool after_distr = false;

	st->body_start = start;
	if (front_lines)
		return title_block(st, start);
	/* no title block: still take a masthead off the top */
	for (size_t i = 0; i < st->nlines; i++) {
		struct hx_cv_line *l = &st->lines[i];

		if (l->kind != HX_CV_LINE_TEXT)
			continue;
		if (!is_masthead(st, l, &after_distr))
			break;
		hx_doc_add_furniture(st->doc, HX_FURN_MASTHEAD, l->lineno, l->s, l->len);
		l->kind = HX_CV_LINE_FURNITURE;
	}
	return HX_OK;
}
