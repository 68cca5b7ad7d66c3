-- Webhooks are soft-deleted so that deliveries still queued for them can be marked skipped.
CREATE TABLE webhook (
    id                 text PRIMARY KEY,
    list_id            text        NOT NULL,
    url                text        NOT NULL,
    events             text[]      NOT NULL,
    sources            text[]      NOT NULL DEFAULT '{}',
    format             text        NOT NULL DEFAULT 'json' CHECK (format IN ('json', 'form')),
    description        text,
    enabled            boolean     NOT NULL DEFAULT true,
    disabled_reason    text,
    secret             text        NOT NULL,
    previous_secret    text,
    previous_secret_until timestamptz,
    failing_since      timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    deleted_at         timestamptz
);
CREATE INDEX webhook_by_list ON webhook (list_id, created_at, id) WHERE deleted_at IS NULL;

-- One row per accepted event: the de-duplication key and the rendered webhook body.
CREATE TABLE event (
    id          text PRIMARY KEY,
    type        text        NOT NULL,
    list_id     text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    payload     text        NOT NULL,
    fanned_out  boolean     NOT NULL DEFAULT false,
    received_at timestamptz NOT NULL DEFAULT now()
);

-- The source of truth for every delivery. dispatch_seq fences queue messages: a message
-- carries the seq it was sent with, and only the message whose seq still matches may attempt.
CREATE TABLE delivery (
    id              text PRIMARY KEY,
    webhook_id      text        NOT NULL REFERENCES webhook (id),
    event_id        text        NOT NULL REFERENCES event (id),
    event_type      text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'retrying', 'succeeded', 'dead', 'skipped')),
    attempt_count   integer     NOT NULL DEFAULT 0,
    schedule_step   integer     NOT NULL DEFAULT 0,
    dispatch_seq    integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_status_code integer,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    completed_at    timestamptz,
    UNIQUE (event_id, webhook_id)
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status IN ('pending', 'retrying');
CREATE INDEX delivery_by_webhook ON delivery (webhook_id, created_at DESC, id DESC);

CREATE TABLE delivery_attempt (
    delivery_id      text        NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    attempt          integer     NOT NULL,
    started_at       timestamptz NOT NULL,
    duration_ms      integer     NOT NULL,
    status_code      integer,
    response_excerpt text,
    error            text,
    PRIMARY KEY (delivery_id, attempt)
);
