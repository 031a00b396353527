-- The inbox row of a handled event is also its "handled" line in traces: one insert per handled
-- message instead of two on the subscriber's hot path. Older rows leave no gap: message_log keeps
-- the handled lines written before this migration.

alter table inbox add column correlation_id text;
alter table inbox add column event_type text;
alter table inbox add column attempt integer;
create index inbox_correlation on inbox (correlation_id, handled_at) where correlation_id is not null;
