// Why: the selling screen's search must find by name prefix and SKU prefix through the indexes, and respect brand and
// category: the manager driven through the worker's real store handlers over comlink, as the app runs it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KasirDatabase, PhotoDoc, ProductDoc } from '$lib/db';
import { photoDoc } from '../../../tests/helpers/product-docs';
import { openStoreWorker, type StoreWorker } from '../../../tests/helpers/store-worker';
import { FIRST_PAGE, WINDOW_PAGE, catalog } from './catalog.svelte';

let worker: StoreWorker;
let db: KasirDatabase;

function product(sku: string, name: string, extra: Partial<ProductDoc> = {}): ProductDoc {
	return {
		id: `id-${sku}`,
		company_id: 'c',
		brand_id: 'b1',
		category_id: 'cat-drinks',
		sku,
		name,
		name_lower: name.toLowerCase(),
		description: '',
		price: 10_000,
		stock: null,
		destination: 'bar',
		is_available: true,
		modifier_group_ids: [],
		version: 1,
		is_deleted: false,
		photo_id: null,
		updated_at: new Date().toISOString(),
		...extra
	};
}

/**
 * Waits for the list or search last asked for (`loading` goes false only when the newest one is shown; the test timeout is
 * the only limit, never a count of polls a busy machine may outlast), then a moment for anything that would change it after.
 */
const settle = async () => {
	while (catalog.loading) await new Promise((r) => setTimeout(r, 20));
	await new Promise((r) => setTimeout(r, 50));
};

/** Waits until the live list shows what the test expects (the test timeout is the only limit). */
const until = async (ok: () => boolean) => {
	while (!ok()) await new Promise((r) => setTimeout(r, 20));
};

beforeEach(async () => {
	worker = await openStoreWorker();
	db = worker.db;
	await db.products.bulkInsert([
		product('KOP-001', 'Kopi Susu'),
		product('KOP-002', 'Kopi Tubruk'),
		product('MND-001', 'Es Teh Manis'),
		product('MND-002', 'Es Jeruk'),
		product('MKN-001', 'Nasi Goreng', { category_id: 'cat-food', destination: 'kitchen' }),
		product('OTH-001', 'Es Other Brand', { brand_id: 'b2' }),
		product('DEL-001', 'Es Deleted', { is_deleted: true })
	]);
	catalog.attach(worker.store, 'b1');
	await settle();
});
afterEach(async () => {
	await worker.close();
});

describe('catalog search', () => {
	it("lists the brand's live products by name, and by category", async () => {
		expect(catalog.products.map((p) => p.sku)).toEqual([
			'MND-002',
			'MND-001',
			'KOP-001',
			'KOP-002',
			'MKN-001'
		]);
		catalog.selectCategory('cat-food');
		await settle();
		expect(catalog.products.map((p) => p.sku)).toEqual(['MKN-001']);
	});

	it('finds by name prefix (any case) and by SKU prefix (any case)', async () => {
		catalog.selectCategory('');
		catalog.search('es');
		await settle();
		expect(catalog.products.map((p) => p.name)).toEqual(['Es Jeruk', 'Es Teh Manis']);
		catalog.search('kop-00');
		await settle();
		expect(catalog.products.map((p) => p.sku).sort()).toEqual(['KOP-001', 'KOP-002']);
		catalog.search('KOPI T');
		await settle();
		expect(catalog.products.map((p) => p.sku)).toEqual(['KOP-002']);
		catalog.search('zzz');
		await settle();
		expect(catalog.products).toEqual([]);
	});
});

describe('catalog search beyond the prefix', () => {
	it('names containing the text follow the names starting with it (3+ letters, live products of the brand only)', async () => {
		await db.products.insert(product('JRK-001', 'Jeruk Peras'));
		catalog.search('jeruk');
		await until(() => catalog.shownQuery === 'jeruk' && catalog.products.length === 2);
		expect(catalog.products.map((p) => p.name)).toEqual(['Jeruk Peras', 'Es Jeruk']);
		catalog.search('goreng');
		await until(() => catalog.shownQuery === 'goreng' && catalog.products.length === 1);
		expect(catalog.products.map((p) => p.name)).toEqual(['Nasi Goreng']);
		// Other brands and deleted products stay out of the fallback too.
		catalog.search('brand');
		await settle();
		catalog.search('leted');
		await settle();
		expect(catalog.shownQuery).toBe('leted');
		expect(catalog.products).toEqual([]);
		// Two letters: prefixes only.
		catalog.search('ng');
		await until(() => catalog.shownQuery === 'ng');
		expect(catalog.products).toEqual([]);
	});

	it('keystrokes typed while a search runs supersede it: only what the box holds last is shown', async () => {
		for (const text of ['k', 'ko', 'kop', 'kopi', 'kopi ', 'kopi t']) catalog.search(text);
		await until(() => catalog.shownQuery === 'kopi t');
		expect(catalog.products.map((p) => p.sku)).toEqual(['KOP-002']);
		await settle();
		expect(catalog.shownQuery).toBe('kopi t');
		expect(catalog.products.map((p) => p.sku)).toEqual(['KOP-002']);
		// Cleared while a search runs: the browsing list wins.
		catalog.search('es');
		catalog.search('');
		await settle();
		expect(catalog.shownQuery).toBe('');
		expect(catalog.products).toHaveLength(5);
	});
});

describe('catalog limits count only what is shown', () => {
	it('finds "Tempe Mendoan" although 300+ other-brand products sort before it (the limit applies after the brand filter)', async () => {
		await db.products.bulkInsert(
			Array.from({ length: 320 }, (_, i) =>
				product(`OTB-${String(i).padStart(3, '0')}`, `Teh Other ${String(i).padStart(3, '0')}`, {
					brand_id: 'b2'
				})
			)
		);
		await db.products.insert(product('TMP-001', 'Tempe Mendoan', { category_id: 'cat-food' }));
		catalog.search('te');
		await settle();
		expect(catalog.products.map((p) => p.name)).toEqual(['Tempe Mendoan']);
	});

	it('shows a live window of the list, grows it a page at a time and keeps it reactive', async () => {
		await db.products.bulkInsert(
			Array.from({ length: WINDOW_PAGE + 30 }, (_, i) =>
				product(`BLK-${String(i).padStart(3, '0')}`, `Bulk ${String(i).padStart(3, '0')}`)
			)
		);
		catalog.selectCategory('');
		await settle();
		expect(catalog.products).toHaveLength(FIRST_PAGE);
		expect(catalog.hasMore).toBe(true);
		expect(catalog.products[0]?.name).toBe('Bulk 000');
		catalog.loadMore();
		await until(() => catalog.products.length > FIRST_PAGE);
		expect(catalog.products).toHaveLength(WINDOW_PAGE + 35);
		expect(catalog.hasMore).toBe(false);
		await (await db.products.findOne('id-BLK-000').exec())?.incrementalPatch({ price: 12_345 });
		await until(() => catalog.products.find((p) => p.sku === 'BLK-000')?.price === 12_345);
		expect(catalog.products.find((p) => p.sku === 'BLK-000')?.price).toBe(12_345);
		await (await db.products.findOne('id-BLK-001').exec())?.incrementalPatch({ is_deleted: true });
		await until(() => !catalog.products.some((p) => p.sku === 'BLK-001'));
		expect(catalog.products.some((p) => p.sku === 'BLK-001')).toBe(false);
	});

	it('a search shows a first page, says which search it shows, and grows toward its cap as the grid asks', async () => {
		await db.products.bulkInsert(
			Array.from({ length: FIRST_PAGE + 30 }, (_, i) =>
				product(`BLK-${String(i).padStart(3, '0')}`, `Bulk ${String(i).padStart(3, '0')}`)
			)
		);
		catalog.search('bul');
		await until(() => catalog.shownQuery === 'bul');
		expect(catalog.products).toHaveLength(FIRST_PAGE);
		expect(catalog.products[0]?.name).toBe('Bulk 000');
		expect(catalog.hasMore).toBe(true);
		catalog.loadMore();
		await until(() => catalog.products.length > FIRST_PAGE);
		expect(catalog.products).toHaveLength(FIRST_PAGE + 30);
		expect(catalog.hasMore).toBe(false);
		catalog.search('');
		await until(() => catalog.shownQuery === '' && !catalog.loading);
		expect(catalog.products).toHaveLength(FIRST_PAGE);
		expect(catalog.hasMore).toBe(true);
	});

	it("a search's first page is the grid's screen when the grid has said how many tiles fill it", async () => {
		await db.products.bulkInsert(
			Array.from({ length: FIRST_PAGE + 30 }, (_, i) =>
				product(`BLK-${String(i).padStart(3, '0')}`, `Bulk ${String(i).padStart(3, '0')}`)
			)
		);
		try {
			catalog.setScreen(35);
			catalog.search('bul');
			await until(() => catalog.shownQuery === 'bul');
			expect(catalog.products).toHaveLength(35);
			expect(catalog.products[34]?.name).toBe('Bulk 034');
			expect(catalog.hasMore).toBe(true);
			catalog.loadMore();
			await until(() => catalog.products.length > 35);
			expect(catalog.products).toHaveLength(FIRST_PAGE + 30);
			// The browsing list (a category, a cleared search) keeps its usual first page.
			catalog.selectCategory('cat-drinks');
			await until(() => !catalog.loading && catalog.products.length === FIRST_PAGE);
			expect(catalog.products[0]?.name).toBe('Bulk 000');
			// A tiny or unmeasured screen still reads a useful page.
			catalog.setScreen(0);
			catalog.search('bul');
			await until(() => catalog.shownQuery === 'bul' && catalog.products.length === 12);
			expect(catalog.products).toHaveLength(12);
		} finally {
			catalog.setScreen(FIRST_PAGE);
		}
	});
});

describe('catalog photos', () => {
	it('knows which products have a cached photo, and follows the photo sync (tiles of the others ask for none)', async () => {
		const photo = (productId: string, state: PhotoDoc['state']) =>
			photoDoc(productId, state, new Date().toISOString());
		await until(() => catalog.photoIds !== null);
		expect(catalog.hasPhoto('id-KOP-001')).toBe(false);
		await db.photos.bulkInsert([photo('id-KOP-001', 'cached'), photo('id-KOP-002', 'failed')]);
		await until(() => catalog.hasPhoto('id-KOP-001'));
		expect(catalog.hasPhoto('id-KOP-002')).toBe(false);
		expect(catalog.hasPhoto('id-MND-001')).toBe(false);
		// Deleted at HQ (the sync drops its bytes): the tile stops asking for it.
		await db.photos.upsert({ ...photo('id-KOP-001', 'pending'), is_deleted: true });
		await until(() => !catalog.hasPhoto('id-KOP-001'));
	});
});

describe('catalog with no brand known (every brand shown), through the brand-keyed indexes', () => {
	it('lists and searches the live products of every brand, merged in name and SKU order', async () => {
		catalog.attach(worker.store, null);
		catalog.selectCategory('');
		await until(() => !catalog.loading && catalog.products.length === 6);
		expect(catalog.products.map((p) => p.name)).toEqual([
			'Es Jeruk',
			'Es Other Brand',
			'Es Teh Manis',
			'Kopi Susu',
			'Kopi Tubruk',
			'Nasi Goreng'
		]);
		catalog.search('es');
		await until(() => catalog.shownQuery === 'es');
		expect(catalog.products.map((p) => p.name)).toEqual(['Es Jeruk', 'Es Other Brand', 'Es Teh Manis']);
		catalog.search('oth');
		await until(() => catalog.shownQuery === 'oth');
		expect(catalog.products.map((p) => p.sku)).toEqual(['OTH-001']);
		catalog.search('other');
		await until(() => catalog.shownQuery === 'other' && catalog.products.length === 1);
		expect(catalog.products.map((p) => p.sku)).toEqual(['OTH-001']);
	});

	it('a product of a brand not held before appears in the live list as it is written', async () => {
		catalog.attach(worker.store, null);
		catalog.selectCategory('');
		await until(() => !catalog.loading && catalog.products.length === 6);
		await db.products.insert(product('NEW-001', 'Air Mineral', { brand_id: 'b3' }));
		await until(() => catalog.products[0]?.sku === 'NEW-001');
		expect(catalog.products).toHaveLength(7);
		// A deleted product of yet another brand shows nothing.
		await db.products.insert(product('NEW-002', 'Bakso Gone', { brand_id: 'b4', is_deleted: true }));
		await settle();
		expect(catalog.products.map((p) => p.sku)).not.toContain('NEW-002');
	});

	it('a store with no live product lists nothing, then its first product', async () => {
		await db.products.find().remove();
		catalog.attach(worker.store, null);
		catalog.selectCategory('');
		await until(() => !catalog.loading);
		expect(catalog.products).toEqual([]);
		await db.products.insert(product('ONE-001', 'Roti', { brand_id: null }));
		await until(() => catalog.products.length === 1);
		expect(catalog.products.map((p) => p.sku)).toEqual(['ONE-001']);
	});
});

describe('barcode lookup (findBySku) through the brand-keyed SKU index', () => {
	it("finds the outlet's brand and no-brand products by exact SKU, never another brand's nor a deleted one", async () => {
		await db.products.insert(product('SHR-001', 'Air Shared', { brand_id: null }));
		expect((await catalog.findBySku('KOP-001'))?.name).toBe('Kopi Susu');
		expect((await catalog.findBySku('SHR-001'))?.name).toBe('Air Shared');
		expect(await catalog.findBySku('OTH-001')).toBeNull();
		expect(await catalog.findBySku('DEL-001')).toBeNull();
		expect(await catalog.findBySku('KOP-00')).toBeNull();
	});

	it('with no brand known, finds a product of any brand; of two sharing a code, the lowest id', async () => {
		await db.products.insert(product('OTH-001', 'Twin in b3', { id: 'a-first', brand_id: 'b3' }));
		catalog.attach(worker.store, null);
		expect((await catalog.findBySku('OTH-001'))?.name).toBe('Twin in b3');
		expect((await catalog.findBySku('MND-002'))?.name).toBe('Es Jeruk');
		expect(await catalog.findBySku('DEL-001')).toBeNull();
	});
});
