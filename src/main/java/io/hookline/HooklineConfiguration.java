package io.hookline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hookline.api.ApiDocument;
import io.hookline.api.ApiJson;
import io.hookline.api.ApiKeyGuard;
import io.hookline.api.JsonAccept;
import io.hookline.api.JsonContentType;
import io.hookline.api.PathParameters;
import io.hookline.api.ProblemWriter;
import io.hookline.api.UnmatchedRequests;
import io.hookline.api.WebhookRequests;
import io.hookline.console.ConsoleAssets;
import io.hookline.delivery.CappedResponseBodies;
import io.hookline.delivery.AttemptConcurrency;
import io.hookline.delivery.CircuitBreakers;
import io.hookline.delivery.DeliveryDispatcher;
import io.hookline.delivery.DeliveryGate;
import io.hookline.delivery.DeliveryLedger;
import io.hookline.delivery.DeliveryOutcomes;
import io.hookline.delivery.Durations;
import io.hookline.delivery.InProcessRetry;
import io.hookline.delivery.RetrySchedule;
import io.hookline.delivery.WebhookRequest;
import io.hookline.delivery.WebhookSigner;
import io.hookline.event.EventParser;
import io.hookline.event.EventLedger;
import io.hookline.event.EventRows;
import io.hookline.event.FormPayload;
import io.hookline.event.InvalidEvents;
import io.hookline.event.UnreadableMessages;
import io.hookline.event.WebhookPayload;
import io.hookline.infra.EmbeddedBroker;
import io.hookline.infra.EmbeddedDatabase;
import io.hookline.ops.BrokerHealthCheck;
import io.hookline.ops.DatabaseHealthCheck;
import io.hookline.ops.DeadDeliveries;
import io.hookline.ops.DeliveryCounts;
import io.hookline.ops.DispatcherControl;
import io.hookline.ops.HooklineMetrics;
import io.hookline.retention.RetentionCutoff;
import io.hookline.secrets.SecretCipher;
import io.hookline.secrets.SecretsKey;
import io.hookline.secrets.SecretsKeyCheck;
import io.hookline.secrets.V3__EncryptWebhookSecrets;
import io.hookline.webhook.DeliveryReplay;
import io.hookline.webhook.DeliveryStats;
import io.hookline.webhook.EndpointVerifier;
import io.hookline.webhook.GuardedDnsResolver;
import io.hookline.webhook.SecretRotation;
import io.hookline.webhook.TargetAddressGuard;
import io.hookline.webhook.TestDeliveries;
import io.hookline.webhook.WebhookStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.spi.CliConnectorFactory;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.flywaydb.core.Flyway;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.JMException;
import javax.sql.DataSource;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires Hookline's beans. With no broker or database URL configured it starts the embedded
 * ones, and stops them after Camel has stopped every route.
 */
public class HooklineConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(HooklineConfiguration.class);

    @PropertyInject(value = "hookline.data-dir", defaultValue = "data")
    private String dataDir;
    @PropertyInject(value = "hookline.broker.url", defaultValue = "")
    private String brokerUrl;
    @PropertyInject(value = "hookline.broker.username", defaultValue = "")
    private String brokerUsername;
    @PropertyInject(value = "hookline.broker.password", defaultValue = "")
    private String brokerPassword;
    @PropertyInject(value = "hookline.broker.embedded.openwire", defaultValue = "tcp://127.0.0.1:61616")
    private String embeddedOpenwire;
    @PropertyInject(value = "hookline.broker.embedded.stomp", defaultValue = "stomp://127.0.0.1:61613")
    private String embeddedStomp;
    @PropertyInject(value = "hookline.broker.prefetch", defaultValue = "50")
    private int prefetch;
    @PropertyInject(value = "hookline.db.url", defaultValue = "")
    private String dbUrl;
    @PropertyInject(value = "hookline.db.username", defaultValue = "")
    private String dbUsername;
    @PropertyInject(value = "hookline.db.password", defaultValue = "")
    private String dbPassword;
    @PropertyInject(value = "hookline.db.pool-size", defaultValue = "24")
    private int dbPoolSize;
    @PropertyInject(value = "hookline.db.embedded.port", defaultValue = "0")
    private int embeddedDbPort;
    @PropertyInject(value = "hookline.api.keys", defaultValue = "")
    private String apiKeys;
    @PropertyInject(value = "hookline.secrets.key", defaultValue = "")
    private String secretsKey;
    @PropertyInject(value = "hookline.events.max-bytes", defaultValue = "262144")
    private int maxEventBytes;
    @PropertyInject(value = "hookline.delivery.timeout", defaultValue = "15s")
    private String deliveryTimeout;
    @PropertyInject(value = "hookline.delivery.connect-timeout", defaultValue = "5s")
    private String connectTimeout;
    @PropertyInject(value = "hookline.delivery.retry-schedule", defaultValue = "5s,5m,30m,2h,5h,10h,10h")
    private String retrySchedule;
    @PropertyInject(value = "hookline.delivery.retry-jitter", defaultValue = "0.2")
    private double retryJitter;
    @PropertyInject(value = "hookline.delivery.redeliveries", defaultValue = "2")
    private int redeliveries;
    @PropertyInject(value = "hookline.delivery.disable-after", defaultValue = "5d")
    private String disableAfter;
    @PropertyInject(value = "hookline.delivery.allow-private-targets", defaultValue = "false")
    private boolean allowPrivateTargets;
    @PropertyInject(value = "hookline.delivery.max-in-flight-per-webhook", defaultValue = "8")
    private int maxInFlightPerWebhook;
    @PropertyInject(value = "hookline.delivery.concurrency", defaultValue = "32")
    private int deliveryConcurrency;
    @PropertyInject(value = "hookline.delivery.slow-after", defaultValue = "2s")
    private String slowAfter;
    @PropertyInject(value = "hookline.delivery.slow-share", defaultValue = "0.25")
    private double slowShare;
    @PropertyInject(value = "hookline.delivery.circuit-failure-threshold", defaultValue = "5")
    private int circuitFailureThreshold;
    @PropertyInject(value = "hookline.delivery.circuit-cool-down", defaultValue = "30s")
    private String circuitCoolDown;
    @PropertyInject(value = "hookline.delivery.circuit-max-cool-down", defaultValue = "10m")
    private String circuitMaxCoolDown;
    @PropertyInject(value = "hookline.delivery.lease", defaultValue = "2m")
    private String lease;
    @PropertyInject(value = "hookline.delivery.max-response-bytes", defaultValue = "65536")
    private long maxResponseBytes;
    @PropertyInject(value = "hookline.delivery.max-connections", defaultValue = "200")
    private int maxConnections;
    @PropertyInject(value = "hookline.cli.enabled", defaultValue = "false")
    private boolean cliEnabled;
    @PropertyInject(value = "hookline.ops.count-refresh", defaultValue = "5s")
    private String countRefresh;
    @PropertyInject(value = "hookline.webhooks.secret-overlap", defaultValue = "24h")
    private String secretOverlap;
    @PropertyInject(value = "hookline.retention.succeeded", defaultValue = "30d")
    private String retainSucceeded;
    @PropertyInject(value = "hookline.retention.events", defaultValue = "30d")
    private String retainEvents;

    private final List<AutoCloseable> closeAtStop = new ArrayList<>();
    private ActiveMQConnectionFactory activemqConnections;
    private final ObjectMapper mapper = new ObjectMapper()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private HikariDataSource dataSource;
    private CircuitBreakers circuitBreakers;
    private DeliveryLedger ledger;
    private TargetAddressGuard targetGuard;
    private DeliveryOutcomes outcomes;
    private ActiveMQComponent activemq;
    private WebhookRequest webhookRequest;
    private PoolingHttpClientConnectionManager connections;
    private String schemaVersion;
    private CamelContext camel;
    private DeliveryCounts deliveryCounts;
    private HooklineMetrics metrics;
    private SecretCipher secretCipher;

    @Override
    public void configure(CamelContext context) {
        // The Camel CLI connector (camel get route, camel top) is off unless asked for: it gathers
        // every statistic each second, a quarter of a core under load in the benchmark.
        CliConnectorFactory cli = context.getCamelContextExtension().getContextPlugin(CliConnectorFactory.class);
        if (cli != null) {
            cli.setEnabled(cliEnabled);
        }
        camel = context;
        // after routes, consumers and producers are all stopped: pool, broker, database
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext ctx) {
                for (int i = closeAtStop.size() - 1; i >= 0; i--) {
                    try {
                        closeAtStop.get(i).close();
                    } catch (Exception e) {
                        LOG.warn("Error while stopping {}: {}", closeAtStop.get(i).getClass().getSimpleName(), e.getMessage());
                    }
                }
                closeAtStop.clear();
            }
        });
        // the JMX view lives exactly as long as the routes it pauses and resumes
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            private DispatcherControl dispatcher;

            @Override
            public void onContextStarted(CamelContext ctx) {
                metrics().registry(); // Hookline's gauges on the very first scrape
                dispatcher = new DispatcherControl(ctx, deliveryCounts(), metrics(), new DeadDeliveries(dataSource()));
                try {
                    dispatcher.register();
                } catch (JMException e) {
                    LOG.warn("Cannot register {}: {}", DispatcherControl.OBJECT_NAME, e.getMessage());
                }
            }

            @Override
            public void onContextStopping(CamelContext ctx) {
                if (dispatcher != null) {
                    dispatcher.unregister();
                }
            }
        });
        // the HTTP server exists once the context has started
        try {
            context.addStartupListener((ctx, alreadyStarted) -> {
                if (!alreadyStarted) {
                    new UnmatchedRequests(mapper).install(ctx);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the startup listener", e);
        }
    }

    private Path dataPath() {
        return Path.of(dataDir);
    }

    @BindToRegistry("jsonMapper")
    public ObjectMapper jsonMapper() {
        return mapper;
    }

    @BindToRegistry("dataSource")
    public synchronized DataSource dataSource() {
        if (dataSource != null) {
            return dataSource;
        }
        HikariConfig config = new HikariConfig();
        if (dbUrl == null || dbUrl.isBlank()) {
            EmbeddedDatabase db = EmbeddedDatabase.start(dataPath(), embeddedDbPort);
            closeAtStop.add(db);
            config.setJdbcUrl(db.jdbcUrl());
        } else {
            config.setJdbcUrl(dbUrl);
            if (!dbUsername.isBlank()) {
                config.setUsername(dbUsername);
            }
            if (!dbPassword.isBlank()) {
                config.setPassword(dbPassword);
            }
        }
        config.setPoolName("hookline-db");
        config.setMaximumPoolSize(dbPoolSize);
        config.setConnectionTimeout(10_000);
        // keep starting while the database is unreachable; readiness reports it
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        dataSource = new HikariDataSource(config);
        closeAtStop.add(dataSource);
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // encrypts secrets stored in plaintext by earlier versions; needs the key, so not found by scanning
                .javaMigrations(new V3__EncryptWebhookSecrets(secretCipher()))
                .load();
        flyway.migrate();
        schemaVersion = flyway.info().current().getVersion().getVersion();
        try {
            SecretsKeyCheck.verify(dataSource, secretCipher());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the webhook table to check the secrets key", e);
        }
        return dataSource;
    }

    @BindToRegistry("activemq")
    public synchronized ActiveMQComponent activemq() {
        if (activemq != null) {
            return activemq;
        }
        String url = brokerUrl;
        if (url == null || url.isBlank()) {
            EmbeddedBroker broker = EmbeddedBroker.start(dataPath(), embeddedOpenwire, embeddedStomp);
            closeAtStop.add(broker);
            url = broker.vmUrl();
        }
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        if (!brokerUsername.isBlank()) {
            factory.setUserName(brokerUsername);
            factory.setPassword(brokerPassword);
        }
        // no class is trusted for ObjectMessage bodies: Hookline never deserialises producer input
        factory.setTrustAllPackages(false);
        factory.setTrustedPackages(List.of());
        factory.getPrefetchPolicy().setQueuePrefetch(prefetch);
        factory.setRedeliveryPolicy(foreverRedelivery());
        factory.setNonBlockingRedelivery(true);
        activemqConnections = factory;
        ActiveMQComponent component = new ActiveMQComponent();
        component.setConnectionFactory(pooled(factory, 8));
        activemq = component;
        return component;
    }

    private JmsPoolConnectionFactory pooled(ActiveMQConnectionFactory factory, int connections) {
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(factory);
        pool.setMaxConnections(connections);
        closeAtStop.add(pool::stop);
        return pool;
    }

    /** A message whose processing failed for lack of the database waits and comes back, never to a DLQ. */
    private static RedeliveryPolicy foreverRedelivery() {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(RedeliveryPolicy.NO_MAXIMUM_REDELIVERIES);
        policy.setInitialRedeliveryDelay(500);
        policy.setRedeliveryDelay(500);
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setMaximumRedeliveryDelay(30_000);
        return policy;
    }

    @BindToRegistry("apiKeyGuard")
    public ApiKeyGuard apiKeyGuard() {
        return ApiKeyGuard.configuredOrGenerated(apiKeys, dataPath());
    }

    /** Encrypts webhook secrets at rest; the key is configured or generated into the data dir. */
    public synchronized SecretCipher secretCipher() {
        if (secretCipher == null) {
            secretCipher = SecretsKey.configuredOrGenerated(secretsKey, dataPath());
            if ((secretsKey == null || secretsKey.isBlank()) && dbUrl != null && !dbUrl.isBlank()) {
                LOG.warn("hookline.secrets.key is not set: webhook secrets in the external database are encrypted "
                        + "with the key in {}; every instance needs the same key", dataPath().resolve(SecretsKey.FILE_NAME));
            }
        }
        return secretCipher;
    }

    @BindToRegistry("jsonContentType")
    public JsonContentType jsonContentType() {
        return new JsonContentType();
    }

    @BindToRegistry("jsonAccept")
    public JsonAccept jsonAccept() {
        return new JsonAccept();
    }

    @BindToRegistry("pathParameters")
    public PathParameters pathParameters() {
        return new PathParameters();
    }

    @BindToRegistry("problemWriter")
    public ProblemWriter problemWriter() {
        return new ProblemWriter(mapper);
    }

    @BindToRegistry("apiJson")
    public ApiJson apiJson() {
        return new ApiJson(mapper);
    }

    @BindToRegistry("eventParser")
    public EventParser eventParser() {
        return new EventParser(mapper, maxEventBytes);
    }

    @BindToRegistry("eventLedger")
    public EventLedger eventLedger() {
        return new EventLedger(dataSource());
    }

    @BindToRegistry("eventRows")
    public EventRows eventRows() {
        return new EventRows(webhookPayload(), leaseDuration());
    }

    @BindToRegistry("invalidEvents")
    public InvalidEvents invalidEvents() {
        return new InvalidEvents();
    }

    @BindToRegistry("unreadableMessages")
    public UnreadableMessages unreadableMessages() {
        return new UnreadableMessages();
    }

    @BindToRegistry("webhookPayload")
    public WebhookPayload webhookPayload() {
        return new WebhookPayload(mapper);
    }

    @BindToRegistry("targetAddressGuard")
    public synchronized TargetAddressGuard targetAddressGuard() {
        if (targetGuard == null) {
            targetGuard = new TargetAddressGuard(allowPrivateTargets);
            if (allowPrivateTargets) {
                LOG.warn("hookline.delivery.allow-private-targets is on: webhooks may target private and loopback addresses");
            }
        }
        return targetGuard;
    }

    @BindToRegistry("webhookStore")
    public WebhookStore webhookStore() {
        return new WebhookStore(dataSource(), secretCipher());
    }

    @BindToRegistry("webhookRequests")
    public WebhookRequests webhookRequests() {
        return new WebhookRequests(mapper, targetAddressGuard());
    }

    /** One connection pool for every webhook target; names are resolved and checked before connecting. */
    @BindToRegistry("webhookConnections")
    public synchronized PoolingHttpClientConnectionManager webhookConnections() {
        if (connections != null) {
            return connections;
        }
        Timeout timeout = Timeout.of(Durations.parse(deliveryTimeout));
        PoolingHttpClientConnectionManager manager = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(allowPrivateTargets))
                .setMaxConnTotal(maxConnections)
                // many webhooks can share one host; the per-webhook bound is the gate's
                .setMaxConnPerRoute(maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(Durations.parse(connectTimeout)))
                        .setSocketTimeout(timeout)
                        .build())
                .build();
        closeAtStop.add(manager);
        connections = manager;
        return manager;
    }

    @BindToRegistry("circuitBreakers")
    public synchronized CircuitBreakers circuitBreakers() {
        if (circuitBreakers == null) {
            circuitBreakers = new CircuitBreakers(attemptConcurrency(), circuitFailureThreshold,
                    Durations.parse(circuitCoolDown), Durations.parse(circuitMaxCoolDown), Clock.systemUTC());
        }
        return circuitBreakers;
    }

    /** Slow webhooks together hold at most slow-share of the delivery consumers. */
    private AttemptConcurrency attemptConcurrency() {
        if (!(slowShare > 0 && slowShare <= 1)) {
            throw new IllegalArgumentException("hookline.delivery.slow-share must be above 0 and at most 1 "
                    + "(the share of delivery consumers slow webhooks may hold, e.g. 0.25): " + slowShare);
        }
        Duration slow = Durations.parse(slowAfter);
        if (slow.isZero() || slow.isNegative()) {
            throw new IllegalArgumentException("hookline.delivery.slow-after must be positive, e.g. 2s: " + slowAfter);
        }
        return new AttemptConcurrency(maxInFlightPerWebhook, slow, Math.max(1, (int) (deliveryConcurrency * slowShare)));
    }

    @BindToRegistry("deliveryLedger")
    public synchronized DeliveryLedger deliveryLedger() {
        if (ledger == null) {
            ledger = new DeliveryLedger(dataSource(), Durations.parse(lease), secretCipher());
            closeAtStop.add(ledger::close);
        }
        return ledger;
    }

    /**
     * The dispatcher sends on connections of its own. A broker short of memory blocks a producer's
     * whole connection; shared with the delivery consumers, it would stop the very consumers whose
     * acknowledgements free the memory, and everything would wait for ever.
     */
    @BindToRegistry("deliveryDispatcher")
    public synchronized DeliveryDispatcher deliveryDispatcher() {
        activemq();
        return new DeliveryDispatcher(pooled(activemqConnections, 2), circuitBreakers(),
                deliveryLedger()::defer, metrics()::dispatched, metrics()::parked);
    }

    @BindToRegistry("deliveryGate")
    public DeliveryGate deliveryGate() {
        return new DeliveryGate(circuitBreakers(), deliveryLedger());
    }

    @BindToRegistry("webhookRequest")
    public synchronized WebhookRequest webhookRequest() {
        if (webhookRequest == null) {
            webhookRequest = new WebhookRequest(new WebhookSigner(), HooklineVersion.userAgent(), new FormPayload(mapper));
        }
        return webhookRequest;
    }

    @BindToRegistry("inProcessRetry")
    public InProcessRetry inProcessRetry() {
        return new InProcessRetry(redeliveries);
    }

    @BindToRegistry("deliveryOutcomes")
    public synchronized DeliveryOutcomes deliveryOutcomes() {
        if (outcomes == null) {
            RetrySchedule schedule = new RetrySchedule(Durations.parseList(retrySchedule), retryJitter, new SecureRandom());
            outcomes = new DeliveryOutcomes(deliveryLedger(), schedule, circuitBreakers(), Durations.parse(disableAfter), Clock.systemUTC());
            outcomes.setObserver(metrics());
        }
        return outcomes;
    }

    /** Before each in-process retry: record the failed attempt, sign the next one afresh. */
    @BindToRegistry("beforeInProcessRetry")
    public Processor beforeInProcessRetry() {
        DeliveryOutcomes o = deliveryOutcomes();
        WebhookRequest request = webhookRequest();
        return exchange -> {
            if (o.beforeRetry(exchange)) {
                request.sign(exchange);
            }
        };
    }

    /** The one HTTP component all deliveries go through: no redirects, no client retries, bounded waits. */
    @BindToRegistry("http")
    public HttpComponent http() {
        HttpComponent http = new HttpComponent();
        int timeoutMs = (int) Durations.parse(deliveryTimeout).toMillis();
        http.setClientConnectionManager(webhookConnections());
        http.setAutomaticRetriesDisabled(true);
        http.setRedirectHandlingDisabled(true);
        http.setCookieManagementDisabled(true);
        // nor auth exchanges, nor compressed answers: per-request work a webhook POST never needs
        http.setAuthCachingDisabled(true);
        http.setContentCompressionDisabled(true);
        http.setConnectionStateDisabled(true);
        http.setConnectTimeout((int) Durations.parse(connectTimeout).toMillis());
        http.setSoTimeout(timeoutMs);
        http.setResponseTimeout(timeoutMs);
        http.setConnectionRequestTimeout(timeoutMs);
        http.setSkipResponseHeaders(true);
        http.setFollowRedirects(false);
        // a receiver cannot make Hookline read an endless, huge or trickling answer; first in the chain,
        // outside the element that hands connections back to the pool (see CappedResponseBodies)
        CappedResponseBodies cap = new CappedResponseBodies(maxResponseBytes, Durations.parse(deliveryTimeout));
        closeAtStop.add(cap);
        http.setHttpClientConfigurer(builder -> builder.addExecInterceptorFirst("hookline-response-cap", cap));
        return http;
    }

    @BindToRegistry("deliveryCounts")
    public synchronized DeliveryCounts deliveryCounts() {
        if (deliveryCounts == null) {
            deliveryCounts = new DeliveryCounts(dataSource(), Durations.parse(countRefresh));
        }
        return deliveryCounts;
    }

    @BindToRegistry("metrics")
    public synchronized HooklineMetrics metrics() {
        if (metrics == null) {
            // the registry camel-micrometer-prometheus serves at /q/metrics, bound under this name
            metrics = new HooklineMetrics(() -> camel.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class),
                    deliveryCounts());
        }
        return metrics;
    }

    @BindToRegistry("databaseHealthCheck")
    public DatabaseHealthCheck databaseHealthCheck() {
        dataSource();
        return new DatabaseHealthCheck(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword(), schemaVersion);
    }

    @BindToRegistry("brokerHealthCheck")
    public BrokerHealthCheck brokerHealthCheck() {
        BrokerHealthCheck check = new BrokerHealthCheck(activemq().getConfiguration().getConnectionFactory());
        closeAtStop.add(check);
        return check;
    }

    @BindToRegistry("deliveryReplay")
    public DeliveryReplay deliveryReplay() {
        return new DeliveryReplay(dataSource(), leaseDuration());
    }

    @BindToRegistry("secretRotation")
    public SecretRotation secretRotation() {
        return new SecretRotation(dataSource(), Durations.parse(secretOverlap), secretCipher());
    }

    @BindToRegistry("testDeliveries")
    public TestDeliveries testDeliveries() {
        return new TestDeliveries(dataSource(), webhookPayload(), leaseDuration());
    }

    @BindToRegistry("endpointVerifier")
    public EndpointVerifier endpointVerifier() {
        CappedResponseBodies cap = new CappedResponseBodies(maxResponseBytes, Durations.parse(deliveryTimeout));
        closeAtStop.add(cap);
        return new EndpointVerifier(webhookConnections(), Durations.parse(deliveryTimeout), HooklineVersion.userAgent(), cap);
    }

    @BindToRegistry("apiDocument")
    public ApiDocument apiDocument() {
        return new ApiDocument("openapi.json");
    }

    @BindToRegistry("deliveryStats")
    public DeliveryStats deliveryStats() {
        return new DeliveryStats(dataSource(), webhookStore());
    }

    @BindToRegistry("consoleAssets")
    public ConsoleAssets consoleAssets() {
        return new ConsoleAssets("console");
    }

    @BindToRegistry("retentionCutoff")
    public RetentionCutoff retentionCutoff() {
        return new RetentionCutoff(Durations.parse(retainSucceeded), Durations.parse(retainEvents), Clock.systemUTC());
    }

    Duration leaseDuration() {
        return Durations.parse(lease);
    }
}
