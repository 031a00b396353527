import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAPPING_FUNCTIONS, MappingExpression, MappingFunctionError } from '../../src/mappings/index.ts';
import { toIso } from '../../src/mappings/functions/dates.ts';
import { gtin } from '../../src/mappings/functions/gtin.ts';
import { integer } from '../../src/mappings/functions/integer.ts';
import { money, moneySum, moneyTimes } from '../../src/mappings/functions/money.ts';
import { e164 } from '../../src/mappings/functions/phone.ts';
import { translate } from '../../src/mappings/functions/translate.ts';

function refusal(call: () => unknown, code: string, message: RegExp): void {
  assert.throws(call, (error: unknown) => error instanceof MappingFunctionError && error.code === code && message.test(error.message));
}

describe('mapping functions', () => {
  it('$money puts the amount at the currency minor unit, exactly', () => {
    assert.deepEqual(money('178.9', 'EUR'), { amount: '178.90', currency: 'EUR' });
    assert.deepEqual(money(29.95, 'EUR'), { amount: '29.95', currency: 'EUR' });
    assert.deepEqual(money(0.1 + 0.2, 'USD'), { amount: '0.30', currency: 'USD' });
    assert.deepEqual(money('1200', 'JPY'), { amount: '1200', currency: 'JPY' });
    assert.deepEqual(money('1199.5', 'JPY'), { amount: '1200', currency: 'JPY' });
    assert.deepEqual(money('7.1255', 'BHD'), { amount: '7.126', currency: 'BHD' });
    assert.deepEqual(money('-0.005', 'EUR'), { amount: '-0.01', currency: 'EUR' });
    assert.deepEqual(money('-0.004', 'EUR'), { amount: '0.00', currency: 'EUR' });
    assert.deepEqual(money(1e21, 'EUR'), { amount: '1000000000000000000000.00', currency: 'EUR' });
    assert.deepEqual(money(' 42 ', 'EUR'), { amount: '42.00', currency: 'EUR' });
    assert.equal(money(undefined, 'EUR'), undefined);
    assert.equal(money(null, 'EUR'), undefined);
    refusal(() => money('12,50', 'EUR'), 'mapping.money.amount', /\$money: amount "12,50" is not a decimal number/);
    refusal(() => money('12', 'eur'), 'mapping.money.currency', /currency "eur" is not an ISO 4217 code/);
    refusal(() => money(Number.NaN, 'EUR'), 'mapping.money.amount', /is not a decimal number/);
  });

  it('$moneyTimes and $moneySum compute without floating-point error', () => {
    assert.deepEqual(moneyTimes({ amount: '29.95', currency: 'EUR' }, 3), { amount: '89.85', currency: 'EUR' });
    assert.deepEqual(moneyTimes({ amount: '0.1', currency: 'EUR' }, 3), { amount: '0.30', currency: 'EUR' });
    assert.deepEqual(moneyTimes({ amount: '7.125', currency: 'BHD' }, 4), { amount: '28.500', currency: 'BHD' });
    assert.deepEqual(moneyTimes({ amount: '4400', currency: 'JPY' }, '3'), { amount: '13200', currency: 'JPY' });
    assert.equal(moneyTimes(undefined, 2), undefined);
    assert.deepEqual(moneySum([{ amount: '0.1', currency: 'EUR' }, { amount: '0.2', currency: 'EUR' }]), { amount: '0.30', currency: 'EUR' });
    assert.deepEqual(moneySum({ amount: '5', currency: 'USD' }), { amount: '5.00', currency: 'USD' });
    assert.deepEqual(moneySum([], 'EUR'), { amount: '0.00', currency: 'EUR' });
    assert.equal(moneySum(undefined), undefined);
    refusal(() => moneySum([{ amount: '1', currency: 'EUR' }, { amount: '1', currency: 'USD' }]), 'mapping.moneySum.currency', /cannot add USD to EUR/);
    refusal(() => moneyTimes('12', 2), 'mapping.moneyTimes.money', /is not a money object/);
  });

  it('sums any list of cent amounts exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { maxLength: 50 }), (cents) => {
        const moneys = cents.map((value) => ({ amount: (value / 100).toFixed(2), currency: 'EUR' }));
        const total = cents.reduce((sum, value) => sum + BigInt(value), 0n);
        const expected = `${total < 0n ? '-' : ''}${(total < 0n ? -total : total).toString().padStart(3, '0').replace(/(\d{2})$/, '.$1')}`;
        assert.equal(moneySum(moneys, 'EUR')?.amount, expected === '-0.00' ? '0.00' : expected);
      }),
    );
  });

  it('$e164 writes phone numbers in E.164, taking the country for national numbers', () => {
    assert.equal(e164('+49 151 23456789'), '+4915123456789');
    assert.equal(e164('0049 (151) 234-567-89'), '+4915123456789');
    assert.equal(e164('0151 23456789', 'DE'), '+4915123456789');
    assert.equal(e164('(510) 555-0143', 'US'), '+15105550143');
    assert.equal(e164('1 510 555 0143', 'us'), '+15105550143');
    assert.equal(e164('06 12 34 56 78', 'FR'), '+33612345678');
    assert.equal(e164('02 1234 5678', 'IT'), '+390212345678');
    assert.equal(e164('8 (495) 123-45-67', 'RU'), '+74951234567');
    assert.equal(e164('0151 23456789'), undefined);
    assert.equal(e164('call me', 'DE'), undefined);
    assert.equal(e164('+0 123'), undefined);
    assert.equal(e164(undefined, 'DE'), undefined);
    assert.equal(e164(15123456789, 'DE'), '+4915123456789');
    refusal(() => e164('0151 23456789', 'XX'), 'mapping.e164.country', /no calling code known for country "XX"/);
    refusal(() => e164({ n: 1 }), 'mapping.e164.phone', /is not text/);
  });

  it('$toIso keeps or supplies an explicit offset', () => {
    assert.equal(toIso('2025-04-14T17:42:51Z'), '2025-04-14T17:42:51Z');
    assert.equal(toIso('2025-04-14T17:42:51.120+02:00'), '2025-04-14T17:42:51.120+02:00');
    assert.equal(toIso('2025-04-14T17:42:51+0200'), '2025-04-14T17:42:51+02:00');
    assert.equal(toIso('2025-04-14 06:55', '+02:00'), '2025-04-14T06:55:00+02:00');
    assert.equal(toIso('2025-04-14'), '2025-04-14T00:00:00Z');
    assert.equal(toIso('2025-04-14t06:55:00z'), '2025-04-14T06:55:00Z');
    assert.equal(toIso(1744652571000), '2025-04-14T17:42:51Z');
    assert.equal(toIso(''), undefined);
    assert.equal(toIso(undefined), undefined);
    refusal(() => toIso('14.04.2025'), 'mapping.toIso.date', /"14\.04\.2025" is not an ISO 8601 date or date-time/);
    refusal(() => toIso('2025-02-30T10:00:00Z'), 'mapping.toIso.date', /is not a real date and time/);
    assert.equal(toIso('2024-02-29'), '2024-02-29T00:00:00Z');
    assert.equal(toIso('2000-02-29 23:59:59'), '2000-02-29T23:59:59Z');
    for (const impossible of ['2025-02-29', '1900-02-29', '2025-04-31', '2025-13-01', '2025-04-14T24:00:00Z', '2025-04-14T10:60:00Z', '2025-04-14T10:00:60Z']) {
      refusal(() => toIso(impossible), 'mapping.toIso.date', /is not a real date and time/);
    }
    refusal(() => toIso('2025-04-14 10:00', 'CEST'), 'mapping.toIso.offset', /default offset "CEST" is not Z or ±hh:mm/);
  });

  it('$integer reads whole numbers from numbers and text, and refuses anything else', () => {
    assert.equal(integer(' -12 '), -12);
    assert.equal(integer('+24'), 24);
    assert.equal(integer('3.0'), 3);
    assert.equal(integer(7), 7);
    assert.equal(integer(''), undefined);
    assert.equal(integer(null), undefined);
    refusal(() => integer('12.5'), 'mapping.integer.value', /"12\.5" is not a whole number/);
    refusal(() => integer('twelve'), 'mapping.integer.value', /"twelve" is not a whole number/);
    refusal(() => integer(2.5), 'mapping.integer.value', /2\.5 is not a whole number/);
    refusal(() => integer('99999999999999999999'), 'mapping.integer.value', /is not a whole number/);
  });

  it('$gtin keeps only GTINs with a valid GS1 check digit', () => {
    assert.equal(gtin('4260708100013'), '4260708100013');
    assert.equal(gtin('04260708100112'), '04260708100112');
    assert.equal(gtin('850012345671'), '850012345671');
    assert.equal(gtin('96385074'), '96385074');
    assert.equal(gtin(' 4260708100013 '), '4260708100013');
    assert.equal(gtin('4260708100014'), undefined);
    assert.equal(gtin('RJ-BLK-L'), undefined);
    assert.equal(gtin('1234567'), undefined);
    assert.equal(gtin(4260708100013), undefined);
    assert.equal(gtin(null), undefined);
  });

  it('$translate looks codes up strictly, with an optional fallback', () => {
    const table = { PICK_UP: 'pickup', SHIPPING: 'ship', '1': 'one' };
    assert.equal(translate(table, 'PICK_UP'), 'pickup');
    assert.equal(translate(table, 1), 'one');
    assert.equal(translate(table, 'LOCAL', 'ship'), 'ship');
    assert.equal(translate(table, 'LOCAL', undefined), undefined);
    assert.equal(translate(table, undefined), undefined);
    assert.equal(translate(table, undefined, 'x'), 'x');
    assert.equal(translate(table, 'toString', 'fallback'), 'fallback');
    refusal(() => translate(table, 'LOCAL'), 'mapping.translate.missing', /"LOCAL" is not in the table \(known: PICK_UP, SHIPPING, 1\)|"LOCAL" is not in the table \(known: 1, PICK_UP, SHIPPING\)/);
    refusal(() => translate(['a'], 'x'), 'mapping.translate.table', /is not an object/);
  });

  it('registers every function on expressions, documented with an example', async () => {
    assert.deepEqual(MAPPING_FUNCTIONS.map((fn) => fn.name).sort(), ['e164', 'gtin', 'integer', 'money', 'moneySum', 'moneyTimes', 'toIso', 'translate']);
    for (const fn of MAPPING_FUNCTIONS) {
      assert.ok(fn.usage.startsWith(`$${fn.name}(`), fn.name);
      assert.ok(fn.summary.length > 20, fn.name);
      const [call = '', result = ''] = fn.example.split(' => ');
      const expression = await MappingExpression.compile(call);
      assert.deepEqual(await expression.evaluate({}), JSON.parse(result), fn.example);
      assert.deepEqual(await expression.reference({}), JSON.parse(result), fn.example);
    }
  });
});
