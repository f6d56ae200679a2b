package dev.strafe.server.room;

import dev.strafe.protocol.Seq32;
import dev.strafe.protocol.pos.SnapshotState;

/**
 * The authoritative, deterministic world of one room: players moved by their queued inputs at a fixed tick,
 * coins spawned from a seeded RNG. Plain Java: no Vert.x, no clock, no threads (the owner calls {@link #tick()}
 * at the tick rate, on one thread). Same settings + seed + call sequence give the same states (tested).
 *
 * <h2>Movement rules (server-side validation)</h2>
 * <ul>
 *   <li>An input is one movement step of {@code 1/tickRate} s. Its axes {@code (moveX, moveY)} in [-127, 127]
 *       give the direction; a vector longer than 127 (diagonals) is scaled to 127, so a step is at most
 *       {@link RoomSettings#stepCm()} = maxSpeed / tickRate (+ rounding of 1 cm).</li>
 *   <li>Each player has a bounded queue ({@link RoomSettings#inputQueueLimit()}); surplus inputs are dropped and
 *       counted ({@link InputDrop#QUEUE_FULL}); sequences not newer than the last accepted one are dropped
 *       ({@link InputDrop#STALE_SEQUENCE}).</li>
 *   <li>Per tick a player earns one step credit, capped at {@link RoomSettings#maxInputsPerTick()}: a late batch
 *       catches up a little, but over any window a player never moves faster than maxSpeed (plus the burst), so
 *       sending inputs faster than the tick rate gains nothing (speed hack).</li>
 *   <li>Positions only change by steps (no teleport) and are clamped to the arena {@code [0, width] x [0, height]}.</li>
 * </ul>
 *
 * <h2>Entities</h2>
 * Ids are u16, 1..65535, shared by players ({@link #KIND_PLAYER}) and coins ({@link #KIND_COIN}), handed out by a
 * rotating cursor so a freed id is not reused soon (a client never mistakes a new entity for an old one).
 *
 * <p>The tick path ({@link #tick()}, {@link #offerInput}, {@link #writeSnapshot}) allocates nothing.
 */
public final class RoomSimulation {

    public static final int KIND_PLAYER = 1;
    public static final int KIND_COIN = 2;

    /** {@link #offerInput} result: queued. */
    public static final InputDrop ACCEPTED = null;

    private static final int AXIS_MAX = 127;

    private final RoomSettings settings;
    private final int capacity;
    private final int queueLimit;
    private final double stepCm;

    private long tick;
    private long rng;

    // players, by slot (0..capacity-1)
    private final boolean[] active;
    private final int[] playerId;
    private final int[] px;
    private final int[] py;
    private final int[] pvx;
    private final int[] pvy;
    private final int[] heading;
    private final int[] credit;
    private final long[] lastProcessed;
    private final long[] lastQueued;
    private final boolean[] anyQueued;
    // inputs, ring per slot at [slot * queueLimit ..]
    private final long[] qSequence;
    private final byte[] qMoveX;
    private final byte[] qMoveY;
    private final char[] qAim;
    private final int[] qHead;
    private final int[] qCount;
    private int players;

    // coins, dense 0..coins-1
    private final int[] coinId;
    private final int[] coinX;
    private final int[] coinY;
    private int coins;
    private int ticksSinceSpawn;

    private final boolean[] idUsed = new boolean[SnapshotState.ID_MAX + 1];
    private int nextId = 1;

    private final long[] dropped = new long[InputDrop.values().length];

    /**
     * @param settings the room's settings
     * @param seed     RNG seed (spawn points, coins); the verticle mixes {@link RoomSettings#seed()} with the room id
     */
    public RoomSimulation(RoomSettings settings, long seed) {
        this.settings = settings;
        this.capacity = settings.capacity();
        this.queueLimit = settings.inputQueueLimit();
        this.stepCm = settings.stepCm();
        this.rng = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        active = new boolean[capacity];
        playerId = new int[capacity];
        px = new int[capacity];
        py = new int[capacity];
        pvx = new int[capacity];
        pvy = new int[capacity];
        heading = new int[capacity];
        credit = new int[capacity];
        lastProcessed = new long[capacity];
        lastQueued = new long[capacity];
        anyQueued = new boolean[capacity];
        qSequence = new long[capacity * queueLimit];
        qMoveX = new byte[capacity * queueLimit];
        qMoveY = new byte[capacity * queueLimit];
        qAim = new char[capacity * queueLimit];
        qHead = new int[capacity];
        qCount = new int[capacity];
        coinId = new int[Math.max(1, settings.coinMax())];
        coinX = new int[coinId.length];
        coinY = new int[coinId.length];
    }

    public RoomSettings settings() {
        return settings;
    }

    /** The last completed tick (u32, 0 before the first tick). */
    public long currentTick() {
        return tick;
    }

    public int playerCount() {
        return players;
    }

    public int coinCount() {
        return coins;
    }

    public boolean isFull() {
        return players == capacity;
    }

    // ------------------------------------------------------------------ players

    /**
     * Adds a player at a seeded spawn point.
     *
     * @return its entity id, or -1 when the room is full
     */
    public int join() {
        if (players == capacity) {
            return -1;
        }
        int slot = 0;
        while (active[slot]) {
            slot++;
        }
        int id = allocateId();
        active[slot] = true;
        playerId[slot] = id;
        px[slot] = randomBelow(settings.worldWidthCm() + 1);
        py[slot] = randomBelow(settings.worldHeightCm() + 1);
        pvx[slot] = 0;
        pvy[slot] = 0;
        heading[slot] = 0;
        credit[slot] = 0;
        lastProcessed[slot] = 0;
        resetInputs(slot);
        players++;
        return id;
    }

    /** Removes a player; false when unknown. */
    public boolean leave(int entityId) {
        int slot = slotOf(entityId);
        if (slot < 0) {
            return false;
        }
        active[slot] = false;
        idUsed[entityId] = false;
        players--;
        return true;
    }

    /**
     * Forgets a player's queued inputs and sequence (a new connection of the same player starts a new sequence
     * space); position and {@link #lastProcessedInputSequence} stay.
     */
    public boolean restartInputs(int entityId) {
        int slot = slotOf(entityId);
        if (slot < 0) {
            return false;
        }
        resetInputs(slot);
        return true;
    }

    private void resetInputs(int slot) {
        qHead[slot] = 0;
        qCount[slot] = 0;
        anyQueued[slot] = false;
        lastQueued[slot] = 0;
    }

    public boolean hasPlayer(int entityId) {
        return slotOf(entityId) >= 0;
    }

    /**
     * Queues one input of player {@code entityId}.
     *
     * @return {@link #ACCEPTED} ({@code null}) or why it was dropped (also counted, see {@link #droppedInputs})
     */
    public InputDrop offerInput(int entityId, long sequence, int moveX, int moveY, int aim) {
        int slot = slotOf(entityId);
        if (slot < 0) {
            return drop(InputDrop.UNKNOWN_PLAYER);
        }
        if (anyQueued[slot] && !Seq32.isNewer(sequence, lastQueued[slot])) {
            return drop(InputDrop.STALE_SEQUENCE);
        }
        if (qCount[slot] == queueLimit) {
            return drop(InputDrop.QUEUE_FULL);
        }
        int at = slot * queueLimit + (qHead[slot] + qCount[slot]) % queueLimit;
        qSequence[at] = sequence & Seq32.MAX;
        qMoveX[at] = (byte) clampAxis(moveX);
        qMoveY[at] = (byte) clampAxis(moveY);
        qAim[at] = (char) (aim & 0xFFFF);
        qCount[slot]++;
        anyQueued[slot] = true;
        lastQueued[slot] = sequence & Seq32.MAX;
        return ACCEPTED;
    }

    /** Counts a drop that happened before the simulation (e.g. a malformed message); returns {@code reason}. */
    public InputDrop drop(InputDrop reason) {
        dropped[reason.ordinal()]++;
        return reason;
    }

    /** Inputs dropped for {@code reason} since the room started. */
    public long droppedInputs(InputDrop reason) {
        return dropped[reason.ordinal()];
    }

    public int pendingInputs(int entityId) {
        int slot = slotOf(entityId);
        return slot < 0 ? 0 : qCount[slot];
    }

    // ------------------------------------------------------------------ tick

    /** Advances one tick: applies queued inputs (bounded per player), then spawns coins. Allocation-free. */
    public void tick() {
        tick = Seq32.nextTick(tick);
        int burst = settings.maxInputsPerTick();
        for (int slot = 0; slot < capacity; slot++) {
            if (!active[slot]) {
                continue;
            }
            if (credit[slot] < burst) {
                credit[slot]++;
            }
            int x0 = px[slot];
            int y0 = py[slot];
            while (credit[slot] > 0 && qCount[slot] > 0) {
                int at = slot * queueLimit + qHead[slot];
                step(slot, qMoveX[at], qMoveY[at]);
                heading[slot] = qAim[at];
                lastProcessed[slot] = qSequence[at];
                qHead[slot] = (qHead[slot] + 1) % queueLimit;
                qCount[slot]--;
                credit[slot]--;
            }
            pvx[slot] = clampVelocity((long) (px[slot] - x0) * settings.tickRate());
            pvy[slot] = clampVelocity((long) (py[slot] - y0) * settings.tickRate());
        }
        if (coins < settings.coinMax() && ++ticksSinceSpawn >= settings.coinSpawnIntervalTicks()) {
            ticksSinceSpawn = 0;
            spawnCoin();
        }
    }

    private void step(int slot, int moveX, int moveY) {
        int lengthSquared = moveX * moveX + moveY * moveY;
        if (lengthSquared == 0) {
            return;
        }
        double scale = lengthSquared > AXIS_MAX * AXIS_MAX
                ? stepCm / Math.sqrt(lengthSquared)
                : stepCm / AXIS_MAX;
        long x = px[slot] + Math.round(moveX * scale);
        long y = py[slot] + Math.round(moveY * scale);
        px[slot] = Math.clamp(x, 0, settings.worldWidthCm());
        py[slot] = Math.clamp(y, 0, settings.worldHeightCm());
    }

    // ------------------------------------------------------------------ coins

    private void spawnCoin() {
        int id = allocateId();
        if (id < 0) {
            return;
        }
        coinId[coins] = id;
        coinX[coins] = randomBelow(settings.worldWidthCm() + 1);
        coinY[coins] = randomBelow(settings.worldHeightCm() + 1);
        coins++;
    }

    /** Test and tool hook: places a coin; returns its id, or -1 when {@code coinMax} coins exist. */
    public int spawnCoinAt(int x, int y) {
        if (coins >= coinId.length || coins >= settings.coinMax()) {
            return -1;
        }
        int id = allocateId();
        coinId[coins] = id;
        coinX[coins] = Math.clamp(x, 0, settings.worldWidthCm());
        coinY[coins] = Math.clamp(y, 0, settings.worldHeightCm());
        coins++;
        return id;
    }

    /** Why a pickup claim is invalid, or {@code null} when valid (by the server's positions). */
    public String checkPickup(int playerEntityId, int coinEntityId) {
        int slot = slotOf(playerEntityId);
        if (slot < 0) {
            return "unknown_player";
        }
        int c = coinIndex(coinEntityId);
        if (c < 0) {
            return "coin_gone";
        }
        long dx = px[slot] - coinX[c];
        long dy = py[slot] - coinY[c];
        long r = settings.pickupRadiusCm();
        return dx * dx + dy * dy <= r * r ? null : "too_far";
    }

    /** Removes a coin; false when absent. */
    public boolean removeCoin(int coinEntityId) {
        int c = coinIndex(coinEntityId);
        if (c < 0) {
            return false;
        }
        idUsed[coinEntityId] = false;
        coins--;
        coinId[c] = coinId[coins];
        coinX[c] = coinX[coins];
        coinY[c] = coinY[coins];
        return true;
    }

    public int coinId(int index) {
        return coinId[java.util.Objects.checkIndex(index, coins)];
    }

    public int coinX(int coinEntityId) {
        return coinX[requireCoin(coinEntityId)];
    }

    public int coinY(int coinEntityId) {
        return coinY[requireCoin(coinEntityId)];
    }

    private int requireCoin(int coinEntityId) {
        int c = coinIndex(coinEntityId);
        if (c < 0) {
            throw new IllegalArgumentException("coin: " + coinEntityId + " (expected: a coin of this room)");
        }
        return c;
    }

    private int coinIndex(int id) {
        for (int i = 0; i < coins; i++) {
            if (coinId[i] == id) {
                return i;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ reading the world

    public int playerX(int entityId) {
        return px[requireSlot(entityId)];
    }

    public int playerY(int entityId) {
        return py[requireSlot(entityId)];
    }

    public int playerVx(int entityId) {
        return pvx[requireSlot(entityId)];
    }

    public int playerVy(int entityId) {
        return pvy[requireSlot(entityId)];
    }

    /** Test hook: moves a player (e.g. next to a coin). Not reachable from the network. */
    public void placePlayer(int entityId, int x, int y) {
        int slot = requireSlot(entityId);
        px[slot] = Math.clamp(x, 0, settings.worldWidthCm());
        py[slot] = Math.clamp(y, 0, settings.worldHeightCm());
    }

    /** The sequence of the newest input applied for this player (u32; 0 before any). */
    public long lastProcessedInputSequence(int entityId) {
        return lastProcessed[requireSlot(entityId)];
    }

    /**
     * Writes the world at the current tick into {@code out}: players by slot, then coins. Allocation-free.
     * The tick must be >= 1 (call {@link #tick()} first).
     */
    public void writeSnapshot(SnapshotState out) {
        out.clear();
        out.tick(tick);
        for (int slot = 0; slot < capacity; slot++) {
            if (active[slot]) {
                out.add(playerId[slot], KIND_PLAYER, px[slot], py[slot], pvx[slot], pvy[slot], heading[slot]);
            }
        }
        for (int i = 0; i < coins; i++) {
            out.add(coinId[i], KIND_COIN, coinX[i], coinY[i], 0, 0, 0);
        }
    }

    /** An immutable copy of the world for publishing (allocates the frame's two arrays). */
    public WorldFrame frame() {
        int entities = players + coins;
        int[] e = new int[entities * WorldFrame.STRIDE];
        long[] acks = new long[players];
        int n = 0;
        int p = 0;
        for (int slot = 0; slot < capacity; slot++) {
            if (active[slot]) {
                n = WorldFrame.put(e, n, playerId[slot], KIND_PLAYER, px[slot], py[slot], pvx[slot], pvy[slot], heading[slot]);
                acks[p++] = WorldFrame.ack(playerId[slot], lastProcessed[slot]);
            }
        }
        for (int i = 0; i < coins; i++) {
            n = WorldFrame.put(e, n, coinId[i], KIND_COIN, coinX[i], coinY[i], 0, 0, 0);
        }
        return new WorldFrame(tick, e, acks);
    }

    // ------------------------------------------------------------------ helpers

    private int slotOf(int entityId) {
        for (int slot = 0; slot < capacity; slot++) {
            if (active[slot] && playerId[slot] == entityId) {
                return slot;
            }
        }
        return -1;
    }

    private int requireSlot(int entityId) {
        int slot = slotOf(entityId);
        if (slot < 0) {
            throw new IllegalArgumentException("player: " + entityId + " (expected: a player of this room)");
        }
        return slot;
    }

    private int allocateId() {
        for (int tries = 0; tries < SnapshotState.ID_MAX; tries++) {
            int id = nextId;
            nextId = nextId == SnapshotState.ID_MAX ? 1 : nextId + 1;
            if (!idUsed[id]) {
                idUsed[id] = true;
                return id;
            }
        }
        return -1; // cannot happen: at most 128 entities
    }

    private static int clampAxis(int v) {
        return Math.clamp(v, -AXIS_MAX, AXIS_MAX);
    }

    private static int clampVelocity(long v) {
        return Math.clamp(v, SnapshotState.VELOCITY_MIN, SnapshotState.VELOCITY_MAX);
    }

    /** xorshift64*: deterministic, allocation-free. */
    private int randomBelow(int bound) {
        rng ^= rng >>> 12;
        rng ^= rng << 25;
        rng ^= rng >>> 27;
        long r = rng * 0x2545F4914F6CDD1DL;
        return (int) Math.floorMod(r >>> 1, (long) bound);
    }
}
