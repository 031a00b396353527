import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions, isPrerelease, isValidRange, majorSatisfies, versionSatisfies } from '../../src/connectors/index.ts';

describe('version ranges of manifests', () => {
  it('orders releases after their prereleases and numeric identifiers numerically', () => {
    const sorted = ['1.0.0', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta.11', '1.0.0-beta.2', '0.9.9', '1.0.0-rc.1', '10.0.0', '2.0.0'].sort(compareVersions);
    assert.deepEqual(sorted, ['0.9.9', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '2.0.0', '10.0.0']);
    assert.equal(compareVersions('1.2.3+a', '1.2.3+b'), 0);
    assert.equal(isPrerelease('3.0.0-beta.1'), true);
    assert.equal(isPrerelease('3.0.0'), false);
  });

  const cases: [string, string, boolean][] = [
    ['0.1.0', '^0.1.0', true],
    ['0.1.9', '^0.1.0', true],
    ['0.2.0', '^0.1.0', false],
    ['0.0.3', '^0.0.3', true],
    ['0.0.4', '^0.0.3', false],
    ['1.9.0', '^1.2.0', true],
    ['2.0.0', '^1.2.0', false],
    ['1.1.9', '^1.2.0', false],
    ['1.2.9', '~1.2.0', true],
    ['1.3.0', '~1.2.0', false],
    ['1.9.0', '~1', true],
    ['1.0.0', '>=1 <3', true],
    ['2.99.0', '>=1 <3', true],
    ['3.0.0', '>=1 <3', false],
    ['0.9.0', '>=1 <3', false],
    ['1.5.0', '1.x', true],
    ['2.0.0', '1.x', false],
    ['7.0.0', '*', true],
    ['1.2.3', '1.2.3', true],
    ['1.2.4', '=1.2.3', false],
    ['1.3.0', '>1.2', true],
    ['1.2.9', '<=1.2', true],
    ['1.3.0', '<=1.2', false],
    ['2.5.0', '^1.0.0 || ^2.0.0', true],
    ['3.0.0', '^1.0.0 || ^2.0.0', false],
    ['1.0.0', '>= 1.0.0', true],
    ['1.1.0-beta.1', '^1.0.0', false],
    ['1.1.0-beta.2', '>=1.1.0-beta.1 <2', true],
    ['1.2.0-beta.2', '>=1.1.0-beta.1 <2', false],
  ];
  for (const [version, range, expected] of cases) {
    it(`${version} ${expected ? 'satisfies' : 'does not satisfy'} "${range}"`, () => assert.equal(versionSatisfies(version, range), expected));
  }

  it('checks canonical schema majors against ranges', () => {
    assert.equal(majorSatisfies(2, '>=1 <3'), true);
    assert.equal(majorSatisfies(3, '^2'), false);
    assert.equal(majorSatisfies(1, '^1'), true);
  });

  it('names what it cannot read', () => {
    assert.equal(isValidRange('^1.0.0 || ~2'), true);
    assert.equal(isValidRange('^one'), false);
    assert.throws(() => versionSatisfies('1.0', '^1.0.0'), /"1.0" is not a semantic version/);
    assert.throws(() => versionSatisfies('1.0.0', 'latest'), /"latest" is not a version range/);
  });
});
