/* Unit tests for the HTML input of the convert stage: escaping, blocks, inlines, safety. */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../../stages/convert/html.h"
#include "../../stages/convert/html_md.h"
#include "buf.h"
#include "mem.h"

/* Converts html, which must succeed; returns a newly allocated Markdown string. */
static char *convert_info(const char *html, size_t len, struct hx_html_info *info,
			  struct hx_diag *diag)
{
	struct hx_buf out = HX_BUF_INIT(HX_BUF_DEFAULT_MAX);
	enum hx_err err = hx_html_to_markdown("test.html", html, len, &out, info, diag);

	cr_assert_eq(err, HX_OK, "conversion failed: %s", hx_diag_message(diag));
	return hx_buf_detach(&out, NULL);
}

static char *convert(const char *html)
{
	struct hx_html_info info;
	struct hx_diag diag = {0};
	char *md = convert_info(html, strlen(html), &info, &diag);

	hx_html_info_release(&info);
	hx_diag_release(&diag);
	return md;
}

/* Renders md as cmark-gfm does in the render stage (safe mode, tables, footnotes). */
static char *render(const char *md)
{
	static const char *const exts[] = {"table", "strikethrough", "tasklist"};
	cmark_parser *parser;
	cmark_node *doc;
	char *html;

	cmark_gfm_core_extensions_ensure_registered();
	parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES);
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(exts[i]));
	cmark_parser_feed(parser, md, strlen(md));
	doc = cmark_parser_finish(parser);
	html = cmark_render_html(doc, CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES,
				 cmark_parser_get_syntax_extensions(parser));
	cmark_node_free(doc);
	cmark_parser_free(parser);
	return html;
}

static void assert_converts(const char *html, const char *expected)
{
	char *md = convert(html);

	cr_assert_str_eq(md, expected, "for %s", html);
	free(md);
}

static void assert_renders(const char *md, const char *expected)
{
	char *html = render(md);

	cr_assert_str_eq(html, expected, "for Markdown %s", md);
	free(html);
}

/* Escapes s as one paragraph; returns a newly allocated string. */
static char *escape(const char *s)
{
	struct hx_buf out = HX_BUF_INIT(HX_BUF_DEFAULT_MAX);

	cr_assert_eq(hx_html_escape_text(&out, s, strlen(s)), HX_OK);
	return hx_buf_detach(&out, NULL);
}

static void assert_escapes(const char *s, const char *expected)
{
	char *md = escape(s);

	cr_assert_str_eq(md, expected, "for %s", s);
	free(md);
}

/* s with & < > " escaped as cmark writes text. */
static char *html_text(const char *s)
{
	struct hx_buf out = HX_BUF_INIT(HX_BUF_DEFAULT_MAX);

	for (; *s; s++) {
		switch (*s) {
		case '&':
			hx_buf_adds(&out, "&amp;");
			break;
		case '<':
			hx_buf_adds(&out, "&lt;");
			break;
		case '>':
			hx_buf_adds(&out, "&gt;");
			break;
		case '"':
			hx_buf_adds(&out, "&quot;");
			break;
		default:
			hx_buf_addc(&out, *s);
		}
	}
	return hx_buf_detach(&out, NULL);
}

Test(html_input, escape_backslashes_inline_markup_characters)
{
	assert_escapes("a\\b", "a\\\\b");
	assert_escapes("`code`", "\\`code\\`");
	assert_escapes("*x* and [y]", "\\*x\\* and \\[y\\]");
	assert_escapes("<script>", "\\<script>");
	assert_escapes("a | b", "a \\| b");
	assert_escapes("~~gone~~", "\\~\\~gone\\~\\~");
	assert_escapes("plain text, 3.5 (ok): yes? 50% \"q\"",
		       "plain text, 3.5 (ok): yes? 50% \"q\"");
}

Test(html_input, escape_leaves_underscores_inside_words_alone)
{
	assert_escapes("snake_case_name", "snake_case_name");
	assert_escapes("_x_ and x_ and _", "\\_x\\_ and x\\_ and \\_");
	assert_escapes("a__b", "a\\_\\_b");
}

Test(html_input, escape_guards_ampersands_only_before_entity_names)
{
	assert_escapes("AT&T and R&D", "AT&T and R&D");
	assert_escapes("&amp; &copy; &#169; &#xA9;", "\\&amp; \\&copy; \\&#169; \\&#xA9;");
	assert_escapes("a & b &; &#;", "a & b &; &#;");
}

Test(html_input, escape_guards_the_end_of_a_piece_that_may_be_continued)
{
	struct hx_buf out = HX_BUF_INIT(HX_BUF_DEFAULT_MAX);

	cr_assert_eq(hx_html_escape(&out, "Wow!", 4, HX_HTML_ESC_OPEN_END), HX_OK);
	cr_assert_eq(hx_html_escape(&out, " A&", 3, HX_HTML_ESC_OPEN_END), HX_OK);
	cr_assert_eq(hx_html_escape(&out, " Wow! x", 7, 0), HX_OK);
	cr_assert_str_eq(out.data, "Wow\\! A\\& Wow! x");
	hx_buf_reset(&out);
	cr_assert_eq(hx_html_escape(&out, "## x #", 6, HX_HTML_ESC_HEADING), HX_OK);
	cr_assert_eq(hx_html_escape(&out, ":a:", 3, HX_HTML_ESC_AFTER_NOTE), HX_OK);
	cr_assert_str_eq(out.data, "\\#\\# x \\#\\:a:");
	hx_buf_release(&out);
}

Test(html_input, escape_drops_control_characters_and_repairs_bad_utf8)
{
	assert_escapes("a\x01"
		       "b\x7f"
		       "c\xff"
		       "d",
		       "abc\xef\xbf\xbd"
		       "d");
}

Test(html_input, escape_line_start_guards_every_block_opener)
{
	assert_escapes("1. The General Assembly", "1\\. The General Assembly");
	assert_escapes("46) Decides", "46\\) Decides");
	assert_escapes("2024.", "2024\\.");
	assert_escapes("# bar", "\\# bar");
	assert_escapes("###### six", "\\###### six");
	assert_escapes("#", "\\#");
	assert_escapes("> quoted", "\\> quoted");
	assert_escapes("- item", "\\- item");
	assert_escapes("+ item", "\\+ item");
	assert_escapes("+", "\\+");
	assert_escapes("---", "\\---");
	assert_escapes("-- -", "\\-- -");
	assert_escapes("===", "\\===");
	assert_escapes("***", "\\*\\*\\*");
	assert_escapes("___", "\\_\\_\\_");
	assert_escapes("```c", "\\`\\`\\`c");
	assert_escapes("~~~", "\\~\\~\\~");
	assert_escapes("    four spaces are trimmed by the caller",
		       "    four spaces are trimmed by the caller");
}

Test(html_input, escape_line_start_leaves_harmless_starts_alone)
{
	assert_escapes("-5 degrees", "-5 degrees");
	assert_escapes("#hashtag", "#hashtag");
	assert_escapes("####### seven", "####### seven");
	assert_escapes("1.5 million", "1.5 million");
	assert_escapes("1234567890. ten digits", "1234567890. ten digits");
	assert_escapes("= equal", "= equal");
	assert_escapes("(a) first", "(a) first");
	assert_escapes("A. Introduction", "A. Introduction");
}

Test(html_input, escaped_text_reads_back_as_the_same_text_in_cmark)
{
	static const char *const texts[] = {
		"1. The General Assembly, recalling",
		"46. Decides to remain seized",
		"# not a heading",
		"<script>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		"<!-- comment --> <?php ?> <![CDATA[x]]>",
		"*not emphasis* _nor this_ **nor** __this__",
		"[link](javascript:alert(1)) ![img](x.png) [ref]: /url",
		"<https://example.org> and <mailto:a@b.c>",
		"`code` ``code`` ~~strike~~ ~sub~",
		"| a | b |",
		"- [ ] task",
		"[^1]: not a footnote",
		"&amp; &lt; &#65; &#x41; AT&T",
		"a\\b \\* \\\\",
		"2 * 3 = 6 and 2*3*4, snake_case_x",
		"> quote",
		"= sign",
		"Hello! [x]",
		"100 % ; : ? ! « guillemets » — dash",
		"中文，标点。「引号」",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char *md = escape(texts[i]), *html = render(md), *want = html_text(texts[i]);
		char *expected = hx_xmalloc(strlen(want) + 16);

		snprintf(expected, strlen(want) + 16, "<p>%s</p>\n", want);
		cr_assert_str_eq(html, expected, "'%s' escaped as '%s'", texts[i], md);
		free(md);
		free(html);
		free(want);
		free(expected);
	}
}

static void assert_dest(const char *href, bool allowed, const char *expected)
{
	struct hx_buf dest = HX_BUF_INIT(HX_BUF_DEFAULT_MAX);
	bool ok;

	cr_assert_eq(hx_html_link_dest(&dest, href, &ok), HX_OK);
	cr_assert_eq(ok, allowed, "for %s", href);
	if (allowed)
		cr_assert_str_eq(hx_buf_str(&dest), expected, "for %s", href);
	hx_buf_release(&dest);
}

Test(html_input, link_dest_keeps_only_http_https_mailto_and_relative_urls)
{
	assert_dest("https://undocs.org/en/A/79/968", true, "https://undocs.org/en/A/79/968");
	assert_dest("HTTP://UN.ORG", true, "HTTP://UN.ORG");
	assert_dest("mailto:info@un.org", true, "mailto:info@un.org");
	assert_dest("../docs/a.html#p3", true, "../docs/a.html#p3");
	assert_dest("#section-2", true, "#section-2");
	assert_dest("//www.un.org/", true, "//www.un.org/");
	assert_dest("javascript:alert(1)", false, NULL);
	assert_dest("JaVaScRiPt:alert(1)", false, NULL);
	assert_dest("  \x01javascript:alert(1)", false, NULL);
	assert_dest("java\tscr\nipt:alert(1)", false, NULL);
	assert_dest("vbscript:msgbox", false, NULL);
	assert_dest("data:text/html;base64,PHNjcmlwdD4=", false, NULL);
	assert_dest("file:///etc/passwd", false, NULL);
	assert_dest("ftp://example.org/", false, NULL);
	assert_dest("", false, NULL);
}

Test(html_input, link_dest_escapes_what_would_end_or_break_the_destination)
{
	assert_dest("https://x.org/a b(c)<d>", true, "https://x.org/a%20b\\(c\\)%3Cd%3E");
	assert_dest("/q?a=1&copy;=2&b=3", true, "/q?a=1\\&copy;=2&b=3");
	assert_dest("/a\\b|c`d", true, "/a\\\\b\\|c%60d");
	assert_dest("/文件", true, "/文件");
}

Test(html_input, code_span_fence_is_longer_than_any_backtick_run)
{
	struct hx_buf out = HX_BUF_INIT(HX_BUF_DEFAULT_MAX);
	char ticks[80];

	cr_assert_eq(hx_html_code_span(&out, "a ``b`` c", 9, false), HX_OK);
	cr_assert_str_eq(out.data, "```a ``b`` c```");
	hx_buf_reset(&out);
	cr_assert_eq(hx_html_code_span(&out, "`x|y`", 5, true), HX_OK);
	cr_assert_str_eq(out.data, "`` `x\\|y` ``");
	hx_buf_reset(&out);
	memset(ticks, '`', 80);
	cr_assert_eq(hx_html_code_span(&out, ticks, 80, false), HX_OK);
	cr_assert_eq(out.len, 160, "cmark would not close an 81-backtick fence: escaped text");
	hx_buf_reset(&out);
	cr_assert_eq(hx_html_code_span(&out, "`x|y`", 5, true), HX_OK);
	hx_buf_adds(&out, " |\n| --- |\n");
	assert_renders(out.data, "<table>\n<thead>\n<tr>\n<th><code>`x|y`</code></th>\n</tr>\n"
				 "</thead>\n</table>\n");
	hx_buf_release(&out);
}

Test(html_input, converts_headings_to_atx_headings)
{
	assert_converts("<h1>Title</h1><h2>Sub <em>title</em></h2><h6>Six</h6>",
			"# Title\n\n## Sub *title*\n\n###### Six\n");
	assert_converts("<h3>Issue #5 ##</h3><h2>  </h2><h4>a<br>b</h4>",
			"### Issue \\#5 \\#\\#\n\n#### a b\n");
}

Test(html_input, separates_blocks_by_one_blank_line_and_ends_with_one_newline)
{
	assert_converts(
		"<p>one</p>\n\n\n<p>  two\n  lines  </p><div>three<div>four</div>five</div>",
		"one\n\ntwo lines\n\nthree\n\nfour\n\nfive\n");
}

Test(html_input, converts_nested_lists_and_keeps_the_ordered_start)
{
	assert_converts("<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><li>d</li></ul>",
			"- a\n  - b\n    1. c\n- d\n");
	assert_converts("<ol start=\"7\"><li>seven</li><li>eight<p>more</p></li></ol>",
			"7. seven\n8. eight\n\n   more\n");
	assert_converts("<ol><li>x<ol start=3><li>y</li></ol></li></ol>", "1. x\n\n   3. y\n");
	assert_converts("<ul><li>a</li><ul><li>nested without li</li></ul></ul>",
			"- a\n  - nested without li\n");
	assert_converts("<ul><li></li><li>b</li></ul>", "-\n- b\n");
}

Test(html_input, never_lets_an_empty_item_underline_a_paragraph)
{
	char *md = convert("<ul><li>a<ul><li></li><li>b</li></ul></li></ul><dir><li/>y<li></dir>");
	char *html = render(md);

	cr_assert_str_eq(md, "- a\n\n  -\n  - b\n\n+ y\n+\n");
	cr_assert(!strstr(html, "<h2>"), "%s", html);
	free(md);
	free(html);
}

Test(html_input, gives_adjacent_lists_different_markers)
{
	assert_converts(
		"<ul><li>a</li></ul><ul><li>b</li></ul><ol><li>c</li></ol><ol><li>d</li></ol>",
		"- a\n\n+ b\n\n1. c\n\n1) d\n");
}

Test(html_input, converts_blockquotes_including_nested_ones)
{
	assert_converts(
		"<blockquote><p>a</p><blockquote>b</blockquote><ul><li>c</li></ul></blockquote>",
		"> a\n>\n> > b\n>\n> - c\n");
}

Test(html_input, converts_pre_to_fenced_code_and_code_to_code_spans)
{
	assert_converts("<pre>\nint x;\n  if (a < b) ```\n\n</pre>",
			"````\nint x;\n  if (a < b) ```\n````\n");
	assert_converts("<pre><code class=\"language-python\">print(1)</code></pre>",
			"```python\nprint(1)\n```\n");
	assert_converts("<p>Call <code>f(*x)</code> or <kbd>Ctrl</kbd> <code>  a\n b </code></p>",
			"Call `f(*x)` or `Ctrl` `a b`\n");
	assert_converts("<pre>   </pre><p>x</p>", "x\n");
}

Test(html_input, converts_br_to_hard_breaks_and_hr_to_thematic_breaks)
{
	assert_converts("<p>line one<br>line two<br></p><hr><p><br>x</p>",
			"line one\\\nline two\n\n***\n\nx\n");
	assert_converts("<p>para one<br><br>para two</p>", "para one\n\npara two\n");
	assert_converts("<p>a<br>1. b<br># c<br>- d</p>", "a\\\n1\\. b\\\n\\# c\\\n\\- d\n");
}

Test(html_input, keeps_links_only_for_safe_schemes)
{
	assert_converts("<p><a href=\"https://un.org\">UN</a> <a href=\"/a\">rel</a> "
			"<a href=\"#p2\">frag</a> <a href=\"mailto:x@un.org\">mail</a></p>",
			"[UN](https://un.org) [rel](/a) [frag](#p2) [mail](mailto:x@un.org)\n");
	assert_converts(
		"<p><a href=\"javascript:alert(1)\">js</a> <a href=\"data:text/html,x\">data</a> "
		"<a href=\"vbscript:x\">vb</a> <a href=\"ftp://x\">ftp</a> <a "
		"name=\"top\">anchor</a></p>",
		"js data vb ftp anchor\n");
	assert_converts("<p>Hello!<a href=\"/x\">there</a> <a href=\"/y\"> spaced </a>.</p>",
			"Hello\\![there](/x) [spaced](/y) .\n");
	assert_converts("<p><a href=\"/x\"></a><a href=\"/y\"><img src=a.png></a>x</p>", "x\n");
}

Test(html_input, replaces_images_with_their_alt_text)
{
	assert_converts(
		"<p><img src=\"logo.png\" alt=\"United  Nations\"> logo <img src=x.png></p>",
		"United Nations logo\n");
	assert_converts("<p><a href=\"/home\"><img src=h.png alt=\"Home\"></a></p>",
			"[Home](/home)\n");
}

Test(html_input, converts_emphasis_with_delimiters_hugging_the_text)
{
	assert_converts("<p><em>a</em>, <i>b</i> <strong>c</strong> <b>d</b></p>",
			"*a*, *b* **c d**\n");
	assert_converts("<p>x<em> spaced </em>y</p>", "x *spaced* y\n");
	assert_converts("<p><b><i>both</i></b> <i>a <b>b</b> c</i></p>",
			"***both*** *a **b** c*\n");
	assert_converts("<p>un<em>believ</em>able</p>", "un*believ*able\n");
}

Test(html_input, drops_emphasis_that_cmark_could_not_read)
{
	assert_converts("<p>x<em></em>y <b> </b>z</p>", "xy z\n");
	assert_converts("<p><em>a</em><em>b</em> <b>c</b><b>d</b></p>", "*ab* **cd**\n");
	assert_converts("<p><em><em>nested</em></em></p>", "*nested*\n");
	/* an opening * between a letter and punctuation, or a closing one the other way round */
	assert_converts("<p>foo<em>(bar)</em> <em>baz.</em>qux</p>", "foo(bar) baz.qux\n");
}

Test(html_input, carries_emphasis_and_links_across_block_boundaries)
{
	assert_converts("<em>one<p>two</p>three</em>", "*one*\n\n*two*\n\n*three*\n");
	assert_converts("<a href=\"/x\"><h2>Title</h2></a>", "## [Title](/x)\n");
}

Test(html_input, converts_tables_to_gfm_pipe_tables)
{
	assert_converts("<table><thead><tr><th>A</th><th>B</th></tr></thead>"
			"<tbody><tr><td>1</td><td><b>2</b></td></tr></tbody></table>",
			"| A | B |\n| --- | --- |\n| 1 | **2** |\n");
	assert_converts(
		"<table><tr><td>no</td><td>header</td></tr><tr><td>x</td><td>y</td></tr></table>",
		"| no | header |\n| --- | --- |\n| x | y |\n");
}

Test(html_input, escapes_pipes_and_flattens_line_breaks_in_cells)
{
	char *md = convert(
		"<table><tr><th>a|b</th><th>c</th></tr>"
		"<tr><td>line\none<br>two<p>three</p></td><td><code>x|y</code></td></tr></table>");
	char *html = render(md);

	cr_assert_str_eq(md, "| a\\|b | c |\n| --- | --- |\n| line one two three | `x\\|y` |\n");
	cr_assert(strstr(html, "<th>a|b</th>") && strstr(html, "<td><code>x|y</code></td>"), "%s",
		  html);
	free(md);
	free(html);
}

Test(html_input, pads_colspan_and_rowspan_with_empty_cells)
{
	assert_converts("<table><tr><th colspan=2>wide</th><th>c</th></tr>"
			"<tr><td rowspan=2>tall</td><td>b</td><td>c</td></tr>"
			"<tr><td>b2</td><td>c2</td></tr><tr><td>short</td></tr></table>",
			"| wide |  | c |\n| --- | --- | --- |\n| tall | b | c |\n|  | b2 | c2 |\n"
			"| short |  |  |\n");
}

Test(html_input, treats_layout_tables_as_plain_blocks)
{
	assert_converts("<table><tr><td><p>one</p></td></tr><tr><td>two</td></tr></table>",
			"one\n\ntwo\n");
	assert_converts("<table><tr><td><h1>Page</h1></td><td>side</td></tr></table>",
			"# Page\n\nside\n");
}

Test(html_input, converts_footnote_references_and_definitions)
{
	const char *html =
		"<p>Text<sup id=\"fnref1\"><a href=\"#fn1\">1</a></sup> and more"
		"<a href=\"#fn2\" class=\"footnote-ref\" id=\"fnref2\"><sup>2</sup></a>.</p>"
		"<p>Again<sup><a href=\"#fn1\">1</a></sup>.</p>"
		"<section class=\"footnotes\"><hr><ol>"
		"<li id=\"fn1\"><p>First <em>note</em>. <a href=\"#fnref1\">↩</a></p></li>"
		"<li id=\"fn2\"><p>Second note.</p><p>Its second paragraph. "
		"<a href=\"#fnref2\" class=\"footnote-back\">↩︎</a></p></li>"
		"</ol></section>";
	char *md = convert(html), *out = render(md);

	cr_assert_str_eq(md, "Text[^1] and more[^2].\n\nAgain[^1].\n\n"
			     "[^1]: First *note*.\n\n"
			     "[^2]: Second note.\n\n    Its second paragraph.\n");
	cr_assert(strstr(out, "data-footnote-ref") && strstr(out, "Its second paragraph"), "%s",
		  out);
	free(md);
	free(out);
}

Test(html_input, converts_word_footnotes)
{
	assert_converts(
		"<p class=MsoNormal>Text<a href=\"#_ftn1\" name=\"_ftnref1\" title=\"\">"
		"<span class=MsoFootnoteReference><![if "
		"!supportFootnotes]>[1]<![endif]></span></a>."
		"</p><div style='mso-element:footnote-list'><br clear=all><hr align=left "
		"width=\"33%\">"
		"<div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText>"
		"<a href=\"#_ftnref1\" name=\"_ftn1\" title=\"\">[1]</a> The note.</p></div></div>",
		"Text[^1].\n\n[^1]: The note.\n");
}

Test(html_input, keeps_other_fragment_links_and_a_colon_after_a_reference)
{
	assert_converts(
		"<p>See <a href=\"#annex\">annex</a> and <a href=\"#missing\"><sup>3</sup></a>.</p>"
		"<h2 id=\"annex\">Annex</h2>",
		"See [annex](#annex) and [3](#missing).\n\n## Annex\n");
	assert_converts("<p><sup><a href=\"#n\">*</a></sup>: starred</p><p id=\"n\">Star note</p>",
			"[^*]\\: starred\n\n[^*]: Star note\n");
}

Test(html_input, drops_scripts_styles_and_embedded_content)
{
	assert_converts(
		"<head><title>T</title><style>p{}</style><script>var x=1;</script></head>"
		"<body><script>document.write('x')</script><p>kept</p><noscript>no js</noscript>"
		"<template><p>tpl</p></template><iframe src=x>frame</iframe><object>obj</object>"
		"<embed src=x><svg><text>vector</text></svg><math><mi>x</mi></math>"
		"<style>.a{}</style></body>",
		"kept\n");
}

Test(html_input, drops_form_controls_and_keeps_the_form_text)
{
	assert_converts(
		"<form>Name: <input value=\"secret\"> <select><option>One</option></select> "
		"<textarea>typed</textarea> <button>Send</button> done</form>",
		"Name: done\n");
}

/* Whether every tag in html is one cmark writes, without event handlers or script URLs. */
static bool tags_are_safe(const char *html)
{
	static const char *const tags[] = {"p",     "em",      "strong", "a",  "code", "pre",
					   "h1",    "h2",      "h3",     "h4", "h5",   "h6",
					   "ul",    "ol",      "li",     "hr", "br",   "table",
					   "thead", "tbody",   "tr",     "th", "td",   "blockquote",
					   "sup",   "section", "del",    NULL};
	const char *p = html, *end;

	while ((p = strchr(p, '<'))) {
		size_t n;
		bool known = false;

		p += p[1] == '/' ? 2 : 1;
		n = strcspn(p, " />");
		for (const char *const *t = tags; *t; t++)
			known = known || (strlen(*t) == n && !strncmp(p, *t, n));
		end = strchr(p, '>');
		if (!known || !end)
			return false;
		for (const char *a = p; a < end; a++)
			if ((a[0] == ' ' && (a[1] | 0x20) == 'o' && (a[2] | 0x20) == 'n') ||
			    !strncasecmp(a, "javascript:", 11))
				return false;
		p = end;
	}
	return true;
}

Test(html_input, never_lets_raw_html_or_event_handlers_through)
{
	static const char *const hostile[] = {
		"<p onclick=\"alert(1)\" onmouseover=\"x()\">click</p>",
		"<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
		"<p>&lt;img src=x onerror=alert(1)&gt;</p>",
		"<a href=\"javascript:alert(1)\">x</a><a href=\" JAVASCRIPT:alert(1)\">y</a>",
		"<a href=\"java&#x09;script:alert(1)\">tab</a>",
		"<a href=\"&#106;avascript:alert(1)\">entity</a>",
		"<p>[x](javascript:alert(1)) &lt;javascript:alert(1)&gt;</p>",
		"<pre>&lt;/code&gt;&lt;script&gt;alert(1)&lt;/script&gt;</pre>",
		"<table><tr><td>&lt;script&gt;</td><td onclick=x>b</td></tr></table>",
		"<p><code>&lt;script&gt;</code></p>",
		"<div><script>alert(1)</script><style>*{}</style>text</div>",
	};

	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		char *md = convert(hostile[i]), *html = render(md);

		cr_assert(tags_are_safe(html) && !strstr(html, "raw HTML omitted"), "%s -> %s", md,
			  html);
		cr_assert(!strstr(md, "onclick") && !strstr(md, "onmouseover"), "%s", md);
		free(md);
		free(html);
	}
}

Test(html_input, keeps_paragraph_numbers_and_markup_lookalikes_as_text)
{
	char *md = convert("<p>1. The General Assembly</p><p>46. Decides</p><p># bar</p>"
			   "<p>&lt;script&gt;</p><p>* star</p><p>&gt; q</p><p>[a](b)</p>");
	char *html = render(md);

	cr_assert_str_eq(md,
			 "1\\. The General Assembly\n\n46\\. Decides\n\n\\# bar\n\n\\<script>\n\n"
			 "\\* star\n\n\\> q\n\n\\[a\\](b)\n");
	cr_assert_str_eq(html,
			 "<p>1. The General Assembly</p>\n<p>46. Decides</p>\n<p># bar</p>\n"
			 "<p>&lt;script&gt;</p>\n<p>* star</p>\n<p>&gt; q</p>\n<p>[a](b)</p>\n");
	free(md);
	free(html);
}

Test(html_input, collapses_whitespace_and_keeps_non_breaking_spaces)
{
	assert_converts("<p>\n  a \t b\n\n c  <span> d </span> e</p>", "a b c d e\n");
	assert_converts("<p>79/321.&nbsp;Title&nbsp;&nbsp;x</p>",
			"79/321.\xc2\xa0Title\xc2\xa0\xc2\xa0x\n");
}

Test(html_input, joins_han_lines_without_a_space)
{
	assert_converts("<p>大会重申其\n决议，\n并重申\n  原则。</p>",
			"大会重申其决议，并重申原则。\n");
	assert_converts("<p>中文<em>\n强调</em>\n文字</p>", "中文*强调*文字\n");
	/* Latin next to Han, and spaces written as spaces, stay */
	assert_converts("<p>联合国\nUnited Nations\n中 文</p>", "联合国 United Nations 中 文\n");
}

Test(html_input, fills_title_and_lang_from_the_page)
{
	struct hx_html_info info;
	struct hx_diag diag = {0};
	const char *html =
		"<html lang=\"zh-CN\"><head><title>\n  联合国\n文件 A/79/1 </title></head>"
		"<body><h1>Other</h1></body></html>";
	char *md = convert_info(html, strlen(html), &info, &diag);

	cr_assert_str_eq(info.title, "联合国文件 A/79/1");
	cr_assert_str_eq(info.lang, "zh-CN");
	cr_assert_str_eq(md, "# Other\n");
	hx_html_info_release(&info);
	cr_assert_null(info.title);
	free(md);
}

Test(html_input, takes_the_title_from_the_first_h1_without_a_title_element)
{
	struct hx_html_info info;
	struct hx_diag diag = {0};
	const char *html =
		"<html lang=\"fr onclick\"><p>x</p><h1>Premier <i>titre</i></h1><h1>Second</h1>";
	char *md = convert_info(html, strlen(html), &info, &diag);

	cr_assert_str_eq(info.title, "Premier titre");
	cr_assert_null(info.lang);
	hx_html_info_release(&info);
	free(md);
}

Test(html_input, ignores_the_declared_charset)
{
	assert_converts("<meta charset=\"iso-8859-1\"><meta http-equiv=\"Content-Type\" "
			"content=\"text/html; charset=windows-1251\"><p>é Ж 中</p>",
			"é Ж 中\n");
}

Test(html_input, gives_empty_output_for_documents_without_text)
{
	assert_converts("", "");
	assert_converts("   \n", "");
	assert_converts("<html><head><title>Only a title</title></head><body> <p> </p>"
			"<script>x()</script><img src=a.png></body></html>",
			"");
}

Test(html_input, recovers_from_malformed_html)
{
	assert_converts("<p>unclosed <b>bold <i>both</p><p>next</b> para</i></div></span>end",
			"unclosed **bold *both***\n\nnext paraend\n");
	assert_converts("<<p>>a</p><p <b>b</p><!-- unclosed comment", "\\>a\n\nb\n");
}

static void *convert_deep(void *html)
{
	struct hx_html_info info;
	struct hx_diag diag = {0};
	char *md = convert_info(html, strlen(html), &info, &diag);

	cr_assert_geq(diag.nwarnings, 1, "a warning says the structure was flattened");
	hx_html_info_release(&info);
	hx_diag_release(&diag);
	return md;
}

/* Runs convert_deep on a thread with a small stack: recursion 100000 deep would overflow it. */
static char *convert_on_small_stack(const char *open, const char *close, size_t depth)
{
	size_t lo = strlen(open), lc = strlen(close);
	char *html = hx_xmalloc(depth * (lo + lc) + 64), *p = html, *md;
	pthread_attr_t attr;
	pthread_t thread;
	struct timespec deadline;
	void *ret;

	p += snprintf(p, 16, "<p>start</p>");
	for (size_t i = 0; i < depth; i++, p += lo)
		memcpy(p, open, lo);
	p += snprintf(p, 8, "deep");
	for (size_t i = 0; i < depth; i++, p += lc)
		memcpy(p, close, lc);
	snprintf(p, 16, "<p>end</p>");
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 1 << 20);
	cr_assert_eq(pthread_create(&thread, &attr, convert_deep, html), 0);
	/* a time limit of our own: Criterion's .timeout leaks when two such tests overlap */
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 60;
	cr_assert_eq(pthread_timedjoin_np(thread, &ret, &deadline), 0, "took over 60 s");
	pthread_attr_destroy(&attr);
	free(html);
	md = ret;
	return md;
}

Test(html_input, survives_100000_nested_divs_and_lists)
{
	char *md = convert_on_small_stack("<div>", "</div>", 100000);

	cr_assert_str_eq(md, "start\n\ndeep\n\nend\n");
	free(md);
	md = convert_on_small_stack("<ul><li>", "</li></ul>", 100000);
	cr_assert(!strncmp(md, "start\n\n- - ", 11), "%.40s", md);
	cr_assert(strstr(md, "\n\ndeep\n\nend\n"), "%s", md + strlen(md) - 30);
	free(md);
	md = convert_on_small_stack("<blockquote>", "</blockquote>", 100000);
	cr_assert(strstr(md, "deep") && strstr(md, "\n\nend\n"));
	free(md);
}

Test(html_input, keeps_text_after_300_unclosed_inline_elements)
{
	struct hx_buf html = HX_BUF_INIT(HX_BUF_DEFAULT_MAX);
	char *md;

	hx_buf_adds(&html, "<p>a</p>");
	for (int i = 0; i < 300; i++)
		hx_buf_adds(&html, "<font size=\"2\">");
	hx_buf_adds(&html, "x<script>var s = '<p>hidden</p>';</script>y<p>last</p>");
	md = convert_deep(html.data);
	cr_assert_str_eq(md, "a\n\nxy\n\nlast\n");
	free(md);
	hx_buf_release(&html);
}

Test(html_input, reports_the_limit_and_leaves_out_unchanged)
{
	struct hx_buf out = HX_BUF_INIT(40);
	struct hx_html_info info = {0};
	struct hx_diag diag = {0};
	const char *html = "<title>T</title><p>a paragraph that is much longer than the cap</p>";

	hx_buf_adds(&out, "before|");
	cr_assert_eq(hx_html_to_markdown("big.html", html, strlen(html), &out, &info, &diag),
		     HX_E_LIMIT);
	cr_assert_str_eq(out.data, "before|");
	cr_assert(strstr(diag.msg, "'big.html'"), "%s", diag.msg);
	cr_assert_null(info.title);
	hx_buf_release(&out);
	hx_diag_release(&diag);
}

Test(html_input, is_deterministic)
{
	const char *html =
		"<p>a<sup><a href=\"#f\">1</a></sup></p><table><tr><td>x</td><td>y</td></tr>"
		"</table><ol id=f><li>n</li></ol>";
	char *a = convert(html), *b = convert(html);

	cr_assert_str_eq(a, b);
	free(a);
	free(b);
}

static char *read_fixture(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct hx_buf b = HX_BUF_INIT(HX_BUF_DEFAULT_MAX);
	char chunk[4096];
	size_t n;

	cr_assert_not_null(f, "cannot open %s (run from the repository root)", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		hx_buf_add(&b, chunk, n);
	fclose(f);
	return hx_buf_detach(&b, len);
}

Test(html_input, converts_a_un_resolution_page)
{
	struct hx_html_info info;
	struct hx_diag diag = {0};
	size_t len;
	char *html = read_fixture("tests/fixtures/html/un-resolution.html", &len);
	char *md = convert_info(html, len, &info, &diag), *out = render(md);
	const char *notes;

	cr_assert_str_eq(
		info.title,
		"A/RES/79/321 - Strengthening the coordination of humanitarian assistance");
	cr_assert_str_eq(info.lang, "en");
	/* headings, and the paragraph numbers kept as text, not as a renumbered list */
	cr_assert(strstr(md, "\n# Resolution adopted by the General Assembly on 10 July 2025\n"));
	cr_assert(strstr(md, "\n1\\. **Welcomes** the report of the Secretary-General;[^2]\n"));
	cr_assert(strstr(md, "\n46\\. **Decides** to include"));
	cr_assert(strstr(out, "<p>46. <strong>Decides</strong>"));
	notes = strstr(out, "<section class=\"footnotes\"");
	cr_assert(notes && !memmem(out, (size_t)(notes - out), "<ol", 3),
		  "no list before the notes");
	cr_assert(strstr(
		out, "<p># Not a heading, and 3 * 4 = 12 &lt;not a tag&gt; [not a link](x)</p>"));
	/* links: safe ones kept, the javascript: one reduced to its text, handlers gone */
	cr_assert(strstr(md, "[report of the Secretary-General](https://undocs.org/en/A/79/78)"));
	cr_assert(strstr(md, "the interactive map and [OCHA](mailto:ocha@un.org)."));
	cr_assert(!strstr(md, "javascript") && !strstr(md, "onclick") && !strstr(md, "track"));
	/* the table, with its caption before it and the pipe in a cell escaped */
	cr_assert(strstr(
		md, "Table 1. Funding by region (millions of United States dollars)\n\n"
		    "| Region | 2024 | 2025 |\n| --- | --- | --- |\n| Africa | 1 234 | 1 456 |\n"
		    "| Asia and the Pacific | 987 | 1 002 |\n"
		    "| Latin America \\| Caribbean | not available |  |\n"));
	/* Chinese wrapped across lines joins without spaces */
	cr_assert(strstr(
		md, "\n大会重申其关于加强联合国紧急人道主义援助协调的第46/182号决议，并重申该决议"
		    "附件所载的指导原则，以及大会关于这一问题的所有后续决议。\n"));
	/* footnotes at the end, without back-links; the footnote list itself is gone */
	cr_assert(strstr(md, "1991[^1] and all its subsequent resolutions"));
	cr_assert(strstr(md,
			 "\n\n[^1]: See *Official Records of the General Assembly, Forty-sixth "
			 "Session, Supplement No. 49* (A/46/49).\n\n[^2]: A/79/78–E/2025/53.\n"));
	cr_assert(!strstr(md, "↩") && !strstr(md, "\n1. See"));
	/* scripts, styles, noscript and form controls are gone */
	cr_assert(!strstr(md, "injected") && !strstr(md, "font-family") &&
		  !strstr(md, "enable JavaScript"));
	cr_assert(!strstr(md, "not content") && !strstr(md, "Search") && !strstr(md, "search"));
	cr_assert(!strstr(out, "<script") && !strstr(out, "<style"));
	/* every block is separated by exactly one blank line; one final newline */
	cr_assert(!strstr(md, "\n\n\n") && md[strlen(md) - 1] == '\n' &&
		  md[strlen(md) - 2] != '\n');
	hx_html_info_release(&info);
	hx_diag_release(&diag);
	free(html);
	free(md);
	free(out);
}
