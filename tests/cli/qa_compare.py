#!/usr/bin/python3
"""hexaglot's QA checks against Translate Toolkit's pofilter on the same pairs.

For every pair of tests/fixtures/qa-planted/manifest.json: the pair as XLIFF 1.2
(`hexaglot check SRC TGT --xliff FILE` when this build has it, with hexaglot's
findings as notes; else written here, block by block, the same shape), pofilter
(numbers, urls, xmltags, spellcheck) on that XLIFF, and each tool's findings
scored against the planted errors: found, missed, false positives per check.

Exit status: 0 when hexaglot finds every planted error that pofilter finds and
every symbol, country and terminology error; 1 when it misses one; 2 on a
broken setup. Without `hexaglot check --xliff` only pofilter is measured and
the status is 0 (the table says so).

usage: qa_compare.py --hexaglot BIN [--fixtures DIR] [--work DIR] [--table FILE]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "urn:oasis:names:tc:xliff:document:1.2"
Q = "{%s}" % NS
POFILTER_CHECKS = ["numbers", "urls", "xmltags", "spellcheck"]
# For each kind of planted error, the checks of (pofilter, hexaglot) that find it.
FINDS = {
    "number": ({"numbers"}, {"number"}),
    "url": ({"urls"}, {"url"}),
    "tag": ({"xmltags"}, {"placeholder"}),
    "spelling": ({"spellcheck"}, {"spelling"}),
    "country": (set(), {"terminology"}),
    # an altered symbol also changes its undocs.org link: the URL checks see it too
    "symbol": ({"numbers", "urls"}, {"symbol", "number", "url"}),
    "terminology": (set(), {"terminology"}),
}
KINDS = list(FINDS)
MUST = {"symbol", "country", "terminology"}  # pofilter cannot check these


def blocks(path):
    with open(path, encoding="utf-8") as f:
        return [b.strip() for b in re.split(r"\n\s*\n", f.read()) if b.strip()]


def write_xliff(pair, src, tgt, out):
    """The pair as XLIFF 1.2 the way hexaglot writes it: a group p-N per block."""
    root = ET.Element("xliff", {"version": "1.2", "xmlns": NS})
    f = ET.SubElement(root, "file", {"original": pair["target"], "datatype": "x-markdown",
                                     "source-language": pair["from"],
                                     "target-language": pair["to"]})
    body = ET.SubElement(f, "body")
    for n, (s, t) in enumerate(zip(src, tgt), 1):
        g = ET.SubElement(body, "group", {"id": "p-%d" % n, "resname": "p-%d" % n})
        tu = ET.SubElement(g, "trans-unit", {"id": str(n - 1), "xml:space": "preserve"})
        ET.SubElement(tu, "source").text = s
        ET.SubElement(tu, "target", {"state": "translated"}).text = t
    ET.ElementTree(root).write(out, encoding="UTF-8", xml_declaration=True)


def units(path):
    """(id, block, notes) of every trans-unit; notes as (from, text)."""
    root = ET.parse(path).getroot()
    out = []

    def walk(node, block):
        for k in node:
            tag = k.tag.split("}")[-1]
            if tag == "group" and re.fullmatch(r"p-\d+", k.get("id", "")):
                walk(k, int(k.get("id")[2:]))
            elif tag == "trans-unit":
                notes = [(n.get("from", ""), n.text or "") for n in k
                         if n.tag.split("}")[-1] == "note"]
                out.append((k.get("id"), block, notes))
            else:
                walk(k, block)

    walk(root, None)
    return out


def hexaglot_has_check_xliff(hx):
    r = subprocess.run([hx, "check", "--help"], capture_output=True, text=True)
    return r.returncode == 0 and "--xliff" in r.stdout


def run_hexaglot(hx, pair, fixtures, xlf):
    """hexaglot check on the pair, its XLIFF into xlf; its findings as (block, check, text)."""
    cmd = [hx, "check", os.path.join(fixtures, pair["source"]),
           os.path.join(fixtures, pair["target"]), "--from", pair["from"], "--to", pair["to"],
           "--xliff", xlf]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if not os.path.exists(xlf):
        sys.exit("qa_compare: %s wrote no XLIFF (status %d): %s" % (" ".join(cmd), r.returncode,
                                                                  r.stderr.strip()))
    found = []
    for _, block, notes in units(xlf):
        for who, text in notes:
            m = re.match(r"\[([a-z-]+)\]", text)
            if who == "hexaglot" and m:
                found.append((block, m.group(1), text))
    return found


def run_pofilter(pair, xlf, work):
    out = os.path.join(work, pair["name"] + ".pofilter.xlf")
    cmd = ["pofilter", "--progress=none", "--language=" + pair["to"]]
    for c in POFILTER_CHECKS:
        cmd += ["-t", c]
    r = subprocess.run(cmd + [xlf, out], capture_output=True, text=True)
    if r.returncode != 0 or not os.path.exists(out):
        sys.exit("qa_compare: pofilter failed (status %d): %s" % (r.returncode, r.stderr))
    block_of = {uid: block for uid, block, _ in units(xlf)}
    found = []
    for uid, _, notes in units(out):
        for who, text in notes:
            if who == "pofilter":
                found.append((block_of.get(uid), text.split(":")[0].strip(), text))
    return found


def score(tool, planted, findings):
    """Which planted errors tool found; which findings are false positives, per check."""
    t = 0 if tool == "pofilter" else 1
    hit = []
    for e in planted:
        hit.append(any(f[0] == e["pair"] and f[1] == e["block"] and f[2] in FINDS[e["kind"]][t]
                       for f in findings))
    per_check = {}
    for pair, block, check, text in findings:
        true = any(e["pair"] == pair and e["block"] == block and check in FINDS[e["kind"]][t]
                   for e in planted)
        c = per_check.setdefault(check, {"findings": 0, "true": 0, "false": []})
        c["findings"] += 1
        if true:
            c["true"] += 1
        else:
            c["false"].append("%s p-%s: %s" % (pair, block, text))
    return hit, per_check


def table(planted, hits, per_check, have_hx, cmdline):
    lines = ["Planted errors found, by kind (%d errors in %d pairs):" %
             (len(planted), len({e["pair"] for e in planted})), "",
             "| kind | planted | pofilter found | hexaglot found |",
             "|---|---|---|---|"]
    for k in KINDS:
        idx = [i for i, e in enumerate(planted) if e["kind"] == k]
        if not idx:
            continue
        hx = "%d" % sum(hits["hexaglot"][i] for i in idx) if have_hx else "n/a"
        po = "%d" % sum(hits["pofilter"][i] for i in idx) if FINDS[k][0] else "cannot check"
        lines.append("| %s | %d | %s | %s |" % (k, len(idx), po, hx))
    lines += ["", "Findings per check (a false positive is a finding where nothing of that "
              "kind was planted):", "",
              "| tool | check | findings | on a planted error | false positives |",
              "|---|---|---|---|---|"]
    for tool in ("pofilter", "hexaglot"):
        if tool == "hexaglot" and not have_hx:
            lines.append("| hexaglot | (no `hexaglot check --xliff` in this build) | | | |")
            continue
        for check in sorted(per_check[tool]):
            c = per_check[tool][check]
            lines.append("| %s | %s | %d | %d | %d |" % (tool, check, c["findings"], c["true"],
                                                        len(c["false"])))
    lines += ["", "Reproduce: `%s`" % cmdline]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hexaglot", required=True)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--fixtures", default=os.path.join(here, "..", "fixtures", "qa-planted"))
    ap.add_argument("--work", default=".")
    ap.add_argument("--table")
    a = ap.parse_args()
    with open(os.path.join(a.fixtures, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    os.makedirs(a.work, exist_ok=True)
    have_hx = hexaglot_has_check_xliff(a.hexaglot)
    planted, found = [], {"pofilter": [], "hexaglot": []}
    for pair in manifest["pairs"]:
        src = blocks(os.path.join(a.fixtures, pair["source"]))
        tgt = blocks(os.path.join(a.fixtures, pair["target"]))
        if len(src) != len(tgt):
            sys.exit("qa_compare: %s: %d source blocks, %d target blocks" %
                     (pair["name"], len(src), len(tgt)))
        for e in pair["errors"]:
            planted.append(dict(e, pair=pair["name"]))
        xlf = os.path.join(a.work, pair["name"] + ".xlf")
        if have_hx:
            found["hexaglot"] += [(pair["name"],) + f for f in run_hexaglot(a.hexaglot, pair,
                                                                             a.fixtures, xlf)]
        else:
            write_xliff(pair, src, tgt, xlf)
        found["pofilter"] += [(pair["name"],) + f for f in run_pofilter(pair, xlf, a.work)]
    hits, per_check = {}, {}
    for tool in found:
        hits[tool], per_check[tool] = score(tool, planted, found[tool])
    cmdline = "python3 tests/cli/qa_compare.py --hexaglot build/hexaglot --work /tmp/qa"
    text = table(planted, hits, per_check, have_hx, cmdline)
    misses = []
    for i, e in enumerate(planted):
        e["pofilter"], e["hexaglot"] = hits["pofilter"][i], hits["hexaglot"][i]
        if have_hx and not e["hexaglot"] and (e["pofilter"] or e["kind"] in MUST):
            misses.append("%s p-%d %s: %s" % (e["pair"], e["block"], e["kind"], e["what"]))
    with open(os.path.join(a.work, "results.json"), "w", encoding="utf-8") as f:
        json.dump({"hexaglot_available": have_hx, "planted": planted,
                   "false_positives": {t: {c: v["false"] for c, v in per_check[t].items()}
                                       for t in per_check},
                   "misses": misses}, f, ensure_ascii=False, indent=1)
    if a.table:
        with open(a.table, "w", encoding="utf-8") as f:
            f.write(text)
    sys.stdout.write(text)
    for m in misses:
        print("hexaglot missed: " + m)
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
