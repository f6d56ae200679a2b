package dev.strafe.webrtc.sctp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static dev.strafe.webrtc.sctp.SctpPair.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random mixes of impairments (bursty loss, duplication, reordering, a bandwidth bottleneck) and
 * channel kinds: reliable streams stay exactly-once and in order, nothing is lost or aborted, and the
 * TSN space wraps past 2^32 during the run.
 */
class SctpImpairmentTest {

    /** Random source whose {@code nextInt()} starts TSNs (and tags) 64 below 2^32, so TSNs wrap early. */
    static RandomGenerator wrapping(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return r.nextLong();
            }

            @Override
            public int nextInt() {
                return -64;
            }
        };
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void reliableStreamsSurviveMixedImpairmentsAcrossTsnWrap(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        SctpPair q = new SctpPair(SctpConfig.defaults(), seed, wrapping(seed));
        q.bridge.delay(rnd.nextInt(1, 50) * MS).jitter(rnd.nextInt(0, 20) * MS).duplicate(rnd.nextDouble(0, 0.1));
        q.bridge.aToB().burstLoss(0.05, 0.3, 0.5).bandwidth(2_000_000).queueLimit(256 * 1024);
        q.bridge.bToA().loss(rnd.nextDouble(0, 0.2));
        assertTrue(q.connect(), () -> q.a + " / " + q.b);
        int[] sent = new int[4];
        for (int i = 0; i < 300; i++) {
            int stream = rnd.nextInt(4);
            int size = rnd.nextInt(1, 6000);
            boolean unreliable = stream == 3;
            byte[] m = new byte[Math.max(size, 8)];
            ByteBuffer.wrap(m).putInt(0, sent[stream]++).putInt(4, stream);
            assertEquals(SendStatus.ACCEPTED, q.a.send(stream, 53, m, 0, m.length, stream == 1 || unreliable,
                    unreliable ? 0 : SctpTransport.RELIABLE, SctpTransport.NO_LIFETIME, q.now()));
        }
        assertTrue(q.bridge.runUntil(() -> q.a.outstandingChunks() == 0 && q.a.bufferedAmount(0) == 0
                && q.a.bufferedAmount(1) == 0 && q.a.bufferedAmount(2) == 0 && q.a.bufferedAmount(3) == 0, 3_600_000 * MS),
                () -> q.a + " / " + q.b);
        assertNull(q.ra.lost);
        assertNull(q.rb.lost);
        for (int stream = 0; stream < 3; stream++) {
            int s = stream;
            int[] got = q.rb.messages.stream().filter(m -> m.streamId() == s).mapToInt(m -> ByteBuffer.wrap(m.data()).getInt(0)).toArray();
            assertEquals(sent[stream], got.length, "stream " + stream);
            if (stream != 1) {
                for (int i = 0; i < got.length; i++) {
                    assertEquals(i, got[i], "stream " + stream + " in order");
                }
            } else {
                assertEquals(got.length, java.util.Arrays.stream(got).distinct().count(), "unordered exactly once");
            }
        }
        assertTrue(q.a.metrics().dataChunksSent() > 64, "TSNs wrapped past 2^32");
    }
}
