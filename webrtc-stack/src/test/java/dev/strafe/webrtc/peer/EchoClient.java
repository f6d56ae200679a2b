package dev.strafe.webrtc.peer;

import dev.strafe.webrtc.datachannel.DataChannel;
import dev.strafe.webrtc.datachannel.DataChannelInit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The Java client role against an echo server over HTTP signaling (test helper): creates the channels, POSTs
 * the offer, applies the answer, and collects every message per channel into a queue the test thread reads.
 */
final class EchoClient implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final PeerConnection pc;
    final Map<String, DataChannel> channels = new ConcurrentHashMap<>();
    final Map<String, BlockingQueue<Object>> inbox = new ConcurrentHashMap<>();

    private EchoClient(PeerConnection pc) {
        this.pc = pc;
    }

    record Spec(String label, DataChannelInit init) {
    }

    static Spec reliable(String label) {
        return new Spec(label, DataChannelInit.DEFAULT);
    }

    static Spec unreliable(String label) {
        return new Spec(label, DataChannelInit.builder().ordered(false).maxRetransmits(0).build());
    }

    /** Connects to {@code baseUrl} with the given channels; the answer may be edited first (tests of refusal). */
    static EchoClient connect(Vertx vertx, String baseUrl, List<Spec> specs, UnaryOperator<String> editOffer,
                              UnaryOperator<String> editAnswer) throws Exception {
        PeerConnection pc = PeerConnection.offer(vertx, StackSettings.defaults()).await(10, TimeUnit.SECONDS);
        EchoClient client = new EchoClient(pc);
        List<CompletableFuture<Void>> opened = new ArrayList<>();
        for (Spec spec : specs) {
            BlockingQueue<Object> q = new LinkedBlockingQueue<>();
            client.inbox.put(spec.label(), q);
            CompletableFuture<Void> open = new CompletableFuture<>();
            opened.add(open);
            pc.createDataChannel(spec.label(), spec.init(), ch -> {
                client.channels.put(spec.label(), ch);
                ch.onText(q::add);
                ch.onBinary(q::add);
                ch.onOpen(() -> open.complete(null));
                ch.onError(e -> open.completeExceptionally(new IllegalStateException(e)));
            });
        }
        String offer = editOffer.apply(pc.localDescription());
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/offer"))
            .header("content-type", "application/sdp").timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(offer)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            pc.close();
            throw new IllegalStateException("POST /offer -> " + r.statusCode() + ": " + r.body());
        }
        try {
            pc.setRemoteDescription(editAnswer.apply(r.body())).await(15, TimeUnit.SECONDS);
            CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            pc.close();
            throw e;
        }
        return client;
    }

    static EchoClient connect(Vertx vertx, String baseUrl, List<Spec> specs) throws Exception {
        return connect(vertx, baseUrl, specs, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /** Runs {@code action} on the peer's event loop (data channels are confined to it) and waits. */
    void onLoop(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pc.context().runOnContext(v -> {
            try {
                action.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        done.get(10, TimeUnit.SECONDS);
    }

    Object next(String label, long timeoutMs) throws InterruptedException {
        Object m = inbox.get(label).poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no message on " + label + " within " + timeoutMs + " ms");
        }
        return m;
    }

    static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() {
        Future<Void> f = pc.close();
        try {
            f.await(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("peer connection did not close within 10 s", e);
        }
    }
}
