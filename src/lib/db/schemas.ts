// Why: the RxDB JSON schemas of the 13 local collections, indexed for the queries the UI and the replicator run.
// RxDB 17.6's free build allows 13 open collections per JS realm (NON_PREMIUM_COLLECTION_LIMIT = 13, not 16): companies,
// brands and daily summaries (a handful of small docs) therefore live in `meta` under typed keys (see ./meta.ts).
import type { RxJsonSchema } from 'rxdb';
import { DESTINATIONS } from '../contract/values';
import type {
	CategoryDoc,
	ConflictDoc,
	MessageDoc,
	MetaDoc,
	ModifierDoc,
	OrderDoc,
	PhotoDoc,
	ProductDoc,
	ProductUpdateDoc,
	StoreDoc,
	SyncJobDoc,
	TableDoc,
	TransactionDoc
} from './types';

export * from './types';

// Dexie indexes need required fields, strings with maxLength, numbers with bounds.
const id = (max = 64) => ({ type: 'string', maxLength: max }) as const;
const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;
const nint = { type: ['integer', 'null'] } as const;
const bool = { type: 'boolean' } as const;
const obj = { type: 'object' } as const;
const iso = { type: 'string', maxLength: 40 } as const;
const syncStatus = { type: 'string', maxLength: 16, enum: ['pending', 'synced', 'failed'] } as const;

const pushState = {
	cloud_id: nstr,
	synced_version: int,
	synced_at: nstr,
	sync_status: syncStatus,
	sync_error: nstr,
	sync_attempts: int,
	next_attempt_at: nstr
} as const;

export const storeSchema: RxJsonSchema<StoreDoc> = {
	version: 0,
	primaryKey: 'id',
	type: 'object',
	properties: {
		id: id(),
		company_id: id(),
		brand_id: id(),
		code: str,
		name: str,
		address: str,
		timezone: str,
		config: obj,
		table_count: int,
		is_deleted: bool,
		updated_at: iso
	},
	required: ['id', 'company_id', 'code', 'name', 'config', 'is_deleted', 'updated_at']
};

export const categorySchema: RxJsonSchema<CategoryDoc> = {
	version: 0,
	primaryKey: 'id',
	type: 'object',
	properties: {
		id: id(),
		company_id: id(),
		brand_id: nstr,
		name: str,
		sort_order: { type: 'integer', minimum: -1_000_000, maximum: 1_000_000, multipleOf: 1 },
		version: int,
		is_deleted: bool,
		updated_at: iso
	},
	required: ['id', 'company_id', 'name', 'sort_order', 'version', 'is_deleted', 'updated_at'],
	indexes: ['sort_order']
};

export const productSchema: RxJsonSchema<ProductDoc> = {
	// v1: + brand_key (`brand_id ?? ''`) and compound indexes that hold the selling screen's whole filter (live, brand,
	// category) in their key order, so its queries step over shown rows only; [category_id, name_lower] dropped.
	// v2: the single-field `sku` and `name_lower` indexes dropped (each product written into 6 IndexedDB indexes, not 8,
	// counting RxDB's own three): the reads that used them (no brand known, the barcode lookup, the manager's picker) go
	// through the brand-keyed ones, one range per brand key (db/product-queries.ts). No field changes.
	version: 2,
	primaryKey: 'id',
	type: 'object',
	properties: {
		id: id(),
		company_id: id(),
		brand_id: nstr,
		category_id: id(),
		sku: { type: 'string', maxLength: 64 },
		name: str,
		name_lower: { type: 'string', maxLength: 200 },
		brand_key: id(),
		description: str,
		price: int,
		stock: nint,
		destination: { type: 'string', enum: [...DESTINATIONS] },
		is_available: bool,
		modifier_group_ids: { type: 'array', items: { type: 'string' } },
		version: int,
		is_deleted: bool,
		photo_id: nstr,
		updated_at: iso
	},
	required: [
		'id',
		'company_id',
		'category_id',
		'sku',
		'name',
		'name_lower',
		'brand_key',
		'price',
		'version',
		'is_deleted',
		'updated_at'
	],
	indexes: [
		['is_deleted', 'brand_key', 'name_lower'],
		['is_deleted', 'brand_key', 'category_id', 'name_lower'],
		['is_deleted', 'brand_key', 'sku']
	]
};

/** The indexed stand-in for a nullable brand: products of no brand are shown by every outlet. */
export const brandKeyOf = (brandId: string | null): string => brandId ?? '';

/** Sets `brand_key` from `brand_id` (the products collection's insert and save hooks). */
export function fillBrandKey(d: Pick<ProductDoc, 'brand_id' | 'brand_key'>): void {
	d.brand_key = brandKeyOf(d.brand_id);
}

/** v1: products stored before get their brand key. */
export function migrateProductV1(old: ProductDoc): ProductDoc {
	return { ...old, brand_key: brandKeyOf(old.brand_id) };
}

/** v2 drops two indexes only: stored products are rewritten unchanged (RxDB rebuilds the collection, and so its indexes). */
export function migrateProductV2(old: ProductDoc): ProductDoc {
	return old;
}

export const modifierSchema: RxJsonSchema<ModifierDoc> = {
	version: 0,
	primaryKey: 'id',
	type: 'object',
	properties: {
		id: id(),
		company_id: id(),
		name: str,
		min_select: int,
		max_select: int,
		is_required: bool,
		options: {
			type: 'array',
			items: { type: 'object', properties: { id: str, name: str, price: int } }
		},
		sort_order: int,
		is_deleted: bool,
		updated_at: iso
	},
	required: ['id', 'company_id', 'name', 'options', 'is_deleted', 'updated_at']
};

export const photoSchema: RxJsonSchema<PhotoDoc> = {
	version: 0,
	primaryKey: 'id',
	type: 'object',
	properties: {
		id: id(),
		product_id: id(),
		checksum: str,
		version: int,
		content_type: str,
		size: int,
		state: { type: 'string', maxLength: 16, enum: ['pending', 'cached', 'failed'] },
		cached_at: nstr,
		error: nstr,
		cache_url: str,
		is_deleted: bool,
		updated_at: iso
	},
	required: ['id', 'product_id', 'state', 'is_deleted', 'updated_at'],
	indexes: ['product_id', 'state']
};

export const tableSchema: RxJsonSchema<TableDoc> = {
	version: 0,
	primaryKey: 'id',
	type: 'object',
	properties: {
		id: id(32),
		number: str,
		seats: int,
		status: { type: 'string', enum: ['free', 'occupied', 'bill'] },
		order_local_id: nstr,
		sync_status: syncStatus,
		updated_at: iso
	},
	required: ['id', 'number', 'status', 'sync_status', 'updated_at']
};

export const orderSchema: RxJsonSchema<OrderDoc> = {
	// v1: order_number split from local_id (UUIDv7), payments embedded in the order, + shift_id (nullable, not indexed).
	// v2: + refunds (array) and links (split/merge, object or null); who took the order and who voided it, the order
	// discount and discount_amount. All optional and not indexed.
	// v3: + the index [business_date, created_at]: the orders screen reads a page of today's newest orders through it
	// (db/day-orders.ts) instead of the whole day. No field changes.
	version: 3,
	primaryKey: 'local_id',
	type: 'object',
	properties: {
		local_id: id(64),
		order_number: id(64),
		outlet_id: str,
		outlet_code: str,
		table_number: nstr,
		customer_name: nstr,
		pax: nint,
		items: { type: 'array', items: obj },
		subtotal: int,
		service_amount: int,
		tax_amount: int,
		rounding_amount: int,
		total_amount: int,
		status: { type: 'string', maxLength: 8, enum: ['open', 'sent', 'paid', 'void'] },
		void_reason: nstr,
		payment_info: { type: ['object', 'null'] },
		payments: { type: 'array', items: obj },
		version: int,
		created_at: iso,
		updated_at: iso,
		business_date: { type: 'string', maxLength: 10 },
		shift_id: nstr,
		refunds: { type: 'array', items: obj },
		links: { type: ['object', 'null'] },
		cashier_name: nstr,
		staff_id: nstr,
		voided_by: nstr,
		voided_by_id: nstr,
		discount: { type: ['object', 'null'] },
		discount_amount: int,
		...pushState
	},
	required: [
		'local_id',
		'order_number',
		'payments',
		'outlet_id',
		'items',
		'total_amount',
		'status',
		'version',
		'created_at',
		'updated_at',
		'business_date',
		'sync_status',
		'synced_version'
	],
	indexes: [
		'sync_status',
		'business_date',
		['business_date', 'created_at'],
		['status', 'updated_at'],
		'updated_at',
		'order_number'
	]
};

/** Orders stored before v1 keep their local_id (the old order number, what the cloud knows them by) and show it as their number. */
export function migrateOrderV1(old: Omit<OrderDoc, 'order_number' | 'payments' | 'shift_id'>): OrderDoc {
	// Orders written before shifts belong to no shift.
	return { ...old, order_number: old.local_id, payments: [], shift_id: null };
}

/** v2: orders get no refunds and no links; who took and voided them and their discounts (older orders had none; their cashier is their payment's). */
export function migrateOrderV2(old: OrderDoc): OrderDoc {
	return {
		...old,
		refunds: old.refunds ?? [],
		links: old.links ?? null,
		cashier_name: old.cashier_name ?? old.payments[0]?.cashier_name ?? null,
		staff_id: old.staff_id ?? null,
		voided_by: old.voided_by ?? null,
		voided_by_id: old.voided_by_id ?? null,
		discount: old.discount ?? null,
		discount_amount: old.discount_amount ?? 0
	};
}

/** v3 adds an index only: stored orders are rewritten unchanged (RxDB rebuilds the collection, and so its indexes). */
export function migrateOrderV3(old: OrderDoc): OrderDoc {
	return old;
}

export const transactionSchema: RxJsonSchema<TransactionDoc> = {
	// v1 (till-refunds): + type ('payment' | 'refund') and reason, optional and not indexed.
	version: 1,
	primaryKey: 'local_id',
	type: 'object',
	properties: {
		local_id: id(64),
		outlet_id: str,
		outlet_code: str,
		order_id: str,
		total_amount: int,
		payment_method: str,
		cash_amount: nint,
		change_amount: nint,
		cashier_name: nstr,
		version: int,
		created_at: iso,
		updated_at: iso,
		business_date: { type: 'string', maxLength: 10 },
		type: { type: 'string', enum: ['payment', 'refund'] },
		reason: nstr,
		...pushState
	},
	required: [
		'local_id',
		'outlet_id',
		'order_id',
		'total_amount',
		'payment_method',
		'version',
		'created_at',
		'updated_at',
		'business_date',
		'sync_status',
		'synced_version'
	],
	indexes: ['sync_status', 'business_date']
};

/** v1: every transaction stored before refunds is a payment. */
export function migrateTransactionV1(old: TransactionDoc): TransactionDoc {
	return { ...old, type: old.type ?? 'payment', reason: old.reason ?? null };
}

export const productUpdateSchema: RxJsonSchema<ProductUpdateDoc> = {
	version: 0,
	primaryKey: 'id',
	type: 'object',
	properties: {
		id: id(),
		product_id: str,
		changes: obj,
		base_version: int,
		version: int,
		result: { type: ['object', 'null'] },
		created_at: iso,
		updated_at: iso,
		...pushState
	},
	required: [
		'id',
		'product_id',
		'changes',
		'base_version',
		'version',
		'created_at',
		'updated_at',
		'sync_status',
		'synced_version'
	],
	indexes: ['sync_status']
};

export const conflictSchema: RxJsonSchema<ConflictDoc> = {
	version: 0,
	primaryKey: 'id',
	type: 'object',
	properties: {
		id: id(),
		entity_type: str,
		cloud_id: str,
		local_id: str,
		field: str,
		cloud_value: {},
		cloud_version: int,
		cloud_updated_at: str,
		local_value: {},
		local_version: int,
		local_updated_at: str,
		status: { type: 'string', maxLength: 16, enum: ['open', 'resolving', 'resolved'] },
		strategy: nstr,
		auto: bool,
		applied_value: {},
		new_version: nint,
		resolved_at: nstr,
		resolved_by: nstr,
		notes: nstr,
		queued_resolution: { type: ['object', 'null'] },
		error: nstr,
		created_at: iso,
		updated_at: iso
	},
	required: ['id', 'entity_type', 'field', 'status', 'created_at', 'updated_at'],
	indexes: ['status']
};

export const syncJobSchema: RxJsonSchema<SyncJobDoc> = {
	version: 0,
	primaryKey: 'id',
	type: 'object',
	properties: {
		id: id(128),
		scope: str,
		status: { type: 'string', enum: ['running', 'completed', 'failed', 'cancelled'] },
		progress: int,
		step: int,
		total_steps: int,
		current_step: str,
		current_step_message: { type: ['object', 'null'] },
		results: obj,
		totalUpdated: int,
		message: nstr,
		error: nstr,
		heartbeat_at: str,
		cancel_requested: bool,
		started_at: iso,
		updated_at: iso,
		completed_at: nstr
	},
	required: ['id', 'scope', 'status', 'progress', 'results', 'started_at', 'updated_at'],
	indexes: ['started_at']
};

export const messageSchema: RxJsonSchema<MessageDoc> = {
	version: 0,
	primaryKey: 'id',
	type: 'object',
	properties: {
		id: id(100),
		kind: { type: 'string', enum: ['broadcast', 'config'] },
		title: str,
		message: str,
		level: str,
		received_at: iso,
		dismissed: bool,
		data: { type: ['object', 'null'] },
		updated_at: iso
	},
	required: ['id', 'kind', 'received_at', 'dismissed', 'updated_at'],
	indexes: ['received_at']
};

export const metaSchema: RxJsonSchema<MetaDoc> = {
	version: 0,
	primaryKey: 'key',
	type: 'object',
	properties: { key: id(128), value: {}, updated_at: iso },
	required: ['key', 'updated_at']
};

/** Every collection (13, the free RxDB limit) with its schema; `migrationStrategies` is where version 1+ upgrades go. */
export const collections = {
	stores: { schema: storeSchema, migrationStrategies: {} },
	categories: { schema: categorySchema, migrationStrategies: {} },
	products: { schema: productSchema, migrationStrategies: { 1: migrateProductV1, 2: migrateProductV2 } },
	modifiers: { schema: modifierSchema, migrationStrategies: {} },
	photos: { schema: photoSchema, migrationStrategies: {} },
	tables: { schema: tableSchema, migrationStrategies: {} },
	orders: {
		schema: orderSchema,
		migrationStrategies: { 1: migrateOrderV1, 2: migrateOrderV2, 3: migrateOrderV3 }
	},
	transactions: { schema: transactionSchema, migrationStrategies: { 1: migrateTransactionV1 } },
	product_updates: { schema: productUpdateSchema, migrationStrategies: {} },
	conflicts: { schema: conflictSchema, migrationStrategies: {} },
	sync_jobs: { schema: syncJobSchema, migrationStrategies: {} },
	messages: { schema: messageSchema, migrationStrategies: {} },
	meta: { schema: metaSchema, migrationStrategies: {} }
} as const;

export type CollectionName = keyof typeof collections;
