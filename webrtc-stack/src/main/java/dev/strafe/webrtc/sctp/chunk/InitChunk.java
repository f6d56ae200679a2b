package dev.strafe.webrtc.sctp.chunk;

import dev.strafe.webrtc.sctp.param.Param;
import dev.strafe.webrtc.sctp.param.Params;

import java.util.List;
import java.util.Optional;

/**
 * Initiation (INIT, type 1, RFC 9260 §3.3.2):
 * <pre>
 * |   Type = 1    |  Chunk Flags  |      Chunk Length             |
 * |                         Initiate Tag                          |
 * |           Advertised Receiver Window Credit (a_rwnd)          |
 * |  Number of Outbound Streams   |  Number of Inbound Streams    |
 * |                          Initial TSN                          |
 * \              Optional/Variable-Length Parameters              \
 * </pre>
 * "If the value of the Initiate Tag in a received INIT chunk is found to be 0, the receiver MUST
 * silently discard the packet." Zero OS or MIS: the receiver MUST discard the packet (RFC 9260 §3.3.2).
 */
public record InitChunk(long initiateTag, long advertisedReceiverWindowCredit, int outboundStreams,
                        int inboundStreams, long initialTsn, List<Param> params) implements Chunk {
    public static final int FIXED_LENGTH = 16;

    static InitChunk decode(byte[] b, int off, int len) throws MalformedChunkException {
        Chunks.require("INIT", len, FIXED_LENGTH);
        return new InitChunk(ByteIo.u32(b, off), ByteIo.u32(b, off + 4), ByteIo.u16(b, off + 8), ByteIo.u16(b, off + 10),
                ByteIo.u32(b, off + 12), Params.decodeAll(b, off + FIXED_LENGTH, len - FIXED_LENGTH));
    }

    static Optional<Violation> checkInit(String name, long tag, int os, int mis) {
        if (tag == 0) {
            return Optional.of(new Violation(false, name + " initiate tag: 0 (expected: != 0)"));
        }
        if (os == 0 || mis == 0) {
            return Optional.of(new Violation(false, name + " streams: OS " + os + ", MIS " + mis + " (expected: >= 1)"));
        }
        return Optional.empty();
    }

    static void encodeFixed(byte[] dst, int off, long tag, long arwnd, int os, int mis, long tsn) {
        ByteIo.u32(dst, off, tag);
        ByteIo.u32(dst, off + 4, arwnd);
        ByteIo.u16(dst, off + 8, os);
        ByteIo.u16(dst, off + 10, mis);
        ByteIo.u32(dst, off + 12, tsn);
    }

    public int type() {
        return 1;
    }

    public int valueLength() {
        return FIXED_LENGTH + Params.encodedLength(params);
    }

    public void encodeValue(byte[] dst, int off) {
        encodeFixed(dst, off, initiateTag, advertisedReceiverWindowCredit, outboundStreams, inboundStreams, initialTsn);
        Params.encodeAll(params, dst, off + FIXED_LENGTH);
    }

    @Override
    public Optional<Violation> check() {
        return checkInit("INIT", initiateTag, outboundStreams, inboundStreams);
    }
}
