package dev.strafe.webrtc.sctp.chunk;

/** Shutdown Complete (SHUTDOWN COMPLETE, type 14, RFC 9260 §3.3.13). T bit as for ABORT. */
public enum ShutdownCompleteChunk implements Chunk {
    /** T = 0: Verification Tag is the peer's. */
    OWN_TAG(false),
    /** T = 1: Verification Tag reflected from the received packet. */
    REFLECTED_TAG(true);

    public static final int FLAG_T = 0x01;
    private final boolean tBit;

    ShutdownCompleteChunk(boolean tBit) {
        this.tBit = tBit;
    }

    static ShutdownCompleteChunk of(boolean tBit, int vlen) throws MalformedChunkException {
        if (vlen != 0) {
            throw new MalformedChunkException("SHUTDOWN COMPLETE chunk length: " + (vlen + 4) + " (expected: 4)");
        }
        return tBit ? REFLECTED_TAG : OWN_TAG;
    }

    public boolean tBit() {
        return tBit;
    }

    public int type() {
        return 14;
    }

    @Override
    public int flags() {
        return tBit ? FLAG_T : 0;
    }

    public int valueLength() {
        return 0;
    }

    public void encodeValue(byte[] dst, int off) {
    }
}
