# hexaglot: the one build entry point (deps, all, check, demo, bench, install).
#
#   make            build build/hexaglot
#   make deps       install the Debian packages the project needs (idempotent)
#   make check      deps, then every test, then every test again under ASan+UBSan
#   make demo       the batch over docs-in/ into docs-out/ through a local Apertium
#   make bench      measure throughput against named baselines (see BENCHMARKS.md)
#   make install    PREFIX=/usr/local DESTDIR=
#
# DEVELOPER=1 turns warnings into errors; SANITIZE=address,undefined builds
# with sanitizers (into build-san/ unless BUILD is given).

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/hexaglot
DESTDIR ?=

ifdef SANITIZE
BUILD ?= build-san
else
BUILD ?= build
endif

CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS := libcmark-gfm icu-uc icu-i18n libxml-2.0 uchardet jansson libcrypto libcurl hunspell sqlite3
TEST_PKGS := libmicrohttpd

WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	-Wno-missing-field-initializers
OPTIMIZE ?= -O2
HX_CFLAGS := -std=c11 -D_GNU_SOURCE -g $(OPTIMIZE) $(WARNINGS) -Ipipeline \
	-DHX_DATADIR='"$(DATADIR)"' \
	$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
HX_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions
ifeq ($(DEVELOPER),1)
HX_CFLAGS += -Werror
endif
ifdef SANITIZE
HX_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
HX_LDFLAGS += -fsanitize=$(SANITIZE)
endif

# Debian packages: build, libraries, tests, demo and benchmark baselines.
DEB_PACKAGES := build-essential pkg-config \
	libcmark-gfm-dev libcmark-gfm-extensions-dev libicu-dev libxml2-dev libuchardet-dev \
	libjansson-dev libssl-dev libcurl4-openssl-dev libsqlite3-dev libhunspell-dev \
	libmicrohttpd-dev libcriterion-dev \
	hunspell-en-us hunspell-fr hunspell-es hunspell-ru hunspell-ar \
	apertium-apy apertium-eng-spa apertium-fr-es \
	pandoc time bc python3 libxml2-utils
DEB_PACKAGES += weasyprint chromium poppler-utils fonts-noto-core fonts-noto-cjk   # PDFs and their tests (print); chromium also for make browser
DEB_PACKAGES += translate-toolkit python3-enchant   # pofilter: the baseline QA is compared with (tests/cli/t_pofilter.sh)
DEB_PACKAGES += $(if $(shell command -v npm 2>/dev/null),,nodejs npm)   # make browser; Debian's node and npm only where npm is missing (NodeSource's nodejs conflicts with them)

PIPELINE_SRC := $(filter-out pipeline/main.c,$(wildcard pipeline/*.c))
STAGE_SRC := $(wildcard stages/*.c stages/*/*.c)
LIB_SRC := $(PIPELINE_SRC) $(STAGE_SRC)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(BUILD)/obj/pipeline/main.o
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/obj/%.o)
BENCH_SRC := $(wildcard tests/bench/*.c)
FUZZ_TARGETS := $(basename $(notdir $(filter-out tests/fuzz/replay.c,$(wildcard tests/fuzz/*.c))))
FUZZ_SEEDS := $(wildcard tests/golden/*/input.* tests/fixtures/*/* tests/fuzz/corpus/*/*)
FUZZ_SECONDS ?= 60

HEXAGLOT := $(BUILD)/hexaglot
FAKE_MT := $(BUILD)/fake-mt
LIBHX := $(BUILD)/libhexaglot.a
UNIT := $(BUILD)/tests/unit-tests

.PHONY: all deps check test unit golden cli fuzz-replay golden-update demo bench install \
	uninstall clean format fuzz browser

all: $(HEXAGLOT)

# config.c and terms_stage.c have DATADIR compiled in: rebuilt when PREFIX or DATADIR changes
$(BUILD)/datadir.txt: FORCE
	@mkdir -p $(BUILD); echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(BUILD)/obj/pipeline/config.o $(BUILD)/obj/stages/terms/terms_stage.o: $(BUILD)/datadir.txt
FORCE:

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HX_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIBHX): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(HEXAGLOT): $(MAIN_OBJ) $(LIBHX)
	$(CC) $(HX_LDFLAGS) $(LDFLAGS) -o $@ $^ $(HX_LIBS)

TEST_LIBS := $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null) -lcriterion -lpthread

$(UNIT): $(UNIT_OBJ) $(LIBHX)
	@mkdir -p $(dir $@)
	$(CC) $(HX_LDFLAGS) $(LDFLAGS) -o $@ $^ $(HX_LIBS) $(TEST_LIBS)

# The fake MT server the tests start on 127.0.0.1 (tests/support/fake_mt*.c).
$(FAKE_MT): $(wildcard tests/support/fake_mt*.c tests/support/fake_mt*.h)
	@mkdir -p $(dir $@)
	$(CC) $(HX_CFLAGS) $(CFLAGS) $(HX_LDFLAGS) $(LDFLAGS) -o $@ \
		$(filter %.c,$^) $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null) -lpthread \
		$(HX_LIBS)

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)

# Installs only what is missing, so a second run takes a fraction of a second.
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' \
			|| echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "make deps: installing" $$missing; \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		export DEBIAN_FRONTEND=noninteractive; \
		$$sudo apt-get update -q && \
		$$sudo apt-get install -y -q --no-install-recommends $$missing; \
	else echo "make deps: all $(words $(DEB_PACKAGES)) Debian packages present"; fi

# Unit tests (Criterion), golden tests (byte-for-byte), command-line tests, the
# fuzz targets replayed over the seed corpus (any compiler, no libFuzzer needed),
# and the real-browser test. The sanitizer pass of `make check` runs the browser test
# too: the pages it opens are then written by the ASan+UBSan build (about 10 s more).
test: unit golden cli fuzz-replay browser

unit: $(UNIT) $(HEXAGLOT) $(if $(wildcard tests/support/fake_mt*.c),$(FAKE_MT))
	HX_TEST_BIN=$(abspath $(HEXAGLOT)) HX_FAKE_MT=$(abspath $(FAKE_MT)) \
		$(UNIT) --jobs 2 --short-filename

golden: $(HEXAGLOT) $(if $(wildcard tests/support/fake_mt*.c),$(FAKE_MT))
	HX_FAKE_MT=$(abspath $(FAKE_MT)) bash tests/golden/run.sh $(HEXAGLOT)

golden-update: $(HEXAGLOT)
	bash tests/golden/run.sh --update $(HEXAGLOT)

cli: $(HEXAGLOT) $(if $(wildcard tests/support/fake_mt*.c),$(FAKE_MT))
	HX_FAKE_MT=$(abspath $(FAKE_MT)) bash tests/cli/run.sh $(HEXAGLOT)

# The real-browser test: headless Chromium (Debian's) driven by playwright-core (npm, pinned in
# tests/browser/package-lock.json, installed with `npm ci` only when the lock changed) opens the
# parallel and per-language pages of a translated document. Screenshots: $(BUILD)/browser-artifacts/.
BROWSER_LOCK := tests/browser/node_modules/.hexaglot-lock
browser: deps $(HEXAGLOT) $(FAKE_MT)
	@cmp -s tests/browser/package-lock.json $(BROWSER_LOCK) 2>/dev/null || \
		{ cd tests/browser && npm ci --no-audit --no-fund && cp package-lock.json $(BROWSER_LOCK:tests/browser/%=%); }
	rm -rf $(BUILD)/browser-artifacts
	cd tests/browser && HX_BIN=$(abspath $(HEXAGLOT)) HX_FAKE_MT=$(abspath $(FAKE_MT)) \
		HX_BROWSER_ARTIFACTS=$(abspath $(BUILD))/browser-artifacts node --test pages.test.mjs

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c $(LIBHX)
	@mkdir -p $(dir $@)
	$(CC) $(HX_CFLAGS) $(CFLAGS) $(HX_LDFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIBHX) \
		$(HX_LIBS)

fuzz-replay: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)
	@for t in $(FUZZ_TARGETS); do printf '%s: ' $$t; $(BUILD)/fuzz/$$t $(FUZZ_SEEDS) || exit 1; done

# Real fuzzing with clang's libFuzzer: make fuzz FUZZ_SECONDS=600
fuzz:
	@mkdir -p build-fuzz
	@for t in $(FUZZ_TARGETS); do \
		clang -std=c11 -D_GNU_SOURCE -g -O1 -Ipipeline \
			$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) \
			-fsanitize=fuzzer,address,undefined -o build-fuzz/$$t tests/fuzz/$$t.c \
			$(LIB_SRC) $(HX_LIBS) || exit 1; \
		mkdir -p build-fuzz/corpus-$$t; cp $(FUZZ_SEEDS) build-fuzz/corpus-$$t/ 2>/dev/null; \
		build-fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
			build-fuzz/corpus-$$t || exit 1; \
	done

check: deps
	rm -rf build build-san
	$(MAKE) DEVELOPER=1 BUILD=build test
	$(MAKE) DEVELOPER=1 SANITIZE=address,undefined BUILD=build-san OPTIMIZE=-O1 test

demo: deps
	$(MAKE) all
	bash tests/support/demo.sh $(HEXAGLOT) docs-in docs-out

$(BUILD)/bench_convert: $(BENCH_SRC) $(LIBHX)
	$(CC) $(HX_CFLAGS) $(CFLAGS) $(HX_LDFLAGS) $(LDFLAGS) -o $@ $(BENCH_SRC) $(LIBHX) $(HX_LIBS)

$(BUILD)/bench_terms: tests/bench/terms/bench_terms.c $(LIBHX)
	$(CC) $(HX_CFLAGS) $(CFLAGS) $(HX_LDFLAGS) $(LDFLAGS) -o $@ $< $(LIBHX) $(HX_LIBS)

$(BUILD)/bench_tm: tests/bench/tm/bench_tm.c $(LIBHX)
	$(CC) $(HX_CFLAGS) $(CFLAGS) $(HX_LDFLAGS) $(LDFLAGS) -o $@ $< $(LIBHX) $(HX_LIBS)

$(BUILD)/bench_qa: tests/bench/qa/bench_qa.c $(LIBHX)
	$(CC) $(HX_CFLAGS) $(CFLAGS) $(HX_LDFLAGS) $(LDFLAGS) -o $@ $< $(LIBHX) $(HX_LIBS)

bench: $(HEXAGLOT) $(BUILD)/bench_convert $(BUILD)/bench_terms $(BUILD)/bench_tm $(FAKE_MT) \
	$(BUILD)/bench_qa
	bash tests/bench/run.sh $(HEXAGLOT)
	bash tests/bench/run_terms.sh $(BUILD)/bench_terms
	@echo "== translation memory: 100,000 units, 50,000 lookups, one core"
	taskset -c 1 $(BUILD)/bench_tm 100000 50000
	bash tests/bench/run_mt.sh $(HEXAGLOT) $(FAKE_MT)
	bash tests/bench/run_batch.sh $(HEXAGLOT) $(FAKE_MT)
	bash tests/bench/run_qa.sh $(BUILD)/bench_qa
	bash tests/bench/run_pdf.sh $(HEXAGLOT)
	bash tests/bench/run_html.sh $(HEXAGLOT) $(FAKE_MT)

# The glossaries go to DATADIR/glossaries, where hexaglot looks when neither
# --glossaries, hexaglot.conf, $$HEXAGLOT_GLOSSARIES nor ./glossaries name one.
install: $(HEXAGLOT)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(DATADIR)/glossaries/optional
	install -m 0755 $(HEXAGLOT) $(DESTDIR)$(BINDIR)/hexaglot
	install -m 0644 pipeline/hexaglot.1 $(DESTDIR)$(MANDIR)/man1/hexaglot.1
	install -m 0644 glossaries/*.tsv glossaries/README.md glossaries/LICENSE* \
		$(DESTDIR)$(DATADIR)/glossaries/
	install -m 0644 glossaries/optional/*.tsv $(DESTDIR)$(DATADIR)/glossaries/optional/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/hexaglot $(DESTDIR)$(MANDIR)/man1/hexaglot.1
	rm -rf $(DESTDIR)$(DATADIR)

format:
	clang-format -i $(wildcard pipeline/*.[ch] stages/*.[ch] stages/*/*.[ch] tests/unit/*.[ch] \
		tests/fuzz/*.c tests/bench/*.c)

clean:
	rm -rf build build-san build-fuzz
