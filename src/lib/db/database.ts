// Why: one place opens the `kasir` RxDB database (UI thread and worker alike), so both see the same typed collections.
import {
	addRxPlugin,
	createRxDatabase,
	getPrimaryKeyOfInternalDocument,
	INTERNAL_CONTEXT_COLLECTION,
	type RxCollection,
	type RxCollectionCreator,
	type RxDatabase
} from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { copyUnchanged } from './copy-unchanged';
import { collections, fillBrandKey } from './schemas';
import type {
	CategoryDoc,
	ConflictDoc,
	MessageDoc,
	MetaDoc,
	ModifierDoc,
	OrderDoc,
	PhotoDoc,
	ProductDoc,
	ProductUpdateDoc,
	StoreDoc,
	SyncJobDoc,
	TableDoc,
	TransactionDoc
} from './types';

export interface KasirCollections {
	stores: RxCollection<StoreDoc>;
	categories: RxCollection<CategoryDoc>;
	products: RxCollection<ProductDoc>;
	modifiers: RxCollection<ModifierDoc>;
	photos: RxCollection<PhotoDoc>;
	tables: RxCollection<TableDoc>;
	orders: RxCollection<OrderDoc>;
	transactions: RxCollection<TransactionDoc>;
	product_updates: RxCollection<ProductUpdateDoc>;
	conflicts: RxCollection<ConflictDoc>;
	sync_jobs: RxCollection<SyncJobDoc>;
	messages: RxCollection<MessageDoc>;
	meta: RxCollection<MetaDoc>;
}

export type KasirDatabase = RxDatabase<KasirCollections>;

export const DATABASE_NAME = 'kasir';

export interface OpenOptions {
	/** Defaults to `kasir`; tests pass a fresh name. */
	name?: string;
	/** fake-indexeddb in Node tests; the browser's own otherwise. */
	indexedDB?: IDBFactory;
	IDBKeyRange?: typeof IDBKeyRange;
	/** Defaults to true: the UI thread and the worker share the database. */
	multiInstance?: boolean;
	/**
	 * Defaults to true: schema version bumps (orders v1) migrate stored documents as the collection opens, and RxDB's
	 * migration plugin (which brings local documents and the replication protocol with it, ~11 KB gzip) is loaded
	 * only when a collection is stored at an older version than the code's. The worker opens the database first and
	 * migrates it; the UI thread's instance (the screens other than selling) opens after the worker answered, so it
	 * finds nothing left to migrate.
	 */
	migrate?: boolean;
}

let migrationPlugin: Promise<void> | undefined;

/** Loads and adds RxDB's migration plugin once; plugins are global to the module graph and never removed. */
function addMigrationPlugin(): Promise<void> {
	migrationPlugin ??= import('rxdb/plugins/migration-schema').then(({ RxDBMigrationSchemaPlugin }) =>
		addRxPlugin(RxDBMigrationSchemaPlugin)
	);
	return migrationPlugin;
}

/**
 * The collections stored at an older schema version than the code's: RxDB keeps one internal document per collection
 * and version (`<name>-<version>`) until that version's documents are migrated, and the migration plugin's own check
 * (`mustMigrate`) reads the same documents. One read of the internal store, before the collections are added.
 */
export async function collectionsToMigrate(db: Pick<RxDatabase, 'internalStore'>): Promise<string[]> {
	const ids = new Map<string, string>();
	for (const [name, c] of Object.entries(collections))
		for (let v = 0; v < (c.schema.version ?? 0); v++)
			ids.set(getPrimaryKeyOfInternalDocument(`${name}-${v}`, INTERNAL_CONTEXT_COLLECTION), name);
	if (ids.size === 0) return [];
	const found = await db.internalStore.findDocumentsById([...ids.keys()], false);
	return [...new Set(found.map((d) => ids.get(d.id)).filter((n) => n !== undefined))].sort();
}

/**
 * The stored products version from which every later strategy returns a product unchanged (v2 only drops indexes): a
 * store at it is copied as it is (db/copy-unchanged.ts) instead of through RxDB's migration.
 */
const PRODUCTS_UNCHANGED_SINCE = 1;

/**
 * Whether RxDB's migration plugin is needed for this open: a collection is stored at an older version than the code's
 * (after the unchanged copy), or the plugin is already loaded (it then checks every later-version collection anyway).
 */
async function needsMigration(db: KasirDatabase): Promise<boolean> {
	let stale = await collectionsToMigrate(db);
	if (
		stale.includes('products') &&
		(await copyUnchanged(db, 'products', PRODUCTS_UNCHANGED_SINCE, collections.products.schema))
	)
		stale = await collectionsToMigrate(db);
	return migrationPlugin !== undefined || stale.length > 0;
}

/** Opens (or creates) the database with all 13 collections. */
export async function openDatabase(opts: OpenOptions = {}): Promise<KasirDatabase> {
	const storage = getRxStorageDexie(
		opts.indexedDB ? { indexedDB: opts.indexedDB, IDBKeyRange: opts.IDBKeyRange } : {}
	);
	const db = await createRxDatabase<KasirCollections>({
		name: opts.name ?? DATABASE_NAME,
		storage,
		multiInstance: opts.multiInstance ?? true,
		eventReduce: true,
		// Pending counts and badges count without a matching index; fine at till sizes.
		allowSlowCount: true,
		closeDuplicates: true
	});
	// Most starts have nothing to migrate: the plugin is loaded only when a stored version is older than the code's.
	// Once added, the plugin marks every new collection of a later version as migrating until its check has run (its
	// `createRxCollection` hook): from then on every open awaits that check (`autoMigrate`), or a write just after
	// the open would be refused (RxDB's COL25).
	const migrate = (opts.migrate ?? true) && (await needsMigration(db));
	if (migrate) await addMigrationPlugin();
	const creators: Record<string, RxCollectionCreator> = {};
	for (const [name, c] of Object.entries(collections))
		creators[name] = migrate ? c : { ...c, autoMigrate: false };
	await db.addCollections(creators);
	// Every write through the collection (insert, upsert, modify, patch) keeps the derived index key in step.
	db.products.preInsert(fillBrandKey, false);
	db.products.preSave(fillBrandKey, false);
	return db;
}
