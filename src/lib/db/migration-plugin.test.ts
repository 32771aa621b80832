// Why: the UI thread loads RxDB's migration plugin only when a collection is stored at an older version; an old
// database must still be migrated (the worker opens without the plugin and relies on it), a current one must not
// load the plugin. Its own file: RxDB's plugins are global to the module graph, so the order of these tests matters.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { collectionsToMigrate, openDatabase, type KasirDatabase } from './database';
import { orderSchema } from './schemas';
import type { OrderDoc } from './types';

type OrderV0 = Omit<OrderDoc, 'order_number' | 'payments' | 'shift_id'>;

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

/** A database as an older build left it: the orders collection at v0 (no order_number, payments or shift_id). */
async function storeV0Orders(name: string): Promise<void> {
	const v1Only: readonly string[] = ['order_number', 'payments', 'shift_id'];
	const isV0 = (k: string): k is keyof OrderV0 => !v1Only.includes(k);
	const { order_number: _n, payments: _p, shift_id: _s, ...v0Properties } = orderSchema.properties;
	const v0: RxJsonSchema<OrderV0> = {
		...orderSchema,
		version: 0,
		primaryKey: 'local_id',
		properties: v0Properties,
		required: (orderSchema.required ?? []).filter(isV0),
		indexes: (orderSchema.indexes ?? []).filter((i) => i !== 'order_number')
	};
	const old = await createRxDatabase({
		name,
		storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
		multiInstance: false
	});
	const { orders } = await old.addCollections({ orders: { schema: v0 } });
	const now = new Date().toISOString();
	await orders.insert({
		local_id: 'ORD-20260127-JKT001-0001',
		outlet_id: 'o',
		outlet_code: 'JKT-001',
		table_number: null,
		customer_name: null,
		pax: 1,
		items: [],
		subtotal: 0,
		service_amount: 0,
		tax_amount: 0,
		rounding_amount: 0,
		total_amount: 0,
		status: 'paid',
		void_reason: null,
		payment_info: null,
		version: 1,
		created_at: now,
		updated_at: now,
		business_date: '2026-01-27',
		cloud_id: null,
		synced_version: 0,
		synced_at: null,
		sync_status: 'pending',
		sync_error: null,
		sync_attempts: 0,
		next_attempt_at: null
	});
	await old.close();
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
		await db.products.insert({
			id: 'p1',
			company_id: 'c',
			brand_id: null,
			category_id: 'cat',
			sku: 'NG-1',
			name: 'Nasi Goreng',
			name_lower: 'nasi goreng',
			description: '',
			price: 35000,
			stock: null,
			destination: 'kitchen',
			is_available: true,
			modifier_group_ids: [],
			version: 1,
			is_deleted: false,
			photo_id: null,
			updated_at: new Date().toISOString()
		});
		expect((await db.products.findOne('p1').exec())?.brand_key).toBe('');
	});
});
