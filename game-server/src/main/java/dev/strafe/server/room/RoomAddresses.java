package dev.strafe.server.room;

/**
 * Event-bus addresses of rooms. The same on one node and in a cluster.
 *
 * <pre>
 * strafe.room.{id}.input          send      PlayerInput          edge -> owner, fire-and-forget
 * strafe.room.{id}.tx             request   TxCommand -> TxResult (fail: RoomError)
 * strafe.room.{id}.join           request   JoinCommand -> JoinedRoom (fail: ROOM_FULL, DRAINING)
 * strafe.room.{id}.leave          request   LeaveCommand -> null (fail: UNKNOWN_PLAYER)
 * strafe.room.{id}.roster         request   (no body) -> RoomEvent room.state {players: [{player, name, balance, items}]}
 * strafe.room.{id}.state          publish   WorldFrame, every tick
 * strafe.room.{id}.events         publish   RoomEvent (player.joined, coin.picked, ...)
 * strafe.node.{node}.rooms.open   request   JoinCommand -> JoinedRoom: opens the room on that node, then joins
 * </pre>
 */
public final class RoomAddresses {

    private RoomAddresses() {
    }

    public static String input(String roomId) {
        return "strafe.room." + roomId + ".input";
    }

    public static String tx(String roomId) {
        return "strafe.room." + roomId + ".tx";
    }

    public static String join(String roomId) {
        return "strafe.room." + roomId + ".join";
    }

    public static String leave(String roomId) {
        return "strafe.room." + roomId + ".leave";
    }

    public static String roster(String roomId) {
        return "strafe.room." + roomId + ".roster";
    }

    public static String state(String roomId) {
        return "strafe.room." + roomId + ".state";
    }

    public static String events(String roomId) {
        return "strafe.room." + roomId + ".events";
    }

    public static String open(String nodeId) {
        return "strafe.node." + nodeId + ".rooms.open";
    }
}
