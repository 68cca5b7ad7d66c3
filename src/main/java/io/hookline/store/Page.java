package io.hookline.store;

import java.util.List;
import java.util.function.Function;

/** One page of a list answer; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {

    /** A page of {@code limit} rows from {@code rows}, read with one more than the limit to know whether more follow. */
    static <T> Page<T> of(List<T> rows, int limit, Function<T, Cursor> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), cursorOf.apply(items.get(limit - 1)).encode());
    }
}
