package dev.strafe.webrtc.sctp;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * STYLE #34: the unreliable data path allocates nothing per message beyond the message itself — the
 * sender's copy ({@code send} copies), its {@code OutgoingMessage} holder and the delivered array.
 */
class SctpAllocationTest {
    long delivered;

    @Test
    void unreliableMessagesAllocateOnlyTheMessageItself() {
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
                    a.send(1, 53, msg, 0, msg.length, true, 0, SctpTransport.NO_LIFETIME, now[0]);
                }
                pump.run();
            }
            long count = delivered - start;
            assertEquals(6_400, count);
            perMessage = Math.min(perMessage, (threads.getThreadAllocatedBytes(tid) - before) / count);
        }
        // 2 x (16-byte array header + 64) + OutgoingMessage (<= 48) = 208; allow 32 B for amortized per-packet work
        assertTrue(perMessage <= 240, "allocated " + perMessage + " B per 64-byte message");
    }
}
