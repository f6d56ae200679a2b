package dev.strafe.webrtc.sctp.chunk;

/**
 * The one typed error of every SCTP decoder (packet, chunk, parameter, error cause): the bytes are not
 * a syntactically valid element. Messages name the field, the value and the bound, e.g.
 * {@code "chunk length: 3 (expected: >= 4) at offset 12"}. Semantic problems (RFC "MUST abort") are
 * reported by {@link Chunk#check()} instead (STYLE #12).
 */
public final class MalformedChunkException extends Exception {
    public MalformedChunkException(String message) {
        super(message, null, false, false);
    }
}
