// Why: the shift screen and the close read a shift's orders in one getAll of the business_date index range
// (covered-read.ts) instead of RxDB's cursor; on a real RxDB (fake IndexedDB) they must be exactly the orders RxDB's own
// query gave, in its order, without RxDB's fields, and the shift's figures unchanged: other shifts' orders, days outside
// the shift, deleted orders, voids and refunds included in the store.
import 'fake-indexeddb/auto';
import type { RxChangeEvent } from 'rxdb';
import { afterEach, describe, expect, it } from 'vitest';
import { makeOrders } from '../../../tests/e2e/replication-support';
import { addDays } from '../domain/business-day';
import { shiftTotals } from '../domain/shift';
import { openDatabase, type KasirDatabase } from './database';
import { LiveShiftOrders, loadShiftOrders, SHIFT_ORDERS_MEASURE, shiftDaysQuery } from './shift-orders';
import type { OrderDoc } from './types';
import { shiftDoc } from '../../../tests/helpers/shift-docs';

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

const TODAY = '2026-03-10';
const SHIFT = 'SHIFT-a';
const OTHER = 'SHIFT-b';
const METHODS = ['cash', 'qris', 'card'] as const;

/** Order `i`: of the shift or another (or none), paid, void or open, some refunded, over four business days. */
function order(i: number): OrderDoc {
	const [o] = makeOrders('outlet-1', 1, 20_000 + i);
	const date = addDays(TODAY, -(i % 4));
	const total = 10_000 + (i % 9) * 1_000;
	const status = i % 7 === 3 ? 'void' : i % 9 === 4 ? 'open' : 'paid';
	const shift = i % 5 === 0 ? OTHER : i % 13 === 1 ? null : SHIFT;
	const at = `${date}T0${i % 10}:00:00.000Z`;
	const method = METHODS[i % METHODS.length]!;
	return {
		...o!,
		// Local ids that do not sort in creation order.
		local_id: `ORD-${String((i * 37) % 101).padStart(3, '0')}-${i}`,
		business_date: date,
		created_at: at,
		updated_at: at,
		status,
		total_amount: total,
		shift_id: shift,
		discount_amount: i % 6 === 0 ? 1_000 : 0,
		payments:
			status === 'paid'
				? [
						{
							local_id: `pay-${i}`,
							method,
							amount: total,
							cash_amount: null,
							change_amount: null,
							paid_at: at,
							cashier_name: 'test'
						}
					]
				: [],
		refunds:
			status === 'paid' && i % 8 === 1
				? [
						{
							local_id: `ref-${i}`,
							lines: [],
							amount: 2_000,
							method: i % 16 === 1 ? 'cash' : 'qris',
							reason: 'cold',
							refunded_at: at,
							cashier_name: 'test',
							// Some paid back in the other shift.
							shift_id: i % 3 ? SHIFT : OTHER
						}
					]
				: []
	};
}

const shift = shiftDoc({
	local_id: SHIFT,
	outlet_id: 'outlet-1',
	opening_cash: 100_000,
	opened_at: `${addDays(TODAY, -1)}T01:00:00.000Z`,
	business_date: addDays(TODAY, -1)
});

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

describe('LiveShiftOrders', () => {
	const lastRead = () => performance.getEntriesByName(SHIFT_ORDERS_MEASURE).at(-1)?.startTime ?? -1;
	/** A change event as the collection emits it: the order as stored now, at revision `rev`. */
	const event = (o: OrderDoc, rev: number, operation: 'INSERT' | 'UPDATE' | 'DELETE' = 'UPDATE') =>
		({
			operation,
			documentId: o.local_id,
			isLocal: false,
			documentData: {
				...o,
				_rev: `${rev}-bench`,
				_deleted: operation === 'DELETE',
				_meta: { lwt: Date.now() },
				_attachments: {}
			},
			previousDocumentData: undefined
		}) as unknown as RxChangeEvent<OrderDoc>;

	it('reads the days once, then takes written orders from their events, by revision, whatever their order', async () => {
		db = await openDatabase({
			name: `sl_${crypto.randomUUID().slice(0, 8)}`,
			indexedDB,
			IDBKeyRange,
			multiInstance: false
		});
		expect((await db.orders.bulkInsert(Array.from({ length: 120 }, (_, i) => order(i)))).error).toEqual([]);
		const live = new LiveShiftOrders(db);
		const first = await live.orders(shift, TODAY);
		expect(first).toEqual(await loadShiftOrders(db, shift, TODAY));
		const read = lastRead();
		const mine = first.find((o) => o.status === 'paid')!;
		const other = (await throughRxdb(db, addDays(TODAY, -3), addDays(TODAY, -2)))[0]!;

		// A void of one of the shift's orders (revision 2: the stored one is 1).
		expect(live.take(event({ ...mine, status: 'void' }, 2), shift, TODAY)).toBe('changed');
		// The same order at an older revision, delivered late: ignored.
		expect(live.take(event(mine, 1), shift, TODAY)).toBe('same');
		// An order of a day outside the shift, and one of another shift: nothing changes.
		expect(live.take(event({ ...other, status: 'void' }, 5), shift, TODAY)).toBe('same');
		const foreign = first.find((o) => o.local_id !== mine.local_id)!;
		expect(live.take(event({ ...foreign, shift_id: OTHER }, 3), shift, TODAY)).toBe('changed');
		// A new sale of the shift, and the deletion of another of its orders.
		const sale = { ...mine, local_id: 'ORD-NEW', status: 'paid' as const };
		expect(live.take(event(sale, 1, 'INSERT'), shift, TODAY)).toBe('changed');
		const gone = first.find((o) => o.local_id !== mine.local_id && o.local_id !== foreign.local_id)!;
		expect(live.take(event(gone, 2, 'DELETE'), shift, TODAY)).toBe('changed');
		// Then its older revision, late: it stays deleted.
		expect(live.take(event(gone, 1), shift, TODAY)).toBe('same');

		const want = [
			...first
				.filter((o) => ![foreign.local_id, gone.local_id].includes(o.local_id))
				.map((o) => (o.local_id === mine.local_id ? { ...o, status: 'void' as const } : o)),
			sale
		].sort((a, b) => a.business_date.localeCompare(b.business_date) || (a.local_id < b.local_id ? -1 : 1));
		expect(await live.orders(shift, TODAY)).toEqual(want);
		expect(shiftTotals(shift, await live.orders(shift, TODAY))).toEqual(shiftTotals(shift, want));
		expect(lastRead()).toBe(read);

		// A new business day: the days are read again; an event delivered during the read is taken after it.
		const tomorrow = addDays(TODAY, 1);
		expect(live.take(event(sale, 2), shift, tomorrow)).toBe('stale');
		const reading = live.orders(shift, tomorrow);
		const late = { ...sale, local_id: 'ORD-LATE', business_date: tomorrow };
		expect(live.take(event(late, 1, 'INSERT'), shift, tomorrow)).toBe('same');
		const again = await reading;
		expect(lastRead()).toBeGreaterThan(read);
		expect(again.map((o) => o.local_id)).toContain('ORD-LATE');
		// What was read is the store's (the events above were never written), with the late sale after it.
		expect(again.filter((o) => o.local_id !== 'ORD-LATE')).toEqual(
			await loadShiftOrders(db, shift, tomorrow)
		);
	});

	it("keeps the same orders as a read through the collection's own events", async () => {
		db = await openDatabase({
			name: `sl_${crypto.randomUUID().slice(0, 8)}`,
			indexedDB,
			IDBKeyRange,
			multiInstance: false
		});
		const d = db;
		expect((await d.orders.bulkInsert(Array.from({ length: 80 }, (_, i) => order(i)))).error).toEqual([]);
		const live = new LiveShiftOrders(d);
		await live.orders(shift, TODAY);
		const read = lastRead();
		const sub = d.orders.$.subscribe((e) => live.take(e, shift, TODAY));
		try {
			const docs = await d.orders.find({ selector: { business_date: TODAY } }).exec();
			await docs[0]!.incrementalModify((o) => ({ ...o, status: 'void' }));
			await docs[1]!.remove();
			await docs[2]!.incrementalModify((o) => ({ ...o, shift_id: SHIFT }));
			await docs[3]!.incrementalModify((o) => ({ ...o, shift_id: OTHER }));
			await d.orders.insert({ ...order(500), local_id: 'ORD-SOLD', shift_id: SHIFT, business_date: TODAY });
			await d.orders.insert({
				...order(501),
				local_id: 'ORD-OLD',
				shift_id: SHIFT,
				business_date: addDays(TODAY, -3)
			});
			await new Promise((r) => setTimeout(r, 20));
			const kept = await live.orders(shift, TODAY);
			// Six writes, no read.
			expect(lastRead()).toBe(read);
			expect(kept).toEqual(await loadShiftOrders(d, shift, TODAY));
			expect(kept.map((o) => o.local_id)).toContain('ORD-SOLD');
		} finally {
			sub.unsubscribe();
		}
	});
});
