package dev.jobhub.api.job;

import dev.jobhub.model.Priority;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores priorities by their wire names. */
@Converter
public class PriorityConverter implements AttributeConverter<Priority, String> {

    @Override
    public String convertToDatabaseColumn(Priority priority) {
        return priority == null ? null : priority.wireName();
    }

    @Override
    public Priority convertToEntityAttribute(String value) {
        return value == null ? null : Priority.fromWire(value);
    }
}
