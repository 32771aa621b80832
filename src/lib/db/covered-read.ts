// Why: RxDB's Dexie storage runs every query as an IndexedDB cursor, one `onsuccess` task per row; a query whose
// selector and sort one index holds entirely is exactly the first `limit` entries of a key range, which one `getAll`
// returns in a single request. The selling screen's search reads its ranges this way, all in one read transaction.
import type { MangoQuery, RxCollection, RxDocumentData } from 'rxdb';
import {
	RxStorageInstanceDexie,
	dexieReplaceIfStartsWithPipe,
	fromDexieToStorage,
	getKeyRangeByQueryPlan
} from 'rxdb/plugins/storage-dexie';

/** The IndexedDB table RxDB's Dexie storage keeps a collection's documents in. */
export const DOCS_TABLE = 'docs';

/**
 * The documents of each query, as `find(query).exec()` would give them (plain data, not RxDocuments). Queries an index
 * does not fully hold (or a storage other than Dexie) go through RxDB as usual, so the answer never depends on the path.
 */
export async function readCovered<T>(
	coll: RxCollection<T>,
	queries: readonly MangoQuery<T>[]
): Promise<T[][]> {
	const inner = coll.storageInstance.originalStorageInstance;
	const prepared = queries.map((q) => coll.find(q).getPreparedQuery());
	const direct = prepared.every(
		(p) =>
			p.queryPlan.selectorSatisfiedByIndex &&
			p.queryPlan.sortSatisfiedByIndex &&
			!p.query.skip &&
			typeof p.query.limit === 'number'
	);
	if (!direct || !(inner instanceof RxStorageInstanceDexie)) return viaRxdb(coll, queries);
	const state = await inner.internals;
	if (!state.dexieDb.isOpen()) await state.dexieDb.open();
	const idb = state.dexieDb.backendDB();
	const KeyRange = state.dexieDb._options.IDBKeyRange ?? globalThis.IDBKeyRange;
	const tx = idb.transaction(DOCS_TABLE, 'readonly');
	const store = tx.objectStore(DOCS_TABLE);
	const reads = prepared.map(
		(p) =>
			new Promise<T[]>((resolve, reject) => {
				const name = `[${p.queryPlan.index.map((f) => dexieReplaceIfStartsWithPipe(f)).join('+')}]`;
				let range: unknown;
				try {
					range = getKeyRangeByQueryPlan(state.booleanIndexes, p.queryPlan, KeyRange);
				} catch (e) {
					// As RxDB's own Dexie query: bounds IndexedDB cannot order match nothing.
					if (e instanceof Error && e.name === 'DataError') return resolve([]);
					throw e;
				}
				if (!(range instanceof IDBKeyRange)) return reject(new Error(`no key range for ${name}`));
				const req = store.index(name).getAll(range, p.query.limit);
				req.onsuccess = () => {
					const rows: unknown[] = req.result;
					resolve(rows.map((r) => fromDexieToStorage<T>(state.booleanIndexes, r)));
				};
				req.onerror = () => reject(req.error ?? new Error(`read of ${name} failed`));
			})
	);
	return Promise.all(reads);
}

async function viaRxdb<T>(coll: RxCollection<T>, queries: readonly MangoQuery<T>[]): Promise<T[][]> {
	return Promise.all(queries.map(async (q) => (await coll.find(q).exec()).map((d) => d.toJSON(true) as T)));
}

/**
 * Every document written at or after `lwt` (deleted ones included), in (`_meta.lwt`, primary key) order, in one `getAll`
 * of RxDB's own [_meta.lwt+primary key] index (RxDB's storage query walks a cursor, one task per row, even over an
 * empty range); `null` on a storage other than Dexie (the caller queries the storage instance instead).
 */
export async function readWrittenSince<T>(
	coll: RxCollection<T>,
	lwt: number
): Promise<RxDocumentData<T>[] | null> {
	const inner = coll.storageInstance.originalStorageInstance;
	if (!(inner instanceof RxStorageInstanceDexie)) return null;
	const state = await inner.internals;
	if (!state.dexieDb.isOpen()) await state.dexieDb.open();
	const idb = state.dexieDb.backendDB();
	const KeyRange = state.dexieDb._options.IDBKeyRange ?? globalThis.IDBKeyRange;
	const primary = coll.schema.primaryPath as string;
	const name = `[_meta.lwt+${dexieReplaceIfStartsWithPipe(primary)}]`;
	const store = idb.transaction(DOCS_TABLE, 'readonly').objectStore(DOCS_TABLE);
	// [lwt] sorts before every [lwt, id]: the range starts at the first document written at `lwt`.
	const range = (KeyRange as typeof IDBKeyRange).lowerBound([lwt]);
	return new Promise((resolve, reject) => {
		const req = store.index(name).getAll(range);
		req.onsuccess = () => {
			const rows: unknown[] = req.result;
			resolve(rows.map((r) => fromDexieToStorage<RxDocumentData<T>>(state.booleanIndexes, r)));
		};
		req.onerror = () => reject(req.error ?? new Error(`read of ${name} failed`));
	});
}

/**
 * The stored documents of these primary keys (deleted ones left out), in one read transaction of the collection's
 * table, without RxDB's query, its queue and its document cache (what a small read at a page's start waits behind
 * while the page boots); `null` on a storage other than Dexie (the caller uses `findByIds`).
 */
export async function readByKeys<T>(
	coll: RxCollection<T>,
	keys: readonly string[]
): Promise<Map<string, RxDocumentData<T>> | null> {
	const inner = coll.storageInstance.originalStorageInstance;
	if (!(inner instanceof RxStorageInstanceDexie)) return null;
	const state = await inner.internals;
	if (!state.dexieDb.isOpen()) await state.dexieDb.open();
	const store = state.dexieDb.backendDB().transaction(DOCS_TABLE, 'readonly').objectStore(DOCS_TABLE);
	const primary = coll.schema.primaryPath as string;
	const rows = await Promise.all(
		keys.map(
			(key) =>
				new Promise<unknown>((resolve, reject) => {
					const req = store.get(key);
					req.onsuccess = () => resolve(req.result);
					req.onerror = () => reject(req.error ?? new Error(`read of ${key} failed`));
				})
		)
	);
	const found = new Map<string, RxDocumentData<T>>();
	for (const row of rows) {
		if (!row) continue;
		const doc = fromDexieToStorage<RxDocumentData<T>>(state.booleanIndexes, row);
		if (!doc._deleted) found.set(String((doc as Record<string, unknown>)[primary]), doc);
	}
	return found;
}
