package dev.strafe.webrtc.ice;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Maps a local ufrag (the part of USERNAME before ':', RFC 8445 §7.2.2) to its peer's {@link IceLiteAgent}, so
 * one UDP port serves every peer. Lookups take the bytes straight from the datagram and allocate nothing (each
 * {@link IceLiteServer} brings its own reusable probe key). Bounded by {@code maxAgents}.
 *
 * <p>Thread-safe (concurrent maps, no locks), so one registry can serve several sockets sharing the port with
 * SO_REUSEPORT, one {@link IceLiteServer} per event loop, and signaling can register peers from its own thread.
 * The agents themselves are not thread-safe: a given agent must only be handled on one loop at a time (the kernel
 * hashes a browser's 4-tuple to one socket), and {@link #unregister} should run on that loop.
 *
 * <p>Also indexes the remote addresses that passed a check ({@link #agentByAddress}): the demux routes non-STUN
 * datagrams (DTLS, RFC 7983 [20..63]) to the peer by source address, including a DTLS ClientHello that arrives
 * before the nomination. Bounded by {@code maxAgents × maxValidatedAddresses}; the latest valid check wins if two
 * peers ever claim one address.
 */
public final class IceCredentialsRegistry {

    private final ConcurrentHashMap<UfragKey, IceLiteAgent> agents = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetSocketAddress, IceLiteAgent> byAddress = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
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
        int n = count.incrementAndGet();
        if (n > maxAgents) {
            count.decrementAndGet();
            throw new IllegalStateException("agents: " + (n - 1) + " (expected: < " + maxAgents + ")");
        }
        UfragKey key = UfragKey.of(agent.localUfragBytes);
        if (agents.putIfAbsent(key, agent) != null) {
            count.decrementAndGet();
            throw new IllegalStateException("ufrag already registered: " + agent.localCredentials().ufrag());
        }
    }

    /** Removes the agent and its addresses; returns whether it was registered. */
    public boolean unregister(IceLiteAgent agent) {
        for (int i = 0; i < agent.validatedCount(); i++) {
            byAddress.remove(agent.validatedAddress(i), agent);
        }
        boolean removed = agents.remove(UfragKey.of(agent.localUfragBytes), agent);
        if (removed) {
            count.decrementAndGet();
        }
        return removed;
    }

    /** The agent for which {@code address} passed an authenticated check (its selected path or a validated one). */
    public IceLiteAgent agentByAddress(InetSocketAddress address) {
        return byAddress.get(address);
    }

    /** Called by the server after a valid check from {@code address}; {@code evicted} left the agent's list. */
    void bind(InetSocketAddress address, IceLiteAgent agent, InetSocketAddress evicted) {
        if (evicted != null) {
            byAddress.remove(evicted, agent);
        }
        if (byAddress.get(address) != agent) {
            byAddress.put(address, agent);
        }
    }

    /** The agent whose local ufrag is {@code buf[offset, offset + length)}, or {@code null}. */
    public IceLiteAgent lookup(byte[] buf, int offset, int length) {
        return lookup(new UfragKey(), buf, offset, length);
    }

    /** Allocation-free lookup with the caller's (thread-confined) probe key. */
    IceLiteAgent lookup(UfragKey probe, byte[] buf, int offset, int length) {
        return agents.get(probe.set(buf, offset, length));
    }

    public IceLiteAgent lookup(String ufrag) {
        byte[] b = ufrag.getBytes(StandardCharsets.US_ASCII);
        return lookup(b, 0, b.length);
    }

    public int size() {
        return count.get();
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
