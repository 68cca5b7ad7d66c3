// The two message regions under the header: polite notices and errors, both live regions so
// screen readers announce them; they are in the page from the start and only their text changes.

const notice = () => document.getElementById('notice');
const error = () => document.getElementById('error');

export function announce(text) {
  error().replaceChildren();
  notice().textContent = text;
}

/** Shows an API error as its problem title and detail (and field errors), never as a blank page. */
export function showError(e) {
  notice().textContent = '';
  const title = e.title || 'Something went wrong';
  const detail = e.title ? e.detail : e.message;
  const parts = [strong(title)];
  if (detail) {
    parts.push(document.createTextNode(` ${detail}`));
  }
  if (e.errors && e.errors.length) {
    const list = document.createElement('ul');
    for (const fieldError of e.errors) {
      const item = document.createElement('li');
      item.textContent = fieldError.field ? `${fieldError.field}: ${fieldError.message}` : fieldError.message;
      list.append(item);
    }
    parts.push(list);
  }
  error().replaceChildren(...parts);
}

export function clearMessages() {
  notice().textContent = '';
  error().replaceChildren();
}

function strong(text) {
  const element = document.createElement('strong');
  element.className = 'problem-title';
  element.textContent = text;
  return element;
}

/** Runs a user action: clears old messages, shows its error if it fails. */
export async function act(action) {
  clearMessages();
  try {
    return await action();
  } catch (e) {
    showError(e);
    return undefined;
  }
}
