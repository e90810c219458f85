#!/usr/bin/python3
"""Checks a document's published outputs (a folder DIR/<id>/ from translate or run).

Every page: well-formed (each end tag closes the element open last, nothing left
open, no duplicate id), no event-handler attribute, no link or source to a script
URL, no <script> but the page's own whose SHA-256 the page's CSP names, no element
that loads something (iframe, object, embed, link, base), no mark of the renderer
left. Drafts' Markdown: no raw HTML tag and no script link. Across the pages: the
contract of the per-language pages and of the parallel view (README, "Published
pages"): the same p-N ids in every language, switcher, columns, segment spans.

usage: check_pages.py [--source LANG] DIR...   (exit 1 with the problems on stderr)
"""
import base64
import hashlib
import html.parser
import os
import re
import sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "param", "source", "track", "wbr"}
LOADERS = {"iframe", "object", "embed", "link", "base", "frame", "frameset", "applet"}
UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|file):|^\s*data:(?!image/(png|gif|jpeg|webp))",
                        re.I)
MARKS = re.compile("[\U0010E000-\U0010FFFF]")
ORIGINS = {"tm-human", "tm-mt", "mt", "glossary", "source-fallback", "copy", "none"}
LANGS = ["ar", "zh", "en", "fr", "ru", "es"]


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.ids = [], [], []
        self.scripts, self.csp, self.in_script = [], None, False
        self.elements = []  # (tag, attrs, depth)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a, len(self.stack)))
        for k, v in attrs:
            if k.startswith("on"):
                self.problems.append(f"<{tag}> has the event handler {k}")
            if k in ("href", "src", "action", "formaction", "xlink:href") and v and UNSAFE_URL.search(v):
                self.problems.append(f"<{tag} {k}> goes to {v!r}")
            if k == "id":
                self.ids.append(v)
        if tag in LOADERS:
            self.problems.append(f"<{tag}> loads something")
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.csp = a.get("content", "")
        if tag == "script":
            self.in_script = True
            self.scripts.append("")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> at line {self.getpos()[0]} closes {self.stack[-1:]}")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1] += data


def check_page(path):
    text = open(path, encoding="utf-8").read()
    p = Page()
    p.feed(text)
    p.close()
    problems = list(p.problems)
    if p.stack:
        problems.append(f"left open: {p.stack}")
    dups = {i for i in p.ids if p.ids.count(i) > 1}
    if dups:
        problems.append(f"duplicate ids: {sorted(dups)[:5]}")
    if MARKS.search(text) or "\u2e31\U0010fff0" in text:
        problems.append("a renderer mark is left")
    for s in p.scripts:
        h = base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
        if not p.csp or f"'sha256-{h}'" not in p.csp:
            problems.append(f"a script the CSP does not allow by hash ({h})")
    if p.csp and "unsafe-inline" in p.csp.split("script-src")[-1].split(";")[0] and "script-src" in p.csp:
        problems.append("script-src allows unsafe-inline")
    if p.csp and not p.scripts and "script-src" in p.csp:
        problems.append("script-src on a page without a script")
    if len(re.findall(r"<script", text, re.I)) != len(p.scripts):
        problems.append("'<script' outside a script element")
    return p, problems


def check_draft_md(path):
    text = open(path, encoding="utf-8").read()
    problems = []
    for m in re.finditer(r"(?<!\\)<(script|img|iframe|object|embed|svg|a)\b", text, re.I):
        problems.append(f"raw HTML {m.group(0)!r}")
    if re.search(r"(?<!\\)\]\(\s*<?\s*javascript:", text, re.I):
        problems.append("a javascript: link")
    return problems


def check_doc(folder, source):
    """The contract across the pages of one document."""
    problems = []
    doc = os.path.basename(folder.rstrip("/"))
    pages = {}
    for lang in LANGS:
        f = os.path.join(folder, f"{doc}.{lang}.html")
        if os.path.exists(f):
            pages[lang] = Page()
            pages[lang].feed(open(f, encoding="utf-8").read())
    order = [source] + [l for l in LANGS if l != source and l in pages]
    ids = None
    for lang, p in pages.items():
        root = next(a for t, a, d in p.elements if t == "html")
        if root.get("lang") != lang or root.get("dir") != ("rtl" if lang == "ar" else "ltr"):
            problems.append(f"{lang}: <html lang={root.get('lang')} dir={root.get('dir')}>")
        main = next(a for t, a, d in p.elements if t == "main")
        want = None if lang == source else f"{lang}-x-mtfrom-{source}"
        if main.get("lang") != want:
            problems.append(f"{lang}: <main lang={main.get('lang')}>, expected {want}")
        links = [a for t, a, d in p.elements if t == "a" and "hreflang" in a]
        if [a["hreflang"] for a in links] != order:
            problems.append(f"{lang}: switcher {[a['hreflang'] for a in links]}, expected {order}")
        for a in links:
            if a["href"] != f"{doc}.{a['hreflang']}.html":
                problems.append(f"{lang}: switcher link {a['href']}")
            if (a.get("aria-current") == "page") != (a["hreflang"] == lang):
                problems.append(f"{lang}: aria-current on {a['hreflang']}")
        mine = [i for i in p.ids if re.fullmatch(r"p-\d+", i)]
        if not mine:
            problems.append(f"{lang}: no p-N ids")
        if ids is None:
            ids = mine
        elif mine != ids:
            problems.append(f"{lang}: p-N ids differ from the other languages'")
    f = os.path.join(folder, f"{doc}.parallel.html")
    if not os.path.exists(f):
        return problems + ["no parallel view"]
    p = Page()
    p.feed(open(f, encoding="utf-8").read())
    ths = [a for t, a, d in p.elements if t == "th" and "data-lang" in a]
    if [a["data-lang"] for a in ths] != order:
        problems.append(f"parallel: columns {[a['data-lang'] for a in ths]}, expected {order}")
    rows = [a.get("id") for t, a, d in p.elements if t == "tr" and a.get("id")]
    if ids is not None and rows != ids:
        problems.append("parallel: row ids differ from the pages' p-N ids")
    boxes = [a.get("data-lang") for t, a, d in p.elements if t == "input"]
    if boxes != order:
        problems.append(f"parallel: toggles {boxes}")
    tds = [a for t, a, d in p.elements if t == "td"]
    for a in tds:
        if a.get("lang") != a.get("data-lang") or a.get("dir") != ("rtl" if a["lang"] == "ar" else "ltr"):
            problems.append(f"parallel: <td {a}>")
            break
    segs = [a for t, a, d in p.elements if t == "span" and "seg" in a.get("class", "").split()]
    for a in segs:
        cls = a.get("class", "").split()
        if a.get("data-origin") not in ORIGINS or not a.get("data-seg", "").isdigit() or a.get("tabindex") != "0":
            problems.append(f"parallel: segment span {a}")
            break
        if (a["data-origin"] == "source-fallback") != ("untranslated" in cls):
            problems.append(f"parallel: untranslated class on {a}")
            break
    if not segs:
        problems.append("parallel: no segment spans")
    return problems


def main(argv):
    source = None
    if len(argv) > 2 and argv[1] == "--source":
        source, argv = argv[2], argv[2:]
    bad = 0
    for folder in argv[1:]:
        doc = os.path.basename(folder.rstrip("/"))
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if name.endswith(".html"):
                problems = check_page(path)[1]
            elif name.endswith(".md") and source and name != f"{doc}.{source}.md":
                problems = check_draft_md(path)
            else:
                continue
            for pr in problems:
                print(f"{path}: {pr}", file=sys.stderr)
                bad += 1
        if source:
            for pr in check_doc(folder, source):
                print(f"{folder}: {pr}", file=sys.stderr)
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
