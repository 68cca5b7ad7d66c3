package io.hookline.delivery;

import io.hookline.RouteProperties;
import io.hookline.secrets.SecretCipher;
import io.hookline.secrets.SecretDecryptionException;
import io.hookline.store.ClaimedDelivery;
import io.hookline.store.DeliveryStore;
import io.hookline.store.FreshDelivery;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claims the delivery a queue message names (see {@link DeliveryStore#claim}) and makes it ready
 * to attempt: its secrets decrypted, its ids in the thread's log lines; or skips it when its
 * webhook is disabled or deleted.
 */
public class DeliveryClaims {

    // bounds the cache of decrypted secrets when secrets are rotated or webhooks deleted
    private static final int MAX_DECRYPTED = 10_000;

    private final DeliveryStore store;
    private final SecretCipher cipher;
    private final Map<String, String> decrypted = new ConcurrentHashMap<>();

    public DeliveryClaims(DeliveryStore store, SecretCipher cipher) {
        this.store = store;
        this.cipher = cipher;
    }

    /**
     * Makes ready the delivery an exchange of the delivery queue names: a fresh one as it came, while
     * it needs no claim (see {@link FreshDelivery}), any other claimed in PostgreSQL; null when the
     * hand-off is stale. From here to the end of the exchange the thread's log lines carry the
     * delivery's ids (see {@link DeliveryMdc}).
     */
    private InFlightDelivery claim(String deliveryId, int seq, Exchange exchange) throws Exception {
        DeliveryMdc.begin(exchange, deliveryId);
        FreshDelivery fresh = exchange.getMessage().getBody(FreshDelivery.class);
        ClaimedDelivery claimed;
        if (fresh != null && fresh.claimFree(System.nanoTime())) {
            claimed = fresh.claimed();
            exchange.setProperty(RouteProperties.FRESH_DELIVERY, fresh);
        } else {
            claimed = store.claim(deliveryId, seq);
        }
        if (claimed == null) {
            return null;
        }
        // before decrypting: a secret that cannot be read fails the delivery, and that line needs the ids too
        DeliveryMdc.claimed(claimed.id(), claimed.webhookId(), claimed.eventId());
        if (claimed.skipReason() != null) {
            exchange.setProperty(RouteProperties.SKIP_REASON, claimed.skipReason());
        }
        // decrypted here, not in the batch: one unreadable secret fails its own delivery only
        try {
            return InFlightDelivery.of(claimed, claimed.storedSecrets().stream()
                    .map(secret -> decrypt(claimed.webhookId(), secret)).toList());
        } catch (SecretDecryptionException e) {
            // the route's handler declares it dead with the reason (see DeliveryOutcomes#secretUnreadable)
            exchange.setProperty(RouteProperties.DELIVERY, InFlightDelivery.of(claimed, claimed.storedSecrets()));
            throw e;
        }
    }

    /**
     * The route's step: the delivery its hand-off names, made ready (see {@link #claim}), in the body
     * and in property {@link RouteProperties#DELIVERY}; a null body when the hand-off is stale.
     */
    public void claimStep(Exchange exchange) throws Exception {
        Message m = exchange.getMessage();
        InFlightDelivery d = claim(m.getHeader(DispatchHeaders.DELIVERY_ID, String.class),
                m.getHeader(DispatchHeaders.DISPATCH_SEQ, 0, Integer.class), exchange);
        m.setBody(d);
        if (d != null) {
            exchange.setProperty(RouteProperties.DELIVERY, d);
        }
    }

    /** Finishes a delivery of a disabled or deleted webhook without an attempt. */
    public void skip(InFlightDelivery d) throws SQLException {
        store.skip(d.id(), d.seq(), d.skipReason());
    }

    /** Gives back a claimed delivery this instance may no longer send (see {@link io.hookline.instance.InstanceIdentity}). */
    public void release(InFlightDelivery d) throws SQLException {
        store.releaseClaim(d.id(), d.seq());
    }

    /**
     * Decrypts a stored secret, once per (webhook, stored value): AES-GCM at every delivery was 3% of
     * the delivery threads. A rotation stores a new value, so the cache never serves an old secret.
     */
    private String decrypt(String webhookId, String stored) {
        String key = webhookId + ' ' + stored;
        String plain = decrypted.get(key);
        if (plain == null) {
            plain = cipher.decrypt(webhookId, stored);
            if (decrypted.size() >= MAX_DECRYPTED) {
                decrypted.clear();
            }
            decrypted.put(key, plain);
        }
        return plain;
    }
}
