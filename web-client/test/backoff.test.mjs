// Reconnect back-off schedule (src/sdk/backoff.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, backoffSchedule } from '../src/sdk/backoff.js';

test('doubles from the base up to the cap, with equal jitter in [d/2, d]', () => {
  assert.deepEqual(backoffSchedule({}, () => 0), [125, 250, 500, 1000, 2000, 4000, 4000, 4000]);
  assert.deepEqual(backoffSchedule({}, () => 0.999999), [250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
  assert.deepEqual(backoffSchedule({ baseMs: 100, maxMs: 1000, maxAttempts: 5 }, () => 0.5), [75, 150, 300, 600, 750]);
});

test('every delay stays within its bounds for any random value', () => {
  for (let attempt = 1; attempt <= 12; attempt++) {
    const d = Math.min(8000, 250 * 2 ** (attempt - 1));
    for (const r of [0, 0.1, 0.5, 0.9, 0.9999]) {
      const v = backoffDelay(attempt, {}, () => r);
      assert.ok(v >= d / 2 && v <= d, `attempt ${attempt}: ${v}`);
    }
  }
});
