import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

interface Started {
  child: ChildProcess;
  url: string;
  output: string;
}

/** Starts `npm start`'s entry point and waits (bounded) until it prints where it listens. */
function start(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['--conditions=omnihub-source', MAIN], {
    env: { PATH: process.env['PATH'] ?? '', OMNIHUB_DATA_DIR: dataDir, OMNIHUB_PORT: '0', OMNIHUB_LOG_LEVEL: 'warn' },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /omnihub listening on (http:\/\/\S+)/.exec(output);
      // the admin key block follows the listening line in the same write burst
      if (match?.[1] !== undefined && (/An admin API key/.test(output) || output.split('\n').length > 1)) {
        clearTimeout(timer);
        setTimeout(() => resolve({ child, url: match[1] ?? '', output }), 200);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`hub exited with ${String(code)}:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('npm start (embedded hub)', () => {
  it('starts with no servers, prints an admin key once, and keeps data across restarts', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'omnihub-start-'));
    try {
      const first = await start(dataDir);
      const key = /^\s+(ohk_\S+)$/m.exec(first.output)?.[1];
      assert.ok(key !== undefined, first.output);
      assert.equal((await fetch(`${first.url}/health`)).status, 200);
      assert.equal((await fetch(`${first.url}/v1/schemas`, { headers: { authorization: `Bearer ${key}` } })).status, 200);
      await stop(first.child);

      const second = await start(dataDir);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.doesNotMatch(second.output, /An admin API key/);
      assert.equal((await fetch(`${second.url}/v1/schemas`, { headers: { authorization: `Bearer ${key}` } })).status, 200);
      await stop(second.child);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
