-- Connector runtime: instances (pinned connector version, config with encrypted secrets, mapping
-- overrides, state), poll cursors, de-duplication of inbound vendor records, and poller leases.

create table connector_instances (
  id text primary key,
  connector_id text not null,
  version text not null,
  previous_version text,
  -- Secret fields (x-omnihub-secret) hold enc:v1:... ciphertext, never plaintext.
  config jsonb not null,
  -- Capability name -> mapping expression replacing the capability's default mapping.
  mapping_overrides jsonb not null default '{}',
  -- Polling capability name -> interval in seconds replacing the manifest's.
  poll_intervals jsonb not null default '{}',
  state text not null default 'enabled' check (state in ('enabled', 'paused', 'disabled')),
  state_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index connector_instances_connector on connector_instances (connector_id, version);

create table connector_cursors (
  instance_id text not null references connector_instances (id) on delete cascade,
  key text not null,
  value text not null,
  updated_at timestamptz not null default now(),
  primary key (instance_id, key)
);

-- A vendor record (webhook delivery or polled record) is taken in once per instance and capability.
create table connector_inbound_records (
  instance_id text not null references connector_instances (id) on delete cascade,
  capability text not null,
  record_id text not null,
  received_at timestamptz not null default now(),
  primary key (instance_id, capability, record_id)
);
create index connector_inbound_records_received_at on connector_inbound_records (received_at);

-- At most one process polls an instance: the holder renews its lease; an expired lease is free.
create table connector_poll_leases (
  instance_id text primary key references connector_instances (id) on delete cascade,
  holder text not null,
  expires_at timestamptz not null
);
