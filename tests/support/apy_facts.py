#!/usr/bin/python3
"""Re-measure the facts about Apertium APy that the `apertium` engine relies on
(tests/support/APY.md records the results). Measurement tool, not a test.

    url=$(tests/support/apy.sh start /tmp/apy)
    /usr/bin/python3 tests/support/apy_facts.py "$url" [section ...]
    tests/support/apy.sh stop /tmp/apy
    /usr/bin/python3 tests/support/apy_facts.py --corpus 1000 >s1000.html   # <p> lines for the CLI baseline

sections: pairs q errors chain entities placeholders truncation throughput (default: all)
"""
import http.client
import json
import random
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

SUBJ = ["The General Assembly", "The Security Council", "The Human Rights Council", "The Secretary-General",
        "The Working Group", "The Special Rapporteur", "The Committee", "Member States", "The delegation of Mexico",
        "The representative of France", "Several submissions", "The Advisory Committee", "The Board of Auditors",
        "The Economic and Social Council", "The independent expert"]
VERB = ["adopted", "welcomed", "noted with concern", "reaffirmed", "recalled", "requested", "considered",
        "took note of", "expressed support for", "decided to postpone consideration of", "emphasized", "endorsed"]
OBJ = ["the draft resolution on the rights of the child", "the report of the Secretary-General on climate change",
       "the recommendations contained in the annual report", "the programme budget for the biennium",
       "the importance of international cooperation in the field of health",
       "the situation of human rights defenders in conflict areas", "the provisional agenda of its next session",
       "the proposal to establish a new working group on migration",
       "the financial statements of the peacekeeping operations",
       "the measures taken to protect civilians and humanitarian workers",
       "the sustainable development goals and their targets",
       "the decision of the Council on the composition of the Bureau"]
TAIL = ["", " at its fifth meeting", " without a vote", " in accordance with rule 61 of its rules of procedure",
        " and invited all States to cooperate fully", " on 3 January 2026", " with a large majority",
        " and asked the secretariat to report back next year"]
FORMS = {
    '<x id="N"/>': lambda n: f'<x id="{n}"/>',
    'U+E00N (private use)': lambda n: chr(0xE000 + n),
    '\u27e6N\u27e7': lambda n: f"\u27e6{n}\u27e7",
    '{N}': lambda n: "{%d}" % n,
    '__N__': lambda n: f"__{n}__",
}


def sentences(n):
    """n deterministic UN-style English sentences (about 125 characters each)"""
    r = random.Random(42)
    return [f"{r.choice(SUBJ)} {r.choice(VERB)} {r.choice(OBJ)}{r.choice(TAIL)}." for _ in range(n)]


def with_placeholders(s, form, rng):
    """2 or 3 placeholders at word boundaries: before a word (like an opening tag) or glued to its end"""
    w = s[:-1].split(" ")
    k = rng.choice([2, 3])
    pos = sorted(rng.sample(range(1, len(w)), k))
    for j, p in enumerate(reversed(pos)):
        ph = form(k - j)
        if rng.random() < 0.5:
            w[p] = ph + w[p]
        else:
            w[p - 1] = w[p - 1] + ph
    return " ".join(w) + ".", list(range(1, k + 1))


def post(url, path, fields):
    """(HTTP status, content type, body text)"""
    data = urllib.parse.urlencode(fields, doseq=True).encode()
    try:
        r = urllib.request.urlopen(url + path, data, timeout=60)
    except urllib.error.HTTPError as e:
        r = e
    return r.status, r.headers.get("Content-Type"), r.read().decode()


def tr(url, q, pair="eng|spa"):
    st, _, body = post(url, "/translate", {"langpair": pair, "markUnknown": "no", "format": "html", "q": q})
    if st != 200:
        raise RuntimeError(f"HTTP {st}: {body}")
    return json.loads(body)["responseData"]["translatedText"]


def paras(ss):
    return "".join(f"<p>{s}</p>" for s in ss)


def s_pairs(url):
    with urllib.request.urlopen(url + "/listPairs") as r:
        pairs = [f'{p["sourceLanguage"]}|{p["targetLanguage"]}' for p in json.load(r)["responseData"]]
    print("pairs:", " ".join(sorted(pairs)))


def s_q(url):
    st, _, body = post(url, "/translate", {"langpair": "eng|spa", "markUnknown": "no", "format": "html",
                                           "q": ["<p>The dog is red.</p>", "<p>The cat is black.</p>"]})
    print("two q fields (dog, cat):", st, json.loads(body)["responseData"]["translatedText"])


def s_errors(url):
    for what, path, fields in [
            ("unknown pair eng|fra", "/translate", {"langpair": "eng|fra", "q": "x"}),
            ("invalid langpair", "/translate", {"langpair": "engspa", "q": "x"}),
            ("missing q", "/translate", {"langpair": "eng|spa"}),
            ("unknown route", "/nosuch", {"q": "x"})]:
        st, ct, body = post(url, path, fields)
        print(f"{what}: HTTP {st} {ct}: {body.strip()[:120]}")


def s_chain(url):
    q = "<p>The General Assembly adopted the resolution.</p>"
    for lp in ("eng|fra", "eng|spa|fra", "eng|rus"):
        st, _, body = post(url, "/translateChain", {"langpairs": lp, "markUnknown": "no", "format": "html", "q": q})
        print(f"translateChain {lp}: HTTP {st}: {body.strip()[:160]}")


def s_entities(url):
    for q in ["<p>The caf&eacute; in Gen&egrave;ve &#233;t&#xE9;.</p>", "<p>The café in Genève été.</p>",
              "<p>Rights &amp; duties, 3 &lt; 5 &gt; 2.</p>", "<p>&quot;yes&quot; &nbsp;here &mdash; now.</p>"]:
        print(f"entities: {q} -> {tr(url, q)}")


def s_placeholders(url):
    ss = sentences(100)
    plain = [tr(url, f"<p>{s}</p>") for s in ss]
    for name, form in FORMS.items():
        rng = random.Random(7)
        once = same = ordered = 0
        example = None
        for s, p in zip(ss, plain):
            q, ids = with_placeholders(s, form, rng)
            out = tr(url, f"<p>{q}</p>")
            good = all(out.count(form(i)) == 1 for i in ids)
            once += good
            if good:
                pos = [out.find(form(i)) for i in ids]
                ordered += pos == sorted(pos)
            elif example is None:
                example = (q, out)
            rest = out
            for i in ids:
                rest = rest.replace(form(i), "")
            same += re.sub(r"\s+", " ", rest) == re.sub(r"\s+", " ", p)
        print(f"placeholders {name}: each exactly once {once}/100, in source order {ordered}/100, "
              f"translation otherwise unchanged {same}/100")
        if example:
            print(f"    e.g. {example[0]}\n      -> {example[1]}")


def s_truncation(url):
    ss = sentences(1000)
    lo, hi = 1, 1000
    while hi - lo > 1:
        m = (lo + hi) // 2
        if tr(url, paras(ss[:m])).count("</p>") == m:
            lo = m
        else:
            hi = m
    print(f"truncation, 1 client: {lo} paragraphs ({len(paras(ss[:lo]))} chars) complete, "
          f"{hi} ({len(paras(ss[:hi]))} chars) cut short, HTTP 200")
    for k in (8, 40, 80, 120):
        q = paras(ss[:k])
        res = [None] * 4

        def run(i):
            res[i] = tr(url, q).count("</p>")
        th = [threading.Thread(target=run, args=(i,)) for i in range(4)]
        [t.start() for t in th]
        [t.join() for t in th]
        print(f"truncation, 4 concurrent clients, {k} paragraphs ({len(q)} chars): </p> back {res}")


def s_throughput(url, n=1000):
    host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
    ss = sentences(n)

    def run(b, c):
        batches = [ss[i:i + b] for i in range(0, n, b)]
        lock, nxt, bad = threading.Lock(), [0], [0]

        def worker():
            conn = http.client.HTTPConnection(host, port, timeout=60)  # keep-alive
            while True:
                with lock:
                    if nxt[0] >= len(batches):
                        break
                    batch = batches[nxt[0]]
                    nxt[0] += 1
                body = urllib.parse.urlencode({"langpair": "eng|spa", "markUnknown": "no", "format": "html",
                                               "q": paras(batch)})
                conn.request("POST", "/translate", body, {"Content-Type": "application/x-www-form-urlencoded"})
                out = json.loads(conn.getresponse().read())["responseData"]["translatedText"]
                bad[0] += out.count("</p>") != len(batch)
            conn.close()
        t = time.monotonic()
        th = [threading.Thread(target=worker) for _ in range(c)]
        [x.start() for x in th]
        [x.join() for x in th]
        dt = time.monotonic() - t
        return dt, bad[0]
    run(10, 1)  # warm-up: the pipeline starts on the first request
    for b in (1, 8, 10):
        for c in (1, 4):
            dt, bad = run(b, c)
            print(f"throughput: {b:2d} sentence(s)/request, {c} client(s): {n / dt:6.1f} sentences/s "
                  f"({n} in {dt:.2f} s), short answers {bad}")


SECTIONS = {"pairs": s_pairs, "q": s_q, "errors": s_errors, "chain": s_chain, "entities": s_entities,
            "placeholders": s_placeholders, "truncation": s_truncation, "throughput": s_throughput}

if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--corpus":
        sys.stdout.write("".join(f"<p>{s}</p>\n" for s in sentences(int(sys.argv[2]))))
        sys.exit(0)
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for name in sys.argv[2:] or SECTIONS:
        SECTIONS[name](sys.argv[1].rstrip("/"))
