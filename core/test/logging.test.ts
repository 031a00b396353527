import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger, withCorrelation } from '@omnihub/core';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('logging', () => {
  it('stamps the correlation id and censors secrets', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ destination: stream, secretPaths: ['config.shopSecret'] });
    withCorrelation({ correlationId: 'corr-1' }, () => {
      logger.info({ headers: { authorization: 'Bearer ohk_abc_def' }, config: { shopSecret: 's3cr3t', shop: 'eu' } }, 'called with Bearer abc.def and key ohk_aaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbb');
    });
    const line = lines[0] ?? {};
    assert.equal(line['correlationId'], 'corr-1');
    const text = JSON.stringify(line);
    assert.doesNotMatch(text, /s3cr3t|ohk_abc_def|abc\.def|bbbbbbbb/);
    assert.match(text, /\[redacted\]/);
    assert.match(text, /"shop":"eu"/);
  });
});
