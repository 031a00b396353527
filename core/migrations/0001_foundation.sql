-- Foundation: API keys, idempotent POST replies, the accepted-event log and the outbox.
-- Released migrations are append-only: change the schema with a new numbered file.

create table api_keys (
  id text primary key,
  name text not null unique,
  key_hash text not null,
  scopes text[] not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

create table idempotency_keys (
  api_key_id text not null,
  idempotency_key text not null,
  method text not null,
  path text not null,
  request_hash text not null,
  status integer,
  response_headers jsonb,
  response_body jsonb,
  created_at timestamptz not null default now(),
  primary key (api_key_id, idempotency_key)
);
create index idempotency_keys_created_at on idempotency_keys (created_at);

create table event_log (
  event_id text primary key,
  type text not null,
  source text not null,
  dataschema text not null,
  correlation_id text,
  envelope jsonb not null,
  accepted_at timestamptz not null default now()
);
create index event_log_correlation on event_log (correlation_id);
create index event_log_accepted_at on event_log (accepted_at);

create table outbox (
  seq bigint generated always as identity primary key,
  event_id text not null,
  routing_key text not null,
  envelope jsonb not null,
  target_subscriber text,
  created_at timestamptz not null default now()
);
