package dev.strafe.protocol.pos;

import dev.strafe.protocol.Seq32;

/**
 * One client input sample: a mutable, reusable value that {@link InputCodec} reads from and decodes into
 * (no allocation per message). Accessors follow the flyweight style: {@code sequence()} reads,
 * {@code sequence(long)} writes and returns {@code this}. Setters range-check their argument and throw
 * {@link IllegalArgumentException} (a caller bug, not bad peer input).
 *
 * <ul>
 *   <li>{@code sequence} - u32, increments per input sent, wraps (see {@link Seq32}).</li>
 *   <li>{@code ackTick} - u32, the newest snapshot tick the client has received and applied; the server
 *       uses that snapshot as the baseline of the next delta. 0 = none yet (send a full snapshot).</li>
 *   <li>{@code clientTimeMillis} - u32, the client's clock in milliseconds modulo 2^32 (wraps every
 *       ~49.7 days; only differences between samples are meaningful, compare with {@link Seq32}).</li>
 *   <li>{@code moveX}, {@code moveY} - signed movement axes in {@code [-127, 127]} (127 = full right/up);
 *       -128 is invalid so that the axis is symmetric.</li>
 *   <li>{@code buttons} - u8 bitmask, see the {@code BUTTON_*} constants; every bit is defined.</li>
 *   <li>{@code aim} - u16 heading, {@code 2*PI/65536} radians per unit, 0 = +x axis, counter-clockwise.</li>
 * </ul>
 */
public final class Input {

    public static final int MOVE_MIN = -127;
    public static final int MOVE_MAX = 127;

    public static final int BUTTON_FIRE = 1;
    public static final int BUTTON_JUMP = 1 << 1;
    public static final int BUTTON_USE = 1 << 2;
    public static final int BUTTON_SPRINT = 1 << 3;
    public static final int BUTTON_CROUCH = 1 << 4;
    public static final int BUTTON_RELOAD = 1 << 5;
    public static final int BUTTON_ALT_FIRE = 1 << 6;
    public static final int BUTTON_MENU = 1 << 7;

    private long sequence;
    private long ackTick;
    private long clientTimeMillis;
    private int moveX;
    private int moveY;
    private int buttons;
    private int aim;

    public long sequence() {
        return sequence;
    }

    public Input sequence(long value) {
        this.sequence = requireUint32("sequence", value);
        return this;
    }

    public long ackTick() {
        return ackTick;
    }

    public Input ackTick(long value) {
        this.ackTick = requireUint32("ackTick", value);
        return this;
    }

    public long clientTimeMillis() {
        return clientTimeMillis;
    }

    public Input clientTimeMillis(long value) {
        this.clientTimeMillis = requireUint32("clientTimeMillis", value);
        return this;
    }

    public int moveX() {
        return moveX;
    }

    public Input moveX(int value) {
        this.moveX = requireMove("moveX", value);
        return this;
    }

    public int moveY() {
        return moveY;
    }

    public Input moveY(int value) {
        this.moveY = requireMove("moveY", value);
        return this;
    }

    public int buttons() {
        return buttons;
    }

    public Input buttons(int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("buttons: " + value + " (expected: 0..255)");
        }
        this.buttons = value;
        return this;
    }

    public int aim() {
        return aim;
    }

    public Input aim(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("aim: " + value + " (expected: 0..65535)");
        }
        this.aim = value;
        return this;
    }

    /** Copies every field of {@code other} into this. */
    public Input copyFrom(Input other) {
        sequence = other.sequence;
        ackTick = other.ackTick;
        clientTimeMillis = other.clientTimeMillis;
        moveX = other.moveX;
        moveY = other.moveY;
        buttons = other.buttons;
        aim = other.aim;
        return this;
    }

    /** Resets every field to 0. */
    public Input clear() {
        sequence = 0;
        ackTick = 0;
        clientTimeMillis = 0;
        moveX = 0;
        moveY = 0;
        buttons = 0;
        aim = 0;
        return this;
    }

    // Package-private raw setters for the decoder, which has range-checked the values already.
    void set(long sequence, long ackTick, long clientTimeMillis, int moveX, int moveY, int buttons, int aim) {
        this.sequence = sequence;
        this.ackTick = ackTick;
        this.clientTimeMillis = clientTimeMillis;
        this.moveX = moveX;
        this.moveY = moveY;
        this.buttons = buttons;
        this.aim = aim;
    }

    private static long requireUint32(String name, long value) {
        if (!Seq32.isUint32(value)) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: 0.." + Seq32.MAX + ")");
        }
        return value;
    }

    private static int requireMove(String name, int value) {
        if (value < MOVE_MIN || value > MOVE_MAX) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + MOVE_MIN + ".." + MOVE_MAX + ")");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Input other
                && sequence == other.sequence && ackTick == other.ackTick && clientTimeMillis == other.clientTimeMillis
                && moveX == other.moveX && moveY == other.moveY && buttons == other.buttons && aim == other.aim;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(sequence);
        h = 31 * h + Long.hashCode(ackTick);
        h = 31 * h + Long.hashCode(clientTimeMillis);
        h = 31 * h + moveX;
        h = 31 * h + moveY;
        h = 31 * h + buttons;
        return 31 * h + aim;
    }

    @Override
    public String toString() {
        return "Input{sequence=" + sequence + ", ackTick=" + ackTick + ", clientTimeMillis=" + clientTimeMillis
                + ", moveX=" + moveX + ", moveY=" + moveY + ", buttons=" + buttons + ", aim=" + aim + '}';
    }
}
