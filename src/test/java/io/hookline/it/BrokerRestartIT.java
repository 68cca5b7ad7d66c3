package io.hookline.it;

import io.hookline.support.Broker;
import io.hookline.support.HooklineTestSupport;
import io.hookline.support.RestartableBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker under Hookline is stopped and started again while deliveries are under way: the
 * events it held persistently, the deliveries whose (non-persistent) queue messages it dropped,
 * and the events published after it came back are all delivered.
 */
class BrokerRestartIT extends HooklineTestSupport {

    // static: the Camel test base reads the properties from its constructor
    private static final RestartableBroker MQ = new RestartableBroker();

    @Override
    protected void tune(Properties p) {
        p.setProperty("hookline.broker.url", MQ.failoverUrl());
        FaultLoad.tune(p);
    }

    @AfterAll
    void stopBroker() {
        context.stop();
        MQ.close();
    }

    @Test
    void deliveriesUnderWayWhenTheBrokerRestartsAreAllMadeAndNoneLost() {
        Broker producer = new Broker(MQ.failoverUrl());
        FaultLoad load = new FaultLoad(api);
        try {
            load.receiver.delay(20);
            load.publish(producer, 300);
            load.awaitDelivered(load.expected() / 6);

            MQ.stop();
            int atStop = load.deliveredPairs();
            MQ.start();
            load.publish(producer, 100);

            long duplicates = load.awaitAllDelivered(Duration.ofSeconds(120));
            assertThat(atStop).as("the broker stopped in mid-load").isLessThan(300 * 3);
            System.out.printf("broker restart: %d deliveries expected, all received, %d before the stop, %d duplicates%n",
                    load.expected(), atStop, duplicates);
        } finally {
            producer.close();
            load.close();
        }
    }
}
