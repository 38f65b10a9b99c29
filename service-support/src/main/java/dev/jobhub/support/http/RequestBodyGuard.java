package dev.jobhub.support.http;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every request body a resource reads as an entity (JSON, text) goes through {@link GuardedJsonStream}: its size is
 * counted as it is read, so the limit holds for a chunked body as for one with a Content-Length (which a request
 * filter refuses before reading), and a NUL character is refused before it can reach PostgreSQL. Multipart uploads
 * are parsed by the HTTP layer instead and have limits of their own.
 */
@Provider
public class RequestBodyGuard implements ReaderInterceptor {

    private final long maxBodyBytes;

    public RequestBodyGuard(@ConfigProperty(name = "jobhub.http.max-body-bytes", defaultValue = "1048576")
            long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new GuardedJsonStream(context.getInputStream(), maxBodyBytes));
        return context.proceed();
    }
}
