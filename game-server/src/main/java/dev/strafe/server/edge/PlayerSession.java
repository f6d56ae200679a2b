package dev.strafe.server.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strafe.protocol.ProtocolException;
import dev.strafe.protocol.pos.SnapshotLayout;
import dev.strafe.protocol.pos.SnapshotSender;
import dev.strafe.protocol.pos.SnapshotState;
import dev.strafe.protocol.tx.RoomConfig;
import dev.strafe.protocol.tx.RoomEvent;
import dev.strafe.protocol.tx.TxJson;
import dev.strafe.protocol.tx.TxMessage;
import dev.strafe.protocol.tx.TxRequest;
import dev.strafe.protocol.tx.TxResult;
import dev.strafe.protocol.tx.TxStatus;
import dev.strafe.server.room.RoomError;
import dev.strafe.server.room.RoomAddresses;
import dev.strafe.server.room.RoomGateway;
import dev.strafe.server.room.WorldFrame;
import dev.strafe.webrtc.datachannel.DataChannel;
import dev.strafe.webrtc.peer.PeerConnection;

import java.util.ArrayDeque;
import java.util.regex.Pattern;

/**
 * One player at the edge: the server {@link PeerConnection}, its {@code pos} and {@code tx} channels, the input
 * checks, the snapshot sender (per-player delta baselines) and the ordered transaction queue.
 *
 * <p>Threading: created on the HTTP context by {@code join}, then touched only on the peer's event loop (all
 * data-channel callbacks, the room's frames and events through the {@link EdgeShard} of that loop, and the
 * transaction replies, which Vert.x delivers on the context that sent the request). No locks.
 *
 * <h2>Transactions are ordered per player</h2>
 * At most one {@link TxRequest} of a player is at the room at a time; the next leaves when the previous result
 * is back ({@link #pumpTx}). Event-bus order alone would keep requests in order, but not their results once the
 * room answers asynchronously (durable store), and one-at-a-time also bounds what a player can queue at the
 * room. Waiting requests are bounded ({@code maxPendingTx}); more are rejected with {@code overloaded}.
 */
final class PlayerSession {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    final String sessionId;
    final String roomId;
    /** The room owner's input address, built once: inputs are the edge's most frequent event-bus sends. */
    private final String inputAddress;
    final int playerId;
    final RoomConfig config;
    final PeerConnection pc;
    private final EdgeSettings settings;
    private final RoomGateway gateway;
    private final EdgeMetrics metrics;

    private DataChannel pos;
    private DataChannel tx;
    /** Set when both channels are open and the session is in its loop's room membership. */
    EdgeShard shard;
    private boolean closed;
    /** A newer session of the same player (resume) took over: do not make the player leave the room. */
    volatile boolean superseded;

    private final InputGate inputs;
    private final SnapshotSender sender;
    private final SnapshotState view = new SnapshotState();
    private final byte[] snapshot = new byte[SnapshotLayout.MAX_SNAPSHOT_BYTES];
    private final ArrayDeque<TxRequest> pendingTx = new ArrayDeque<>();
    private boolean txInFlight;

    PlayerSession(String sessionId, String roomId, int playerId, RoomConfig config, PeerConnection pc,
                  EdgeSettings settings, RoomGateway gateway, EdgeMetrics metrics) {
        this.sessionId = sessionId;
        this.roomId = roomId;
        this.inputAddress = RoomAddresses.input(roomId);
        this.playerId = playerId;
        this.config = config;
        this.pc = pc;
        this.settings = settings;
        this.gateway = gateway;
        this.metrics = metrics;
        int tickRate = config.tickRate();
        this.inputs = new InputGate(tickRate * settings.inputRateFactor(), Math.max(1.0, tickRate * settings.inputBurstFactor()),
                System.nanoTime());
        this.sender = new SnapshotSender(settings.snapshotHistory());
    }

    // ------------------------------------------------------------------------------------------ channels

    /**
     * A channel the browser opened. {@code pos} and {@code tx} are taken once each; anything else is closed.
     *
     * @return true when both channels are now present (the caller attaches the session to its loop)
     */
    boolean onChannel(DataChannel channel) {
        switch (channel.label()) {
            case "pos" -> {
                if (pos != null) {
                    channel.close();
                    return false;
                }
                pos = channel;
                channel.onBinary(this::onInput);
                channel.onClose(() -> pc.close());
            }
            case "tx" -> {
                if (tx != null) {
                    channel.close();
                    return false;
                }
                tx = channel;
                channel.onText(this::onTx);
                channel.onClose(() -> pc.close());
            }
            default -> {
                channel.close();
                return false;
            }
        }
        return pos != null && tx != null;
    }

    // ------------------------------------------------------------------------------------------ inputs (pos up)

    void onInput(byte[] message) {
        if (closed) {
            metrics.input(InputVerdict.NO_SESSION);
            return;
        }
        InputVerdict verdict = inputs.check(message, 0, message.length, System.nanoTime());
        metrics.input(verdict);
        if (verdict == InputVerdict.ACCEPTED) {
            sender.onAck(inputs.input().ackTick());
            gateway.sendOwnedInput(inputAddress, playerId, message); // the channel handed us this array
        }
    }

    // ------------------------------------------------------------------------------------------ snapshots (pos down)

    static final int NOT_SENT = 0;
    static final int SENT_FULL = 1;
    static final int SENT_DELTA = 2;
    static final int DROPPED_CONGESTION = 3;
    static final int DROPPED_SEND_FAILED = 4;

    /**
     * Encodes and sends this player's snapshot of {@code frame}, or drops it when the {@code pos} channel is
     * backed up (the next one, a delta against an older ack or a full snapshot, supersedes it anyway).
     */
    int sendSnapshot(WorldFrame frame, InterestView interest) {
        DataChannel channel = pos;
        if (closed || channel == null || channel.readyState() != DataChannel.ReadyState.OPEN) {
            return NOT_SENT;
        }
        if (channel.bufferedAmount() > settings.posBufferBudget()) {
            return DROPPED_CONGESTION;
        }
        interest.fill(frame, playerId, settings.interestRadiusCm(), settings.interestMaxEntities(), view);
        long lastInput = frame.lastProcessedInputSequenceOf(playerId);
        int n = sender.encode(view, Math.max(0, lastInput), snapshot, 0);
        try {
            channel.send(snapshot, 0, n);
        } catch (RuntimeException e) { // buffer full or channel closing between the check and the send
            return DROPPED_SEND_FAILED;
        }
        metrics.snapshotSize(n, sender.entitiesWritten());
        return sender.lastBaselineTick() == 0 ? SENT_FULL : SENT_DELTA;
    }

    // ------------------------------------------------------------------------------------------ transactions (tx)

    void onTx(String text) {
        if (closed) {
            return;
        }
        TxMessage message;
        try {
            message = TxJson.readTx(text);
        } catch (ProtocolException e) {
            metrics.txMalformed();
            sendTx(malformed(text, e.getMessage()));
            return;
        }
        if (!(message instanceof TxRequest request)) {
            metrics.txMalformed();
            sendTx(malformed(text, "tx json: type '" + typeOf(message) + "' (expected: tx.request)"));
            return;
        }
        if (pendingTx.size() >= settings.maxPendingTx()) {
            TxResult refused = new TxResult(request.id(), TxStatus.REJECTED, "overloaded: " + pendingTx.size()
                    + " transactions pending (expected: < " + settings.maxPendingTx() + ")", 0);
            metrics.tx(TxStatus.REJECTED, 0);
            sendTx(TxJson.writeTx(refused));
            return;
        }
        pendingTx.add(request);
        pumpTx();
    }

    private void pumpTx() {
        if (txInFlight || closed || pendingTx.isEmpty()) {
            return;
        }
        TxRequest request = pendingTx.poll();
        txInFlight = true;
        long start = System.nanoTime();
        gateway.transact(roomId, playerId, request).onComplete(ar -> {
            txInFlight = false;
            TxResult result = ar.succeeded() ? ar.result() : failed(request, ar.cause());
            metrics.tx(result.status(), System.nanoTime() - start);
            sendTx(TxJson.writeTx(result));
            pumpTx();
        });
    }

    private static TxResult failed(TxRequest request, Throwable cause) {
        RoomError error = RoomError.of(cause);
        String text = error.name().toLowerCase() + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
        return new TxResult(request.id(), TxStatus.FAILED, truncate(text), 0);
    }

    /**
     * The answer to a tx message that did not parse: a {@code rejected} {@link TxResult} when its {@code id} can
     * still be read (so the client's pending request completes), else a {@code tx.error} room event.
     */
    static String malformed(String text, String detail) {
        String id = null;
        try {
            JsonNode node = TxJson.mapper().readTree(text);
            JsonNode idNode = node == null ? null : node.get("id");
            if (idNode != null && idNode.isTextual() && TOKEN.matcher(idNode.textValue()).matches()) {
                id = idNode.textValue();
            }
        } catch (Exception e) {
            // not JSON at all: no id to answer
        }
        if (id != null) {
            return TxJson.writeTx(new TxResult(id, TxStatus.REJECTED, truncate("malformed: " + detail), 0));
        }
        ObjectNode data = TxJson.mapper().createObjectNode().put("error", "malformed").put("detail", truncate(detail));
        return TxJson.writeTx(new RoomEvent("tx.error", data, 0, null));
    }

    private static String typeOf(TxMessage m) {
        return switch (m) {
            case TxRequest r -> TxRequest.TYPE;
            case TxResult r -> TxResult.TYPE;
            case RoomEvent e -> RoomEvent.TYPE;
        };
    }

    private static String truncate(String text) {
        return text.length() <= TxResult.MAX_ERROR_LENGTH ? text : text.substring(0, TxResult.MAX_ERROR_LENGTH - 3) + "...";
    }

    /**
     * Sends one JSON message on {@code tx}. A player whose reliable channel holds more than
     * {@code txBufferLimit} unacknowledged bytes is not reading: it is disconnected rather than buffered.
     */
    void sendTx(String json) {
        DataChannel channel = tx;
        if (closed || channel == null || channel.readyState() != DataChannel.ReadyState.OPEN) {
            return;
        }
        if (channel.bufferedAmount() > settings.txBufferLimit()) {
            metrics.slowConsumer();
            pc.close();
            return;
        }
        try {
            channel.send(json);
        } catch (RuntimeException e) {
            metrics.slowConsumer();
            pc.close();
        }
    }

    /** Marks the session closed (on its loop); true the first time. */
    boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        pendingTx.clear();
        return true;
    }

    boolean isClosed() {
        return closed;
    }
}
