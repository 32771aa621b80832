// Why: the first sync's pages are added below RxDB's read (add-unread.ts); these hold the result to RxDB's own insert:
// the same stored rows and indexes, no read, the same change events (live queries, the document cache, another instance
// over the multi-instance channel), nothing held ever overwritten, and a page cut short or sent again left consistent.
import 'fake-indexeddb/auto';
import { RxStorageInstanceDexie } from 'rxdb/plugins/storage-dexie';
import { firstValueFrom } from 'rxjs';
import { filter, take, toArray } from 'rxjs/operators';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type KasirDatabase } from '../../src/lib/db/database';
import type { ProductDoc } from '../../src/lib/db/types';
import { hoProductRow, otherProductsStorage } from '../../tests/helpers/product-docs';
import { addUnread } from './add-unread';
import { insertOrMerge } from './bulk-insert';

const opened: KasirDatabase[] = [];
afterEach(async () => {
	vi.restoreAllMocks();
	for (const db of opened.splice(0)) await db.remove();
});

async function open(multiInstance = false): Promise<KasirDatabase> {
	const db = await openDatabase({ name: `au_${crypto.randomUUID().slice(0, 8)}`, multiInstance });
	opened.push(db);
	return db;
}

/** An HO row as the pull maps it (a newer version costs 1 more, so a rewrite shows in the price). */
const row = (id: string, version = 1, brand: string | null = 'b1'): ProductDoc =>
	hoProductRow(id, { version, brand, price: 10_000 + version });

const page = (n: number, from = 0) =>
	Array.from({ length: n }, (_, i) => row(`p${String(from + i).padStart(4, '0')}`, 1, i % 3 ? 'b1' : null));

const merge = (r: ProductDoc, e: ProductDoc): ProductDoc | null =>
	e.version === r.version && e.updated_at === r.updated_at && e.is_deleted === r.is_deleted
		? null
		: { ...r, photo_id: e.photo_id ?? null };

/** The rows as RxDB's Dexie storage holds them in IndexedDB (its format: booleans of indexes as '1'/'0'). */
async function rawRows(db: KasirDatabase): Promise<Record<string, unknown>[]> {
	const raw = db.products.storageInstance.originalStorageInstance as RxStorageInstanceDexie<ProductDoc>;
	return (await (await raw.internals).dexieTable.toArray()) as Record<string, unknown>[];
}

/** Counts reads on every IndexedDB object store (fake-indexeddb's), calling through. */
function countStoreReads(): { n: number } {
	const seen = { n: 0 };
	const proto = IDBObjectStore.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
	for (const m of ['get', 'getAll', 'getKey', 'getAllKeys', 'openCursor', 'count']) {
		const real = proto[m]!;
		vi.spyOn(proto, m).mockImplementation(function (this: IDBObjectStore, ...a: unknown[]) {
			seen.n++;
			return real.apply(this, a);
		});
	}
	return seen;
}

describe('addUnread', () => {
	it('stores exactly what RxDB stores for the same inserts, and every index finds it', async () => {
		const docs = page(40);
		// One database at a time (the free build's 13 collections): each write's rows and reads, then the next.
		const named = (db: KasirDatabase) =>
			db.products
				.find({ selector: { is_deleted: false, brand_key: '', name_lower: { $gte: 'produk' } } })
				.exec()
				.then((r) => r.map((d) => d.id));
		const written = async (addFirst: boolean) => {
			const db = await open();
			expect((await insertOrMerge(db.products, docs, merge, 'ho', { addFirst })).written).toBe(40);
			const rows = (await rawRows(db)).map((r) => {
				// The revision names the writing database and the write time differs: all else is the same, byte for byte.
				expect(r._rev).toBe(`1-${db.token}`);
				expect((r._meta as { lwt: number }).lwt).toBeGreaterThan(0);
				return { ...r, _rev: '', _meta: {} };
			});
			const out = {
				rows,
				named: await named(db),
				count: await db.products.count({ selector: { is_deleted: false } }).exec(),
				one: (await db.products.findOne('p0007').exec())?.toJSON()
			};
			await db.remove();
			opened.splice(opened.indexOf(db), 1);
			return out;
		};
		const added = await written(true);
		const inserted = await written(false);
		expect(added).toEqual(inserted);
		expect(added.rows[0]).toMatchObject({ _deleted: '0', is_deleted: '0' });
		// Read back through RxDB: by the brand-keyed name index, by count (an index count), by id.
		expect(added.named.length).toBe(14);
		expect(added.count).toBe(40);
		expect(added.one).toMatchObject(docs[7]!);
	});

	it('reads nothing for documents the collection does not hold (RxDB reads each key first)', async () => {
		const db = await open();
		let reads = countStoreReads();
		await insertOrMerge(db.products, page(50), merge, 'ho', { addFirst: true });
		expect(reads.n).toBe(0);
		vi.restoreAllMocks();
		reads = countStoreReads();
		await insertOrMerge(db.products, page(50, 50), merge, 'ho');
		expect(reads.n).toBeGreaterThan(0);
		expect(await db.products.count().exec()).toBe(100);
	});

	it('emits the insert events RxDB emits: live queries, the document cache and later writes follow', async () => {
		const db = await open();
		const live = db.products.find({ selector: { is_deleted: false }, sort: [{ id: 'asc' }] });
		const seen = firstValueFrom(live.$.pipe(filter((r) => r.length === 30)));
		await live.exec(); // the query is cached and follows events (event-reduce) from here
		const bulks = firstValueFrom(db.products.eventBulks$.pipe(take(1), toArray()));

		await insertOrMerge(db.products, page(30), merge, 'ho-pull-products:t', { addFirst: true });
		expect((await seen).map((d) => d.id)).toEqual(page(30).map((d) => d.id));
		const [bulk] = await bulks;
		expect(bulk?.context).toBe('ho-pull-products:t');
		expect(bulk?.events.map((e) => [e.operation, e.documentId])).toEqual(
			page(30).map((d) => ['INSERT', d.id])
		);

		// A document read from the cache is the stored one, and an ordinary write on it works (revision 2).
		const doc = await db.products.findOne('p0003').exec();
		expect(doc?.revision).toBe(`1-${db.token}`);
		await doc!.incrementalPatch({ photo_id: 'ph' });
		expect((await db.products.findOne('p0003').exec())?.revision.startsWith('2-')).toBe(true);
	});

	it("reaches another instance of the database (another tab, the UI thread) as RxDB's write does", async () => {
		const db = await open(true);
		const other = await otherProductsStorage(db);
		try {
			const got = firstValueFrom(other.changeStream());
			await insertOrMerge(db.products, page(5), merge, 'ho', { addFirst: true });
			const bulk = await got;
			expect(bulk.events.map((e) => e.documentId)).toEqual(page(5).map((d) => d.id));
			expect(bulk.checkpoint).toMatchObject({ id: 'p0004' });
			expect(await other.findDocumentsById(['p0002'], false)).toHaveLength(1);
		} finally {
			await other.close();
		}
	});

	it('never overwrites what is held: held rows go to merge, deleted ones are inserted again by RxDB', async () => {
		const db = await open();
		await insertOrMerge(db.products, [row('p0001'), row('p0002'), row('p0003')], merge, 'ho');
		await (await db.products.findOne('p0001').exec())!.incrementalPatch({ photo_id: 'ph1' });
		await (await db.products.findOne('p0003').exec())!.remove();
		const revs = new Map((await db.products.find().exec()).map((d) => [d.id, d.revision]));

		// p0001 newer (merged, its photo kept), p0002 the same (kept), p0003 deleted here (back), p0004 new (added).
		const docs = [row('p0001', 2), row('p0002'), row('p0003'), row('p0004')];
		expect(await addUnread(db.products, [row('p0002')], 'ho')).toEqual([row('p0002')]);
		expect((await db.products.findOne('p0002').exec())?.revision).toBe(revs.get('p0002'));
		const res = await insertOrMerge(db.products, docs, merge, 'ho', { addFirst: true });
		expect(res).toEqual({ written: 3, held: 2 });
		expect((await db.products.findOne('p0001').exec())?.toJSON()).toMatchObject({
			version: 2,
			photo_id: 'ph1'
		});
		expect((await db.products.findOne('p0002').exec())?.revision).toBe(revs.get('p0002'));
		expect((await db.products.findOne('p0003').exec())?.toJSON()).toMatchObject({ id: 'p0003', version: 1 });
		expect(await db.products.count().exec()).toBe(4);
	});

	it('a page that fails is not stored at all, and the same page again (no checkpoint saved) changes nothing', async () => {
		const db = await open();
		const bad = [...page(3), { ...row('p0009'), id: undefined as unknown as string }];
		await expect(addUnread(db.products, bad, 'ho')).rejects.toThrow();
		expect(await rawRows(db)).toEqual([]);

		const docs = page(20);
		await insertOrMerge(db.products, docs, merge, 'ho', { addFirst: true });
		const revs = new Map((await db.products.find().exec()).map((d) => [d.id, d.revision]));
		expect(await insertOrMerge(db.products, docs, merge, 'ho', { addFirst: true })).toEqual({
			written: 0,
			held: 20
		});
		for (const d of await db.products.find().exec()) expect(d.revision).toBe(revs.get(d.id));
	});
});
