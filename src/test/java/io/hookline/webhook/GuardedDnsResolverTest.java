package io.hookline.webhook;

import static io.hookline.webhook.TargetAddressGuardTest.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;

class GuardedDnsResolverTest {

    private static final byte[] PUBLIC = {93, (byte) 184, (byte) 215, 14};
    private static final byte[] PRIVATE = {(byte) 192, (byte) 168, 0, 10};

    private final DnsResolver dns = names(Map.of(
            "public.example", new byte[][] {PUBLIC},
            "rebound.example", new byte[][] {PUBLIC, PRIVATE}));

    @Test
    void returnsTheCheckedPublicAddresses() throws Exception {
        InetAddress[] addresses = new GuardedDnsResolver(false, dns).resolve("public.example");

        assertThat(addresses).extracting(InetAddress::getHostAddress).containsExactly("93.184.215.14");
    }

    @Test
    void refusesNameWithAnySpecialPurposeAddress() {
        assertThatThrownBy(() -> new GuardedDnsResolver(false, dns).resolve("rebound.example"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("refused: rebound.example resolves to a non-public address")
                .hasMessageNotContaining("192.168.0.10");
    }

    @Test
    void refusesLoopbackFromTheSystemResolver() {
        GuardedDnsResolver resolver = new GuardedDnsResolver(false);

        assertThatThrownBy(() -> resolver.resolve("localhost"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("refused: localhost resolves to a non-public address");
        assertThatThrownBy(() -> resolver.resolve("2130706433"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("refused: 2130706433 resolves to a non-public address");
        assertThatThrownBy(() -> resolver.resolve("::ffff:169.254.169.254"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("refused");
        assertThatThrownBy(() -> resolver.resolve("::127.0.0.1"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("refused");
    }

    @Test
    void resolvesPublicLiteralThroughTheSystemResolver() throws Exception {
        assertThat(new GuardedDnsResolver(false).resolve("93.184.215.14"))
                .extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.215.14");
    }

    @Test
    void allowsPrivateAddressesWhenConfigured() throws Exception {
        assertThat(new GuardedDnsResolver(true, dns).resolve("rebound.example")).hasSize(2);
        assertThat(new GuardedDnsResolver(true).resolve("localhost")).isNotEmpty();
    }

    @Test
    void passesUnknownHostFailuresThrough() {
        assertThatThrownBy(() -> new GuardedDnsResolver(false, dns).resolve("missing.example"))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void canonicalHostnameIsDelegated() throws Exception {
        assertThat(new GuardedDnsResolver(false, dns).resolveCanonicalHostname("public.example")).isEqualTo("public.example");
    }

    @Test
    void guardsTheSocketAddressVariantUsedByTheConnectionOperator() {
        assertThatThrownBy(() -> new GuardedDnsResolver(false, dns).resolve("rebound.example", 443))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("refused");
    }
}
