// The ONE movement step, shared by client-side prediction and (by contract) the server's RoomSimulation.
// Keep it byte-for-byte equivalent to the Java step; any change here is a protocol change.
//
// Per applied Input (one per tick; the room applies inputs in sequence order):
//   len  = sqrt(moveX^2 + moveY^2)                      moveX, moveY in [-127, 127] (the Input's i8 axes)
//   if len == 0: no movement, velocity 0
//   f    = min(1, len / 127) * (maxSpeed / tickRate) / len      step = maxSpeed / tickRate cm per input
//   x    = clamp(round(x + moveX * f), 0, width)        Math.round: half up, as Java's Math.round(double)
//   y    = clamp(round(y + moveY * f), 0, height)       y grows downwards on screen (+moveY = down)
//   vx   = round(moveX * f * tickRate), vy likewise     cm/s, what the snapshot's vx/vy carry
// So the direction is normalized (a diagonal is not faster), a full deflection moves at maxSpeed, a
// partial one proportionally slower, positions stay integer centimetres (the snapshot's unit) after every
// step, and nothing leaves the arena. Constants come from the join response's room.world when the server
// sends it (WorldConfig), else DEFAULT_WORLD (= the server's default room settings).

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
  const len = Math.sqrt(mx * mx + my * my);
  if (len === 0) return { x: body.x, y: body.y, vx: 0, vy: 0 };
  const f = (Math.min(1, len / AXIS_MAX) * (world.maxSpeed / tickRate)) / len;
  return {
    x: clamp(Math.round(body.x + mx * f), 0, world.width),
    y: clamp(Math.round(body.y + my * f), 0, world.height),
    vx: Math.round(mx * f * tickRate),
    vy: Math.round(my * f * tickRate),
  };
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
  const ok = (/** @type {unknown} */ v) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  return {
    width: ok(world?.width) ? world.width : DEFAULT_WORLD.width,
    height: ok(world?.height) ? world.height : DEFAULT_WORLD.height,
    maxSpeed: ok(world?.maxSpeed) ? world.maxSpeed : DEFAULT_WORLD.maxSpeed,
    pickupRadius: ok(world?.pickupRadius) ? world.pickupRadius : DEFAULT_WORLD.pickupRadius,
  };
}
