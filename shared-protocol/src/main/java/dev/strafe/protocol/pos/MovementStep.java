package dev.strafe.protocol.pos;

/**
 * The movement step of one applied {@link Input}, shared by the authoritative room and by client-side
 * prediction (the browser SDK's {@code movement.js} performs the same double operations, so both produce the
 * same integer centimetres; {@code vectors/movement.json} pins it for both languages).
 *
 * <pre>
 * step  = maxSpeed / tickRate                        cm per input at full deflection
 * len2  = moveX^2 + moveY^2                          axes in [-127, 127]
 * scale = len2 &gt; 127^2 ? step / sqrt(len2) : step / 127   (diagonals normalized, partial deflection slower)
 * x'    = clamp(x + Math.round(moveX * scale), 0, width)     y likewise with height
 * </pre>
 *
 * Allocation-free static helpers: {@code double s = scale(mx, my, stepCm); x = apply(x, mx, s, width); y = apply(y, my, s, height);}
 */
public final class MovementStep {

    public static final int AXIS_MAX = 127;

    private MovementStep() {
    }

    /** Centimetres per full-deflection input: {@code maxSpeed / tickRate}. */
    public static double stepCm(int maxSpeedCmPerSecond, int tickRate) {
        return (double) maxSpeedCmPerSecond / tickRate;
    }

    /** Centimetres per axis unit for this input; 0 when both axes are 0. */
    public static double scale(int moveX, int moveY, double stepCm) {
        int lengthSquared = moveX * moveX + moveY * moveY;
        if (lengthSquared == 0) {
            return 0;
        }
        return lengthSquared > AXIS_MAX * AXIS_MAX ? stepCm / Math.sqrt(lengthSquared) : stepCm / AXIS_MAX;
    }

    /** One axis of the step: {@code clamp(position + round(axis * scale), 0, max)}. */
    public static int apply(int position, int axis, double scale, int max) {
        return (int) Math.clamp(position + Math.round(axis * scale), 0, max);
    }
}
