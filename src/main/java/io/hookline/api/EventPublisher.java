package io.hookline.api;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puts an event accepted over HTTP on {@code contact.events}, waiting at most the publish
 * timeout for the broker to take it. A failover connection to a broker that is down blocks a
 * send until the broker is back; the producer is told 503 with Retry-After instead of hanging.
 * A send cut off by the timeout may still have reached the broker: the producer retries with the
 * same event id, and a repeated id is not fanned out again.
 */
public final class EventPublisher implements AutoCloseable {

    private volatile ProducerTemplate producer;
    private final String endpointUri;
    private final Duration timeout;
    private final long retryAfterSeconds;
    // no queue: when every sender waits on the broker already, the next request is answered at once
    private final ThreadPoolExecutor senders;

    public EventPublisher(String endpointUri, Duration timeout, int maxWaitingSends) {
        this.endpointUri = endpointUri;
        this.timeout = timeout;
        this.retryAfterSeconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        this.senders = new ThreadPoolExecutor(0, maxWaitingSends, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "hookline-event-publish");
            t.setDaemon(true);
            return t;
        });
    }

    /** Sends the exchange's body to the events queue, or throws a 503 {@link ApiProblem}. */
    public void publish(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        ProducerTemplate producer = producer(exchange.getContext());
        Future<Exchange> sent;
        try {
            sent = senders.submit(() -> producer.send(endpointUri, ExchangePattern.InOnly,
                    e -> e.getMessage().setBody(body)));
        } catch (RejectedExecutionException e) {
            throw unavailable("every publishing thread is waiting for the broker");
        }
        Exchange result;
        try {
            result = sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true); // interrupts the send waiting for a broker connection
            throw unavailable("the broker did not take the event within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw unavailable("the broker refused the event: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the broker");
        }
        if (result.getException() != null) {
            throw unavailable("the broker refused the event: " + result.getException().getMessage());
        }
    }

    private ProducerTemplate producer(CamelContext camel) {
        ProducerTemplate p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = camel.createProducerTemplate(); // once the context runs, not while it is built
                }
                p = producer;
            }
        }
        return p;
    }

    private ApiProblem unavailable(String why) {
        return ApiProblem.unavailable("the event was not accepted (" + why + "); send it again later, with the same id",
                retryAfterSeconds);
    }

    @Override
    public void close() {
        senders.shutdownNow();
        if (producer != null) {
            try {
                producer.close();
            } catch (java.io.IOException ignored) {
                // stopping anyway
            }
        }
    }
}
