// Strafe pos-channel binary codec (schema v1), the JS twin of shared-protocol's dev.strafe.protocol.pos.
// ES module, no dependencies. All multi-byte fields are BIG-ENDIAN (DataView with littleEndian = false).
// The golden vectors in shared-protocol/vectors/ are the contract: web-client/test/protocol.test.mjs
// checks this file against them in both directions, with the same error messages as the Java decoders.

/** Schema version written by this codec. Decoders accept any version >= 1 (fields are only appended). */
export const SCHEMA_VERSION = 1;
/** {type u8, schemaVersion u8, blockLength u16}. */
export const HEADER_LENGTH = 4;
export const TYPE_OFFSET = 0;
export const SCHEMA_VERSION_OFFSET = 1;
export const BLOCK_LENGTH_OFFSET = 2;

/** Message type codes of the header's first byte. */
export const MessageType = Object.freeze({ INPUT: 1, SNAPSHOT: 2 });

// --- Input (client -> server) -------------------------------------------------------------------
export const INPUT_SEQUENCE_OFFSET = 4;
export const INPUT_ACK_TICK_OFFSET = 8;
export const INPUT_CLIENT_TIME_OFFSET = 12;
export const INPUT_MOVE_X_OFFSET = 16;
export const INPUT_MOVE_Y_OFFSET = 17;
export const INPUT_BUTTONS_OFFSET = 18;
export const INPUT_AIM_OFFSET = 19;
export const INPUT_BLOCK_LENGTH = 17;
export const INPUT_LENGTH = HEADER_LENGTH + INPUT_BLOCK_LENGTH; // 21
export const MAX_INPUT_BYTES = 64;
export const MOVE_MIN = -127;
export const MOVE_MAX = 127;

/** Button bits of Input.buttons. */
export const Buttons = Object.freeze({
  FIRE: 1, JUMP: 2, USE: 4, SPRINT: 8, CROUCH: 16, RELOAD: 32, ALT_FIRE: 64, MENU: 128,
});

// --- Snapshot (server -> client) ----------------------------------------------------------------
export const MAX_SNAPSHOT_BYTES = 1100;
export const MAX_ENTITIES = 128;
export const SNAPSHOT_TICK_OFFSET = 4;
export const SNAPSHOT_BASELINE_TICK_OFFSET = 8;
export const SNAPSHOT_REMOVED_COUNT_OFFSET = 12;
export const SNAPSHOT_ADDED_COUNT_OFFSET = 13;
export const SNAPSHOT_CHANGED_COUNT_OFFSET = 14;
/** u32: the receiving player's last Input the server applied at or before the tick (0 = none yet). */
export const SNAPSHOT_LAST_INPUT_SEQUENCE_OFFSET = 15;
export const SNAPSHOT_BLOCK_LENGTH = 15;
export const SNAPSHOT_FIXED_LENGTH = HEADER_LENGTH + SNAPSHOT_BLOCK_LENGTH; // 19
export const REMOVED_LENGTH = 2;
export const ADDED_LENGTH = 15; // id u16, kind u8, x i24, y i24, vx i16, vy i16, heading u16
export const CHANGED_PREFIX_LENGTH = 3; // id u16, mask u8
export const Mask = Object.freeze({ X: 1, Y: 2, VX: 4, VY: 8, HEADING: 16, ALL: 31 });
/** Position unit: 1 = 1 cm; signed 24-bit world bounds. Velocity: cm/s, signed 16-bit. Heading: 2*PI/65536 rad. */
export const POSITION_MIN = -(1 << 23);
export const POSITION_MAX = (1 << 23) - 1;
export const VELOCITY_MIN = -32768;
export const VELOCITY_MAX = 32767;

/**
 * @typedef {object} Input
 * @property {number} sequence          u32, wraps
 * @property {number} ackTick           u32, newest snapshot tick received (0 = none)
 * @property {number} clientTimeMillis  u32, client clock in ms modulo 2^32
 * @property {number} moveX             [-127, 127]
 * @property {number} moveY             [-127, 127]
 * @property {number} buttons           u8 bitmask, see Buttons
 * @property {number} aim               u16 heading, 2*PI/65536 rad
 */

/**
 * @typedef {object} Entity
 * @property {number} id       u16
 * @property {number} kind     u8
 * @property {number} x        cm, signed 24-bit
 * @property {number} y        cm, signed 24-bit
 * @property {number} vx       cm/s, signed 16-bit
 * @property {number} vy       cm/s, signed 16-bit
 * @property {number} heading  u16, 2*PI/65536 rad
 */

/**
 * @typedef {object} SnapshotState
 * @property {number} tick          u32, never 0
 * @property {number} [lastInputSequence]  u32: the receiving player's last Input the server applied at or before
 *                                  tick (0 = none yet). Set on decoded states; written by encodeSnapshot (default 0).
 *                                  Per message, not per world: it is not part of the delta.
 * @property {Entity[]} entities    sorted by id in decoded/baseline states; interest order for encoding
 */

/** The one error every decoder throws; message reads "field: value (expected: ...) at offset n". */
export class ProtocolError extends Error {
  /**
   * @param {string} message
   * @param {number} offset byte offset relative to the message start, -1 if none
   */
  constructor(message, offset) {
    super(offset >= 0 ? `${message} at offset ${offset}` : message);
    this.name = 'ProtocolError';
    /** @type {number} */
    this.offset = offset;
  }
}

function outOfRange(field, value, expected, offset) {
  return new ProtocolError(`${field}: ${value} (expected: ${expected})`, offset);
}

// --- wrapping 32-bit sequence / tick arithmetic ------------------------------------------------

/** Sequence and tick numbers are u32 and wrap; compare them only with these (modulo 2^32). */
export const Seq32 = Object.freeze({
  /** a is newer than b when the signed 32-bit difference a - b is positive. */
  isNewer: (a, b) => ((a - b) | 0) > 0,
  /** Signed distance a - b modulo 2^32 in [-2^31, 2^31 - 1]. */
  distance: (a, b) => (a - b) | 0,
  /** value + 1 modulo 2^32. */
  next: (value) => (value + 1) >>> 0,
  /** The tick after tick, skipping the reserved tick 0 ("no baseline"): 0xFFFFFFFF -> 1. */
  nextTick: (tick) => ((tick + 1) >>> 0) || 1,
});

// --- helpers ----------------------------------------------------------------------------------

/**
 * Accepts what a data channel delivers (ArrayBuffer) as well as any typed-array view.
 * @param {ArrayBuffer|ArrayBufferView} message
 * @returns {Uint8Array}
 */
function asBytes(message) {
  if (message instanceof Uint8Array) return message;
  if (message instanceof ArrayBuffer) return new Uint8Array(message);
  if (ArrayBuffer.isView(message)) return new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
  throw new ProtocolError(`message: ${message === null ? 'null' : typeof message} (expected: ArrayBuffer or Uint8Array)`, 0);
}

/** @param {Uint8Array} bytes */
function view(bytes) {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function getInt24(dv, i) {
  const v = (dv.getUint8(i) << 16) | (dv.getUint8(i + 1) << 8) | dv.getUint8(i + 2);
  return (v << 8) >> 8;
}

function setInt24(dv, i, v) {
  dv.setUint8(i, (v >>> 16) & 0xff);
  dv.setUint8(i + 1, (v >>> 8) & 0xff);
  dv.setUint8(i + 2, v & 0xff);
}

function requireInt(name, value, min, max) {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name}: ${value} (expected: ${min}..${max})`);
  }
  return value;
}

function changedFieldsLength(mask) {
  let n = 0;
  if (mask & Mask.X) n += 3;
  if (mask & Mask.Y) n += 3;
  if (mask & Mask.VX) n += 2;
  if (mask & Mask.VY) n += 2;
  if (mask & Mask.HEADING) n += 2;
  return n;
}

/**
 * Type code of a message's first byte (MessageType), or -1 when empty.
 * @param {ArrayBuffer|Uint8Array} message
 */
export function peekType(message) {
  const bytes = asBytes(message);
  return bytes.length < 1 ? -1 : bytes[0];
}

/** Checks header and root block presence; returns the sender's block length. */
function checkHeader(dv, length, type, typeName, maxLength, minBlockLength) {
  if (length < HEADER_LENGTH) throw outOfRange('message length', length, `>= ${HEADER_LENGTH} for the header`, 0);
  if (length > maxLength) throw outOfRange('message length', length, `<= ${maxLength}`, 0);
  const t = dv.getUint8(TYPE_OFFSET);
  if (t !== type) throw outOfRange('message type', t, `${type} ${typeName}`, TYPE_OFFSET);
  const version = dv.getUint8(SCHEMA_VERSION_OFFSET);
  if (version < 1) throw outOfRange('schema version', version, '>= 1', SCHEMA_VERSION_OFFSET);
  const blockLength = dv.getUint16(BLOCK_LENGTH_OFFSET, false);
  if (blockLength < minBlockLength) throw outOfRange('block length', blockLength, `>= ${minBlockLength}`, BLOCK_LENGTH_OFFSET);
  const available = length - HEADER_LENGTH;
  if (available < blockLength) {
    throw new ProtocolError(`root block: ${available} bytes (expected: ${blockLength})`, HEADER_LENGTH);
  }
  return blockLength;
}

// --- Input ------------------------------------------------------------------------------------

/**
 * Writes an Input message (21 bytes) at dst[offset].
 * @param {Input} input
 * @param {Uint8Array} dst
 * @param {number} [offset=0]
 * @returns {number} bytes written
 */
export function encodeInput(input, dst, offset = 0) {
  if (dst.length - offset < INPUT_LENGTH) {
    throw new RangeError(`buffer: ${dst.length - offset} bytes at offset ${offset} (expected: >= ${INPUT_LENGTH})`);
  }
  const dv = view(dst.subarray(offset, offset + INPUT_LENGTH));
  dv.setUint8(TYPE_OFFSET, MessageType.INPUT);
  dv.setUint8(SCHEMA_VERSION_OFFSET, SCHEMA_VERSION);
  dv.setUint16(BLOCK_LENGTH_OFFSET, INPUT_BLOCK_LENGTH, false);
  dv.setUint32(INPUT_SEQUENCE_OFFSET, requireInt('sequence', input.sequence, 0, 0xffffffff), false);
  dv.setUint32(INPUT_ACK_TICK_OFFSET, requireInt('ackTick', input.ackTick, 0, 0xffffffff), false);
  dv.setUint32(INPUT_CLIENT_TIME_OFFSET, requireInt('clientTimeMillis', input.clientTimeMillis, 0, 0xffffffff), false);
  dv.setInt8(INPUT_MOVE_X_OFFSET, requireInt('moveX', input.moveX, MOVE_MIN, MOVE_MAX));
  dv.setInt8(INPUT_MOVE_Y_OFFSET, requireInt('moveY', input.moveY, MOVE_MIN, MOVE_MAX));
  dv.setUint8(INPUT_BUTTONS_OFFSET, requireInt('buttons', input.buttons, 0, 0xff));
  dv.setUint16(INPUT_AIM_OFFSET, requireInt('aim', input.aim, 0, 0xffff), false);
  return INPUT_LENGTH;
}

/**
 * Decodes an Input message occupying the whole of `message`.
 * @param {ArrayBuffer|Uint8Array} message
 * @returns {Input}
 * @throws {ProtocolError}
 */
export function decodeInput(message) {
  const bytes = asBytes(message);
  const dv = view(bytes);
  const length = bytes.length;
  const blockLength = checkHeader(dv, length, MessageType.INPUT, 'INPUT', MAX_INPUT_BYTES, INPUT_BLOCK_LENGTH);
  const end = HEADER_LENGTH + blockLength;
  if (length !== end) throw outOfRange('trailing bytes', length - end, '0', end);
  const moveX = dv.getInt8(INPUT_MOVE_X_OFFSET);
  if (moveX < MOVE_MIN) throw outOfRange('move x', moveX, `${MOVE_MIN}..${MOVE_MAX}`, INPUT_MOVE_X_OFFSET);
  const moveY = dv.getInt8(INPUT_MOVE_Y_OFFSET);
  if (moveY < MOVE_MIN) throw outOfRange('move y', moveY, `${MOVE_MIN}..${MOVE_MAX}`, INPUT_MOVE_Y_OFFSET);
  return {
    sequence: dv.getUint32(INPUT_SEQUENCE_OFFSET, false),
    ackTick: dv.getUint32(INPUT_ACK_TICK_OFFSET, false),
    clientTimeMillis: dv.getUint32(INPUT_CLIENT_TIME_OFFSET, false),
    moveX,
    moveY,
    buttons: dv.getUint8(INPUT_BUTTONS_OFFSET),
    aim: dv.getUint16(INPUT_AIM_OFFSET, false),
  };
}

// --- Snapshot ---------------------------------------------------------------------------------

function checkEntity(e) {
  requireInt('id', e.id, 0, 0xffff);
  requireInt('kind', e.kind, 0, 0xff);
  requireInt('x', e.x, POSITION_MIN, POSITION_MAX);
  requireInt('y', e.y, POSITION_MIN, POSITION_MAX);
  requireInt('vx', e.vx, VELOCITY_MIN, VELOCITY_MAX);
  requireInt('vy', e.vy, VELOCITY_MIN, VELOCITY_MAX);
  requireInt('heading', e.heading, 0, 0xffff);
}

function mask(b, c) {
  let m = 0;
  if (b.x !== c.x) m |= Mask.X;
  if (b.y !== c.y) m |= Mask.Y;
  if (b.vx !== c.vx) m |= Mask.VX;
  if (b.vy !== c.vy) m |= Mask.VY;
  if (b.heading !== c.heading) m |= Mask.HEADING;
  return m;
}

/**
 * Encodes `current` against `baseline` (null: full snapshot) into dst[offset..]. Removals always fit; then the
 * longest prefix of current.entities (interest order) whose records fit in maxBytes is written.
 * Same bytes as the Java SnapshotEncoder.
 * @param {SnapshotState|null} baseline  sorted by id
 * @param {SnapshotState} current
 * @param {Uint8Array} dst
 * @param {number} [offset=0]
 * @param {number} [maxBytes=MAX_SNAPSHOT_BYTES]
 * @returns {{length: number, entitiesWritten: number}}
 */
export function encodeSnapshot(baseline, current, dst, offset = 0, maxBytes = MAX_SNAPSHOT_BYTES) {
  const minBudget = SNAPSHOT_FIXED_LENGTH + MAX_ENTITIES * REMOVED_LENGTH;
  requireInt('maxBytes', maxBytes, minBudget, MAX_SNAPSHOT_BYTES);
  if (dst.length - offset < maxBytes) {
    throw new RangeError(`buffer: ${dst.length - offset} bytes at offset ${offset} (expected: >= ${maxBytes})`);
  }
  requireInt('current tick', current.tick, 1, 0xffffffff);
  const lastInputSequence = requireInt('lastInputSequence', current.lastInputSequence ?? 0, 0, 0xffffffff);
  if (current.entities.length > MAX_ENTITIES) throw new RangeError(`entity count: ${current.entities.length} (expected: <= ${MAX_ENTITIES})`);
  const full = baseline == null;
  /** @type {Map<number, number>} baseline index by id */
  const baseIndex = new Map();
  if (!full) {
    requireInt('baseline tick', baseline.tick, 1, 0xffffffff);
    if (!Seq32.isNewer(current.tick, baseline.tick)) {
      throw new RangeError(`baseline tick: ${baseline.tick} (expected: != 0 and older than ${current.tick})`);
    }
    baseline.entities.forEach((e, i) => {
      if (i > 0 && baseline.entities[i - 1].id >= e.id) throw new RangeError('baseline: not sorted by id (expected: strictly ascending ids)');
      baseIndex.set(e.id, i);
    });
  }
  const kept = new Array(full ? 0 : baseline.entities.length).fill(false);
  const actions = current.entities.map((e) => {
    checkEntity(e);
    const b = baseIndex.get(e.id);
    if (b === undefined || baseline.entities[b].kind !== e.kind) return -1; // added (kind change = remove + add)
    if (kept[b]) throw new RangeError(`current entity id: ${e.id} (expected: unique)`);
    kept[b] = true;
    return mask(baseline.entities[b], e);
  });
  const removed = full ? [] : baseline.entities.filter((_, i) => !kept[i]);
  let used = SNAPSHOT_FIXED_LENGTH + removed.length * REMOVED_LENGTH;
  let n = 0;
  let added = 0;
  let changed = 0;
  for (; n < actions.length; n++) {
    const a = actions[n];
    const cost = a === -1 ? ADDED_LENGTH : a === 0 ? 0 : CHANGED_PREFIX_LENGTH + changedFieldsLength(a);
    if (used + cost > maxBytes) break;
    used += cost;
    if (a === -1) added++;
    else if (a !== 0) changed++;
  }
  // Records go out in ascending id order (same bytes as Java): the receiver appends instead of shifting.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => current.entities[a].id - current.entities[b].id);
  const dv = view(dst.subarray(offset, offset + used));
  dv.setUint8(TYPE_OFFSET, MessageType.SNAPSHOT);
  dv.setUint8(SCHEMA_VERSION_OFFSET, SCHEMA_VERSION);
  dv.setUint16(BLOCK_LENGTH_OFFSET, SNAPSHOT_BLOCK_LENGTH, false);
  dv.setUint32(SNAPSHOT_TICK_OFFSET, current.tick, false);
  dv.setUint32(SNAPSHOT_BASELINE_TICK_OFFSET, full ? 0 : baseline.tick, false);
  dv.setUint8(SNAPSHOT_REMOVED_COUNT_OFFSET, removed.length);
  dv.setUint8(SNAPSHOT_ADDED_COUNT_OFFSET, added);
  dv.setUint8(SNAPSHOT_CHANGED_COUNT_OFFSET, changed);
  dv.setUint32(SNAPSHOT_LAST_INPUT_SEQUENCE_OFFSET, lastInputSequence, false);
  let p = SNAPSHOT_FIXED_LENGTH;
  for (const e of removed) {
    dv.setUint16(p, e.id, false);
    p += REMOVED_LENGTH;
  }
  for (const i of order) {
    if (actions[i] !== -1) continue;
    const e = current.entities[i];
    dv.setUint16(p, e.id, false);
    dv.setUint8(p + 2, e.kind);
    setInt24(dv, p + 3, e.x);
    setInt24(dv, p + 6, e.y);
    dv.setInt16(p + 9, e.vx, false);
    dv.setInt16(p + 11, e.vy, false);
    dv.setUint16(p + 13, e.heading, false);
    p += ADDED_LENGTH;
  }
  for (const i of order) {
    const m = actions[i];
    if (m <= 0) continue;
    const e = current.entities[i];
    dv.setUint16(p, e.id, false);
    dv.setUint8(p + 2, m);
    p += CHANGED_PREFIX_LENGTH;
    if (m & Mask.X) { setInt24(dv, p, e.x); p += 3; }
    if (m & Mask.Y) { setInt24(dv, p, e.y); p += 3; }
    if (m & Mask.VX) { dv.setInt16(p, e.vx, false); p += 2; }
    if (m & Mask.VY) { dv.setInt16(p, e.vy, false); p += 2; }
    if (m & Mask.HEADING) { dv.setUint16(p, e.heading, false); p += 2; }
  }
  return { length: p, entitiesWritten: n };
}

function need(p, n, length, what) {
  if (length - p < n) throw new ProtocolError(`${what}: ${length - p} bytes left (expected: >= ${n})`, p);
  return p + n;
}

function checkCount(dv, fieldOffset, name, mustBeZero) {
  const count = dv.getUint8(fieldOffset);
  if (mustBeZero && count !== 0) throw outOfRange(name, count, '0 in a full snapshot', fieldOffset);
  if (count > MAX_ENTITIES) throw outOfRange(name, count, `<= ${MAX_ENTITIES}`, fieldOffset);
  return count;
}

/**
 * @typedef {object} SnapshotHeader
 * @property {number} schemaVersion
 * @property {number} tick
 * @property {number} baselineTick   0 = full snapshot
 * @property {number} lastInputSequence  the receiving player's last Input applied at or before tick (0 = none)
 * @property {number} removedCount
 * @property {number} addedCount
 * @property {number} changedCount
 * @property {number} removedStart
 * @property {number} addedStart
 * @property {number} changedStart
 */

/**
 * Checks the whole structure of a snapshot message and returns its header, so the caller can pick the
 * baseline state stored for header.baselineTick.
 * @param {ArrayBuffer|Uint8Array} message  exactly one message
 * @returns {SnapshotHeader}
 * @throws {ProtocolError}
 */
export function readSnapshotHeader(message) {
  const bytes = asBytes(message);
  const dv = view(bytes);
  const length = bytes.length;
  const blockLength = checkHeader(dv, length, MessageType.SNAPSHOT, 'SNAPSHOT', MAX_SNAPSHOT_BYTES, SNAPSHOT_BLOCK_LENGTH);
  const tick = dv.getUint32(SNAPSHOT_TICK_OFFSET, false);
  if (tick === 0) throw outOfRange('tick', tick, '!= 0', SNAPSHOT_TICK_OFFSET);
  const baselineTick = dv.getUint32(SNAPSHOT_BASELINE_TICK_OFFSET, false);
  const full = baselineTick === 0;
  if (!full && !Seq32.isNewer(tick, baselineTick)) {
    throw outOfRange('baseline tick', baselineTick, `0 or older than tick ${tick}`, SNAPSHOT_BASELINE_TICK_OFFSET);
  }
  const removedCount = checkCount(dv, SNAPSHOT_REMOVED_COUNT_OFFSET, 'removed count', full);
  const addedCount = checkCount(dv, SNAPSHOT_ADDED_COUNT_OFFSET, 'added count', false);
  const changedCount = checkCount(dv, SNAPSHOT_CHANGED_COUNT_OFFSET, 'changed count', full);
  let p = HEADER_LENGTH + blockLength;
  const removedStart = p;
  p = need(p, removedCount * REMOVED_LENGTH, length, 'removed ids');
  const addedStart = p;
  p = need(p, addedCount * ADDED_LENGTH, length, 'added entities');
  const changedStart = p;
  for (let k = 0; k < changedCount; k++) {
    need(p, CHANGED_PREFIX_LENGTH, length, 'changed entity');
    const m = dv.getUint8(p + 2);
    if (m === 0 || (m & ~Mask.ALL) !== 0) throw outOfRange('changed mask', m, `1..${Mask.ALL}`, p + 2);
    p = need(p + CHANGED_PREFIX_LENGTH, changedFieldsLength(m), length, 'changed fields');
  }
  if (p !== length) throw outOfRange('trailing bytes', length - p, '0', p);
  return {
    schemaVersion: dv.getUint8(SCHEMA_VERSION_OFFSET),
    tick,
    baselineTick,
    lastInputSequence: dv.getUint32(SNAPSHOT_LAST_INPUT_SEQUENCE_OFFSET, false),
    removedCount, addedCount, changedCount, removedStart, addedStart, changedStart,
  };
}

function indexOfSorted(entities, id) {
  let lo = 0;
  let hi = entities.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = entities[mid].id;
    if (v < id) lo = mid + 1;
    else if (v > id) hi = mid - 1;
    else return mid;
  }
  return -(lo + 1);
}

/**
 * Decodes a snapshot and applies it to `baseline` (ignored for a full snapshot). Returns a NEW state sorted
 * by id; the baseline is not modified. The whole message is rejected on any fault.
 * @param {ArrayBuffer|Uint8Array} message  exactly one message
 * @param {SnapshotState|null} baseline  the state for the message's baseline tick
 * @returns {SnapshotState}
 * @throws {ProtocolError}
 */
export function decodeSnapshot(message, baseline) {
  const bytes = asBytes(message);
  const h = readSnapshotHeader(bytes);
  const dv = view(bytes);
  /** @type {Entity[]} */
  let entities;
  if (h.baselineTick === 0) {
    entities = [];
  } else {
    if (baseline == null || baseline.tick !== h.baselineTick) {
      throw outOfRange('baseline tick', h.baselineTick,
        baseline == null ? 'a baseline state' : `tick of the given baseline ${baseline.tick}`, SNAPSHOT_BASELINE_TICK_OFFSET);
    }
    entities = baseline.entities.map((e) => ({ ...e }));
  }
  let p = h.removedStart;
  for (let k = 0; k < h.removedCount; k++, p += REMOVED_LENGTH) {
    const id = dv.getUint16(p, false);
    const i = indexOfSorted(entities, id);
    if (i < 0) throw outOfRange('removed entity id', id, 'present in baseline', p);
    entities.splice(i, 1);
  }
  p = h.addedStart;
  for (let k = 0; k < h.addedCount; k++, p += ADDED_LENGTH) {
    const id = dv.getUint16(p, false);
    const i = indexOfSorted(entities, id);
    if (i >= 0) throw outOfRange('added entity id', id, 'absent from state', p);
    if (entities.length === MAX_ENTITIES) throw outOfRange('entity count', entities.length + 1, `<= ${MAX_ENTITIES}`, p);
    entities.splice(-i - 1, 0, {
      id,
      kind: dv.getUint8(p + 2),
      x: getInt24(dv, p + 3),
      y: getInt24(dv, p + 6),
      vx: dv.getInt16(p + 9, false),
      vy: dv.getInt16(p + 11, false),
      heading: dv.getUint16(p + 13, false),
    });
  }
  p = h.changedStart;
  for (let k = 0; k < h.changedCount; k++) {
    const id = dv.getUint16(p, false);
    const m = dv.getUint8(p + 2);
    const i = indexOfSorted(entities, id);
    if (i < 0) throw outOfRange('changed entity id', id, 'present in baseline', p);
    const e = entities[i];
    p += CHANGED_PREFIX_LENGTH;
    if (m & Mask.X) { e.x = getInt24(dv, p); p += 3; }
    if (m & Mask.Y) { e.y = getInt24(dv, p); p += 3; }
    if (m & Mask.VX) { e.vx = dv.getInt16(p, false); p += 2; }
    if (m & Mask.VY) { e.vy = dv.getInt16(p, false); p += 2; }
    if (m & Mask.HEADING) { e.heading = dv.getUint16(p, false); p += 2; }
  }
  return { tick: h.tick, lastInputSequence: h.lastInputSequence, entities };
}

/**
 * Client-side snapshot bookkeeping for the unreliable, unordered pos channel (the twin of the Java
 * SnapshotReceiver): keeps the states of the last `history` ticks as baselines, drops snapshots that are
 * stale or whose baseline it no longer holds, and says which tick to ack in the next Input.
 */
export class SnapshotReceiver {
  /** @param {number} [history=32] ticks of applied states kept (at least the server's history) */
  constructor(history = 32) {
    requireInt('history', history, 2, 1024);
    this.history = history;
    /** @type {Map<number, SnapshotState>} */
    this.states = new Map();
    /** @type {SnapshotState|null} newest applied state */
    this.latest = null;
  }

  /**
   * Applies one snapshot message.
   * @param {ArrayBuffer|Uint8Array} message
   * @returns {boolean} true when applied; false when stale or its baseline is not held
   * @throws {ProtocolError} when malformed (nothing is applied)
   */
  receive(message) {
    const h = readSnapshotHeader(message);
    if (this.latest !== null && !Seq32.isNewer(h.tick, this.latest.tick)) return false;
    let baseline = null;
    if (h.baselineTick !== 0) {
      baseline = this.states.get(h.baselineTick) ?? null;
      if (baseline === null) return false;
    }
    const state = decodeSnapshot(message, baseline);
    this.states.set(state.tick, state);
    for (const tick of this.states.keys()) { // forget ticks older than the history window
      if (Seq32.distance(state.tick, tick) >= this.history) this.states.delete(tick);
    }
    this.latest = state;
    return true;
  }

  /** lastInputSequence of the newest applied snapshot (0 before the first). */
  get lastInputSequence() {
    return this.latest === null ? 0 : (this.latest.lastInputSequence ?? 0);
  }

  /** Tick to send as Input.ackTick: the newest applied, 0 before the first snapshot. */
  get ackTick() {
    return this.latest === null ? 0 : this.latest.tick;
  }
}
