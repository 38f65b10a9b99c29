-- A notification's email is rendered from the notification when it is sent (dev.jobhub.notify.email.EmailSender):
-- the transaction that stores a batch of notifications writes each email as ids and an address, instead of
-- rendering two templates and writing about 1.5 KiB of bodies per email while the live path waits for its commit.
-- Digests and other emails keep their bodies. A row without bodies whose notification is gone is skipped.
ALTER TABLE email_outbox ALTER COLUMN subject DROP NOT NULL;
ALTER TABLE email_outbox ALTER COLUMN text_body DROP NOT NULL;
ALTER TABLE email_outbox ADD CONSTRAINT email_outbox_bodies_or_notification
    CHECK ((subject IS NOT NULL AND text_body IS NOT NULL) OR (kind = 'notification' AND notification_id IS NOT NULL));
