package dev.strafe.webrtc.datachannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelTypeTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "0x00, DATA_CHANNEL_RELIABLE, false, false, false",
            "0x80, DATA_CHANNEL_RELIABLE_UNORDERED, true, false, false",
            "0x01, DATA_CHANNEL_PARTIAL_RELIABLE_REXMIT, false, true, false",
            "0x81, DATA_CHANNEL_PARTIAL_RELIABLE_REXMIT_UNORDERED, true, true, false",
            "0x02, DATA_CHANNEL_PARTIAL_RELIABLE_TIMED, false, false, true",
            "0x82, DATA_CHANNEL_PARTIAL_RELIABLE_TIMED_UNORDERED, true, false, true",
    })
    void mapsRfcCodes(String code, String rfcName, boolean unordered, boolean rexmit, boolean timed) {
        int value = Integer.decode(code);
        ChannelType type = ChannelType.of(value);
        assertEquals(rfcName, type.toString());
        assertEquals(value, type.code());
        assertEquals(unordered, type.unordered());
        assertEquals(rexmit, type.rexmit());
        assertEquals(timed, type.timed());
        assertSame(type, ChannelType.of(!unordered, rexmit, timed));
    }

    @ParameterizedTest
    @CsvSource({"0x03", "0x7f", "0x83", "0xff", "0x40"})
    void mapsUnassignedCodesToUnknown(String code) {
        ChannelType type = ChannelType.of(Integer.decode(code));
        assertSame(ChannelType.UNKNOWN, type);
        assertFalse(type.unordered());
        assertEquals("UNKNOWN", type.toString());
    }

    @Test
    void rejectsRexmitAndTimedTogether() {
        assertThrows(IllegalArgumentException.class, () -> ChannelType.of(true, true, true));
    }
}
