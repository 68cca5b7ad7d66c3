-- Room on each page for updated row versions: an update that changes no indexed column and finds
-- room on its row's page is a HOT update, which writes no index entry. A delivery's claim (its
-- dispatch_seq) and an event's fanned_out flag are such updates; at thousands of deliveries a
-- second the index writes they would otherwise cost are a large part of PostgreSQL's work.
-- Applies to pages written from now on.
ALTER TABLE delivery SET (fillfactor = 70);
ALTER TABLE event SET (fillfactor = 85);
