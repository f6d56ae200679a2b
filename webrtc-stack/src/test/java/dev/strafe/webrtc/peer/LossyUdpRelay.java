package dev.strafe.webrtc.peer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A simulated network between one client and a server on loopback: the client talks to {@link #port()}, the
 * relay forwards to the server from a second socket, and back. Each direction drops datagrams with a seeded
 * probability, delays them by a fixed time, and can drop chosen datagrams ({@code dropFirst}) to lose whole
 * handshake flights deterministically. Real sockets and real time (DTLS retransmits on Bouncy Castle's wall
 * clock), bounded by the tests' timeouts.
 */
final class LossyUdpRelay implements AutoCloseable {

    private final DatagramSocket clientSide;
    private volatile DatagramSocket serverSide;
    private final InetSocketAddress server;
    private final ScheduledExecutorService delay = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-delay");
        t.setDaemon(true);
        return t;
    });
    private final Random random;
    private final double loss;
    private final long delayMillis;
    private final Predicate<byte[]> dropToServer;
    private final Predicate<byte[]> dropToClient;
    private volatile InetSocketAddress client;
    /** While true every datagram in both directions is dropped (the path is dead). */
    volatile boolean blackhole;
    final AtomicInteger forwarded = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();
    private final Thread up;
    private volatile Thread down;

    LossyUdpRelay(InetSocketAddress server, long seed, double loss, long delayMillis,
                  Predicate<byte[]> dropToServer, Predicate<byte[]> dropToClient) throws SocketException {
        this.server = server;
        this.random = new Random(seed);
        this.loss = loss;
        this.delayMillis = delayMillis;
        this.dropToServer = dropToServer;
        this.dropToClient = dropToClient;
        InetAddress lo = InetAddress.getLoopbackAddress();
        clientSide = new DatagramSocket(0, lo);
        serverSide = new DatagramSocket(0, lo);
        up = Thread.ofPlatform().daemon().name("relay-up").start(() -> pump(clientSide, true));
        down = Thread.ofPlatform().daemon().name("relay-down").start(() -> pump(serverSide, false));
    }

    /**
     * NAT rebinding: from now on the relay talks to the server from a new local port (a new socket); the old
     * one is closed, so the server's datagrams to the old address are lost until it switches path.
     */
    void rebind() throws SocketException {
        DatagramSocket old = serverSide;
        serverSide = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket fresh = serverSide;
        down = Thread.ofPlatform().daemon().name("relay-down-2").start(() -> pump(fresh, false));
        old.close();
    }

    int serverSidePort() {
        return serverSide.getLocalPort();
    }

    int port() {
        return clientSide.getLocalPort();
    }

    /** Drops the first {@code n} datagrams whose first byte is in [lo, hi] (e.g. DTLS 20..63). */
    static Predicate<byte[]> dropFirst(int n, int lo, int hi) {
        AtomicInteger left = new AtomicInteger(n);
        return d -> (d[0] & 0xFF) >= lo && (d[0] & 0xFF) <= hi && left.getAndDecrement() > 0;
    }

    private void pump(DatagramSocket in, boolean toServer) {
        byte[] buf = new byte[2048];
        while (!in.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                in.receive(p);
            } catch (IOException e) {
                return;
            }
            byte[] data = java.util.Arrays.copyOf(p.getData(), p.getLength());
            if (toServer) {
                client = (InetSocketAddress) p.getSocketAddress();
            }
            boolean drop;
            synchronized (random) {
                drop = random.nextDouble() < loss;
            }
            if (drop || blackhole || (toServer ? dropToServer : dropToClient).test(data)) {
                dropped.incrementAndGet();
                continue;
            }
            DatagramSocket out = toServer ? serverSide : clientSide; // read per datagram: rebind() switches it
            InetSocketAddress to = toServer ? server : client;
            Runnable send = () -> {
                try {
                    out.send(new DatagramPacket(data, data.length, to));
                    forwarded.incrementAndGet();
                } catch (IOException ignored) {
                    // closed
                }
            };
            if (delayMillis > 0) {
                delay.schedule(send, delayMillis, TimeUnit.MILLISECONDS);
            } else {
                send.run();
            }
        }
    }

    @Override
    public void close() {
        clientSide.close();
        serverSide.close();
        delay.shutdownNow();
        try {
            up.join(1000);
            down.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
