package dev.strafe.webrtc.example;

import dev.strafe.webrtc.datachannel.DataChannel;
import dev.strafe.webrtc.datachannel.DataChannelInit;
import dev.strafe.webrtc.dtls.DtlsCertificate;
import dev.strafe.webrtc.peer.PeerConnection;
import dev.strafe.webrtc.peer.StackSettings;
import dev.strafe.webrtc.peer.UdpEndpoint;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * JIT warm-up before the server reports healthy: {@code connections} Java clients connect to the server's own
 * endpoint over loopback (ICE, DTLS, SCTP, DCEP, both channel kinds), echo a few messages, and one of them
 * pushes a short bulk transfer into a {@code sink}; then all close. A JVM runs a new code path interpreted
 * and compiles it after thousands of calls; without this the first seconds of any measurement (and the
 * compiler threads' CPU) are dominated by that, which a production node also pays before it turns ready.
 * Runs on its own platform thread (it blocks on futures), never on an event loop.
 */
final class Warmup {

    /** Upper bound of the whole warm-up. */
    static final long MAX_SECONDS = 6;

    private Warmup() {
    }

    static void run(Vertx vertx, UdpEndpoint endpoint, int connections, Consumer<PeerConnection> serve) throws Exception {
        if (connections <= 0) {
            return;
        }
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
        DtlsCertificate clientCertificate = DtlsCertificate.generate();
        StackSettings clientSettings = StackSettings.defaults();
        int made = 0;
        // one at a time, bounded in time: the bench's run.sh gives a server 15 s to answer /health
        while (made < connections && System.nanoTime() < deadline - TimeUnit.SECONDS.toNanos(2)) {
            oneConnection(vertx, endpoint, clientCertificate, clientSettings, serve, false);
            made++;
        }
        oneConnection(vertx, endpoint, clientCertificate, clientSettings, serve, true);
        connections = made + 1;
        System.out.printf("EchoServer: warm-up %d connections in %d ms%n", connections,
            (System.nanoTime() - t0) / 1_000_000);
    }

    private static void oneConnection(Vertx vertx, UdpEndpoint endpoint, DtlsCertificate certificate,
                                      StackSettings settings, Consumer<PeerConnection> serve, boolean bulk) throws Exception {
        PeerConnection client = PeerConnection.offer(vertx, settings, certificate).await(5, TimeUnit.SECONDS);
        PeerConnection server = PeerConnection.answer(endpoint, client.localDescription());
        serve.accept(server);
        List<CompletableFuture<DataChannel>> opened = new ArrayList<>();
        CompletableFuture<Void> echoes = new CompletableFuture<>();
        int[] pending = {0};
        String[] labels = {"echo", "pos", "sink"};
        DataChannelInit[] inits = {DataChannelInit.DEFAULT,
            DataChannelInit.builder().ordered(false).maxRetransmits(0).build(), DataChannelInit.DEFAULT};
        for (int i = 0; i < labels.length; i++) {
            CompletableFuture<DataChannel> open = new CompletableFuture<>();
            opened.add(open);
            client.createDataChannel(labels[i], inits[i], ch -> ch.onOpen(() -> open.complete(ch)));
        }
        try {
            client.setRemoteDescription(server.localDescription()).await(5, TimeUnit.SECONDS);
            CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            DataChannel echo = opened.get(0).get();
            DataChannel pos = opened.get(1).get();
            DataChannel sink = opened.get(2).get();
            CompletableFuture<String> sinkReply = new CompletableFuture<>();
            client.context().runOnContext(v -> {
                Runnable one = () -> {
                    if (--pending[0] == 0) {
                        echoes.complete(null);
                    }
                };
                echo.onText(t -> one.run());
                echo.onBinary(b -> one.run());
                pos.onBinary(b -> one.run());
                sink.onText(sinkReply::complete);
                for (int i = 0; i < 50; i++) {
                    pending[0] += 3;
                    echo.send("warm-up " + i);
                    echo.send(new byte[64 + i]);
                    pos.send(new byte[64]);
                }
            });
            echoes.get(5, TimeUnit.SECONDS);
            if (bulk) {
                bulk(client, sink, 4 << 20, 16 * 1024);
                bulk(client, sink, 1 << 20, 1024);
            } else {
                client.context().runOnContext(v -> {
                    sink.send(new byte[1000]);
                    sink.send("done");
                });
            }
            sinkReply.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // unreliable pos messages may be lost: a missing echo must not stop the server from starting
        } finally {
            client.close().await(5, TimeUnit.SECONDS);
            server.close().await(5, TimeUnit.SECONDS);
        }
    }

    /** Sends {@code total} bytes in {@code size}-byte messages, keeping at most 1 MiB buffered, then "done". */
    private static void bulk(PeerConnection client, DataChannel sink, int total, int size) throws Exception {
        byte[] message = new byte[size];
        int[] sent = {0};
        CompletableFuture<Void> finished = new CompletableFuture<>();
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (sent[0] < total && sink.bufferedAmount() < (1 << 20)) {
                sink.send(message);
                sent[0] += size;
            }
            if (sent[0] >= total) {
                sink.send("done");
                finished.complete(null);
            }
        };
        client.context().runOnContext(v -> {
            sink.bufferedAmountLowThreshold(256 * 1024);
            sink.onBufferedAmountLow(pump[0]);
            pump[0].run();
        });
        finished.get(2, TimeUnit.SECONDS);
    }
}
