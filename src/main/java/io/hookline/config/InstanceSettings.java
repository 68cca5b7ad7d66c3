package io.hookline.config;

import java.time.Duration;

/**
 * {@code hookline.instance.*}: how often an instance records its heartbeat, and how long one may be
 * silent before another declares it dead and takes over the deliveries it held.
 */
public record InstanceSettings(Duration heartbeat, Duration deadAfter) {

    static InstanceSettings bind(SettingsSource s) {
        InstanceSettings i = new InstanceSettings(
                s.positiveDuration("hookline.instance.heartbeat"),
                s.positiveDuration("hookline.instance.dead-after"));
        // fewer, and one late heartbeat under load would get a working instance declared dead
        if (i.deadAfter.compareTo(i.heartbeat.multipliedBy(3)) < 0) {
            throw new InvalidSettingException("hookline.instance.dead-after",
                    "must be at least three heartbeats (hookline.instance.heartbeat is " + i.heartbeat + ")");
        }
        return i;
    }
}
