package dev.strafe.webrtc.sctp.chunk;

import java.util.Optional;

/**
 * One SCTP chunk (RFC 9260 §3.2). Every chunk kind is its own class named after the RFC term, so
 * {@code switch (chunk)} over this sealed interface needs no {@code default}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Chunk Type  | Chunk  Flags  |        Chunk Length           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                          Chunk Value                          /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Encoding and decoding of the header and padding live in {@link Chunks}; each chunk encodes its value.
 */
public sealed interface Chunk permits DataChunk, InitChunk, InitAckChunk, SackChunk, HeartbeatChunk,
        HeartbeatAckChunk, AbortChunk, ShutdownChunk, ShutdownAckChunk, ErrorChunk, CookieEchoChunk,
        CookieAckChunk, ShutdownCompleteChunk, ForwardTsnChunk, ReConfigChunk, UnknownChunk {

    int HEADER_LENGTH = 4;

    /** Chunk Type code. */
    int type();

    /** Chunk Flags byte. */
    default int flags() {
        return 0;
    }

    /** Bytes of the chunk value (after the 4-byte header), without the chunk's trailing padding. */
    int valueLength();

    /** Writes the value (not the header, not the trailing padding) at {@code off}. */
    void encodeValue(byte[] dst, int off);

    /** Chunk Length field: header plus value, without trailing padding. */
    default int encodedLength() {
        return HEADER_LENGTH + valueLength();
    }

    /** RFC rules beyond syntax (STYLE #12); empty when the chunk is acceptable. */
    default Optional<Violation> check() {
        return Optional.empty();
    }
}
