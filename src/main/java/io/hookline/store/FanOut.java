package io.hookline.store;

import java.util.List;

/**
 * What the fan-out of one event made: its new deliveries to hand over, and how many it wrote parked
 * (their webhook's circuit open); nothing when the event was fanned out before.
 */
public record FanOut(boolean repeated, List<FreshDelivery> deliveries, int parked) {

    public static final FanOut REPEATED = new FanOut(true, List.of(), 0);
}
