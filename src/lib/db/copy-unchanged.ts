// Why: a schema version that only drops indexes (products v1 -> v2) changes no stored field, yet RxDB's migration
// replicates every document into the new version's store through its replication protocol (a meta document per row,
// 200 rows a batch): 40 s for 10k products at load 14, on the UI thread, before the first screen. This copies the stored
// documents as they are (revision and write time kept) into the new store in a few storage writes, then drops the old
// store and its entry, so RxDB finds nothing left to migrate. Anything unexpected leaves the old store for RxDB's own
// migration (the version's strategy), which then runs as before.
import {
	INTERNAL_CONTEXT_COLLECTION,
	createRxSchema,
	getPrimaryKeyOfInternalDocument,
	normalizeMangoQuery,
	prepareQuery,
	type InternalStoreCollectionDocType,
	type RxDatabase,
	type RxDocumentData,
	type RxJsonSchema,
	type RxStorageInstance
} from 'rxdb';

/** Rows per storage write of the copy (one IndexedDB transaction each). */
const COPY_PAGE = 2500;

/** The copy's parts on the User Timing timeline (`kasir:copy-unchanged:<part>`, the migration bench prints them). */
function measure(part: string, start: number): number {
	performance.measure(`kasir:copy-unchanged:${part}`, { start, end: performance.now() });
	return performance.now();
}

type Instance = RxStorageInstance<Record<string, unknown>, unknown, unknown>;

/** What the copy uses of the database. */
type Db = Pick<RxDatabase, 'internalStore' | 'storage' | 'name' | 'token' | 'password' | 'hashFunction'>;

/**
 * Moves collection `name`'s documents stored at schema version `from` into its store at `schema`'s version, unchanged.
 * Only for versions whose strategies return every document as it is. True when the old store is gone afterwards (copied
 * here, or by another tab meanwhile: the copy runs under a Web Lock where there is one); false when there was nothing at
 * `from` or the copy could not be made, and RxDB's migration is then what moves them.
 */
export async function copyUnchanged<T>(
	db: Db,
	name: string,
	from: number,
	schema: RxJsonSchema<T>
): Promise<boolean> {
	const locks = globalThis.navigator?.locks;
	const run = () => copy(db, name, from, schema);
	return locks ? locks.request(`kasir:copy-unchanged:${db.name}:${name}`, run) : run();
}

async function copy<T>(db: Db, name: string, from: number, schema: RxJsonSchema<T>): Promise<boolean> {
	const metaId = getPrimaryKeyOfInternalDocument(`${name}-${from}`, INTERNAL_CONTEXT_COLLECTION);
	const [meta] = (await db.internalStore.findDocumentsById(
		[metaId],
		false
	)) as RxDocumentData<InternalStoreCollectionDocType>[];
	// Nothing stored at that version (or another tab finished first), or a store RxDB replicates itself.
	if (!meta || meta.data.connectedStorages.length > 0) return false;
	const open = (s: RxJsonSchema<RxDocumentData<Record<string, unknown>>>) =>
		db.storage.createStorageInstance({
			databaseName: db.name,
			collectionName: name,
			databaseInstanceToken: db.token,
			multiInstance: false,
			options: {},
			schema: s,
			password: db.password as string | undefined,
			devMode: false
		}) as Promise<Instance>;
	const opened: Instance[] = [];
	try {
		const old = await open(meta.data.schema);
		opened.push(old);
		const target = await open(
			createRxSchema(schema, db.hashFunction, false).jsonSchema as RxJsonSchema<
				RxDocumentData<Record<string, unknown>>
			>
		);
		opened.push(target);
		// Every stored row, deleted ones included (a storage query sees RxDB's tombstones too).
		let t = performance.now();
		const { documents } = await old.query(
			prepareQuery(old.schema, normalizeMangoQuery(old.schema, { selector: {} }))
		);
		t = measure('read', t);
		for (let i = 0; i < documents.length; i += COPY_PAGE) {
			const rows = documents.slice(i, i + COPY_PAGE).map((document) => ({ document }));
			const { error } = await target.bulkWrite(rows, 'kasir-copy-unchanged');
			// 409: already copied by a copy that was cut short (the old store is not written meanwhile).
			const failed = error.find((e) => e.status !== 409);
			if (failed) throw new Error(`copy of ${name} v${from} failed: ${failed.status} ${failed.documentId}`);
		}
		await target.close();
		opened.splice(opened.indexOf(target), 1);
		t = measure('write', t);
		// As RxDB's migration ends: the old store removed, then its entry (a copy cut short between the two finds an
		// empty old store next time, and ends).
		await old.remove();
		opened.splice(opened.indexOf(old), 1);
		const { error } = await db.internalStore.bulkWrite(
			[{ previous: meta, document: { ...meta, _deleted: true } }],
			'rx-migration-remove-collection-meta'
		);
		const failed = error.find((e) => e.status !== 409);
		if (failed) throw new Error(`entry of ${name} v${from} not removed: ${failed.status}`);
		measure('remove', t);
		return true;
	} catch (e) {
		console.warn('[kasir] unchanged copy not made, RxDB migrates instead', e);
		await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
		return false;
	}
}
