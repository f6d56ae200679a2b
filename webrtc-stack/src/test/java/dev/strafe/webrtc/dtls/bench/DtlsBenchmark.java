package dev.strafe.webrtc.dtls.bench;

import dev.strafe.webrtc.dtls.BenchHooks;
import dev.strafe.webrtc.dtls.DatagramSink;
import dev.strafe.webrtc.dtls.DtlsCertificate;
import dev.strafe.webrtc.dtls.DtlsClosed;
import dev.strafe.webrtc.dtls.DtlsEngine;
import dev.strafe.webrtc.dtls.DtlsListener;
import dev.strafe.webrtc.dtls.DtlsRole;
import dev.strafe.webrtc.dtls.DtlsSession;
import dev.strafe.webrtc.dtls.DtlsSettings;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * DTLS costs: a full handshake (cookie exchange, ECDHE x25519, ECDSA P-256 both ways, EMS) between two
 * sessions in one JVM, and per-record AES-128-GCM encrypt / encrypt+decrypt of 1,100-byte SCTP packets with
 * our record layer ({@code recordLayer=own}) or Bouncy Castle's ({@code bc}).
 * The handshake benchmark prints the CPU time of the server's and client's handshake threads (platform
 * threads here so that the JVM can measure them) at the end of the trial.
 *
 * <pre>./mvnw -B -o -q -pl webrtc-stack -Pjmh test-compile exec:exec -Djmh.args="DtlsBenchmark -f 1 -wi 3 -i 5 -prof gc"</pre>
 * Record costs only: {@code -Djmh.args="DtlsBenchmark.encrypt -f 1 -wi 3 -i 5 -prof gc"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class DtlsBenchmark {

    static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate();

    /** Two connected-or-connecting sessions on one single-threaded "event loop". */
    static final class Pair implements DtlsListener {
        final CountDownLatch connected = new CountDownLatch(2);
        final AtomicReference<DtlsClosed> failure = new AtomicReference<>();
        DtlsSession server;
        DtlsSession client;
        volatile DatagramSink serverOut;
        long delivered;

        Pair(DtlsEngine serverEngine, DtlsEngine clientEngine, ExecutorService loop, boolean deliver) {
            server = serverEngine.newSession(DtlsRole.SERVER, CLIENT_CERT.sha256Fingerprint(), new byte[] {127, 0, 0, 1},
                    loop, (b, o, l) -> forward(loop, client, b, o, l), this);
            client = clientEngine.newSession(DtlsRole.CLIENT, SERVER_CERT.sha256Fingerprint(), new byte[0],
                    loop, (b, o, l) -> {
                        DatagramSink direct = serverOut;
                        if (direct != null && deliver) {
                            direct.send(b, o, l);
                        } else if (direct == null) {
                            forward(loop, server, b, o, l);
                        }
                    }, this);
        }

        private static void forward(ExecutorService loop, DtlsSession to, byte[] b, int o, int l) {
            byte[] copy = Arrays.copyOfRange(b, o, o + l);
            loop.execute(() -> to.handleDatagram(copy, 0, copy.length));
        }

        @Override
        public void onHandshakeComplete(DtlsSession session) {
            connected.countDown();
        }

        @Override
        public void onApplicationData(DtlsSession session, byte[] data, int offset, int length) {
            delivered += length;
        }

        @Override
        public void onClosed(DtlsSession session, DtlsClosed closed) {
            if (!closed.orderly()) {
                failure.set(closed);
            }
            connected.countDown();
            connected.countDown();
        }

        void awaitConnected() throws InterruptedException {
            if (!connected.await(10, TimeUnit.SECONDS) || failure.get() != null) {
                throw new IllegalStateException("handshake failed: " + failure.get());
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Handshakes {
        ExecutorService loop;
        DtlsEngine serverEngine;
        DtlsEngine clientEngine;
        long serverCpu;
        long clientCpu;
        long count;
        long processCpuStart;

        @Setup(Level.Trial)
        public void setUp() {
            loop = Executors.newSingleThreadExecutor();
            serverEngine = BenchHooks.platformThreadEngine(SERVER_CERT, DtlsSettings.DEFAULT);
            clientEngine = BenchHooks.platformThreadEngine(CLIENT_CERT, DtlsSettings.DEFAULT);
            processCpuStart = processCpu();
        }

        @Setup(Level.Iteration)
        public void resetCounters() {
            serverCpu = 0;
            clientCpu = 0;
            count = 0;
            processCpuStart = processCpu();
        }

        /** Per iteration (warm-up iterations included, so the steady state is visible). */
        @TearDown(Level.Iteration)
        public void report() throws Exception {
            loop.submit(() -> { }).get();
            long process = processCpu() - processCpuStart;
            System.out.printf("%n[dtls] handshakes: %d, server handshake-thread CPU: %.3f ms/handshake, "
                            + "client: %.3f ms/handshake, whole process (both sides, loop, JIT, GC): %.3f ms/handshake%n",
                    count, serverCpu / 1e6 / count, clientCpu / 1e6 / count, process / 1e6 / count);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            loop.shutdownNow();
        }

        static long processCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }

    @Benchmark
    public void handshake(Handshakes h) throws Exception {
        Pair pair = new Pair(h.serverEngine, h.clientEngine, h.loop, false);
        h.loop.execute(() -> {
            pair.server.start();
            pair.client.start();
        });
        pair.awaitConnected();
        CountDownLatch closed = new CountDownLatch(1);
        h.loop.execute(() -> {
            h.serverCpu += BenchHooks.handshakeCpuNanos(pair.server);
            h.clientCpu += BenchHooks.handshakeCpuNanos(pair.client);
            h.count++;
            pair.client.close();
            pair.server.close();
            closed.countDown();
        });
        closed.await();
    }

    @State(Scope.Thread)
    public static class Connected {
        /** {@code own}: our {@code DtlsRecordProtection}; {@code bc}: Bouncy Castle's {@code DTLSTransport}. */
        @Param({"own", "bc"})
        public String recordLayer;
        ExecutorService loop;
        Pair pair;
        final byte[] packet = new byte[1100];
        long sink;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            loop = Executors.newSingleThreadExecutor();
            DtlsSettings settings = DtlsSettings.DEFAULT.withOwnRecordLayer(recordLayer.equals("own"));
            DtlsEngine serverEngine = new DtlsEngine(SERVER_CERT, settings);
            DtlsEngine clientEngine = new DtlsEngine(CLIENT_CERT, settings);
            pair = new Pair(serverEngine, clientEngine, loop, true);
            loop.execute(() -> {
                pair.server.start();
                pair.client.start();
            });
            pair.awaitConnected();
            // quiesce the loop, then drive both sessions from the benchmark thread only
            loop.submit(() -> { }).get();
            pair.serverOut = (b, o, l) -> pair.server.handleDatagram(b, o, l);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            loop.shutdownNow();
        }
    }

    /** Client encrypts one 1,100-byte record; the ciphertext is dropped (no delivery). */
    @State(Scope.Thread)
    public static class EncryptOnly extends Connected {
        @Setup(Level.Trial)
        public void noDelivery() {
            pair.serverOut = (b, o, l) -> sink += l;
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean encrypt1100(EncryptOnly c) {
        return c.pair.client.send(c.packet, 0, c.packet.length);
    }

    /** Client encrypts, server decrypts and delivers one 1,100-byte record. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long encryptDecrypt1100(Connected c, Blackhole bh) {
        c.pair.client.send(c.packet, 0, c.packet.length);
        return c.pair.delivered;
    }
}
