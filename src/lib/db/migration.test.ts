// Why: orders v1 (shift_id) must open a device's existing v0 orders and migrate them, not fail to start.
import 'fake-indexeddb/auto';
import { createRxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { orderSchema } from './schemas';
import type { OrderDoc } from './types';

describe('orders schema v0 → v1', () => {
	it('keeps every stored order and gives it shift_id null', async () => {
		const name = `mig${Date.now()}`;
		const { shift_id: _dropped, ...v0props } = orderSchema.properties;
		const old = await createRxDatabase({
			name,
			storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
			multiInstance: false
		});
		const cols = await old.addCollections({
			orders: { schema: { ...orderSchema, version: 0, properties: v0props } }
		});
		const now = new Date().toISOString();
		const order: Omit<OrderDoc, 'shift_id'> = {
			local_id: 'ORD-OLD-1',
			outlet_id: 'o',
			outlet_code: 'JKT-001',
			table_number: null,
			customer_name: null,
			pax: null,
			items: [],
			subtotal: 0,
			service_amount: 0,
			tax_amount: 0,
			rounding_amount: 0,
			total_amount: 10_000,
			status: 'paid',
			void_reason: null,
			payment_info: { method: 'cash', amount: 10_000, paid_at: now },
			version: 2,
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
		};
		await cols.orders.insert(order);
		await old.close();

		const db = await openDatabase({ name, indexedDB, IDBKeyRange, multiInstance: false });
		const migrated = (await db.orders.findOne('ORD-OLD-1').exec())?.toJSON();
		expect(migrated).toMatchObject({ ...order, shift_id: null });
		await db.remove();
	});
});
