// Why: the orders screen shows a business day newest first, and a busy day holds 1,000+ orders. RxDB's Dexie storage only
// walks an index forwards and one row per task, so a "newest 50" query through RxDB reads (and sorts) the whole day; this
// reads the [business_date, created_at] index directly: a page is one `getAll` backwards (IndexedDB 3's `direction`
// option; where the browser lacks it, a key cursor 'prev' with one `advance` finds the page's edge first), a window from a
// remembered bound one `getAll`, and an IndexedDB `count` for the header, through RxDB's own exported Dexie helpers (as
// covered-read.ts does). Any other storage goes through RxDB with the same answers.
import type { MangoQuery, RxCollection } from 'rxdb';
import {
	RxStorageInstanceDexie,
	dexieReplaceIfStartsWithPipe,
	fromDexieToStorage,
	getKeyRangeByQueryPlan
} from 'rxdb/plugins/storage-dexie';
import { DOCS_TABLE } from './covered-read';
import type { OrderDoc } from './types';

/** A stored order as the storage holds it: its data and when it was last written (`_meta.lwt`). */
export interface DayRow {
	doc: OrderDoc;
	lwt: number;
}

/** Where a window of the day ends: the oldest order it shows (created_at, then local_id, as the index orders them). */
export interface DayBound {
	created_at: string;
	local_id: string;
}

export interface DayRead {
	/** Newest first. */
	rows: DayRow[];
	/** How many orders the day holds (read in the same transaction as `rows`). */
	count: number;
}

/** Every order of a business day in the index's order: RxDB's planner holds selector and sort in [business_date, created_at]. */
export function dayQuery(date: string): MangoQuery<OrderDoc> {
	return {
		selector: { business_date: date },
		sort: [{ business_date: 'asc' }, { created_at: 'asc' }, { local_id: 'asc' }],
		index: ['business_date', 'created_at']
	};
}

/** Newest first, ties by local_id (the index's order reversed). */
export function newestFirst(a: OrderDoc, b: OrderDoc): number {
	if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
	return a.local_id < b.local_id ? 1 : a.local_id > b.local_id ? -1 : 0;
}

/** The bound of an order: orders at or above it (same day) sort before or at it in `newestFirst`. */
export function boundOf(doc: OrderDoc): DayBound {
	return { created_at: doc.created_at, local_id: doc.local_id };
}

/** `doc` is at or above `bound` (shown in a window that ends at it). */
export function atOrAbove(doc: OrderDoc, bound: DayBound): boolean {
	return newestFirst(doc, { ...doc, ...bound }) <= 0;
}

type Stored = OrderDoc & {
	_deleted: boolean;
	_meta: { lwt: number };
	_rev: string;
	_attachments: unknown;
};

function toRow(d: Stored): DayRow {
	const { _deleted, _meta, _rev, _attachments, ...doc } = d;
	return { doc, lwt: _meta.lwt };
}

/** Reads one business day of orders; `open` picks the direct IndexedDB path when the storage is Dexie. */
export interface DayReader {
	/** Reads IndexedDB directly (false: through RxDB). */
	readonly direct: boolean;
	/** The newest `limit` orders (below `bound`, exclusive, when given), and the day's count. */
	newest(limit: number, below?: DayBound): Promise<DayRead>;
	/** Every order at or above `bound` (a shown window re-read: new orders on top), and the day's count. */
	from(bound: DayBound): Promise<DayRead>;
	/** Every order of the day (newest first). */
	all(): Promise<DayRow[]>;
}

export async function openDayReader(coll: RxCollection<OrderDoc>, date: string): Promise<DayReader> {
	const inner = coll.storageInstance.originalStorageInstance;
	const prepared = coll.find(dayQuery(date)).getPreparedQuery();
	const plan = prepared.queryPlan;
	if (
		!(inner instanceof RxStorageInstanceDexie) ||
		!plan.selectorSatisfiedByIndex ||
		!plan.sortSatisfiedByIndex
	)
		return viaRxdb(coll, date);
	const state = await inner.internals;
	// The bounds below are built with the global IDBKeyRange: a database opened with another (an injected polyfill) is
	// read through RxDB.
	const KeyRange = globalThis.IDBKeyRange;
	const given: unknown = state.dexieDb._options.IDBKeyRange;
	if (!KeyRange || (given !== undefined && given !== KeyRange)) return viaRxdb(coll, date);
	const day: unknown = getKeyRangeByQueryPlan(state.booleanIndexes, plan, KeyRange);
	if (!(day instanceof KeyRange)) return viaRxdb(coll, date);
	const lower: unknown = day.lower;
	if (!Array.isArray(lower)) return viaRxdb(coll, date);
	// The day's keys start with RxDB's stored `_deleted` (false) and the date.
	const live: unknown = lower[0];
	// The index RxDB declared for ['business_date', 'created_at']: [_deleted+business_date+created_at+local_id].
	const indexName = `[${plan.index.map((f) => dexieReplaceIfStartsWithPipe(f)).join('+')}]`;
	const keyOf = (b: DayBound) => [live, date, b.created_at, b.local_id];
	const convert = (r: unknown) => toRow(fromDexieToStorage<Stored>(state.booleanIndexes, r));

	async function store(): Promise<IDBIndex> {
		if (!state.dexieDb.isOpen()) await state.dexieDb.open();
		return state.dexieDb
			.backendDB()
			.transaction(DOCS_TABLE, 'readonly')
			.objectStore(DOCS_TABLE)
			.index(indexName);
	}
	function request<T>(req: IDBRequest<T>): Promise<T> {
		return new Promise((resolve, reject) => {
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error ?? new Error(`read of ${indexName} failed`));
		});
	}

	return {
		direct: true,
		async newest(limit, below) {
			const index = await store();
			const range = below ? KeyRange.bound(day.lower, keyOf(below), day.lowerOpen, true) : day;
			const count = request(index.count(day));
			if (limit <= 0) return { rows: [], count: await count };
			// One request, beside the count: the newest `limit` entries of the range, newest first.
			const backwards = newestRequest(index, range, limit);
			if (backwards) {
				const rows: unknown[] = await request(backwards);
				return { rows: rows.map(convert), count: await count };
			}
			// The page's oldest key: a key cursor from the newest end skips limit - 1 entries in one step (`advance`), so the
			// page is then one `getAll` from that key up: three requests whatever the page size, not one task per row.
			const edge = await new Promise<unknown>((resolve, reject) => {
				const req = index.openKeyCursor(range, 'prev');
				let skipped = limit === 1;
				req.onsuccess = () => {
					const cursor = req.result;
					if (!cursor) return resolve(null);
					if (skipped) return resolve(cursor.key);
					skipped = true;
					cursor.advance(limit - 1);
				};
				req.onerror = () => reject(req.error ?? new Error(`read of ${indexName} failed`));
			});
			// No edge: the range holds fewer than `limit` orders, all of them the page.
			const page = edge === null ? range : KeyRange.bound(edge, range.upper, false, range.upperOpen);
			const rows: unknown[] = await request(index.getAll(page));
			return { rows: rows.map(convert).reverse(), count: await count };
		},
		async from(bound) {
			const index = await store();
			const count = request(index.count(day));
			const range = KeyRange.bound(keyOf(bound), day.upper, false, day.upperOpen);
			const rows: unknown[] = await request(index.getAll(range));
			return { rows: rows.map(convert).reverse(), count: await count };
		},
		async all() {
			const rows: unknown[] = await request((await store()).getAll(day));
			return rows.map(convert).reverse();
		}
	};
}

/** IndexedDB 3's `getAll` options (Chromium 141+; not yet Firefox or Safari); TypeScript's DOM types lack them. */
interface GetAllOptions {
	query: IDBKeyRange;
	count: number;
	direction: IDBCursorDirection;
}
type GetAllWithOptions = (options: GetAllOptions) => IDBRequest<unknown[]>;

/**
 * A `getAll` of the newest `limit` entries of `range` (newest first), or null where the browser's `getAll` takes no
 * options: there it reads the dictionary as a key and throws a DataError at once (a try costs nothing beside a read),
 * and the caller walks a cursor instead.
 */
export function newestRequest(
	index: IDBIndex,
	range: IDBKeyRange,
	limit: number
): IDBRequest<unknown[]> | null {
	try {
		return (index.getAll as unknown as GetAllWithOptions).call(index, {
			query: range,
			count: limit,
			direction: 'prev'
		});
	} catch (err) {
		// Only the "not a valid key" of a browser without the options: any other failure is the caller's.
		if (err instanceof DOMException && err.name === 'DataError') return null;
		throw err;
	}
}

/** Any other storage: the day through RxDB, sorted here (the same answers, without the direct reads). */
function viaRxdb(coll: RxCollection<OrderDoc>, date: string): DayReader {
	const all = async (): Promise<DayRow[]> =>
		(await coll.find(dayQuery(date)).exec())
			.map((d) => ({ doc: d.toJSON() as OrderDoc, lwt: d.toJSON(true)._meta.lwt }))
			.sort((a, b) => newestFirst(a.doc, b.doc));
	return {
		direct: false,
		async newest(limit, below) {
			const rows = await all();
			const older = below ? rows.filter((r) => !atOrAbove(r.doc, below)) : rows;
			return { rows: older.slice(0, limit), count: rows.length };
		},
		async from(bound) {
			const rows = await all();
			return { rows: rows.filter((r) => atOrAbove(r.doc, bound)), count: rows.length };
		},
		all
	};
}
