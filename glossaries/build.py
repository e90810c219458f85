#!/usr/bin/env python3
"""Regenerates hexaglot's derived glossaries from the shared terminology data.

usage: glossaries/build.py DATA_DIR [OUT_DIR]

DATA_DIR is the folder described by its SOURCES.md (country-codes.csv,
unsd-m49/, sdg_goals_targets_indicators_6lang.csv, sdg-translations/LICENSE).
OUT_DIR defaults to the folder of this script. Writes countries.tsv,
regions.tsv, sdg-goals.tsv, optional/sdg-targets-indicators.tsv and
LICENSE-sdg-translations; un-bodies.tsv is curated by hand and left alone.
Python 3 standard library only; the output is deterministic.
"""

import csv
import os
import re
import shutil
import sys
import unicodedata

LANGS = ["ar", "zh", "en", "fr", "ru", "es"]
COLUMNS = ["id", "type"] + LANGS + ["status", "note", "source"]
UNTERM_LANG = {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French",
               "ru": "Russian", "es": "Spanish"}
M49_FILE = {"ar": "ar", "zh": "cn", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}
SRC_CC = "UNTERM country names via datasets/country-codes@caa72d1 (ODC-PDDL-1.0)"
SRC_M49 = "UNSD M49 via datasets/country-codes@caa72d1 (ODC-PDDL-1.0)"
SRC_SDG = "open-sdg/sdg-translations@0cda585 (MIT)"

# Leading articles of formal names, moved behind the name as UNTERM writes short
# names ("the Kingdom of the Netherlands" -> "Kingdom of the Netherlands (the)").
ARTICLES = {"en": ["the"], "fr": ["les", "le", "la", "l'"], "es": ["los", "las", "el", "la"]}

# Gaps in the UNTERM columns (SOURCES.md), filled by hand. The short forms agree
# with the M49 names of the same data; the formal forms are the UNTERM records.
# Only forms known with certainty are written; what is missing stays missing.
FILLED = {
    "CIV": {
        "short": {"ar": "كوت ديفوار", "zh": "科特迪瓦", "en": "Côte d'Ivoire",
                  "fr": "Côte d'Ivoire", "ru": "Кот-д'Ивуар", "es": "Côte d'Ivoire"},
        "formal": {"ar": "جمهورية كوت ديفوار", "zh": "科特迪瓦共和国",
                   "en": "the Republic of Côte d'Ivoire",
                   "fr": "la République de Côte d'Ivoire", "ru": "Республика Кот-д'Ивуар",
                   "es": "la República de Côte d'Ivoire"},
        "note": "UNTERM columns empty in the data (join failure); filled by hand. "
                "M49 English name 'Ivory Coast' is not the UN name and is left out",
    },
    "TUR": {
        "short": {"ar": "تركيا", "zh": "土耳其", "en": "Türkiye", "fr": "Türkiye",
                  "ru": "Турция", "es": "Türkiye"},
        "formal": {"en": "the Republic of Türkiye"},
        "note": "UNTERM columns empty in the data (join failure); short names filled by "
                "hand (they agree with M49), English formal name filled; formal names in "
                "ar zh fr ru es not filled (not known with certainty)",
    },
}

# Known defects of the SDG strings (SOURCES.md, and found while building):
# (type, id, field, lang) -> (wrong, right) replaced, or None to flag only.
SDG_FIXES = {
    ("goal", "17", "title", "ru"): (" Финансирование", ""),
    ("goal", "17", "short", "zh"): ("现实", "实现"),
    ("goal", "1", "title", "zh"): ("贫穷", "贫困"),
    ("goal", "8", "short", "ru"): ("Достойна работа", "Достойная работа"),
    ("indicator", "15.4.2", "title", "ru"): ("де-градировавших", "деградировавших"),
    ("indicator", "13.2.1", "title", "ru"): ("стратеги-ями", "стратегиями"),
    ("goal", "15", "title", "ar"): ("وكافحة", "ومكافحة"),
    ("goal", "8", "short", "fr"): ("Travaux décent", "Travail décent"),
}
# Typos fixed wherever they occur: (lang, wrong, right).
SDG_TYPOS = [("ar", "إالى", "إلى")]
SDG_FLAGS = {
    ("indicator", "3.8.1", "title"): "ru is an older, longer version of the indicator",
    ("indicator", "4.a.1", "title"): "ru is an older, longer version of the indicator",
    ("indicator", "10.4.1", "title"): "ru is an older, longer version of the indicator",
    ("indicator", "15.4.2", "title"): "fr zh ar keep the pre-2020 title",
    ("goal", "7", "title"): "ar repeats الحديثة and lacks 'affordable'",
    ("goal", "9", "short"): "zh 创业 (entrepreneurship) is probably 产业 (industry) in the "
                            "UN icon set; not changed",
}


def clean(s):
    """NFC (the SDG strings are partly decomposed), no soft hyphens, one line."""
    s = unicodedata.normalize("NFC", s).replace("\u00ad", "")
    return re.sub(r"\s+", " ", s).strip()


def cell(variants):
    out = []
    for v in variants:
        v = clean(v)
        if v and v not in out:
            out.append(v)
    for v in out:
        if "|" in v or "\t" in v:
            sys.exit("build.py: a term holds '|' or a tab: %r" % v)
    return "|".join(out)


def strip_marks(s):
    """UNTERM marks observer States with ' *' and non-members with ' **'."""
    return re.sub(r"\s*\*+$", "", s.strip())


def article_behind(lang, s):
    """'the Republic of X' -> 'Republic of X (the)'; other languages unchanged."""
    for art in ARTICLES.get(lang, []):
        if art.endswith("'") and s.startswith(art):
            return "%s (%s)" % (s[len(art):], art)
        if s.startswith(art + " "):
            return "%s (%s)" % (s[len(art) + 1:], art)
    return s


def bare(s):
    """The name without a trailing '(article)', to compare with M49 names."""
    return re.sub(r"\s*\((the|le|la|les|l'|el|los|las)\)$", "", s).replace("\u2019", "'")


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def write_tsv(path, rows, header):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in header:
            f.write("# " + line + "\n")
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(r.get(c, "") for c in COLUMNS) + "\n")
    print("build.py: %s: %d entries" % (os.path.relpath(path), len(rows)))


def country_row(r):
    iso = r["ISO3166-1-Alpha-3"]
    row = {"id": "country." + iso, "type": "name", "source": SRC_CC}
    notes = []
    fill = FILLED.get(iso)
    marks = r["UNTERM English Short"].strip()
    if marks.endswith("**"):
        notes.append("not a Member State (UNTERM marks it **)")
    elif marks.endswith("*"):
        notes.append("non-member observer State (UNTERM marks it *)")
    extra_m49 = []
    for lang in LANGS:
        if fill:
            short = fill["short"].get(lang, "")
            formal = fill["formal"].get(lang, "")
        else:
            short = strip_marks(r["UNTERM %s Short" % UNTERM_LANG[lang]])
            formal = strip_marks(r["UNTERM %s Formal" % UNTERM_LANG[lang]])
        variants = [short, article_behind(lang, formal)]
        m49 = clean(r["official_name_%s" % ("cn" if lang == "zh" else lang)])
        known = {bare(clean(v)) for v in variants if v}
        if m49 and not (iso == "CIV" and lang == "en") and bare(m49) not in known:
            variants.append(m49)
            extra_m49.append(lang)
        row[lang] = cell(variants)
    if fill:
        row["status"] = "filled"
        notes.append(fill["note"])
    else:
        row["status"] = "official"
    if extra_m49:
        notes.append("last variant in %s is the UNSD M49 name" % " ".join(extra_m49))
        row["source"] += "; " + SRC_M49
    row["note"] = "; ".join(notes)
    return row


def build_countries(data):
    rows = []
    for r in read_csv(os.path.join(data, "country-codes.csv")):
        iso = r["ISO3166-1-Alpha-3"]
        complete = all(r["UNTERM %s %s" % (UNTERM_LANG[l], k)].strip()
                       for l in LANGS for k in ("Short", "Formal"))
        if complete or iso in FILLED:
            rows.append(country_row(r))
    rows.sort(key=lambda x: x["id"])
    return rows


def build_regions(data):
    names = {}
    for lang in LANGS:
        path = os.path.join(data, "unsd-m49", "UNSD-%s.csv" % M49_FILE[lang])
        for r in read_csv(path):
            for level in ("Global", "Region", "Sub-region", "Intermediate Region"):
                code = r[level + " Code"].strip()
                name = clean(r[level + " Name"])
                if code and name:
                    lst = names.setdefault(code, {}).setdefault(lang, [])
                    if name not in lst:
                        lst.append(name)
    rows = []
    for code in sorted(names):
        row = {"id": "region." + code, "type": "term", "status": "official",
               "source": SRC_M49}
        varying = [l for l in LANGS if len(names[code].get(l, [])) > 1]
        for lang in LANGS:
            row[lang] = cell(names[code].get(lang, []))
        row["note"] = ("M49 writes this region two ways in %s; both kept" % " ".join(varying)
                       if varying else "")
        rows.append(row)
    return rows


def zh_punctuation(s):
    """Full-width , ( ) ; : as UN Chinese documents write them (not between digits)."""
    s = re.sub(r"(?<!\d),|,(?!\d)", "，", s)
    s = s.replace("(", "（").replace(")", "）")
    s = re.sub(r";", "；", s)
    return re.sub(r"(?<!\d):|:(?!\d)", "：", s)


def sdg_row(r):
    kind, num, field = r["type"], r["id"], r["field"]
    ident = "sdg.%s.%s" % (kind, num) + (".short" if field == "short" else "")
    row = {"id": ident, "source": SRC_SDG}
    fixed, notes = [], []
    for lang in LANGS:
        raw = r[lang]
        text = clean(raw)
        fix = SDG_FIXES.get((kind, num, field, lang))
        if fix and fix[0] in text:
            text = text.replace(fix[0], fix[1]).strip()
            fixed.append("%s '%s' -> '%s'" % (lang, fix[0].strip(), fix[1]))
        for tlang, wrong, right in SDG_TYPOS:
            if tlang == lang and wrong in text:
                text = text.replace(wrong, right)
                fixed.append("%s '%s' -> '%s'" % (lang, wrong, right))
        if lang == "zh" and re.search(r"[,();:]", text):
            new = zh_punctuation(text)
            if new != text:
                text = new
                fixed.append("zh ASCII punctuation made full-width")
        if "\n" in raw or "  " in raw:
            fixed.append("%s line break or double space removed" % lang)
        row[lang] = cell([text])
    flag = SDG_FLAGS.get((kind, num, field))
    if flag:
        row["status"] = "flagged"
        notes.append("known defect, not fixed: " + flag)
    elif fixed:
        row["status"] = "fixed"
    else:
        row["status"] = "reference"
    if fixed:
        notes.append("fixed: " + ", ".join(fixed))
    # goal titles are official text worth forcing; the rest is checked only
    forced = kind == "goal" and field == "title" and not flag
    row["type"] = "name" if forced else "term"
    row["note"] = "; ".join(notes)
    return row


def sdg_order(r):
    parts = re.split(r"\.", r["id"])
    return [int(p) if p.isdigit() else 100 + ord(p[0]) for p in parts]


def merge_repeated(rows):
    """Indicators repeated under several targets (1.5.1 = 11.5.1 = 13.1.1) are one concept."""
    first, out = {}, []
    for row in rows:
        key = row["en"] if row["id"].startswith("sdg.indicator.") else None
        if key is not None and key in first:
            keep = first[key]
            num = row["id"][len("sdg.indicator."):]
            keep.setdefault("repeats", []).append(num)
            continue
        if key is not None:
            first[key] = row
        out.append(row)
    for row in out:
        if row.get("repeats"):
            also = "the same indicator as %s" % ", ".join(row.pop("repeats"))
            row["note"] = also + ("; " + row["note"] if row["note"] else "")
    return out


def drop_shared_texts(rows):
    """A text given to two concepts (ar 14.5.1 repeats 14.4.1) is a defect: the later one is dropped."""
    seen = {}
    for row in rows:
        for lang in LANGS:
            text = row[lang]
            if not text:
                continue
            if (lang, text) not in seen:
                seen[(lang, text)] = row["id"]
                continue
            row[lang] = ""
            row["status"] = "flagged"
            row["type"] = "term"
            note = "%s removed: the same text as %s in the data" % (lang, seen[(lang, text)])
            row["note"] = note + ("; " + row["note"] if row["note"] else "")
    return rows


def build_sdg(data):
    rows = read_csv(os.path.join(data, "sdg_goals_targets_indicators_6lang.csv"))
    goals, rest = [], []
    for r in sorted(rows, key=lambda r: (["goal", "target", "indicator"].index(r["type"]),
                                         sdg_order(r), r["field"])):
        (goals if r["type"] == "goal" else rest).append(sdg_row(r))
    return drop_shared_texts(goals), drop_shared_texts(merge_repeated(rest))


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) >= 2 else 2
    data = argv[1]
    out = argv[2] if len(argv) > 2 else os.path.dirname(os.path.abspath(__file__))
    if not os.path.isfile(os.path.join(data, "country-codes.csv")):
        sys.exit("build.py: %s has no country-codes.csv; give the terminology data folder"
                 % data)
    gen = "generated by glossaries/build.py from the shared terminology data; do not edit"
    write_tsv(os.path.join(out, "countries.tsv"), build_countries(data),
              [gen, "UNTERM short|formal names (+ UNSD M49 name where it differs); "
               "README.md explains the columns"])
    write_tsv(os.path.join(out, "regions.tsv"), build_regions(data),
              [gen, "UNSD M49 region, sub-region and intermediate region names"])
    goals, rest = build_sdg(data)
    write_tsv(os.path.join(out, "sdg-goals.tsv"), goals,
              [gen, "SDG titles (name) and short names (term), Open SDG translations"])
    write_tsv(os.path.join(out, "optional", "sdg-targets-indicators.tsv"), rest,
              [gen, "SDG targets and indicators (term), Open SDG translations; optional"])
    shutil.copyfile(os.path.join(data, "sdg-translations", "LICENSE"),
                    os.path.join(out, "LICENSE-sdg-translations"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
