// Why: a page of incoming documents in one storage write without reading the collection first (the first sync has
// nothing to compare with); the documents it already holds come back as conflicts carrying their stored state, and only
// those are compared and rewritten, in one more write. A re-sent page of equal versions writes nothing.
import type { BulkWriteRow, RxCollection, RxDocumentData } from 'rxdb';
import { addUnread } from './add-unread';

export interface InsertOptions<T> {
	/** Gets, once the write is done, each document as the collection now holds it (written, or kept as stored). */
	onStored?: (docs: T[]) => void;
	/**
	 * Add the documents the collection does not hold below RxDB's read (worker/sync/add-unread.ts) before writing the
	 * rest through RxDB: for pages that are mostly new (a first sync); a page of held documents pays a refused add each.
	 */
	addFirst?: boolean;
}

export interface InsertResult {
	/** Documents written (added, inserted or merged). */
	written: number;
	/** Of the incoming documents, how many the collection held already, deleted ones aside (compared through `merge`). */
	held: number;
}

/**
 * Inserts `docs`; for each one the collection already holds, `merge(incoming, stored)` gives what to write instead
 * (`null`: keep the stored one). `merge` may run again for a document someone else wrote in between.
 * Collection hooks do not run (this writes through the storage instance): derived fields must be in `docs`.
 */
export async function insertOrMerge<T extends { id: string }>(
	coll: RxCollection<T>,
	docs: readonly T[],
	merge: (incoming: T, stored: RxDocumentData<T>) => T | null,
	context: string,
	{ onStored, addFirst = false }: InsertOptions<T> = {}
): Promise<InsertResult> {
	const incoming = new Map(docs.map((d) => [d.id, d]));
	/** The ones RxDB writes (all of them, or those `addUnread` found held). */
	let rest: readonly T[] = docs;
	let written = 0;
	if (addFirst) {
		const held = await addUnread(coll, docs, context);
		if (held) {
			written = docs.length - held.length;
			rest = held;
		}
	}
	let held = 0;
	let rows: BulkWriteRow<T>[] = rest.map((d) => ({
		// `_meta` and `_rev` of an insert are set by RxDB's storage wrapper.
		document: { ...d, _deleted: false, _attachments: {}, _meta: { lwt: 0 }, _rev: '' }
	}));
	/** Each document as held after the write: the incoming one unless it came back as a conflict. */
	const now = onStored ? new Map<string, T>(incoming) : null;
	for (let round = 0; rows.length > 0; round++) {
		if (round > 4) throw new Error(`${context}: documents kept changing while written`);
		const res = await coll.storageInstance.bulkWrite(rows, context);
		written += rows.length - res.error.length;
		if (round === 0) held = res.error.length;
		const next: BulkWriteRow<T>[] = [];
		for (const err of res.error) {
			if (err.status !== 409)
				throw new Error(`${context}: write of ${err.documentId} failed (${err.status})`);
			const stored = err.documentInDb;
			const doc = incoming.get(err.documentId);
			const merged = doc ? merge(doc, stored) : null;
			now?.set(err.documentId, merged ?? stored);
			if (merged === null) continue;
			next.push({
				previous: stored,
				document: {
					...merged,
					_deleted: false,
					_attachments: stored._attachments,
					_meta: stored._meta,
					_rev: stored._rev
				}
			});
		}
		rows = next;
	}
	if (now) onStored?.([...now.values()]);
	return { written, held };
}
