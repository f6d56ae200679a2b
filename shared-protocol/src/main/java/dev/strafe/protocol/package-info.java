/**
 * Strafe wire contract, shared by the game server and (through the golden vectors) the browser SDK.
 *
 * <ul>
 *   <li>{@link dev.strafe.protocol.pos} - the unreliable {@code pos} channel: binary, big-endian
 *       {@code Input} (client to server) and delta {@code Snapshot} (server to client) codecs that allocate
 *       nothing per message.</li>
 *   <li>{@link dev.strafe.protocol.tx} - the reliable {@code tx} channel and HTTP signaling: JSON DTOs with
 *       a {@code type} discriminator, read and written by {@link dev.strafe.protocol.tx.TxJson}.</li>
 *   <li>{@link dev.strafe.protocol.Seq32} - wrapping 32-bit sequence/tick arithmetic.</li>
 *   <li>{@link dev.strafe.protocol.ProtocolException} - the one typed decode error.</li>
 * </ul>
 * No Vert.x dependency: the game server adds thin adapters.
 */
package dev.strafe.protocol;
