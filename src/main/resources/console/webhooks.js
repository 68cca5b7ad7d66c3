// Webhooks: the card that shows one (state, failure streak, last delivery, 24-hour chart) with its
// actions, the create and edit form, the one-time secret panel, and the view of a contact list.

import { call, seg } from './api.js';
import { badge, focusHeading, h, time, uid } from './dom.js';
import { act, announce } from './messages.js';
import { outcomeChart } from './chart.js';

export const EVENT_TYPES = [
  'contact.subscribed', 'contact.unsubscribed', 'contact.profile_updated', 'contact.email_changed', 'contact.cleaned',
];

/** Loads a webhook's last-24-hours counts into a slot; a failed chart does not hide the rest. */
export async function loadChart(slot, webhookId) {
  try {
    const stats = await call('GET', `/webhooks/${seg(webhookId)}/stats?hours=24`);
    slot.replaceChildren(outcomeChart(stats));
  } catch (e) {
    slot.replaceChildren(h('p', { class: 'chart-error' }, `Chart unavailable: ${e.title || e.message}`));
  }
}

function facts(webhook) {
  const state = webhook.enabled
    ? h('span', { class: 'badge badge-enabled' }, 'enabled')
    : [h('span', { class: 'badge badge-disabled' }, 'disabled'),
      webhook.disabledReason ? h('span', { class: 'reason' }, ` ${webhook.disabledReason}`) : null];
  const streak = webhook.failingSince ? ['failing since ', time(webhook.failingSince)] : h('span', { class: 'none' }, 'none');
  const last = webhook.lastDeliveryAt
    ? [time(webhook.lastDeliveryAt), ' ', badge(webhook.lastDeliveryStatus)]
    : h('span', { class: 'none' }, 'none yet');
  return h('dl', { class: 'facts' },
    h('div', {}, h('dt', {}, 'State'), h('dd', { class: 'state' }, state)),
    h('div', {}, h('dt', {}, 'Events'), h('dd', {}, webhook.events.join(', '))),
    h('div', {}, h('dt', {}, 'Format'), h('dd', {}, webhook.format)),
    h('div', {}, h('dt', {}, 'Failure streak'), h('dd', { class: 'streak' }, streak)),
    h('div', {}, h('dt', {}, 'Last delivery'), h('dd', { class: 'last-delivery' }, last)),
    h('div', {}, h('dt', {}, 'Id'), h('dd', {}, h('code', {}, webhook.id))));
}

/**
 * One webhook with its actions. `linkToLog` makes the URL a link to its delivery log;
 * `onDeleted` and `onTestSent` let the view react.
 */
export function webhookCard(initial, { linkToLog = true, onDeleted, onTestSent } = {}) {
  let webhook = initial;
  const titleId = uid('webhook');
  const title = h('h3', { id: titleId, class: 'webhook-url' });
  const description = h('p', { class: 'description' });
  const factsSlot = h('div');
  const chartSlot = h('div', { class: 'chart-slot' });
  const panel = h('div', { class: 'panel-slot' });
  const described = { 'aria-describedby': titleId };
  const toggle = h('button', { type: 'button', ...described, dataset: { action: 'toggle' }, onclick: () => setEnabled(!webhook.enabled) });
  const edit = h('button', { type: 'button', ...described, dataset: { action: 'edit' }, 'aria-expanded': 'false', onclick: openEdit }, 'Edit');

  const element = h('article', { class: 'card', 'aria-labelledby': titleId, dataset: { webhookId: webhook.id } },
    title, description, factsSlot, chartSlot,
    h('div', { class: 'actions' },
      linkToLog ? h('a', { class: 'button', href: `#/webhooks/${seg(webhook.id)}`, ...described }, 'Delivery log') : null,
      edit, toggle,
      h('button', { type: 'button', ...described, dataset: { action: 'test' }, onclick: sendTest }, 'Send test event'),
      h('button', { type: 'button', ...described, dataset: { action: 'rotate' }, onclick: rotate }, 'Rotate secret'),
      h('button', { type: 'button', class: 'danger', ...described, dataset: { action: 'delete' }, onclick: remove }, 'Delete')),
    panel);

  function render() {
    title.replaceChildren(linkToLog ? h('a', { href: `#/webhooks/${seg(webhook.id)}` }, webhook.url) : webhook.url);
    description.textContent = webhook.description || '';
    description.hidden = !webhook.description;
    factsSlot.replaceChildren(facts(webhook));
    toggle.textContent = webhook.enabled ? 'Disable' : 'Enable';
  }

  async function setEnabled(enabled) {
    await act(async () => {
      webhook = await call('PATCH', `/webhooks/${seg(webhook.id)}`, { enabled });
      render();
      announce(enabled ? 'Webhook enabled: deliveries resume.' : 'Webhook disabled: new events are recorded as skipped.');
    });
  }

  function openEdit() {
    if (panel.querySelector('form')) {
      return closePanel();
    }
    edit.setAttribute('aria-expanded', 'true');
    const form = webhookForm({
      webhook,
      onSubmit: async (values) => {
        const change = {};
        for (const [name, value] of Object.entries(values)) {
          if (JSON.stringify(value) !== JSON.stringify(webhook[name] ?? '')) {
            change[name] = value;
          }
        }
        if (Object.keys(change).length === 0) {
          announce('Nothing changed.');
          return;
        }
        webhook = await call('PATCH', `/webhooks/${seg(webhook.id)}`, change);
        render();
        closePanel();
        announce('Webhook saved.');
      },
      onCancel: closePanel,
    });
    panel.replaceChildren(form);
    form.querySelector('input').focus();
  }

  function closePanel() {
    panel.replaceChildren();
    edit.setAttribute('aria-expanded', 'false');
    edit.focus();
  }

  async function sendTest() {
    await act(async () => {
      const delivery = await call('POST', `/webhooks/${seg(webhook.id)}/test`);
      announce(`Test event sent as delivery ${delivery.id}.`);
      onTestSent?.(delivery);
    });
  }

  async function rotate() {
    if (!window.confirm(`Rotate the signing secret of ${webhook.url}? The current one keeps signing for a while, so the receiver can switch over.`)) {
      return;
    }
    await act(async () => {
      const rotated = await call('POST', `/webhooks/${seg(webhook.id)}/secret/rotate`);
      panel.replaceChildren(secretPanel(rotated.secret, rotated.previousSecretExpiresAt, closePanel));
      panel.querySelector('.secret-value').focus();
      announce('New signing secret made. It is shown once: copy it now.');
    });
  }

  async function remove() {
    if (!window.confirm(`Delete the webhook to ${webhook.url}? It receives nothing more and cannot be restored.`)) {
      return;
    }
    await act(async () => {
      await call('DELETE', `/webhooks/${seg(webhook.id)}`);
      announce(`Webhook ${webhook.url} deleted.`);
      onDeleted?.(webhook);
    });
  }

  render();
  loadChart(chartSlot, webhook.id);
  return {
    element,
    /** Shows the webhook as it is now (state, streak, last delivery) and redraws its chart. */
    async refresh() {
      webhook = await call('GET', `/webhooks/${seg(webhook.id)}`);
      render();
      await loadChart(chartSlot, webhook.id);
    },
    get webhook() {
      return webhook;
    },
  };
}

/** The create and edit form; `onSubmit` gets {url, events, format, description, enabled}. */
export function webhookForm({ webhook, onSubmit, onCancel }) {
  const editing = Boolean(webhook);
  const events = new Set(webhook ? webhook.events : ['contact.subscribed']);
  const legend = editing ? 'Edit webhook' : 'New webhook';
  const form = h('form', { class: 'webhook-form' },
    h('fieldset', {},
      h('legend', {}, legend),
      h('label', {}, 'Receiver URL',
        h('input', { type: 'url', name: 'url', required: true, value: webhook?.url ?? '', placeholder: 'https://crm.example.com/hooks', autocomplete: 'url' })),
      h('fieldset', { class: 'events' },
        h('legend', {}, 'Events'),
        EVENT_TYPES.map((type) => h('label', { class: 'check' },
          h('input', { type: 'checkbox', name: 'events', value: type, checked: events.has(type) }), ` ${type}`))),
      h('label', {}, 'Body format',
        h('select', { name: 'format' },
          h('option', { value: 'json' }, 'JSON (Standard Webhooks)'),
          h('option', { value: 'form' }, 'Form (Mailchimp style)'))),
      h('label', {}, 'Description',
        h('input', { type: 'text', name: 'description', maxlength: '500', value: webhook?.description ?? '' })),
      h('label', { class: 'check' },
        h('input', { type: 'checkbox', name: 'enabled', checked: webhook ? webhook.enabled : true }), ' Enabled'),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, editing ? 'Save changes' : 'Create webhook'),
        h('button', { type: 'button', onclick: onCancel }, 'Cancel'))));
  form.elements.format.value = webhook?.format ?? 'json';
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const values = {
      url: data.get('url').trim(),
      events: data.getAll('events'),
      format: data.get('format'),
      description: data.get('description').trim(),
      enabled: form.elements.enabled.checked,
    };
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    try {
      await act(() => onSubmit(values));
    } finally {
      submit.disabled = false;
    }
  });
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      onCancel();
    }
  });
  return form;
}

/** A new secret, shown this once, with a copy button. */
export function secretPanel(secret, previousExpiresAt, onDone) {
  const headingId = uid('secret');
  const value = h('input', { class: 'secret-value', type: 'text', readonly: true, value: secret, 'aria-labelledby': headingId, spellcheck: 'false' });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      announce('Secret copied to the clipboard.');
    } catch {
      // no clipboard permission (or not a secure context): leave it selected for Ctrl+C
      value.focus();
      value.select();
      announce('Copying is not allowed here: the secret is selected, press Ctrl+C to copy it.');
    }
  };
  return h('section', { class: 'secret', 'aria-labelledby': headingId },
    h('h4', { id: headingId }, 'Signing secret'),
    h('p', {}, 'Shown only this once: copy it now and give it to the receiver to verify signatures.'),
    h('div', { class: 'secret-row' }, value, h('button', { type: 'button', class: 'primary', onclick: copy }, 'Copy')),
    previousExpiresAt ? h('p', { class: 'hint' }, 'The previous secret keeps signing until ', time(previousExpiresAt), '.') : null,
    h('button', { type: 'button', onclick: onDone }, 'Done'));
}

/** The webhooks of one contact list, paged, with a form to create one. */
export async function showList(view, listId, signal) {
  const heading = h('h2', {}, 'Webhooks of list ', h('code', {}, listId));
  const cards = h('div', { class: 'cards' });
  const more = h('button', { type: 'button', hidden: true }, 'Show more webhooks');
  const panel = h('div', { class: 'panel-slot' });
  const create = h('button', { type: 'button', class: 'primary', 'aria-expanded': 'false', onclick: openCreate }, 'New webhook');
  const empty = h('p', { class: 'empty', hidden: true }, 'This list has no webhooks yet.');
  view.replaceChildren(heading, h('div', { class: 'toolbar' }, create), panel, empty, cards, more);
  focusHeading(heading);

  function closeCreate() {
    panel.replaceChildren();
    create.setAttribute('aria-expanded', 'false');
    create.focus();
  }

  function openCreate() {
    if (panel.querySelector('form')) {
      return closeCreate();
    }
    create.setAttribute('aria-expanded', 'true');
    const form = webhookForm({
      onSubmit: async (values) => {
        if (!values.description) {
          delete values.description;
        }
        const created = await call('POST', `/lists/${seg(listId)}/webhooks`, values);
        const { secret, ...webhook } = created;
        addCard(webhook, true);
        create.setAttribute('aria-expanded', 'false');
        panel.replaceChildren(secretPanel(secret, null, closeCreate));
        panel.querySelector('.secret-value').focus();
        announce(`Webhook created for ${webhook.url}. Its signing secret is shown once: copy it now.`);
      },
      onCancel: closeCreate,
    });
    panel.replaceChildren(form);
    form.querySelector('input').focus();
  }

  function addCard(webhook, first = false) {
    const card = webhookCard(webhook, {
      onDeleted: () => {
        card.element.remove();
        empty.hidden = cards.childElementCount > 0;
        focusHeading(heading);
      },
    });
    if (first) {
      cards.prepend(card.element);
    } else {
      cards.append(card.element);
    }
    empty.hidden = true;
  }

  async function load(cursor) {
    const query = cursor ? `?limit=50&cursor=${seg(cursor)}` : '?limit=50';
    const page = await call('GET', `/lists/${seg(listId)}/webhooks${query}`);
    if (signal.aborted) {
      return;
    }
    page.items.forEach((webhook) => addCard(webhook));
    empty.hidden = cards.childElementCount > 0;
    more.hidden = !page.nextCursor;
    more.onclick = () => act(() => load(page.nextCursor));
  }

  try {
    await load(null);
  } catch (e) {
    empty.hidden = true;
    view.append(h('p', { class: 'load-error' }, `The webhooks could not be loaded: ${e.title}.`));
    throw e;
  }
}
