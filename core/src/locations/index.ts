/** Locations: the stores, warehouses and DCs routing sends work to, kept as code or through the API. */
export { assertLocation, putLocation, getLocation, listLocations, type Location, type StoredLocation, type LocationFilter, type PutOutcome } from './location-store.ts';
export { applyLocations, type LocationChange, type LocationPlan, type ApplyLocationsOptions } from './location-plan.ts';
export { parseLocationsFile } from './location-file.ts';
