package io.hookline.delivery;

/** Headers of the messages on {@code webhook.deliveries}: which delivery, sent with which dispatch seq. */
public final class DispatchHeaders {

    public static final String DELIVERY_ID = "HooklineDeliveryId";
    public static final String DISPATCH_SEQ = "HooklineDispatchSeq";

    private DispatchHeaders() {
    }
}
