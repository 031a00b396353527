-- Broker core: inbox (idempotent consumption), outbox claiming, dead letters with audited
-- replay, the message log behind traces, paused subscribers, and the embedded transport's queues.

alter table outbox add column claimed_until timestamptz;
create index outbox_claimable on outbox (claimed_until, seq);

create table inbox (
  subscriber text not null,
  event_id text not null,
  handled_at timestamptz not null default now(),
  primary key (subscriber, event_id)
);
create index inbox_handled_at on inbox (handled_at);

create table dead_letters (
  id text primary key,
  subscriber text not null,
  event_id text not null,
  event_type text not null,
  source text,
  correlation_id text,
  envelope jsonb,
  raw_message text,
  error_kind text not null,
  error_code text not null,
  error_message text not null,
  error_stack text,
  attempts integer not null,
  attempt_history jsonb not null,
  connector_version text,
  mapping_version text,
  status text not null default 'open',
  replay_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (subscriber, event_id)
);
create index dead_letters_listing on dead_letters (created_at desc, id desc);
create index dead_letters_type on dead_letters (event_type);
create index dead_letters_code on dead_letters (error_code);

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  target text not null,
  reason text,
  before_hash text,
  after_hash text,
  details jsonb
);
create index audit_log_target on audit_log (target);

create table message_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  event_id text not null,
  correlation_id text,
  event_type text not null,
  subscriber text,
  outcome text not null,
  attempt integer,
  detail text
);
create index message_log_correlation on message_log (correlation_id, at);
create index message_log_at on message_log (at);

create table subscriber_state (
  subscriber text primary key,
  paused boolean not null default false,
  reason text,
  updated_at timestamptz not null default now()
);

create table embedded_bindings (
  subscriber text not null,
  pattern text not null,
  regex text not null,
  primary key (subscriber, pattern)
);

create table embedded_messages (
  id bigint generated always as identity primary key,
  subscriber text not null,
  message_id text not null,
  routing_key text not null,
  headers jsonb not null,
  body text not null,
  available_at timestamptz not null default now(),
  locked_until timestamptz,
  delivery_count integer not null default 0
);
create index embedded_messages_ready on embedded_messages (subscriber, available_at, id);
