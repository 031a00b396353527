-- A routing decision's candidates (every location considered, with its scores) are kept apart
-- from the rest of the decision, packed: criterion names and exclusion reasons written once,
-- each candidate a tuple (see core/src/routing/candidate-table.ts). Over 200 locations that is
-- about a fifth of the JSON of the candidate objects, and the rest of the decision (read for an
-- order's receipt) stays small. Decisions written before keep their candidates inside `decision`
-- and `candidates` null; both are read back the same.
alter table routing_decisions add column candidates json;

do $$
begin
  alter table routing_decisions alter column candidates set compression lz4;
exception when feature_not_supported or invalid_parameter_value then
  raise notice 'lz4 compression is not available on this server; packed candidates keep pglz';
end
$$;
