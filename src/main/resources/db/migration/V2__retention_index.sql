-- The retention route purges succeeded deliveries oldest first; this keeps each batch an index scan.
CREATE INDEX delivery_succeeded_by_completion ON delivery (completed_at) WHERE status = 'succeeded';
