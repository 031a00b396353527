import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Coalescer } from '../src/store/coalescer.ts';

describe('Coalescer', () => {
  it('runs the calls of one turn together and answers each its own output', async () => {
    const runs: number[][] = [];
    const doubled = new Coalescer((inputs: readonly number[]) => {
      runs.push([...inputs]);
      return Promise.resolve(inputs.map((n) => n * 2));
    });
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => doubled.call(n))), [2, 4, 6]);
    assert.deepEqual(await doubled.call(4), 8);
    assert.deepEqual(runs, [[1, 2, 3], [4]]);
  });

  it('splits a large turn into runs of at most maxBatch', async () => {
    const sizes: number[] = [];
    const echo = new Coalescer(
      (inputs: readonly number[]) => {
        sizes.push(inputs.length);
        return Promise.resolve([...inputs]);
      },
      { maxBatch: 4 },
    );
    const inputs = Array.from({ length: 10 }, (_, n) => n);
    assert.deepEqual(await Promise.all(inputs.map((n) => echo.call(n))), inputs);
    assert.deepEqual(sizes, [4, 4, 2]);
  });

  it('runs each input alone after a run of several failed, so a bad input fails only its own call', async () => {
    const runs: string[][] = [];
    const checked = new Coalescer((inputs: readonly string[]) => {
      runs.push([...inputs]);
      if (inputs.includes('bad')) return Promise.reject(new Error('bad input'));
      return Promise.resolve(inputs.map((s) => s.toUpperCase()));
    });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((s) => checked.call(s)));
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      ['A', 'bad input', 'C'],
    );
    assert.deepEqual(runs, [['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('refuses a run that answers the wrong number of outputs', async () => {
    const short = new Coalescer((_inputs: readonly number[]) => Promise.resolve([] as number[]));
    await assert.rejects(short.call(1), /answered 0 outputs for 1 inputs/);
  });
});
