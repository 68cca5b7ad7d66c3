package io.hookline;

import io.hookline.config.HooklineSettings;
import io.hookline.config.MillisFunction;
import io.hookline.config.SettingsSource;
import io.hookline.wiring.ApiBeans;
import io.hookline.wiring.Beans;
import io.hookline.wiring.DeliveryBeans;
import io.hookline.wiring.IngestBeans;
import io.hookline.wiring.InfrastructureBeans;
import io.hookline.wiring.OperationsBeans;
import io.hookline.wiring.StoreBeans;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Hookline's start-up, in order: bind every {@code hookline.*} setting (a missing or unreadable one
 * stops the start, naming it), start the infrastructure (database, migrations, secrets key check,
 * broker), then build each area's beans once and bind them under the names the routes use. With no
 * broker or database URL configured the embedded ones start, and stop after Camel has stopped every route.
 */
public class HooklineConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camel) {
        SettingsSource source = new SettingsSource(camel.getPropertiesComponent()::resolveProperty);
        HooklineSettings settings = HooklineSettings.bind(source);
        // routes read duration settings as validated here: {{millis:hookline.delivery.scheduler-interval}}
        camel.getPropertiesComponent().addPropertiesFunction(new MillisFunction(source.durations()));
        Beans beans = new Beans(camel);
        try {
            InfrastructureBeans infra = InfrastructureBeans.start(settings, beans);
            StoreBeans stores = StoreBeans.wire(settings, infra, beans);
            OperationsBeans ops = OperationsBeans.wire(settings, infra, stores, beans);
            DeliveryBeans delivery = DeliveryBeans.wire(settings, infra, stores, ops, beans);
            IngestBeans ingest = IngestBeans.wire(settings, infra, stores, ops, delivery, beans);
            ApiBeans.wire(settings, infra, stores, ingest, delivery, beans);
        } catch (RuntimeException e) {
            beans.closeAll(); // what started before the failure: the embedded database, pools
            throw e;
        }
    }
}
