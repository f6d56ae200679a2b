// Network statistics: smoothed RTT (RFC 6298 style EWMA), snapshot rate, loss estimate from tick gaps,
// bytes and messages in/out. All windows are bounded.

export class NetStats {
  /**
   * @param {{tickRate: number, snapshotRate: number, windowMs?: number}} options
   */
  constructor(options) {
    this.windowMs = options.windowMs ?? 2000;
    /** Ticks between two snapshots. */
    this.stride = 1;
    this.configure(options.tickRate, options.snapshotRate);
    this.bytesIn = 0;
    this.bytesOut = 0;
    this.messagesIn = 0;
    this.messagesOut = 0;
    /** Smoothed RTT and its variation in ms; 0 until the first sample. */
    this.rttMs = 0;
    this.rttVarMs = 0;
    this.rttSamples = 0;
    /** Snapshots that failed to decode. */
    this.invalidSnapshots = 0;
    /** Snapshots dropped by the receiver (stale or baseline no longer held). */
    this.droppedSnapshots = 0;
    /** Corrections of the local prediction. */
    this.corrections = 0;
    /** @type {{at: number, tick: number}[]} recent snapshot arrivals */
    this.arrivals = [];
  }

  /**
   * @param {number} tickRate
   * @param {number} snapshotRate
   */
  configure(tickRate, snapshotRate) {
    this.stride = Math.max(1, Math.round(tickRate / Math.max(1, snapshotRate)));
  }

  /** @param {number} ms one round-trip sample */
  addRtt(ms) {
    if (!(ms >= 0) || !Number.isFinite(ms)) return;
    if (this.rttSamples === 0) {
      this.rttMs = ms;
      this.rttVarMs = ms / 2;
    } else {
      this.rttVarMs = 0.75 * this.rttVarMs + 0.25 * Math.abs(this.rttMs - ms);
      this.rttMs = 0.875 * this.rttMs + 0.125 * ms;
    }
    this.rttSamples++;
  }

  /**
   * @param {number} tick  u32 tick of a snapshot that arrived (applied or not)
   * @param {number} nowMs
   * @param {number} bytes
   */
  onSnapshot(tick, nowMs, bytes) {
    this.bytesIn += bytes;
    this.messagesIn++;
    this.arrivals.push({ at: nowMs, tick });
    this.trim(nowMs);
  }

  /** @param {number} bytes */
  onSent(bytes) {
    this.bytesOut += bytes;
    this.messagesOut++;
  }

  /** @param {number} bytes */
  onReceived(bytes) {
    this.bytesIn += bytes;
    this.messagesIn++;
  }

  /** @param {number} nowMs */
  trim(nowMs) {
    while (this.arrivals.length && (nowMs - this.arrivals[0].at > this.windowMs || this.arrivals.length > 1024)) this.arrivals.shift();
  }

  /** Snapshots per second over the window. @param {number} nowMs */
  snapshotRate(nowMs) {
    this.trim(nowMs);
    return (this.arrivals.length * 1000) / this.windowMs;
  }

  /**
   * Fraction of snapshots lost over the window, from tick gaps: 1 - received / expected, where expected is
   * the tick span divided by the snapshot stride (tickRate / snapshotRate). Duplicates and reordering do not
   * count as loss.
   * @param {number} nowMs
   */
  loss(nowMs) {
    this.trim(nowMs);
    if (this.arrivals.length < 2) return 0;
    let min = this.arrivals[0].tick;
    let max = min;
    const ticks = new Set();
    for (const a of this.arrivals) {
      ticks.add(a.tick);
      if (((a.tick - min) | 0) < 0) min = a.tick;
      if (((a.tick - max) | 0) > 0) max = a.tick;
    }
    const expected = Math.floor(((max - min) | 0) / this.stride) + 1;
    return expected <= 0 ? 0 : Math.max(0, 1 - ticks.size / expected);
  }

  /** A plain object for display. @param {number} nowMs */
  snapshot(nowMs) {
    return {
      rttMs: Math.round(this.rttMs),
      rttVarMs: Math.round(this.rttVarMs),
      snapshotRate: Math.round(this.snapshotRate(nowMs) * 10) / 10,
      loss: Math.round(this.loss(nowMs) * 1000) / 1000,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      messagesIn: this.messagesIn,
      messagesOut: this.messagesOut,
      invalidSnapshots: this.invalidSnapshots,
      droppedSnapshots: this.droppedSnapshots,
      corrections: this.corrections,
    };
  }
}
