// Why: the stored product that database and worker tests start from, written once: Nasi Goreng of JKT-001's company,
// no brand, no photo, stock not tracked. Each caller overrides only what it looks at; `name_lower` follows `name`.
import type { ProductDoc } from '../../src/lib/db/types';

export const PRODUCT_UPDATED_AT = '2026-01-27T10:00:00.000Z';

/** A product as the till stores it (`brand_key` is left to the collection's hooks, as every writer does). */
export function productDoc(over: Partial<ProductDoc> = {}): ProductDoc {
	const name = over.name ?? 'Nasi Goreng';
	return {
		id: 'p1',
		company_id: 'c',
		brand_id: null,
		category_id: 'cat',
		sku: 'NG-1',
		name,
		name_lower: name.toLowerCase(),
		description: '',
		price: 35000,
		stock: null,
		destination: 'kitchen',
		is_available: true,
		modifier_group_ids: [],
		version: 1,
		is_deleted: false,
		photo_id: null,
		updated_at: PRODUCT_UPDATED_AT,
		...over
	};
}
