// Why: the "contains" fallback walks the brand's live products in keyset pages; it must find every match across pages, in
// name order, stop at its row bound, and give up as soon as a newer search starts.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type KasirDatabase } from './database';
import { CONTAINS_PAGE, containsScan } from './product-queries';
import type { ProductDoc } from './types';
import { productDoc } from '../../../tests/helpers/product-docs';

let db: KasirDatabase;

const product = (i: number, name: string, brand: string | null = 'b1'): ProductDoc =>
	productDoc({ id: `p${String(i).padStart(4, '0')}`, brand_id: brand, sku: `S-${i}`, name, price: 1000 });

beforeEach(async () => {
	db = await openDatabase({
		name: `pq${Date.now()}${Math.random()}`,
		indexedDB,
		IDBKeyRange,
		multiInstance: false
	});
	// 2.5 pages of the brand; every 100th name holds "target"; a page boundary falls inside a run of equal names.
	const n = Math.floor(CONTAINS_PAGE * 2.5);
	await db.products.bulkInsert(
		Array.from({ length: n }, (_, i) =>
			product(
				i,
				i % 100 === 50
					? `Item ${String(i).padStart(4, '0')} target`
					: `Item ${String(Math.min(i, 240)).padStart(4, '0')}`
			)
		)
	);
	await db.products.bulkInsert([product(9001, 'Other target', 'b2'), product(9002, 'Shared target', null)]);
});
afterEach(async () => {
	await db.remove();
});

describe('containsScan', () => {
	it("finds every live name of the outlet's brands containing the text, across pages, in name order", async () => {
		const found = await containsScan(db.products, ['b1', ''], 'target', 100, 100_000, () => false);
		expect(found?.map((d) => d.name)).toEqual([
			'Item 0050 target',
			'Item 0150 target',
			'Item 0250 target',
			'Item 0350 target',
			'Item 0450 target',
			'Item 0550 target',
			'Shared target'
		]);
	});

	it('reads no further than its row bound, and nothing once the search is stale', async () => {
		const bounded = await containsScan(db.products, ['b1', ''], 'target', 100, CONTAINS_PAGE, () => false);
		expect(bounded?.map((d) => d.name)).toEqual(['Item 0050 target', 'Item 0150 target']);
		expect(await containsScan(db.products, ['b1', ''], 'target', 100, 100_000, () => true)).toBeNull();
	});
});
