import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import nock from 'nock';
import { ConfigurationFailure, assertUrlAllowed, createHttpClient, hostOf, isHostAllowed, resolveAllowedHosts, type ConnectorManifest } from '@omnihub/connector-sdk';
import { captureLogger } from '@omnihub/connector-sdk/testing';

describe('host allow-list', () => {
  after(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('matches exact names case-insensitively, ignoring a trailing dot', () => {
    assert.equal(isHostAllowed('API.Example.com', ['api.example.com']), true);
    assert.equal(isHostAllowed('api.example.com.', ['api.example.com']), true);
    assert.equal(isHostAllowed('api.example.com', ['example.com']), false);
    assert.equal(isHostAllowed('api.example.com.evil.net', ['api.example.com']), false);
    assert.equal(isHostAllowed('', ['']), false);
    assert.equal(isHostAllowed('api.example.com', []), false);
  });

  it('matches *.suffix wildcards on sub-domains at any depth, not the bare domain nor look-alikes', () => {
    const allowed = ['*.myshopify.com'];
    assert.equal(isHostAllowed('acme.myshopify.com', allowed), true);
    assert.equal(isHostAllowed('a.b.myshopify.com', allowed), true);
    assert.equal(isHostAllowed('myshopify.com', allowed), false);
    assert.equal(isHostAllowed('evilmyshopify.com', allowed), false);
    assert.equal(isHostAllowed('acme.myshopify.com.evil.net', allowed), false);
    assert.equal(isHostAllowed('anything.com', ['*.']), false);
  });

  it('compares IPv6 literals without brackets', () => {
    assert.equal(isHostAllowed('[::1]', ['::1']), true);
    assert.doesNotThrow(() => assertUrlAllowed('http://[::1]:8080/x', ['::1']));
  });

  it('names the refused host in a ConfigurationFailure', () => {
    assert.throws(
      () => assertUrlAllowed('https://evil.example.net/steal', ['api.example.com']),
      (error: unknown) => error instanceof ConfigurationFailure && error.code === 'http.host-not-allowed' && error.message.includes('"evil.example.net"') && error.message.includes('api.example.com'),
    );
  });

  it('reads hosts from URL or host-name config values', () => {
    assert.equal(hostOf('https://erp.example.com:8443/api'), 'erp.example.com');
    assert.equal(hostOf('erp.example.com'), 'erp.example.com');
    assert.equal(hostOf('erp.example.com:8443'), 'erp.example.com');
    assert.equal(hostOf('  '), undefined);
    assert.equal(hostOf('http://'), undefined);
  });

  it('adds the hosts of allowedHostsFromConfig fields to the manifest allow-list', () => {
    const manifest: Pick<ConnectorManifest, 'allowedHosts' | 'allowedHostsFromConfig'> = { allowedHosts: ['*.netsuite.com'], allowedHostsFromConfig: ['baseUrl', 'auth.tokenUrl', 'missing'] };
    const hosts = resolveAllowedHosts(manifest, { baseUrl: 'https://erp.acme.example/api', auth: { tokenUrl: 'https://login.acme.example/oauth' } });
    assert.deepEqual(hosts, ['*.netsuite.com', 'erp.acme.example', 'login.acme.example']);
    assert.deepEqual(resolveAllowedHosts(manifest, undefined), ['*.netsuite.com']);
  });

  it('lets the client call a host allowed by a wildcard', async () => {
    nock.disableNetConnect();
    const scope = nock('https://acme.myshopify.com').get('/admin/api/2025-01/shop.json').reply(200, { shop: { name: 'Acme' } });
    const http = createHttpClient({ allowedHosts: ['*.myshopify.com'], logger: captureLogger(), retries: 0 });
    const response = await http.request({ method: 'GET', url: 'https://acme.myshopify.com/admin/api/2025-01/shop.json' });
    assert.deepEqual(response.data, { shop: { name: 'Acme' } });
    assert.ok(scope.isDone());
    await assert.rejects(http.request({ method: 'GET', url: 'https://myshopify.com/admin' }), (error: unknown) => error instanceof ConfigurationFailure && error.code === 'http.host-not-allowed');
  });
});
