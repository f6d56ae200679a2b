package dev.strafe.webrtc.sctp.chunk;

import java.util.Optional;

/**
 * Selective Acknowledgement (SACK, type 3, RFC 9260 §3.3.4):
 * <pre>
 * |   Type = 3    |Chunk  Flags   |      Chunk Length             |
 * |                      Cumulative TSN Ack                       |
 * |          Advertised Receiver Window Credit (a_rwnd)           |
 * | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
 * |    Gap Ack Block #1 Start     |   Gap Ack Block #1 End        |
 * ...
 * |                       Duplicate TSN 1                         |
 * ...
 * </pre>
 * {@code gapAckBlocks} holds N (start, end) offset pairs flattened: {@code [s1, e1, s2, e2, ...]},
 * offsets relative to the Cumulative TSN Ack.
 */
public record SackChunk(long cumulativeTsnAck, long advertisedReceiverWindowCredit, int[] gapAckBlocks,
                        long[] duplicateTsns) implements Chunk {
    public static final int FIXED_LENGTH = 12;

    static SackChunk decode(byte[] b, int off, int len) throws MalformedChunkException {
        Chunks.require("SACK", len, FIXED_LENGTH);
        int gaps = ByteIo.u16(b, off + 8);
        int dups = ByteIo.u16(b, off + 10);
        int expected = FIXED_LENGTH + 4 * gaps + 4 * dups;
        if (len != expected) {
            throw new MalformedChunkException("SACK chunk length: " + (len + 4) + " (expected: " + (expected + 4)
                    + " for " + gaps + " gap blocks and " + dups + " duplicate TSNs)");
        }
        int[] blocks = new int[2 * gaps];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = ByteIo.u16(b, off + FIXED_LENGTH + 2 * i);
        }
        long[] dupTsns = new long[dups];
        int d = off + FIXED_LENGTH + 4 * gaps;
        for (int i = 0; i < dups; i++) {
            dupTsns[i] = ByteIo.u32(b, d + 4 * i);
        }
        return new SackChunk(ByteIo.u32(b, off), ByteIo.u32(b, off + 4), blocks, dupTsns);
    }

    /**
     * Writes a whole SACK chunk from caller arrays (hot path, no chunk object): {@code gapCount} blocks
     * from {@code starts}/{@code ends}, {@code dupCount} duplicates. Returns bytes written (always 4-aligned).
     */
    public static int encode(byte[] dst, int off, long cumTsnAck, long arwnd, int[] starts, int[] ends, int gapCount,
                             int[] dups, int dupCount) {
        int length = 4 + FIXED_LENGTH + 4 * gapCount + 4 * dupCount;
        dst[off] = 3;
        dst[off + 1] = 0;
        ByteIo.u16(dst, off + 2, length);
        ByteIo.u32(dst, off + 4, cumTsnAck);
        ByteIo.u32(dst, off + 8, arwnd);
        ByteIo.u16(dst, off + 12, gapCount);
        ByteIo.u16(dst, off + 14, dupCount);
        int p = off + 16;
        for (int i = 0; i < gapCount; i++, p += 4) {
            ByteIo.u16(dst, p, starts[i]);
            ByteIo.u16(dst, p + 2, ends[i]);
        }
        for (int i = 0; i < dupCount; i++, p += 4) {
            ByteIo.u32(dst, p, dups[i] & 0xFFFF_FFFFL);
        }
        return length;
    }

    public int gapAckBlockCount() {
        return gapAckBlocks.length / 2;
    }

    public int type() {
        return 3;
    }

    public int valueLength() {
        return FIXED_LENGTH + 2 * gapAckBlocks.length + 4 * duplicateTsns.length;
    }

    public void encodeValue(byte[] dst, int off) {
        ByteIo.u32(dst, off, cumulativeTsnAck);
        ByteIo.u32(dst, off + 4, advertisedReceiverWindowCredit);
        ByteIo.u16(dst, off + 8, gapAckBlocks.length / 2);
        ByteIo.u16(dst, off + 10, duplicateTsns.length);
        int p = off + FIXED_LENGTH;
        for (int g : gapAckBlocks) {
            ByteIo.u16(dst, p, g);
            p += 2;
        }
        for (long d : duplicateTsns) {
            ByteIo.u32(dst, p, d);
            p += 4;
        }
    }

    /** Gap blocks must have start <= end and start >= 1 (RFC 9260 §3.3.4); otherwise the SACK is ignored. */
    @Override
    public Optional<Violation> check() {
        for (int i = 0; i < gapAckBlocks.length; i += 2) {
            if (gapAckBlocks[i] == 0 || gapAckBlocks[i] > gapAckBlocks[i + 1]) {
                return Optional.of(new Violation(false, "SACK gap ack block " + (i / 2) + ": start " + gapAckBlocks[i]
                        + ", end " + gapAckBlocks[i + 1] + " (expected: 1 <= start <= end)"));
            }
        }
        return Optional.empty();
    }
}
