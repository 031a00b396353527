import { HubError } from '../errors/hub-error.ts';
import type { SqlExecutor } from '../store/store.ts';
import { assertProfileDefinition, PROFILE_ID_PATTERN } from './profile-schema.ts';
import type { ProfileStatus, RoutingProfile, RoutingProfileDefinition } from './profile-types.ts';

interface ProfileRow extends Record<string, unknown> {
  id: string;
  version: number;
  status: ProfileStatus;
  definition: RoutingProfileDefinition;
  comment: string | null;
  created_at: Date;
  activated_at: Date | null;
  deactivated_at: Date | null;
}

const COLUMNS = 'id, version, status, definition, comment, created_at, activated_at, deactivated_at';

function toProfile(row: ProfileRow): RoutingProfile {
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    definition: row.definition,
    createdAt: row.created_at.toISOString(),
    ...(row.comment === null ? {} : { comment: row.comment }),
    ...(row.activated_at === null ? {} : { activatedAt: row.activated_at.toISOString() }),
    ...(row.deactivated_at === null ? {} : { deactivatedAt: row.deactivated_at.toISOString() }),
  };
}

/** A new version of a profile, as {@link createProfileVersion} takes it. */
export interface NewProfileVersion {
  id: string;
  definition: unknown;
  comment?: string | undefined;
  /** Who created it (the API key's name). */
  actor: string;
}

/**
 * Adds a draft version of profile `id` (version 1 for a new profile, else the highest plus one).
 * The definition is validated; paths in errors start at `/definition`.
 */
export async function createProfileVersion(tx: SqlExecutor, input: NewProfileVersion): Promise<RoutingProfile> {
  if (!new RegExp(PROFILE_ID_PATTERN).test(input.id)) {
    throw new HubError('validation-failed', {
      detail: `profile id "${input.id}" must be lower-case letters, digits, dots, dashes or underscores`,
      errors: [{ path: '/id', message: `must match ${PROFILE_ID_PATTERN}`, keyword: 'pattern' }],
    });
  }
  assertProfileDefinition(input.definition, '/definition');
  // Serializes version numbering per profile; the key space is this module's alone.
  await tx.query("select pg_advisory_xact_lock(hashtext('omnihub.routing-profile.' || $1))", [input.id]);
  const { rows } = await tx.query<ProfileRow>(
    `insert into routing_profiles (id, version, status, definition, comment, created_by)
     select $1, coalesce(max(version), 0) + 1, 'draft', $2::jsonb, $3, $4 from routing_profiles where id = $1
     returning ${COLUMNS}`,
    [input.id, JSON.stringify(input.definition), input.comment ?? null, input.actor],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`profile ${input.id}: no version was inserted`);
  return toProfile(row);
}

/** One version of a profile, or undefined. */
export async function getProfile(db: SqlExecutor, id: string, version: number): Promise<RoutingProfile | undefined> {
  const { rows } = await db.query<ProfileRow>(`select ${COLUMNS} from routing_profiles where id = $1 and version = $2`, [id, version]);
  return rows[0] === undefined ? undefined : toProfile(rows[0]);
}

/** One version of a profile; `not-found` when it does not exist. */
export async function requireProfile(db: SqlExecutor, id: string, version: number): Promise<RoutingProfile> {
  const profile = await getProfile(db, id, version);
  if (profile === undefined) throw new HubError('not-found', { detail: `no routing profile ${id}@${version}` });
  return profile;
}

/** Every version of a profile, newest first (empty when the profile does not exist). */
export async function listProfileVersions(db: SqlExecutor, id: string): Promise<RoutingProfile[]> {
  const { rows } = await db.query<ProfileRow>(`select ${COLUMNS} from routing_profiles where id = $1 order by version desc`, [id]);
  return rows.map(toProfile);
}

/** Every version of every profile, by id then newest version first. */
export async function listProfiles(db: SqlExecutor): Promise<RoutingProfile[]> {
  const { rows } = await db.query<ProfileRow>(`select ${COLUMNS} from routing_profiles order by id, version desc`);
  return rows.map(toProfile);
}

/** The active version of every profile. */
export async function activeProfiles(db: SqlExecutor): Promise<RoutingProfile[]> {
  const { rows } = await db.query<ProfileRow>(`select ${COLUMNS} from routing_profiles where status = 'active' order by id`);
  return rows.map(toProfile);
}

/** Replaces the definition of a draft; active and inactive versions are immutable (`conflict`). */
export async function updateDraft(tx: SqlExecutor, id: string, version: number, definition: unknown, comment: string | undefined): Promise<RoutingProfile> {
  assertProfileDefinition(definition, '/definition');
  const current = await lockProfile(tx, id, version);
  if (current.status !== 'draft') throw new HubError('conflict', { detail: `routing profile ${id}@${version} is ${current.status} and immutable; create a new version instead` });
  const { rows } = await tx.query<ProfileRow>(
    `update routing_profiles set definition = $3::jsonb, comment = coalesce($4, comment) where id = $1 and version = $2 returning ${COLUMNS}`,
    [id, version, JSON.stringify(definition), comment ?? null],
  );
  if (rows[0] === undefined) throw new Error(`profile ${id}@${version} vanished`);
  return toProfile(rows[0]);
}

async function lockProfile(tx: SqlExecutor, id: string, version: number): Promise<RoutingProfile> {
  const { rows } = await tx.query<ProfileRow>(`select ${COLUMNS} from routing_profiles where id = $1 and version = $2 for update`, [id, version]);
  if (rows[0] === undefined) throw new HubError('not-found', { detail: `no routing profile ${id}@${version}` });
  return toProfile(rows[0]);
}

/** What an activation changed. */
export interface Activation {
  activated: RoutingProfile;
  /** The version that was active before, now inactive. */
  deactivated?: RoutingProfile | undefined;
}

/**
 * Makes a version the active one of its profile; the version active before becomes inactive.
 * A draft becomes immutable here; an inactive version may be activated again (a rollback).
 */
export async function activateProfile(tx: SqlExecutor, id: string, version: number): Promise<Activation> {
  await tx.query("select pg_advisory_xact_lock(hashtext('omnihub.routing-profile.' || $1))", [id]);
  const target = await lockProfile(tx, id, version);
  if (target.status === 'active') return { activated: target };
  const { rows: previous } = await tx.query<ProfileRow>(
    `update routing_profiles set status = 'inactive', deactivated_at = now() where id = $1 and status = 'active' returning ${COLUMNS}`,
    [id],
  );
  const { rows } = await tx.query<ProfileRow>(
    `update routing_profiles set status = 'active', activated_at = now(), deactivated_at = null where id = $1 and version = $2 returning ${COLUMNS}`,
    [id, version],
  );
  if (rows[0] === undefined) throw new Error(`profile ${id}@${version} vanished`);
  return { activated: toProfile(rows[0]), ...(previous[0] === undefined ? {} : { deactivated: toProfile(previous[0]) }) };
}

/** Retires the active version of a profile; no order is routed by it afterwards. */
export async function deactivateProfile(tx: SqlExecutor, id: string, version: number): Promise<RoutingProfile> {
  const target = await lockProfile(tx, id, version);
  if (target.status !== 'active') throw new HubError('conflict', { detail: `routing profile ${id}@${version} is ${target.status}, not active` });
  const { rows } = await tx.query<ProfileRow>(
    `update routing_profiles set status = 'inactive', deactivated_at = now() where id = $1 and version = $2 returning ${COLUMNS}`,
    [id, version],
  );
  if (rows[0] === undefined) throw new Error(`profile ${id}@${version} vanished`);
  return toProfile(rows[0]);
}
