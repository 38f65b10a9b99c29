package dev.jobhub.worker.schema;

/**
 * A table or view found in the catalog: what the introspection keeps for every table of the database (a few
 * dozen bytes each) while it fetches the details a batch at a time.
 *
 * @param kind {@code table} (relkind r, p, f) or {@code view} (v, m)
 */
record TableRef(long oid, String schema, String name, String kind) {
}
