package dev.jobhub.testing;

import dev.jobhub.stack.PlatformServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} application at the JVM's real PostgreSQL and Kafka ({@link SharedInfra}), its real
 * SMTP server ({@link TestSmtp}) and the test token key. Services without the mailer only log the mailer keys as
 * unknown. Use it the same way on every integration test class so Quarkus boots once:
 * {@code @QuarkusTest @WithTestResource(RealInfraResource.class)}.
 */
public class RealInfraResource implements QuarkusTestResourceLifecycleManager {

    /** The AES-256 key that seals connection passwords in tests (api-service seals, worker-service opens). */
    public static final String TEST_CREDENTIALS_KEY = "dGVzdC1jcmVkZW50aWFscy1rZXktMzItYnl0ZXMhISE=";

    @Override
    public Map<String, String> start() {
        SharedInfra infra = SharedInfra.get();
        TestSmtp smtp = TestSmtp.get();
        return Map.ofEntries(
                Map.entry("quarkus.datasource.reactive.url", infra.reactiveUrl()),
                Map.entry("quarkus.datasource.jdbc.url", infra.jdbcUrl()),
                Map.entry("quarkus.datasource.username", PlatformServices.DB_USER),
                Map.entry("quarkus.datasource.password", PlatformServices.DB_PASSWORD),
                Map.entry("kafka.bootstrap.servers", infra.kafkaBootstrap()),
                Map.entry("mp.jwt.verify.publickey", TestTokens.publicKeyPem()),
                Map.entry("mp.jwt.verify.issuer", PlatformServices.ISSUER),
                Map.entry("jobhub.credentials.key", TEST_CREDENTIALS_KEY),
                Map.entry("quarkus.mailer.host", smtp.host()),
                Map.entry("quarkus.mailer.port", Integer.toString(smtp.port())));
    }

    @Override
    public void stop() {
        // the servers outlive this application: other test classes of the JVM use them; SharedInfra stops them
    }
}
