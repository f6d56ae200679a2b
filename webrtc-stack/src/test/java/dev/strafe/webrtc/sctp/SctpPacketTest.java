package dev.strafe.webrtc.sctp;

import dev.strafe.webrtc.sctp.chunk.Chunk;
import dev.strafe.webrtc.sctp.chunk.Chunks;
import dev.strafe.webrtc.sctp.chunk.CookieAckChunk;
import dev.strafe.webrtc.sctp.chunk.DataChunk;
import dev.strafe.webrtc.sctp.chunk.InitChunk;
import dev.strafe.webrtc.sctp.chunk.MalformedChunkException;
import dev.strafe.webrtc.sctp.chunk.SackChunk;
import dev.strafe.webrtc.sctp.param.ForwardTsnSupportedParam;
import dev.strafe.webrtc.sctp.param.SupportedExtensionsParam;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SctpPacketTest {
    static final HexFormat HEX = HexFormat.of();

    /**
     * Header-only packet 5000 -> 5000, tag 0 (Pion's packet test vector): CRC32c bytes 06 a9 00 e1. Checked
     * independently with a bitwise Castagnoli CRC (reflected poly 0x82F63B78, which gives 0x8a9136aa for 32
     * zero bytes as in RFC 3720 B.4): the CRC is 0xe100a906, stored least significant byte first.
     */
    @Test
    void verifiesKnownChecksumVectorLittleEndian() throws MalformedChunkException {
        byte[] packet = HEX.parseHex("138813880000000006a900e1");
        assertTrue(SctpPacket.checksumValid(new CRC32C(), packet, 0, packet.length));
        SctpPacket p = SctpPacket.decode(packet, 0, packet.length);
        assertEquals(5000, p.sourcePort());
        assertEquals(0, p.chunks().size());
        assertEquals("138813880000000006a900e1", HEX.formatHex(p.encode()));
    }

    @Test
    void matchesRfc3720Crc32cVector() {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(new byte[32]);
        assertEquals(0x8a9136aaL, crc.getValue());
    }

    @Test
    void rejectsCorruptedChecksum() {
        byte[] packet = HEX.parseHex("138813880000000006a900e2");
        MalformedChunkException e = assertThrows(MalformedChunkException.class, () -> SctpPacket.decode(packet, 0, packet.length));
        assertEquals("packet checksum: mismatch (expected: CRC32c of the packet)", e.getMessage());
        assertEquals("packet length: 11 (expected: >= 12)",
                assertThrows(MalformedChunkException.class, () -> SctpPacket.decode(packet, 0, 11)).getMessage());
    }

    @Test
    void roundTripsChromiumInitPacketAndBundledChunks() throws MalformedChunkException {
        InitChunk init = new InitChunk(0x12345678L, 5_242_880, 65_535, 65_535, 0x9abcdef0L,
                List.of(ForwardTsnSupportedParam.INSTANCE, new SupportedExtensionsParam(new byte[]{(byte) 0x82, (byte) 0xc0})));
        SctpPacket p = new SctpPacket(5000, 5000, 0, List.of(init));
        byte[] bytes = p.encode();
        assertEquals(12 + 32, bytes.length);
        SctpPacket back = SctpPacket.decode(bytes, 0, bytes.length);
        assertEquals(HEX.formatHex(bytes), HEX.formatHex(back.encode()));
        SctpPacket bundle = new SctpPacket(5000, 5000, 42, List.of(CookieAckChunk.INSTANCE,
                new SackChunk(7, 1000, new int[0], new long[0]),
                new DataChunk(3, 8, 1, 0, 51, new byte[]{1, 2, 3})));
        byte[] b2 = bundle.encode();
        List<Chunk> chunks = SctpPacket.decode(b2, 0, b2.length).chunks();
        assertEquals(3, chunks.size());
        assertInstanceOf(DataChunk.class, chunks.get(2));
    }

    static byte[][] validBodies() {
        List<Chunk> all = List.of(
                new InitChunk(1, 5_242_880, 65_535, 65_535, 9, List.of(ForwardTsnSupportedParam.INSTANCE,
                        new SupportedExtensionsParam(new byte[]{(byte) 0x82, (byte) 0xc0}))),
                new SackChunk(100, 1000, new int[]{2, 3, 5, 9}, new long[]{77}),
                new DataChunk(3, 8, 1, 0, 51, new byte[]{1, 2, 3, 4, 5}),
                CookieAckChunk.INSTANCE);
        byte[][] out = new byte[all.size()][];
        for (int i = 0; i < all.size(); i++) {
            out[i] = new byte[Chunks.paddedLength(all.get(i))];
            Chunks.encode(all.get(i), out[i], 0);
        }
        return out;
    }

    /** Property: random bytes and mutations of valid chunks only ever throw the typed exception, and allocate boundedly. */
    @Test
    void garbageOnlyEverThrowsMalformedChunkExceptionAndAllocatesBoundedly() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        SplittableRandom rnd = new SplittableRandom(42);
        byte[][] valid = validBodies();
        List<Chunk> out = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[rnd.nextInt(64)];
                for (int j = 0; j < b.length; j++) {
                    b[j] = (byte) rnd.nextInt(256);
                }
                if (b.length >= 4 && rnd.nextBoolean()) {
                    b[0] = (byte) new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 130, 192}[rnd.nextInt(15)];
                }
            } else {
                byte[] v = valid[rnd.nextInt(valid.length)];
                b = v.clone();
                int mutations = 1 + rnd.nextInt(3);
                for (int m = 0; m < mutations; m++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                if (rnd.nextInt(4) == 0) {
                    b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                }
            }
            out.clear();
            long before = threads.getThreadAllocatedBytes(tid);
            try {
                Chunks.decodeAll(b, 0, b.length, out);
                for (Chunk c : out) {
                    c.check();
                }
            } catch (MalformedChunkException expected) {
                // the only allowed failure
            } catch (RuntimeException e) {
                fail("input " + HEX.formatHex(b) + " threw " + e);
            }
            long allocated = threads.getThreadAllocatedBytes(tid) - before;
            // declared bound: linear in the input (arrays of u16/u32 fields) plus fixed per-element overhead
            if (i >= 20_000 && allocated > 16L * b.length + 16_384) { // after warm-up (class init, string-concat bootstraps)
                fail("input of " + b.length + " bytes allocated " + allocated + " bytes: " + HEX.formatHex(b));
            }
        }
    }

    @Test
    void garbagePacketsThroughChecksumPathOnlyThrowTypedException() {
        SplittableRandom rnd = new SplittableRandom(7);
        CRC32C crc = new CRC32C();
        for (int i = 0; i < 50_000; i++) {
            byte[] b = new byte[12 + rnd.nextInt(80)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) rnd.nextInt(256);
            }
            SctpPacket.writeChecksum(crc, b, 0, b.length);
            try {
                SctpPacket.decode(b, 0, b.length);
            } catch (MalformedChunkException expected) {
                // fine
            } catch (RuntimeException e) {
                fail("packet " + HEX.formatHex(b) + " threw " + e);
            }
        }
    }
}
