package dev.jobhub.support.egress;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one gate every address a user gives passes before the platform dials it: at registration, and again at every
 * dial (DNS may have changed since). The host is resolved (every A and AAAA record), each address is judged by the
 * {@link EgressPolicy}, and if any one is refused the host is refused: a name with one public and one loopback
 * address is not half allowed. What passes is a {@link CheckedEndpoint}, and the dial goes to its checked address.
 *
 * <p>This is the application's part of egress control. It cannot see through a relay the user controls or an
 * address translated on the way; where that matters a network policy around the services is still needed.
 */
@ApplicationScoped
public class EgressGuard {

    /** Resolves a host name to all its addresses ({@link InetAddress#getAllByName} outside tests). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String name) throws UnknownHostException;
    }

    private final EgressPolicy policy;
    private final Resolver resolver;
    private volatile Set<InetAddress> thisMachine;

    public EgressGuard(EgressPolicy policy, Resolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    @Inject
    public EgressGuard(EgressConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<List<String>> reactiveUrls,
            @ConfigProperty(name = "kafka.bootstrap.servers") Optional<List<String>> kafkaBootstrap) {
        this(new EgressPolicy(config.allowLoopback(), config.allow().orElse(List.of()),
                config.deny().orElse(List.of()),
                platformEndpoints(jdbcUrl, reactiveUrls, kafkaBootstrap, config.platformEndpoints())),
                InetAddress::getAllByName);
        Log.infof("egress guard: loopback %s, platform endpoints %s", policy.allowsLoopback() ? "allowed" : "refused",
                policy.platform());
    }

    /**
     * Resolves {@code host} and checks every address it has on {@code port}. Blocks while the name resolves: call it
     * off the event loop.
     *
     * @throws IllegalArgumentException if {@code host} is not a host name or an IP literal ({@link Host})
     * @throws UnknownHostException     if the name does not resolve
     * @throws EgressRefusedException   if an address of the host may not be dialled; its message says which rule
     */
    public CheckedEndpoint check(String host, int port, EgressPurpose purpose)
            throws UnknownHostException, EgressRefusedException {
        Host parsed = Host.parse(host);
        List<InetAddress> addresses = addresses(parsed, resolver);
        for (InetAddress address : addresses) {
            String refusal = policy.refusal(parsed, address, port, purpose, resolver, thisMachine());
            if (refusal != null) {
                throw new EgressRefusedException((parsed.isLiteral() ? address.getHostAddress() + " is "
                        : "\"" + host + "\" resolves to ") + refusal + ": the platform does not connect there");
            }
        }
        return new CheckedEndpoint(host, port, purpose, addresses);
    }

    /** The addresses of a host: an IP literal's own, a name's from the resolver (never empty). */
    static List<InetAddress> addresses(Host host, Resolver resolver) throws UnknownHostException {
        if (host.isLiteral()) {
            return List.of(host.address());
        }
        InetAddress[] resolved = resolver.resolve(host.text());
        if (resolved == null || resolved.length == 0) {
            throw new UnknownHostException(host.text());
        }
        return List.of(resolved);
    }

    /** The addresses of this machine's interfaces, read once: a server of the platform may listen on any. */
    private Set<InetAddress> thisMachine() {
        Set<InetAddress> known = thisMachine;
        if (known == null) {
            try {
                known = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                        .flatMap(NetworkInterface::inetAddresses)
                        .collect(Collectors.toUnmodifiableSet());
            } catch (SocketException e) {
                Log.warnf("cannot list this machine's addresses (%s): only loopback counts as this machine",
                        e.getMessage());
                known = Set.of();
            }
            thisMachine = known;
        }
        return known;
    }

    static PlatformEndpoints platformEndpoints(Optional<String> jdbcUrl, Optional<List<String>> reactiveUrls,
            Optional<List<String>> kafkaBootstrap, Optional<List<String>> others) {
        String database = "the platform's own database";
        List<PlatformEndpoints.Endpoint> endpoints = new ArrayList<>();
        jdbcUrl.ifPresent(url -> endpoints.addAll(PlatformEndpoints.fromDatabaseUrl(url, database)));
        reactiveUrls.ifPresent(urls -> urls.forEach(url ->
                endpoints.addAll(PlatformEndpoints.fromDatabaseUrl(url, database))));
        kafkaBootstrap.ifPresent(servers -> endpoints.addAll(PlatformEndpoints.fromHostPorts(servers,
                PlatformEndpoints.KAFKA_PORT, "one of the platform's own Kafka brokers")));
        others.ifPresent(list -> endpoints.addAll(PlatformEndpoints.fromHostPorts(list, 0,
                "one of the platform's own endpoints")));
        return new PlatformEndpoints(endpoints.stream().distinct().toList());
    }
}
