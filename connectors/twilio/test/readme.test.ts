import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readmeFindings } from '@omnihub/connector-testkit';
import connector from '../src/index.ts';

describe('twilio README', () => {
  it('shows the config table generated from the manifest, the vendor API version and every capability', () => {
    assert.deepEqual(readmeFindings(readFileSync(new URL('../README.md', import.meta.url), 'utf8'), connector.manifest), []);
  });
});
