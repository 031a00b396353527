import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { checkCompose } from '../../scripts/check-compose.ts';

const root = new URL('../../', import.meta.url).pathname;

describe('docker-compose.yml', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'omnihub-compose-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const cwd = process.cwd();

  it('validates against the Compose specification and documents every variable', () => {
    process.chdir(root);
    try {
      assert.deepEqual(checkCompose(), []);
    } finally {
      process.chdir(cwd);
    }
  });

  it('names what is wrong in a broken file', () => {
    const broken = path.join(dir, 'broken.yml');
    const original = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    writeFileSync(broken, original.replace('  postgres:\n    image: postgres:17\n', '  postgres:\n    image: postgres:17\n    restart_policy: always\n').replace('OMNIHUB_LOG_LEVEL:-info', 'OMNIHUB_UNDOCUMENTED:-info'));
    process.chdir(root);
    try {
      const problems = checkCompose(broken);
      assert.ok(problems.some((p) => p.includes('/services/postgres') && p.includes('restart_policy')), problems.join('\n'));
      assert.ok(problems.some((p) => p.includes('OMNIHUB_UNDOCUMENTED')), problems.join('\n'));
    } finally {
      process.chdir(cwd);
    }
  });
});
