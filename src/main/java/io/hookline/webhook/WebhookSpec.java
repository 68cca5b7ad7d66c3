package io.hookline.webhook;

import java.util.List;

/**
 * A validated create or change request. For a change, null fields are left as they are.
 */
public record WebhookSpec(String url, List<String> events, List<String> sources, String format,
                          String description, Boolean enabled) {
}
