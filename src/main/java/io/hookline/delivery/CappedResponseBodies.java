package io.hookline.delivery;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpResponseInterceptor;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.http.protocol.HttpContext;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads at most {@code maxBytes} of any webhook response body, however much a receiver sends (or
 * claims to send): the rest is never read, and the connection is dropped instead of drained.
 */
public final class CappedResponseBodies implements HttpResponseInterceptor {

    private final long maxBytes;

    public CappedResponseBodies(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public void process(HttpResponse response, EntityDetails details, HttpContext context) {
        if (response instanceof ClassicHttpResponse classic && classic.getEntity() != null) {
            classic.setEntity(new CappedEntity(classic.getEntity(), maxBytes));
        }
    }

    private static final class CappedEntity extends HttpEntityWrapper {

        private final long maxBytes;
        private CappedStream content;

        CappedEntity(HttpEntity wrapped, long maxBytes) {
            super(wrapped);
            this.maxBytes = maxBytes;
        }

        @Override
        public long getContentLength() {
            long length = super.getContentLength();
            return length >= 0 && length <= maxBytes ? length : -1;
        }

        @Override
        public boolean isStreaming() {
            return true;
        }

        @Override
        public boolean isRepeatable() {
            return false;
        }

        @Override
        public synchronized InputStream getContent() throws IOException {
            // one stream for the entity's life: a second getContent (EntityUtils.consume) must not start afresh
            if (content == null) {
                content = new CappedStream(super.getContent(), maxBytes);
            }
            return content;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = getContent()) {
                in.transferTo(out);
            }
        }
    }

    private static final class CappedStream extends FilterInputStream {

        private long remaining;
        private boolean endOfBody;

        CappedStream(InputStream in, long maxBytes) {
            super(in);
            this.remaining = maxBytes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            } else if (n < 0) {
                endOfBody = true;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, Math.max(remaining, 0)));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), Math.max(remaining, 0));
        }

        @Override
        public void close() throws IOException {
            // closing would drain the rest of the body to reuse the connection; one not read to its end is dropped
            if (!endOfBody && in instanceof EofSensorInputStream sensor) {
                sensor.abort();
            } else {
                super.close();
            }
        }
    }
}
