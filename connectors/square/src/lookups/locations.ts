import type { SquareConfig } from '../config.ts';

/**
 * The Square location of a hub location, or undefined when the `locations` setting maps none: the
 * location is not one this seller holds.
 *
 * @example
 * mappedSquareLocation({ locations: {} } as SquareConfig, 'warehouse-9'); // undefined
 */
export function mappedSquareLocation(config: SquareConfig, location: string): string | undefined {
  const mapped = config.locations?.[location];
  if (mapped !== undefined) return mapped;
  return Object.values(config.locations ?? {}).includes(location) ? location : undefined;
}

/**
 * The hub location of a Square location (the reverse of the `locations` setting); a Square location
 * no hub location maps to becomes `square-<id>`, so its records stay visible.
 *
 * @example
 * hubLocation({ locations: { 'berlin-1': 'L8Y2R0RYS6C9D' } } as SquareConfig, 'L8Y2R0RYS6C9D'); // 'berlin-1'
 */
export function hubLocation(config: SquareConfig, squareLocationId: string): string {
  for (const [hub, mapped] of Object.entries(config.locations ?? {})) if (mapped === squareLocationId) return hub;
  return `square-${squareLocationId}`;
}
