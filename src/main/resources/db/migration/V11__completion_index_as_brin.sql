-- A success wrote an entry in a B-tree of completion times (the retention's index of succeeded
-- deliveries), every one at its right edge, where concurrent successes wait on each other. A BRIN
-- index keeps one summary per range of pages instead: rows complete in about the order they are
-- written, so the ranges of old pages hold old completion times, and the retention's batches still
-- read only those. Status is no longer in its definition: the purge tests it on the rows.
DROP INDEX delivery_succeeded_by_completion;
CREATE INDEX delivery_completed_at ON delivery USING brin (completed_at) WITH (autosummarize = on);
