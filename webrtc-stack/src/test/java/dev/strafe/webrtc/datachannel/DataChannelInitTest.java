package dev.strafe.webrtc.datachannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Options are checked when built, like the browser's createDataChannel (TypeError → IllegalArgumentException). */
class DataChannelInitTest {

    @Test
    void defaultsToReliableOrderedDcepWithLowPriority() {
        DataChannelInit init = DataChannelInit.DEFAULT;
        assertTrue(init.ordered());
        assertEquals(DataChannelInit.UNSET, init.maxRetransmits());
        assertEquals(DataChannelInit.UNSET, init.maxPacketLifeTime());
        assertEquals("", init.protocol());
        assertFalse(init.negotiated());
        assertEquals(DataChannelInit.UNSET, init.id());
        assertEquals(DataChannelInit.PRIORITY_LOW, init.priority());
        assertFalse(init.partiallyReliable());
    }

    @Test
    void buildsTheGamePositionChannel() {
        DataChannelInit pos = DataChannelInit.builder().ordered(false).maxRetransmits(0).build();
        assertFalse(pos.ordered());
        assertEquals(0, pos.maxRetransmits());
        assertTrue(pos.partiallyReliable());
    }

    @Test
    void acceptsNegotiatedChannelWithIdOfEitherParity() {
        assertEquals(0, DataChannelInit.builder().negotiated(true).id(0).build().id());
        assertEquals(65534, DataChannelInit.builder().negotiated(true).id(65534).build().id());
    }

    static Stream<Arguments> invalidOptions() {
        return Stream.of(
                Arguments.of("maxRetransmits and maxPacketLifeTime both set",
                        (Supplier<DataChannelInit>) () -> DataChannelInit.builder().maxRetransmits(1).maxPacketLifeTime(100).build(),
                        "maxRetransmits: 1 and maxPacketLifeTime: 100 are both set"),
                Arguments.of("negative maxRetransmits",
                        (Supplier<DataChannelInit>) () -> DataChannelInit.builder().maxRetransmits(-2).build(),
                        "maxRetransmits: -2 (expected: 0..65535 or unset)"),
                Arguments.of("maxRetransmits above unsigned short",
                        (Supplier<DataChannelInit>) () -> DataChannelInit.builder().maxRetransmits(65536).build(),
                        "maxRetransmits: 65536 (expected: 0..65535 or unset)"),
                Arguments.of("maxPacketLifeTime above unsigned short",
                        (Supplier<DataChannelInit>) () -> DataChannelInit.builder().maxPacketLifeTime(70000).build(),
                        "maxPacketLifeTime: 70000 (expected: 0..65535 ms or unset)"),
                Arguments.of("negotiated without id",
                        (Supplier<DataChannelInit>) () -> DataChannelInit.builder().negotiated(true).build(),
                        "id: unset (expected: 0..65534 with negotiated: true)"),
                Arguments.of("negotiated with reserved id 65535",
                        (Supplier<DataChannelInit>) () -> DataChannelInit.builder().negotiated(true).id(65535).build(),
                        "id: 65535 (expected: 0..65534)"),
                Arguments.of("id without negotiated",
                        (Supplier<DataChannelInit>) () -> DataChannelInit.builder().id(3).build(),
                        "id: 3 with negotiated: false"),
                Arguments.of("priority above unsigned short",
                        (Supplier<DataChannelInit>) () -> DataChannelInit.builder().priority(65536).build(),
                        "priority: 65536 (expected: 0..65535)"),
                Arguments.of("protocol longer than 65535 bytes",
                        (Supplier<DataChannelInit>) () -> DataChannelInit.builder().protocol("x".repeat(65536)).build(),
                        "protocol length: 65536 (expected: <= 65535 bytes of UTF-8)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidOptions")
    void rejectsInvalidOptions(String name, Supplier<DataChannelInit> build, String expectedMessage) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        assertTrue(e.getMessage().startsWith(expectedMessage), () -> "message: " + e.getMessage());
    }

    @Test
    void rejectsNullProtocol() {
        assertThrows(NullPointerException.class, () -> DataChannelInit.builder().protocol(null).build());
    }
}
