// Why: the answers a till gets all day (the pull's page, the push's results, the sync status, the stream's envelope) are
// checked here by hand, so the worker's start carries no zod; anything these checks are not sure of goes to the schema
// (`wire.ts`), which keeps every rejection and its message exactly as before.
import type { z } from 'zod';
import { DESTINATIONS } from '../../src/lib/contract/values';
import type * as Schemas from './schemas';

type All = typeof Schemas;
type Out<K extends keyof All> = z.output<All[K]>;

/**
 * Each check answers what the schema of its name would (the same keys and values: the input itself, no copy), or `null`,
 * which means "ask zod", never "invalid". `null` for anything not modelled: a key the schema would strip, a `__proto__`
 * key (zod's copy drops it), an optional part that is rare (a config change, a conflict's details). `src/lib/contract/`
 * is the definition; `quick.test.ts` holds these checks to it over valid and invalid answers.
 */
export const QUICK: { [K in keyof All]?: (body: unknown) => Out<K> | null } = {
	UpdatesResponse: (body) =>
		ok(
			body,
			(d) =>
				has(d, UPDATES_KEYS) &&
				d.config === undefined &&
				typeof d.sync_checkpoint === 'string' &&
				typeof d.has_more === 'boolean' &&
				every(d.products, updatedProduct) &&
				every(d.categories, updatedCategory) &&
				every(d.deleted, deletedEntity)
		) as Out<'UpdatesResponse'> | null,
	BatchResponse: (body) =>
		ok(
			body,
			(d) =>
				has(d, BATCH_KEYS) &&
				int(d.processed) &&
				int(d.success) &&
				int(d.failed) &&
				int(d.conflicts) &&
				typeof d.synced_at === 'string' &&
				every(d.results, batchItemResult)
		) as Out<'BatchResponse'> | null,
	SyncStatusResponse: (body) =>
		ok(
			body,
			(d) =>
				has(d, STATUS_KEYS) &&
				str(d.outlet_id) &&
				str(d.outlet_code) &&
				int(d.orders) &&
				int(d.transactions) &&
				int(d.open_conflicts) &&
				nullable(d.last_push_at, str) &&
				nullable(d.last_pull_at, str) &&
				int(d.last_event_id) &&
				optional(d.features, (f) => every(f, str))
		) as Out<'SyncStatusResponse'> | null,
	SignedEventData: (body) => {
		const o = plain(body);
		return o &&
			has(o, SIGNED_KEYS) &&
			typeof o.signature === 'string' &&
			SIGNATURE.test(o.signature) &&
			plain(o.payload)
			? (o as Out<'SignedEventData'>)
			: null;
	}
};

const PROTO = '__proto__';
const SIGNATURE = /^[0-9a-f]{64}$/;
const UPDATES_KEYS = keys('products', 'categories', 'deleted', 'config', 'sync_checkpoint', 'has_more');
const BATCH_KEYS = keys('processed', 'success', 'failed', 'conflicts', 'results', 'synced_at');
const STATUS_KEYS = keys(
	'outlet_id',
	'outlet_code',
	'orders',
	'transactions',
	'open_conflicts',
	'last_push_at',
	'last_pull_at',
	'last_event_id',
	'features'
);
const SIGNED_KEYS = keys('signature', 'payload');
const ENVELOPE_KEYS = keys('success', 'data');
const PRODUCT_KEYS = keys(
	'cloud_id',
	'local_id',
	'company_id',
	'brand_id',
	'category_id',
	'sku',
	'name',
	'description',
	'price',
	'stock',
	'destination',
	'is_available',
	'modifier_group_ids',
	'version',
	'updated_at',
	'action'
);
const CATEGORY_KEYS = keys(
	'cloud_id',
	'local_id',
	'company_id',
	'brand_id',
	'name',
	'sort_order',
	'version',
	'updated_at',
	'action'
);
const DELETED_KEYS = keys('entity_type', 'local_id', 'cloud_id', 'deleted_at');
const RESULT_KEYS = keys(
	'entity_type',
	'local_id',
	'cloud_id',
	'status',
	'version',
	'code',
	'error',
	'conflicts'
);

function keys(...names: string[]): ReadonlySet<string> {
	return new Set(names);
}

/** A JSON object (not an array, not null) with no `__proto__` key of its own. */
function plain(v: unknown): Record<string, unknown> | null {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
	return Object.hasOwn(v, PROTO) ? null : (v as Record<string, unknown>);
}

/** No key the schema does not name (zod's object strips them: its answer would differ from the input). */
function has(o: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
	for (const k in o) if (!allowed.has(k)) return false;
	return true;
}

/** `{ success: true, data }` (cloud.ts's `ok`), with `data` passing `check`. */
function ok(
	body: unknown,
	check: (data: Record<string, unknown>) => boolean
): Record<string, unknown> | null {
	const o = plain(body);
	if (!o || o.success !== true || !has(o, ENVELOPE_KEYS)) return null;
	const d = plain(o.data);
	return d && check(d) ? o : null;
}

const str = (v: unknown): boolean => typeof v === 'string';
/** zod's `.int()`: a safe integer. */
const int = (v: unknown): boolean => Number.isSafeInteger(v);
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
const nullable = (v: unknown, check: (v: unknown) => boolean) => v === null || check(v);
const action = (v: unknown) => v === 'create' || v === 'update';

function every(v: unknown, check: (x: unknown) => boolean): boolean {
	if (!Array.isArray(v)) return false;
	for (const x of v as unknown[]) if (!check(x)) return false;
	return true;
}

/** `UpdatedProduct`. */
function updatedProduct(v: unknown): boolean {
	const p = plain(v);
	return (
		!!p &&
		has(p, PRODUCT_KEYS) &&
		str(p.cloud_id) &&
		str(p.local_id) &&
		str(p.company_id) &&
		nullable(p.brand_id, str) &&
		str(p.category_id) &&
		str(p.sku) &&
		str(p.name) &&
		str(p.description) &&
		int(p.price) &&
		nullable(p.stock, int) &&
		(DESTINATIONS as readonly unknown[]).includes(p.destination) &&
		typeof p.is_available === 'boolean' &&
		every(p.modifier_group_ids, str) &&
		int(p.version) &&
		str(p.updated_at) &&
		action(p.action)
	);
}

/** `UpdatedCategory`. */
function updatedCategory(v: unknown): boolean {
	const c = plain(v);
	return (
		!!c &&
		has(c, CATEGORY_KEYS) &&
		str(c.cloud_id) &&
		str(c.local_id) &&
		str(c.company_id) &&
		nullable(c.brand_id, str) &&
		str(c.name) &&
		int(c.sort_order) &&
		int(c.version) &&
		str(c.updated_at) &&
		action(c.action)
	);
}

/** `DeletedEntity`. */
function deletedEntity(v: unknown): boolean {
	const d = plain(v);
	return (
		!!d &&
		has(d, DELETED_KEYS) &&
		(d.entity_type === 'product' || d.entity_type === 'category') &&
		str(d.local_id) &&
		str(d.cloud_id) &&
		str(d.deleted_at)
	);
}

/** `BatchItemResult`, without `conflicts` (a conflict's details are left to zod). */
function batchItemResult(v: unknown): boolean {
	const r = plain(v);
	return (
		!!r &&
		has(r, RESULT_KEYS) &&
		r.conflicts === undefined &&
		str(r.entity_type) &&
		str(r.local_id) &&
		optional(r.cloud_id, str) &&
		(r.status === 'success' || r.status === 'failed' || r.status === 'conflict') &&
		optional(r.version, int) &&
		optional(r.code, str) &&
		optional(r.error, str)
	);
}
