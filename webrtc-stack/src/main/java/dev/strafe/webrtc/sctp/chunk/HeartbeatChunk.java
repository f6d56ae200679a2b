package dev.strafe.webrtc.sctp.chunk;

import dev.strafe.webrtc.sctp.param.HeartbeatInfoParam;
import dev.strafe.webrtc.sctp.param.Param;
import dev.strafe.webrtc.sctp.param.Params;

import java.util.List;

/**
 * Heartbeat Request (HEARTBEAT, type 4, RFC 9260 §3.3.5): carries one Heartbeat Info parameter,
 * returned verbatim in the HEARTBEAT ACK.
 */
public record HeartbeatChunk(HeartbeatInfoParam info) implements Chunk {
    static HeartbeatChunk decode(byte[] b, int off, int len) throws MalformedChunkException {
        return new HeartbeatChunk(info("HEARTBEAT", b, off, len));
    }

    static HeartbeatInfoParam info(String name, byte[] b, int off, int len) throws MalformedChunkException {
        Chunks.require(name, len, Param.HEADER_LENGTH);
        List<Param> params = Params.decodeAll(b, off, len);
        if (params.size() != 1 || !(params.getFirst() instanceof HeartbeatInfoParam info)) {
            throw new MalformedChunkException(name + " parameters: " + params.size() + " (expected: one Heartbeat Info)");
        }
        return info;
    }

    public int type() {
        return 4;
    }

    public int valueLength() {
        return info.encodedLength();
    }

    public void encodeValue(byte[] dst, int off) {
        Params.encode(info, dst, off);
    }
}
