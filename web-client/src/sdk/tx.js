// Transactions over the reliable `tx` channel (JSON with a `type` discriminator, see shared-protocol's
// TxJson and vectors/tx.json):
//   client -> server  {"type":"tx.request","id":"...","kind":"buy","payload":{...}}
//   server -> client  {"type":"tx.result","id":"...","status":"committed|rejected|failed","error"?,"stateVersion":n}
//                     {"type":"room.event","kind":"...","data":{...},"stateVersion":n,"txId"?:"..."}
//
// The id is the idempotency key: chosen here, unique per client, and kept across every retry (after a
// timeout, a `failed` result or a reconnect), so the room applies a transaction at most once; each id's
// promise settles exactly once (duplicate results are ignored). Pending requests are bounded.

import { StrafeError } from './errors.js';

const TOKEN = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * @typedef {object} TxResult
 * @property {'tx.result'} type
 * @property {string} id
 * @property {'committed'|'rejected'|'failed'} status
 * @property {string} [error]
 * @property {number} stateVersion
 */

/**
 * @typedef {object} RoomEvent
 * @property {'room.event'} type
 * @property {string} kind
 * @property {Record<string, any>} data
 * @property {number} stateVersion
 * @property {string} [txId]
 */

/**
 * @typedef {object} Clock
 * @property {() => number} now
 * @property {(fn: () => void, ms: number) => any} setTimeout
 * @property {(handle: any) => void} clearTimeout
 */

/**
 * @typedef {object} Pending
 * @property {string} id
 * @property {string} text       the serialized request, re-sent verbatim
 * @property {number} attempts   sends so far
 * @property {number} sentAt     clock of the last send
 * @property {any} timer
 * @property {(r: TxResult) => void} resolve
 * @property {(e: Error) => void} reject
 */

/** A random id prefix: 8 base-36 chars from the given random source. */
export function randomPrefix(random = Math.random) {
  let s = '';
  for (let i = 0; i < 8; i++) s += Math.floor(random() * 36).toString(36);
  return s;
}

export class TxClient {
  /**
   * @param {{send: (text: string) => boolean, clock: Clock, timeoutMs?: number, maxAttempts?: number,
   *          maxPending?: number, idPrefix?: string, onRtt?: (ms: number) => void}} options
   *   send returns false when the channel is not open (the request stays pending and goes out on reconnect);
   *   timeoutMs (default 3000) doubles per attempt; maxAttempts (default 6) before rejecting with
   *   `tx-timeout`; maxPending (default 64) before rejecting new ones with `tx-overflow`.
   */
  constructor(options) {
    this.send = options.send;
    this.clock = options.clock;
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.maxPending = options.maxPending ?? 64;
    this.prefix = options.idPrefix ?? randomPrefix();
    if (!TOKEN.test(this.prefix) || this.prefix.length > 40) {
      throw new StrafeError('invalid-argument', `idPrefix: '${this.prefix}' (expected: 1..40 chars [A-Za-z0-9._:-])`);
    }
    this.onRtt = options.onRtt ?? (() => {});
    this.counter = 0;
    /** @type {Map<string, Pending>} in send order */
    this.pending = new Map();
    this.connected = false;
  }

  /** A new unique id: `{prefix}-{counter}`. */
  nextId() {
    this.counter++;
    return `${this.prefix}-${this.counter.toString(36)}`;
  }

  /**
   * Sends a transaction; resolves with its TxResult (committed, rejected, or failed after the retries).
   * @param {string} kind  game-defined, [A-Za-z0-9._:-]{1,64}
   * @param {Record<string, any>} [payload]
   * @param {{id?: string}} [options]  a caller-chosen id (must be unique), else generated
   * @returns {Promise<TxResult>}
   */
  transact(kind, payload = {}, options = {}) {
    if (!TOKEN.test(kind)) {
      return Promise.reject(new StrafeError('invalid-argument', `kind: '${kind}' (expected: 1..64 chars [A-Za-z0-9._:-])`));
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return Promise.reject(new StrafeError('invalid-argument', 'payload: not an object (expected: a JSON object)'));
    }
    const id = options.id ?? this.nextId();
    if (!TOKEN.test(id)) return Promise.reject(new StrafeError('invalid-argument', `id: '${id}' (expected: 1..64 chars [A-Za-z0-9._:-])`));
    if (this.pending.has(id)) return Promise.reject(new StrafeError('invalid-argument', `id: '${id}' (expected: not pending)`));
    if (this.pending.size >= this.maxPending) {
      return Promise.reject(new StrafeError('tx-overflow', `pending transactions: ${this.pending.size} (expected: < ${this.maxPending})`));
    }
    return new Promise((resolve, reject) => {
      /** @type {Pending} */
      const p = {
        id, text: JSON.stringify({ type: 'tx.request', id, kind, payload }), attempts: 0, sentAt: 0, timer: null, resolve, reject,
      };
      this.pending.set(id, p);
      this.transmit(p);
    });
  }

  /** @param {Pending} p */
  transmit(p) {
    if (this.connected && this.send(p.text)) {
      p.attempts++;
      p.sentAt = this.clock.now();
    }
    this.arm(p);
  }

  /** @param {Pending} p */
  arm(p) {
    if (p.timer !== null) this.clock.clearTimeout(p.timer);
    const wait = this.timeoutMs * 2 ** Math.max(0, p.attempts - 1);
    p.timer = this.clock.setTimeout(() => this.onTimeout(p), wait);
  }

  /** @param {Pending} p */
  onTimeout(p) {
    p.timer = null;
    if (this.pending.get(p.id) !== p) return;
    if (!this.connected) { // wait for the reconnect, which re-sends; do not burn attempts meanwhile
      this.arm(p);
      return;
    }
    if (p.attempts >= this.maxAttempts) {
      this.pending.delete(p.id);
      p.reject(new StrafeError('tx-timeout', `transaction ${p.id}: no result after ${p.attempts} attempts`));
      return;
    }
    this.transmit(p); // same id, same bytes
  }

  /**
   * Handles a tx.result from the server. Returns false for an unknown id (a duplicate, or a late answer to
   * something already settled): ignored, never resolved twice.
   * @param {TxResult} result
   */
  onResult(result) {
    const p = this.pending.get(result.id);
    if (!p) return false;
    if (result.status === 'failed' && p.attempts < this.maxAttempts && this.connected) {
      // transient (e.g. the room moved to another node): retry the same id after the back-off timer
      this.arm(p);
      return true;
    }
    this.pending.delete(result.id);
    if (p.timer !== null) this.clock.clearTimeout(p.timer);
    if (p.attempts === 1) this.onRtt(this.clock.now() - p.sentAt); // Karn: only unambiguous samples
    p.resolve(result);
    return true;
  }

  /** The channel is open (again): re-send every pending request with its id, oldest first. */
  onConnected() {
    this.connected = true;
    for (const p of this.pending.values()) this.transmit(p);
  }

  /** The channel closed; requests stay pending until onConnected or fail(). */
  onDisconnected() {
    this.connected = false;
  }

  /**
   * Rejects every pending request (the client gave up).
   * @param {Error} error
   */
  fail(error) {
    this.connected = false;
    for (const p of this.pending.values()) {
      if (p.timer !== null) this.clock.clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
  }
}

/**
 * Parses one tx channel message; returns null when it is not a known server message.
 * @param {string} text
 * @returns {TxResult|RoomEvent|null}
 */
export function parseTxMessage(text) {
  if (typeof text !== 'string' || text.length > 32 * 1024) return null;
  let m;
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null) return null;
  if (m.type === 'tx.result' && typeof m.id === 'string' && typeof m.status === 'string') return m;
  if (m.type === 'room.event' && typeof m.kind === 'string') return { ...m, data: m.data ?? {} };
  return null;
}
