// Why: cloud changes (pull or event) are applied to local docs in one place, newer versions only, so a replayed or late message never rolls a product back.
import type { ProductDoc, StoreConfig } from '../../src/lib/db/types';
import type { Ctx } from '../context';

const PRODUCT_FIELDS = [
	'name',
	'price',
	'stock',
	'is_available',
	'category_id',
	'description',
	'destination'
] as const;

/** Patches a product with the fields a cloud update carries; returns whether it changed. */
export async function applyProductUpdate(
	ctx: Ctx,
	ids: { cloud_id: string; local_id?: string | null },
	data: Record<string, unknown>,
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
		const next: ProductDoc = { ...d, version, updated_at: updatedAt };
		for (const f of PRODUCT_FIELDS) {
			if (!(f in data)) continue;
			const v = data[f];
			if (f === 'name' && typeof v === 'string') {
				next.name = v;
				next.name_lower = v.toLowerCase().slice(0, 200);
			} else if (f === 'price' && typeof v === 'number' && Number.isInteger(v) && v >= 0) next.price = v;
			else if (f === 'stock' && (v === null || (typeof v === 'number' && Number.isInteger(v))))
				next.stock = v;
			else if (f === 'is_available' && typeof v === 'boolean') next.is_available = v;
			else if (f === 'category_id' && typeof v === 'string') next.category_id = v;
			else if (f === 'description' && typeof v === 'string') next.description = v;
			else if (f === 'destination' && (v === 'kitchen' || v === 'bar')) next.destination = v;
		}
		if ('is_deleted' in data && typeof data.is_deleted === 'boolean') next.is_deleted = data.is_deleted;
		changed = true;
		return next;
	});
	return changed;
}

export async function applyCategoryUpdate(
	ctx: Ctx,
	cloudId: string,
	data: { name?: string; sort_order?: number },
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
