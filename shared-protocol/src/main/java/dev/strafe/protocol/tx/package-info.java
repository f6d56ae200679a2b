/**
 * The {@code tx} channel (reliable, ordered) and HTTP signaling: JSON DTOs as records.
 *
 * <ul>
 *   <li>{@link dev.strafe.protocol.tx.TxMessage} (sealed, {@code "type"} discriminator):
 *       {@link dev.strafe.protocol.tx.TxRequest} {@code tx.request}, {@link dev.strafe.protocol.tx.TxResult}
 *       {@code tx.result}, {@link dev.strafe.protocol.tx.RoomEvent} {@code room.event};</li>
 *   <li>signaling: {@link dev.strafe.protocol.tx.JoinRequest}, {@link dev.strafe.protocol.tx.JoinResponse}
 *       with {@link dev.strafe.protocol.tx.RoomConfig}, and RFC 9457 {@link dev.strafe.protocol.tx.Problem};</li>
 *   <li>{@link dev.strafe.protocol.tx.TxJson}: the shared mapper, bounded reads, one typed error.</li>
 * </ul>
 * Records validate their fields in the compact constructor, so a decoded value is always valid.
 */
package dev.strafe.protocol.tx;
