package dev.jobhub.model.jobtype;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which details a schema introspection fetches; each absent flag means true.
 *
 * @param columns     the tables' columns (without them, also no column types)
 * @param types       each column's data type ({@code type}); false leaves {@code type} out
 * @param constraints primary keys, unique and check constraints
 * @param indexes     indexes
 * @param foreignKeys foreign keys
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SchemaInclude(boolean columns, boolean types, boolean constraints, boolean indexes,
        boolean foreignKeys) {

    public static final SchemaInclude ALL = new SchemaInclude(true, true, true, true, true);

    @JsonCreator
    static SchemaInclude fromJson(@JsonProperty("columns") Boolean columns, @JsonProperty("types") Boolean types,
            @JsonProperty("constraints") Boolean constraints, @JsonProperty("indexes") Boolean indexes,
            @JsonProperty("foreignKeys") Boolean foreignKeys) {
        return new SchemaInclude(orTrue(columns), orTrue(types), orTrue(constraints), orTrue(indexes),
                orTrue(foreignKeys));
    }

    private static boolean orTrue(Boolean flag) {
        return flag == null || flag;
    }
}
