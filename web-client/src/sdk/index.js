// Strafe browser SDK: `import { connect } from '/sdk/index.js'`. ES modules, no dependencies.
export { connect, StrafeClient } from './client.js';
export { StrafeError, errorFromProblem } from './errors.js';
export { Emitter } from './emitter.js';
export { step, axes, worldFrom, DEFAULT_WORLD } from './movement.js';
export { Predictor } from './prediction.js';
export { Interpolator } from './interpolation.js';
export { TxClient, parseTxMessage } from './tx.js';
export { backoffDelay, backoffSchedule } from './backoff.js';
export { NetStats } from './stats.js';
export { openSession, postJoin, fetchGuestToken, LinkConditioner, browserTransport, browserClock } from './transport.js';
export * as protocol from './protocol.js';
