// Why: the manager's product picker (the outlet's price and stock edits) searches every brand by SKU and name prefix;
// since products v2 it reads one brand-keyed index range per brand key the store holds, so it must still find every
// brand's products, SKU matches first, live ones only, and list everything by name when nothing is typed.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type KasirDatabase, type ProductDoc } from '$lib/db';
import { searchProducts } from './conflicts.svelte';
import { productDoc } from '../../../tests/helpers/product-docs';

let db: KasirDatabase;

const product = (sku: string, name: string, brand: string | null, extra: Partial<ProductDoc> = {}) =>
	productDoc({ id: `id-${sku}`, sku, name, brand_id: brand, ...extra });

beforeEach(async () => {
	db = await openDatabase({
		name: `pick${Date.now()}${Math.random()}`,
		indexedDB,
		IDBKeyRange,
		multiInstance: false
	});
	await db.products.bulkInsert([
		product('KOP-001', 'Kopi Susu', 'b1'),
		product('KOP-002', 'Kopi Tubruk', 'b2'),
		product('TEH-001', 'Es Teh', null),
		product('ES-001', 'Kopi Es', 'b2'),
		product('KOP-003', 'Kopi Gone', 'b1', { is_deleted: true })
	]);
});
afterEach(async () => {
	await db.remove();
});

describe('searchProducts (the product picker)', () => {
	it('finds every brand’s live products by SKU prefix (any case) first, then by name prefix', async () => {
		expect((await searchProducts(db, 'kop')).map((p) => p.sku)).toEqual(['KOP-001', 'KOP-002', 'ES-001']);
		expect((await searchProducts(db, 'es')).map((p) => p.sku)).toEqual(['ES-001', 'TEH-001']);
		expect(await searchProducts(db, 'gone')).toEqual([]);
	});

	it('lists every live product by name when nothing is typed, up to its limit', async () => {
		expect((await searchProducts(db, '')).map((p) => p.name)).toEqual([
			'Es Teh',
			'Kopi Es',
			'Kopi Susu',
			'Kopi Tubruk'
		]);
		expect((await searchProducts(db, ' ', 2)).map((p) => p.name)).toEqual(['Es Teh', 'Kopi Es']);
	});
});
