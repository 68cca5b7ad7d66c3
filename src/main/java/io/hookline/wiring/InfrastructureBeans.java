package io.hookline.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.zaxxer.hikari.HikariDataSource;
import io.hookline.config.HooklineSettings;
import io.hookline.infra.BrokerConnections;
import io.hookline.infra.Database;
import io.hookline.infra.Migrations;
import io.hookline.instance.InstanceHeartbeat;
import io.hookline.instance.InstanceIdentity;
import io.hookline.secrets.SecretCipher;
import io.hookline.secrets.SecretsKey;
import io.hookline.secrets.SecretsKeyCheck;
import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/** What every area stands on: the JSON mapper, the secrets key, PostgreSQL with its schema, ActiveMQ. */
public record InfrastructureBeans(ObjectMapper mapper, SecretCipher secretCipher, HikariDataSource dataSource,
                                  String schemaVersion, BrokerConnections broker, ActiveMQComponent activemq,
                                  InstanceIdentity instance) {

    private static final Logger LOG = LoggerFactory.getLogger(InfrastructureBeans.class);

    /**
     * The start-up steps, in order: the secrets key; the database (the embedded one when none is
     * configured); its migrations; the check that the key reads the secrets already stored; the broker
     * (the embedded one when none is configured). A step that fails stops the start with its reason.
     */
    public static InfrastructureBeans start(HooklineSettings settings, Beans beans) {
        ObjectMapper mapper = beans.bind("jsonMapper",
                new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));
        SecretCipher cipher = secretCipher(settings);
        HikariDataSource dataSource = beans.bind("dataSource",
                Database.open(settings.database(), settings.dataDir(), beans::closeAtStop));
        String schemaVersion = Migrations.migrate(dataSource, cipher);
        try {
            SecretsKeyCheck.verify(dataSource, cipher);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the webhook table to check the secrets key", e);
        }
        BrokerConnections broker = BrokerConnections.open(settings.broker(), settings.dataDir(),
                settings.events().maxBytes(), beans::closeAtStop);
        ActiveMQComponent activemq = new ActiveMQComponent();
        activemq.setConnectionFactory(broker.pool(8));
        beans.bind("activemq", activemq);
        // who this instance is, on the deliveries it holds; it registers and beats once the ledger exists (DeliveryBeans)
        InstanceIdentity instance = beans.bind("instanceIdentity", new InstanceIdentity(InstanceIdentity.newId(),
                InstanceHeartbeat.trustNanos(settings.instance().heartbeat(), settings.instance().deadAfter()),
                System::nanoTime));
        return new InfrastructureBeans(mapper, cipher, dataSource, schemaVersion, broker, activemq, instance);
    }

    /** Encrypts webhook secrets at rest; the key is configured or generated into the data dir. */
    private static SecretCipher secretCipher(HooklineSettings settings) {
        SecretCipher cipher = SecretsKey.configuredOrGenerated(settings.secrets().key(), settings.dataDir());
        if (!settings.secrets().configured() && !settings.database().embedded()) {
            LOG.warn("hookline.secrets.key is not set: webhook secrets in the external database are encrypted "
                    + "with the key in {}; every instance needs the same key", settings.dataDir().resolve(SecretsKey.FILE_NAME));
        }
        return cipher;
    }
}
