package io.hookline.store;

/** Which page of a list: at most {@code limit} rows after {@code after} (null: from the start). */
public record PageRequest(int limit, Cursor after) {
}
