// Why: the pull's checkpoint and log go to `meta` in one storage write a page (write-over.ts); these hold it to what
// RxDB's `bulkUpsert` stores (values, revisions, change events) with one write where `bulkUpsert` makes three, and to
// an upsert's outcome when someone else wrote or deleted a document meanwhile.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type KasirDatabase } from '../../src/lib/db/database';
import type { MetaDoc } from '../../src/lib/db/types';
import { WriteOver } from './write-over';

const opened: KasirDatabase[] = [];
afterEach(async () => {
	vi.restoreAllMocks();
	for (const db of opened.splice(0)) await db.remove();
});

async function open(): Promise<KasirDatabase> {
	const db = await openDatabase({ name: `wo_${crypto.randomUUID().slice(0, 8)}`, multiInstance: false });
	opened.push(db);
	return db;
}

const docs = (n: number): MetaDoc[] => [
	{ key: 'checkpoint:products', value: `cp-${n}`, updated_at: `2026-01-01T00:00:0${n}.000Z` },
	{ key: 'pull:log:ho', value: Array.from({ length: n }, (_, i) => ({ page: i })), updated_at: 'x' }
];

/** Counts the collection's storage writes (each one IndexedDB transaction that reads the documents and puts them). */
const countWrites = (db: KasirDatabase) => vi.spyOn(db.meta.storageInstance, 'bulkWrite');

describe('WriteOver', () => {
	it('writes held documents in one storage write a page, where bulkUpsert makes three, and stores the same', async () => {
		const db = await open();
		await db.meta.bulkUpsert(docs(1));
		const writes = countWrites(db);
		await db.meta.bulkUpsert(docs(2));
		// RxDB's upsert of two stored documents: the insert refused, then each document written again.
		expect(writes).toHaveBeenCalledTimes(3);

		writes.mockClear();
		const w = new WriteOver(db.meta, 'test');
		w.hold([...(await db.meta.findByIds(docs(0).map((d) => d.key)).exec()).values()].map((d) => d._data));
		for (const n of [3, 4, 5]) await w.write(docs(n));
		expect(writes).toHaveBeenCalledTimes(3);

		const stored = await db.meta.findByIds(docs(0).map((d) => d.key)).exec();
		expect(stored.get('checkpoint:products')?.toJSON()).toEqual(docs(5)[0]);
		expect(stored.get('pull:log:ho')?.toJSON()).toEqual(docs(5)[1]);
		// Revisions 1 (insert) and 2 (bulkUpsert), then one per write: as RxDB's own writes number them.
		for (const d of stored.values()) expect(d.revision).toMatch(/^5-/);
	});

	it('inserts what is not stored, and its next write is one write again', async () => {
		const db = await open();
		const writes = countWrites(db);
		const w = new WriteOver(db.meta, 'test');
		await w.write(docs(1));
		await w.write(docs(2));
		expect(writes).toHaveBeenCalledTimes(2);
		expect((await db.meta.findOne('checkpoint:products').exec())?.toJSON().value).toBe('cp-2');
	});

	it('sends the change events of an ordinary write: a live query and the document cache follow', async () => {
		const db = await open();
		const w = new WriteOver(db.meta, 'test');
		await w.write(docs(1));
		const doc = await db.meta.findOne('checkpoint:products').exec();
		const seen: unknown[] = [];
		const sub = db.meta.findOne('checkpoint:products').$.subscribe((d) => seen.push(d?.toJSON().value));
		const events: string[] = [];
		const sub2 = db.meta.$.subscribe((e) => events.push(`${e.operation} ${e.documentId}`));
		try {
			await w.write(docs(2));
			await new Promise((r) => setTimeout(r, 0));
			expect(seen.at(-1)).toBe('cp-2');
			expect(doc?.getLatest().toJSON().value).toBe('cp-2');
			expect(events).toEqual(['UPDATE checkpoint:products', 'UPDATE pull:log:ho']);
		} finally {
			sub.unsubscribe();
			sub2.unsubscribe();
		}
	});

	it('writes over a document someone else wrote or deleted meanwhile (an upsert: the incoming one wins)', async () => {
		const db = await open();
		const w = new WriteOver(db.meta, 'test');
		await w.write(docs(1));
		await db.meta.upsert({ key: 'checkpoint:products', value: 'someone else', updated_at: 'y' });
		await (await db.meta.findOne('pull:log:ho').exec())?.remove();
		const writes = countWrites(db);
		await w.write(docs(2));
		// The refused write, then the two written over what is stored.
		expect(writes).toHaveBeenCalledTimes(2);
		const stored = await db.meta.findByIds(docs(0).map((d) => d.key)).exec();
		expect([...stored.values()].map((d) => d.toJSON())).toEqual(docs(2));
		writes.mockClear();
		await w.write(docs(3));
		expect(writes).toHaveBeenCalledTimes(1);
	});
});
