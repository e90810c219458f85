/* Unit tests for target-language typography: each language's rules, numbers, placeholders. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "segment.h"
#include "typography.h"

/* The spans every test segment has; "{N}" in a test string is placeholder N, "{/N}" its end mark.
 */
enum {
	EM_OPEN,  /* "*" */
	EM_CLOSE, /* "*" */
	SYMBOL,   /* A/79/968, as an undocs.org link */
	URL,      /* https://example.org/x */
	TIME,     /* the number 10:30 */
	NAME,     /* General Assembly: encloses MT words, 大会 in Chinese */
	UN, /* United Nations: a bare name, 联合国 in Chinese, الأمم المتحدة in Arabic */
	BREAK, /* a hard line break */
	CODE,  /* `x` */
	SPANS
};

static void add_span(struct hx_segment *seg, enum hx_span_kind kind, const char *text)
{
	cr_assert_geq(hx_segment_add_span(seg, kind, text, strlen(text)), 0);
}

static struct hx_segment *sample(struct hx_segments *segs)
{
	struct hx_segment *seg;

	hx_segments_add_block(segs, HX_BLOCK_PARAGRAPH)->nsegs = 1;
	seg = hx_segments_add_segment(segs, 0);
	add_span(seg, HX_SPAN_MARKUP, "*");
	add_span(seg, HX_SPAN_MARKUP, "*");
	add_span(seg, HX_SPAN_SYMBOL, "[A/79/968](https://undocs.org/en/A/79/968)");
	add_span(seg, HX_SPAN_URL, "https://example.org/x");
	add_span(seg, HX_SPAN_NUMBER, "10:30");
	add_span(seg, HX_SPAN_TERM, "General Assembly");
	add_span(seg, HX_SPAN_TERM, "United Nations");
	add_span(seg, HX_SPAN_MARKUP, "\\\n");
	add_span(seg, HX_SPAN_MARKUP, "`x`");
	seg->spans[NAME].encloses = true;
	seg->spans[NAME].target[HX_LANG_ZH] = strdup("大会");
	seg->spans[NAME].target[HX_LANG_FR] = strdup("Assemblée générale");
	seg->spans[UN].target[HX_LANG_ZH] = strdup("联合国");
	seg->spans[UN].target[HX_LANG_AR] = strdup("الأمم المتحدة");
	return seg;
}

/* "{3}" -> placeholder 3, "{/3}" -> its end mark. */
static char *expand(const char *s)
{
	struct hx_buf b = HX_BUF_INIT(0);

	for (const char *p = s; *p;) {
		char *end;
		long n;

		if (*p == '{' && (n = strtol(p + 1 + (p[1] == '/'), &end, 10)) >= 0 &&
		    *end == '}' && end > p + 1 + (p[1] == '/')) {
			if (p[1] == '/')
				hx_placeholder_end_add(&b, (unsigned)n);
			else
				hx_placeholder_add(&b, (unsigned)n);
			p = end + 1;
		} else {
			hx_buf_addc(&b, *p++);
		}
	}
	return hx_buf_detach(&b, NULL);
}

/* The reverse of expand(), for comparing and for messages. */
static char *shrink(const char *s)
{
	struct hx_buf b = HX_BUF_INIT(0);

	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		if (p[0] == 0xF4 && p[1] >= 0x80 && p[1] <= 0x8F) {
			unsigned cp = ((p[0] & 7u) << 18) | ((p[1] & 0x3Fu) << 12) |
				      ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
			int n = hx_placeholder_index(cp), e = hx_placeholder_end_index(cp);

			if (n >= 0)
				hx_buf_addf(&b, "{%d}", n);
			else
				hx_buf_addf(&b, "{/%d}", e);
			p += 4;
		} else {
			hx_buf_addc(&b, (char)*p++);
		}
	}
	return hx_buf_detach(&b, NULL);
}

static char *apply(const struct hx_segment *seg, enum hx_lang lang, const char *in)
{
	struct hx_buf out = HX_BUF_INIT(0);
	char *text = expand(in), *got;

	cr_assert_eq(hx_typography_apply(seg, lang, text, strlen(text), &out), HX_OK);
	got = shrink(hx_buf_str(&out));
	free(text);
	hx_buf_release(&out);
	return got;
}

static void check(enum hx_lang lang, const char *in, const char *want)
{
	struct hx_segments segs = {0};
	char *got = apply(sample(&segs), lang, in);

	cr_expect_str_eq(got, want, "%s: '%s' gave '%s', wanted '%s'", hx_lang_get(lang)->code, in,
			 got, want);
	free(got);
	hx_segments_release(&segs);
}

#define NBSP  "\u00A0"
#define NNBSP "\u202F"

Test(typography, french_puts_a_narrow_no_break_space_before_semicolon_and_marks)
{
	check(HX_LANG_FR, "Pourquoi pas?", "Pourquoi pas" NNBSP "?");
	check(HX_LANG_FR, "Oui; non! Vraiment ?", "Oui" NNBSP "; non" NNBSP "! Vraiment" NNBSP "?");
	check(HX_LANG_FR, "Quoi" NBSP "?", "Quoi" NNBSP "?");
	check(HX_LANG_FR, "Quoi  \u2009 ?", "Quoi" NNBSP "?");
}

Test(typography, french_puts_a_no_break_space_before_a_colon)
{
	check(HX_LANG_FR, "Note: voir", "Note" NBSP ": voir");
	check(HX_LANG_FR, "Note : voir", "Note" NBSP ": voir");
	check(HX_LANG_FR, "Note" NNBSP ": voir", "Note" NBSP ": voir");
}

Test(typography, french_leaves_times_schemes_runs_and_openings_alone)
{
	check(HX_LANG_FR, "à 10:30 et 2,400,000 et 1.5 fois", "à 10:30 et 2,400,000 et 1.5 fois");
	check(HX_LANG_FR, "voir http://example.org", "voir http://example.org");
	check(HX_LANG_FR, "Quoi?!", "Quoi" NNBSP "?!");
	check(HX_LANG_FR, "? Non", "? Non");
	check(HX_LANG_FR, "un doute (?) subsiste", "un doute (?) subsiste");
}

Test(typography, french_turns_straight_quotes_into_guillemets_with_no_break_spaces)
{
	check(HX_LANG_FR, "Il a dit \"oui\" hier.", "Il a dit «" NBSP "oui" NBSP "» hier.");
	check(HX_LANG_FR, "\"Oui\", dit-il.", "«" NBSP "Oui" NBSP "», dit-il.");
	check(HX_LANG_FR, "le mot \" oui \" ici", "le mot «" NBSP "oui" NBSP "» ici");
	check(HX_LANG_FR, "«oui» et « non »", "«" NBSP "oui" NBSP "» et «" NBSP "non" NBSP "»");
	check(HX_LANG_FR, "\"A\" et \"B\"", "«" NBSP "A" NBSP "» et «" NBSP "B" NBSP "»");
}

Test(typography, french_spaces_a_mark_after_a_placeholder_as_after_a_word)
{
	check(HX_LANG_FR, "Voir {2}: le rapport", "Voir {2}" NBSP ": le rapport");
	check(HX_LANG_FR, "Pourquoi {0}pas{1}?", "Pourquoi {0}pas{1}" NNBSP "?");
	check(HX_LANG_FR, "L'{5}Assemblée générale{/5}?", "L'{5}Assemblée générale{/5}" NNBSP "?");
	check(HX_LANG_FR, "Le mot \"{0}oui{1}\"", "Le mot «" NBSP "{0}oui{1}" NBSP "»");
	check(HX_LANG_FR, "{0}?{1}", "{0}?{1}");
	check(HX_LANG_FR, "à {4} ou {4}:{4}", "à {4} ou {4}:{4}");
}

Test(typography, french_glues_nothing_to_a_url)
{
	/* GFM's autolinks end at an ASCII space: a no-break space or » would join the link */
	check(HX_LANG_FR, "Voir {3}: ici", "Voir {3}: ici");
	check(HX_LANG_FR, "Voir {3} ?", "Voir {3} ?");
	check(HX_LANG_FR, "Voir \"{3}\"", "Voir \"{3}\"");
	check(HX_LANG_FR, "Voir \" {3} \"", "Voir « {3} »");
}

Test(typography, chinese_writes_marks_next_to_han_full_width)
{
	check(HX_LANG_ZH, "大会通过了决议.", "大会通过了决议。");
	check(HX_LANG_ZH, "大会, 安理会; 秘书处: 是否? 是!", "大会，安理会；秘书处：是否？是！");
	check(HX_LANG_ZH, "大会 . ", "大会。");
	check(HX_LANG_ZH, "大会(UN)通过", "大会（UN）通过");
	check(HX_LANG_ZH, "(联合国)", "（联合国）");
	check(HX_LANG_ZH, "UN, United Nations (UN).", "UN, United Nations (UN).");
}

Test(typography, chinese_marks_turn_each_other_whatever_their_order)
{
	/* the ")" turns with its partner, then the period after it */
	check(HX_LANG_ZH, "安理会 (UN).", "安理会（UN）。");
	check(HX_LANG_ZH, "见 (UN, UNDP) , 大会",
	      "见（UN, UNDP），大会"); /* Latin inside keeps its comma */
	check(HX_LANG_ZH, "（UN) 等", "（UN）等");
}

Test(typography, chinese_removes_spaces_between_han_and_around_full_width_marks)
{
	check(HX_LANG_ZH, "联合国 大会  通过 了", "联合国大会通过了");
	check(HX_LANG_ZH, "大会 ， UN", "大会，UN");
	check(HX_LANG_ZH, "UN 大会 GA", "UN 大会 GA");
}

Test(typography, chinese_keeps_numbers_and_ellipses)
{
	check(HX_LANG_ZH, "共2,400,000人, 在10:30开会, 增长1.5倍",
	      "共2,400,000人，在10:30开会，增长1.5倍");
	check(HX_LANG_ZH, "大会...通过", "大会...通过");
	check(HX_LANG_ZH, "大会.org", "大会.org");
}

Test(typography, chinese_reads_names_and_symbols_by_their_forms)
{
	check(HX_LANG_ZH, "见{2}, 第3段", "见{2}，第3段");
	check(HX_LANG_ZH, "{6} 通过", "{6}通过");
	check(HX_LANG_ZH, "{5}大会{/5} 通过了", "{5}大会{/5}通过了");
	check(HX_LANG_ZH, "大会 {0}通过{1} 了.", "大会{0}通过{1}了。");
	check(HX_LANG_ZH, "决议{0}.{1}", "决议{0}。{1}");
	check(HX_LANG_ZH, "见 {2} 号", "见 {2} 号");
	check(HX_LANG_ZH, "大会{7} 通过", "大会{7} 通过");
	check(HX_LANG_ZH, "见{8}, 大会", "见{8}，大会");
}

Test(typography, chinese_glues_nothing_to_a_url)
{
	check(HX_LANG_ZH, "网址{3}.", "网址{3}.");
	check(HX_LANG_ZH, "网址({3})", "网址({3})");
	check(HX_LANG_ZH, "网址 {3} 上", "网址 {3} 上");
	check(HX_LANG_ZH, "网址{3} , 上", "网址{3} ，上");
}

Test(typography, russian_turns_straight_quotes_into_guillemets)
{
	check(HX_LANG_RU, "Он сказал \"да\".", "Он сказал «да».");
	check(HX_LANG_RU, "\" да \" и \"нет\"", "«да» и «нет»");
	check(HX_LANG_RU, "Что? Да: 10:30.", "Что? Да: 10:30.");
}

Test(typography, arabic_writes_its_comma_semicolon_and_question_mark)
{
	check(HX_LANG_AR, "هل هذا صحيح?", "هل هذا صحيح؟");
	check(HX_LANG_AR, "أولا, ثانيا; ثالثا", "أولا، ثانيا؛ ثالثا");
	check(HX_LANG_AR, "برنامج UNDP, UNICEF", "برنامج UNDP، UNICEF");
	check(HX_LANG_AR, "{6}, {2}", "{6}، {2}");
}

Test(typography, arabic_keeps_numbers_latin_text_and_urls)
{
	check(HX_LANG_AR, "بلغ 2,400,000 شخص و١,٥", "بلغ 2,400,000 شخص و١,٥");
	check(HX_LANG_AR, "الرمز a,b", "الرمز a,b");
	check(HX_LANG_AR, "Hello, world?", "Hello, world?");
	check(HX_LANG_AR, "انظر {3}?", "انظر {3}?");
}

Test(typography, every_language_collapses_doubled_spaces)
{
	check(HX_LANG_ES, "  Hola   mundo ,  ¿qué?  ", "Hola mundo , ¿qué?");
	check(HX_LANG_EN, "a\t\tb", "a b");
	check(HX_LANG_RU, "да  нет", "да нет");
	check(HX_LANG_AR, "نعم  لا", "نعم لا");
}

Test(typography, a_second_pass_changes_nothing)
{
	static const char *const texts[] = {
		"Il a dit \"oui\" : 10:30 ? «non» ; {2}: \"{0}?\" ( \"?\" ) !",
		"大会, 安理会 (UN). {5} 见{2}, {4} 通过. {3} (x) ,大",
		"هل {6}, 2,400? نعم; \"لا\"",
		"\" да \" и \"нет\"  ",
	};
	static const enum hx_lang langs[] = {HX_LANG_FR, HX_LANG_ZH, HX_LANG_AR, HX_LANG_RU};

	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		struct hx_segments segs = {0};
		struct hx_segment *seg = sample(&segs);
		char *once = apply(seg, langs[i], texts[i]), *twice = apply(seg, langs[i], once);

		cr_expect_str_eq(twice, once, "'%s' gave '%s', then '%s'", texts[i], once, twice);
		free(once);
		free(twice);
		hx_segments_release(&segs);
	}
}

Test(typography, never_alters_a_placeholder_even_at_the_edges)
{
	check(HX_LANG_FR, "{0} {1} {5} {/5}", "{0} {1} {5} {/5}");
	check(HX_LANG_ZH, "{0} {1}", "{0} {1}");
	check(HX_LANG_ZH, "{7} {8}", "{7} {8}");
}

Test(typography, without_the_segment_every_placeholder_is_taken_for_a_url)
{
	char *got = apply(NULL, HX_LANG_FR, "Voir {2}: ici");

	cr_assert_str_eq(got, "Voir {2}: ici");
	free(got);
	got = apply(NULL, HX_LANG_FR, "Quoi?");
	cr_assert_str_eq(got, "Quoi" NNBSP "?");
	free(got);
}

Test(typography, replaces_broken_utf8_and_stops_at_the_cap)
{
	struct hx_buf out = HX_BUF_INIT(8);

	cr_assert_eq(hx_typography_apply(NULL, HX_LANG_FR, "a\xff?", 3, &out), HX_OK);
	cr_assert_str_eq(out.data, "a\xEF\xBF\xBD" NNBSP "?");
	hx_buf_reset(&out);
	cr_assert_eq(hx_buf_adds(&out, "ab"), HX_OK);
	cr_assert_eq(hx_typography_apply(NULL, HX_LANG_FR, "quoi ?", 6, &out), HX_E_LIMIT);
	cr_assert_str_eq(hx_buf_str(&out), "ab");
	hx_buf_release(&out);
}

Test(typography, applies_to_drafts_only_and_leaves_the_stored_translation_alone)
{
	struct hx_segments segs = {0};
	struct hx_block *b = hx_segments_add_block(&segs, HX_BLOCK_PARAGRAPH);
	struct hx_segment *seg = hx_segments_add_segment(&segs, 0);
	struct hx_buf out = HX_BUF_INIT(0);
	struct hx_diag diag = {0};

	b->nsegs = 1;
	b->tail = strdup("\n");
	seg->text = strdup("Why \"not\"?");
	seg->len = strlen(seg->text);
	seg->target[HX_LANG_FR].text = strdup("Pourquoi \"pas\"?");
	seg->target[HX_LANG_FR].origin = HX_ORIGIN_MT;
	cr_assert_eq(hx_segments_write_markdown(&segs, HX_LANG_FR, &out, &diag), HX_OK);
	cr_assert_str_eq(out.data, "Pourquoi «" NBSP "pas" NBSP "»" NNBSP "?\n");
	cr_assert_str_eq(seg->target[HX_LANG_FR].text, "Pourquoi \"pas\"?");
	hx_buf_reset(&out);
	/* the source, and a language with no translation (it falls back to the source), as they are
	 */
	cr_assert_eq(hx_segments_write_markdown(&segs, HX_LANG_NONE, &out, &diag), HX_OK);
	cr_assert_str_eq(out.data, "Why \"not\"?\n");
	hx_buf_reset(&out);
	cr_assert_eq(hx_segments_write_markdown(&segs, HX_LANG_ZH, &out, &diag), HX_OK);
	cr_assert_str_eq(out.data, "Why \"not\"?\n");
	hx_buf_release(&out);
	hx_segments_release(&segs);
}
