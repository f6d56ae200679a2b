package dev.strafe.server.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strafe.protocol.pos.Input;
import dev.strafe.protocol.pos.InputCodec;
import dev.strafe.protocol.pos.SnapshotState;
import dev.strafe.protocol.tx.RoomConfig;
import dev.strafe.protocol.tx.RoomEvent;
import dev.strafe.protocol.tx.TxJson;
import dev.strafe.protocol.tx.TxRequest;
import dev.strafe.protocol.tx.TxResult;
import dev.strafe.server.room.RoomMessages.JoinCommand;
import dev.strafe.server.room.RoomMessages.JoinedRoom;
import dev.strafe.server.room.RoomMessages.LeaveCommand;
import dev.strafe.server.room.RoomMessages.PlayerInput;
import dev.strafe.server.room.RoomMessages.TxCommand;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RoomCodecsTest {

    private static ObjectNode json() {
        return TxJson.mapper().createObjectNode().put("coinId", 7);
    }

    static Stream<Object> messages() {
        RoomConfig config = new RoomConfig("arena", 20, 20, 32, 1, 1100);
        return Stream.of(
                new JoinCommand("arena", "ada", null),
                new JoinCommand("arena", "ada", "k-1"),
                new JoinedRoom("arena", 7, config, "abc_DEF-123", "node-1", true),
                new LeaveCommand(65535),
                new TxCommand(3, new TxRequest("t-1", "pickup", json())),
                TxResult.committed("t-1", 17),
                TxResult.rejected("t-2", "insufficient_funds", 3),
                new RoomEvent("coin.picked", json(), 17, "t-1"),
                new RoomEvent("player.left", json(), 0, null));
    }

    @ParameterizedTest
    @MethodSource("messages")
    @SuppressWarnings("unchecked")
    void controlMessagesRoundTripOverTheWireAndPassLocallyAsTheSameInstance(Object message) {
        MessageCodec<Object, Object> codec = (MessageCodec<Object, Object>) codecOf(message);
        Buffer buffer = Buffer.buffer().appendString("prefix");
        codec.encodeToWire(buffer, message);
        assertEquals(message, codec.decodeFromWire(6, buffer));
        assertSame(message, codec.transform(message));
    }

    @Test
    void playerInputRoundTripsThroughInputCodec() {
        Input input = new Input().sequence(0xFFFF_FFFFL).ackTick(12).clientTimeMillis(99).moveX(-127).moveY(127).buttons(0x81).aim(65535);
        PlayerInput message = PlayerInputCodec.of(65535, input);
        Buffer buffer = Buffer.buffer().appendByte((byte) 9);
        PlayerInputCodec.INSTANCE.encodeToWire(buffer, message);
        PlayerInput decoded = PlayerInputCodec.INSTANCE.decodeFromWire(1, buffer);
        assertEquals(65535, decoded.playerId());
        assertArrayEquals(message.message(), decoded.message());
        Input back = new Input();
        InputCodec.decode(decoded.message(), 0, decoded.message().length, back);
        assertEquals(input, back);
        assertSame(message, PlayerInputCodec.INSTANCE.transform(message));
        assertEquals(PlayerInputCodec.INSTANCE.name(), RoomCodecs.select(message));
    }

    @Test
    void rejectsAnOversizedInputOnTheWire() {
        Buffer buffer = Buffer.buffer().appendUnsignedShort(1).appendUnsignedByte((short) 200).appendBytes(new byte[200]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlayerInputCodec.INSTANCE.decodeFromWire(0, buffer));
        assertEquals("input length: 200 (expected: <= 64)", e.getMessage());
    }

    @Test
    void worldFrameRoundTripsWithExtremeValues() {
        RoomSimulation sim = new RoomSimulation(RoomSettings.defaults().withCoins(96, 1), 5);
        for (int i = 0; i < 32; i++) {
            int p = sim.join();
            sim.offerInput(p, 0xFFFF_FFF0L + i, i * 8 - 127, 127 - i * 8, i * 2000);
        }
        for (int t = 0; t < 100; t++) {
            sim.tick();
        }
        WorldFrame frame = sim.frame();
        assertEquals(128, frame.entityCount());
        Buffer buffer = Buffer.buffer();
        WorldFrameCodec.INSTANCE.encodeToWire(buffer, frame);
        WorldFrame decoded = WorldFrameCodec.INSTANCE.decodeFromWire(0, buffer);
        assertEquals(frame, decoded);
        assertEquals(6 + 128 * 17 + 32 * 6, buffer.length());
        assertEquals(frame.copyTo(new SnapshotState()), decoded.copyTo(new SnapshotState()));
        assertSame(frame, WorldFrameCodec.INSTANCE.transform(frame));
        assertEquals(0xFFFF_FFF0L, decoded.lastProcessedInputSequence(0));
    }

    @Test
    void selectsNoCodecForForeignBodies() {
        assertNull(RoomCodecs.select("text"));
        assertNull(RoomCodecs.select(null));
    }

    private static MessageCodec<?, ?> codecOf(Object message) {
        String name = RoomCodecs.select(message);
        return RoomCodecs.ALL.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
