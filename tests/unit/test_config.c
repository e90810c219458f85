/* Unit tests for hexaglot.conf: sections, engines, pairs, errors with file:line, API keys. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

static char path[] = "/tmp/hx-conf-XXXXXX";

static void write_conf(const char *text)
{
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void cleanup(void)
{
	unlink(path);
}

TestSuite(config, .fini = cleanup);

Test(config, reads_engines_pairs_and_languages)
{
	struct hx_config cfg;
	struct hx_diag diag = {0};
	const struct hx_engine_config *e;

	write_conf("# hexaglot\n[run]\nlanguages = es, fr ; the targets\n\n"
		   "[engine libre]\ntype = libretranslate\nendpoint = http://127.0.0.1:5000\n"
		   "concurrency = 2\ntimeout = 10\nrate = 2.5\nkey_env = LT_KEY\n\n"
		   "[engine apertium]\nendpoint = http://127.0.0.1:2737\npivot = es\n\n"
		   "[pairs]\ndefault = apertium\n*-ar = libre\nen-zh = libre\n");
	hx_config_init(&cfg);
	cr_assert_eq(hx_config_load(&cfg, path, &diag), HX_OK, "%s", hx_diag_message(&diag));
	cr_expect_eq(cfg.targets, (1u << HX_LANG_ES) | (1u << HX_LANG_FR));
	e = hx_config_engine_for(&cfg, HX_LANG_FR, HX_LANG_AR);
	cr_assert_not_null(e);
	cr_expect_str_eq(e->name, "libre");
	cr_expect_str_eq(e->type, "libretranslate");
	cr_expect_eq(e->concurrency, 2);
	cr_expect_eq(e->timeout_ms, 10000);
	cr_expect_float_eq(e->rate, 2.5, 1e-9);
	cr_expect_str_eq(hx_config_engine_for(&cfg, HX_LANG_EN, HX_LANG_ZH)->name, "libre");
	cr_expect_str_eq(hx_config_engine_for(&cfg, HX_LANG_EN, HX_LANG_FR)->name, "apertium");
	cr_expect_eq(hx_config_engine_for(&cfg, HX_LANG_EN, HX_LANG_FR)->pivot, HX_LANG_ES);
	hx_config_release(&cfg);
}

Test(config, names_the_file_and_line_of_an_error)
{
	static const char *const bad[][2] = {
		{"[engine x]\ntype = apertium\nretries = many\n", ":3: invalid value 'many'"},
		{"[run]\nlanguages = es, xx\n", ":2: unknown language 'xx'"},
		{"[pairs]\nen-fr = nowhere\n", ":2: no engine 'nowhere'"},
		{"key = value\n", ":1: 'key' is outside any [section]"},
		{"[engine x]\ncolour = blue\n", ":2: unknown key 'colour' in [engine x]"},
		{"[pairs]\nenglish = apertium\n", ":2: 'english' is not a pair"},
		{"[run\n", ":1: a section is written [name]"},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hx_config cfg;
		struct hx_diag diag = {0};

		write_conf(bad[i][0]);
		hx_config_init(&cfg);
		cr_expect_eq(hx_config_load(&cfg, path, &diag), HX_E_CONFIG, "case %zu", i);
		cr_expect(strstr(diag.msg, path) && strstr(diag.msg, bad[i][1]), "case %zu: %s", i,
			  diag.msg);
		hx_config_release(&cfg);
		unlink(path);
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
	}
}

Test(config, takes_the_api_key_from_the_environment_before_the_file)
{
	struct hx_config cfg;
	struct hx_diag diag = {0};
	struct hx_engine_config *e;
	char *key = NULL;

	write_conf("  file-key-123  \n");
	hx_config_init(&cfg);
	e = hx_config_engine(&cfg, "deepl");
	e->key_file = strdup(path);
	cr_assert_eq(hx_config_api_key(e, &key, &diag), HX_OK);
	cr_expect_str_eq(key, "file-key-123");
	free(key);
	e->key_env = strdup("HX_TEST_KEY");
	setenv("HX_TEST_KEY", "env-key-456", 1);
	cr_assert_eq(hx_config_api_key(e, &key, &diag), HX_OK);
	cr_expect_str_eq(key, "env-key-456");
	free(key);
	free(e->key_file);
	e->key_file = strdup("/nonexistent/key");
	unsetenv("HX_TEST_KEY");
	cr_expect_eq(hx_config_api_key(e, &key, &diag), HX_E_CONFIG);
	cr_expect_null(key);
	hx_config_release(&cfg);
}

Test(config, lets_the_command_line_override_the_default_engine)
{
	struct hx_config cfg;
	struct hx_diag diag = {0};
	struct hx_engine_override o = {"deepl", NULL, "/k", "fr", 5, 2, 1};
	const struct hx_engine_config *e;

	hx_config_init(&cfg);
	cr_assert_eq(hx_config_override(&cfg, &o, &diag), HX_OK);
	e = hx_config_engine_for(&cfg, HX_LANG_EN, HX_LANG_ES);
	cr_expect_str_eq(e->type, "deepl");
	cr_expect_str_eq(e->endpoint, "https://api-free.deepl.com");
	cr_expect_str_eq(e->key_file, "/k");
	cr_expect_eq(e->pivot, HX_LANG_FR);
	cr_expect_eq(e->timeout_ms, 5000);
	cr_expect_eq(e->concurrency, 2);
	cr_expect_eq(e->retries, 1);
	hx_config_release(&cfg);
}

Test(config, parses_language_lists)
{
	uint32_t set;
	struct hx_diag diag = {0};

	cr_expect(hx_config_parse_langs("es,fr", &set, &diag) && set == ((1u << HX_LANG_ES) | (1u << HX_LANG_FR)));
	cr_expect(hx_config_parse_langs("all", &set, &diag) && set == 0x3F);
	cr_expect(hx_config_parse_langs("zh, ch", &set, &diag) && set == (1u << HX_LANG_ZH));
	cr_expect(!hx_config_parse_langs("es,de", &set, &diag));
	cr_expect(strstr(diag.msg, "'de'"), "%s", diag.msg);
}
