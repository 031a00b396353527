/**
 * The connector runtime: discovery and validation of connector packages, instances with encrypted
 * secrets, and the webhook ingress, pollers and outbound actions that run them.
 */
export { ConnectorRegistry, connectorKey, type LoadedConnector, type ConnectorOrigin } from './connector-registry.ts';
export { discoverConnectors, defaultDiscoveryDirs, CONNECTOR_KEYWORD, type DiscoveryOptions, type DiscoveryResult, type DiscoveryProblem, type DefaultDiscoveryDirs } from './discovery/discover-connectors.ts';
export { loadConnectorPackage, loadDefinition, type LoadOptions } from './discovery/load-package.ts';
export { installedSdkVersion } from './discovery/sdk-version.ts';
export { validateManifest, type ManifestContext } from './manifest/validate-manifest.ts';
export { ManifestError } from './manifest/manifest-error.ts';
export { MANIFEST_SCHEMA } from './manifest/manifest-schema.ts';
export { compareVersions, versionSatisfies, majorSatisfies, isValidRange, isPrerelease } from './version-ranges.ts';
export { SecretBox, ENCRYPTED_PREFIX, SECRET_KEY_BYTES, keyFingerprint } from './secrets/secret-box.ts';
export { loadSecretKey, generateSecretKey, SECRET_KEY_FILE, type SecretKeyOptions, type SecretKeySource } from './secrets/secret-key.ts';
export { SECRET_MASK, secretPointers, encryptSecrets, decryptSecrets, maskConfig, secretValues } from './secrets/secret-fields.ts';
export { INSTANCE_STATES, type InstanceState, type ConnectorInstance, type NewInstance, type InstanceChanges } from './instances/instance.ts';
export { InstanceStore, type InstanceStoreDeps } from './instances/instance-store.ts';
export { configErrors } from './instances/config-validation.ts';
export { createConnectorRuntime, ConnectorRuntime, type ConnectorRuntimeOptions, type ConnectionCheck } from './runtime/connector-runtime.ts';
export type { MappingApplier } from './runtime/mapping-applier.ts';
export { catalogMappings } from './runtime/catalog-mappings.ts';
export type { WebhookOutcome } from './runtime/webhook-ingress.ts';
export type { InboundSummary } from './runtime/inbound-intake.ts';
export type { HttpClientFactory, HttpDefaults } from './runtime/instance-context.ts';
export { actionIdempotencyKey } from './runtime/instance-actions.ts';
export { instanceSource, capabilitySubscriber, pruneInboundRecords } from './runtime/inbound-intake.ts';
export { pollCursorKey } from './runtime/cursor-store.ts';
export { CONFIG_API_VERSION, CONFIG_DOCUMENT_SCHEMA, configDocumentErrors, isConfigDocument, type ConfigDocument, type InstanceDeclaration } from './config-as-code/config-document.ts';
export { resolveEnvReferences, secretEnvName, envReference, type MissingReference, type ResolvedReferences } from './config-as-code/env-references.ts';
export { computePlan, invalidConfigFile, type ConfigPlan, type PlannedChange, type FieldChange, type PlanStep, type PlanInput, type ComputedPlan } from './config-as-code/config-plan.ts';
export { currentOf, currentInstances, type CurrentInstance } from './config-as-code/current-instances.ts';
export { exportConfig, SECRET_EXPORT_MODES, type SecretExportMode, type ExportedConfig, type ExportedSecret } from './config-as-code/config-export.ts';
export { parseConfigYaml, stringifyConfigYaml } from './config-as-code/config-yaml.ts';
export { ConfigAsCode, type ConfigAsCodeDeps, type PlanOptions as ConfigPlanOptions, type ApplyOptions as ConfigApplyOptions } from './config-as-code/config-as-code.ts';
export { transactionStore } from './config-as-code/transaction-store.ts';
export { breakingChangesBetween, type BreakingChangeNote } from './upgrades/breaking-changes.ts';
export { checkMappings, type MappingCheck, type UpgradeMappings } from './upgrades/mapping-checks.ts';
export { planUpgrade, type UpgradePlan } from './upgrades/upgrade-plan.ts';
export { InstanceUpgrades, type InstanceUpgradesDeps, type UpgradeOutcome, type UpgradeOptions } from './upgrades/instance-upgrades.ts';
