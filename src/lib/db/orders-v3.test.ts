// Why: orders v3 adds the [business_date, created_at] index the orders screen reads through; orders a v2 database holds
// must come through unchanged and be found by it, on the UI thread (which migrates) and in the worker opening after it
// without the migration plugin.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openDatabase, type KasirDatabase } from './database';
import { dayQuery, openDayReader } from './day-orders';
import { migrateOrderV1, migrateOrderV2, migrateOrderV3, orderSchema } from './schemas';
import type { OrderDoc } from './types';
import { orderDoc } from '../../../tests/helpers/order-docs';

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

function v2Order(localId: string, createdAt: string): OrderDoc {
	return orderDoc({
		local_id: localId,
		order_number: `ORD-${localId}`,
		created_at: createdAt,
		business_date: '2026-01-27',
		status: 'paid',
		shift_id: null,
		refunds: [],
		links: null,
		cashier_name: 'Sari',
		staff_id: null,
		voided_by: null,
		voided_by_id: null,
		discount: null,
		discount_amount: 0
	});
}

describe('orders v2 -> v3', () => {
	it('changes no field', () => {
		const o = v2Order('a', '2026-01-27T10:00:00.000Z');
		expect(migrateOrderV3(o)).toEqual(o);
	});

	it('migrates a v2 database as the UI opens it; the worker then opens it without migrating; the new index reads it', async () => {
		const name = `o3${Date.now()}`;
		const storage = getRxStorageDexie({ indexedDB, IDBKeyRange });
		const v2: RxJsonSchema<OrderDoc> = {
			...orderSchema,
			version: 2,
			indexes: ['sync_status', 'business_date', ['status', 'updated_at'], 'updated_at', 'order_number']
		};
		const old = await createRxDatabase({ name, storage, multiInstance: false });
		// A fresh v2 collection: nothing to migrate (and no migration plugin loaded yet).
		const { orders } = await old.addCollections({
			orders: {
				schema: v2,
				migrationStrategies: { 1: migrateOrderV1, 2: migrateOrderV2 },
				autoMigrate: false
			}
		});
		const stored = [
			v2Order('b-older', '2026-01-27T09:00:00.000Z'),
			v2Order('a-newer', '2026-01-27T11:00:00.000Z')
		];
		await orders.bulkInsert(stored);
		await old.close();

		const ui = await openDatabase({ name, indexedDB, IDBKeyRange, multiInstance: false });
		const migrated = (await ui.orders.find().exec()).map((d) => d.toJSON() as OrderDoc);
		expect(migrated.sort((a, b) => a.local_id.localeCompare(b.local_id))).toEqual([stored[1], stored[0]]);
		await ui.close();

		db = await openDatabase({ name, indexedDB, IDBKeyRange, multiInstance: false, migrate: false });
		const plan = db.orders.find(dayQuery('2026-01-27')).getPreparedQuery().queryPlan;
		expect([plan.selectorSatisfiedByIndex, plan.sortSatisfiedByIndex]).toEqual([true, true]);
		const reader = await openDayReader(db.orders, '2026-01-27');
		const page = await reader.newest(50);
		expect(page.count).toBe(2);
		expect(page.rows.map((r) => r.doc.local_id)).toEqual(['a-newer', 'b-older']);
	});
});
