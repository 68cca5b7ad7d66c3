// One webhook's page: its card and its delivery log, newest first, filtered by status, paged with
// the API's cursor, refreshed in place every few seconds so new deliveries and outcomes appear
// without moving the keyboard focus. A delivery opens its attempts; failed ones can be retried.

import { ApiError, call, seg } from './api.js';
import { badge, focusHeading, h, time, uid } from './dom.js';
import { act, announce } from './messages.js';
import { webhookCard } from './webhooks.js';

const STATUSES = ['pending', 'retrying', 'succeeded', 'dead', 'skipped'];
const REFRESH_MS = 3000;
const COLUMNS = ['Created', 'Event', 'Status', 'Attempts', 'Last answer', 'Next attempt', 'Actions'];

/** A datetime-local value for a Date, in the reader's time zone. */
function localInputValue(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function lastAnswer(delivery) {
  if (delivery.lastStatusCode) {
    return `HTTP ${delivery.lastStatusCode}`;
  }
  return delivery.lastError || '—';
}

function attemptsTable(delivery) {
  if (!delivery.attempts.length) {
    return h('p', { class: 'empty' }, 'No attempt yet.');
  }
  return h('table', { class: 'attempts' },
    h('caption', {}, `Attempts of delivery ${delivery.id} (event ${delivery.eventId})`),
    h('thead', {}, h('tr', {}, ['#', 'Started', 'Duration', 'Status code', 'Response excerpt', 'Error']
      .map((name) => h('th', { scope: 'col' }, name)))),
    h('tbody', {}, delivery.attempts.map((a) => h('tr', {},
      h('td', { 'data-label': '#' }, String(a.attempt)),
      h('td', { 'data-label': 'Started' }, time(a.startedAt)),
      h('td', { 'data-label': 'Duration' }, `${a.durationMs} ms`),
      h('td', { 'data-label': 'Status code' }, a.statusCode == null ? '—' : String(a.statusCode)),
      h('td', { 'data-label': 'Response excerpt' }, a.responseExcerpt ? h('code', { class: 'excerpt' }, a.responseExcerpt) : '—'),
      h('td', { 'data-label': 'Error' }, a.error || '—')))));
}

export async function showWebhook(view, webhookId, signal) {
  const webhook = await call('GET', `/webhooks/${seg(webhookId)}`);
  if (signal.aborted) {
    return;
  }
  const rows = new Map(); // delivery id -> its row
  const watched = new Set(); // deliveries retried from here: their outcome is announced
  let cursor = null;

  const heading = h('h2', {}, 'Webhook ', h('code', {}, webhook.id));
  const back = h('p', {}, h('a', { href: `#/lists/${seg(webhook.listId)}` }, `All webhooks of list ${webhook.listId}`));
  const card = webhookCard(webhook, {
    linkToLog: false,
    onDeleted: () => { location.hash = `#/lists/${seg(webhook.listId)}`; },
    onTestSent: () => reload(),
  });

  const filter = h('select', { name: 'status' },
    h('option', { value: '' }, 'all'), STATUSES.map((s) => h('option', { value: s }, s)));
  filter.addEventListener('change', () => act(reload));
  const auto = h('input', { type: 'checkbox', checked: true });
  const since = h('input', { type: 'datetime-local', name: 'since', required: true, value: localInputValue(new Date(Date.now() - 24 * 3600 * 1000)) });
  const recover = h('form', { class: 'recover-form' },
    h('label', {}, 'Recover failed deliveries since ', since),
    h('button', { type: 'submit' }, 'Recover'));
  recover.addEventListener('submit', (event) => {
    event.preventDefault();
    act(async () => {
      const from = new Date(since.value);
      if (Number.isNaN(from.getTime())) {
        throw new ApiError(0, 'Invalid time', 'Choose the date and time to recover from.');
      }
      const iso = from.toISOString().replace(/\.\d{3}Z$/, 'Z');
      const answer = await call('POST', `/webhooks/${seg(webhook.id)}/recover?since=${seg(iso)}`);
      announce(`${answer.requeued} failed ${answer.requeued === 1 ? 'delivery' : 'deliveries'} since ${from.toLocaleString()} queued again.`);
      await reload();
    });
  });

  const logId = uid('log');
  const tbody = h('tbody');
  const table = h('table', { class: 'deliveries', 'aria-labelledby': logId },
    h('thead', {}, h('tr', {}, COLUMNS.map((c) => h('th', { scope: 'col' }, c === 'Actions' ? h('span', { class: 'visually-hidden' }, c) : c)))),
    tbody);
  const empty = h('p', { class: 'empty', hidden: true }, 'No deliveries.');
  const more = h('button', { type: 'button', hidden: true, onclick: () => act(loadMore) }, 'Older deliveries');

  view.replaceChildren(heading, back, card.element,
    h('section', { class: 'log', 'aria-labelledby': logId },
      h('h3', { id: logId }, 'Delivery log'),
      h('div', { class: 'toolbar' },
        h('label', {}, 'Status ', filter),
        h('button', { type: 'button', onclick: () => act(reload) }, 'Refresh'),
        h('label', { class: 'check' }, auto, ' Refresh every few seconds')),
      recover,
      h('div', { class: 'table-wrap' }, table),
      empty, more));
  focusHeading(heading);

  function query(after) {
    const params = new URLSearchParams({ limit: '25' });
    if (filter.value) {
      params.set('status', filter.value);
    }
    if (after) {
      params.set('cursor', after);
    }
    return `/webhooks/${seg(webhook.id)}/deliveries?${params}`;
  }

  function cells(delivery) {
    return [
      h('td', { 'data-label': 'Created' }, time(delivery.createdAt)),
      h('td', { 'data-label': 'Event' }, delivery.eventType, h('br'), h('small', {}, delivery.eventId)),
      h('td', { 'data-label': 'Status', class: 'status' }, badge(delivery.status)),
      h('td', { 'data-label': 'Attempts', class: 'attempt-count' }, String(delivery.attemptCount)),
      h('td', { 'data-label': 'Last answer' }, lastAnswer(delivery)),
      h('td', { 'data-label': 'Next attempt' }, time(delivery.nextAttemptAt)),
    ];
  }

  /** A delivery's row and its (hidden) attempts row; the buttons stay the same elements on refresh. */
  function makeRow(delivery) {
    const detailsId = uid('attempts');
    const details = h('tr', { class: 'details', id: detailsId, hidden: true }, h('td', { colspan: String(COLUMNS.length) }));
    const show = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': detailsId, dataset: { action: 'attempts' } }, 'Attempts');
    const retry = h('button', { type: 'button', dataset: { action: 'retry' } }, 'Retry');
    const actions = h('td', { class: 'row-actions', 'data-label': 'Actions' }, show, ' ', retry);
    const row = h('tr', { dataset: { deliveryId: delivery.id, status: delivery.status } }, cells(delivery), actions);
    const entry = { row, details, delivery, open: false };
    const label = () => `of delivery ${entry.delivery.id}, ${entry.delivery.eventType}, ${entry.delivery.status}`;
    show.setAttribute('aria-label', `Attempts ${label()}`);
    retry.setAttribute('aria-label', `Retry ${label()}`);

    show.addEventListener('click', () => act(async () => {
      entry.open = !entry.open;
      show.setAttribute('aria-expanded', String(entry.open));
      details.hidden = !entry.open;
      if (entry.open) {
        await loadAttempts(entry);
      }
    }));
    retry.addEventListener('click', () => act(async () => {
      const answer = await call('POST', `/deliveries/${seg(delivery.id)}/retry`);
      watched.add(delivery.id);
      update(entry, answer);
      announce(`Delivery ${delivery.id} is being delivered again.`);
    }));
    entry.relabel = () => {
      show.setAttribute('aria-label', `Attempts ${label()}`);
      retry.setAttribute('aria-label', `Retry ${label()}`);
    };
    rows.set(delivery.id, entry);
    return entry;
  }

  async function loadAttempts(entry) {
    const full = await call('GET', `/deliveries/${seg(entry.delivery.id)}`);
    entry.details.firstChild.replaceChildren(attemptsTable(full));
  }

  /** Shows a delivery's new state in its existing row (and its attempts, when open). */
  function update(entry, delivery) {
    const changed = delivery.status !== entry.delivery.status || delivery.attemptCount !== entry.delivery.attemptCount;
    if (!changed) {
      return;
    }
    entry.delivery = delivery;
    entry.row.dataset.status = delivery.status;
    // cell by cell: the actions cell stays, and with it the keyboard focus on its buttons
    cells(delivery).forEach((cell, i) => entry.row.children[i].replaceWith(cell));
    entry.relabel();
    if (entry.open) {
      loadAttempts(entry).catch(() => {});
    }
    if (watched.has(delivery.id) && (delivery.status === 'succeeded' || delivery.status === 'dead')) {
      watched.delete(delivery.id);
      announce(`Delivery ${delivery.id} ${delivery.status === 'succeeded' ? 'succeeded' : 'failed again and is dead'}.`);
    }
  }

  function showEmpty() {
    empty.hidden = rows.size > 0;
    table.hidden = rows.size === 0;
  }

  /** The first page again, from scratch (a new filter, or the Refresh button). */
  async function reload() {
    const page = await call('GET', query(null));
    if (signal.aborted) {
      return;
    }
    rows.clear();
    tbody.replaceChildren();
    for (const delivery of page.items) {
      const entry = makeRow(delivery);
      tbody.append(entry.row, entry.details);
    }
    cursor = page.nextCursor;
    more.hidden = !cursor;
    showEmpty();
    await card.refresh();
  }

  async function loadMore() {
    const page = await call('GET', query(cursor));
    for (const delivery of page.items) {
      if (!rows.has(delivery.id)) {
        const entry = makeRow(delivery);
        tbody.append(entry.row, entry.details);
      }
    }
    cursor = page.nextCursor;
    more.hidden = !cursor;
    showEmpty();
  }

  /** The first page merged into what is shown: new deliveries on top, known ones updated in place. */
  async function refresh() {
    const page = await call('GET', query(null));
    if (signal.aborted) {
      return;
    }
    let anchor = tbody.firstChild;
    for (const delivery of page.items) {
      const known = rows.get(delivery.id);
      if (known) {
        update(known, delivery);
        anchor = known.details.nextSibling;
      } else {
        const entry = makeRow(delivery);
        tbody.insertBefore(entry.details, anchor);
        tbody.insertBefore(entry.row, entry.details);
      }
    }
    if (cursor === null) {
      cursor = page.nextCursor;
      more.hidden = !cursor;
    }
    showEmpty();
    await card.refresh();
  }

  await reload();

  (async function poll() {
    while (!signal.aborted) {
      await new Promise((resolve) => setTimeout(resolve, REFRESH_MS));
      if (signal.aborted) {
        return;
      }
      if (auto.checked && !document.hidden) {
        // a failed refresh is not worth an error message every few seconds; the next one may pass
        await refresh().catch(() => {});
      }
    }
  })();
}
