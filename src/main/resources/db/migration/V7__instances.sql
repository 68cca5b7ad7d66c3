-- Each running Hookline has an identity and a heartbeat here; a delivery names the instance that
-- holds it (dispatched it, or claimed it for an attempt). When an instance stops beating, or a
-- restarted one finds its predecessor's identity in its data dir, the deliveries it held are made
-- due at once instead of waiting for their leases. Times are the database's, so instances need no
-- common clock.
CREATE TABLE instance (
    id            text PRIMARY KEY,
    host          text,
    started_at    timestamptz NOT NULL DEFAULT now(),
    heartbeat_at  timestamptz NOT NULL DEFAULT now(),
    -- set by a graceful stop: its deliveries can be taken over at once
    stopped_at    timestamptz,
    -- set by the instance that took over its deliveries; the instance itself, if only paused,
    -- finds it at its next heartbeat and starts afresh under a new identity
    taken_over_at timestamptz,
    taken_over_by text
);

-- Not indexed: a claim must stay a HOT update; the takeover reads the few leased deliveries through
-- delivery_due.
ALTER TABLE delivery ADD COLUMN held_by text;
