package dev.strafe.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DtlsSettingsTest {

    @Test
    void rejectsOutOfRangeValuesWithTheLimitInTheMessage() {
        assertEquals("mtu: 100 (expected: 256..65507)", assertThrows(IllegalArgumentException.class,
                () -> DtlsSettings.DEFAULT.withMtu(100)).getMessage());
        assertEquals("handshakeTimeoutMillis: 5 (expected: 10..600000)", assertThrows(IllegalArgumentException.class,
                () -> DtlsSettings.DEFAULT.withHandshakeTimeoutMillis(5)).getMessage());
        assertEquals("maxDatagramSize: 1000 (expected: 1200..65507)", assertThrows(IllegalArgumentException.class,
                () -> new DtlsSettings(10_000, 1_000, 1_200, 1_000, 32)).getMessage());
    }

    @Test
    void defaultsMatchTheSctpLayer() {
        assertEquals(1_200, DtlsSettings.DEFAULT.mtu());
        assertEquals(10_000, DtlsSettings.DEFAULT.handshakeTimeoutMillis());
    }

    @Test
    void ownRecordLayerIsTheDefaultAndSurvivesTheOtherWithers() {
        assertEquals(true, DtlsSettings.DEFAULT.ownRecordLayer());
        assertEquals(true, new DtlsSettings(10_000, 1_000, 1_200, 1_500, 32).ownRecordLayer());
        DtlsSettings bc = DtlsSettings.DEFAULT.withOwnRecordLayer(false);
        assertEquals(false, bc.withMtu(1_300).withHandshakeTimeoutMillis(500).withInitialResendMillis(5).ownRecordLayer());
    }
}
