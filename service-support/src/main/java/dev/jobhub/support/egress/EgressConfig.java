package dev.jobhub.support.egress;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses users' hosts may reach ({@code jobhub.egress.*}, see {@link EgressPolicy} for the order of the
 * rules). The platform's own database and Kafka brokers are read from the service's datasource and Kafka settings.
 */
@ConfigMapping(prefix = "jobhub.egress")
public interface EgressConfig {

    /**
     * Whether loopback addresses (127.0.0.0/8, ::1) may be dialled: only where users' databases run on the same
     * machine as the platform (the local stack, tests). The platform's own endpoints stay refused.
     */
    @WithDefault("false")
    boolean allowLoopback();

    /**
     * CIDR blocks and host names ({@code *.example.com} for every name below it) allowed although a default rule
     * refuses them: loopback, link-local, and private ranges for webhooks. Never the platform's own endpoints, cloud
     * metadata, unspecified, multicast or broadcast addresses.
     */
    Optional<List<String>> allow();

    /** CIDR blocks and host names never dialled; a listed name's current addresses are refused under any name. */
    Optional<List<String>> deny();

    /**
     * More of the platform's own endpoints, as {@code host:port}, refused like its database and Kafka brokers
     * (an SMTP relay, an embedding server, another service's port).
     */
    Optional<List<String>> platformEndpoints();
}
