// Order and transaction pushes: idempotent by (outlet_id, local_id); a higher version updates.
import { randomUUID } from 'node:crypto';
import type { OrderPush, PushResult, TransactionPush } from '../../src/lib/contract/cloud.ts';
import type { Db, Queryable } from '../db/types.ts';
import { isoUs } from '../db/sql.ts';
import type { Outlet } from './http.ts';
import { checkBodyOutlet, stampPush } from './outlets.ts';

type Stored = { cloud_id: string; version: number; synced_at: string };

async function existing(q: Queryable, table: 'orders' | 'transactions', outletId: string, localId: string) {
	const { rows } = await q.query<Stored>(
		`select cloud_id::text as cloud_id, version, ${isoUs('synced_at')} as synced_at from ${table}
		  where outlet_id = $1 and local_id = $2 for update`,
		[outletId, localId]
	);
	return rows[0];
}

/** The stored columns after cloud_id, outlet_id, local_id, outlet_code, in table order (shared with the bulk insert). */
export const orderColumns = (o: OrderPush): unknown[] => [
	o.table_number ?? null,
	o.customer_name ?? null,
	o.pax ?? null,
	o.total_amount,
	o.status,
	JSON.stringify(o.items),
	o.payment_info ? JSON.stringify(o.payment_info) : null,
	o.version,
	o.created_at,
	o.updated_at,
	o.order_number ?? null
];
export const ORDER_COLUMNS =
	'table_number, customer_name, pax, total_amount, status, items, payment_info, version, created_at, updated_at, order_number';

export const transactionColumns = (t: TransactionPush): unknown[] => [
	t.order_id,
	t.total_amount,
	t.payment_method,
	t.cash_amount ?? null,
	t.change_amount ?? null,
	t.cashier_name ?? null,
	t.version,
	t.created_at
];
export const TRANSACTION_COLUMNS =
	'order_id, total_amount, payment_method, cash_amount, change_amount, cashier_name, version, created_at';

const result = (s: Stored, localId: string): PushResult => ({
	cloud_id: s.cloud_id,
	local_id: localId,
	version: s.version,
	synced_at: s.synced_at
});

/**
 * Creates the order, or returns the stored one: a retry (same or lower version) changes nothing and
 * answers the first cloud_id; a higher version (status change, items served, paid) replaces it.
 */
export async function pushOrder(db: Db, outlet: Outlet, o: OrderPush): Promise<PushResult> {
	checkBodyOutlet(outlet, o);
	const cols = orderColumns(o);
	return db.tx(async (q) => {
		const found = await existing(q, 'orders', outlet.id, o.local_id);
		if (found && o.version <= found.version) return result(found, o.local_id);
		if (found) {
			const { rows } = await q.query<Stored>(
				`update orders set table_number = $3, customer_name = $4, pax = $5, total_amount = $6, status = $7, items = $8,
				        payment_info = $9, version = $10, created_at = $11, updated_at = $12,
				        order_number = coalesce($13, order_number), synced_at = now()
				  where outlet_id = $1 and local_id = $2
				  returning cloud_id::text as cloud_id, version, ${isoUs('synced_at')} as synced_at`,
				[outlet.id, o.local_id, ...cols]
			);
			await stampPush(q, outlet.id);
			return result(rows[0] as Stored, o.local_id);
		}
		const { rows } = await q.query<Stored>(
			`insert into orders (cloud_id, outlet_id, local_id, outlet_code, table_number, customer_name, pax, total_amount,
			                     status, items, payment_info, version, created_at, updated_at, order_number)
			 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
			 on conflict (outlet_id, local_id) do nothing
			 returning cloud_id::text as cloud_id, version, ${isoUs('synced_at')} as synced_at`,
			[randomUUID(), outlet.id, o.local_id, outlet.code, ...cols]
		);
		await stampPush(q, outlet.id);
		// A concurrent first push of the same order won the insert: answer its row.
		const row = rows[0] ?? (await existing(q, 'orders', outlet.id, o.local_id));
		return result(row as Stored, o.local_id);
	});
}

/** Creates the transaction once; the same rules as orders (a payment is rarely re-versioned). */
export async function pushTransaction(db: Db, outlet: Outlet, t: TransactionPush): Promise<PushResult> {
	checkBodyOutlet(outlet, t);
	const cols = transactionColumns(t);
	return db.tx(async (q) => {
		const found = await existing(q, 'transactions', outlet.id, t.local_id);
		if (found && t.version <= found.version) return result(found, t.local_id);
		if (found) {
			const { rows } = await q.query<Stored>(
				`update transactions set order_id = $3, total_amount = $4, payment_method = $5, cash_amount = $6,
				        change_amount = $7, cashier_name = $8, version = $9, created_at = $10, synced_at = now()
				  where outlet_id = $1 and local_id = $2
				  returning cloud_id::text as cloud_id, version, ${isoUs('synced_at')} as synced_at`,
				[outlet.id, t.local_id, ...cols]
			);
			await stampPush(q, outlet.id);
			return result(rows[0] as Stored, t.local_id);
		}
		const { rows } = await q.query<Stored>(
			`insert into transactions (cloud_id, outlet_id, local_id, outlet_code, order_id, total_amount, payment_method,
			                           cash_amount, change_amount, cashier_name, version, created_at)
			 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			 on conflict (outlet_id, local_id) do nothing
			 returning cloud_id::text as cloud_id, version, ${isoUs('synced_at')} as synced_at`,
			[randomUUID(), outlet.id, t.local_id, outlet.code, ...cols]
		);
		await stampPush(q, outlet.id);
		const row = rows[0] ?? (await existing(q, 'transactions', outlet.id, t.local_id));
		return result(row as Stored, t.local_id);
	});
}
