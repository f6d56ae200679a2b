// Reconnect back-off: exponential with "equal jitter" (half fixed, half random), bounded attempts, so a
// node drain or an outage does not make every client of a room come back in the same millisecond.

/**
 * @typedef {object} BackoffOptions
 * @property {number} [baseMs=250]     delay before the first retry (before jitter)
 * @property {number} [maxMs=8000]     cap of a single delay
 * @property {number} [factor=2]       growth per attempt
 * @property {number} [maxAttempts=8]  attempts before giving up
 */

/**
 * Delay before attempt `attempt` (1-based): d = min(maxMs, baseMs * factor^(attempt-1)); returns
 * d/2 + random * d/2, i.e. in [d/2, d].
 * @param {number} attempt
 * @param {BackoffOptions} [options]
 * @param {() => number} [random=Math.random]  in [0, 1)
 * @returns {number} ms
 */
export function backoffDelay(attempt, options = {}, random = Math.random) {
  const base = options.baseMs ?? 250;
  const max = options.maxMs ?? 8000;
  const factor = options.factor ?? 2;
  const d = Math.min(max, base * factor ** Math.max(0, attempt - 1));
  return Math.round(d / 2 + random() * (d / 2));
}

/**
 * The whole schedule (for display and tests).
 * @param {BackoffOptions} [options]
 * @param {() => number} [random]
 * @returns {number[]}
 */
export function backoffSchedule(options = {}, random = Math.random) {
  const n = options.maxAttempts ?? 8;
  return Array.from({ length: n }, (_, i) => backoffDelay(i + 1, options, random));
}
