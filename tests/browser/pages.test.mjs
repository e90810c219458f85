// The real-browser test: hexaglot translates a short English document through the fake MT
// server into the five other languages, and headless Chromium (Debian's, driven by
// playwright-core) opens the parallel page and the per-language pages as a reader would,
// over file://. Run by `make browser`, which passes the paths below.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HX = process.env.HX_BIN || join(ROOT, 'build/hexaglot');
const FAKE_MT = process.env.HX_FAKE_MT || join(ROOT, 'build/fake-mt');
const ARTIFACTS = process.env.HX_BROWSER_ARTIFACTS || join(ROOT, 'build/browser-artifacts');
const CHROMIUM = process.env.HX_CHROMIUM || '/usr/bin/chromium';
const ID = 'open-data';
const TARGETS = ['ar', 'zh', 'fr', 'ru', 'es'];
const COLUMNS = ['en', ...TARGETS]; // the source first, then the language table's order

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A heading, then numbered paragraphs long enough to scroll, with links and a UN symbol.
function writeDocument(path) {
  const paras = [
    '# Report of the Secretary-General on open data',
    '1\\. The General Assembly, in its resolution [A/RES/67/290](https://undocs.org/en/A/RES/67/290), ' +
      'decided on the format of the forum. The report is at <https://www.un.org/en/>.',
  ];
  for (let i = 2; i <= 12; i++) {
    paras.push(
      `${i}\\. Paragraph ${i} describes the data the Member States shared in the year under review. ` +
        `It recalls the [guidance](https://www.un.org/en/guide-${i}) issued before the session. ` +
        `The secretariat will report again on the matter "in good time"; questions remain open?`
    );
  }
  writeFileSync(path, paras.join('\n\n') + '\n');
}

// The fake MT server on 127.0.0.1, started and stopped by its PID.
async function startFake(dir) {
  const portFile = join(dir, 'port');
  const child = spawn(FAKE_MT, ['--port', '0', '--port-file', portFile], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${FAKE_MT} exited with status ${child.exitCode}`);
    if (existsSync(portFile)) {
      const port = readFileSync(portFile, 'utf8').trim();
      if (port) return { child, url: `http://127.0.0.1:${port}` };
    }
    await sleep(50);
  }
  process.kill(child.pid, 'SIGTERM');
  throw new Error(`${FAKE_MT} wrote no port file in 10 s`);
}

async function stopFake(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  process.kill(child.pid, 'SIGTERM');
  await gone;
}

// A page that records console errors, uncaught exceptions and CSP violations.
async function watchedPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  return { page, problems };
}

// The parallel view whole; a language page as the reader sees it (its switcher is sticky).
const shot = (page, name) =>
  page.screenshot({ path: join(ARTIFACTS, name), fullPage: name.startsWith('parallel') });

describe('hexaglot pages in Chromium', () => {
  let work, fake, browser, context, out;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'hx-browser-'));
    writeDocument(join(work, `${ID}.md`));
    fake = await startFake(work);
    try {
      await promisify(execFile)(
        HX,
        ['translate', `${ID}.md`, '--from', 'en', '--to', TARGETS.join(','),
          '--engine', 'libretranslate', '--endpoint', fake.url, '-o', 'out', '-q'],
        { cwd: work, env: { ...process.env, HEXAGLOT_GLOSSARIES: join(ROOT, 'glossaries') } }
      );
    } finally {
      await stopFake(fake.child);
    }
    out = join(work, 'out', ID);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  });

  after(async () => {
    await browser?.close();
    await stopFake(fake?.child);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const url = (name, hash = '') => pathToFileURL(join(out, name)).href + hash;

  test('the parallel page has six columns, Arabic right-to-left, and toggles', async () => {
    const { page, problems } = await watchedPage(context);
    await page.goto(url(`${ID}.parallel.html`));
    const heads = await page.$$eval('table.parallel thead th', (ths) =>
      ths.map((th) => th.getAttribute('data-lang'))
    );
    assert.deepEqual(heads, COLUMNS);
    const dir = await page.$$eval('table.parallel td[data-lang="ar"]', (tds) =>
      [...new Set(tds.map((td) => getComputedStyle(td).direction))]
    );
    assert.deepEqual(dir, ['rtl']);
    assert.equal(
      await page.$eval('table.parallel thead th[data-lang="ar"]', (th) => getComputedStyle(th).direction),
      'rtl'
    );
    // every aligned row has a cell per column, and every cell the same segments
    const rows = await page.$$eval('table.parallel tbody tr[id^="p-"]', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) =>
        [...td.querySelectorAll('.seg')].map((s) => s.dataset.seg).join(',')))
    );
    assert.ok(rows.length >= 13, `only ${rows.length} aligned rows`);
    for (const cells of rows) {
      assert.equal(cells.length, COLUMNS.length);
      assert.ok(cells.every((c) => c === cells[0]), `segments differ across a row: ${cells}`);
    }
    // each draft column in its own typography, the source as it was
    const cell = (lang) => page.$eval(`tr[id="p-3"] td[data-lang="${lang}"]`, (td) => td.textContent);
    assert.match(await cell('en'), /"in good time"; questions remain open\?/);
    assert.match(await cell('fr'), /«\u00a0IN GOOD TIME\u00a0»\u202f; QUESTIONS REMAIN OPEN\u202f\?/);
    assert.match(await cell('ru'), /«IN GOOD TIME»; QUESTIONS REMAIN OPEN\?/);
    await shot(page, 'parallel.png');

    // unticking Russian hides its header and cells; ticking shows them again
    const visible = () => page.$$eval('table.parallel [data-lang="ru"]', (els) =>
      els.map((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'));
    assert.ok((await visible()).every(Boolean));
    await page.uncheck('nav.lang-toggle input[data-lang="ru"]');
    assert.ok((await visible()).every((v) => !v), 'Russian cells still show');
    assert.ok(
      await page.$eval('table.parallel td[data-lang="fr"]', (e) => e.getClientRects().length > 0),
      'unticking Russian hid French'
    );
    await shot(page, 'parallel-without-ru.png');
    await page.check('nav.lang-toggle input[data-lang="ru"]');
    assert.ok((await visible()).every(Boolean), 'Russian cells did not come back');

    assert.deepEqual(problems, []);
    await page.close();
  });

  test('focusing a segment highlights the same segment in every column', async () => {
    const { page, problems } = await watchedPage(context);
    await page.goto(url(`${ID}.parallel.html`));
    const seg = await page.$eval('tr[id="p-3"] td[data-lang="en"] .seg', (s) => s.dataset.seg);
    const look = () => page.$$eval(`tr[id="p-3"] .seg`, (spans) => spans.map((s) => {
      const c = getComputedStyle(s);
      return { lang: s.closest('td').dataset.lang, seg: s.dataset.seg,
        style: `${c.backgroundColor} ${c.outlineStyle} ${c.textDecorationLine} ${c.boxShadow}` };
    }));
    const rest = await look();
    await page.focus(`tr[id="p-3"] td[data-lang="en"] .seg[data-seg="${seg}"]`);
    const lit = await look();
    for (let i = 0; i < lit.length; i++) {
      const changed = lit[i].style !== rest[i].style;
      if (lit[i].lang === 'en') continue; // the focused one shows the focus ring
      assert.equal(changed, lit[i].seg === seg,
        `${lit[i].lang} segment ${lit[i].seg}: ${rest[i].style} -> ${lit[i].style}`);
    }
    await shot(page, 'parallel-focus.png');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the parallel page shows every column without JavaScript', async () => {
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const page = await plain.newPage();
    await page.goto(url(`${ID}.parallel.html`));
    const shown = await page.$$eval('table.parallel thead th', (ths) =>
      ths.filter((th) => th.getClientRects().length > 0).length);
    assert.equal(shown, COLUMNS.length);
    await plain.close();
  });

  test('the language switcher keeps the reader on the same paragraph', async () => {
    const { page, problems } = await watchedPage(context);
    await page.goto(url(`${ID}.fr.html`, '#p-3'));
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.equal(await page.getAttribute('main', 'lang'), 'fr-x-mtfrom-en');
    assert.ok(await page.$('[id="p-3"]'), 'no #p-3 on the French page');
    const links = await page.$$eval('nav.lang-switch a', (as) =>
      as.map((a) => [a.hreflang, a.getAttribute('aria-current')]));
    assert.deepEqual(links.map((l) => l[0]), COLUMNS);
    assert.deepEqual(links.filter((l) => l[1] === 'page').map((l) => l[0]), ['fr']);
    assert.match(await page.$eval('[id="p-3"]', (e) => e.textContent), /«\u00a0IN GOOD TIME\u00a0»/);
    await shot(page, 'fr-p-3.png');
    await Promise.all([page.waitForURL(/\.es\.html#p-\d+$/), page.click('nav.lang-switch a[hreflang="es"]')]);
    assert.ok(page.url().endsWith(`${ID}.es.html#p-3`), `landed on ${page.url()}`);
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    assert.ok(await page.$('[id="p-3"]'), 'no #p-3 on the Spanish page');
    await shot(page, 'es-p-3.png');

    // Arabic: the page runs right to left, and the switcher works the same way
    await page.goto(url(`${ID}.ar.html`, '#p-5'));
    assert.equal(await page.$eval('html', (h) => getComputedStyle(h).direction), 'rtl');
    await Promise.all([page.waitForURL(/\.zh\.html#p-\d+$/), page.click('nav.lang-switch a[hreflang="zh"]')]);
    assert.ok(page.url().endsWith(`${ID}.zh.html#p-5`), `landed on ${page.url()}`);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('without a fragment the switcher takes the block in view', async () => {
    const { page, problems } = await watchedPage(context);
    await page.goto(url(`${ID}.ru.html`));
    await page.$eval('[id="p-6"]', (e) => e.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(100);
    // the first block the reader sees, below the switcher when that stays in view (sticky)
    const top = await page.$$eval('[id^="p-"]', (els) => {
      const nav = document.querySelector('nav.lang-switch');
      const pos = getComputedStyle(nav).position;
      const below = pos === 'sticky' || pos === 'fixed' ? nav.getBoundingClientRect().bottom : 0;
      return els.find((e) => e.getBoundingClientRect().bottom > below + 1)?.id;
    });
    assert.equal(top, 'p-6', 'the block scrolled to the top is not the one in view');
    // element.click(): page.click() would first scroll the switcher, at the top, into view
    await Promise.all([
      page.waitForURL(/\.fr\.html#p-\d+$/),
      page.$eval('nav.lang-switch a[hreflang="fr"]', (a) => a.click()),
    ]);
    assert.ok(page.url().endsWith(`${ID}.fr.html#${top}`), `landed on ${page.url()}, not #${top}`);
    assert.ok(await page.$(`[id="${top}"]`), `no #${top} on the French page`);
    await shot(page, 'fr-in-view.png');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
