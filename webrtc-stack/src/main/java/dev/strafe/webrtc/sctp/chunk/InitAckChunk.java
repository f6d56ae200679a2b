package dev.strafe.webrtc.sctp.chunk;

import dev.strafe.webrtc.sctp.param.Param;
import dev.strafe.webrtc.sctp.param.Params;
import dev.strafe.webrtc.sctp.param.StateCookieParam;

import java.util.List;
import java.util.Optional;

/**
 * Initiation Acknowledgement (INIT ACK, type 2, RFC 9260 §3.3.3): same fixed fields as INIT; the
 * State Cookie parameter is mandatory.
 */
public record InitAckChunk(long initiateTag, long advertisedReceiverWindowCredit, int outboundStreams,
                           int inboundStreams, long initialTsn, List<Param> params) implements Chunk {

    static InitAckChunk decode(byte[] b, int off, int len) throws MalformedChunkException {
        Chunks.require("INIT ACK", len, InitChunk.FIXED_LENGTH);
        return new InitAckChunk(ByteIo.u32(b, off), ByteIo.u32(b, off + 4), ByteIo.u16(b, off + 8), ByteIo.u16(b, off + 10),
                ByteIo.u32(b, off + 12), Params.decodeAll(b, off + InitChunk.FIXED_LENGTH, len - InitChunk.FIXED_LENGTH));
    }

    /** The State Cookie parameter, or empty if missing (then the INIT ACK is invalid). */
    public Optional<StateCookieParam> stateCookie() {
        for (Param p : params) {
            if (p instanceof StateCookieParam c) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public int type() {
        return 2;
    }

    public int valueLength() {
        return InitChunk.FIXED_LENGTH + Params.encodedLength(params);
    }

    public void encodeValue(byte[] dst, int off) {
        InitChunk.encodeFixed(dst, off, initiateTag, advertisedReceiverWindowCredit, outboundStreams, inboundStreams, initialTsn);
        Params.encodeAll(params, dst, off + InitChunk.FIXED_LENGTH);
    }

    @Override
    public Optional<Violation> check() {
        Optional<Violation> v = InitChunk.checkInit("INIT ACK", initiateTag, outboundStreams, inboundStreams);
        if (v.isPresent()) {
            return Optional.of(new Violation(true, v.get().cause()));
        }
        return stateCookie().isEmpty() ? Optional.of(new Violation(true, "INIT ACK without State Cookie parameter")) : Optional.empty();
    }
}
