import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readmeFindings } from '@omnihub/connector-testkit';
import v1 from '../src/index.ts';
import v2 from '../versions/2.0.0/src/index.ts';

describe('http READMEs', () => {
  for (const [connector, readme] of [
    [v1, '../README.md'],
    [v2, '../versions/2.0.0/README.md'],
  ] as const) {
    it(`${connector.manifest.version}: shows the config table generated from the manifest, the vendor API version and every capability`, () => {
      assert.deepEqual(readmeFindings(readFileSync(new URL(readme, import.meta.url), 'utf8'), connector.manifest), []);
    });
  }
});
