// Why: the contract's plain value lists and limits, without zod, so the UI thread and the worker's start can use them without
// shipping the schemas (ho.ts and cloud.ts build their enums from these and re-export them).

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

/** The master entities of the HO's sync API, in the order a pull walks them (ho.ts's `MASTER_PAGES` gives each its page). */
export const MASTER_ENTITIES = [
	'companies',
	'brands',
	'stores',
	'categories',
	'products',
	'modifiers'
] as const;
export type MasterEntity = (typeof MASTER_ENTITIES)[number];

/** Product fields an outlet may change; compared one by one with the cloud's row. */
export const PRODUCT_PUSH_FIELDS = [
	'name',
	'description',
	'category_id',
	'price',
	'stock',
	'destination',
	'is_available'
] as const;
export type ProductPushField = (typeof PRODUCT_PUSH_FIELDS)[number];

/** A sync batch's limits (seed 004): items, and bytes of its JSON body. */
export const MAX_BATCH_ITEMS = 1000;
export const MAX_BATCH_BYTES = 10 * 1024 * 1024;

/** The largest `limit` an `updates` (or shared orders) page may ask for. */
export const UPDATES_MAX_LIMIT = 5000;
