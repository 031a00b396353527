import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '@omnihub/core';
import { freshName, pgliteFactory, waitFor } from '@omnihub/core/testing';
import { customerWithOrder, seedReturnLocations, simulateShopifyRefunds } from '../../openapi/test/returns-support.ts';
import { startTestHub, type TestHub } from '../../openapi/test/support.ts';
import { runCli } from '../src/index.ts';
import { omnihub, type CliRun } from './run-cli.ts';

/** Runs the CLI in this process (the real bin is run once, below: each spawn costs a second or more). */
async function cli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (text) => out.push(text), err: (text) => err.push(text) }, env);
  return { code, stdout: out.map((line) => `${line}\n`).join(''), stderr: err.map((line) => `${line}\n`).join('') };
}

const dir = mkdtempSync(path.join(tmpdir(), 'omnihub-returns-'));

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
}

const POLICY = `# Returns within 30 days, in store or by mail
id: standard
name: Standard returns
returnPolicyCategory: finite-window
merchantReturnDays: 30
returnMethods: [mail, store]
restockingFee: { percent: 10 }
refundTypes: [original-payment, store-credit]
`;

describe('omnihub returns and customers', () => {
  let t: TestHub;
  let agent: Record<string, string>;
  let ops: Record<string, string>;
  let admin: Record<string, string>;

  before(async () => {
    t = await startTestHub(pgliteFactory);
    await simulateShopifyRefunds(t, freshName('shopify').replaceAll('_', '-'), new Set());
    await seedReturnLocations(t);
    agent = { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: t.keys.write };
    ops = { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: (await createApiKey(t.hub.store, 'ops-bob', ['ops'])).key };
    admin = { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: t.keys.admin };
  });
  after(async () => {
    await t.close();
  });

  it('applies a policy from YAML, refuses a broken one with every problem, and lists them', async () => {
    const applied = await omnihub(['returns', 'policy', 'apply', file('standard.yaml', POLICY)], admin); // the real bin, once
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /policy standard is at version 1 \(active\)/);
    const broken = await cli(['returns', 'policy', 'apply', file('broken.yaml', 'id: Bad\nname: x\nreturnPolicyCategory: finite-window\nreturnMethods: [drone]\nrefundTypes: [cash]\n')], admin);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /broken\.yaml: the return policy is invalid/);
    assert.match(broken.stderr, /\/returnMethods\/0: must be equal to one of the allowed values/);
    assert.match(broken.stderr, /\/merchantReturnDays: must have required property 'merchantReturnDays'/);
    const listed = await cli(['returns', 'policy', 'list'], agent);
    assert.match(listed.stdout, /standard\s+1\s+Standard returns\s+30 days\s+mail,store\s+all/);
  });

  it('lists, shows, approves and rejects returns; receives one, which refunds and closes', async () => {
    const { orderId, customerId } = await customerWithOrder(t);
    const create = async (body: object): Promise<{ id: string; status: string }> => {
      const response = await t.call('POST', '/v1/returns', { key: t.keys.write, body });
      const text = await response.text();
      assert.equal(response.status, 201, text);
      return JSON.parse(text) as { id: string; status: string };
    };
    const scarf = await create({ orderId, method: 'store', initiatedBy: { channel: 'contact-center', actorId: 'agent-7' }, lines: [{ lineId: '2', quantity: 1, reason: 'damaged' }] });
    assert.equal(scarf.status, 'rejected');
    const listed = await cli(['returns', 'list', '--customer', customerId], agent);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^ID\s+CREATED\s+STATUS\s+METHOD\s+ORDER\s+CUSTOMER\s+CHANNEL\s+REFUND$/m);
    assert.match(listed.stdout, new RegExp(`${scarf.id}\\s+\\S+\\s+rejected\\s+store\\s+${orderId}\\s+${customerId}\\s+contact-center`));
    const shown = await cli(['returns', 'show', scarf.id], agent);
    assert.match(shown.stdout, /Policy\s+standard v1: rejected \(SCARF-RED was sold as final sale\)/);
    assert.match(shown.stdout, /Rules\s+final-sale/);
    const noReason = await cli(['returns', 'approve', scarf.id], agent);
    assert.equal(noReason.code, 2);
    const approved = await cli(['returns', 'approve', scarf.id, '--reason', 'torn on arrival', '--actor', 'agent-7'], agent);
    assert.equal(approved.code, 0, approved.stderr);
    assert.match(approved.stdout, /Override\s+by agent-7 at \S+: torn on arrival/);
    const rejected = await cli(['--json', 'returns', 'reject', scarf.id, '--reason', 'customer kept it'], agent);
    assert.equal((JSON.parse(rejected.stdout) as { status: string }).status, 'rejected');
    const again = await cli(['returns', 'reject', scarf.id, '--reason', 'twice'], agent);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /is rejected; a rejection needs it requested or authorized or label-issued \[409 conflict\]/);

    const shirts = await create({ orderId, method: 'store', initiatedBy: { channel: 'store', locationId: 'store-berlin' }, lines: [{ lineId: '1', quantity: 2, reason: 'size' }] });
    const badLine = await cli(['returns', 'receive', shirts.id, '--location', 'store-berlin', '--line', '1:two:RESTOCKED'], agent);
    assert.equal(badLine.code, 2);
    assert.match(badLine.stderr, /--line takes <lineId>:<quantity>:<disposition>/);
    const received = await cli(['returns', 'receive', shirts.id, '--location', 'store-berlin', '--line', '1:1:RESTOCKED', '1:1:NOT_RESTOCKED:dc-east', '--receipt', 'r-1'], agent);
    assert.equal(received.code, 0, received.stderr);
    assert.match(received.stdout, /Refund\s+53\.91 EUR requested through shopify-eu, attempt 1; fees restocking 5\.99 EUR/);
    assert.match(received.stdout, /1\s+TSHIRT-BLK-M\s+2\s+size\s+yes\s+1 RESTOCKED@store-berlin, 1 NOT_RESTOCKED/);
    await waitFor(async () => ((await (await t.call('GET', `/v1/returns/${shirts.id}`, { key: t.keys.read })).json()) as { status: string }).status === 'closed', { message: 'closed', timeoutMs: 60_000 });
    const history = (await cli(['returns', 'show', shirts.id], agent)).stdout;
    assert.match(history, /settle-refund\s+done\s+inspected → refunded\s+connector:shopify-eu/);
    const refund = await cli(['returns', 'refund', shirts.id, '--retry'], ops);
    assert.equal(refund.code, 1);
    assert.match(refund.stderr, /\[409 conflict\]/);
    const unknown = await cli(['returns', 'show', 'RMA-none'], agent);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no return RMA-none \[404 not-found\]/);
  });

  it('shows a customer context by id, phone and email', async () => {
    const { customerId, orderId, phone, email } = await customerWithOrder(t, { shipped: false });
    const shown = await cli(['customers', 'show', customerId], agent);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, new RegExp(`Customer\\s+${customerId} Lena Koch`));
    assert.match(shown.stdout, /Value\s+74\.90 EUR over 1 order/);
    assert.match(shown.stdout, /Consent\s+sms yes/);
    assert.match(shown.stdout, new RegExp(`${orderId}\\s+\\S+\\s+confirmed\\s+74\\.90 EUR\\s+2×TSHIRT-BLK-M pending; 1×SCARF-RED pending`));
    const byPhone = await cli(['--json', 'customers', 'lookup', '--phone', phone], agent);
    assert.equal((JSON.parse(byPhone.stdout) as { customer: { id: string } }).customer.id, customerId);
    const byEmail = await cli(['customers', 'lookup', '--email', email], agent);
    assert.match(byEmail.stdout, new RegExp(`Customer\\s+${customerId}`));
    const nobody = await cli(['customers', 'lookup', '--phone', '+4930999999'], agent);
    assert.equal(nobody.code, 1);
    assert.match(nobody.stderr, /\[404 not-found\]/);
  });
});
