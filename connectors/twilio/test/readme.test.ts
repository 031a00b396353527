import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readmeFindings } from '@omnihub/connector-testkit';
import connector from '../src/index.ts';
import v11 from '../versions/1.1.0/src/index.ts';

describe('twilio README', () => {
  for (const [version, readme] of [
    [connector, '../README.md'],
    [v11, '../versions/1.1.0/README.md'],
  ] as const) {
    it(`${version.manifest.version} shows the config table generated from the manifest, the vendor API version and every capability`, () => {
      assert.deepEqual(readmeFindings(readFileSync(new URL(readme, import.meta.url), 'utf8'), version.manifest), []);
    });
  }
});
