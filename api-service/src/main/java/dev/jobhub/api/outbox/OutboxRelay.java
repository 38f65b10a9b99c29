package dev.jobhub.api.outbox;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes the outbox to Kafka, at least once and in order per job.
 *
 * <p>It runs on a thread of its own, because a Kafka producer blocks while the broker is unreachable and that
 * must never stall an event loop. Each round leases a batch of unsent rows ({@code FOR UPDATE SKIP LOCKED}, so
 * several api-service replicas share the work without publishing the same rows at once), sends them in id order
 * with an idempotent producer, marks the acknowledged rows sent and releases the rest. While Kafka is down,
 * submissions keep committing to the outbox and the relay retries with backoff; a relay that dies mid-batch
 * leaves a lease that expires, and another round re-publishes those rows (consumers de-duplicate).
 */
@ApplicationScoped
public class OutboxRelay {

    // the rows are picked once in a CTE: as "WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)" a row deleted by a concurrent
    // round makes PostgreSQL re-run the subquery for its recheck, which under load kept one UPDATE busy for minutes. They
    // are updated through "id = ANY(ARRAY(…))", an index lookup of the picked ids, not a join (see PLAN_BY_INDEX)
    private static final String LEASE = """
            WITH picked AS (SELECT id FROM outbox
                             WHERE sent_at IS NULL AND (lease_until IS NULL OR lease_until < now())
                             ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
            UPDATE outbox SET lease_until = now() + make_interval(secs => $1)
             WHERE id = ANY(ARRAY(SELECT id FROM picked))
            RETURNING id, topic, message_key, headers, payload
            """;
    /**
     * Set in the transaction of each statement of a round (the lease, and the updates by id after it). The table's statistics say nothing true about a queue: it swings from empty to
     * tens of thousands of rows within a second, and vacuum leaves it looking empty. Planned from such statistics,
     * the lease joined the picked rows back with a nested loop over the whole table, 8 to 13 s a round with 20,000
     * rows waiting (a benchmark's burst stalled behind it). With sequential scans off, the rows are picked in id
     * order from the unsent rows' index and updated through the primary key, whatever the statistics say.
     */
    private static final String PLAN_BY_INDEX = "SET LOCAL enable_seqscan = off";
    private static final String MARK_SENT = "UPDATE outbox SET sent_at = now(), lease_until = NULL WHERE id = ANY($1)";
    private static final String DELETE_SENT = "DELETE FROM outbox WHERE id = ANY($1)";
    private static final String RELEASE = "UPDATE outbox SET lease_until = NULL WHERE id = ANY($1)";
    private static final String PURGE_SENT = "DELETE FROM outbox WHERE sent_at < now() - make_interval(secs => $1)";
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final Pool pool;
    private final UndeliverableMessages undeliverable;
    private final String bootstrapServers;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration lease;
    private final Duration retainSent;
    private final int maxMessageBytes;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private volatile Thread thread;
    private KafkaProducer<String, byte[]> producer;

    public OutboxRelay(Pool pool, UndeliverableMessages undeliverable,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "jobhub.outbox.batch-size") int batchSize,
            @ConfigProperty(name = "jobhub.outbox.poll-interval") Duration pollInterval,
            @ConfigProperty(name = "jobhub.outbox.lease") Duration lease,
            @ConfigProperty(name = "jobhub.outbox.retain-sent") Duration retainSent,
            @ConfigProperty(name = "jobhub.outbox.max-message-bytes") int maxMessageBytes) {
        this.pool = pool;
        this.undeliverable = undeliverable;
        this.bootstrapServers = bootstrapServers;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.lease = lease;
        this.retainSent = retainSent;
        this.maxMessageBytes = maxMessageBytes;
    }

    void onStart(@Observes StartupEvent event) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "api-service-outbox",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxMessageBytes,
                // fail a round well within the lease, so rows are released and retried rather than expiring
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000),
                new StringSerializer(), new ByteArraySerializer());
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        wakeUps.release();
        try {
            if (thread != null) {
                thread.join(TimeUnit.SECONDS.toMillis(20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }

    /** Called after a transaction wrote to the outbox, so it is published now rather than at the next poll. */
    public void wakeUp() {
        wakeUps.release();
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    private void run() {
        Duration backoff = pollInterval;
        long nextPurge = 0;
        boolean failing = false;
        while (running) {
            try {
                int published = relayOnce();
                if (failing) {
                    Log.info("outbox relay: publishing again");
                    failing = false;
                }
                backoff = pollInterval;
                if (!retainSent.isZero() && System.nanoTime() > nextPurge) {
                    pool.preparedQuery(PURGE_SENT).execute(Tuple.of((double) retainSent.toSeconds()))
                            .await().atMost(DB_TIMEOUT);
                    nextPurge = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                }
                if (published < batchSize) {
                    wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!failing) {
                    Log.warnf("outbox relay: cannot publish now, retrying with backoff: %s", e.getMessage());
                    failing = true;
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Leases one batch and publishes it; returns how many rows were leased. */
    int relayOnce() {
        List<Row> rows = new ArrayList<>();
        byIndex(LEASE, Tuple.of((double) lease.toSeconds(), batchSize)).forEach(rows::add);
        if (rows.isEmpty()) {
            return 0;
        }
        rows.sort(Comparator.comparingLong(row -> row.getLong("id")));
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        RuntimeException failure = null;
        for (Row row : rows) {
            try {
                sends.add(producer.send(record(row)));
            } catch (RuntimeException e) {
                failure = e;
                break;
            }
        }
        List<Long> sent = new ArrayList<>();
        List<Long> unsent = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            long id = row.getLong("id");
            // the sends stopped at the first that threw: that row has its failure, the rows after it were not tried
            Throwable refused = i < sends.size() ? awaitAck(sends.get(i)) : i == sends.size() ? failure : null;
            if (i > sends.size() || (refused != null && !UndeliverableMessages.isPermanent(refused))) {
                unsent.add(id);
            } else if (refused == null) {
                sent.add(id);
            } else {
                undeliverable.settle(id, row.getString("topic"), row.getString("message_key"),
                        row.getBuffer("payload").length(), refused).await().atMost(DB_TIMEOUT);
                if (refused == failure) {
                    failure = null;
                }
            }
        }
        // one write per row when sent rows need not be kept for inspection
        update(retainSent.isZero() ? DELETE_SENT : MARK_SENT, sent);
        update(RELEASE, unsent);
        if (failure != null || !unsent.isEmpty()) {
            throw failure != null ? failure : new IllegalStateException(unsent.size() + " messages not acknowledged by Kafka");
        }
        return rows.size();
    }

    /** Null once Kafka has acknowledged the send; else why it was not. */
    private static Throwable awaitAck(Future<RecordMetadata> send) {
        try {
            send.get(30, TimeUnit.SECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    private void update(String sql, List<Long> ids) {
        if (!ids.isEmpty()) {
            byIndex(sql, Tuple.of(ids.toArray(new Long[0])));
        }
    }

    /** Runs one statement of a round in a transaction of its own, planned by index (see PLAN_BY_INDEX). */
    private RowSet<Row> byIndex(String sql, Tuple arguments) {
        return pool.withTransaction(connection -> connection.query(PLAN_BY_INDEX).execute()
                        .chain(() -> connection.preparedQuery(sql).execute(arguments)))
                .await().atMost(DB_TIMEOUT);
    }

    private static ProducerRecord<String, byte[]> record(Row row) {
        RecordHeaders headers = new RecordHeaders();
        JsonObject stored = row.getJsonObject("headers");
        stored.forEach(entry -> headers.add(entry.getKey(), String.valueOf(entry.getValue()).getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(row.getString("topic"), null, row.getString("message_key"),
                row.getBuffer("payload").getBytes(), headers);
    }

    private void sleep(Duration duration) {
        try {
            wakeUps.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
