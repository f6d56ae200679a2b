package dev.strafe.webrtc.sctp.chunk;

import dev.strafe.webrtc.sctp.param.HeartbeatInfoParam;
import dev.strafe.webrtc.sctp.param.Params;

/** Heartbeat Acknowledgement (HEARTBEAT ACK, type 5, RFC 9260 §3.3.6): echoes the Heartbeat Info. */
public record HeartbeatAckChunk(HeartbeatInfoParam info) implements Chunk {
    static HeartbeatAckChunk decode(byte[] b, int off, int len) throws MalformedChunkException {
        return new HeartbeatAckChunk(HeartbeatChunk.info("HEARTBEAT ACK", b, off, len));
    }

    public int type() {
        return 5;
    }

    public int valueLength() {
        return info.encodedLength();
    }

    public void encodeValue(byte[] dst, int off) {
        Params.encode(info, dst, off);
    }
}
