/** Square's Money: an amount in the currency's smallest unit. */
export interface SquareMoney {
  amount?: number | null;
  currency?: string | null;
}

/** An error of Square's `errors` array. */
export interface SquareError {
  category: string;
  code: string;
  detail?: string;
  field?: string;
}

/** InventoryCount. */
export interface InventoryCount {
  catalog_object_id?: string | null;
  catalog_object_type?: string | null;
  state?: string | null;
  location_id?: string | null;
  quantity?: string | null;
  calculated_at?: string;
}

/** An InventoryAdjustment, InventoryPhysicalCount or InventoryTransfer (the fields read). */
export interface InventoryChangeDetail {
  id?: string;
  reference_id?: string | null;
  catalog_object_id?: string | null;
  location_id?: string | null;
  from_location_id?: string | null;
  to_location_id?: string | null;
  state?: string | null;
  from_state?: string | null;
  to_state?: string | null;
  quantity?: string | null;
  occurred_at?: string | null;
  created_at?: string;
  source?: { application_id?: string | null; name?: string | null; product?: string | null } | null;
}

/** InventoryChange. */
export interface InventoryChange {
  type?: 'PHYSICAL_COUNT' | 'ADJUSTMENT' | 'TRANSFER' | null;
  physical_count?: InventoryChangeDetail | null;
  adjustment?: InventoryChangeDetail | null;
  transfer?: InventoryChangeDetail | null;
}

/** A Fulfillment of an order (the fields read). */
export interface SquareFulfillment {
  uid?: string | null;
  type?: string | null;
  state?: string | null;
  pickup_details?: Record<string, unknown> | null;
}

/** An Order (the fields read; the whole object is the vendor payload of order webhooks). */
export interface SquareOrder {
  id?: string;
  location_id: string;
  version?: number;
  state?: string;
  created_at?: string;
  updated_at?: string;
  fulfillments?: SquareFulfillment[] | null;
  tenders?: { id?: string; type: string; payment_id?: string | null; amount_money?: SquareMoney | null }[] | null;
  [field: string]: unknown;
}

/** A CatalogObject (the fields read). */
export interface CatalogObject {
  type: string;
  id: string;
  is_deleted?: boolean;
  item_variation_data?: { sku?: string | null; item_id?: string | null; name?: string | null } | null;
}
