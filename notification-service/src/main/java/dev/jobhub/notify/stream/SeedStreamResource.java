package dev.jobhub.notify.stream;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.jboss.resteasy.reactive.RestQuery;

/** The seed's path of the stream, {@code GET /api/jobs/notifications/stream}: the same as {@link StreamResource}. */
@Path(StreamResource.SEED_PATH)
@Authenticated
public class SeedStreamResource {

    private final StreamResource stream;

    public SeedStreamResource(StreamResource stream) {
        this.stream = stream;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@HeaderParam("Last-Event-ID") String lastEventHeader,
            @RestQuery String lastEventId, @Context Sse sse) {
        return stream.stream(lastEventHeader, lastEventId, sse);
    }
}
