// Why: the stored product that database and worker tests start from, written once: Nasi Goreng of JKT-001's company,
// no brand, no photo, stock not tracked. Each caller overrides only what it looks at; `name_lower` follows `name`. A
// product's photo record is written here too.
import type { RxStorageInstance } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { KasirDatabase } from '../../src/lib/db/database';
import type { PhotoDoc, ProductDoc } from '../../src/lib/db/types';
import { productDoc as mapHoProduct } from '../../worker/ho/map';

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

/** The photo record of a product (`ph-<product id>`, a 10-byte PNG) in `state`, written at `at` (and cached then, if cached). */
export function photoDoc(productId: string, state: PhotoDoc['state'], at: string): PhotoDoc {
	return {
		id: `ph-${productId}`,
		product_id: productId,
		checksum: 'abc',
		version: 1,
		content_type: 'image/png',
		size: 10,
		state,
		cached_at: state === 'cached' ? at : null,
		error: null,
		cache_url: `/photos/${productId}`,
		is_deleted: false,
		updated_at: at
	};
}

/** An HO product row as the HO pull maps it (the wire shape through `worker/ho/map.ts`'s `productDoc`). */
export function hoProductRow(
	id: string,
	{
		version = 1,
		name = `Produk ${id}`,
		price = 10_000,
		brand = 'b1'
	}: { version?: number; name?: string; price?: number; brand?: string | null } = {}
): ProductDoc {
	return mapHoProduct(
		{
			id,
			company_id: 'c',
			brand_id: brand,
			category_id: 'cat',
			sku: id.toUpperCase(),
			name,
			description: '',
			price,
			stock: null,
			destination: 'kitchen',
			is_available: true,
			modifier_group_ids: [],
			version,
			deleted_at: null,
			is_deleted: false,
			created_at: '2026-01-01T00:00:00.000Z',
			updated_at: `2026-01-0${version}T00:00:00.000Z`
		},
		null
	);
}

/**
 * A second instance's products storage over the same IndexedDB (what another tab's collection writes through; its change
 * events reach `db` over RxDB's multi-instance channel). A whole second database would exceed the free build's 13
 * collections in one Node process. The caller closes it.
 */
export function otherProductsStorage(
	db: KasirDatabase
): Promise<RxStorageInstance<ProductDoc, unknown, unknown>> {
	return getRxStorageDexie({ indexedDB, IDBKeyRange }).createStorageInstance<ProductDoc>({
		databaseInstanceToken: crypto.randomUUID(),
		databaseName: db.name,
		collectionName: 'products',
		schema: db.products.schema.jsonSchema,
		options: {},
		multiInstance: true,
		devMode: false
	});
}
