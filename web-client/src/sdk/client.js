// StrafeClient: one player's connection to a room. Joins, sends inputs at the room's tick rate, applies
// snapshots (baselines, acks), predicts the local player and interpolates the others, runs transactions,
// reconnects with the resume token, and keeps network statistics. See web-client/README.md.

import { Emitter } from './emitter.js';
import { StrafeError } from './errors.js';
import { SnapshotReceiver, Seq32, encodeInput, readSnapshotHeader, INPUT_LENGTH, MOVE_MIN, MOVE_MAX } from './protocol.js';
import { Predictor } from './prediction.js';
import { Interpolator } from './interpolation.js';
import { TxClient, parseTxMessage, randomPrefix } from './tx.js';
import { backoffDelay } from './backoff.js';
import { NetStats } from './stats.js';
import { worldFrom } from './movement.js';
import { openSession, browserTransport, browserClock, LinkConditioner } from './transport.js';

/** @typedef {import('./protocol.js').Entity} Entity */
/** @typedef {import('./transport.js').Transport} Transport */
/** @typedef {import('./transport.js').Clock} Clock */
/** @typedef {import('./transport.js').Session} Session */
/** @typedef {import('./transport.js').RoomConfig} RoomConfig */
/** @typedef {import('./transport.js').LinkConditions} LinkConditions */
/** @typedef {import('./tx.js').TxResult} TxResult */
/** @typedef {import('./tx.js').RoomEvent} RoomEvent */
/** @typedef {import('./movement.js').World} World */

/**
 * @typedef {object} ConnectOptions
 * @property {string} [url='']        base URL of the HTTP API; '' = the page's origin
 * @property {string} room
 * @property {string} name            display name, 1..32 chars
 * @property {string} [token]         auth token (JWT) when the server requires one
 * @property {RTCIceServer[]} [iceServers]  default [] (no STUN/TURN)
 * @property {number} [renderDelayMs=100]   interpolation delay of remote entities
 * @property {number} [maxExtrapolationMs=100]
 * @property {number} [smoothingMs=100]     blend time of prediction corrections
 * @property {number} [txTimeoutMs=3000]    first retry of a transaction (doubles per attempt)
 * @property {number} [txMaxAttempts=6]
 * @property {number} [maxPendingTx=64]
 * @property {{baseMs?: number, maxMs?: number, maxAttempts?: number}} [reconnect]  back-off, default 250 ms .. 8 s, 8 attempts
 * @property {number} [silenceTimeoutMs=5000]  no snapshot for this long = connection lost
 * @property {number} [iceGatheringTimeoutMs=3000]
 * @property {number} [joinTimeoutMs=10000]
 * @property {number} [openTimeoutMs=10000]
 * @property {Transport} [transport]  injectable browser APIs (tests)
 * @property {Clock} [clock]
 * @property {() => number} [random]
 */

/**
 * @typedef {object} SnapshotEvent
 * @property {number} tick
 * @property {Entity[]} entities          the authoritative state, sorted by id
 * @property {number} lastInputSequence
 * @property {Entity|null} local          the local player's entity in it
 */

/**
 * @typedef {object} ClientEvents
 * @property {SnapshotEvent} snapshot
 * @property {RoomEvent} event
 * @property {{reason: string, attempt: number, delayMs: number}} reconnecting
 * @property {{attempts: number, sessionId: string, playerId: number, resumed: boolean}} reconnected
 * @property {{reason: string, error: StrafeError|null}} disconnected
 * @property {Error} error
 * @property {TxResult} txresult
 */

/** Bytes queued on `pos` above which an input is not sent (a few seconds of inputs). */
const MAX_POS_BUFFERED = 4096;

/**
 * Connects to a room; resolves with a ready client (both channels open) or rejects with a StrafeError.
 * @param {ConnectOptions} options
 * @returns {Promise<StrafeClient>}
 */
export async function connect(options) {
  const client = new StrafeClient(options);
  await client.open();
  return client;
}

/** @extends {Emitter<ClientEvents>} */
export class StrafeClient extends Emitter {
  /** @param {ConnectOptions} options */
  constructor(options) {
    super();
    if (!options || typeof options.room !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(options.room)) {
      throw new StrafeError('invalid-argument', `room: '${options?.room}' (expected: 1..64 chars [A-Za-z0-9._:-])`);
    }
    if (typeof options.name !== 'string' || options.name.trim().length === 0 || options.name.length > 32) {
      throw new StrafeError('invalid-argument', `name: '${options.name}' (expected: 1..32 chars, not blank)`);
    }
    this.options = options;
    this.clock = options.clock ?? browserClock();
    this.transport = options.transport ?? browserTransport();
    this.random = options.random ?? Math.random;
    /** @type {'idle'|'connecting'|'connected'|'reconnecting'|'closed'} */
    this.state = 'idle';
    /** @type {Session|null} */
    this.session = null;
    /** @type {import('./transport.js').JoinResponse|null} */
    this.join = null;
    /** @type {RoomConfig|null} */
    this.room = null;
    /** @type {World} */
    this.world = worldFrom(null);
    this.playerId = -1;
    this.receiver = new SnapshotReceiver(64);
    this.link = new LinkConditioner(this.clock, this.random);
    this.stats = new NetStats({ tickRate: 20, snapshotRate: 20 });
    this.tx = new TxClient({
      send: (text) => this.sendTx(text),
      clock: this.clock,
      timeoutMs: options.txTimeoutMs,
      maxAttempts: options.txMaxAttempts,
      maxPending: options.maxPendingTx,
      idPrefix: randomPrefix(this.random),
      onRtt: (ms) => this.stats.addRtt(ms),
    });
    /** @type {Predictor|null} */
    this.predictor = null;
    /** @type {Interpolator|null} */
    this.interpolator = null;
    /** Current input held by the game; sampled every tick. */
    this.input = { moveX: 0, moveY: 0, buttons: 0, aim: 0 };
    this.sequence = 0;
    /** @type {Map<number, number>} input sequence -> send time, for RTT from lastInputSequence */
    this.inputTimes = new Map();
    this.lastEchoed = 0;
    this.lastSnapshotAt = 0;
    this.inputTimer = null;
    this.watchdog = null;
    this.inputBuffer = new Uint8Array(INPUT_LENGTH);
    /** @type {(() => void)[]} listeners to detach from the current session */
    this.detach = [];
  }

  /** Opens the first session. Rejects with a StrafeError (the client is then closed). */
  async open() {
    if (this.state !== 'idle') throw new StrafeError('invalid-argument', `open: state ${this.state} (expected: idle)`);
    this.state = 'connecting';
    try {
      const session = await this.openSession(null);
      this.adopt(session, false);
    } catch (e) {
      this.state = 'closed';
      throw e;
    }
  }

  /** @param {string|null} resume */
  openSession(resume) {
    const o = this.options;
    return openSession({
      url: o.url ?? '', room: o.room, name: o.name, token: o.token, resume: resume ?? undefined,
      iceServers: o.iceServers, iceGatheringTimeoutMs: o.iceGatheringTimeoutMs, joinTimeoutMs: o.joinTimeoutMs,
      openTimeoutMs: o.openTimeoutMs, transport: this.transport, clock: this.clock,
    });
  }

  /**
   * Takes a freshly opened session into use.
   * @param {Session} session
   * @param {boolean} reconnect
   */
  adopt(session, reconnect) {
    const join = session.join;
    const previousPlayer = this.playerId;
    this.session = session;
    this.join = join;
    this.room = join.room;
    this.world = worldFrom(join.room.world);
    this.playerId = join.playerId;
    this.stats.configure(join.room.tickRate, join.room.snapshotRate);
    // The server starts a new session with full snapshots; ticks may differ on another node.
    this.receiver = new SnapshotReceiver(64);
    if (this.interpolator === null || reconnect) {
      this.interpolator = new Interpolator({
        tickRate: join.room.tickRate, renderDelayMs: this.options.renderDelayMs, maxExtrapolationMs: this.options.maxExtrapolationMs,
      });
    }
    if (this.predictor === null || previousPlayer !== join.playerId) {
      this.predictor = new Predictor({ world: this.world, tickRate: join.room.tickRate, smoothingMs: this.options.smoothingMs });
    } else {
      this.predictor.world = this.world;
      this.predictor.tickRate = join.room.tickRate;
    }
    const { pc, pos, tx } = session;
    const on = (/** @type {EventTarget} */ target, /** @type {string} */ type, /** @type {(ev: any) => void} */ fn) => {
      target.addEventListener(type, fn);
      this.detach.push(() => target.removeEventListener(type, fn));
    };
    on(pos, 'message', (ev) => this.link.incoming(() => this.onPos(ev.data)));
    on(tx, 'message', (ev) => this.onTx(ev.data));
    on(pos, 'close', () => this.lost('channel closed'));
    on(tx, 'close', () => this.lost('channel closed'));
    on(pc, 'connectionstatechange', () => {
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') this.lost('ice failed');
    });
    this.state = 'connected';
    this.lastSnapshotAt = this.clock.now();
    this.inputTimer = this.clock.setInterval(() => this.sendInput(), 1000 / join.room.tickRate);
    const silence = this.options.silenceTimeoutMs ?? 5000;
    this.watchdog = this.clock.setInterval(() => {
      if (this.state === 'connected' && this.clock.now() - this.lastSnapshotAt > silence) this.lost('no snapshots');
    }, Math.min(500, silence));
    this.tx.onConnected();
  }

  /** Stops using the current session (handlers, timers, peer connection). */
  teardown() {
    for (const d of this.detach) d();
    this.detach = [];
    if (this.inputTimer !== null) this.clock.clearInterval(this.inputTimer);
    if (this.watchdog !== null) this.clock.clearInterval(this.watchdog);
    this.inputTimer = null;
    this.watchdog = null;
    this.link.clear();
    this.tx.onDisconnected();
    if (this.session) {
      try {
        this.session.pc.close();
      } catch { /* already closed */ }
    }
    this.session = null;
  }

  /**
   * The connection is gone (channel closed, ICE failed, silence, or the node is draining): reconnect.
   * @param {string} reason
   */
  lost(reason) {
    if (this.state !== 'connected') return;
    this.state = 'reconnecting';
    this.teardown();
    void this.reconnectLoop(reason);
  }

  /** @param {string} reason */
  async reconnectLoop(reason) {
    const policy = this.options.reconnect ?? {};
    const max = policy.maxAttempts ?? 8;
    /** @type {StrafeError|null} */
    let lastError = null;
    for (let attempt = 1; attempt <= max; attempt++) {
      const delayMs = Math.max(backoffDelay(attempt, policy, this.random), lastError?.retryAfterMs ?? 0);
      this.emit('reconnecting', { reason, attempt, delayMs });
      await new Promise((resolve) => this.clock.setTimeout(() => resolve(undefined), delayMs));
      if (this.state !== 'reconnecting') return; // closed meanwhile
      try {
        const session = await this.openSession(this.join?.resumeToken ?? null);
        if (this.state !== 'reconnecting') {
          session.pc.close();
          return;
        }
        const before = this.playerId;
        this.adopt(session, true);
        this.emit('reconnected', { attempts: attempt, sessionId: session.join.sessionId, playerId: this.playerId, resumed: before === this.playerId });
        return;
      } catch (e) {
        lastError = e instanceof StrafeError ? e : new StrafeError('network', String(e), { cause: e });
        this.emit('error', lastError);
        if (!lastError.retryable) break;
      }
    }
    if (this.state !== 'reconnecting') return;
    this.shutdown('reconnect failed', new StrafeError('disconnected', `gave up reconnecting: ${lastError?.message ?? reason}`, { cause: lastError, retryable: false }));
  }

  /**
   * @param {string} reason
   * @param {StrafeError|null} error
   */
  shutdown(reason, error) {
    if (this.state === 'closed') return;
    this.teardown();
    this.state = 'closed';
    this.tx.fail(error ?? new StrafeError('disconnected', `client closed (${reason})`));
    this.emit('disconnected', { reason, error });
  }

  /** Leaves the room: closes the connection, rejects pending transactions, no reconnect. */
  close() {
    this.shutdown('closed', null);
  }

  /** Forces a reconnect now (e.g. the game detected a problem); no-op unless connected. */
  reconnect(reason = 'requested') {
    this.lost(reason);
  }

  // --- input ---------------------------------------------------------------------------------

  /**
   * Sets the input sent every tick until changed.
   * @param {{moveX?: number, moveY?: number, buttons?: number, aim?: number}} input  axes in [-127, 127]
   */
  setInput(input) {
    const axis = (/** @type {number|undefined} */ v, /** @type {number} */ old) => (typeof v === 'number' && Number.isFinite(v)
      ? Math.max(MOVE_MIN, Math.min(MOVE_MAX, Math.round(v))) : old);
    this.input = {
      moveX: axis(input.moveX, this.input.moveX),
      moveY: axis(input.moveY, this.input.moveY),
      buttons: typeof input.buttons === 'number' ? input.buttons & 0xff : this.input.buttons,
      aim: typeof input.aim === 'number' ? input.aim & 0xffff : this.input.aim,
    };
  }

  /** One tick: send the held input with the next sequence and the ack; predict it locally. */
  sendInput() {
    const pos = this.session?.pos;
    if (this.state !== 'connected' || !pos || pos.readyState !== 'open') return;
    const now = this.clock.now();
    this.sequence = Seq32.nextTick(this.sequence); // 0 is "no input" in snapshots
    const sequence = this.sequence;
    const msg = {
      sequence, ackTick: this.receiver.ackTick, clientTimeMillis: Math.floor(now) >>> 0,
      moveX: this.input.moveX, moveY: this.input.moveY, buttons: this.input.buttons, aim: this.input.aim,
    };
    const n = encodeInput(msg, this.inputBuffer);
    const bytes = this.inputBuffer.slice(0, n);
    this.stats.onSent(n);
    this.link.outgoing(() => {
      // pos is unreliable: when its send buffer is backed up, a fresh input beats a queued one
      if (pos.readyState !== 'open' || pos.bufferedAmount > MAX_POS_BUFFERED) return;
      try {
        pos.send(bytes);
      } catch { /* closed meanwhile: the close event starts the reconnect */ }
    });
    this.inputTimes.set(sequence, now);
    if (this.inputTimes.size > 256) {
      const oldest = this.inputTimes.keys().next();
      if (!oldest.done) this.inputTimes.delete(oldest.value);
    }
    this.predictor?.applyInput(sequence, msg);
  }

  // --- inbound -------------------------------------------------------------------------------

  /** @param {ArrayBuffer|Uint8Array} data */
  onPos(data) {
    const room = this.room;
    const interpolator = this.interpolator;
    if (this.state !== 'connected' || room === null || interpolator === null) return;
    const now = this.clock.now();
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    let header;
    try {
      header = readSnapshotHeader(bytes);
    } catch {
      this.stats.invalidSnapshots++;
      this.stats.onReceived(bytes.byteLength);
      return;
    }
    this.stats.onSnapshot(header.tick, now, bytes.byteLength);
    this.lastSnapshotAt = now;
    let applied;
    try {
      applied = this.receiver.receive(bytes);
    } catch {
      this.stats.invalidSnapshots++;
      return;
    }
    if (!applied) {
      this.stats.droppedSnapshots++;
      return;
    }
    const state = /** @type {import('./protocol.js').SnapshotState} */ (this.receiver.latest);
    const lastInputSequence = state.lastInputSequence ?? 0;
    interpolator.push(state.tick, state.entities, now);
    const local = state.entities.find((e) => e.id === this.playerId) ?? null;
    if (local && this.predictor) {
      if (this.predictor.reconcile(local, lastInputSequence, now) > 0) this.stats.corrections++;
    }
    if (lastInputSequence !== 0 && lastInputSequence !== this.lastEchoed) {
      this.lastEchoed = lastInputSequence;
      const sentAt = this.inputTimes.get(lastInputSequence);
      // The input waited on average half a tick in the room's queue before it was applied.
      if (sentAt !== undefined) this.stats.addRtt(Math.max(0, now - sentAt - 500 / room.tickRate));
    }
    this.emit('snapshot', { tick: state.tick, entities: state.entities, lastInputSequence, local });
  }

  /** @param {string|ArrayBuffer} data */
  onTx(data) {
    if (typeof data !== 'string') return;
    this.stats.onReceived(data.length);
    const m = parseTxMessage(data);
    if (m === null) return;
    if (m.type === 'tx.result') {
      if (this.tx.onResult(m)) this.emit('txresult', m);
      return;
    }
    this.emit('event', m);
    if (m.kind === 'draining' || m.kind === 'room.draining') this.lost('draining');
  }

  /** @param {string} text */
  sendTx(text) {
    const tx = this.session?.tx;
    if (!tx || tx.readyState !== 'open') return false;
    try {
      tx.send(text);
    } catch {
      return false; // closed meanwhile: re-sent after the reconnect
    }
    this.stats.onSent(text.length);
    return true;
  }

  // --- API for the game -------------------------------------------------------------------------

  /**
   * Runs a transaction; resolves with the server's TxResult (check `status`), rejects with a StrafeError
   * (`tx-timeout`, `tx-overflow`, `disconnected`, `invalid-argument`). Retried with the same id after a
   * timeout or a reconnect; the server applies it at most once.
   * @param {string} kind
   * @param {Record<string, any>} [payload]
   * @returns {Promise<TxResult>}
   */
  transact(kind, payload = {}) {
    if (this.state === 'closed') return Promise.reject(new StrafeError('disconnected', 'client closed'));
    return this.tx.transact(kind, payload);
  }

  /**
   * What to draw now: the local player (predicted, smoothed) and the interpolated remote entities.
   * @param {number} [nowMs]
   * @returns {{local: {id: number, x: number, y: number}|null, remote: Entity[]}}
   */
  view(nowMs = this.clock.now()) {
    const id = this.playerId;
    const local = this.predictor?.ready ? { id, ...this.predictor.render(nowMs) } : null;
    const remote = this.interpolator ? this.interpolator.sample(nowMs, (e) => e !== id) : [];
    return { local, remote };
  }

  /** Network statistics: RTT, snapshot rate, loss, bytes and messages in/out. */
  netStats(nowMs = this.clock.now()) {
    return { ...this.stats.snapshot(nowMs), simulatedDrops: this.link.dropped, pendingInputs: this.predictor?.pending.length ?? 0 };
  }

  /**
   * Simulates lag and loss on the pos channel (outgoing inputs, incoming snapshots), for testing a game.
   * @param {LinkConditions} conditions
   */
  simulateNetwork(conditions) {
    this.link.set(conditions);
  }

  /** Changes the interpolation delay of remote entities. @param {number} ms */
  setRenderDelay(ms) {
    if (this.interpolator) this.interpolator.renderDelayMs = Math.max(0, ms);
    this.options.renderDelayMs = Math.max(0, ms);
  }
}
