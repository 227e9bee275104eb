// atlas serve: the timeline above the hits — an SVG bar chart of the current
// search's histogram (`histogram=` of /api/search), drawn here, no library.
// A click (or Enter/Space on a focused bar) narrows the search to that
// period; a drag over several bars (or Shift+arrows, then Enter) selects a
// range. Either way `onRange(first, last)` gets the period keys, which are
// date forms the From/To fields accept (2024, 2024-06, 2024-06-24).
'use strict';

const AtlasTimeline = (() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const WIDTH = 600; // viewBox units; the SVG scales to its box
  const HEIGHT = 72;
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
    'August', 'September', 'October', 'November', 'December'];

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }

  /** "June 2024", "24 June 2024", "2024": for labels read aloud. */
  function spoken(key) {
    const [y, m, d] = key.split('-');
    if (d) return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
    if (m) return `${MONTHS[Number(m) - 1]} ${y}`;
    return y;
  }

  /**
   * Draws `histogram` ({key: count}, keys in order) into `figure`, and
   * calls onRange(firstKey, lastKey) when a period or range is chosen.
   */
  function draw(figure, histogram, onRange) {
    const entries = Object.entries(histogram || {});
    figure.hidden = entries.length === 0;
    if (!entries.length) {
      figure.replaceChildren();
      return;
    }
    const max = Math.max(1, ...entries.map(([, n]) => n));
    const step = WIDTH / entries.length;
    const chart = svg('svg', {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      preserveAspectRatio: 'none',
      role: 'group',
      'aria-label': 'Matching articles over time: choose a period to narrow the search',
      class: 'chart',
    });
    const bars = entries.map(([key, n], i) => {
      const h = n === 0 ? 0 : Math.max(2, (n / max) * (HEIGHT - 4));
      const g = svg('g', {
        role: 'button',
        tabindex: i === 0 ? 0 : -1,
        'aria-label': `${spoken(key)}: ${n} ${n === 1 ? 'article' : 'articles'}`,
        class: 'bar',
        'data-key': key,
      });
      const title = svg('title');
      title.textContent = `${key}: ${n}`;
      // A full-height hit area, so short bars are easy to click and drag.
      g.append(
        title,
        svg('rect', { x: i * step, y: 0, width: step, height: HEIGHT, class: 'hit-area' }),
        svg('rect', { x: i * step + step * 0.1, y: HEIGHT - h, width: step * 0.8, height: h, class: 'fill' }),
      );
      chart.append(g);
      return g;
    });

    let anchor = null; // index where a drag or a Shift+arrow selection began
    let selected = null; // [lo, hi]
    const mark = (lo, hi) => {
      selected = [Math.min(lo, hi), Math.max(lo, hi)];
      bars.forEach((b, i) => b.classList.toggle('selected', i >= selected[0] && i <= selected[1]));
    };
    const choose = () => {
      if (selected) onRange(entries[selected[0]][0], entries[selected[1]][0]);
    };
    const indexAt = (event) => {
      const box = chart.getBoundingClientRect();
      const x = (event.clientX - box.left) / Math.max(1, box.width);
      return Math.min(entries.length - 1, Math.max(0, Math.floor(x * entries.length)));
    };

    chart.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      anchor = indexAt(e);
      mark(anchor, anchor);
      chart.setPointerCapture(e.pointerId);
    });
    chart.addEventListener('pointermove', (e) => {
      if (anchor !== null) mark(anchor, indexAt(e));
    });
    chart.addEventListener('pointerup', (e) => {
      if (anchor === null) return;
      mark(anchor, indexAt(e));
      anchor = null;
      choose();
    });
    chart.addEventListener('pointercancel', () => {
      anchor = null;
    });

    bars.forEach((bar, i) => {
      bar.addEventListener('keydown', (e) => {
        const move = { ArrowLeft: -1, ArrowRight: 1, Home: -i, End: entries.length - 1 - i }[e.key];
        if (move !== undefined) {
          e.preventDefault();
          const to = Math.min(entries.length - 1, Math.max(0, i + move));
          if (e.shiftKey) {
            if (anchor === null) anchor = i;
            mark(anchor, to);
          } else {
            anchor = null;
            mark(to, to);
          }
          bars[i].setAttribute('tabindex', '-1');
          bars[to].setAttribute('tabindex', '0');
          bars[to].focus();
        } else if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          if (!selected || selected[0] > i || selected[1] < i) mark(i, i);
          anchor = null;
          choose();
        }
      });
    });

    const axis = document.createElement('div');
    axis.className = 'axis';
    const first = document.createElement('span');
    first.textContent = entries[0][0];
    const last = document.createElement('span');
    last.textContent = entries[entries.length - 1][0];
    axis.append(first, last);
    const caption = document.createElement('figcaption');
    caption.className = 'visually-hidden';
    caption.textContent = 'Timeline. Click a bar or drag across bars to set From and To; ' +
      'with the keyboard, arrows move, Shift+arrows extend, Enter applies.';
    figure.replaceChildren(caption, chart, axis);
  }

  /** The period to ask for: months, unless that gives too many or too few bars. */
  function refine(period, histogram) {
    const n = Object.keys(histogram || {}).length;
    if (period === 'month' && n > 48) return 'year';
    if (period === 'month' && n > 0 && n <= 2) return 'day';
    return null;
  }

  return { draw, refine };
})();
