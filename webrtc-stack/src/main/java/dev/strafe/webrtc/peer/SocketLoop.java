package dev.strafe.webrtc.peer;

import dev.strafe.webrtc.ice.IceCredentialsRegistry;
import dev.strafe.webrtc.ice.IceLiteServer;
import io.netty.channel.ChannelOption;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.SocketAddressImpl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * One UDP socket of the {@link UdpEndpoint} on its own event loop, and that loop's peer timers. Every peer
 * owned by this loop is driven from here: datagrams in ({@link #onPacket}), datagrams out ({@link #send}),
 * deadlines ({@link #schedule}) through one {@link DeadlineTimers} per loop instead of one Vert.x timer per peer.
 */
final class SocketLoop extends VerticleBase {

    private final UdpEndpoint endpoint;
    private final int port;
    private final UdpEndpoint.Counters counters;
    private DatagramSocket socket;
    private DeadlineTimers<RoutedPeer> timers;
    private IceLiteServer iceServer;
    private final byte[] scratch = new byte[2048];
    private long sweepTimer = -1;

    SocketLoop(UdpEndpoint endpoint, int port) {
        this.endpoint = endpoint;
        this.port = port;
        this.counters = endpoint.counters;
    }

    @Override
    public Future<?> start() {
        StackSettings s = endpoint.settings();
        // No setReceiveBufferSize here: Vert.x would also install a FixedRecvByteBufAllocator of that size,
        // i.e. allocate (and zero) a 2 MiB direct buffer for every datagram read. SO_RCVBUF/SO_SNDBUF are set
        // on the Netty channel below instead.
        // No SO_REUSEADDR, and SO_REUSEPORT only where several sockets share the port: with either, Linux lets an
        // ephemeral UDP bind land on a port another such socket already holds and then splits that port's
        // datagrams between the two (seen: concurrent Java clients' handshakes stalled, each dropping the other's
        // datagrams as "unknown peer"; ClientEndpointPortTest)
        DatagramSocketOptions options = new DatagramSocketOptions()
            .setReuseAddress(false)
            .setReusePort(vertx.isNativeTransportEnabled() && s.sockets() > 1)
            .setIpV6(s.bindHost().indexOf(':') >= 0);
        socket = vertx.createDatagramSocket(options);
        socket.handler(this::onPacket);
        timers = new DeadlineTimers<>(vertx, s.maxPeers() + 16, this::fire);
        iceServer = new IceLiteServer(new IceCredentialsRegistry(s.maxPeers()));
        return socket.listen(port, s.bindHost()).onSuccess(ok -> {
            channel = nettyChannel(socket);
            if (channel != null) {
                channel.config().setOption(ChannelOption.SO_RCVBUF, s.udpReceiveBufferBytes());
                channel.config().setOption(ChannelOption.SO_SNDBUF, s.udpSendBufferBytes());
                useRecvmmsg(channel);
                channel.pipeline().addFirst("strafe-inbound", new Inbound());
            }
            if (endpoint.loopStarted(this)) {
                // the first loop sweeps peers that were answered but never checked (handshake timeout)
                sweepTimer = vertx.setPeriodic(1000, id -> endpoint.sweepPending(this));
            }
        });
    }

    @Override
    public Future<?> stop() {
        flushChannel(); // datagrams written in this turn (an ABORT, a close_notify) leave before the socket closes
        timers.close();
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
        return socket.close();
    }

    Context context() {
        return context;
    }

    /** This loop's ICE-lite responder; its registry holds the agents of the peers this loop owns. */
    IceLiteServer iceServer() {
        return iceServer;
    }

    /** A buffer for one outgoing datagram, reused by whatever runs on this loop right now. */
    byte[] scratch() {
        return scratch;
    }

    UdpEndpoint endpoint() {
        return endpoint;
    }

    int localPort() {
        return socket.localAddress().port();
    }

    /** Whether the caller runs on this loop's context. */
    boolean onLoop() {
        return io.vertx.core.Vertx.currentContext() == context;
    }

    /** Vert.x's path (only when the Netty channel is not reachable): copy, then the common route. */
    private void onPacket(DatagramPacket packet) {
        Buffer buffer = packet.data();
        InetSocketAddress from = inet(packet.sender());
        if (from == null) {
            counters.datagramsIn.increment();
            counters.invalid.increment();
            return;
        }
        byte[] data = buffer.getBytes();
        route(data, data.length, from, false);
    }

    /**
     * The fast path: a Netty handler at the head of the socket's pipeline takes each datagram before Vert.x
     * wraps it, copies its payload into this loop's receive buffer (no allocation) and routes it inside the
     * loop's context ({@code beginDispatch}: application callbacks see {@code Vertx.currentContext()}). After
     * the read batch ({@code channelReadComplete}) everything the peers wrote is flushed at once.
     */
    private final class Inbound extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof io.netty.channel.socket.DatagramPacket packet)) {
                ctx.fireChannelRead(msg);
                return;
            }
            io.vertx.core.internal.ContextInternal ci = (io.vertx.core.internal.ContextInternal) context;
            io.vertx.core.internal.ContextInternal prev = ci.beginDispatch();
            try {
                io.netty.buffer.ByteBuf content = packet.content();
                int len = content.readableBytes();
                if (len > receiveBuffer.length) {
                    counters.datagramsIn.increment();
                    counters.invalid.increment();
                    return;
                }
                content.getBytes(content.readerIndex(), receiveBuffer, 0, len);
                inReadBatch = true;
                route(receiveBuffer, len, packet.sender(), true);
            } catch (RuntimeException e) {
                // a bug, not a bad peer (peers' input never throws): keep the loop alive, say it loudly
                org.slf4j.LoggerFactory.getLogger(SocketLoop.class).error("datagram handling failed", e);
            } finally {
                ci.endDispatch(prev);
                packet.release();
            }
        }

        @Override
        public void channelReadComplete(io.netty.channel.ChannelHandlerContext ctx) {
            inReadBatch = false;
            if (!dirty.isEmpty()) {
                io.vertx.core.internal.ContextInternal ci = (io.vertx.core.internal.ContextInternal) context;
                io.vertx.core.internal.ContextInternal prev = ci.beginDispatch();
                try {
                    long now = System.nanoTime();
                    for (int i = 0; i < dirty.size(); i++) {
                        dirty.get(i).flushDeferred(now);
                    }
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(SocketLoop.class).error("peer flush failed", e);
                } finally {
                    dirty.clear();
                    ci.endDispatch(prev);
                }
            }
            flushNow();
            ctx.fireChannelReadComplete();
        }
    }

    /**
     * True while Netty delivers one read batch (up to 16 datagrams per socket wake-up): peers that got input
     * defer their SCTP output to the end of the batch, so replies to a burst leave bundled in few packets.
     */
    private boolean inReadBatch;
    private final java.util.ArrayList<RoutedPeer> dirty = new java.util.ArrayList<>();

    /** Whether output may wait for the end of the current read batch ({@link #deferFlush}). */
    boolean inReadBatch() {
        return inReadBatch;
    }

    /** {@code peer} flushes at the end of this read batch (it calls this once per batch). */
    void deferFlush(RoutedPeer peer) {
        dirty.add(peer);
    }

    /** Largest datagram accepted (DTLS records of a 1,200-byte MTU peer fit many times over). */
    static final int MAX_DATAGRAM = 2048;
    private final byte[] receiveBuffer = new byte[MAX_DATAGRAM];

    /**
     * Routes one datagram: RFC 7983 → owner of the source address → (unknown address) STUN USERNAME ufrag of a
     * pending peer. {@code shared}: {@code data} is this loop's receive buffer, valid only during the call.
     */
    private void route(byte[] data, int len, InetSocketAddress from, boolean shared) {
        counters.datagramsIn.increment();
        counters.bytesIn.add(len);
        PacketDemux.Route route = PacketDemux.route(data, 0, len);
        if (route == PacketDemux.Route.DROP) {
            counters.invalid.increment();
            return;
        }
        long now = System.nanoTime();
        RoutedPeer peer = endpoint.peerAt(from);
        if (peer == null) {
            if (!endpoint.settings().allows(from.getAddress().getAddress())) {
                counters.droppedByFilter.increment();
                return;
            }
            String ufrag = route == PacketDemux.Route.STUN ? StunUsername.localUfrag(data, 0, len) : null;
            peer = ufrag == null ? null : endpoint.peerByUfrag(ufrag);
            if (peer == null) {
                counters.droppedUnknownPeer.increment();
                return;
            }
            if (peer.owner() == null) {
                peer.claim(this);
            }
        }
        SocketLoop owner = peer.owner();
        if (owner == this) {
            peer.onDatagram(route, data, 0, len, from, now);
        } else {
            counters.forwarded.increment();
            RoutedPeer target = peer;
            byte[] copy = shared ? java.util.Arrays.copyOf(data, len) : data;
            owner.context.runOnContext(v -> target.onDatagram(route, copy, 0, len, from, System.nanoTime()));
        }
    }

    /**
     * Sends one datagram from this loop's socket (same local port as every other loop). On this loop's thread
     * the datagram is written to the Netty channel and one flush is posted for the whole burst (a read batch,
     * a timer round): many datagrams per wake-up, no name resolution, no future per datagram. Elsewhere (or
     * if the channel is not reachable) it goes through the public {@code DatagramSocket.send}.
     */
    void send(byte[] data, int off, int len, InetSocketAddress to) {
        counters.datagramsOut.increment();
        counters.bytesOut.add(len);
        io.netty.channel.Channel ch = channel;
        if (ch != null && ch.eventLoop().inEventLoop()) {
            // a pooled direct buffer: the epoll transport would otherwise copy a heap buffer into one again
            io.netty.buffer.ByteBuf buf = ch.alloc().directBuffer(len).writeBytes(data, off, len);
            ch.write(new io.netty.channel.socket.DatagramPacket(buf, to), ch.voidPromise());
            if (!flushPosted) {
                flushPosted = true;
                ch.eventLoop().execute(flushTask);
            }
        } else {
            socket.send(Buffer.buffer(len).appendBytes(data, off, len), to.getPort(), to.getAddress().getHostAddress());
        }
    }

    private boolean flushPosted;
    private final Runnable flushTask = this::flushChannel;
    private volatile io.netty.channel.Channel channel;

    /** Sends what was written in this turn now (before a close), instead of at the end of the burst. */
    void flushNow() {
        if (flushPosted) {
            flushChannel();
        }
    }

    private void flushChannel() {
        flushPosted = false;
        io.netty.channel.Channel ch = channel;
        if (ch != null) {
            ch.flush();
        }
    }

    /** Datagrams one {@code recvmmsg} call may return (one read batch is at most this many system calls' worth). */
    static final int DATAGRAMS_PER_READ = 16;

    /**
     * On the epoll transport, reads with {@code recvmmsg}: up to {@link #DATAGRAMS_PER_READ} datagrams per system
     * call into one pooled buffer, sliced per datagram (Netty's scattering read, enabled by a maximum datagram
     * size smaller than the read buffer). One call per wake-up instead of one per datagram plus the final
     * {@code EAGAIN}. Other transports keep one {@code recvmsg} per datagram.
     */
    @SuppressWarnings("unchecked")
    private static void useRecvmmsg(io.netty.channel.Channel channel) {
        // by name: the native transport is a runtime dependency; its option constant exists once it is loaded
        String name = "MAX_DATAGRAM_PAYLOAD_SIZE"; // EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE's pool name
        if (!channel.getClass().getName().startsWith("io.netty.channel.epoll.")) {
            return;
        }
        try {
            Class.forName("io.netty.channel.epoll.EpollChannelOption", true, channel.getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            return;
        }
        ChannelOption<Integer> maxPayload = (ChannelOption<Integer>) (ChannelOption<?>) ChannelOption.valueOf(name);
        if (channel.config().setOption(maxPayload, MAX_DATAGRAM)) {
            channel.config().setRecvByteBufAllocator(new io.netty.channel.FixedRecvByteBufAllocator(MAX_DATAGRAM * DATAGRAMS_PER_READ));
            // the pooled allocator keeps the 32 KiB read buffer in this thread's cache; Netty 4.2's default
            // (adaptive) allocator does not pool that size and, on JDK 25, frees each such direct buffer by closing
            // a shared memory arena: a handshake with every JVM thread per read (seen as VM-thread CPU)
            channel.config().setAllocator(io.netty.buffer.PooledByteBufAllocator.DEFAULT);
        }
    }

    /**
     * The Netty channel under a Vert.x {@code DatagramSocket} (a private field of {@code DatagramSocketImpl}),
     * or null when this Vert.x version hides it: then sends take the public path and socket buffers stay at
     * the OS defaults.
     */
    static io.netty.channel.Channel nettyChannel(DatagramSocket socket) {
        try {
            java.lang.reflect.Field f = socket.getClass().getDeclaredField("channel");
            f.setAccessible(true);
            return (io.netty.channel.Channel) f.get(socket);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Asks for {@link RoutedPeer#onTimer} at {@code deadlineNanos} (replaces the peer's earlier deadline). */
    void schedule(RoutedPeer peer, long deadlineNanos) {
        timers.schedule(peer, deadlineNanos);
    }

    void cancel(RoutedPeer peer) {
        timers.cancel(peer);
    }

    private void fire(RoutedPeer peer, long now) {
        peer.onTimer(now);
    }

    static InetSocketAddress inet(SocketAddress address) {
        if (address instanceof SocketAddressImpl impl && impl.ipAddress() != null) {
            return new InetSocketAddress(impl.ipAddress(), impl.port());
        }
        try {
            // hostAddress() is an IP literal for datagram senders: no name lookup happens
            return new InetSocketAddress(InetAddress.getByName(address.hostAddress()), address.port());
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
