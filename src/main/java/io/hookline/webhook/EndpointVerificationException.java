package io.hookline.webhook;

/** A webhook URL asked to be verified did not answer a GET with 2xx; the message says what it did. */
public class EndpointVerificationException extends RuntimeException {

    public EndpointVerificationException(String detail) {
        super(detail, null, false, false);
    }
}
