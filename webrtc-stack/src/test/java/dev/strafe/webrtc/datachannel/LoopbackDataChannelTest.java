package dev.strafe.webrtc.datachannel;

/** {@link DataChannelContract} over the in-memory {@link LoopbackSctpTransport}. */
class LoopbackDataChannelTest extends DataChannelContract {

    @Override
    SctpLink newLink() {
        return new LoopbackSctpTransport.Link();
    }
}
