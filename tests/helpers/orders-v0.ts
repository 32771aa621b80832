// Why: a database as an older build left it (the orders collection at v0), for the tests of the schema migration and of
// the UI thread's migration plugin on demand.
import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { orderSchema } from '../../src/lib/db/schemas';
import type { OrderDoc } from '../../src/lib/db/types';

type OrderV0 = Omit<OrderDoc, 'order_number' | 'payments' | 'shift_id'>;

/** A database as an older build left it: the orders collection at v0 (no order_number, payments or shift_id). */
export async function storeV0Orders(name: string): Promise<void> {
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
