-- Large documents: a routing decision over 200 locations (every candidate with its scores) is
-- about 80 kB of JSON, and order.routed carries it through the outbox.

-- An outbox row keeps the event's data apart from its other attributes, as the JSON text it was
-- written as: the relay sends that text as the message body, and PostgreSQL never takes it apart
-- or prints it again (turning 80 kB of jsonb back into text took about a millisecond a row).
-- Rows queued before this migration keep their data inside `envelope` and are relayed as before.
alter table outbox add column data json;

-- lz4 where the server was built with it: about five times faster to write than the default pglz,
-- and smaller. Only values written from now on are affected. A server without lz4 keeps pglz; the
-- migration still applies.
do $$
begin
  alter table outbox alter column data set compression lz4;
  alter table outbox alter column envelope set compression lz4;
  alter table routing_decisions alter column decision set compression lz4;
  alter table routing_decisions alter column explanation set compression lz4;
  alter table event_log alter column envelope set compression lz4;
  alter table dead_letters alter column envelope set compression lz4;
  alter table orders alter column document set compression lz4;
exception when feature_not_supported or invalid_parameter_value then
  raise notice 'lz4 compression is not available on this server; large documents keep pglz';
end
$$;
