package io.hookline.store;

/** The change cannot be made in the state the rows are in; the message says why and what would allow it. */
public class ConflictException extends RuntimeException {

    public ConflictException(String detail) {
        super(detail, null, false, false);
    }
}
