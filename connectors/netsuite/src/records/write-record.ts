import type { ActionInput, ActionResult, ConnectorContext } from '@omnihub/connector-sdk';
import { asyncWrite } from '../async-write.ts';
import type { NetSuiteConfig } from '../config.ts';
import { netsuiteRequest } from '../rest-client.ts';
import { recordPath, recordPayload, type RecordType } from './record-payload.ts';

/**
 * Writes one record for an action (none when the mapping gave null), so that a redelivered event
 * never writes twice:
 * - a standalone record is upserted by external id (`PUT /record/v1/{type}/eid:{externalId}`,
 *   sublists replaced with `replace=item`);
 * - a record created from another (`from`) is first looked up by its external id and, when
 *   absent, made by a transform (`POST /record/v1/{from}/eid:{id}/!transform/{type}`).
 * Both writes run asynchronously under NetSuite's idempotency key (see {@link asyncWrite}).
 *
 * @example
 * export const upsertSalesOrder = { execute: (input, ctx) => writeRecord(ctx, input, 'salesOrder', 'upsert-sales-order') };
 */
export async function writeRecord(ctx: ConnectorContext<NetSuiteConfig>, input: ActionInput, type: RecordType, action: string): Promise<ActionResult> {
  if (input.payload === null) {
    // The mapping decided this event writes nothing (e.g. a refund that did not succeed).
    ctx.logger.info({ action, event: input.event.id }, 'mapping produced no NetSuite record: nothing to write');
    return {};
  }
  const payload = recordPayload(input.payload, action);
  const what = `${type} eid:${payload.externalId}`;
  if (payload.from === undefined) {
    return asyncWrite(ctx, { method: 'PUT', path: recordPath(type, payload.externalId), query: { replace: 'item' }, json: payload.record, idempotencyKey: input.idempotencyKey, what });
  }
  const existing = await netsuiteRequest<{ id?: unknown }>(ctx, { method: 'GET', path: recordPath(type, payload.externalId), query: { fields: 'id' }, acceptStatuses: [404] });
  if (existing.status !== 404) {
    ctx.logger.info({ type, externalId: payload.externalId }, 'NetSuite record already exists: nothing to write');
    const id = typeof existing.data.id === 'string' ? existing.data.id : payload.externalId;
    return { vendorIds: [`${type}:${id}`], alreadyApplied: true };
  }
  return asyncWrite(ctx, {
    method: 'POST',
    path: `${recordPath(payload.from.type, payload.from.externalId)}/!transform/${type}`,
    query: { replace: 'item' },
    json: { ...payload.record, externalId: payload.externalId },
    idempotencyKey: input.idempotencyKey,
    what: `${what} from ${payload.from.type} eid:${payload.from.externalId}`,
  });
}
