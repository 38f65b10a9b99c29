package dev.jobhub.worker.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.model.jobtype.SchemaRebuildResult;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.worker.job.HeapPeak;
import dev.jobhub.worker.job.RecordingJobContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Introspects and stores a 5,000-table, 100,000-column database and prints the throughput and the peak heap used.
 * Not part of the default test run (surefire excludes *Benchmark); run it with
 * {@code ./mvnw -B -ntp -pl deploy/kafka,worker-service -am verify -Pbenchmark}. It fails only if the snapshot's counts are wrong:
 * timings depend on the machine.
 */
@QuarkusTest
@WithTestResource(RealInfraResource.class)
class SchemaIntrospectionBenchmark {

    static final String DATABASE = "wk_bench";
    static final String PASSWORD = "Bench-Secret-0a9c";
    static final int TABLES = 5_000;
    static final int COLUMNS_PER_TABLE = 20;
    /** Tables created per psql call: one transaction holds a few locks per table (max_locks_per_transaction). */
    static final int CREATE_CHUNK = 500;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SchemaRebuildJobHandler rebuild;

    @Test
    void introspectsFiveThousandTables() throws Exception {
        SchemaFixtures.ensureApiSchema(dataSource);
        long setupStart = System.nanoTime();
        SchemaFixtures.createDatabase(DATABASE, PASSWORD, "CREATE SCHEMA bench");
        for (int from = 1; from <= TABLES; from += CREATE_CHUNK) {
            SchemaFixtures.psql(DATABASE, createTables(from, Math.min(TABLES, from + CREATE_CHUNK - 1)));
        }
        System.out.printf("benchmark setup: %d tables created in %.1f s%n", TABLES,
                (System.nanoTime() - setupStart) / 1e9);
        UUID connection = SchemaFixtures.register(dataSource, DATABASE, DATABASE, PASSWORD);

        HeapPeak heap = new HeapPeak();
        long start = System.nanoTime();
        RecordingJobContext context = SchemaIntrospectionTest.rebuildContext(connection, true);
        SchemaRebuildResult result = SchemaIntrospectionTest.result(rebuild.run(context));
        double seconds = (System.nanoTime() - start) / 1e9;
        heap.close();

        System.out.printf("""
                schema introspection benchmark: %d tables, %d columns, %d indexes, %d foreign keys
                  total %.2f s (handler's own measure %d ms): %.0f tables/s, %.0f columns/s
                  heap used: %d MiB before (after GC), peak %d MiB, peak growth %d MiB; max heap %d MiB
                  progress events: %d
                """, result.tables(), result.columns(), result.indexes(), result.foreignKeys(), seconds,
                result.durationMs(), result.tables() / seconds, result.columns() / seconds, heap.baselineMiB(),
                heap.peakMiB(), heap.peakMiB() - heap.baselineMiB(), heap.maxMiB(), context.progress().size());

        System.out.printf("  snapshot stored: %d KiB of table definitions (JSON text)%n", SchemaFixtures.count(
                dataSource, "SELECT sum(octet_length(definition::text)) FROM worker.schema_snapshot_tables") >> 10);

        assertThat(result.tables()).isEqualTo(TABLES);
        assertThat(result.columns()).isEqualTo((long) TABLES * COLUMNS_PER_TABLE);
        SchemaFixtures.Snapshot head = SchemaFixtures.cached(dataSource, connection);
        assertThat(head.tableCount()).isEqualTo(TABLES);
        assertThat(SchemaFixtures.count(dataSource, "SELECT sum(json_array_length(definition -> 'columns')) "
                + "FROM worker.schema_snapshot_tables WHERE snapshot_id = '" + head.id() + "'"))
                .isEqualTo((long) TABLES * COLUMNS_PER_TABLE);
    }

    /**
     * Tables {@code from..to}: an id primary key, a reference column and 18 others; every 10th table has a
     * foreign key to the one before it, every 5th an extra index.
     */
    private static String createTables(int from, int to) {
        StringBuilder columns = new StringBuilder();
        for (int c = 1; c <= COLUMNS_PER_TABLE - 2; c++) {
            columns.append(", c").append(c).append(c % 3 == 0 ? " text" : c % 3 == 1 ? " int4 NOT NULL DEFAULT 0"
                    : " numeric(12,2)");
        }
        return """
                DO $$
                BEGIN
                  FOR i IN %d..%d LOOP
                    EXECUTE format('CREATE TABLE bench.t%%s (id int8 PRIMARY KEY, ref_id int8%s)', lpad(i::text, 5, '0'));
                    IF i %% 10 = 0 THEN
                      EXECUTE format('ALTER TABLE bench.t%%s ADD CONSTRAINT t%%s_ref FOREIGN KEY (ref_id)
                                      REFERENCES bench.t%%s (id) ON DELETE CASCADE',
                                     lpad(i::text, 5, '0'), lpad(i::text, 5, '0'), lpad((i - 1)::text, 5, '0'));
                    END IF;
                    IF i %% 5 = 0 THEN
                      EXECUTE format('CREATE INDEX t%%s_c1 ON bench.t%%s (c1, c2)', lpad(i::text, 5, '0'),
                                     lpad(i::text, 5, '0'));
                    END IF;
                  END LOOP;
                END $$;""".formatted(from, to, columns);
    }
}
