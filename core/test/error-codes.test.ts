import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ERROR_CODES, errorCodes } from '@omnihub/core';

describe('error codes', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  it('docs/errors.md documents every code with its status', () => {
    for (const code of errorCodes) {
      assert.match(doc, new RegExp(`^## \`${code}\` \\(${ERROR_CODES[code].status}\\)$`, 'm'), `docs/errors.md lacks a "## \`${code}\` (${ERROR_CODES[code].status})" section`);
    }
  });
  it('the OpenAPI Problem schema lists the same codes', () => {
    const spec = readFileSync(new URL('../../openapi/openapi.yaml', import.meta.url), 'utf8');
    for (const code of errorCodes) assert.match(spec, new RegExp(`- ${code}$`, 'm'), `openapi.yaml ProblemCode lacks ${code}`);
  });
});
