package dev.strafe.webrtc.sctp.chunk;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hot-path SACK read in place agrees with the decoded {@link SackChunk}, and is checked the same way. */
class SackInPlaceTest {

    // SACK: cum TSN ack 0x01020304, a_rwnd 0x00010000, 2 gap blocks (2-3, 5-5), 1 duplicate TSN 7
    private static final byte[] SACK = HexFormat.of().parseHex(
            "0300001c" + "01020304" + "00010000" + "00020001" + "00020003" + "00050005" + "00000007");

    @Test
    void readsTheSackInPlaceAsTheDecodedChunkSays() throws MalformedChunkException {
        SackChunk decoded = (SackChunk) Chunks.decode(SACK, 0, SACK.length);
        List<Chunk> out = new ArrayList<>();
        int[] sacks = new int[2];
        Chunks.decodeAll(SACK, 0, SACK.length, out, new int[1], sacks);
        assertSame(SackChunk.IN_PLACE, out.getFirst());
        assertEquals(0, sacks[0]);
        assertEquals(decoded.cumulativeTsnAck(), SackChunk.cumulativeTsnAck(SACK, 0));
        assertEquals(decoded.advertisedReceiverWindowCredit(), SackChunk.advertisedReceiverWindowCredit(SACK, 0));
        int n = SackChunk.gapAckBlockCount(SACK, 0);
        int[] gaps = new int[2 * n];
        for (int i = 0; i < n; i++) {
            gaps[2 * i] = SackChunk.gapAckBlock(SACK, 0, i, false);
            gaps[2 * i + 1] = SackChunk.gapAckBlock(SACK, 0, i, true);
        }
        assertArrayEquals(decoded.gapAckBlocks(), gaps);
        assertTrue(SackChunk.checkInPlace(SACK, 0).isEmpty());
    }

    @Test
    void rejectsTheSameMalformedAndViolatingSacks() {
        byte[] shortened = java.util.Arrays.copyOf(SACK, SACK.length - 4);
        shortened[3] = 0x18; // length says 24 but the counts need 28
        MalformedChunkException e = assertThrows(MalformedChunkException.class,
                () -> Chunks.decodeAll(shortened, 0, shortened.length, new ArrayList<>(), new int[1], new int[1]));
        assertEquals("SACK chunk length: 24 (expected: 28 for 2 gap blocks and 1 duplicate TSNs)", e.getMessage());
        byte[] inverted = SACK.clone();
        inverted[17] = 4; // block 0: start 4 > end 3
        assertEquals("SACK gap ack block 0: start 4, end 3 (expected: 1 <= start <= end)",
                SackChunk.checkInPlace(inverted, 0).orElseThrow().cause());
        byte[] two = new byte[2 * SACK.length];
        System.arraycopy(SACK, 0, two, 0, SACK.length);
        System.arraycopy(SACK, 0, two, SACK.length, SACK.length);
        assertThrows(MalformedChunkException.class,
                () -> Chunks.decodeAll(two, 0, two.length, new ArrayList<>(), new int[1], new int[1]), "SACK count bounded");
    }
}
