// The seat map drawn from the venue's layout: sections, rows and seats in
// the order the venue lists them, each seat a button named for screen
// readers, coloured by its price category. One seat is in the tab order at
// a time; the arrow keys move between seats (roving tabindex).
import { h } from './dom.js';
import { t, translate, money } from './i18n.js';

export class SeatMap {
  // onToggle(ticket) is called when the customer picks or drops a seat.
  constructor(event, tickets, onToggle) {
    this.event = event;
    this.onToggle = onToggle;
    this.tickets = new Map(tickets.map((ticket) => [ticket.id, { ...ticket }]));
    this.categories = new Map((event.price_categories || []).map((c) => [c.id, c]));
    this.selected = new Set();
    this.mine = new Set(); // held by this customer's own hold
    this.buttons = new Map();
    this.rows = []; // [{section, row, ids: []}] in layout order
    for (const ticket of tickets) {
      const last = this.rows[this.rows.length - 1];
      if (last && last.section === ticket.section && last.row === ticket.row) last.ids.push(ticket.id);
      else this.rows.push({ section: ticket.section, row: ticket.row, ids: [ticket.id] });
    }
    for (const row of this.rows)
      row.ids.sort((a, b) => this.tickets.get(a).seat - this.tickets.get(b).seat);
    this.element = this.render();
  }

  render() {
    const map = h('div', { class: 'seatmap', role: 'group' });
    // Long rows get smaller seats, so a hall fits a laptop's width.
    if (Math.max(...this.rows.map((row) => row.ids.length)) > 20) map.classList.add('dense');
    translate(map, 'event.seats', {}, 'aria-label');
    map.append(translate(h('div', { class: 'stage', 'aria-hidden': 'true' }), 'event.stage'));
    let section = null;
    let sectionRows = null;
    for (const row of this.rows) {
      if (!section || section.dataset.name !== row.section) {
        section = h('div', { class: 'section', role: 'group', 'aria-label': row.section, dataset: { name: row.section } },
          h('h3', {}, row.section));
        sectionRows = h('div', { class: 'rows' });
        section.append(sectionRows);
        map.append(section);
      }
      const line = h('div', { class: 'row', role: 'group', 'aria-label': `${row.section} ${row.row}` },
        h('span', { class: 'row-label', 'aria-hidden': 'true' }, row.row));
      for (const id of row.ids) line.append(this.renderSeat(this.tickets.get(id)));
      line.append(h('span', { class: 'row-label', 'aria-hidden': 'true' }, row.row));
      sectionRows.append(line);
    }
    map.addEventListener('keydown', (event) => this.onKey(event));
    const first = this.firstFocusable();
    if (first) first.tabIndex = 0;
    return map;
  }

  renderSeat(ticket) {
    const category = this.categories.get(ticket.price_category_id);
    const button = h('button', { type: 'button', class: 'seat', tabindex: '-1', dataset: { id: ticket.id } },
      String(ticket.seat));
    if (category && /^#[0-9a-fA-F]{3,8}$/.test(category.color || '')) button.style.setProperty('--category', category.color);
    if (ticket.accessible) button.classList.add('accessible');
    button.addEventListener('click', () => this.toggle(ticket.id));
    this.buttons.set(ticket.id, button);
    this.update(ticket.id);
    return button;
  }

  label(ticket) {
    const category = this.categories.get(ticket.price_category_id);
    return () => {
      const parts = [t('seat.label', {
        section: ticket.section, row: ticket.row, seat: ticket.seat,
        category: category ? category.name : '', price: money(ticket.price),
      })];
      if (ticket.accessible) parts.push(t('seat.accessible'));
      parts.push(t(this.selected.has(ticket.id) ? 'seat.selected' : `seat.${this.statusOf(ticket)}`));
      return parts.join(', ');
    };
  }

  statusOf(ticket) {
    return this.mine.has(ticket.id) && ticket.status === 'held' ? 'available' : ticket.status;
  }

  isFree(id) {
    const ticket = this.tickets.get(id);
    return ticket && this.statusOf(ticket) === 'available';
  }

  update(id) {
    const ticket = this.tickets.get(id);
    const button = this.buttons.get(id);
    if (!ticket || !button) return;
    const status = this.selected.has(id) ? 'selected' : this.statusOf(ticket);
    button.dataset.status = status;
    button.setAttribute('aria-pressed', this.selected.has(id) ? 'true' : 'false');
    button.setAttribute('aria-disabled', status === 'available' || status === 'selected' ? 'false' : 'true');
    const label = this.label(ticket);
    translate(button, 'seat.live', { text: label }, 'aria-label');
  }

  toggle(id) {
    if (!this.isFree(id)) return;
    this.onToggle(this.tickets.get(id));
  }

  setSelection(ids, mine = []) {
    const before = new Set([...this.selected, ...this.mine]);
    this.selected = new Set(ids);
    this.mine = new Set(mine);
    for (const id of new Set([...before, ...this.selected, ...this.mine])) this.update(id);
  }

  // Applies the stream's changes; returns the selected seats lost to others.
  apply(changes) {
    const lost = [];
    for (const change of changes) {
      const ticket = this.tickets.get(change.id);
      if (!ticket) continue;
      ticket.status = change.status;
      if (this.selected.has(change.id) && !this.isFree(change.id)) {
        this.selected.delete(change.id);
        lost.push(ticket);
      }
      this.update(change.id);
    }
    return lost;
  }

  // The best N free seats next to each other: the dearest category first
  // (the best view), then the front rows, then the middle of the row.
  best(count) {
    let best = null;
    for (const [index, row] of this.rows.entries()) {
      const price = this.tickets.get(row.ids[0]).price;
      for (let start = 0; start + count <= row.ids.length; start++) {
        const run = row.ids.slice(start, start + count);
        if (!run.every((id) => this.isFree(id) || this.selected.has(id))) continue;
        const offCentre = Math.abs(start + count / 2 - row.ids.length / 2);
        const score = [-price, index, offCentre];
        if (!best || compare(score, best.score) < 0) best = { score, run };
      }
    }
    return best ? best.run : null;
  }

  firstFocusable() {
    for (const row of this.rows) for (const id of row.ids) if (this.isFree(id)) return this.buttons.get(id);
    return this.buttons.values().next().value;
  }

  focusSeat(button) {
    for (const other of this.buttons.values()) other.tabIndex = -1;
    button.tabIndex = 0;
    button.focus();
  }

  onKey(event) {
    const button = event.target.closest('.seat');
    if (!button) return;
    const id = Number(button.dataset.id);
    const rowIndex = this.rows.findIndex((row) => row.ids.includes(id));
    const row = this.rows[rowIndex];
    const position = row.ids.indexOf(id);
    let target = null;
    if (event.key === 'ArrowRight') target = row.ids[position + 1];
    else if (event.key === 'ArrowLeft') target = row.ids[position - 1];
    else if (event.key === 'Home') target = row.ids[0];
    else if (event.key === 'End') target = row.ids[row.ids.length - 1];
    else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const next = this.rows[rowIndex + (event.key === 'ArrowDown' ? 1 : -1)];
      if (next) target = next.ids[Math.round((position / Math.max(1, row.ids.length - 1)) * (next.ids.length - 1))];
    } else return;
    event.preventDefault();
    if (target !== undefined && target !== null) this.focusSeat(this.buttons.get(target));
  }
}

function compare(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
