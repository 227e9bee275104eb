// atlas serve: who said what. The quotes view (GET /api/quotes: the query
// over quoted words, a speaker facet, the quoting article's dates, pages)
// and the quotes listed under an open article. It uses app.js's helpers
// (el, api, go, stateUrl, articleLink, setStatus, renderPager, generation),
// called only once the page has loaded. Like app.js, data reaches the page
// only as text.
'use strict';

const AtlasQuotes = (() => {
  const MAX_SPEAKERS = 25; // most-quoted first; a long tail is not a filter

  function params(s, overrides) {
    const p = new URLSearchParams();
    if (s.q) p.set('q', s.q);
    for (const name of s.speakers) p.append('speaker', name);
    if (s.since) p.set('since', s.since);
    if (s.until) p.set('until', s.until);
    p.set('sort', s.sort);
    p.set('limit', String(PAGE_SIZE));
    p.set('offset', String((s.page - 1) * PAGE_SIZE));
    p.set('facets', 'true');
    for (const [k, v] of Object.entries(overrides || {})) {
      if (v === null) p.delete(k);
      else p.set(k, v);
    }
    return p;
  }

  /** The state of the quotes view of one speaker (from an article's quote). */
  function bySpeaker(name) {
    return { q: '', desks: [], speakers: [name], since: '', until: '', sort: 'relevance', page: 1, id: '', view: 'quotes' };
  }

  /** A speaker's name as a link to their quotes, or "unattributed". */
  function speakerOf(name) {
    if (!name) return el('span', 'speaker none', 'unattributed');
    const link = el('a', 'speaker', name);
    const next = bySpeaker(name);
    link.href = stateUrl(next);
    link.addEventListener('click', (e) => {
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      go(next);
    });
    return link;
  }

  async function render(s, mine) {
    setStatus('Searching quotes…');
    let period = 'month';
    let data = await api('/api/quotes?' + params(s, { histogram: period }));
    const better = AtlasTimeline.refine(period, data.histogram);
    if (better) {
      period = better;
      data = await api('/api/quotes?' + params(s, { histogram: period }));
    }
    // With speakers chosen, count speakers without that filter so others stay pickable.
    const counts = s.speakers.length
      ? (await api('/api/quotes?' + params(s, { speaker: null, limit: '0', offset: '0' }))).facets.speaker
      : data.facets.speaker;
    if (mine !== generation) return;

    const label = [s.q, ...s.speakers].filter(Boolean).join(' · ');
    document.title = label ? `${label} — quotes — Atlas` : 'Quotes — Atlas';
    renderSpeakers(s, counts);
    AtlasTimeline.draw($('timeline'), data.histogram, (since, until) => {
      go({ ...s, since, until, page: 1, id: '' });
    });

    const first = (s.page - 1) * PAGE_SIZE + 1;
    const last = first + data.quotes.length - 1;
    const total = data.total_quotes;
    const noun = total === 1 ? 'quote' : 'quotes';
    if (total === 0) setStatus('No quotes found.');
    else if (data.quotes.length === 0) setStatus(`No more results (${total} ${noun}).`);
    else setStatus(`${first}–${last} of ${total} ${noun}`);

    $('results').replaceChildren(
      ...data.quotes.map((hit) => {
        const where = [hit.date, hit.desk].filter(Boolean).join(' · ');
        return el(
          'li',
          'hit quote-hit',
          el('blockquote', 'quote', hit.text),
          el('p', 'said', '— ', speakerOf(hit.speaker)),
          el('p', 'meta', 'in ', articleLink(s, hit.id, hit.title || hit.id), where ? ` · ${where}` : null),
        );
      }),
    );
    renderPager(s, total);
  }

  function renderSpeakers(s, counts) {
    const entries = Object.entries(counts || {});
    entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    entries.splice(MAX_SPEAKERS);
    for (const name of s.speakers) {
      if (!entries.some(([n]) => n.toLowerCase() === name.toLowerCase())) entries.push([name, 0]);
    }
    const list = $('speakers');
    if (!entries.length) {
      list.replaceChildren(el('li', 'empty', 'No speakers'));
      return;
    }
    list.replaceChildren(
      ...entries.map(([name, n]) => {
        const on = s.speakers.some((d) => d.toLowerCase() === name.toLowerCase());
        const button = el('button', 'facet', el('span', 'name', name), el('span', 'count', String(n)));
        button.type = 'button';
        button.setAttribute('aria-pressed', String(on));
        button.addEventListener('click', () => {
          const speakers = on
            ? s.speakers.filter((d) => d.toLowerCase() !== name.toLowerCase())
            : [...s.speakers, name];
          go({ ...s, speakers, page: 1 });
        });
        return el('li', null, button);
      }),
    );
  }

  /** The article's quotes with their speakers, or null when it has none. */
  function ofArticle(quotes) {
    if (!quotes || !quotes.length) return null;
    const items = quotes.map((q) =>
      el('li', null, el('blockquote', 'quote', q.text), el('p', 'said', '— ', speakerOf(q.speaker))),
    );
    const n = quotes.length;
    return el(
      'section',
      'article-quotes',
      el('h2', null, n === 1 ? '1 quote' : `${n} quotes`),
      el('ol', null, ...items),
    );
  }

  /** Articles or quotes: the tabs, the placeholder and which facets show. */
  function showView(s) {
    const quotes = s.view === 'quotes';
    const tabs = {
      articles: { ...s, view: '', speakers: [], page: 1, id: '' },
      quotes: { ...s, view: 'quotes', desks: [], langs: [], page: 1, id: '' },
    };
    for (const [name, next] of Object.entries(tabs)) {
      const tab = $('view-' + name);
      tab.href = stateUrl(next);
      tab.onclick = (e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        go(next);
      };
      if ((name === 'quotes') === quotes) tab.setAttribute('aria-current', 'page');
      else tab.removeAttribute('aria-current');
    }
    $('q').placeholder = quotes
      ? 'Search what was said — e.g. "resolve for stability", speaker:sharif'
      : 'Search articles — e.g. "resolve for stability", author:davenport';
    $('desks-filter').hidden = quotes;
    if (quotes) $('langs-filter').hidden = true;
    $('speakers-filter').hidden = !quotes;
  }

  return { render, renderSpeakers, ofArticle, showView };
})();
