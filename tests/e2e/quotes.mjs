// The web page's "who said what" (SPEC "Who said what: quotes"), for
// serve.test.mjs: the quotes view (search, speaker facet, pages), following a
// quote to its article and the article's quotes with their speakers, a
// hostile quote shown as text, and the page without a quote index.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

// Articles written below; the counts the page must show follow from them.
const N = 6;
const TOWNS = ['Kessel', 'Brandvik', 'Orla', 'Tamsin', 'Ruddock', 'Vell'];
const HOSTILE_QUOTE = '<img src=x onerror=alert(2)> was painted across the reservoir gate,';
const OSEI = 2 * N; // "…," Osei said. "…," she added.
const BRANDT = N;
const TOTAL = OSEI + BRANDT + 1; // and the warden's quote

/** Reservoir stories quoting a minister and a farmer, and a hostile quote. */
export function writeQuoteCorpus(corpus) {
  const dir = path.join(corpus, 'reservoir');
  fs.mkdirSync(dir);
  for (let i = 1; i <= N; i++) {
    const day = String(i).padStart(2, '0');
    fs.writeFileSync(
      path.join(dir, `reservoir-${day}.txt`),
      `Title: Reservoir levels fall in ${TOWNS[i - 1]}\nAuthor: Jonah Pike\nDesk: Environment\n` +
        `Date: 2022-03-${day}\n\n` +
        `Water Minister Amara Osei visited the ${TOWNS[i - 1]} reservoir on day ${i} of the inspection.\n\n` +
        `"The reservoir will be full again by the spring, week ${i}," Osei said. ` +
        `"We are not rationing anyone's water yet," she added.\n\n` +
        `Tomas Brandt, who farms below the dam, was less sure. ` +
        `"My wells have been dry since the autumn of ${2020 + i}," said Brandt.\n`,
    );
  }
  fs.writeFileSync(
    path.join(dir, 'reservoir-gate.txt'),
    'Title: A message on the reservoir gate\nAuthor: Jonah Pike\nDesk: Environment\nDate: 2022-04-01\n\n' +
      'Someone painted a slogan on the Kessel reservoir gate overnight, said Ines Varga, the warden.\n\n' +
      `"${HOSTILE_QUOTE}" said Ines Varga.\n`,
  );
}

async function search(page, q, status) {
  await page.locator('#q').fill(q);
  await page.keyboard.press('Enter');
  await page.locator('#status', { hasText: status }).waitFor();
}

async function saidBy(page) {
  return (await page.locator('#results .quote-hit .said').allTextContents()).map((t) => t.trim());
}

/** Runs on the page of serve.test.mjs; `index` is the served index's folder. */
export async function checkQuotes(page, url, index, problems) {
  // The reservoir stories' months: no other article's quotes.
  await page.goto(url + '?since=2022-03&until=2022-04');
  await page.locator('#status', { hasText: `of ${N + 1} articles` }).waitFor();
  assert.equal(await page.locator('#speakers-filter').isVisible(), false, 'no speakers beside articles');

  // The tab opens the quotes view of the same dates, most-quoted speakers first.
  await page.locator('#view-quotes').click();
  await page.waitForURL(/view=quotes&since=2022-03&until=2022-04/);
  await page.locator('#status', { hasText: `1–10 of ${TOTAL} quotes` }).waitFor();
  assert.equal(await page.locator('#view-quotes').getAttribute('aria-current'), 'page');
  assert.equal(await page.locator('#desks-filter').isVisible(), false);
  const facet = (name) => page.locator('#speakers .facet', { hasText: name });
  assert.deepEqual(
    await page.locator('#speakers .facet .name').allTextContents(),
    ['Amara Osei', 'Tomas Brandt', 'Ines Varga'],
  );
  assert.equal(await facet('Amara Osei').locator('.count').textContent(), String(OSEI));
  assert.equal(await facet('Tomas Brandt').locator('.count').textContent(), String(BRANDT));
  assert.equal(await facet('Ines Varga').locator('.count').textContent(), '1');

  // Pages.
  await page.locator('#pager button', { hasText: 'Older →' }).click();
  await page.waitForURL(/page=2/);
  await page.locator('#status', { hasText: `11–${TOTAL} of ${TOTAL} quotes` }).waitFor();
  assert.equal(await page.locator('#results .quote-hit').count(), TOTAL - 10);
  await page.goBack();
  await page.locator('#status', { hasText: `1–10 of ${TOTAL} quotes` }).waitFor();

  // Search a quote: its words, its speaker.
  await search(page, '"full again by the spring"', `of ${N} quotes`);
  assert.deepEqual(await saidBy(page), Array(N).fill('— Amara Osei'));
  for (const text of await page.locator('#results .quote-hit .quote').allTextContents()) {
    assert.match(text, /^The reservoir will be full again by the spring, week \d,$/);
  }

  // The speaker facet narrows to one person; the others stay pickable.
  await search(page, 'spring OR wells', `of ${2 * N} quotes`);
  await facet('Tomas Brandt').click();
  await page.waitForURL(/speaker=Tomas\+Brandt/);
  await page.locator('#status', { hasText: `of ${N} quotes` }).waitFor();
  assert.deepEqual(await saidBy(page), Array(N).fill('— Tomas Brandt'));
  assert.equal(await facet('Tomas Brandt').getAttribute('aria-pressed'), 'true');
  assert.equal(await facet('Amara Osei').locator('.count').textContent(), String(N));

  // Follow a quote to its article: the article lists its quotes and speakers.
  const hit = page.locator('#results .quote-hit').first();
  const quoted = await hit.locator('.quote').textContent();
  const title = await hit.locator('.meta a').textContent();
  assert.match(title, /^Reservoir levels fall in /);
  assert.match(await hit.locator('.meta').textContent(), / · 2022-03-0\d · Environment$/);
  await hit.locator('.meta a').click();
  await page.waitForURL(/id=reservoir/);
  await page.locator('#article h1', { hasText: title }).waitFor();
  const quotes = page.locator('#article .article-quotes li');
  assert.equal(await page.locator('#article .article-quotes h2').textContent(), '3 quotes');
  assert.equal(await quotes.count(), 3);
  // No bio here: nothing absent is written out as "null".
  assert.doesNotMatch(await page.locator('#article').textContent(), /null|undefined/);
  const listed = [];
  for (let i = 0; i < 3; i++) {
    listed.push([
      await quotes.nth(i).locator('.quote').textContent(),
      (await quotes.nth(i).locator('.said').textContent()).trim(),
    ]);
  }
  assert.ok(listed.some(([text, by]) => text === quoted && by === '— Tomas Brandt'), JSON.stringify(listed));
  // "…," she added: the minister, by her fullest name.
  assert.deepEqual(listed[1], ["We are not rationing anyone's water yet,", '— Amara Osei']);
  await page.goBack();
  await page.locator('#status', { hasText: `of ${N} quotes` }).waitFor();
  assert.match(page.url(), /view=quotes.*speaker=Tomas\+Brandt/);

  // A speaker under an article links to all their quotes.
  await page.locator('#results .quote-hit .meta a').first().click();
  await page.locator('#article .article-quotes .speaker', { hasText: 'Amara Osei' }).first().click();
  await page.waitForURL(/view=quotes&speaker=Amara\+Osei/);
  await page.locator('#status', { hasText: `of ${OSEI} quotes` }).waitFor();
  assert.deepEqual(new Set(await saidBy(page)), new Set(['— Amara Osei']));

  // A quote carrying markup is shown as text.
  await page.goto(url + '?view=quotes&q=painted');
  await page.locator('#status', { hasText: 'of 1 quote' }).waitFor();
  assert.equal(await page.locator('#results .quote-hit .quote').textContent(), HOSTILE_QUOTE);
  assert.deepEqual(await saidBy(page), ['— Ines Varga']);
  assert.equal(await page.locator('img').count(), 0, 'no <img> was created');

  // Without a quote index: a clear message, and the rest of the page works.
  const quotesDir = path.join(index, '.quotes');
  fs.renameSync(quotesDir, quotesDir + '-away');
  try {
    const before = problems.length;
    await page.goto(url + '?view=quotes&q=spring');
    await page.locator('#status.error', { hasText: 'no quote index' }).waitFor();
    assert.equal(await page.locator('#results .quote-hit').count(), 0);
    // The browser logs the 503 itself: expected here, and nothing else.
    const logged = problems.splice(before);
    assert.ok(logged.every((p) => p.includes('503') && p.includes('/api/quotes')), JSON.stringify(logged));
    const articles = (await (await fetch(url + 'api/search?q=spring&limit=0&collapse=true')).json()).total_hits;
    assert.ok(articles >= N);
    await page.locator('#view-articles').click();
    await page.locator('#status', { hasText: `of ${articles} articles` }).waitFor();
    // An article's quotes are read from its text, not the quote index.
    await page.goto(url + '?id=' + encodeURIComponent('reservoir/reservoir-01.txt'));
    await page.locator('#article .article-quotes h2', { hasText: '3 quotes' }).waitFor();
  } finally {
    fs.renameSync(quotesDir + '-away', quotesDir);
  }
}
