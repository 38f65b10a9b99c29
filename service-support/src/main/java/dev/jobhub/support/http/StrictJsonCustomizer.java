package dev.jobhub.support.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobhub.model.StrictJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** The REST layer reads request bodies with the same strict value types as the contract ({@link StrictJson}). */
@Singleton
public class StrictJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        StrictJson.apply(mapper);
    }
}
