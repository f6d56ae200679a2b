// Entity interpolation for remote entities: snapshots are buffered by server time (tick / tickRate) and the
// world is drawn `renderDelayMs` in the past, between the two snapshots around that moment, so remote
// players move smoothly even though snapshots arrive 20-60 times a second with jitter and loss.
//
// Server time -> client time: the buffer keeps the smallest observed (arrival - serverTime) over a sliding
// window (the least-delayed snapshot approximates the one-way latency plus clock offset), so render time
// = now - offset - renderDelay never runs ahead of the data by more than the jitter. Past the newest
// snapshot entities are extrapolated with their velocity for at most `maxExtrapolationMs`, then held.

/** @typedef {import('./protocol.js').Entity} Entity */

/**
 * @typedef {object} BufferedSnapshot
 * @property {number} time       server time in ms (unwrapped tick * 1000 / tickRate)
 * @property {number} tick       u32 tick
 * @property {Map<number, Entity>} entities  by id
 */

export class Interpolator {
  /**
   * @param {{tickRate: number, renderDelayMs?: number, maxExtrapolationMs?: number, capacity?: number,
   *          offsetWindowMs?: number}} options
   *   renderDelayMs default 100; maxExtrapolationMs default 100; capacity: snapshots kept (default 64);
   *   offsetWindowMs: how long a minimal clock offset sample is trusted (default 2000)
   */
  constructor(options) {
    this.tickRate = options.tickRate;
    this.renderDelayMs = options.renderDelayMs ?? 100;
    this.maxExtrapolationMs = options.maxExtrapolationMs ?? 100;
    this.capacity = options.capacity ?? 64;
    this.offsetWindowMs = options.offsetWindowMs ?? 2000;
    /** @type {BufferedSnapshot[]} sorted by time */
    this.buffer = [];
    /** @type {number|null} last tick seen (u32) and its unwrapped value */
    this.lastTick = null;
    this.unwrapped = 0;
    /** @type {{offset: number, at: number}[]} monotonic deque of offset samples (min filter) */
    this.offsets = [];
  }

  /** Drops all buffered snapshots (e.g. after a reconnect to another node whose ticks differ). */
  clear() {
    this.buffer = [];
    this.lastTick = null;
    this.unwrapped = 0;
    this.offsets = [];
  }

  /**
   * Buffers one applied snapshot.
   * @param {number} tick  u32
   * @param {Entity[]} entities
   * @param {number} arrivalMs  client clock at arrival
   */
  push(tick, entities, arrivalMs) {
    if (this.lastTick === null) {
      this.unwrapped = tick;
    } else {
      this.unwrapped += (tick - this.lastTick) | 0; // signed distance modulo 2^32
    }
    this.lastTick = tick;
    const time = (this.unwrapped * 1000) / this.tickRate;
    // minimum filter over a sliding window: drop samples that are larger or expired
    const offset = arrivalMs - time;
    while (this.offsets.length && this.offsets[this.offsets.length - 1].offset >= offset) this.offsets.pop();
    this.offsets.push({ offset, at: arrivalMs });
    while (this.offsets.length > 1 && arrivalMs - this.offsets[0].at > this.offsetWindowMs) this.offsets.shift();

    const snap = { time, tick, entities: new Map(entities.map((e) => [e.id, e])) };
    let i = this.buffer.length;
    while (i > 0 && this.buffer[i - 1].time > time) i--;
    if (i > 0 && this.buffer[i - 1].time === time) return; // duplicate tick
    this.buffer.splice(i, 0, snap);
    if (this.buffer.length > this.capacity) this.buffer.shift();
  }

  /** Server time (ms) to draw at client time `nowMs`: now - offset - render delay. @param {number} nowMs */
  renderTime(nowMs) {
    if (this.offsets.length === 0) return 0;
    return nowMs - this.offsets[0].offset - this.renderDelayMs;
  }

  /**
   * Interpolated entities at server time `t` (see renderTime). Entities present in both surrounding
   * snapshots are interpolated linearly; one that appears in the later snapshot shows up when its time is
   * reached; one that is gone from the later snapshot stays at its last position until then.
   * @param {number} t  server time in ms
   * @param {(id: number) => boolean} [include]  filter (e.g. to skip the predicted local player)
   * @returns {Entity[]}
   */
  sampleAt(t, include = () => true) {
    const buf = this.buffer;
    if (buf.length === 0) return [];
    // drop snapshots no longer needed: keep one at or before t
    while (buf.length > 2 && buf[1].time <= t) buf.shift();
    const a = buf[0];
    if (t <= a.time || buf.length === 1) {
      const ahead = Math.min(Math.max(0, t - a.time), this.maxExtrapolationMs) / 1000;
      return [...a.entities.values()].filter((e) => include(e.id)).map((e) => (ahead > 0 ? extrapolate(e, ahead) : { ...e }));
    }
    const b = buf[1];
    const alpha = (t - a.time) / (b.time - a.time);
    /** @type {Entity[]} */
    const out = [];
    if (alpha >= 1) { // past the newest snapshot: extrapolate from b within the limit
      const ahead = Math.min(t - b.time, this.maxExtrapolationMs) / 1000;
      for (const e of b.entities.values()) if (include(e.id)) out.push(extrapolate(e, ahead));
      return out;
    }
    for (const e of a.entities.values()) {
      if (!include(e.id)) continue;
      const n = b.entities.get(e.id);
      if (!n || n.kind !== e.kind) {
        out.push({ ...e });
        continue;
      }
      out.push({
        ...n,
        x: e.x + (n.x - e.x) * alpha,
        y: e.y + (n.y - e.y) * alpha,
        heading: lerpHeading(e.heading, n.heading, alpha),
      });
    }
    return out;
  }

  /**
   * Entities to draw now.
   * @param {number} nowMs
   * @param {(id: number) => boolean} [include]
   */
  sample(nowMs, include) {
    return this.sampleAt(this.renderTime(nowMs), include);
  }

  /** How far behind the newest snapshot the render time is, in ms (negative: extrapolating). @param {number} nowMs */
  bufferedMs(nowMs) {
    if (this.buffer.length === 0) return 0;
    return this.buffer[this.buffer.length - 1].time - this.renderTime(nowMs);
  }
}

/**
 * @param {Entity} e
 * @param {number} seconds
 * @returns {Entity}
 */
function extrapolate(e, seconds) {
  return { ...e, x: e.x + e.vx * seconds, y: e.y + e.vy * seconds };
}

/** Shortest-arc interpolation of u16 headings. @param {number} a @param {number} b @param {number} alpha */
function lerpHeading(a, b, alpha) {
  let d = b - a;
  if (d > 32768) d -= 65536;
  else if (d < -32768) d += 65536;
  return (((a + d * alpha) % 65536) + 65536) % 65536;
}
