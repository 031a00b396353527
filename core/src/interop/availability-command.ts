import type { SqlExecutor, Store } from '../store/store.ts';
import { inventoryOf, type InventoryView } from '../stock/inventory-view.ts';
import type { CommandHandler, HubCommand } from './command.ts';
import { requestValidator } from './request-validator.ts';

/** Request of `inventory.availability.get`. */
export interface AvailabilityRequest {
  sku: string;
}

const nonNegativeInt = { type: 'integer' } as const;

/**
 * `inventory.availability.get`: a SKU's stock at every location holding it and its availability
 * in every sales channel, as `GET /v1/inventory/{sku}` answers it. An unknown SKU answers empty
 * lists, not an error.
 */
export const AVAILABILITY_COMMAND: HubCommand = {
  pattern: 'inventory.availability.get',
  summary: "A SKU's stock per location and its availability per sales channel (the reply of GET /v1/inventory/{sku}).",
  request: {
    type: 'object',
    additionalProperties: false,
    required: ['sku'],
    properties: { sku: { type: 'string', minLength: 1, maxLength: 200, description: 'The stock keeping unit.' } },
  },
  reply: {
    type: 'object',
    additionalProperties: false,
    required: ['sku', 'backorderUnits', 'locations', 'channels'],
    properties: {
      sku: { type: 'string' },
      backorderUnits: { ...nonNegativeInt, description: 'Units the SKU may be sold below zero at a location.' },
      locations: {
        type: 'array',
        items: {
          type: 'object',
          required: ['sku', 'locationId', 'onHand', 'committed', 'reserved', 'incoming', 'safetyStock', 'damaged', 'available', 'asOf', 'updatedAt'],
          properties: {
            sku: { type: 'string' },
            locationId: { type: 'string' },
            onHand: nonNegativeInt,
            committed: nonNegativeInt,
            reserved: nonNegativeInt,
            incoming: nonNegativeInt,
            safetyStock: nonNegativeInt,
            damaged: nonNegativeInt,
            available: { type: 'integer', description: 'onHand − committed − reserved − safetyStock − damaged; negative when oversold.' },
            asOf: { type: ['string', 'null'], format: 'date-time' },
            updatedAt: { type: 'string', format: 'date-time' },
          },
        },
      },
      channels: {
        type: 'array',
        items: {
          type: 'object',
          required: ['channelId', 'kind', 'pooled', 'available', 'published'],
          properties: {
            channelId: { type: 'string' },
            kind: { type: 'string' },
            pooled: { type: 'integer', description: "Pooled available of the channel's locations, each counted from zero." },
            available: { type: 'integer', description: 'What the channel may sell now, after its buffer.' },
            published: {
              oneOf: [
                { type: 'null' },
                {
                  type: 'object',
                  required: ['available', 'version', 'publishedAt'],
                  properties: { available: { type: 'integer' }, version: { type: 'integer' }, publishedAt: { type: 'string', format: 'date-time' } },
                },
              ],
            },
          },
        },
      },
    },
  },
};

const validate = requestValidator(AVAILABILITY_COMMAND.pattern, AVAILABILITY_COMMAND.request);

/** Dependencies of {@link availabilityHandler}. */
export interface AvailabilityDeps {
  store: Store;
}

/** Reads a SKU's inventory view from one snapshot, so positions and channels agree. */
function readView(store: Store, sku: string): Promise<InventoryView> {
  return store.transaction((tx: SqlExecutor) => inventoryOf(tx, sku), 'set transaction isolation level repeatable read, read only');
}

/** The handler of {@link AVAILABILITY_COMMAND}. */
export function availabilityHandler(deps: AvailabilityDeps): CommandHandler {
  return async (data) => {
    validate(data);
    return readView(deps.store, (data as AvailabilityRequest).sku);
  };
}
