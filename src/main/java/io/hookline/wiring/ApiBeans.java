package io.hookline.wiring;

import io.hookline.HooklineVersion;
import io.hookline.api.ApiDocument;
import io.hookline.api.ApiJson;
import io.hookline.api.ApiKeyGuard;
import io.hookline.api.ApiQueries;
import io.hookline.api.EventPublisher;
import io.hookline.api.JsonAccept;
import io.hookline.api.JsonContentType;
import io.hookline.api.ListeningCheck;
import io.hookline.api.PathParameters;
import io.hookline.api.ProblemWriter;
import io.hookline.api.UnmatchedRequests;
import io.hookline.api.WebhookRequests;
import io.hookline.config.HooklineSettings;
import io.hookline.console.ConsoleAssets;
import io.hookline.delivery.CappedResponseBodies;
import io.hookline.delivery.DeliveryReplay;
import io.hookline.delivery.TestDeliveries;
import io.hookline.ops.HealthSummary;
import io.hookline.ops.MetricsAccess;
import io.hookline.webhook.EndpointVerifier;
import io.hookline.webhook.SecretRotation;
import io.hookline.webhook.TargetAddressGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API and the console: keys, request and answer handling, webhooks and their deliveries. */
public final class ApiBeans {

    private static final Logger LOG = LoggerFactory.getLogger(ApiBeans.class);

    private ApiBeans() {
    }

    public static void wire(HooklineSettings settings, InfrastructureBeans infra, StoreBeans stores, IngestBeans ingest,
                            DeliveryBeans delivery, Beans beans) {
        ApiKeyGuard keys = beans.bind("apiKeyGuard", ApiKeyGuard.configuredOrGenerated(settings.api().keys(), settings.dataDir()));
        beans.bind("jsonContentType", new JsonContentType());
        beans.bind("jsonAccept", new JsonAccept());
        beans.bind("pathParameters", new PathParameters());
        beans.bind("problemWriter", new ProblemWriter(infra.mapper()));
        beans.bind("apiJson", new ApiJson(infra.mapper()));
        beans.bind("eventPublisher", beans.closeAtStop(new EventPublisher("activemq:queue:contact.events",
                settings.events().publishTimeout(), 64)));
        boolean allowPrivate = settings.delivery().allowPrivateTargets();
        TargetAddressGuard guard = beans.bind("targetAddressGuard", new TargetAddressGuard(allowPrivate));
        if (allowPrivate) {
            LOG.warn("hookline.delivery.allow-private-targets is on: webhooks may target private and loopback addresses");
        }
        beans.bind("webhookRequests", new WebhookRequests(infra.mapper(), guard));
        beans.bind("deliveryReplay", new DeliveryReplay(stores.deliveries(), stores.webhooks()));
        beans.bind("secretRotation", new SecretRotation(stores.webhooks(), settings.webhooks().secretOverlap(), infra.secretCipher()));
        beans.bind("testDeliveries", new TestDeliveries(stores.deliveries(), stores.webhooks(), ingest.webhookPayload()));
        CappedResponseBodies cap = beans.closeAtStop(new CappedResponseBodies(
                settings.delivery().maxResponseBytes(), settings.delivery().timeout()));
        beans.bind("endpointVerifier", new EndpointVerifier(delivery.webhookConnections(),
                settings.delivery().timeout(), HooklineVersion.userAgent(), cap));
        beans.bind("apiDocument", new ApiDocument("openapi.json"));
        beans.bind("apiQueries", new ApiQueries());
        beans.bind("consoleAssets", new ConsoleAssets("console"));
        // the HTTP server exists once the context has started
        try {
            beans.camel().addStartupListener((ctx, alreadyStarted) -> {
                if (!alreadyStarted) {
                    ListeningCheck.require(ctx);
                    new UnmatchedRequests(infra.mapper()).install(ctx);
                    // the probes get a summary only; the metrics, the API key
                    new HealthSummary(infra.mapper()).install(ctx, ctx.resolvePropertyPlaceholders("{{camel.management.health-path}}"));
                    new MetricsAccess(keys).install(ctx, ctx.resolvePropertyPlaceholders("{{camel.metrics.path}}"));
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the startup listener", e);
        }
    }
}
