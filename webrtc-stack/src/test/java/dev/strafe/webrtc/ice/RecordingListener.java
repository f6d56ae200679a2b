package dev.strafe.webrtc.ice;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Records agent events as strings: {@code "CHECKING"}, {@code "path null->/1.2.3.4:5"}. */
final class RecordingListener implements IceAgentListener {

    final List<String> events = new ArrayList<>();

    @Override
    public void onStateChanged(IceConnectionState previous, IceConnectionState current) {
        events.add(current.name());
    }

    @Override
    public void onSelectedPathChanged(InetSocketAddress previous, InetSocketAddress current) {
        events.add("path " + previous + "->" + current);
    }
}
