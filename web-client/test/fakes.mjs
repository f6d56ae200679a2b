// Fakes of the browser APIs the SDK uses (RTCPeerConnection, RTCDataChannel, fetch) and a fake clock.
// Only browser APIs are faked; the SDK code under test is the real code.
import { setImmediate as tick } from 'node:timers/promises';

/** A deterministic clock: timers run only when the test advances time. */
export class FakeClock {
  constructor(start = 1000) {
    this.t = start;
    this.seq = 0;
    /** @type {Map<number, {at: number, fn: () => void, every: number}>} */
    this.timers = new Map();
  }

  now() { return this.t; }

  setTimeout(fn, ms) { return this.add(fn, ms, 0); }

  setInterval(fn, ms) { return this.add(fn, ms, Math.max(1, ms)); }

  clearTimeout(h) { this.timers.delete(h); }

  clearInterval(h) { this.timers.delete(h); }

  add(fn, ms, every) {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn, every });
    return id;
  }

  /** Lets pending promise callbacks run. */
  async settle() {
    for (let i = 0; i < 5; i++) await tick();
  }

  /** Advances time by ms, running due timers in order and settling promises between them. */
  async advance(ms) {
    const end = this.t + ms;
    await this.settle();
    for (;;) {
      let next = null;
      for (const [id, timer] of this.timers) {
        if (timer.at <= end && (next === null || timer.at < next[1].at || (timer.at === next[1].at && id < next[0]))) next = [id, timer];
      }
      if (next === null) break;
      const [id, timer] = next;
      this.t = Math.max(this.t, timer.at);
      if (timer.every > 0) timer.at += timer.every;
      else this.timers.delete(id);
      timer.fn();
      await this.settle();
    }
    this.t = end;
    await this.settle();
  }

  /** Bound functions as the SDK's Clock. */
  api() {
    return {
      now: () => this.now(),
      setTimeout: (fn, ms) => this.setTimeout(fn, ms),
      clearTimeout: (h) => this.clearTimeout(h),
      setInterval: (fn, ms) => this.setInterval(fn, ms),
      clearInterval: (h) => this.clearInterval(h),
    };
  }
}

export class FakeDataChannel extends EventTarget {
  constructor(label, init) {
    super();
    this.label = label;
    this.init = init;
    this.readyState = 'connecting';
    this.binaryType = 'blob';
    this.bufferedAmount = 0;
    /** @type {any[]} */
    this.sent = [];
    /** Called for every message the SDK sends. */
    this.onSend = null;
  }

  send(data) {
    if (this.readyState !== 'open') throw new Error(`InvalidStateError: channel ${this.label} is ${this.readyState}`);
    this.sent.push(data);
    this.onSend?.(data);
  }

  open() {
    this.readyState = 'open';
    this.dispatchEvent(new Event('open'));
  }

  close() {
    if (this.readyState === 'closed') return;
    this.readyState = 'closed';
    this.dispatchEvent(new Event('close'));
  }

  /** The server sends a message to the SDK. */
  deliver(data) {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

export const OFFER_SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n'
  + 'a=candidate:1 1 udp 2122260223 127.0.0.1 48484 typ host\r\na=mid:0\r\na=sctp-port:5000\r\n';

export class FakePeerConnection extends EventTarget {
  /** @param {any} config @param {{gather?: 'complete'|'never'|'never-with-candidate', open?: boolean}} behaviour */
  constructor(config, behaviour = {}) {
    super();
    this.config = config;
    this.behaviour = behaviour;
    /** @type {Map<string, FakeDataChannel>} */
    this.channels = new Map();
    this.localDescription = null;
    this.remoteDescription = null;
    this.iceGatheringState = 'new';
    this.connectionState = 'new';
    this.iceConnectionState = 'new';
    this.closed = false;
  }

  createDataChannel(label, init) {
    const ch = new FakeDataChannel(label, init);
    this.channels.set(label, ch);
    return ch;
  }

  async createOffer() {
    return { type: 'offer', sdp: this.behaviour.gather === 'never' ? OFFER_SDP.replace(/a=candidate.*\r\n/, '') : OFFER_SDP };
  }

  async setLocalDescription(d) {
    this.localDescription = d;
    this.iceGatheringState = 'gathering';
    if (this.behaviour.gather === 'never' || this.behaviour.gather === 'never-with-candidate') return;
    queueMicrotask(() => {
      this.iceGatheringState = 'complete';
      this.dispatchEvent(new Event('icegatheringstatechange'));
    });
  }

  async setRemoteDescription(d) {
    if (!d.sdp.startsWith('v=')) throw new Error('InvalidAccessError: bad sdp');
    this.remoteDescription = d;
    if (this.behaviour.open === false) return;
    queueMicrotask(() => {
      this.connectionState = 'connected';
      this.dispatchEvent(new Event('connectionstatechange'));
      for (const ch of this.channels.values()) ch.open();
    });
  }

  /** The network died: ICE failed, channels close. */
  fail() {
    this.connectionState = 'failed';
    this.dispatchEvent(new Event('connectionstatechange'));
    for (const ch of this.channels.values()) ch.close();
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.connectionState = 'closed';
    for (const ch of this.channels.values()) {
      ch.readyState = 'closed';
    }
  }
}

/** JSON Response helper. */
export function jsonResponse(status, body, contentType = 'application/json') {
  return new Response(body === undefined ? '' : JSON.stringify(body), { status, headers: { 'content-type': contentType } });
}
