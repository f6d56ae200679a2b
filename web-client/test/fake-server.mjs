// A fake Strafe server for SDK tests: answers the join endpoint, owns the far end of the fake data
// channels, decodes inputs, encodes snapshots (deltas against the player's acks) and answers transactions
// with id-based deduplication, like the real room does.
import { FakePeerConnection, jsonResponse } from './fakes.mjs';
import { decodeInput, encodeSnapshot, decodeSnapshot, Seq32, MAX_SNAPSHOT_BYTES } from '../src/sdk/protocol.js';

export const ROOM = { id: 'arena', tickRate: 20, snapshotRate: 20, capacity: 8, protocolVersion: 1, maxSnapshotBytes: 1100 };

export class FakeServer {
  constructor({ room = ROOM, world } = {}) {
    this.room = world ? { ...room, world } : room;
    /** @type {{url: string, body: any}[]} */
    this.joins = [];
    /** Queued error answers for the next joins: {status, body} or 'network'. */
    this.failures = [];
    /** @type {FakePeerConnection[]} */
    this.pcs = [];
    this.pcBehaviour = {};
    this.sessions = 0;
    this.playerId = 5;
    /** @type {any[]} decoded inputs, all sessions */
    this.inputs = [];
    /** @type {any[]} tx requests received (with duplicates) */
    this.txRequests = [];
    /** @type {Map<string, any>} id -> result: a retried id gets the first result */
    this.txResults = new Map();
    this.applied = 0;
    this.autoReply = true;
    this.ackTick = 0;
    /** @type {Map<number, any>} tick -> view the client holds */
    this.views = new Map();
  }

  transport() {
    return {
      createPeerConnection: (config) => {
        const pc = new FakePeerConnection(config, this.pcBehaviour);
        this.pcs.push(pc);
        return pc;
      },
      fetch: (url, init) => this.fetch(url, init),
    };
  }

  get pc() { return this.pcs.at(-1); }

  async fetch(url, init) {
    const body = JSON.parse(init.body);
    this.joins.push({ url, body, init });
    const failure = this.failures.shift();
    if (failure === 'network') throw new TypeError('Failed to fetch');
    if (failure === 'hang') return new Promise(() => {});
    if (failure) return jsonResponse(failure.status, failure.body, 'application/problem+json');
    this.sessions++;
    const pc = this.pc;
    this.wire(pc);
    return jsonResponse(200, {
      answer: 'v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\n', sessionId: `s-${this.sessions}`, resumeToken: `rt-${this.sessions}`,
      playerId: this.playerId, room: this.room,
    });
  }

  wire(pc) {
    this.ackTick = 0;
    this.views.clear();
    const pos = pc.channels.get('pos');
    const tx = pc.channels.get('tx');
    pos.onSend = (data) => {
      const input = decodeInput(data);
      this.inputs.push(input);
      if (input.ackTick !== 0 && (this.ackTick === 0 || Seq32.isNewer(input.ackTick, this.ackTick))) this.ackTick = input.ackTick;
    };
    tx.onSend = (text) => {
      const req = JSON.parse(text);
      this.txRequests.push(req);
      if (!this.autoReply) return;
      this.answerTx(req);
    };
  }

  answerTx(req) {
    let result = this.txResults.get(req.id);
    if (!result) {
      this.applied++;
      result = { type: 'tx.result', id: req.id, status: 'committed', stateVersion: this.applied };
      this.txResults.set(req.id, result);
    }
    this.pc.channels.get('tx').deliver(JSON.stringify(result));
  }

  event(kind, data = {}) {
    this.pc.channels.get('tx').deliver(JSON.stringify({ type: 'room.event', kind, data, stateVersion: this.applied }));
  }

  /** Sends a snapshot of `entities` at `tick` to the current session (delta against the newest ack). */
  snapshot(tick, entities, lastInputSequence = 0) {
    const baseline = this.views.get(this.ackTick) ?? null;
    const buf = new Uint8Array(MAX_SNAPSHOT_BYTES);
    const { length } = encodeSnapshot(baseline, { tick, lastInputSequence, entities }, buf);
    const message = buf.slice(0, length);
    this.views.set(tick, decodeSnapshot(message, baseline));
    this.pc.channels.get('pos').deliver(message.buffer);
    return message;
  }
}
