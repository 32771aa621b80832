// Why: many documents changed in one storage write (one IndexedDB transaction, one change-event batch) instead of one
// incrementalModify each; a document written meanwhile by someone else falls back to its own incrementalModify, so no write is lost.
import type { RxCollection, RxDocument, RxDocumentData } from 'rxdb';

/**
 * Applies `change` to each document; `null` means "leave it as it is" (nothing is written for it).
 * `change` may run twice for a document that was modified concurrently (once on the stale copy, once on the latest).
 * `change` gets a deep copy it may mutate, unless `opts.readOnly`: then it gets the stored revision itself and must
 * return a new object (sharing unchanged nested values is fine: stored revisions are never mutated), which saves a
 * deep copy of every document (a push write-back changes 1000 orders at once).
 * Returns how many documents were written.
 */
export async function bulkModify<T extends object>(
	coll: RxCollection<T>,
	docs: readonly RxDocument<T>[],
	change: (current: T) => T | null,
	context: string,
	opts: { readOnly?: boolean } = {}
): Promise<number> {
	const rows: { previous: RxDocumentData<T>; document: RxDocumentData<T> }[] = [];
	for (const doc of docs) {
		const previous = doc._data;
		const next = change(opts.readOnly ? previous : doc.toMutableJSON());
		if (next === null) continue;
		rows.push({
			previous,
			document: {
				...next,
				_deleted: previous._deleted,
				_attachments: previous._attachments,
				_meta: previous._meta,
				_rev: previous._rev
			}
		});
	}
	if (rows.length === 0) return 0;
	const res = await coll.storageInstance.bulkWrite(rows, context);
	let written = rows.length - res.error.length;
	for (const err of res.error) {
		if (err.status !== 409) throw new Error(`${context}: write of ${err.documentId} failed (${err.status})`);
		const latest = await coll.findOne(err.documentId).exec();
		if (!latest) continue;
		let wrote = false;
		await latest.incrementalModify((d) => {
			const next = change(d);
			if (next === null) return d;
			wrote = true;
			return next;
		});
		if (wrote) written++;
	}
	return written;
}
