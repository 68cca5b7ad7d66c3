package io.hookline.config;

/** {@code hookline.db.*}: an empty URL means the embedded PostgreSQL. */
public record DatabaseSettings(String url, String username, String password, int poolSize, int embeddedPort) {

    static DatabaseSettings bind(SettingsSource s) {
        return new DatabaseSettings(
                s.text("hookline.db.url"),
                s.text("hookline.db.username"),
                s.text("hookline.db.password"),
                s.integer("hookline.db.pool-size", 1),
                s.integer("hookline.db.embedded.port", 0, 65535));
    }

    public boolean embedded() {
        return url.isEmpty();
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", username=" + username + ", password=***]";
    }
}
