package io.hookline.store;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The states of a delivery, as the {@code delivery.status} column and the API spell them. */
public enum DeliveryStatus {
    PENDING, RETRYING, SUCCEEDED, DEAD, SKIPPED;

    /** Waiting for an attempt: what the retry scheduler looks at (the partial index delivery_due). */
    public static final Set<DeliveryStatus> DUE = EnumSet.of(PENDING, RETRYING);
    /** Done: no message may attempt them any more (the claim) and retention may purge them. */
    public static final Set<DeliveryStatus> FINISHED = EnumSet.of(SUCCEEDED, DEAD, SKIPPED);

    /** The stored and API spelling. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** As an SQL literal: statuses are written into statements as constants, so the planner can match partial indexes. */
    public String sql() {
        return "'" + wireName() + "'";
    }

    /** A set as the list of an SQL {@code IN (…)}, in declaration order. */
    public static String sql(Set<DeliveryStatus> statuses) {
        return statuses.stream().sorted().map(DeliveryStatus::sql).collect(Collectors.joining(", "));
    }

    public static Optional<DeliveryStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
