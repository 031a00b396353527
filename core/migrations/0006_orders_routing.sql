-- Fulfillment routing: locations, versioned routing profiles, orders with their status history,
-- routing decisions, fulfillment requests and the daily load that daily capacity is checked against.

create table locations (
  id text primary key,
  type text not null,
  status text not null,
  groups text[] not null default '{}',
  document jsonb not null,
  revision integer not null default 1,
  updated_at timestamptz not null default now()
);

-- A profile version is editable while draft and immutable once activated; at most one version
-- of a profile is active.
create table routing_profiles (
  id text not null,
  version integer not null,
  status text not null check (status in ('draft', 'active', 'inactive')),
  definition jsonb not null,
  comment text,
  created_by text,
  created_at timestamptz not null default now(),
  activated_at timestamptz,
  deactivated_at timestamptz,
  primary key (id, version)
);
create unique index routing_profiles_one_active on routing_profiles (id) where status = 'active';

create table orders (
  id text primary key,
  channel text not null,
  delivery_method text not null,
  status text not null,
  customer_status text not null,
  document jsonb not null,
  content_hash text not null,
  routing_attempt integer not null default 0,
  -- Locations ruled out for the rest of the order's life (a rejection), with the reason.
  excluded_locations jsonb not null default '{}',
  cancelled_line_ids text[] not null default '{}',
  source text not null,
  correlation_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index orders_created_at on orders (created_at);

create table order_status_history (
  id bigint generated always as identity primary key,
  order_id text not null references orders (id) on delete cascade,
  at timestamptz not null default now(),
  status text not null,
  customer_status text not null,
  event text not null,
  detail text
);
create index order_status_history_order on order_status_history (order_id, id);

-- Decisions are kept as written (json, not jsonb): they are large (every candidate with its
-- scores), written once per routing and read whole; PostgreSQL need not take them apart.
create table routing_decisions (
  id text primary key,
  order_id text not null references orders (id) on delete cascade,
  attempt integer not null,
  profile_id text not null,
  profile_version integer not null,
  decision json not null,
  explanation json not null,
  decided_at timestamptz not null,
  unique (order_id, attempt)
);

create table fulfillments (
  id text primary key,
  order_id text not null references orders (id) on delete cascade,
  location_id text not null,
  decision_id text not null references routing_decisions (id),
  status text not null,
  delivery_method text not null,
  lines jsonb not null,
  shipments jsonb not null default '[]',
  rejection_reason text,
  rejection_detail text,
  requested_at timestamptz not null,
  accept_by timestamptz,
  updated_at timestamptz not null default now()
);
create index fulfillments_order on fulfillments (order_id);
create index fulfillments_deadline on fulfillments (accept_by) where status = 'requested';

-- Fulfillments assigned per location and local day (the location's time zone).
create table location_daily_load (
  location_id text not null,
  day date not null,
  assigned integer not null default 0,
  primary key (location_id, day)
);

-- The built-in profile: routes any order that no other active profile claims. Deactivate it once
-- your own profiles cover every order.
insert into routing_profiles (id, version, status, definition, comment, created_by, activated_at) values (
  'default', 1, 'active',
  '{"description": "Built-in default: whole lines from locations with stock, fewest shipments, nearest first, within daily capacity.", "priority": 1000000, "criteria": [{"type": "stock"}, {"type": "daily-capacity"}, {"type": "distance"}], "split": {"maxShipments": 3}}',
  'built-in default profile', 'omnihub', now()
);
