// Why: one place opens the `kasir` RxDB database (UI thread and worker alike), so both see the same typed collections.
import {
	addRxPlugin,
	createRxDatabase,
	type RxCollection,
	type RxCollectionCreator,
	type RxDatabase
} from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
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
	 * Defaults to true: schema version bumps (orders v1) migrate stored documents as the collection opens. The worker
	 * passes false: its tab's UI thread has opened (and so migrated) the database before it starts the worker, and
	 * the worker then ships without RxDB's migration plugin (which brings local documents and the replication
	 * protocol with it).
	 */
	migrate?: boolean;
}

async function addMigrationPlugin(): Promise<void> {
	const { RxDBMigrationSchemaPlugin } = await import('rxdb/plugins/migration-schema');
	addRxPlugin(RxDBMigrationSchemaPlugin);
}

/** Opens (or creates) the database with all 13 collections. */
export async function openDatabase(opts: OpenOptions = {}): Promise<KasirDatabase> {
	const migrate = opts.migrate ?? true;
	if (migrate) await addMigrationPlugin();
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
	const creators: Record<string, RxCollectionCreator> = {};
	for (const [name, c] of Object.entries(collections))
		creators[name] = migrate ? c : { ...c, autoMigrate: false };
	await db.addCollections(creators);
	// Every write through the collection (insert, upsert, modify, patch) keeps the derived index key in step.
	db.products.preInsert(fillBrandKey, false);
	db.products.preSave(fillBrandKey, false);
	return db;
}
