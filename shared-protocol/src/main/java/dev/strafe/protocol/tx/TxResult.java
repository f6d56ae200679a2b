package dev.strafe.protocol.tx;

import com.fasterxml.jackson.annotation.JsonProperty;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Server to client: the result of the {@link TxRequest} with the same {@code id}.
 *
 * @param id           the request id
 * @param status       outcome
 * @param error        machine-readable reason when not committed (e.g. "insufficient_funds"), else absent
 * @param stateVersion room state version after the transaction (unchanged version when not committed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TxResult(String id, TxStatus status, String error, @JsonProperty(required = true) long stateVersion) implements TxMessage {

    public static final String TYPE = "tx.result";
    public static final int MAX_ERROR_LENGTH = 256;

    public TxResult {
        Checks.token("id", id, TxRequest.MAX_ID_LENGTH);
        Checks.present("status", status);
        Checks.text("error", error, MAX_ERROR_LENGTH, false);
        Checks.nonNegative("stateVersion", stateVersion);
    }

    public static TxResult committed(String id, long stateVersion) {
        return new TxResult(id, TxStatus.COMMITTED, null, stateVersion);
    }

    public static TxResult rejected(String id, String error, long stateVersion) {
        return new TxResult(id, TxStatus.REJECTED, error, stateVersion);
    }
}
