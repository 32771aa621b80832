// Why: the sale in progress must survive a reload or a crash: the cart follows itself into its tab's draft as it changes, and a
// draft brings back the same sale (lines, table, guest, checkout identity, reserved and spare numbers). The draft is written by
// the worker's real sales handlers over comlink (tests/helpers/sales-worker.ts).
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearedDraft, draftKey, getMeta, openDatabase, type CartDraft, type KasirDatabase } from '$lib/db';
import { addItem } from '$lib/domain/cart';
import { cartDraft } from '../../../tests/helpers/order-docs';
import { salesWorker, type SalesWorker } from '../../../tests/helpers/sales-worker';
import { cart } from './cart.svelte';

let db: KasirDatabase;
let worker: SalesWorker;
beforeEach(async () => {
	db = await openDatabase({
		name: `cart${Date.now()}${Math.random()}`,
		indexedDB,
		IDBKeyRange,
		multiInstance: false
	});
	worker = salesWorker(db);
	cart.reset();
	cart.spareNumber = null;
	cart.spareKey = null;
});
afterEach(async () => {
	worker.close();
	await db.remove();
});

async function until<T>(fn: () => Promise<T | undefined>): Promise<T> {
	for (;;) {
		const v = await fn();
		if (v) return v;
		await new Promise((r) => setTimeout(r, 50));
	}
}

describe('cart draft', () => {
	it('keeps the cart as the tab draft and restores the same sale from it', async () => {
		cart.persist(worker.client, 'tab-1');
		const r = addItem(cart.cart, {
			product_id: 'p1',
			product_name: 'Kopi',
			category: 'Minuman',
			unit_price: 18_000,
			qty: 2,
			modifiers: [],
			destination: 'bar'
		});
		if (!r.ok) throw new Error(r.error.code);
		cart.set(r.value.cart);
		cart.table = 'A-07';
		cart.customer = 'Sari';
		cart.orderId = '0192b6a0-0000-7000-8000-000000000001';
		cart.orderNumber = 'ORD-20261202-JKT001-B-0003';
		cart.numberKey = 'order:20261202:JKT001:B';

		// In the browser an effect saves the draft 300 ms after the cart changes (tests/e2e/sale-crash.test.ts waits for it);
		// the effect does not run in this Node test environment, so the save is called here.
		await cart.saveDraft();
		const saved = await until(async () => {
			const d = await getMeta<CartDraft>(db, draftKey('tab-1'));
			return d && d.table === 'A-07' && d.order_number ? d : undefined;
		});
		expect(saved).toMatchObject({ tab_id: 'tab-1', customer: 'Sari', order_id: cart.orderId, stored: false });
		expect(saved.cart.lines).toHaveLength(1);

		cart.reset();
		// Reset keeps the unused number as the spare for the next sale.
		expect(cart.spareNumber).toBe('ORD-20261202-JKT001-B-0003');
		cart.restore(saved);
		expect(cart.cart.lines[0]).toMatchObject({ product_name: 'Kopi', qty: 2 });
		expect({ table: cart.table, customer: cart.customer, id: cart.orderId, n: cart.orderNumber }).toEqual({
			table: 'A-07',
			customer: 'Sari',
			id: '0192b6a0-0000-7000-8000-000000000001',
			n: 'ORD-20261202-JKT001-B-0003'
		});
		expect(cart.totals.subtotal).toBe(36_000);
	});

	it("keeps a split payment's collected parts in the draft: a reload mid-payment gets them back, for that total only", async () => {
		cart.persist(worker.client, 'tab-2');
		const r = addItem(cart.cart, {
			product_id: 'p1',
			product_name: 'Kopi',
			category: 'Minuman',
			unit_price: 18_000,
			qty: 2,
			modifiers: [],
			destination: 'bar'
		});
		if (!r.ok) throw new Error(r.error.code);
		cart.set(r.value.cart);
		const total = cart.totals.total;
		// The QRIS part is taken; the cash part is still to come. Nothing but the draft is written.
		cart.setSplitParts([{ method: 'qris', amount: 20_000 }], total);
		const saved = await until(async () => {
			const d = await getMeta<CartDraft>(db, draftKey('tab-2'));
			return d?.split_parts?.length ? d : undefined;
		});
		expect(saved).toMatchObject({ split_parts: [{ method: 'qris', amount: 20_000 }], split_total: total });

		cart.reset();
		expect(cart.splitPartsFor(total)).toEqual([]);
		cart.restore(saved);
		expect(cart.splitPartsFor(total)).toEqual([{ method: 'qris', amount: 20_000 }]);
		// Parts collected for another amount (the cart changed since) are not offered.
		expect(cart.splitPartsFor(total + 1_000)).toEqual([]);
		// Removing the last part forgets them.
		cart.setSplitParts([], total);
		expect(cart.splitPartsFor(total)).toEqual([]);
		await until(async () => {
			const d = await getMeta<CartDraft>(db, draftKey('tab-2'));
			return d && d.split_parts == null ? d : undefined;
		});
	});
	it('a completed sale clears the parts from its draft', () => {
		const d = clearedDraft(
			cartDraft({
				tab_id: 't',
				order_id: 'o',
				order_number: 'n',
				number_key: 'k',
				stored: true,
				order_status: 'paid',
				split_parts: [{ method: 'cash', amount: 10_000, tendered: 20_000 }],
				split_total: 30_000,
				updated_at: ''
			}),
			'2026-12-01T00:00:00Z'
		);
		expect(d).toMatchObject({ split_parts: null, split_total: null, order_id: null });
	});
});
