import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MappingCatalog, MappingExpression, MAPPINGS_DIR } from '../../src/mappings/index.ts';
import { registry, shipped } from './support.ts';

/** JSONata's own answer: the result, or the error's code. */
type Outcome = { value: unknown } | { error: string };

async function reference(expression: MappingExpression, input: unknown, bindings: Record<string, unknown>): Promise<Outcome> {
  try {
    return { value: await expression.reference(input, bindings) };
  } catch (error: unknown) {
    const failure = (error as { failure?: { code?: string; message: string } }).failure;
    return { error: failure?.code ?? failure?.message ?? String(error) };
  }
}

/**
 * Whether the compiled evaluator agrees with JSONata: when it answers, the answer is JSONata's;
 * when it does not (JSONata raises an error, or a value is outside what it handles), evaluate()
 * falls back to JSONata and gives JSONata's outcome.
 */
async function agree(text: string, input: unknown, bindings: Record<string, unknown> = {}): Promise<void> {
  const expression = await MappingExpression.compile(text);
  assert.equal(expression.engine, 'compiled', `${text} compiles (${expression.notCompiled ?? ''})`);
  const expected = await reference(expression, input, bindings);
  const compiled = expression.compiledResult(input, bindings);
  if (compiled.ok) assert.deepEqual({ value: compiled.value }, expected, `${text} on ${JSON.stringify(input)}`);
  let actual: Outcome;
  try {
    actual = { value: await expression.evaluate(input, bindings) };
  } catch (error: unknown) {
    const failure = (error as { failure?: { code?: string; message: string } }).failure;
    actual = { error: failure?.code ?? failure?.message ?? String(error) };
  }
  assert.deepEqual(actual, expected, `${text} on ${JSON.stringify(input)} through evaluate()`);
}

const ORDER = {
  id: 'o-1',
  total: 42.5,
  tags: ['gift', 'vip'],
  customer: { name: 'Ana', email: 'ana@example.com', address: { city: 'Lisboa', zip: null } },
  lines: [
    { sku: 'A', qty: 2, price: 10, tags: ['x'], parts: [{ n: 1 }, { n: 2 }] },
    { sku: 'B', qty: 0, price: 5.5, tags: [], parts: [{ n: 3 }] },
    { sku: 'C', qty: 1, price: 20, tags: ['x', 'y'], parts: [] },
  ],
  empty: [],
  nested: [[1, 2], [3], []],
  flags: { a: true, b: false },
  '1': 'one',
  zero: 0,
  text: 'a/b/c',
};

/** Expressions over {@link ORDER} covering the constructs the compiled evaluator implements. */
const CORPUS = [
  'id',
  'customer.name',
  'customer.address.zip',
  'customer.address.nothing',
  'lines.sku',
  'lines[0].sku',
  'lines[-1].sku',
  'lines[qty > 0].sku',
  'lines[qty > 0][1].sku',
  'lines[[0, 2]].sku',
  'lines[tags].sku',
  'lines[sku = "B"]',
  'lines.tags',
  'lines.tags[]',
  'lines[0].tags',
  'lines[0].tags[]',
  'lines.parts.n',
  'lines.parts[0].n',
  'lines.parts[n > 1]',
  'nested',
  'nested[0]',
  'nested.$',
  'empty',
  'empty.x',
  'empty[]',
  'tags[0]',
  '[tags]',
  '[tags, "z"]',
  '[[1, 2], 3, [4]]',
  '[]',
  '[lines.sku]',
  '[lines[0].sku]',
  '{ "a": id, "b": nothing, "c": [] }',
  '{ "n": 1, "1": 2, "z": 3, "b": 4 }',
  'lines.{ "sku": sku, "total": qty * price }',
  'lines.{ sku: qty }',
  '$merge(lines.{ sku: price })',
  '{ "skus": lines.sku, "first": lines[0] }',
  '$.lines[0].sku',
  '$$.customer.name',
  'lines.($$.id & ":" & sku)',
  '($x := 3; $y := $x * 2; $x + $y)',
  '($x := 1; ($x := 2; $x) + $x)',
  '($lines := lines[qty > 0]; $count($lines))',
  'qty',
  'total + 1',
  'total - zero',
  'total * 2',
  'total / 4',
  'total % 5',
  'nothing + 1',
  '-total',
  '-nothing',
  'total > 40',
  'total <= 40',
  '"abc" < "abd"',
  'nothing > 1',
  'id = "o-1"',
  'id != "o-1"',
  'customer = customer',
  'lines[0] = lines[1]',
  'tags = ["gift", "vip"]',
  'nothing = nothing',
  '"vip" in tags',
  '"x" in lines.tags',
  'nothing in tags',
  'id & "-" & total',
  'id & nothing',
  'customer & ""',
  'tags & "!"',
  'flags.a and flags.b',
  'flags.a or flags.b',
  'empty or zero',
  'tags and lines',
  'zero ? "yes" : "no"',
  'empty ? "yes" : "no"',
  'tags ? "yes"',
  'customer.address.zip ? "zip" : "no zip"',
  '$count(lines)',
  '$count(nothing)',
  '$sum(lines.price)',
  '$sum(lines.(qty * price))',
  '$max(lines.price)',
  '$average(lines.price)',
  '$string(total)',
  '$string(lines[0])',
  '$string(0.1 + 0.2)',
  '$number("12.5") + 1',
  '$round(total / 3, 2)',
  '$floor(total)',
  '$abs(-total)',
  '$formatNumber(total, "#,##0.00")',
  '$uppercase(customer.name)',
  '$lowercase(nothing)',
  '$substring(text, 2)',
  '$substringBefore(text, "/")',
  '$substringAfter(text, "/")',
  '$split(text, "/")',
  '$split(text, "/")[-1]',
  '$split(text, "/", 2)',
  '$split(text, /[\\/b]/)',
  '$contains(text, "b/")',
  '$contains(text, /^a\\//)',
  '$contains(customer.email, /@example\\.(com|org)$/)',
  '$join(tags, ", ")',
  '$join(lines.sku)',
  '$trim("  a  b ")',
  '$pad(id, 6, "#")',
  '$length(id)',
  '$exists(customer.address.zip)',
  '$exists(nothing)',
  '$boolean(empty)',
  '$not(tags)',
  '$keys(customer)',
  '$keys(lines)',
  '$lookup(customer, "name")',
  '$lookup(lines, "sku")',
  '$append(tags, "new")',
  '$append(nothing, tags)',
  '$spread(flags)',
  '$merge([flags, { "c": 1 }])',
  '$reverse(tags)',
  '$distinct(lines.tags)',
  '$distinct([1, 1, 2])',
  '$type(customer)',
  '$type(lines.sku)',
  '$zip(tags, [1, 2])',
  '$base64encode(id)',
  '$encodeUrlComponent("a b&c")',
  '$toMillis("2025-04-14T10:00:00Z")',
  '$fromMillis(1744624800000)',
  'text ~> $split("/")',
  'lines.sku ~> $join("|")',
  '$money(total, "EUR")',
  '$moneySum(lines.$moneyTimes($money(price, "EUR"), qty), "EUR")',
  '$e164("030 1234567", "DE")',
  '$toIso("2025-04-14 10:00", "+02:00")',
  '$translate({ "A": "first" }, lines[0].sku)',
  '$translate({ "A": "first" }, lines[1].sku, "other")',
  '$integer(" 7 ")',
  '($f := function($x) { $x * 2 }; $f(total))',
  '($sku := function($l) { $l.sku }; lines.$sku($))',
  '($add := function($a, $b) { $a + $b }; $add(1))',
  '($f := function($x) { $uppercase($x) }; $f(id))',
  '($f := function() { $string() }; lines[0].$f())',
  '($fact := function($n) { $n <= 1 ? 1 : $n * $fact($n - 1) }; $fact(5))',
  '($down := function($n, $acc) { $n = 0 ? $acc : $down($n - 1, $acc + 1) }; $down(50, 0))',
  '($twice := function($f, $x) { $f($f($x)) }; $twice(function($y) { $y + 1 }, 1))',
  '($k := "x"; $f := function() { $k }; ($k := "y"; $f()))',
  '($ref := function($s) { $lookup({ "A": 1 }, $s) ? { "id": $s } : { "externalId": $s } }; lines.$ref(sku))',
  '{ "f": function($x) { $x }, "n": 1 }',
  'customer.`name`',
  'customer."name"',
  'lines.("sku")',
  '[lines.sku][1]',
  '[lines.sku][]',
  '(lines.sku)[0]',
  'lines[0].(sku & qty)',
  '$b',
  '$t.x',
  '$count($t.y)',
] as const;

/** Expressions whose JSONata error the compiled evaluator must not hide. */
const ERRORS = [
  'id + 1',
  'customer > 1',
  '1 < "a"',
  '-id',
  '$split(total, "/")',
  '$uppercase(total)',
  '$number("abc")',
  '$error("stop here")',
  '$assert(false, "assertion")',
  '{ "a": 1, ("a"): 2 }',
  '{ total: 1 }',
  'lines.{ sku: 1, "A": 2 }',
  '$money("12,5", "EUR")',
  '$translate({}, "x")',
  '$e164("1", "XX")',
] as const;

describe('compiled evaluator: agreement with JSONata', () => {
  it('gives JSONata\'s result for every construct of the corpus', async () => {
    for (const text of CORPUS) await agree(text, ORDER, { b: [1, 2], t: { x: 'tee', y: [1, 2, 3] } });
  });

  it('gives JSONata\'s outcome on other inputs: an array, a string, nothing', async () => {
    const inputs: unknown[] = [[ORDER, ORDER], 'text', undefined, null, 0, [], [[1]]];
    for (const input of inputs) {
      for (const text of ['$', 'id', '[$]', '$[0]', '$.id', '{ "x": $ }', '$count($)', 'lines.sku', '$string($)', '$exists($)']) await agree(text, input);
    }
  });

  it('lets the caller\'s bindings shadow functions, as JSONata does', async () => {
    await agree('$uppercase(id)', ORDER, { uppercase: 'not a function' });
    await agree('$money(total, "EUR")', ORDER, { money: 1 });
    await agree('($uppercase := $lowercase; $uppercase(id))', ORDER);
  });

  it('never hides a JSONata error: evaluate() reports it', async () => {
    for (const text of ERRORS) {
      const expression = await MappingExpression.compile(text);
      const expected = await reference(expression, ORDER, {});
      assert.ok('error' in expected, `${text} is an error in JSONata`);
      await agree(text, ORDER);
    }
  });

  it('leaves what it does not implement to JSONata, with the reason', async () => {
    const cases: [string, RegExp][] = [
      ['$map(lines, function($l) { $l.sku })', /function \$map|lambda/],
      ['lines^(price).sku', /sort/],
      ['lines{ sku: price }', /"group"/],
      ['lines.parts.%.sku', /parent|"(seekingParent|ancestor)"/],
      ['lines@$l.$l.sku', /"(focus|tuple)"/],
      ['lines#$i.sku', /"(index|tuple)"/],
      ['customer.*', /wildcard/],
      ['**.city', /descendant/],
      ['[1..3]', /operator \.\./],
      ['$ ~> | customer | { "vip": true } |', /~> to something other than a function call/],
      ['$uppercase(?)', /partial/],
      ['function($x)<n:n> { $x * 2 }(2)', /signature|a call of something other than a named function/],
    ];
    for (const [text, reason] of cases) {
      const expression = await MappingExpression.compile(text);
      assert.equal(expression.engine, 'jsonata', text);
      assert.match(expression.notCompiled ?? '', reason, text);
      const expected = await reference(expression, ORDER, {});
      assert.deepEqual({ value: await expression.evaluate(ORDER) }, expected, text);
    }
  });
});

/** A JSON value generator for inputs: objects with the field names the expressions read. */
const FIELDS = ['id', 'sku', 'qty', 'price', 'tags', 'lines', 'name', 'x'];
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, 1, -2.5, '', 'A', 'x', '12'),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...FIELDS), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('compiled evaluator: property tests against JSONata', () => {
  const expressions = [
    'lines[qty > 0].{ "sku": sku, "n": $count(tags) }',
    '{ "id": id, "skus": [lines.sku], "first": lines[0].sku, "x": x ? "yes" : "no" }',
    'lines.sku & "-" & id',
    '$sum(lines.price) + $count(lines)',
    'lines[tags = "x"].name',
    'lines.{ sku: price }',
    '($l := lines; { "n": $count($l), "t": $l.tags[] })',
    'x.x.x[0]',
    '[x, [x], [[x]]]',
    'id = x or $exists(name) and qty > 1',
  ];

  it('agrees with JSONata on random inputs', async () => {
    const compiled = await Promise.all(expressions.map((text) => MappingExpression.compile(text)));
    for (const expression of compiled) assert.equal(expression.engine, 'compiled', expression.text);
    await fc.assert(
      fc.asyncProperty(jsonValue, fc.integer({ min: 0, max: expressions.length - 1 }), async (input, index) => {
        await agree(expressions[index] as string, input);
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with JSONata on altered fixture inputs of every shipped mapping', async () => {
    const catalog = await MappingCatalog.load(MAPPINGS_DIR, { registry, verifyCompiled: false });
    const cases = catalog.ids().flatMap((id) =>
      catalog.versions(id).flatMap((mapping) =>
        mapping.expression === undefined ? [] : mapping.fixtures.map((fixture) => ({ expression: mapping.expression as MappingExpression, input: fixture.input, bindings: { ...mapping.bindings, ...fixture.bindings } })),
      ),
    );
    assert.ok(cases.length >= 10);
    const alteration = fc.record({ pick: fc.nat(), replacement: fc.oneof(fc.constantFrom(null, '', 'x', 0, -1, 2.5, true, [], {}), fc.constant(undefined)) });
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: cases.length - 1 }), fc.array(alteration, { maxLength: 3 }), async (index, alterations) => {
        const { expression, input, bindings } = cases[index] as (typeof cases)[number];
        const altered = structuredClone(input);
        for (const { pick, replacement } of alterations) alter(altered, pick, replacement);
        const expected = await reference(expression, altered, bindings);
        const result = expression.compiledResult(altered, bindings);
        if (result.ok) assert.deepEqual({ value: result.value }, expected);
      }),
      { numRuns: Number(process.env["OMNIHUB_PROPERTY_RUNS"] ?? 300) },
    );
  });
});

/** Replaces (or deletes, for undefined) the `pick`-th member of a document, counting depth first. */
function alter(document: unknown, pick: number, replacement: unknown): void {
  const slots: [Record<string, unknown>, string][] = [];
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    for (const key of Object.keys(node)) {
      slots.push([node as Record<string, unknown>, key]);
      visit((node as Record<string, unknown>)[key]);
    }
  };
  visit(document);
  if (slots.length === 0) return;
  const [parent, key] = slots[pick % slots.length] as [Record<string, unknown>, string];
  if (replacement === undefined && !Array.isArray(parent)) Reflect.deleteProperty(parent, key);
  else parent[key] = replacement ?? null;
}

it('a shipped fixture maps the same through both evaluators', async () => {
  const catalog = await MappingCatalog.load(MAPPINGS_DIR, { registry });
  const expression = catalog.get('shopify.order-to-canonical').expression as MappingExpression;
  const input = shipped('shopify.order-to-canonical', '1.0.0', 'web-multi-line-discount.input.json');
  const bindings = { ...catalog.get('shopify.order-to-canonical').bindings };
  assert.deepEqual(expression.compiledResult(input, bindings), { ok: true, value: await expression.reference(input, bindings) });
});
