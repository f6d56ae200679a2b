package dev.strafe.webrtc.datachannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The data-channel layer over two real SCTP associations on the deterministic datagram bridge: the whole
 * {@link DataChannelContract} without loss and with 10 % and 30 % seeded loss, plus the game's channel pair
 * under loss (reliable "tx" complete and in order, unreliable "pos" never blocking it).
 */
class DataChannelOverSctpIT {

    @Nested
    class Lossless extends DataChannelContract {
        @Override
        SctpLink newLink() {
            return new SctpAssociationLink(0.0, 8831);
        }
    }

    @Nested
    class TenPercentLoss extends DataChannelContract {
        @Override
        SctpLink newLink() {
            return new SctpAssociationLink(0.10, 8832);
        }
    }

    @Nested
    class ThirtyPercentLoss extends DataChannelContract {
        @Override
        SctpLink newLink() {
            return new SctpAssociationLink(0.30, 4960);
        }
    }

    @Test
    void keepsTheReliableChannelCompleteWhileTheUnreliableOneLosesMessages() {
        SctpAssociationLink link = new SctpAssociationLink(0.30, 9260);
        DataChannelPair pair = new DataChannelPair(link);
        DataChannel tx = pair.b.createDataChannel("tx");
        DataChannel pos = pair.b.createDataChannel("pos", DataChannelInit.builder().ordered(false).maxRetransmits(0).build());
        link.establish();
        link.run();
        ChannelRecorder txIn = pair.recorder(pair.incomingA.get(0));
        ChannelRecorder posIn = pair.recorder(pair.incomingA.get(1));

        List<String> expected = new ArrayList<>();
        for (int tick = 0; tick < 300; tick++) {
            pos.send(new byte[] {(byte) tick, 1, 2, 3});
            if (tick % 3 == 0) {
                tx.send("tx-" + tick);
                expected.add("tx-" + tick);
            }
            link.bridge().runFor(20 * SctpAssociationLink.MS); // 50 Hz
        }
        link.run();

        assertEquals(expected, txIn.texts, "reliable, ordered, exactly once");
        int posReceived = posIn.binaries.size();
        assertTrue(posReceived < 300, "30 % loss on maxRetransmits 0: some snapshots lost, got " + posReceived);
        assertTrue(posReceived > 100, "most snapshots arrive, got " + posReceived);
        assertEquals(0, pair.a.metrics().droppedMessages() + pair.b.metrics().droppedMessages());
    }
}
