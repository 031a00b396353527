import { createHash } from 'node:crypto';
import { HubError } from '../errors/hub-error.ts';
import { OrderCreated } from '../events/catalog.ts';
import { createEvent, type PayloadOf } from '../events/define-event.ts';
import { acceptEvent } from '../events/event-intake.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import { schemaId } from '../schema/schema-ref.ts';
import type { Store } from '../store/store.ts';
import type { CommandHandler, HubCommand } from './command.ts';
import { requestValidator } from './request-validator.ts';

/** Request of `orders.submit`. */
export interface SubmitOrderRequest {
  order: PayloadOf<typeof OrderCreated>['order'];
  idempotencyKey?: string | undefined;
}

/** Reply of `orders.submit`. */
export interface SubmitOrderReply {
  eventId: string;
  orderId: string;
  /** `duplicate` when the same submission was accepted before (nothing new was queued). */
  outcome: 'accepted' | 'duplicate';
}

/** `source` of the `order.created` events this command accepts. */
export const SUBMIT_ORDER_SOURCE = '/rpc/orders.submit';

/**
 * `orders.submit`: validates an order against the canonical order schema (the one `order.created`
 * carries) and accepts it durably as an `order.created` event (event log and outbox in one
 * transaction), answering the event id. The event id derives from the idempotency key (default:
 * the order id), so a resubmission is a `duplicate` with the same event id; the same key with
 * another order is a `conflict`.
 */
export const SUBMIT_ORDER_COMMAND: HubCommand = {
  pattern: 'orders.submit',
  summary: 'Accepts an order as an order.created event (validated against the canonical order schema) and answers its event id.',
  request: {
    type: 'object',
    additionalProperties: false,
    required: ['order'],
    properties: {
      // order.created v1 carries an order v1.
      order: { $ref: schemaId({ name: 'order', version: 1 }) },
      idempotencyKey: {
        type: 'string',
        minLength: 1,
        maxLength: 200,
        description: "Makes a resubmission harmless: the same key gives the same event id. Defaults to the order's id.",
      },
    },
  },
  reply: {
    type: 'object',
    additionalProperties: false,
    required: ['eventId', 'orderId', 'outcome'],
    properties: {
      eventId: { type: 'string', description: 'Id of the order.created event; its correlation id too, for `omnihub trace`.' },
      orderId: { type: 'string' },
      outcome: { type: 'string', enum: ['accepted', 'duplicate'] },
    },
  },
};

// The order itself is checked against the canonical schema by the registry; this checks the rest.
const validateShape = requestValidator(SUBMIT_ORDER_COMMAND.pattern, {
  ...SUBMIT_ORDER_COMMAND.request,
  properties: { ...(SUBMIT_ORDER_COMMAND.request['properties'] as object), order: { type: 'object' } },
});

/** A UUID-shaped id derived from the idempotency key: the same key always gives the same event. */
function eventIdOf(key: string): string {
  const hex = createHash('sha256').update(`orders.submit\n${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** JSON with object keys sorted, so two documents compare equal whatever their key order (jsonb reorders). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Dependencies of {@link submitOrderHandler}. */
export interface SubmitOrderDeps {
  store: Store;
  registry: SchemaRegistry;
  /** Called after an event was queued in the outbox, to relay it at once. */
  onAccepted?: (() => void) | undefined;
}

/** The handler of {@link SUBMIT_ORDER_COMMAND}. */
export function submitOrderHandler(deps: SubmitOrderDeps): CommandHandler {
  return async (data, context) => {
    validateShape(data);
    const request = data as SubmitOrderRequest;
    const payload = { order: request.order };
    deps.registry.assertValid({ name: OrderCreated.type, version: OrderCreated.version }, payload);
    const eventId = eventIdOf(request.idempotencyKey ?? request.order.id);
    const event = createEvent(OrderCreated, payload, {
      source: SUBMIT_ORDER_SOURCE,
      id: eventId,
      subject: request.order.id,
      partitionKey: request.order.id,
      ...(context.correlationId === undefined ? {} : { correlationId: context.correlationId }),
    });
    const outcome = await deps.store.transaction(async (tx) => {
      const accepted = await acceptEvent(tx, { ...event, dataschema: OrderCreated.dataschema });
      if (accepted === 'accepted') return accepted;
      const { rows } = await tx.query<{ data: unknown }>("select envelope -> 'data' as data from event_log where event_id = $1", [eventId]);
      if (canonicalJson(rows[0]?.data) !== canonicalJson(payload)) {
        throw new HubError('conflict', { detail: `orders.submit: idempotency key "${request.idempotencyKey ?? request.order.id}" was used before with another order` });
      }
      return accepted;
    });
    if (outcome === 'accepted') deps.onAccepted?.();
    const reply: SubmitOrderReply = { eventId, orderId: request.order.id, outcome };
    return reply;
  };
}
