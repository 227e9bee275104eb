// End-to-end: the real `atlas serve` over a temp copy of the samples (plus an
// article whose title is an HTML injection attempt, and two in German and
// French), driven in headless Chromium. Search, filter by a desk facet and a
// language facet, open an article, go back, the quotes view and an article's
// quotes (quotes.mjs), and check that the hostile title renders as literal
// text with no dialog.
// Saves docs/screenshot.png. Run through tests/e2e/run.sh.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { checkQuotes, writeQuoteCorpus } from './quotes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env.ATLAS_BIN || path.join(root, 'target/debug/atlas');
const XSS_TITLE = '<img src=x onerror=alert(1)>';

function corpus() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-e2e-'));
  fs.cpSync(path.join(root, 'tests/fixtures/samples'), path.join(dir, 'corpus'), {
    recursive: true,
    filter: (src) => path.basename(src) !== 'MANIFEST.json',
  });
  fs.mkdirSync(path.join(dir, 'corpus/xss'));
  fs.writeFileSync(
    path.join(dir, 'corpus/xss/img-title.txt'),
    `Title: ${XSS_TITLE}\nAuthor: Mara Quill\nDesk: Security\nDate: 2024-07-01\n\n` +
      'A test of how the archive shows hostile titles: the quokka sanitation report.\n',
  );
  // Enough articles on one subject for two pages of results.
  for (let i = 1; i <= 12; i++) {
    const day = String(i).padStart(2, '0');
    fs.writeFileSync(
      path.join(dir, `corpus/xss/almanac-${day}.md`),
      `---\ndate: 2023-01-${day}\ndesk: Archive\n---\n# Almanac entry ${i}\n\nThe almanac notes tide tables for day ${i}.\n`,
    );
  }
  // A wire story in three versions and an analysis quoting it: one hit with
  // "2 copies" when collapsed, the analysis as its related coverage.
  fs.mkdirSync(path.join(dir, 'corpus/wire'));
  for (const f of ['wire_original.txt', 'wire_retitled.txt', 'wire_trimmed.txt', 'quote_analysis.txt']) {
    fs.copyFileSync(path.join(root, 'tests/fixtures/copies', f), path.join(dir, 'corpus/wire', f));
  }
  // Two articles in other languages, for the language facet.
  fs.mkdirSync(path.join(dir, 'corpus/intl'));
  fs.writeFileSync(
    path.join(dir, 'corpus/intl/hochwasser.md'),
    '---\ndate: 2024-01-05\ndesk: Region\n---\n# Hochwasser an der Mosel\n\n' +
      'Nach tagelangem Regen steigt der Pegel der Mosel in Trier weiter an. Die Stadt hat erste ' +
      'Uferstraßen gesperrt und rät den Anwohnern, ihre Keller zu räumen. Der Höchststand wird ' +
      'für Sonntag erwartet, sagte ein Sprecher der Feuerwehr am Freitag.\n',
  );
  fs.writeFileSync(
    path.join(dir, 'corpus/intl/vendanges.md'),
    '---\ndate: 2024-09-12\ndesk: Région\n---\n# Les vendanges commencent en Champagne\n\n' +
      "Les vendanges ont commencé jeudi dans la Marne, avec une semaine d'avance sur le calendrier " +
      "habituel. Les vignerons s'attendent à une récolte plus faible que l'an dernier, après un " +
      'printemps marqué par le gel et des pluies abondantes au mois de juin.\n',
  );
  writeQuoteCorpus(path.join(dir, 'corpus'));
  const index = path.join(dir, 'idx');
  execFileSync(bin, ['--index', index, 'index', path.join(dir, 'corpus'), '--quiet']);
  return { dir, index };
}

/** Starts `atlas serve` on an ephemeral port; resolves with its URL. */
function serve(index) {
  const child = spawn(bin, ['--index', index, 'serve', '--addr', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      const m = line.match(/ at (http:\/\/127\.0\.0\.1:\d+\/)$/);
      if (m) resolve(m[1]);
      else reject(new Error('unexpected first line: ' + line));
    });
    child.once('exit', (code) => reject(new Error('atlas serve exited with ' + code)));
  });
  return { child, url };
}

async function main() {
  const { dir, index } = corpus();
  const server = serve(index);
  let browser;
  try {
    const url = await server.url;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1200, height: 820 } });
    const dialogs = [];
    const problems = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss();
    });
    page.on('pageerror', (e) => problems.push('page error: ' + e.message));
    // CSP violations and failed loads are reported as console errors.
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`);
    });

    await page.goto(url);
    await page.locator('#results .hit').first().waitFor();

    // `/` focuses the search box; Enter searches.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
    await page.keyboard.type('government');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=government/);
    await page.locator('#status', { hasText: 'of 9 articles' }).waitFor();
    assert.equal(await page.locator('#results .hit').count(), 9);
    assert.ok((await page.locator('#results mark').count()) > 0, 'snippets are highlighted');

    // A desk facet filters the results.
    const southAsia = page.locator('#desks .facet', { hasText: 'South Asia' });
    assert.equal(await southAsia.locator('.count').textContent(), '2');
    await southAsia.click();
    await page.waitForURL(/desk=South\+Asia/);
    await page.locator('#status', { hasText: 'of 2 articles' }).waitFor();
    assert.equal(await page.locator('#results .hit').count(), 2);
    for (const meta of await page.locator('#results .hit .meta').allTextContents()) {
      assert.match(meta, /South Asia/);
    }
    assert.equal(await southAsia.getAttribute('aria-pressed'), 'true');

    // Open an article; back returns to the filtered results.
    const first = page.locator('#results .hit h3 a').first();
    const title = await first.textContent();
    await first.click();
    await page.waitForURL(/id=/);
    await page.locator('#article h1', { hasText: title }).waitFor();
    assert.ok((await page.locator('#article .body p').count()) > 3, 'full text shown');
    await page.goBack();
    await page.locator('#status', { hasText: 'of 2 articles' }).waitFor();
    assert.ok(page.url().includes('desk=South+Asia'));

    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(root, 'docs/screenshot.png') });

    // Clicking the chosen desk again drops the filter.
    await page.locator('#desks .facet', { hasText: 'South Asia' }).click();
    await page.locator('#status', { hasText: 'of 9 articles' }).waitFor();

    // Languages: no facet while the answer has one; a facet when it has
    // more, with the CLI's counts, that filters to the CLI's hits.
    assert.equal(await page.locator('#langs-filter').isHidden(), true, 'one language, no facet');
    // The page collapses copies (SPEC), so the CLI is asked to as well.
    const cli = (...args) =>
      JSON.parse(execFileSync(bin, ['--index', index, 'search', ...args, '--collapse', '--format', 'json']));
    const langs = cli('', '--facets', '--limit', '0').facets.lang;
    assert.ok(Object.keys(langs).length >= 3, JSON.stringify(langs));
    await page.locator('#q').fill('');
    await page.keyboard.press('Enter');
    const german = page.locator('#langs .facet[data-value="de"]');
    await german.waitFor();
    assert.equal(await german.locator('.name').textContent(), 'German');
    for (const [code, n] of Object.entries(langs)) {
      assert.equal(await page.locator(`#langs .facet[data-value="${code}"] .count`).textContent(), String(n));
    }
    await german.click();
    await page.waitForURL(/lang=de/);
    const inGerman = cli('', '--lang', 'de', '--limit', '100');
    await page.locator('#status', { hasText: `of ${inGerman.total_hits} article` }).waitFor();
    assert.deepEqual(
      (await page.locator('#results .hit h3 a').allTextContents()).sort(),
      inGerman.hits.map((h) => h.title).sort(),
    );
    assert.equal(await page.locator('#langs .facet[data-value="de"]').getAttribute('aria-pressed'), 'true');
    await page.locator('#langs .facet[data-value="de"]').click();
    await page.waitForURL((u) => !u.search.includes('lang='));

    // Pagination: page 2, and back to page 1.
    await page.locator('#q').fill('almanac');
    await page.keyboard.press('Enter');
    await page.locator('#status', { hasText: '1–10 of 12 articles' }).waitFor();
    await page.locator('#pager button', { hasText: 'Next' }).click();
    await page.waitForURL(/page=2/);
    await page.locator('#status', { hasText: '11–12 of 12 articles' }).waitFor();
    assert.equal(await page.locator('#results .hit').count(), 2);
    await page.goBack();
    await page.locator('#status', { hasText: '1–10 of 12 articles' }).waitFor();

    // The timeline: a drag over bars sets From/To, the URL and the hits.
    const hist = (await (await fetch(url + 'api/search?q=almanac&histogram=day&limit=0')).json()).histogram;
    const days = Object.keys(hist);
    assert.equal(days.length, 12);
    await page.locator('#q').fill('almanac');
    await page.keyboard.press('Enter');
    await page.locator('#status', { hasText: '1–10 of 12 articles' }).waitFor();
    const bars = page.locator('#timeline .bar');
    await bars.nth(11).waitFor();
    assert.equal(await bars.count(), days.length, 'one bar per day (months would be one bar)');
    const from = await bars.nth(2).locator('.hit-area').boundingBox();
    const to = await bars.nth(5).locator('.hit-area').boundingBox();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForURL(new RegExp(`since=${days[2]}&until=${days[5]}`));
    const inRange = days.slice(2, 6).reduce((sum, d) => sum + hist[d], 0);
    await page.locator('#status', { hasText: `of ${inRange} articles` }).waitFor();
    assert.equal(await page.locator('#results .hit').count(), inRange);
    assert.equal(await page.locator('#since').inputValue(), days[2]);
    assert.equal(await page.locator('#until').inputValue(), days[5]);
    // Keyboard: the bars are focusable buttons with labels; End, Enter narrows to one.
    await page.goBack();
    await page.locator('#status', { hasText: '1–10 of 12 articles' }).waitFor();
    const firstBar = page.locator('#timeline .bar').first();
    assert.match(await firstBar.getAttribute('aria-label'), /^1 January 2023: 1 article$/);
    await firstBar.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`since=${days[11]}&until=${days[11]}`));
    await page.locator('#status', { hasText: 'of 1 article' }).waitFor();
    // Readable on a phone: the chart fits the width.
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goBack();
    await page.locator('#status', { hasText: '1–10 of 12 articles' }).waitFor();
    const box = await page.locator('#timeline .chart').boundingBox();
    assert.ok(box.width > 200 && box.x + box.width <= 390, `timeline fits a phone: ${JSON.stringify(box)}`);
    await page.setViewportSize({ width: 1200, height: 820 });
    // Copies are collapsed under one hit, expand on a click, and an open
    // article lists its copies and related coverage.
    await page.locator('#q').fill('levee');
    await page.keyboard.press('Enter');
    await page.locator('#status', { hasText: 'of 2 articles' }).waitFor();
    const copies = page.locator('#results .hit details.copies');
    assert.equal(await copies.count(), 1, 'one hit has copies');
    assert.equal(await copies.locator('summary').textContent(), '2 copies');
    assert.equal(await copies.locator('li a').first().isVisible(), false, 'collapsed by default');
    await copies.locator('summary').click();
    assert.equal(await copies.locator('li a').count(), 2);
    assert.equal(await copies.locator('li a').first().isVisible(), true);
    await copies.locator('li a').first().click();
    await page.waitForURL(/id=wire/);
    await page.locator('#article .related h2', { hasText: 'Copies' }).waitFor();
    assert.equal(await page.locator('#article .related').first().locator('li').count(), 2);
    const related = page.locator('#article .related', { hasText: 'Related' });
    assert.equal(await related.locator('li a').first().textContent(),
      'Harlow breach revives fight over who pays for flood defences');

    // Who said what: the quotes view and an article's quotes.
    await checkQuotes(page, url, index, problems);

    // The hostile title is text in the results and in the article view.
    await page.goto(url);
    await page.locator('#q').fill('quokka');
    await page.keyboard.press('Enter');
    await page.locator('#status', { hasText: 'of 1 article' }).waitFor();
    const link = page.locator('#results .hit h3 a');
    assert.equal(await link.textContent(), XSS_TITLE);
    await link.click();
    await page.locator('#article h1').waitFor();
    assert.equal(await page.locator('#article h1').textContent(), XSS_TITLE);
    assert.equal(await page.locator('img').count(), 0, 'no <img> was created');
    // Let a would-be onerror handler fire, if there were one.
    await page.waitForTimeout(300);
    assert.deepEqual(dialogs, [], 'no dialog fired');
    assert.deepEqual(problems, [], 'no script errors or CSP violations');
    console.log('e2e: ok (search, desk facet, language facet, article view, back, pages, timeline, copies, related, quotes, hostile title)');
  } finally {
    if (browser) await browser.close();
    server.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
