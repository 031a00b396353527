/* Generated from core/schemas by `npm run generate`. Do not edit by hand. */

/**
 * Contact-center channel.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "InteractionV1Channel".
 */
export type InteractionV1Channel = 'voice' | 'sms' | 'chat' | 'email';
/**
 * Order status: pending (received, not yet confirmed), confirmed (accepted, awaiting routing), on-hold, processing (routed, being fulfilled), partially-fulfilled, fulfilled, cancelled, closed (completed and archived).
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderV1OrderStatus".
 */
export type OrderV1OrderStatus =
  'pending' | 'confirmed' | 'on-hold' | 'processing' | 'partially-fulfilled' | 'fulfilled' | 'cancelled' | 'closed';
/**
 * Return status: requested, authorized or rejected by policy, label-issued, in-transit, received, inspected, refunded, manual-refund (automatic refund failed, a person must refund), closed.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "ReturnRequestV1ReturnStatus".
 */
export type ReturnRequestV1ReturnStatus =
  | 'requested'
  | 'authorized'
  | 'rejected'
  | 'label-issued'
  | 'in-transit'
  | 'received'
  | 'inspected'
  | 'refunded'
  | 'manual-refund'
  | 'closed';
/**
 * Delivery method: ship (parcel from any location), pickup (customer collects in store), ship-from-store (parcel shipped from a store), same-day (local courier).
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderV1DeliveryMethod".
 */
export type OrderV1DeliveryMethod = 'ship' | 'pickup' | 'ship-from-store' | 'same-day';
/**
 * Reason a location rejects a fulfillment request: out-of-stock (not found on the shelf), damaged, capacity-exceeded, location-closed, cannot-ship (carrier or address problem), timeout (not accepted in time), other.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "FulfillmentV1RejectionReason".
 */
export type FulfillmentV1RejectionReason =
  'out-of-stock' | 'damaged' | 'capacity-exceeded' | 'location-closed' | 'cannot-ship' | 'timeout' | 'other';
/**
 * The provider reported how far a notification got (for Twilio, a message status callback). The connector names the notification by notificationId or by the providerMessageId it reported in notification.sent; callbacks may arrive out of order and twice.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "NotificationDeliveryUpdatedV1".
 */
export type NotificationDeliveryUpdatedV1 = NotificationDeliveryUpdatedV11 & NotificationDeliveryUpdatedV12;
export type NotificationDeliveryUpdatedV11 =
  | {
      notificationId: string;
    }
  | {
      providerMessageId: string;
    };
/**
 * Payment system.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderV1PaymentGateway".
 */
export type OrderV1PaymentGateway = 'shopify' | 'square' | 'netsuite' | 'other';
/**
 * Order status: pending (received, not yet confirmed), confirmed (accepted, awaiting routing), on-hold, processing (routed, being fulfilled), partially-fulfilled, fulfilled, cancelled, closed (completed and archived).
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderV2OrderStatus".
 */
export type OrderV2OrderStatus =
  'pending' | 'confirmed' | 'on-hold' | 'processing' | 'partially-fulfilled' | 'fulfilled' | 'cancelled' | 'closed';
/**
 * Delivery method: ship (parcel from any location), pickup (customer collects in store), ship-from-store (parcel shipped from a store), same-day (local courier).
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderV2DeliveryMethod".
 */
export type OrderV2DeliveryMethod = 'ship' | 'pickup' | 'ship-from-store' | 'same-day';
/**
 * Payment system.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderV2PaymentGateway".
 */
export type OrderV2PaymentGateway = 'shopify' | 'square' | 'netsuite' | 'other';

/**
 * A postal address of a customer, store or warehouse, optionally with its geographic coordinates.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "AddressV1".
 */
export interface AddressV1 {
  /**
   * Recipient or addressee name printed on labels (optional).
   */
  name?: string;
  /**
   * First address line: street and house number.
   */
  line1: string;
  /**
   * Second address line: apartment, floor, building, c/o (optional).
   */
  line2?: string;
  /**
   * City or locality.
   */
  city: string;
  /**
   * State, province or region, preferably the ISO 3166-2 subdivision code without the country prefix (e.g. BY, IL).
   */
  region?: string;
  /**
   * Postal or ZIP code.
   */
  postalCode?: string;
  /**
   * ISO 3166-1 alpha-2 country code, two uppercase letters, e.g. DE, US.
   */
  country: string;
  /**
   * Contact phone number for this address in E.164 format, e.g. +4930123456 (optional).
   */
  phone?: string;
  /**
   * Geographic coordinates of the address, used for distance-based routing (optional).
   */
  geo?: AddressV1GeoPoint;
}
/**
 * A point on Earth in WGS 84 decimal degrees.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "AddressV1GeoPoint".
 */
export interface AddressV1GeoPoint {
  /**
   * Latitude in decimal degrees, -90 to 90.
   */
  lat: number;
  /**
   * Longitude in decimal degrees, -180 to 180.
   */
  lon: number;
}
/**
 * The hub asks the CRM to record an activity on a customer: a ticket (created, then updated under the same activityId as it progresses, e.g. a return), a note, or a logged call or message (a contact-center interaction). CRM connectors upsert by activityId, so a repeated or updated request never makes a second record.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "CrmActivityRequestedV1".
 */
export interface CrmActivityRequestedV1 {
  /**
   * Stable identifier of the CRM record, e.g. return:RMA-2025-004417 or interaction:WT8f2c...; the upsert key.
   */
  activityId: string;
  /**
   * ticket: a case with a status; note: a free-text note; call or message: a logged contact-center interaction.
   */
  kind: 'ticket' | 'note' | 'call' | 'message';
  /**
   * Who the activity is about, with every key a CRM can match its contact on.
   */
  customer: {
    /**
     * Hub customer id.
     */
    customerId?: string;
    /**
     * Email address.
     */
    email?: string;
    /**
     * Phone number, E.164.
     */
    phone?: string;
    /**
     * The customer's ids in the connected systems (the CRM's own contact id among them, when known).
     *
     * @maxItems 50
     */
    externalIds?: CustomerV1ExternalId[];
  };
  /**
   * Title of the ticket, note or call.
   */
  subject: string;
  /**
   * Text of the activity.
   */
  body: string;
  /**
   * Status of a ticket.
   */
  status?: 'open' | 'waiting' | 'closed';
  /**
   * When what the activity records happened.
   */
  occurredAt: string;
  /**
   * Business records the activity belongs to, for CRM associations.
   */
  related?: {
    /**
     * Order.
     */
    orderId?: string;
    /**
     * Return (RMA).
     */
    returnId?: string;
    /**
     * Contact-center interaction.
     */
    interactionId?: string;
  };
  /**
   * The interaction a call or message activity logs.
   */
  interaction?: InteractionV1;
}
/**
 * Identifier of this customer in one connected system.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "CustomerV1ExternalId".
 */
export interface CustomerV1ExternalId {
  /**
   * Name of the connected system, e.g. shopify, square, netsuite, hubspot, twilio.
   */
  system: string;
  /**
   * Identifier of the customer in that system.
   */
  id: string;
}
/**
 * One contact between a customer and the contact center (call, SMS, chat or email), logged back to the CRM.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "InteractionV1".
 */
export interface InteractionV1 {
  /**
   * Identifier of the interaction.
   */
  id: string;
  /**
   * Customer, once resolved.
   */
  customerId?: string;
  /**
   * Customer contact point as seen by the contact center, used to resolve the customer.
   */
  contact?: {
    /**
     * Caller or sender phone number, E.164.
     */
    phone?: string;
    /**
     * Sender email address.
     */
    email?: string;
  };
  /**
   * Medium of the interaction.
   */
  channel: InteractionV1Channel;
  /**
   * inbound when the customer reached out, outbound when the retailer did.
   */
  direction: 'inbound' | 'outbound';
  /**
   * When the interaction started.
   */
  startedAt: string;
  /**
   * When the interaction ended.
   */
  endedAt?: string;
  /**
   * Agent who handled the interaction.
   */
  agentId?: string;
  /**
   * Order the interaction was about, when one was identified.
   */
  orderId?: string;
  /**
   * The interaction's identifiers in the connected systems, e.g. Twilio task or conversation SID, HubSpot call id.
   *
   * @maxItems 50
   */
  externalIds?: InteractionV1ExternalId[];
  /**
   * Short summary of the interaction, written by the agent or generated.
   */
  summary?: string;
  /**
   * Wrap-up code of the interaction, e.g. resolved, escalated, callback-scheduled, abandoned.
   */
  outcome?: string;
}
/**
 * Identifier of this interaction in one connected system.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "InteractionV1ExternalId".
 */
export interface InteractionV1ExternalId {
  /**
   * Name of the connected system, e.g. shopify, square, netsuite, hubspot, twilio.
   */
  system: string;
  /**
   * Identifier of the interaction in that system.
   */
  id: string;
}
/**
 * A retail customer known to one or more connected systems, with their contact points, marketing/service consent and quiet hours for proactive notifications.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "CustomerV1".
 */
export interface CustomerV1 {
  /**
   * Hub-wide customer identifier.
   */
  id: string;
  /**
   * Primary email address.
   */
  email?: string;
  /**
   * Primary phone number in E.164 format, e.g. +4915123456789.
   */
  phone?: string;
  /**
   * Given name.
   */
  firstName?: string;
  /**
   * Family name.
   */
  lastName?: string;
  /**
   * The same customer's identifiers in the connected systems (one entry per system and id).
   *
   * @maxItems 50
   */
  externalIds?: CustomerV1ExternalId[];
  /**
   * Per-channel consent to receive service notifications, each with the time it was last changed.
   */
  consent?: {
    /**
     * Consent to be contacted by SMS.
     */
    sms?: CustomerV1ConsentState;
    /**
     * Consent to be contacted by email.
     */
    email?: CustomerV1ConsentState;
    /**
     * Consent to be contacted by voice call.
     */
    voice?: CustomerV1ConsentState;
  };
  /**
   * Local time window in which no proactive notification may be delivered; a window that ends earlier than it starts spans midnight.
   */
  quietHours?: {
    /**
     * Start of the quiet window, local time HH:MM (24-hour).
     */
    start: string;
    /**
     * End of the quiet window, local time HH:MM (24-hour).
     */
    end: string;
    /**
     * IANA time zone the window is expressed in, e.g. Europe/Berlin.
     */
    timeZone: string;
  };
  /**
   * When the customer record last changed in its source system; newer wins when upserts arrive out of order.
   */
  updatedAt?: string;
}
/**
 * Consent state for one channel.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "CustomerV1ConsentState".
 */
export interface CustomerV1ConsentState {
  /**
   * True when the customer agreed to be contacted on this channel.
   */
  granted: boolean;
  /**
   * When the consent was given or withdrawn.
   */
  updatedAt: string;
}
/**
 * Everything a contact-center agent needs about one customer on one screen, precomputed so it can be served in milliseconds: profile, identities, recent orders with per-line status, open returns, recent interactions and value.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "CustomerContextV1".
 */
export interface CustomerContextV1 {
  /**
   * The customer profile.
   */
  customer: CustomerV1;
  /**
   * All identifiers of the customer across connected systems.
   *
   * @maxItems 100
   */
  identities: CustomerV1ExternalId[];
  /**
   * Most recent orders, newest first.
   *
   * @maxItems 50
   */
  recentOrders: CustomerContextV1OrderSummary[];
  /**
   * Returns not yet closed.
   *
   * @maxItems 50
   */
  openReturns: CustomerContextV1OpenReturn[];
  /**
   * Most recent contact-center interactions, newest first.
   *
   * @maxItems 50
   */
  recentInteractions: CustomerContextV1InteractionSummary[];
  /**
   * Sum of the customer's order totals net of refunds, in the retailer's reporting currency.
   */
  lifetimeValue?: MoneyV1;
  /**
   * Number of orders the customer ever placed.
   */
  orderCount: number;
  /**
   * When this projection was last updated.
   */
  generatedAt: string;
}
/**
 * Summary of one order for the agent.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "CustomerContextV1OrderSummary".
 */
export interface CustomerContextV1OrderSummary {
  /**
   * Order id.
   */
  orderId: string;
  /**
   * When the order was placed.
   */
  placedAt: string;
  /**
   * Sales channel, "<type>" or "<type>:<id>", e.g. web, store:berlin-alex.
   */
  channel: string;
  /**
   * Current order status.
   */
  status: OrderV1OrderStatus;
  /**
   * Grand total of the order.
   */
  total: MoneyV1;
  /**
   * Lines with where and how far each is fulfilled.
   *
   * @maxItems 500
   *
   * Items: One order line as the agent sees it.
   */
  lines: {
    /**
     * Order line.
     */
    lineId: string;
    /**
     * Stock keeping unit: the retailer's own item identifier, shared by every system.
     */
    sku: string;
    /**
     * Item title.
     */
    title: string;
    /**
     * Units ordered.
     */
    quantity: number;
    /**
     * Location fulfilling the line, once routed.
     */
    locationId?: string;
    /**
     * Fulfillment progress of the line.
     */
    status: 'pending' | 'routed' | 'picking' | 'shipped' | 'ready-for-pickup' | 'picked-up' | 'cancelled' | 'returned';
    /**
     * Tracking page of the parcel carrying the line, once shipped.
     */
    trackingUrl?: string;
  }[];
}
/**
 * An amount of money in one currency. The amount is a decimal string so no precision is ever lost to floating point.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "MoneyV1".
 */
export interface MoneyV1 {
  /**
   * Decimal amount as a string, e.g. "49.95" or "1200"; negative for credits and adjustments. Never a JSON number.
   */
  amount: string;
  /**
   * ISO 4217 alphabetic currency code, three uppercase letters, e.g. EUR, USD, JPY.
   */
  currency: string;
}
/**
 * Summary of one open return.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "CustomerContextV1OpenReturn".
 */
export interface CustomerContextV1OpenReturn {
  /**
   * RMA number.
   */
  returnId: string;
  /**
   * Order the return belongs to.
   */
  orderId: string;
  /**
   * Current return status.
   */
  status: ReturnRequestV1ReturnStatus;
  /**
   * Last moment the goods can still be handed in under the policy.
   */
  eligibleUntil?: string;
}
/**
 * Summary of one past interaction.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "CustomerContextV1InteractionSummary".
 */
export interface CustomerContextV1InteractionSummary {
  /**
   * Interaction id.
   */
  id: string;
  /**
   * Medium of the interaction.
   */
  channel: InteractionV1Channel;
  /**
   * When it started.
   */
  startedAt: string;
  /**
   * Short summary.
   */
  summary?: string;
}
/**
 * A customer was created or updated in a connected system.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "CustomerUpsertedV1".
 */
export interface CustomerUpsertedV1 {
  /**
   * The customer after the change.
   */
  customer: CustomerV1;
}
/**
 * A request to one location to fulfill some order lines, and its progress from request to shipment or pickup.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "FulfillmentV1".
 */
export interface FulfillmentV1 {
  /**
   * Identifier of the fulfillment.
   */
  id: string;
  /**
   * Order being fulfilled.
   */
  orderId: string;
  /**
   * Location asked to fulfill the lines.
   */
  locationId: string;
  /**
   * Routing decision that created the fulfillment (optional).
   */
  routingDecisionId?: string;
  /**
   * Fulfillment status.
   */
  status:
    'requested' | 'accepted' | 'rejected' | 'picking' | 'shipped' | 'ready-for-pickup' | 'picked-up' | 'cancelled';
  /**
   * Order lines and quantities the location must fulfill.
   *
   * @minItems 1
   * @maxItems 500
   *
   * Items: Quantity of one order line.
   */
  lines: {
    /**
     * Order line.
     */
    lineId: string;
    /**
     * Stock keeping unit: the retailer's own item identifier, shared by every system.
     */
    sku: string;
    /**
     * Units to fulfill.
     */
    quantity: number;
  }[];
  /**
   * How the goods reach the customer from this location.
   */
  deliveryMethod: OrderV1DeliveryMethod;
  /**
   * Parcels shipped for this fulfillment so far.
   *
   * @maxItems 100
   */
  shipments?: ShipmentV1[];
  /**
   * Why the location rejected the request, when status is rejected.
   */
  rejectionReason?: FulfillmentV1RejectionReason;
  /**
   * Free-text explanation of the rejection from the location.
   */
  rejectionDetail?: string;
  /**
   * When the request was sent to the location.
   */
  requestedAt: string;
  /**
   * When the status last changed.
   */
  updatedAt?: string;
}
/**
 * A parcel handed to a carrier for one fulfillment, with its tracking details and the quantities it contains.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "ShipmentV1".
 */
export interface ShipmentV1 {
  /**
   * Identifier of the shipment.
   */
  id: string;
  /**
   * Fulfillment the parcel belongs to.
   */
  fulfillmentId: string;
  /**
   * Carrier name, e.g. DHL, UPS, USPS, DPD.
   */
  carrier: string;
  /**
   * Carrier service level, e.g. Paket, Ground, Express.
   */
  service?: string;
  /**
   * Carrier tracking number.
   */
  trackingNumber?: string;
  /**
   * Public tracking page of the parcel.
   */
  trackingUrl?: string;
  /**
   * When the parcel was handed to the carrier.
   */
  shippedAt: string;
  /**
   * Order lines and quantities in the parcel.
   *
   * @minItems 1
   * @maxItems 500
   *
   * Items: Quantity of one order line in the parcel.
   */
  lines: {
    /**
     * Order line.
     */
    lineId: string;
    /**
     * Units in the parcel.
     */
    quantity: number;
  }[];
}
/**
 * A location accepted a fulfillment request.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "FulfillmentAcceptedV1".
 */
export interface FulfillmentAcceptedV1 {
  /**
   * The fulfillment after the change.
   */
  fulfillment: FulfillmentV1;
}
/**
 * A pickup order is packed and waiting for the customer at the store.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "FulfillmentReadyForPickupV1".
 */
export interface FulfillmentReadyForPickupV1 {
  /**
   * The fulfillment after the change.
   */
  fulfillment: FulfillmentV1;
}
/**
 * A location rejected a fulfillment request (in whole or for some lines); the rejected lines are re-routed.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "FulfillmentRejectedV1".
 */
export interface FulfillmentRejectedV1 {
  /**
   * The fulfillment after the change.
   */
  fulfillment: FulfillmentV1;
  /**
   * Why the location rejected the lines.
   */
  reason: FulfillmentV1RejectionReason;
  /**
   * Free-text explanation from the location.
   */
  detail?: string;
  /**
   * Order lines rejected.
   *
   * @minItems 1
   * @maxItems 500
   */
  lineIds: string[];
}
/**
 * A location was asked to fulfill order lines.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "FulfillmentRequestedV1".
 */
export interface FulfillmentRequestedV1 {
  /**
   * The fulfillment requested.
   */
  fulfillment: FulfillmentV1;
}
/**
 * A parcel of a fulfillment was handed to the carrier.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "FulfillmentShippedV1".
 */
export interface FulfillmentShippedV1 {
  /**
   * The fulfillment after the change.
   */
  fulfillment: FulfillmentV1;
  /**
   * The parcel just shipped.
   */
  shipment: ShipmentV1;
}
/**
 * The hub resolved the customer of a starting contact-center interaction and hands a compact context for the agent's screen to the contact-center connector (Twilio writes it into the TaskRouter task's attributes). When no customer matched, matched is false and context is absent.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "InteractionContextResolvedV1".
 */
export interface InteractionContextResolvedV1 {
  /**
   * The interaction, with customerId set when the customer was resolved.
   */
  interaction: InteractionV1;
  /**
   * True when a customer was found for the interaction.
   */
  matched: boolean;
  /**
   * Which key found the customer.
   */
  matchedBy?: 'customer-id' | 'phone' | 'email';
  context?: InteractionContextResolvedV1CompactContext;
  /**
   * Connector instance that reported the interaction and writes the context back.
   */
  target?: {
    /**
     * Connector instance id, e.g. twilio-flex.
     */
    instanceId: string;
  };
  /**
   * When the context was taken from the projection.
   */
  resolvedAt: string;
}
/**
 * What fits an agent's screen and a task's attributes: who, what they bought lately, open returns, value and consent. The full context is at contextPath.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "InteractionContextResolvedV1CompactContext".
 */
export interface InteractionContextResolvedV1CompactContext {
  /**
   * Hub customer id.
   */
  customerId: string;
  /**
   * First and last name.
   */
  name?: string;
  /**
   * Primary email address.
   */
  email?: string;
  /**
   * Primary phone number, E.164.
   */
  phone?: string;
  /**
   * Sum of order totals net of refunds.
   */
  lifetimeValue?: MoneyV1;
  /**
   * Orders ever placed.
   */
  orderCount: number;
  /**
   * The newest orders, newest first.
   *
   * @maxItems 3
   *
   * Items: One order in a line.
   */
  recentOrders: {
    /**
     * Order id.
     */
    orderId: string;
    /**
     * When it was placed.
     */
    placedAt: string;
    /**
     * Order status.
     */
    status: OrderV1OrderStatus;
    /**
     * Grand total.
     */
    total: MoneyV1;
    /**
     * Lines in a few words, e.g. "2 × TSHIRT-BLK-M shipped; 1 × MUG-WHT-350 ready for pickup at berlin-alex".
     */
    summary?: string;
  }[];
  /**
   * Returns not yet closed.
   *
   * @maxItems 3
   */
  openReturns: CustomerContextV1OpenReturn[];
  lastInteraction?: CustomerContextV1InteractionSummary;
  /**
   * Whether the customer may be contacted on each channel.
   */
  consent?: {
    /**
     * SMS consent.
     */
    sms?: boolean;
    /**
     * Email consent.
     */
    email?: boolean;
    /**
     * Voice call consent.
     */
    voice?: boolean;
  };
  /**
   * Path of the full context on the hub's API, e.g. /v1/customers/cus-10482/context.
   */
  contextPath: string;
}
/**
 * A contact-center interaction ended and was wrapped up.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "InteractionEndedV1".
 */
export interface InteractionEndedV1 {
  /**
   * The interaction, with its end time, summary and outcome.
   */
  interaction: InteractionV1;
}
/**
 * A contact-center interaction began (call answered, chat or SMS conversation opened).
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "InteractionStartedV1".
 */
export interface InteractionStartedV1 {
  /**
   * The interaction.
   */
  interaction: InteractionV1;
}
/**
 * The stock level of a SKU at a location changed, with the resulting availability per sales channel. Bursts are coalesced: only the newest level is published.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "InventoryLevelChangedV1".
 */
export interface InventoryLevelChangedV1 {
  /**
   * The new stock level.
   */
  level: StockLevelV1;
  /**
   * Available quantity at the location before the change.
   */
  previousAvailable: number;
  /**
   * Quantity each sales channel may now sell of this SKU (after channel buffers), for the channels this location feeds.
   *
   * @maxItems 200
   *
   * Items: Sellable quantity for one channel.
   */
  channelAvailability?: {
    /**
     * Sales channel or channel connector instance id.
     */
    channelId: string;
    /**
     * Quantity the channel may sell.
     */
    available: number;
  }[];
}
/**
 * Stock of one SKU at one location by bucket (Shopify quantity names), as of a point in time. Buckets that are absent are zero.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "StockLevelV1".
 */
export interface StockLevelV1 {
  /**
   * Stock keeping unit: the retailer's own item identifier, shared by every system.
   */
  sku: string;
  /**
   * Location holding the stock.
   */
  locationId: string;
  /**
   * Units physically at the location (may be negative when a source oversold).
   */
  onHand: number;
  /**
   * Units that can be promised to new orders: onHand minus committed, reserved, safetyStock and damaged (may be negative).
   */
  available: number;
  /**
   * Units allocated to open orders and not yet shipped.
   */
  committed?: number;
  /**
   * Units held for other purposes (carts, draft orders, agent holds).
   */
  reserved?: number;
  /**
   * Units on their way to the location (purchase orders, transfers); not on hand.
   */
  incoming?: number;
  /**
   * Units on hand kept back from sale as a buffer.
   */
  safetyStock?: number;
  /**
   * Units on hand that cannot be sold because they are damaged.
   */
  damaged?: number;
  /**
   * Time the level is valid for.
   */
  asOf: string;
}
/**
 * A stock movement (delta or count) was accepted into the stock ledger. The payload is the stock movement itself.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "InventoryMovementRecordedV1".
 */
export interface InventoryMovementRecordedV1 {
  /**
   * Idempotency id of the movement; a movement seen twice is applied once.
   */
  movementId: string;
  /**
   * Stock keeping unit: the retailer's own item identifier, shared by every system.
   */
  sku: string;
  /**
   * Location whose stock moved.
   */
  locationId: string;
  /**
   * delta adds quantity (may be negative) to the bucket; absolute replaces the bucket with quantity as of occurredAt (a count or snapshot).
   */
  mode: 'delta' | 'absolute';
  /**
   * Stock bucket the movement applies to (Shopify quantity names); onHand when absent. An absolute available quantity is already net of open orders, so reservations are not subtracted again.
   */
  bucket?: 'onHand' | 'available' | 'committed' | 'reserved' | 'incoming' | 'safetyStock' | 'damaged';
  /**
   * Units: signed change in delta mode, the new bucket quantity in absolute mode (not negative).
   */
  quantity: number;
  /**
   * Business reason of the movement.
   */
  reason:
    | 'sale'
    | 'return'
    | 'receipt'
    | 'adjustment'
    | 'count'
    | 'transfer'
    | 'damage'
    | 'reservation'
    | 'reservation-release'
    | 'fulfillment';
  /**
   * System that reported the movement, e.g. square, netsuite, file-drop, omnihub.
   */
  sourceSystem: string;
  /**
   * Connector instance that received the movement (optional).
   */
  sourceInstanceId?: string;
  /**
   * Time the source system recorded the event; with sourceSequence it orders events from one source.
   */
  sourceEventTime?: string;
  /**
   * Monotonic sequence number or cursor the source assigns, where it provides one; later movements from the same source carry a greater value.
   */
  sourceSequence?: number | string;
  /**
   * When the stock physically changed; for an absolute count, the time T as of which it replaces the bucket (movements before T are ignored, later ones re-applied).
   */
  occurredAt: string;
  /**
   * Business document the movement belongs to (optional).
   */
  reference?: {
    /**
     * Order that caused the movement.
     */
    orderId?: string;
    /**
     * Order line that caused the movement.
     */
    lineId?: string;
    /**
     * Return (RMA) that caused the movement.
     */
    returnId?: string;
    /**
     * Other source document: purchase order, ASN, transfer or count sheet number.
     */
    documentId?: string;
  };
}
/**
 * A place that holds stock and fulfills orders: a store, warehouse, distribution center, dark store or drop-ship supplier.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "LocationV1".
 */
export interface LocationV1 {
  /**
   * Hub-wide location identifier.
   */
  id: string;
  /**
   * Human-readable name, e.g. "Berlin Alexanderplatz".
   */
  name: string;
  /**
   * Kind of location.
   */
  type: 'store' | 'warehouse' | 'distribution-center' | 'dark-store' | 'drop-ship';
  /**
   * GS1 Global Location Number, 13 digits (optional).
   */
  gln?: string;
  /**
   * Postal address of the location.
   */
  address?: AddressV1;
  /**
   * Coordinates of the location used for distance-based routing.
   */
  geo?: AddressV1GeoPoint;
  /**
   * Fulfillment services the location offers.
   */
  capabilities: ('ship' | 'pickup' | 'ship-from-store')[];
  /**
   * Maximum number of fulfillments the location accepts per local day; absent means unlimited.
   */
  dailyCapacity?: number;
  /**
   * Operational status: open accepts work, paused temporarily accepts none, closed is permanent.
   */
  status: 'open' | 'paused' | 'closed';
  /**
   * Location groups (networks) the location belongs to, e.g. de-stores; routing profiles select candidates by group.
   *
   * @maxItems 50
   */
  groups?: string[];
  /**
   * IANA time zone of the location, e.g. Europe/Berlin; daily capacity resets at local midnight.
   */
  timeZone?: string;
}
/**
 * A proactive message to a customer about their order or return, sent on a channel they consented to and outside their quiet hours.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "NotificationV1".
 */
export interface NotificationV1 {
  /**
   * Identifier of the notification.
   */
  id: string;
  /**
   * Customer notified.
   */
  customerId: string;
  /**
   * What the notification announces.
   */
  kind: 'order-shipped' | 'ready-for-pickup' | 'refund-issued' | 'order-delayed' | 'return-received';
  /**
   * Channel it is delivered on.
   */
  channel: 'sms' | 'email' | 'voice';
  /**
   * Recipient address on that channel: an E.164 phone number for sms and voice, an email address for email.
   */
  to: string;
  /**
   * Message template id, e.g. order-shipped-sms-de.
   */
  template: string;
  /**
   * Values substituted into the template, as strings.
   */
  variables?: {
    [k: string]: string | undefined;
  };
  /**
   * Order the notification is about.
   */
  orderId?: string;
  /**
   * Return the notification is about.
   */
  returnId?: string;
  /**
   * Key that makes the same announcement on any channel count once, e.g. order-shipped:ord-1:shp-1.
   */
  dedupeKey?: string;
  /**
   * When the notification will be delivered, if delayed (e.g. until quiet hours end).
   */
  scheduledFor?: string;
  /**
   * Delivery status: requested, scheduled (waiting for quiet hours to end), sent, suppressed (not sent on purpose), failed.
   */
  status: 'requested' | 'scheduled' | 'sent' | 'suppressed' | 'failed';
  /**
   * Why the notification was not sent, when status is suppressed.
   */
  suppressedReason?: 'no-consent' | 'missing-contact' | 'duplicate' | 'expired' | 'other';
  /**
   * When the provider accepted the message.
   */
  sentAt?: string;
}
/**
 * A proactive message to a customer about their order or return, sent on a channel they consented to and outside their quiet hours. Version 2: the return-authorized kind, the rendered text in the customer's locale, the connector instance that delivers it, the event that caused it and the provider's message id.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "NotificationV2".
 */
export interface NotificationV2 {
  /**
   * Identifier of the notification.
   */
  id: string;
  /**
   * Customer notified.
   */
  customerId: string;
  /**
   * What the notification announces.
   */
  kind:
    'order-shipped' | 'ready-for-pickup' | 'refund-issued' | 'order-delayed' | 'return-received' | 'return-authorized';
  /**
   * Channel it is delivered on.
   */
  channel: 'sms' | 'email' | 'voice';
  /**
   * Recipient address on that channel: an E.164 phone number for sms and voice, an email address for email.
   */
  to: string;
  /**
   * Connector instance that delivers the notification (a Twilio instance for sms, a generic http instance otherwise); every other instance ignores it.
   */
  instanceId?: string;
  /**
   * Message template id, e.g. order-shipped-sms-de.
   */
  template: string;
  /**
   * BCP 47 language tag the text is written in, e.g. de or de-AT.
   */
  locale?: string;
  /**
   * Subject line, for email.
   */
  subject?: string;
  /**
   * The message text, rendered from the template in the locale; the delivering connector sends it as is.
   */
  body?: string;
  /**
   * Values substituted into the template, as strings.
   */
  variables?: {
    [k: string]: string | undefined;
  };
  /**
   * Order the notification is about.
   */
  orderId?: string;
  /**
   * Return the notification is about.
   */
  returnId?: string;
  /**
   * Id of the event that caused the notification; a notification is requested at most once per such event.
   */
  sourceEventId?: string;
  /**
   * Key that makes the same announcement on any channel count once, e.g. order-shipped:ord-1:shp-1.
   */
  dedupeKey?: string;
  /**
   * When the notification will be delivered, if delayed (e.g. until quiet hours end).
   */
  scheduledFor?: string;
  /**
   * Delivery status: requested, scheduled (waiting for quiet hours to end), sent, suppressed (not sent on purpose), failed.
   */
  status: 'requested' | 'scheduled' | 'sent' | 'suppressed' | 'failed';
  /**
   * Why the notification was not sent, when status is suppressed.
   */
  suppressedReason?: 'no-consent' | 'missing-contact' | 'duplicate' | 'expired' | 'other';
  /**
   * When the provider accepted the message.
   */
  sentAt?: string;
  /**
   * The provider's id of the message once accepted, e.g. a Twilio Message SID.
   */
  providerMessageId?: string;
}
export interface NotificationDeliveryUpdatedV12 {
  /**
   * The hub's notification id.
   */
  notificationId?: string;
  /**
   * The provider's message id, e.g. a Twilio Message SID.
   */
  providerMessageId?: string;
  /**
   * Delivery status as the provider reports it (Twilio's message statuses): queued or sending (accepted, not yet out), sent (handed to the carrier), delivered, undelivered (the carrier could not deliver), failed (never sent), read (seen by the recipient, on channels that report it).
   */
  status: 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'read';
  /**
   * The provider's error code for undelivered or failed messages, e.g. Twilio 30003.
   */
  errorCode?: string;
  /**
   * The provider's explanation of the error.
   */
  errorMessage?: string;
  /**
   * When the provider reported the status.
   */
  occurredAt: string;
}
/**
 * A flow asked for a proactive customer notification.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "NotificationRequestedV1".
 */
export interface NotificationRequestedV1 {
  /**
   * The notification requested.
   */
  notification: NotificationV1;
}
/**
 * A flow asked for a proactive customer notification; it is due now (quiet hours already waited out) and names the connector instance that delivers it. Version 2: carries notification v2.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "NotificationRequestedV2".
 */
export interface NotificationRequestedV2 {
  /**
   * The notification requested, rendered.
   */
  notification: NotificationV2;
}
/**
 * A notification was handed to the messaging or email provider for delivery.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "NotificationSentV1".
 */
export interface NotificationSentV1 {
  /**
   * The notification, with status sent and sentAt set.
   */
  notification: NotificationV1;
}
/**
 * A notification was handed to the messaging or email provider for delivery. Version 2: carries notification v2.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "NotificationSentV2".
 */
export interface NotificationSentV2 {
  /**
   * The notification, with status sent, sentAt and the provider message id set.
   */
  notification: NotificationV2;
}
/**
 * A customer order from any sales channel (web shop, marketplace, store, contact center), as routed and fulfilled by the hub.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderV1".
 */
export interface OrderV1 {
  /**
   * Hub-wide order identifier.
   */
  id: string;
  /**
   * The order's identifiers in the connected systems, e.g. the Shopify order GID and the NetSuite salesOrder id.
   *
   * @maxItems 50
   */
  externalIds?: OrderV1ExternalId[];
  /**
   * Sales channel the order was placed in, by convention "<type>" or "<type>:<id>", e.g. web, marketplace:amazon-de, store:berlin-alex, contact-center.
   */
  channel: string;
  /**
   * When the customer placed the order.
   */
  placedAt: string;
  /**
   * Current order status.
   */
  status: OrderV1OrderStatus;
  /**
   * Who placed the order; any subset of the fields (guest orders may carry only an email or nothing at all).
   */
  customer?: {
    /**
     * Hub customer id, when the customer is known.
     */
    customerId?: string;
    /**
     * Email address given with the order.
     */
    email?: string;
    /**
     * Phone number given with the order, E.164.
     */
    phone?: string;
    /**
     * Customer name given with the order.
     */
    name?: string;
  };
  /**
   * Order lines; at least one.
   *
   * @minItems 1
   * @maxItems 500
   */
  lines: OrderLineV1[];
  /**
   * Delivery address; absent for pickup orders.
   */
  shippingAddress?: AddressV1;
  /**
   * How the customer receives the goods.
   */
  deliveryMethod: OrderV1DeliveryMethod;
  /**
   * Location where the customer picks the order up, for pickup orders.
   */
  pickupLocationId?: string;
  /**
   * Order totals, all in the order currency.
   */
  totals: {
    /**
     * Sum of line prices before order-level discounts, shipping and (when prices exclude tax) tax.
     */
    subtotal: MoneyV1;
    /**
     * Shipping charged.
     */
    shipping?: MoneyV1;
    /**
     * Tax amount; part of the line prices when taxesIncluded is true.
     */
    tax?: MoneyV1;
    /**
     * Order-level discount as a positive amount subtracted from the total.
     */
    discount?: MoneyV1;
    /**
     * Amount the customer pays.
     */
    grandTotal: MoneyV1;
    /**
     * True when line prices and subtotal already include tax (EU style); absent means false.
     */
    taxesIncluded?: boolean;
  };
  /**
   * ISO 4217 currency code of the order; every amount in the order uses it.
   */
  currency: string;
  /**
   * Payment that captured or authorized the order amount.
   */
  payment?: {
    /**
     * System that holds the payment.
     */
    gateway: OrderV1PaymentGateway;
    /**
     * Transaction id in that system, used for refunds.
     */
    transactionId?: string;
  };
  /**
   * Free-form order attributes as string key/value pairs (e.g. gift message, marketing source).
   */
  attributes?: {
    [k: string]: string | undefined;
  };
}
/**
 * Identifier of this order in one connected system.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderV1ExternalId".
 */
export interface OrderV1ExternalId {
  /**
   * Name of the connected system, e.g. shopify, square, netsuite, hubspot, twilio.
   */
  system: string;
  /**
   * Identifier of the order in that system.
   */
  id: string;
}
/**
 * One line of a customer order: a SKU, its quantity and unit price.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderLineV1".
 */
export interface OrderLineV1 {
  /**
   * Identifier of the line, unique within its order.
   */
  lineId: string;
  /**
   * Stock keeping unit: the retailer's own item identifier, shared by every system.
   */
  sku: string;
  /**
   * GS1 Global Trade Item Number (GTIN-8, -12, -13 or -14), digits only.
   */
  gtin?: string;
  /**
   * Item title as shown to the customer.
   */
  title: string;
  /**
   * Units ordered, at least 1.
   */
  quantity: number;
  /**
   * Price of one unit, in the order currency.
   */
  unitPrice: MoneyV1;
  /**
   * Merchandise category path of the item, e.g. apparel/tops/t-shirts.
   */
  category?: string;
  /**
   * True when the item cannot be returned; absent means false.
   */
  finalSale?: boolean;
}
/**
 * A customer order from any sales channel (web shop, marketplace, store, contact center), as routed and fulfilled by the hub. Version 2: structured channel, line totals and line discounts.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderV2".
 */
export interface OrderV2 {
  /**
   * Version of the order schema this document follows; always 2.
   */
  schemaVersion: 2;
  /**
   * Hub-wide order identifier.
   */
  id: string;
  /**
   * The order's identifiers in the connected systems, e.g. the Shopify order GID and the NetSuite salesOrder id.
   *
   * @maxItems 50
   */
  externalIds?: OrderV2ExternalId[];
  /**
   * Sales channel the order was placed in.
   */
  channel: {
    /**
     * Kind of channel.
     */
    type: 'web' | 'marketplace' | 'store' | 'contact-center' | 'api';
    /**
     * Identifier within the channel kind, e.g. the store location id or the marketplace name (optional).
     */
    id?: string;
  };
  /**
   * When the customer placed the order.
   */
  placedAt: string;
  /**
   * Current order status.
   */
  status: OrderV2OrderStatus;
  /**
   * Who placed the order; any subset of the fields (guest orders may carry only an email or nothing at all).
   */
  customer?: {
    /**
     * Hub customer id, when the customer is known.
     */
    customerId?: string;
    /**
     * Email address given with the order.
     */
    email?: string;
    /**
     * Phone number given with the order, E.164.
     */
    phone?: string;
    /**
     * Customer name given with the order.
     */
    name?: string;
  };
  /**
   * Order lines; at least one.
   *
   * @minItems 1
   * @maxItems 500
   */
  lines: OrderV2OrderLine[];
  /**
   * Delivery address; absent for pickup orders.
   */
  shippingAddress?: AddressV1;
  /**
   * How the customer receives the goods.
   */
  deliveryMethod: OrderV2DeliveryMethod;
  /**
   * Location where the customer picks the order up, for pickup orders.
   */
  pickupLocationId?: string;
  /**
   * Order totals, all in the order currency.
   */
  totals: {
    /**
     * Sum of line prices before order-level discounts, shipping and (when prices exclude tax) tax.
     */
    subtotal: MoneyV1;
    /**
     * Shipping charged.
     */
    shipping?: MoneyV1;
    /**
     * Tax amount; part of the line prices when taxesIncluded is true.
     */
    tax?: MoneyV1;
    /**
     * Order-level discount as a positive amount subtracted from the total.
     */
    discount?: MoneyV1;
    /**
     * Amount the customer pays.
     */
    grandTotal: MoneyV1;
    /**
     * True when line prices and subtotal already include tax (EU style); absent means false.
     */
    taxesIncluded?: boolean;
  };
  /**
   * ISO 4217 currency code of the order; every amount in the order uses it.
   */
  currency: string;
  /**
   * Payment that captured or authorized the order amount.
   */
  payment?: {
    /**
     * System that holds the payment.
     */
    gateway: OrderV2PaymentGateway;
    /**
     * Transaction id in that system, used for refunds.
     */
    transactionId?: string;
  };
  /**
   * Free-form order attributes as string key/value pairs (e.g. gift message, marketing source).
   */
  attributes?: {
    [k: string]: string | undefined;
  };
}
/**
 * Identifier of this order in one connected system.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderV2ExternalId".
 */
export interface OrderV2ExternalId {
  /**
   * Name of the connected system, e.g. shopify, square, netsuite, hubspot, twilio.
   */
  system: string;
  /**
   * Identifier of the order in that system.
   */
  id: string;
}
/**
 * One line of a customer order (order v2): order-line v1 plus its line total and line discounts.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderV2OrderLine".
 */
export interface OrderV2OrderLine {
  /**
   * Identifier of the line, unique within its order.
   */
  lineId: string;
  /**
   * Stock keeping unit: the retailer's own item identifier, shared by every system.
   */
  sku: string;
  /**
   * GS1 Global Trade Item Number (GTIN-8, -12, -13 or -14), digits only.
   */
  gtin?: string;
  /**
   * Item title as shown to the customer.
   */
  title: string;
  /**
   * Units ordered, at least 1.
   */
  quantity: number;
  /**
   * Price of one unit, in the order currency.
   */
  unitPrice: MoneyV1;
  /**
   * unitPrice multiplied by quantity, before line discounts; same currency and same number of decimals as unitPrice.
   */
  lineTotal: MoneyV1;
  /**
   * Discounts applied to this line (optional).
   *
   * @maxItems 50
   *
   * Items: One discount on the line.
   */
  discounts?: {
    /**
     * Discount or promotion code, when the discount came from one.
     */
    code?: string;
    /**
     * Discount as a positive amount off the line total.
     */
    amount: MoneyV1;
  }[];
  /**
   * Merchandise category path of the item, e.g. apparel/tops/t-shirts.
   */
  category?: string;
  /**
   * True when the item cannot be returned; absent means false.
   */
  finalSale?: boolean;
}
/**
 * An order, or some of its lines, was cancelled.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderCancelledV1".
 */
export interface OrderCancelledV1 {
  /**
   * Order cancelled.
   */
  orderId: string;
  /**
   * Why the order was cancelled.
   */
  reason: 'customer-request' | 'out-of-stock' | 'payment-declined' | 'fraud' | 'unroutable' | 'other';
  /**
   * Free-text explanation.
   */
  detail?: string;
  /**
   * When the order was cancelled.
   */
  cancelledAt: string;
  /**
   * Lines cancelled; absent means the whole order.
   *
   * @minItems 1
   * @maxItems 500
   */
  lineIds?: string[];
}
/**
 * A new order entered the hub from a sales channel.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderCreatedV1".
 */
export interface OrderCreatedV1 {
  /**
   * The order as created.
   */
  order: OrderV1;
}
/**
 * An order (or some of its lines) will reach the customer later than promised: a carrier or warehouse delay, missing stock, or a location that refused the lines.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderDelayedV1".
 */
export interface OrderDelayedV1 {
  /**
   * Order delayed.
   */
  orderId: string;
  /**
   * Lines delayed; absent means the whole order.
   *
   * @minItems 1
   * @maxItems 500
   */
  lineIds?: string[];
  /**
   * Why the order is late.
   */
  reason: 'carrier-delay' | 'warehouse-backlog' | 'out-of-stock' | 'location-rejected' | 'weather' | 'other';
  /**
   * Free-text explanation.
   */
  detail?: string;
  /**
   * Delivery or pickup date promised before, ISO 8601 date.
   */
  previousPromisedDate?: string;
  /**
   * Delivery or pickup date now expected, ISO 8601 date.
   */
  newPromisedDate?: string;
  /**
   * When the delay became known.
   */
  detectedAt: string;
}
/**
 * An order (or its remaining lines after a rejection) was routed to locations; the decision explains why.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderRoutedV1".
 */
export interface OrderRoutedV1 {
  /**
   * The routing decision.
   */
  decision: RoutingDecisionV1;
}
/**
 * The recorded outcome of routing one order: every candidate location with its per-criterion scores or exclusion reasons, the resulting line assignments and what could not be assigned.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "RoutingDecisionV1".
 */
export interface RoutingDecisionV1 {
  /**
   * Identifier of the decision.
   */
  id: string;
  /**
   * Order that was routed.
   */
  orderId: string;
  /**
   * Routing profile that made the decision; profiles are immutable once active.
   */
  profile: {
    /**
     * Routing profile id.
     */
    id: string;
    /**
     * Routing profile version.
     */
    version: number;
  };
  /**
   * 1 for the first routing of the order, incremented each time remaining lines are re-routed after a rejection.
   */
  attempt?: number;
  /**
   * True when the decision came from a simulation: nothing was reserved or requested.
   */
  dryRun?: boolean;
  /**
   * When the decision was made.
   */
  decidedAt: string;
  /**
   * Every location considered, ranked best first.
   *
   * @maxItems 1000
   */
  candidates: RoutingDecisionV1Candidate[];
  /**
   * Lines (or parts of lines) assigned to locations.
   *
   * @maxItems 1000
   */
  assignments: RoutingDecisionV1Assignment[];
  /**
   * Number of distinct locations the assigned lines are spread over: 1 means the order is fulfilled from one location, 0 that nothing was assigned.
   */
  splitCount: number;
  /**
   * Lines (or remaining quantities) no location could take, with the reason.
   *
   * @maxItems 500
   */
  unassigned: RoutingDecisionV1UnassignedLine[];
}
/**
 * One candidate location and how it scored.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "RoutingDecisionV1Candidate".
 */
export interface RoutingDecisionV1Candidate {
  /**
   * Candidate location.
   */
  locationId: string;
  /**
   * Combined score used for ranking; higher is better.
   */
  totalScore: number;
  /**
   * True when a criterion excluded the location (scored -1).
   */
  excluded: boolean;
  /**
   * Why the location was excluded, e.g. "insufficient-stock:JKT-RAIN-BLK-L", "daily-capacity-reached".
   *
   * @maxItems 50
   */
  exclusionReasons?: string[];
  /**
   * Score of each criterion, in the order the profile applies them.
   *
   * @maxItems 50
   */
  scores: RoutingDecisionV1CriterionScore[];
}
/**
 * Rating of one criterion for one location.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "RoutingDecisionV1CriterionScore".
 */
export interface RoutingDecisionV1CriterionScore {
  /**
   * Criterion name, e.g. stock, distance, capacity, shipment-count, store-protection.
   */
  criterion: string;
  /**
   * Rating from 0 (worst) to 1 (best), or -1 when the criterion excludes the location.
   */
  score: number;
  /**
   * Explanation of the rating for humans, e.g. "312 km from the delivery address".
   */
  detail?: string;
}
/**
 * A quantity of one order line assigned to one location.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "RoutingDecisionV1Assignment".
 */
export interface RoutingDecisionV1Assignment {
  /**
   * Order line.
   */
  lineId: string;
  /**
   * Stock keeping unit: the retailer's own item identifier, shared by every system.
   */
  sku: string;
  /**
   * Location that will fulfill the quantity.
   */
  locationId: string;
  /**
   * Units assigned.
   */
  quantity: number;
}
/**
 * A quantity of one order line that could not be assigned.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "RoutingDecisionV1UnassignedLine".
 */
export interface RoutingDecisionV1UnassignedLine {
  /**
   * Order line.
   */
  lineId: string;
  /**
   * Stock keeping unit: the retailer's own item identifier, shared by every system.
   */
  sku: string;
  /**
   * Units not assigned.
   */
  quantity: number;
  /**
   * Why the quantity could not be assigned.
   */
  reason:
    | 'insufficient-stock'
    | 'no-eligible-location'
    | 'split-limit-exceeded'
    | 'capacity-exhausted'
    | 'all-locations-rejected'
    | 'other';
  /**
   * Explanation for humans.
   */
  detail?: string;
}
/**
 * An order (or its remaining lines after a rejection) was routed to locations: where each line goes, and the chosen locations with their scores. The full decision, every candidate with its scores or exclusion reasons, is kept by the hub (GET /v1/orders/{id}, omnihub routing explain).
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderRoutedV2".
 */
export interface OrderRoutedV2 {
  /**
   * The outcome of the routing decision.
   */
  decision: OrderRoutedV2RoutedDecision;
}
/**
 * A routing decision without its ranked candidate list: its identity, the assignments and what stayed unassigned, and the candidate records of the chosen locations only.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "OrderRoutedV2RoutedDecision".
 */
export interface OrderRoutedV2RoutedDecision {
  /**
   * Identifier of the decision; the full decision is stored under it.
   */
  id: string;
  /**
   * Order that was routed.
   */
  orderId: string;
  /**
   * Routing profile that made the decision; profiles are immutable once active.
   */
  profile: {
    /**
     * Routing profile id.
     */
    id: string;
    /**
     * Routing profile version.
     */
    version: number;
  };
  /**
   * 1 for the first routing of the order, incremented each time remaining lines are re-routed after a rejection.
   */
  attempt?: number;
  /**
   * True when the decision came from a simulation: nothing was reserved or requested.
   */
  dryRun?: boolean;
  /**
   * When the decision was made.
   */
  decidedAt: string;
  /**
   * Number of locations the decision ranked (its full candidate list's length).
   */
  candidateCount: number;
  /**
   * Candidate records of the locations that took assignments, best ranked first, with their per-criterion scores.
   *
   * @maxItems 1000
   */
  chosen: RoutingDecisionV1Candidate[];
  /**
   * Lines (or parts of lines) assigned to locations.
   *
   * @maxItems 1000
   */
  assignments: RoutingDecisionV1Assignment[];
  /**
   * Number of distinct locations the assigned lines are spread over: 1 means the order is fulfilled from one location, 0 that nothing was assigned.
   */
  splitCount: number;
  /**
   * Lines (or remaining quantities) no location could take, with the reason.
   *
   * @maxItems 500
   */
  unassigned: RoutingDecisionV1UnassignedLine[];
}
/**
 * A sellable item (variant level), identified by SKU and optionally by its GS1 GTIN.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "ProductV1".
 */
export interface ProductV1 {
  /**
   * Stock keeping unit: the retailer's own item identifier, shared by every system.
   */
  sku: string;
  /**
   * GS1 Global Trade Item Number (GTIN-8, -12, -13 or -14), digits only.
   */
  gtin?: string;
  /**
   * Display title of the item including its variant, e.g. "Organic Cotton T-Shirt, Navy, M".
   */
  title: string;
  /**
   * Merchandise category path, e.g. apparel/tops/t-shirts; used by return policies and routing rules.
   */
  category?: string;
  /**
   * True when the item cannot be returned (final sale, hygiene items); absent means false.
   */
  finalSale?: boolean;
  /**
   * Free-form item attributes as string key/value pairs, e.g. color, size, material.
   */
  attributes?: {
    [k: string]: string | undefined;
  };
}
/**
 * Money given back to a customer through a payment gateway, for a return or as a goodwill gesture.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "RefundV1".
 */
export interface RefundV1 {
  /**
   * Identifier of the refund.
   */
  id: string;
  /**
   * Order refunded.
   */
  orderId: string;
  /**
   * Return (RMA) the refund settles, when there is one.
   */
  returnId?: string;
  /**
   * Amount refunded.
   */
  amount: MoneyV1;
  /**
   * Payment system that executes the refund.
   */
  gateway: OrderV1PaymentGateway;
  /**
   * Refund transaction id in the gateway, once it has one.
   */
  transactionId?: string;
  /**
   * Refund status at the gateway.
   */
  status: 'pending' | 'succeeded' | 'failed';
  /**
   * When the refund was submitted to the gateway.
   */
  issuedAt: string;
  /**
   * Why the refund was issued, for humans.
   */
  reason?: string;
}
/**
 * A refund was submitted to a payment gateway (status tells whether it already succeeded).
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "RefundIssuedV1".
 */
export interface RefundIssuedV1 {
  /**
   * The refund.
   */
  refund: RefundV1;
}
/**
 * The hub asks the system that took the payment (Shopify, Square, a NetSuite customer refund or credit memo) to refund a customer. Only the connector instance named in target acts on it; it answers with refund.issued whose refund.id is this requestId and refund.returnId this returnId.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "RefundRequestedV1".
 */
export interface RefundRequestedV1 {
  /**
   * Identifier of this refund request; the idempotency key at the payment system and the refund.id of the answer.
   */
  requestId: string;
  /**
   * Order whose payment is refunded.
   */
  orderId: string;
  /**
   * Return (RMA) the refund settles, when there is one.
   */
  returnId?: string;
  /**
   * Amount to refund, after return fees.
   */
  amount: MoneyV1;
  /**
   * Payment system that took the payment and executes the refund.
   */
  gateway: OrderV1PaymentGateway;
  /**
   * Transaction id of the original payment in that system, when the order carried one.
   */
  paymentTransactionId?: string;
  /**
   * original-payment refunds to the payment method; store-credit issues credit in the payment system.
   */
  method: 'original-payment' | 'store-credit';
  /**
   * Order lines refunded, with units and amounts, for systems that refund per line.
   *
   * @maxItems 500
   *
   * Items: One refunded order line.
   */
  lines?: {
    /**
     * Order line.
     */
    lineId: string;
    /**
     * Stock keeping unit: the retailer's own item identifier, shared by every system.
     */
    sku: string;
    /**
     * Units refunded.
     */
    quantity: number;
    /**
     * Amount refunded for these units, before order-level fees.
     */
    amount: MoneyV1;
  }[];
  /**
   * Fees kept back from the refund (restocking fee, return shipping).
   *
   * @maxItems 10
   *
   * Items: One fee kept back.
   */
  fees?: {
    /**
     * What the fee is for.
     */
    kind: 'restocking' | 'return-shipping';
    /**
     * Fee amount.
     */
    amount: MoneyV1;
  }[];
  /**
   * Why the refund is requested, for humans and the payment system's notes.
   */
  reason?: string;
  /**
   * Connector instance that must execute the refund; every other instance ignores the request.
   */
  target: {
    /**
     * Connector instance id, e.g. shopify-eu.
     */
    instanceId: string;
    /**
     * Connector of that instance, e.g. shopify.
     */
    connectorId?: string;
  };
  /**
   * 1 for the first request of this refund, incremented when ops retry it.
   */
  attempt?: number;
  /**
   * When the hub requested the refund.
   */
  requestedAt: string;
}
/**
 * A return merchandise authorization (RMA): the customer's request to return order lines, started online, in store or by an agent, through policy check, receipt, per-line disposition and refund.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "ReturnRequestV1".
 */
export interface ReturnRequestV1 {
  /**
   * RMA number.
   */
  id: string;
  /**
   * Order the returned lines belong to.
   */
  orderId: string;
  /**
   * Customer returning the goods, when known.
   */
  customerId?: string;
  /**
   * Where and by whom the return was started.
   */
  initiatedBy: {
    /**
     * Channel that started the return.
     */
    channel: 'web' | 'store' | 'contact-center' | 'api';
    /**
     * Agent, store associate or API client that started it (optional).
     */
    actorId?: string;
    /**
     * Store where the return was started, for store returns.
     */
    locationId?: string;
  };
  /**
   * Current return status.
   */
  status: ReturnRequestV1ReturnStatus;
  /**
   * How the goods come back: mail (parcel to a warehouse) or store (drop-off in a store).
   */
  method: 'mail' | 'store';
  /**
   * Returned lines.
   *
   * @minItems 1
   * @maxItems 500
   */
  lines: ReturnRequestV1ReturnLine[];
  /**
   * Return policy evaluation that authorized or rejected the return.
   */
  policy?: {
    /**
     * Return policy id.
     */
    id: string;
    /**
     * Return policy version.
     */
    version: number;
    /**
     * Policy rules that were evaluated and decided the outcome, e.g. window-30-days, category-excluded:underwear.
     *
     * @maxItems 100
     */
    rulesApplied?: string[];
  };
  /**
   * Manual override of the policy outcome by an agent or manager.
   */
  override?: {
    /**
     * Who overrode the policy.
     */
    by: string;
    /**
     * Why the policy was overridden.
     */
    reason: string;
    /**
     * When the policy was overridden.
     */
    at: string;
  };
  /**
   * Refund outcome the return resolves to.
   */
  refund?: {
    /**
     * original-payment refunds to the payment method, store-credit issues credit, exchange ships replacement goods.
     */
    type: 'original-payment' | 'store-credit' | 'exchange';
    /**
     * Amount to refund (after any return fees).
     */
    amount: MoneyV1;
  };
  /**
   * When the return was requested.
   */
  createdAt: string;
  /**
   * When the return last changed.
   */
  updatedAt: string;
}
/**
 * One returned order line.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "ReturnRequestV1ReturnLine".
 */
export interface ReturnRequestV1ReturnLine {
  /**
   * Order line being returned.
   */
  lineId: string;
  /**
   * Stock keeping unit: the retailer's own item identifier, shared by every system.
   */
  sku: string;
  /**
   * Units the customer returns.
   */
  quantity: number;
  /**
   * Customer's reason for the return.
   */
  reason: 'damaged' | 'wrong-item' | 'not-as-described' | 'size' | 'changed-mind' | 'other';
  /**
   * Free-text comment from the customer or agent.
   */
  note?: string;
  /**
   * Units actually received back.
   */
  receivedQuantity?: number;
  /**
   * What happened to the received units (Shopify disposition types): RESTOCKED, NOT_RESTOCKED, PROCESSING_REQUIRED, MISSING.
   */
  disposition?: 'RESTOCKED' | 'NOT_RESTOCKED' | 'PROCESSING_REQUIRED' | 'MISSING';
  /**
   * Location the units were restocked at, when the disposition is RESTOCKED.
   */
  restockLocationId?: string;
}
/**
 * A return passed the return policy (or was overridden) and may be sent back.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "ReturnAuthorizedV1".
 */
export interface ReturnAuthorizedV1 {
  /**
   * The return after the change.
   */
  returnRequest: ReturnRequestV1;
}
/**
 * A return reached its end: nothing more will happen to it.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "ReturnClosedV1".
 */
export interface ReturnClosedV1 {
  /**
   * The return after the change.
   */
  returnRequest: ReturnRequestV1;
}
/**
 * Returned goods arrived at a store or warehouse and were inspected; each line carries its disposition.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "ReturnReceivedV1".
 */
export interface ReturnReceivedV1 {
  /**
   * The return after the change.
   */
  returnRequest: ReturnRequestV1;
}
/**
 * The refund for a return was issued.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "ReturnRefundedV1".
 */
export interface ReturnRefundedV1 {
  /**
   * The return after the change.
   */
  returnRequest: ReturnRequestV1;
  /**
   * The refund issued.
   */
  refund: RefundV1;
}
/**
 * A return was refused by the return policy or by a person.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "ReturnRejectedV1".
 */
export interface ReturnRejectedV1 {
  /**
   * The return after the change.
   */
  returnRequest: ReturnRequestV1;
  /**
   * Why the return was refused, for the customer and the agent, e.g. "Return window of 30 days ended on 2025-05-14".
   */
  reason: string;
}
/**
 * A customer, store associate or agent asked to return order lines.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "ReturnRequestedV1".
 */
export interface ReturnRequestedV1 {
  /**
   * The return as requested.
   */
  returnRequest: ReturnRequestV1;
}
/**
 * One change to a SKU's stock at one location, reported by a POS, ERP, WMS or the hub itself: either a delta or an absolute quantity (a count) for one stock bucket.
 *
 * This interface was referenced by `CanonicalSchemas`'s JSON-Schema
 * via the `definition` "StockMovementV1".
 */
export interface StockMovementV1 {
  /**
   * Idempotency id of the movement; a movement seen twice is applied once.
   */
  movementId: string;
  /**
   * Stock keeping unit: the retailer's own item identifier, shared by every system.
   */
  sku: string;
  /**
   * Location whose stock moved.
   */
  locationId: string;
  /**
   * delta adds quantity (may be negative) to the bucket; absolute replaces the bucket with quantity as of occurredAt (a count or snapshot).
   */
  mode: 'delta' | 'absolute';
  /**
   * Stock bucket the movement applies to (Shopify quantity names); onHand when absent. An absolute available quantity is already net of open orders, so reservations are not subtracted again.
   */
  bucket?: 'onHand' | 'available' | 'committed' | 'reserved' | 'incoming' | 'safetyStock' | 'damaged';
  /**
   * Units: signed change in delta mode, the new bucket quantity in absolute mode (not negative).
   */
  quantity: number;
  /**
   * Business reason of the movement.
   */
  reason:
    | 'sale'
    | 'return'
    | 'receipt'
    | 'adjustment'
    | 'count'
    | 'transfer'
    | 'damage'
    | 'reservation'
    | 'reservation-release'
    | 'fulfillment';
  /**
   * System that reported the movement, e.g. square, netsuite, file-drop, omnihub.
   */
  sourceSystem: string;
  /**
   * Connector instance that received the movement (optional).
   */
  sourceInstanceId?: string;
  /**
   * Time the source system recorded the event; with sourceSequence it orders events from one source.
   */
  sourceEventTime?: string;
  /**
   * Monotonic sequence number or cursor the source assigns, where it provides one; later movements from the same source carry a greater value.
   */
  sourceSequence?: number | string;
  /**
   * When the stock physically changed; for an absolute count, the time T as of which it replaces the bucket (movements before T are ignored, later ones re-applied).
   */
  occurredAt: string;
  /**
   * Business document the movement belongs to (optional).
   */
  reference?: {
    /**
     * Order that caused the movement.
     */
    orderId?: string;
    /**
     * Order line that caused the movement.
     */
    lineId?: string;
    /**
     * Return (RMA) that caused the movement.
     */
    returnId?: string;
    /**
     * Other source document: purchase order, ASN, transfer or count sheet number.
     */
    documentId?: string;
  };
}
