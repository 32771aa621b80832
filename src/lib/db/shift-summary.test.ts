// Why: the shift screen shows totals kept in a stored summary of the shift's orders (the stored document, the orders
// written since, then change events) instead of a read of its days; on a real RxDB (fake IndexedDB) they must be
// exactly the figures a plain read of the shift's days gives (shiftTotals over loadShiftOrders), whatever was written
// meanwhile and by which path: sales, refunds, voids through the worker's bulk storage write, edits, deletions, moves
// to another shift, orders synced from other devices written raw to the storage instance, a new business day.
import 'fake-indexeddb/auto';
import { writeOrderRaw } from '../../../tests/helpers/raw-writes';
import { now as rxNow, type RxChangeEvent } from 'rxdb';
import { afterEach, describe, expect, it } from 'vitest';
import { bulkModify } from '../../../worker/sync/bulk-modify';
import { addDays } from '../domain/business-day';
import { shiftTotals, type ShiftTotals } from '../domain/shift';
import { openDatabase, type KasirDatabase } from './database';
import { counterKey, nextCounter } from './meta';
import { REPORT_EPOCH_COUNTER } from './reports';
import { loadShiftOrders, SHIFT_ORDERS_MEASURE } from './shift-orders';
import {
	LiveShiftSummary,
	loadShiftSummary,
	shiftEntriesKey,
	shiftSummaryKey,
	type ShiftSummaryDoc
} from './shift-summary';
import type { OrderDoc, ShiftDoc } from './types';
import { openShiftFixture } from '../../../tests/helpers/shift-docs';

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

const { TODAY, SHIFT, OTHER, order, shift } = openShiftFixture();

async function open(prefix: string, n: number): Promise<KasirDatabase> {
	db = await openDatabase({
		name: `${prefix}_${crypto.randomUUID().slice(0, 8)}`,
		indexedDB,
		IDBKeyRange,
		multiInstance: false
	});
	expect((await db.orders.bulkInsert(Array.from({ length: n }, (_, i) => order(i)))).error).toEqual([]);
	return db;
}

/** What the screen showed before: shiftTotals over a plain read of the shift's days. */
async function fullRead(d: KasirDatabase, s: ShiftDoc, to: string): Promise<ShiftTotals> {
	return shiftTotals(s, await loadShiftOrders(d, s, to));
}

/** Equal figures, and the same key order in each per-method map (what a screen iterating them would show). */
function expectSame(got: ShiftTotals, want: ShiftTotals): void {
	expect(got).toEqual(want);
	expect(JSON.stringify(got)).toBe(JSON.stringify(want));
}

const tick = () => new Promise((r) => setTimeout(r, 3));

/** A page load: a new summary reader, no commit margin (so only the write-time index can bring a later write in). */
async function pageLoad(d: KasirDatabase, s: ShiftDoc, to: string) {
	const live = new LiveShiftSummary(d, { commitMarginMs: 0 });
	const totals = await live.totals(s, to);
	await live.settled();
	return { totals, stats: live.stats! };
}

describe('loadShiftSummary', () => {
	it('holds a write RxDB stamped ahead of the wall clock (a busy millisecond): the next load reads nothing', async () => {
		const d = await open('sc', 20);
		await pageLoad(d, shift, TODAY);
		// RxDB stamps each write a hundredth of a millisecond after the last one: many writes in one millisecond run its
		// clock ahead of Date.now(). Here by ~5 ms, then an order written, then the screen loaded at once.
		for (let i = 0; i < 500; i++) rxNow();
		await d.orders.insert({ ...order(700), local_id: 'ORD-BUSY', shift_id: SHIFT, business_date: TODAY });
		const loaded = await pageLoad(d, shift, TODAY);
		expect(loaded.stats).toMatchObject({ source: 'stored', changed: 1 });
		await tick();
		const next = await pageLoad(d, shift, TODAY);
		expect(next.stats).toMatchObject({ source: 'stored', changed: 0, days_read: 0 });
		expectSame(next.totals, await fullRead(d, shift, TODAY));
	});

	it('is built from the days once, then read back with the orders written since: the figures of a full read', async () => {
		const d = await open('ss', 160);
		const first = await pageLoad(d, shift, TODAY);
		expect(first.stats).toMatchObject({ source: 'built', changed: 0 });
		expect(first.stats.days_read).toBeGreaterThan(40);
		expectSame(first.totals, await fullRead(d, shift, TODAY));
		expect(first.totals.voids.count).toBeGreaterThan(0);
		expect(Object.keys(first.totals.refunds).length).toBeGreaterThan(0);
		expect(first.totals.discounts.count).toBeGreaterThan(0);
		const stored = (await d.meta.findOne(shiftSummaryKey(SHIFT)).exec())?.toJSON().value;
		expect(stored).toMatchObject({ shift: SHIFT, from: shift.business_date, to: TODAY, epoch: 0 });

		// Nothing written since: read back, no order read.
		await tick();
		const again = await pageLoad(d, shift, TODAY);
		expect(again.stats).toMatchObject({ source: 'stored', changed: 0, days_read: 0 });
		expectSame(again.totals, first.totals);

		const mine = await d.orders
			.find({ selector: { business_date: TODAY, shift_id: SHIFT, status: 'paid' } })
			.exec();
		expect(mine.length).toBeGreaterThan(5);
		// A refund paid back in the shift (a collection write).
		await mine[0]!.incrementalModify((o) => ({
			...o,
			refunds: [
				...(o.refunds ?? []),
				{
					local_id: 'ref-new',
					lines: [],
					amount: 3_000,
					method: 'card',
					reason: 'spilt',
					refunded_at: `${TODAY}T09:00:00.000Z`,
					cashier_name: 'test',
					shift_id: SHIFT
				}
			]
		}));
		// A void through the worker's bulk storage write (no collection hook).
		expect(
			await bulkModify(d.orders, [mine[1]!], (o) => ({ ...o, status: 'void' as const }), 'test-void')
		).toBe(1);
		// An edit of the total and discount, a deletion, a move to another shift.
		await mine[2]!.incrementalModify((o) => ({ ...o, total_amount: 55_000, discount_amount: 5_000 }));
		await mine[3]!.remove();
		await mine[4]!.incrementalModify((o) => ({ ...o, shift_id: OTHER }));
		// Another device's orders pulled: one of this shift (a shared shift), one of another shift, one of a past day.
		await writeOrderRaw(d, { ...order(900), local_id: 'ORD-PULLED', shift_id: SHIFT, business_date: TODAY });
		await writeOrderRaw(d, { ...order(901), local_id: 'ORD-FOREIGN', shift_id: OTHER, business_date: TODAY });
		await writeOrderRaw(d, {
			...order(902),
			local_id: 'ORD-PAST',
			shift_id: SHIFT,
			business_date: addDays(TODAY, -3)
		});
		// A new sale of the shift, and an order of another shift refunded in this one.
		await d.orders.insert({ ...order(903), local_id: 'ORD-SOLD', shift_id: SHIFT, business_date: TODAY });
		const theirs = await d.orders.findOne({ selector: { shift_id: OTHER, status: 'paid' } }).exec();
		await theirs!.incrementalModify((o) => ({
			...o,
			refunds: [
				{
					local_id: 'ref-cross',
					lines: [],
					amount: 1_000,
					method: 'cash',
					reason: 'x',
					refunded_at: `${TODAY}T10:00:00.000Z`,
					cashier_name: 'test',
					shift_id: SHIFT
				}
			]
		}));

		const after = await pageLoad(d, shift, TODAY);
		expect(after.stats).toMatchObject({ source: 'stored', days_read: 0, changed: 10 });
		const want = await fullRead(d, shift, TODAY);
		expectSame(after.totals, want);
		expect(after.totals).not.toEqual(first.totals);
		expect(after.totals.refunds['card']).toBeDefined();
		// And the stored summary now holds them: the next load reads nothing again.
		await tick();
		const quiet = await pageLoad(d, shift, TODAY);
		expect(quiet.stats).toMatchObject({ source: 'stored', changed: 0, days_read: 0 });
		expectSame(quiet.totals, want);
	});

	it('reads only the new days when the shift runs past midnight; builds again after an eviction or for another shift start', async () => {
		const d = await open('sd', 120);
		await pageLoad(d, shift, TODAY);
		const tomorrow = addDays(TODAY, 1);
		await d.orders.bulkInsert([
			{ ...order(700), local_id: 'ORD-T1', shift_id: SHIFT, business_date: tomorrow },
			{ ...order(701), local_id: 'ORD-T2', shift_id: SHIFT, business_date: tomorrow }
		]);
		await tick();
		const next = await pageLoad(d, shift, tomorrow);
		expect(next.stats).toMatchObject({ source: 'stored', days_read: 2 });
		expectSame(next.totals, await fullRead(d, shift, tomorrow));
		// A close on the shift's first day reads that day alone: the held days are filtered, no read.
		await tick();
		const early = await pageLoad(d, shift, shift.business_date);
		expect(early.stats.days_read).toBe(0);
		expectSame(early.totals, await fullRead(d, shift, shift.business_date));

		// An eviction purges tombstones (no change left to read) and bumps the epoch: built again.
		await nextCounter(d, REPORT_EPOCH_COUNTER);
		expect((await d.meta.findOne(counterKey(REPORT_EPOCH_COUNTER)).exec())?.toJSON().value).toBe(1);
		const evicted = await pageLoad(d, shift, tomorrow);
		expect(evicted.stats.source).toBe('built');
		expectSame(evicted.totals, await fullRead(d, shift, tomorrow));
		// The same shift id with another first day (a rewritten shift): built again over its days.
		const wide = { ...shift, business_date: addDays(TODAY, -3) };
		const w = await pageLoad(d, wide, tomorrow);
		expect(w.stats.source).toBe('built');
		expectSame(w.totals, await fullRead(d, wide, tomorrow));
	});

	it('takes in a write made after the stored stamp whatever the margin, and leaves the measure the bench reads', async () => {
		const d = await open('sm', 80);
		await pageLoad(d, shift, TODAY);
		await tick();
		const [doc] = await d.orders.find({ selector: { business_date: TODAY, shift_id: SHIFT } }).exec();
		await doc!.incrementalModify((o) => ({ ...o, status: 'void' }));
		performance.clearMeasures(SHIFT_ORDERS_MEASURE);
		const r = await loadShiftSummary(d, shift, shift.business_date, TODAY, { commitMarginMs: 0 });
		expect(r.stats).toMatchObject({ source: 'stored', changed: 1, days_read: 0 });
		const m = performance.getEntriesByName(SHIFT_ORDERS_MEASURE).at(-1) as PerformanceMeasure;
		expect(m.detail).toMatchObject({
			from: shift.business_date,
			to: TODAY,
			read: 1,
			orders: r.stats.orders,
			source: 'stored'
		});
		expect(Object.keys((m.detail as { ms: object }).ms)).toEqual(['summary', 'decode', 'orders']);
		expect(r.stats.orders).toBe((await loadShiftOrders(d, shift, TODAY)).length);
	});

	it('equals a full read after each of 60 random writes, read back as a page load would', async () => {
		const d = await open('sr', 100);
		let seed = 7;
		const rand = (n: number) => {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			return seed % n;
		};
		const days = [addDays(TODAY, -2), addDays(TODAY, -1), TODAY];
		await pageLoad(d, shift, TODAY);
		// A screen kept open meanwhile, following the collection's events.
		const live = new LiveShiftSummary(d, { commitMarginMs: 0 });
		await live.totals(shift, TODAY);
		const sub = d.orders.$.subscribe((e) => live.take(e, shift, TODAY));
		try {
			for (let step = 0; step < 60; step++) {
				const all = await d.orders.find({ selector: { business_date: { $in: days } } }).exec();
				const doc = all[rand(all.length)]!;
				const kind = rand(7);
				if (kind === 0) await doc.remove();
				else if (kind === 1)
					await doc.incrementalModify((o) => ({ ...o, status: o.status === 'void' ? 'paid' : 'void' }));
				else if (kind === 2)
					await doc.incrementalModify((o) => ({ ...o, shift_id: rand(2) ? SHIFT : OTHER }));
				else if (kind === 3)
					await bulkModify(
						d.orders,
						[doc],
						(o) => ({ ...o, total_amount: o.total_amount + 500, discount_amount: rand(2) * 700 }),
						'test-edit'
					);
				else if (kind === 4)
					await writeOrderRaw(d, {
						...order(2_000 + step),
						local_id: `ORD-R${step}`,
						shift_id: rand(3) ? SHIFT : OTHER,
						business_date: days[rand(3)]!
					});
				else if (kind === 5)
					await doc.incrementalModify((o) => ({
						...o,
						refunds: [
							...(o.refunds ?? []),
							{
								local_id: `ref-${step}`,
								lines: [],
								amount: 500 + rand(5) * 100,
								method: (['cash', 'qris', 'card'] as const)[rand(3)]!,
								reason: 'r',
								refunded_at: `${TODAY}T11:00:00.000Z`,
								cashier_name: 'test',
								shift_id: rand(3) ? SHIFT : null
							}
						]
					}));
				else
					await d.orders.insert({
						...order(3_000 + step),
						local_id: `ORD-S${step}`,
						shift_id: SHIFT,
						business_date: TODAY,
						payments: [
							{
								local_id: `pay-s${step}`,
								method: rand(2) ? 'card' : 'cash',
								amount: 12_000,
								cash_amount: null,
								change_amount: null,
								paid_at: `${TODAY}T12:00:00.000Z`,
								cashier_name: 'test'
							}
						],
						status: 'paid'
					});
				await tick();
				const want = await fullRead(d, shift, TODAY);
				const loaded = await pageLoad(d, shift, TODAY);
				expect(loaded.stats.source).toBe('stored');
				expectSame(loaded.totals, want);
				expectSame(await live.totals(shift, TODAY), want);
			}
		} finally {
			sub.unsubscribe();
		}
	});
});

describe('the stored totals beside the entries', () => {
	const summary = async (d: KasirDatabase) =>
		(await d.meta.findOne(shiftSummaryKey(SHIFT)).exec())?.toJSON().value as ShiftSummaryDoc;
	const entriesRevision = async (d: KasirDatabase) =>
		(await d.meta.findOne(shiftEntriesKey(SHIFT)).exec())?.revision;

	it("a page load reads the totals alone when no order of the shift's days was written since; entries otherwise", async () => {
		const d = await open('st', 120);
		await pageLoad(d, shift, TODAY);
		expect(await summary(d)).toMatchObject({ shift: SHIFT, to: TODAY, orders: expect.any(Number) });
		// The summary holds the totals, not the entries (they are in their own document).
		expect(JSON.stringify(await summary(d)).length).toBeLessThan(1_000);
		await tick();
		const quiet = await pageLoad(d, shift, TODAY);
		expect(quiet.stats).toMatchObject({ source: 'stored', entries: false, changed: 0 });
		expectSame(quiet.totals, await fullRead(d, shift, TODAY));
		expect(quiet.stats.orders).toBe((await loadShiftOrders(d, shift, TODAY)).length);

		// An order of a day before the shift (the shift's id on it, as a late pull may bring): not the shift's days.
		await writeOrderRaw(d, {
			...order(800),
			local_id: 'ORD-OLD',
			shift_id: SHIFT,
			business_date: addDays(TODAY, -3)
		});
		await tick();
		const outside = await pageLoad(d, shift, TODAY);
		expect(outside.stats).toMatchObject({ source: 'stored', entries: false, changed: 1 });
		expectSame(outside.totals, await fullRead(d, shift, TODAY));

		// Another shift's order of today: the entries are read (it may have been this shift's), and stored again.
		const before = await entriesRevision(d);
		await writeOrderRaw(d, { ...order(801), local_id: 'ORD-THEIRS', shift_id: OTHER, business_date: TODAY });
		await tick();
		const theirs = await pageLoad(d, shift, TODAY);
		expect(theirs.stats).toMatchObject({ source: 'stored', entries: true });
		expectSame(theirs.totals, await fullRead(d, shift, TODAY));
		// A sale of the shift: taken in from the entries; the next load reads the totals alone again.
		await d.orders.insert({ ...order(802), local_id: 'ORD-SALE', shift_id: SHIFT, business_date: TODAY });
		await tick();
		const sold = await pageLoad(d, shift, TODAY);
		expect(sold.stats).toMatchObject({ source: 'stored', entries: true, changed: 1 });
		expectSame(sold.totals, await fullRead(d, shift, TODAY));
		expect(await entriesRevision(d)).not.toBe(before);
		await tick();
		const after = await pageLoad(d, shift, TODAY);
		expect(after.stats).toMatchObject({ source: 'stored', entries: false, changed: 0 });
		expectSame(after.totals, sold.totals);
	});

	it("builds again when the entries are another writer's or missing, or the summary has the older shape", async () => {
		const d = await open('sw', 80);
		await pageLoad(d, shift, TODAY);
		const at = new Date().toISOString();
		// Two writers' halves: the entries of another tag. A change of the shift's days needs them: built again.
		await d.meta.upsert({
			key: shiftEntriesKey(SHIFT),
			value: { tag: 'other', entries: '[]' },
			updated_at: at
		});
		const [mine] = await d.orders.find({ selector: { business_date: TODAY, shift_id: SHIFT } }).exec();
		await mine!.incrementalPatch({ status: 'void' });
		await tick();
		const halves = await pageLoad(d, shift, TODAY);
		expect(halves.stats).toMatchObject({ source: 'built', entries: true });
		expectSame(halves.totals, await fullRead(d, shift, TODAY));
		// The sixth pass's shape (entries inside the summary): built again, then stored in the new shape.
		await d.meta.upsert({
			key: shiftSummaryKey(SHIFT),
			value: { shift: SHIFT, from: shift.business_date, to: TODAY, seen: 0, epoch: 0, entries: '[]' },
			updated_at: at
		});
		const old = await pageLoad(d, shift, TODAY);
		expect(old.stats.source).toBe('built');
		expectSame(old.totals, await fullRead(d, shift, TODAY));
		expect((await summary(d)).folded).toBeDefined();
	});

	it('a screen opened from the stored totals reads the entries at the first change of its days, and keeps exact', async () => {
		const d = await open('sk', 100);
		await pageLoad(d, shift, TODAY);
		await tick();
		const live = new LiveShiftSummary(d, { commitMarginMs: 0 });
		await live.totals(shift, TODAY);
		expect(live.stats).toMatchObject({ source: 'stored', entries: false });
		const sub = d.orders.$.subscribe((e) => live.take(e, shift, TODAY));
		try {
			// Outside the shift's days: the totals hold, no entries needed.
			await d.orders.insert({
				...order(600),
				local_id: 'ORD-X',
				shift_id: SHIFT,
				business_date: addDays(TODAY, -3)
			});
			await tick();
			expectSame(await live.totals(shift, TODAY), await fullRead(d, shift, TODAY));
			const docs = await d.orders.find({ selector: { business_date: TODAY, shift_id: SHIFT } }).exec();
			await docs[0]!.incrementalPatch({ status: 'void' });
			await docs[1]!.remove();
			await d.orders.insert({ ...order(601), local_id: 'ORD-Y', shift_id: SHIFT, business_date: TODAY });
			await tick();
			expectSame(await live.totals(shift, TODAY), await fullRead(d, shift, TODAY));
			await docs[2]!.incrementalPatch({ shift_id: OTHER });
			await tick();
			expectSame(await live.totals(shift, TODAY), await fullRead(d, shift, TODAY));
		} finally {
			sub.unsubscribe();
		}
	});

	it("re-stamps the summary alone after many writes outside the shift's days (its entries untouched)", async () => {
		const d = await open('sp', 60);
		await pageLoad(d, shift, TODAY);
		const entries = await entriesRevision(d);
		const seen = (await summary(d)).seen;
		await d.orders.bulkInsert(
			Array.from({ length: 70 }, (_, i) => ({
				...order(1_000 + i),
				local_id: `ORD-P${i}`,
				business_date: addDays(TODAY, -3)
			}))
		);
		await tick();
		const many = await pageLoad(d, shift, TODAY);
		expect(many.stats).toMatchObject({ source: 'stored', entries: false, changed: 70 });
		expect((await summary(d)).seen).toBeGreaterThan(seen);
		expect(await entriesRevision(d)).toBe(entries);
		await tick();
		const next = await pageLoad(d, shift, TODAY);
		expect(next.stats).toMatchObject({ source: 'stored', entries: false, changed: 0 });
		expectSame(next.totals, await fullRead(d, shift, TODAY));
	});
});

describe('LiveShiftSummary', () => {
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
	const lastRead = () => performance.getEntriesByName(SHIFT_ORDERS_MEASURE).at(-1)?.startTime ?? -1;
	const byDay = (a: OrderDoc, b: OrderDoc) =>
		a.business_date.localeCompare(b.business_date) || (a.local_id < b.local_id ? -1 : 1);

	it('reads once, then takes written orders from their events, by revision, whatever their order', async () => {
		const d = await open('sl', 120);
		const live = new LiveShiftSummary(d);
		const first = await loadShiftOrders(d, shift, TODAY);
		expectSame(await live.totals(shift, TODAY), shiftTotals(shift, first));
		const read = lastRead();
		const mine = first.find((o) => o.status === 'paid')!;
		const other = (
			await d.orders.find({ selector: { business_date: addDays(TODAY, -3) } }).exec()
		)[0]!.toJSON();

		// A void of one of the shift's orders (revision 2: the stored one is 1).
		expect(live.take(event({ ...mine, status: 'void' }, 2), shift, TODAY)).toBe('changed');
		// The same order at an older revision, delivered late: ignored.
		expect(live.take(event(mine, 1), shift, TODAY)).toBe('same');
		// An order of a day outside the shift: nothing changes.
		expect(live.take(event({ ...other, shift_id: SHIFT, status: 'void' } as OrderDoc, 5), shift, TODAY)).toBe(
			'same'
		);
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
		].sort(byDay);
		expectSame(await live.totals(shift, TODAY), shiftTotals(shift, want));
		expect(lastRead()).toBe(read);

		// A new business day: read again; an event delivered during the read is taken after it.
		const tomorrow = addDays(TODAY, 1);
		expect(live.take(event(sale, 2), shift, tomorrow)).toBe('stale');
		const reading = live.totals(shift, tomorrow);
		const late = { ...sale, local_id: 'ORD-LATE', business_date: tomorrow, total_amount: 77_000 };
		expect(live.take(event(late, 1, 'INSERT'), shift, tomorrow)).toBe('same');
		const again = await reading;
		expect(lastRead()).toBeGreaterThan(read);
		// What was read is the store's (the events above were never written), with the late sale after it.
		const stored = await loadShiftOrders(d, shift, tomorrow);
		expectSame(again, shiftTotals(shift, [...stored, late].sort(byDay)));
	});

	it("keeps the figures of a full read through the collection's own events, without reading", async () => {
		const d = await open('sl', 80);
		const live = new LiveShiftSummary(d);
		await live.totals(shift, TODAY);
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
			const kept = await live.totals(shift, TODAY);
			// Six writes, no read.
			expect(lastRead()).toBe(read);
			expectSame(kept, await fullRead(d, shift, TODAY));
		} finally {
			sub.unsubscribe();
		}
	});
});
