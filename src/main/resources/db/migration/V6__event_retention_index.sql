-- The retention route purges events oldest first, once no delivery refers to them.
CREATE INDEX event_by_received_at ON event (received_at);
