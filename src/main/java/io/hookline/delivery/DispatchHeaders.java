package io.hookline.delivery;

/** Headers of a delivery handed to the delivery route: which delivery, handed over with which dispatch seq. */
public final class DispatchHeaders {

    public static final String DELIVERY_ID = "HooklineDeliveryId";
    public static final String DISPATCH_SEQ = "HooklineDispatchSeq";

    private DispatchHeaders() {
    }
}
