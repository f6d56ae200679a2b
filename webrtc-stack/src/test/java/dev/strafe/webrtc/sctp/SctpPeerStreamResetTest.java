package dev.strafe.webrtc.sctp;

import dev.strafe.webrtc.sctp.chunk.DataChunk;
import dev.strafe.webrtc.sctp.chunk.InitAckChunk;
import dev.strafe.webrtc.sctp.chunk.InitChunk;
import dev.strafe.webrtc.sctp.chunk.MalformedChunkException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 6525 requests as a browser's SCTP stack sends them, byte for byte, against our association {@code a}.
 * The peer's side is set up by a real association (so tags and initial TSNs are real) and then spoken for by
 * hand: what Chromium (dcsctp) sends when the page calls {@code channel.close()} is a RE-CONFIG with one
 * Outgoing SSN Reset Request whose Sender's Last Assigned TSN is the TSN of its last DATA on the stream.
 */
class SctpPeerStreamResetTest {

    private static final HexFormat HEX = HexFormat.of();
    private final SctpPair.Recorder ra = new SctpPair.Recorder("A");
    private final byte[] buf = new byte[1500];
    private final CRC32C crc = new CRC32C();
    private SctpAssociation a;
    private int aTag;
    private int aInitialTsn;
    private int peerTag;
    private int peerTsn;

    @BeforeEach
    void establish() throws MalformedChunkException {
        a = new SctpAssociation(SctpConfig.defaults(), new SplittableRandom(70), ra);
        SctpAssociation peer = new SctpAssociation(SctpConfig.defaults(), new SplittableRandom(71), new SctpPair.Recorder("B"));
        a.connect(0);
        int n = a.poll(buf, 0, 0);
        InitChunk init = (InitChunk) SctpPacket.decode(buf, 0, n).chunks().getFirst();
        aTag = (int) init.initiateTag();
        aInitialTsn = (int) init.initialTsn();
        peer.handle(buf, 0, n, 0);
        n = peer.poll(buf, 0, 0);
        InitAckChunk initAck = (InitAckChunk) SctpPacket.decode(buf, 0, n).chunks().getFirst();
        peerTag = (int) initAck.initiateTag();
        peerTsn = (int) initAck.initialTsn();
        a.handle(buf, 0, n, 0);
        n = a.poll(buf, 0, 0); // COOKIE ECHO
        peer.handle(buf, 0, n, 0);
        n = peer.poll(buf, 0, 0); // COOKIE ACK
        a.handle(buf, 0, n, 0);
        assertEquals(SctpAssociation.State.ESTABLISHED, a.state());
        while (a.poll(buf, 0, 0) > 0) {
            // nothing else of a's is needed
        }
    }

    /** A packet from the peer to {@code a} with these chunks (hex, already padded). */
    private void fromPeer(String chunksHex) {
        byte[] chunks = HEX.parseHex(chunksHex.replace(" ", ""));
        byte[] p = new byte[SctpPacket.HEADER_LENGTH + chunks.length];
        System.arraycopy(chunks, 0, p, SctpPacket.HEADER_LENGTH, chunks.length);
        SctpPacket.writeHeader(p, 0, 5000, 5000, aTag & 0xFFFF_FFFFL);
        SctpPacket.writeChecksum(crc, p, 0, p.length);
        a.handle(p, 0, p.length, 0);
    }

    private static String u32(int v) {
        return HEX.formatHex(ByteBuffer.allocate(4).putInt(v).array());
    }

    /** An ordered 4-byte DATA chunk (PPID 51) from the peer. */
    private String data(int tsn, int stream, int ssn) {
        return "00 03 0014" + u32(tsn) + HEX.formatHex(ByteBuffer.allocate(4).putShort((short) stream).putShort((short) ssn).array())
                + "00000033" + "61626364";
    }

    /** The RE-CONFIG chunks (type 130) in everything {@code a} sends now, as hex. */
    private List<String> reconfigsFromA() {
        List<String> out = new java.util.ArrayList<>();
        int n;
        while ((n = a.poll(buf, 0, 0)) > 0) {
            assertEquals(peerTag & 0xFFFF_FFFFL, SctpPacket.verificationTag(buf, 0));
            for (int off = SctpPacket.HEADER_LENGTH; off + 4 <= n; ) {
                int len = (buf[off + 2] & 0xFF) << 8 | (buf[off + 3] & 0xFF);
                if ((buf[off] & 0xFF) == 130) {
                    out.add(HEX.formatHex(buf, off, off + len));
                }
                off += (len + 3) & ~3;
            }
        }
        return out;
    }

    @Test
    void performsAChromiumOutgoingResetAndAnswersSuccessPerformed() {
        fromPeer(data(peerTsn, 1, 0));
        assertEquals(1, ra.messages.size());
        // RE-CONFIG (130), length 22; Outgoing SSN Reset Request (13), length 18: request seq = the peer's
        // initial TSN, response seq = ours - 1, Sender's Last Assigned TSN = its DATA, stream 1, 2 bytes padding
        fromPeer("82 00 0016 000d 0012" + u32(peerTsn) + u32(aInitialTsn - 1) + u32(peerTsn) + "0001 0000");
        assertEquals(1, ra.incomingResets.size());
        assertArrayEquals(new int[]{1}, ra.incomingResets.getFirst());
        // Re-configuration Response (16), length 12: response seq = the request's, result 1 "Success - Performed"
        assertEquals(List.of("82000010" + "0010000c" + u32(peerTsn) + "00000001"), reconfigsFromA());
        // the stream's SSNs start again at 0
        fromPeer(data(peerTsn + 1, 1, 0));
        assertEquals(2, ra.messages.size());
    }

    @Test
    void answersInProgressUntilTheSendersLastAssignedTsnArrived() {
        fromPeer(data(peerTsn, 2, 0));
        String request = "82 00 0016 000d 0012" + u32(peerTsn) + u32(aInitialTsn - 1) + u32(peerTsn + 1) + "0002 0000";
        fromPeer(request); // TSN peerTsn + 1 (SSN 1 on stream 2) is still on its way
        assertEquals(List.of("82000010" + "0010000c" + u32(peerTsn) + "00000006"), reconfigsFromA(), "6: In progress");
        assertTrue(ra.incomingResets.isEmpty());
        fromPeer(data(peerTsn + 1, 2, 1));
        assertEquals(2, ra.messages.size(), "data sent before the reset is delivered first");
        assertEquals(1, ra.incomingResets.size(), "performed as soon as the last assigned TSN arrived");
        reconfigsFromA();
        fromPeer(request); // the peer's RE-CONFIG timer retransmits the request unchanged
        assertEquals(List.of("82000010" + "0010000c" + u32(peerTsn) + "00000001"), reconfigsFromA());
        assertEquals(1, ra.incomingResets.size(), "a retransmitted request is not performed twice");
        fromPeer(data(peerTsn + 2, 2, 0));
        assertEquals(3, ra.messages.size(), "SSN 0 again after the reset");
    }

    @Test
    void performsAnIncomingSsnResetRequestAsAnOutgoingResetOfOurStreams() {
        byte[] m = {1, 2, 3};
        assertEquals(SendStatus.ACCEPTED, a.send(3, 53, m, 0, 3, false, SctpTransport.RELIABLE, SctpTransport.NO_LIFETIME, 0));
        while (a.poll(buf, 0, 0) > 0) {
            // the DATA (TSN aInitialTsn) goes out
        }
        fromPeer("03 00 0010" + u32(aInitialTsn) + "0001 0000 0000 0000"); // SACK
        // RE-CONFIG, length 14; Incoming SSN Reset Request (14), length 10: request seq, stream 3, padding
        fromPeer("82 00 000e 000e 000a" + u32(peerTsn) + "0003 0000");
        // our Outgoing SSN Reset Request answers it implicitly: response seq = the peer's request seq
        assertEquals(List.of("82000016" + "000d0012" + u32(aInitialTsn) + u32(peerTsn) + u32(aInitialTsn) + "0003"),
                reconfigsFromA());
        fromPeer("82 00 0010 0010 000c" + u32(aInitialTsn) + "00000001");
        assertEquals(1, ra.outgoingResets.size());
        assertArrayEquals(new int[]{3}, ra.outgoingResets.getFirst());
        assertEquals(SendStatus.ACCEPTED, a.send(3, 53, m, 0, 3, false, SctpTransport.RELIABLE, SctpTransport.NO_LIFETIME, 0));
        int n = a.poll(buf, 0, 0);
        assertTrue(n > 0);
        assertEquals(0, DataChunk.ssn(buf, SctpPacket.HEADER_LENGTH), "our stream 3 starts again at SSN 0");
    }

    @Test
    void answersARetransmittedIncomingRequestInProgressAndABadOneWithAnError() {
        assertEquals(SendStatus.ACCEPTED, a.send(4, 53, new byte[]{1}, 0, 1, false, SctpTransport.RELIABLE, SctpTransport.NO_LIFETIME, 0));
        // no poll: the data is still queued, so the reset waits for it
        fromPeer("82 00 000e 000e 000a" + u32(peerTsn) + "0004 0000");
        fromPeer("82 00 000e 000e 000a" + u32(peerTsn) + "0004 0000");
        fromPeer("82 00 000e 000e 000a" + u32(peerTsn + 5) + "0004 0000");
        List<String> out = reconfigsFromA();
        assertEquals("82000010" + "0010000c" + u32(peerTsn) + "00000006", out.get(0), "6: In progress");
        assertEquals("82000010" + "0010000c" + u32(peerTsn + 5) + "00000005", out.get(1), "5: Error - Bad Sequence Number");
        assertEquals("82000016" + "000d0012" + u32(aInitialTsn) + u32(peerTsn) + u32(aInitialTsn) + "0004", out.get(2),
                "sent once the queued DATA went out");
    }
}
