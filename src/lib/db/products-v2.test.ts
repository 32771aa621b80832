// Why: products v2 drops the single-field `sku` and `name_lower` indexes (a first sync writes each product into 5
// IndexedDB indexes instead of 8); products a v1 database holds must come through unchanged, on the UI thread (which
// migrates) and in the worker opening after it without the migration plugin, and every products query must stay held by
// one of the remaining indexes.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
	createRxDatabase,
	createRxSchema,
	type RxCollection,
	type RxDocumentData,
	type RxJsonSchema
} from 'rxdb';
import { RxStorageInstanceDexie, getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { DOCS_TABLE } from './covered-read';
import { copyUnchanged } from './copy-unchanged';
import { collectionsToMigrate, openDatabase, type KasirDatabase } from './database';
import {
	brandKeys,
	listQuery,
	liveBrandKeys,
	namePageQuery,
	nextBrandQuery,
	prefixQuery,
	skuQuery
} from './product-queries';
import { migrateProductV1, migrateProductV2, productSchema } from './schemas';
import type { ProductDoc } from './types';
import { productDoc } from '../../../tests/helpers/product-docs';

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

const product = (id: string, name: string, brand: string | null, extra: Partial<ProductDoc> = {}) =>
	productDoc({ id, name, brand_id: brand, sku: id.toUpperCase(), ...extra });

/** The IndexedDB indexes a products write goes into (RxDB's Dexie table). */
async function indexNames(products: RxCollection<ProductDoc>): Promise<string[]> {
	const inner = products.storageInstance.originalStorageInstance;
	if (!(inner instanceof RxStorageInstanceDexie)) throw new Error('not the Dexie storage');
	const state = await inner.internals;
	if (!state.dexieDb.isOpen()) await state.dexieDb.open();
	const store = state.dexieDb.backendDB().transaction(DOCS_TABLE, 'readonly').objectStore(DOCS_TABLE);
	return [...store.indexNames].sort();
}

/** The v1 products schema (what every device holds before this version). */
const v1: RxJsonSchema<ProductDoc> = {
	...productSchema,
	version: 1,
	indexes: [
		'sku',
		'name_lower',
		['is_deleted', 'brand_key', 'name_lower'],
		['is_deleted', 'brand_key', 'category_id', 'name_lower'],
		['is_deleted', 'brand_key', 'sku']
	]
};

describe('products v1 -> v2', () => {
	it('changes no field', () => {
		const p = { ...product('p1', 'Nasi Goreng', 'b1'), brand_key: 'b1' };
		expect(migrateProductV2(p)).toEqual(p);
	});

	it('each product is written into six IndexedDB indexes (v1: eight): the three brand-keyed ones and RxDB’s own three', async () => {
		db = await openDatabase({ name: `p2i${Date.now()}`, indexedDB, IDBKeyRange, multiInstance: false });
		expect(db.products.schema.version).toBe(2);
		expect(await indexNames(db.products)).toEqual([
			'[_deleted+id]',
			'[_deleted+is_deleted+brand_key+category_id+name_lower+id]',
			'[_deleted+is_deleted+brand_key+name_lower+id]',
			'[_deleted+is_deleted+brand_key+sku+id]',
			'[_meta.lwt+id]',
			'_meta.lwt'
		]);
	});

	it('migrates a populated v1 database as the UI opens it; the worker then opens it without migrating', async () => {
		const name = `p2m${Date.now()}`;
		const storage = getRxStorageDexie({ indexedDB, IDBKeyRange });
		const old = await createRxDatabase({ name, storage, multiInstance: false });
		const { products } = await old.addCollections({
			products: { schema: v1, migrationStrategies: { 1: migrateProductV1 }, autoMigrate: false }
		});
		products.preInsert((d: ProductDoc) => void (d.brand_key = d.brand_id ?? ''), false);
		const stored = [
			...Array.from({ length: 120 }, (_, i) =>
				product(`p${String(i).padStart(3, '0')}`, `Menu ${i}`, i % 3 === 0 ? null : `b${i % 3}`)
			),
			product('gone', 'Menu Gone', 'b1', { is_deleted: true, photo_id: 'ph-1' })
		];
		await products.bulkInsert(stored);
		expect(await indexNames(products)).toContain('[_deleted+sku+id]');
		const before = new Map((await products.find().exec()).map((d) => [d.id, d.toJSON(true)]));
		await old.close();

		const ui = await openDatabase({ name, indexedDB, IDBKeyRange, multiInstance: false });
		const after = (await ui.products.find().exec()).map((d) => d.toJSON(true));
		expect(after).toHaveLength(before.size);
		// Every document as it was (fields and revision; the write time is kept so checkpoints on it still hold).
		for (const d of after) expect(d).toEqual(before.get(d.id));
		expect(await indexNames(ui.products)).not.toContain('[_deleted+sku+id]');
		await ui.close();

		db = await openDatabase({ name, indexedDB, IDBKeyRange, multiInstance: false, migrate: false });
		expect(await liveBrandKeys(db.products)).toEqual(['', 'b1', 'b2']);
		const page = await db.products.find(prefixQuery('name_lower', 'b1', 'menu 1', 100)).exec();
		expect(page.map((d) => d.name)).toEqual(
			stored
				.filter((p) => p.brand_id === 'b1' && !p.is_deleted && p.name.toLowerCase().startsWith('menu 1'))
				.map((p) => p.name)
				.sort()
		);
	});
});

/** A v1 database holding `n` products (and one deleted), closed; returns its name and what it stored. */
async function v1Database(
	n: number
): Promise<{ name: string; stored: Map<string, RxDocumentData<ProductDoc>> }> {
	const name = `p2c${Date.now()}${Math.random()}`;
	const old = await createRxDatabase({
		name,
		storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
		multiInstance: false
	});
	const { products } = await old.addCollections({
		products: { schema: v1, migrationStrategies: { 1: migrateProductV1 }, autoMigrate: false }
	});
	products.preInsert((d: ProductDoc) => void (d.brand_key = d.brand_id ?? ''), false);
	await products.bulkInsert([
		...Array.from({ length: n }, (_, i) => product(`q${i}`, `Menu ${i}`, i % 2 ? 'b1' : null)),
		product('gone', 'Gone', 'b1', { is_deleted: true })
	]);
	const stored = new Map((await products.find().exec()).map((d) => [d.id, d.toJSON(true)]));
	await old.close();
	return { name, stored };
}

describe("products v1 -> v2 without RxDB's migration (db/copy-unchanged.ts)", () => {
	it('copies the v1 store as it is and drops it: RxDB then finds nothing to migrate', async () => {
		const { name, stored } = await v1Database(300);
		const raw = await createRxDatabase({
			name,
			storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
			multiInstance: false
		});
		expect(await collectionsToMigrate(raw)).toEqual(['products']);
		expect(await copyUnchanged(raw, 'products', 1, productSchema)).toBe(true);
		expect(await collectionsToMigrate(raw)).toEqual([]);
		// Done once: a second copy (another tab's) finds nothing at v1.
		expect(await copyUnchanged(raw, 'products', 1, productSchema)).toBe(false);
		await raw.close();
		db = await openDatabase({ name, indexedDB, IDBKeyRange, multiInstance: false });
		const after = (await db.products.find().exec()).map((d) => d.toJSON(true));
		expect(after).toHaveLength(stored.size);
		for (const d of after) expect(d).toEqual(stored.get(d.id));
	});

	it('a copy cut short (part of the rows already in the v2 store) is finished by the next open', async () => {
		const { name, stored } = await v1Database(50);
		const raw = await createRxDatabase({
			name,
			storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
			multiInstance: false
		});
		const target = await raw.storage.createStorageInstance<ProductDoc>({
			databaseName: name,
			collectionName: 'products',
			databaseInstanceToken: raw.token,
			multiInstance: false,
			options: {},
			schema: createRxSchema(productSchema, raw.hashFunction, false).jsonSchema,
			devMode: false
		});
		const half = [...stored.values()].slice(0, 20);
		expect(
			(
				await target.bulkWrite(
					half.map((document) => ({ document })),
					'test'
				)
			).error
		).toEqual([]);
		await target.close();
		await raw.close();
		db = await openDatabase({ name, indexedDB, IDBKeyRange, multiInstance: false });
		const after = (await db.products.find().exec()).map((d) => d.toJSON(true));
		expect(after).toHaveLength(stored.size);
		for (const d of after) expect(d).toEqual(stored.get(d.id));
	});
});

describe('every products query is held by one index (no scan, no filter after the read)', () => {
	it('browsing, a category, each prefix search, a keyset page, a barcode and the brand keys', async () => {
		db = await openDatabase({ name: `p2q${Date.now()}`, indexedDB, IDBKeyRange, multiInstance: false });
		const queries = [
			...(brandKeys('b1') ?? []).flatMap((key) => [
				listQuery(key, '', 60),
				listQuery(key, 'cat', 60),
				prefixQuery('name_lower', key, 'te', 35),
				prefixQuery('sku', key, 'TE', 35),
				namePageQuery(key, { name_lower: 'teh', skip: 2 }, 250),
				skuQuery(key, 'TE-1', 1)
			]),
			nextBrandQuery(null),
			nextBrandQuery('b1')
		];
		for (const q of queries) {
			const plan = db.products.find(q).getPreparedQuery().queryPlan;
			expect({ q, covered: plan.selectorSatisfiedByIndex, sorted: plan.sortSatisfiedByIndex }).toEqual({
				q,
				covered: true,
				sorted: true
			});
		}
		// The diagnostics page's count of live products: an index count, not a read of every document.
		const count = db.products.count({ selector: { is_deleted: false } }).getPreparedQuery().queryPlan;
		expect(count.selectorSatisfiedByIndex).toBe(true);
	});

	it('the brand keys: every key some live product holds, once, in order', async () => {
		db = await openDatabase({ name: `p2k${Date.now()}`, indexedDB, IDBKeyRange, multiInstance: false });
		expect(await liveBrandKeys(db.products)).toEqual([]);
		await db.products.bulkInsert([
			product('a1', 'Es Teh', 'b2'),
			product('a2', 'Kopi', 'b2'),
			product('a3', 'Air', null),
			product('a4', 'Nasi', 'b1'),
			product('a5', 'Gone', 'b3', { is_deleted: true })
		]);
		expect(await liveBrandKeys(db.products)).toEqual(['', 'b1', 'b2']);
	});
});
