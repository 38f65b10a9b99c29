package dev.jobhub.support.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A host as a user may give it: a host name or an IP literal, nothing else. No port, no scheme, no user, no path,
 * no spaces, no zone id, no shortened or octal IPv4 forms: whatever reaches a connection URL or a resolver is one of
 * the two forms below, read the same way by everyone who reads it.
 *
 * <ul>
 * <li>an IPv4 literal in dotted-quad form ({@code 10.0.0.5}; each part 0 to 255 without leading zeros);</li>
 * <li>an IPv6 literal, bare or in brackets ({@code fd12::5}, {@code [fd12::5]});</li>
 * <li>a host name: dot-separated labels of letters, digits, '-' and '_' (as container names have), 1 to 63
 * characters each, not starting or ending with '-', whose last label is not all digits (so that {@code 127.1} is
 * neither a name nor an address).</li>
 * </ul>
 *
 * @param text    the host as given
 * @param address the address of an IP literal (an IPv4-mapped IPv6 literal is its IPv4 address); null for a name
 */
public record Host(String text, InetAddress address) {

    public static final int MAX_LENGTH = 253;

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

    /** True for an IP literal, false for a host name. */
    public boolean isLiteral() {
        return address != null;
    }

    /**
     * @throws IllegalArgumentException with a message for the user (what is wrong, without echoing the input) if
     *                                  {@code text} is neither a host name nor an IP literal
     */
    public static Host parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
        }
        if (text.startsWith("[") || text.endsWith("]")) {
            if (!text.startsWith("[") || !text.endsWith("]") || text.length() < 3) {
                throw new IllegalArgumentException("may use brackets only around a whole IPv6 address, e.g. "
                        + "[fd12::5]; give the port in 'port'");
            }
            return new Host(text, ipv6(text.substring(1, text.length() - 1)));
        }
        if (text.indexOf(':') >= 0) {
            if (text.indexOf(':') == text.lastIndexOf(':')) {
                throw new IllegalArgumentException("must be a host name or an IP address without a port: "
                        + "give the port in 'port'");
            }
            return new Host(text, ipv6(text));
        }
        if (IPV4.matcher(text).matches()) {
            byte[] bytes = ipv4(text);
            if (bytes != null) {
                return new Host(text, address(bytes));
            }
        }
        String[] labels = text.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("must be a host name (letters, digits, '-', '_' and dots, no "
                        + "empty label, no spaces, no scheme, no path) or an IP address");
            }
        }
        if (DIGITS.matcher(labels[labels.length - 1]).matches()) {
            throw new IllegalArgumentException("looks like an IP address but is not one: write IPv4 addresses as "
                    + "four numbers 0 to 255 without leading zeros, e.g. 10.0.0.5");
        }
        return new Host(text, null);
    }

    /** The four bytes of a strict dotted quad, or null. */
    static byte[] ipv4(String text) {
        if (!IPV4.matcher(text).matches()) {
            return null;
        }
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = Integer.parseInt(parts[i]);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static InetAddress ipv6(String text) {
        byte[] bytes = ipv6Bytes(text);
        if (bytes == null) {
            throw new IllegalArgumentException("is not a valid IPv6 address (zone ids such as %eth0 are not "
                    + "accepted)");
        }
        return address(bytes);
    }

    /**
     * The sixteen bytes of an IPv6 literal ({@code ::} compression and a trailing dotted quad allowed), or null.
     * Parsed here rather than by {@link InetAddress}, which turns {@code ::ffff:a.b.c.d} into an IPv4 address and
     * accepts zone ids: a CIDR such as {@code ::ffff:0:0/96} needs the sixteen bytes as written.
     */
    static byte[] ipv6Bytes(String text) {
        if (!IPV6_CHARACTERS.matcher(text).matches()) {
            return null;
        }
        int compression = text.indexOf("::");
        if (compression >= 0 && text.indexOf("::", compression + 1) >= 0) {
            return null;
        }
        String head = compression >= 0 ? text.substring(0, compression) : text;
        String tail = compression >= 0 ? text.substring(compression + 2) : "";
        int[] headGroups = groups(head, compression < 0);
        int[] tailGroups = compression >= 0 ? groups(tail, true) : new int[0];
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int count = headGroups.length + tailGroups.length;
        if (compression >= 0 ? count > 7 : count != 8) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < headGroups.length; i++) {
            bytes[2 * i] = (byte) (headGroups[i] >> 8);
            bytes[2 * i + 1] = (byte) headGroups[i];
        }
        int offset = 8 - tailGroups.length;
        for (int i = 0; i < tailGroups.length; i++) {
            bytes[2 * (offset + i)] = (byte) (tailGroups[i] >> 8);
            bytes[2 * (offset + i) + 1] = (byte) tailGroups[i];
        }
        return bytes;
    }

    /**
     * The 16-bit groups of one side of an IPv6 literal; a dotted quad may end the last side (two groups).
     *
     * @param last whether this side ends the address (only there may a dotted quad stand)
     */
    private static int[] groups(String side, boolean last) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int[] groups = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.contains(".")) {
                byte[] quad = i == parts.length - 1 && last ? ipv4(part) : null;
                if (quad == null) {
                    return null;
                }
                groups[n++] = ((quad[0] & 0xff) << 8) | (quad[1] & 0xff);
                groups[n++] = ((quad[2] & 0xff) << 8) | (quad[3] & 0xff);
            } else if (part.isEmpty() || part.length() > 4) {
                return null;
            } else {
                groups[n++] = Integer.parseInt(part, 16);
            }
        }
        return java.util.Arrays.copyOf(groups, n);
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
