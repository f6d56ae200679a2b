/**
 * One class per SCTP chunk, named after its RFC term, behind {@code sealed interface Chunk}. Decoders
 * ({@link dev.strafe.webrtc.sctp.chunk.Chunks}) bound every length by the enclosing packet or chunk and
 * throw only {@link dev.strafe.webrtc.sctp.chunk.MalformedChunkException}; semantic checks are in
 * {@code Chunk.check()}. DATA has flyweight accessors so the receive path reads it in place.
 */
package dev.strafe.webrtc.sctp.chunk;
