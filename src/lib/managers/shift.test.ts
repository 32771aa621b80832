// Why: the shift screen's running totals follow the shift's sales, voids and refunds: its days are read once, then each
// written order is taken from its change event, so neither a sale of the shift nor a write of another day's order (a
// sync's write-back of an old order) reads the shift's days again, and the totals stay those of a fresh read.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadShiftOrders, repairSales, SHIFT_ORDERS_MEASURE, type KasirDatabase } from '$lib/db';
import { addDays, businessDate } from '$lib/domain/business-day';
import { shiftTotals } from '$lib/domain/shift';
import { app } from './app.svelte';
import { payOrder } from '$lib/services/order.service';
import { openShift } from '$lib/services/shift.service';
import { addToCart, openTestTill, testStore } from '../../../tests/fixtures/till';
import { makeOrders } from '../../../tests/e2e/replication-support';
import { shifts } from './shift.svelte';

let db: KasirDatabase;

beforeEach(async () => {
	db = await openTestTill('shiftm', testStore({ tax_rate: 0, service_rate: 0 }));
});
afterEach(async () => {
	await db.remove();
});

/** When the shift's orders were last read (the read's User Timing measure). */
const lastRead = () => performance.getEntriesByName(SHIFT_ORDERS_MEASURE).at(-1)?.startTime ?? -1;

const until = async (ok: () => boolean) => {
	while (!ok()) await new Promise((r) => setTimeout(r, 10));
};

describe('shift manager', () => {
	it("reads the shift's days once, then keeps its totals from the written orders", async () => {
		const shift = await openShift(100_000);
		shifts.attach(db);
		await until(() => shifts.current?.local_id === shift.local_id && shifts.totals !== null);
		expect(shifts.totals?.paid).toEqual({ count: 0, sum: 0 });
		const read = lastRead();
		expect(read).toBeGreaterThan(-1);

		addToCart({ product_id: 'p1', product_name: 'Es Teh', unit_price: 8_000 });
		await payOrder({ method: 'cash', tendered: 10_000 });
		await until(() => shifts.totals?.paid.count === 1);
		expect(shifts.totals?.paid).toEqual({ count: 1, sum: 8_000 });
		expect(shifts.totals?.expected.cash).toBe(108_000);

		// An order of ten days ago, of no shift, written as a sync would.
		const [old] = makeOrders('outlet-1', 1, 7);
		const day = addDays(shift.business_date, -10);
		await db.orders.insert({ ...old!, business_date: day, created_at: `${day}T03:00:00.000Z` });
		await new Promise((r) => setTimeout(r, 100));
		expect(shifts.totals?.paid).toEqual({ count: 1, sum: 8_000 });

		// A void of the sale.
		const sold = await db.orders.findOne({ selector: { shift_id: shift.local_id } }).exec();
		await sold!.incrementalModify((o) => ({ ...o, status: 'void' }));
		await until(() => shifts.totals?.paid.count === 0);
		expect(shifts.totals?.voids).toEqual({ count: 1, sum: 8_000 });
		// None of the three read the shift's days again, and the totals are those of a fresh read.
		expect(lastRead()).toBe(read);
		const today = businessDate(Date.now(), app.timeZone, app.dayStart);
		expect(shifts.totals).toEqual(shiftTotals(shift, await loadShiftOrders(db, shift, today)));
	});

	it('reads meta by key ranges as the sales start and the screen opens, never a walk of every meta document', async () => {
		// What each meta query of the start-up and the screen reads: a `$regex` on the key walks every meta document (the
		// shift's own summary entries and the reports' day partials included) while holding the store, and the worker's
		// start-up writes (its leader term), then the screen's own read, queue behind it.
		const find = db.meta.find.bind(db.meta);
		const queries: { selector: string; covered: boolean }[] = [];
		db.meta.find = (q?: Parameters<typeof find>[0]) => {
			const query = find(q);
			queries.push({
				selector: JSON.stringify(q?.selector ?? {}),
				covered: query.getPreparedQuery().queryPlan.selectorSatisfiedByIndex
			});
			return query;
		};
		const shift = await openShift(100_000);
		await repairSales(db, { exclusive: true });
		shifts.attach(db);
		await until(() => shifts.current?.local_id === shift.local_id && shifts.totals !== null);
		// The repair's drafts and counters, and the screen's shifts.
		expect(queries.length).toBeGreaterThanOrEqual(3);
		expect(queries.filter((q) => !q.covered)).toEqual([]);
	});
});
