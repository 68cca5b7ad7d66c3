package io.hookline.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request with the request line exactly as given: HTTP clients normalise "..", and
 * a test of path traversal must send it as an attacker would.
 */
public final class RawHttp {

    public record Answer(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    public static Answer request(int port, String method, String rawPath) {
        return request(port, method, rawPath, Map.of(), null);
    }

    /** With headers exactly as given (none added but Host, Connection and, with a body, Content-Length). */
    public static Answer request(int port, String method, String rawPath, Map<String, String> headers, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder(method + " " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException refusedEarly) {
                    // a server may answer (413) and close before reading all of an over-limit body
                }
            }
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer parse(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        String head = new String(all, 0, end < 0 ? all.length : end, StandardCharsets.ISO_8859_1);
        byte[] body = end < 0 ? new byte[0] : Arrays.copyOfRange(all, end + 4, all.length);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
        int at = 0;
        while (at < chunked.length) {
            int eol = indexOf(chunked, crlf, at);
            if (eol < 0) {
                break;
            }
            String line = new String(chunked, at, eol - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(line.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                break;
            }
            int to = Math.min(chunked.length, eol + 2 + size);
            body.write(chunked, eol + 2, to - (eol + 2));
            at = to + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] what, int from) {
        outer:
        for (int i = from; i <= data.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (data[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
