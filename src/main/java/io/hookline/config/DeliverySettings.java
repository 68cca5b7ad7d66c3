package io.hookline.config;

import java.time.Duration;
import java.util.List;

/** {@code hookline.delivery.*}: attempts, retries, circuits, the lease and the retry scheduler. */
public record DeliverySettings(
        int concurrency,
        int queueSize,
        Duration timeout,
        Duration connectTimeout,
        List<Duration> retrySchedule,
        double retryJitter,
        int redeliveries,
        Duration redeliveryDelay,
        Duration disableAfter,
        boolean allowPrivateTargets,
        int maxInFlightPerWebhook,
        Duration slowAfter,
        double slowShare,
        int circuitFailureThreshold,
        Duration circuitCoolDown,
        Duration circuitMaxCoolDown,
        Duration lease,
        Duration schedulerInterval,
        int schedulerBatch,
        int maxConnections,
        long maxResponseBytes) {

    /** Attempts that the slow webhooks together may have in flight: their share of the consumers, at least one. */
    public int slowBudget() {
        return Math.max(1, (int) (concurrency * slowShare));
    }

    static DeliverySettings bind(SettingsSource s) {
        DeliverySettings d = new DeliverySettings(
                s.integer("hookline.delivery.concurrency", 1),
                s.integer("hookline.delivery.queue-size", 1),
                s.positiveDuration("hookline.delivery.timeout"),
                s.positiveDuration("hookline.delivery.connect-timeout"),
                s.durationList("hookline.delivery.retry-schedule"),
                s.fraction("hookline.delivery.retry-jitter", 0, 1),
                s.integer("hookline.delivery.redeliveries", 0),
                s.duration("hookline.delivery.redelivery-delay"),
                s.duration("hookline.delivery.disable-after"),
                s.flag("hookline.delivery.allow-private-targets"),
                s.integer("hookline.delivery.max-in-flight-per-webhook", 1),
                s.positiveDuration("hookline.delivery.slow-after"),
                s.fraction("hookline.delivery.slow-share", 0, 1),
                s.integer("hookline.delivery.circuit-failure-threshold", 1),
                s.duration("hookline.delivery.circuit-cool-down"),
                s.duration("hookline.delivery.circuit-max-cool-down"),
                s.positiveDuration("hookline.delivery.lease"),
                s.positiveDuration("hookline.delivery.scheduler-interval"),
                s.integer("hookline.delivery.scheduler-batch", 1),
                s.integer("hookline.delivery.max-connections", 1),
                s.longInteger("hookline.delivery.max-response-bytes", 0));
        if (d.slowShare == 0) {
            throw new InvalidSettingException("hookline.delivery.slow-share",
                    "is 0: slow webhooks would never be attempted (a share of the consumers, e.g. 0.25)");
        }
        if (d.circuitMaxCoolDown.compareTo(d.circuitCoolDown) < 0) {
            throw new InvalidSettingException("hookline.delivery.circuit-max-cool-down",
                    "is less than hookline.delivery.circuit-cool-down (" + d.circuitCoolDown + ")");
        }
        // the HTTP client takes its timeouts as int milliseconds
        if (d.timeout.toMillis() > Integer.MAX_VALUE || d.connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new InvalidSettingException("hookline.delivery.timeout", "and connect-timeout must be under 24 days");
        }
        return d;
    }
}
