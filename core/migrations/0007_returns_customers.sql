-- Returns saga, customer context projection and proactive notifications.
-- Released migrations are append-only: change the schema with a new numbered file.

-- Return policies (schema.org MerchantReturnPolicy shaped), versioned: a new document is a new
-- version; at most one version of each policy is active.
create table return_policies (
  policy_id text not null,
  version integer not null,
  document jsonb not null,
  active boolean not null default false,
  created_by text,
  created_at timestamptz not null default now(),
  primary key (policy_id, version)
);
create unique index return_policies_one_active on return_policies (policy_id) where active;

-- One row per return (RMA): its state in the saga and what each step decided.
create table returns (
  return_id text primary key,
  order_id text not null,
  customer_id text,
  status text not null,
  method text not null,
  origin jsonb not null,
  lines jsonb not null,
  decision jsonb,
  override jsonb,
  label jsonb,
  refund jsonb,
  eligible_until timestamptz,
  receive_by timestamptz,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index returns_order on returns (order_id);
create index returns_customer on returns (customer_id);
create index returns_listing on returns (created_at desc, return_id desc);
create index returns_status on returns (status, updated_at);

-- Every step a return went through (and every failed or compensated one), oldest first.
create table return_history (
  id bigint generated always as identity primary key,
  return_id text not null,
  at timestamptz not null,
  step text not null,
  outcome text not null,
  from_status text,
  to_status text,
  actor text,
  detail jsonb
);
create index return_history_return on return_history (return_id, id);

-- Goods handed in for a return (several receipts per return are allowed), with the stock
-- movements they caused so a voided receipt can reverse exactly those.
create table return_receipts (
  return_id text not null,
  receipt_id text not null,
  location_id text not null,
  lines jsonb not null,
  movements jsonb not null default '[]',
  received_at timestamptz not null,
  voided_at timestamptz,
  void_reason text,
  primary key (return_id, receipt_id)
);

-- Alerts a flow raises for people (a return parked for manual refund, an unroutable refund).
create table flow_alerts (
  id bigint generated always as identity primary key,
  flow text not null,
  kind text not null,
  subject text not null,
  message text not null,
  details jsonb,
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by text
);
create index flow_alerts_subject on flow_alerts (subject);
create index flow_alerts_open on flow_alerts (created_at) where resolved_at is null;

-- Customer profiles as the connected systems upsert them (customer v1 documents).
create table customer_profiles (
  customer_id text primary key,
  profile jsonb not null,
  source_updated_at timestamptz,
  updated_at timestamptz not null default now()
);

-- Lookup keys of a customer: lower-cased email, E.164 phone, `system:id` external ids.
create table customer_identities (
  kind text not null check (kind in ('email', 'phone', 'external')),
  value text not null,
  customer_id text not null,
  primary key (kind, value)
);
create index customer_identities_customer on customer_identities (customer_id);

-- Orders as the customer context and the returns policy see them: lines with where and how far
-- each is fulfilled, prices, categories and the payment that can be refunded.
create table customer_order_view (
  order_id text primary key,
  customer_id text,
  email text,
  phone text,
  channel text not null,
  placed_at timestamptz not null,
  status text not null,
  currency text not null,
  total jsonb not null,
  refunded jsonb,
  -- Refunds already counted in refunded, so a refund reported twice lowers the value once.
  refund_ids jsonb not null default '[]',
  payment jsonb,
  source text not null,
  country text,
  lines jsonb not null,
  updated_at timestamptz not null default now()
);
create index customer_order_view_customer on customer_order_view (customer_id, placed_at desc);
create index customer_order_view_email on customer_order_view (email) where customer_id is null;
create index customer_order_view_phone on customer_order_view (phone) where customer_id is null;

-- Contact-center interactions (calls, SMS, chats, emails).
create table customer_interactions (
  interaction_id text primary key,
  customer_id text,
  phone text,
  email text,
  channel text not null,
  started_at timestamptz not null,
  ended_at timestamptz,
  document jsonb not null,
  updated_at timestamptz not null default now()
);
create index customer_interactions_customer on customer_interactions (customer_id, started_at desc);
create index customer_interactions_phone on customer_interactions (phone) where customer_id is null;

-- The precomputed customer context (customer-context v1), one row read per agent lookup.
create table customer_contexts (
  customer_id text primary key,
  context jsonb not null,
  updated_at timestamptz not null default now()
);

-- How a customer wants to be notified: language and channel.
create table customer_preferences (
  customer_id text primary key,
  locale text,
  channel text check (channel in ('sms', 'email', 'voice')),
  updated_at timestamptz not null default now()
);

-- Proactive notifications: one per announcement (dedupe_key), held through quiet hours and
-- released by the scheduler, with the delivery status reported back by the provider.
create table notifications (
  notification_id text primary key,
  dedupe_key text not null unique,
  source_event_id text not null,
  kind text not null,
  customer_id text not null,
  channel text,
  recipient text,
  locale text,
  template text,
  subject text,
  body text,
  variables jsonb not null default '{}',
  order_id text,
  return_id text,
  instance_id text,
  status text not null,
  suppressed_reason text,
  held_until timestamptz,
  provider_message_id text,
  sent_at timestamptz,
  delivered_at timestamptz,
  error text,
  history jsonb not null default '[]',
  correlation_id text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index notifications_held on notifications (held_until) where status = 'held';
create index notifications_customer on notifications (customer_id, created_at desc);
create index notifications_provider on notifications (provider_message_id) where provider_message_id is not null;

-- Message templates per kind, channel and locale that replace the built-in ones.
create table notification_templates (
  kind text not null,
  channel text not null,
  locale text not null,
  subject text,
  body text not null,
  updated_at timestamptz not null default now(),
  primary key (kind, channel, locale)
);
