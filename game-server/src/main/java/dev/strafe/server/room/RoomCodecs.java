package dev.strafe.server.room;

import dev.strafe.protocol.tx.RoomEvent;
import dev.strafe.protocol.tx.TxResult;
import dev.strafe.server.room.RoomMessages.JoinCommand;
import dev.strafe.server.room.RoomMessages.JoinedRoom;
import dev.strafe.server.room.RoomMessages.LeaveCommand;
import dev.strafe.server.room.RoomMessages.PlayerInput;
import dev.strafe.server.room.RoomMessages.TxCommand;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

import java.util.List;
import java.util.function.Function;

/**
 * The room message codecs (stateless singletons, STYLE #21) and their registration with a {@code codecSelector},
 * so senders need no {@code DeliveryOptions#setCodecName}.
 */
public final class RoomCodecs {

    public static final JsonRecordCodec<JoinCommand> JOIN_COMMAND = new JsonRecordCodec<>(JoinCommand.class);
    public static final JsonRecordCodec<JoinedRoom> JOINED_ROOM = new JsonRecordCodec<>(JoinedRoom.class);
    public static final JsonRecordCodec<LeaveCommand> LEAVE_COMMAND = new JsonRecordCodec<>(LeaveCommand.class);
    public static final JsonRecordCodec<TxCommand> TX_COMMAND = new JsonRecordCodec<>(TxCommand.class);
    public static final JsonRecordCodec<TxResult> TX_RESULT = new JsonRecordCodec<>(TxResult.class);
    public static final JsonRecordCodec<RoomEvent> ROOM_EVENT = new JsonRecordCodec<>(RoomEvent.class);

    /** Every codec of this class. */
    public static final List<MessageCodec<?, ?>> ALL = List.of(PlayerInputCodec.INSTANCE, WorldFrameCodec.INSTANCE,
            JOIN_COMMAND, JOINED_ROOM, LEAVE_COMMAND, TX_COMMAND, TX_RESULT, ROOM_EVENT);

    private RoomCodecs() {
    }

    /**
     * The codec name for a room message body, or null for other bodies. Compose it into the node's selector when
     * other layers add their own: {@code body -> first non-null of (RoomCodecs.select(body), theirs(body))}.
     */
    public static String select(Object body) {
        return switch (body) {
            case PlayerInput ignored -> PlayerInputCodec.INSTANCE.name();
            case WorldFrame ignored -> WorldFrameCodec.INSTANCE.name();
            case JoinCommand ignored -> JOIN_COMMAND.name();
            case JoinedRoom ignored -> JOINED_ROOM.name();
            case LeaveCommand ignored -> LEAVE_COMMAND.name();
            case TxCommand ignored -> TX_COMMAND.name();
            case TxResult ignored -> TX_RESULT.name();
            case RoomEvent ignored -> ROOM_EVENT.name();
            case null, default -> null;
        };
    }

    /**
     * Registers the codecs and installs {@link #select} as the event bus's codec selector (after {@code next},
     * which may be null). Idempotent per {@code vertx}: a second call changes nothing.
     */
    public static void register(Vertx vertx, Function<Object, String> next) {
        EventBus bus = vertx.eventBus();
        for (MessageCodec<?, ?> codec : ALL) {
            try {
                bus.registerCodec(codec);
            } catch (IllegalStateException alreadyRegistered) {
                return;
            }
        }
        bus.codecSelector(next == null ? RoomCodecs::select : body -> {
            String name = select(body);
            return name != null ? name : next.apply(body);
        });
    }
}
