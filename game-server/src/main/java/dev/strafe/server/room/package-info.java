/**
 * Authoritative rooms: where a room ticks ({@link dev.strafe.server.room.RoomSimulation}), where a transaction
 * commits ({@link dev.strafe.server.room.RoomLedger} applied, then saved by the room's
 * {@link dev.strafe.server.room.RoomVerticle}), and the API the edge uses ({@link dev.strafe.server.room.RoomGateway}).
 *
 * <p>Layers: plain Java logic (simulation, ledger, state, settings, tick clock: deterministic, no Vert.x, no clock);
 * the Vert.x role ({@code RoomVerticle}, one open room = {@code RoomInstance}, all rooms of a node on one context,
 * no locks); event-bus message types and their codecs ({@code RoomMessages}, {@code WorldFrame},
 * {@code RoomCodecs}).
 *
 * <p>Receiver obligations of the room (what a bad or stale edge cannot break):
 * <ul>
 *   <li>inputs are decoded again, range-checked, sequence-checked and queued within a bound; surplus and bad ones
 *       are dropped and counted, never thrown;</li>
 *   <li>a transaction is validated whole and applied whole or not at all; rule refusals are {@code rejected}
 *       results with a machine-readable error; a retried id never applies twice within the per-player window;</li>
 *   <li>a result is replied only after the state change is saved; a failed save leaves no trace (checkpoint
 *       restored) and replies {@code failed};</li>
 *   <li>every queue (inputs per player, pending transactions per room, joins waiting for a room to open) is bounded.</li>
 * </ul>
 */
package dev.strafe.server.room;
