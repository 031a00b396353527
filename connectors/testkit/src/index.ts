/**
 * @omnihub/connector-testkit: the conformance kit every omnihub connector must pass.
 */
export { runConformance, MIN_WAIVER_REASON_LENGTH, type RunConformanceOptions } from './run-conformance.ts';
export {
  defineConformance,
  type ConformanceConfig,
  type ConformanceEnvironment,
  type VendorDouble,
  type WebhookSample,
  type SignWebhookInput,
  type SignedWebhook,
  type ActionSample,
  type InvalidConfig,
} from './conformance-config.ts';
export { CHECK_NAMES, isCheckName, type CheckName, type CheckStatus, type CheckResult, type ConformanceReport } from './check-result.ts';
export { mappingIdsOf, type MappingFixtureRunner, type MappingFixtureOutcome } from './checks/mapping-fixtures.ts';
export { jsonataFixtureRunner, type JsonataFixtureOptions } from './mappings/jsonata-fixture-runner.ts';
export { startVendorServer, type VendorServer, type VendorServerOptions, type RecordedRequest, type VendorResponse } from './vendor-server.ts';
export { MANIFEST_SCHEMA } from './manifest-schema.ts';
export { formatReport } from './format-report.ts';
export { renderConfigTable, withConfigTable, CONFIG_TABLE_START, CONFIG_TABLE_END } from './readme/config-table.ts';
export { readmeFindings } from './readme/readme-findings.ts';
