package io.hookline.support;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One statement of a test against a database of its own: a count, or a write. */
public final class Sql {

    private Sql() {
    }

    /** The first column of the first row, e.g. of a {@code SELECT count(*)}. */
    public static long count(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static void execute(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
