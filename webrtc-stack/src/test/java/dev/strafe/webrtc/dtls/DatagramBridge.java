package dev.strafe.webrtc.dtls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * Two DTLS sessions on one single-threaded "event loop", joined by an in-memory datagram pipe that can drop
 * datagrams by direction and index (STYLE #31). Every callback is checked to run on the loop thread.
 */
final class DatagramBridge implements AutoCloseable {

    enum Direction { CLIENT_TO_SERVER, SERVER_TO_CLIENT }

    final ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-event-loop"));
    final Side server;
    final Side client;
    /** (direction, index within that direction) → drop? */
    volatile BiPredicate<Direction, Integer> drop = (d, i) -> false;
    /** Rewrites a datagram in flight (direction, index, bytes) → bytes, or null to lose it. */
    volatile Transform transform = (d, i, bytes) -> bytes;
    final List<String> threadViolations = new ArrayList<>();

    DatagramBridge(DtlsEngine serverEngine, byte[] serverExpects, DtlsEngine clientEngine, byte[] clientExpects) {
        server = new Side("server");
        client = new Side("client");
        server.session = serverEngine.newSession(DtlsRole.SERVER, serverExpects, new byte[] {127, 0, 0, 1, 0x13, (byte) 0x88},
                loop, (b, o, l) -> deliver(Direction.SERVER_TO_CLIENT, client, b, o, l), server);
        client.session = clientEngine.newSession(DtlsRole.CLIENT, clientExpects, new byte[0],
                loop, (b, o, l) -> deliver(Direction.CLIENT_TO_SERVER, server, b, o, l), client);
    }

    void start() {
        run(() -> {
            server.session.start();
            client.session.start();
        });
    }

    void run(Runnable task) {
        try {
            loop.submit(task).get(30, TimeUnit.SECONDS); // a bound against hangs: a loaded CI machine is slow
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void deliver(Direction direction, Side to, byte[] b, int o, int l) {
        checkThread();
        Side from = to == server ? client : server;
        int index = from.sent++;
        from.sentBytes.add(Arrays.copyOfRange(b, o, o + l));
        if (drop.test(direction, index)) {
            return;
        }
        byte[] copy = transform.apply(direction, index, Arrays.copyOfRange(b, o, o + l));
        if (copy == null) {
            return;
        }
        loop.execute(() -> to.session.handleDatagram(copy, 0, copy.length));
    }

    private void checkThread() {
        if (!Thread.currentThread().getName().equals("test-event-loop")) {
            synchronized (threadViolations) {
                threadViolations.add(Thread.currentThread().getName());
            }
        }
    }

    interface Transform {
        byte[] apply(Direction direction, int index, byte[] datagram);
    }

    final class Side implements DtlsListener {
        final String name;
        DtlsSession session;
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final CompletableFuture<DtlsClosed> closed = new CompletableFuture<>();
        final List<byte[]> received = new ArrayList<>();
        final List<byte[]> sentBytes = new ArrayList<>();
        int sent;

        Side(String name) {
            this.name = name;
        }

        @Override
        public void onHandshakeComplete(DtlsSession s) {
            checkThread();
            connected.complete(null);
        }

        @Override
        public void onApplicationData(DtlsSession s, byte[] data, int offset, int length) {
            checkThread();
            received.add(Arrays.copyOfRange(data, offset, offset + length));
        }

        @Override
        public void onClosed(DtlsSession s, DtlsClosed c) {
            checkThread();
            connected.completeExceptionally(new IllegalStateException(c.toString()));
            if (!closed.complete(c)) {
                threadViolations.add(name + " closed twice: " + c);
            }
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }

    /** Test tear-down: fails if any callback ran off the owner thread (or a session closed twice), then closes. */
    void assertOwnerThreadOnlyAndClose() {
        try {
            org.junit.jupiter.api.Assertions.assertEquals(List.of(), threadViolations, "callbacks off the owner thread");
        } finally {
            close();
        }
    }
}
