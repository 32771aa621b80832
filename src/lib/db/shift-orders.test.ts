// Why: the shift screen and the close read a shift's orders in one getAll of the business_date index range
// (covered-read.ts) instead of RxDB's cursor; on a real RxDB (fake IndexedDB) they must be exactly the orders RxDB's own
// query gave, in its order, without RxDB's fields, and the shift's figures unchanged: other shifts' orders, days outside
// the shift, deleted orders, voids and refunds included in the store.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../domain/business-day';
import { shiftTotals } from '../domain/shift';
import { openDatabase, type KasirDatabase } from './database';
import { loadShiftOrders, SHIFT_ORDERS_MEASURE, shiftDaysQuery } from './shift-orders';
import type { OrderDoc } from './types';
import { openShiftFixture } from '../../../tests/helpers/shift-docs';

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

const { TODAY, SHIFT, order, shift } = openShiftFixture();

/**
 * What loadShiftOrders read before: RxDB's own query over the days, each order's toJSON(), here in (business_date,
 * local_id) order (RxDB's planner sorted that query by its first index, sync_status, which changes as orders sync).
 */
async function throughRxdb(d: KasirDatabase, from: string, to: string): Promise<OrderDoc[]> {
	const docs = await d.orders.find({ selector: { business_date: { $gte: from, $lte: to } } }).exec();
	return docs
		.map((x) => x.toJSON() as OrderDoc)
		.filter((o) => o.shift_id === SHIFT)
		.sort((a, b) => a.business_date.localeCompare(b.business_date) || (a.local_id < b.local_id ? -1 : 1));
}

describe('loadShiftOrders', () => {
	it("reads the shift's days in one covered range: the same orders, order and figures as RxDB's query", async () => {
		db = await openDatabase({
			name: `so_${crypto.randomUUID().slice(0, 8)}`,
			indexedDB,
			IDBKeyRange,
			multiInstance: false
		});
		const r = await db.orders.bulkInsert(Array.from({ length: 240 }, (_, i) => order(i)));
		expect(r.error).toEqual([]);
		// Deleted orders of the shift's days are not its orders.
		const gone = await db.orders.find({ selector: { business_date: TODAY, shift_id: SHIFT } }).exec();
		await Promise.all(gone.slice(0, 4).map((x) => x.remove()));

		const plan = db.orders.find(shiftDaysQuery(shift.business_date, TODAY)).getPreparedQuery().queryPlan;
		expect([plan.selectorSatisfiedByIndex, plan.sortSatisfiedByIndex]).toEqual([true, true]);

		performance.clearMeasures(SHIFT_ORDERS_MEASURE);
		const got = await loadShiftOrders(db, shift, TODAY);
		const want = await throughRxdb(db, shift.business_date, TODAY);
		expect(want.length).toBeGreaterThan(60);
		expect(got).toEqual(want);
		expect(got.map((o) => o.local_id)).toEqual(want.map((o) => o.local_id));
		expect(got.some((o) => '_rev' in o || '_meta' in o || '_deleted' in o)).toBe(false);
		expect(shiftTotals(shift, got)).toEqual(shiftTotals(shift, want));
		const totals = shiftTotals(shift, got);
		expect(totals.paid.count).toBeGreaterThan(30);
		expect(totals.voids.count).toBeGreaterThan(0);
		expect(Object.keys(totals.refunds).length).toBeGreaterThan(0);

		// The measure the bench reads: the range and how much of it was the shift's.
		const m = performance.getEntriesByName(SHIFT_ORDERS_MEASURE).at(-1) as PerformanceMeasure;
		const read = await db.orders
			.count({ selector: { business_date: { $gte: shift.business_date, $lte: TODAY } } })
			.exec();
		expect(read).toBe(120 - 4);
		expect(m.detail).toEqual({ from: shift.business_date, to: TODAY, read, orders: want.length });

		// A close before the shift's first day reads that day alone; one day later, three days.
		expect(await loadShiftOrders(db, shift, addDays(TODAY, -3))).toEqual(
			await throughRxdb(db, shift.business_date, shift.business_date)
		);
		const wide = { ...shift, business_date: addDays(TODAY, -3) };
		const all = await throughRxdb(db, wide.business_date, TODAY);
		expect(await loadShiftOrders(db, wide, TODAY)).toEqual(all);
		expect(shiftTotals(wide, await loadShiftOrders(db, wide, TODAY))).toEqual(shiftTotals(wide, all));
	});
});
