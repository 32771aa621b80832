// Why: the till's writes must be right without a network: a paid sale is one order write carrying its payment, the transaction is
// derived from it, a retry is the same sale, and order numbers have no gaps (pending, versioned, totals from the domain).
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KasirDatabase } from '$lib/db';
import { computeTotals } from '$lib/domain/totals';
import { cart } from '$lib/managers/cart.svelte';
import { addToCart, openTestTill, testStore } from '../../../tests/fixtures/till';
import { isUuidv7 } from '$lib/domain/ids';
import {
	askBill,
	beginCheckout,
	holdOrder,
	payOrder,
	recallOrder,
	sendToKitchen,
	serveItem,
	voidOrder
} from './order.service';
import { sales } from './sales-client';

let db: KasirDatabase;

const store = testStore({ tax_rate: 10, service_rate: 5 });

function add(name: string, price: number, modPrice = 0, qty = 1) {
	addToCart({
		product_id: `p-${name}`,
		product_name: name,
		unit_price: price,
		qty,
		modifiers: modPrice
			? [{ group_id: 'g', group_name: 'Level', option_id: 'o1', name: 'Pedas', price: modPrice }]
			: []
	});
}

beforeEach(async () => {
	db = await openTestTill('orders', store, { device_code: 'B' });
});
afterEach(async () => {
	await db.remove();
});

describe('order service', () => {
	it('pays a cash sale: order paid + transaction, both pending, totals and change from the domain', async () => {
		add('Nasi Goreng', 35_000, 3_000, 2);
		add('Es Teh', 8_000);
		const expected = computeTotals(cart.cart.lines, {
			tax_rate: 10,
			service_rate: 5,
			rounding: 'none'
		});
		const { order, transaction } = await payOrder({ method: 'cash', tendered: 100_000 });

		const stored = (await db.orders.findOne(order.local_id).exec())!.toJSON();
		expect(isUuidv7(stored.local_id)).toBe(true);
		expect(stored.order_number).toMatch(/^ORD-\d{8}-JKT001-B-0001$/);
		expect(stored.payments).toHaveLength(1);
		expect(stored.payments[0]).toMatchObject({
			local_id: transaction.local_id,
			method: 'cash',
			amount: expected.total,
			cash_amount: 100_000
		});
		expect(stored.status).toBe('paid');
		expect(stored.sync_status).toBe('pending');
		expect(stored.version).toBe(1);
		expect(stored.total_amount).toBe(expected.total);
		expect(stored.subtotal).toBe(84_000);
		expect(stored.service_amount).toBe(expected.service_charge);
		expect(stored.tax_amount).toBe(expected.tax);
		expect(stored.items[0]).toMatchObject({
			product_name: 'Nasi Goreng',
			qty: 2,
			price: 38_000,
			subtotal: 76_000
		});
		expect(stored.payment_info).toMatchObject({ method: 'cash', amount: expected.total });

		const tx = (await db.transactions.findOne(transaction.local_id).exec())!.toJSON();
		expect(tx.order_id).toBe(order.local_id);
		expect(tx.total_amount).toBe(expected.total);
		expect(tx.cash_amount).toBe(100_000);
		expect(tx.change_amount).toBe(100_000 - expected.total);
		expect(tx.cashier_name).toBe('kasir1');
		expect(tx.sync_status).toBe('pending');
		expect(cart.isEmpty).toBe(true);
	});

	it('refuses short cash and an empty cart without writing anything', async () => {
		await expect(payOrder({ method: 'qris' })).rejects.toMatchObject({ code: 'empty_order' });
		add('Kopi', 20_000);
		await expect(payOrder({ method: 'cash', tendered: 1_000 })).rejects.toMatchObject({
			code: 'insufficient_cash'
		});
		expect(await db.orders.count().exec()).toBe(0);
		expect(await db.transactions.count().exec()).toBe(0);
	});

	it('holds, recalls, sends to the kitchen and pays one order, bumping its version on every change', async () => {
		cart.table = 'a3';
		add('Sate', 30_000);
		const held = await holdOrder();
		expect(held).toMatchObject({ status: 'open', version: 1, table_number: 'A-03' });
		expect((await db.tables.findOne('A-03').exec())?.status).toBe('occupied');

		await recallOrder(held.local_id);
		add('Es Jeruk', 12_000);
		const { order: sent, sent: n } = await sendToKitchen();
		expect(n).toBe(2);
		expect(sent).toMatchObject({ local_id: held.local_id, status: 'sent', version: 2 });
		expect(sent.items.every((i) => i.status === 'sent')).toBe(true);

		const { order: paid } = await payOrder({ method: 'card' });
		expect(paid).toMatchObject({
			local_id: held.local_id,
			status: 'paid',
			version: 3,
			sync_status: 'pending'
		});
		expect((await db.tables.findOne('A-03').exec())?.status).toBe('free');
		expect(await db.orders.count().exec()).toBe(1);
	});

	it('keeps a table on "bill asked" while its order is held, and frees it when paid', async () => {
		cart.table = 'A-05';
		add('Soto', 28_000);
		await askBill();
		expect((await db.tables.findOne('A-05').exec())?.status).toBe('bill');
		const held = await holdOrder();
		expect((await db.tables.findOne('A-05').exec())?.status).toBe('bill');
		await recallOrder(held.local_id);
		await payOrder({ method: 'qris' });
		expect((await db.tables.findOne('A-05').exec())?.status).toBe('free');
	});

	it('keeps "bill asked" when the order is held while the ask is still being written (a quick second tap)', async () => {
		cart.table = 'A-05';
		add('Soto', 28_000);
		const held = await holdOrder();
		expect((await db.tables.findOne('A-05').exec())?.status).toBe('occupied');
		// The ask for the bill and the hold tapped before it is written each read table A-05 and write it back in the
		// worker: run at once, both would read "occupied" and the hold's write would undo the ask.
		await Promise.all([sales().followOrderTable(held, true), sales().followOrderTable(held)]);
		expect((await db.tables.findOne('A-05').exec())?.status).toBe('bill');
	});

	it('a send to the kitchen that fails to write leaves the lines unsent, so the cashier can send again', async () => {
		let fail = true;
		db.orders.preInsert(() => {
			if (fail) throw new DOMException('quota', 'QuotaExceededError');
		}, false);
		add('Sate', 30_000);
		await expect(sendToKitchen()).rejects.toThrow();
		expect(await db.orders.count().exec()).toBe(0);
		// Not shown as sent: nothing reached the kitchen, and "send" stays offered.
		expect(cart.cart.lines.map((l) => l.status)).toEqual(['new']);
		expect(cart.hasUnsent).toBe(true);
		fail = false;
		const { order, sent } = await sendToKitchen();
		expect(sent).toBe(1);
		expect(order.items.map((i) => i.status)).toEqual(['sent']);
	});

	it('a served mark that fails to write is not shown as served', async () => {
		add('Sate', 30_000);
		await sendToKitchen();
		const line = cart.cart.lines[0]!.line_id;
		let fail = true;
		db.orders.preSave(() => {
			if (fail) throw new DOMException('quota', 'QuotaExceededError');
		}, false);
		await expect(serveItem(line)).rejects.toThrow();
		expect(cart.cart.lines.map((l) => l.status)).toEqual(['sent']);
		fail = false;
		await serveItem(line);
		expect(cart.cart.lines.map((l) => l.status)).toEqual(['served']);
		expect((await db.orders.findOne(cart.orderId ?? '').exec())?.items.map((i) => i.status)).toEqual([
			'served'
		]);
	});

	it('voids with a reason only, and the void is a new pending version', async () => {
		add('Bakso', 25_000);
		const { order } = await payOrder({ method: 'qris' });
		await expect(voidOrder(order.local_id, '  ')).rejects.toMatchObject({ code: 'void_reason_required' });
		const voided = await voidOrder(order.local_id, 'salah input');
		expect(voided).toMatchObject({
			status: 'void',
			void_reason: 'salah input',
			version: 2,
			sync_status: 'pending'
		});
	});

	it('numbers orders per day and outlet without gaps', async () => {
		add('A', 1_000);
		const a = await payOrder({ method: 'card' });
		add('B', 1_000);
		const b = await payOrder({ method: 'card' });
		expect(a.order.order_number.endsWith('-B-0001')).toBe(true);
		expect(b.order.order_number.endsWith('-B-0002')).toBe(true);
		expect(a.order.local_id).not.toBe(b.order.local_id);
	});

	it("gives an abandoned checkout's number to the next sale (no gap), and never a used one", async () => {
		add('A', 1_000);
		await beginCheckout();
		const reserved = cart.orderNumber;
		cart.reset();
		add('B', 2_000);
		const { order } = await payOrder({ method: 'card' });
		expect(order.order_number).toBe(reserved);
		add('C', 3_000);
		const next = await payOrder({ method: 'card' });
		expect(next.order.order_number.endsWith('-B-0002')).toBe(true);
		// A recalled order keeps its own number; the number reserved before the recall is kept for later.
		add('D', 1_000);
		const held = await holdOrder();
		add('E', 1_000);
		await beginCheckout();
		const spare = cart.orderNumber;
		await recallOrder(held.local_id);
		expect(cart.orderNumber).toBe(held.order_number);
		await payOrder({ method: 'card' });
		add('F', 1_000);
		expect((await payOrder({ method: 'card' })).order.order_number).toBe(spare);
	});

	it('draws one number for a checkout started twice at once (send to the kitchen, then pay at once)', async () => {
		add('A', 1_000);
		// Sending writes the order (its checkout draws the number) while the pay tap starts checkout again.
		const sending = sendToKitchen();
		await beginCheckout();
		const { order: sent } = await sending;
		expect(cart.orderNumber).toBe(sent.order_number);
		expect(sent.order_number.endsWith('-B-0001')).toBe(true);
		const { order: paid } = await payOrder({ method: 'card' });
		expect(paid.order_number).toBe(sent.order_number);
		// No number was lost: the next sale takes 0002.
		add('B', 1_000);
		expect((await payOrder({ method: 'card' })).order.order_number.endsWith('-B-0002')).toBe(true);
	});

	it('never hands out a number in use, even when the counter fell behind (meta restored or wiped)', async () => {
		for (const name of ['A', 'B', 'C']) {
			add(name, 1_000);
			await payOrder({ method: 'card' });
		}
		const counters = await db.meta.find({ selector: { key: { $regex: '^counter:order:' } } }).exec();
		for (const c of counters) await c.incrementalPatch({ value: 1 });
		add('D', 1_000);
		const { order } = await payOrder({ method: 'card' });
		expect(order.order_number.endsWith('-B-0004')).toBe(true);
	});

	it('a pay that fails to write leaves nothing; paying again is the same sale, and again after success shows it done', async () => {
		let fail = true;
		db.orders.preSave(() => {
			if (fail) throw new DOMException('quota', 'QuotaExceededError');
		}, false);
		db.orders.preInsert(() => {
			if (fail) throw new DOMException('quota', 'QuotaExceededError');
		}, false);
		add('Kopi', 20_000);
		await beginCheckout();
		const attempt = { id: cart.orderId, number: cart.orderNumber };
		const draft = cart.draft();
		await expect(payOrder({ method: 'qris' })).rejects.toThrow();
		expect(await db.orders.count().exec()).toBe(0);
		expect(await db.transactions.count().exec()).toBe(0);
		expect({ id: cart.orderId, number: cart.orderNumber }).toEqual(attempt);

		fail = false;
		const first = await payOrder({ method: 'qris' });
		expect(first.order.local_id).toBe(attempt.id);
		expect(first.order.order_number).toBe(attempt.number);

		// The tab reloads from the draft written before pay (the cut after the write): paying again shows the same sale.
		cart.restore(draft);
		const again = await payOrder({ method: 'qris' });
		expect(again.order.local_id).toBe(attempt.id);
		expect(again.transaction.local_id).toBe(first.transaction.local_id);
		expect(await db.orders.count().exec()).toBe(1);
		expect(await db.transactions.count().exec()).toBe(1);
		expect(cart.isEmpty).toBe(true);
	});
});
