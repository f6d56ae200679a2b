/**
 * The {@code pos} channel (unreliable, unordered): binary, <b>big-endian</b> messages, each starting with
 * the {@link dev.strafe.protocol.pos.PosHeader} {@code {type, schemaVersion, blockLength}}.
 *
 * <ul>
 *   <li>client to server: {@link dev.strafe.protocol.pos.Input} via {@link dev.strafe.protocol.pos.InputCodec};</li>
 *   <li>server to client: snapshots, {@link dev.strafe.protocol.pos.SnapshotEncoder} /
 *       {@link dev.strafe.protocol.pos.SnapshotDecoder} over {@link dev.strafe.protocol.pos.SnapshotState},
 *       layout in {@link dev.strafe.protocol.pos.SnapshotLayout};</li>
 *   <li>per player: {@link dev.strafe.protocol.pos.SnapshotSender} (server: baseline from acks, encode,
 *       remember the view) and {@link dev.strafe.protocol.pos.SnapshotReceiver} (Java clients: unordered,
 *       lossy delivery, what to ack).</li>
 * </ul>
 *
 * <h2>Receiver obligations</h2>
 * <ul>
 *   <li>Reject the whole message on any {@link dev.strafe.protocol.ProtocolException}; never apply part of it.
 *       On the server edge: count it ({@code invalidPackets}) and drop, do not close the peer.</li>
 *   <li>Accept any {@code schemaVersion >= 1} and honour the sender's {@code blockLength}.</li>
 *   <li>Compare ticks and sequence numbers only with {@link dev.strafe.protocol.Seq32} (they wrap at 2^32);
 *       drop an {@code Input} whose sequence is not newer than the last one accepted, and a snapshot whose
 *       tick is not newer than the newest applied (the channel is unordered).</li>
 *   <li>Keep the states of recently received ticks: a delta names its baseline tick, which must be one the
 *       client acked. A client that lacks the baseline drops the snapshot and keeps acking its newest state.</li>
 * </ul>
 * The hot path allocates nothing: encoders/decoders and states are reused; errors are the exception.
 */
package dev.strafe.protocol.pos;
