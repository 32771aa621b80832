// Wire schemas of the cloud API (seed 004): every request/response body and event payload, shared
// by the server (validation + OpenAPI), the worker (validates what it receives) and the tests.
import { z } from 'zod';
import { Destination, DISCOUNT_KINDS, isIsoTimestamp, isoTimestamp, StoreConfig, uuidString } from './ho';
import { isYmd } from './safe';
import {
	CONFLICT_STRATEGIES,
	MAX_BATCH_BYTES,
	MAX_BATCH_ITEMS,
	PRODUCT_PUSH_FIELDS,
	SHARED_ORDERS_FEATURE,
	UPDATES_MAX_LIMIT,
	type ConflictStrategy,
	type ProductPushField
} from './values';

export { isIsoTimestamp };

const ts = z.string().meta({ description: 'ISO 8601 timestamp, UTC' });
const rupiah = (what = 'Integer rupiah') =>
	z
		.number()
		.int('must be an integer number of rupiah')
		.min(0)
		.max(1_000_000_000_000)
		.meta({ description: what });
const localId = () => z.string().min(1, 'is required').max(200);
const version = () => z.number().int('must be an integer').min(1).max(2_147_483_647);

// ---------- envelopes ----------

export const CloudErrorBody = z
	.object({
		success: z.literal(false),
		error: z
			.string()
			.meta({ description: 'Machine-readable code: unauthorized, forbidden, validation_error, …' }),
		message: z.string(),
		retry_after: z.number().int().optional()
	})
	.loose()
	.meta({ id: 'CloudError' });
export type CloudErrorBody = z.infer<typeof CloudErrorBody>;

export const RateLimitBody = z
	.object({
		success: z.literal(false),
		error: z.literal('rate_limit_exceeded'),
		message: z.literal('Too many requests'),
		retry_after: z.number().int()
	})
	.meta({ id: 'RateLimitError' });

const ok = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data });

export const OutletParams = z.object({
	outlet_id: z.string().meta({ description: 'The outlet (store) id' })
});
export const ConflictParams = OutletParams.extend({ conflict_id: z.string() });

// ---------- push: orders, transactions, products ----------

/** Extension (docs/till.md): a discount as the till gives it, on a line or on the whole order. */
export const DiscountWire = z
	.object({
		kind: z.enum(DISCOUNT_KINDS),
		value: z.number().positive().max(1_000_000_000_000),
		name: z.string().max(100),
		preset_id: z.string().max(64).nullable(),
		given_by: z.string().max(200).nullable().optional(),
		given_by_id: z.string().max(64).nullable().optional(),
		approved_by: z.string().max(200).nullable().optional(),
		approved_by_id: z.string().max(64).nullable().optional()
	})
	.loose()
	.meta({ id: 'Discount' });

export const OrderItem = z
	.object({
		product_name: z.string().min(1).max(200),
		category: z.string().max(200).optional(),
		qty: z.number().int().min(1).max(100_000),
		price: rupiah('Unit price incl. modifiers'),
		subtotal: rupiah(),
		destination: Destination.optional(),
		status: z.enum(['new', 'sent', 'served']).optional(),
		discount: DiscountWire.optional().meta({ description: "Extension: the line's discount" }),
		discount_amount: rupiah('Extension: rupiah the line discount takes off subtotal').optional()
	})
	.loose()
	.meta({
		id: 'OrderItem',
		description: 'Seed fields; extra fields (line_id, product_id, modifiers, note) are kept'
	});

/**
 * Extension (shared open orders, docs/edge.md): what a till adds to an order push when the server advertises
 * `shared_orders`: the version its edit is based on (the last one it got from the server; 0 for a new order), its
 * device code, and the till fields the seed's order lacks, so another till of the outlet can recall and pay it.
 */
export const SharedOrderTill = z
	.object({
		subtotal: z.number().int().optional(),
		service_amount: z.number().int().optional(),
		tax_amount: z.number().int().optional(),
		rounding_amount: z.number().int().optional(),
		payments: z.array(z.record(z.string(), z.unknown())).max(100).optional(),
		business_date: z.string().max(10).optional(),
		shift_id: z.string().max(100).nullable().optional(),
		void_reason: z.string().max(500).nullable().optional(),
		voided_by_id: z.string().max(64).nullable().optional(),
		links: z.record(z.string(), z.unknown()).nullable().optional(),
		refunds: z.array(z.record(z.string(), z.unknown())).max(100).optional(),
		bill_requested: z
			.boolean()
			.optional()
			.meta({ description: "The guest asked for the bill (the table's state)" })
	})
	.loose()
	.meta({ id: 'SharedOrderTill' });
export type SharedOrderTill = z.infer<typeof SharedOrderTill>;
export const SharedOrderInfo = z
	.object({
		base_version: z.number().int().min(0).max(2_147_483_647).meta({
			description: 'The version this edit started from (the last one the till got from the server); 0: new'
		}),
		device_code: z.string().min(1).max(32).meta({ description: 'The till that wrote this version' }),
		till: SharedOrderTill.optional()
	})
	.meta({ id: 'SharedOrderInfo' });
export type SharedOrderInfo = z.infer<typeof SharedOrderInfo>;

export const OrderPush = z
	.object({
		local_id: localId(),
		order_number: z.string().max(100).optional().meta({
			description:
				'Extension: the human order number (ORD-<day>-<OUTLET>-<DEVICE>-<nnnn>); local_id is the identity'
		}),
		outlet_id: z.string().optional(),
		outlet_code: z.string().optional(),
		table_number: z.string().max(50).nullable().optional(),
		customer_name: z.string().max(200).nullable().optional(),
		pax: z.number().int().min(0).max(10_000).nullable().optional(),
		total_amount: rupiah(),
		status: z.enum(['open', 'sent', 'paid', 'void']),
		items: z.array(OrderItem).max(1000),
		payment_info: z
			.object({ method: z.string().min(1).max(50), amount: rupiah(), paid_at: isoTimestamp() })
			.loose()
			.nullable()
			.optional(),
		cashier_name: z
			.string()
			.max(200)
			.nullable()
			.optional()
			.meta({ description: 'Extension: who took the order (seed 004 names it on transactions)' }),
		staff_id: z
			.string()
			.max(64)
			.nullable()
			.optional()
			.meta({ description: "Extension: that person's staff id" }),
		voided_by: z
			.string()
			.max(200)
			.nullable()
			.optional()
			.meta({ description: 'Extension: who allowed the void' }),
		discount_amount: rupiah(
			'Extension: line discounts + order discount; total_amount is after it, with service and PB1 on the rest'
		).optional(),
		discount: DiscountWire.nullable()
			.optional()
			.meta({ description: 'Extension: the discount on the whole order' }),
		shared: SharedOrderInfo.optional().meta({
			description:
				'Extension (servers advertising shared_orders): base version, device and till fields; a push based on a version another till has moved on is a conflict, not an overwrite'
		}),
		version: version(),
		created_at: isoTimestamp(),
		updated_at: isoTimestamp()
	})
	.loose()
	.meta({ id: 'OrderPush' });
export type OrderPush = z.infer<typeof OrderPush>;

/** Extension of seed 004: a transaction is a payment (the seed's) or a refund. */
export const TRANSACTION_TYPES = ['payment', 'refund'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export const TransactionPush = z
	.object({
		local_id: localId(),
		outlet_id: z.string().optional(),
		outlet_code: z.string().optional(),
		order_id: z.string().min(1, 'is required').max(200),
		total_amount: z
			.number()
			.int('must be an integer number of rupiah')
			.min(-1_000_000_000_000)
			.max(1_000_000_000_000)
			.meta({ description: 'Integer rupiah; below zero only for a refund (type "refund")' }),
		payment_method: z.string().min(1).max(50),
		cash_amount: rupiah().nullable().optional(),
		change_amount: rupiah().nullable().optional(),
		cashier_name: z.string().max(200).nullable().optional(),
		version: version(),
		created_at: isoTimestamp(),
		type: z.enum(TRANSACTION_TYPES).optional().meta({
			description:
				'Extension: "payment" (default) or "refund"; a refund has total_amount below zero and order_id = the refunded order'
		}),
		reason: z
			.string()
			.max(500)
			.nullable()
			.optional()
			.meta({ description: 'Extension: the reason of a refund' })
	})
	.loose()
	.superRefine((t, ctx) => {
		const refund = t.type === 'refund';
		if (refund && t.total_amount >= 0)
			ctx.addIssue({ code: 'custom', path: ['total_amount'], message: 'must be below zero for a refund' });
		if (!refund && t.total_amount < 0)
			ctx.addIssue({ code: 'custom', path: ['total_amount'], message: 'must be >= 0 for a payment' });
		if (refund && (t.reason ?? '').trim() === '')
			ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required for a refund' });
	})
	.meta({ id: 'TransactionPush' });
export type TransactionPush = z.infer<typeof TransactionPush>;

export { PRODUCT_PUSH_FIELDS, type ProductPushField };

export const ProductPush = z
	.object({
		local_id: uuidString().meta({
			description: "The HO product id (the outlet keeps it as the product's id)"
		}),
		outlet_id: z.string().optional(),
		name: z.string().min(1).max(200).optional(),
		description: z.string().max(2000).optional(),
		category_id: uuidString().optional(),
		category_name: z.string().max(200).optional().meta({ description: 'Informational; not stored' }),
		price: rupiah().optional(),
		stock: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
		destination: Destination.optional(),
		is_available: z.boolean().optional(),
		version: version().meta({ description: 'The cloud version this edit is based on' }),
		updated_at: isoTimestamp()
	})
	.loose()
	.meta({ id: 'ProductPush' });
export type ProductPush = z.infer<typeof ProductPush>;

export const PushResult = z
	.object({ cloud_id: z.string(), local_id: z.string(), version: z.number().int(), synced_at: ts })
	.meta({ id: 'PushResult' });
export type PushResult = z.infer<typeof PushResult>;
export const PushResponse = ok(PushResult).meta({ id: 'PushResponse' });

/** One field on which the outlet's edit and the cloud disagree (seed "conflict" block + its id). */
export const ConflictInfo = z
	.object({
		conflict_id: z.string(),
		field: z.string(),
		cloud_value: z.unknown(),
		cloud_version: z.number().int(),
		cloud_updated_at: ts,
		local_value: z.unknown(),
		local_version: z.number().int(),
		local_updated_at: ts
	})
	.meta({ id: 'ConflictInfo' });
export type ConflictInfo = z.infer<typeof ConflictInfo>;

export const ProductConflictResult = z
	.object({
		local_id: z.string(),
		cloud_id: z.string(),
		status: z.literal('conflict'),
		conflicts: z.array(ConflictInfo).min(1)
	})
	.meta({ id: 'ProductConflictResult' });
export type ProductConflictResult = z.infer<typeof ProductConflictResult>;
/**
 * A product push answers 200 either way: applied (PushResult, version = the new cloud version) or
 * not applied because the cloud moved on (status "conflict"), exactly as the batch's per-item result.
 */
export const ProductPushResponse = ok(z.union([PushResult, ProductConflictResult])).meta({
	id: 'ProductPushResponse'
});

/** An order push answers a PushResult, or (shared orders) a conflict: another till moved the order on since this edit's base. */
export const OrderPushResponse = ok(z.union([PushResult, ProductConflictResult])).meta({
	id: 'OrderPushResponse'
});

// ---------- batch ----------

export { MAX_BATCH_BYTES, MAX_BATCH_ITEMS };

export const BATCH_ENTITY_TYPES = ['order', 'transaction', 'product'] as const;
export const BatchItem = z
	.object({
		entity_type: z.enum(BATCH_ENTITY_TYPES),
		operation: z.enum(['create', 'update']).optional(),
		data: z
			.record(z.string(), z.unknown())
			.meta({ description: 'An OrderPush, TransactionPush or ProductPush' })
	})
	.meta({ id: 'BatchItem' });
export type BatchItem = z.infer<typeof BatchItem>;
/** A batch item as a client builds it: `data` typed by entity (the server validates each one on its own). */
export type BatchItemInput = z.input<typeof BatchItem> &
	(
		| { entity_type: 'order'; data: z.input<typeof OrderPush> }
		| { entity_type: 'transaction'; data: z.input<typeof TransactionPush> }
		| { entity_type: 'product'; data: z.input<typeof ProductPush> }
	);

export const BatchRequest = z
	.object({
		outlet_id: z.string().optional(),
		outlet_code: z.string().optional(),
		sync_timestamp: isoTimestamp().optional(),
		items: z.array(z.unknown().meta({ description: 'A BatchItem; each is validated on its own' })).meta({
			description: `At most ${MAX_BATCH_ITEMS} items (413 beyond); a bad item fails alone`
		})
	})
	.meta({ id: 'BatchRequest' });
export type BatchRequest = z.infer<typeof BatchRequest>;

export const BatchItemResult = z
	.object({
		entity_type: z.string(),
		local_id: z.string(),
		cloud_id: z.string().optional(),
		status: z.enum(['success', 'failed', 'conflict']),
		version: z.number().int().optional(),
		code: z
			.string()
			.optional()
			.meta({ description: 'With status failed: validation_error, idempotency_conflict, not_found, …' }),
		error: z.string().optional(),
		conflicts: z.array(ConflictInfo).optional()
	})
	.meta({ id: 'BatchItemResult' });
export type BatchItemResult = z.infer<typeof BatchItemResult>;

export const BatchResponse = ok(
	z.object({
		processed: z.number().int(),
		success: z.number().int(),
		failed: z.number().int(),
		conflicts: z
			.number()
			.int()
			.meta({ description: 'Items answered status "conflict" (neither success nor failed)' }),
		results: z.array(BatchItemResult),
		synced_at: ts
	})
).meta({ id: 'BatchResponse' });
export type BatchResponse = z.infer<typeof BatchResponse>;

// ---------- pull: updates since a checkpoint ----------

export { UPDATES_MAX_LIMIT };

export const UpdatesQuery = z.object({
	since: isoTimestamp().optional().meta({ description: 'The previous sync_checkpoint; omitted: everything' }),
	limit: z
		.string()
		.regex(/^\d{1,5}$/, `must be an integer between 1 and ${UPDATES_MAX_LIMIT}`)
		.transform(Number)
		.pipe(
			z
				.number()
				.int()
				.min(1, `must be an integer between 1 and ${UPDATES_MAX_LIMIT}`)
				.max(UPDATES_MAX_LIMIT, `must be an integer between 1 and ${UPDATES_MAX_LIMIT}`)
		)
		.optional()
		.transform((v) => v ?? 1000)
});

const action = z.enum(['create', 'update']).meta({ description: 'create: first seen after `since`' });
export const UpdatedProduct = z
	.object({
		cloud_id: z.string(),
		local_id: z.string(),
		company_id: z.string(),
		brand_id: z.string().nullable(),
		category_id: z.string(),
		sku: z.string(),
		name: z.string(),
		description: z.string(),
		price: z.number().int(),
		stock: z.number().int().nullable(),
		destination: Destination,
		is_available: z.boolean(),
		modifier_group_ids: z.array(z.string()),
		version: z.number().int(),
		updated_at: ts,
		action
	})
	.meta({ id: 'UpdatedProduct' });
export type UpdatedProduct = z.infer<typeof UpdatedProduct>;
export const UpdatedCategory = z
	.object({
		cloud_id: z.string(),
		local_id: z.string(),
		company_id: z.string(),
		brand_id: z.string().nullable(),
		name: z.string(),
		sort_order: z.number().int(),
		version: z.number().int(),
		updated_at: ts,
		action
	})
	.meta({ id: 'UpdatedCategory' });
export type UpdatedCategory = z.infer<typeof UpdatedCategory>;
export const DeletedEntity = z
	.object({
		entity_type: z.enum(['product', 'category']),
		local_id: z.string(),
		cloud_id: z.string(),
		deleted_at: ts
	})
	.meta({ id: 'DeletedEntity' });
export type DeletedEntity = z.infer<typeof DeletedEntity>;

export const UpdatesResponse = ok(
	z.object({
		products: z.array(UpdatedProduct),
		categories: z.array(UpdatedCategory),
		deleted: z.array(DeletedEntity),
		config: StoreConfig.partial()
			.catchall(z.unknown())
			.optional()
			.meta({ description: "The outlet's settings, present when they changed after `since`" }),
		sync_checkpoint: z
			.string()
			.meta({ description: 'Pass back as `since`; microseconds; `since` itself when nothing changed' }),
		has_more: z.boolean()
	})
).meta({ id: 'UpdatesResponse' });
export type UpdatesResponse = z.infer<typeof UpdatesResponse>;

// ---------- conflicts ----------

export { CONFLICT_STRATEGIES, type ConflictStrategy };

export const ConflictsQuery = z.object({
	status: z.enum(['open', 'resolved', 'all']).optional().default('open')
});
export const ConflictRecord = ConflictInfo.extend({
	entity_type: z.string(),
	cloud_id: z.string(),
	local_id: z.string(),
	status: z.enum(['open', 'resolved']),
	created_at: ts,
	strategy: z.enum(CONFLICT_STRATEGIES).nullable(),
	applied_value: z.unknown(),
	new_version: z.number().int().nullable(),
	resolved_by: z.string().nullable(),
	notes: z.string().nullable(),
	resolved_at: ts.nullable()
}).meta({ id: 'ConflictRecord' });
export type ConflictRecord = z.infer<typeof ConflictRecord>;
export const ConflictListResponse = ok(z.object({ conflicts: z.array(ConflictRecord) })).meta({
	id: 'ConflictListResponse'
});

export const ResolveRequest = z
	.object({
		strategy: z.enum(CONFLICT_STRATEGIES, `must be one of ${CONFLICT_STRATEGIES.join(', ')}`),
		resolved_by: z.string().min(1, 'is required').max(200),
		notes: z.string().max(2000).optional()
	})
	.meta({ id: 'ResolveRequest' });
export type ResolveRequest = z.infer<typeof ResolveRequest>;
export const ResolveResult = z
	.object({
		resolved: z.literal(true),
		applied_value: z.unknown(),
		new_version: z.number().int(),
		resolved_at: ts
	})
	.meta({ id: 'ResolveResult' });
export type ResolveResult = z.infer<typeof ResolveResult>;
export const ResolveResponse = ok(ResolveResult).meta({ id: 'ResolveResponse' });
/** 409 when the conflict was resolved before: carries the earlier answer. */
export const AlreadyResolvedBody = z
	.object({
		success: z.literal(false),
		error: z.literal('conflict_already_resolved'),
		message: z.string(),
		data: ResolveResult
	})
	.meta({ id: 'AlreadyResolved' });

// ---------- analytics ----------

const ymd = z.string().refine(isYmd, 'must be a real date YYYY-MM-DD');
const count = () => z.number().int().min(0);
export const DailySummary = z
	.object({
		total_orders: count(),
		total_revenue: rupiah(),
		total_transactions: count(),
		payment_methods: z.record(z.string(), count()),
		top_products: z
			.array(z.object({ product_name: z.string(), qty_sold: count(), revenue: rupiah() }).loose())
			.max(1000),
		hourly_breakdown: z
			.array(z.object({ hour: z.number().int().min(0).max(23), orders: count(), revenue: rupiah() }).loose())
			.max(24)
	})
	.loose()
	.meta({ id: 'DailySummary' });
export type DailySummary = z.infer<typeof DailySummary>;
export const DailySummaryPush = z
	.object({
		outlet_id: z.string().optional(),
		outlet_code: z.string().optional(),
		date: ymd,
		summary: DailySummary
	})
	.meta({ id: 'DailySummaryPush' });
export type DailySummaryPush = z.infer<typeof DailySummaryPush>;
export const DailySummaryQuery = z.object({ date: ymd });
export const DailySummaryRecord = z
	.object({ outlet_id: z.string(), date: z.string(), summary: DailySummary, received_at: ts })
	.meta({ id: 'DailySummaryRecord' });
export const DailySummaryPushResponse = ok(
	z.object({ outlet_id: z.string(), date: z.string(), received_at: ts, replaced: z.boolean() })
).meta({ id: 'DailySummaryPushResponse' });
export const DailySummaryResponse = ok(DailySummaryRecord).meta({ id: 'DailySummaryResponse' });

// ---------- sync status ----------

export const SyncStatusResponse = ok(
	z.object({
		outlet_id: z.string(),
		outlet_code: z.string(),
		orders: z.number().int(),
		transactions: z.number().int(),
		open_conflicts: z.number().int(),
		last_push_at: ts.nullable(),
		last_pull_at: ts.nullable(),
		last_event_id: z.number().int(),
		features: z
			.array(z.string())
			.optional()
			.meta({ description: 'Extension: optional features this server runs, e.g. "shared_orders"' })
	})
).meta({ id: 'SyncStatusResponse' });

export { SHARED_ORDERS_FEATURE };

// ---------- shared open orders (extension: servers with SHARE_OPEN_ORDERS=1, e.g. an outlet edge) ----------

export const SharedOrdersQuery = UpdatesQuery;
/** An order as the server stores it, for the other tills of the outlet. */
export const SharedOrder = OrderPush.safeExtend({
	cloud_id: z.string(),
	device_code: z.string().nullable().meta({ description: 'The till that wrote the stored version' }),
	changed_at: ts
}).meta({ id: 'SharedOrder' });
export type SharedOrder = z.infer<typeof SharedOrder>;
export const SharedOrdersResponse = ok(
	z.object({
		orders: z.array(SharedOrder),
		sync_checkpoint: z
			.string()
			.meta({ description: 'Pass back as `since`; microseconds; `since` itself when nothing changed' }),
		has_more: z.boolean()
	})
).meta({ id: 'SharedOrdersResponse' });
export type SharedOrdersResponse = z.infer<typeof SharedOrdersResponse>;
export type SyncStatusResponse = z.infer<typeof SyncStatusResponse>;

// ---------- event stream ----------

export const EVENT_NAMES = [
	'entity.updated',
	'entity.deleted',
	'sync.conflict',
	'broadcast.message',
	'config.updated',
	'order.updated'
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

const eventBase = { timestamp: ts };

/**
 * A product's fields in entity.updated `data` (seed 004 shows name, price, stock, version; the reference
 * server sends the whole HO row). Every field is optional: the till applies those present.
 */
export const ProductEventData = z
	.object({
		name: z.string().optional(),
		description: z.string().optional(),
		category_id: z.string().optional(),
		price: z.number().int().min(0).optional(),
		stock: z.number().int().nullable().optional(),
		destination: Destination.optional(),
		is_available: z.boolean().optional(),
		is_deleted: z.boolean().optional(),
		version: z.number().int().optional()
	})
	.loose()
	.meta({ id: 'ProductEventData' });
export type ProductEventData = z.infer<typeof ProductEventData>;
/** A category's fields in entity.updated `data`. */
export const CategoryEventData = z
	.object({ name: z.string().optional(), sort_order: z.number().int().optional() })
	.loose()
	.meta({ id: 'CategoryEventData' });
export type CategoryEventData = z.infer<typeof CategoryEventData>;

const entityUpdated = {
	...eventBase,
	event: z.literal('entity.updated'),
	cloud_id: z.string(),
	local_id: z.string(),
	version: z.number().int(),
	updated_by: z.string().optional(),
	reason: z.string().optional()
};
export const ProductUpdatedEvent = z
	.object({ ...entityUpdated, entity_type: z.literal('product'), data: ProductEventData })
	.loose()
	.meta({ id: 'ProductUpdatedEvent' });
export const CategoryUpdatedEvent = z
	.object({ ...entityUpdated, entity_type: z.literal('category'), data: CategoryEventData })
	.loose()
	.meta({ id: 'CategoryUpdatedEvent' });
/** entity.updated, told apart by entity_type (other entity types are not applied by the till). */
export const EntityUpdatedEvent = z
	.discriminatedUnion('entity_type', [ProductUpdatedEvent, CategoryUpdatedEvent])
	.meta({ id: 'EntityUpdatedEvent' });
export const EntityDeletedEvent = z
	.object({
		...eventBase,
		event: z.literal('entity.deleted'),
		entity_type: z.string(),
		cloud_id: z.string(),
		local_id: z.string(),
		deleted_at: ts
	})
	.loose()
	.meta({ id: 'EntityDeletedEvent' });
export const SyncConflictEvent = z
	.object({
		...eventBase,
		event: z.literal('sync.conflict'),
		entity_type: z.string(),
		cloud_id: z.string(),
		local_id: z.string(),
		conflict_id: z.string(),
		conflict: ConflictInfo.omit({ conflict_id: true }),
		resolution_required: z.boolean()
	})
	.loose()
	.meta({ id: 'SyncConflictEvent' });
export const BroadcastEvent = z
	.object({
		...eventBase,
		event: z.literal('broadcast.message'),
		message_id: z.string(),
		title: z.string(),
		message: z.string(),
		level: z.string()
	})
	.loose()
	.meta({ id: 'BroadcastEvent' });
export const ConfigUpdatedEvent = z
	.object({
		...eventBase,
		event: z.literal('config.updated'),
		outlet_id: z.string(),
		config: StoreConfig.partial().catchall(z.unknown())
	})
	.loose()
	.meta({ id: 'ConfigUpdatedEvent' });
/** Extension (shared open orders): a till's order push was accepted; the other tills pull `orders?since=`. */
export const OrderUpdatedEvent = z
	.object({
		...eventBase,
		event: z.literal('order.updated'),
		cloud_id: z.string(),
		local_id: z.string(),
		version: z.number().int(),
		status: z.string(),
		device_code: z.string().nullable()
	})
	.loose()
	.meta({ id: 'OrderUpdatedEvent' });
export const CloudEvent = z.discriminatedUnion('event', [
	EntityUpdatedEvent,
	EntityDeletedEvent,
	SyncConflictEvent,
	BroadcastEvent,
	ConfigUpdatedEvent,
	OrderUpdatedEvent
]);
export type CloudEvent = z.infer<typeof CloudEvent>;
/** What the server builds: each payload is typed against the schema the worker parses it with. */
export type CloudEventInput = z.input<typeof CloudEvent>;

/**
 * The `data:` line of every stream message. signature = hex HMAC-SHA256 with key sha256hex(api_key)
 * over `${id}.${JSON.stringify(payload)}`; clients drop a message whose id is not above the last one.
 */
export const SignedEventData = z
	.object({ signature: z.string().regex(/^[0-9a-f]{64}$/), payload: z.record(z.string(), z.unknown()) })
	.meta({ id: 'SignedEventData' });
export type SignedEventData = z.infer<typeof SignedEventData>;

export const EventsQuery = z.object({
	last_event_id: z
		.string()
		.regex(/^\d{1,15}$/, 'must be a non-negative integer event id')
		.optional()
		.meta({ description: 'Alternative to the Last-Event-ID header' })
});

// ---------- device registry (extension of seed 004: order numbers unique per outlet across its tills) ----------

/** A till's code within its outlet: a letter then up to 3 letters or digits (the DEVICE part of ORD-<day>-<OUTLET>-<DEVICE>-<nnnn>). */
export const DeviceCode = z
	.string()
	.regex(/^[A-Z][A-Z0-9]{0,3}$/, 'must be a letter followed by up to 3 letters or digits (e.g. A, B, T2)')
	.meta({ description: 'Device code, e.g. A, B, T2' });

export const DeviceRegisterRequest = z
	.object({
		device_id: z.string().min(1, 'is required').max(100).meta({ description: "The till's own random id" }),
		device_code: DeviceCode.optional().meta({
			description: 'The code wanted; left out, the cloud assigns the first free one'
		})
	})
	.meta({ id: 'DeviceRegisterRequest' });
export type DeviceRegisterRequest = z.infer<typeof DeviceRegisterRequest>;

export const DeviceRegistration = z
	.object({ device_id: z.string(), device_code: DeviceCode, registered_at: ts })
	.meta({ id: 'DeviceRegistration' });
export type DeviceRegistration = z.infer<typeof DeviceRegistration>;

export const DeviceRegisterResponse = ok(DeviceRegistration).meta({ id: 'DeviceRegisterResponse' });
// ---------- reconciliation (Kasir extension beside analytics) ----------

const hhmm = z
	.string()
	.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM')
	.meta({ description: 'Business day boundary, outlet-local "HH:MM"; default the outlet\'s, else 05:00' });
export const CountSum = z.object({ count: count(), sum: rupiah() }).meta({ id: 'CountSum' });
export const DayFigures = z
	.object({
		orders: count().meta({ description: 'Paid and voided orders of the business day' }),
		paid: CountSum,
		voids: CountSum,
		payment_methods: z.record(z.string(), CountSum),
		refunds: CountSum.optional().meta({
			description:
				"Extension: refunds of the day's paid orders (transactions of type refund); absent when none"
		}),
		digest: z
			.string()
			.regex(/^[0-9a-f]{16}$/)
			.meta({
				description:
					'FNV-1a 64 digest of the set of (local_id, version, total_amount, status), sorted by local_id; equal digests, equal sets'
			})
	})
	.meta({ id: 'DayFigures' });
export type DayFiguresWire = z.infer<typeof DayFigures>;
export const ReconcileEntry = z
	.object({ local_id: z.string(), version: z.number().int(), total_amount: rupiah(), status: z.string() })
	.meta({ id: 'ReconcileEntry' });
export const ReconciliationQuery = z.object({
	date: ymd,
	day_start: hhmm.optional(),
	ids: z
		.enum(['0', '1'])
		.optional()
		.meta({ description: '1: also list every order (local_id, version, total, status) of the day' })
});
export const ReconciliationResponse = ok(
	z.object({
		outlet_id: z.string(),
		date: z.string(),
		time_zone: z.string(),
		day_start: z.string(),
		from: ts.meta({ description: 'Start of the business day (inclusive), by order created_at' }),
		to: ts.meta({ description: 'End of the business day (exclusive)' }),
		figures: DayFigures,
		orders: z.array(ReconcileEntry).optional()
	})
).meta({ id: 'ReconciliationResponse' });
export type ReconciliationResponse = z.infer<typeof ReconciliationResponse>;

export const RECONCILE_STATUSES = ['matched', 'mismatched', 'pending'] as const;
export const OrderDifference = z
	.object({
		local_id: z.string(),
		kind: z.enum(['missing', 'extra', 'different']),
		fields: z.array(z.enum(['version', 'total_amount', 'status'])),
		local: ReconcileEntry.nullable(),
		cloud: ReconcileEntry.nullable()
	})
	.meta({ id: 'OrderDifference' });
export const ReconciliationOutcomePush = z
	.object({
		date: ymd,
		status: z.enum(RECONCILE_STATUSES),
		checked_at: isoTimestamp(),
		local: DayFigures,
		cloud: DayFigures.nullable(),
		differences: z.array(OrderDifference).max(10_000)
	})
	.meta({ id: 'ReconciliationOutcomePush' });
export type ReconciliationOutcomePush = z.infer<typeof ReconciliationOutcomePush>;
export const ReconciliationOutcomeResponse = ok(
	z.object({ outlet_id: z.string(), date: z.string(), status: z.enum(RECONCILE_STATUSES), received_at: ts })
).meta({ id: 'ReconciliationOutcomeResponse' });

// ---------- shifts (Kasir extension beside analytics) ----------

const perMethod = z.object({ cash: z.number().int(), qris: z.number().int(), card: z.number().int() });
export const CashMovementPush = z
	.object({
		local_id: localId(),
		kind: z.enum(['in', 'out']),
		amount: rupiah(),
		reason: z.string().min(1, 'is required').max(500),
		at: isoTimestamp()
	})
	.meta({ id: 'CashMovementPush' });
export const ShiftPush = z
	.object({
		local_id: localId(),
		outlet_id: z.string().optional(),
		outlet_code: z.string().optional(),
		device_id: z.string().max(200),
		status: z.enum(['open', 'closed']),
		opening_cash: rupiah(),
		opened_at: isoTimestamp(),
		opened_by: z.string().max(200),
		auto_opened: z.boolean(),
		business_date: ymd,
		movements: z.array(CashMovementPush).max(10_000),
		closed_at: isoTimestamp().nullable(),
		closed_by: z.string().max(200).nullable(),
		expected: perMethod.nullable(),
		counted: perMethod.nullable(),
		variance: perMethod.extend({ total: z.number().int() }).nullable(),
		manager_approved: z.boolean(),
		version: version()
	})
	.meta({ id: 'ShiftPush', description: 'A shift with its cash movements inside; idempotent by local_id' });
export type ShiftPush = z.infer<typeof ShiftPush>;
export const ShiftsPushRequest = z
	.object({
		items: z
			.array(z.unknown().meta({ description: 'A ShiftPush; each is validated on its own' }))
			.max(MAX_BATCH_ITEMS)
	})
	.meta({ id: 'ShiftsPushRequest' });
export const ShiftPushResult = z
	.object({
		local_id: z.string(),
		status: z.enum(['success', 'failed']),
		cloud_id: z.string().optional(),
		version: z.number().int().optional(),
		error: z.string().optional()
	})
	.meta({ id: 'ShiftPushResult' });
export type ShiftPushResult = z.infer<typeof ShiftPushResult>;
export const ShiftsPushResponse = ok(
	z.object({
		processed: z.number().int(),
		success: z.number().int(),
		failed: z.number().int(),
		results: z.array(ShiftPushResult),
		synced_at: ts
	})
).meta({ id: 'ShiftsPushResponse' });
