// Client-side prediction and server reconciliation (src/sdk/prediction.js, src/sdk/movement.js).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Predictor } from '../src/sdk/prediction.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { step, axes, DEFAULT_WORLD, worldFrom } from '../src/sdk/movement.js';

const VECTORS = process.env.STRAFE_VECTORS_DIR
  ? new URL(`file://${process.env.STRAFE_VECTORS_DIR.replace(/\/?$/, '/')}`)
  : new URL('../../shared-protocol/vectors/', import.meta.url);

const WORLD = DEFAULT_WORLD; // 4000 x 3000 cm, 600 cm/s
const RATE = 20; // 30 cm per full input

describe('movement.json (the same vectors as Java MovementStep)', () => {
  const { cases } = JSON.parse(readFileSync(fileURLToPath(new URL('movement.json', VECTORS)), 'utf8'));
  for (const c of cases) {
    test(`reproduces: ${c.name}`, () => {
      let body = { x: c.start[0], y: c.start[1] };
      const world = { ...c.world, pickupRadius: 1 };
      c.inputs.forEach(([moveX, moveY], i) => {
        body = step(body, { moveX, moveY }, world, c.tickRate);
        assert.deepEqual([body.x, body.y], c.positions[i], `after input ${i}`);
      });
    });
  }
});

describe('movement step (mirrors the room simulation)', () => {
  test('full deflection moves maxSpeed / tickRate; diagonals are normalized; integer cm', () => {
    assert.deepEqual(step({ x: 100, y: 100 }, { moveX: 127, moveY: 0 }, WORLD, RATE), { x: 130, y: 100, vx: 600, vy: 0 });
    const d = step({ x: 100, y: 100 }, { moveX: 127, moveY: 127 }, WORLD, RATE);
    assert.deepEqual([d.x, d.y], [121, 121]); // 30 / sqrt(2) = 21.2 -> 21
    assert.deepEqual(step({ x: 100, y: 100 }, { moveX: 0, moveY: 0 }, WORLD, RATE), { x: 100, y: 100, vx: 0, vy: 0 });
    const half = step({ x: 100, y: 100 }, { moveX: 0, moveY: -64 }, WORLD, RATE);
    assert.deepEqual([half.x, half.y], [100, 85]); // 30 * 64/127 = 15.1
  });

  test('clamps to the world bounds', () => {
    assert.deepEqual(step({ x: 3990, y: 5 }, { moveX: 127, moveY: -127 }, WORLD, RATE).x, 4000);
    assert.deepEqual(step({ x: 3990, y: 5 }, { moveX: 127, moveY: -127 }, WORLD, RATE).y, 0);
  });

  test('axes and worldFrom', () => {
    assert.deepEqual(axes(1, -1), { moveX: 127, moveY: -127 });
    assert.deepEqual(axes(2, 0.5), { moveX: 127, moveY: 64 });
    assert.deepEqual(worldFrom({ width: 1000, height: 0 }), { width: 1000, height: 3000, maxSpeed: 600, pickupRadius: 150 });
  });
});

/**
 * A room that applies each input `latencyTicks` after it was sent, and reports back after another
 * `latencyTicks` (round trip = 2 x latency).
 */
function simulate({ inputs, latencyTicks, serverTweak = () => {}, world = WORLD }) {
  const p = new Predictor({ world, tickRate: RATE, smoothingMs: 100 });
  let server = { x: 2000, y: 1500 };
  let serverSeq = 0;
  p.reconcile(server, 0, 0);
  const toServer = []; // [arriveTick, seq, input]
  const toClient = []; // [arriveTick, state, seq]
  const trace = [];
  for (let t = 1; t <= inputs.length + 4 * latencyTicks + 2; t++) {
    const now = t * 50;
    if (t <= inputs.length) {
      const input = inputs[t - 1];
      p.applyInput(t, input);
      toServer.push([t + latencyTicks, t, input]);
    }
    while (toServer.length && toServer[0][0] <= t) {
      const [, seq, input] = toServer.shift();
      server = step(server, input, world, RATE);
      serverSeq = seq;
      serverTweak(server, seq);
    }
    toClient.push([t + latencyTicks, { ...server }, serverSeq]);
    while (toClient.length && toClient[0][0] <= t) {
      const [, state, seq] = toClient.shift();
      trace.push({ t, error: p.reconcile(state, seq, now) });
    }
    trace.push({ t, render: p.render(now) });
  }
  return { p, server, trace };
}

describe('Predictor', () => {
  test('no correction and no jitter when the server agrees, whatever the latency', () => {
    const inputs = Array.from({ length: 60 }, (_, i) => (i % 20 < 10 ? { moveX: 127, moveY: 50 } : { moveX: -90, moveY: -127 }));
    const { p, server, trace } = simulate({ inputs, latencyTicks: 3 });
    assert.equal(p.corrections, 0);
    assert.ok(trace.filter((s) => 'error' in s).every((s) => s.error === 0));
    assert.deepEqual([p.body.x, p.body.y], [server.x, server.y]);
    assert.equal(p.pending.length, 0, 'every input acknowledged');
    assert.equal(p.offsetX, 0);
  });

  test('replays unacknowledged inputs on top of the server state', () => {
    const p = new Predictor({ world: WORLD, tickRate: RATE });
    p.reconcile({ x: 0, y: 0 }, 0, 0);
    for (let s = 1; s <= 5; s++) p.applyInput(s, { moveX: 127, moveY: 0 });
    assert.equal(p.body.x, 150);
    // The server applied 1..2 but pushed the player 40 cm down on the way.
    p.reconcile({ x: 60, y: 40 }, 2, 100);
    assert.deepEqual(p.pending.map((i) => i.sequence), [3, 4, 5]);
    assert.deepEqual([p.body.x, p.body.y], [150, 40]);
  });

  test('a server correction converges, blended over ~100 ms instead of snapping', () => {
    const inputs = Array.from({ length: 40 }, () => ({ moveX: 127, moveY: 0 }));
    // The server nudges the player 20 cm up once (e.g. a collision the client does not model).
    const { p, server, trace } = simulate({ inputs, latencyTicks: 2, serverTweak: (s, seq) => { if (seq === 10) s.y -= 20; } });
    assert.ok(p.corrections >= 1);
    assert.deepEqual([p.body.x, p.body.y], [server.x, server.y], 'converged to the server');
    const renders = trace.filter((s) => 'render' in s).map((s) => s.render);
    const firstCorrected = trace.findIndex((s) => s.error > 0);
    const ys = renders.map((r) => r.y);
    // no jump: the drawn y moves at most 10 cm per 50 ms frame while the 20 cm correction blends in
    for (let i = 1; i < ys.length; i++) assert.ok(Math.abs(ys[i] - ys[i - 1]) <= 10.01, `frame ${i}: ${ys[i - 1]} -> ${ys[i]}`);
    assert.ok(firstCorrected > 0);
    assert.equal(renders.at(-1).y, server.y, 'offset gone after the blend time');
  });

  test('large errors snap; old snapshots are ignored', () => {
    const p = new Predictor({ world: WORLD, tickRate: RATE, snapDistance: 300 });
    p.reconcile({ x: 0, y: 0 }, 0, 0);
    p.applyInput(1, { moveX: 127, moveY: 0 });
    assert.ok(p.reconcile({ x: 2000, y: 2000 }, 1, 50) > 300);
    assert.deepEqual(p.render(50), { x: 2000, y: 2000 });
    assert.equal(p.reconcile({ x: 0, y: 0 }, 0, 60), 0, 'older lastInputSequence ignored');
    assert.deepEqual([p.body.x, p.body.y], [2000, 2000]);
  });

  test('acknowledgement works across the u32 sequence wrap', () => {
    const p = new Predictor({ world: WORLD, tickRate: RATE });
    p.reconcile({ x: 0, y: 0 }, 0xfffffffe, 0);
    p.applyInput(0xffffffff, { moveX: 127, moveY: 0 });
    p.applyInput(1, { moveX: 127, moveY: 0 });
    p.applyInput(2, { moveX: 127, moveY: 0 });
    p.reconcile({ x: 60, y: 0 }, 1, 10);
    assert.deepEqual(p.pending.map((i) => i.sequence), [2]);
    assert.equal(p.body.x, 90);
  });

  test('bounded pending inputs', () => {
    const p = new Predictor({ world: WORLD, tickRate: RATE, maxPending: 16 });
    p.reconcile({ x: 0, y: 0 }, 0, 0);
    for (let s = 1; s <= 100; s++) p.applyInput(s, { moveX: 1, moveY: 0 });
    assert.equal(p.pending.length, 16);
  });
});
