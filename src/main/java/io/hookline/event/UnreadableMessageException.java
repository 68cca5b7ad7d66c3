package io.hookline.event;

/**
 * An event in a JMS message type whose body Hookline never reads (ObjectMessage, StreamMessage). Its
 * own type, so the quarantine can forward the raw bytes instead of asking JMS for the body.
 */
public class UnreadableMessageException extends InvalidEventException {

    private static final long serialVersionUID = 1L;
    /** Exchange property holding the message's marshalled bytes, as the producer sent them. */

    public UnreadableMessageException(String message) {
        super(UNSUPPORTED_MESSAGE_TYPE, message);
    }
}
