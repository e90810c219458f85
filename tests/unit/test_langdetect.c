/* Unit tests for source-language detection among the six. */
#include <criterion/criterion.h>
#include <string.h>

#include "../../stages/convert/convert.h"

static enum hx_lang detect(const char *s)
{
	return hx_lang_detect(s, strlen(s));
}

Test(langdetect, tells_the_six_languages_apart)
{
	cr_expect_eq(
		detect("大会在其关于可持续发展问题高级别政治论坛的决议中确认区域层面的重要性。"),
		HX_LANG_ZH);
	cr_expect_eq(
		detect("إن الجمعية العامة، إذ تشير إلى قراراتها السابقة بشأن التنمية المستدامة"),
		HX_LANG_AR);
	cr_expect_eq(detect("Генеральная Ассамблея, ссылаясь на свои предыдущие резолюции"),
		     HX_LANG_RU);
	cr_expect_eq(detect("The General Assembly, recalling its previous resolutions on the "
			    "sustainable development of the region and the role of its partners"),
		     HX_LANG_EN);
	cr_expect_eq(
		detect("L'Assemblée générale, rappelant les résolutions pertinentes du Conseil "
		       "de sécurité ainsi que ses propres résolutions sur la paix dans la région"),
		HX_LANG_FR);
	cr_expect_eq(
		detect("La Asamblea General, recordando las resoluciones pertinentes del Consejo "
		       "de Seguridad y sus propias resoluciones sobre la paz en la región"),
		HX_LANG_ES);
}

Test(langdetect, is_not_fooled_by_latin_symbols_in_chinese)
{
	cr_expect_eq(
		detect("秘书长在第 79/1 号决议(A/79/968, E/CN.17/2003/2, ST/SGB/2024/1)中指出"),
		HX_LANG_ZH);
}

Test(langdetect, is_not_fooled_by_an_english_masthead_on_a_russian_text)
{
	cr_expect_eq(detect("Distr.: General\n14 August 2019\nRussian\nOriginal: English\n"
			    "Совет по правам человека\nРабочая группа по универсальному "
			    "периодическому обзору\nТридцать четвертая сессия"),
		     HX_LANG_RU);
}

Test(langdetect, answers_none_for_text_without_letters)
{
	cr_expect_eq(detect("25-11131 3/13 ... 2019"), HX_LANG_NONE);
}
