/** A point on Earth in WGS 84 decimal degrees (the canonical `geoPoint`). */
export interface GeoPoint {
  lat: number;
  lon: number;
}

/** Mean Earth radius in km (IUGG), the usual constant for haversine distances. */
const EARTH_RADIUS_KM = 6371.0088;

const radians = (degrees: number): number => (degrees * Math.PI) / 180;

/**
 * Great-circle distance between two points in km (haversine formula). Good to a few tenths of a
 * percent, which is all routing needs: it ranks locations, it does not plan the delivery route.
 */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Rounds a score or distance to 4 decimals, so recorded decisions read well and compare exactly. */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
