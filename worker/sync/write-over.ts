// Why: a pull stores its checkpoint and log after every page. RxDB's `bulkUpsert` of documents already stored tries an
// insert, gets them back as conflicts and writes each one again through its incremental queue, one after the other: three
// IndexedDB transactions for two documents, each reading them first, on the same IndexedDB sequence as the page's own
// write. The pull knows what it stored last, so each page's write is one storage write with that state as `previous`.
import { createRevision, now, type BulkWriteRow, type RxCollection, type RxDocumentData } from 'rxdb';

/**
 * Writes documents over the state this writer last stored (or was given with `hold`), in one storage write. One stored
 * meanwhile by someone else comes back as a conflict and is written again over what is stored: an upsert, the incoming
 * document wins, as with `bulkUpsert`. Collection hooks do not run (this writes through the storage instance).
 */
export class WriteOver<T> {
	/** What the storage holds for each key this writer wrote, as far as it knows (the revision is what RxDB stored). */
	readonly #held = new Map<string, RxDocumentData<T>>();

	constructor(
		private readonly coll: RxCollection<T>,
		private readonly context: string
	) {}

	#key(d: T | RxDocumentData<T>): string {
		return String((d as Record<string, unknown>)[this.coll.schema.primaryPath]);
	}

	/** The stored state of documents read from the collection (their revision is the next write's `previous`). */
	hold(docs: Iterable<RxDocumentData<T>>): void {
		for (const d of docs) this.#held.set(this.#key(d), d);
	}

	/** Writes `docs` (whole documents, no RxDB fields) over what is stored, inserting the ones not stored. */
	async write(docs: readonly T[]): Promise<void> {
		const incoming = new Map(docs.map((d) => [this.#key(d), d]));
		let rows = docs.map((d) => row(d, this.#held.get(this.#key(d))));
		for (let round = 0; rows.length > 0; round++) {
			if (round > 4) throw new Error(`${this.context}: documents kept changing while written`);
			const time = now();
			const res = await this.coll.storageInstance.bulkWrite(rows, this.context);
			const failed = new Set(res.error.map((e) => e.documentId));
			for (const r of rows) {
				const id = this.#key(r.document);
				// RxDB's wrapper stores the revision after `previous` (the first one for an insert) and its own write time.
				if (!failed.has(id))
					this.#held.set(id, {
						...r.document,
						_rev: createRevision(this.coll.database.token, r.previous),
						_meta: { lwt: time }
					});
				else this.#held.delete(id);
			}
			const next: BulkWriteRow<T>[] = [];
			for (const e of res.error) {
				const doc = incoming.get(e.documentId);
				if (e.status !== 409 || !e.documentInDb || !doc)
					throw new Error(`${this.context}: write of ${e.documentId} failed (${e.status})`);
				next.push(row(doc, e.documentInDb));
			}
			rows = next;
		}
	}
}

function row<T>(d: T, stored: RxDocumentData<T> | undefined): BulkWriteRow<T> {
	// `_meta` and `_rev` are set by RxDB's storage wrapper from `previous` (or as an insert's without one).
	return stored
		? {
				previous: stored,
				document: {
					...d,
					_deleted: false,
					_attachments: stored._attachments,
					_meta: stored._meta,
					_rev: stored._rev
				}
			}
		: { document: { ...d, _deleted: false, _attachments: {}, _meta: { lwt: 0 }, _rev: '' } };
}
