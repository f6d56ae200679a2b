package dev.strafe.webrtc.datachannel;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Records a channel's events in order as short strings ("open", "text:hi", "binary:0102", "close", "error:…"). */
final class ChannelRecorder {

    final DataChannel channel;
    final List<String> events = new ArrayList<>();
    final List<String> texts = new ArrayList<>();
    final List<byte[]> binaries = new ArrayList<>();
    int bufferedAmountLow;

    private ChannelRecorder(DataChannel channel) {
        this.channel = channel;
    }

    static ChannelRecorder attach(DataChannel channel) {
        ChannelRecorder r = new ChannelRecorder(channel);
        channel.onOpen(() -> r.events.add("open"))
                .onText(text -> {
                    r.texts.add(text);
                    r.events.add("text:" + text);
                })
                .onBinary(data -> {
                    r.binaries.add(data);
                    r.events.add("binary:" + HexFormat.of().formatHex(data));
                })
                .onClose(() -> r.events.add("close"))
                .onError(reason -> r.events.add("error:" + reason))
                .onBufferedAmountLow(() -> {
                    r.bufferedAmountLow++;
                    r.events.add("bufferedAmountLow");
                });
        return r;
    }

    /** Events other than messages and bufferedAmountLow. */
    List<String> lifecycle() {
        return events.stream().filter(e -> !e.startsWith("text:") && !e.startsWith("binary:")
                && !e.equals("bufferedAmountLow")).toList();
    }
}
