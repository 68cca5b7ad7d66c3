// The console's entry point: the API key form, the contact list form, and the two views
// (#/lists/<list id> and #/webhooks/<webhook id>) chosen by the address's fragment, so the back
// button and bookmarks work.

import { apiKey } from './api.js';
import { h } from './dom.js';
import { act, announce, clearMessages } from './messages.js';
import { showList } from './webhooks.js';
import { showWebhook } from './deliveries.js';

const view = document.getElementById('view');
const keyForm = document.getElementById('key-form');
const keyInput = document.getElementById('api-key');
const keySet = document.getElementById('key-set');
const listForm = document.getElementById('list-form');
const listInput = document.getElementById('list-id');
let current = null; // the AbortController of the view on screen: stops its refreshing when it goes

function showKeyState() {
  const has = Boolean(apiKey.get());
  keyForm.hidden = has;
  keySet.hidden = !has;
}

keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const key = keyInput.value.trim();
  if (!key) {
    return;
  }
  apiKey.set(key);
  keyInput.value = '';
  showKeyState();
  announce('API key kept for this browser tab.');
  if (/^#\/(lists|webhooks)\//.test(location.hash)) {
    route(); // the view that failed for want of a key, now with one
  } else {
    listInput.focus();
  }
});

document.getElementById('forget-key').addEventListener('click', () => {
  apiKey.clear();
  showKeyState();
  announce('API key forgotten.');
  keyInput.focus();
});

listForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const listId = listInput.value.trim();
  if (!listId) {
    return;
  }
  const hash = `#/lists/${encodeURIComponent(listId)}`;
  if (location.hash === hash) {
    route(); // the same list again: load it afresh
  } else {
    location.hash = hash;
  }
});

function intro() {
  return h('section', { class: 'intro' },
    h('h2', {}, 'Deliveries at a glance'),
    h('p', {}, 'Type the API key, then the id of a contact list, to see its webhooks: their state, the last 24 hours of deliveries, and each delivery with its attempts. Failed deliveries can be retried from here.'));
}

function route() {
  current?.abort();
  current = new AbortController();
  const { signal } = current;
  const hash = location.hash;
  const list = hash.match(/^#\/lists\/([^/]+)$/);
  const webhook = hash.match(/^#\/webhooks\/([^/]+)$/);
  clearMessages();
  if (list) {
    listInput.value = decodeURIComponent(list[1]);
    act(() => showList(view, decodeURIComponent(list[1]), signal));
  } else if (webhook) {
    view.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
    act(async () => {
      try {
        await showWebhook(view, decodeURIComponent(webhook[1]), signal);
      } catch (e) {
        view.replaceChildren(h('p', { class: 'load-error' }, `The webhook could not be loaded: ${e.title || e.message}.`));
        throw e;
      }
    });
  } else {
    view.replaceChildren(intro());
  }
}

// fragments that are not views (the skip link's #main) leave the view alone
window.addEventListener('hashchange', () => {
  if (location.hash.startsWith('#/') || location.hash === '') {
    route();
  }
});

showKeyState();
route();
if (!apiKey.get()) {
  keyInput.focus();
}
