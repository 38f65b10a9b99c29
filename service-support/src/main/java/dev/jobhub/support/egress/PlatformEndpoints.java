package dev.jobhub.support.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The platform's own endpoints, as host and port pairs read from the service's configuration: its database, its
 * Kafka brokers and any others an operator names. A user's address that is one of them is refused whatever else
 * allows it, loopback included: a registered "database" that is the platform's own would hand its catalog, and with
 * the platform's credentials its data, to whoever registered it.
 */
public final class PlatformEndpoints {

    static final int POSTGRESQL_PORT = 5432;
    static final int KAFKA_PORT = 9092;

    /** @param what what it is, for the refusal's message: "the platform's own database" */
    public record Endpoint(String host, int port, String what) {
    }

    private final List<Endpoint> endpoints;

    public PlatformEndpoints(List<Endpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /**
     * The hosts and ports of a database URL: {@code jdbc:postgresql://h1:5432,h2/db?…},
     * {@code postgresql://h:5432/db}, {@code vertx-reactive:postgresql://…}; none if it names no host (a unix
     * socket).
     */
    public static List<Endpoint> fromDatabaseUrl(String url, String what) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return List.of();
        }
        String rest = url.substring(scheme + 3);
        int end = rest.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = rest.substring(0, end);
        int credentials = authority.lastIndexOf('@');
        if (credentials >= 0) {
            authority = authority.substring(credentials + 1);
        }
        return fromHostPorts(Arrays.asList(authority.split(",")), POSTGRESQL_PORT, what);
    }

    /**
     * {@code host:port} entries (Kafka's bootstrap servers: {@code PLAINTEXT://h:9092} too); blanks are skipped.
     *
     * @param defaultPort the port of an entry without one; 0 if every entry must name its port
     */
    public static List<Endpoint> fromHostPorts(List<String> entries, int defaultPort, String what) {
        List<Endpoint> parsed = new ArrayList<>();
        for (String entry : entries) {
            String hostPort = entry.trim();
            int scheme = hostPort.indexOf("://");
            if (scheme >= 0) {
                hostPort = hostPort.substring(scheme + 3);
            }
            if (hostPort.isEmpty()) {
                continue;
            }
            String host = hostPort;
            int port = defaultPort;
            int colon = hostPort.lastIndexOf(':');
            boolean bracketed = hostPort.startsWith("[");
            if (colon > 0 && (bracketed ? hostPort.lastIndexOf(']') < colon : hostPort.indexOf(':') == colon)) {
                host = hostPort.substring(0, colon);
                try {
                    port = Integer.parseInt(hostPort.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + entry + "' is not host:port");
                }
            }
            if (port <= 0 || port > 65_535) {
                throw new IllegalArgumentException("'" + entry + "' needs a port: host:port");
            }
            if (bracketed && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            parsed.add(new Endpoint(host.toLowerCase(Locale.ROOT), port, what));
        }
        return parsed;
    }

    /**
     * What the target {@code host} (as the user gave it), resolved to {@code address}, is on {@code port}: the
     * description of the platform endpoint it is, or null. An endpoint on this machine (loopback, or one of its own
     * interfaces) is matched by every address of this machine on its port: a server listening on all interfaces
     * answers on each of them.
     *
     * @param thisMachine the addresses of this machine's interfaces
     */
    String match(String host, InetAddress address, int port, EgressGuard.Resolver resolver,
            Set<InetAddress> thisMachine) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.port() != port) {
                continue;
            }
            if (endpoint.host().equalsIgnoreCase(host)) {
                return endpoint.what();
            }
            for (InetAddress own : resolve(endpoint.host(), resolver)) {
                if (Arrays.equals(own.getAddress(), address.getAddress())
                        || (onThisMachine(own, thisMachine) && onThisMachine(address, thisMachine))) {
                    return endpoint.what();
                }
            }
        }
        return null;
    }

    private static boolean onThisMachine(InetAddress address, Set<InetAddress> thisMachine) {
        return address.isLoopbackAddress() || address.isAnyLocalAddress() || thisMachine.contains(address);
    }

    /** The endpoint's addresses now; none if its name does not resolve (its name still matches). */
    private static List<InetAddress> resolve(String host, EgressGuard.Resolver resolver) {
        try {
            return EgressGuard.addresses(Host.parse(host), resolver);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return List.of();
        }
    }

    @Override
    public String toString() {
        return endpoints.toString();
    }
}
