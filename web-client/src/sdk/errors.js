// Typed SDK errors. Every failure the SDK reports is a StrafeError with a stable `code` the game can branch
// on; HTTP failures carry the server's RFC 9457 problem details (`problem`) and the `status`.

/**
 * @typedef {object} Problem RFC 9457 problem details, as the server's `Problem` DTO
 * @property {string} [type]
 * @property {string} [title]
 * @property {number} [status]
 * @property {string} [detail]
 * @property {string} [instance]
 */

/**
 * Stable error codes.
 * - `bad-request` 400 (e.g. malformed SDP offer), `unauthorized` 401 (bad or expired token),
 *   `room-full` 409, `rate-limited` 429, `draining` 503 (node shutting down), `http` other statuses
 * - `network` fetch failed, `timeout` join or channel open took too long, `ice-gathering` no candidates,
 *   `ice-failed` the peer connection failed, `bad-response` the join answer is not a JoinResponse
 * - `tx-timeout` a transaction got no result after its retries, `tx-overflow` too many pending transactions,
 *   `disconnected` the client gave up reconnecting or was closed, `invalid-argument` a caller bug
 * @typedef {'bad-request'|'unauthorized'|'room-full'|'rate-limited'|'draining'|'http'|'network'|'timeout'
 *   |'ice-gathering'|'ice-failed'|'bad-response'|'tx-timeout'|'tx-overflow'|'disconnected'|'invalid-argument'} ErrorCode
 */

export class StrafeError extends Error {
  /**
   * @param {ErrorCode} code
   * @param {string} message
   * @param {{status?: number, problem?: Problem|null, retryable?: boolean, retryAfterMs?: number, cause?: unknown}} [details]
   */
  constructor(code, message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'StrafeError';
    /** @type {ErrorCode} */
    this.code = code;
    /** HTTP status when the server answered, else 0. */
    this.status = details.status ?? 0;
    /** @type {Problem|null} the server's problem details, when it sent some */
    this.problem = details.problem ?? null;
    /** Whether trying again later (with back-off) can succeed. */
    this.retryable = details.retryable ?? RETRYABLE.has(code);
    /** The server's Retry-After in ms (429/503), 0 when absent: the reconnect waits at least this long. */
    this.retryAfterMs = details.retryAfterMs ?? 0;
  }
}

const RETRYABLE = new Set(['rate-limited', 'draining', 'network', 'timeout', 'ice-gathering', 'ice-failed', 'http']);

/** @type {Record<number, ErrorCode>} */
const BY_STATUS = { 400: 'bad-request', 401: 'unauthorized', 403: 'unauthorized', 409: 'room-full', 429: 'rate-limited', 503: 'draining' };

/**
 * Maps an HTTP error answer of the join endpoint to a StrafeError.
 * @param {number} status
 * @param {unknown} body  parsed JSON body (problem details) or null when it was not JSON
 * @param {string|null} [retryAfter]  the Retry-After header (seconds), if any
 * @returns {StrafeError}
 */
export function errorFromProblem(status, body, retryAfter = null) {
  const problem = isProblem(body) ? /** @type {Problem} */ (body) : null;
  const code = BY_STATUS[status] ?? 'http';
  const text = problem ? [problem.title, problem.detail].filter(Boolean).join(': ') : '';
  const retryable = code === 'http' ? status >= 500 : undefined;
  const seconds = retryAfter !== null && /^\d{1,5}$/.test(retryAfter.trim()) ? Number(retryAfter) : 0;
  return new StrafeError(code, `join failed with HTTP ${status}${text ? ` (${text})` : ''}`, {
    status, problem, retryable, retryAfterMs: Math.min(seconds, 300) * 1000,
  });
}

/** @param {unknown} body */
function isProblem(body) {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    && ['title', 'detail', 'type', 'status'].some((k) => k in body);
}
