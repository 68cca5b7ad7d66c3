// The console's only way to Hookline: the public management API, with the key typed into this tab.

const KEY_NAME = 'hookline.apiKey';

export const apiKey = {
  get: () => sessionStorage.getItem(KEY_NAME),
  set: (key) => sessionStorage.setItem(KEY_NAME, key),
  clear: () => sessionStorage.removeItem(KEY_NAME),
};

/** An API answer that is not 2xx, as its problem+json title, detail and field errors. */
export class ApiError extends Error {
  constructor(status, title, detail, errors = []) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }
}

// The page lives at /console/, the API next to it: relative, so a path prefix in front still works.
const BASE = new URL('../api', document.baseURI).pathname;

/** Calls the API; resolves to the parsed JSON body (null for 204), rejects with an ApiError. */
export async function call(method, path, body) {
  const key = apiKey.get();
  if (!key) {
    throw new ApiError(0, 'API key needed', 'Type the API key into the field at the top of the page first.');
  }
  const headers = { Authorization: `Bearer ${key}`, Accept: 'application/json, application/problem+json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'Hookline cannot be reached', `${e.message}. Check that it is running, then try again.`);
  }
  if (response.status === 204) {
    return null;
  }
  const type = response.headers.get('Content-Type') || '';
  const json = type.includes('json') ? await response.json().catch(() => null) : null;
  if (response.ok) {
    return json;
  }
  if (json && json.title) {
    throw new ApiError(response.status, json.title, json.detail, Array.isArray(json.errors) ? json.errors : []);
  }
  throw new ApiError(response.status, `HTTP ${response.status}`, response.statusText || 'The API gave no explanation.');
}

/** Encodes one path segment. */
export const seg = (value) => encodeURIComponent(value);
