import type { CustomerUpsertedV1 } from '../../generated/schema-types.ts';
import { applyCustomerUpsert } from '../profiles.ts';
import type { ProjectionHandler } from './handler-types.ts';

/** customer.upserted: the profile, its lookup keys, and the guest orders it now owns. */
export const onCustomerUpserted: ProjectionHandler<CustomerUpsertedV1> = async (event, { tx }) => {
  const applied = await applyCustomerUpsert(tx, event.data.customer);
  return applied ? [event.data.customer.id] : [];
};
