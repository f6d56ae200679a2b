// The ONE movement step, shared by client-side prediction and (by contract) the server's RoomSimulation
// (game-server dev.strafe.server.room.RoomSimulation#step; shared-protocol's MovementStep is the Java twin and
// vectors/movement.json pins both). Keep the two identical, operation for
// operation (both use IEEE doubles, so the same operations give the same bits); a change here is a
// protocol change.
//
// Per applied Input (the room applies one per tick, in sequence order):
//   step  = maxSpeed / tickRate                         cm per input at full deflection
//   len2  = moveX^2 + moveY^2                           moveX, moveY in [-127, 127] (the Input's i8 axes)
//   if len2 == 0: no movement
//   scale = len2 > 127^2 ? step / sqrt(len2) : step / 127   longer vectors (diagonals) are normalized
//   x     = clamp(x + round(moveX * scale), 0, width)   Math.round: half up, as Java's Math.round(double)
//   y     = clamp(y + round(moveY * scale), 0, height)  y grows downwards on screen (+moveY = down)
//   vx    = (x - x0) * tickRate, vy likewise            cm/s over the tick, what the snapshot carries
// So a diagonal is not faster, a partial deflection is proportionally slower, positions stay integer
// centimetres (the snapshot's unit) after every step, and nothing leaves the arena. The constants come
// from the join response's room.world when the server sends it (WorldConfig), else DEFAULT_WORLD (the
// server's default room settings).

/**
 * @typedef {object} World arena and movement constants (RoomConfig.world), centimetres and cm/s
 * @property {number} width         x in [0, width]
 * @property {number} height        y in [0, height]
 * @property {number} maxSpeed      cm/s of a full-deflection input
 * @property {number} pickupRadius  cm
 */

/** The server's default room: 40 m x 30 m, 6 m/s, coins picked up within 1.5 m. */
export const DEFAULT_WORLD = Object.freeze({ width: 4000, height: 3000, maxSpeed: 600, pickupRadius: 150 });

export const AXIS_MAX = 127;

/**
 * @typedef {object} Body
 * @property {number} x   cm
 * @property {number} y   cm
 * @property {number} vx  cm/s
 * @property {number} vy  cm/s
 */

/**
 * Applies one input to a body: returns the new body (the argument is not modified).
 * @param {{x: number, y: number}} body
 * @param {{moveX: number, moveY: number}} input
 * @param {World} world
 * @param {number} tickRate  ticks per second (one input per tick)
 * @returns {Body}
 */
export function step(body, input, world, tickRate) {
  const mx = input.moveX;
  const my = input.moveY;
  const len2 = mx * mx + my * my;
  if (len2 === 0) return { x: body.x, y: body.y, vx: 0, vy: 0 };
  const stepCm = world.maxSpeed / tickRate;
  const scale = len2 > AXIS_MAX * AXIS_MAX ? stepCm / Math.sqrt(len2) : stepCm / AXIS_MAX;
  const x = clamp(body.x + Math.round(mx * scale), 0, world.width);
  const y = clamp(body.y + Math.round(my * scale), 0, world.height);
  return { x, y, vx: (x - body.x) * tickRate, vy: (y - body.y) * tickRate };
}

/**
 * Axis values of a keyboard/gamepad direction: (-1..1, -1..1) -> Input axes in [-127, 127].
 * @param {number} dx
 * @param {number} dy
 * @returns {{moveX: number, moveY: number}}
 */
export function axes(dx, dy) {
  return {
    moveX: clamp(Math.round(dx * AXIS_MAX), -AXIS_MAX, AXIS_MAX),
    moveY: clamp(Math.round(dy * AXIS_MAX), -AXIS_MAX, AXIS_MAX),
  };
}

/**
 * @param {number} v
 * @param {number} min
 * @param {number} max
 */
export function clamp(v, min, max) {
  return v < min ? min : v > max ? max : v;
}

/**
 * A World from the join response's room config, falling back to DEFAULT_WORLD field by field.
 * @param {Partial<World>|null|undefined} world
 * @returns {World}
 */
export function worldFrom(world) {
  const pick = (/** @type {unknown} */ v, /** @type {number} */ fallback) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback);
  return {
    width: pick(world?.width, DEFAULT_WORLD.width),
    height: pick(world?.height, DEFAULT_WORLD.height),
    maxSpeed: pick(world?.maxSpeed, DEFAULT_WORLD.maxSpeed),
    pickupRadius: pick(world?.pickupRadius, DEFAULT_WORLD.pickupRadius),
  };
}
