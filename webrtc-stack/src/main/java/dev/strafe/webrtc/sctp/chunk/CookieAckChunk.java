package dev.strafe.webrtc.sctp.chunk;

/** Cookie Acknowledgement (COOKIE ACK, type 11, RFC 9260 §3.3.12). No value. */
public enum CookieAckChunk implements Chunk {
    INSTANCE;

    public int type() {
        return 11;
    }

    public int valueLength() {
        return 0;
    }

    public void encodeValue(byte[] dst, int off) {
    }
}
