package io.hookline.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Captures every log event of the test JVM (Hookline runs in it) from {@link #begin()} to
 * {@link #close()}, with its level, MDC and the full text a log file would hold. While it
 * captures, Hookline's loggers log at the levels of the production {@code logback.xml} (Camel
 * at INFO, where the tests' own configuration keeps it at WARN), so a "never logged" check sees
 * what a production log would hold; the test-only loggers (WireMock, its Jetty) keep theirs.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    public record Line(Level level, String logger, String thread, Map<String, String> mdc, String text) {
    }

    private static final List<String> TEST_ONLY_LOGGERS = List.of("wiremock", "WireMock", "org.eclipse.jetty");
    private static final Pattern LOGGER = Pattern.compile("<logger\\s+name=\"([^\"]+)\"\\s+level=\"([A-Za-z]+)\"");
    private static final Pattern ROOT = Pattern.compile("<root\\s+level=\"(?:\\$\\{[^:}]+:-)?([A-Za-z]+)");

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Map<String, Level> levelsBefore = new HashMap<>();
    private Level rootBefore;

    public static LogCapture begin() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogCapture capture = new LogCapture();
        capture.setName("test-capture");
        capture.setContext(context);
        capture.atProductionLevels(context);
        capture.start();
        root().addAppender(capture);
        return capture;
    }

    /** The levels of src/main/resources/logback.xml, the file production runs with. */
    private void atProductionLevels(LoggerContext context) {
        String production;
        try (InputStream in = LogCapture.class.getClassLoader().getResourceAsStream("logback.xml")) {
            if (in == null) {
                throw new IllegalStateException("the production logback.xml is not on the test classpath");
            }
            production = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher rootLevel = ROOT.matcher(production);
        if (!rootLevel.find()) {
            throw new IllegalStateException("no root level in the production logback.xml");
        }
        rootBefore = root().getLevel();
        root().setLevel(Level.toLevel(rootLevel.group(1)));
        // every level the tests' configuration sets falls back to the root's, unless production sets its own
        for (Logger logger : context.getLoggerList()) {
            if (logger.getLevel() != null && !logger.getName().equals(org.slf4j.Logger.ROOT_LOGGER_NAME)
                    && TEST_ONLY_LOGGERS.stream().noneMatch(t -> logger.getName().equals(t) || logger.getName().startsWith(t + "."))) {
                levelsBefore.put(logger.getName(), logger.getLevel());
                logger.setLevel(null);
            }
        }
        Matcher m = LOGGER.matcher(production);
        while (m.find()) {
            Logger logger = context.getLogger(m.group(1));
            levelsBefore.putIfAbsent(logger.getName(), logger.getLevel());
            logger.setLevel(Level.toLevel(m.group(2)));
        }
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
        LoggerContext context = (LoggerContext) getContext();
        levelsBefore.forEach((name, level) -> context.getLogger(name).setLevel(level));
        root().setLevel(rootBefore);
    }
}
