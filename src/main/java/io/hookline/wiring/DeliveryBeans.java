package io.hookline.wiring;

import io.hookline.HooklineVersion;
import io.hookline.config.DeliverySettings;
import io.hookline.config.HooklineSettings;
import io.hookline.config.InstanceSettings;
import io.hookline.delivery.AttemptConcurrency;
import io.hookline.delivery.AttemptDecisions;
import io.hookline.delivery.BeforeInProcessRetry;
import io.hookline.delivery.CappedResponseBodies;
import io.hookline.delivery.CircuitBreakers;
import io.hookline.delivery.ClaimFence;
import io.hookline.delivery.DeliveryClaims;
import io.hookline.delivery.DeliveryDispatcher;
import io.hookline.delivery.DeliveryQueue;
import io.hookline.delivery.WaitingLines;
import io.hookline.delivery.DeliveryGate;
import io.hookline.delivery.DueDeliveries;
import io.hookline.delivery.DeliveryOutcomes;
import io.hookline.delivery.OutgoingRequest;
import io.hookline.delivery.RetrySchedule;
import io.hookline.delivery.WebhookSigner;
import io.hookline.event.FormPayload;
import io.hookline.infra.Database;
import io.hookline.instance.InstanceHeartbeat;
import io.hookline.ops.HooklineMetrics;
import io.hookline.store.DeliveryStore;
import io.hookline.store.InstanceStore;
import io.hookline.webhook.GuardedDnsResolver;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.Predicate;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Deliveries out: claims, the decision after an attempt and its outcome, circuits, the dispatcher, and the HTTP client every attempt uses. */
public record DeliveryBeans(PoolingHttpClientConnectionManager webhookConnections, DeliveryDispatcher dispatcher,
                            CircuitBreakers circuits) {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryBeans.class);
    /** The route whose queue the dispatcher fills (routes/delivery.camel.yaml). */
    public static final String DELIVERY_ROUTE = "deliver-webhooks";
    // how long the fan-out waits for room in the delivery queue before leaving the rest to the scheduler
    private static final Duration WAIT_FOR_ROOM = Duration.ofSeconds(5);
    // deliveries of one healthy webhook that may wait in memory for its slots
    private static final int WAITING_PER_WEBHOOK = 1024;

    public static DeliveryBeans wire(HooklineSettings settings, InfrastructureBeans infra, StoreBeans stores,
                                     OperationsBeans ops, Beans beans) {
        DeliverySettings d = settings.delivery();
        HooklineMetrics metrics = ops.metrics();
        PoolingHttpClientConnectionManager connections = beans.bind("webhookConnections",
                beans.closeAtStop(connections(d)));
        CircuitBreakers circuits = beans.bind("circuitBreakers", new CircuitBreakers(
                new AttemptConcurrency(d.maxInFlightPerWebhook(), d.slowAfter(), d.slowBudget()),
                d.circuitFailureThreshold(), d.circuitCoolDown(), d.circuitMaxCoolDown(), Clock.systemUTC()));
        DeliveryStore store = stores.deliveries();
        DeliveryClaims claims = beans.bind("deliveryClaims", new DeliveryClaims(store, infra.secretCipher()));
        // registered, and its previous run's deliveries made due, before any route runs; stops beating
        // (and says so, for the others to take over at once) after the routes have stopped
        InstanceSettings i = settings.instance();
        InstanceHeartbeat heartbeat = new InstanceHeartbeat(
                new InstanceStore(Database.single(infra.dataSource(), "hookline-heartbeat", i.heartbeat(), beans::closeAtStop)),
                infra.instance(), store::release, metrics::released, settings.dataDir(), i.heartbeat(), i.deadAfter());
        heartbeat.start();
        beans.closeAtStop(heartbeat);
        ClaimFence fence = beans.bind("claimFence", new ClaimFence(infra.instance()::holds, claims));
        DeliveryQueue queue = beans.bind("deliveryQueue", new DeliveryQueue(beans.camel(), DELIVERY_ROUTE, WAIT_FOR_ROOM,
                4 * d.queueSize(), items -> backOnTheSchedule(store, items)));
        // A stop ends the attempts under way and leaves the queue to PostgreSQL (the restart, or another
        // instance, makes it due at once). Held from the first moment of the stop: Camel stops seda
        // consumers last and lets them take queued work meanwhile, until its timeout forced them.
        beans.camel().addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext ctx) {
                queue.pause();
            }
        });
        DeliveryDispatcher dispatcher = beans.bind("deliveryDispatcher", new DeliveryDispatcher(queue::offer,
                circuits, store::defer, metrics::dispatched, metrics::parked));
        // a healthy webhook's burst waits in memory for its slots, within bounds (see WaitingLines)
        WaitingLines waiting = new WaitingLines(WAITING_PER_WEBHOOK, 4 * d.queueSize());
        DeliveryGate gate = beans.bind("deliveryGate", new DeliveryGate(circuits, store, waiting, queue::offerNow));
        OutgoingRequest request = beans.bind("outgoingRequest",
                new OutgoingRequest(new WebhookSigner(), HooklineVersion.userAgent(), new FormPayload(infra.mapper())));
        AttemptDecisions decisions = new AttemptDecisions(
                new RetrySchedule(d.retrySchedule(), d.retryJitter(), new SecureRandom()), d.redeliveries(), d.disableAfter());
        DeliveryOutcomes outcomes = new DeliveryOutcomes(store, stores.webhooks(), decisions, circuits, Clock.systemUTC());
        outcomes.setObserver(metrics);
        beans.bind("deliveryOutcomes", outcomes);
        // Camel's retryWhile: whether the decision after a failure is to retry at once
        beans.bind("inProcessRetry", (Predicate) outcomes::retryNow);
        beans.bind("beforeInProcessRetry", new BeforeInProcessRetry(outcomes, request, fence));
        beans.bind("http", http(d, connections, beans));
        // the delivery route's steps, bound as Processors: no bean binding (method selection, parameter
        // binding, reflection) on every delivery
        beans.bind("claimDelivery", (Processor) claims::claimStep);
        beans.bind("admitAttempt", (Processor) gate::admit);
        beans.bind("prepareRequest", (Processor) request::prepare);
        beans.bind("fenceLostClaims", (Processor) fence::handBackIfLost);
        beans.bind("recordSuccess", (Processor) outcomes::succeeded);
        beans.bind("claimDueDeliveries", (Processor) new DueDeliveries(store, circuits, d.schedulerBatch(), metrics::parked)::claim);
        return new DeliveryBeans(connections, dispatcher, circuits);
    }

    /** Deliveries that found no room in the delivery queue when delivery resumed: due in a second. */
    private static void backOnTheSchedule(DeliveryStore store, List<DeliveryQueue.Item> items) {
        Instant at = Instant.now().plus(DeliveryDispatcher.NO_ROOM_RETRY);
        try {
            store.defer(items.stream().map(i -> new DeliveryStore.Deferral(i.deliveryId(), at)).toList());
        } catch (Exception e) {
            // still held by this instance: their lease brings them back
            LOG.warn("{} deliveries could not be put back on the schedule; they will be dispatched again when "
                    + "their lease ends: {}", items.size(), e.getMessage());
        }
    }

    /** One connection pool for every webhook target; names are resolved and checked before connecting. */
    private static PoolingHttpClientConnectionManager connections(DeliverySettings d) {
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(d.allowPrivateTargets()))
                .setMaxConnTotal(d.maxConnections())
                // many webhooks can share one host; the per-webhook bound is the gate's
                .setMaxConnPerRoute(d.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(d.connectTimeout()))
                        .setSocketTimeout(Timeout.of(d.timeout()))
                        .build())
                .build();
    }

    /** The one HTTP component all deliveries go through: no redirects, no client retries, bounded waits. */
    private static HttpComponent http(DeliverySettings d, PoolingHttpClientConnectionManager connections, Beans beans) {
        HttpComponent http = new HttpComponent();
        int timeoutMs = (int) d.timeout().toMillis();
        http.setClientConnectionManager(connections);
        http.setAutomaticRetriesDisabled(true);
        http.setRedirectHandlingDisabled(true);
        http.setCookieManagementDisabled(true);
        // nor auth exchanges, nor compressed answers: per-request work a webhook POST never needs
        http.setAuthCachingDisabled(true);
        http.setContentCompressionDisabled(true);
        http.setConnectionStateDisabled(true);
        http.setConnectTimeout((int) d.connectTimeout().toMillis());
        http.setSoTimeout(timeoutMs);
        http.setResponseTimeout(timeoutMs);
        http.setConnectionRequestTimeout(timeoutMs);
        http.setSkipResponseHeaders(true);
        http.setFollowRedirects(false);
        // a receiver cannot make Hookline read an endless, huge or trickling answer; first in the chain,
        // outside the element that hands connections back to the pool (see CappedResponseBodies)
        CappedResponseBodies cap = beans.closeAtStop(new CappedResponseBodies(d.maxResponseBytes(), d.timeout()));
        http.setHttpClientConfigurer(builder -> builder.addExecInterceptorFirst("hookline-response-cap", cap));
        return http;
    }
}
