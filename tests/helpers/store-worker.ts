// Why: the worker's store area as the app reaches it, for the managers' tests: its real handlers exposed over comlink
// through a Node MessageChannel, on a real RxDB over fake-indexeddb (no stubs; the test writes through `db`).
import 'fake-indexeddb/auto';
import { expose, wrap } from 'comlink';
import { openDatabase, type KasirDatabase } from '../../src/lib/db/database';
import { storeClient, type StoreClient } from '../../src/lib/store-client';
import { storeHandlers, type StoreApi } from '../../worker/store/api';

export interface StoreWorker {
	/** The database the handlers answer from (the test's writes go here, as the worker's pulls would). */
	db: KasirDatabase;
	/** The managers' client, over the channel. */
	store: StoreClient;
	/** Closes the channel and removes the database. */
	close(): Promise<void>;
}

/** A fresh database, the store handlers on it behind one end of a MessageChannel, and the client on the other. */
export async function openStoreWorker(): Promise<StoreWorker> {
	const db = await openDatabase({
		name: `store_${crypto.randomUUID().slice(0, 8)}`,
		indexedDB,
		IDBKeyRange,
		multiInstance: false
	});
	const { port1, port2 } = new MessageChannel();
	expose(storeHandlers({ db }), port1);
	const store = storeClient(wrap<StoreApi>(port2));
	return {
		db,
		store,
		async close() {
			port2.close();
			port1.close();
			await db.remove();
		}
	};
}
