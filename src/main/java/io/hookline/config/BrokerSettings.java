package io.hookline.config;

/**
 * {@code hookline.broker.*}: an empty URL means the embedded ActiveMQ Classic, whose one user is
 * {@code embeddedUsername} with {@code embeddedPassword} (empty: generated into the data dir).
 */
public record BrokerSettings(String url, String username, String password,
                             String embeddedOpenwire, String embeddedStomp,
                             String embeddedUsername, String embeddedPassword, int prefetch) {

    static BrokerSettings bind(SettingsSource s) {
        return new BrokerSettings(
                s.text("hookline.broker.url"),
                s.text("hookline.broker.username"),
                s.text("hookline.broker.password"),
                s.nonBlank("hookline.broker.embedded.openwire"),
                s.nonBlank("hookline.broker.embedded.stomp"),
                s.nonBlank("hookline.broker.embedded.username"),
                s.text("hookline.broker.embedded.password"),
                s.integer("hookline.broker.prefetch", 0));
    }

    public boolean embedded() {
        return url.isEmpty();
    }

    @Override
    public String toString() {
        return "BrokerSettings[url=" + url + ", username=" + username + ", password=***, embeddedOpenwire="
                + embeddedOpenwire + ", embeddedStomp=" + embeddedStomp + ", embeddedUsername=" + embeddedUsername
                + ", embeddedPassword=***, prefetch=" + prefetch + "]";
    }
}
