package dev.jobhub.notify.webhook;

import dev.jobhub.support.egress.CheckedEndpoint;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * POSTs one webhook and reports what the receiver answered, whatever it does: the request goes to the address the
 * egress guard checked (the URL's host still names the Host header and, for https, SNI and the certificate check),
 * redirects are not followed, and the whole exchange is cut off at the timeout. Of the answer only the status, the
 * {@code Retry-After} header and the first {@value #MAX_EXCERPT_BYTES} bytes of the body are kept: once they are in,
 * the connection is closed, so a huge or endless body costs no more than that.
 */
@ApplicationScoped
public class WebhookClient {

    public static final int MAX_EXCERPT_BYTES = 1024;
    /** Longer error texts are cut: they come from receivers and resolvers, not from us. */
    private static final int MAX_ERROR_LENGTH = 500;

    private final Vertx vertx;
    private final HttpClient client;

    public WebhookClient(Vertx vertx, WebhookConfig config) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis()))
                .setMaxPoolSize(Math.max(1, config.perEndpointBatch()))
                .setKeepAlive(true)
                .setForceSni(true)
                .setVerifyHost(true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Never fails: a receiver that cannot be reached or does not answer in time is a response with an error. */
    public Uni<WebhookResponse> post(CheckedEndpoint endpoint, WebhookUrl url, Map<String, String> headers,
            String body, Duration timeout) {
        Instant started = Instant.now();
        long startedNanos = System.nanoTime();
        Promise<WebhookResponse> answered = Promise.promise();
        AtomicReference<HttpClientRequest> current = new AtomicReference<>();
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), expired -> {
            if (answered.tryFail(new TimeoutException("no complete answer within " + timeout))) {
                HttpClientRequest request = current.get();
                if (request != null) {
                    request.reset(); // closes the connection of an HTTP/1.1 exchange
                }
            }
        });
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(url.port(), endpoint.address().getHostAddress()))
                .setHost(url.host())
                .setPort(url.port())
                .setSsl(url.https())
                .setURI(url.requestUri())
                .setFollowRedirects(false);
        headers.forEach(options::putHeader);
        client.request(options).onSuccess(request -> {
            current.set(request);
            if (answered.future().isComplete()) {
                request.reset();
                return;
            }
            request.send(Buffer.buffer(body, StandardCharsets.UTF_8.name()))
                    .onSuccess(response -> readExcerpt(request, response, answered, startedNanos, started))
                    .onFailure(answered::tryFail);
        }).onFailure(answered::tryFail);
        return Uni.createFrom().completionStage(() -> answered.future().toCompletionStage())
                .onFailure().recoverWithItem(failure -> WebhookResponse.failed(describe(failure), started))
                .eventually(() -> vertx.cancelTimer(timer));
    }

    private static void readExcerpt(HttpClientRequest request, HttpClientResponse response,
            Promise<WebhookResponse> answered, long startedNanos, Instant started) {
        Buffer excerpt = Buffer.buffer();
        Runnable complete = () -> answered.tryComplete(new WebhookResponse(response.statusCode(),
                response.getHeader("Retry-After"), text(excerpt),
                Duration.ofNanos(System.nanoTime() - startedNanos).toMillis(), null, started));
        response.handler(chunk -> {
            int room = MAX_EXCERPT_BYTES - excerpt.length();
            if (room > 0) {
                excerpt.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
            }
            if (excerpt.length() >= MAX_EXCERPT_BYTES) {
                complete.run();
                request.reset(); // the rest of the body is not ours to read
            }
        });
        response.endHandler(ended -> complete.run());
        // the status is in: a body cut short (by the receiver or by the reset above) still answers the attempt
        response.exceptionHandler(cut -> complete.run());
    }

    /** The excerpt as text, without NUL characters (PostgreSQL text cannot hold them). */
    private static String text(Buffer excerpt) {
        return excerpt.length() == 0 ? null : excerpt.toString(StandardCharsets.UTF_8).replace((char) 0, ' ');
    }

    static String describe(Throwable failure) {
        String text = failure.getMessage() == null || failure.getMessage().isBlank() ? failure.getClass().getSimpleName()
                : failure.getMessage();
        text = text.replace((char) 0, ' ');
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }
}
