package dev.strafe.server.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeStateTest {

    @Test
    void startsNotReadyThenReadyThenDrainsOnce() {
        NodeState state = new NodeState();
        assertEquals(NodeState.Phase.STARTING, state.phase());
        assertFalse(state.ready());
        assertTrue(state.markReady());
        assertTrue(state.ready());
        assertTrue(state.markDraining());
        assertFalse(state.markDraining(), "only the first caller drains");
        assertFalse(state.ready());
        assertEquals("draining", state.phase().label());
    }

    @Test
    void aNodeDrainedWhileStartingNeverBecomesReady() {
        NodeState state = new NodeState();
        assertTrue(state.markDraining());
        assertFalse(state.markReady());
        assertEquals(NodeState.Phase.DRAINING, state.phase());
    }

    @Test
    void stoppedIsFinal() {
        NodeState state = new NodeState();
        state.markReady();
        state.markStopped();
        assertFalse(state.markDraining());
        assertFalse(state.markReady());
        assertEquals("stopped", state.phase().label());
    }
}
