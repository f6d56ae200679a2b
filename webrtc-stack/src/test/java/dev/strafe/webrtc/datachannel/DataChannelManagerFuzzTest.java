package dev.strafe.webrtc.datachannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.datachannel.DataChannel.ReadyState;
import dev.strafe.webrtc.datachannel.DataChannelManager.DtlsRole;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A hostile or buggy peer stack (STYLE #13): random SCTP events – user messages with any stream, PPID and
 * payload (valid and mutated DCEP among them), stream resets, low-buffer events – interleaved with local
 * creates, sends and closes. Peer input never makes the manager throw; local calls throw only their
 * documented exceptions; the channel table stays consistent and bounded.
 */
class DataChannelManagerFuzzTest {

    private static final int[] PPIDS = {50, 50, 51, 52, 53, 54, 56, 57, 0, 55, -1};
    private static final byte[][] DCEP = {
            Hex.bytes(DataChannelOpenMessageTest.CHROMIUM_POS),
            Hex.bytes(DataChannelOpenMessageTest.CHROMIUM_TX),
            Hex.bytes("02"),
            Hex.bytes("03 82 0100 000003e8 0001 0002 78 7979"),
    };

    @Test
    void neverThrowsOnPeerInputAndKeepsTheTableConsistent() {
        for (long seed = 1; seed <= 20; seed++) {
            run(seed, 5_000);
        }
    }

    private static void run(long seed, int steps) {
        SplittableRandom random = new SplittableRandom(seed);
        LoopbackSctpTransport.Link link = new LoopbackSctpTransport.Link();
        link.a().sendBufferLimit = 4096;
        DataChannelLimits limits = new DataChannelLimits(12, 32, 2048);
        DataChannelManager manager = new DataChannelManager(DtlsRole.SERVER, link::nowNanos, limits);
        DataChannelManager peer = new DataChannelManager(DtlsRole.CLIENT, link::nowNanos, limits);
        link.bind(manager, peer);
        manager.attach(link.a());
        peer.attach(link.b());
        List<DataChannel> known = new ArrayList<>();
        manager.onDataChannel(known::add);
        link.establish();

        for (int step = 0; step < steps; step++) {
            int stream = random.nextInt(40);
            switch (random.nextInt(12)) {
                case 0, 1, 2, 3 -> manager.onMessage(stream, PPIDS[random.nextInt(PPIDS.length)], payload(random), random.nextBoolean());
                case 4 -> manager.onIncomingStreamsReset(new int[] {stream});
                case 5 -> manager.onOutgoingStreamsReset(new int[] {stream, random.nextInt(40)});
                case 6 -> manager.onBufferedAmountLow(stream);
                case 7 -> {
                    try {
                        DataChannelInit init = random.nextBoolean() ? DataChannelInit.DEFAULT
                                : DataChannelInit.builder().negotiated(true).id(random.nextInt(40)).build();
                        known.add(manager.createDataChannel("c" + step, init));
                    } catch (IllegalStateException | IllegalArgumentException | DataChannelBufferFullException expected) {
                        // limits, collisions, ids beyond maxStreams, a full send buffer
                    }
                }
                case 8, 9 -> {
                    if (!known.isEmpty()) {
                        DataChannel ch = known.get(random.nextInt(known.size()));
                        try {
                            if (random.nextBoolean()) {
                                ch.send(payload(random));
                            } else {
                                ch.send("s" + step);
                            }
                        } catch (IllegalStateException | IllegalArgumentException | DataChannelBufferFullException expected) {
                            // not open / association gone / buffer full
                        }
                    }
                }
                case 10 -> {
                    if (!known.isEmpty()) {
                        known.get(random.nextInt(known.size())).close();
                    }
                }
                default -> link.run(); // the loopback peer (a real manager) answers resets and DCEP
            }
            checkInvariants(manager, limits);
        }
        link.lose("end of fuzz run " + seed);
        assertEquals(0, manager.channelCount());
        for (DataChannel ch : known) {
            assertSame(ReadyState.CLOSED, ch.readyState());
        }
    }

    private static byte[] payload(SplittableRandom random) {
        if (random.nextInt(3) == 0) {
            byte[] dcep = DCEP[random.nextInt(DCEP.length)].clone();
            if (random.nextBoolean()) {
                dcep[random.nextInt(dcep.length)] ^= (byte) (1 << random.nextInt(8));
            }
            return dcep;
        }
        byte[] data = new byte[random.nextInt(300)];
        random.nextBytes(data);
        return data;
    }

    private static void checkInvariants(DataChannelManager manager, DataChannelLimits limits) {
        List<DataChannel> channels = manager.channels();
        assertEquals(manager.channelCount(), channels.size());
        assertTrue(channels.size() <= limits.maxChannels(), "channels: " + channels.size());
        Set<Integer> ids = new HashSet<>();
        for (DataChannel ch : channels) {
            assertTrue(ids.add(ch.id()), "duplicate id " + ch.id());
            assertTrue(ch.id() < limits.maxStreams());
            assertNotEquals(ReadyState.CLOSED, ch.readyState());
            assertSame(ch, manager.channel(ch.id()));
        }
    }
}
