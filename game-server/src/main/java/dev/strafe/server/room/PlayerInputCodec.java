package dev.strafe.server.room;

import dev.strafe.protocol.pos.Input;
import dev.strafe.protocol.pos.InputCodec;
import dev.strafe.server.room.RoomMessages.PlayerInput;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Event-bus codec of {@link PlayerInput}: the adapter around shared-protocol's {@link InputCodec} (STYLE #5).
 * Wire: {@code playerId u16, length u8, the pos Input message}. Stateless singleton; the record is immutable
 * by contract, so a local send passes the same instance.
 */
public final class PlayerInputCodec implements MessageCodec<PlayerInput, PlayerInput> {

    public static final PlayerInputCodec INSTANCE = new PlayerInputCodec();

    private PlayerInputCodec() {
    }

    /** A {@link PlayerInput} carrying {@code input} encoded by {@link InputCodec} (21 bytes). */
    public static PlayerInput of(int playerId, Input input) {
        byte[] message = new byte[InputCodec.ENCODED_LENGTH];
        InputCodec.encode(input, message, 0);
        return new PlayerInput(playerId, message);
    }

    @Override
    public void encodeToWire(Buffer buffer, PlayerInput value) {
        if (value.message().length > InputCodec.MAX_INPUT_BYTES) {
            throw new IllegalArgumentException("input length: " + value.message().length + " (expected: <= " + InputCodec.MAX_INPUT_BYTES + ")");
        }
        buffer.appendUnsignedShort(value.playerId() & 0xFFFF).appendUnsignedByte((short) value.message().length).appendBytes(value.message());
    }

    @Override
    public PlayerInput decodeFromWire(int pos, Buffer buffer) {
        int playerId = buffer.getUnsignedShort(pos);
        int length = buffer.getUnsignedByte(pos + 2);
        if (length > InputCodec.MAX_INPUT_BYTES) {
            throw new IllegalArgumentException("input length: " + length + " (expected: <= " + InputCodec.MAX_INPUT_BYTES + ")");
        }
        return new PlayerInput(playerId, buffer.getBytes(pos + 3, pos + 3 + length));
    }

    @Override
    public PlayerInput transform(PlayerInput value) {
        return value;
    }

    @Override
    public String name() {
        return "strafe.PlayerInput";
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
