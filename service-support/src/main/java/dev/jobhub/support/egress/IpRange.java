package dev.jobhub.support.egress;

import java.net.InetAddress;
import java.util.Arrays;

/** A CIDR block, IPv4 or IPv6: {@code 10.0.0.0/8}, {@code fd00:ec2::254/128}; an address alone is a block of one. */
public final class IpRange {

    private final byte[] network;
    private final int prefix;
    private final String text;

    private IpRange(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** @throws IllegalArgumentException if {@code cidr} is not an address, or an address and a prefix length */
    public static IpRange parse(String cidr) {
        String trimmed = cidr.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = address.contains(":") ? Host.ipv6Bytes(address) : Host.ipv4(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block (e.g. 10.1.0.0/16, fd00::/8)");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0.." + bits);
            }
        }
        // the host bits are ignored, as routers do: 10.1.2.3/8 is 10.0.0.0/8
        return new IpRange(mask(bytes, prefix), prefix, trimmed);
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(mask(address, prefix), network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] masked = bytes.clone();
        for (int bit = prefix; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    @Override
    public String toString() {
        return text;
    }
}
