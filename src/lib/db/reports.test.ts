// Why: stored day partials are a cache of the report; on a real RxDB (fake IndexedDB) a report from them must equal
// folding every order of the range, also after a refund, a void written straight to the storage, a late order raw-written
// to a past day, a deletion, a sale today, an eviction's purge, a change of zone and two reports racing.
import 'fake-indexeddb/auto';
import { createRevision, now as rxNow } from 'rxdb';
import { afterEach, describe, expect, it } from 'vitest';
import { makeOrders } from '../../../tests/e2e/replication-support';
import { bulkModify } from '../../../worker/sync/bulk-modify';
import { evictOldOrders } from '../../../worker/storage/evict';
import { addDays, datesBetween } from '../domain/business-day';
import { addToReport, finishReport, reportCsv, startReport, type SalesReport } from '../domain/report';
import type { OutletTimeZone } from '../domain/time';
import { openDatabase, type KasirDatabase } from './database';
import { reportDayKey } from './meta';
import { buildSalesReport } from './reports';
import type { OrderDoc } from './types';

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

const open = () =>
	openDatabase({
		name: `rd_${crypto.randomUUID().slice(0, 8)}`,
		indexedDB,
		IDBKeyRange,
		multiInstance: false
	});

const TODAY = '2026-03-10';
const FIRST = addDays(TODAY, -6);
const ZONE = 'Asia/Jakarta';
const METHODS = ['cash', 'qris', 'card', 'transfer'] as const;
const FOODS = [
	['Nasi Goreng', 'Makanan', 35_000],
	['Es Teh', 'Minuman', 8_000],
	['Kopi Susu', 'Minuman', 22_000],
	['Pisang Goreng', 'Camilan', 15_000],
	['Sate Ayam', 'Makanan', 30_000]
] as const;

/** Order `i` of a past or current business day: varied items, methods, statuses, hours (some after midnight). */
function order(i: number, date: string): OrderDoc {
	const [o] = makeOrders('outlet-1', 1, 10_000 + i);
	const food = FOODS[i % FOODS.length]!;
	const qty = 1 + (i % 3);
	const subtotal = food[2] * qty;
	const tax = Math.round(subtotal * 0.1);
	const total = subtotal + tax;
	const at = new Date(Date.parse(`${date}T02:00:00Z`) + ((i * 37) % 22) * 3_600_000).toISOString();
	const status = i % 11 === 3 ? 'void' : i % 13 === 5 ? 'open' : 'paid';
	return {
		...o!,
		local_id: `ORD-${date}-${String(i).padStart(4, '0')}`,
		order_number: `N-${i}`,
		items: [{ ...o!.items[0]!, product_name: food[0], category: food[1], qty, price: food[2], subtotal }],
		subtotal,
		tax_amount: tax,
		total_amount: total,
		pax: i % 4,
		status,
		payment_info: null,
		payments:
			status === 'paid'
				? [
						{
							local_id: `pay-${i}`,
							method: METHODS[i % METHODS.length]!,
							amount: total,
							cash_amount: null,
							change_amount: null,
							paid_at: at,
							cashier_name: 'test'
						}
					]
				: [],
		created_at: at,
		updated_at: at,
		business_date: date
	};
}

async function seed(d: KasirDatabase, perDay = 25): Promise<void> {
	const docs = datesBetween(FIRST, TODAY).flatMap((date, k) =>
		Array.from({ length: perDay }, (_, j) => order(k * perDay + j, date))
	);
	const r = await d.orders.bulkInsert(docs);
	expect(r.error).toEqual([]);
}

/** What a report was before stored partials: every order of the range folded, day by day. */
async function fullFold(
	d: KasirDatabase,
	from: string,
	to: string,
	zone: OutletTimeZone = ZONE
): Promise<SalesReport> {
	const acc = startReport(from, to, zone);
	for (const date of datesBetween(from, to)) {
		for (const o of await d.orders.find({ selector: { business_date: date } }).exec())
			addToReport(acc, o.toJSON());
	}
	return finishReport(acc);
}

/** The report through stored partials (no commit margin: one realm, its writes are committed in stamp order). */
const report = (d: KasirDatabase, from = FIRST, to = TODAY, zone: OutletTimeZone = ZONE) =>
	buildSalesReport(d, from, to, zone, TODAY, { commitMarginMs: 0 });

async function expectExact(d: KasirDatabase, from = FIRST, to = TODAY, zone: OutletTimeZone = ZONE) {
	// A write in the same millisecond as the fold's stamp counts as after it (`lwt >= seen`: safe, folded again next
	// time); the counts these tests expect assume the clock moved on between a write and the report after it.
	await new Promise((r) => setTimeout(r, 3));
	const got = await report(d, from, to, zone);
	const want = await fullFold(d, from, to, zone);
	expect(got.report).toEqual(want);
	expect(reportCsv(got.report)).toBe(reportCsv(want));
	return got.stats;
}

describe('report from stored day summaries', () => {
	it('equals the full fold when built, when read back, and over part of the range', async () => {
		db = await open();
		await seed(db);
		const cold = await expectExact(db);
		expect(cold).toMatchObject({ days: 7, from_summaries: 0, folded: 7, stored: 7, index_covered: true });
		expect(await db.meta.findOne(reportDayKey(addDays(TODAY, -1))).exec()).not.toBeNull();
		expect(await db.meta.findOne(reportDayKey(TODAY)).exec()).not.toBeNull();
		// A day after today is folded, never stored.
		const ahead = await expectExact(db, TODAY, addDays(TODAY, 1));
		expect(ahead).toMatchObject({ from_summaries: 1, folded: 1, stored: 0 });
		expect(await db.meta.findOne(reportDayKey(addDays(TODAY, 1))).exec()).toBeNull();

		const warm = await expectExact(db);
		expect(warm).toMatchObject({ from_summaries: 7, folded: 0, changed: 0, stored: 0, index_covered: true });
		const part = await expectExact(db, addDays(TODAY, -4), addDays(TODAY, -2));
		expect(part).toMatchObject({ days: 3, from_summaries: 3, folded: 0, orders_read: 0 });
	});

	it('stays exact after a refund, a void written straight to the storage, a raw late order and a deletion', async () => {
		db = await open();
		await seed(db);
		await expectExact(db);
		const day = (n: number) => addDays(TODAY, -n);
		const paidOf = async (date: string) =>
			(await db!.orders.find({ selector: { business_date: date, status: 'paid' } }).exec())[0]!;

		// A refund through the collection.
		const refunded = await paidOf(day(5));
		await refunded.incrementalModify((o) => ({
			...o,
			refunds: [
				{
					local_id: 'ref-1',
					lines: [],
					amount: 5_000,
					method: 'cash',
					reason: 'cold',
					refunded_at: o.created_at,
					cashier_name: 'test',
					shift_id: null
				}
			]
		}));
		let s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 6, folded: 1, stored: 7 });

		// A void through the worker's bulk storage write (no collection hook runs).
		const voided = await paidOf(day(4));
		expect(
			await bulkModify(
				db.orders,
				[voided],
				(o) => ({ ...o, status: 'void' as const, payments: [] }),
				'test-void'
			)
		).toBe(1);
		s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 6, folded: 1 });

		// An order of a past day pulled late, written raw to the storage instance.
		const late = { ...order(999, day(3)), local_id: 'ORD-LATE' };
		const res = await db.orders.storageInstance.bulkWrite(
			[
				{
					document: {
						...late,
						_deleted: false,
						_attachments: {},
						_rev: createRevision(db.token),
						_meta: { lwt: rxNow() }
					}
				}
			],
			'test-raw'
		);
		expect(res.error).toEqual([]);
		s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 6, folded: 1 });

		// A deletion.
		await (await paidOf(day(2))).remove();
		s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 6, folded: 1 });

		// A sale today.
		expect((await db.orders.insert({ ...order(1000, TODAY), local_id: 'ORD-NOW' })).local_id).toBe('ORD-NOW');
		s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 6, folded: 1 });

		// Nothing since: every day from its partial again.
		s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 7, folded: 0, changed: 0 });
	});

	it("folds again after an eviction purged its orders' tombstones", async () => {
		db = await open();
		await seed(db, 10);
		const old = addDays(TODAY, -6);
		const olds = await db.orders.find({ selector: { business_date: old } }).exec();
		await db.orders.bulkUpsert(
			olds.map((o) => ({
				...o.toMutableJSON(),
				sync_status: 'synced' as const,
				cloud_id: `c-${o.local_id}`,
				synced_version: 1,
				version: 1
			}))
		);
		await expectExact(db);
		const evicted = await evictOldOrders(db, { retentionDays: 1, now: new Date(`${TODAY}T05:00:00Z`) });
		expect(evicted.orders).toBeGreaterThan(0);
		const s = await expectExact(db);
		expect(s.folded).toBe(7);
	});

	it('folds again in another zone, and two reports racing leave exact partials', async () => {
		db = await open();
		await seed(db);
		await expectExact(db);
		const s = await expectExact(db, FIRST, TODAY, 'Asia/Jayapura');
		expect(s).toMatchObject({ from_summaries: 0, folded: 7 });

		const d = db;
		const raced = await Promise.all([report(d), report(d), fullFold(d, FIRST, TODAY)]);
		expect(raced[0].report).toEqual(raced[2]);
		expect(raced[1].report).toEqual(raced[2]);
		expect(await expectExact(db)).toMatchObject({ from_summaries: 7 });
	});
});
