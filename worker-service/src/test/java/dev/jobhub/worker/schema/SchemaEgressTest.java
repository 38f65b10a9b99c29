package dev.jobhub.worker.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.model.JobError;
import dev.jobhub.model.jobtype.SchemaRebuildPayload;
import dev.jobhub.stack.PlatformServices;
import dev.jobhub.support.connection.ConnectionFailure;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.worker.job.JobFailedException;
import dev.jobhub.worker.job.RecordingJobContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker checks a connection's host with the egress guard before every schema job dials it, whatever the row
 * says: rows are written here straight into api.connections, as if the API had been bypassed or the host's DNS had
 * changed since registration. Loopback is allowed in tests; the platform's own endpoints are not.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class SchemaEgressTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SchemaRebuildJobHandler rebuild;

    @BeforeEach
    void fixture() {
        SchemaFixtures.ensureApiSchema(dataSource);
    }

    @Test
    void thePlatformsOwnDatabaseIsNeverIntrospectedEvenWithItsOwnCredentials() {
        // these credentials open the platform's database: without the guard the job would complete with its catalog
        for (String host : new String[] {"127.0.0.1", "localhost", "::ffff:127.0.0.1", "127.0.0.2"}) {
            UUID id = SchemaFixtures.register(dataSource, SchemaFixtures.OWNER, host,
                    SharedInfra.get().postgres().port(), PlatformServices.DATABASE, PlatformServices.DB_USER,
                    PlatformServices.DB_PASSWORD, "{}");

            JobError error = refused(id);

            assertThat(error.message()).as(host).contains("the platform's own database");
        }
    }

    @Test
    void thePlatformsKafkaBrokerIsRefused() {
        String bootstrap = SharedInfra.get().kafkaBootstrap();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        UUID id = SchemaFixtures.register(dataSource, SchemaFixtures.OWNER, "127.0.0.1", port, "x", "x", "x", "{}");

        assertThat(refused(id).message()).contains("Kafka");
    }

    @Test
    void metadataAndLinkLocalAddressesAreRefusedWithoutADial() {
        for (String host : new String[] {"169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254",
                "169.254.3.3", "fe80::1", "0.0.0.0"}) {
            // a dial would wait out this connect timeout (or fail as unreachable); a refusal answers at once
            UUID id = SchemaFixtures.register(dataSource, SchemaFixtures.OWNER, host, 5432, "x", "x", "x",
                    "{\"connectTimeoutMs\": 20000}");
            long began = System.nanoTime();

            JobError error = refused(id);

            assertThat((System.nanoTime() - began) / 1_000_000).as(host).isLessThan(5_000);
            assertThat(error.message()).as(host).endsWith(": the platform does not connect there");
        }
    }

    @Test
    void aHostThatIsNotAHostIsRefused() {
        UUID id = SchemaFixtures.register(dataSource, SchemaFixtures.OWNER, "127.0.0.1:22", 5432, "x", "x", "x",
                "{}");

        assertThat(refused(id).message()).contains("port");
    }

    @Test
    void anAllowedTargetStillWorks() throws Exception {
        SchemaFixtures.createDatabase("wk_egress", "Egress-Pw-1", "CREATE TABLE t (id int PRIMARY KEY)");
        UUID id = SchemaFixtures.register(dataSource, "wk_egress", "wk_egress", "Egress-Pw-1");

        rebuild.run(SchemaIntrospectionTest.rebuildContext(id, true));

        assertThat(SchemaFixtures.cached(dataSource, id).qualifiedNames()).containsExactly("public.t");
    }

    private JobError refused(UUID connectionId) {
        RecordingJobContext context = SchemaIntrospectionTest.rebuildContext(connectionId, true);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> rebuild.run(context));
        assertThat(thrown).isInstanceOf(JobFailedException.class);
        JobError error = ((JobFailedException) thrown).error();
        assertThat(error.code()).isEqualTo(ConnectionFailure.ADDRESS_REFUSED);
        assertThat(error.retryable()).isFalse();
        assertThat(SchemaFixtures.cached(dataSource, connectionId)).isNull();
        assertThat(context.progress()).isEmpty();
        return error;
    }
}
