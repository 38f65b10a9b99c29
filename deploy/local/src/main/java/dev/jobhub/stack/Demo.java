package dev.jobhub.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.model.JobJsonCodec;
import dev.jobhub.stack.infra.MailCatcher;
import dev.jobhub.stack.infra.Mailbox;
import dev.jobhub.stack.infra.PostgresServer;
import dev.jobhub.stack.token.JwtSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The main job of the README's first command, as user {@code demo}: a {@code sleep} job followed live, its
 * notification and the email that went out for it (to the token's {@code email} claim, read back from the stack's
 * mail catcher), then a schema rebuild of a sample database (registered as a connection; the stack's own database is
 * refused, as the demo shows), its progress drawn from the WebSocket, its result, the schema cache it produced and
 * the in-app notifications; then the project's own README uploaded as a document, embedded with live progress, and
 * searched by meaning.
 */
final class Demo {

    static final String SAMPLE_DATABASE = "shop";
    static final String SAMPLE_OWNER = "shop_owner";
    /** A throw-away database on this machine: the password guards nothing. */
    static final String SAMPLE_PASSWORD = "shop-demo";

    private static final String USER = "demo";
    private static final String CONNECTION_NAME = "sample-shop-database";
    private static final int STEPS = 10;
    private static final long STEP_MILLIS = 300;
    /** The notifier polls its email outbox every second: a mail normally lands within a few. */
    private static final Duration EMAIL_WAIT = Duration.ofSeconds(60);
    private static final int EMAIL_LINES = 4;

    private static final List<String> QUERIES = List.of(
            "how are database passwords kept secret?",
            "which file types can be uploaded?");

    private final DemoClient client;
    private final MailCatcher mailbox;
    private final int pgPort;
    private final int samplePgPort;
    private final Path sampleDocument;

    /** @param signer mints the demo user's token, with {@code email} = {@code demo@example.com} */
    Demo(String apiUrl, String notifyUrl, JwtSigner signer, MailCatcher mailbox, int pgPort, int samplePgPort,
            Path sampleDocument) {
        this.client = new DemoClient(apiUrl, notifyUrl, signer.token(USER, false, Duration.ofHours(1)));
        this.mailbox = mailbox;
        this.pgPort = pgPort;
        this.samplePgPort = samplePgPort;
        this.sampleDocument = sampleDocument;
    }

    /** The sample database the demo introspects: a few tables, a view and a foreign key; kept between runs. */
    static void createSampleDatabase(PostgresServer server) {
        server.ensureDatabase(SAMPLE_DATABASE, SAMPLE_OWNER, SAMPLE_PASSWORD);
        server.psql(SAMPLE_DATABASE, """
                SET ROLE shop_owner;
                CREATE SCHEMA IF NOT EXISTS shop;
                CREATE TABLE IF NOT EXISTS shop.customers (
                    id bigint PRIMARY KEY, email varchar(200) NOT NULL UNIQUE, created_at timestamptz NOT NULL);
                CREATE TABLE IF NOT EXISTS shop.orders (
                    id bigint PRIMARY KEY,
                    customer_id bigint NOT NULL REFERENCES shop.customers (id) ON DELETE CASCADE,
                    total numeric(10,2) NOT NULL DEFAULT 0 CHECK (total >= 0));
                CREATE INDEX IF NOT EXISTS orders_by_customer ON shop.orders (customer_id);
                CREATE OR REPLACE VIEW shop.big_orders AS SELECT * FROM shop.orders WHERE total > 1000;
                """);
    }

    void run() {
        try (client) {
            client.connect(USER);
            String address = emailAddress();
            sleepJob(address);
            schemaRebuild();
            documentSearch();
        }
        System.out.println("\nThe stack keeps running: 'deploy/local/stack status', 'deploy/local/stack down'.");
    }

    /** Where the demo user's emails go: the token's email claim, which the notifier recorded as the socket opened. */
    private String emailAddress() {
        JsonNode profile = client.profile();
        String address = profile.path("email").isTextual() ? profile.path("email").asText() : null;
        String source = profile.path("emailSource").asText();
        System.out.println("demo: GET /api/notifications/profile -> email " + (address == null ? "none"
                : address + (source.equals("token") ? " (the token's email claim)" : " (set by the user)")));
        return address;
    }

    private void sleepJob(String address) {
        System.out.printf("%n== 1. a 'sleep' job (%d steps of %d ms)%n", STEPS, STEP_MILLIS);
        JsonNode accepted = client.api("POST", "/api/jobs",
                "{\"type\":\"sleep\",\"payload\":{\"steps\":" + STEPS + ",\"stepMillis\":" + STEP_MILLIS + "}}", 202);
        String jobId = accepted.get("jobId").asText();
        System.out.println("  POST /api/jobs -> 202 Accepted, job " + jobId + ", state " + accepted.get("state").asText());
        client.follow(jobId);
        JsonNode job = client.awaitFinished(jobId);
        System.out.println("\nGET /api/jobs/" + jobId);
        System.out.println(job.toPrettyString());
        printEmail(address, printNotification(jobId));
    }

    private void schemaRebuild() {
        System.out.printf("%n== 2. a schema rebuild of a sample PostgreSQL database (127.0.0.1:%d/%s)%n",
                samplePgPort, SAMPLE_DATABASE);
        ownDatabaseRefused();
        String connectionId = connection();
        JsonNode test = client.api("POST", "/api/connections/" + connectionId + "/test", null, 200);
        System.out.println("  POST /api/connections/" + connectionId + "/test -> " + test);

        JsonNode accepted = client.api("POST", "/api/connections/" + connectionId + "/rebuild", "{}", 202);
        String jobId = accepted.get("jobId").asText();
        System.out.println("  POST /api/connections/" + connectionId + "/rebuild -> 202 Accepted, job " + jobId);
        client.follow(jobId);
        JsonNode job = client.awaitFinished(jobId);
        System.out.println("\nGET /api/jobs/" + jobId + " -> state " + job.path("state").asText() + ", result:");
        System.out.println(job.path("result").toPrettyString());
        if (!job.path("state").asText().equals("completed")) {
            System.out.println("  error: " + job.path("error"));
            return;
        }
        printSchemaCache(connectionId);
        printNotification(jobId);
    }

    private void documentSearch() {
        System.out.printf("%n== 3. a document: %s uploaded, embedded with all-MiniLM-L6-v2, searched by meaning%n",
                sampleDocument.getFileName());
        byte[] content;
        try {
            content = Files.readAllBytes(sampleDocument);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample document " + sampleDocument, e);
        }
        String fileName = sampleDocument.getFileName().toString();
        // a demo run again replaces its document rather than searching two copies of it
        for (JsonNode document : client.api("GET", "/api/documents?limit=100", null, 200).path("data")) {
            if (fileName.equals(document.path("filename").asText())) {
                client.api("DELETE", "/api/documents/" + document.path("id").asText(), null, 204);
                System.out.println("  DELETE /api/documents/" + document.path("id").asText()
                        + " -> 204 (the previous demo's copy, with its vectors)");
            }
        }
        JsonNode accepted = client.upload("/api/documents", fileName, content, "text/markdown");
        String documentId = accepted.path("documentId").asText();
        String jobId = accepted.path("jobId").asText();
        System.out.println("  POST /api/documents (multipart, " + content.length + " bytes) -> 202 Accepted: "
                + accepted);
        client.follow(jobId);
        // the socket's job.completed can arrive before api-service has applied it: the document's status follows
        // the job's record, so wait for that first
        client.awaitFinished(jobId);
        JsonNode status = client.api("GET", "/api/documents/" + documentId + "/status", null, 200);
        System.out.println("\nGET /api/documents/" + documentId + "/status -> " + status.path("status").asText()
                + ", " + status.path("chunkCount").asText() + " chunks, " + status.path("vectorCount").asText()
                + " vectors" + (status.path("errorMessage").isTextual()
                        ? ", error: " + status.path("errorMessage").asText() : ""));
        if (!"completed".equals(status.path("status").asText())) {
            return;
        }
        for (String query : QUERIES) {
            ObjectNode body = JobJsonCodec.mapper().createObjectNode().put("query", query).put("k", 3);
            JsonNode found = client.api("POST", "/api/documents/search", body.toString(), 200);
            System.out.printf("%nPOST /api/documents/search {\"query\": \"%s\"} -> %d results in %s ms%n", query,
                    found.path("results").size(), found.path("tookMs").asText());
            for (JsonNode result : found.path("results")) {
                System.out.printf("  %.3f  %s #%d  %s%n", result.path("score").asDouble(),
                        result.path("filename").asText(), result.path("chunkIndex").asInt(),
                        abbreviate(result.path("text").asText().replaceAll("\\s+", " "), 90));
            }
        }
        printNotification(jobId);
    }

    /** The stack's own database, registered as a user's: refused by the egress guard, 400 naming the host. */
    private void ownDatabaseRefused() {
        ObjectNode body = JobJsonCodec.mapper().createObjectNode()
                .put("name", "the-platforms-own-database")
                .put("kind", "postgresql")
                .put("host", "127.0.0.1")
                .put("port", pgPort)
                .put("database", PlatformServices.DATABASE)
                .put("username", PlatformServices.DB_USER)
                .put("password", PlatformServices.DB_PASSWORD);
        JsonNode refused = client.api("POST", "/api/connections", body.toString(), 400);
        System.out.println("  POST /api/connections (the stack's own database, 127.0.0.1:" + pgPort + ") -> 400: "
                + refused.path("errors").path(0).path("message").asText());
    }

    /** The demo user's connection to the sample database: found by name from an earlier demo, or registered. */
    private String connection() {
        for (JsonNode connection : client.api("GET", "/api/connections?limit=100", null, 200).path("data")) {
            if (CONNECTION_NAME.equals(connection.path("name").asText())) {
                System.out.println("  connection '" + CONNECTION_NAME + "' exists: " + connection.path("id").asText());
                return connection.path("id").asText();
            }
        }
        ObjectNode body = JobJsonCodec.mapper().createObjectNode()
                .put("name", CONNECTION_NAME)
                .put("kind", "postgresql")
                .put("host", "127.0.0.1")
                .put("port", samplePgPort)
                .put("database", SAMPLE_DATABASE)
                .put("username", SAMPLE_OWNER)
                .put("password", SAMPLE_PASSWORD)
                .put("sslMode", "disable");
        JsonNode created = client.api("POST", "/api/connections", body.toString(), 201);
        System.out.println("  POST /api/connections -> 201 Created (the password is sealed at rest, never returned):");
        System.out.println(indent(created.toPrettyString()));
        return created.path("id").asText();
    }

    private void printSchemaCache(String connectionId) {
        String url = client.apiUrl() + "/api/connections/" + connectionId + "/schema-cache";
        HttpResponse<String> response = client.exchange("GET", url, null);
        JsonNode cache = JobJsonCodec.fromJson(response.body(), JsonNode.class);
        System.out.printf("%nGET /api/connections/%s/schema-cache -> %d, ETag %s, %d bytes, generatedAt %s%n",
                connectionId, response.statusCode(), response.headers().firstValue("ETag").orElse("-"),
                response.body().length(), cache.path("generatedAt").asText());
        for (JsonNode schema : cache.path("schemas")) {
            StringBuilder tables = new StringBuilder();
            for (JsonNode table : schema.path("tables")) {
                tables.append(tables.isEmpty() ? "" : ", ").append(table.path("name").asText());
            }
            System.out.printf("  %-8s %2d tables: %s%n", schema.path("name").asText(), schema.path("tables").size(),
                    abbreviate(tables.toString(), 90));
        }
    }

    private JsonNode printNotification(String jobId) {
        JsonNode notification = client.awaitNotification(jobId);
        System.out.println("\nin-app notification (GET " + client.notifyUrl() + "/api/notifications): "
                + notification.path("title").asText()
                + (notification.path("message").isTextual() ? " — " + notification.path("message").asText() : ""));
        return notification;
    }

    /** The email the notification went out as, read back from the local mail catcher (GreenMail). */
    private void printEmail(String address, JsonNode notification) {
        if (address == null) {
            System.out.println("\nno email: the demo user has no address on file (PUT /api/notifications/profile)");
            return;
        }
        String notificationId = notification.path("id").asText();
        System.out.printf("%nemail (notification-service -> SMTP %s:%d, the stack's GreenMail):%n",
                mailbox.smtpHost(), mailbox.smtpPort());
        Optional<Mailbox.Mail> found;
        try {
            found = client.awaitEmail(mailbox, address, notificationId, EMAIL_WAIT);
        } catch (IllegalStateException e) {
            System.out.println("  cannot read the mailbox: " + e.getMessage());
            return;
        }
        if (found.isEmpty()) {
            System.out.printf("  no email for it within %d s: its delivery log is GET /api/notifications/%s/deliveries;"
                    + " see 'deploy/local/stack logs notification-service'%n", EMAIL_WAIT.toSeconds(),
                    notificationId);
        } else {
            Mailbox.Mail mail = found.get();
            System.out.println("  To:      " + mail.to());
            System.out.println("  Subject: " + mail.subject());
            System.out.println("  From:    " + mail.from() + (mail.receivedAt() == null ? ""
                    : ", received " + mail.receivedAt()));
            DemoClient.firstLines(mail.text(), EMAIL_LINES).forEach(line -> System.out.println("  | " + line));
        }
        System.out.println("  all of " + address + "'s mail: deploy/local/stack mails " + address);
        System.out.println("  the mailbox API:  " + mailbox.apiUrl() + "/api/user/" + address + "/messages/");
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String indent(String text) {
        return text.indent(2).stripTrailing();
    }
}
