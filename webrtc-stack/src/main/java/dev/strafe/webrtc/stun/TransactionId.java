package dev.strafe.webrtc.stun;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The 96-bit STUN transaction ID (RFC 8489 §5, §6: "MUST be uniformly and randomly chosen ... cryptographically
 * random"), held as two primitives so it compares and hashes without arrays.
 *
 * @param high the first 8 bytes, big-endian
 * @param low  the last 4 bytes, big-endian
 */
public record TransactionId(long high, int low) {

    /** Size on the wire. */
    public static final int LENGTH = 12;

    /** A fresh random ID from {@code random} (inject a {@link java.security.SecureRandom} in production). */
    public static TransactionId random(RandomGenerator random) {
        return new TransactionId(random.nextLong(), random.nextInt());
    }

    /** Reads 12 bytes at {@code offset}. */
    public static TransactionId read(byte[] buf, int offset) {
        return new TransactionId(Bytes.getLong(buf, offset), Bytes.getInt(buf, offset + 8));
    }

    /** Writes the 12 bytes at {@code offset}. */
    public void write(byte[] buf, int offset) {
        Bytes.putLong(buf, offset, high);
        Bytes.putInt(buf, offset + 8, low);
    }

    /** Whether the 12 bytes at {@code offset} are this ID (no allocation). */
    public boolean matches(byte[] buf, int offset) {
        return Bytes.getLong(buf, offset) == high && Bytes.getInt(buf, offset + 8) == low;
    }

    @Override
    public String toString() {
        byte[] b = new byte[LENGTH];
        write(b, 0);
        return HexFormat.of().formatHex(b);
    }
}
