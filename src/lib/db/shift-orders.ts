// Why: a shift's orders are read through the business_date index over the business days the shift spans, never by
// loading every order, and in one `getAll` of that index range (covered-read.ts): RxDB's own query walks a cursor, one
// task per order, which for two busy days (~2,000 orders) is most of the close. (The shift screen keeps its totals from
// a stored summary instead: db/shift-summary.ts.)
import type { MangoQuery } from 'rxdb';
import type { KasirDatabase } from './database';
import type { OrderDoc, ShiftDoc } from './types';
import { readCovered } from './covered-read';

/** The User Timing measure each read of a shift's days leaves (the bench reads it: the product's own path). */
export const SHIFT_ORDERS_MEASURE = 'kasir:shift-orders';
/** The measure the shift screen leaves each time it recomputes the totals (managers/shift.svelte.ts). */
export const SHIFT_TOTALS_MEASURE = 'kasir:shift-totals';

/**
 * Every order of the business days `from`..`to`, in (business_date, local_id) order: what RxDB's query without a sort
 * gives (it sorts by the business_date index, then the primary key), held entirely by that index, so one key range.
 */
export function shiftDaysQuery(from: string, to: string): MangoQuery<OrderDoc> {
	return {
		selector: { business_date: { $gte: from, $lte: to } },
		sort: [{ business_date: 'asc' }, { local_id: 'asc' }],
		// IndexedDB's largest count: every order of the days.
		limit: 2 ** 32 - 1
	};
}

/** The order as `toJSON()` gives it: without RxDB's own fields, which the storage read carries. */
function withoutMeta(o: OrderDoc): OrderDoc {
	const { _deleted, _rev, _meta, _attachments, ...order } = o as OrderDoc & {
		_deleted?: unknown;
		_rev?: unknown;
		_meta?: unknown;
		_attachments?: unknown;
	};
	return order;
}

/** Orders stamped with the shift, from its first business day to `lastDate` (its close, or today). */
export async function loadShiftOrders(
	db: KasirDatabase,
	shift: ShiftDoc,
	lastDate: string
): Promise<OrderDoc[]> {
	const { from, to } = daysOf(shift, lastDate);
	return (await readShiftDays(db, shift.local_id, from, to)).map(withoutMeta);
}

/**
 * The shift's orders of `from`..`to` as stored (RxDB's fields included), in one covered range; measured unless the
 * caller measures the read it is part of (db/shift-summary.ts).
 */
export async function readShiftDays(
	db: KasirDatabase,
	shiftId: string,
	from: string,
	to: string,
	measured = true
): Promise<OrderDoc[]> {
	const start = performance.now();
	const [read = []] = await readCovered(db.orders, [shiftDaysQuery(from, to)]);
	const orders = read.filter((o) => o.shift_id === shiftId);
	if (!measured) return orders;
	// The timeline keeps the last read only.
	performance.clearMeasures(SHIFT_ORDERS_MEASURE);
	performance.measure(SHIFT_ORDERS_MEASURE, {
		start,
		detail: { from, to, read: read.length, orders: orders.length }
	});
	return orders;
}

/** The business days a shift's figures cover (its first, to its close or today), and a key for them. */
export function daysOf(shift: ShiftDoc, lastDate: string): { key: string; from: string; to: string } {
	const from = shift.business_date;
	const to = lastDate < from ? from : lastDate;
	return { key: `${shift.local_id}\n${from}\n${to}`, from, to };
}
