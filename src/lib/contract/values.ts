// Why: the contract's plain value lists, without zod, so the UI thread can use them without shipping the schemas
// (ho.ts and cloud.ts build their enums from these and re-export them).

/** Where an item is prepared (the ticket's printer). */
export const DESTINATIONS = ['kitchen', 'bar'] as const;
export type Destination = (typeof DESTINATIONS)[number];

export const CONFLICT_STRATEGIES = ['cloud_wins', 'local_wins', 'newest_wins'] as const;
export type ConflictStrategy = (typeof CONFLICT_STRATEGIES)[number];

/** The feature a server advertises in `sync/status` when it shares open orders between the tills of an outlet. */
export const SHARED_ORDERS_FEATURE = 'shared_orders';
