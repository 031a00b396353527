
/** Schema limits of the free texts. */
export const CRM_LIMITS = { subject: 500, body: 10_000 } as const;

/** Cuts a text to a schema limit, marking the cut. */
export function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

export { CrmActivityRequested } from '../events/catalog.ts';
export type { CrmActivityRequestedV1 } from '../generated/schema-types.ts';
