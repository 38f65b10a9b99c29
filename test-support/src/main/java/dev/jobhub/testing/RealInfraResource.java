package dev.jobhub.testing;

import dev.jobhub.stack.PlatformServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} application at the JVM's real PostgreSQL and Kafka ({@link SharedInfra}) and at
 * the test token key. Use it the same way on every integration test class so Quarkus boots once:
 * {@code @QuarkusTest @WithTestResource(RealInfraResource.class)}.
 */
public class RealInfraResource implements QuarkusTestResourceLifecycleManager {

    /** The AES-256 key that seals connection passwords in tests (api-service seals, worker-service opens). */
    public static final String TEST_CREDENTIALS_KEY = "dGVzdC1jcmVkZW50aWFscy1rZXktMzItYnl0ZXMhISE=";

    @Override
    public Map<String, String> start() {
        SharedInfra infra = SharedInfra.get();
        return Map.of(
                "quarkus.datasource.reactive.url", infra.reactiveUrl(),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl(),
                "quarkus.datasource.username", PlatformServices.DB_USER,
                "quarkus.datasource.password", PlatformServices.DB_PASSWORD,
                "kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "mp.jwt.verify.publickey", TestTokens.publicKeyPem(),
                "mp.jwt.verify.issuer", PlatformServices.ISSUER,
                "jobhub.credentials.key", TEST_CREDENTIALS_KEY);
    }

    @Override
    public void stop() {
        // the servers outlive this application: other test classes of the JVM use them; SharedInfra stops them
    }
}
