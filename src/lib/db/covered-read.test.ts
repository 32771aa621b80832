// Why: the search's direct read (one getAll per index range) must give exactly what RxDB's own query gives, for the
// brand-keyed ranges it is used on, and fall back to RxDB for any query an index does not fully hold.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeMangoQuery, prepareQuery, type MangoQuery, type RxDocumentData } from 'rxdb';
import { openDatabase, type KasirDatabase } from './database';
import { readByKeys, readCovered, readWrittenSince } from './covered-read';
import { getMetaValues, setMeta } from './meta';
import { brandKeys, listQuery, prefixQuery } from './product-queries';
import type { ProductDoc } from './types';

let db: KasirDatabase;

const NAMES = [
	'Teh Manis',
	'Tempe Mendoan',
	'Teh Tarik',
	'Tahu Isi',
	'Es Teh',
	'Nasi Goreng',
	'Nasi Uduk',
	'teh'
];

beforeEach(async () => {
	db = await openDatabase({
		name: `cr${Date.now()}${Math.random()}`,
		indexedDB,
		IDBKeyRange,
		multiInstance: false
	});
	const docs: ProductDoc[] = [];
	for (let i = 0; i < 120; i++) {
		const name = `${NAMES[i % NAMES.length] ?? ''} ${String(i).padStart(3, '0')}`;
		docs.push({
			id: `p${String(119 - i).padStart(3, '0')}`,
			company_id: 'c',
			brand_id: i % 3 === 0 ? 'b1' : i % 3 === 1 ? null : 'b2',
			category_id: `cat${i % 4}`,
			sku: i % 2 ? `TE-${i}` : `te-${i}`,
			name,
			name_lower: name.toLowerCase(),
			description: '',
			price: 1000 + i,
			stock: i % 5 ? null : i,
			destination: 'kitchen',
			is_available: i % 7 !== 0,
			modifier_group_ids: i % 2 ? ['m1'] : [],
			version: 1,
			is_deleted: i % 11 === 0,
			photo_id: null,
			updated_at: '2026-01-27T10:00:00.000Z'
		});
	}
	await db.products.bulkInsert(docs);
});
afterEach(async () => {
	await db.remove();
});

const viaRxdb = async (q: MangoQuery<ProductDoc>) =>
	(await db.products.find(q).exec()).map((d) => d.toJSON(true));

describe('readCovered', () => {
	it('gives what RxDB gives for every brand-keyed prefix range, limit and field, in order', async () => {
		const queries: MangoQuery<ProductDoc>[] = [];
		for (const key of brandKeys('b1') ?? [])
			for (const limit of [1, 5, 35, 300]) {
				for (const p of ['t', 'te', 'teh', 'teh ', 'nasi', 'zz', ''])
					queries.push(prefixQuery('name_lower', key, p, limit));
				for (const p of ['te', 'TE', 'TE-1', 'x']) queries.push(prefixQuery('sku', key, p, limit));
				queries.push(listQuery(key, 'cat1', limit));
			}
		const direct = await readCovered(db.products, queries);
		expect(direct.some((r) => r.length > 0)).toBe(true);
		for (const [i, q] of queries.entries()) expect(direct[i], JSON.stringify(q)).toEqual(await viaRxdb(q));
	});

	it('falls back to RxDB for queries no index fully holds', async () => {
		// A category is not in the [is_deleted, brand_key, name_lower] index: RxDB filters its rows.
		const q: MangoQuery<ProductDoc> = {
			...prefixQuery('name_lower', 'b1', 'te', 10),
			selector: { ...prefixQuery('name_lower', 'b1', 'te', 10).selector, category_id: 'cat1' }
		};
		expect(db.products.find(q).getPreparedQuery().queryPlan.selectorSatisfiedByIndex).toBe(false);
		expect(await readCovered(db.products, [q])).toEqual([await viaRxdb(q)]);
	});
});

describe('readWrittenSince', () => {
	it("gives what RxDB's storage query of the write-time index gives, deleted documents included", async () => {
		const storage = db.products.storageInstance;
		const viaStorage = async (lwt: number) => {
			const q = prepareQuery(
				storage.schema,
				normalizeMangoQuery<RxDocumentData<ProductDoc>>(storage.schema, {
					selector: { '_meta.lwt': { $gte: lwt } },
					sort: [{ '_meta.lwt': 'asc' }, { id: 'asc' }]
				})
			);
			return (await storage.query(q)).documents;
		};
		const docs = await db.products.find({ sort: [{ id: 'asc' }] }).exec();
		await new Promise((r) => setTimeout(r, 5));
		const cut = Date.now();
		await docs[3]!.incrementalModify((p) => ({ ...p, name: 'Kopi' }));
		await docs[7]!.remove();
		await db.products.bulkUpsert([{ ...docs[9]!.toMutableJSON(), name: 'Teh Hijau' }]);
		const since = await readWrittenSince(db.products, cut);
		expect(since?.map((d) => [d.id, d._deleted])).toEqual([
			[docs[3]!.id, false],
			[docs[7]!.id, true],
			[docs[9]!.id, false]
		]);
		for (const lwt of [0, cut, cut + 1, Date.now() + 1000])
			expect(await readWrittenSince(db.products, lwt)).toEqual(await viaStorage(lwt));
		expect((await readWrittenSince(db.products, 0))?.length).toBe(120);
	});
});

describe('readByKeys', () => {
	it("gives the stored documents RxDB's findByIds gives: missing and deleted ones absent, the latest write of each", async () => {
		await setMeta(db, 'a', { n: 1, list: [1, 2] });
		await setMeta(db, 'b', 'two');
		await setMeta(db, 'c', 3);
		await setMeta(db, 'a', { n: 4, list: [] });
		await db.meta.findOne('c').incrementalRemove();
		const keys = ['a', 'b', 'c', 'missing'];
		const raw = await readByKeys(db.meta, keys);
		const viaRxdb = await db.meta.findByIds(keys).exec();
		expect([...(raw?.keys() ?? [])].sort()).toEqual(['a', 'b']);
		for (const key of ['a', 'b'])
			expect(raw?.get(key)).toEqual(
				await db.meta.storageInstance.findDocumentsById([key], false).then((d) => d[0])
			);
		expect([...viaRxdb.keys()].sort()).toEqual(['a', 'b']);
		const values = await getMetaValues(db, keys);
		expect(Object.fromEntries(values)).toEqual({ a: { n: 4, list: [] }, b: 'two' });
		expect(Object.fromEntries(values)).toEqual(
			Object.fromEntries([...viaRxdb].map(([k, d]) => [k, d.toJSON().value]))
		);
		expect(await getMetaValues(db, [])).toEqual(new Map());
	});
});
