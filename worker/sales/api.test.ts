// Why: the selling screen's writes are the worker's: each handler answers over comlink with plain JSON once RxDB's write has
// resolved, a paid sale is never written twice, and numbers are never handed out twice or used again.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type KasirDatabase } from '../../src/lib/db/database';
import { counterKey, getMeta, saveShift, setMeta } from '../../src/lib/db/meta';
import { clearedDraft, draftKey, type CartDraft } from '../../src/lib/db/sales';
import { cartDraft, oneLineCart, orderDoc } from '../../tests/helpers/order-docs';
import { shiftDoc } from '../../tests/helpers/shift-docs';
import { salesWorker, type SalesWorker } from '../../tests/helpers/sales-worker';

let db: KasirDatabase;
let worker: SalesWorker;

beforeEach(async () => {
	db = await openDatabase({
		name: `sales${Date.now()}${Math.random()}`,
		indexedDB,
		IDBKeyRange,
		multiInstance: false
	});
	worker = salesWorker(db);
});
afterEach(async () => {
	worker.close();
	await db.remove();
});

const AT = '2026-12-02T03:00:00.000Z';
const SHIFT = { outlet_id: 'o', opened_at: AT, business_date: '2026-12-02' };
const paid = (local_id: string, over: Partial<Parameters<typeof orderDoc>[0]> = {}) =>
	orderDoc({
		local_id,
		order_number: `ORD-20261202-JKT001-B-${local_id.slice(-4)}`,
		created_at: AT,
		business_date: '2026-12-02',
		status: 'paid',
		table_number: 'A-07',
		...over
	});

describe('worker sales area', () => {
	it('inserts a new sale once: a second insert with its id writes nothing and says so; an upsert writes over it', async () => {
		const { client } = worker;
		expect(await client.storeOrder(paid('o-0001'), true)).toBe(true);
		expect((await db.orders.findOne('o-0001').exec())?.status).toBe('paid');

		// The same sale again (a retry after a reload): refused, the stored order unchanged.
		expect(await client.storeOrder(paid('o-0001', { total_amount: 1 }), true)).toBe(false);
		expect((await db.orders.findOne('o-0001').exec())?.total_amount).toBe(10_000);
		expect(await db.orders.count().exec()).toBe(1);

		expect(await client.storeOrder(paid('o-0001', { total_amount: 12_000, version: 2 }), false)).toBe(true);
		expect((await db.orders.findOne('o-0001').exec())?.toJSON()).toMatchObject({
			total_amount: 12_000,
			version: 2
		});
	});

	it("inserts a new sale's paid order in one trip with the open shift filled in, never twice, never without its shift", async () => {
		const { client } = worker;
		// No shift open and none opened by itself: stored as built.
		expect(await client.insertPaidOrder(paid('o-0010', { shift_id: null }), false)).toEqual({
			outcome: 'stored',
			shift_id: null
		});
		// No shift open, the outlet opens one at a first sale: nothing written, the page opens it first.
		expect(await client.insertPaidOrder(paid('o-0011', { shift_id: null }), true)).toEqual({
			outcome: 'no_shift',
			shift_id: null
		});
		expect(await db.orders.findOne('o-0011').exec()).toBeNull();
		// A shift open: the order takes it, whatever the page had.
		await saveShift(db, shiftDoc({ ...SHIFT, local_id: 'SHIFT-open' }));
		expect(await client.insertPaidOrder(paid('o-0011', { shift_id: null }), true)).toEqual({
			outcome: 'stored',
			shift_id: 'SHIFT-open'
		});
		expect((await db.orders.findOne('o-0011').exec())?.shift_id).toBe('SHIFT-open');
		// The same sale again: refused, the stored order unchanged.
		expect(await client.insertPaidOrder(paid('o-0011', { total_amount: 1 }), true)).toEqual({
			outcome: 'exists',
			shift_id: null
		});
		expect((await db.orders.findOne('o-0011').exec())?.total_amount).toBe(10_000);
		expect(await db.orders.count().exec()).toBe(2);
	});

	it('reads an order and the open shift as plain JSON (null when none)', async () => {
		const { client } = worker;
		expect(await client.readOrder('nope')).toBeNull();
		expect(await client.readOpenShift()).toBeNull();
		await client.storeOrder(paid('o-0002'), true);
		const read = await client.readOrder('o-0002');
		expect(read).toMatchObject({ local_id: 'o-0002', status: 'paid', table_number: 'A-07' });
		expect(Object.getPrototypeOf(read)).toBe(Object.prototype);

		await saveShift(db, shiftDoc({ ...SHIFT, local_id: 'SHIFT-closed', status: 'closed' }));
		expect(await client.readOpenShift()).toBeNull();
		await saveShift(db, shiftDoc({ ...SHIFT, local_id: 'SHIFT-open' }));
		expect(await client.readOpenShift()).toMatchObject({ local_id: 'SHIFT-open', status: 'open' });
	});

	it('draws consecutive numbers, and past the numbers in use when the counter is behind them', async () => {
		const { client } = worker;
		const counter = 'order:20261202:JKT001:B';
		expect(await client.drawNumber(counter)).toBe(1);
		expect(await client.drawNumber(counter)).toBe(2);
		// Numbers 3..5 are in use (meta restored from before they were drawn): the next draw skips them.
		for (const n of ['0003', '0004', '0005'])
			await db.orders.insert(paid(`o-${n}`, { order_number: `ORD-20261202-JKT001-B-${n}` }));
		expect(await client.drawNumber(counter)).toBe(6);
		expect(await getMeta<number>(db, counterKey(counter))).toBe(6);
		const both = await Promise.all([client.drawNumber(counter), client.drawNumber(counter)]);
		expect(both.sort()).toEqual([7, 8]);
	});

	it("derives a paid sale's transaction once, takes and releases its table, and keeps the tab's draft", async () => {
		const { client } = worker;
		const open = paid('o-0009', { status: 'open' });
		await client.storeOrder(open, true);
		await client.followOrderTable(open);
		expect((await db.tables.findOne('A-07').exec())?.toJSON()).toMatchObject({
			status: 'occupied',
			order_local_id: 'o-0009'
		});
		await client.followOrderTable(open, true);
		expect((await db.tables.findOne('A-07').exec())?.status).toBe('bill');

		const done = paid('o-0009', {
			version: 2,
			payments: [
				{
					local_id: 'pay-1',
					method: 'cash',
					amount: 10_000,
					cash_amount: 20_000,
					change_amount: 10_000,
					paid_at: AT,
					cashier_name: 'Sari'
				}
			]
		});
		await client.storeOrder(done, false);
		expect(await client.deriveSale(done)).toBe(1);
		expect(await client.deriveSale(done)).toBe(0);
		expect((await db.transactions.findOne('pay-1').exec())?.toJSON()).toMatchObject({
			order_id: 'o-0009',
			total_amount: 10_000,
			sync_status: 'pending'
		});
		await client.followOrderTable(done);
		expect((await db.tables.findOne('A-07').exec())?.toJSON()).toMatchObject({
			status: 'free',
			order_local_id: null
		});

		const draft: CartDraft = clearedDraft(
			cartDraft({
				tab_id: 'tab-9',
				spare_number: 'ORD-20261202-JKT001-B-0010',
				spare_key: 'order:20261202:JKT001:B',
				updated_at: AT
			}),
			AT
		);
		await client.saveDraft(draft);
		expect(await getMeta<CartDraft>(db, draftKey('tab-9'))).toEqual(draft);
	});

	it("starts under the sales-start lock, and takes over a dead tab's draft, never a live tab's", async () => {
		const { client, locks } = worker;
		const draft = (tab: string, product: string, updated_at: string): CartDraft =>
			cartDraft({
				tab_id: tab,
				cart: oneLineCart({ product_id: product, product_name: product, category: '', unit_price: 5_000 }),
				updated_at
			});
		await setMeta(db, draftKey('tab-dead'), draft('tab-dead', 'Kopi', '2026-12-02T03:00:00.000Z'));
		// The live tab's draft is newer: it is still not taken (that tab is selling it).
		await setMeta(db, draftKey('tab-live'), draft('tab-live', 'Teh', '2026-12-02T04:00:00.000Z'));
		let releaseLive!: () => void;
		const live = locks.request('kasir-tab:tab-live', {}, () => new Promise<void>((r) => (releaseLive = r)));

		// Another start holds the lock: this one waits for it.
		let releaseStart!: () => void;
		const other = locks.request('kasir-sales-start', {}, () => new Promise<void>((r) => (releaseStart = r)));
		let started = false;
		const starting = client.startSales('tab-me').then((r) => {
			started = true;
			return r;
		});
		await new Promise((r) => setTimeout(r, 100));
		expect(started).toBe(false);
		releaseStart();
		await other;
		const { draft: mine, report } = await starting;

		expect(mine).toMatchObject({ tab_id: 'tab-me', cart: { lines: [{ product_name: 'Kopi' }] } });
		expect(report).toMatchObject({ drafts: 0, tables: 0 });
		expect(await getMeta<CartDraft>(db, draftKey('tab-me'))).toMatchObject({ tab_id: 'tab-me' });
		expect(await getMeta<CartDraft>(db, draftKey('tab-dead'))).toBeUndefined();
		expect(await getMeta<CartDraft>(db, draftKey('tab-live'))).toMatchObject({ tab_id: 'tab-live' });

		// A reload of the same tab gets its own draft back; while that tab is alive, a new tab has nothing to take over.
		let releaseMe!: () => void;
		const me = locks.request('kasir-tab:tab-me', {}, () => new Promise<void>((r) => (releaseMe = r)));
		expect((await client.startSales('tab-me')).draft).toMatchObject({ tab_id: 'tab-me' });
		expect((await client.startSales('tab-new')).draft).toBeNull();
		releaseMe();
		releaseLive();
		await Promise.all([me, live]);
	});
});
