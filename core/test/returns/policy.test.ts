import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CustomerOrder } from '../../src/customers/index.ts';
import { HubError } from '../../src/errors/hub-error.ts';
import { evaluatePolicy, parsePolicy, parsePolicyYaml, selectPolicy, type StoredPolicy } from '../../src/returns/index.ts';
import { standardPolicy } from './fixtures.ts';

function order(overrides: Partial<CustomerOrder> = {}): CustomerOrder {
  return {
    orderId: 'ord-1',
    channel: 'web',
    placedAt: '2025-04-10T09:00:00.000Z',
    status: 'fulfilled',
    currency: 'EUR',
    total: { amount: '100.00', currency: 'EUR' },
    source: '/connectors/shopify/shopify-eu',
    country: 'DE',
    lines: [
      { lineId: '1', sku: 'TSHIRT', title: 'T-shirt', quantity: 2, unitPrice: { amount: '29.95', currency: 'EUR' }, category: 'apparel/tops', status: 'shipped', shippedAt: '2025-04-12T10:00:00.000Z' },
      { lineId: '2', sku: 'BIKINI', title: 'Bikini', quantity: 1, unitPrice: { amount: '39.00', currency: 'EUR' }, category: 'apparel/swimwear/bikinis', status: 'shipped' },
      { lineId: '3', sku: 'CHOC', title: 'Chocolate', quantity: 1, unitPrice: { amount: '5.00', currency: 'EUR' }, category: 'food/sweets', status: 'shipped' },
      { lineId: '4', sku: 'SCARF', title: 'Scarf', quantity: 1, unitPrice: { amount: '15.00', currency: 'EUR' }, category: 'apparel/accessories', finalSale: true, status: 'shipped' },
      { lineId: '5', sku: 'MUG', title: 'Mug', quantity: 1, unitPrice: { amount: '9.50', currency: 'EUR' }, category: 'home/kitchen', status: 'cancelled' },
    ],
    ...overrides,
  };
}

const stored = (document = standardPolicy(), version = 3): StoredPolicy => ({ document: parsePolicy(document), version, active: true, createdAt: '2025-01-01T00:00:00.000Z' });

describe('return policy', () => {
  it('decides each line by its category window, final sale and exclusions, and records the rules that applied', () => {
    const decision = evaluatePolicy(stored(), {
      order: order(),
      method: 'mail',
      lines: [
        { lineId: '1', quantity: 1, reason: 'size' },
        { lineId: '2', quantity: 1, reason: 'changed-mind' },
        { lineId: '3', quantity: 1, reason: 'damaged' },
        { lineId: '4', quantity: 1, reason: 'size' },
        { lineId: '5', quantity: 1, reason: 'size' },
      ],
      now: new Date('2025-04-25T12:00:00Z'),
    });
    assert.equal(decision.outcome, 'authorized');
    assert.equal(decision.policyId, 'standard');
    assert.equal(decision.policyVersion, 3);
    const byLine = Object.fromEntries(decision.lines.map((line) => [line.lineId, line]));
    assert.equal(byLine['1']?.eligible, true);
    assert.deepEqual(byLine['1']?.rulesApplied, ['window-30-days', 'restocking-fee:10%']);
    assert.equal(byLine['1']?.eligibleUntil, '2025-05-10T09:00:00.000Z');
    assert.equal(byLine['2']?.eligible, false, 'swimwear has 14 days: ended on 2025-04-24');
    assert.deepEqual(byLine['2']?.rulesApplied, ['category:apparel/swimwear', 'category-window:apparel/swimwear:14-days', 'window-ended:2025-04-24']);
    assert.match(byLine['2']?.reason ?? '', /14 days ended on 2025-04-24/);
    assert.deepEqual(byLine['3']?.rulesApplied, ['category:food', 'category-excluded:food']);
    assert.deepEqual(byLine['4']?.rulesApplied, ['final-sale']);
    assert.deepEqual(byLine['5']?.rulesApplied, ['line-cancelled']);
    assert.ok(decision.rulesApplied.includes('return-shipping-fee'));
    assert.deepEqual(decision.returnShippingFee, { amount: '4.95', currency: 'EUR' });
    assert.equal(decision.eligibleUntil, '2025-05-10T09:00:00.000Z');
    assert.equal(decision.refundType, 'original-payment');
    assert.equal(decision.receiveWithinDays, 21);
  });

  it('waives fees on item defects and charges no return shipping in store', () => {
    const decision = evaluatePolicy(stored(), { order: order(), method: 'store', lines: [{ lineId: '1', quantity: 2, reason: 'damaged' }], now: new Date('2025-04-11T00:00:00Z') });
    assert.equal(decision.outcome, 'authorized');
    assert.deepEqual(decision.lines[0]?.rulesApplied, ['window-30-days', 'fees-waived:damaged']);
    assert.equal(decision.lines[0]?.restockingFee, undefined);
    assert.equal(decision.returnShippingFee, undefined);
  });

  it('rejects a return when no line is eligible, when the method or the refund type is not offered', () => {
    const late = evaluatePolicy(stored(), { order: order(), method: 'store', lines: [{ lineId: '1', quantity: 1, reason: 'size' }], now: new Date('2025-06-01T00:00:00Z') });
    assert.equal(late.outcome, 'rejected');
    assert.match(late.reason ?? '', /30 days ended on 2025-05-10/);
    const byMail = evaluatePolicy(stored(standardPolicy({ returnMethods: ['store'] })), { order: order(), method: 'mail', lines: [{ lineId: '1', quantity: 1, reason: 'size' }], now: new Date('2025-04-11T00:00:00Z') });
    assert.equal(byMail.outcome, 'rejected');
    assert.equal(byMail.rulesApplied[0], 'method-not-offered:mail');
    assert.match(byMail.reason ?? '', /does not offer returns by mail/);
    const exchange = evaluatePolicy(stored(), { order: order(), method: 'store', lines: [{ lineId: '1', quantity: 1, reason: 'size' }], refundType: 'exchange', now: new Date('2025-04-11T00:00:00Z') });
    assert.equal(exchange.outcome, 'rejected');
    assert.equal(exchange.rulesApplied[0], 'refund-type-not-offered:exchange');
  });

  it('counts the window from shipment when told to, applies seasonal overrides and unlimited windows', () => {
    const fromShipment = evaluatePolicy(stored(standardPolicy({ windowStart: 'shipment' })), { order: order(), method: 'store', lines: [{ lineId: '1', quantity: 1, reason: 'size' }], now: new Date('2025-05-11T00:00:00Z') });
    assert.equal(fromShipment.lines[0]?.eligible, true);
    assert.equal(fromShipment.lines[0]?.eligibleUntil, '2025-05-12T10:00:00.000Z');
    const holiday = standardPolicy({ seasonalOverrides: [{ name: 'spring-sale', startDate: '2025-04-01', endDate: '2025-04-15', merchantReturnDays: 60 }] });
    const seasonal = evaluatePolicy(stored(holiday), { order: order(), method: 'store', lines: [{ lineId: '1', quantity: 1, reason: 'size' }], now: new Date('2025-06-01T00:00:00Z') });
    assert.equal(seasonal.outcome, 'authorized');
    assert.ok(seasonal.lines[0]?.rulesApplied.includes('seasonal:spring-sale:60-days'));
    const unlimited = evaluatePolicy(stored(standardPolicy({ returnPolicyCategory: 'unlimited', merchantReturnDays: undefined })), { order: order(), method: 'store', lines: [{ lineId: '1', quantity: 1, reason: 'size' }], now: new Date('2030-01-01T00:00:00Z') });
    assert.equal(unlimited.outcome, 'authorized');
    assert.equal(unlimited.eligibleUntil, undefined);
  });

  it('picks the active policy for the order by country, channel and priority', () => {
    const general = stored(standardPolicy({ id: 'general' }));
    const stores = stored(standardPolicy({ id: 'stores', priority: 10, appliesTo: { channels: ['store'] } }));
    const austria = stored(standardPolicy({ id: 'austria', priority: 5, appliesTo: { countries: ['AT'] } }));
    assert.equal(selectPolicy([general, stores, austria], order())?.document.id, 'general');
    assert.equal(selectPolicy([general, stores, austria], order({ channel: 'store:berlin-alex' }))?.document.id, 'stores');
    assert.equal(selectPolicy([general, stores, austria], order({ country: 'AT' }))?.document.id, 'austria');
    assert.equal(selectPolicy([stores], order()), undefined);
  });

  it('loads from YAML and names every broken rule', () => {
    const policy = parsePolicyYaml(`
id: outlet
name: Outlet
returnPolicyCategory: finite-window
merchantReturnDays: 14
returnMethods: [store]
refundTypes: [store-credit]
restockingFee: { amount: { amount: "2.00", currency: EUR } }
`);
    assert.equal(policy.merchantReturnDays, 14);
    assert.throws(
      () => parsePolicyYaml('id: Bad Id\nname: x\nreturnPolicyCategory: finite-window\nreturnMethods: [drone]\nrefundTypes: []\n'),
      (error: unknown) => {
        assert.ok(error instanceof HubError && error.code === 'validation-failed');
        const paths = error.errors.map((e) => e.path);
        for (const path of ['/id', '/returnMethods/0', '/refundTypes', '']) assert.ok(paths.includes(path), `${path} in ${paths.join(',')}`);
        return true;
      },
    );
    assert.throws(() => parsePolicyYaml('id: [unclosed'), /not valid YAML/);
    assert.throws(() => parsePolicy({ ...standardPolicy(), seasonalOverrides: [{ name: 'x', startDate: '2025-02-01', endDate: '2025-01-01', merchantReturnDays: 3 }] }), /ends before it starts/);
  });
});
