package io.hookline.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetAddressGuardTest {

    private final TargetAddressGuard guard = new TargetAddressGuard(false);

    @Test
    void acceptsPublicIpv4Literal() {
        assertThatCode(() -> guard.checkUrl("http://93.184.215.14/")).doesNotThrowAnyException();
        assertThatCode(() -> guard.checkUrl("https://93.184.215.14:8443/hooks?x=1")).doesNotThrowAnyException();
    }

    @Test
    void acceptsPublicIpv6Literal() {
        assertThatCode(() -> guard.checkUrl("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/")).doesNotThrowAnyException();
    }

    @Test
    void refusesLoopbackLiteralWithClearMessage() {
        assertRefused("http://127.0.0.1/", "url: host 127.0.0.1 is a loopback address");
    }

    @Test
    void refusesDecimalSpellingOfLoopback() {
        assertRefused("http://2130706433/", "loopback");
    }

    @Test
    void refusesHexSpellingOfLoopback() {
        assertRefused("http://0x7f.1/", "loopback");
    }

    @Test
    void refusesShortDottedSpellingOfLoopback() {
        assertRefused("http://127.1/", "loopback");
    }

    @Test
    void refusesOctalSpellingOfLoopback() {
        assertRefused("http://017700000001/", "loopback");
    }

    @Test
    void refusesOctalDottedSpellingThatJavaReadsAsPublic() {
        // Java reads 0177.0.0.1 as 177.0.0.1; curl and browsers as 127.0.0.1.
        assertRefused("http://0177.0.0.1/", "url: host 0177.0.0.1 reads as 127.0.0.1, a loopback address");
    }

    @Test
    void refusesIpv4MappedIpv6Loopback() {
        assertRefused("http://[::ffff:127.0.0.1]/", "loopback");
        assertRefused("http://[::ffff:7f00:1]/", "loopback");
    }

    @Test
    void refusesLocalhostNameWithoutSayingWhereItResolves() {
        assertThatThrownBy(() -> guard.checkUrl("http://localhost/"))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessage("url: host localhost resolves to a non-public address")
                .hasMessageNotContaining("127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://[::127.0.0.1]/", "http://[::7f00:1]/", "http://[::10.0.0.1]/", "http://[::169.254.169.254]/",
        "http://[::8.8.8.8]/", "http://[::0.0.0.2]/", "http://[0:0:0:0:0:0:ffff:ffff]/"
    })
    void refusesIpv4CompatibleIpv6(String url) {
        assertRefused(url, "IPv4-compatible");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://[::ffff:0:7f00:1]/", "http://[::ffff:0:127.0.0.1]/", "http://[::ffff:0:8.8.8.8]/"})
    void refusesIpv4TranslatedIpv6(String url) {
        assertRefused(url, "IPv4-translated");
    }

    @Test
    void refusesIpv6LoopbackWithPort() {
        assertRefused("http://[::1]:8080/x", "url: host ::1 is a loopback address");
    }

    @Test
    void refusesUserInfo() {
        assertRefused("http://user:pw@example.com/", "credentials");
        assertRefused("http://user@93.184.215.14/", "credentials");
    }

    @Test
    void refusesNonHttpScheme() {
        assertRefused("ftp://example.com/", "url: scheme ftp is not allowed");
        assertRefused("file:///etc/passwd", "scheme file");
        assertRefused("javascript:alert(1)", "scheme javascript");
    }

    @Test
    void refusesUnparseableRelativeAndHostlessUrls() {
        assertRefused("http://exa mple.com/", "not a valid URI");
        assertRefused("/hooks/relative", "absolute");
        assertRefused("http:///path", "no host");
        assertRefused("", "empty");
        assertRefused(null, "empty");
    }

    @Test
    void invalidUrlMessageDoesNotEchoCredentials() {
        assertThatThrownBy(() -> guard.checkUrl("http://user:s3cret@exa mple.com/"))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageStartingWith("url: not a valid URI")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void refusesHostThatCannotBeResolved() {
        TargetAddressGuard offline = new TargetAddressGuard(false, names(Map.of()));

        assertRefused(offline, "https://hooks.example.com/", "url: cannot resolve host hooks.example.com");
    }

    @Test
    void refusesNameWhenAnyOfItsAddressesIsPrivate() {
        TargetAddressGuard withDns = new TargetAddressGuard(false, names(Map.of(
                "mixed.example", new byte[][] {{93, (byte) 184, (byte) 215, 14}, {10, 0, 0, 7}})));

        // the refusal does not tell an API caller what an internal name resolves to
        assertThatThrownBy(() -> withDns.checkUrl("https://mixed.example/"))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessage("url: host mixed.example resolves to a non-public address")
                .hasMessageNotContaining("10.0.0.7")
                .hasMessageNotContaining("private");
    }

    @Test
    void acceptsNameResolvingOnlyToPublicAddresses() {
        TargetAddressGuard withDns = new TargetAddressGuard(false, names(Map.of(
                "hooks.example", new byte[][] {{93, (byte) 184, (byte) 215, 14}})));

        assertThatCode(() -> withDns.checkUrl("https://hooks.example/in")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://0.0.0.0/", "http://0/", "http://10.1.2.3/", "http://100.64.0.1/", "http://169.254.169.254/latest/meta-data",
        "http://172.16.0.1/", "http://172.31.255.255/", "http://192.0.0.8/", "http://192.0.2.1/", "http://192.88.99.1/",
        "http://192.168.1.1/", "http://198.18.0.1/", "http://198.19.255.255/", "http://198.51.100.7/", "http://203.0.113.9/",
        "http://224.0.0.1/", "http://239.255.255.250/", "http://240.0.0.1/", "http://255.255.255.255/",
        "http://[::]/", "http://[64:ff9b::a00:1]/", "http://[64:ff9b:1::1]/", "http://[100::1]/", "http://[2001::1]/",
        "http://[2001:db8::1]/", "http://[2002:7f00:1::]/", "http://[fc00::1]/", "http://[fd12:3456::1]/",
        "http://[fe80::1]/", "http://[fec0::1]/", "http://[ff02::1]/", "http://[::ffff:10.0.0.1]/",
        "http://[::ffff:169.254.169.254]/", "http://0xa9fea9fe/", "http://LOCALHOST/"
    })
    void refusesSpecialPurposeTargets(String url) {
        assertThatThrownBy(() -> guard.checkUrl(url))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageStartingWith("url: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://1.1.1.1/", "http://100.63.255.255/", "http://100.128.0.0/", "http://172.15.255.255/", "http://172.32.0.0/",
        "http://192.0.1.1/", "http://192.169.0.1/", "http://198.17.255.255/", "http://198.20.0.0/", "http://223.255.255.255/",
        "http://[2001:4860:4860::8888]/", "http://[2003::1]/", "http://[::ffff:8.8.8.8]/"
    })
    void acceptsAddressesJustOutsideTheSpecialBlocks(String url) {
        assertThatCode(() -> guard.checkUrl(url)).doesNotThrowAnyException();
    }

    @Test
    void allowingPrivateTargetsSkipsOnlyTheAddressCheck() {
        TargetAddressGuard permissive = new TargetAddressGuard(true);

        assertThatCode(() -> permissive.checkUrl("http://127.0.0.1:8089/hook")).doesNotThrowAnyException();
        assertThatCode(() -> permissive.checkUrl("http://localhost/")).doesNotThrowAnyException();
        assertRefused(permissive, "ftp://127.0.0.1/", "scheme");
        assertRefused(permissive, "http://user:pw@127.0.0.1/", "credentials");
        assertRefused(permissive, "http:///nohost", "no host");
    }

    @Test
    void classifiesAddressesByTheirBytes() throws Exception {
        assertThat(guard.isSpecialPurpose(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(guard.isSpecialPurpose(InetAddress.getByName("93.184.215.14"))).isFalse();
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
        // Inet6Address keeps the mapped form, unlike InetAddress.getByAddress.
        assertThat(guard.isSpecialPurpose(java.net.Inet6Address.getByAddress(null, mapped, -1))).isTrue();
    }

    private void assertRefused(String url, String messagePart) {
        assertRefused(guard, url, messagePart);
    }

    private static void assertRefused(TargetAddressGuard guard, String url, String messagePart) {
        assertThatThrownBy(() -> guard.checkUrl(url))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining(messagePart);
    }

    /** A resolver answering from a fixed table, so no test depends on DNS. */
    static DnsResolver names(Map<String, byte[][]> table) {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                byte[][] entries = table.get(host);
                if (entries == null) {
                    throw new UnknownHostException(host);
                }
                InetAddress[] addresses = new InetAddress[entries.length];
                for (int i = 0; i < entries.length; i++) {
                    addresses[i] = InetAddress.getByAddress(host, entries[i]);
                }
                return addresses;
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }
}
