-- When each order line of the customer context last changed, so that line updates delivered out
-- of order end as they would in order: per line id, `at` is the event time (epoch milliseconds) of
-- the update that set the line's status and `back` that of the newest rejection that sent it back
-- to routing. An update older than the line's last rejection no longer moves it forward again,
-- and a rejection older than the line's status no longer sends it back. Views written before have
-- no times, and their lines move as before.
alter table customer_order_view add column line_clock jsonb not null default '{}'::jsonb;
