package io.hookline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.support.HooklineTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The receiver goes away (connections refused) in mid-load and comes back: the deliveries that
 * failed meanwhile are retried on the schedule, and all of them arrive.
 */
class ReceiverOutageIT extends HooklineTestSupport {

    @Override
    protected void tune(Properties p) {
        p.setProperty("hookline.delivery.retry-schedule", "1s,1s,2s,2s,2s,2s,2s,2s");
        p.setProperty("hookline.delivery.redeliveries", "0");
        p.setProperty("hookline.delivery.circuit-cool-down", "1s");
        p.setProperty("hookline.delivery.circuit-max-cool-down", "2s");
    }

    private boolean anyRetrying(String webhookId) {
        for (JsonNode d : api.deliveries(webhookId)) {
            if ("retrying".equals(d.get("status").asText())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void deliveriesFailedWhileTheReceiverWasDownArriveWhenItIsBack() {
        FaultLoad load = new FaultLoad(api);
        try {
            load.receiver.delay(10);
            load.publish(broker, 200);
            load.awaitDelivered(load.expected() / 6);

            int publishedBefore = load.expected();
            int cutOff = load.receiver.goAway();
            int atOutage = load.deliveredPairs();
            load.publish(broker, 100);
            String hook = load.webhookIds().get(0);
            await().alias("a delivery failed by the outage waits for its retry").atMost(Duration.ofSeconds(30))
                    .until(() -> anyRetrying(hook));
            load.receiver.comeBack();

            // Hookline did not crash; the receiver did: a request it cut off had no answer and is
            // sent again, with its webhook-id. The receiver's count of what it cut off races the
            // answers already on their way back, so the bound is the attempts Hookline can have in
            // flight: its 8 delivery threads (hookline.delivery.concurrency in HooklineTestSupport)
            int repeats = load.assertAllDeliveredRepeatingAtMost(8, Duration.ofSeconds(120));
            assertThat(atOutage).as("the receiver went away in mid-load").isLessThan(publishedBefore);
            System.out.printf("receiver outage: %d deliveries expected, all received, %d before the outage, "
                    + "%d cut off, %d repeats%n", load.expected(), atOutage, cutOff, repeats);
        } finally {
            load.close();
        }
    }
}
