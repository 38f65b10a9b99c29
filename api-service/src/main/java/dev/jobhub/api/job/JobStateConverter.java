package dev.jobhub.api.job;

import dev.jobhub.model.JobState;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores states by their wire names, so SQL and JSON read alike. */
@Converter
public class JobStateConverter implements AttributeConverter<JobState, String> {

    @Override
    public String convertToDatabaseColumn(JobState state) {
        return state == null ? null : state.wireName();
    }

    @Override
    public JobState convertToEntityAttribute(String value) {
        return value == null ? null : JobState.fromWire(value);
    }
}
