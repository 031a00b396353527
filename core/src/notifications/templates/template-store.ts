import type { SqlExecutor } from '../../store/store.ts';
import type { NotificationChannel, NotificationKind } from '../notification-types.ts';
import { DEFAULT_TEMPLATES, type MessageTemplate } from './default-templates.ts';

/** A template found for a notification, with the locale it is written in and its id. */
export interface ResolvedTemplate extends MessageTemplate {
  id: string;
  locale: string;
}

/** Locales to try for `locale`: itself, its language, then the default (`de-AT` → de-AT, de, en). */
export function localeChain(locale: string | undefined, fallback: string): string[] {
  const chain: string[] = [];
  if (locale !== undefined) {
    chain.push(locale);
    const language = locale.split('-')[0];
    if (language !== undefined && language !== locale) chain.push(language);
  }
  chain.push(fallback);
  return [...new Set(chain)];
}

/**
 * The template for a kind and channel in the customer's locale: an integrator's template
 * (notification_templates) before the built-in one, for each locale of the chain in turn.
 */
export async function resolveTemplate(db: SqlExecutor, kind: NotificationKind, channel: NotificationChannel, locale: string | undefined, fallback: string): Promise<ResolvedTemplate | undefined> {
  for (const candidate of localeChain(locale, fallback)) {
    const { rows } = await db.query<{ subject: string | null; body: string }>('select subject, body from notification_templates where kind = $1 and channel = $2 and locale = $3', [kind, channel, candidate]);
    const custom = rows[0];
    if (custom !== undefined) return { id: `${kind}-${channel}-${candidate}`, locale: candidate, body: custom.body, ...(custom.subject === null ? {} : { subject: custom.subject }) };
    const builtIn = DEFAULT_TEMPLATES[candidate]?.[kind][channel];
    if (builtIn !== undefined) return { id: `${kind}-${channel}-${candidate}`, locale: candidate, ...builtIn };
  }
  return undefined;
}

/** Replaces a template for one kind, channel and locale. */
export async function saveTemplate(db: SqlExecutor, template: { kind: NotificationKind; channel: NotificationChannel; locale: string; subject?: string | undefined; body: string }): Promise<void> {
  await db.query(
    `insert into notification_templates (kind, channel, locale, subject, body) values ($1, $2, $3, $4, $5)
     on conflict (kind, channel, locale) do update set subject = excluded.subject, body = excluded.body, updated_at = now()`,
    [template.kind, template.channel, template.locale, template.subject ?? null, template.body],
  );
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/**
 * Fills `{{name}}` placeholders; a missing variable leaves nothing, and the spaces around it are
 * tidied. An optional part `[[...]]` is kept (without its brackets) only when every placeholder in
 * it has a value, so `[[ Track it: {{trackingUrl}}]]` never ends a message on an empty link.
 */
export function render(text: string, variables: Readonly<Record<string, string | undefined>>): string {
  const known = (name: string): boolean => (variables[name] ?? '') !== '';
  return text
    .replace(/\[\[([\s\S]*?)\]\]/g, (_match, part: string) => ([...part.matchAll(PLACEHOLDER)].every(([, name]) => known(name ?? '')) ? part : ''))
    .replace(PLACEHOLDER, (_match, name: string) => variables[name] ?? '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ ([,.:;!?])/g, '$1')
    .trim();
}
