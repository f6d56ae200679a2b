package dev.strafe.server.room;

import dev.strafe.protocol.tx.TxResult;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The durable part of a room, what a {@code RoomStateStore} saves and a new owner loads after a failover:
 * per player (keyed by the player's stable key, the resume key, never by a connection or entity id) the coin
 * balance, the inventory and the results of its most recent transactions; the room's minted/spent totals and
 * its {@code stateVersion} (+1 per committed transaction).
 *
 * <p>Invariants kept by {@link RoomLedger}: every balance {@code >= 0}; {@code sum(balances) + totalSpent ==
 * totalMinted} (coins enter only by pickups and leave only through the shop).
 *
 * <p>Mutable and not thread-safe: owned by the room's context. A store must copy (or serialize) it in
 * {@code save} before returning ({@link #copy()}).
 */
public final class RoomState {

    /** One player's durable record. */
    public static final class PlayerRecord {
        private String name;
        private long balance;
        private final TreeMap<String, Integer> inventory = new TreeMap<>();
        /** txId to first result, oldest first; bounded by {@link RoomSettings#txResultWindow()}. */
        private final LinkedHashMap<String, TxResult> recent = new LinkedHashMap<>();

        PlayerRecord(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public long balance() {
            return balance;
        }

        /** Item id to count (a copy). */
        public Map<String, Integer> inventory() {
            return Map.copyOf(inventory);
        }

        public int recentResults() {
            return recent.size();
        }

        PlayerRecord copy() {
            PlayerRecord c = new PlayerRecord(name);
            c.balance = balance;
            c.inventory.putAll(inventory);
            c.recent.putAll(recent);
            return c;
        }
    }

    private long stateVersion;
    private long totalMinted;
    private long totalSpent;
    private final LinkedHashMap<String, PlayerRecord> players = new LinkedHashMap<>();

    public long stateVersion() {
        return stateVersion;
    }

    public long totalMinted() {
        return totalMinted;
    }

    public long totalSpent() {
        return totalSpent;
    }

    public int knownPlayers() {
        return players.size();
    }

    public boolean knows(String playerKey) {
        return players.containsKey(playerKey);
    }

    /** The record of {@code playerKey}, or null. */
    public PlayerRecord player(String playerKey) {
        return players.get(playerKey);
    }

    public long balance(String playerKey) {
        PlayerRecord r = players.get(playerKey);
        return r == null ? 0 : r.balance;
    }

    /** Sum of all balances (departed players included). */
    public long totalBalances() {
        long sum = 0;
        for (PlayerRecord r : players.values()) {
            sum += r.balance;
        }
        return sum;
    }

    /** True when no balance is negative and {@code sum(balances) + totalSpent == totalMinted}. */
    public boolean invariantsHold() {
        for (PlayerRecord r : players.values()) {
            if (r.balance < 0) {
                return false;
            }
        }
        return totalBalances() + totalSpent == totalMinted;
    }

    /** The first result of {@code txId} from {@code playerKey}, or null when not (or no longer) remembered. */
    public TxResult recentResult(String playerKey, String txId) {
        PlayerRecord r = players.get(playerKey);
        return r == null ? null : r.recent.get(txId);
    }

    /** Adds a record for a new player (or renames a known one). */
    public PlayerRecord register(String playerKey, String name) {
        PlayerRecord r = players.get(playerKey);
        if (r == null) {
            r = new PlayerRecord(name);
            players.put(playerKey, r);
        } else {
            r.name = name;
        }
        return r;
    }

    /**
     * Forgets one record that {@code evictable} allows (departed players with a zero balance), oldest first.
     *
     * @return true when one was removed
     */
    public boolean evictOne(java.util.function.Predicate<String> evictable) {
        for (Iterator<Map.Entry<String, PlayerRecord>> it = players.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, PlayerRecord> e = it.next();
            if (e.getValue().balance == 0 && evictable.test(e.getKey())) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    // ---- mutations, for RoomLedger (package-private) ----

    void credit(String key, long amount, boolean minted) {
        players.get(key).balance += amount;
        if (minted) {
            totalMinted += amount;
        }
    }

    void debit(String key, long amount, boolean spent) {
        PlayerRecord r = players.get(key);
        if (r.balance < amount) {
            throw new IllegalStateException("balance of a player: " + r.balance + " (expected: >= " + amount + ")");
        }
        r.balance -= amount;
        if (spent) {
            totalSpent += amount;
        }
    }

    void addItem(String key, String item) {
        players.get(key).inventory.merge(item, 1, Integer::sum);
    }

    long bumpVersion() {
        return ++stateVersion;
    }

    /** Remembers {@code result} as the first result of its id; the oldest beyond {@code window} are forgotten. */
    void remember(String key, TxResult result, int window) {
        LinkedHashMap<String, TxResult> recent = players.get(key).recent;
        recent.putIfAbsent(result.id(), result);
        Iterator<String> it = recent.keySet().iterator();
        while (recent.size() > window && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** Captures what a transaction may change, to undo it when its save fails. */
    Checkpoint checkpoint(String... keys) {
        Checkpoint c = new Checkpoint(stateVersion, totalMinted, totalSpent, keys.length);
        for (int i = 0; i < keys.length; i++) {
            PlayerRecord r = players.get(keys[i]);
            c.keys[i] = keys[i];
            c.records[i] = r == null ? null : r.copy();
        }
        return c;
    }

    /** Restores what {@link #checkpoint} captured (the touched players' records and the totals). */
    void restore(Checkpoint c) {
        stateVersion = c.version;
        totalMinted = c.minted;
        totalSpent = c.spent;
        for (int i = 0; i < c.keys.length; i++) {
            if (c.records[i] == null) {
                players.remove(c.keys[i]);
            } else {
                players.put(c.keys[i], c.records[i]);
            }
        }
    }

    /** Undo information of one transaction. */
    static final class Checkpoint {
        final long version;
        final long minted;
        final long spent;
        final String[] keys;
        final PlayerRecord[] records;

        Checkpoint(long version, long minted, long spent, int n) {
            this.version = version;
            this.minted = minted;
            this.spent = spent;
            this.keys = new String[n];
            this.records = new PlayerRecord[n];
        }
    }

    /** A deep copy (what an in-memory store keeps). */
    public RoomState copy() {
        RoomState c = new RoomState();
        c.stateVersion = stateVersion;
        c.totalMinted = totalMinted;
        c.totalSpent = totalSpent;
        players.forEach((k, r) -> c.players.put(k, r.copy()));
        return c;
    }

    @Override
    public String toString() {
        return "RoomState{version=" + stateVersion + ", minted=" + totalMinted + ", spent=" + totalSpent
                + ", players=" + players.size() + '}';
    }
}
