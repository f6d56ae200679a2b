package dev.strafe.webrtc.stun;

import java.nio.charset.StandardCharsets;

/**
 * USERNAME (RFC 8489 §14.3, type 0x0006): UTF-8, "MUST contain a UTF-8-encoded sequence of fewer than 509
 * bytes" (we accept up to {@link #MAX_LENGTH}, the RFC's 513-byte limit for received values). ICE sets it to
 * {@code "<receiver ufrag>:<sender ufrag>"} (RFC 8445 §7.2.2).
 */
public record UsernameAttribute(String username) implements StunAttribute {

    public static final int TYPE = 0x0006;
    public static final int MAX_LENGTH = 513;

    public UsernameAttribute {
        int length = username.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("username length: " + length + " (expected: <= " + MAX_LENGTH + ")");
        }
    }

    /** ICE's {@code receiverUfrag:senderUfrag}. */
    public static UsernameAttribute ice(String receiverUfrag, String senderUfrag) {
        return new UsernameAttribute(receiverUfrag + ":" + senderUfrag);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return username.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void writeValue(byte[] buf, int offset, TransactionId transactionId) {
        byte[] b = username.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, buf, offset, b.length);
    }

    static UsernameAttribute decode(byte[] buf, int offset, int length, int at) throws MalformedStunException {
        if (length > MAX_LENGTH) {
            throw StunMessageView.malformed(StunViolation.BAD_ATTRIBUTE_VALUE,
                    "USERNAME length: " + length + " (expected: <= " + MAX_LENGTH + ") at offset " + at);
        }
        return new UsernameAttribute(new String(buf, offset, length, StandardCharsets.UTF_8));
    }
}
