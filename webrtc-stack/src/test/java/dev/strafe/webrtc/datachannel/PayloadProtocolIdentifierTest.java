package dev.strafe.webrtc.datachannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadProtocolIdentifierTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "50, WebRTC DCEP",
            "51, WebRTC String",
            "52, WebRTC Binary Partial (deprecated)",
            "53, WebRTC Binary",
            "54, WebRTC String Partial (deprecated)",
            "56, WebRTC String Empty",
            "57, WebRTC Binary Empty",
    })
    void mapsIanaValues(int ppid, String name) {
        PayloadProtocolIdentifier p = PayloadProtocolIdentifier.of(ppid);
        assertEquals(name, p.toString());
        assertEquals(ppid, p.value());
    }

    @ParameterizedTest
    @CsvSource({"0", "55", "58", "-1", "2147483647"})
    void mapsOtherValuesToUnknown(int ppid) {
        assertSame(PayloadProtocolIdentifier.UNKNOWN, PayloadProtocolIdentifier.of(ppid));
    }
}
