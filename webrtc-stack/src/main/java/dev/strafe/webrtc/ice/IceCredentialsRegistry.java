package dev.strafe.webrtc.ice;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps a local ufrag (the part of USERNAME before ':', RFC 8445 §7.2.2) to its peer's {@link IceLiteAgent}, so
 * one UDP port serves every peer. Lookups take the bytes straight from the datagram and allocate nothing (a
 * reusable probe key). Bounded by {@code maxAgents}. Confined to one event loop.
 */
public final class IceCredentialsRegistry {

    private final Map<UfragKey, IceLiteAgent> agents = new HashMap<>();
    private final UfragKey probe = new UfragKey();
    private final int maxAgents;

    public IceCredentialsRegistry(int maxAgents) {
        if (maxAgents < 1) {
            throw new IllegalArgumentException("maxAgents: " + maxAgents + " (expected: >= 1)");
        }
        this.maxAgents = maxAgents;
    }

    /**
     * Registers an agent under its local ufrag.
     *
     * @throws IllegalStateException if the ufrag is taken or {@code maxAgents} is reached
     */
    public void register(IceLiteAgent agent) {
        if (agents.size() >= maxAgents) {
            throw new IllegalStateException("agents: " + agents.size() + " (expected: < " + maxAgents + ")");
        }
        UfragKey key = UfragKey.of(agent.localUfragBytes);
        if (agents.putIfAbsent(key, agent) != null) {
            throw new IllegalStateException("ufrag already registered: " + agent.localCredentials().ufrag());
        }
    }

    /** Removes the agent; returns whether it was registered. */
    public boolean unregister(IceLiteAgent agent) {
        return agents.remove(UfragKey.of(agent.localUfragBytes), agent);
    }

    /** The agent whose local ufrag is {@code buf[offset, offset + length)}, or {@code null}. No allocation. */
    public IceLiteAgent lookup(byte[] buf, int offset, int length) {
        return agents.get(probe.set(buf, offset, length));
    }

    public IceLiteAgent lookup(String ufrag) {
        byte[] b = ufrag.getBytes(StandardCharsets.US_ASCII);
        return lookup(b, 0, b.length);
    }

    public int size() {
        return agents.size();
    }

    /** A ufrag as a hash key: immutable when stored, re-pointed when used as the lookup probe. */
    static final class UfragKey {
        private byte[] bytes;
        private int offset;
        private int length;
        private int hash;

        static UfragKey of(byte[] ufrag) {
            return new UfragKey().set(ufrag.clone(), 0, ufrag.length);
        }

        UfragKey set(byte[] b, int off, int len) {
            bytes = b;
            offset = off;
            length = len;
            int h = 1;
            for (int i = 0; i < len; i++) {
                h = 31 * h + b[off + i];
            }
            hash = h;
            return this;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UfragKey k && k.hash == hash
                    && Arrays.equals(bytes, offset, offset + length, k.bytes, k.offset, k.offset + k.length);
        }
    }
}
