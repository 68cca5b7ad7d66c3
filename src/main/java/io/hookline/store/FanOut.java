package io.hookline.store;

import java.util.List;

/** What the fan-out of one event made: its new deliveries, or nothing when the event was fanned out before. */
public record FanOut(boolean repeated, List<FreshDelivery> deliveries) {

    public static final FanOut REPEATED = new FanOut(true, List.of());
}
