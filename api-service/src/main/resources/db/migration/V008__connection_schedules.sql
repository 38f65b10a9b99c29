-- Schedules the platform keeps for a user carry a singleton key for their jobs: a connection's rebuild schedule
-- submits schema.rebuild with "schema:<connection id>", so a tick that finds a rebuild still running is skipped.
ALTER TABLE schedules ADD COLUMN singleton_key text;

-- A connection's rebuild schedule: deleting that schedule (DELETE /api/schedules/{id}) leaves the connection
-- without scheduled rebuilds rather than pointing at nothing.
ALTER TABLE connections
    ADD CONSTRAINT connections_schedule FOREIGN KEY (schedule_id) REFERENCES schedules (id) ON DELETE SET NULL;
