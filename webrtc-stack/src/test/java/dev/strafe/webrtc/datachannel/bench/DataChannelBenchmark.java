package dev.strafe.webrtc.datachannel.bench;

import dev.strafe.webrtc.datachannel.DataChannel;
import dev.strafe.webrtc.datachannel.DataChannelInit;
import dev.strafe.webrtc.datachannel.DataChannelManager;
import dev.strafe.webrtc.datachannel.DataChannelManager.DtlsRole;
import dev.strafe.webrtc.sctp.SctpTransport;
import dev.strafe.webrtc.sctp.SendStatus;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of the data-channel layer alone on the message path (the SCTP association replaced by a transport
 * that accepts and keeps nothing): send a 64-byte binary "pos" message, deliver a received one, and the
 * text equivalents (which pay for UTF-8 encoding/decoding). Run with {@code -prof gc} to see bytes/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DataChannelBenchmark {

    /** Accepts everything, keeps nothing. */
    static final class NullTransport implements SctpTransport {
        long bytes;

        @Override
        public SendStatus send(int streamId, int ppid, byte[] data, int offset, int length, boolean unordered,
                               int maxRetransmits, long lifetimeNanos, long nowNanos) {
            bytes += length;
            return SendStatus.ACCEPTED;
        }

        @Override
        public long bufferedAmount(int streamId) {
            return 0;
        }

        @Override
        public void bufferedAmountLowThreshold(int streamId, long bytes) {
        }

        @Override
        public void resetOutgoingStreams(int... streamIds) {
        }

        @Override
        public int maxMessageSize() {
            return 256 * 1024;
        }
    }

    private DataChannelManager manager;
    private DataChannel pos;
    private DataChannel tx;
    private final byte[] binary = new byte[64];
    private final byte[] textBytes = "{\"type\":\"buy\",\"id\":12345,\"item\":\"sword\"}".getBytes(StandardCharsets.UTF_8);
    private final String text = "{\"type\":\"buy\",\"id\":12345,\"item\":\"sword\"}";
    private Blackhole blackhole;

    @Setup
    public void setUp(Blackhole bh) {
        blackhole = bh;
        manager = new DataChannelManager(DtlsRole.SERVER, System::nanoTime);
        manager.attach(new NullTransport());
        manager.onAssociationEstablished();
        pos = manager.createDataChannel("pos", DataChannelInit.builder().negotiated(true).id(0).ordered(false)
                .maxRetransmits(0).build());
        tx = manager.createDataChannel("tx", DataChannelInit.builder().negotiated(true).id(1).build());
        pos.onBinary(data -> blackhole.consume(data));
        tx.onText(s -> blackhole.consume(s));
    }

    @Benchmark
    public void sendBinary64() {
        pos.send(binary);
    }

    @Benchmark
    public void receiveBinary64() {
        manager.onMessage(0, 53, binary, true);
    }

    @Benchmark
    public void sendText42() {
        tx.send(text);
    }

    @Benchmark
    public void receiveText42() {
        manager.onMessage(1, 51, textBytes, false);
    }
}
