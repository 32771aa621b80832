// Why: the schemas must open on Dexie (index rules) with all 16 collections and accept the documents the app writes.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type KasirDatabase } from './database';
import { collections } from './schemas';
import { NEVER_PUSHED } from './push-state';
import { storeV0Orders } from '../../../tests/helpers/orders-v0';
import { productDoc } from '../../../tests/helpers/product-docs';

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

describe('openDatabase', () => {
	it('opens all 13 collections and queries by the declared indexes', async () => {
		db = await openDatabase({ name: `t${Date.now()}`, indexedDB, IDBKeyRange, multiInstance: false });
		expect(Object.keys(db.collections).sort()).toEqual(Object.keys(collections).sort());
		expect(Object.keys(db.collections)).toHaveLength(13);
		const now = new Date().toISOString();
		await db.orders.insert({
			local_id: 'ORD-20260127-JKT001-0001',
			order_number: 'ORD-20260127-JKT001-0001',
			payments: [],
			outlet_id: 'o',
			outlet_code: 'JKT-001',
			table_number: 'A-01',
			customer_name: null,
			pax: 2,
			items: [],
			subtotal: 0,
			service_amount: 0,
			tax_amount: 0,
			rounding_amount: 0,
			total_amount: 0,
			status: 'open',
			void_reason: null,
			payment_info: null,
			version: 1,
			created_at: now,
			updated_at: now,
			business_date: '2026-01-27',
			...NEVER_PUSHED
		});
		const pending = await db.orders.find({ selector: { sync_status: 'pending' } }).exec();
		expect(pending.map((d) => d.local_id)).toEqual(['ORD-20260127-JKT001-0001']);
		await db.products.insert(productDoc({ updated_at: now }));
		const found = await db.products
			.find({
				selector: { category_id: 'cat', name_lower: { $regex: '^nasi' } },
				sort: [{ category_id: 'asc' }, { name_lower: 'asc' }]
			})
			.exec();
		expect(found).toHaveLength(1);
	});

	it('opened without migration (as the worker does) after the UI thread migrated, it sees the migrated orders', async () => {
		const name = `m${Date.now()}`;
		await storeV0Orders(name);

		// The UI thread opens first and migrates; the worker opens the same database after it, without the plugin.
		const ui = await openDatabase({ name, indexedDB, IDBKeyRange, multiInstance: false });
		await ui.close();
		db = await openDatabase({ name, indexedDB, IDBKeyRange, multiInstance: false, migrate: false });
		const orders = await db.orders.find().exec();
		expect(orders.map((o) => [o.local_id, o.order_number, o.payments, o.shift_id])).toEqual([
			['ORD-20260127-JKT001-0001', 'ORD-20260127-JKT001-0001', [], null]
		]);
	});
});
