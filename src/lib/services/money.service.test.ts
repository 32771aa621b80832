// Why: split payment, refunds, split bills, table moves and merges against a real RxDB (fake IndexedDB): one write per
// step, derived transactions exactly once, and every half-finished split or merge completed by the start-up repair.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishSplit, repairSplits, transactionDocs, type KasirDatabase, type OrderDoc } from '$lib/db';
import { cart } from '$lib/managers/cart.svelte';
import { addToCart, openTestTill, testStore } from '../../../tests/fixtures/till';
import { holdOrder, payOrderSplit, payStoredOrder, recallOrder } from './order.service';
import { refundOrder } from './refund.service';
import { loadReceipt, receiptLines } from './receipt.service';
import { splitOrder, splitPartInCart } from './split.service';
import { mergeTables, moveTable } from './table-move.service';

let db: KasirDatabase;

const store = testStore({ tax_rate: 10, service_rate: 5 });

function add(name: string, price: number, qty = 1) {
	addToCart({ product_id: `p-${name}`, product_name: name, unit_price: price, qty });
}

const order = async (id: string) => (await db.orders.findOne(id).exec())?.toJSON() as OrderDoc;

beforeEach(async () => {
	db = await openTestTill('money', store, { device_code: 'B' });
});
afterEach(async () => {
	await db.remove();
});

describe('split payment', () => {
	it('cash + QRIS: one paid order with two payments, two transactions, change only on the cash part', async () => {
		add('Nasi', 40_000, 2); // 80,000 + 5 % + 10 % = 92,400
		const { order: paid } = await payOrderSplit([
			{ method: 'qris', amount: 50_000 },
			{ method: 'cash', amount: 42_400, tendered: 50_000 }
		]);
		expect(paid.total_amount).toBe(92_400);
		const stored = await order(paid.local_id);
		expect(stored.status).toBe('paid');
		expect(stored.payments.map((p) => [p.method, p.amount, p.change_amount])).toEqual([
			['qris', 50_000, null],
			['cash', 42_400, 7_600]
		]);
		expect(stored.payment_info).toMatchObject({
			amount: 92_400,
			payments: [
				{ method: 'qris', amount: 50_000 },
				{ method: 'cash', amount: 42_400 }
			]
		});
		const txs = await db.transactions.find().exec();
		expect(txs.map((t) => t.total_amount).sort()).toEqual([42_400, 50_000]);
	});
	it('refuses parts that do not cover the total and writes nothing', async () => {
		add('Nasi', 40_000);
		await expect(payOrderSplit([{ method: 'qris', amount: 10_000 }])).rejects.toMatchObject({
			code: 'not_covered'
		});
		expect(await db.orders.count().exec()).toBe(0);
	});
});

describe('refunds', () => {
	it('partial then full: embedded in the order, one refund transaction each, never more than paid', async () => {
		add('Nasi', 40_000, 2);
		add('Teh', 8_000, 3); // 104,000 -> 120,120
		const { order: paid } = await payOrderSplit([{ method: 'card', amount: 120_120 }]);
		const nasi = paid.items[0]!.line_id;
		const { refund, order: after } = await refundOrder(
			paid.local_id,
			[{ line_id: nasi, qty: 1 }],
			'dingin',
			'card'
		);
		expect(refund.amount).toBe(46_200); // 40,000 * 120,120 / 104,000
		expect(after.version).toBe(paid.version + 1);
		expect(after.sync_status).toBe('pending');
		await expect(
			refundOrder(paid.local_id, [{ line_id: nasi, qty: 2 }], 'lagi', 'card')
		).rejects.toMatchObject({ code: 'refund_exceeds_line' });
		await expect(
			refundOrder(paid.local_id, [{ line_id: nasi, qty: 1 }], 'lagi', 'cash')
		).rejects.toMatchObject({ code: 'refund_exceeds_method' });
		const rest = after.items.map((i) => ({ line_id: i.line_id, qty: i.line_id === nasi ? 1 : i.qty }));
		const { order: full } = await refundOrder(paid.local_id, rest, 'tutup', 'card');
		expect((full.refunds ?? []).reduce((s, r) => s + r.amount, 0)).toBe(120_120);
		const refunds = (await db.transactions.find().exec()).filter((t) => t.type === 'refund');
		expect(refunds.map((t) => t.total_amount).sort((a, b) => a - b)).toEqual([-73_920, -46_200]);
		expect(refunds.every((t) => t.order_id === paid.local_id && t.reason)).toBe(true);
		expect(transactionDocs(full)).toHaveLength(3);
	});
});

describe('refund approver', () => {
	it('records who approved the refund on its entry and prints it on the refund receipt', async () => {
		add('Nasi', 40_000, 2);
		const { order: paid } = await payOrderSplit([{ method: 'card', amount: 92_400 }]);
		const { refund } = await refundOrder(
			paid.local_id,
			[{ line_id: paid.items[0]!.line_id, qty: 1 }],
			'dingin',
			'card',
			{ name: 'Rina', id: 'stf-rina' }
		);
		expect(refund).toMatchObject({ approved_by: 'Rina', approved_by_id: 'stf-rina', cashier_name: 'kasir1' });
		const stored = await order(paid.local_id);
		expect(stored.refunds?.[0]).toMatchObject({ approved_by: 'Rina', approved_by_id: 'stf-rina' });
		const loaded = await loadReceipt(paid.local_id, false, refund.local_id);
		expect(loaded?.data.refund?.approved_by).toBe('Rina');
		const lines = receiptLines(loaded!.data, '58mm');
		expect(lines).toContain('Disetujui: Rina');
		expect(lines.indexOf('Disetujui: Rina')).toBe(lines.indexOf('Alasan: dingin') + 1);
	});
	it('without an approver (older callers) stores null and prints no approval line', async () => {
		add('Nasi', 40_000, 1);
		const { order: paid } = await payOrderSplit([{ method: 'cash', amount: 46_200, tendered: 50_000 }]);
		const { refund } = await refundOrder(
			paid.local_id,
			[{ line_id: paid.items[0]!.line_id, qty: 1 }],
			'salah',
			'cash'
		);
		expect(refund).toMatchObject({ approved_by: null, approved_by_id: null });
		const loaded = await loadReceipt(paid.local_id, false, refund.local_id);
		expect(receiptLines(loaded!.data, '58mm').some((l) => l.startsWith('Disetujui'))).toBe(false);
	});
});

describe('split bill', () => {
	it('equally by 3: three numbered parts summing to the total, the original closed as split', async () => {
		add('Nasi', 40_000, 2);
		add('Teh', 8_000, 1); // 88,000 -> 101,640
		cart.table = 'A-03';
		const held = await holdOrder();
		const parts = await splitOrder(held.local_id, { kind: 'equal', parts: 3 });
		expect(parts.map((p) => p.total_amount)).toEqual([33_880, 33_880, 33_880]);
		expect(new Set(parts.map((p) => p.order_number)).size).toBe(3);
		expect(parts.every((p) => p.links?.split_from === held.local_id)).toBe(true);
		const original = await order(held.local_id);
		expect(original).toMatchObject({ status: 'void', void_reason: 'split' });
		for (const [i, p] of parts.entries())
			await payStoredOrder(p.local_id, [
				i === 0
					? { method: 'cash', amount: p.total_amount, tendered: 50_000 }
					: { method: 'qris', amount: p.total_amount }
			]);
		const txs = await db.transactions.find().exec();
		expect(txs.reduce((s, t) => s + t.total_amount, 0)).toBe(held.total_amount);
		expect(await splitPartInCart()).toBeNull();
		expect((await db.tables.findOne('A-03').exec())?.status).toBe('free');
	});
	it('by lines: each part its lines and its share; a crash after the plan is finished by the repair, once', async () => {
		add('Nasi', 40_000);
		add('Teh', 8_000);
		add('Sate', 25_000);
		const held = await holdOrder();
		const [a, b, c] = held.items.map((i) => i.line_id);
		const doc = await db.orders.findOne(held.local_id).exec();
		// What splitOrder's first write leaves when the tab dies right after it.
		const plan = [
			{
				local_id: 'part-1',
				order_number: 'N1',
				items: held.items.filter((i) => i.line_id === a),
				subtotal: 40_000,
				service_amount: 2_000,
				tax_amount: 4_200,
				rounding_amount: 0,
				total_amount: 46_200
			},
			{
				local_id: 'part-2',
				order_number: 'N2',
				items: held.items.filter((i) => i.line_id !== a),
				subtotal: 33_000,
				service_amount: 1_650,
				tax_amount: 3_465,
				rounding_amount: 0,
				total_amount: 38_115
			}
		];
		await doc!.incrementalModify((d) => ({
			...d,
			links: { split_into: ['part-1', 'part-2'], split_plan: plan }
		}));
		expect(await repairSplits(db)).toBe(1);
		expect(await repairSplits(db)).toBe(0);
		expect((await order('part-2')).items.map((i) => i.line_id)).toEqual([b, c]);
		expect((await order(held.local_id)).status).toBe('void');
		expect(await finishSplit(db, held.local_id)).toHaveLength(2);
		expect(await db.orders.count().exec()).toBe(3);

		cart.reset();
		add('Kopi', 20_000);
		add('Roti', 10_000);
		const next = await holdOrder();
		const ids = next.items.map((i) => i.line_id);
		const parts = await splitOrder(next.local_id, { kind: 'lines', groups: [[ids[0]!], [ids[1]!]] });
		expect(parts.map((p) => p.total_amount)).toEqual([23_100, 11_550]);
		// A part recalled unchanged is recognised (paid for its share); once changed in the cart it is a sale of its own.
		await recallOrder(parts[1]!.local_id);
		expect((await splitPartInCart())?.local_id).toBe(parts[1]!.local_id);
		add('Teh', 8_000);
		expect(await splitPartInCart()).toBeNull();
		await expect(splitOrder(next.local_id, { kind: 'equal', parts: 2 })).rejects.toMatchObject({
			code: 'invalid_split'
		});
	});
});

describe('tables', () => {
	it('moves an open order to a free table and merges two tables into one', async () => {
		add('Nasi', 40_000);
		cart.table = 'A-01';
		const one = await holdOrder();
		add('Teh', 8_000, 2);
		cart.table = 'A-02';
		const two = await holdOrder();
		await expect(moveTable('A-01', 'A-02')).rejects.toMatchObject({ code: 'table_occupied' });
		await moveTable('A-01', 'A-05');
		expect((await order(one.local_id)).table_number).toBe('A-05');
		expect((await db.tables.findOne('A-01').exec())?.status).toBe('free');
		expect((await db.tables.findOne('A-05').exec())?.order_local_id).toBe(one.local_id);

		const merged = await mergeTables('A-02', 'A-05');
		expect(merged.local_id).toBe(one.local_id);
		expect(merged.items.map((i) => i.product_name)).toEqual(['Nasi', 'Teh']);
		expect(merged.total_amount).toBe(64_680); // 56,000 + 5 % + 10 %
		expect(await order(two.local_id)).toMatchObject({ status: 'void', void_reason: 'merged' });
		expect((await order(two.local_id)).links?.merged_into).toBe(one.local_id);
		expect((await db.tables.findOne('A-02').exec())?.status).toBe('free');
		expect(await repairSplits(db)).toBe(0);
	});
});
