-- Which secrets key this database belongs to: a fixed label encrypted with the key at the first
-- start (never the key). An instance whose key cannot decrypt it refuses to start, even while no
-- webhook exists yet whose secret would tell.
CREATE TABLE secrets_key_canary (
    one        boolean PRIMARY KEY DEFAULT true CHECK (one),
    canary     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
