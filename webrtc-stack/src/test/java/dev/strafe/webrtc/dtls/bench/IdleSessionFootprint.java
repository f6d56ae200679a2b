package dev.strafe.webrtc.dtls.bench;

import dev.strafe.webrtc.dtls.DtlsCertificate;
import dev.strafe.webrtc.dtls.DtlsClosed;
import dev.strafe.webrtc.dtls.DtlsEngine;
import dev.strafe.webrtc.dtls.DtlsListener;
import dev.strafe.webrtc.dtls.DtlsRole;
import dev.strafe.webrtc.dtls.DtlsSession;
import dev.strafe.webrtc.dtls.DtlsSettings;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Heap retained per established, idle DTLS session: connects N server/client pairs in one JVM, runs GC and
 * divides the heap growth by 2N (client and server sessions are alike). Not a JMH benchmark; run:
 * <pre>
 * ./mvnw -B -o -q -pl webrtc-stack test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -XX:+UseSerialGC -cp webrtc-stack/target/test-classes:webrtc-stack/target/classes:$(cat /tmp/cp.txt) \
 *   dev.strafe.webrtc.dtls.bench.IdleSessionFootprint 300 [own|bc]
 * </pre>
 * The second argument picks the record layer after the handshake (default {@code own}).
 */
public final class IdleSessionFootprint {

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        DtlsSettings settings = DtlsSettings.DEFAULT.withOwnRecordLayer(args.length < 2 || !args[1].equals("bc"));
        DtlsEngine serverEngine = new DtlsEngine(DtlsCertificate.generate(), settings);
        DtlsEngine clientEngine = new DtlsEngine(DtlsCertificate.generate(), settings);
        ExecutorService loop = Executors.newSingleThreadExecutor();
        List<DtlsSession[]> keep = new ArrayList<>();
        connect(serverEngine, clientEngine, loop, 50, new ArrayList<>()); // warm-up, discarded
        long before = usedAfterGc();
        connect(serverEngine, clientEngine, loop, pairs, keep);
        long after = usedAfterGc();
        System.out.printf("[dtls] idle established sessions: %d, retained heap per session: %.1f KiB%n",
                2 * pairs, (after - before) / 1024.0 / (2 * pairs));
        System.out.println(keep.size());
        loop.shutdownNow();
    }

    static void connect(DtlsEngine serverEngine, DtlsEngine clientEngine, ExecutorService loop, int pairs,
                        List<DtlsSession[]> keep) throws Exception {
        for (int p = 0; p < pairs; p++) {
            CountDownLatch done = new CountDownLatch(2);
            DtlsListener listener = new DtlsListener() {
                @Override
                public void onHandshakeComplete(DtlsSession session) {
                    done.countDown();
                }

                @Override
                public void onApplicationData(DtlsSession session, byte[] data, int offset, int length) {
                }

                @Override
                public void onClosed(DtlsSession session, DtlsClosed closed) {
                    throw new IllegalStateException(closed.toString());
                }
            };
            DtlsSession[] pair = new DtlsSession[2];
            pair[0] = serverEngine.newSession(DtlsRole.SERVER, clientEngine.certificate().sha256Fingerprint(),
                    new byte[] {127, 0, 0, 1}, loop, (b, o, l) -> forward(loop, pair[1], b, o, l), listener);
            pair[1] = clientEngine.newSession(DtlsRole.CLIENT, serverEngine.certificate().sha256Fingerprint(),
                    new byte[0], loop, (b, o, l) -> forward(loop, pair[0], b, o, l), listener);
            loop.execute(() -> {
                pair[0].start();
                pair[1].start();
            });
            if (!done.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("handshake " + p + " did not finish");
            }
            keep.add(pair);
        }
        loop.submit(() -> { }).get();
    }

    private static void forward(ExecutorService loop, DtlsSession to, byte[] b, int o, int l) {
        byte[] copy = Arrays.copyOfRange(b, o, o + l);
        loop.execute(() -> to.handleDatagram(copy, 0, copy.length));
    }

    static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
