package dev.strafe.server.room;

import dev.strafe.protocol.tx.RoomEvent;
import dev.strafe.protocol.tx.TxResult;

/**
 * What {@link RoomLedger#execute} decided for one transaction.
 *
 * @param result      the result to reply (for a replay: the first result of that id)
 * @param event       the event to publish once committed, or null (rejections, replays)
 * @param removedCoin the coin entity to remove from the simulation once committed, or -1
 * @param replay      true when the id had been seen: nothing was applied, nothing needs saving
 * @param undo        restores the state if saving fails (null for replays)
 */
public record TxOutcome(TxResult result, RoomEvent event, int removedCoin, boolean replay, RoomState.Checkpoint undo) {
}
