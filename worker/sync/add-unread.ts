// Why: RxDB's Dexie storage reads every key of a write inside its transaction (to find conflicts) before it puts, so a
// first sync's page of 1000 products the device does not hold yet pays 1000 reads for nothing. This adds such documents
// below RxDB, in the format RxDB's Dexie storage stores, with IndexedDB's `add` (which refuses a key already stored, so
// nothing held is overwritten), and emits the change events RxDB's own insert emits: the collection, its queries, its
// document cache and the other instances (the multi-instance channel listens to the same stream) see an ordinary insert.
import {
	HOOKS,
	categorizeBulkWriteRows,
	now,
	type EventBulk,
	type RxCollection,
	type RxDocumentData,
	type RxStorageChangeEvent,
	type RxStorageDefaultCheckpoint
} from 'rxdb';
import { RxStorageInstanceDexie, fromStorageToDexie } from 'rxdb/plugins/storage-dexie';

/** The subject a Dexie storage instance emits its writes' events on (private in RxDB's types): `changeStream()`'s source. */
interface Changes<T> {
	changes$: {
		next(bulk: EventBulk<RxStorageChangeEvent<RxDocumentData<T>>, RxStorageDefaultCheckpoint>): void;
	};
}

/** Dexie's error for a bulk operation some of whose requests failed; the others are done (the transaction goes on). */
interface BulkError {
	name: 'BulkError';
	failuresByPos: Record<number, { name?: string } | undefined>;
}

const isBulkError = (e: unknown): e is BulkError =>
	typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'BulkError';

/**
 * The collection's Dexie storage instance, when its writes can be made here exactly as RxDB makes them: no storage
 * wrapper between the collection and Dexie (dev-mode validation, encryption, …), no plugin that rewrites a write
 * (`preStorageWrite`), no attachments. Null otherwise: the caller writes through RxDB.
 */
function dexieInstance<T>(
	coll: RxCollection<T>
): { raw: RxStorageInstanceDexie<T>; changes$: Changes<T>['changes$'] } | null {
	const raw: unknown = coll.storageInstance.originalStorageInstance;
	if (!(raw instanceof RxStorageInstanceDexie) || raw.closed) return null;
	if (HOOKS.preStorageWrite.length > 0 || raw.schema.attachments) return null;
	const changes$ = (raw as unknown as Partial<Changes<T>>).changes$;
	return typeof changes$?.next === 'function' ? { raw: raw as RxStorageInstanceDexie<T>, changes$ } : null;
}

/**
 * Adds the documents the collection does not hold, in one IndexedDB transaction, without reading it first; returns the
 * ones it held already (stored or deleted: left untouched here, for the caller to write through RxDB), or null when the
 * collection's storage cannot be written this way (nothing written). Each added document is stored as RxDB's insert
 * stores it (first revision of this database, `_meta.lwt` the write's time, the same time for all), and its change
 * event carries `context`. Collection hooks do not run: derived fields must be in `docs`.
 */
export async function addUnread<T extends { id: string }>(
	coll: RxCollection<T>,
	docs: readonly T[],
	context: string
): Promise<T[] | null> {
	const instance = dexieInstance(coll);
	if (!instance) return null;
	const { raw, changes$ } = instance;
	const state = await raw.internals;
	const meta = { lwt: now() };
	const rev = `1-${coll.database.token}`;
	const stored: RxDocumentData<T>[] = docs.map((d) => ({
		...d,
		_deleted: false,
		_attachments: {},
		_meta: meta,
		_rev: rev
	}));
	const failed = new Set<number>();
	await coll.database.lockedRun(() =>
		state.dexieDb.transaction('rw', state.dexieTable, async () => {
			try {
				await state.dexieTable.bulkAdd(
					stored.map((d) => fromStorageToDexie(state.booleanIndexes, d) as unknown)
				);
			} catch (e) {
				// Only keys already stored are expected; anything else fails the write (the transaction is aborted).
				if (!isBulkError(e)) throw e;
				for (const [pos, err] of Object.entries(e.failuresByPos)) {
					if (err?.name !== 'ConstraintError') throw e;
					failed.add(Number(pos));
				}
			}
		})
	);
	const added = failed.size ? stored.filter((_, i) => !failed.has(i)) : stored;
	if (added.length > 0) {
		// The events RxDB's own write emits for these inserts (nothing was in the store for them), after the commit.
		const { eventBulk } = categorizeBulkWriteRows(
			raw,
			'id',
			new Map(),
			added.map((document) => ({ document })),
			context
		);
		const last = added[added.length - 1]!;
		eventBulk.checkpoint = { id: last.id, lwt: last._meta.lwt };
		changes$.next(eventBulk);
	}
	return docs.filter((_, i) => failed.has(i));
}
