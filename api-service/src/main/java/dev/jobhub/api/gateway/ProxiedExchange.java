package dev.jobhub.api.gateway;

import dev.jobhub.support.http.EdgeLimits;
import dev.jobhub.support.problem.Problem;
import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * One request forwarded to notification-service and its answer relayed, both streamed: the caller's body goes
 * upstream chunk by chunk as it arrives (counted against the body limit), the answer comes back chunk by chunk and
 * each chunk is written to the caller at once, so an event stream's events arrive as the notifier sends them.
 * Back-pressure holds either side when the other cannot keep up; nothing is buffered whole.
 *
 * <p>Every callback runs on the caller's event loop, so the state below needs no locking. Whichever side goes
 * first ends the other: a caller that disconnects resets the upstream request (the notifier sees its stream close),
 * a notifier that fails mid-answer resets the caller's connection (a cut answer must not look complete).
 */
final class ProxiedExchange {

    private final Vertx vertx;
    private final HttpClient client;
    private final RoutingContext context;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final RequestOptions options;
    private final long maxBodyBytes;
    private final Duration responseTimeout;

    private HttpClientRequest upstream;
    private long headersTimer = -1;
    private long bodyBytes;
    /** The caller has been answered (or is being answered) by the notifier or by a refusal of the gateway's. */
    private boolean answered;
    private boolean callerGone;
    /** Sent a second time already: a pooled connection the notifier had closed failed the first. */
    private boolean retried;

    ProxiedExchange(Vertx vertx, HttpClient client, RoutingContext context, RequestOptions options, long maxBodyBytes,
            Duration responseTimeout) {
        this.vertx = vertx;
        this.client = client;
        this.context = context;
        this.request = context.request();
        this.response = context.response();
        this.options = options;
        this.maxBodyBytes = maxBodyBytes;
        this.responseTimeout = responseTimeout;
    }

    void start() {
        // the body waits while the connection is made: a handler set later would miss nothing, since paused
        // chunks (and the end) are queued
        boolean bodyRead = request.isEnded();
        if (!bodyRead) {
            request.pause();
        }
        // the routing context's end handlers, not the response's single close handler, which Quarkus uses itself
        context.addEndHandler(ended -> {
            if (ended.failed()) {
                callerLeft();
            }
        });
        connect(bodyRead);
    }

    private void connect(boolean bodyRead) {
        client.request(options).onComplete(connected -> {
            if (connected.failed()) {
                unreachable(connected.cause());
            } else if (callerGone) {
                connected.result().reset();
            } else {
                send(connected.result(), bodyRead);
            }
        });
    }

    private void send(HttpClientRequest upstream, boolean bodyRead) {
        this.upstream = upstream;
        headersTimer = vertx.setTimer(responseTimeout.toMillis(), fired -> noAnswerInTime());
        upstream.response().onComplete(answer -> {
            vertx.cancelTimer(headersTimer);
            if (answer.succeeded()) {
                relay(answer.result());
            } else {
                failedBeforeAnswer(answer.cause());
            }
        });
        if (bodyRead) {
            // a body the HTTP layer already read (none, for most requests)
            Buffer body = context.body() == null ? null : context.body().buffer();
            if (body != null && body.length() > 0) {
                upstream.end(body);
            } else {
                upstream.end();
            }
            return;
        }
        if (!upstream.headers().contains(HttpHeaders.CONTENT_LENGTH) && hasChunkedBody()) {
            upstream.setChunked(true);
        }
        request.handler(this::bodyChunk);
        request.endHandler(ended -> {
            if (!tooLarge()) {
                upstream.end();
            }
        });
        request.exceptionHandler(failure -> callerLeft());
        request.resume();
    }

    private void bodyChunk(Buffer chunk) {
        if (tooLarge()) {
            return;
        }
        bodyBytes += chunk.length();
        if (tooLarge()) {
            // a chunked body grew over the limit: the notifier must not act on the part that got through
            refuse(Problem.of(413, "request body larger than " + maxBodyBytes + " bytes"));
            upstream.reset();
            return;
        }
        upstream.write(chunk);
        if (upstream.writeQueueFull()) {
            request.pause();
            upstream.drainHandler(drained -> request.resume());
        }
    }

    private boolean tooLarge() {
        return bodyBytes > maxBodyBytes;
    }

    private boolean hasChunkedBody() {
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private void relay(HttpClientResponse answer) {
        if (answered || callerGone) {
            upstream.reset();
            return;
        }
        answered = true;
        response.setStatusCode(answer.statusCode());
        if (answer.statusMessage() != null) {
            response.setStatusMessage(answer.statusMessage());
        }
        ProxiedHeaders.copyToCaller(answer.headers(), response.headers());
        boolean eventStream = isEventStream(answer);
        if (!eventStream) {
            // an ordinary answer may not stall halfway; an event stream is quiet between events by design
            upstream.idleTimeout(responseTimeout.toMillis());
        }
        if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH) && mayHaveBody(answer.statusCode())) {
            response.setChunked(true);
        }
        if (eventStream) {
            // the caller's EventSource opens on the headers, before the first event
            response.writeHead();
        }
        answer.handler(chunk -> {
            response.write(chunk);
            if (response.writeQueueFull()) {
                answer.pause();
                response.drainHandler(drained -> answer.resume());
            }
        });
        answer.endHandler(ended -> response.end());
        answer.exceptionHandler(failure -> {
            Log.debugf("notification-service failed mid-answer, resetting the caller: %s", failure.toString());
            response.reset();
        });
    }

    private boolean mayHaveBody(int status) {
        return request.method() != HttpMethod.HEAD && status != 204 && status != 304 && status >= 200;
    }

    private static boolean isEventStream(HttpClientResponse answer) {
        String type = answer.getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith(NotificationGateway.EVENT_STREAM);
    }

    private void callerLeft() {
        callerGone = true;
        vertx.cancelTimer(headersTimer);
        if (upstream != null) {
            // closes the pooled connection (HTTP/1.1 has no other way to end a stream early): the notifier sees
            // the stream close and lets go of it
            upstream.reset();
        }
    }

    private void noAnswerInTime() {
        if (answered) {
            return;
        }
        // answered first: the reset fails the pending answer, which must then find the caller taken care of
        refuse(Problem.of(504, "notification-service did not answer within " + responseTimeout.toMillis()
                + " ms"));
        upstream.reset(0, new TimeoutException("no answer within " + responseTimeout));
    }

    private void failedBeforeAnswer(Throwable cause) {
        if (answered || callerGone) {
            return;
        }
        boolean safe = request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
        if (!retried && safe && request.isEnded()) {
            // a kept-alive connection the notifier closed just as it was reused fails before any answer: a request
            // without a body and without side effects is sent once more on a fresh connection, as proxies do
            retried = true;
            vertx.cancelTimer(headersTimer);
            upstream = null;
            connect(true);
            return;
        }
        Log.warnf("notification-service closed the connection without an answer: %s", cause.toString());
        refuse(Problem.of(502, "notification-service closed the connection without an answer"));
    }

    private void unreachable(Throwable cause) {
        if (callerGone) {
            return;
        }
        // refused, unresolvable, or no connection within the connect timeout (a full pool included): all mean
        // "not now", which a client may retry
        Log.warnf("notification-service at %s:%d is unreachable: %s", options.getHost(), options.getPort(),
                cause.toString());
        response.putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(NotificationGateway.RETRY_AFTER_SECONDS));
        refuse(Problem.of(503, "notification-service is unreachable; retry shortly"));
    }

    private void refuse(Problem problem) {
        if (response.headWritten() || response.ended() || response.closed()) {
            response.reset();
            return;
        }
        answered = true;
        EdgeLimits.end(context, problem);
    }
}
