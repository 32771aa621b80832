// Why: the orders screen reads a page of a day's newest orders through [business_date, created_at] (backwards, directly
// from IndexedDB) and keeps it, the day's count and its paid total live from change events; each must equal what a full
// read of the day gives, as orders are added, paid, voided and the page grows.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { until } from '../../../tests/helpers/wait';
import { openDatabase, type KasirDatabase } from './database';
import { dayQuery, newestFirst, openDayReader } from './day-orders';
import { DayPaidTotal } from './day-paid';
import { LiveDayOrders, type DayView } from './live-day-orders';
import type { OrderDoc } from './types';
import { orderDoc } from '../../../tests/helpers/order-docs';

const TODAY = '2026-01-27';
const DAYS = ['2026-01-25', '2026-01-26', TODAY, '2026-01-28'];

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

function order(i: number, day: string, extra: Partial<OrderDoc> = {}): OrderDoc {
	// Several orders share a minute (ties are ordered by local_id), and local_id does not follow created_at.
	const minute = String(Math.floor(i / 3) % 60).padStart(2, '0');
	const hour = String(6 + Math.floor(i / 180)).padStart(2, '0');
	const at = `${day}T${hour}:${minute}:00.000Z`;
	const status = i % 7 === 0 ? 'void' : i % 11 === 0 ? 'open' : 'paid';
	return orderDoc({
		local_id: `L-${day}-${String((i * 7919) % 100_000).padStart(5, '0')}`,
		order_number: `ORD-${day}-${i}`,
		subtotal: 0,
		total_amount: 1_000 + i * 10,
		status,
		void_reason: status === 'void' ? 'test' : null,
		created_at: at,
		business_date: day,
		shift_id: null,
		...extra
	});
}

/** ~300 orders over four days, 120 of them today. */
async function seeded(): Promise<KasirDatabase> {
	const d = await openDatabase({
		name: `d${Date.now()}${Math.random()}`,
		indexedDB,
		IDBKeyRange,
		multiInstance: false
	});
	const docs = DAYS.flatMap((day) =>
		Array.from({ length: day === TODAY ? 120 : 60 }, (_, i) => order(i, day))
	);
	const r = await d.orders.bulkInsert(docs);
	expect(r.error).toEqual([]);
	return d;
}

/** The day as a full RxDB read gives it, newest first, with its count and paid total. */
async function truth(d: KasirDatabase, day = TODAY) {
	const all = (await d.orders.find({ selector: { business_date: day } }).exec())
		.map((x) => x.toJSON() as OrderDoc)
		.sort(newestFirst);
	return {
		ids: all.map((o) => o.local_id),
		count: all.length,
		paidTotal: all.filter((o) => o.status === 'paid').reduce((s, o) => s + o.total_amount, 0),
		byId: new Map(all.map((o) => [o.local_id, o]))
	};
}

function live(d: KasirDatabase, first = 50) {
	const views: DayView[] = [];
	const errors: unknown[] = [];
	const day = new LiveDayOrders(
		d.orders,
		TODAY,
		first,
		(v) => views.push(v),
		new DayPaidTotal(d, TODAY, 'UTC'),
		(e) => errors.push(e)
	);
	const last = () => views.at(-1);
	const when = (what: string, ok: (v: DayView) => boolean) =>
		until(
			async () => {
				if (errors.length) throw errors[0];
				const v = last();
				return v && ok(v) ? v : null;
			},
			{
				what,
				everyMs: 10,
				timeoutMs: 10_000
			}
		);
	return { day, views, when };
}

describe('orders v3: [business_date, created_at]', () => {
	it("the day's query is held by the index (selector and sort)", async () => {
		db = await seeded();
		const plan = db.orders.find(dayQuery(TODAY)).getPreparedQuery().queryPlan;
		expect(plan.index).toEqual(['_deleted', 'business_date', 'created_at', 'local_id']);
		expect([plan.selectorSatisfiedByIndex, plan.sortSatisfiedByIndex]).toEqual([true, true]);
	});

	/** Key cursors the reader opens while `read` runs (the page's edge, found before its `getAll`). */
	async function keyCursors(read: () => Promise<void>): Promise<number> {
		const spy = vi.spyOn(IDBIndex.prototype, 'openKeyCursor');
		try {
			await read();
			return spy.mock.calls.length;
		} finally {
			spy.mockRestore();
		}
	}

	it('reads a page backwards in one getAll, with no key cursor (IndexedDB 3 options)', async () => {
		db = await seeded();
		const d = db;
		expect(await keyCursors(() => directReaderAnswers(d))).toBe(0);
	});

	it("gives the same answers through a key cursor where the browser's getAll takes no options", async () => {
		db = await seeded();
		const d = db;
		// As a browser before IndexedDB 3 does: a dictionary is not a valid key.
		const getAll = Object.getOwnPropertyDescriptor(IDBIndex.prototype, 'getAll')?.value as (
			this: IDBIndex,
			...a: Parameters<IDBIndex['getAll']>
		) => IDBRequest<unknown[]>;
		const spy = vi.spyOn(IDBIndex.prototype, 'getAll').mockImplementation(function (this: IDBIndex, ...a) {
			const q: unknown = a[0];
			if (q !== null && typeof q === 'object' && !(q instanceof IDBKeyRange) && !Array.isArray(q))
				throw new DOMException('The parameter is not a valid key.', 'DataError');
			return getAll.apply(this, a);
		});
		try {
			expect(await keyCursors(() => directReaderAnswers(d))).toBeGreaterThan(0);
		} finally {
			spy.mockRestore();
		}
	});

	async function directReaderAnswers(db: KasirDatabase): Promise<void> {
		const want = await truth(db);
		const reader = await openDayReader(db.orders, TODAY);
		expect(reader.direct).toBe(true);
		const first = await reader.newest(50);
		expect(first.count).toBe(120);
		expect(first.rows.map((r) => r.doc.local_id)).toEqual(want.ids.slice(0, 50));
		const last = first.rows.at(-1)!.doc;
		const next = await reader.newest(50, { created_at: last.created_at, local_id: last.local_id });
		expect(next.rows.map((r) => r.doc.local_id)).toEqual(want.ids.slice(50, 100));
		const window = await reader.from({ created_at: last.created_at, local_id: last.local_id });
		expect(window.rows.map((r) => r.doc.local_id)).toEqual(want.ids.slice(0, 50));
		expect((await reader.all()).map((r) => r.doc.local_id)).toEqual(want.ids);
		// Page sizes at the edges: one, exactly the day, more than the day, below the last order.
		for (const n of [1, 119, 120, 121])
			expect((await reader.newest(n)).rows.map((r) => r.doc.local_id)).toEqual(want.ids.slice(0, n));
		const oldest = want.byId.get(want.ids.at(-1)!)!;
		expect(await reader.newest(5, { created_at: oldest.created_at, local_id: oldest.local_id })).toEqual({
			rows: [],
			count: 120
		});
		// A stored document comes back as the app's document (no storage fields).
		expect(first.rows[0]!.doc).toEqual(want.byId.get(want.ids[0]!));
		await expect((await openDayReader(db.orders, '2026-02-01')).newest(50)).resolves.toEqual({
			rows: [],
			count: 0
		});
	}
});

describe("the orders screen's live day", () => {
	it('shows the newest page first with the exact count, then the exact paid total', async () => {
		db = await seeded();
		const want = await truth(db);
		const { day, views, when } = live(db);
		const shown = await when('the first page', (v) => v.orders.length > 0);
		expect(shown.orders.map((o) => o.local_id)).toEqual(want.ids.slice(0, 50));
		expect(shown.count).toBe(120);
		expect(shown.hasMore).toBe(true);
		// The first view has no total yet: the day is folded after the page is shown.
		expect(views[0]!.paidTotal).toBeNull();
		await when('the paid total', (v) => v.paidTotal === want.paidTotal);
		day.close();
	});

	it('grows a page at a time down to the day’s first order', async () => {
		db = await seeded();
		const want = await truth(db);
		const { day, when } = live(db);
		await when('the first page', (v) => v.orders.length === 50);
		day.grow(50);
		const two = await when('two pages', (v) => v.orders.length === 100);
		expect(two.orders.map((o) => o.local_id)).toEqual(want.ids.slice(0, 100));
		day.grow(50);
		const all = await when('the whole day', (v) => v.orders.length === 120);
		expect(all.orders.map((o) => o.local_id)).toEqual(want.ids);
		expect(all.hasMore).toBe(false);
		day.close();
	});

	it('stays live: a new sale on top, a void and a payment in place, other days ignored; count and total exact', async () => {
		db = await seeded();
		const { day, when } = live(db);
		await when('the folded total', (v) => v.paidTotal !== null && v.orders.length === 50);
		day.grow(50);
		await when('two pages', (v) => v.orders.length === 100);

		// A new sale (paid) and a held order of today, and one on another day.
		await db.orders.insert(order(500, TODAY, { created_at: `${TODAY}T23:00:00.000Z`, local_id: 'new-paid' }));
		await db.orders.insert(
			order(501, TODAY, { created_at: `${TODAY}T23:30:00.000Z`, local_id: 'new-open', status: 'open' })
		);
		await db.orders.insert(order(502, '2026-01-26', { local_id: 'yesterday' }));
		let want = await truth(db);
		let v = await when('the new sales on top', (x) => x.count === 122 && x.paidTotal === want.paidTotal);
		expect(v.orders.slice(0, 2).map((o) => o.local_id)).toEqual(['new-open', 'new-paid']);
		expect(v.orders.map((o) => o.local_id)).toEqual(want.ids.slice(0, 102));

		// Void a paid order inside the window, pay the held one, and pay one below the window (not shown).
		const paidShown = v.orders.find((o) => o.status === 'paid' && o.local_id !== 'new-paid')!;
		await (await db.orders.findOne(paidShown.local_id).exec())!.incrementalPatch({
			status: 'void',
			void_reason: 'salah'
		});
		await (await db.orders.findOne('new-open').exec())!.incrementalPatch({ status: 'paid' });
		const below = want.ids.slice(102).find((id) => want.byId.get(id)!.status === 'open')!;
		await (await db.orders.findOne(below).exec())!.incrementalPatch({ status: 'paid' });
		want = await truth(db);
		v = await when('the changes', (x) => x.paidTotal === want.paidTotal);
		expect(v.count).toBe(122);
		expect(v.orders.map((o) => [o.local_id, o.status])).toEqual(
			want.ids.slice(0, 102).map((id) => [id, want.byId.get(id)!.status])
		);
		expect(v.orders.find((o) => o.local_id === paidShown.local_id)?.void_reason).toBe('salah');
		day.close();
	});

	it('an empty day shows nothing, then its first order', async () => {
		db = await seeded();
		const views: DayView[] = [];
		const day = new LiveDayOrders(
			db.orders,
			'2026-02-01',
			50,
			(v) => views.push(v),
			new DayPaidTotal(db, '2026-02-01', 'UTC')
		);
		await until(async () => views.find((v) => v.paidTotal === 0), { what: 'the empty day', everyMs: 10 });
		expect(views.at(-1)).toEqual({ orders: [], count: 0, paidTotal: 0, hasMore: false });
		await db.orders.insert(order(1, '2026-02-01', { local_id: 'first' }));
		const v = await until(async () => views.find((x) => x.count === 1), {
			what: 'the first order',
			everyMs: 10
		});
		expect(v.orders.map((o) => o.local_id)).toEqual(['first']);
		expect(v.paidTotal).toBe(1_010);
		day.close();
	});
});
