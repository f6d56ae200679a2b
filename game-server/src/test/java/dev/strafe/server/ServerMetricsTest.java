package dev.strafe.server;

import dev.strafe.server.room.Rooms;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerMetricsTest {

    @Test
    void vertxAndRoomMetersShareThePrometheusRegistry() throws Exception {
        Vertx vertx = Vertx.vertx(ServerMetrics.vertxOptions());
        try {
            assertInstanceOf(PrometheusMeterRegistry.class, ServerMetrics.registry());
            Rooms rooms = Rooms.deploy(vertx, "node-m", Map.of("tick", Map.of("rate", 60)), ServerMetrics.registry())
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            rooms.gateway().join("metered", "ada", null).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            String scrape = ServerMetrics.prometheus().scrape();
            assertTrue(scrape.contains("strafe_rooms 1.0"), scrape);
            assertTrue(scrape.contains("strafe_room_players 1.0"), scrape);
            assertTrue(scrape.contains("strafe_room_tick_duration_seconds_bucket"), "tick histogram");
            assertTrue(scrape.contains("strafe_room_inputs_dropped_total{reason=\"queue_full\"}"), "drop counters");
            assertTrue(scrape.contains("vertx_eventbus_"), "Vert.x event-bus metrics");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
