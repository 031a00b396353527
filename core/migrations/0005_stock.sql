-- Stock sync: the movement ledger, positions per SKU x location (Shopify's bucket names), what each
-- source's quantities mean, sales channels and the locations feeding them, reservations, the
-- availability published per SKU x channel with its version, channel pushes, and drift checks.
--
-- Ordering keys (`order_key`, `*_base`) compare byte-wise (collate "C") so that PostgreSQL and the
-- code order movements the same way; see core/src/stock/order-key.ts.

create table stock_sources (
  source_id text primary key,
  semantics text not null check (semantics in ('physical', 'net-of-open-orders')),
  description text,
  updated_at timestamptz not null default now()
);

create table stock_movements (
  movement_id text primary key,
  sku text not null,
  location_id text not null,
  -- The bucket the movement counts in: onHand (a reported `available` is folded into it), committed,
  -- reserved, incoming, safetyStock or damaged. `reported_bucket` keeps what the source said.
  bucket text not null,
  reported_bucket text not null,
  mode text not null check (mode in ('delta', 'absolute')),
  quantity integer not null,
  -- An absolute on-hand quantity already net of open orders (see stock_sources).
  net boolean not null default false,
  reason text not null,
  source_system text not null,
  source_instance_id text,
  source_event_time timestamptz,
  source_sequence text,
  occurred_at timestamptz not null,
  order_key text collate "C" not null,
  order_id text,
  line_id text,
  reference jsonb,
  -- The hub's own on-hand decrement when it consumed a reservation: superseded (void) once the
  -- location's system reports the same order line's sale or fulfillment itself.
  provisional boolean not null default false,
  void boolean not null default false,
  event_id text,
  content_hash text not null,
  recorded_at timestamptz not null default now()
);
create index stock_movements_position on stock_movements (sku, location_id, bucket, order_key);
create index stock_movements_order_line on stock_movements (sku, location_id, order_id, line_id) where order_id is not null;

create sequence stock_change_seq;

create table stock_positions (
  sku text not null,
  location_id text not null,
  on_hand integer not null default 0,
  committed integer not null default 0,
  reserved integer not null default 0,
  incoming integer not null default 0,
  safety_stock integer not null default 0,
  damaged integer not null default 0,
  -- Ordering key of the absolute movement (count) each bucket was last set from; null: never counted.
  on_hand_base text collate "C",
  on_hand_base_net boolean not null default false,
  incoming_base text collate "C",
  safety_stock_base text collate "C",
  damaged_base text collate "C",
  as_of timestamptz,
  updated_at timestamptz not null default now(),
  change_seq bigint not null default nextval('stock_change_seq'),
  primary key (sku, location_id)
);
create index stock_positions_changes on stock_positions (change_seq);
create index stock_positions_location on stock_positions (location_id, change_seq);

create table stock_backorder_limits (
  sku text primary key,
  units integer not null check (units >= 0),
  updated_at timestamptz not null default now()
);

create table stock_channels (
  channel_id text primary key,
  name text not null,
  kind text not null check (kind in ('web', 'marketplace', 'store-pickup')),
  buffer_units integer check (buffer_units >= 0),
  buffer_percent numeric(5, 2) check (buffer_percent >= 0 and buffer_percent <= 100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (buffer_units is null or buffer_percent is null)
);

create table stock_channel_locations (
  channel_id text not null references stock_channels (channel_id) on delete cascade,
  location_id text not null,
  primary key (channel_id, location_id)
);
create index stock_channel_locations_location on stock_channel_locations (location_id);

-- What the hub last published per SKU x channel; `version` grows by one per publication.
create table stock_published (
  channel_id text not null references stock_channels (channel_id) on delete cascade,
  sku text not null,
  available integer,
  pooled integer,
  version bigint not null default 0,
  published_at timestamptz,
  primary key (channel_id, sku)
);
create index stock_published_sku on stock_published (sku);

-- Channel availability that still has to be recomputed for every SKU (after a channel changed).
create table stock_channel_refresh (
  channel_id text primary key,
  after_sku text collate "C",
  requested_at timestamptz not null default now()
);

create table stock_reservations (
  order_id text not null,
  line_id text not null,
  location_id text not null,
  sku text not null,
  quantity integer not null check (quantity >= 0),
  reserved_quantity integer not null check (reserved_quantity > 0),
  bucket text not null check (bucket in ('committed', 'reserved')),
  status text not null check (status in ('active', 'released', 'consumed', 'expired')),
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (order_id, line_id, location_id)
);
create index stock_reservations_expiry on stock_reservations (expires_at) where status = 'active' and expires_at is not null;
create index stock_reservations_sku on stock_reservations (sku, location_id) where status = 'active';

-- Highest version a channel pusher delivered per SKU x channel: an older one is never pushed after it.
create table stock_channel_pushes (
  channel_id text not null,
  sku text not null,
  version bigint not null,
  pushed_at timestamptz not null default now(),
  primary key (channel_id, sku)
);

create table stock_reconcile_runs (
  id text primary key,
  channel_id text not null,
  apply boolean not null,
  status text not null,
  checked integer not null default 0,
  drifted integer not null default 0,
  fixed integer not null default 0,
  drift jsonb not null default '[]',
  detail text,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index stock_reconcile_runs_channel on stock_reconcile_runs (channel_id, started_at desc);
