package io.hookline.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of /q/metrics (which needs the API key), read as Prometheus text: series with labels and values. */
public final class PrometheusScrape {

    public record Series(String name, String labels, double value) {
    }

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+).*$");
    private final String text;
    private final List<Series> series = new ArrayList<>();

    public PrometheusScrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                series.add(new Series(m.group(1), m.group(2) == null ? "" : m.group(2), Double.parseDouble(m.group(3))));
            }
        }
    }

    /** Scrapes as Prometheus is configured to: with the API key as a bearer token. */
    public static PrometheusScrape of(String baseUrl, String apiKey) {
        try {
            HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics")).header("Authorization", "Bearer " + apiKey).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("/q/metrics answered " + r.statusCode());
            }
            return new PrometheusScrape(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum of every series of that name whose labels include each of {@code labels} (e.g. {@code outcome="dead"}). */
    public double sum(String name, String... labels) {
        double total = 0;
        for (Series s : series) {
            if (s.name().equals(name) && containsAll(s.labels(), labels)) {
                total += s.value();
            }
        }
        return total;
    }

    public boolean has(String name) {
        return series.stream().anyMatch(s -> s.name().equals(name));
    }

    public List<Series> seriesStartingWith(String prefix) {
        return series.stream().filter(s -> s.name().startsWith(prefix)).toList();
    }

    public String text() {
        return text;
    }

    private static boolean containsAll(String labels, String... wanted) {
        for (String w : wanted) {
            if (!labels.contains(w)) {
                return false;
            }
        }
        return true;
    }
}
