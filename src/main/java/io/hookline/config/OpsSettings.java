package io.hookline.config;

import java.time.Duration;

/** Operations: how stale the delivery counts may be, and whether the Camel CLI connector runs. */
public record OpsSettings(Duration countRefresh, boolean cliEnabled) {

    static OpsSettings bind(SettingsSource s) {
        return new OpsSettings(
                s.duration("hookline.ops.count-refresh"),
                s.flag("hookline.cli.enabled"));
    }
}
