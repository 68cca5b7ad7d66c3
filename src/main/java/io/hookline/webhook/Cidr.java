package io.hookline.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block, compared on raw address bytes so that no textual spelling can slip past. */
final class Cidr {

    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("bad prefix length " + prefixLength);
        }
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** {@code notation} must be an IP literal with a prefix, e.g. {@code 10.0.0.0/8} or {@code fc00::/7}. */
    static Cidr parse(String notation) {
        int slash = notation.indexOf('/');
        String address = notation.substring(0, slash);
        // Only literals are accepted here, so getByName never queries DNS.
        if (!address.contains(":") && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("not an IP literal: " + notation);
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (address.contains(":") && bytes.length == 4) {
                throw new IllegalArgumentException("use the IPv4 form of " + notation);
            }
            return new Cidr(bytes, Integer.parseInt(notation.substring(slash + 1)));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + notation, e);
        }
    }

    /** False for an address of the other family. */
    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }
}
