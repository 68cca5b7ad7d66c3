package io.hookline.ops;

import io.hookline.delivery.DeliveryObserver;
import io.hookline.delivery.InFlightDelivery;
import io.hookline.store.DeliveryStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

import static io.hookline.store.DeliveryStatus.DEAD;
import static io.hookline.store.DeliveryStatus.RETRYING;
import static io.hookline.store.DeliveryStatus.SUCCEEDED;

/**
 * Hookline's own Prometheus metrics, on the registry Camel scrapes at /q/metrics. Labels stay
 * bounded: event type, outcome, HTTP status class, invalid-event reason code; never a URL, a
 * list id or a webhook id.
 */
public class HooklineMetrics implements DeliveryObserver {

    // a label value from a route header is taken only when it looks like one of our codes
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_.]{0,39}");

    private final Supplier<MeterRegistry> registrySource;
    private final DeliveryCounts counts;
    private volatile MeterRegistry registry;

    /**
     * @param registrySource the registry Camel serves, asked for at first use: camel-micrometer-prometheus
     *                       creates it while Camel starts, after this bean exists
     */
    public HooklineMetrics(Supplier<MeterRegistry> registrySource, DeliveryCounts counts) {
        this.registrySource = registrySource;
        this.counts = counts;
    }

    /** The registry, with the gauges and outcome counters on it from the first call. */
    public MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            if (registry == null) {
                r = registrySource.get();
                gauge(r, "hookline.deliveries.pending", "Deliveries waiting for their first attempt", s -> s.pending());
                gauge(r, "hookline.retry.backlog", "Deliveries waiting on the retry schedule", s -> s.retrying());
                gauge(r, "hookline.deliveries.dead", "Deliveries that exhausted their retries", s -> s.dead());
                gauge(r, "hookline.webhooks.disabled", "Webhooks disabled by 410 Gone, long failure or their owner", s -> s.webhooksDisabled());
                for (DeliveryStatus outcome : new DeliveryStatus[] {SUCCEEDED, RETRYING, DEAD}) {
                    deliveries(r, outcome);
                }
                unrecorded(r);
                registry = r;
            }
            return registry;
        }
    }

    /** A valid event was taken from contact.events (a duplicate too). */
    public void eventReceived(String type) {
        Counter.builder("hookline.events.received").description("Valid events received")
                .tag("type", code(type)).register(registry()).increment();
    }

    /** An event was quarantined on contact.events.invalid. */
    public void eventInvalid(String reason) {
        Counter.builder("hookline.events.invalid").description("Invalid events quarantined")
                .tag("reason", code(reason)).register(registry()).increment();
    }

    /** Deliveries handed to the delivery threads, by who handed them over: fanout, scheduler or api. */
    public void dispatched(String by, int count) {
        Counter.builder("hookline.deliveries.dispatched").description("Deliveries handed to the delivery threads")
                .tag("by", code(by)).register(registry()).increment(count);
    }

    /**
     * Deliveries made due at once because the instance that held them died: found by its restart
     * ({@code restart}) or by a surviving instance ({@code takeover}).
     */
    public void released(String why, int count) {
        Counter.builder("hookline.deliveries.released")
                .description("Deliveries a dead instance held, made due at once by its restart or by a survivor")
                .tag("why", why).register(registry()).increment(count);
    }

    /** Deliveries put back on the schedule instead of handed over: circuit open, or no room in the queue. */
    public void parked(String by, int count) {
        Counter.builder("hookline.deliveries.parked")
                .description("Deliveries put back on the schedule instead of handed over: their webhook's circuit is open, or the delivery queue had no room")
                .tag("by", code(by)).register(registry()).increment(count);
    }

    /** An event carried the id of one already fanned out. */
    public void eventDuplicate(String type) {
        Counter.builder("hookline.events.duplicate").description("Events not fanned out again: their id was seen before")
                .tag("type", code(type)).register(registry()).increment();
    }

    @Override
    public void attempted(InFlightDelivery delivery, Integer statusCode, long durationMs) {
        Timer.builder("hookline.delivery.attempt").description("Duration of one HTTP attempt")
                .tag("status_class", statusClass(statusCode))
                .serviceLevelObjectives(seconds(0.05), seconds(0.1), seconds(0.25), seconds(0.5), seconds(1),
                        seconds(2.5), seconds(5), seconds(10), seconds(15), seconds(30))
                .register(registry()).record(durationMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void succeeded(InFlightDelivery delivery) {
        deliveries(registry(), SUCCEEDED).increment();
        if (delivery.occurredAt() != null) {
            // a producer's clock may run ahead; a negative latency is recorded as zero
            Duration latency = Duration.between(delivery.occurredAt(), Instant.now());
            Timer.builder("hookline.delivery.end.to.end").description("From the event's occurredAt to a 2xx answer")
                    .tag("type", code(delivery.eventType()))
                    .serviceLevelObjectives(seconds(0.1), seconds(0.5), seconds(1), seconds(5), seconds(30),
                            seconds(60), seconds(300), seconds(1800), seconds(7200), seconds(21600), seconds(86400))
                    .register(registry()).record(latency.isNegative() ? Duration.ZERO : latency);
        }
    }

    @Override
    public void failed(InFlightDelivery delivery, boolean isDead) {
        deliveries(registry(), isDead ? DEAD : RETRYING).increment();
    }

    @Override
    public void unrecorded(InFlightDelivery delivery) {
        unrecorded(registry()).increment();
    }

    public long succeededCount() {
        return (long) deliveries(registry(), SUCCEEDED).count();
    }

    /** Attempts that failed after their in-process retries: rescheduled or dead. */
    public long failedCount() {
        return (long) (deliveries(registry(), RETRYING).count() + deliveries(registry(), DEAD).count());
    }

    private static Counter unrecorded(MeterRegistry registry) {
        return Counter.builder("hookline.deliveries.unrecorded")
                .description("Attempts made whose outcome could not be written: sent again when their lease ends")
                .register(registry);
    }

    private static Counter deliveries(MeterRegistry registry, DeliveryStatus outcome) {
        return Counter.builder("hookline.deliveries").description("Delivery attempts by outcome (after in-process retries)")
                .tag("outcome", outcome.wireName()).register(registry);
    }

    private void gauge(MeterRegistry r, String name, String description, ToDoubleFunction<DeliveryCounts.Snapshot> value) {
        Gauge.builder(name, counts, c -> value.applyAsDouble(c.current())).description(description).register(r);
    }

    static String statusClass(Integer statusCode) {
        return statusCode == null ? "error" : (statusCode / 100) + "xx";
    }

    private static String code(String value) {
        return value != null && CODE.matcher(value).matches() ? value : "other";
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis((long) (s * 1000));
    }
}
