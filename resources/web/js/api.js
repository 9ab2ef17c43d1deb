// The box office's JSON API (docs/API.md), as the shop uses it. Requests
// carry the bearer token in a header, never a cookie: nothing another site
// makes the browser send can act for the customer.

export class ApiError extends Error {
  constructor(status, error) {
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || 'network';
    this.details = error;
  }
}

// The session lives in this tab only (sessionStorage), read by no other
// origin; the CSP keeps other sites' scripts out of this one.
const TOKEN_KEY = 'boxoffice.session';

export const session = {
  get() {
    try {
      return JSON.parse(sessionStorage.getItem(TOKEN_KEY) || 'null');
    } catch {
      return null;
    }
  },
  set(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, JSON.stringify(value));
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

async function call(method, path, { body, headers = {}, auth = false } = {}) {
  const sent = { ...headers };
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  const current = session.get();
  if (auth) {
    if (!current) throw new ApiError(401, { code: 'unauthorized' });
    sent.Authorization = `Bearer ${current.token}`;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, { code: 'network' });
  }
  if (response.status === 204) return null;
  let json = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  if (!response.ok) {
    if (response.status === 401 && auth) session.set(null);
    const error = { ...((json && json.error) || { code: 'internal_error' }) };
    const retryAfter = response.headers.get('Retry-After');
    if (retryAfter) error.retry_after = retryAfter;
    throw new ApiError(response.status, error);
  }
  return json;
}

export const api = {
  search(params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
    return call('GET', `/v1/event?${query}`);
  },
  event: (id) => call('GET', `/v1/event/${id}`),
  tickets: (id, since) => call('GET', `/v1/event/${id}/tickets${since === undefined ? '' : `?since=${since}`}`),
  register: (email, password, name) => call('POST', '/v1/auth/register', { body: { email, password, name } }),
  login: (email, password) => call('POST', '/v1/auth/login', { body: { email, password } }),
  hold: (eventId, ticketIds, pass) =>
    call('POST', `/v1/event/${eventId}/holds`, {
      auth: true,
      body: { ticket_ids: ticketIds },
      headers: pass ? { 'X-Queue-Pass': pass } : {},
    }),
  release: (holdId) => call('DELETE', `/v1/holds/${encodeURIComponent(holdId)}`, { auth: true }),
  book: (eventId, holdId, cardToken, customerName, idempotencyKey) =>
    call('POST', `/v1/event/${eventId}/bookings`, {
      auth: true,
      headers: { 'Idempotency-Key': idempotencyKey },
      body: {
        hold_id: holdId,
        payment_details: { method: 'card', card_token: cardToken },
        ...(customerName ? { customer_name: customerName } : {}),
      },
    }),
  bookings: () => call('GET', '/v1/bookings', { auth: true }),
  booking: (id) => call('GET', `/v1/bookings/${id}`, { auth: true }),
  cancel: (id) => call('POST', `/v1/bookings/${id}/cancel`, { auth: true }),
  room: (eventId) => call('GET', `/v1/event/${eventId}/queue`),
  joinQueue: (eventId) => call('POST', `/v1/event/${eventId}/queue`, { auth: true }),
  place: (queueId) => call('GET', `/v1/queue/${encodeURIComponent(queueId)}`, { auth: true }),
};

export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
