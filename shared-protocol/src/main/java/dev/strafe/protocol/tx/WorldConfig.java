package dev.strafe.protocol.tx;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The arena and movement constants a client needs to predict its own movement exactly like the room does
 * (sent inside {@link RoomConfig}). Units are the snapshot's: centimetres and cm/s.
 *
 * <p>The room's movement step, which the browser SDK's {@code movement.js} mirrors: an {@code Input} with
 * {@code (moveX, moveY)} in {@code [-127, 127]} moves the player by {@code maxSpeed / tickRate} cm per applied
 * input times {@code min(1, |(moveX, moveY)| / 127)} along the normalized direction, then clamps x to
 * {@code [0, width]} and y to {@code [0, height]} (y grows downwards on screen).
 *
 * @param width        arena width in cm, x in {@code [0, width]}
 * @param height       arena height in cm, y in {@code [0, height]}
 * @param maxSpeed     speed of a full-deflection input in cm/s
 * @param pickupRadius distance in cm within which a player may pick up a coin
 */
public record WorldConfig(
        @JsonProperty(required = true) int width,
        @JsonProperty(required = true) int height,
        @JsonProperty(required = true) int maxSpeed,
        @JsonProperty(required = true) int pickupRadius) {

    /** Upper bound of a coordinate: the snapshot's signed 24-bit centimetres. */
    public static final int MAX_CM = (1 << 23) - 1;

    public WorldConfig {
        Checks.range("width", width, 1, MAX_CM);
        Checks.range("height", height, 1, MAX_CM);
        Checks.range("maxSpeed", maxSpeed, 1, 32767);
        Checks.range("pickupRadius", pickupRadius, 1, MAX_CM);
    }
}
