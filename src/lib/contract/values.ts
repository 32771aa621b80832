// Why: the contract's plain value lists, without zod, so the UI thread can use them without shipping the schemas
// (ho.ts and cloud.ts build their enums from these and re-export them).

/** Where an item is prepared (the ticket's printer). */
export const DESTINATIONS = ['kitchen', 'bar'] as const;
export type Destination = (typeof DESTINATIONS)[number];

/** The roles of the people at a till, least first (the role table is domain/staff.ts). */
export const STAFF_ROLES = ['cashier', 'supervisor', 'manager'] as const;
/** How a discount is expressed (the money rules are domain/discount.ts). */
export const DISCOUNT_KINDS = ['percent', 'amount'] as const;

export const CONFLICT_STRATEGIES = ['cloud_wins', 'local_wins', 'newest_wins'] as const;
export type ConflictStrategy = (typeof CONFLICT_STRATEGIES)[number];

/** The feature a server advertises in `sync/status` when it shares open orders between the tills of an outlet. */
export const SHARED_ORDERS_FEATURE = 'shared_orders';
