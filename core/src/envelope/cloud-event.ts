/**
 * A CloudEvents 1.0 event in structured JSON form, with omnihub's extensions.
 * `data` is the canonical payload named by `type` and `dataschema`.
 */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  /** URI reference of the producer, e.g. `/connectors/shopify/shop-eu`. */
  source: string;
  /** Event type, also the AMQP routing key, e.g. `order.created`. */
  type: string;
  subject?: string;
  /** When the fact happened (RFC 3339). */
  time?: string;
  datacontenttype?: 'application/json';
  /** `$id` of the payload schema version. */
  dataschema?: string;
  data: T;
  /** Groups every event of one business transaction (an order's whole path). */
  correlationid?: string;
  /** Id of the event that caused this one. */
  causationid?: string;
  /** Events with one partition key are about one entity (an order id, a SKU at a location). */
  partitionkey?: string;
  /** Source-provided ordering value (CloudEvents sequence extension), decimal digits. */
  sequence?: string;
}

/** The envelope's own shape as JSON Schema (2020-12), checked before the payload. */
export const CLOUD_EVENT_SCHEMA = {
  $id: 'https://schemas.omnihub.dev/cloudevent/envelope.schema.json',
  type: 'object',
  required: ['specversion', 'id', 'source', 'type', 'data'],
  additionalProperties: false,
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', minLength: 1, maxLength: 200 },
    source: { type: 'string', minLength: 1, maxLength: 500, format: 'uri-reference' },
    type: { type: 'string', pattern: '^[a-z]+(\\.[a-z-]+)+$', maxLength: 200 },
    subject: { type: 'string', maxLength: 500 },
    time: { type: 'string', format: 'date-time' },
    datacontenttype: { const: 'application/json' },
    dataschema: { type: 'string', format: 'uri', maxLength: 500 },
    data: { type: 'object' },
    correlationid: { type: 'string', minLength: 1, maxLength: 200 },
    causationid: { type: 'string', minLength: 1, maxLength: 200 },
    partitionkey: { type: 'string', minLength: 1, maxLength: 200 },
    sequence: { type: 'string', pattern: '^\\d{1,30}$' },
  },
} as const;
