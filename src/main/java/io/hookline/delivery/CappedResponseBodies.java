package io.hookline.delivery;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds what a receiver can make a delivery read: at most {@code maxBytes} of the answer, and the
 * whole exchange (request, answer, body) within {@code deadline}.
 *
 * <p>An exec-chain element placed first in the client's chain, so it sees the body as the caller
 * would: behind the client's connection-releasing wrapper. A response interceptor cannot do this:
 * it runs inside that wrapper, and closing a stream there (which any cap must do at some point)
 * drains the rest of a chunked or sized body to keep the connection, i.e. reads the endless answer
 * after all. Here the body is read up to the cap at once; an answer that ends within it releases its
 * connection to the pool as usual (keep-alive), one that goes on has its connection closed, never
 * drained, and the caller gets the excerpt as a plain byte entity.
 */
public final class CappedResponseBodies implements ExecChainHandler, AutoCloseable {

    private final int maxBytes;
    private final long deadlineMillis;
    private final ScheduledExecutorService timer;

    public CappedResponseBodies(long maxBytes, Duration deadline) {
        if (maxBytes <= 0 || maxBytes >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be positive and below 2 GiB: " + maxBytes);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive: " + deadline);
        }
        this.maxBytes = (int) maxBytes;
        this.deadlineMillis = deadline.toMillis();
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "hookline-delivery-deadline");
            thread.setDaemon(true);
            return thread;
        });
        // nearly every attempt ends before its deadline: cancelled cut-offs must not pile up in the queue
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        AtomicBoolean expired = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        // a receiver trickling its answer never trips the per-read socket timeout; closing the connection does
        ScheduledFuture<?> cutOff = timer.schedule(() -> {
            if (!done.get()) {
                expired.set(true);
                abort(scope.execRuntime);
            }
        }, deadlineMillis, TimeUnit.MILLISECONDS);
        try {
            ClassicHttpResponse response = chain.proceed(request, scope);
            try {
                capBody(response, scope.execRuntime);
            } catch (IOException | RuntimeException e) {
                scope.execRuntime.discardEndpoint();
                throw e;
            }
            return response;
        } catch (IOException | RuntimeException e) {
            if (expired.get()) {
                SocketTimeoutException timeout = new SocketTimeoutException(
                        "no complete answer within " + deadlineMillis + " ms");
                timeout.initCause(e);
                throw timeout;
            }
            throw e;
        } finally {
            done.set(true);
            cutOff.cancel(false);
        }
    }

    private void capBody(ClassicHttpResponse response, ExecRuntime runtime) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return;
        }
        InputStream in = entity.getContent();
        if (in == null) {
            return;
        }
        // one byte past the cap tells "ended within it" from "goes on"
        byte[] read = in.readNBytes(maxBytes + 1);
        byte[] excerpt = read;
        if (read.length > maxBytes) {
            excerpt = Arrays.copyOf(read, maxBytes);
            // close the socket first: closing the stream on a live connection would drain the rest
            runtime.discardEndpoint();
        }
        try {
            in.close();
        } catch (IOException alreadyClosed) {
            // the connection was dropped above; nothing is left to release
        }
        String type = entity.getContentType();
        response.setEntity(new ByteArrayEntity(excerpt, type == null ? null : ContentType.parseLenient(type),
                entity.getContentEncoding()));
    }

    private static void abort(ExecRuntime runtime) {
        if (runtime instanceof Cancellable cancellable) {
            cancellable.cancel();
        } else {
            runtime.discardEndpoint();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
