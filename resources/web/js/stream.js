// One event's seats kept equal to the server's (docs/API.md, "Converging"):
// apply a push whose version is exactly the last + 1; on a gap, a reconnect
// or a fresh page, fetch ?since=<last> and carry on from its version.
import { api } from './api.js';

export class LiveSeats {
  // onChange(tickets) gets the changed tickets ({id, status}).
  constructor(eventId, snapshot, onChange, onConnection) {
    this.eventId = eventId;
    this.version = snapshot.version;
    this.onChange = onChange;
    this.onConnection = onConnection || (() => {});
    this.closed = false;
    this.retry = 500;
    this.catchingUp = null;
    this.connect();
  }

  connect() {
    if (this.closed) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/v1/stream`);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retry = 500;
      socket.send(JSON.stringify({ subscribe: [this.eventId] }));
    });
    socket.addEventListener('message', (message) => this.receive(message.data));
    socket.addEventListener('close', () => {
      if (this.socket !== socket || this.closed) return;
      this.onConnection(false);
      setTimeout(() => this.connect(), this.retry);
      this.retry = Math.min(this.retry * 2, 10000);
    });
  }

  receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (message.type === 'subscribed') {
      this.onConnection(true);
      // Whatever happened while no pushes came is fetched now.
      const start = (message.events || []).find((e) => e.event_id === this.eventId);
      if (start && start.version !== this.version) this.catchUp();
    } else if (message.type === 'tickets' && message.event_id === this.eventId) {
      this.latestSeen = Math.max(this.latestSeen || 0, message.version);
      if (this.catchingUp) return; // the fetch brings it, or the next one
      if (message.version <= this.version) return;
      if (message.version === this.version + 1) {
        this.version = message.version;
        this.onChange(message.tickets);
      } else {
        this.catchUp();
      }
    }
  }

  // Also used by tests and after the page was hidden: fetch what changed.
  catchUp() {
    if (this.catchingUp) return this.catchingUp;
    this.catchingUp = (async () => {
      try {
        const changes = await api.tickets(this.eventId, this.version);
        if (changes.version > this.version) {
          this.version = changes.version;
          this.onChange(changes.tickets);
        }
      } catch {
        setTimeout(() => this.catchUp(), 2000);
      } finally {
        this.catchingUp = null;
      }
      // A push that arrived during the fetch may be newer than its answer.
      if ((this.latestSeen || 0) > this.version) this.catchUp();
    })();
    return this.catchingUp;
  }

  close() {
    this.closed = true;
    if (this.socket) this.socket.close();
  }
}
