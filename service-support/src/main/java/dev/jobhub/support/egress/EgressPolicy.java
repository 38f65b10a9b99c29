package dev.jobhub.support.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which addresses a user's host may resolve to, address by address. The rules, first match wins:
 * <ol>
 * <li>never: the platform's own endpoints (host and port, see {@link PlatformEndpoints}), cloud metadata addresses,
 * unspecified, multicast, broadcast and reserved addresses. No list and no switch changes these;</li>
 * <li>the deny-list (CIDRs and host names) refuses;</li>
 * <li>the allow-list (CIDRs and host names) allows;</li>
 * <li>loopback is refused unless loopback is allowed (a local stack, tests); link-local is refused; private ranges
 * are allowed or refused by the {@link EgressPurpose}; every other address is allowed.</li>
 * </ol>
 * An IPv6 address that embeds an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible
 * {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}) is judged as itself and as the IPv4 address: either refusal
 * refuses it.
 */
public final class EgressPolicy {

    /** What kind of address a built-in range holds, and whether a list or a switch may change its verdict. */
    enum Kind {
        METADATA("a cloud metadata address", true),
        UNSPECIFIED("an unspecified address (0.0.0.0/8, ::)", true),
        MULTICAST("a multicast address", true),
        RESERVED("a broadcast or reserved address", true),
        LOOPBACK("a loopback address (this machine)", false),
        LINK_LOCAL("a link-local address", false),
        PRIVATE("a private-network address, which webhooks may not reach", false);

        final String description;
        final boolean always;

        Kind(String description, boolean always) {
            this.description = description;
            this.always = always;
        }
    }

    private record Rule(IpRange range, Kind kind) {
    }

    /** Most specific first: the metadata addresses lie inside link-local and private ranges. */
    private static final List<Rule> BUILT_IN = List.of(
            rule("169.254.169.254/32", Kind.METADATA), // AWS, GCP, Azure, OCI, DigitalOcean, OpenStack
            rule("169.254.170.2/32", Kind.METADATA), // AWS ECS task metadata and credentials
            rule("100.100.100.200/32", Kind.METADATA), // Alibaba Cloud
            rule("fd00:ec2::254/128", Kind.METADATA), // AWS over IPv6
            rule("0.0.0.0/8", Kind.UNSPECIFIED),
            rule("::/128", Kind.UNSPECIFIED),
            rule("224.0.0.0/4", Kind.MULTICAST),
            rule("ff00::/8", Kind.MULTICAST),
            rule("240.0.0.0/4", Kind.RESERVED), // with 255.255.255.255, the limited broadcast
            rule("127.0.0.0/8", Kind.LOOPBACK),
            rule("::1/128", Kind.LOOPBACK),
            rule("169.254.0.0/16", Kind.LINK_LOCAL),
            rule("fe80::/10", Kind.LINK_LOCAL),
            rule("10.0.0.0/8", Kind.PRIVATE),
            rule("172.16.0.0/12", Kind.PRIVATE),
            rule("192.168.0.0/16", Kind.PRIVATE),
            rule("100.64.0.0/10", Kind.PRIVATE), // carrier-grade NAT, used inside clouds and by Tailscale
            rule("fc00::/7", Kind.PRIVATE),
            rule("fec0::/10", Kind.PRIVATE)); // site-local, deprecated but still routed in places

    /** IPv6 prefixes whose last four bytes are an IPv4 address that the packet may end up at. */
    private static final List<IpRange> EMBEDDED_IPV4 = List.of(
            IpRange.parse("::ffff:0:0/96"), IpRange.parse("::/96"), IpRange.parse("64:ff9b::/96"));

    private final boolean allowLoopback;
    private final AddressList allow;
    private final AddressList deny;
    private final PlatformEndpoints platform;

    /**
     * @param allow CIDRs and host names ({@code db.example.com}, {@code *.example.com}) to allow
     * @param deny  CIDRs and host names to refuse; a name's current addresses are refused too
     * @throws IllegalArgumentException if an entry is neither a CIDR nor a host name
     */
    public EgressPolicy(boolean allowLoopback, List<String> allow, List<String> deny, PlatformEndpoints platform) {
        this.allowLoopback = allowLoopback;
        this.allow = AddressList.parse("allow", allow);
        this.deny = AddressList.parse("deny", deny);
        this.platform = platform;
    }

    public boolean allowsLoopback() {
        return allowLoopback;
    }

    public PlatformEndpoints platform() {
        return platform;
    }

    /**
     * Why {@code address} (one of {@code host}'s) may not be dialled on {@code port} for {@code purpose}, as a phrase
     * ("a loopback address (this machine)"), or null if it may.
     */
    String refusal(Host host, InetAddress address, int port, EgressPurpose purpose, EgressGuard.Resolver resolver,
            java.util.Set<InetAddress> thisMachine) {
        List<InetAddress> judged = new ArrayList<>(List.of(address));
        InetAddress embedded = embeddedIpv4(address);
        if (embedded != null) {
            judged.add(embedded);
        }
        for (InetAddress candidate : judged) {
            String own = platform.match(host.text(), candidate, port, resolver, thisMachine);
            if (own != null) {
                return own + " (port " + port + ")";
            }
            Kind kind = kindOf(candidate);
            if (kind != null && kind.always) {
                return kind.description;
            }
        }
        if (deny.matches(host, judged, resolver)) {
            return "an address on this platform's deny-list";
        }
        if (allow.matches(host, judged, null)) {
            return null;
        }
        for (InetAddress candidate : judged) {
            Kind kind = kindOf(candidate);
            if (kind == Kind.LOOPBACK && !allowLoopback
                    || kind == Kind.LINK_LOCAL
                    || kind == Kind.PRIVATE && !purpose.allowsPrivateNetworks()) {
                return kind.description;
            }
        }
        return null;
    }

    static Kind kindOf(InetAddress address) {
        for (Rule rule : BUILT_IN) {
            if (rule.range().contains(address)) {
                return rule.kind();
            }
        }
        return null;
    }

    /** The IPv4 address an IPv6 address carries in its last four bytes, or null. */
    static InetAddress embeddedIpv4(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 16 || EMBEDDED_IPV4.stream().noneMatch(prefix -> prefix.contains(bytes))) {
            return null;
        }
        // :: and ::1 are IPv6's own unspecified and loopback addresses, judged as themselves
        if (IpRange.parse("::/127").contains(bytes)) {
            return null;
        }
        try {
            return InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Rule rule(String cidr, Kind kind) {
        return new Rule(IpRange.parse(cidr), kind);
    }

    /** An allow- or deny-list: CIDR blocks, host names, and {@code *.domain} patterns (any name below domain). */
    private record AddressList(List<IpRange> ranges, List<String> names, List<String> suffixes) {

        static AddressList parse(String list, List<String> entries) {
            List<IpRange> ranges = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<String> suffixes = new ArrayList<>();
            for (String raw : entries) {
                String entry = raw.trim().toLowerCase(Locale.ROOT);
                if (entry.isEmpty()) {
                    continue;
                }
                if (entry.startsWith("*.")) {
                    requireName(list, raw, entry.substring(2));
                    suffixes.add(entry.substring(1));
                    continue;
                }
                if (entry.contains("/") || entry.contains(":") || Host.ipv4(entry) != null) {
                    try {
                        ranges.add(IpRange.parse(entry));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("jobhub.egress." + list + ": " + e.getMessage());
                    }
                    continue;
                }
                requireName(list, raw, entry);
                names.add(entry);
            }
            return new AddressList(List.copyOf(ranges), List.copyOf(names), List.copyOf(suffixes));
        }

        private static void requireName(String list, String raw, String name) {
            try {
                if (Host.parse(name).isLiteral()) {
                    throw new IllegalArgumentException("an address");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("jobhub.egress." + list + ": '" + raw
                        + "' is neither a CIDR block nor a host name (or *.domain)");
            }
        }

        /**
         * @param resolver resolves the listed names, whose current addresses then match too; null to match names
         *                 only by name
         */
        boolean matches(Host host, List<InetAddress> addresses, EgressGuard.Resolver resolver) {
            if (!host.isLiteral()) {
                String name = host.text().toLowerCase(Locale.ROOT);
                if (names.contains(name) || suffixes.stream().anyMatch(name::endsWith)) {
                    return true;
                }
            }
            for (InetAddress address : addresses) {
                if (ranges.stream().anyMatch(range -> range.contains(address))) {
                    return true;
                }
            }
            if (resolver != null) {
                for (String name : names) {
                    try {
                        for (InetAddress listed : resolver.resolve(name)) {
                            if (addresses.contains(listed)) {
                                return true;
                            }
                        }
                    } catch (UnknownHostException e) {
                        // a listed name that does not resolve now matches by name only
                    }
                }
            }
            return false;
        }
    }
}
