-- The admins' delivery statistics count the deliveries of a window (the last 24 hours by default) rather than all of
-- them: a reading cost a join of every delivery ever made with its email, 0.8 s at 200,000 deliveries. Rows are
-- inserted in created_at order, so a block range index finds the window's rows for a few pages of index, and costs
-- the store path next to nothing to keep up.
CREATE INDEX notification_deliveries_created_brin ON notification_deliveries USING brin (created_at);
