/**
 * Mapping throughput: Shopify orders (the Admin GraphQL 2025-01 fixtures of
 * shopify.order-to-canonical) mapped to order.created data by the mapping engine, beside a
 * hand-written TypeScript function producing the same result, in the same run. Both results are
 * validated against the canonical schema, as the engine always does. Throughput is counted per
 * CPU-second of this single-threaded process (`process.cpuUsage`), so it is a per-core figure even
 * on a busy machine. The hand-written function is checked to give the engine's exact results
 * before anything is measured.
 */
import { isDeepStrictEqual } from 'node:util';
import { MAPPINGS_DIR, MappingCatalog, SchemaRegistry, type Fixture } from '@omnihub/core';
import type { Figure } from './stats.ts';

const MAPPING = 'shopify.order-to-canonical';
/** CPU time each measurement runs for; three measurements plus warm-up stay under 20 s. */
const MEASURE_MS = Number(process.env['BENCH_MAPPING_MS'] ?? 2000);
/** A measurement also stops after this much wall-clock time, so a busy machine cannot stretch the run. */
const MAX_WALL_MS = 2 * MEASURE_MS;
/** Target of issue 4, item 11: order mappings per second per core. */
const TARGET = 20_000;

type Json = Record<string, unknown>;
type Money = { amount: string; currency: string };

/** Minor-unit digits of the currencies in the fixtures (ISO 4217). */
const MINOR: Record<string, number> = { JPY: 0, KRW: 0, BHD: 3, KWD: 3 };

/** An amount at the currency's minor unit, via integer minor units (exact for these amounts). */
function money(amount: string | number, currency: string): Money {
  const digits = MINOR[currency] ?? 2;
  const units = Math.round(Number(amount) * 10 ** digits);
  return { amount: (units / 10 ** digits).toFixed(digits), currency };
}

function lastSegment(gid: string): string {
  return gid.slice(gid.lastIndexOf('/') + 1);
}

const CALLING: Record<string, string> = { DE: '49', US: '1', FR: '33', GB: '44' };
const TRUNK: Record<string, string> = { US: '1' };

function e164(phone: unknown, country: string | undefined): string | undefined {
  if (typeof phone !== 'string') return undefined;
  const compact = phone.trim().replace(/[\s().\-/]/g, '');
  let candidate: string | undefined;
  if (compact.startsWith('+')) candidate = compact;
  else if (compact.startsWith('00')) candidate = `+${compact.slice(2)}`;
  else if (country !== undefined && CALLING[country] !== undefined && /^\d+$/.test(compact)) {
    const trunk = TRUNK[country] ?? '0';
    candidate = `+${CALLING[country]}${compact.startsWith(trunk) ? compact.slice(trunk.length) : compact}`;
  }
  return candidate !== undefined && /^\+[1-9]\d{1,14}$/.test(candidate) ? candidate : undefined;
}

/** A GS1 GTIN with a valid check digit, or undefined. */
function gtin(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^(\d{8}|\d{12,14})$/.test(value)) return undefined;
  let sum = 0;
  for (let index = value.length - 2, weight = 3; index >= 0; index -= 1, weight = 4 - weight) sum += Number(value[index]) * weight;
  return (10 - (sum % 10)) % 10 === Number(value[value.length - 1]) ? value : undefined;
}

function isoTime(value: string): string {
  return value.endsWith('Z') || /[+-]\d{2}:\d{2}$/.test(value) ? value : `${value}Z`;
}

const CHANNELS: Record<string, string> = { web: 'web', iphone: 'web', android: 'web', shopify_draft_order: 'contact-center' };
const METHODS: Record<string, string> = { SHIPPING: 'ship', PICKUP_POINT: 'ship', NONE: 'ship', LOCAL: 'same-day', PICK_UP: 'pickup', RETAIL: 'pickup' };
const FULFILLMENT_STATUSES: Record<string, string> = { FULFILLED: 'fulfilled', PARTIALLY_FULFILLED: 'partially-fulfilled', ON_HOLD: 'on-hold' };

interface HandBindings {
  locations?: Record<string, string>;
  categories?: Record<string, string>;
}

/** shopify.order-to-canonical 1.0.0, written by hand. */
export function mapShopifyOrderByHand(order: Json, bindings: HandBindings = {}): Json {
  const locations = bindings.locations ?? {};
  const categories = bindings.categories ?? {};
  const hubLocation = (gid: string): string => locations[gid] ?? `shopify-location-${lastSegment(gid)}`;
  const currency = order['currencyCode'] as string;
  const shipping = order['shippingAddress'] as Json | null;
  const country = (shipping?.['countryCodeV2'] as string | undefined) ?? undefined;
  const fulfillment = ((order['fulfillmentOrders'] as Json)['nodes'] as Json[])[0];
  const methodType = (fulfillment?.['deliveryMethod'] as Json | null)?.['methodType'] as string | undefined;
  const method = (methodType === undefined ? undefined : METHODS[methodType]) ?? 'ship';
  const retail = order['retailLocation'] as Json | null;
  const assigned = ((fulfillment?.['assignedLocation'] as Json | undefined)?.['location'] as Json | null)?.['id'] as string | undefined;
  const pickupGid = assigned ?? (retail?.['id'] as string | undefined);

  const lines: Json[] = [];
  let subtotalUnits = 0;
  const digits = MINOR[currency] ?? 2;
  for (const node of (order['lineItems'] as Json)['nodes'] as Json[]) {
    const quantity = node['quantity'] as number;
    if (!(quantity > 0)) continue;
    const unitPrice = money(((node['originalUnitPriceSet'] as Json)['shopMoney'] as Json)['amount'] as string, currency);
    subtotalUnits += Math.round(Number(unitPrice.amount) * 10 ** digits) * quantity;
    const barcode = (node['variant'] as Json | null)?.['barcode'];
    const productType = (node['product'] as Json | null)?.['productType'] as string | undefined;
    const line: Json = { lineId: lastSegment(node['id'] as string) };
    if (typeof node['sku'] === 'string' && node['sku'] !== '') line['sku'] = node['sku'];
    const code = gtin(barcode);
    if (code !== undefined) line['gtin'] = code;
    line['title'] = node['name'];
    line['quantity'] = quantity;
    line['unitPrice'] = unitPrice;
    if (productType !== undefined && productType !== '') line['category'] = categories[productType] ?? productType.toLowerCase();
    lines.push(line);
  }

  const customer: Json = {};
  if (typeof order['email'] === 'string' && order['email'] !== '') customer['email'] = order['email'];
  const phone = e164(order['phone'] ?? (order['customer'] as Json | null)?.['phone'], country);
  if (phone !== undefined) customer['phone'] = phone;
  const name = ((order['customer'] as Json | null)?.['displayName'] as string | undefined) ?? (shipping?.['name'] as string | undefined);
  if (name !== undefined) customer['name'] = name;

  const fulfillmentStatus = FULFILLMENT_STATUSES[order['displayFulfillmentStatus'] as string];
  const status =
    order['cancelledAt'] !== null ? 'cancelled' : order['closed'] === true ? 'closed' : (fulfillmentStatus ?? (order['displayFinancialStatus'] === 'PENDING' ? 'pending' : 'confirmed'));
  const sourceName = order['sourceName'] as string | null;
  const store = retail === null ? undefined : hubLocation(retail['id'] as string);
  const channel = sourceName === 'pos' ? `store${store === undefined ? '' : `:${store}`}` : sourceName === null ? 'web' : (CHANNELS[sourceName] ?? `marketplace:${sourceName}`);

  const result: Json = {
    id: `shopify-${order['legacyResourceId'] as string}`,
    externalIds: [{ system: 'shopify', id: order['id'] }],
    channel,
    placedAt: isoTime(order['processedAt'] as string),
    status,
  };
  if (Object.keys(customer).length > 0) result['customer'] = customer;
  result['lines'] = lines;
  if (method !== 'pickup' && shipping !== null) {
    const address: Json = {};
    if (shipping['name'] !== null) address['name'] = shipping['name'];
    address['line1'] = shipping['address1'];
    if (shipping['address2'] !== null) address['line2'] = shipping['address2'];
    address['city'] = shipping['city'];
    if (shipping['provinceCode'] !== null) address['region'] = shipping['provinceCode'];
    if (shipping['zip'] !== null) address['postalCode'] = shipping['zip'];
    address['country'] = shipping['countryCodeV2'];
    const addressPhone = e164(shipping['phone'], shipping['countryCodeV2'] as string);
    if (addressPhone !== undefined) address['phone'] = addressPhone;
    if (typeof shipping['latitude'] === 'number' && typeof shipping['longitude'] === 'number') address['geo'] = { lat: shipping['latitude'], lon: shipping['longitude'] };
    result['shippingAddress'] = address;
  }
  result['deliveryMethod'] = method;
  if (method === 'pickup' && pickupGid !== undefined) result['pickupLocationId'] = hubLocation(pickupGid);
  const shop = (field: string): string | undefined => ((order[field] as Json | null)?.['shopMoney'] as Json | undefined)?.['amount'] as string | undefined;
  const totals: Json = { subtotal: { amount: (subtotalUnits / 10 ** digits).toFixed(digits), currency } };
  totals['shipping'] = money(shop('totalShippingPriceSet') ?? '0', currency);
  if (shop('totalTaxSet') !== undefined) totals['tax'] = money(shop('totalTaxSet') as string, currency);
  if (Number(shop('totalDiscountsSet') ?? 0) > 0) totals['discount'] = money(shop('totalDiscountsSet') as string, currency);
  totals['grandTotal'] = money(shop('totalPriceSet') as string, currency);
  totals['taxesIncluded'] = order['taxesIncluded'];
  result['totals'] = totals;
  result['currency'] = currency;
  const paid = (order['transactions'] as Json[]).find((t) => t['status'] === 'SUCCESS' && ['SALE', 'CAPTURE', 'AUTHORIZATION'].includes(t['kind'] as string));
  if (paid !== undefined) result['payment'] = { gateway: paid['gateway'] === 'shopify_payments' ? 'shopify' : 'other', transactionId: lastSegment(paid['id'] as string) };
  const attributes: Json = {};
  for (const attribute of order['customAttributes'] as Json[]) if (attribute['value'] !== null && attribute['value'] !== '') attributes[attribute['key'] as string] = attribute['value'];
  attributes['shopifyOrderName'] = order['name'];
  const codes = order['discountCodes'] as string[];
  if (codes.length > 0) attributes['discountCodes'] = codes.join(',');
  if (typeof order['note'] === 'string' && order['note'] !== '') attributes['note'] = order['note'];
  result['attributes'] = attributes;
  return { order: result };
}

/**
 * Runs `work` repeatedly for {@link MEASURE_MS} of CPU time (or {@link MAX_WALL_MS} of wall-clock
 * time, whichever comes first); returns operations per CPU-second.
 */
async function perCpuSecond(work: (index: number) => unknown): Promise<number> {
  const budget = MEASURE_MS * 1000;
  const start = process.cpuUsage();
  const startedAt = performance.now();
  let used = 0;
  let count = 0;
  while (used < budget && performance.now() - startedAt < MAX_WALL_MS) {
    // Batches of 256 keep the clock reads out of the measured cost.
    for (let index = 0; index < 256; index += 1) await work(count + index);
    count += 256;
    const elapsed = process.cpuUsage(start);
    used = elapsed.user + elapsed.system;
  }
  return count / (used / 1e6);
}

/** The Shopify order fixtures that map (not the ones the mapping refuses), with their variables. */
function orderCases(catalog: MappingCatalog): Fixture[] {
  return catalog.get(MAPPING).fixtures.filter((fixture) => fixture.output !== undefined);
}

export async function mappingBench(): Promise<Figure[]> {
  const registry = await SchemaRegistry.load();
  const compiled = await MappingCatalog.load(MAPPINGS_DIR, { registry });
  const reference = await MappingCatalog.load(MAPPINGS_DIR, { registry, engine: 'jsonata' });
  const cases = orderCases(compiled);
  const bindings = cases.map((fixture) => ({ ...compiled.get(MAPPING).bindings, ...fixture.bindings }));
  const ref = { name: 'order.created', version: 1 };

  for (const [index, fixture] of cases.entries()) {
    const engine = await compiled.apply(MAPPING, fixture.input, { bindings: fixture.bindings });
    const byHand = mapShopifyOrderByHand(fixture.input as Json, bindings[index]);
    if (!isDeepStrictEqual(engine, byHand)) throw new Error(`the hand-written mapping differs from ${MAPPING} on fixture ${fixture.name}`);
  }

  const handWritten = (index: number): void => {
    const at = index % cases.length;
    const output = mapShopifyOrderByHand((cases[at] as Fixture).input as Json, bindings[at]);
    if (!registry.validate(ref, output).valid) throw new Error('the hand-written result is invalid');
  };
  const withEngine = (catalog: MappingCatalog) => (index: number): Promise<unknown> => {
    const fixture = cases[index % cases.length] as Fixture;
    return catalog.apply(MAPPING, fixture.input, { bindings: fixture.bindings });
  };

  // Warm-up: let V8 optimise every path before it is measured.
  for (let index = 0; index < 5_000; index += 1) {
    handWritten(index);
    await withEngine(compiled)(index);
  }
  for (let index = 0; index < 200; index += 1) await withEngine(reference)(index);

  const baselineRate = await perCpuSecond(handWritten);
  const engine = await perCpuSecond(withEngine(compiled));
  const jsonataOnly = await perCpuSecond(withEngine(reference));
  return [
    {
      bench: 'mapping',
      metric: `${MAPPING} orders/s per core (compiled engine, validated)`,
      unit: 'orders/s',
      hub: engine,
      baseline: baselineRate,
      baselineName: 'hand-written TypeScript, validated',
      ratio: engine / baselineRate,
      target: `≥ ${TARGET.toLocaleString('en-US')} orders/s per core`,
      pass: engine >= TARGET,
    },
    {
      bench: 'mapping',
      metric: `${MAPPING} orders/s per core (JSONata's own evaluator, validated)`,
      unit: 'orders/s',
      hub: jsonataOnly,
      baseline: baselineRate,
      baselineName: 'hand-written TypeScript, validated',
      ratio: jsonataOnly / baselineRate,
    },
  ];
}
