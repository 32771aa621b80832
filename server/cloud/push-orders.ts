// Order and transaction pushes: idempotent by (outlet_id, local_id); a higher version updates.
import { randomUUID } from 'node:crypto';
import type {
	OrderPush,
	ProductConflictResult,
	PushResult,
	TransactionPush
} from '../../src/lib/contract/cloud.ts';
import type { Db, Queryable } from '../db/types.ts';
import { isoUs } from '../db/sql.ts';
import { HttpError } from '../http/envelope.ts';
import type { Outlet } from './http.ts';
import { checkBodyOutlet, stampPush } from './outlets.ts';
import { contestedPush } from './shared-order-conflicts.ts';
import { publishOrderUpdated } from './shared-orders.ts';

type Stored = { cloud_id: string; version: number; synced_at: string };

async function existing(q: Queryable, table: 'orders' | 'transactions', outletId: string, localId: string) {
	const { rows } = await q.query<Stored & { device_code?: string | null }>(
		`select cloud_id::text as cloud_id, version, ${isoUs('synced_at')} as synced_at${table === 'orders' ? ', device_code' : ''} from ${table}
		  where outlet_id = $1 and local_id = $2 for update`,
		[outletId, localId]
	);
	return rows[0];
}

/**
 * The stored columns after cloud_id, outlet_id, local_id, outlet_code, in table order (shared with the bulk insert).
 * `json` turns a jsonb column's value into what is sent: its text for a bound parameter, the value itself inside the
 * bulk insert's JSON rows.
 */
export const orderColumns = (o: OrderPush, json: (v: unknown) => unknown = JSON.stringify): unknown[] => [
	o.table_number ?? null,
	o.customer_name ?? null,
	o.pax ?? null,
	o.total_amount,
	o.status,
	json(o.items),
	o.payment_info ? json(o.payment_info) : null,
	o.version,
	o.created_at,
	o.updated_at,
	o.order_number ?? null,
	o.cashier_name ?? null,
	o.staff_id ?? null,
	o.voided_by ?? null,
	o.discount_amount ?? 0,
	o.discount ? json(o.discount) : null,
	o.shared?.device_code ?? null,
	o.shared?.till ? json(o.shared.till) : null
];
export const ORDER_COLUMNS =
	'table_number, customer_name, pax, total_amount, status, items, payment_info, version, created_at, updated_at, order_number, ' +
	'cashier_name, staff_id, voided_by, discount_amount, discount, device_code, shared';

export const transactionColumns = (t: TransactionPush): unknown[] => [
	t.order_id,
	t.total_amount,
	t.payment_method,
	t.cash_amount ?? null,
	t.change_amount ?? null,
	t.cashier_name ?? null,
	t.version,
	t.created_at,
	t.type ?? 'payment',
	t.reason ?? null
];
export const TRANSACTION_COLUMNS =
	'order_id, total_amount, payment_method, cash_amount, change_amount, cashier_name, version, created_at, type, reason';

/**
 * A retry of the same version must carry the same body (compared in SQL on what is stored, so key
 * order, number spelling and timestamp offsets do not matter); anything else is a client bug that
 * would otherwise be silently dropped: 422 idempotency_conflict, as the IETF Idempotency-Key draft.
 */
async function assertSameBody(
	q: Queryable,
	table: 'orders' | 'transactions',
	outletId: string,
	localId: string,
	compare: string,
	values: unknown[]
) {
	const { rows } = await q.query<{ same: boolean }>(
		`select (${compare}) as same from ${table} where outlet_id = $1 and local_id = $2`,
		[outletId, localId, ...values]
	);
	if (rows[0] && !rows[0].same)
		throw new HttpError(
			422,
			'idempotency_conflict',
			`local_id ${localId} version ${String(values[values.length - 1] ?? '')} was already pushed with a different body; send a higher version to change it`
		);
}

const ORDER_SAME = `table_number is not distinct from $3 and customer_name is not distinct from $4 and pax is not distinct from $5::int
	and total_amount = $6::bigint and status = $7 and items = $8::jsonb and payment_info is not distinct from $9::jsonb
	and created_at = $10::timestamptz and updated_at = $11::timestamptz and version = $12::int`;
const TRANSACTION_SAME = `order_id = $3 and total_amount = $4::bigint and payment_method = $5
	and cash_amount is not distinct from $6::bigint and change_amount is not distinct from $7::bigint
	and cashier_name is not distinct from $8 and type = $9 and reason is not distinct from $10
	and created_at = $11::timestamptz and version = $12::int`;

const result = (s: Stored, localId: string): PushResult => ({
	cloud_id: s.cloud_id,
	local_id: localId,
	version: s.version,
	synced_at: s.synced_at
});

/**
 * Creates the order, or returns the stored one: a retry (same or lower version) changes nothing and
 * answers the first cloud_id; a higher version (status change, items served, paid) replaces it.
 * With shared open orders (`share`), a push based on a version another till has moved on is a
 * conflict (shared-order-conflicts.ts), and every accepted push is announced with order.updated.
 */
export async function pushOrder(
	db: Db,
	outlet: Outlet,
	o: OrderPush,
	share = false
): Promise<PushResult | ProductConflictResult> {
	checkBodyOutlet(outlet, o);
	const cols = orderColumns(o);
	return db.tx(async (q) => {
		const found = await existing(q, 'orders', outlet.id, o.local_id);
		if (share && found) {
			const contested = await contestedPush(q, outlet, o, found);
			if (contested) return contested;
		}
		const accepted = await storeOrder(q, outlet, o, cols, found);
		if (share && accepted.changed) await publishOrderUpdated(q, outlet.id, [o.local_id]);
		return accepted.result;
	});
}

async function storeOrder(
	q: Queryable,
	outlet: Outlet,
	o: OrderPush,
	cols: unknown[],
	found: Stored | undefined
): Promise<{ result: PushResult; changed: boolean }> {
	if (found && o.version === found.version)
		await assertSameBody(q, 'orders', outlet.id, o.local_id, ORDER_SAME, [
			...cols.slice(0, 7),
			o.created_at,
			o.updated_at,
			o.version
		]);
	if (found && o.version <= found.version) return { result: result(found, o.local_id), changed: false };
	if (found) {
		const { rows } = await q.query<Stored>(
			`update orders set table_number = $3, customer_name = $4, pax = $5, total_amount = $6, status = $7, items = $8,
				        payment_info = $9, version = $10, created_at = $11, updated_at = $12,
				        order_number = coalesce($13, order_number), cashier_name = $14, staff_id = $15, voided_by = $16,
				        discount_amount = $17, discount = $18, device_code = coalesce($19, device_code),
				        shared = coalesce($20, shared), synced_at = now()
				  where outlet_id = $1 and local_id = $2
				  returning cloud_id::text as cloud_id, version, ${isoUs('synced_at')} as synced_at`,
			[outlet.id, o.local_id, ...cols]
		);
		await stampPush(q, outlet.id);
		return { result: result(rows[0] as Stored, o.local_id), changed: true };
	}
	const { rows } = await q.query<Stored>(
		`insert into orders (cloud_id, outlet_id, local_id, outlet_code, table_number, customer_name, pax, total_amount,
			                     status, items, payment_info, version, created_at, updated_at, order_number,
			                     cashier_name, staff_id, voided_by, discount_amount, discount, device_code, shared)
			 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
			 on conflict (outlet_id, local_id) do nothing
			 returning cloud_id::text as cloud_id, version, ${isoUs('synced_at')} as synced_at`,
		[randomUUID(), outlet.id, o.local_id, outlet.code, ...cols]
	);
	await stampPush(q, outlet.id);
	// A concurrent first push of the same order won the insert: answer its row.
	const row = rows[0] ?? (await existing(q, 'orders', outlet.id, o.local_id));
	return { result: result(row as Stored, o.local_id), changed: rows.length > 0 };
}

/** Creates the transaction once; the same rules as orders (a payment is rarely re-versioned). */
export async function pushTransaction(db: Db, outlet: Outlet, t: TransactionPush): Promise<PushResult> {
	checkBodyOutlet(outlet, t);
	const cols = transactionColumns(t);
	return db.tx(async (q) => {
		const found = await existing(q, 'transactions', outlet.id, t.local_id);
		if (found && t.version === found.version)
			await assertSameBody(q, 'transactions', outlet.id, t.local_id, TRANSACTION_SAME, [
				...cols.slice(0, 6),
				t.type ?? 'payment',
				t.reason ?? null,
				t.created_at,
				t.version
			]);
		if (found && t.version <= found.version) return result(found, t.local_id);
		if (found) {
			const { rows } = await q.query<Stored>(
				`update transactions set order_id = $3, total_amount = $4, payment_method = $5, cash_amount = $6,
				        change_amount = $7, cashier_name = $8, version = $9, created_at = $10, type = $11, reason = $12,
				        synced_at = now()
				  where outlet_id = $1 and local_id = $2
				  returning cloud_id::text as cloud_id, version, ${isoUs('synced_at')} as synced_at`,
				[outlet.id, t.local_id, ...cols]
			);
			await stampPush(q, outlet.id);
			return result(rows[0] as Stored, t.local_id);
		}
		const { rows } = await q.query<Stored>(
			`insert into transactions (cloud_id, outlet_id, local_id, outlet_code, order_id, total_amount, payment_method,
			                           cash_amount, change_amount, cashier_name, version, created_at, type, reason)
			 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			 on conflict (outlet_id, local_id) do nothing
			 returning cloud_id::text as cloud_id, version, ${isoUs('synced_at')} as synced_at`,
			[randomUUID(), outlet.id, t.local_id, outlet.code, ...cols]
		);
		await stampPush(q, outlet.id);
		const row = rows[0] ?? (await existing(q, 'transactions', outlet.id, t.local_id));
		return result(row as Stored, t.local_id);
	});
}
