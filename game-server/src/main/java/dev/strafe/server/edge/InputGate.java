package dev.strafe.server.edge;

import dev.strafe.protocol.ProtocolException;
import dev.strafe.protocol.Seq32;
import dev.strafe.protocol.pos.Input;
import dev.strafe.protocol.pos.InputCodec;

/**
 * The edge's checks on one player's {@code pos} inputs, before anything is forwarded (sans-IO, clock passed in):
 *
 * <ol>
 *   <li>rate: a {@link TokenBucket} (every message takes a token, also the ones dropped later, so a flood of
 *       garbage is shed as cheaply as a flood of valid inputs);</li>
 *   <li>syntax and ranges: {@link InputCodec#decode} (type, version, length, trailing bytes, move axes in
 *       {@code [-127, 127]}); the room clamps the resulting speed to its maximum and the world bounds;</li>
 *   <li>sequence: strictly newer than the last accepted one, modulo 2^32 ({@link Seq32#isNewer}); the first
 *       input of a session may carry any sequence.</li>
 * </ol>
 * A bad peer never makes this throw (STYLE #13): the verdict says why the input was dropped. Allocation-free;
 * confined to the player's event loop.
 */
final class InputGate {

    private final TokenBucket bucket;
    private final Input input = new Input();
    private boolean any;
    private long lastSequence;
    private String lastError;

    InputGate(double ratePerSecond, double burst, long nowNanos) {
        this.bucket = new TokenBucket(ratePerSecond, burst, nowNanos);
    }

    /** Checks {@code src[offset, offset + length)}; on {@link InputVerdict#ACCEPTED} {@link #input()} holds it. */
    InputVerdict check(byte[] src, int offset, int length, long nowNanos) {
        if (!bucket.tryAcquire(nowNanos)) {
            return InputVerdict.RATE_LIMITED;
        }
        if (length > InputCodec.MAX_INPUT_BYTES) {
            lastError = "input length: " + length + " (expected: <= " + InputCodec.MAX_INPUT_BYTES + ")";
            return InputVerdict.MALFORMED;
        }
        try {
            InputCodec.decode(src, offset, length, input);
        } catch (ProtocolException e) {
            lastError = e.getMessage();
            return InputVerdict.MALFORMED;
        }
        long sequence = input.sequence();
        if (any && !Seq32.isNewer(sequence, lastSequence)) {
            return InputVerdict.STALE_SEQUENCE;
        }
        any = true;
        lastSequence = sequence;
        return InputVerdict.ACCEPTED;
    }

    /** The last decoded input (valid after {@link InputVerdict#ACCEPTED}). */
    Input input() {
        return input;
    }

    /** The newest accepted sequence (u32), or -1 before the first. */
    long lastSequence() {
        return any ? lastSequence : -1;
    }

    /** Why the last malformed input was refused (for logs at debug level), or null. */
    String lastError() {
        return lastError;
    }
}
