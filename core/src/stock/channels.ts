import { HubError, type FieldError } from '../errors/hub-error.ts';
import type { SqlExecutor } from '../store/store.ts';
import { CHANNEL_KINDS, type ChannelKind, type SalesChannel } from './types.ts';

interface ChannelRow extends Record<string, unknown> {
  channel_id: string;
  name: string;
  kind: ChannelKind;
  buffer_units: number | null;
  buffer_percent: string | number | null;
  location_ids: string[] | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const CHANNEL_SELECT = `select c.channel_id, c.name, c.kind, c.buffer_units, c.buffer_percent, c.created_at, c.updated_at,
  (select array_agg(l.location_id order by l.location_id) from stock_channel_locations l where l.channel_id = c.channel_id) as location_ids
  from stock_channels c`;

function channelOf(row: ChannelRow): SalesChannel {
  const buffer = row.buffer_units !== null ? { units: row.buffer_units } : row.buffer_percent !== null ? { percent: Number(row.buffer_percent) } : undefined;
  return {
    id: row.channel_id,
    name: row.name,
    kind: row.kind,
    locationIds: row.location_ids ?? [],
    ...(buffer === undefined ? {} : { buffer }),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/** What is wrong with a channel definition, located by JSON pointer (empty when it is fine). */
export function channelProblems(channel: SalesChannel): FieldError[] {
  const problems: FieldError[] = [];
  if (!ID.test(channel.id)) problems.push({ path: '/id', message: 'must be 1-200 letters, digits, dots, colons, dashes or underscores', keyword: 'pattern' });
  if (channel.name.trim() === '') problems.push({ path: '/name', message: 'must not be empty', keyword: 'minLength' });
  if (!CHANNEL_KINDS.includes(channel.kind)) problems.push({ path: '/kind', message: `must be one of ${CHANNEL_KINDS.join(', ')}`, keyword: 'enum' });
  const locations = new Set(channel.locationIds);
  if (locations.size === 0) problems.push({ path: '/locationIds', message: 'name at least one location feeding the channel', keyword: 'minItems' });
  if (locations.size !== channel.locationIds.length) problems.push({ path: '/locationIds', message: 'must not repeat a location', keyword: 'uniqueItems' });
  if (channel.kind === 'store-pickup' && locations.size > 1) problems.push({ path: '/locationIds', message: 'a store pickup channel sells one store\'s stock: name exactly one location', keyword: 'maxItems' });
  const buffer = channel.buffer;
  if (buffer !== undefined) {
    if ('units' in buffer && (!Number.isInteger(buffer.units) || buffer.units < 0)) problems.push({ path: '/buffer/units', message: 'must be a whole number of units, 0 or more', keyword: 'minimum' });
    if ('percent' in buffer && !(buffer.percent >= 0 && buffer.percent <= 100 && Math.round(buffer.percent * 100) === buffer.percent * 100)) {
      problems.push({ path: '/buffer/percent', message: 'must be a percentage from 0 to 100 with at most two decimals', keyword: 'maximum' });
    }
  }
  return problems;
}

/**
 * Creates or replaces a sales channel with the locations feeding it and its buffer, and queues a
 * recomputation of its availability for every SKU those locations hold (see refresh.ts).
 *
 * @throws HubError `validation-failed` naming each wrong field.
 */
export async function setChannel(tx: SqlExecutor, channel: SalesChannel): Promise<SalesChannel> {
  const problems = channelProblems(channel);
  if (problems.length > 0) throw new HubError('validation-failed', { detail: `sales channel ${channel.id} is not valid`, errors: problems });
  const units = channel.buffer !== undefined && 'units' in channel.buffer ? channel.buffer.units : null;
  const percent = channel.buffer !== undefined && 'percent' in channel.buffer ? channel.buffer.percent : null;
  await tx.query(
    `insert into stock_channels (channel_id, name, kind, buffer_units, buffer_percent) values ($1, $2, $3, $4, $5)
     on conflict (channel_id) do update set name = excluded.name, kind = excluded.kind, buffer_units = excluded.buffer_units,
       buffer_percent = excluded.buffer_percent, updated_at = now()`,
    [channel.id, channel.name, channel.kind, units, percent],
  );
  await tx.query('delete from stock_channel_locations where channel_id = $1 and location_id <> all($2::text[])', [channel.id, channel.locationIds]);
  await tx.query(
    'insert into stock_channel_locations (channel_id, location_id) select $1, unnest($2::text[]) on conflict do nothing',
    [channel.id, channel.locationIds],
  );
  await requestRefresh(tx, channel.id);
  const stored = await getChannel(tx, channel.id);
  if (stored === undefined) throw new Error(`sales channel ${channel.id} was not stored`);
  return stored;
}

/** One channel, or undefined. */
export async function getChannel(executor: SqlExecutor, id: string): Promise<SalesChannel | undefined> {
  const { rows } = await executor.query<ChannelRow>(`${CHANNEL_SELECT} where c.channel_id = $1`, [id]);
  const row = rows[0];
  return row === undefined ? undefined : channelOf(row);
}

/** Every channel, by id. */
export async function listChannels(executor: SqlExecutor): Promise<SalesChannel[]> {
  const { rows } = await executor.query<ChannelRow>(`${CHANNEL_SELECT} order by c.channel_id`);
  return rows.map(channelOf);
}

/** Deletes a channel with what was published for it; false when there was none. Nothing is pushed to it any more. */
export async function deleteChannel(executor: SqlExecutor, id: string): Promise<boolean> {
  const { rowCount } = await executor.query('delete from stock_channels where channel_id = $1', [id]);
  await executor.query('delete from stock_channel_refresh where channel_id = $1', [id]);
  return rowCount > 0;
}

/** Queues (or restarts) the recomputation of a channel's availability for every SKU. */
export async function requestRefresh(executor: SqlExecutor, channelId: string): Promise<void> {
  await executor.query(
    `insert into stock_channel_refresh (channel_id) values ($1)
     on conflict (channel_id) do update set after_sku = null, requested_at = now()`,
    [channelId],
  );
}
