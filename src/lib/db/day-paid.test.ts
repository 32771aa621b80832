// Why: the orders screen's paid total is read from today's stored report partial and the orders written since
// (day-paid.ts) instead of a fold of the whole day; on a real RxDB (fake IndexedDB) it must be exactly the figure a plain
// read of the day gives (the paid orders' total_amount), whatever was written meanwhile and by which path.
import 'fake-indexeddb/auto';
import { writeOrderRaw } from '../../../tests/helpers/raw-writes';
import { now as rxNow } from 'rxdb';
import { afterEach, describe, expect, it } from 'vitest';
import { bulkModify } from '../../../worker/sync/bulk-modify';
import { addDays } from '../domain/business-day';
import { openDatabase, type KasirDatabase } from './database';
import { DayPaidTotal } from './day-paid';
import { nextCounter, reportDayKey } from './meta';
import { buildSalesReport, REPORT_EPOCH_COUNTER, type ReportDayDoc } from './reports';
import { mixedShiftOrder } from '../../../tests/helpers/shift-docs';

const TODAY = '2026-03-10';
const ZONE = 'Asia/Jakarta';
const order = (i: number) => mixedShiftOrder(i, TODAY, 'SHIFT-a', 'SHIFT-b');

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

async function open(n: number): Promise<KasirDatabase> {
	db = await openDatabase({
		name: `dp_${crypto.randomUUID().slice(0, 8)}`,
		indexedDB,
		IDBKeyRange,
		multiInstance: false
	});
	expect((await db.orders.bulkInsert(Array.from({ length: n }, (_, i) => order(i)))).error).toEqual([]);
	return db;
}

/** What the screen summed before: every stored, undeleted paid order of the day, plain RxDB read. */
async function fullRead(d: KasirDatabase, date = TODAY): Promise<number> {
	const all = await d.orders.find({ selector: { business_date: date } }).exec();
	return all.reduce((s, o) => s + (o.status === 'paid' ? o.total_amount : 0), 0);
}

/** An opening of the screen: a new reader, no commit margin (only the write-time index brings a later write in). */
async function opening(d: KasirDatabase, date = TODAY) {
	const paid = new DayPaidTotal(d, date, ZONE, { commitMarginMs: 0 });
	const total = await paid.read();
	await paid.persist();
	return { total, stats: paid.stats!, paid };
}

const tick = () => new Promise((r) => setTimeout(r, 3));

const refund = (id: string, amount: number) => ({
	local_id: id,
	lines: [],
	amount,
	method: 'card' as const,
	reason: 'spilt',
	refunded_at: `${TODAY}T09:00:00.000Z`,
	cashier_name: 'test',
	shift_id: null
});

describe('DayPaidTotal', () => {
	it('folds the day once and stores its partial, then reads it back with the orders written since: the full read', async () => {
		const d = await open(160);
		const first = await opening(d);
		expect(first.stats).toMatchObject({ source: 'folded' });
		expect(first.stats.orders_read).toBe(40);
		expect(first.total).toBe(await fullRead(d));
		expect(first.total).toBeGreaterThan(0);
		const stored = (await d.meta.findOne(reportDayKey(TODAY)).exec())?.toJSON().value as ReportDayDoc;
		expect(stored.partial.date).toBe(TODAY);

		await tick();
		const again = await opening(d);
		expect(again.stats).toMatchObject({ source: 'stored', changed: 0, orders_read: 0 });
		expect(again.total).toBe(first.total);

		const paid = await d.orders.find({ selector: { business_date: TODAY, status: 'paid' } }).exec();
		expect(paid.length).toBeGreaterThan(6);
		// A refund (the total it adds stays: the screen sums total_amount), an edit of the total, a deletion.
		await paid[0]!.incrementalModify((o) => ({ ...o, refunds: [...(o.refunds ?? []), refund('r1', 3_000)] }));
		await paid[1]!.incrementalModify((o) => ({ ...o, total_amount: o.total_amount + 7_000 }));
		await paid[2]!.remove();
		// A void through the worker's bulk storage write (no collection hook), and an open order paid.
		expect(await bulkModify(d.orders, [paid[3]!], (o) => ({ ...o, status: 'void' as const }), 'v')).toBe(1);
		const openOne = await d.orders.findOne({ selector: { business_date: TODAY, status: 'open' } }).exec();
		await openOne!.incrementalPatch({ status: 'paid' });
		// Orders written raw as the pull writes them: a paid one today, one of yesterday, one created after midnight UTC
		// that belongs to today's business day, and a rewrite of a stored order (a void synced from another device).
		await writeOrderRaw(d, { ...order(900), local_id: 'PULL-1', business_date: TODAY, status: 'paid' });
		await writeOrderRaw(d, {
			...order(901),
			local_id: 'PULL-2',
			business_date: addDays(TODAY, -1),
			status: 'paid'
		});
		await writeOrderRaw(d, {
			...order(902),
			local_id: 'PULL-3',
			business_date: TODAY,
			created_at: `${addDays(TODAY, 1)}T00:30:00.000Z`,
			status: 'paid',
			total_amount: 12_345
		});
		const synced = (await d.orders.findOne(paid[4]!.local_id).exec())!.toMutableJSON(true);
		const res = await d.orders.storageInstance.bulkWrite(
			[
				{
					previous: synced,
					document: {
						...synced,
						status: 'void',
						_rev: `${Number(synced._rev.split('-')[0]) + 1}-${d.token}`,
						_meta: { lwt: rxNow() }
					}
				}
			],
			'test-pull'
		);
		expect(res.error).toEqual([]);
		// A new sale.
		await d.orders.insert({ ...order(903), local_id: 'NEW-1', business_date: TODAY, status: 'paid' });

		const after = await opening(d);
		expect(after.stats).toMatchObject({ source: 'stored', orders_read: 0 });
		expect(after.stats.changed).toBe(10);
		expect(after.total).toBe(await fullRead(d));
		expect(after.total).not.toBe(first.total);
		// Stored with the new stamp: the next opening reads nothing, and a report over the day equals the full fold.
		await tick();
		const next = await opening(d);
		expect(next.stats).toMatchObject({ source: 'stored', changed: 0 });
		expect(next.total).toBe(after.total);
		const report = await buildSalesReport(d, TODAY, TODAY, ZONE, TODAY, { commitMarginMs: 0 });
		expect(report.stats).toMatchObject({ from_summaries: 1, folded: 0 });
		expect(await report.written).toBe(report.stats.stored);
		expect(report.report.collected + report.report.refunds.sum).toBe(after.total);
	});

	it("reads a partial a report stored, and keeps a screen's reads current without storing until asked", async () => {
		const d = await open(80);
		await (
			await buildSalesReport(d, addDays(TODAY, -3), TODAY, ZONE, TODAY, { commitMarginMs: 0 })
		).written;
		await tick();
		const live = new DayPaidTotal(d, TODAY, ZONE, { commitMarginMs: 0 });
		expect(await live.read()).toBe(await fullRead(d));
		expect(live.stats).toMatchObject({ source: 'stored', changed: 0, orders_read: 0 });
		const stored = () => d.meta.findOne(reportDayKey(TODAY)).exec();
		const rev = (await stored())!.revision;
		for (let i = 0; i < 5; i++) {
			await d.orders.insert({ ...order(500 + i), local_id: `S-${i}`, business_date: TODAY, status: 'paid' });
			const one = await d.orders.findOne({ selector: { business_date: TODAY, status: 'paid' } }).exec();
			await one!.incrementalModify((o) => ({ ...o, refunds: [...(o.refunds ?? []), refund(`x${i}`, 500)] }));
			expect(await live.read()).toBe(await fullRead(d));
			expect(live.stats).toMatchObject({ source: 'kept', orders_read: 0 });
		}
		expect((await stored())!.revision).toBe(rev);
		await live.persist();
		expect((await stored())!.revision).not.toBe(rev);
		await tick();
		const after = await opening(d);
		expect(after.stats).toMatchObject({ source: 'stored', changed: 0 });
		expect(after.total).toBe(await fullRead(d));
	});

	it('folds the day again after an eviction (another epoch), in another zone, and for an amount not a whole rupiah', async () => {
		const d = await open(60);
		await opening(d);
		await nextCounter(d, REPORT_EPOCH_COUNTER);
		const evicted = await opening(d);
		expect(evicted.stats.source).toBe('folded');
		expect(evicted.total).toBe(await fullRead(d));

		const other = new DayPaidTotal(d, TODAY, 'Asia/Makassar', { commitMarginMs: 0 });
		expect(await other.read()).toBe(await fullRead(d));
		expect(other.stats?.source).toBe('folded');

		await tick();
		await d.orders.insert({
			...order(700),
			local_id: 'HALF',
			business_date: TODAY,
			status: 'paid',
			total_amount: 10_000.5
		});
		const half = await opening(d);
		expect(half.total).toBe(await fullRead(d));
		expect(half.total % 1).toBe(0.5);
		expect(half.stats.source).toBe('folded');
		// Its void, then a refund of another order while the half-rupiah line is held.
		await tick();
		await (await d.orders.findOne('HALF').exec())!.incrementalPatch({ status: 'void' });
		expect((await opening(d)).total).toBe(await fullRead(d));
		await tick();
		const one = await d.orders.findOne({ selector: { business_date: TODAY, status: 'paid' } }).exec();
		await one!.incrementalModify((o) => ({ ...o, total_amount: o.total_amount + 1 }));
		expect((await opening(d)).total).toBe(await fullRead(d));
	});

	it('60 random writes, each followed by an opening and a kept reader: both equal the full read', async () => {
		const d = await open(120);
		const kept = new DayPaidTotal(d, TODAY, ZONE, { commitMarginMs: 0 });
		await kept.read();
		let seed = 7;
		const rnd = (n: number) => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed % n;
		};
		for (let step = 0; step < 60; step++) {
			const day = addDays(TODAY, -rnd(2));
			const docs = await d.orders.find({ selector: { business_date: day } }).exec();
			const pick = docs[rnd(docs.length)]!;
			switch (rnd(6)) {
				case 0:
					await d.orders.insert({ ...order(1_000 + step), local_id: `R-${step}`, business_date: day });
					break;
				case 1:
					await pick.incrementalPatch({ status: pick.status === 'void' ? 'paid' : 'void' });
					break;
				case 2:
					await pick.remove();
					break;
				case 3:
					await pick.incrementalModify((o) => ({
						...o,
						total_amount: o.total_amount + 1_000 * (1 + rnd(5))
					}));
					break;
				case 4:
					await pick.incrementalModify((o) => ({
						...o,
						refunds: [...(o.refunds ?? []), refund(`rr${step}`, 700)]
					}));
					break;
				default:
					await writeOrderRaw(d, {
						...order(2_000 + step),
						local_id: `P-${step}`,
						business_date: day,
						status: 'paid'
					});
			}
			const want = await fullRead(d);
			expect(await kept.read()).toBe(want);
			expect((await opening(d)).total).toBe(want);
		}
	});
});
