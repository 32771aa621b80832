// Why: stored day partials are a cache of the report; on a real RxDB (fake IndexedDB) a report from them must equal
// folding every order of the range, also after a refund, a void written straight to the storage, a late order raw-written
// to a past day, a deletion, a sale today, an eviction's purge, a change of zone and two reports racing; and while the
// till sells, new orders are added to today's partial (only they are read) and a rewritten folded order folds its day.
import 'fake-indexeddb/auto';
import { writeOrderRaw } from '../../../tests/helpers/raw-writes';
import { getHeightOfRevision } from 'rxdb';
import { afterEach, describe, expect, it } from 'vitest';
import { makeOrders } from '../../../tests/e2e/replication-support';
import { bulkModify } from '../../../worker/sync/bulk-modify';
import { evictOldOrders } from '../../../worker/storage/evict';
import { addDays, datesBetween } from '../domain/business-day';
import { addToReport, finishReport, reportCsv, startReport, type SalesReport } from '../domain/report';
import { countedOrders, dayPartial, heldOrders, type DayPartial } from '../domain/report-day';
import type { OutletTimeZone } from '../domain/time';
import { openDatabase, type KasirDatabase } from './database';
import { reportDayKey } from './meta';
import { readByKeys } from './covered-read';
import { buildSalesReport, RESTAMP_AFTER_CHANGES, type ReportDayDoc } from './reports';
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

/**
 * The report through stored partials (no commit margin: one realm, its writes are committed in stamp order), once its
 * partials are stored: every one it handed to the write (`stats.stored`) was written.
 */
async function report(d: KasirDatabase, from = FIRST, to = TODAY, zone: OutletTimeZone = ZONE) {
	const r = await buildSalesReport(d, from, to, zone, TODAY, { commitMarginMs: 0 });
	expect(await r.written).toBe(r.stats.stored);
	return r;
}

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
		// Days folded a week per read: empty days before, stored days, and days after today, across three reads.
		const wide = await expectExact(db, addDays(TODAY, -15), addDays(TODAY, 3));
		expect(wide).toMatchObject({ days: 19, from_summaries: 7, folded: 12, orders_read: 0, stored: 9 });
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
		// Held by its day's partial at an older revision: taken in from the partial's counted orders, no order read, that
		// day alone stored; the others, untouched, are not rewritten for one change.
		let s = await expectExact(db);
		expect(s).toMatchObject({
			from_summaries: 7,
			folded: 0,
			orders_read: 0,
			stored: 1,
			added: 0,
			rewritten: 1
		});

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
		expect(s).toMatchObject({ from_summaries: 7, folded: 0, orders_read: 0, rewritten: 1 });

		// An order of a past day pulled late, written raw to the storage instance.
		const late = { ...order(999, day(3)), local_id: 'ORD-LATE' };
		await writeOrderRaw(db, late, 'test-raw');
		// Not held by its day's partial: added to it, no day read.
		s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 7, folded: 0, added: 1, orders_read: 0, stored: 1 });

		// A deletion.
		await (await paidOf(day(2))).remove();
		s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 7, folded: 0, orders_read: 0, rewritten: 1 });

		// A sale today.
		expect((await db.orders.insert({ ...order(1000, TODAY), local_id: 'ORD-NOW' })).local_id).toBe('ORD-NOW');
		s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 7, folded: 0, added: 1, orders_read: 0 });

		// Nothing since: every day from its partial again (the writes above, read again, are each held or older than
		// their day's partial), and nothing is written.
		s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 7, folded: 0, added: 0, stored: 0 });
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

describe("today's partial while the till sells", () => {
	/** Today's stored partial beside a fresh fold of today's stored orders, in a form that ignores list order. */
	async function todayAgainstFold(d: KasirDatabase, date = TODAY) {
		const stored = (await d.meta.findOne(reportDayKey(date)).exec())?.toJSON().value as
			{ partial: DayPartial } | undefined;
		const orders = (await d.orders.find({ selector: { business_date: date } }).exec()).map((o) =>
			o.toJSON(true)
		);
		const revisions = new Map(orders.map((o) => [o.local_id, getHeightOfRevision(o._rev)]));
		const fold = dayPartial(orders, date, ZONE, (o) => revisions.get(o.local_id) ?? 0);
		const norm = ({ names: _names, ...p }: DayPartial) => ({
			...p,
			categories: [...p.categories].sort(),
			products: [...p.products].sort(),
			// Lines in any order, named through the partial's own names.
			counted: countedOrders({ ...p, names: _names }),
			held: heldOrders({ ...p, names: _names })
		});
		expect(stored).toBeDefined();
		return { stored: norm(stored!.partial), fold: norm(fold) };
	}

	const sale = (i: number, date = TODAY): OrderDoc => ({
		...order(5_000 + i, date),
		local_id: `ORD-SALE-${crypto.randomUUID()}`,
		status: 'paid'
	});

	it('adds each new sale to the stored partial, reading only the new orders', async () => {
		db = await open();
		await seed(db);
		const cold = await expectExact(db, TODAY, TODAY);
		expect(cold).toMatchObject({ folded: 1, orders_read: 25 });

		for (let round = 0; round < 4; round++) {
			// Five sales between two reports, one write each as the pay path makes them; a new payment method too.
			for (let k = 0; k < 5; k++) {
				const o = sale(round * 5 + k);
				await db.orders.insert(
					round === 2 && k === 0 ? { ...o, payments: o.payments.map((p) => ({ ...p, method: 'gopay' })) } : o
				);
			}
			const s = await expectExact(db, TODAY, TODAY);
			expect(s).toMatchObject({
				from_summaries: 1,
				folded: 0,
				orders_read: 0,
				changed: 5,
				added: 5,
				stored: 1,
				index_covered: true
			});
			const { stored, fold } = await todayAgainstFold(db);
			expect(stored).toEqual(fold);
		}
		// Over the whole range too (the other days from their partials, nothing folded).
		expect(await expectExact(db)).toMatchObject({ folded: 6, added: 0 });
		expect(await expectExact(db)).toMatchObject({ folded: 0, from_summaries: 7 });
	});

	it('returns the figures before it stores the partial, and stores one report after another in their order', async () => {
		db = await open();
		await seed(db);
		await expectExact(db, TODAY, TODAY);
		const key = reportDayKey(TODAY);
		/** The stored document as IndexedDB holds it now (its own read transaction, queued behind any write begun). */
		const storedNow = async () => {
			const doc = (await readByKeys(db!.meta, [key]))?.get(key);
			return doc?.value as ReportDayDoc | undefined;
		};
		const before = await storedNow();
		await db.orders.insert(sale(1));
		await new Promise((r) => setTimeout(r, 3));

		const r = await buildSalesReport(db, TODAY, TODAY, ZONE, TODAY, { commitMarginMs: 0 });
		// The figures count the sale while the stored partial is still the one before it.
		expect(r.report).toEqual(await fullFold(db, TODAY, TODAY));
		expect(r.stats).toMatchObject({ folded: 0, added: 1, stored: 1 });
		const during = await storedNow();
		expect(during?.seen).toBe(before?.seen);
		expect(await r.written).toBe(1);
		const after = await storedNow();
		expect(after!.seen).toBeGreaterThan(before!.seen);
		expect(countedOrders(after!.partial)!.size).toBe(countedOrders(before!.partial)!.size + 1);
		expect(r.stats.ms.write).toBeGreaterThan(0);

		// Two reports, a sale before each, neither awaiting its write: the writes land in the reports' order, so the
		// partial stored last is the second's (it holds the second sale: the next report reads nothing new).
		await db.orders.insert(sale(2));
		await new Promise((r) => setTimeout(r, 3));
		const first = await buildSalesReport(db, TODAY, TODAY, ZONE, TODAY, { commitMarginMs: 0 });
		await db.orders.insert(sale(3));
		await new Promise((r) => setTimeout(r, 3));
		const second = await buildSalesReport(db, TODAY, TODAY, ZONE, TODAY, { commitMarginMs: 0 });
		expect(first.stats).toMatchObject({ added: 1, stored: 1 });
		// 1 when the first was stored before it read, 2 when not: the sale before the first added again.
		expect(second.stats.added).toBeGreaterThanOrEqual(1);
		expect(second.stats.stored).toBe(1);
		expect(second.report).toEqual(await fullFold(db, TODAY, TODAY));
		expect(await Promise.all([first.written, second.written])).toEqual([1, 1]);
		expect(await expectExact(db, TODAY, TODAY)).toMatchObject({ changed: 0, added: 0, stored: 0 });
		const { stored, fold } = await todayAgainstFold(db);
		expect(stored).toEqual(fold);
	});

	it('does not hold an open order, and adds it once paid or voided', async () => {
		db = await open();
		await seed(db);
		await expectExact(db, TODAY, TODAY);
		const open1 = await db.orders.insert({ ...sale(1), status: 'open', payments: [] });
		const open2 = await db.orders.insert({ ...sale(2), status: 'sent', payments: [] });
		let s = await expectExact(db, TODAY, TODAY);
		expect(s).toMatchObject({ folded: 0, changed: 2, added: 0 });
		expect((await todayAgainstFold(db)).stored.held?.has(open1.local_id)).toBe(false);

		await open1.incrementalModify((o) => ({ ...o, status: 'paid', payments: sale(1).payments }));
		await open2.incrementalModify((o) => ({ ...o, status: 'void', void_reason: 'test' }));
		s = await expectExact(db, TODAY, TODAY);
		expect(s).toMatchObject({ folded: 0, orders_read: 0, added: 2 });
		const { stored, fold } = await todayAgainstFold(db);
		expect(stored).toEqual(fold);
	});

	it('takes a refund or void of a counted order in without reading the day, and a late order touches only its day', async () => {
		db = await open();
		await seed(db);
		await expectExact(db);
		const sold = await db.orders.insert(sale(1));
		expect(await expectExact(db, TODAY, TODAY)).toMatchObject({ folded: 0, added: 1 });

		// A refund of the sale just added: held at an older revision, taken off and added again from the partial's counted
		// orders (no order of the day read).
		await sold.incrementalModify((o) => ({
			...o,
			refunds: [
				{
					local_id: 'ref-today',
					lines: [],
					amount: 2_000,
					method: 'qris',
					reason: 'cold',
					refunded_at: o.created_at,
					cashier_name: 'test',
					shift_id: null
				}
			]
		}));
		let s = await expectExact(db, TODAY, TODAY);
		expect(s).toMatchObject({ folded: 0, orders_read: 0, added: 0, rewritten: 1, stored: 1 });
		expect((await todayAgainstFold(db)).stored).toEqual((await todayAgainstFold(db)).fold);
		// A void through the worker's bulk storage write of an order folded at the start.
		const seeded = await db.orders
			.findOne({ selector: { business_date: TODAY, status: 'paid', local_id: { $ne: sold.local_id } } })
			.exec();
		expect(
			await bulkModify(db.orders, [seeded!], (o) => ({ ...o, status: 'void' as const }), 'test-void')
		).toBe(1);
		s = await expectExact(db, TODAY, TODAY);
		expect(s).toMatchObject({ folded: 0, orders_read: 0, rewritten: 1 });
		expect((await todayAgainstFold(db)).stored).toEqual((await todayAgainstFold(db)).fold);

		// A late sale of three days ago (pulled from another till): added to that day alone.
		const day3 = addDays(TODAY, -3);
		const before = await db.meta.findByIds(datesBetween(FIRST, TODAY).map(reportDayKey)).exec();
		await db.orders.insert(sale(2, day3));
		s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 7, folded: 0, orders_read: 0, added: 1, stored: 1 });
		const after = await db.meta.findByIds(datesBetween(FIRST, TODAY).map(reportDayKey)).exec();
		for (const date of datesBetween(FIRST, TODAY)) {
			const same = before.get(reportDayKey(date))?.revision === after.get(reportDayKey(date))?.revision;
			expect([date, same]).toEqual([date, date !== day3]);
		}
		// An order of that day rewritten late (a sync bringing a void): that day alone is rewritten, no order read.
		const old = await db.orders.findOne({ selector: { business_date: day3, status: 'paid' } }).exec();
		await old!.incrementalModify((o) => ({ ...o, status: 'void' }));
		s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 7, folded: 0, orders_read: 0, rewritten: 1, stored: 1 });
		expect((await todayAgainstFold(db, day3)).stored).toEqual((await todayAgainstFold(db, day3)).fold);

		// An order whose contribution a partial cannot keep (an amount not in whole rupiah, as a foreign sync might bring):
		// held by revision only, so its rewrite folds its day again from the stored orders.
		const odd = await db.orders.insert({ ...sale(3), subtotal: 20_000.5, total_amount: 22_000.5 });
		s = await expectExact(db, TODAY, TODAY);
		expect(s).toMatchObject({ folded: 0, added: 1 });
		await odd.incrementalModify((o) => ({ ...o, status: 'void' }));
		s = await expectExact(db, TODAY, TODAY);
		expect(s).toMatchObject({ folded: 1, orders_read: 27, rewritten: 0 });
		expect((await todayAgainstFold(db)).stored).toEqual((await todayAgainstFold(db)).fold);
	});

	it('re-stamps untouched partials after many changes, and folds again a partial stored before it held its orders', async () => {
		db = await open();
		await seed(db);
		await expectExact(db);
		await db.orders.bulkInsert(Array.from({ length: RESTAMP_AFTER_CHANGES }, (_, i) => sale(i)));
		let s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 7, added: RESTAMP_AFTER_CHANGES, stored: 7 });
		s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 7, changed: 0, stored: 0 });

		// A partial as stored before held orders: folded again once.
		const key = reportDayKey(addDays(TODAY, -2));
		const doc = (await db.meta.findOne(key).exec())!.toJSON();
		const stored = (doc.value as { partial: DayPartial }).partial;
		const { counted: _counted, methods_first: _first, ...oldest } = stored;
		await db.meta.upsert({ ...doc, value: { ...(doc.value as object), partial: oldest } });
		s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 6, folded: 1 });
		// One as stored before counted orders kept their contributions (`held`: `<revision>:<local_id>` lines): the same.
		const { counted: _c, ...rest } = stored;
		const held = [...heldOrders(stored)!].map(([id, rev]) => `${rev}:${id}`).join('\n');
		await db.meta.upsert({ ...doc, value: { ...(doc.value as object), partial: { ...rest, held } } });
		s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 6, folded: 1 });
		s = await expectExact(db);
		expect(s).toMatchObject({ from_summaries: 7, folded: 0 });
	});
});
