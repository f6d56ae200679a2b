// Golden-vector and property tests of src/sdk/protocol.js. The vectors are the SAME files the Java tests
// read (shared-protocol/vectors/), so the two codecs cannot drift apart.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ProtocolError, Seq32, encodeInput, decodeInput, encodeSnapshot, decodeSnapshot, readSnapshotHeader,
  INPUT_LENGTH, MAX_SNAPSHOT_BYTES, POSITION_MIN, POSITION_MAX, MessageType, peekType, SnapshotReceiver,
} from '../src/sdk/protocol.js';

const VECTORS = process.env.STRAFE_VECTORS_DIR
  ? new URL(`file://${process.env.STRAFE_VECTORS_DIR.replace(/\/?$/, '/')}`)
  : new URL('../../shared-protocol/vectors/', import.meta.url);

function load(name) {
  return JSON.parse(readFileSync(fileURLToPath(new URL(name, VECTORS)), 'utf8'));
}

const hexToBytes = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
const bytesToHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

describe('pos-input.json', () => {
  for (const c of load('pos-input.json').cases) {
    if (!c.decodeOnly) {
      test(`encodes: ${c.name}`, () => {
        const dst = new Uint8Array(INPUT_LENGTH + 3);
        const n = encodeInput(c.input, dst, 3);
        assert.equal(bytesToHex(dst.subarray(3, 3 + n)), c.hex);
      });
    }
    test(`decodes: ${c.name}`, () => {
      assert.deepEqual(decodeInput(hexToBytes(c.hex)), c.input);
    });
  }
});

describe('pos-snapshot.json', () => {
  for (const c of load('pos-snapshot.json').cases) {
    if (!c.decodeOnly) {
      test(`encodes: ${c.name}`, () => {
        const dst = new Uint8Array(c.maxBytes + 5);
        const { length, entitiesWritten } = encodeSnapshot(c.baseline, c.current, dst, 5, c.maxBytes);
        assert.equal(bytesToHex(dst.subarray(5, 5 + length)), c.hex);
        assert.equal(entitiesWritten, c.entitiesWritten);
      });
    }
    test(`decodes onto baseline: ${c.name}`, () => {
      const before = structuredClone(c.baseline);
      assert.deepEqual(decodeSnapshot(hexToBytes(c.hex), c.baseline), c.result);
      assert.deepEqual(c.baseline, before, 'baseline must not change');
    });
  }
});

describe('pos-errors.json', () => {
  for (const c of load('pos-errors.json').cases) {
    test(`rejects: ${c.name}`, () => {
      const bytes = hexToBytes(c.hex);
      assert.throws(
        () => (c.decoder === 'input' ? decodeInput(bytes) : decodeSnapshot(bytes, c.baseline)),
        (e) => e instanceof ProtocolError && e.message === c.error,
        `expected ProtocolError "${c.error}"`,
      );
    });
  }
});

describe('tx.json', () => {
  // The SDK builds tx/signaling JSON with JSON.stringify: the canonical texts must be exactly what it emits.
  const TX_TYPES = new Set(['tx.request', 'tx.result', 'room.event']);
  for (const c of load('tx.json').cases.filter((v) => v.error === undefined)) {
    test(`JSON.stringify reproduces: ${c.name}`, () => {
      const value = JSON.parse(c.json);
      assert.equal(JSON.stringify(value), c.json);
      if (c.dto === 'tx') assert.ok(TX_TYPES.has(value.type), value.type);
    });
  }
});

describe('inputs as delivered by a data channel', () => {
  test('decodes from an ArrayBuffer and a subarray view', () => {
    const c = load('pos-snapshot.json').cases[1];
    const bytes = hexToBytes(c.hex);
    assert.deepEqual(decodeSnapshot(bytes.slice().buffer, null), c.result);
    const padded = new Uint8Array(bytes.length + 6);
    padded.set(bytes, 3);
    assert.deepEqual(decodeSnapshot(padded.subarray(3, 3 + bytes.length), null), c.result);
    assert.equal(peekType(bytes.buffer), MessageType.SNAPSHOT);
  });

  test('rejects a non-binary message with ProtocolError', () => {
    assert.throws(() => decodeInput('hello'), (e) => e instanceof ProtocolError && e.offset === 0);
    assert.throws(() => decodeSnapshot(null, null), ProtocolError);
  });
});

describe('Seq32', () => {
  test('compares modulo 2^32 across the wrap', () => {
    assert.equal(Seq32.isNewer(1, 0xffffffff), true);
    assert.equal(Seq32.isNewer(0xffffffff, 1), false);
    assert.equal(Seq32.isNewer(0x80000000, 0), false);
    assert.equal(Seq32.distance(1, 0xffffffff), 2);
    assert.equal(Seq32.nextTick(0xffffffff), 1);
    assert.equal(Seq32.next(0xffffffff), 0);
  });
});

// --- properties (seeded, bounded) ---------------------------------------------------------------

function rng(seed) { // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r, min, max) => min + Math.floor(r() * (max - min + 1));

function randomEntity(r, id) {
  return {
    id, kind: int(r, 0, 2), x: int(r, POSITION_MIN, POSITION_MAX), y: int(r, POSITION_MIN, POSITION_MAX),
    vx: int(r, -32768, 32767), vy: int(r, -32768, 32767), heading: int(r, 0, 65535),
  };
}

function randomState(r, tick, max) {
  const ids = new Set();
  const n = int(r, 0, max);
  while (ids.size < n) ids.add(int(r, 0, 299));
  return { tick, lastInputSequence: int(r, 0, 0xffffffff), entities: [...ids].map((id) => randomEntity(r, id)) };
}

function evolve(r, prev, tick, limit) {
  const entities = [];
  for (const e of prev.entities) {
    const roll = int(r, 0, 9);
    if (roll === 0) continue;
    const n = { ...e };
    if (roll === 1) n.kind = (n.kind + 1) % 3;
    if (roll >= 5) Object.assign(n, { x: randomEntity(r, 0).x, heading: int(r, 0, 65535) });
    entities.push(n);
  }
  for (let k = int(r, 0, 5); k > 0 && entities.length < limit; k--) {
    const id = int(r, 0, 299);
    if (!entities.some((e) => e.id === id)) entities.push(randomEntity(r, id));
  }
  for (let i = entities.length - 1; i > 0; i--) { // shuffle: interest order
    const j = int(r, 0, i);
    [entities[i], entities[j]] = [entities[j], entities[i]];
  }
  return { tick, lastInputSequence: int(r, 0, 0xffffffff), entities };
}

const sorted = (s) => ({
  tick: s.tick, lastInputSequence: s.lastInputSequence ?? 0, entities: [...s.entities].sort((a, b) => a.id - b.id),
});

describe('properties', () => {
  const buf = new Uint8Array(MAX_SNAPSHOT_BYTES);

  test('decode(encode(input)) == input', () => {
    const r = rng(1);
    for (let k = 0; k < 2000; k++) {
      const input = {
        sequence: int(r, 0, 0xffffffff), ackTick: int(r, 0, 0xffffffff), clientTimeMillis: int(r, 0, 0xffffffff),
        moveX: int(r, -127, 127), moveY: int(r, -127, 127), buttons: int(r, 0, 255), aim: int(r, 0, 65535),
      };
      const n = encodeInput(input, buf);
      assert.deepEqual(decodeInput(buf.subarray(0, n)), input);
    }
  });

  test('delta applied to baseline == fresh decode of the full snapshot, over a chain of ticks', () => {
    const r = rng(2);
    for (let run = 0; run < 20; run++) {
      let tick = 0xffffffff - int(r, 0, 40); // crosses the wrap
      let current = randomState(r, tick, 40);
      let client = decodeSnapshot(buf.slice(0, encodeSnapshot(null, current, buf).length), null);
      assert.deepEqual(client, sorted(current));
      for (let step = 0; step < 50; step++) {
        tick = Seq32.nextTick(tick);
        current = evolve(r, current, tick, 60);
        const { length, entitiesWritten } = encodeSnapshot(client, current, buf);
        assert.equal(entitiesWritten, current.entities.length);
        assert.ok(length <= MAX_SNAPSHOT_BYTES);
        client = decodeSnapshot(buf.slice(0, length), client);
        const full = decodeSnapshot(buf.slice(0, encodeSnapshot(null, current, buf).length), null);
        assert.deepEqual(client, full);
        assert.equal(readSnapshotHeader(buf.slice(0, encodeSnapshot(null, current, buf).length)).baselineTick, 0);
      }
    }
  });

  test('SnapshotReceiver converges over loss and reordering and acks what it applied', () => {
    const r = rng(4);
    const receiver = new SnapshotReceiver(32);
    const sentViews = new Map(); // server side: the view the client will hold per tick
    let acked = 0;
    let tick = 0xffffffff - 30;
    let world = randomState(r, tick, 30);
    const inFlight = [];
    let applied = 0;
    for (let step = 0; step < 300; step++) {
      tick = Seq32.nextTick(tick);
      world = evolve(r, world, tick, 50);
      const baseline = sentViews.get(acked) ?? null;
      const { length } = encodeSnapshot(baseline, world, buf);
      const message = buf.slice(0, length);
      sentViews.set(tick, decodeSnapshot(message, baseline));
      inFlight.push(message);
      if (inFlight.length > 3) inFlight.shift();
      if (r() < 0.8) { // deliver a random in-flight message: loss and reordering
        const [m] = inFlight.splice(int(r, 0, inFlight.length - 1), 1);
        if (receiver.receive(m)) applied++;
      }
      if (r() < 0.75 && receiver.ackTick !== 0) acked = receiver.ackTick;
      if (receiver.ackTick === tick) {
        assert.deepEqual(receiver.latest, sorted(world));
        assert.equal(receiver.lastInputSequence, world.lastInputSequence);
      }
    }
    assert.ok(applied > 100, `applied ${applied}`);
  });

  test('random mutations only ever throw ProtocolError', () => {
    const r = rng(3);
    const base = sorted(randomState(r, 1000, 40));
    for (let k = 0; k < 3000; k++) {
      const cur = evolve(r, base, 1001, 60);
      let { length } = encodeSnapshot(k % 3 === 0 ? null : base, cur, buf);
      const bytes = buf.slice(0, length + int(r, 0, 3));
      for (let m = int(r, 1, 4); m > 0; m--) bytes[int(r, 0, bytes.length - 1)] = int(r, 0, 255);
      length = int(r, 0, bytes.length);
      for (const decode of [() => decodeSnapshot(bytes.subarray(0, length), base), () => decodeInput(bytes.subarray(0, length))]) {
        try {
          decode();
        } catch (e) {
          assert.ok(e instanceof ProtocolError, `unexpected ${e}`);
        }
      }
    }
  });
});
