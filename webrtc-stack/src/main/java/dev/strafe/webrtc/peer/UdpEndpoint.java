package dev.strafe.webrtc.peer;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import dev.strafe.webrtc.dtls.DtlsCertificate;
import dev.strafe.webrtc.dtls.DtlsEngine;
import dev.strafe.webrtc.dtls.DtlsSettings;
import dev.strafe.webrtc.sdp.Fingerprint;
import dev.strafe.webrtc.sdp.IceCandidate;
import dev.strafe.webrtc.sdp.SdpAnswerer;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's UDP edge: one port shared by every peer, served by one {@link SocketLoop} (a Vert.x
 * {@code DatagramSocket} on its own event loop) per configured socket.
 *
 * <h2>Where a datagram goes</h2>
 * <ol>
 *   <li>{@link PacketDemux} by first byte (RFC 7983): STUN, DTLS, or drop ({@code invalidDatagrams}).</li>
 *   <li>By source address: a peer that passed an ICE check from this address owns it.</li>
 *   <li>Unknown address: only a STUN Binding request whose USERNAME names the local ufrag of a peer we
 *       answered goes on (ICE-lite, RFC 8445 §2.5); the peer's agent then checks MESSAGE-INTEGRITY before
 *       the address is bound. Anything else from an unknown address is dropped without a reply and leaves
 *       no state ({@code droppedUnknownPeer}). Sources outside the allowed remote networks are dropped first
 *       ({@code droppedByFilter}).</li>
 * </ol>
 *
 * <h2>Threading: the owner is the loop that received the first check</h2>
 * With SO_REUSEPORT (native epoll transport) the kernel spreads datagrams over the sockets by a hash of
 * the 4-tuple, so one remote address always reaches the same socket while the socket set is stable. A
 * pending peer becomes owned by the loop whose socket delivered its first ICE check, and all its state
 * (ICE, DTLS records, SCTP, data channels, timers) is touched on that loop only: no locks (STYLE #17/#19).
 * When a datagram for a peer arrives on another loop's socket (path switch to an address that hashes
 * elsewhere), it is copied and handed to the owner with {@code runOnContext} ({@code forwarded}); replies
 * always leave through the owner's socket, which has the same local port. The routing tables themselves are
 * {@link ConcurrentHashMap}s: lock-free reads on the hot path, writes only when a peer binds or leaves.
 *
 * <p>Without the native transport only one socket can bind the port: the endpoint then runs one loop and
 * says so in {@link #nativeTransport()}.
 */
public final class UdpEndpoint {

    private final Vertx vertx;
    private final StackSettings settings;
    final Counters counters = new Counters();
    private final ConcurrentHashMap<InetSocketAddress, RoutedPeer> byAddress = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RoutedPeer> byUfrag = new ConcurrentHashMap<>();
    private final AtomicInteger peerCount = new AtomicInteger();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final List<SocketLoop> loops = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private volatile int localPort;
    private volatile String deploymentId;
    private volatile boolean closed;

    private final DtlsEngine dtlsEngine;
    private volatile SdpAnswerer answerer;

    private UdpEndpoint(Vertx vertx, StackSettings settings, DtlsEngine dtlsEngine) {
        this.vertx = vertx;
        this.settings = settings;
        this.dtlsEngine = dtlsEngine;
    }

    /**
     * Binds {@code settings.sockets()} UDP sockets on {@code settings.bindHost():bindPort()}, one per event
     * loop (SO_REUSEPORT). With an ephemeral port the first socket picks it and the others join it. Without
     * the native transport, binds a single socket.
     */
    public static Future<UdpEndpoint> bind(Vertx vertx, StackSettings settings) {
        return bind(vertx, settings, null);
    }

    /**
     * As {@link #bind(Vertx, StackSettings)} with a given DTLS certificate (loaded, or shared by several
     * endpoints); {@code null} generates one. Key generation and the JCA/Bouncy Castle set-up run on a worker
     * thread, never on an event loop.
     */
    public static Future<UdpEndpoint> bind(Vertx vertx, StackSettings settings, DtlsCertificate certificate) {
        return vertx.executeBlocking(() -> {
            DtlsCertificate cert = certificate != null ? certificate : DtlsCertificate.generate();
            DtlsEngine engine = new DtlsEngine(cert, DtlsSettings.DEFAULT
                .withMtu(settings.mtu())
                .withHandshakeTimeoutMillis((int) Math.min(600_000, settings.handshakeTimeout().toMillis())));
            UdpEndpoint endpoint = new UdpEndpoint(vertx, settings, engine);
            endpoint.random = new SecureRandom();
            endpoint.random.nextLong(); // seeds now, off the event loop
            return endpoint;
        }, false).compose(endpoint -> endpoint.deploy(settings));
    }

    private SecureRandom random;

    private Future<UdpEndpoint> deploy(StackSettings settings) {
        UdpEndpoint endpoint = this;
        int wanted = vertx.isNativeTransportEnabled() ? settings.sockets() : 1;
        // the first socket fixes the port (ephemeral ports too), then the others bind the same one
        return vertx.deployVerticle(() -> new SocketLoop(endpoint, settings.bindPort()), new DeploymentOptions())
            .compose(firstId -> {
                endpoint.localPort = endpoint.loops.getFirst().localPort();
                if (wanted == 1) {
                    return Future.succeededFuture(firstId);
                }
                return vertx.deployVerticle(() -> new SocketLoop(endpoint, endpoint.localPort),
                        new DeploymentOptions().setInstances(wanted - 1))
                    .map(otherId -> firstId + "," + otherId);
            })
            .map(ids -> {
                endpoint.deploymentId = ids;
                endpoint.answerer = new SdpAnswerer(endpoint.fingerprint(),
                    List.of(IceCandidate.host("1", settings.advertisedAddress(), endpoint.localPort)),
                    settings.maxMessageSize(), random);
                return endpoint;
            });
    }

    /** Our certificate's sha-256 fingerprint (as in {@code a=fingerprint}). */
    public Fingerprint fingerprint() {
        return new Fingerprint(Fingerprint.SHA_256, dtlsEngine.certificate().sha256Fingerprint());
    }

    DtlsEngine dtlsEngine() {
        return dtlsEngine;
    }

    SdpAnswerer answerer() {
        return answerer;
    }

    /** Fails pending peers older than the handshake timeout (a periodic task of the first loop). */
    void sweepPending(SocketLoop loop) {
        long now = System.nanoTime();
        if (pendingCount.get() == 0) {
            return;
        }
        for (RoutedPeer p : byUfrag.values()) {
            if (p.owner() == null) {
                p.expireIfPending(loop, now);
            }
        }
    }

    /** Client role: the endpoint's single peer, owned by its single loop from the start. */
    void admitClient(RoutedPeer peer) {
        if (!admit(peer)) {
            throw new IllegalStateException("client endpoint already has a peer");
        }
    }

    public StackSettings settings() {
        return settings;
    }

    Vertx vertx() {
        return vertx;
    }

    /** The UDP port every peer uses (the one in the answers' candidates). */
    public int localPort() {
        return localPort;
    }

    /** Sockets bound to the port (one per event loop). */
    public int socketCount() {
        return loops.size();
    }

    /** Whether the native (epoll) transport is in use, i.e. several sockets can share the port. */
    public boolean nativeTransport() {
        return vertx.isNativeTransportEnabled();
    }

    public EndpointMetrics metrics() {
        Counters c = counters;
        return new EndpointMetrics(c.datagramsIn.sum(), c.datagramsOut.sum(), c.bytesIn.sum(), c.bytesOut.sum(),
            c.invalid.sum(), c.droppedByFilter.sum(), c.droppedUnknownPeer.sum(), c.droppedQueueFull.sum(),
            c.forwarded.sum(), peerCount.get(), pendingCount.get(), c.peersRefused.sum(),
            c.handshakesOk.sum(), c.handshakesFailed.sum(), c.peersClosed.sum(), c.streamResets.sum(),
            c.sctpRetransmissions.sum());
    }

    /** Stops every socket; peers still in the tables are dropped without a goodbye. */
    public Future<Void> close() {
        closed = true;
        String ids = deploymentId;
        if (ids == null) {
            return Future.succeededFuture();
        }
        List<Future<Void>> undeploys = new java.util.ArrayList<>();
        for (String id : ids.split(",")) {
            undeploys.add(vertx.undeploy(id));
        }
        return Future.all(undeploys).mapEmpty();
    }

    boolean isClosed() {
        return closed;
    }

    // ------------------------------------------------------------------ tables (any thread)

    /** Returns true for the first loop. */
    boolean loopStarted(SocketLoop loop) {
        loops.add(loop);
        return loops.size() == 1;
    }

    /** A loop for work that has no owner yet (round-robin). */
    SocketLoop anyLoop() {
        List<SocketLoop> l = loops;
        return l.get(Math.floorMod(nextLoop.getAndIncrement(), l.size()));
    }

    /**
     * Reserves a slot and registers a pending peer under its local ufrag; {@code false} when {@code maxPeers}
     * is reached (counted in {@code peersRefused}) or the ufrag is taken.
     */
    boolean admit(RoutedPeer peer) {
        if (peerCount.incrementAndGet() > settings.maxPeers()) {
            peerCount.decrementAndGet();
            counters.peersRefused.increment();
            return false;
        }
        if (byUfrag.putIfAbsent(peer.localUfrag(), peer) != null) {
            peerCount.decrementAndGet();
            return false;
        }
        pendingCount.incrementAndGet();
        return true;
    }

    /** The pending peer got its owner loop (first valid check). */
    void claimed(RoutedPeer peer) {
        pendingCount.decrementAndGet();
    }

    /** Binds {@code address} to {@code peer} after a check from it passed integrity. */
    void bindAddress(InetSocketAddress address, RoutedPeer peer) {
        byAddress.put(address, peer);
    }

    void unbindAddress(InetSocketAddress address, RoutedPeer peer) {
        byAddress.remove(address, peer);
    }

    /** Removes {@code peer} and all of its addresses from the tables. */
    void remove(RoutedPeer peer, Iterable<InetSocketAddress> addresses, boolean wasPending) {
        if (byUfrag.remove(peer.localUfrag(), peer)) {
            for (InetSocketAddress a : addresses) {
                byAddress.remove(a, peer);
            }
            peerCount.decrementAndGet();
            if (wasPending) {
                pendingCount.decrementAndGet();
            }
            counters.peersClosed.increment();
        }
    }

    RoutedPeer peerAt(InetSocketAddress address) {
        return byAddress.get(address);
    }

    RoutedPeer peerByUfrag(String ufrag) {
        return byUfrag.get(ufrag);
    }

    /** Counters shared by all loops ({@link LongAdder}: contention-free increments from every loop). */
    static final class Counters {
        final LongAdder datagramsIn = new LongAdder();
        final LongAdder datagramsOut = new LongAdder();
        final LongAdder bytesIn = new LongAdder();
        final LongAdder bytesOut = new LongAdder();
        final LongAdder invalid = new LongAdder();
        final LongAdder droppedByFilter = new LongAdder();
        final LongAdder droppedUnknownPeer = new LongAdder();
        final LongAdder droppedQueueFull = new LongAdder();
        final LongAdder forwarded = new LongAdder();
        final LongAdder peersRefused = new LongAdder();
        final LongAdder handshakesOk = new LongAdder();
        final LongAdder handshakesFailed = new LongAdder();
        final LongAdder peersClosed = new LongAdder();
        final LongAdder streamResets = new LongAdder();
        final LongAdder sctpRetransmissions = new LongAdder();
    }
}
