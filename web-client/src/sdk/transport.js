// The browser side of one session: RTCPeerConnection with the two data channels, non-trickle ICE
// (gathering completes before the offer is sent), and the one-round-trip join over HTTP.
//
// Everything the browser provides comes in through a `Transport` ({createPeerConnection, fetch}) and a
// `Clock`, so node tests run the same code against fakes. `LinkConditioner` simulates lag and loss on the
// `pos` channel (outgoing inputs, incoming snapshots) for the demo's toggles and for tests.

import { StrafeError, errorFromProblem } from './errors.js';

/**
 * @typedef {object} Transport
 * @property {(config: RTCConfiguration) => RTCPeerConnection} createPeerConnection
 * @property {(input: string, init?: RequestInit) => Promise<Response>} fetch
 */

/**
 * @typedef {object} Clock
 * @property {() => number} now  monotonic ms
 * @property {(fn: () => void, ms: number) => any} setTimeout
 * @property {(handle: any) => void} clearTimeout
 * @property {(fn: () => void, ms: number) => any} setInterval
 * @property {(handle: any) => void} clearInterval
 */

/**
 * @typedef {object} RoomConfig  as the server's RoomConfig DTO
 * @property {string} id
 * @property {number} tickRate
 * @property {number} snapshotRate
 * @property {number} capacity
 * @property {number} protocolVersion
 * @property {number} maxSnapshotBytes
 * @property {import('./movement.js').World} [world]
 */

/**
 * @typedef {object} JoinResponse  as the server's JoinResponse DTO
 * @property {string} answer
 * @property {string} sessionId
 * @property {string} resumeToken
 * @property {number} playerId
 * @property {RoomConfig} room
 */

/**
 * @typedef {object} Session
 * @property {RTCPeerConnection} pc
 * @property {RTCDataChannel} pos
 * @property {RTCDataChannel} tx
 * @property {JoinResponse} join
 */

/** The real browser APIs (evaluated lazily so importing this module in node does not fail). */
export function browserTransport() {
  return {
    createPeerConnection: (/** @type {RTCConfiguration} */ config) => new RTCPeerConnection(config),
    fetch: (/** @type {string} */ input, /** @type {RequestInit|undefined} */ init) => globalThis.fetch(input, init),
  };
}

/** @returns {Clock} the real clock */
export function browserClock() {
  return {
    now: () => performance.now(),
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h),
    setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
    clearInterval: (h) => globalThis.clearInterval(h),
  };
}

/**
 * @typedef {object} SessionOptions
 * @property {string} url          base URL of the HTTP API ('' = this page's origin)
 * @property {string} room
 * @property {string} name
 * @property {string} [token]
 * @property {string} [resume]     resume token of the previous session
 * @property {RTCIceServer[]} [iceServers]  default none (the server is ICE-lite with a public address)
 * @property {number} [iceGatheringTimeoutMs=3000]
 * @property {number} [joinTimeoutMs=10000]
 * @property {number} [openTimeoutMs=10000]  from the answer to both channels open
 * @property {Transport} transport
 * @property {Clock} clock
 */

/**
 * Creates the peer connection and channels, gathers ICE, joins and waits for both channels to open.
 * @param {SessionOptions} o
 * @returns {Promise<Session>}
 * @throws {StrafeError}
 */
export async function openSession(o) {
  const pc = o.transport.createPeerConnection({ iceServers: o.iceServers ?? [] });
  try {
    const pos = pc.createDataChannel('pos', { ordered: false, maxRetransmits: 0 });
    pos.binaryType = 'arraybuffer';
    const tx = pc.createDataChannel('tx', { ordered: true });
    const opened = Promise.all([whenOpen(pos), whenOpen(tx)]);
    opened.catch(() => {}); // observed below; avoid an unhandled rejection if we fail earlier

    await pc.setLocalDescription(await pc.createOffer());
    await waitForGathering(pc, o.clock, o.iceGatheringTimeoutMs ?? 3000);
    const join = await postJoin(o, pc.localDescription?.sdp ?? '');
    await pc.setRemoteDescription({ type: 'answer', sdp: join.answer });
    await withTimeout(Promise.race([opened, whenFailed(pc)]), o.clock, o.openTimeoutMs ?? 10000,
      () => new StrafeError('timeout', `data channels not open after ${o.openTimeoutMs ?? 10000} ms (ICE/DTLS/SCTP did not complete)`));
    return { pc, pos, tx, join };
  } catch (e) {
    try {
      pc.close();
    } catch { /* already closed */ }
    throw e instanceof StrafeError ? e : new StrafeError('ice-failed', `connection setup failed: ${messageOf(e)}`, { cause: e });
  }
}

/**
 * @param {SessionOptions} o
 * @param {string} offer
 * @returns {Promise<JoinResponse>}
 */
export async function postJoin(o, offer) {
  const base = (o.url ?? '').replace(/\/+$/, '');
  /** @type {{offer: string, name: string, token?: string, resume?: string}} */
  const body = { offer, name: o.name };
  if (o.token) body.token = o.token;
  if (o.resume) body.resume = o.resume;
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const timeoutMs = o.joinTimeoutMs ?? 10000;
  let timedOut = false;
  const timer = o.clock.setTimeout(() => {
    timedOut = true;
    controller?.abort();
  }, timeoutMs);
  let res;
  let text;
  try {
    const request = o.transport.fetch(`${base}/v1/rooms/${encodeURIComponent(o.room)}/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json' },
      body: JSON.stringify(body),
      signal: controller?.signal,
    });
    res = await withTimeout(request, o.clock, timeoutMs, () => new StrafeError('timeout', `join: no answer after ${timeoutMs} ms`));
    text = await res.text();
  } catch (e) {
    if (e instanceof StrafeError) throw e;
    if (timedOut) throw new StrafeError('timeout', `join: no answer after ${timeoutMs} ms`, { cause: e });
    throw new StrafeError('network', `join: network error (${messageOf(e)})`, { cause: e });
  } finally {
    o.clock.clearTimeout(timer);
  }
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch { /* not JSON */ }
  if (!res.ok) throw errorFromProblem(res.status, json, res.headers?.get?.('retry-after') ?? null);
  const problem = checkJoinResponse(json);
  if (problem) throw new StrafeError('bad-response', `join: invalid response (${problem})`, { status: res.status });
  return json;
}

/** @param {unknown} e */
function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}

/**
 * @param {any} j
 * @returns {string|null} what is wrong, or null
 */
export function checkJoinResponse(j) {
  if (typeof j !== 'object' || j === null) return 'not a JSON object';
  if (typeof j.answer !== 'string' || !j.answer.startsWith('v=')) return 'answer: not an SDP';
  if (typeof j.sessionId !== 'string' || !j.sessionId) return 'sessionId: missing';
  if (typeof j.resumeToken !== 'string' || !j.resumeToken) return 'resumeToken: missing';
  if (!Number.isInteger(j.playerId) || j.playerId < 0 || j.playerId > 0xffff) return `playerId: ${j.playerId} (expected: 0..65535)`;
  const r = j.room;
  if (typeof r !== 'object' || r === null) return 'room: missing';
  if (!Number.isInteger(r.tickRate) || r.tickRate < 1 || r.tickRate > 128) return `room.tickRate: ${r.tickRate} (expected: 1..128)`;
  if (!Number.isInteger(r.snapshotRate) || r.snapshotRate < 1 || r.snapshotRate > r.tickRate) {
    return `room.snapshotRate: ${r.snapshotRate} (expected: 1..${r.tickRate})`;
  }
  return null;
}

/** @param {RTCDataChannel} ch */
function whenOpen(ch) {
  return new Promise((resolve, reject) => {
    if (ch.readyState === 'open') return resolve(undefined);
    ch.addEventListener('open', () => resolve(undefined), { once: true });
    ch.addEventListener('close', () => reject(new StrafeError('ice-failed', `channel ${ch.label} closed before opening`)), { once: true });
  });
}

/** Rejects when the peer connection fails. @param {RTCPeerConnection} pc */
function whenFailed(pc) {
  return new Promise((_, reject) => {
    const check = () => {
      if (pc.connectionState === 'failed' || pc.iceConnectionState === 'failed') {
        reject(new StrafeError('ice-failed', 'ICE/DTLS connection failed'));
      }
    };
    pc.addEventListener('connectionstatechange', check);
    pc.addEventListener('iceconnectionstatechange', check);
  });
}

/**
 * Non-trickle ICE: resolves when gathering is complete. On timeout, proceeds if the offer already has a
 * candidate (Chromium may never signal completion), else fails with `ice-gathering`.
 * @param {RTCPeerConnection} pc
 * @param {Clock} clock
 * @param {number} timeoutMs
 */
export function waitForGathering(pc, clock, timeoutMs) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clock.clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onState);
      pc.removeEventListener('icecandidate', onCandidate);
    };
    const onState = () => {
      if (pc.iceGatheringState === 'complete') {
        cleanup();
        resolve(undefined);
      }
    };
    const onCandidate = (/** @type {RTCPeerConnectionIceEvent} */ ev) => {
      if (!ev.candidate) {
        cleanup();
        resolve(undefined);
      }
    };
    const timer = clock.setTimeout(() => {
      cleanup();
      if (/\ra=candidate:|\na=candidate:/.test(pc.localDescription?.sdp ?? '')) resolve(undefined);
      else reject(new StrafeError('ice-gathering', `ICE gathering: no candidate after ${timeoutMs} ms`));
    }, timeoutMs);
    pc.addEventListener('icegatheringstatechange', onState);
    pc.addEventListener('icecandidate', onCandidate);
  });
}

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {Clock} clock
 * @param {number} ms
 * @param {() => Error} error
 * @returns {Promise<T>}
 */
export function withTimeout(promise, clock, ms, error) {
  return new Promise((resolve, reject) => {
    const timer = clock.setTimeout(() => reject(error()), ms);
    promise.then(
      (v) => { clock.clearTimeout(timer); resolve(v); },
      (e) => { clock.clearTimeout(timer); reject(e); },
    );
  });
}

/**
 * @typedef {object} LinkConditions  simulated network trouble on the pos channel
 * @property {number} [outDelayMs=0]   added to every outgoing input
 * @property {number} [inDelayMs=0]    added to every incoming snapshot
 * @property {number} [jitterMs=0]     uniform extra delay in [0, jitterMs] each way
 * @property {number} [outLoss=0]      fraction of outgoing inputs dropped, 0..1
 * @property {number} [inLoss=0]       fraction of incoming snapshots dropped, 0..1
 */

/** Delays and drops messages to simulate a bad network (client side only). Bounded: at most 1024 in flight. */
export class LinkConditioner {
  /** @param {Clock} clock @param {() => number} [random] */
  constructor(clock, random = Math.random) {
    this.clock = clock;
    this.random = random;
    /** @type {Required<LinkConditions>} */
    this.conditions = { outDelayMs: 0, inDelayMs: 0, jitterMs: 0, outLoss: 0, inLoss: 0 };
    this.inFlight = 0;
    this.dropped = 0;
    /** @type {Set<any>} */
    this.timers = new Set();
  }

  /** @param {LinkConditions} c */
  set(c) {
    const num = (/** @type {unknown} */ v, /** @type {number} */ max) => (typeof v === 'number' && v >= 0 ? Math.min(v, max) : 0);
    this.conditions = {
      outDelayMs: num(c.outDelayMs, 5000), inDelayMs: num(c.inDelayMs, 5000), jitterMs: num(c.jitterMs, 5000),
      outLoss: num(c.outLoss, 1), inLoss: num(c.inLoss, 1),
    };
  }

  /** @param {() => void} deliver */
  outgoing(deliver) {
    this.pass(this.conditions.outLoss, this.conditions.outDelayMs, deliver);
  }

  /** @param {() => void} deliver */
  incoming(deliver) {
    this.pass(this.conditions.inLoss, this.conditions.inDelayMs, deliver);
  }

  /**
   * @param {number} loss
   * @param {number} delay
   * @param {() => void} deliver
   */
  pass(loss, delay, deliver) {
    if (loss > 0 && this.random() < loss) {
      this.dropped++;
      return;
    }
    const wait = delay + (this.conditions.jitterMs > 0 ? this.random() * this.conditions.jitterMs : 0);
    if (wait <= 0) {
      deliver();
      return;
    }
    if (this.inFlight >= 1024) {
      this.dropped++;
      return;
    }
    this.inFlight++;
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(timer);
      this.inFlight--;
      deliver();
    }, wait);
    this.timers.add(timer);
  }

  /** Cancels everything in flight. */
  clear() {
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
    this.inFlight = 0;
  }
}

/**
 * Asks the server for a guest token (`POST {url}/v1/auth/guest` with `{name}` → `{token, playerKey, expiresIn}`),
 * for demos without a login. Resolves null when the server has no such endpoint or refuses (auth off, 404).
 * @param {{url?: string, name: string, transport?: Transport}} o
 * @returns {Promise<string|null>}
 */
export async function fetchGuestToken(o) {
  const transport = o.transport ?? browserTransport();
  const base = (o.url ?? '').replace(/\/+$/, '');
  try {
    const res = await transport.fetch(`${base}/v1/auth/guest`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: o.name }),
    });
    if (!res.ok) return null;
    const body = await res.json();
    return typeof body?.token === 'string' && body.token ? body.token : null;
  } catch {
    return null;
  }
}
