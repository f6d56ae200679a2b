package dev.strafe.webrtc.example;

import dev.strafe.webrtc.datachannel.DataChannel;
import dev.strafe.webrtc.datachannel.DataChannelInit;
import dev.strafe.webrtc.dtls.DtlsCertificate;
import dev.strafe.webrtc.dtls.HandshakeRehearsal;
import dev.strafe.webrtc.peer.PeerConnection;
import dev.strafe.webrtc.peer.StackSettings;
import io.vertx.core.Vertx;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * JIT warm-up before the server reports healthy, through the same doors a client uses: Java peers post offers
 * to the server's own {@code POST /offer} over HTTP, connect over loopback UDP (ICE, DTLS, SCTP, DCEP) and run
 * the traffic shapes the server will see, each phase bounded by a share of the time budget:
 * <ol>
 *   <li>setups, ten at a time (signaling, SDP, the DTLS handshake, association and channel set-up);</li>
 *   <li>in-memory DTLS handshakes on P-256 ({@link HandshakeRehearsal}), the group libdatachannel's client offers;</li>
 *   <li>bulk: 16 KiB and 1 KiB messages into a {@code sink} (record decryption, reassembly, SACKs);</li>
 *   <li>small unordered echoes from many peers (the game-position path);</li>
 *   <li>a quiet wait until the JIT's compile queue has drained.</li>
 * </ol>
 * A JVM runs a new code path interpreted, profiles it, and compiles it with C2 after thousands of calls; a
 * short benchmark run (or the first minute of a production node) otherwise pays that CPU on top of the work
 * itself, and code that first runs after start-up (class loading) makes compiled code be thrown away and
 * compiled again. The HTTP server therefore runs during the warm-up ({@code /health} answers 503 until it
 * ends), so its classes are loaded and its code is compiled too. Runs on its own platform thread (it blocks on
 * futures), never on an event loop. A failed step is logged and skipped: a warm-up never stops the server.
 */
final class Warmup {

    private final Vertx vertx;
    private final int httpPort;
    private final long deadline;
    private final long startNanos;
    private final long budgetNanos;
    private final DtlsCertificate certificate;
    private final StackSettings settings = StackSettings.defaults();
    /** Every other client nominates like libjuice (a plain check first): the server's ICE-lite CHECKING state. */
    private final StackSettings regularNomination = StackSettings.builder().iceRegularNomination(true).build();
    private final java.util.concurrent.atomic.AtomicInteger offers = new java.util.concurrent.atomic.AtomicInteger();
    private final java.net.http.HttpClient http;
    private int connections;
    private long bulkBytes;
    private long echoes;
    private int failures;
    private int rehearsed;
    private Exception lastFailure;
    private final StringBuilder phases = new StringBuilder();

    private Warmup(Vertx vertx, int httpPort, double seconds) {
        this.vertx = vertx;
        this.httpPort = httpPort;
        this.startNanos = System.nanoTime();
        this.budgetNanos = (long) (seconds * 1e9);
        this.deadline = startNanos + budgetNanos;
        this.certificate = DtlsCertificate.generate();
        this.http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(5)).build();
    }

    /** Warms the server listening on {@code 127.0.0.1:httpPort} for about {@code seconds} (at most). */
    static void run(Vertx vertx, int httpPort, double seconds) {
        if (seconds <= 0) {
            return;
        }
        Warmup w = new Warmup(vertx, httpPort, seconds);
        try {
            // shares measured on the echo suite: rehearsed handshakes warm the DTLS code ~3x faster than full
            // setups, which still bring HTTP, SDP, ICE and SCTP along (docs/benchmarks.md, third pass)
            w.setups(0.15);
            w.mark("setups");
            w.rehearsedHandshakes(0.40);
            w.mark("rehearsal");
            w.bulk(0.40, 0.70);
            w.mark("bulk");
            w.smallEchoes(0.85);
            w.mark("echoes");
            w.awaitCompilerQuiet();
            w.mark("jit");
        } finally {
            w.http.shutdownNow();
        }
        System.out.printf("EchoServer: warm-up %d connections, %d rehearsed P-256 handshakes, %d MiB bulk, %d echoes, %d failed steps (%s) in %d ms [%s]%n",
            w.connections, w.rehearsed, w.bulkBytes >> 20, w.echoes, w.failures, w.lastFailure,
            (System.nanoTime() - w.startNanos) / 1_000_000, w.phases);
    }

    /** A failed step (any thread): counted, the last one shown in the summary line. */
    private synchronized void fail(Exception e) {
        failures++;
        lastFailure = e;
    }

    private void mark(String phase) {
        phases.append(phase).append(' ').append((System.nanoTime() - startNanos) / 1_000_000).append(" ms; ");
    }

    private long until(double share) {
        return startNanos + (long) (budgetNanos * share);
    }

    private boolean before(long t) {
        return System.nanoTime() < t;
    }

    // ---------------------------------------------------------------- phases

    /** Rounds of ten concurrent setups (like the bench's setup mode), each with one echo, then closed. */
    private void setups(double share) {
        long end = until(share);
        while (before(end)) {
            List<CompletableFuture<Void>> round = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                round.add(CompletableFuture.runAsync(this::oneSetup, Thread::startVirtualThread));
            }
            for (CompletableFuture<Void> f : round) {
                try {
                    f.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    fail(e);
                }
            }
        }
    }

    private void oneSetup() {
        Client c = null;
        try {
            c = connect(List.of(Chan.ECHO_UNRELIABLE, Chan.SINK));
        } catch (Exception e) {
            fail(e);
            return;
        }
        try {
            DataChannel echo = c.channels.get(0);
            CompletableFuture<Void> back = new CompletableFuture<>();
            c.pc.context().runOnContext(v -> {
                echo.onBinary(b -> back.complete(null));
                echo.send(new byte[64]);
            });
            back.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // an unreliable echo may be lost; the setup itself was exercised
        } finally {
            close(c);
        }
    }

    /**
     * In-memory DTLS handshakes ({@link HandshakeRehearsal}) with a client that offers only P-256, as
     * libdatachannel's OpenSSL client does: our Java clients and browsers offer X25519, which the server prefers, so
     * the setups above never reach the P-256 path; and a rehearsed handshake costs only the two roles' DTLS work, so
     * it brings the once-per-connection code (the JDK's ECDSA signing, Bouncy Castle's handshake and certificate
     * code) to C2 several times faster than full setups do.
     */
    private void rehearsedHandshakes(double share) {
        try {
            rehearsed += new HandshakeRehearsal(DtlsCertificate.generate(), certificate,
                org.bouncycastle.tls.NamedGroup.secp256r1).runUntil(until(share), 4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** One connection pushes 16 KiB messages, then 1 KiB messages, into a {@code sink}. */
    private void bulk(double from, double share) {
        long end = until(share);
        long bigUntil = until(from + (share - from) * 0.8);
        Client c = null;
        try {
            c = connect(List.of(Chan.SINK));
            DataChannel sink = c.channels.get(0);
            while (before(Math.min(bigUntil, end))) {
                bulkBytes += pump(c, sink, 16 << 20, 16 * 1024);
            }
            while (before(end)) {
                bulkBytes += pump(c, sink, 4 << 20, 1024);
            }
        } catch (Exception e) {
            fail(e);
        } finally {
            close(c);
        }
    }

    /** Sends {@code total} bytes in {@code size}-byte messages (≤ 4 MiB buffered), then "done"; waits for the count. */
    private static long pump(Client c, DataChannel sink, int total, int size) throws Exception {
        byte[] message = new byte[size];
        long[] sent = {0}; // the client's loop only
        CompletableFuture<String> reply = new CompletableFuture<>();
        Runnable[] more = new Runnable[1];
        more[0] = () -> {
            if (sent[0] >= total) {
                return; // "done" went already
            }
            while (sent[0] < total && sink.bufferedAmount() < (4 << 20)) {
                sink.send(message);
                sent[0] += size;
            }
            if (sent[0] >= total) {
                sink.send("done");
            }
        };
        c.pc.context().runOnContext(v -> {
            sink.onText(reply::complete);
            sink.bufferedAmountLowThreshold(1 << 20);
            sink.onBufferedAmountLow(more[0]);
            more[0].run();
        });
        reply.get(30, TimeUnit.SECONDS);
        return total;
    }

    /** 50 peers send 64-byte messages on unordered, unreliable channels every 5 ms and count the echoes. */
    private void smallEchoes(double share) {
        long end = until(share);
        List<Client> clients = new ArrayList<>();
        try {
            List<CompletableFuture<Client>> opening = new ArrayList<>();
            for (int i = 0; i < 50 && before(end); i++) {
                opening.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return connect(List.of(Chan.ECHO_UNRELIABLE));
                    } catch (Exception e) {
                        fail(e);
                        return null;
                    }
                }, Thread::startVirtualThread));
                if (opening.size() == 10) {
                    collect(opening, clients);
                }
            }
            collect(opening, clients);
            java.util.concurrent.atomic.LongAdder received = new java.util.concurrent.atomic.LongAdder(); // clients on several loops
            List<Long> timers = new ArrayList<>();
            for (Client c : clients) {
                DataChannel echo = c.channels.get(0);
                byte[] message = new byte[64];
                CompletableFuture<Long> timer = new CompletableFuture<>();
                c.pc.context().runOnContext(v -> {
                    echo.onBinary(b -> received.increment());
                    timer.complete(vertx.setPeriodic(5, id -> echo.send(message)));
                });
                timers.add(timer.get(2, TimeUnit.SECONDS));
            }
            while (before(end)) {
                Thread.sleep(20);
            }
            timers.forEach(vertx::cancelTimer);
            Thread.sleep(50);
            echoes += received.sum();
        } catch (Exception e) {
            fail(e);
        } finally {
            clients.forEach(Warmup::close);
        }
    }

    private static void collect(List<CompletableFuture<Client>> opening, List<Client> into) {
        for (CompletableFuture<Client> f : opening) {
            try {
                Client c = f.get(10, TimeUnit.SECONDS);
                if (c != null) {
                    into.add(c);
                }
            } catch (Exception e) {
                // counted by the phase's echo total
            }
        }
        opening.clear();
    }

    /**
     * Waits (until the deadline) for the JIT compiler threads to go idle: their CPU time (Linux
     * {@code /proc/self/task/*\/stat}) grows by less than 5 ms over 250 ms. The JMX total compilation time is only
     * the fallback: it grows when a compilation ends, so one long C2 compilation looks like a quiet compiler.
     */
    private void awaitCompilerQuiet() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long last = compilerCpuMillis(jit);
        if (last < 0) {
            return;
        }
        while (before(deadline)) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = compilerCpuMillis(jit);
            if (now - last < 5) {
                return;
            }
            last = now;
        }
    }

    /** CPU milliseconds of the JIT compiler threads so far, or (no /proc) the JMX compilation time; -1 if neither. */
    private static long compilerCpuMillis(CompilationMXBean jit) {
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        if (java.nio.file.Files.isDirectory(tasks)) {
            long ticks = 0;
            try (var dirs = java.nio.file.Files.list(tasks)) {
                for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) dirs::iterator) {
                    try {
                        if (!java.nio.file.Files.readString(task.resolve("comm")).startsWith("C")) {
                            continue; // "C1 CompilerThre", "C2 CompilerThre"
                        }
                        String stat = java.nio.file.Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    } catch (java.io.IOException | RuntimeException e) {
                        // the thread ended meanwhile
                    }
                }
            } catch (java.io.IOException e) {
                return -1;
            }
            return ticks * 10; // USER_HZ is 100 on Linux
        }
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    // ---------------------------------------------------------------- one client

    private enum Chan {
        ECHO_UNRELIABLE("echo", DataChannelInit.builder().ordered(false).maxRetransmits(0).build()),
        SINK("sink", DataChannelInit.DEFAULT);

        final String label;
        final DataChannelInit init;

        Chan(String label, DataChannelInit init) {
            this.label = label;
            this.init = init;
        }
    }

    private record Client(PeerConnection pc, List<DataChannel> channels) {
    }

    /** Offer → {@code POST /offer} → answer → channels open. Blocks (virtual or warm-up thread). */
    private Client connect(List<Chan> chans) throws Exception {
        long t0 = System.nanoTime();
        StackSettings clientSettings = (offers.incrementAndGet() & 1) == 0 ? regularNomination : settings;
        PeerConnection pc = PeerConnection.offer(vertx, clientSettings, certificate).await(5, TimeUnit.SECONDS);
        String step = "offer";
        try {
            List<CompletableFuture<DataChannel>> opened = new ArrayList<>();
            for (Chan ch : chans) {
                CompletableFuture<DataChannel> open = new CompletableFuture<>();
                opened.add(open);
                pc.createDataChannel(ch.label, ch.init, dc -> dc.onOpen(() -> open.complete(dc)));
            }
            step = "post";
            String answer = postOffer(pc.localDescription());
            step = "answer";
            pc.setRemoteDescription(answer).await(5, TimeUnit.SECONDS);
            step = "open";
            List<DataChannel> channels = new ArrayList<>();
            for (CompletableFuture<DataChannel> f : opened) {
                channels.add(f.get(5, TimeUnit.SECONDS));
            }
            if (System.nanoTime() - t0 > 1_000_000_000L) {
                System.out.println("warm-up: slow connect " + (System.nanoTime() - t0) / 1_000_000 + " ms " + pc);
            }
            synchronized (this) {
                connections++;
            }
            return new Client(pc, channels);
        } catch (Exception e) {
            System.out.println("warm-up: connect failed at " + step + " after " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + e + " " + pc);
            pc.close();
            throw e;
        }
    }

    /** {@code POST /offer} with the JDK's client, blocking this (virtual) thread. */
    private String postOffer(String offer) throws Exception {
        java.net.http.HttpResponse<String> resp = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + httpPort + "/offer"))
            .timeout(java.time.Duration.ofSeconds(5))
            .header("content-type", "application/sdp")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(offer)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 201) {
            throw new IllegalStateException("POST /offer: " + resp.statusCode() + " " + resp.body());
        }
        return resp.body();
    }

    private static final java.util.concurrent.atomic.AtomicInteger CLOSES = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Closes a client, every other one gracefully (SCTP SHUTDOWN, as libdatachannel's usrsctp does) and the others
     * abortively (ABORT, as browsers do), so both of the server's close paths are compiled before the first client.
     */
    private static void close(Client c) {
        if (c != null) {
            long t0 = System.nanoTime();
            try {
                if ((CLOSES.incrementAndGet() & 1) == 0) {
                    c.pc.closeGracefully(java.time.Duration.ofSeconds(2)).await(5, TimeUnit.SECONDS);
                } else {
                    c.pc.close().await(5, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                System.out.println("warm-up: close failed after " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + e);
            }
        }
    }
}
