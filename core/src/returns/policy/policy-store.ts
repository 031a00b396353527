import type { SqlExecutor } from '../../store/store.ts';
import { parsePolicy } from './policy-document.ts';
import type { ReturnPolicyDocument, StoredPolicy } from './policy-types.ts';

interface PolicyRow extends Record<string, unknown> {
  document: ReturnPolicyDocument;
  version: number;
  active: boolean;
  created_by: string | null;
  created_at: Date;
}

/** JSON with object keys sorted: the database does not keep a document's key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function toStored(row: PolicyRow): StoredPolicy {
  return { document: row.document, version: row.version, active: row.active, ...(row.created_by === null ? {} : { createdBy: row.created_by }), createdAt: row.created_at.toISOString() };
}

/**
 * Stores `document` as the next version of its policy and makes it the active one. Released
 * versions are never changed: decisions keep naming the version they applied. Storing a document
 * identical to the active version changes nothing and returns that version.
 */
export async function savePolicy(tx: SqlExecutor, document: ReturnPolicyDocument, createdBy: string | undefined): Promise<StoredPolicy> {
  const checked = parsePolicy(document);
  const { rows } = await tx.query<PolicyRow>('select document, version, active, created_by, created_at from return_policies where policy_id = $1 order by version desc for update', [checked.id]);
  const active = rows.find((row) => row.active);
  if (active !== undefined && canonical(active.document) === canonical(checked)) return toStored(active);
  const version = (rows[0]?.version ?? 0) + 1;
  await tx.query('update return_policies set active = false where policy_id = $1 and active', [checked.id]);
  const inserted = await tx.query<PolicyRow>(
    'insert into return_policies (policy_id, version, document, active, created_by) values ($1, $2, $3, true, $4) returning document, version, active, created_by, created_at',
    [checked.id, version, checked, createdBy ?? null],
  );
  const row = inserted.rows[0];
  if (row === undefined) throw new Error(`policy ${checked.id} v${version} was not stored`);
  return toStored(row);
}

/** Every active policy. */
export async function activePolicies(db: SqlExecutor): Promise<StoredPolicy[]> {
  const { rows } = await db.query<PolicyRow>('select document, version, active, created_by, created_at from return_policies where active order by policy_id');
  return rows.map(toStored);
}

/** One policy's versions, newest first (empty when unknown). */
export async function policyVersions(db: SqlExecutor, policyId: string): Promise<StoredPolicy[]> {
  const { rows } = await db.query<PolicyRow>('select document, version, active, created_by, created_at from return_policies where policy_id = $1 order by version desc', [policyId]);
  return rows.map(toStored);
}

/** Stops a policy from applying to new returns (its versions stay for the decisions that name them). */
export async function deactivatePolicy(db: SqlExecutor, policyId: string): Promise<boolean> {
  const { rowCount } = await db.query('update return_policies set active = false where policy_id = $1 and active', [policyId]);
  return rowCount > 0;
}
