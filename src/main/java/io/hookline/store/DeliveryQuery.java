package io.hookline.store;

/** Which deliveries of a webhook's log: of one status (null: any), one page. */
public record DeliveryQuery(DeliveryStatus status, PageRequest page) {
}
