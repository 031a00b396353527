import type { ConnectorManifest } from '@omnihub/connector-sdk';
import { parseSemVer } from '../../mappings/semver.ts';
import { compareVersions } from '../version-ranges.ts';

/** The breaking changes a major version of a connector introduced, as its manifest records them. */
export interface BreakingChangeNote {
  /** The major version that introduced them. */
  major: number;
  /** Each change in plain words; empty when the manifests record none for this major. */
  changes: string[];
}

function majorOf(version: string): number {
  const parsed = parseSemVer(version);
  if (parsed === undefined) throw new Error(`"${version}" is not a semantic version (major.minor.patch)`);
  return parsed.major;
}

/**
 * The breaking changes crossed when an instance moves from `from` to `to`, in either direction:
 * one note per major above the lower version's, up to the higher version's. An upgrade takes them
 * on; a downgrade undoes them. The newer manifest is read first (it keeps the record of every
 * major up to its own), the older one where the newer records nothing.
 *
 * @example
 * breakingChangesBetween(http1.manifest, http2.manifest) // [{ major: 2, changes: ['Inbound webhook signatures travel in one header...'] }]
 */
export function breakingChangesBetween(from: ConnectorManifest | undefined, to: ConnectorManifest, fromVersion = from?.version): BreakingChangeNote[] {
  if (fromVersion === undefined) return [];
  const upgrade = compareVersions(fromVersion, to.version) < 0;
  const [newer, older] = upgrade ? [to, from] : [from, to];
  const low = Math.min(majorOf(fromVersion), majorOf(to.version));
  const high = Math.max(majorOf(fromVersion), majorOf(to.version));
  const notes: BreakingChangeNote[] = [];
  for (let major = low + 1; major <= high; major += 1) {
    const recorded = newer?.breakingChanges?.[String(major)] ?? older?.breakingChanges?.[String(major)] ?? [];
    notes.push({ major, changes: [...recorded] });
  }
  return notes;
}
