-- A delivery is only ever written by the statement that writes its event, or reads it, and its
-- webhook in the same statement (the fan-out, the test event): the foreign keys guarded nothing.
-- Their checks cost a trigger and a row lock per delivery on each of the two rows: the webhooks' row
-- locks (FOR KEY SHARE, written to the WAL, and shared between concurrent fan-outs through
-- multixacts) made concurrent fan-outs to the same webhooks wait on each other's buffer locks.
-- Webhooks are never deleted (only marked deleted_at); an event is purged only once none of its
-- deliveries is left.
ALTER TABLE delivery DROP CONSTRAINT delivery_webhook_id_fkey;
ALTER TABLE delivery DROP CONSTRAINT delivery_event_id_fkey;
