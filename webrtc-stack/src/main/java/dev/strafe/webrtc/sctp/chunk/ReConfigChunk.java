package dev.strafe.webrtc.sctp.chunk;

import dev.strafe.webrtc.sctp.param.Param;
import dev.strafe.webrtc.sctp.param.Params;

import java.util.List;
import java.util.Optional;

/**
 * Re-configuration (RE-CONFIG, type 130, RFC 6525 §3.1): one or two re-configuration parameters
 * (requests and/or responses).
 */
public record ReConfigChunk(List<Param> params) implements Chunk {
    static ReConfigChunk decode(byte[] b, int off, int len) throws MalformedChunkException {
        return new ReConfigChunk(Params.decodeAll(b, off, len));
    }

    public int type() {
        return 130;
    }

    public int valueLength() {
        return Params.encodedLength(params);
    }

    public void encodeValue(byte[] dst, int off) {
        Params.encodeAll(params, dst, off);
    }

    /** RFC 6525 §3.1: one parameter, or two of allowed combinations. */
    @Override
    public Optional<Violation> check() {
        return params.isEmpty() || params.size() > 2
                ? Optional.of(new Violation(false, "RE-CONFIG parameters: " + params.size() + " (expected: 1 or 2)"))
                : Optional.empty();
    }
}
