package dev.strafe.protocol.tx;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Outcome of a transaction. */
public enum TxStatus {
    /** Applied atomically to the durable room state (or had been: a retried id returns the first result). */
    @JsonProperty("committed") COMMITTED,
    /** Refused by the room's rules (e.g. not enough gold); {@code error} says why; state unchanged. */
    @JsonProperty("rejected") REJECTED,
    /** Not applied because of a server-side failure; safe to retry with the same id. */
    @JsonProperty("failed") FAILED
}
