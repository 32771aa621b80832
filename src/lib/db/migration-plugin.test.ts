// Why: the UI thread loads RxDB's migration plugin only when a collection is stored at an older version; an old
// database must still be migrated (the worker opens without the plugin and relies on it), a current one must not
// load the plugin. Its own file: RxDB's plugins are global to the module graph, so the order of these tests matters.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { collectionsToMigrate, openDatabase, type KasirDatabase } from './database';
import { createRxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { storeV0Orders } from '../../../tests/helpers/orders-v0';
import { productDoc } from '../../../tests/helpers/product-docs';

const opts = { indexedDB, IDBKeyRange, multiInstance: false } as const;

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

/** Whether RxDB's migration plugin has been added (without it, `migrationNeeded` throws RxDB's "plugin missing"). */
function migrationPluginLoaded(d: KasirDatabase): boolean {
	try {
		void d.orders.migrationNeeded();
		return true;
	} catch {
		return false;
	}
}

describe('the migration plugin on demand', () => {
	it('a new database, and one reopened at the code versions, open without the plugin', async () => {
		const name = `fresh${Date.now()}`;
		const first = await openDatabase({ name, ...opts });
		expect(await collectionsToMigrate(first)).toEqual([]);
		await first.close();
		db = await openDatabase({ name, ...opts });
		expect(await collectionsToMigrate(db)).toEqual([]);
		expect(migrationPluginLoaded(db)).toBe(false);
	});

	it('a database with orders stored at v0 loads it, migrates them, and then the worker reads them', async () => {
		const name = `old${Date.now()}`;
		await storeV0Orders(name);
		const probe = await createRxDatabase({
			name,
			storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
			multiInstance: false
		});
		expect(await collectionsToMigrate(probe)).toEqual(['orders']);
		await probe.close();

		// The UI thread opens first and migrates; the worker opens the same database after it, without the plugin.
		const ui = await openDatabase({ name, ...opts });
		expect(migrationPluginLoaded(ui)).toBe(true);
		expect(await collectionsToMigrate(ui)).toEqual([]);
		await ui.close();
		db = await openDatabase({ name, ...opts, migrate: false });
		const orders = await db.orders.find().exec();
		expect(orders.map((o) => [o.local_id, o.order_number, o.payments, o.shift_id])).toEqual([
			['ORD-20260127-JKT001-0001', 'ORD-20260127-JKT001-0001', [], null]
		]);
	});

	it('once the plugin is loaded, a database opened later takes a write at once (no open left migrating)', async () => {
		db = await openDatabase({ name: `later${Date.now()}`, ...opts });
		expect(migrationPluginLoaded(db)).toBe(true);
		// products is at v1: the plugin's hook marks it migrating until its check has run.
		await db.products.insert(productDoc({ updated_at: new Date().toISOString() }));
		expect((await db.products.findOne('p1').exec())?.brand_key).toBe('');
	});
});
