import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareSemVer, maxSatisfying, parseRange, parseSemVer, satisfies, type SemVer } from '../../src/mappings/index.ts';

function v(text: string): SemVer {
  const parsed = parseSemVer(text);
  assert.ok(parsed !== undefined, `${text} is a version`);
  return parsed;
}

function selects(range: string, version: string): boolean {
  return satisfies(v(version), parseRange(range));
}

describe('semantic versions of mappings', () => {
  it('parses versions and orders them by precedence', () => {
    assert.equal(parseSemVer('1.2'), undefined);
    assert.equal(parseSemVer('01.2.3'), undefined);
    assert.equal(v('v1.2.3+build.7').text, '1.2.3');
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.10.0', '2.0.0'];
    const shuffled = [...ordered].reverse().map(v).sort(compareSemVer);
    assert.deepEqual(shuffled.map((version) => version.text), ordered);
  });

  it('selects versions by exact, partial, caret, tilde and comparator ranges', () => {
    const table: [string, string, boolean][] = [
      ['1.2.3', '1.2.3', true],
      ['1.2.3', '1.2.4', false],
      ['1', '1.9.9', true],
      ['1', '2.0.0', false],
      ['1.2', '1.2.9', true],
      ['1.2', '1.3.0', false],
      ['1.x', '1.4.0', true],
      ['1.2.x', '1.3.0', false],
      ['*', '7.0.0', true],
      ['', '0.1.0', true],
      ['^1.2.3', '1.9.0', true],
      ['^1.2.3', '1.2.2', false],
      ['^1.2.3', '2.0.0', false],
      ['^0.2.3', '0.2.9', true],
      ['^0.2.3', '0.3.0', false],
      ['^0.0.3', '0.0.4', false],
      ['~1.2.3', '1.2.9', true],
      ['~1.2.3', '1.3.0', false],
      ['~1', '1.9.0', true],
      ['>=1.1.0 <2', '1.5.0', true],
      ['>=1.1.0 <2', '2.0.0', false],
      ['>1.2', '1.3.0', true],
      ['>1.2', '1.2.9', false],
      ['<=1.2', '1.2.9', true],
      ['<1.2', '1.2.0', false],
      ['1.0.0 || ^3', '3.1.0', true],
      ['1.0.0 || ^3', '2.0.0', false],
      ['^1', '1.5.0-rc.1', false],
      ['^1.5.0-rc.1', '1.5.0-rc.2', true],
      ['^1.5.0-rc.1', '1.5.0', true],
      ['^1.5.0-rc.1', '1.6.0-rc.1', false],
      ['>= 1.0.0', '1.0.0', true],
    ];
    for (const [range, version, expected] of table) assert.equal(selects(range, version), expected, `${range} selects ${version}: ${String(expected)}`);
  });

  it('picks the highest selected version', () => {
    const versions = ['1.0.0', '1.1.0', '1.2.0-rc.1', '2.0.0'].map(v);
    assert.equal(maxSatisfying(versions, parseRange('^1'))?.text, '1.1.0');
    assert.equal(maxSatisfying(versions, parseRange('>=1.2.0-rc.1 <2'))?.text, '1.2.0-rc.1');
    assert.equal(maxSatisfying(versions, parseRange('^3')), undefined);
  });

  it('refuses what is not a range, with the offending part', () => {
    assert.throws(() => parseRange('^one'), /"\^one" is not a version range \(at "one"\)/);
    assert.throws(() => parseRange('1.2.3.4'), /is not a version range/);
  });
});
