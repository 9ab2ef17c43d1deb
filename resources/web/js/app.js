// The web shop: search, event and seat map, checkout, confirmation, my
// bookings, waiting room. Hash routes (#/event/7) so every page is the one
// index.html the server serves; state lives in this module, so what the
// customer typed survives errors, language switches and going back.
import { api, session, newIdempotencyKey } from './api.js';
import { h, clear } from './dom.js';
import { t, translate, setLanguage, currentLanguage, money, dateTime, duration, errorMessage } from './i18n.js';
import { SeatMap } from './seatmap.js';
import { LiveSeats } from './stream.js';
import { qrSvg } from './qr.js';

const MAX_SEATS = 10;
const PASSES_KEY = 'boxoffice.passes';

const state = {
  search: { q: '', location: '', date_from: '', date_to: '' },
  selection: { eventId: null, ids: [] },
  hold: null,
  account: { mode: 'signup', email: '', name: '', password: '' },
  pay: { card: 'tok_sandbox_approve', name: '', key: null, keyFor: '' },
  bestCount: '2',
  bookings: new Map(),
};

const main = document.getElementById('main');
let leaveView = () => {};

// ---- helpers ---------------------------------------------------------------

function heading(key, params) {
  return translate(h('h1', { tabindex: '-1', class: 'view-heading' }), key, params);
}

function alertBox() {
  return h('p', { class: 'alert', role: 'alert', tabindex: '-1', hidden: true });
}

function showError(box, error) {
  box.hidden = false;
  box.dataset.code = error.code || '';
  translate(box, 'error.shown', { text: () => errorMessage(error) });
}

function clearError(box) {
  box.hidden = true;
  box.textContent = '';
  delete box.dataset.code;
}

function field(labelKey, input, hintKey) {
  const id = input.id;
  const label = translate(h('label', { for: id }), labelKey);
  const wrapper = h('div', { class: 'field' }, label, input);
  if (hintKey) {
    const hint = translate(h('small', { id: `${id}-hint` }), hintKey);
    input.setAttribute('aria-describedby', hint.id);
    wrapper.append(hint);
  }
  return wrapper;
}

// An input bound to state[object][key]: what is typed is kept there.
function bound(object, key, attributes) {
  const input = h('input', { ...attributes, value: object[key] });
  input.value = object[key];
  input.addEventListener('input', () => { object[key] = input.value; });
  return input;
}

function passes() {
  try {
    return JSON.parse(sessionStorage.getItem(PASSES_KEY) || '{}');
  } catch {
    return {};
  }
}

function savePass(eventId, pass) {
  const all = passes();
  if (pass) all[eventId] = pass;
  else delete all[eventId];
  sessionStorage.setItem(PASSES_KEY, JSON.stringify(all));
}

function go(path) {
  if (location.hash === `#${path}`) route();
  else location.hash = path;
}

function announce(text) {
  const status = document.getElementById('announcer');
  status.textContent = '';
  setTimeout(() => { status.textContent = text; }, 50);
}

function seatName(ticket) {
  return t('seat.short', { section: ticket.section, row: ticket.row, seat: ticket.seat });
}

// ---- header ----------------------------------------------------------------

function renderHeader() {
  const current = session.get();
  const account = document.getElementById('account');
  clear(account);
  if (current) {
    account.append(
      h('span', { class: 'who' }, current.name || current.email || ''),
      translate(h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: signOut }), 'nav.signout'),
    );
  } else {
    account.append(translate(h('a', { href: '#/account', id: 'sign-in-link' }), 'nav.signin'));
  }
}

async function signOut() {
  if (state.hold) await api.release(state.hold.hold_id).catch(() => {});
  state.hold = null;
  session.set(null);
  state.bookings.clear();
  renderHeader();
  go('/');
}

// ---- search ----------------------------------------------------------------

function renderSearch() {
  const results = h('ol', { class: 'results', id: 'results', 'aria-live': 'polite' });
  const status = h('p', { class: 'muted', id: 'search-status', role: 'status' });
  const error = alertBox();
  let timer = null;
  let latest = 0;

  async function search() {
    const asked = ++latest;
    translate(status, 'search.searching');
    try {
      const params = { ...state.search, limit: 30 };
      const answer = await api.search(params);
      if (asked !== latest) return; // an older answer after a newer question
      clearError(error);
      clear(results);
      const events = answer.events || [];
      translate(status, events.length ? 'search.count' : 'search.none', { n: events.length });
      for (const event of events) results.append(eventCard(event));
    } catch (failure) {
      if (asked !== latest) return;
      status.textContent = '';
      showError(error, failure);
    }
  }
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  };

  const query = bound(state.search, 'q', { id: 'search-q', type: 'search', autocomplete: 'off' });
  translate(query, 'search.placeholder', {}, 'placeholder');
  const city = bound(state.search, 'location', { id: 'search-city', type: 'text', autocomplete: 'address-level2' });
  const from = bound(state.search, 'date_from', { id: 'search-from', type: 'date' });
  const to = bound(state.search, 'date_to', { id: 'search-to', type: 'date' });
  for (const input of [query, city, from, to]) input.addEventListener('input', soon);
  const form = h('form', { class: 'search', role: 'search', onsubmit: (e) => { e.preventDefault(); clearTimeout(timer); search(); } },
    field('search.query', query), field('search.city', city), field('search.from', from), field('search.to', to));
  main.append(heading('search.heading'), form, error, status, results);
  search();
  return { focus: query, leave: () => clearTimeout(timer) };
}

function eventCard(event) {
  const link = h('a', { href: `#/event/${event.id}`, class: 'event-link' }, event.name);
  const when = h('time', { datetime: event.starts_at });
  translate(when, 'event.when', { text: () => dateTime(event.starts_at) });
  // A cancelled event stays listed, saying so; it sells nothing.
  const left = event.cancelled
    ? translate(h('span', { class: 'left cancelled' }), 'event.cancelled')
    : translate(h('span', { class: 'left' }), 'event.available', { n: event.available });
  const venue = event.venue || {};
  return h('li', { class: 'card' }, h('h2', {}, link),
    h('p', { class: 'meta' }, when, ' · ', `${venue.name || ''}, ${venue.city || ''}`),
    event.performer ? h('p', { class: 'performer' }, event.performer) : null, left);
}

// ---- event and seat map ----------------------------------------------------

async function renderEvent(eventId) {
  const error = alertBox();
  main.append(error);
  let event, tickets;
  try {
    [event, tickets] = await Promise.all([api.event(eventId), api.tickets(eventId)]);
  } catch (failure) {
    main.prepend(heading('event.back'));
    showError(error, failure);
    return {};
  }
  if (state.selection.eventId !== eventId) state.selection = { eventId, ids: [] };
  const mine = state.hold && state.hold.event_id === eventId ? state.hold.ticket_ids : [];

  const summary = h('p', { id: 'selection-summary', role: 'status' });
  const continueButton = translate(h('button', { type: 'button', id: 'continue', class: 'primary' }), 'event.continue');
  const liveBadge = h('span', { class: 'live', id: 'live-status' });
  translate(liveBadge, 'event.offline');

  const map = new SeatMap(event, tickets.tickets, (ticket) => {
    clearError(error);
    const ids = state.selection.ids;
    if (ids.includes(ticket.id)) state.selection.ids = ids.filter((id) => id !== ticket.id);
    else if (ids.length >= MAX_SEATS) return showError(error, { code: 'too_many_seats', details: { max: MAX_SEATS } });
    else state.selection.ids = [...ids, ticket.id];
    refresh();
  });
  // Seats of the customer's own hold count as picked.
  state.selection.ids = state.selection.ids.filter((id) => map.isFree(id) || mine.includes(id));
  map.setSelection(state.selection.ids, mine);

  function refresh() {
    map.setSelection(state.selection.ids, mine);
    const total = state.selection.ids.reduce((sum, id) => sum + map.tickets.get(id).price, 0);
    if (state.selection.ids.length)
      translate(summary, 'event.selected', { n: state.selection.ids.length, total: () => money(total, event.currency) });
    else translate(summary, 'event.noneSelected');
    continueButton.disabled = state.selection.ids.length === 0;
  }
  refresh();

  const live = new LiveSeats(eventId, tickets, (changes) => {
    const lost = map.apply(changes);
    if (lost.length) {
      state.selection.ids = state.selection.ids.filter((id) => !lost.some((ticket) => ticket.id === id));
      showError(error, { code: 'seat_lost', details: {} });
      translate(error, 'event.lost', { seat: lost.map(seatName).join(', ') });
      announce(error.textContent);
    }
    refresh();
  }, (connected) => translate(liveBadge, connected ? 'event.live' : 'event.offline'));

  const count = h('select', { id: 'best-count' },
    ...Array.from({ length: MAX_SEATS }, (_, i) => h('option', { value: i + 1, selected: String(i + 1) === state.bestCount }, String(i + 1))));
  count.addEventListener('change', () => { state.bestCount = count.value; bestButton.refresh(); });
  const bestButton = h('button', { type: 'button', id: 'best-available' });
  bestButton.refresh = () => translate(bestButton, 'event.bestButton', { n: count.value });
  bestButton.refresh();
  bestButton.addEventListener('click', () => {
    clearError(error);
    const run = map.best(Number(count.value));
    if (!run) {
      translate(error, 'event.noBest', { n: count.value });
      error.hidden = false;
      return;
    }
    state.selection.ids = run;
    refresh();
    announce(summary.textContent);
  });
  const clearButton = translate(h('button', { type: 'button', id: 'clear-selection', class: 'link' }), 'event.clear');
  clearButton.addEventListener('click', () => { state.selection.ids = []; refresh(); });
  continueButton.addEventListener('click', () => go('/checkout'));

  const venue = event.venue || {};
  const when = h('time', { datetime: event.starts_at });
  translate(when, 'event.when', { text: () => dateTime(event.starts_at) });
  const legend = h('ul', { class: 'legend', 'aria-label': 'legend' });
  translate(legend, 'event.legend', {}, 'aria-label');
  for (const category of event.price_categories || []) {
    const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    if (/^#[0-9a-fA-F]{3,8}$/.test(category.color || '')) swatch.style.setProperty('--category', category.color);
    legend.append(h('li', {}, swatch, `${category.name} `, translate(h('span'), 'event.price', { text: () => money(category.price, event.currency) })));
  }
  for (const status of ['held', 'sold', 'selected'])
    legend.append(h('li', {}, h('span', { class: `swatch ${status}`, 'aria-hidden': 'true' }), translate(h('span'), `seat.${status}`)));
  legend.append(h('li', {}, h('span', { class: 'swatch accessible', 'aria-hidden': 'true' }), translate(h('span'), 'seat.accessible')));

  const back = translate(h('a', { href: '#/', class: 'back' }), 'event.back');
  const title = h('h1', { tabindex: '-1', class: 'view-heading' }, event.name);
  main.prepend(back, title,
    h('p', { class: 'meta' }, when, ' · ', `${venue.name || ''}, ${venue.city || ''}`, ' ', liveBadge),
    event.performer ? h('p', { class: 'performer' }, event.performer) : '',
    event.description ? h('p', { class: 'description' }, event.description) : '',
    event.cancelled ? translate(h('p', { class: 'cancelled', id: 'event-cancelled', role: 'alert' }), 'event.cancelledBecause', { reason: event.cancel_reason || '' }) : '');
  main.append(
    h('div', { class: 'event-layout' },
      h('div', { class: 'map-scroll' }, map.element),
      h('aside', { class: 'basket' },
        h('div', { class: 'best' }, field('event.bestCount', count), bestButton),
        summary, h('div', { class: 'actions' }, continueButton, clearButton), legend)));
  // For the browser tests and the curious: the map's live state.
  window.boxofficeSeatMap = { live, map };
  return { focus: title, leave: () => { live.close(); delete window.boxofficeSeatMap; } };
}

// ---- account ---------------------------------------------------------------

function accountForms(onDone) {
  const box = h('div', { class: 'account' });
  const error = alertBox();
  const a = state.account;

  function draw() {
    clear(box);
    const signup = a.mode === 'signup';
    const email = bound(a, 'email', { id: 'account-email', type: 'email', autocomplete: 'email', required: true });
    const password = bound(a, 'password', { id: 'account-password', type: 'password', required: true, minlength: 8,
      autocomplete: signup ? 'new-password' : 'current-password' });
    const name = signup ? bound(a, 'name', { id: 'account-name', type: 'text', autocomplete: 'name', required: true }) : null;
    const submit = translate(h('button', { type: 'submit', class: 'primary', id: 'account-submit' }), signup ? 'account.signup' : 'account.signin');
    const other = translate(h('button', { type: 'button', class: 'link', id: 'account-switch' }), signup ? 'account.haveAccount' : 'account.newHere');
    other.addEventListener('click', () => { a.mode = signup ? 'signin' : 'signup'; clearError(error); draw(); box.querySelector('input').focus(); });
    const form = h('form', { id: 'account-form', novalidate: true },
      translate(h('h2'), signup ? 'account.signup' : 'account.signin'),
      name ? field('account.name', name) : null,
      field('account.email', email),
      field('account.password', password, signup ? 'account.passwordHint' : null),
      error, h('div', { class: 'actions' }, submit, other));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearError(error);
      submit.disabled = true;
      try {
        let answer;
        if (signup) {
          answer = await api.register(a.email.trim(), a.password, a.name.trim());
          answer = { ...answer, name: a.name.trim(), role: 'customer' };
        } else {
          answer = await api.login(a.email.trim(), a.password);
        }
        session.set({ token: answer.token, user_id: answer.user_id, name: answer.name, email: a.email.trim(), role: answer.role });
        a.password = '';
        renderHeader();
        onDone();
      } catch (failure) {
        showError(error, failure);
        const focus = failure.details && failure.details.field ? box.querySelector(`#account-${failure.details.field}`) : null;
        (focus || error).focus?.();
      } finally {
        submit.disabled = false;
      }
    });
    box.append(form);
  }
  draw();
  return box;
}

function renderAccount() {
  main.append(heading('nav.signin'));
  if (session.get()) {
    main.append(translate(h('p'), 'account.signedIn', { name: session.get().name || '' }));
    return {};
  }
  state.account.mode = 'signin';
  main.append(accountForms(() => go('/bookings')));
  return { focus: main.querySelector('input') };
}

// ---- checkout --------------------------------------------------------------

async function renderCheckout() {
  const { eventId, ids } = state.selection;
  if (!eventId || !ids.length) {
    go('/');
    return {};
  }
  main.append(heading('checkout.heading'));
  const error = alertBox();
  main.append(error);
  if (!session.get()) {
    main.append(translate(h('p'), 'checkout.account'), accountForms(() => route()));
    return { focus: main.querySelector('input') };
  }

  const sameSeats = state.hold && state.hold.event_id === eventId &&
    new Date(state.hold.expires_at).getTime() > Date.now() &&
    state.hold.ticket_ids.length === ids.length && ids.every((id) => state.hold.ticket_ids.includes(id));
  if (!sameSeats) {
    const waiting = translate(h('p', { role: 'status' }), 'checkout.holding');
    main.append(waiting);
    try {
      if (state.hold) await api.release(state.hold.hold_id).catch(() => {});
      state.hold = null;
      state.hold = await api.hold(eventId, ids, passes()[eventId]);
      state.pay.key = null;
    } catch (failure) {
      waiting.remove();
      // A session that ran out: sign in again, the seats stay picked.
      if (failure.code === 'unauthorized') return route();
      showError(error, failure);
      if (failure.code === 'queue_required') setTimeout(() => go(`/queue/${eventId}`), 1200);
      if (failure.code === 'seats_unavailable') {
        const gone = failure.details.unavailable || [];
        state.selection.ids = ids.filter((id) => !gone.includes(id));
        const back = translate(h('a', { href: `#/event/${eventId}`, id: 'back-to-map' }), 'event.back');
        main.append(back);
      }
      return { focus: error };
    }
    waiting.remove();
  }
  const [event, tickets] = await Promise.all([api.event(eventId), api.tickets(eventId)]).catch((failure) => {
    showError(error, failure);
    return [null, null];
  });
  if (!event) return {};
  const chosen = tickets.tickets.filter((ticket) => ids.includes(ticket.id));
  const total = chosen.reduce((sum, ticket) => sum + ticket.price, 0);

  const countdown = h('p', { class: 'countdown', id: 'hold-countdown', role: 'timer', 'aria-live': 'off' });
  const payButton = h('button', { type: 'submit', class: 'primary', id: 'pay' });
  translate(payButton, 'pay.button', { total: () => money(total, event.currency) });
  const expires = new Date(state.hold.expires_at).getTime();
  const tick = () => {
    const left = (expires - Date.now()) / 1000;
    if (left <= 0) {
      clearInterval(timer);
      state.hold = null;
      translate(countdown, 'checkout.expired');
      countdown.classList.add('expired');
      payButton.disabled = true;
      announce(countdown.textContent);
      return;
    }
    translate(countdown, 'checkout.held', { time: () => duration(left) });
  };
  const timer = setInterval(tick, 1000);
  tick();

  const list = h('ul', { class: 'chosen', id: 'chosen-seats' });
  for (const ticket of chosen)
    list.append(h('li', {}, seatName(ticket), ' · ', translate(h('span'), 'event.price', { text: () => money(ticket.price, event.currency) })));

  if (!state.pay.name) state.pay.name = session.get().name || '';
  const card = h('select', { id: 'pay-card' },
    ...[['tok_sandbox_approve', 'pay.approve'], ['tok_sandbox_decline', 'pay.decline'], ['tok_sandbox_insufficient_funds', 'pay.funds']]
      .map(([token, key]) => translate(h('option', { value: token, selected: state.pay.card === token }), key)));
  card.addEventListener('change', () => { state.pay.card = card.value; });
  const name = bound(state.pay, 'name', { id: 'pay-name', type: 'text', autocomplete: 'name' });
  const release = translate(h('button', { type: 'button', class: 'link', id: 'release' }), 'checkout.release');
  release.addEventListener('click', async () => {
    await api.release(state.hold.hold_id).catch(() => {});
    state.hold = null;
    go(`/event/${eventId}`);
  });

  const form = h('form', { id: 'pay-form', class: 'pay' },
    translate(h('h2'), 'pay.heading'),
    field('pay.card', card, 'pay.cardHint'), field('pay.name', name),
    h('div', { class: 'actions' }, payButton, release));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!state.hold) return;
    clearError(error);
    payButton.disabled = true;
    translate(payButton, 'pay.paying');
    // One key per attempt: a retry after a lost answer is the same attempt
    // (the server replays it); another card is a new one.
    const attempt = `${state.hold.hold_id}|${state.pay.card}|${state.pay.name}`;
    if (!state.pay.key || state.pay.keyFor !== attempt) state.pay = { ...state.pay, key: newIdempotencyKey(), keyFor: attempt };
    try {
      const booking = await api.book(eventId, state.hold.hold_id, state.pay.card, state.pay.name.trim(), state.pay.key);
      clearInterval(timer);
      state.bookings.set(booking.id, booking);
      state.hold = null;
      state.selection = { eventId: null, ids: [] };
      state.pay = { ...state.pay, key: null, keyFor: '' };
      go(`/booking/${booking.id}`);
    } catch (failure) {
      if (failure.code === 'unauthorized') return route();
      if (failure.code !== 'network' && failure.code !== 'database_unavailable') state.pay.key = null;
      showError(error, failure);
      error.focus?.();
      payButton.disabled = false;
      translate(payButton, 'pay.button', { total: () => money(total, event.currency) });
    }
  });

  main.append(h('p', { class: 'meta' }, event.name), list,
    h('p', { class: 'total' }, translate(h('span'), 'checkout.total'), ' ', h('strong', { id: 'checkout-total' }, money(total, event.currency))),
    countdown, form);
  return { focus: card, leave: () => clearInterval(timer) };
}

// ---- confirmation and bookings ------------------------------------------

function ticketsOf(booking, withQr) {
  const list = h('ol', { class: 'tickets' });
  booking.tickets.forEach((ticket, index) => {
    const secret = ticket.secret || ticket.code || booking.code;
    const item = h('li', { class: 'ticket', dataset: { ticketId: ticket.id, status: ticket.status } },
      h('p', { class: 'ticket-seat' }, translate(h('strong'), 'confirm.ticket', { n: index + 1 }), ' ', seatName(ticket)),
      translate(h('p', { class: 'muted' }), 'event.price', { text: () => money(ticket.price, booking.currency) }));
    if (withQr && ticket.status === 'valid') {
      const qr = qrSvg(secret, t('confirm.qr', { n: index + 1, code: secret }));
      qr.dataset.text = secret;
      translate(qr, 'confirm.qr', { n: index + 1, code: secret }, 'aria-label');
      item.append(qr);
    }
    list.append(item);
  });
  return list;
}

async function renderConfirmation(bookingId) {
  const error = alertBox();
  let booking = state.bookings.get(bookingId);
  if (!booking) {
    try {
      booking = await api.booking(bookingId);
    } catch (failure) {
      main.append(error);
      showError(error, failure);
      return {};
    }
  }
  const when = h('time', { datetime: booking.event.starts_at });
  translate(when, 'event.when', { text: () => dateTime(booking.event.starts_at) });
  const title = heading('confirm.heading');
  main.append(title,
    h('p', { class: 'code' }, translate(h('span'), 'confirm.code'), ' ', h('strong', { id: 'booking-code' }, booking.code)),
    h('p', { class: 'meta' }, h('strong', {}, booking.event.name), ' · ', when, ' · ', booking.event.venue?.name || ''),
    translate(h('p'), 'confirm.show'),
    ticketsOf(booking, true),
    h('p', {}, translate(h('a', { href: '#/bookings' }), 'nav.bookings')));
  return { focus: title };
}

async function renderBookings() {
  main.append(heading('bookings.heading'));
  const error = alertBox();
  main.append(error);
  if (!session.get()) {
    main.append(accountForms(() => route()));
    return { focus: main.querySelector('input') };
  }
  let bookings;
  try {
    bookings = (await api.bookings()).bookings;
  } catch (failure) {
    showError(error, failure);
    return {};
  }
  if (!bookings.length) main.append(translate(h('p', { id: 'no-bookings' }), 'bookings.none'));
  const list = h('ul', { class: 'bookings', id: 'bookings' });
  for (const booking of bookings) {
    state.bookings.set(booking.id, booking);
    const status = translate(h('span', { class: `status ${booking.status}` }), `bookings.status.${booking.status}`);
    const item = h('li', { class: 'card', dataset: { bookingId: booking.id, code: booking.code } },
      h('h2', {}, booking.event.name),
      h('p', { class: 'meta' }, translate(h('time', { datetime: booking.event.starts_at }), 'event.when', { text: () => dateTime(booking.event.starts_at) }),
        ' · ', booking.code, ' · ', status, ' · ', money(booking.total - (booking.refunded || 0), booking.currency)),
      ticketsOf(booking, false));
    const actions = h('div', { class: 'actions' },
      translate(h('a', { href: `#/booking/${booking.id}`, class: 'button' }), 'bookings.show'));
    const upcoming = new Date(booking.event.starts_at).getTime() > Date.now();
    if (booking.status !== 'cancelled' && upcoming) {
      const cancel = translate(h('button', { type: 'button', class: 'danger cancel' }), 'bookings.cancel');
      let armed = false;
      cancel.addEventListener('click', async () => {
        if (!armed) {
          armed = true;
          translate(cancel, 'bookings.confirmCancel', { total: () => money(booking.total - (booking.refunded || 0), booking.currency) });
          return;
        }
        cancel.disabled = true;
        try {
          const answer = await api.cancel(booking.id);
          state.bookings.set(booking.id, answer);
          announce(t('bookings.cancelled', { code: booking.code, amount: money(answer.refund?.amount ?? 0, booking.currency) }));
          route();
        } catch (failure) {
          cancel.disabled = false;
          showError(error, failure);
        }
      });
      actions.append(cancel);
    }
    item.append(actions);
    list.append(item);
  }
  main.append(list);
  return {};
}

// ---- waiting room ------------------------------------------------------------

async function renderQueue(eventId) {
  main.append(heading('queue.heading'), translate(h('p'), 'queue.intro'));
  const error = alertBox();
  const position = h('p', { id: 'queue-position', class: 'big', role: 'status' });
  const estimate = h('p', { id: 'queue-estimate' });
  main.append(error, position, estimate);
  if (!session.get()) {
    main.append(accountForms(() => route()));
    return {};
  }
  let timer = null;
  let place;
  const show = (current) => {
    if (current.status === 'waiting') {
      translate(position, 'queue.position', { n: current.position });
      translate(estimate, 'queue.estimate', { time: () => duration(current.estimated_wait_s) });
    } else if (current.status === 'admitted' || current.status === 'not_required') {
      clearInterval(timer);
      savePass(eventId, current.pass || null);
      translate(position, 'queue.admitted');
      estimate.textContent = '';
      announce(position.textContent);
      setTimeout(() => go('/checkout'), 800);
    } else {
      clearInterval(timer);
      translate(position, 'queue.expired');
      const again = translate(h('button', { type: 'button', class: 'primary' }), 'queue.join');
      again.addEventListener('click', () => route());
      main.append(again);
    }
  };
  try {
    place = await api.joinQueue(eventId);
    show(place);
    if (place.status === 'waiting')
      timer = setInterval(async () => {
        try {
          show(await api.place(place.queue_id));
        } catch (failure) {
          showError(error, failure);
        }
      }, 2000);
  } catch (failure) {
    if (failure.code === 'queue_not_open') {
      savePass(eventId, null);
      setTimeout(() => go('/checkout'), 800);
    }
    showError(error, failure);
  }
  return { leave: () => clearInterval(timer) };
}

// ---- routing -----------------------------------------------------------------

const routes = [
  [/^\/?$/, () => renderSearch()],
  [/^\/event\/(\d+)$/, (m) => renderEvent(Number(m[1]))],
  [/^\/checkout$/, () => renderCheckout()],
  [/^\/booking\/(\d+)$/, (m) => renderConfirmation(Number(m[1]))],
  [/^\/bookings$/, () => renderBookings()],
  [/^\/account$/, () => renderAccount()],
  [/^\/queue\/(\d+)$/, (m) => renderQueue(Number(m[1]))],
];

let rendering = 0;
async function route() {
  const path = location.hash.replace(/^#/, '') || '/';
  const mine = ++rendering;
  leaveView();
  leaveView = () => {};
  clear(main);
  main.setAttribute('aria-busy', 'true');
  for (const link of document.querySelectorAll('nav a'))
    link.toggleAttribute('aria-current', link.getAttribute('href') === `#${path}`);
  const match = routes.map(([pattern, render]) => [path.match(pattern), render]).find(([m]) => m);
  const view = match ? await match[1](match[0]) : renderSearch();
  if (mine !== rendering) {
    view?.leave?.();
    return;
  }
  leaveView = view?.leave || (() => {});
  main.removeAttribute('aria-busy');
  const focus = view?.focus || main.querySelector('h1');
  if (focus && document.activeElement !== focus && path !== '/') focus.focus();
  else if (focus && path === '/' && !document.activeElement?.matches('input, select, button, a')) focus.focus();
}

function start() {
  const picker = document.getElementById('language');
  picker.value = currentLanguage();
  document.documentElement.lang = currentLanguage();
  picker.addEventListener('change', () => setLanguage(picker.value));
  for (const element of document.querySelectorAll('[data-i18n]')) translate(element, element.dataset.i18n);
  for (const element of document.querySelectorAll('[data-i18n-label]')) translate(element, element.dataset.i18nLabel, {}, 'aria-label');
  renderHeader();
  window.addEventListener('hashchange', route);
  route();
}

start();
