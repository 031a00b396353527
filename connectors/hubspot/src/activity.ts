import { InvalidMessageFailure } from '@omnihub/connector-sdk';
import { DEFAULTS, type HubSpotConfig } from './config.ts';

/** The data of `crm.activity.requested` v1 as far as the connector reads it. */
export interface CrmActivity {
  activityId: string;
  kind: 'ticket' | 'note' | 'call' | 'message';
  customer: { customerId?: string; email?: string; phone?: string; externalIds?: { system: string; id: string }[] };
  subject: string;
  body: string;
  status?: 'open' | 'waiting' | 'closed';
  occurredAt: string;
  interaction?: { direction?: 'inbound' | 'outbound'; startedAt?: string; endedAt?: string; contact?: { phone?: string } };
}

const KINDS = new Set(['ticket', 'note', 'call', 'message']);

/** Reads the canonical activity; anything malformed is an invalid message. */
export function crmActivity(value: unknown): CrmActivity {
  const data = value as Partial<CrmActivity> | null;
  if (data === null || typeof data !== 'object' || typeof data.activityId !== 'string' || !KINDS.has(String(data.kind)) || typeof data.subject !== 'string' || typeof data.body !== 'string' || typeof data.occurredAt !== 'string' || data.customer === null || typeof data.customer !== 'object') {
    throw new InvalidMessageFailure('log-activity: the payload is not a crm.activity.requested v1 (activityId, kind, customer, subject, body, occurredAt)', { code: 'hubspot.payload' });
  }
  return data as CrmActivity;
}

/**
 * The HubSpot object and properties of an activity: tickets in the configured pipeline with the
 * stage of the activity status; notes (also for logged messages) with the subject above the body;
 * calls with direction, duration and status COMPLETED. Times are ISO 8601, which HubSpot accepts.
 */
export function activityRecord(activity: CrmActivity, config: HubSpotConfig): { objectType: 'tickets' | 'notes' | 'calls'; properties: Record<string, string> } {
  if (activity.kind === 'ticket') {
    const stages = { ...DEFAULTS.ticketStages, ...config.ticketStages };
    return {
      objectType: 'tickets',
      properties: {
        subject: activity.subject,
        content: activity.body,
        hs_pipeline: config.ticketPipeline ?? DEFAULTS.ticketPipeline,
        hs_pipeline_stage: stages[activity.status ?? 'open'] ?? DEFAULTS.ticketStages.open,
      },
    };
  }
  if (activity.kind === 'call') {
    const { interaction } = activity;
    const started = interaction?.startedAt === undefined ? NaN : Date.parse(interaction.startedAt);
    const ended = interaction?.endedAt === undefined ? NaN : Date.parse(interaction.endedAt);
    return {
      objectType: 'calls',
      properties: {
        hs_timestamp: activity.occurredAt,
        hs_call_title: activity.subject,
        hs_call_body: activity.body,
        hs_call_status: 'COMPLETED',
        ...(interaction?.direction === undefined ? {} : { hs_call_direction: interaction.direction === 'inbound' ? 'INBOUND' : 'OUTBOUND' }),
        ...(Number.isFinite(started) && Number.isFinite(ended) && ended >= started ? { hs_call_duration: String(ended - started) } : {}),
        ...(activity.customer.phone === undefined ? {} : interaction?.direction === 'outbound' ? { hs_call_to_number: activity.customer.phone } : { hs_call_from_number: activity.customer.phone }),
      },
    };
  }
  return { objectType: 'notes', properties: { hs_timestamp: activity.occurredAt, hs_note_body: `${activity.subject}\n\n${activity.body}` } };
}
