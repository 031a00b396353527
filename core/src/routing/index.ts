/** Fulfillment routing: the pure engine, its profiles and the stock it reads. */
export { routeOrder } from './engine.ts';
export { rankCandidates, needOf, type Candidate, type CandidatePool, type CandidateRating, type Need } from './candidates.ts';
export { CRITERIA, rate, type CandidateFacts, type PoolFacts, type Rating } from './criteria/index.ts';
export { searchFewestSplits, pickGreedy, allocate, type Allocation, type AllocationResult, type SplitSearch } from './split-search.ts';
export { haversineKm, type GeoPoint } from './geo.ts';
export { simulateRouting, type SimulatedProfile, type SimulationReport, type SimulationWorld, type SimulationResult } from './simulate.ts';
export { routingOrderOf, stableId } from './order-input.ts';
export { ReservationRefused, type StockPort, type ReservationRequest, type ReservationKey } from './ports.ts';
export { stockSyncPort } from './stock-adapter.ts';
export { RoutingCatalog, type RoutingCatalogOptions } from './routing-catalog.ts';
export { dailyLoad, addDailyLoad, localDay } from './daily-load.ts';
export { saveDecision, orderDecisions } from './decision-store.ts';
export {
  createProfileVersion,
  getProfile,
  requireProfile,
  listProfileVersions,
  listProfiles,
  activeProfiles,
  updateDraft,
  activateProfile,
  deactivateProfile,
  type NewProfileVersion,
  type Activation,
} from './profile-store.ts';
export { parseProfileFile } from './profile-file.ts';
export { conditionHolds, conditionsHold, selectProfile, selectionOrder, valueAt } from './conditions.ts';
export { assertProfileDefinition, parseProfileRef, formatProfileRef, PROFILE_DEFINITION_SCHEMA, PROFILE_ID_PATTERN } from './profile-schema.ts';
export type {
  Location,
  RoutingDecision,
  StockSnapshot,
  RoutingLine,
  Destination,
  RoutingOrder,
  RoutingRequest,
  PickupAlternative,
  SearchReport,
  RoutingExplanation,
  RoutingOutcome,
} from './engine-types.ts';
export {
  DEFAULT_MAX_COMBINATIONS,
  DEFAULT_ACCEPTANCE_MINUTES,
  DEFAULT_PICKUP_ALTERNATIVES,
  DEFAULT_DETAILED_CANDIDATES,
  type ExplainPolicy,
  type LocationType,
  type ProfileStatus,
  type ConditionOperator,
  type ProfileCondition,
  type ProfileConditions,
  type CandidateSelection,
  type CriterionConfig,
  type CriterionType,
  type DistanceCriterion,
  type StockCriterion,
  type LocationTypeCriterion,
  type StoreProtectionCriterion,
  type DailyCapacityCriterion,
  type PriorityCriterion,
  type ShippingCostCriterion,
  type ShippingRate,
  type RateOrigin,
  type RateDestination,
  type SplitPolicy,
  type PickupPolicy,
  type RoutingProfileDefinition,
  type RoutingProfile,
  type ProfileRef,
} from './profile-types.ts';
