// English and German: from the browser's language, switchable, remembered.
// Texts set through t()/translate() carry their key, so switching the
// language rewrites the page in place and nothing typed is lost.

const en = {
  'app.title': 'Boxoffice',
  'nav.search': 'Events',
  'nav.bookings': 'My bookings',
  'nav.signin': 'Sign in',
  'nav.signout': 'Sign out',
  'nav.language': 'Language',
  'nav.skip': 'Skip to content',
  'search.heading': 'Find an event',
  'search.query': 'Search',
  'search.placeholder': 'Event, performer, venue or city',
  'search.city': 'City',
  'search.from': 'From',
  'search.to': 'Until',
  'search.none': 'No events found. Try fewer or other words.',
  'search.count': '{n} events',
  'search.searching': 'Searching…',
  'event.available': '{n} seats left',
  'event.cancelled': 'Cancelled',
  'event.cancelledBecause': 'This event was cancelled: {reason} Its tickets are no longer on sale.',
  'event.seats': 'Seats',
  'event.best': 'Best available',
  'event.bestCount': 'Number of seats',
  'event.bestButton': 'Pick best {n}',
  'event.noBest': 'There are no {n} seats together any more.',
  'event.clear': 'Clear selection',
  'event.selected': '{n} seats selected · {total}',
  'event.noneSelected': 'No seats selected yet: pick seats on the map or the best available.',
  'event.continue': 'Continue',
  'event.stage': 'Stage',
  'event.legend': 'Legend',
  'event.live': 'Live',
  'event.offline': 'Reconnecting…',
  'event.tooMany': 'At most {n} seats at once.',
  'event.lost': 'Seat {seat} was just taken by someone else.',
  'event.back': 'Back to the events',
  'seat.available': 'available',
  'seat.held': 'held',
  'seat.sold': 'sold',
  'seat.blocked': 'not for sale',
  'seat.selected': 'selected',
  'seat.accessible': 'wheelchair accessible',
  'seat.label': '{section}, row {row}, seat {seat}, {category}, {price}',
  'seat.short': '{section} row {row} seat {seat}',
  'seat.live': '{text}',
  'event.when': '{text}',
  'event.price': '{text}',
  'error.shown': '{text}',
  'checkout.heading': 'Your seats',
  'checkout.holding': 'Reserving your seats…',
  'checkout.held': 'Your seats are reserved for {time}.',
  'checkout.expired': 'Your reservation has expired. Pick your seats again.',
  'checkout.release': 'Give the seats back',
  'checkout.total': 'Total',
  'checkout.account': 'Sign in or create an account to buy.',
  'pay.heading': 'Pay by card',
  'pay.card': 'Card',
  'pay.cardHint': 'Sandbox: the card is a token from the payment provider; no card number is sent.',
  'pay.approve': 'Sandbox card (approves)',
  'pay.decline': 'Sandbox card (is declined)',
  'pay.funds': 'Sandbox card (insufficient funds)',
  'pay.name': 'Name on the tickets',
  'pay.button': 'Pay {total}',
  'pay.paying': 'Paying…',
  'confirm.heading': 'Thank you! Your booking is confirmed.',
  'confirm.code': 'Booking code',
  'confirm.ticket': 'Ticket {n}',
  'confirm.qr': 'QR code of ticket {n}: {code}',
  'confirm.show': 'Show these codes at the entrance.',
  'account.signin': 'Sign in',
  'account.signup': 'Create an account',
  'account.email': 'E-mail',
  'account.password': 'Password',
  'account.name': 'Your name',
  'account.passwordHint': 'At least 8 characters.',
  'account.signedIn': 'Signed in as {name}.',
  'account.haveAccount': 'I have an account',
  'account.newHere': 'I am new here',
  'bookings.heading': 'My bookings',
  'bookings.none': 'You have no bookings yet.',
  'bookings.cancel': 'Cancel booking',
  'bookings.confirmCancel': 'Really cancel? Tap again to cancel and get {total} back.',
  'bookings.cancelled': 'Booking {code} is cancelled; {amount} will be refunded.',
  'bookings.status.confirmed': 'confirmed',
  'bookings.status.cancelled': 'cancelled',
  'bookings.status.partially_cancelled': 'partly cancelled',
  'bookings.show': 'Show tickets',
  'queue.heading': 'Waiting room',
  'queue.intro': 'Many people want tickets for this event. You are in the queue; keep this page open.',
  'queue.position': 'Your place in the queue: {n}',
  'queue.estimate': 'Estimated wait: {time}',
  'queue.admitted': 'It is your turn! Your seats are being reserved.',
  'queue.expired': 'Your turn has passed. Join the queue again.',
  'queue.join': 'Join the queue',
  'time.minutes': '{m} min {s} s',
  'time.seconds': '{s} s',
  'error.network': 'The box office cannot be reached. Check your connection and try again.',
  'error.malformed_request': 'The request was not understood. Reload the page and try again.',
  'error.malformed_json': 'The request was not understood. Reload the page and try again.',
  'error.invalid_field': 'Please check {field}.',
  'error.invalid_parameter': 'Please check the search filters.',
  'error.invalid_payment_details': 'The payment details are not valid.',
  'error.missing_idempotency_key': 'The payment could not be sent safely. Try again.',
  'error.unauthorized': 'Please sign in again.',
  'error.invalid_credentials': 'Wrong e-mail or password.',
  'error.card_declined': 'The card was declined. Your seats stay reserved: try another card.',
  'error.insufficient_funds': 'The card has insufficient funds. Your seats stay reserved: try another card.',
  'error.invalid_card_token': 'The card was not accepted. Your seats stay reserved: try another card.',
  'error.insufficient_cash': 'Not enough cash.',
  'error.forbidden': 'Your account may not do this.',
  'error.queue_required': 'This sale has a waiting room. Taking you to the queue…',
  'error.not_found': 'This no longer exists.',
  'error.method_not_allowed': 'That is not possible here.',
  'error.request_timeout': 'The request took too long. Try again.',
  'error.seats_unavailable': 'Some seats were just taken by someone else; pick other seats.',
  'error.email_taken': 'There is already an account with this e-mail. Sign in instead.',
  'error.already_cancelled': 'This booking is already cancelled.',
  'error.request_in_progress': 'Your payment is still being processed. Wait a moment.',
  'error.queue_not_open': 'There is no waiting room right now: you can buy directly.',
  'error.already_checked_in': 'This ticket has already been checked in.',
  'error.ticket_cancelled': 'This ticket was cancelled.',
  'error.wrong_event': 'This ticket is for another event.',
  'error.event_cancelled': 'This event was cancelled: its tickets are no longer on sale.',
  'error.shift_required': 'Cash needs an open till shift.',
  'error.shift_open': 'A till shift is already open.',
  'error.shift_closed': 'This till shift is closed already.',
  'error.body_too_large': 'That is too much at once.',
  'error.unsupported_media_type': 'The request was not understood. Reload the page and try again.',
  'error.too_many_seats': 'Too many seats: at most {max} at once.',
  'error.unknown_tickets': 'Some seats are not part of this event. Reload the page.',
  'error.idempotency_key_reused': 'The payment could not be sent safely. Try again.',
  'error.too_many_attempts': 'Too many failed sign-ins. Try again in {retry} seconds.',
  'error.rate_limited': 'Too many requests. Try again in {retry} seconds.',
  'error.too_many_connections': 'The box office is very busy. Try again in a moment.',
  'error.headers_too_large': 'The request was too large.',
  'error.internal_error': 'Something went wrong on our side; nothing was changed. Try again.',
  'error.database_unavailable': 'The box office is briefly unavailable. Try again shortly.',
  'error.server_busy': 'The box office is very busy. Try again in a moment.',
  'error.too_many_subscriptions': 'Too many open events.',
  'error.malformed_message': 'The live updates failed; reload the page.',
  'field.email': 'the e-mail address',
  'field.password': 'the password (at least 8 characters)',
  'field.name': 'the name',
};

const de = {
  'app.title': 'Boxoffice',
  'nav.search': 'Veranstaltungen',
  'nav.bookings': 'Meine Buchungen',
  'nav.signin': 'Anmelden',
  'nav.signout': 'Abmelden',
  'nav.language': 'Sprache',
  'nav.skip': 'Zum Inhalt',
  'search.heading': 'Veranstaltung finden',
  'search.query': 'Suche',
  'search.placeholder': 'Veranstaltung, Künstler, Ort oder Stadt',
  'search.city': 'Stadt',
  'search.from': 'Ab',
  'search.to': 'Bis',
  'search.none': 'Keine Veranstaltungen gefunden. Versuchen Sie weniger oder andere Wörter.',
  'search.count': '{n} Veranstaltungen',
  'search.searching': 'Suche läuft…',
  'event.available': 'noch {n} Plätze',
  'event.cancelled': 'Abgesagt',
  'event.cancelledBecause': 'Diese Veranstaltung wurde abgesagt: {reason} Tickets gibt es nicht mehr.',
  'event.seats': 'Plätze',
  'event.best': 'Beste verfügbare',
  'event.bestCount': 'Anzahl Plätze',
  'event.bestButton': 'Beste {n} wählen',
  'event.noBest': 'Es gibt keine {n} Plätze nebeneinander mehr.',
  'event.clear': 'Auswahl aufheben',
  'event.selected': '{n} Plätze gewählt · {total}',
  'event.noneSelected': 'Noch keine Plätze gewählt: wählen Sie im Saalplan oder die besten verfügbaren.',
  'event.continue': 'Weiter',
  'event.stage': 'Bühne',
  'event.legend': 'Legende',
  'event.live': 'Live',
  'event.offline': 'Verbindung wird wiederhergestellt…',
  'event.tooMany': 'Höchstens {n} Plätze auf einmal.',
  'event.lost': 'Platz {seat} wurde gerade von jemand anderem gekauft.',
  'event.back': 'Zurück zu den Veranstaltungen',
  'seat.available': 'frei',
  'seat.held': 'reserviert',
  'seat.sold': 'verkauft',
  'seat.blocked': 'nicht im Verkauf',
  'seat.selected': 'ausgewählt',
  'seat.accessible': 'rollstuhlgerecht',
  'seat.label': '{section}, Reihe {row}, Platz {seat}, {category}, {price}',
  'seat.short': '{section} Reihe {row} Platz {seat}',
  'seat.live': '{text}',
  'event.when': '{text}',
  'event.price': '{text}',
  'error.shown': '{text}',
  'checkout.heading': 'Ihre Plätze',
  'checkout.holding': 'Ihre Plätze werden reserviert…',
  'checkout.held': 'Ihre Plätze sind noch {time} reserviert.',
  'checkout.expired': 'Ihre Reservierung ist abgelaufen. Wählen Sie Ihre Plätze erneut.',
  'checkout.release': 'Plätze freigeben',
  'checkout.total': 'Gesamt',
  'checkout.account': 'Melden Sie sich an oder legen Sie ein Konto an, um zu kaufen.',
  'pay.heading': 'Mit Karte bezahlen',
  'pay.card': 'Karte',
  'pay.cardHint': 'Testumgebung: Die Karte ist ein Token des Zahlungsanbieters; es wird keine Kartennummer gesendet.',
  'pay.approve': 'Testkarte (wird angenommen)',
  'pay.decline': 'Testkarte (wird abgelehnt)',
  'pay.funds': 'Testkarte (Deckung nicht ausreichend)',
  'pay.name': 'Name auf den Tickets',
  'pay.button': '{total} bezahlen',
  'pay.paying': 'Zahlung läuft…',
  'confirm.heading': 'Vielen Dank! Ihre Buchung ist bestätigt.',
  'confirm.code': 'Buchungscode',
  'confirm.ticket': 'Ticket {n}',
  'confirm.qr': 'QR-Code von Ticket {n}: {code}',
  'confirm.show': 'Zeigen Sie diese Codes am Einlass vor.',
  'account.signin': 'Anmelden',
  'account.signup': 'Konto anlegen',
  'account.email': 'E-Mail',
  'account.password': 'Passwort',
  'account.name': 'Ihr Name',
  'account.passwordHint': 'Mindestens 8 Zeichen.',
  'account.signedIn': 'Angemeldet als {name}.',
  'account.haveAccount': 'Ich habe ein Konto',
  'account.newHere': 'Ich bin neu hier',
  'bookings.heading': 'Meine Buchungen',
  'bookings.none': 'Sie haben noch keine Buchungen.',
  'bookings.cancel': 'Buchung stornieren',
  'bookings.confirmCancel': 'Wirklich stornieren? Noch einmal tippen, um zu stornieren und {total} zurückzubekommen.',
  'bookings.cancelled': 'Buchung {code} ist storniert; {amount} werden erstattet.',
  'bookings.status.confirmed': 'bestätigt',
  'bookings.status.cancelled': 'storniert',
  'bookings.status.partially_cancelled': 'teilweise storniert',
  'bookings.show': 'Tickets zeigen',
  'queue.heading': 'Warteraum',
  'queue.intro': 'Sehr viele möchten Karten für diese Veranstaltung. Sie sind in der Warteschlange; lassen Sie diese Seite offen.',
  'queue.position': 'Ihr Platz in der Warteschlange: {n}',
  'queue.estimate': 'Geschätzte Wartezeit: {time}',
  'queue.admitted': 'Sie sind dran! Ihre Plätze werden reserviert.',
  'queue.expired': 'Ihre Zeit ist abgelaufen. Stellen Sie sich erneut an.',
  'queue.join': 'In die Warteschlange',
  'time.minutes': '{m} min {s} s',
  'time.seconds': '{s} s',
  'error.network': 'Die Kasse ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  'error.malformed_request': 'Die Anfrage wurde nicht verstanden. Laden Sie die Seite neu.',
  'error.malformed_json': 'Die Anfrage wurde nicht verstanden. Laden Sie die Seite neu.',
  'error.invalid_field': 'Bitte prüfen Sie {field}.',
  'error.invalid_parameter': 'Bitte prüfen Sie die Suchfilter.',
  'error.invalid_payment_details': 'Die Zahlungsdaten sind ungültig.',
  'error.missing_idempotency_key': 'Die Zahlung konnte nicht sicher gesendet werden. Versuchen Sie es erneut.',
  'error.unauthorized': 'Bitte melden Sie sich erneut an.',
  'error.invalid_credentials': 'E-Mail oder Passwort ist falsch.',
  'error.card_declined': 'Die Karte wurde abgelehnt. Ihre Plätze bleiben reserviert: Versuchen Sie eine andere Karte.',
  'error.insufficient_funds': 'Die Deckung der Karte reicht nicht. Ihre Plätze bleiben reserviert: Versuchen Sie eine andere Karte.',
  'error.invalid_card_token': 'Die Karte wurde nicht akzeptiert. Ihre Plätze bleiben reserviert: Versuchen Sie eine andere Karte.',
  'error.insufficient_cash': 'Nicht genug Bargeld.',
  'error.forbidden': 'Ihr Konto darf das nicht.',
  'error.queue_required': 'Für diesen Verkauf gibt es einen Warteraum. Sie werden in die Warteschlange geleitet…',
  'error.not_found': 'Das gibt es nicht mehr.',
  'error.method_not_allowed': 'Das ist hier nicht möglich.',
  'error.request_timeout': 'Die Anfrage hat zu lange gedauert. Versuchen Sie es erneut.',
  'error.seats_unavailable': 'Einige Plätze wurden gerade von jemand anderem gewählt; wählen Sie andere.',
  'error.email_taken': 'Mit dieser E-Mail gibt es bereits ein Konto. Melden Sie sich an.',
  'error.already_cancelled': 'Diese Buchung ist bereits storniert.',
  'error.request_in_progress': 'Ihre Zahlung wird noch bearbeitet. Bitte warten Sie kurz.',
  'error.queue_not_open': 'Gerade gibt es keinen Warteraum: Sie können direkt kaufen.',
  'error.already_checked_in': 'Dieses Ticket wurde bereits entwertet.',
  'error.ticket_cancelled': 'Dieses Ticket wurde storniert.',
  'error.wrong_event': 'Dieses Ticket gilt für eine andere Veranstaltung.',
  'error.event_cancelled': 'Diese Veranstaltung wurde abgesagt: Tickets gibt es nicht mehr.',
  'error.shift_required': 'Barzahlung braucht eine offene Kassenschicht.',
  'error.shift_open': 'Es ist bereits eine Kassenschicht offen.',
  'error.shift_closed': 'Diese Kassenschicht ist bereits abgeschlossen.',
  'error.body_too_large': 'Das ist zu viel auf einmal.',
  'error.unsupported_media_type': 'Die Anfrage wurde nicht verstanden. Laden Sie die Seite neu.',
  'error.too_many_seats': 'Zu viele Plätze: höchstens {max} auf einmal.',
  'error.unknown_tickets': 'Einige Plätze gehören nicht zu dieser Veranstaltung. Laden Sie die Seite neu.',
  'error.idempotency_key_reused': 'Die Zahlung konnte nicht sicher gesendet werden. Versuchen Sie es erneut.',
  'error.too_many_attempts': 'Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in {retry} Sekunden erneut.',
  'error.rate_limited': 'Zu viele Anfragen. Versuchen Sie es in {retry} Sekunden erneut.',
  'error.too_many_connections': 'Die Kasse ist stark ausgelastet. Versuchen Sie es gleich erneut.',
  'error.headers_too_large': 'Die Anfrage war zu groß.',
  'error.internal_error': 'Bei uns ist etwas schiefgegangen; nichts wurde geändert. Versuchen Sie es erneut.',
  'error.database_unavailable': 'Die Kasse ist kurz nicht verfügbar. Versuchen Sie es gleich erneut.',
  'error.server_busy': 'Die Kasse ist stark ausgelastet. Versuchen Sie es gleich erneut.',
  'error.too_many_subscriptions': 'Zu viele offene Veranstaltungen.',
  'error.malformed_message': 'Die Live-Aktualisierung ist ausgefallen; laden Sie die Seite neu.',
  'field.email': 'die E-Mail-Adresse',
  'field.password': 'das Passwort (mindestens 8 Zeichen)',
  'field.name': 'den Namen',
};

export const LANGUAGES = { en, de };
const LANGUAGE_KEY = 'boxoffice.language';

function initialLanguage() {
  const chosen = localStorage.getItem(LANGUAGE_KEY);
  if (chosen && LANGUAGES[chosen]) return chosen;
  const preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (const language of preferred) {
    const base = String(language || '').slice(0, 2).toLowerCase();
    if (LANGUAGES[base]) return base;
  }
  return 'en';
}

let language = initialLanguage();

export function currentLanguage() {
  return language;
}

export function locale() {
  return language === 'de' ? 'de-DE' : 'en-GB';
}

function format(text, params) {
  return text.replace(/\{(\w+)\}/g, (_, name) => (params && name in params ? String(params[name]) : ''));
}

export function t(key, params) {
  const text = LANGUAGES[language][key] ?? en[key] ?? key;
  return format(text, params);
}

// Sets an element's text (or attribute) from a key, remembering the key so
// a language switch can redo it. Params that are functions are called at
// each rendering (money and dates follow the language too).
export function translate(element, key, params = {}, attribute = null) {
  const bindings = element.__i18n || (element.__i18n = {});
  bindings[attribute || ''] = { key, params };
  apply(element, attribute || '', bindings[attribute || '']);
  return element;
}

function apply(element, attribute, { key, params }) {
  const resolved = {};
  for (const [name, value] of Object.entries(params)) resolved[name] = typeof value === 'function' ? value() : value;
  const text = t(key, resolved);
  if (attribute) element.setAttribute(attribute, text);
  else element.textContent = text;
}

export function setLanguage(next) {
  if (!LANGUAGES[next]) return;
  language = next;
  localStorage.setItem(LANGUAGE_KEY, next);
  document.documentElement.lang = next;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
  for (let node = walker.currentNode; node; node = walker.nextNode()) {
    if (node.__i18n) for (const [attribute, binding] of Object.entries(node.__i18n)) apply(node, attribute, binding);
  }
  document.dispatchEvent(new CustomEvent('languagechange'));
}

export function money(cents, currency = 'EUR') {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(cents / 100);
}

export function dateTime(iso) {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));
}

export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? t('time.minutes', { m: Math.floor(s / 60), s: String(s % 60).padStart(2, '0') }) : t('time.seconds', { s });
}

// The message for an API error, in the current language.
export function errorMessage(error) {
  const details = error.details || {};
  const key = `error.${error.code}`;
  if (!(key in en)) return details.message || t('error.internal_error');
  const fieldKey = `field.${details.field}`;
  return t(key, {
    field: fieldKey in en ? t(fieldKey) : details.field || '',
    max: details.max ?? '',
    retry: details.retry_after ?? details.retryAfter ?? '',
  });
}
