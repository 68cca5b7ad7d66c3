package io.hookline.infra;

import org.apache.activemq.broker.Broker;
import org.apache.activemq.broker.BrokerFilter;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.ProducerBrokerExchange;
import org.apache.activemq.command.ActiveMQDestination;
import org.apache.activemq.command.Message;

import java.util.Set;

/**
 * Makes every message sent to the event queues persistent, whatever its producer set. ActiveMQ
 * keeps a non-persistent message (a STOMP SEND without {@code persistent:true}, a JMS producer left
 * at NON_PERSISTENT) in memory only, and confirms it to a producer who asked (a STOMP receipt, a
 * synchronous send) without storing it: a crash of the broker then loses an event the producer was
 * told had arrived. Marked persistent before the queue sees it, it is stored in KahaDB first, and a
 * receipt or synchronous send is answered only once it is.
 */
public final class PersistentEvents implements BrokerPlugin {

    private final Set<String> queues;

    public PersistentEvents(Set<String> queues) {
        this.queues = Set.copyOf(queues);
    }

    @Override
    public Broker installPlugin(Broker broker) {
        return new BrokerFilter(broker) {
            @Override
            public void send(ProducerBrokerExchange producer, Message message) throws Exception {
                ActiveMQDestination destination = message.getDestination();
                if (!message.isPersistent() && destination != null && destination.isQueue()
                        && queues.contains(destination.getPhysicalName())) {
                    message.setPersistent(true);
                }
                super.send(producer, message);
            }
        };
    }
}
