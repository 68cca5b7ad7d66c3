package io.hookline.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The HTTP client's resolver: resolves once, checks every address and hands the client only checked
 * addresses, so a name that re-resolves elsewhere between the check and the connect (DNS rebinding)
 * still cannot reach special-purpose space.
 */
public final class GuardedDnsResolver implements DnsResolver {

    private final boolean allowPrivateTargets;
    private final DnsResolver delegate;

    public GuardedDnsResolver(boolean allowPrivateTargets) {
        this(allowPrivateTargets, SystemDefaultDnsResolver.INSTANCE);
    }

    public GuardedDnsResolver(boolean allowPrivateTargets, DnsResolver delegate) {
        this.allowPrivateTargets = allowPrivateTargets;
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = delegate.resolve(host);
        if (allowPrivateTargets) {
            return addresses;
        }
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException("cannot resolve " + host);
        }
        for (InetAddress address : addresses) {
            if (SpecialPurposeAddresses.contains(address)) {
                // DnsResolver may only throw UnknownHostException; the attempt then fails like an unreachable host.
                // The message reaches the delivery log and the API: it does not say where the name points.
                throw new UnknownHostException("refused: " + host + " resolves to a non-public address");
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return delegate.resolveCanonicalHostname(host);
    }
}
