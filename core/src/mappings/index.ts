/**
 * The mapping engine: versioned JSONata mappings between vendor payloads and canonical schemas.
 * `core/src/index.ts` re-exports these names.
 */
export {
  MappingCatalog,
  MAPPINGS_DIR,
  mappingsDir,
  type CatalogOptions,
  type ApplyOptions,
  type MappingOverride,
  type MappingSummary,
} from './catalog.ts';
export { MappingError, isMappingError, MAPPING_FAILURES, type MappingFailureCode, type MappingErrorDetails, type ExpressionLocation } from './mapping-error.ts';
export { mappingRef, type MappingVersion } from './mapping-version.ts';
export { describeEndpoint, isCanonicalEndpoint, sameEndpoint, type MappingEndpoint, type VendorEndpoint, type CanonicalEndpoint, type MappingFile } from './mapping-definition.ts';
export type { Fixture, FixtureErrorExpectation } from './fixture.ts';
export type { FixtureReport, FixtureCaseResult } from './fixtures.ts';
export type { OverrideReport, OverrideCaseResult } from './override-check.ts';
export { jsonDiff, describeDifferences, type JsonDifference } from './json-diff.ts';
export { mappingDigest } from './digest.ts';
export { findMappingFolders, type FoundMapping, type MappingFolderScan } from './discover.ts';
export { MAPPING_FUNCTIONS, MappingFunctionError, type MappingFunction } from './functions/index.ts';
export { MappingExpression, type EngineKind, type EngineMode, type ExpressionStats } from './expression.ts';
export { parseSemVer, parseRange, satisfies, compareSemVer, maxSatisfying, type SemVer, type SemVerRange } from './semver.ts';
