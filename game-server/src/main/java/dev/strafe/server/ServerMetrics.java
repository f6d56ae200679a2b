package dev.strafe.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * Metrics of a node: Vert.x's own (event bus, HTTP, pools) through vertx-micrometer-metrics, and Strafe's meters
 * (rooms, ticks, inputs, transactions) in the same Prometheus registry. {@code GET /metrics} renders
 * {@link #prometheus()}{@code .scrape()}.
 */
public final class ServerMetrics {

    private ServerMetrics() {
    }

    /** Options for {@code Vertx.vertx(...)} with the Prometheus backend enabled (no embedded server). */
    public static VertxOptions vertxOptions() {
        return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
                .setJvmMetricsEnabled(true)
                .setEnabled(true));
    }

    /**
     * The node's registry: the one Vert.x created from {@link #vertxOptions()}; when Vert.x was started without
     * metrics (tests), a standalone Prometheus registry (created once).
     */
    public static MeterRegistry registry() {
        MeterRegistry vertxRegistry = BackendRegistries.getDefaultNow();
        return vertxRegistry != null ? vertxRegistry : Standalone.REGISTRY;
    }

    /** {@link #registry()} as Prometheus (for the scrape endpoint), or null if it is not one. */
    public static PrometheusMeterRegistry prometheus() {
        return registry() instanceof PrometheusMeterRegistry p ? p : null;
    }

    private static final class Standalone {
        static final PrometheusMeterRegistry REGISTRY =
                new PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    }
}
