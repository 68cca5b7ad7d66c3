// The at-a-glance chart: deliveries per hour by outcome as stacked bars, drawn as inline SVG.

import { h, uid } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
export const OUTCOMES = ['succeeded', 'retrying', 'dead'];
const BAR = 8;
const GAP = 2;
const HEIGHT = 48;

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

const hourFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * A figure with one bar per hour (oldest left) and a legend with the totals in words, so the
 * numbers never depend on telling colours apart.
 */
export function outcomeChart(stats) {
  const buckets = stats.buckets;
  const totals = Object.fromEntries(OUTCOMES.map((o) => [o, buckets.reduce((sum, b) => sum + b[o], 0)]));
  const highest = Math.max(1, ...buckets.map((b) => OUTCOMES.reduce((sum, o) => sum + b[o], 0)));
  const width = buckets.length * (BAR + GAP);
  const summary = `Last ${stats.hours} hours: ${totals.succeeded} succeeded, ${totals.retrying} retrying, ${totals.dead} dead`;
  const titleId = uid('chart-title');

  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${HEIGHT + 1}`,
    class: 'chart',
    role: 'img',
    'aria-labelledby': titleId,
    preserveAspectRatio: 'none',
  }, svg('title', { id: titleId }, summary));

  buckets.forEach((bucket, i) => {
    const group = svg('g', { class: 'hour' });
    const from = hourFormat.format(new Date(bucket.hour));
    group.append(svg('title', {}, `${from}: ${OUTCOMES.map((o) => `${bucket[o]} ${o}`).join(', ')}`));
    // a full-height transparent strip, so the hour's tooltip shows also where there are no deliveries
    group.append(svg('rect', { x: i * (BAR + GAP), y: 0, width: BAR + GAP, height: HEIGHT, class: 'hour-hit' }));
    let top = HEIGHT;
    for (const outcome of OUTCOMES) {
      const height = (bucket[outcome] / highest) * HEIGHT;
      if (height > 0) {
        top -= height;
        group.append(svg('rect', {
          x: i * (BAR + GAP) + GAP / 2, y: top, width: BAR, height, class: `bar bar-${outcome}`,
        }));
      }
    }
    chart.append(group);
  });
  chart.append(svg('line', { x1: 0, y1: HEIGHT + 0.5, x2: width, y2: HEIGHT + 0.5, class: 'baseline' }));

  const legend = h('ul', { class: 'legend' }, OUTCOMES.map((o) => h('li', {},
    h('span', { class: `swatch swatch-${o}`, 'aria-hidden': 'true' }),
    h('span', { class: 'legend-count', dataset: { outcome: o } }, String(totals[o])), ` ${o}`)));
  // the time axis in words: oldest hour left, the current one right
  const axis = h('div', { class: 'axis', 'aria-hidden': 'true' }, h('span', {}, `${stats.hours} h ago`), h('span', {}, 'now'));
  return h('figure', { class: 'glance', dataset: { succeeded: totals.succeeded, retrying: totals.retrying, dead: totals.dead } },
    h('div', { class: 'plot' }, chart, axis),
    h('figcaption', {}, h('span', { class: 'glance-title' }, `Last ${stats.hours} h`), legend));
}
