import type { NotificationChannel, NotificationKind } from '../notification-types.ts';

/**
 * A message template: `{{name}}` placeholders are replaced by the notification's variables; a
 * `[[...]]` part is kept only when every variable it names has a value (see `render`).
 */
export interface MessageTemplate {
  subject?: string | undefined;
  body: string;
}

type Texts = Partial<Record<NotificationChannel, MessageTemplate>>;

/*
 * The templates omnihub ships, per kind, locale and channel. Voice bodies are read out by the
 * provider's text-to-speech. Integrators replace any of them per locale (notification_templates).
 */
const EN: Record<NotificationKind, Texts> = {
  'order-shipped': {
    sms: { body: 'Hi {{firstName}}, your order {{orderId}} is on its way with {{carrier}}.[[ Track it: {{trackingUrl}}]][[ Tracking number: {{trackingNumber}}]]' },
    email: { subject: 'Your order {{orderId}} has shipped', body: 'Hi {{firstName}},\n\nyour order {{orderId}} is on its way with {{carrier}}.[[\nTracking number: {{trackingNumber}}]][[\nTrack it here: {{trackingUrl}}]]' },
    voice: { body: 'Hello {{firstName}}. Your order {{orderId}} has shipped with {{carrier}}.' },
  },
  'ready-for-pickup': {
    sms: { body: 'Hi {{firstName}}, your order {{orderId}} is ready for pickup at {{locationId}}.' },
    email: { subject: 'Your order {{orderId}} is ready for pickup', body: 'Hi {{firstName}},\n\nyour order {{orderId}} is ready for pickup at {{locationId}}. Bring your order number.' },
    voice: { body: 'Hello {{firstName}}. Your order {{orderId}} is ready for pickup at {{locationId}}.' },
  },
  'order-delayed': {
    sms: { body: 'Hi {{firstName}}, sorry: your order {{orderId}} is delayed. New expected date: {{newPromisedDate}}.' },
    email: { subject: 'Your order {{orderId}} is delayed', body: 'Hi {{firstName}},\n\nwe are sorry: your order {{orderId}} will arrive later than promised. New expected date: {{newPromisedDate}}.' },
    voice: { body: 'Hello {{firstName}}. We are sorry, your order {{orderId}} is delayed.' },
  },
  'return-authorized': {
    sms: { body: 'Hi {{firstName}}, your return {{returnId}} is approved. Please send or bring the items back by {{returnBy}}.' },
    email: { subject: 'Your return {{returnId}} is approved', body: 'Hi {{firstName}},\n\nyour return {{returnId}} for order {{orderId}} is approved. Please send or bring the items back by {{returnBy}}.' },
    voice: { body: 'Hello {{firstName}}. Your return {{returnId}} is approved.' },
  },
  'return-received': {
    sms: { body: 'Hi {{firstName}}, we received your return {{returnId}}.' },
    email: { subject: 'We received your return {{returnId}}', body: 'Hi {{firstName}},\n\nwe received your return {{returnId}} for order {{orderId}}.' },
    voice: { body: 'Hello {{firstName}}. We received your return {{returnId}}.' },
  },
  'refund-issued': {
    sms: { body: 'Hi {{firstName}}, we refunded {{amount}} for order {{orderId}}.' },
    email: { subject: 'Your refund of {{amount}}', body: 'Hi {{firstName}},\n\nwe refunded {{amount}} for order {{orderId}}. It may take a few days to show on your statement.' },
    voice: { body: 'Hello {{firstName}}. We refunded {{amount}} for order {{orderId}}.' },
  },
};

const DE: Record<NotificationKind, Texts> = {
  'order-shipped': {
    sms: { body: 'Hallo {{firstName}}, Ihre Bestellung {{orderId}} ist mit {{carrier}} unterwegs.[[ Sendungsverfolgung: {{trackingUrl}}]][[ Sendungsnummer: {{trackingNumber}}]]' },
    email: { subject: 'Ihre Bestellung {{orderId}} wurde versandt', body: 'Hallo {{firstName}},\n\nIhre Bestellung {{orderId}} ist mit {{carrier}} unterwegs.[[\nSendungsnummer: {{trackingNumber}}]][[\nSendungsverfolgung: {{trackingUrl}}]]' },
    voice: { body: 'Hallo {{firstName}}. Ihre Bestellung {{orderId}} wurde mit {{carrier}} versandt.' },
  },
  'ready-for-pickup': {
    sms: { body: 'Hallo {{firstName}}, Ihre Bestellung {{orderId}} liegt zur Abholung in {{locationId}} bereit.' },
    email: { subject: 'Ihre Bestellung {{orderId}} ist abholbereit', body: 'Hallo {{firstName}},\n\nIhre Bestellung {{orderId}} liegt zur Abholung in {{locationId}} bereit. Bitte bringen Sie Ihre Bestellnummer mit.' },
    voice: { body: 'Hallo {{firstName}}. Ihre Bestellung {{orderId}} liegt in {{locationId}} zur Abholung bereit.' },
  },
  'order-delayed': {
    sms: { body: 'Hallo {{firstName}}, leider verzögert sich Ihre Bestellung {{orderId}}. Neuer voraussichtlicher Termin: {{newPromisedDate}}.' },
    email: { subject: 'Ihre Bestellung {{orderId}} verzögert sich', body: 'Hallo {{firstName}},\n\nleider kommt Ihre Bestellung {{orderId}} später als versprochen. Neuer voraussichtlicher Termin: {{newPromisedDate}}.' },
    voice: { body: 'Hallo {{firstName}}. Leider verzögert sich Ihre Bestellung {{orderId}}.' },
  },
  'return-authorized': {
    sms: { body: 'Hallo {{firstName}}, Ihre Rücksendung {{returnId}} ist genehmigt. Bitte senden oder bringen Sie die Artikel bis {{returnBy}} zurück.' },
    email: { subject: 'Ihre Rücksendung {{returnId}} ist genehmigt', body: 'Hallo {{firstName}},\n\nIhre Rücksendung {{returnId}} zur Bestellung {{orderId}} ist genehmigt. Bitte senden oder bringen Sie die Artikel bis {{returnBy}} zurück.' },
    voice: { body: 'Hallo {{firstName}}. Ihre Rücksendung {{returnId}} ist genehmigt.' },
  },
  'return-received': {
    sms: { body: 'Hallo {{firstName}}, Ihre Rücksendung {{returnId}} ist bei uns eingegangen.' },
    email: { subject: 'Rücksendung {{returnId}} eingegangen', body: 'Hallo {{firstName}},\n\nIhre Rücksendung {{returnId}} zur Bestellung {{orderId}} ist bei uns eingegangen.' },
    voice: { body: 'Hallo {{firstName}}. Ihre Rücksendung {{returnId}} ist eingegangen.' },
  },
  'refund-issued': {
    sms: { body: 'Hallo {{firstName}}, wir haben {{amount}} für Bestellung {{orderId}} erstattet.' },
    email: { subject: 'Ihre Erstattung über {{amount}}', body: 'Hallo {{firstName}},\n\nwir haben {{amount}} für Ihre Bestellung {{orderId}} erstattet. Die Gutschrift kann einige Tage dauern.' },
    voice: { body: 'Hallo {{firstName}}. Wir haben {{amount}} für Bestellung {{orderId}} erstattet.' },
  },
};

/** Built-in templates by language. */
export const DEFAULT_TEMPLATES: Readonly<Record<string, Record<NotificationKind, Texts>>> = { en: EN, de: DE };
