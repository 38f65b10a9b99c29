package dev.jobhub.support.egress;

import java.net.InetAddress;
import java.util.List;

/**
 * A host and port that {@link EgressGuard} resolved and allowed, with the addresses it checked. Only the guard makes
 * one, and a dial goes to {@link #address()}, not to a new resolution of the name: a DNS answer that changes between
 * the check and the dial does not reach anything that was not checked.
 */
public final class CheckedEndpoint {

    private final String host;
    private final int port;
    private final EgressPurpose purpose;
    private final List<InetAddress> addresses;

    CheckedEndpoint(String host, int port, EgressPurpose purpose, List<InetAddress> addresses) {
        this.host = host;
        this.port = port;
        this.purpose = purpose;
        this.addresses = List.copyOf(addresses);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public EgressPurpose purpose() {
        return purpose;
    }

    /** Every address the host resolved to: all of them were allowed. */
    public List<InetAddress> addresses() {
        return addresses;
    }

    /** The address to dial: the resolver's first, as the JDK would pick it. */
    public InetAddress address() {
        return addresses.get(0);
    }

    @Override
    public String toString() {
        return host + ":" + port + " -> " + address().getHostAddress() + " (" + purpose + ")";
    }
}
