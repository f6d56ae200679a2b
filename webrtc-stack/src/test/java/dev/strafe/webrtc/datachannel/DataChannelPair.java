package dev.strafe.webrtc.datachannel;

import dev.strafe.webrtc.datachannel.DataChannelManager.DtlsRole;
import java.util.ArrayList;
import java.util.List;

/**
 * Two {@link DataChannelManager}s over any {@link SctpLink}: A is the DTLS client (even ids), B the DTLS
 * server (odd ids). Channels the peer opens are collected in {@link #incomingA}/{@link #incomingB}, each
 * with a {@link ChannelRecorder} attached before its open event.
 */
final class DataChannelPair {

    final SctpLink link;
    final DataChannelManager a;
    final DataChannelManager b;
    final List<DataChannel> incomingA = new ArrayList<>();
    final List<DataChannel> incomingB = new ArrayList<>();
    final List<ChannelRecorder> recorders = new ArrayList<>();

    DataChannelPair(SctpLink link) {
        this(link, DataChannelLimits.DEFAULT);
    }

    DataChannelPair(SctpLink link, DataChannelLimits limits) {
        this.link = link;
        this.a = new DataChannelManager(DtlsRole.CLIENT, link::nowNanos, limits);
        this.b = new DataChannelManager(DtlsRole.SERVER, link::nowNanos, limits);
        link.bind(a, b);
        a.attach(link.a());
        b.attach(link.b());
        a.onDataChannel(ch -> {
            incomingA.add(ch);
            record(ch);
        });
        b.onDataChannel(ch -> {
            incomingB.add(ch);
            record(ch);
        });
    }

    static DataChannelPair established(SctpLink link) {
        DataChannelPair pair = new DataChannelPair(link);
        pair.link.establish();
        return pair;
    }

    ChannelRecorder record(DataChannel channel) {
        ChannelRecorder recorder = ChannelRecorder.attach(channel);
        recorders.add(recorder);
        return recorder;
    }

    ChannelRecorder recorder(DataChannel channel) {
        return recorders.stream().filter(r -> r.channel == channel).findFirst()
                .orElseThrow(() -> new AssertionError("no recorder for " + channel));
    }

    void run() {
        link.run();
    }
}
