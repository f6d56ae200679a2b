package dev.strafe.webrtc.example;

import dev.strafe.webrtc.datachannel.DataChannel;
import dev.strafe.webrtc.datachannel.DataChannelInit;
import dev.strafe.webrtc.peer.PeerConnection;
import dev.strafe.webrtc.peer.StackSettings;
import dev.strafe.webrtc.peer.UdpEndpoint;
import dev.strafe.webrtc.sdp.SdpException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The echo server of {@code ../shared/bench/echo/CONTRACT.md} on the Strafe stack: how the stack is measured
 * against libdatachannel and Pion, and what the Chromium end-to-end test talks to.
 *
 * <ul>
 *   <li>HTTP on {@code 127.0.0.1:PORT} (Vert.x core, no vertx-web): {@code POST /offer} raw SDP → {@code 201}
 *       raw SDP answer ({@code application/sdp}); {@code GET /health} → {@code ok}; {@code GET /stats} → the
 *       endpoint's metrics as JSON (peers, stream resets, datagram counters...).</li>
 *   <li>UDP on 127.0.0.1 (one port for all peers, ephemeral unless {@code --udp-port}), advertising
 *       127.0.0.1.</li>
 *   <li>Channels: label {@code sink} counts binary bytes and answers the string {@code done} with the decimal
 *       count, then resets it; every other label (the contract's {@code echo}, the test's {@code pos}/{@code tx})
 *       sends each message back on the same channel with the same type.</li>
 *   <li>Extension for pre-negotiated channels: {@code POST /offer?negotiated=0:u,1} creates echo channels
 *       {@code negotiated:true} with ids 0 (unordered, {@code maxRetransmits:0}: {@code :u}) and 1 (reliable).</li>
 *   <li>A peer that goes {@code disconnected}/{@code failed} is closed (as the reference server does).</li>
 * </ul>
 *
 * <p>Run: {@code webrtc-stack/echo-server.sh PORT [--udp-port N] [--sockets N]}.
 */
public final class EchoServer {

    private final Vertx vertx;
    private final UdpEndpoint endpoint;
    private final LongAdder offers = new LongAdder();
    private final LongAdder offersRefused = new LongAdder();
    /** False while the JIT warm-up runs: {@code /health} says 503 (a load balancer keeps traffic away). */
    private volatile boolean ready;

    private EchoServer(Vertx vertx, UdpEndpoint endpoint) {
        this.vertx = vertx;
        this.endpoint = endpoint;
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: EchoServer PORT [--udp-port N] [--sockets N] [--warmup SECONDS]");
            System.exit(2);
        }
        int httpPort = Integer.parseInt(args[0]);
        int udpPort = 0;
        int sockets = 2;
        double warmup = 0;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--udp-port" -> udpPort = Integer.parseInt(args[i + 1]);
                case "--sockets" -> sockets = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Double.parseDouble(args[i + 1]);
                default -> {
                    System.err.println("EchoServer: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        StackSettings settings = StackSettings.builder()
            .bindHost("127.0.0.1").bindPort(udpPort).advertisedAddress("127.0.0.1")
            .allowedRemoteNetworks("127.0.0.0/8")
            .sockets(sockets)
            .build();
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(sockets + 1));
        start(vertx, settings, httpPort, warmup).onComplete(ar -> {
            if (ar.failed()) {
                System.err.println("EchoServer: start failed: " + ar.cause());
                ar.cause().printStackTrace();
                vertx.close();
                System.exit(1);
            }
            EchoServer s = ar.result();
            System.out.println("EchoServer: http://127.0.0.1:" + httpPort + " udp 127.0.0.1:" + s.endpoint.localPort()
                + " sockets=" + s.endpoint.socketCount() + " native=" + s.endpoint.nativeTransport());
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
    }

    /** Binds the UDP endpoint, then the HTTP server; for tests that run it in-process. */
    public static Future<EchoServer> start(Vertx vertx, StackSettings settings, int httpPort) {
        return start(vertx, settings, httpPort, 0);
    }

    /**
     * Binds the UDP endpoint and the HTTP server, then warms the JIT for {@code warmupSeconds} ({@link Warmup}:
     * real clients through {@code POST /offer}); {@code /health} answers 503 until the warm-up has ended, and the
     * returned future completes then.
     */
    public static Future<EchoServer> start(Vertx vertx, StackSettings settings, int httpPort, double warmupSeconds) {
        return UdpEndpoint.bind(vertx, settings).compose(endpoint -> {
            EchoServer server = new EchoServer(vertx, endpoint);
            HttpServer http = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(httpPort));
            http.requestHandler(server::onRequest);
            return http.listen().compose(listening -> {
                io.vertx.core.Promise<EchoServer> warmed = io.vertx.core.Promise.promise();
                Thread.ofPlatform().name("echo-warmup").start(() -> {
                    try {
                        Warmup.run(vertx, listening.actualPort(), warmupSeconds);
                    } catch (RuntimeException e) {
                        System.err.println("EchoServer: warm-up failed, starting cold: " + e);
                    }
                    server.ready = true;
                    warmed.complete(server);
                });
                return warmed.future();
            });
        });
    }

    public UdpEndpoint endpoint() {
        return endpoint;
    }

    private void onRequest(HttpServerRequest req) {
        String path = req.path();
        switch (path) {
            case "/health" -> {
                if (ready) {
                    req.response().putHeader("content-type", "text/plain").end("ok");
                } else {
                    req.response().setStatusCode(503).putHeader("content-type", "text/plain").end("warming up");
                }
            }
            case "/stats" -> req.response().putHeader("content-type", "application/json")
                .end(endpoint.metrics().toJson().replaceFirst("\\{", "{\"offers\":" + offers.sum()
                    + ",\"offersRefused\":" + offersRefused.sum() + ","));
            case "/offer" -> {
                if (req.method() != io.vertx.core.http.HttpMethod.POST) {
                    req.response().setStatusCode(405).end();
                    return;
                }
                String negotiated = req.getParam("negotiated");
                req.body().onSuccess(body -> answer(req, body.toString(StandardCharsets.UTF_8), negotiated))
                    .onFailure(e -> req.response().setStatusCode(400).end(String.valueOf(e.getMessage())));
            }
            default -> req.response().setStatusCode(404).end();
        }
    }

    private void answer(HttpServerRequest req, String offer, String negotiated) {
        offers.increment();
        List<DataChannelInit> preNegotiated;
        try {
            preNegotiated = parseNegotiated(negotiated);
        } catch (IllegalArgumentException e) {
            req.response().setStatusCode(400).end(e.getMessage() + "\n");
            return;
        }
        PeerConnection pc;
        try {
            pc = PeerConnection.answer(endpoint, offer);
        } catch (SdpException e) {
            offersRefused.increment();
            req.response().setStatusCode(400).putHeader("content-type", "text/plain").end(e.getMessage() + "\n");
            return;
        } catch (IllegalStateException e) {
            offersRefused.increment();
            req.response().setStatusCode(503).putHeader("content-type", "text/plain").end(e.getMessage() + "\n");
            return;
        }
        pc.onDataChannel(EchoServer::serve);
        // negotiated channels exist before the association does (they open with it)
        for (DataChannelInit init : preNegotiated) {
            serve(pc.createDataChannel(init.ordered() ? "tx" : "pos", init));
        }
        pc.onConnectionStateChange(state -> {
            if (state == PeerConnection.State.DISCONNECTED || state == PeerConnection.State.FAILED) {
                pc.close();
            }
        });
        req.response().setStatusCode(201).putHeader("content-type", "application/sdp").end(pc.localDescription());
    }

    /** {@code sink}: count binary bytes, answer {@code done}; anything else: echo with the same type. */
    static void serve(DataChannel channel) {
        if ("sink".equals(channel.label())) {
            long[] count = {0};
            channel.onBinary(bytes -> count[0] += bytes.length);
            channel.onText(text -> {
                if ("done".equals(text)) {
                    channel.send(Long.toString(count[0]));
                    count[0] = 0;
                }
            });
        } else {
            channel.onText(channel::send);
            channel.onBinary(channel::send);
        }
    }

    /** {@code "0:u,1"} → negotiated echo channels id 0 unordered/maxRetransmits 0, id 1 reliable. */
    static List<DataChannelInit> parseNegotiated(String spec) {
        List<DataChannelInit> out = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String part : spec.split(",")) {
            String[] f = part.strip().split(":");
            int id;
            try {
                id = Integer.parseInt(f[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("negotiated: \"" + part + "\" (expected: ID or ID:u)");
            }
            boolean unordered = f.length > 1 && "u".equals(f[1]);
            DataChannelInit.Builder b = DataChannelInit.builder().negotiated(true).id(id);
            if (unordered) {
                b.ordered(false).maxRetransmits(0);
            }
            out.add(b.build());
            if (out.size() > 16) {
                throw new IllegalArgumentException("negotiated: " + out.size() + " channels (expected: <= 16)");
            }
        }
        return out;
    }
}
