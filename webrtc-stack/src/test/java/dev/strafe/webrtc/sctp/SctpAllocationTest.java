package dev.strafe.webrtc.sctp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * STYLE #34 and issue 3: the unreliable data path allocates nothing per message beyond the message itself —
 * the sender's copy ({@code send} copies; with {@code sendOwned} the caller's own array is the message) and
 * the delivered array. {@code OutgoingMessage} holders are recycled, packets and SACKs use reused buffers.
 */
class SctpAllocationTest {
    long delivered;

    @ParameterizedTest(name = "owned {0}")
    @ValueSource(booleans = {false, true})
    void unreliableMessagesAllocateOnlyTheMessageItself(boolean owned) {
        SctpListener counting = new SctpPair.Recorder("B") {
            @Override
            public void onMessage(int streamId, int ppid, byte[] message, boolean unordered) {
                delivered++;
            }
        };
        SctpAssociation a = new SctpAssociation(SctpConfig.defaults(), new SplittableRandom(1), new SctpPair.Recorder("A"));
        SctpAssociation b = new SctpAssociation(SctpConfig.defaults(), new SplittableRandom(2), counting);
        byte[] buf = new byte[1500];
        long[] now = {1_000_000_000L};
        a.connect(now[0]);
        Runnable pump = () -> {
            for (int guard = 0; guard < 1_000_000; guard++) {
                boolean moved = false;
                int n;
                while ((n = a.poll(buf, 0, now[0])) > 0) {
                    b.handle(buf, 0, n, now[0]);
                    moved = true;
                }
                while ((n = b.poll(buf, 0, now[0])) > 0) {
                    a.handle(buf, 0, n, now[0]);
                    moved = true;
                }
                if (!moved) {
                    long d = Math.min(a.nextDeadline(), b.nextDeadline());
                    if (d == Long.MAX_VALUE || a.outstandingChunks() == 0 && a.bufferedAmount(1) == 0) {
                        return;
                    }
                    now[0] = Math.max(now[0], d);
                    a.onTimeout(now[0]);
                    b.onTimeout(now[0]);
                }
            }
        };
        pump.run();
        assertEquals(SctpAssociation.State.ESTABLISHED, a.state());
        byte[] msg = new byte[64];
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long perMessage = Long.MAX_VALUE;
        for (int round = 0; round < 30; round++) { // warm up until the JIT has compiled the path
            long before = threads.getThreadAllocatedBytes(tid);
            long start = delivered;
            for (int batch = 0; batch < 100; batch++) {
                for (int i = 0; i < 64; i++) {
                    if (owned) { // the caller builds each message in an array of its own and hands it over
                        a.sendOwned(1, 53, new byte[64], true, 0, SctpTransport.NO_LIFETIME, now[0]);
                    } else {
                        a.send(1, 53, msg, 0, msg.length, true, 0, SctpTransport.NO_LIFETIME, now[0]);
                    }
                }
                pump.run();
            }
            long count = delivered - start;
            assertEquals(6_400, count);
            perMessage = Math.min(perMessage, (threads.getThreadAllocatedBytes(tid) - before) / count);
        }
        // message (the sender's copy or the caller's own array) + delivered array: 2 x (16-byte header + 64);
        // DATA and SACK are read in place, packets written into reused buffers
        assertTrue(perMessage <= 2 * (16 + 64), "allocated " + perMessage + " B per 64-byte message");
    }
}
