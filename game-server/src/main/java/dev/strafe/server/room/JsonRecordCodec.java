package dev.strafe.server.room;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.strafe.protocol.tx.TxJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Event-bus codec for the control-plane records (join, leave, tx, results, events): JSON through shared-protocol's
 * {@link TxJson} mapper on the wire ({@code length i32, UTF-8}); local delivery passes the same instance
 * (the records are immutable; a {@code TxRequest}/{@code RoomEvent}'s JSON object is never modified after
 * construction, by contract). One stateless instance per type in {@link RoomCodecs}.
 */
public final class JsonRecordCodec<T> implements MessageCodec<T, T> {

    private final Class<T> type;
    private final String name;

    JsonRecordCodec(Class<T> type) {
        this.type = type;
        this.name = "strafe." + type.getSimpleName();
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public void encodeToWire(Buffer buffer, T value) {
        try {
            byte[] json = TxJson.mapper().writeValueAsBytes(value);
            buffer.appendInt(json.length).appendBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable: " + value, e);
        }
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        int length = buffer.getInt(pos);
        if (length < 0 || length > TxJson.MAX_MESSAGE_BYTES * 2) {
            throw new IllegalArgumentException(name + " length: " + length + " (expected: 0.." + TxJson.MAX_MESSAGE_BYTES * 2 + ")");
        }
        try {
            return TxJson.mapper().readValue(buffer.getBytes(pos + 4, pos + 4 + length), type);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public T transform(T value) {
        return value;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
