package io.hookline.store;

/** The row asked for does not exist (or, for a webhook, was deleted). */
public class NotFoundException extends RuntimeException {

    private final String what;
    private final String id;

    public NotFoundException(String what, String id) {
        super(what + " " + id + " does not exist", null, false, false);
        this.what = what;
        this.id = id;
    }

    public String what() {
        return what;
    }

    public String id() {
        return id;
    }
}
