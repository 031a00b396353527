import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CloudEvent } from '../../src/envelope/cloud-event.ts';
import { STORE_FACTORIES } from '../../src/testing/stores.ts';
import { applyCustomerUpsert, outboxEmitter, setPreferences } from '../../src/customers/index.ts';
import {
  chooseChannel,
  localeChain,
  quietUntil,
  render,
  requestNotification,
  saveTemplate,
  type NotificationRequestedV2,
  type NotificationSettings,
  type NotificationSpec,
} from '../../src/notifications/index.ts';
import { releaseHeld } from '../../src/notifications/release-held.ts';
import { loadNotification } from '../../src/notifications/notification-store.ts';
import { SchemaRegistry } from '../../src/schema/registry.ts';
import type { TestStore } from '../../src/testing/stores.ts';
import { customer, uniqueId } from '../returns/fixtures.ts';
import { OUTBOX_ENVELOPE } from '../../src/broker/outbox.ts';

describe('notification rules', () => {
  it('holds through quiet hours that span midnight, in the customer time zone, across daylight saving', () => {
    const berlin = { start: '21:00', end: '08:00', timeZone: 'Europe/Berlin' };
    assert.equal(quietUntil(new Date('2025-04-14T20:30:00Z'), berlin)?.toISOString(), '2025-04-15T06:00:00.000Z');
    assert.equal(quietUntil(new Date('2025-04-15T05:59:00Z'), berlin)?.toISOString(), '2025-04-15T06:00:00.000Z');
    assert.equal(quietUntil(new Date('2025-04-15T06:00:00Z'), berlin), undefined);
    assert.equal(quietUntil(new Date('2025-03-29T22:00:00Z'), berlin)?.toISOString(), '2025-03-30T06:00:00.000Z', 'ends at 08:00 summer time');
    assert.equal(quietUntil(new Date('2025-01-11T03:10:00Z'), { start: '22:00', end: '23:30', timeZone: 'America/New_York' })?.toISOString(), '2025-01-11T04:30:00.000Z');
    assert.equal(quietUntil(new Date('2025-01-11T03:10:00Z'), { start: '09:00', end: '09:00', timeZone: 'UTC' }), undefined, 'an empty window');
  });

  it('chooses the preferred consented channel with an address, else the first consented one', () => {
    const at = '2025-01-01T00:00:00Z';
    const profile = customer('c1', { consent: { sms: { granted: true, updatedAt: at }, email: { granted: true, updatedAt: at } } });
    assert.deepEqual(chooseChannel(profile, {}), { channel: 'sms', to: '+4915123456789' });
    assert.deepEqual(chooseChannel(profile, { channel: 'email' }), { channel: 'email', to: 'lena.koch@example.com' });
    assert.deepEqual(chooseChannel(profile, { channel: 'voice' }), { channel: 'sms', to: '+4915123456789' }, 'voice was not consented to');
    assert.deepEqual(chooseChannel(customer('c2', { consent: {} }), {}), { suppressed: 'no-consent' });
    const noPhone = customer('c3', { consent: { sms: { granted: true, updatedAt: at } } });
    delete noPhone.phone;
    assert.deepEqual(chooseChannel(noPhone, {}), { suppressed: 'missing-contact' });
  });

  it('renders templates and falls back from region to language to the default locale', () => {
    assert.equal(render('Hi {{firstName}}, order {{orderId}} is ready.', { orderId: 'o1' }), 'Hi, order o1 is ready.');
    assert.deepEqual(localeChain('de-AT', 'en'), ['de-AT', 'de', 'en']);
    assert.deepEqual(localeChain(undefined, 'en'), ['en']);
  });

  it('keeps an optional part only when its variables have values: no message ends on an empty tracking link', () => {
    const sms = 'Hi {{firstName}}, your order {{orderId}} is on its way with {{carrier}}.[[ Track it: {{trackingUrl}}]][[ Tracking number: {{trackingNumber}}]]';
    const shipped = (tracking: Record<string, string>): string => render(sms, { firstName: 'Ana', orderId: 'o1', carrier: 'DHL', ...tracking });
    assert.equal(shipped({ trackingUrl: 'https://t.example/1', trackingNumber: '333' }), 'Hi Ana, your order o1 is on its way with DHL. Track it: https://t.example/1 Tracking number: 333');
    assert.equal(shipped({ trackingNumber: '333' }), 'Hi Ana, your order o1 is on its way with DHL. Tracking number: 333');
    assert.equal(shipped({ trackingUrl: '' }), 'Hi Ana, your order o1 is on its way with DHL.');
    assert.equal(render('[[no placeholder kept]] {{orderId}}', { orderId: 'o1' }), 'no placeholder kept o1');
  });
});

for (const factory of STORE_FACTORIES) {
  describe(`notification requests on ${factory.name}`, () => {
    let t: TestStore;
    let registry: SchemaRegistry;
    const settings: NotificationSettings = { defaultLocale: 'en', channelInstances: { sms: 'twilio-main', email: 'mailer' } };

    before(async () => {
      t = await factory.open();
      registry = await SchemaRegistry.load();
    });
    after(async () => {
      await t.dispose();
    });

    async function request(spec: NotificationSpec, now: string, options: Partial<NotificationSettings> = {}) {
      return t.store.transaction((tx) => requestNotification(tx, outboxEmitter(tx, registry, { source: '/tests' }), spec, { ...settings, ...options }, new Date(now)));
    }

    async function requested(id: string): Promise<NotificationRequestedV2[]> {
      const { rows } = await t.store.query<{ envelope: CloudEvent<NotificationRequestedV2> }>(`select ${OUTBOX_ENVELOPE} as envelope from outbox where routing_key = 'notification.requested' and data->'notification'->>'id' = $1`, [id]);
      return rows.map((row) => row.envelope.data);
    }

    function spec(customerId: string, overrides: Partial<NotificationSpec> = {}): NotificationSpec {
      const key = uniqueId('k');
      return { kind: 'refund-issued', dedupeKey: `refund-issued:${key}`, sourceEventId: uniqueId('evt'), customerId, orderId: 'ord-9', variables: { orderId: 'ord-9' }, amounts: { amount: { amount: '29.95', currency: 'EUR' } }, ...overrides };
    }

    it('sends at once outside quiet hours, in the customer locale, to the channel instance, once per announcement', async () => {
      const id = uniqueId('cus');
      await t.store.transaction((tx) => applyCustomerUpsert(tx, customer(id)));
      await setPreferences(t.store, id, { locale: 'de-AT' });
      const first = spec(id);
      const record = await request(first, '2025-04-14T10:00:00Z');
      assert.equal(record?.status, 'requested');
      const [sent] = await requested(record?.id ?? '');
      assert.equal(sent?.notification.template, 'refund-issued-sms-de');
      assert.equal(sent?.notification.locale, 'de');
      assert.equal(sent?.notification.instanceId, 'twilio-main');
      assert.equal(sent?.notification.body, 'Hallo Lena, wir haben 29,95\u00a0€ für Bestellung ord-9 erstattet.');
      assert.ok(registry.validate({ name: 'notification.requested', version: 2 }, sent).valid);
      assert.equal(await request({ ...first, sourceEventId: uniqueId('evt') }, '2025-04-14T10:00:01Z'), undefined, 'same announcement, second event');
    });

    it('uses the preferred channel and an integrator template, suppresses without consent, fails without a delivering instance', async () => {
      const at = '2025-01-01T00:00:00Z';
      const id = uniqueId('cus');
      await t.store.transaction((tx) => applyCustomerUpsert(tx, customer(id, { consent: { sms: { granted: true, updatedAt: at }, email: { granted: true, updatedAt: at } } })));
      await setPreferences(t.store, id, { channel: 'email' });
      await saveTemplate(t.store, { kind: 'refund-issued', channel: 'email', locale: 'en', subject: 'Refund {{amount}}', body: 'Dear {{firstName}}: {{amount}} is on its way back.' });
      const byEmail = await request(spec(id), '2025-04-14T10:00:00Z');
      assert.deepEqual([byEmail?.channel, byEmail?.to, byEmail?.instanceId, byEmail?.subject, byEmail?.body], ['email', 'lena.koch@example.com', 'mailer', 'Refund €29.95', 'Dear Lena: €29.95 is on its way back.']);
      const silent = uniqueId('cus');
      await t.store.transaction((tx) => applyCustomerUpsert(tx, customer(silent, { consent: { sms: { granted: false, updatedAt: at } } })));
      const suppressed = await request(spec(silent), '2025-04-14T10:00:00Z');
      assert.deepEqual([suppressed?.status, suppressed?.suppressedReason], ['suppressed', 'no-consent']);
      assert.deepEqual(await requested(suppressed?.id ?? ''), []);
      const failed = await request(spec(id), '2025-04-14T10:00:00Z', { channelInstances: {} });
      assert.equal(failed?.status, 'failed');
      assert.match(failed?.error ?? '', /no connector instance delivers email/);
      assert.equal(await request(spec('never-upserted'), '2025-04-14T10:00:00Z').then((r) => r?.suppressedReason), 'missing-contact');
    });

    it('holds in quiet hours and releases when they end, unless consent was withdrawn meanwhile', async () => {
      const id = uniqueId('cus');
      await t.store.transaction((tx) => applyCustomerUpsert(tx, customer(id)));
      const held = await request(spec(id, { kind: 'order-shipped', variables: { orderId: 'ord-9', carrier: 'DHL' } }), '2025-04-14T20:30:00Z');
      assert.equal(held?.status, 'held');
      assert.equal(held?.heldUntil, '2025-04-15T06:00:00.000Z');
      const release = (heldId: string, now: string) => t.store.transaction((tx) => releaseHeld(tx, outboxEmitter(tx, registry, { source: '/tests' }), heldId, new Date(now), undefined));
      assert.equal(await release(held?.id ?? '', '2025-04-15T05:00:00Z'), undefined, 'not due yet');
      assert.equal(await release(held?.id ?? '', '2025-04-15T06:00:00Z'), 'requested');
      assert.equal(await release(held?.id ?? '', '2025-04-15T06:00:00Z'), undefined, 'released once');
      assert.equal((await requested(held?.id ?? '')).length, 1);

      const withdrawn = await request(spec(id), '2025-04-14T22:00:00Z');
      assert.equal(withdrawn?.status, 'held');
      await t.store.transaction((tx) => applyCustomerUpsert(tx, customer(id, { consent: { sms: { granted: false, updatedAt: '2025-04-14T23:00:00Z' } }, updatedAt: '2025-04-14T23:00:00Z' })));
      assert.equal(await release(withdrawn?.id ?? '', '2025-04-15T07:00:00Z'), 'suppressed');
      assert.equal((await loadNotification(t.store, withdrawn?.id ?? ''))?.suppressedReason, 'no-consent');
      assert.deepEqual(await requested(withdrawn?.id ?? ''), []);
    });

    it('applies the hub default quiet hours to customers who set none', async () => {
      const id = uniqueId('cus');
      const profile = customer(id);
      delete profile.quietHours;
      await t.store.transaction((tx) => applyCustomerUpsert(tx, profile));
      const held = await request(spec(id), '2025-04-14T23:30:00Z', { defaultQuietHours: { start: '22:00', end: '07:00', timeZone: 'UTC' } });
      assert.equal(held?.heldUntil, '2025-04-15T07:00:00.000Z');
    });
  });
}
