package io.hookline.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Captures every log event of the test JVM (Hookline runs in it) from {@link #begin()} to
 * {@link #close()}, with its level, MDC and the full text a log file would hold.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    public record Line(Level level, String logger, String thread, Map<String, String> mdc, String text) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    public static LogCapture begin() {
        LogCapture capture = new LogCapture();
        capture.setName("test-capture");
        capture.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
        capture.start();
        root().addAppender(capture);
        return capture;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage() == null ? "" : event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        lines.add(new Line(event.getLevel(), event.getLoggerName(), event.getThreadName(),
                Map.copyOf(event.getMDCPropertyMap()), text.toString()));
    }

    public List<Line> lines() {
        return new ArrayList<>(lines);
    }

    /** Every captured text, one line each, for "never appears" checks. */
    public String all() {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) {
            sb.append(l.level()).append(' ').append(l.logger()).append(' ').append(l.mdc()).append(' ')
                    .append(l.text()).append('\n');
        }
        return sb.toString();
    }

    @Override
    public void close() {
        root().detachAppender(this);
        stop();
    }
}
