package io.hookline.webhook;

/** A webhook URL that Hookline will not deliver to; the message says why. */
public class TargetRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TargetRefusedException(String message) {
        super(message);
    }
}
