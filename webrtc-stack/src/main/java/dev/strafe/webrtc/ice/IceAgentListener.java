package dev.strafe.webrtc.ice;

import java.net.InetSocketAddress;

/** Events of one ICE agent, called synchronously on the agent's event loop. */
public interface IceAgentListener {

    IceAgentListener NONE = new IceAgentListener() {
    };

    /** The connection state changed. */
    default void onStateChanged(IceConnectionState previous, IceConnectionState current) {
    }

    /**
     * The selected path (the remote transport address the peer's traffic goes to) changed: first nomination, or a
     * nominated check from a new address (NAT rebinding, mobile handover). Upper layers keep their association and
     * just send to {@code current}. {@code previous} is {@code null} on first selection.
     */
    default void onSelectedPathChanged(InetSocketAddress previous, InetSocketAddress current) {
    }
}
