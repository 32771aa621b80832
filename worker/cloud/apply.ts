// Why: cloud changes (pull or event) are applied to local docs in one place, newer versions only, so a replayed or late message never rolls a product back.
import type { CategoryEventData, ProductEventData } from '../../src/lib/contract/cloud';
import { PRODUCT_PUSH_FIELDS } from '../../src/lib/contract/values';
import type { CategoryDoc, ProductDoc, StoreConfig } from '../../src/lib/db/types';
import type { Ctx } from '../context';
import { bulkModify } from '../sync/bulk-modify';
import { writtenProducts, type ProductState, type WrittenProducts } from '../sync/written-products';

/**
 * The product with the fields a cloud update carries, at `version` (pure: the caller decides whether to
 * write it). `data` was parsed with the contract, so every field present has its type.
 */
function patchProduct(d: ProductDoc, data: ProductEventData, version: number, updatedAt: string): ProductDoc {
	const next: ProductDoc = { ...d, version, updated_at: updatedAt };
	if (data.name !== undefined) {
		next.name = data.name;
		next.name_lower = data.name.toLowerCase().slice(0, 200);
	}
	if (data.price !== undefined) next.price = data.price;
	if (data.stock !== undefined) next.stock = data.stock;
	if (data.is_available !== undefined) next.is_available = data.is_available;
	if (data.category_id !== undefined) next.category_id = data.category_id;
	if (data.description !== undefined) next.description = data.description;
	if (data.destination !== undefined) next.destination = data.destination;
	if (data.is_deleted !== undefined) next.is_deleted = data.is_deleted;
	return next;
}

/**
 * Whether a cloud update at `version` would leave a product as it is: an older version, or the same version with every
 * shown field it carries equal (writing it again would only wake every query for nothing). Pure; it needs only the
 * fields a `ProductState` keeps, so the master pull's remembered writes are judged exactly as a stored product is.
 */
export function productUnchanged(d: ProductState, data: ProductEventData, version: number): boolean {
	if (version < d.version) return true;
	if (version !== d.version) return false;
	if (data.is_deleted !== undefined && data.is_deleted !== d.is_deleted) return false;
	return PRODUCT_PUSH_FIELDS.every((f) => data[f] === undefined || data[f] === d[f]);
}

/** Patches a product with the fields a cloud update carries; returns whether it changed. */
export async function applyProductUpdate(
	ctx: Ctx,
	ids: { cloud_id: string; local_id?: string | null },
	data: ProductEventData,
	version: number,
	updatedAt: string
): Promise<boolean> {
	const doc =
		(await ctx.db.products.findOne(ids.local_id ?? ids.cloud_id).exec()) ??
		(await ctx.db.products.findOne(ids.cloud_id).exec());
	if (!doc || version < doc.version) return false;
	let changed = false;
	await doc.incrementalModify((d) => {
		if (version < d.version) return d;
		changed = true;
		return patchProduct(d, data, version, updatedAt);
	});
	return changed;
}

export interface ProductUpdateRow {
	cloud_id: string;
	local_id?: string | null;
	version: number;
	updated_at: string;
	data: ProductEventData;
}

/**
 * The rows left once those landing on a product this worker's master pull stored (and nobody wrote since) and changing
 * nothing there are taken out: for those, reading the product would only show what `written` already knows. A row
 * lands where `applyProductUpdates` puts it: on the product under `local_id` when there is one (a held product is
 * there), else on the one under `cloud_id`; so a held product that some other row of the page might land on (as its
 * `cloud_id`) is read as before. Per product, the page's newest row decides, as it does below: all of that product's
 * rows are skipped, or all are read and applied.
 */
function withoutHeldUnchanged(
	written: WrittenProducts,
	rows: readonly ProductUpdateRow[]
): readonly ProductUpdateRow[] {
	if (written.size === 0 || rows.length === 0) return rows;
	const newest = new Map<string, ProductUpdateRow>();
	const unsure = new Set<string>();
	for (const r of rows) {
		const key = r.local_id ?? r.cloud_id;
		if (!written.get(key)) {
			unsure.add(r.cloud_id);
			continue;
		}
		const prev = newest.get(key);
		if (!prev || r.version >= prev.version) newest.set(key, r);
	}
	const skip = new Set<string>();
	for (const [key, r] of newest) {
		const held = written.get(key);
		if (held && !unsure.has(key) && productUnchanged(held, r.data, r.version)) skip.add(key);
	}
	if (skip.size === 0) return rows;
	for (const key of skip) written.forget(key);
	return rows.filter((r) => !skip.has(r.local_id ?? r.cloud_id));
}

/**
 * A page of cloud product updates in one read and one write: older versions and rows that change nothing
 * (the master pull already wrote them) are skipped, those the master pull has just stored without a read. Returns how
 * many products changed.
 */
export async function applyProductUpdates(ctx: Ctx, rows: readonly ProductUpdateRow[]): Promise<number> {
	rows = withoutHeldUnchanged(writtenProducts(ctx.db.products), rows);
	if (rows.length === 0) return 0;
	const keys = new Set<string>();
	for (const r of rows) keys.add(r.local_id ?? r.cloud_id).add(r.cloud_id);
	const found = await ctx.db.products.findByIds([...keys]).exec();
	const newest = new Map<string, ProductUpdateRow>();
	for (const r of rows) {
		const doc = found.get(r.local_id ?? r.cloud_id) ?? found.get(r.cloud_id);
		if (!doc) continue;
		const prev = newest.get(doc.id);
		if (!prev || r.version >= prev.version) newest.set(doc.id, r);
	}
	const docs = [...newest.keys()].flatMap((id) => found.get(id) ?? []);
	return bulkModify(
		ctx.db.products,
		docs,
		(d) => {
			const r = newest.get(d.id);
			return !r || productUnchanged(d, r.data, r.version)
				? null
				: patchProduct(d, r.data, r.version, r.updated_at);
		},
		'kasir-cloud-products'
	);
}

/** A page of cloud category updates in one read and one write (older or unchanged ones skipped). */
export async function applyCategoryUpdates(
	ctx: Ctx,
	rows: readonly {
		cloud_id: string;
		name?: string;
		sort_order?: number;
		version: number;
		updated_at: string;
	}[]
): Promise<number> {
	if (rows.length === 0) return 0;
	const byId = new Map(rows.map((r) => [r.cloud_id, r]));
	const found = await ctx.db.categories.findByIds([...byId.keys()]).exec();
	return bulkModify(
		ctx.db.categories,
		[...found.values()],
		(d): CategoryDoc | null => {
			const r = byId.get(d.id);
			if (!r || r.version < d.version) return null;
			const next: CategoryDoc = {
				...d,
				name: r.name ?? d.name,
				sort_order: r.sort_order ?? d.sort_order,
				version: r.version,
				updated_at: r.updated_at
			};
			return next.version === d.version && next.name === d.name && next.sort_order === d.sort_order
				? null
				: next;
		},
		'kasir-cloud-categories'
	);
}

export async function applyCategoryUpdate(
	ctx: Ctx,
	cloudId: string,
	data: CategoryEventData,
	version: number,
	updatedAt: string
): Promise<boolean> {
	const doc = await ctx.db.categories.findOne(cloudId).exec();
	if (!doc || version < doc.version) return false;
	await doc.incrementalPatch({
		...(data.name !== undefined ? { name: data.name } : {}),
		...(data.sort_order !== undefined ? { sort_order: data.sort_order } : {}),
		version,
		updated_at: updatedAt
	});
	return true;
}

export async function applyDeletion(
	ctx: Ctx,
	entityType: string,
	ids: { cloud_id: string; local_id?: string | null },
	at: string
): Promise<boolean> {
	const coll =
		entityType === 'category'
			? ctx.db.categories
			: entityType === 'product'
				? ctx.db.products
				: entityType === 'modifier'
					? ctx.db.modifiers
					: null;
	if (!coll) return false;
	const doc =
		(await coll.findOne(ids.local_id ?? ids.cloud_id).exec()) ?? (await coll.findOne(ids.cloud_id).exec());
	if (!doc || doc.is_deleted) return false;
	await doc.incrementalPatch({ is_deleted: true, updated_at: at });
	return true;
}

/** Merges config pushed by the cloud into the stored store (tax/service rates, footer, sync intervals). */
export async function applyStoreConfig(
	ctx: Ctx,
	storeId: string,
	config: Record<string, unknown>
): Promise<boolean> {
	const store = await ctx.db.stores.findOne(storeId).exec();
	if (!store) return false;
	await store.incrementalModify((d) => ({
		...d,
		config: { ...d.config, ...(config as StoreConfig) },
		updated_at: new Date().toISOString()
	}));
	return true;
}
