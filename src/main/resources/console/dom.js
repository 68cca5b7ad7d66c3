// Small helpers to build the page from data without innerHTML: webhook URLs, descriptions and
// receiver answers are other people's text and are only ever inserted as text.

/** Creates an element: attributes (class, on<event> handlers, hidden, ...) and children (nodes or text). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'value' || name === 'checked') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A <time> for an ISO instant, shown in the reader's time zone; a dash for none. */
export function time(iso) {
  if (!iso) {
    return h('span', { class: 'none' }, '—');
  }
  return h('time', { datetime: iso, title: iso }, dateTime.format(new Date(iso)));
}

const STATUS_LABELS = {
  pending: 'pending', retrying: 'retrying', succeeded: 'succeeded', dead: 'dead', skipped: 'skipped',
};

/** A delivery status as a coloured badge; the word is always there, the colour only adds to it. */
export function badge(status) {
  return h('span', { class: `badge badge-${STATUS_LABELS[status] ? status : 'unknown'}` }, status);
}

let ids = 0;

/** A page-unique id for aria references. */
export const uid = (prefix) => `${prefix}-${++ids}`;

/** Makes a heading the focus target of a view, so keyboard and screen reader users land there. */
export function focusHeading(heading) {
  heading.setAttribute('tabindex', '-1');
  heading.focus();
}
