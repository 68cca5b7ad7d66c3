package io.hookline.webhook;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The IPv4 and IPv6 special-purpose blocks (after the IANA registries) that webhooks must not
 * target: private, loopback, link-local, multicast, documentation, translation and reserved space.
 */
public final class SpecialPurposeAddresses {

    private record Block(Cidr cidr, String kind) {
    }

    private static final List<Block> BLOCKS = List.of(
            block("0.0.0.0/8", "this-network"),
            block("10.0.0.0/8", "private"),
            block("100.64.0.0/10", "shared (carrier-grade NAT)"),
            block("127.0.0.0/8", "loopback"),
            block("169.254.0.0/16", "link-local"),
            block("172.16.0.0/12", "private"),
            block("192.0.0.0/24", "IETF protocol assignment"),
            block("192.0.2.0/24", "documentation"),
            block("192.88.99.0/24", "6to4 relay"),
            block("192.168.0.0/16", "private"),
            block("198.18.0.0/15", "benchmarking"),
            block("198.51.100.0/24", "documentation"),
            block("203.0.113.0/24", "documentation"),
            block("224.0.0.0/4", "multicast"),
            block("240.0.0.0/4", "reserved"), // includes the broadcast address 255.255.255.255
            block("::/128", "unspecified"),
            block("::1/128", "loopback"),
            // ::a.b.c.d, deprecated (RFC 4291): ::127.0.0.1 must not be a way round the IPv4 blocks
            block("::/96", "IPv4-compatible IPv6"),
            // ::ffff:0:a.b.c.d, IPv4-translated (RFC 2765): another IPv4 address in IPv6 form
            block("::ffff:0:0:0/96", "IPv4-translated IPv6"),
            block("64:ff9b::/96", "NAT64"),
            block("64:ff9b:1::/48", "NAT64"),
            block("100::/64", "discard-only"),
            block("2001::/32", "Teredo"),
            block("2001:db8::/32", "documentation"),
            block("2002::/16", "6to4"),
            block("fc00::/7", "unique-local"),
            block("fe80::/10", "link-local"),
            block("fec0::/10", "site-local"),
            block("ff00::/8", "multicast"));

    private SpecialPurposeAddresses() {
    }

    public static boolean contains(InetAddress address) {
        return kindOf(address).isPresent();
    }

    /** The kind of special-purpose block, e.g. {@code "loopback"}; empty for an ordinary public address. */
    public static Optional<String> kindOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (isIpv4Mapped(bytes)) {
            // ::ffff:a.b.c.d reaches a.b.c.d, so the embedded address is what counts.
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        for (Block block : BLOCKS) {
            if (block.cidr().contains(bytes)) {
                return Optional.of(block.kind());
            }
        }
        return Optional.empty();
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        if (bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static Block block(String cidr, String kind) {
        return new Block(Cidr.parse(cidr), kind);
    }
}
