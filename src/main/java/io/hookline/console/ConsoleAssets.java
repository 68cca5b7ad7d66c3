package io.hookline.console;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the console's static files from the classpath folder given, under {@code /console/}.
 * Only names made of plain segments with a known extension are looked up, so a request can never
 * reach a class, a configuration file or anything outside the folder, however it is encoded.
 */
public class ConsoleAssets {

    static final String MOUNT = "/console";

    /** Segments of letters, digits, '-' and '_', dot-separated words; no empty, '.' or '..' segment. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*(/[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*)*");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json",
            "txt", "text/plain; charset=utf-8");

    /**
     * The page holds an API key: it runs only its own scripts and styles, talks only to this
     * origin, and cannot be framed.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private final String folder;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public ConsoleAssets(String folder) {
        this.folder = folder;
    }

    public void serve(Exchange exchange) {
        Message m = exchange.getMessage();
        // the path as Vert.x routed it: dot segments, also percent-encoded ones, already resolved
        String path = m.getHeader(Exchange.HTTP_PATH, String.class);
        m.removeHeaders("*");
        if (path == null || !path.startsWith(MOUNT)) {
            notFound(m);
            return;
        }
        String rest = path.substring(MOUNT.length());
        if (rest.isEmpty()) {
            // relative links in the page resolve against the folder, so the folder is the address
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, 308);
            m.setHeader("Location", MOUNT + "/");
            m.setBody(null);
            return;
        }
        if (!rest.startsWith("/")) {
            notFound(m); // /consolefoo
            return;
        }
        String name = decode(rest.substring(1));
        if (name == null || refused(name)) {
            answer(m, 400, "text/plain; charset=utf-8", "Bad request\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (name.isEmpty() || name.endsWith("/")) {
            name = name + "index.html";
        }
        String type = contentType(name);
        byte[] body = type == null || !SAFE_NAME.matcher(name).matches() ? null : file(name);
        if (body == null) {
            notFound(m);
            return;
        }
        answer(m, 200, type, body);
    }

    /** Traversal or separator tricks that survived routing: encoded slashes, backslashes, dot segments, NUL. */
    static boolean refused(String name) {
        if (name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0 || name.startsWith("/")) {
            return true;
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** Percent-decodes a path ('+' stays '+'); null when the encoding is broken. */
    static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(name.substring(dot + 1));
    }

    /** The file's bytes, or null; only files that exist are cached, so the cache cannot grow past the folder. */
    private byte[] file(String name) {
        byte[] cached = cache.get(name);
        if (cached != null) {
            return cached;
        }
        byte[] loaded = load(name);
        if (loaded != null) {
            cache.put(name, loaded);
        }
        return loaded;
    }

    /** How many files the cache holds: what bounds its memory. */
    int cachedFiles() {
        return cache.size();
    }

    private byte[] load(String name) {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(folder + "/" + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void notFound(Message m) {
        answer(m, 404, "text/plain; charset=utf-8", "Not found\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(Message m, int status, String type, byte[] body) {
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, type);
        m.setHeader("Cache-Control", "no-cache");
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setHeader("Referrer-Policy", "no-referrer");
        m.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        m.setBody(body);
    }
}
