package io.hookline.webhook;

import java.util.List;

/**
 * A validated create or change request. For a change, null fields are left as they are.
 * {@code verify}: on create, the URL must answer a GET with 2xx first.
 */
public record WebhookSpec(String url, List<String> events, List<String> sources, String format,
                          String description, Boolean enabled, boolean verify) {

    /** A change that says the endpoint should work now: enabled, or moved to a new URL. */
    public boolean repairs() {
        return Boolean.TRUE.equals(enabled) || url != null;
    }
}
