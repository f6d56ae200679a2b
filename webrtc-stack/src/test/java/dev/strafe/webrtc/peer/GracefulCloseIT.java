package dev.strafe.webrtc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.datachannel.DataChannel;
import dev.strafe.webrtc.datachannel.DataChannelInit;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PeerConnection#closeGracefully}: everything sent before the call arrives (SCTP SHUTDOWN waits for the
 * acknowledgements), then both sides end closed and the server's endpoint has no peer left.
 */
class GracefulCloseIT {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void dataSentBeforeAGracefulCloseArrivesThenBothSidesClose() throws Exception {
        StackSettings settings = StackSettings.builder().bindHost("127.0.0.1").advertisedAddress("127.0.0.1")
            .allowedRemoteNetworks("127.0.0.0/8").sockets(1).build();
        UdpEndpoint endpoint = UdpEndpoint.bind(vertx, settings).await(20, TimeUnit.SECONDS);
        PeerConnection client = PeerConnection.offer(vertx, settings).await(20, TimeUnit.SECONDS);
        CompletableFuture<DataChannel> opened = new CompletableFuture<>();
        client.createDataChannel("bulk", DataChannelInit.DEFAULT, ch -> ch.onOpen(() -> opened.complete(ch)));
        PeerConnection server = PeerConnection.answer(endpoint, client.localDescription());
        AtomicLong received = new AtomicLong();
        server.onDataChannel(ch -> ch.onBinary(b -> received.addAndGet(b.length)));
        client.setRemoteDescription(server.localDescription()).await(20, TimeUnit.SECONDS);
        DataChannel bulk = opened.get(20, TimeUnit.SECONDS);

        int total = 2 << 20;
        CompletableFuture<Void> queued = new CompletableFuture<>();
        client.context().runOnContext(v -> {
            byte[] message = new byte[16 * 1024];
            for (int sent = 0; sent < total; sent += message.length) {
                bulk.send(message); // 2 MiB fits the send buffer: most of it is still unacknowledged below
            }
            queued.complete(null);
        });
        queued.get(10, TimeUnit.SECONDS);
        client.closeGracefully(Duration.ofSeconds(10)).await(20, TimeUnit.SECONDS);
        server.closed().await(20, TimeUnit.SECONDS);

        assertEquals(total, received.get(), "bytes delivered before the association closed");
        assertEquals(PeerConnection.State.CLOSED, server.connectionState());
        assertTrue(waitFor(() -> endpoint.metrics().peers() == 0), "server endpoint still has " + endpoint.metrics().peers() + " peers");
        endpoint.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aGracefulCloseThatThePeerNeverAnswersEndsAtItsTimeout() throws Exception {
        StackSettings settings = StackSettings.builder().bindHost("127.0.0.1").advertisedAddress("127.0.0.1")
            .allowedRemoteNetworks("127.0.0.0/8").sockets(1).build();
        Vertx serverVertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        UdpEndpoint endpoint = UdpEndpoint.bind(serverVertx, settings).await(20, TimeUnit.SECONDS);
        PeerConnection client = PeerConnection.offer(vertx, settings).await(20, TimeUnit.SECONDS);
        CompletableFuture<DataChannel> opened = new CompletableFuture<>();
        client.createDataChannel("c", DataChannelInit.DEFAULT, ch -> ch.onOpen(() -> opened.complete(ch)));
        PeerConnection server = PeerConnection.answer(endpoint, client.localDescription());
        client.setRemoteDescription(server.localDescription()).await(20, TimeUnit.SECONDS);
        opened.get(20, TimeUnit.SECONDS);
        // the server vanishes without a word (its sockets close, no ABORT, no close_notify): no SHUTDOWN ACK will come
        serverVertx.close().await(10, TimeUnit.SECONDS);

        long t0 = System.nanoTime();
        client.closeGracefully(Duration.ofMillis(300)).await(10, TimeUnit.SECONDS);
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(PeerConnection.State.CLOSED, client.connectionState());
        // SCTP alone would retransmit its SHUTDOWN for minutes (T2 with back-off up to RTO.max 10 s)
        assertTrue(tookMillis < 3_000, "closed after " + tookMillis + " ms");
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
