package io.hookline.it.campaign;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/** A Serializable whose readObject counts its runs: any count above zero means Hookline deserialised it. */
public final class SerializationGadget implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    public static final AtomicInteger DESERIALISED = new AtomicInteger();

    public String payload = "{\"id\":\"gadget\"}";

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        DESERIALISED.incrementAndGet();
    }
}
