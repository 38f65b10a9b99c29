package dev.jobhub.api.connection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobhub.api.schedule.ScheduleValidator;

/**
 * A connection whose fields are all valid (a POST, or a PATCH applied over the stored connection), with defaults
 * filled in.
 *
 * @param password        what becomes of the password
 * @param rebuildSchedule what becomes of the rebuild schedule
 */
record ValidConnection(String name, String kind, String host, int port, String database, String username,
        PasswordChange password, String sslMode, ObjectNode options, RebuildChange rebuildSchedule) {

    /** @param value the new password; null with {@code change} true clears it */
    record PasswordChange(boolean change, String value) {

        static final PasswordChange KEEP = new PasswordChange(false, null);

        /** Never the password itself: a record's default toString would print it. */
        @Override
        public String toString() {
            return change ? (value == null ? "PasswordChange[clear]" : "PasswordChange[set]") : "PasswordChange[keep]";
        }
    }

    /** @param schedule the schedule to create or update; null with {@code change} true removes it */
    record RebuildChange(boolean change, ScheduleValidator.ValidSchedule schedule) {

        static final RebuildChange KEEP = new RebuildChange(false, null);
    }
}
