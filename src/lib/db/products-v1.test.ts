// Why: products v1 adds the derived brand_key and the compound indexes the selling screen reads through; stored products
// must migrate, every write path must keep the key in step, and the screen's queries must be held by an index.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openDatabase, type KasirDatabase } from './database';
import { brandKeys, listQuery, prefixQuery } from './product-queries';
import { migrateProductV1, productSchema } from './schemas';
import type { ProductDoc } from './types';
import { productDoc } from '../../../tests/helpers/product-docs';

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

function product(
	id: string,
	name: string,
	brand: string | null,
	extra: Partial<ProductDoc> = {}
): ProductDoc {
	return productDoc({ id, name, brand_id: brand, sku: id.toUpperCase(), price: 10_000, ...extra });
}

const fresh = () =>
	openDatabase({ name: `p${Date.now()}${Math.random()}`, indexedDB, IDBKeyRange, multiInstance: false });

describe('products v0 -> v1', () => {
	it('gives each stored product its brand key (no brand: the empty key); nothing else changes', () => {
		const v0 = product('p1', 'Nasi Goreng', 'b1');
		expect(migrateProductV1(v0)).toEqual({ ...v0, brand_key: 'b1' });
		expect(migrateProductV1(product('p2', 'Es Teh', null)).brand_key).toBe('');
	});

	it('migrates products a v0 database holds as it opens, and the new indexes find them', async () => {
		const name = `mp${Date.now()}`;
		const storage = getRxStorageDexie({ indexedDB, IDBKeyRange });
		const { brand_key: _k, ...v0Properties } = productSchema.properties;
		const v0: RxJsonSchema<Omit<ProductDoc, 'brand_key'>> = {
			...productSchema,
			version: 0,
			primaryKey: 'id',
			properties: v0Properties,
			required: (productSchema.required ?? []).filter((f) => f !== 'brand_key'),
			indexes: [['category_id', 'name_lower'], 'sku', 'name_lower']
		};
		const old = await createRxDatabase({ name, storage, multiInstance: false });
		const { products } = await old.addCollections({ products: { schema: v0 } });
		await products.bulkInsert([
			product('p1', 'Nasi Goreng', 'b1'),
			product('p2', 'Nasi Uduk', null),
			product('p3', 'Nasi Other', 'b2'),
			product('p4', 'Nasi Gone', 'b1', { is_deleted: true })
		]);
		await old.close();

		db = await openDatabase({ name, indexedDB, IDBKeyRange, multiInstance: false });
		const all = await db.products.find().exec();
		expect(Object.fromEntries(all.map((d) => [d.id, d.brand_key]))).toEqual({
			p1: 'b1',
			p2: '',
			p3: 'b2',
			p4: 'b1'
		});
		const shown = [];
		for (const key of brandKeys('b1') ?? [])
			shown.push(...(await db.products.find(prefixQuery('name_lower', key, 'nasi', 10)).exec()));
		expect(shown.map((d) => d.name).sort()).toEqual(['Nasi Goreng', 'Nasi Uduk']);
	});
});

describe('brand_key is derived on every write', () => {
	it('insert, bulk insert, bulk upsert and patch all set it from brand_id', async () => {
		db = await fresh();
		await db.products.insert(product('a', 'A', 'b1'));
		await db.products.bulkInsert([product('b', 'B', null)]);
		await db.products.bulkUpsert([product('c', 'C', 'b2'), { ...product('a', 'A', 'b2'), version: 2 }]);
		await (await db.products.findOne('b').exec())?.incrementalPatch({ brand_id: 'b1' });
		const keys = Object.fromEntries((await db.products.find().exec()).map((d) => [d.id, d.brand_key]));
		expect(keys).toEqual({ a: 'b2', b: 'b1', c: 'b2' });
	});
});

describe("the selling screen's queries are held by one index", () => {
	it('browsing, a category and each prefix search: selector and sort both satisfied by the index', async () => {
		db = await fresh();
		const queries = (brandKeys('b1') ?? []).flatMap((key) => [
			listQuery(key, '', 60),
			listQuery(key, 'cat', 60),
			prefixQuery('name_lower', key, 'te', 35),
			prefixQuery('sku', key, 'TE', 35)
		]);
		expect(queries).toHaveLength(8);
		for (const q of queries) {
			const plan = db.products.find(q).getPreparedQuery().queryPlan;
			expect({ q, covered: plan.selectorSatisfiedByIndex, sorted: plan.sortSatisfiedByIndex }).toEqual({
				q,
				covered: true,
				sorted: true
			});
		}
	});
});
