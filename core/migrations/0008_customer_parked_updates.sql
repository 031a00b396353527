-- Order updates the customer context receives before their order.
-- Released migrations are append-only: change the schema with a new numbered file.

-- Routing, fulfillment and cancellation events for an order the projection does not know yet
-- (delivery order across queues is not promised). Each waits here until its order.created
-- arrives, which applies the order's rows in event-time order (then event id) and deletes them in
-- the same transaction. Keyed by event id, so an event delivered twice waits once.
create table customer_parked_updates (
  order_id text not null,
  event_id text not null,
  event_type text not null,
  -- Schema version of the payload (the version the projection subscribes to).
  dataschema text,
  -- The event's time; an event without one sorts by when it was parked.
  event_time timestamptz not null,
  payload jsonb not null,
  parked_at timestamptz not null default now(),
  primary key (order_id, event_id)
);
