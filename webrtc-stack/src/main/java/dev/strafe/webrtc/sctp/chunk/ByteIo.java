package dev.strafe.webrtc.sctp.chunk;

/** Big-endian (network order) accessors on byte arrays; callers bound offsets first. */
public final class ByteIo {
    private ByteIo() {
    }

    public static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    public static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    public static int i32(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    public static long u32(byte[] b, int off) {
        return i32(b, off) & 0xFFFF_FFFFL;
    }

    public static void u8(byte[] b, int off, int v) {
        b[off] = (byte) v;
    }

    public static void u16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    public static void u32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** Length rounded up to the next multiple of 4 (RFC 9260 §3.2 padding). */
    public static int padded(int length) {
        return (length + 3) & ~3;
    }

    /** Zeroes the 0-3 padding bytes after {@code length} bytes written at {@code off}; returns the padded length. */
    public static int pad(byte[] b, int off, int length) {
        int p = padded(length);
        for (int i = length; i < p; i++) {
            b[off + i] = 0;
        }
        return p;
    }
}
