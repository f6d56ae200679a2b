package dev.strafe.server.edge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strafe.protocol.ProtocolException;
import dev.strafe.protocol.pos.Input;
import dev.strafe.protocol.pos.InputCodec;
import dev.strafe.protocol.pos.SnapshotDecoder;
import dev.strafe.protocol.pos.SnapshotReceiver;
import dev.strafe.protocol.pos.SnapshotState;
import dev.strafe.protocol.tx.JoinRequest;
import dev.strafe.protocol.tx.JoinResponse;
import dev.strafe.protocol.tx.Problem;
import dev.strafe.protocol.tx.RoomEvent;
import dev.strafe.protocol.tx.TxJson;
import dev.strafe.protocol.tx.TxMessage;
import dev.strafe.protocol.tx.TxRequest;
import dev.strafe.protocol.tx.TxResult;
import dev.strafe.webrtc.datachannel.DataChannel;
import dev.strafe.webrtc.datachannel.DataChannelInit;
import dev.strafe.webrtc.peer.PeerConnection;
import dev.strafe.webrtc.peer.StackSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A game client in Java, as the browser SDK behaves (test helper, also used by the load client): joins a room
 * over HTTP ({@code POST /v1/rooms/{room}/join} with the SDP offer), opens {@code pos} (unordered,
 * maxRetransmits 0) and {@code tx} (reliable), sends an {@link Input} at a fixed rate acking the newest applied
 * snapshot, applies snapshots with a {@link SnapshotReceiver}, runs transactions and collects room events.
 *
 * <p>Everything on the peer runs on its event loop; the test thread reads the concurrent fields.
 */
final class GameTestClient implements AutoCloseable {

    /** A join the server refused: HTTP status and problem details. */
    static final class JoinRefused extends Exception {
        final int status;
        final Problem problem;

        JoinRefused(int status, Problem problem, String body) {
            super("join -> " + status + ": " + body, null, false, false);
            this.status = status;
            this.problem = problem;
        }
    }

    /** One applied snapshot as the client holds it after applying it (a copy), for the delta invariant. */
    record Applied(long tick, SnapshotState state, boolean full, long lastInputSequence) {
    }

    static final DataChannelInit POS = DataChannelInit.builder().ordered(false).maxRetransmits(0).build();
    private static final int KEEP_APPLIED = 400;

    final Vertx vertx;
    final PeerConnection pc;
    final JoinResponse join;
    final DataChannel pos;
    final DataChannel tx;

    private final SnapshotReceiver receiver = new SnapshotReceiver(64);
    private final SnapshotDecoder peek = new SnapshotDecoder();
    private final Input input = new Input();
    private final byte[] inputBuf = new byte[InputCodec.ENCODED_LENGTH];
    private long sequence;
    private long timer = -1;
    volatile boolean acks = true;
    volatile boolean record = true;
    volatile int moveX;
    volatile int moveY;
    /** Change direction every 2 s (seeded per client), so players keep moving instead of resting at a wall. */
    volatile boolean wander;
    private java.util.Random random;

    final AtomicLong snapshots = new AtomicLong();
    final AtomicLong fullSnapshots = new AtomicLong();
    final AtomicLong deltaSnapshots = new AtomicLong();
    final AtomicLong notApplied = new AtomicLong();
    final AtomicLong inputsSent = new AtomicLong();
    final AtomicLong snapshotBytes = new AtomicLong();
    final ConcurrentLinkedDeque<Applied> applied = new ConcurrentLinkedDeque<>();
    final Map<String, CompletableFuture<TxResult>> results = new ConcurrentHashMap<>();
    final BlockingQueue<RoomEvent> events = new LinkedBlockingQueue<>();
    final BlockingQueue<String> txMessages = new LinkedBlockingQueue<>();
    volatile SnapshotState latest = new SnapshotState();
    volatile long lastInputSequence;

    private GameTestClient(Vertx vertx, PeerConnection pc, JoinResponse join, DataChannel pos, DataChannel tx) {
        this.vertx = vertx;
        this.pc = pc;
        this.join = join;
        this.pos = pos;
        this.tx = tx;
    }

    /** Joins {@code room} on the node at {@code http} and waits until both channels are open. */
    static GameTestClient join(Vertx vertx, WebClient http, int httpPort, String room, String name, String resume)
            throws Exception {
        return join(vertx, http, httpPort, room, name, resume, UnaryOperator.identity());
    }

    static GameTestClient join(Vertx vertx, WebClient http, int httpPort, String room, String name, String resume,
                               UnaryOperator<String> editOffer) throws Exception {
        PeerConnection pc = PeerConnection.offer(vertx, StackSettings.defaults()).await(10, TimeUnit.SECONDS);
        try {
            CompletableFuture<DataChannel> pos = new CompletableFuture<>();
            CompletableFuture<DataChannel> tx = new CompletableFuture<>();
            GameTestClient[] self = new GameTestClient[1];
            List<Object> early = new ArrayList<>();
            pc.createDataChannel("pos", POS, ch -> {
                ch.onOpen(() -> pos.complete(ch));
                ch.onBinary(bytes -> {
                    GameTestClient c = self[0];
                    if (c != null) {
                        c.onSnapshot(bytes);
                    }
                });
            });
            pc.createDataChannel("tx", DataChannelInit.DEFAULT, ch -> {
                ch.onOpen(() -> tx.complete(ch));
                ch.onText(text -> {
                    GameTestClient c = self[0];
                    if (c != null) {
                        c.onTx(text);
                    } else {
                        early.add(text); // on the peer's loop, like the drain below: no lock
                    }
                });
            });
            JoinResponse join = post(http, httpPort, room, new JoinRequest(editOffer.apply(pc.localDescription()), name, null, resume));
            pc.setRemoteDescription(join.answer()).await(15, TimeUnit.SECONDS);
            GameTestClient client = new GameTestClient(vertx, pc, join, pos.get(10, TimeUnit.SECONDS), tx.get(10, TimeUnit.SECONDS));
            CompletableFuture<Void> ready = new CompletableFuture<>();
            pc.context().runOnContext(v -> {
                self[0] = client;
                early.forEach(t -> client.onTx((String) t));
                ready.complete(null);
            });
            ready.get(5, TimeUnit.SECONDS);
            return client;
        } catch (Exception e) {
            pc.close();
            throw e;
        }
    }

    /** {@code POST /v1/rooms/{room}/join}: the answer, or {@link JoinRefused} with the problem details. */
    static JoinResponse post(WebClient http, int httpPort, String room, JoinRequest request) throws Exception {
        HttpResponse<Buffer> r = http.post(httpPort, "127.0.0.1", "/v1/rooms/" + room + "/join")
                .putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(TxJson.write(request)))
                .await(20, TimeUnit.SECONDS);
        String body = r.bodyAsString();
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            Problem problem = null;
            try {
                problem = TxJson.read(body, Problem.class);
            } catch (ProtocolException e) {
                // not a problem document: the status is all we have
            }
            throw new JoinRefused(r.statusCode(), problem, body);
        }
        return TxJson.read(body, JoinResponse.class);
    }

    // ------------------------------------------------------------------------------------------ pos

    /** Sends inputs at {@code hz} from the peer's loop (acks included unless {@link #acks} is off). */
    GameTestClient startInputs(int hz) {
        onLoop(() -> timer = vertx.setPeriodic(1000 / hz, id -> sendInput()));
        return this;
    }

    private void sendInput() {
        if (pos.readyState() != DataChannel.ReadyState.OPEN) {
            return;
        }
        sequence = (sequence + 1) & 0xFFFF_FFFFL;
        if (wander && sequence % 40 == 1) {
            if (random == null) {
                random = new java.util.Random(playerId());
            }
            moveX = random.nextInt(255) - 127;
            moveY = random.nextInt(255) - 127;
        }
        input.sequence(sequence).ackTick(acks ? receiver.ackTick() : 0).clientTimeMillis(System.currentTimeMillis() & 0xFFFF_FFFFL)
                .moveX(moveX).moveY(moveY).buttons(0).aim(0);
        int n = InputCodec.encode(input, inputBuf, 0);
        try {
            pos.send(inputBuf, 0, n);
            inputsSent.incrementAndGet();
        } catch (RuntimeException e) {
            // channel closing: the test notices through its own checks
        }
    }

    /** The newest sequence this client sent (u32). */
    long sequence() {
        return sequence;
    }

    void sendPos(byte[] raw) {
        onLoop(() -> pos.send(raw));
    }

    private void onSnapshot(byte[] bytes) {
        snapshots.incrementAndGet();
        snapshotBytes.addAndGet(bytes.length);
        boolean full;
        try {
            full = peek.wrap(bytes, 0, bytes.length).isFull();
            if (!receiver.receive(bytes, 0, bytes.length)) {
                notApplied.incrementAndGet();
                return;
            }
        } catch (ProtocolException e) {
            notApplied.incrementAndGet();
            return;
        }
        (full ? fullSnapshots : deltaSnapshots).incrementAndGet();
        lastInputSequence = receiver.lastInputSequence();
        if (record) {
            SnapshotState copy = new SnapshotState().copyFrom(receiver.latest());
            latest = copy;
            applied.addLast(new Applied(copy.tick(), copy, full, receiver.lastInputSequence()));
            while (applied.size() > KEEP_APPLIED) {
                applied.pollFirst();
            }
        }
    }

    // ------------------------------------------------------------------------------------------ tx

    CompletableFuture<TxResult> transact(TxRequest request) {
        CompletableFuture<TxResult> f = results.computeIfAbsent(request.id(), id -> new CompletableFuture<>());
        sendTx(TxJson.writeTx(request));
        return f;
    }

    static TxRequest request(String id, String kind, ObjectNode payload) {
        return new TxRequest(id, kind, payload);
    }

    void sendTx(String text) {
        onLoop(() -> tx.send(text));
    }

    private void onTx(String text) {
        txMessages.add(text);
        TxMessage m;
        try {
            m = TxJson.readTx(text);
        } catch (ProtocolException e) {
            return;
        }
        switch (m) {
            case TxResult r -> results.computeIfAbsent(r.id(), id -> new CompletableFuture<>()).complete(r);
            case RoomEvent e -> events.add(e);
            case TxRequest r -> { }
        }
    }

    // ------------------------------------------------------------------------------------------ misc

    void onLoop(Runnable action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pc.context().runOnContext(v -> {
            try {
                action.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    int playerId() {
        return join.playerId();
    }

    /**
     * Closes the channels (DCEP stream reset: the server's channel closes and it releases the player), waits up to
     * 500 ms for the reset to complete, then closes the peer connection (SCTP ABORT + DTLS close_notify).
     */
    @Override
    public void close() {
        if (pc.context() != null) {
            try {
                onLoop(() -> {
                    if (timer >= 0) {
                        vertx.cancelTimer(timer);
                    }
                    pos.close();
                    tx.close();
                });
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                while (tx.readyState() != DataChannel.ReadyState.CLOSED && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
            } catch (RuntimeException | InterruptedException e) {
                // closing anyway
            }
        }
        Future<Void> f = pc.close();
        try {
            f.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // already closed
        }
    }
}
