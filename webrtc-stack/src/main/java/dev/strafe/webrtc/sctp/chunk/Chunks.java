package dev.strafe.webrtc.sctp.chunk;

import java.util.List;

/** Chunk header, padding and dispatch to the per-chunk decoders (RFC 9260 §3.2). */
public final class Chunks {
    private Chunks() {
    }

    /**
     * Encodes {@code chunk} (header, value, zero padding) at {@code off}.
     *
     * @return bytes written including padding
     */
    public static int encode(Chunk chunk, byte[] dst, int off) {
        int length = chunk.encodedLength();
        ByteIo.u8(dst, off, chunk.type());
        ByteIo.u8(dst, off + 1, chunk.flags());
        ByteIo.u16(dst, off + 2, length);
        chunk.encodeValue(dst, off + Chunk.HEADER_LENGTH);
        return ByteIo.pad(dst, off, length);
    }

    /** Bytes {@link #encode} writes: chunk length rounded up to 4. */
    public static int paddedLength(Chunk chunk) {
        return ByteIo.padded(chunk.encodedLength());
    }

    /**
     * Decodes all chunks of a packet body ({@code len} bytes at {@code off}, after the common header)
     * into {@code out}. Stops after an unknown chunk whose type's high bits say "stop processing"
     * (00 or 01, RFC 9260 §3.2); that chunk is the last element. The padding of the last chunk may be
     * missing.
     *
     * @throws MalformedChunkException if any chunk is malformed; {@code out} may then hold a prefix,
     *                                 which callers discard (the whole packet is rejected)
     */
    public static void decodeAll(byte[] b, int off, int len, List<Chunk> out) throws MalformedChunkException {
        decodeAll(b, off, len, out, null);
    }

    /**
     * Hot-path variant: when {@code dataOffsets} is non-null, DATA chunks are not materialized; each
     * adds {@code null} to {@code out} and its chunk offset to {@code dataOffsets} (in order), to be read
     * in place with the {@link DataChunk} flyweight accessors. DATA chunks are still length-checked
     * (>= 16). At most {@code dataOffsets.length} DATA chunks are accepted.
     */
    public static void decodeAll(byte[] b, int off, int len, List<Chunk> out, int[] dataOffsets) throws MalformedChunkException {
        int dataCount = 0;
        int end = off + len;
        int pos = off;
        while (pos < end) {
            int remaining = end - pos;
            if (remaining < Chunk.HEADER_LENGTH) {
                throw new MalformedChunkException("chunk header: " + remaining + " bytes (expected: >= 4) at offset " + (pos - off));
            }
            int length = ByteIo.u16(b, pos + 2);
            if (length < Chunk.HEADER_LENGTH) {
                throw new MalformedChunkException("chunk length: " + length + " (expected: >= 4) at offset " + (pos - off));
            }
            if (length > remaining) {
                throw new MalformedChunkException("chunk length: " + length + " (expected: <= " + remaining + ") at offset " + (pos - off));
            }
            if (dataOffsets != null && b[pos] == 0) {
                Chunks.require("DATA", length - Chunk.HEADER_LENGTH, 12);
                if (dataCount == dataOffsets.length) {
                    throw new MalformedChunkException("DATA chunks: > " + dataCount + " (expected: <= " + dataOffsets.length + ")");
                }
                dataOffsets[dataCount++] = pos;
                out.add(null);
                pos += Math.min(ByteIo.padded(length), remaining);
                continue;
            }
            Chunk chunk = decode(b, pos, length);
            out.add(chunk);
            if (chunk instanceof UnknownChunk u && u.stopsProcessing()) {
                return;
            }
            pos += Math.min(ByteIo.padded(length), remaining);
        }
    }

    /** Decodes one chunk of Chunk Length {@code length} (already bounded by the caller) at {@code off}. */
    public static Chunk decode(byte[] b, int off, int length) throws MalformedChunkException {
        if (length < Chunk.HEADER_LENGTH || off < 0 || off + length > b.length) {
            throw new MalformedChunkException("chunk length: " + length + " (expected: >= 4 and within " + (b.length - off) + " bytes)");
        }
        int type = ByteIo.u8(b, off);
        int flags = ByteIo.u8(b, off + 1);
        int v = off + Chunk.HEADER_LENGTH;
        int vlen = length - Chunk.HEADER_LENGTH;
        return switch (ChunkType.of(type)) {
            case DATA -> DataChunk.decode(b, v, vlen, flags);
            case INIT -> InitChunk.decode(b, v, vlen);
            case INIT_ACK -> InitAckChunk.decode(b, v, vlen);
            case SACK -> SackChunk.decode(b, v, vlen);
            case HEARTBEAT -> HeartbeatChunk.decode(b, v, vlen);
            case HEARTBEAT_ACK -> HeartbeatAckChunk.decode(b, v, vlen);
            case ABORT -> AbortChunk.decode(b, v, vlen, flags);
            case SHUTDOWN -> ShutdownChunk.decode(b, v, vlen);
            case SHUTDOWN_ACK -> empty(ShutdownAckChunk.INSTANCE, "SHUTDOWN ACK", vlen);
            case ERROR -> ErrorChunk.decode(b, v, vlen);
            case COOKIE_ECHO -> CookieEchoChunk.decode(b, v, vlen);
            case COOKIE_ACK -> empty(CookieAckChunk.INSTANCE, "COOKIE ACK", vlen);
            case SHUTDOWN_COMPLETE -> ShutdownCompleteChunk.of((flags & ShutdownCompleteChunk.FLAG_T) != 0, vlen);
            case RE_CONFIG -> ReConfigChunk.decode(b, v, vlen);
            case FORWARD_TSN -> ForwardTsnChunk.decode(b, v, vlen);
            case UNKNOWN -> UnknownChunk.decode(b, off, length);
        };
    }

    private static Chunk empty(Chunk instance, String name, int vlen) throws MalformedChunkException {
        if (vlen != 0) {
            throw new MalformedChunkException(name + " chunk length: " + (vlen + 4) + " (expected: 4)");
        }
        return instance;
    }

    static void require(String what, int vlen, int min) throws MalformedChunkException {
        if (vlen < min) {
            throw new MalformedChunkException(what + " chunk length: " + (vlen + 4) + " (expected: >= " + (min + 4) + ")");
        }
    }
}
