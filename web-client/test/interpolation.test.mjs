// Entity interpolation of remote entities (src/sdk/interpolation.js).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Interpolator } from '../src/sdk/interpolation.js';

const entity = (id, x, y, vx = 0, vy = 0, kind = 1) => ({ id, kind, x, y, vx, vy, heading: 0 });

describe('Interpolator', () => {
  test('draws positions between the two snapshots around the render time', () => {
    const it = new Interpolator({ tickRate: 20, renderDelayMs: 100 });
    // ticks 10, 11 arrive 30 ms after their server time (offset = arrival - tick*50)
    it.push(10, [entity(1, 0, 0)], 530);
    it.push(11, [entity(1, 100, -50)], 580);
    assert.equal(it.renderTime(630), 500); // now - offset(30) - 100
    assert.deepEqual(it.sample(630).map((e) => [e.x, e.y]), [[0, 0]]);
    assert.deepEqual(it.sample(655).map((e) => [e.x, e.y]), [[50, -25]]);
    assert.deepEqual(it.sample(670).map((e) => [e.x, e.y]), [[80, -40]]);
  });

  test('holds the oldest snapshot before the buffer starts', () => {
    const it = new Interpolator({ tickRate: 20 });
    it.push(10, [entity(1, 10, 10)], 530);
    it.push(11, [entity(1, 20, 20)], 580);
    assert.deepEqual(it.sampleAt(100).map((e) => e.x), [10]);
  });

  test('extrapolates past the newest snapshot with velocity, at most maxExtrapolationMs', () => {
    const it = new Interpolator({ tickRate: 20, renderDelayMs: 0, maxExtrapolationMs: 100 });
    it.push(10, [entity(1, 0, 0, 1000, -500)], 500);
    it.push(11, [entity(1, 50, -25, 1000, -500)], 550);
    assert.deepEqual(it.sampleAt(600).map((e) => [e.x, e.y]), [[100, -50]]); // 50 ms ahead
    assert.deepEqual(it.sampleAt(650).map((e) => [e.x, e.y]), [[150, -75]]); // 100 ms: the limit
    assert.deepEqual(it.sampleAt(5000).map((e) => [e.x, e.y]), [[150, -75]], 'held at the limit, never runs away');
  });

  test('a new entity appears when its snapshot time is reached; a removed one stays until then', () => {
    const it = new Interpolator({ tickRate: 10, renderDelayMs: 0 });
    it.push(1, [entity(1, 0, 0), entity(2, 5, 5)], 100);
    it.push(2, [entity(1, 10, 0), entity(3, 7, 7)], 200);
    assert.deepEqual(it.sampleAt(150).map((e) => e.id).sort(), [1, 2]);
    assert.deepEqual(it.sampleAt(200).map((e) => e.id).sort(), [1, 3]);
  });

  test('reordered and duplicate snapshots are buffered by tick, filter excludes the local player', () => {
    const it = new Interpolator({ tickRate: 20, renderDelayMs: 0 });
    it.push(12, [entity(1, 200, 0), entity(9, 1, 1)], 600);
    it.push(10, [entity(1, 0, 0), entity(9, 1, 1)], 610); // late
    it.push(11, [entity(1, 100, 0), entity(9, 1, 1)], 620);
    it.push(11, [entity(1, 999, 0), entity(9, 1, 1)], 621); // duplicate tick ignored
    assert.deepEqual(it.buffer.map((s) => s.tick), [10, 11, 12]);
    assert.deepEqual(it.sampleAt(525, (id) => id !== 9).map((e) => [e.id, e.x]), [[1, 50]]);
  });

  test('unwraps ticks across 2^32', () => {
    const it = new Interpolator({ tickRate: 20, renderDelayMs: 0 });
    it.push(0xffffffff, [entity(1, 0, 0)], 0);
    it.push(1, [entity(1, 100, 0)], 100); // tick 0 is skipped: 2 ticks later = 100 ms
    const t0 = it.buffer[0].time;
    assert.equal(it.buffer[1].time - t0, 100);
    assert.deepEqual(it.sampleAt(t0 + 50).map((e) => e.x), [50]);
  });

  test('keeps a bounded buffer', () => {
    const it = new Interpolator({ tickRate: 60, capacity: 8 });
    for (let t = 1; t <= 100; t++) it.push(t, [entity(1, t, 0)], t * 17);
    assert.equal(it.buffer.length, 8);
  });
});
