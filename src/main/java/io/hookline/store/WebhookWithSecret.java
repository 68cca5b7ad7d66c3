package io.hookline.store;

/** The answer to a create: the webhook and its signing secret. */
public record WebhookWithSecret(Webhook webhook, String secret) {
}
