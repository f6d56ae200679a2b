package dev.strafe.protocol.pos;

/**
 * Wire layout of the server-to-client {@code Snapshot} message (all fields big-endian, offsets relative to
 * the message start):
 *
 * <pre>
 * offset size field                since
 *      0    4 header (type=2 SNAPSHOT, schemaVersion, blockLength=15)
 *      4    4 tick          u32    v1  != 0
 *      8    4 baselineTick  u32    v1  0 = full snapshot, else older than tick (mod 2^32)
 *     12    1 removedCount  u8     v1  <= 128 (0 in a full snapshot)
 *     13    1 addedCount    u8     v1  <= 128
 *     14    1 changedCount  u8     v1  <= 128 (0 in a full snapshot)
 *     15    4 lastInputSequence u32 v1 sequence of the receiving player's last Input the server applied
 *                                      at or before tick (0 = none yet); the client drops its predicted
 *                                      inputs up to it and replays the rest (reconciliation)
 *   4+blockLength             variable part:
 *       removedCount x  id u16                                            (2 bytes each)
 *       addedCount   x  id u16, kind u8, x i24, y i24, vx i16, vy i16, heading u16   (15 bytes each)
 *       changedCount x  id u16, mask u8, then the fields whose mask bit is set, in bit order:
 *                       bit0 x i24, bit1 y i24, bit2 vx i16, bit3 vy i16, bit4 heading u16
 *                       (mask in 1..31; bits 5-7 are reserved and rejected)
 * </pre>
 *
 * Encoders write removed, added and changed records in ascending id order (decoders do not rely on it).
 * The receiver applies removed, then added, then changed onto a copy of the baseline; a full snapshot
 * ({@code baselineTick == 0}) starts from an empty state and has only added entities. The whole message
 * is at most {@link #MAX_SNAPSHOT_BYTES}.
 */
public final class SnapshotLayout {

    /** Upper bound of every encoded snapshot: fits one SCTP packet over DTLS/UDP on a 1,200-byte path. */
    public static final int MAX_SNAPSHOT_BYTES = 1100;

    public static final int TICK_OFFSET = 4;
    public static final int BASELINE_TICK_OFFSET = 8;
    public static final int REMOVED_COUNT_OFFSET = 12;
    public static final int ADDED_COUNT_OFFSET = 13;
    public static final int CHANGED_COUNT_OFFSET = 14;
    /** Per player: the sequence of the last {@link Input} of the receiving player applied at or before the tick. */
    public static final int LAST_INPUT_SEQUENCE_OFFSET = 15;
    /** Root block length written by schema v1. */
    public static final int BLOCK_LENGTH = 15;
    /** Header plus v1 root block: the size of an empty snapshot. */
    public static final int FIXED_LENGTH = PosHeader.HEADER_LENGTH + BLOCK_LENGTH;

    public static final int REMOVED_LENGTH = 2;
    public static final int ADDED_LENGTH = 15;
    /** id + mask, before the changed fields. */
    public static final int CHANGED_PREFIX_LENGTH = 3;

    // Offsets inside an added entity record.
    public static final int ADDED_ID_OFFSET = 0;
    public static final int ADDED_KIND_OFFSET = 2;
    public static final int ADDED_X_OFFSET = 3;
    public static final int ADDED_Y_OFFSET = 6;
    public static final int ADDED_VX_OFFSET = 9;
    public static final int ADDED_VY_OFFSET = 11;
    public static final int ADDED_HEADING_OFFSET = 13;

    // Offsets inside a changed entity record, before the fields.
    public static final int CHANGED_ID_OFFSET = 0;
    public static final int CHANGED_MASK_OFFSET = 2;

    public static final int MASK_X = 1;
    public static final int MASK_Y = 1 << 1;
    public static final int MASK_VX = 1 << 2;
    public static final int MASK_VY = 1 << 3;
    public static final int MASK_HEADING = 1 << 4;
    public static final int MASK_ALL = 0x1F;

    public static final int POSITION_LENGTH = 3;
    public static final int VELOCITY_LENGTH = 2;
    public static final int HEADING_LENGTH = 2;

    private SnapshotLayout() {
    }

    /** Bytes of the fields selected by {@code mask} in a changed record (without id and mask). */
    public static int changedFieldsLength(int mask) {
        int n = 0;
        if ((mask & MASK_X) != 0) {
            n += POSITION_LENGTH;
        }
        if ((mask & MASK_Y) != 0) {
            n += POSITION_LENGTH;
        }
        if ((mask & MASK_VX) != 0) {
            n += VELOCITY_LENGTH;
        }
        if ((mask & MASK_VY) != 0) {
            n += VELOCITY_LENGTH;
        }
        if ((mask & MASK_HEADING) != 0) {
            n += HEADING_LENGTH;
        }
        return n;
    }
}
