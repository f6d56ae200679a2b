// Client-side prediction of the local player with server reconciliation and smooth correction.
//
// Every input the client sends is applied locally at once (same step as the server, movement.js) and kept
// until a snapshot says the server applied it (lastInputSequence). On each snapshot the predictor restarts
// from the server's position of the local entity, drops the acknowledged inputs and replays the rest. When
// the replayed position differs from what the player was seeing, the difference is not snapped: it becomes
// a visual offset that shrinks linearly to zero over `smoothingMs` (large errors, e.g. a respawn, snap).
// When the server agrees with the prediction the offset stays exactly zero: no jitter.

import { Seq32 } from './protocol.js';
import { step } from './movement.js';

/** @typedef {import('./movement.js').World} World */

/**
 * @typedef {object} PendingInput
 * @property {number} sequence  u32
 * @property {number} moveX
 * @property {number} moveY
 */

export class Predictor {
  /**
   * @param {{world: World, tickRate: number, smoothingMs?: number, snapDistance?: number, maxPending?: number}} options
   *   smoothingMs: correction blend time (default 100); snapDistance: cm above which a correction snaps
   *   (default 300); maxPending: unacknowledged inputs kept (default 256, oldest dropped)
   */
  constructor(options) {
    this.world = options.world;
    this.tickRate = options.tickRate;
    this.smoothingMs = options.smoothingMs ?? 100;
    this.snapDistance = options.snapDistance ?? 300;
    this.maxPending = options.maxPending ?? 256;
    /** @type {PendingInput[]} inputs sent but not yet applied by the server, in sequence order */
    this.pending = [];
    /** Predicted authoritative-equivalent state (integer cm). Null until the first server state. */
    /** @type {import('./movement.js').Body|null} */
    this.body = null;
    /** Visual correction: offset (cm) at `offsetAt`, blended to 0 over smoothingMs. */
    this.offsetX = 0;
    this.offsetY = 0;
    this.offsetAt = 0;
    /** Number of reconciliations that changed the prediction (for stats/tests). */
    this.corrections = 0;
    /** Last server-acknowledged input sequence, or -1 before the first. */
    this.lastAcked = -1;
  }

  /** @returns {boolean} */
  get ready() {
    return this.body !== null;
  }

  /**
   * Applies a just-sent input locally and remembers it for replay.
   * @param {number} sequence
   * @param {{moveX: number, moveY: number}} input
   */
  applyInput(sequence, input) {
    if (this.body === null) return; // nothing to predict from yet; the server state arrives with the first snapshot
    this.pending.push({ sequence, moveX: input.moveX, moveY: input.moveY });
    if (this.pending.length > this.maxPending) this.pending.shift();
    this.body = step(this.body, input, this.world, this.tickRate);
  }

  /**
   * Reconciles with the server's state of the local entity.
   * @param {{x: number, y: number, vx?: number, vy?: number}} server  the local entity in the snapshot
   * @param {number} lastInputSequence  the snapshot's lastInputSequence (0 = none applied yet)
   * @param {number} nowMs
   * @returns {number} the correction distance in cm (0 when the server agreed)
   */
  reconcile(server, lastInputSequence, nowMs) {
    if (this.lastAcked !== -1 && lastInputSequence !== this.lastAcked && !Seq32.isNewer(lastInputSequence, this.lastAcked)) {
      return 0; // an older snapshot than one already reconciled: ignore
    }
    this.lastAcked = lastInputSequence;
    let k = 0;
    while (k < this.pending.length && !Seq32.isNewer(this.pending[k].sequence, lastInputSequence)) k++;
    if (k > 0) this.pending.splice(0, k);
    let body = { x: server.x, y: server.y, vx: server.vx ?? 0, vy: server.vy ?? 0 };
    for (const input of this.pending) body = step(body, input, this.world, this.tickRate);
    if (this.body === null) {
      this.body = body;
      return 0;
    }
    const old = this.body;
    if (body.x === old.x && body.y === old.y) {
      this.body = body; // the server agrees: the running offset (if any) keeps fading, nothing jumps
      return 0;
    }
    const seen = this.render(nowMs);
    this.body = body;
    this.corrections++;
    const error = Math.hypot(old.x - body.x, old.y - body.y);
    if (error > this.snapDistance || this.smoothingMs <= 0) {
      this.offsetX = 0;
      this.offsetY = 0;
    } else { // keep drawing where the player was seen and blend toward the corrected prediction
      this.offsetX = seen.x - body.x;
      this.offsetY = seen.y - body.y;
      this.offsetAt = nowMs;
    }
    return error;
  }

  /**
   * The position to draw: the prediction plus what is left of the last correction's offset.
   * @param {number} nowMs
   * @returns {{x: number, y: number}}
   */
  render(nowMs) {
    if (this.body === null) return { x: 0, y: 0 };
    const w = this.smoothingMs <= 0 ? 0 : Math.max(0, 1 - (nowMs - this.offsetAt) / this.smoothingMs);
    return { x: this.body.x + this.offsetX * w, y: this.body.y + this.offsetY * w };
  }

  /** Forgets everything (new session without resume). */
  reset() {
    this.pending = [];
    this.body = null;
    this.offsetX = 0;
    this.offsetY = 0;
    this.lastAcked = -1;
  }
}
