package io.hookline.event;

import io.hookline.RouteProperties;
import org.apache.activemq.command.ActiveMQMessage;
import org.apache.activemq.util.ByteSequence;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.jms.JmsMessage;

import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;

import java.util.Arrays;

/**
 * Refuses JMS message types whose body is never read: an ObjectMessage (reading it would be Java
 * deserialisation of a producer's bytes) and a StreamMessage. Looks only at the message's class, and
 * hands the quarantine the raw marshalled bytes instead of the object. A Processor, not a bean
 * method: bean binding looks at the body before calling, which would deserialise it.
 */
public class UnreadableMessages implements Processor {

    /** Header of the quarantined copy: the JMS type the producer sent, whose raw bytes are the body. */

    @Override
    public void process(Exchange exchange) {
        if (!(exchange.getIn() instanceof JmsMessage jms)) {
            return;
        }
        jakarta.jms.Message message = jms.getJmsMessage();
        String type = message instanceof ObjectMessage ? "ObjectMessage"
                : message instanceof StreamMessage ? "StreamMessage" : null;
        if (type == null) {
            return;
        }
        exchange.setProperty(RouteProperties.ORIGINAL_MESSAGE_TYPE, type);
        exchange.setProperty(RouteProperties.RAW_BODY, rawBytes(message));
        throw new UnreadableMessageException("a JMS " + type + " is not accepted (its body is never read); "
                + "send the event as JSON in a TextMessage or BytesMessage");
    }

    private static byte[] rawBytes(jakarta.jms.Message message) {
        if (message instanceof ActiveMQMessage amq && amq.getContent() != null) {
            ByteSequence content = amq.getContent();
            return Arrays.copyOfRange(content.getData(), content.getOffset(), content.getOffset() + content.getLength());
        }
        return new byte[0];
    }
}
