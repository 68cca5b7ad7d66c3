package io.hookline.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Decides whether a webhook URL may be delivered to: http(s), no credentials in the URL, and a host
 * that reaches only public addresses (no loopback, private, link-local, multicast … space), unless
 * private targets are allowed for development.
 */
public final class TargetAddressGuard {

    private final boolean allowPrivateTargets;
    private final DnsResolver resolver;

    public TargetAddressGuard(boolean allowPrivateTargets) {
        // The resolver the HTTP client uses, so a name is read here exactly as it is when connecting.
        this(allowPrivateTargets, SystemDefaultDnsResolver.INSTANCE);
    }

    public TargetAddressGuard(boolean allowPrivateTargets, DnsResolver resolver) {
        this.allowPrivateTargets = allowPrivateTargets;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    public boolean allowsPrivateTargets() {
        return allowPrivateTargets;
    }

    /** @throws TargetRefusedException naming the reason, e.g. "url: host 127.0.0.1 is a loopback address" */
    public void checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw refused("url: must not be empty");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // The reason without the input, which may hold credentials.
            throw refused("url: not a valid URI (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        if (!uri.isAbsolute()) {
            throw refused("url: must be an absolute http or https URL");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused("url: scheme " + scheme + " is not allowed, use http or https");
        }
        String authority = uri.getRawAuthority();
        if (uri.isOpaque() || authority == null || authority.isEmpty()) {
            throw refused("url: has no host");
        }
        // Checked on the raw authority: with an odd host java.net.URI reports no user-info at all.
        if (authority.contains("@")) {
            throw refused("url: must not contain user credentials");
        }
        String host = hostOf(uri, authority);
        if (host.isEmpty()) {
            throw refused("url: has no host");
        }
        if (allowPrivateTargets) {
            return;
        }
        checkHost(host);
    }

    /** True for an address in a special-purpose block (IPv4-mapped IPv6 judged by its IPv4 part). */
    public boolean isSpecialPurpose(InetAddress address) {
        return SpecialPurposeAddresses.contains(address);
    }

    private void checkHost(String host) {
        // A numeric spelling is also judged as curl and browsers read it, whatever Java makes of it.
        Optional<byte[]> lenient = Ipv4Spelling.parse(host);
        if (lenient.isPresent()) {
            InetAddress address = literal(lenient.get());
            Optional<String> kind = SpecialPurposeAddresses.kindOf(address);
            if (kind.isPresent()) {
                throw refused(refusal(host, address, kind.get()));
            }
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException | IllegalArgumentException | SecurityException e) {
            throw refused("url: cannot resolve host " + host);
        }
        if (addresses == null || addresses.length == 0) {
            throw refused("url: cannot resolve host " + host);
        }
        // Every address counts: the client may connect to any of them. Which address, and of what kind,
        // is not told: the API would otherwise answer what an internal name resolves to.
        for (InetAddress address : addresses) {
            if (SpecialPurposeAddresses.contains(address)) {
                throw refused(isLiteral(host, address)
                        ? "url: host " + host + " is " + withArticle(SpecialPurposeAddresses.kindOf(address).orElseThrow()) + " address"
                        : "url: host " + host + " resolves to a non-public address");
            }
        }
    }

    /** A numeric spelling read the lenient way: saying what it reads as tells nothing the caller did not write. */
    private static String refusal(String host, InetAddress address, String kind) {
        String what = withArticle(kind) + " address";
        return isLiteral(host, address)
                ? "url: host " + host + " is " + what
                : "url: host " + host + " reads as " + address.getHostAddress() + ", " + what;
    }

    /** IPv6 literals are judged as written, so repeating them in Java's long form adds nothing. */
    private static boolean isLiteral(String host, InetAddress address) {
        return host.contains(":") || host.equals(address.getHostAddress());
    }

    private static String withArticle(String kind) {
        return ("aeiouAEIOU".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }

    private static InetAddress literal(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // impossible for four bytes
        }
    }

    /** java.net.URI leaves the host null for spellings it finds odd ("127.1"), so fall back to the authority. */
    private static String hostOf(URI uri, String authority) {
        String host = uri.getHost();
        if (host == null) {
            host = authority;
            if (host.startsWith("[")) {
                int end = host.indexOf(']');
                host = end < 0 ? host : host.substring(0, end + 1);
            } else {
                int colon = host.lastIndexOf(':');
                host = colon < 0 ? host : host.substring(0, colon);
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host;
    }

    private static TargetRefusedException refused(String message) {
        return new TargetRefusedException(message);
    }
}
