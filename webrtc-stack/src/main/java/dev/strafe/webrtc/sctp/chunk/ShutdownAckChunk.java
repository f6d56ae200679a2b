package dev.strafe.webrtc.sctp.chunk;

/** Shutdown Acknowledgement (SHUTDOWN ACK, type 8, RFC 9260 §3.3.9). No value. */
public enum ShutdownAckChunk implements Chunk {
    INSTANCE;

    public int type() {
        return 8;
    }

    public int valueLength() {
        return 0;
    }

    public void encodeValue(byte[] dst, int off) {
    }
}
