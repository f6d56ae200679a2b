package dev.strafe.protocol.pos;

/**
 * Network byte order (big-endian) access to a {@code byte[]}. Every multi-byte field of the {@code pos}
 * channel is read and written through these methods, so the byte order is visible at each call site.
 * Callers check bounds first; these methods do not.
 */
final class BigEndian {

    private BigEndian() {
    }

    static int getUint8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    static int getInt8(byte[] b, int i) {
        return b[i];
    }

    static int getUint16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static int getInt16(byte[] b, int i) {
        return (short) getUint16(b, i);
    }

    /** Signed 24-bit, two's complement, sign-extended to int. */
    static int getInt24(byte[] b, int i) {
        int v = ((b[i] & 0xFF) << 16) | ((b[i + 1] & 0xFF) << 8) | (b[i + 2] & 0xFF);
        return (v << 8) >> 8;
    }

    static long getUint32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static void putUint8(byte[] b, int i, int v) {
        b[i] = (byte) v;
    }

    static void putUint16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void putInt24(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 16);
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) v;
    }

    static void putUint32(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
