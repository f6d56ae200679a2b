package dev.strafe.server.room;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The knobs of one room, validated when built (STYLE #7/#14: messages read
 * {@code "rooms.tick.rate: 90 (expected: 1..60)"}). Plain Java: {@link #fromMap} reads the {@code rooms} section
 * of the server's JSON config as a {@code Map}, so this class has no Vert.x dependency.
 *
 * <p>Units: lengths in centimetres, speeds in cm/s, the reaping grace in milliseconds, the coin interval in ticks.
 *
 * @param tickRate                simulation ticks per second, 1..60
 * @param capacity                players per room, 1..{@value #MAX_CAPACITY}
 * @param worldWidthCm            arena width, x in {@code [0, worldWidthCm]}
 * @param worldHeightCm           arena height, y in {@code [0, worldHeightCm]}
 * @param maxSpeedCmPerSecond     speed of a full-deflection input; the per-input step is this over the tick rate
 * @param inputQueueLimit         pending inputs per player; more are dropped ({@code queue_full}), 1..64
 * @param maxInputsPerTick        inputs applied per player per tick (catch-up burst), 1..8; long-run rate is 1 per tick
 * @param coinMax                 coins on the field at once, 0..; {@code capacity + coinMax <= 128} (one snapshot)
 * @param coinSpawnIntervalTicks  one coin spawns every this many ticks while below {@code coinMax}
 * @param pickupRadiusCm          a player picks a coin up only within this distance (server positions)
 * @param seed                    seed of the room's RNG (spawn points, coin positions), mixed with the room id
 * @param reapGraceMillis         an empty room is closed after this long
 * @param txResultWindow          transaction results remembered per player for idempotent retries, 1..4096
 * @param maxPendingTx            transactions queued per room before new ones fail with {@code OVERLOADED}
 * @param maxKnownPlayers         player records (balances) a room keeps, incl. departed players that may resume
 * @param prices                  shop price list, item id to price in coins (> 0)
 */
public record RoomSettings(
        int tickRate,
        int capacity,
        int worldWidthCm,
        int worldHeightCm,
        int maxSpeedCmPerSecond,
        int inputQueueLimit,
        int maxInputsPerTick,
        int coinMax,
        int coinSpawnIntervalTicks,
        int pickupRadiusCm,
        long seed,
        long reapGraceMillis,
        int txResultWindow,
        int maxPendingTx,
        int maxKnownPlayers,
        Map<String, Integer> prices) {

    public static final int MAX_TICK_RATE = 60;
    public static final int MAX_CAPACITY = 128;
    /** Entities in one {@code SnapshotState}: players plus coins must fit. */
    public static final int MAX_ENTITIES = 128;
    /** World coordinates must fit the snapshot's signed 24-bit centimetres. */
    public static final int MAX_WORLD_CM = (1 << 23) - 1;

    private static final Pattern ITEM = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public RoomSettings {
        range("rooms.tick.rate", tickRate, 1, MAX_TICK_RATE);
        range("rooms.capacity", capacity, 1, MAX_CAPACITY);
        range("rooms.world.width", worldWidthCm, 100, MAX_WORLD_CM);
        range("rooms.world.height", worldHeightCm, 100, MAX_WORLD_CM);
        // a full step must stay well inside the snapshot's i16 cm/s velocity
        range("rooms.speed.max", maxSpeedCmPerSecond, 1, 10_000);
        range("rooms.input.queue", inputQueueLimit, 1, 64);
        range("rooms.input.burst", maxInputsPerTick, 1, 8);
        range("rooms.coins.max", coinMax, 0, MAX_ENTITIES - 1);
        if (capacity + coinMax > MAX_ENTITIES) {
            throw new IllegalArgumentException("rooms.capacity + rooms.coins.max: " + (capacity + coinMax)
                    + " (expected: <= " + MAX_ENTITIES + ", the entities of one snapshot)");
        }
        range("rooms.coins.interval", coinSpawnIntervalTicks, 1, 1_000_000);
        range("rooms.coins.radius", pickupRadiusCm, 1, MAX_WORLD_CM);
        if (reapGraceMillis < 0 || reapGraceMillis > 86_400_000L) {
            throw new IllegalArgumentException("rooms.reap.grace: " + reapGraceMillis + " (expected: 0..86400000 ms)");
        }
        range("rooms.tx.window", txResultWindow, 1, 4096);
        range("rooms.tx.pending", maxPendingTx, 1, 65_536);
        if (maxKnownPlayers < capacity || maxKnownPlayers > 1_000_000) {
            throw new IllegalArgumentException("rooms.ledger.players: " + maxKnownPlayers
                    + " (expected: " + capacity + "..1000000, at least rooms.capacity)");
        }
        Objects.requireNonNull(prices, "prices");
        if (prices.size() > 256) {
            throw new IllegalArgumentException("rooms.shop: " + prices.size() + " items (expected: <= 256)");
        }
        for (Map.Entry<String, Integer> e : prices.entrySet()) {
            if (!ITEM.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("rooms.shop: item '" + e.getKey() + "' (expected: [a-z0-9][a-z0-9-]{0,31})");
            }
            if (e.getValue() == null || e.getValue() < 1) {
                throw new IllegalArgumentException("rooms.shop." + e.getKey() + ": " + e.getValue() + " (expected: a price >= 1)");
            }
        }
        prices = Map.copyOf(prices);
    }

    /** The defaults of {@code strafe-defaults.json}: 20 Hz, 32 players, a 40 m x 30 m arena, 6 m/s. */
    public static RoomSettings defaults() {
        return new RoomSettings(20, 32, 4000, 3000, 600, 8, 2, 16, 20, 150, 1L, 30_000L, 256, 256, 1024,
                Map.of("speed-boots", 5, "hat", 3, "shield", 8));
    }

    /** Centimetres one full-deflection input moves a player (maxSpeed / tickRate). */
    public double stepCm() {
        return (double) maxSpeedCmPerSecond / tickRate;
    }

    /** Tick period in nanoseconds. */
    public long tickPeriodNanos() {
        return 1_000_000_000L / tickRate;
    }

    public RoomSettings withTickRate(int value) {
        return new RoomSettings(value, capacity, worldWidthCm, worldHeightCm, maxSpeedCmPerSecond, inputQueueLimit,
                maxInputsPerTick, coinMax, coinSpawnIntervalTicks, pickupRadiusCm, seed, reapGraceMillis,
                txResultWindow, maxPendingTx, maxKnownPlayers, prices);
    }

    public RoomSettings withCapacity(int value) {
        return new RoomSettings(tickRate, value, worldWidthCm, worldHeightCm, maxSpeedCmPerSecond, inputQueueLimit,
                maxInputsPerTick, coinMax, coinSpawnIntervalTicks, pickupRadiusCm, seed, reapGraceMillis,
                txResultWindow, maxPendingTx, Math.max(maxKnownPlayers, value), prices);
    }

    public RoomSettings withCoins(int max, int intervalTicks) {
        return new RoomSettings(tickRate, capacity, worldWidthCm, worldHeightCm, maxSpeedCmPerSecond, inputQueueLimit,
                maxInputsPerTick, max, intervalTicks, pickupRadiusCm, seed, reapGraceMillis,
                txResultWindow, maxPendingTx, maxKnownPlayers, prices);
    }

    public RoomSettings withReapGraceMillis(long value) {
        return new RoomSettings(tickRate, capacity, worldWidthCm, worldHeightCm, maxSpeedCmPerSecond, inputQueueLimit,
                maxInputsPerTick, coinMax, coinSpawnIntervalTicks, pickupRadiusCm, seed, value,
                txResultWindow, maxPendingTx, maxKnownPlayers, prices);
    }

    public RoomSettings withPickupRadiusCm(int value) {
        return new RoomSettings(tickRate, capacity, worldWidthCm, worldHeightCm, maxSpeedCmPerSecond, inputQueueLimit,
                maxInputsPerTick, coinMax, coinSpawnIntervalTicks, value, seed, reapGraceMillis,
                txResultWindow, maxPendingTx, maxKnownPlayers, prices);
    }

    public RoomSettings withTxResultWindow(int value) {
        return new RoomSettings(tickRate, capacity, worldWidthCm, worldHeightCm, maxSpeedCmPerSecond, inputQueueLimit,
                maxInputsPerTick, coinMax, coinSpawnIntervalTicks, pickupRadiusCm, seed, reapGraceMillis,
                value, maxPendingTx, maxKnownPlayers, prices);
    }

    /**
     * Reads the {@code rooms} config section (nested maps as produced by {@code JsonObject.getMap()}); absent keys
     * keep {@link #defaults()}. Keys (single lower-case words so that {@code STRAFE_ROOMS_TICK_RATE} overrides
     * {@code rooms.tick.rate}): {@code tick.rate, capacity, world.width, world.height, speed.max, input.queue,
     * input.burst, coins.max, coins.interval, coins.radius, coins.seed, reap.grace, tx.window, tx.pending,
     * ledger.players, shop.{item}}. A section {@code custom.{roomId}} (same keys) is read by {@link #forRoom}.
     */
    public static RoomSettings fromMap(Map<String, ?> rooms) {
        return fromMap(rooms, defaults());
    }

    /** Like {@link #fromMap(Map)} but absent keys keep {@code base}. */
    public static RoomSettings fromMap(Map<String, ?> rooms, RoomSettings base) {
        if (rooms == null) {
            return base;
        }
        Map<String, Integer> prices = base.prices();
        Object shop = rooms.get("shop");
        if (shop != null) {
            if (!(shop instanceof Map<?, ?> items)) {
                throw new IllegalArgumentException("rooms.shop: " + shop + " (expected: an object of item: price)");
            }
            Map<String, Integer> parsed = new LinkedHashMap<>();
            items.forEach((k, v) -> parsed.put(String.valueOf(k), intOf("rooms.shop." + k, v)));
            prices = parsed;
        }
        return new RoomSettings(
                intAt(rooms, "rooms.tick.rate", base.tickRate(), "tick", "rate"),
                intAt(rooms, "rooms.capacity", base.capacity(), "capacity"),
                intAt(rooms, "rooms.world.width", base.worldWidthCm(), "world", "width"),
                intAt(rooms, "rooms.world.height", base.worldHeightCm(), "world", "height"),
                intAt(rooms, "rooms.speed.max", base.maxSpeedCmPerSecond(), "speed", "max"),
                intAt(rooms, "rooms.input.queue", base.inputQueueLimit(), "input", "queue"),
                intAt(rooms, "rooms.input.burst", base.maxInputsPerTick(), "input", "burst"),
                intAt(rooms, "rooms.coins.max", base.coinMax(), "coins", "max"),
                intAt(rooms, "rooms.coins.interval", base.coinSpawnIntervalTicks(), "coins", "interval"),
                intAt(rooms, "rooms.coins.radius", base.pickupRadiusCm(), "coins", "radius"),
                longAt(rooms, "rooms.coins.seed", base.seed(), "coins", "seed"),
                longAt(rooms, "rooms.reap.grace", base.reapGraceMillis(), "reap", "grace"),
                intAt(rooms, "rooms.tx.window", base.txResultWindow(), "tx", "window"),
                intAt(rooms, "rooms.tx.pending", base.maxPendingTx(), "tx", "pending"),
                intAt(rooms, "rooms.ledger.players", base.maxKnownPlayers(), "ledger", "players"),
                prices);
    }

    /** Settings of room {@code roomId}: the {@code custom.{roomId}} section over the room defaults, if present. */
    public static RoomSettings forRoom(Map<String, ?> rooms, RoomSettings defaults, String roomId) {
        if (rooms != null && rooms.get("custom") instanceof Map<?, ?> custom && custom.get(roomId) instanceof Map<?, ?> one) {
            @SuppressWarnings("unchecked")
            Map<String, ?> section = (Map<String, ?>) one;
            return fromMap(section, defaults);
        }
        return defaults;
    }

    /**
     * Validates the defaults and every {@code custom.<roomId>} section.
     *
     * @throws IllegalArgumentException naming the first bad value, prefixed with the room for a custom section
     */
    public static RoomSettings validateAll(Map<String, ?> rooms) {
        RoomSettings defaults = fromMap(rooms);
        if (rooms != null && rooms.get("custom") instanceof Map<?, ?> custom) {
            for (Object roomId : custom.keySet()) {
                try {
                    forRoom(rooms, defaults, String.valueOf(roomId));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("rooms.custom." + roomId + ": " + e.getMessage(), e);
                }
            }
        }
        return defaults;
    }

    private static int intAt(Map<String, ?> map, String path, int fallback, String... keys) {
        Object v = lookup(map, keys);
        return v == null ? fallback : intOf(path, v);
    }

    private static long longAt(Map<String, ?> map, String path, long fallback, String... keys) {
        Object v = lookup(map, keys);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        throw new IllegalArgumentException(path + ": " + v + " (expected: an integer)");
    }

    private static Object lookup(Map<String, ?> map, String... keys) {
        Object node = map;
        for (String key : keys) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(key);
        }
        return node;
    }

    private static int intOf(String path, Object v) {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        throw new IllegalArgumentException(path + ": " + v + " (expected: an integer)");
    }

    private static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
    }
}
