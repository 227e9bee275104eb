// atlas serve: the search page. The URL query string is the state (q, desk…,
// lang…, since, until, sort, page, id; view=quotes and speaker… for the quotes view
// of quotes.js), so links can be shared and back/forward
// work. Data from the API only ever reaches the page as text: the DOM is
// built with createElement/textContent, and the only markup made from data
// are the <mark> elements for highlight ranges.
'use strict';

const PAGE_SIZE = 10;
const $ = (id) => document.getElementById(id);
let generation = 0; // answers to superseded requests are dropped
let cameFromResults = false; // "back to results" can use history.back()

/** An element with a class and children (strings become text nodes). */
function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function readState() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get('q') || '',
    desks: p.getAll('desk'),
    langs: p.getAll('lang'),
    since: p.get('since') || '',
    until: p.get('until') || '',
    sort: p.get('sort') || 'relevance',
    page: Math.max(1, parseInt(p.get('page'), 10) || 1),
    id: p.get('id') || '',
    view: p.get('view') === 'quotes' ? 'quotes' : '',
    speakers: p.getAll('speaker'),
  };
}

function stateUrl(s) {
  const p = new URLSearchParams();
  if (s.view) p.set('view', s.view);
  if (s.q) p.set('q', s.q);
  for (const d of s.desks) p.append('desk', d);
  for (const l of s.langs || []) p.append('lang', l);
  for (const name of s.speakers || []) p.append('speaker', name);
  if (s.since) p.set('since', s.since);
  if (s.until) p.set('until', s.until);
  if (s.sort && s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.page > 1) p.set('page', String(s.page));
  if (s.id) p.set('id', s.id);
  const qs = p.toString();
  return qs ? '/?' + qs : '/';
}

function go(s) {
  cameFromResults = !!s.id && !readState().id;
  history.pushState(null, '', stateUrl(s));
  render();
}

/** The API's JSON, or an Error carrying its `error` message. */
async function api(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json' } });
  let body = null;
  try {
    body = await res.json();
  } catch (_) {
    /* not JSON: reported below */
  }
  if (!res.ok) throw new Error((body && body.error) || res.status + ' ' + res.statusText);
  return body;
}

function searchParams(s, overrides) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const d of s.desks) p.append('desk', d);
  for (const l of s.langs || []) p.append('lang', l);
  if (s.since) p.set('since', s.since);
  if (s.until) p.set('until', s.until);
  p.set('sort', s.sort);
  p.set('limit', String(PAGE_SIZE));
  p.set('offset', String((s.page - 1) * PAGE_SIZE));
  p.set('facets', 'true');
  // A wire story is shown once, its copies one click away (SPEC).
  p.set('collapse', 'true');
  for (const [k, v] of Object.entries(overrides || {})) {
    if (v === null) p.delete(k);
    else p.set(k, v);
  }
  return p;
}

/**
 * The snippet as text nodes and <mark>s. `highlights` are byte ranges into
 * the UTF-8 snippet; JS strings are UTF-16, so cut the bytes, then decode.
 */
function highlighted(text, ranges) {
  const frag = document.createDocumentFragment();
  const bytes = new TextEncoder().encode(text);
  const decode = (a, b) => new TextDecoder().decode(bytes.subarray(a, b));
  let at = 0;
  for (const [a, b] of ranges || []) {
    if (a < at || a >= b || b > bytes.length) continue;
    if (a > at) frag.append(decode(at, a));
    frag.append(el('mark', null, decode(a, b)));
    at = b;
  }
  if (at < bytes.length) frag.append(decode(at, bytes.length));
  return frag;
}

function meta(item) {
  const parts = [];
  if (item.date) parts.push(item.date);
  if (item.authors && item.authors.length) parts.push(item.authors.join(', '));
  if (item.desk) parts.push(item.desk);
  return parts.join(' · ');
}

function setStatus(text, isError) {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('error', !!isError);
}

function fillForm(s) {
  $('q').value = s.q;
  $('since').value = s.since;
  $('until').value = s.until;
  $('sort').value = s.sort;
}

async function render() {
  const s = readState();
  const mine = ++generation;
  fillForm(s);
  document.body.classList.toggle('reading', !!s.id);
  AtlasQuotes.showView(s);
  $('results').hidden = !!s.id;
  if (s.id) $('timeline').hidden = true;
  $('pager').hidden = !!s.id;
  $('article').hidden = !s.id;
  try {
    if (s.id) await renderArticle(s, mine);
    else if (s.view === 'quotes') await AtlasQuotes.render(s, mine);
    else await renderResults(s, mine);
  } catch (err) {
    if (mine !== generation) return;
    $('results').replaceChildren();
    $('timeline').hidden = true;
    $('pager').replaceChildren();
    $('article').replaceChildren();
    $('speakers').replaceChildren();
    setStatus(err.message, true);
  }
}

async function renderResults(s, mine) {
  setStatus('Searching…');
  let period = 'month';
  let data = await api('/api/search?' + searchParams(s, { histogram: period }));
  const better = AtlasTimeline.refine(period, data.histogram);
  if (better) {
    period = better;
    data = await api('/api/search?' + searchParams(s, { histogram: period }));
  }
  // With desks or languages chosen, count them without that filter so
  // others stay pickable.
  const countsWithout = async (key, field) =>
    (await api('/api/search?' + searchParams(s, { [key]: null, limit: '0', offset: '0' }))).facets[field];
  const deskCounts = s.desks.length ? await countsWithout('desk', 'desk') : data.facets.desk;
  const langCounts = s.langs.length ? await countsWithout('lang', 'lang') : data.facets.lang;
  if (mine !== generation) return;

  document.title = s.q ? s.q + ' — Atlas' : 'Atlas — archive search';
  renderDesks(s, deskCounts);
  renderLangs(s, langCounts);
  AtlasTimeline.draw($('timeline'), data.histogram, (since, until) => {
    go({ ...s, since, until, page: 1, id: '' });
  });

  const first = (s.page - 1) * PAGE_SIZE + 1;
  const last = first + data.hits.length - 1;
  const noun = data.total_hits === 1 ? 'article' : 'articles';
  if (data.total_hits === 0) setStatus('No articles found.');
  else if (data.hits.length === 0) setStatus(`No more results (${data.total_hits} ${noun}).`);
  else setStatus(`${first}–${last} of ${data.total_hits} ${noun}`);
  const suggestions = didYouMean(s, data.suggestions || []);
  if (suggestions) $('status').append(' ', suggestions);

  $('results').replaceChildren(
    ...data.hits.map((hit) => {
      const link = el('a', null, hit.title);
      link.href = stateUrl({ ...s, id: hit.id });
      link.addEventListener('click', (e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        go({ ...s, id: hit.id });
      });
      return el(
        'li',
        'hit',
        el('h3', null, link),
        el('p', 'meta', meta(hit)),
        hit.snippet
          ? el(
              'p',
              'snippet',
              hit.page ? el('span', 'page', `p. ${hit.page}: `) : null,
              highlighted(hit.snippet, hit.highlights),
            )
          : null,
        el('p', 'id', hit.id),
        copiesOf(s, hit),
      );
    }),
  );
  renderPager(s, data.total_hits);
}

/** "Did you mean: gaddafi (1,204 articles)?", each suggestion a link that runs it. */
function didYouMean(s, suggestions) {
  const links = [];
  for (const sug of suggestions) {
    let next = null;
    let label = null;
    if (sug.query !== undefined) {
      next = { ...s, q: sug.query, page: 1, id: '' };
      label = sug.query;
    } else if (sug.field === 'desk') {
      next = { ...s, desks: [sug.value], page: 1, id: '' };
      label = `desk ${sug.value}`;
    }
    if (!next) continue;
    const link = el('a', 'suggestion', label);
    link.href = stateUrl(next);
    link.addEventListener('click', (e) => {
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      go(next);
    });
    const n = sug.total_hits;
    if (links.length) links.push(' or ');
    links.push(link, ` (${n.toLocaleString('en-US')} ${n === 1 ? 'article' : 'articles'})`);
  }
  return links.length ? el('span', 'did-you-mean', 'Did you mean: ', ...links, '?') : null;
}

/** A link that opens one article (the page's own navigation on a plain click). */
function articleLink(s, id, text) {
  const link = el('a', null, text);
  link.href = stateUrl({ ...s, id });
  link.addEventListener('click', (e) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    go({ ...s, id });
  });
  return link;
}

/** "N copies", expanding to the copies' ids (a <details>: no script needed to open it). */
function copiesOf(s, hit) {
  if (!hit.copies) return null;
  const summary = el('summary', null, hit.copies === 1 ? '1 copy' : `${hit.copies} copies`);
  const list = el('ul', null, ...(hit.copy_ids || []).map((id) => el('li', null, articleLink(s, id, id))));
  if (hit.copies > (hit.copy_ids || []).length) list.append(el('li', 'more', '…'));
  return el('details', 'copies', summary, list);
}

/** Copies and related coverage under an open article. */
async function renderRelated(s, mine, where) {
  let r;
  try {
    r = await api('/api/articles/' + encodeURIComponent(s.id) + '/related');
  } catch (_) {
    return; // the article itself is shown; a missing list is not an error
  }
  if (mine !== generation) return;
  const section = (label, hits, what) => {
    if (!hits.length) return null;
    const items = hits.map((h) =>
      el('li', null, articleLink(s, h.id, h.title || h.id), el('span', 'meta', ` ${meta(h)} · ${what} ${h.score}`)),
    );
    return el('section', 'related', el('h2', null, label), el('ol', null, ...items));
  };
  where.replaceChildren(
    ...[section('Copies', r.copies, 'similarity'), section('Related', r.related, 'score')].filter(Boolean),
  );
}

function renderDesks(s, counts) {
  renderFacet($('desks'), counts, s.desks, 'No desks', (name) => name, (desks) => go({ ...s, desks, page: 1 }));
}

/** Languages by their English names ("German"), filtered by code (`lang=de`). */
function renderLangs(s, counts) {
  const names = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'language' }) : null;
  const label = (code) => {
    try {
      return (names && names.of(code)) || code;
    } catch (_) {
      return code; // `und` and codes Intl does not know
    }
  };
  // One language in the whole answer is no choice to offer.
  $('langs-filter').hidden = Object.keys(counts || {}).length < 2 && !s.langs.length;
  renderFacet($('langs'), counts, s.langs, 'No languages', label, (langs) => go({ ...s, langs, page: 1 }));
}

/**
 * A facet list: one toggle button per value with its count, chosen values
 * pressed (and kept even at 0); `apply` gets the new chosen values.
 */
function renderFacet(list, counts, chosen, emptyText, label, apply) {
  const same = (a, b) => a.toLowerCase() === b.toLowerCase();
  const entries = Object.entries(counts || {});
  for (const c of chosen) {
    if (!entries.some(([value]) => same(value, c))) entries.push([c, 0]);
  }
  entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (!entries.length) {
    list.replaceChildren(el('li', 'empty', emptyText));
    return;
  }
  list.replaceChildren(
    ...entries.map(([value, n]) => {
      const on = chosen.some((c) => same(c, value));
      const button = el('button', 'facet', el('span', 'name', label(value)), el('span', 'count', String(n)));
      button.type = 'button';
      button.dataset.value = value;
      button.setAttribute('aria-pressed', String(on));
      button.addEventListener('click', () => {
        apply(on ? chosen.filter((c) => !same(c, value)) : [...chosen, value]);
      });
      return el('li', null, button);
    }),
  );
}

function renderPager(s, total) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pager = $('pager');
  if (pages === 1) {
    pager.replaceChildren();
    return;
  }
  const button = (label, page, disabled) => {
    const b = el('button', null, label);
    b.type = 'button';
    b.disabled = disabled;
    b.addEventListener('click', () => {
      go({ ...s, page });
      window.scrollTo(0, 0);
    });
    return b;
  };
  // "Newer/older" fits date order; relevance pages are just previous/next.
  const byDate = s.sort === 'newest' || (s.sort === 'relevance' && !s.q);
  pager.replaceChildren(
    button(byDate ? '← Newer' : '← Previous', s.page - 1, s.page <= 1),
    el('span', 'page', `Page ${s.page} of ${pages}`),
    button(byDate ? 'Older →' : 'Next →', s.page + 1, s.page >= pages),
  );
}

async function renderArticle(s, mine) {
  setStatus('Loading article…');
  const a = await api('/api/articles/' + encodeURIComponent(s.id));
  if (mine !== generation) return;
  setStatus('');
  document.title = a.title + ' — Atlas';

  const back = el('a', 'back', '← Back to results');
  back.href = stateUrl({ ...s, id: '' });
  back.addEventListener('click', (e) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    backToResults(s);
  });

  const title = el('h1', null, a.title);
  title.tabIndex = -1;
  const details = el('dl', 'details');
  const add = (label, value) => {
    if (value) details.append(el('dt', null, label), el('dd', null, value));
  };
  add('By', a.authors && a.authors.join(', '));
  add('Desk', a.desk);
  add('Date', a.date);
  add('Tags', a.tags && a.tags.join(', '));
  add('Id', a.id);
  if (a.url) {
    // Only web links become links (never `javascript:` and the like).
    const url = /^https?:\/\//i.test(a.url) ? el('a', null, a.url) : a.url;
    if (typeof url !== 'string') {
      url.href = a.url;
      url.rel = 'noopener noreferrer';
    }
    add('Link', url);
  }

  const body = el('div', 'body');
  for (const para of a.body.split(/\n\s*\n|\n/)) {
    if (para.trim()) body.append(el('p', null, para.trim()));
  }
  const bio = a.bio ? el('p', 'bio', a.bio) : null;
  const related = el('div', 'related-list');
  const quotes = AtlasQuotes.ofArticle(a.quotes);
  // replaceChildren writes a null as the text "null": leave the absent out.
  $('article').replaceChildren(...[back, title, details, body, bio, quotes, related].filter(Boolean));
  renderRelated(s, mine, related);
  window.scrollTo(0, 0);
  title.focus({ preventScroll: true });
}

function backToResults(s) {
  if (cameFromResults) history.back();
  else go({ ...s, id: '' });
}

function submit() {
  const s = readState();
  go({
    ...s,
    q: $('q').value.trim(),
    since: $('since').value.trim(),
    until: $('until').value.trim(),
    sort: $('sort').value,
    page: 1,
    id: '',
  });
}

document.addEventListener('DOMContentLoaded', () => {
  $('search').addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  $('sort').addEventListener('change', submit);
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    const typing = t instanceof HTMLInputElement || t instanceof HTMLSelectElement ||
      t instanceof HTMLTextAreaElement || (t && t.isContentEditable);
    if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      $('q').focus();
      $('q').select();
    } else if (e.key === 'Escape' && readState().id && !typing) {
      backToResults(readState());
    }
  });
  window.addEventListener('popstate', () => {
    cameFromResults = false;
    render();
  });
  render();
});
