import { describe, expect, it } from 'vitest';
import { cartFromLines, sendNewLines, type NewLine } from './cart';
import {
	buildOrderPayload,
	buildTransactionPayload,
	canTransition,
	compactOutletCode,
	isOpenStatus,
	linesFromOrderItems,
	nextRunningNumber,
	normalizeDeviceCode,
	orderItems,
	orderNumber,
	orderNumberPrefix,
	orderTotalsFields,
	paymentEntry,
	transactionsFromPayments,
	parseOrderNumber,
	transitionOrder,
	type OrderStatus
} from './order';
import { settlePayment } from './payment';
import { computeTotals, computeTotalsFromSubtotal } from './totals';
import { cartWith } from '../../../tests/fixtures/cart';

const nasi: NewLine = {
	product_id: 'p-nasi',
	product_name: 'Nasi Goreng',
	category: 'Food',
	unit_price: 35000,
	qty: 2,
	modifiers: [{ group_id: 'g1', group_name: 'Topping', option_id: 'o1', name: 'Telur', price: 5000 }],
	note: 'tanpa bawang',
	destination: 'kitchen'
};
const teh: NewLine = {
	product_id: 'p-teh',
	product_name: 'Es Teh Manis',
	category: 'Beverages',
	unit_price: 8000,
	modifiers: [],
	destination: 'bar'
};
const ctx = {
	local_id: 'ORD-20260127-JKT001-0001',
	outlet_id: '550e8400-e29b-41d4-a716-446655440000',
	outlet_code: 'JKT-001',
	table_number: 'A-05',
	customer_name: 'John Doe',
	pax: 4,
	version: 1,
	created_at: '2026-01-27T10:00:00Z',
	updated_at: '2026-01-27T10:30:00Z'
};

describe('order payload (seed 004)', () => {
	it('builds a paid order with items, totals and payment_info', () => {
		const cart = sendNewLines(cartWith(nasi, teh)).cart;
		const totals = computeTotals(cart.lines, { tax_rate: 10, service_rate: 5, rounding: 'none' });
		const p = buildOrderPayload({
			context: ctx,
			lines: cart.lines,
			totals,
			status: 'paid',
			payment: { method: 'cash', paid_at: '2026-01-27T10:30:00Z' }
		});
		// 88.000 + 4.400 service + 9.240 tax
		expect(totals.total).toBe(101640);
		expect(p).toEqual({
			local_id: 'ORD-20260127-JKT001-0001',
			outlet_id: '550e8400-e29b-41d4-a716-446655440000',
			outlet_code: 'JKT-001',
			table_number: 'A-05',
			customer_name: 'John Doe',
			pax: 4,
			total_amount: 101640,
			status: 'paid',
			items: [
				{
					line_id: 'L1',
					product_name: 'Nasi Goreng',
					category: 'Food',
					qty: 2,
					price: 40000,
					subtotal: 80000,
					destination: 'kitchen',
					status: 'sent',
					product_id: 'p-nasi',
					modifiers: [{ group_id: 'g1', group_name: 'Topping', option_id: 'o1', name: 'Telur', price: 5000 }],
					note: 'tanpa bawang'
				},
				{
					line_id: 'L2',
					product_name: 'Es Teh Manis',
					category: 'Beverages',
					qty: 1,
					price: 8000,
					subtotal: 8000,
					destination: 'bar',
					status: 'sent',
					product_id: 'p-teh',
					modifiers: [],
					note: ''
				}
			],
			payment_info: { method: 'cash', amount: 101640, paid_at: '2026-01-27T10:30:00Z' },
			version: 1,
			created_at: '2026-01-27T10:00:00Z',
			updated_at: '2026-01-27T10:30:00Z'
		});
		expect(p.items.reduce((s, i) => s + i.subtotal, 0)).toBe(totals.subtotal);
		expect(JSON.parse(JSON.stringify(p))).toEqual(p);
	});
	it('an open takeaway has null table, customer, pax and payment; blanks become null', () => {
		const p = buildOrderPayload({
			context: { ...ctx, table_number: '  ', customer_name: '', pax: undefined },
			lines: cartWith(teh).lines,
			totals: { total: 8000 },
			status: 'open'
		});
		expect(p).toMatchObject({
			table_number: null,
			customer_name: null,
			pax: null,
			payment_info: null,
			status: 'open'
		});
		expect('void_reason' in p).toBe(false);
	});
	it('a void carries its reason', () => {
		const p = buildOrderPayload({
			context: ctx,
			lines: [],
			totals: { total: 0 },
			status: 'void',
			void_reason: 'salah input'
		});
		expect(p.void_reason).toBe('salah input');
	});
});

describe('stored items', () => {
	it('round-trip: order items back to the same cart lines', () => {
		const cart = sendNewLines(cartWith(nasi, teh)).cart;
		expect(linesFromOrderItems(orderItems(cart.lines))).toEqual(cart.lines);
	});
	it('fills what an older or foreign document lacks', () => {
		const lines = linesFromOrderItems([
			{
				line_id: 'L4',
				product_id: 'a',
				product_name: 'A',
				category: 'c',
				qty: 1,
				price: 10000,
				destination: 'bar',
				status: 'served'
			},
			{
				product_id: 'b',
				product_name: 'B',
				category: 'c',
				qty: 2,
				price: 12000,
				modifiers: [{ name: 'Keju', price: 2000 }],
				destination: 'kitchen',
				status: 'cooking'
			}
		]);
		expect(lines.map((l) => [l.line_id, l.unit_price, l.status, l.note])).toEqual([
			['L4', 10000, 'served', ''],
			['L5', 10000, 'sent', '']
		]);
		expect(cartFromLines(lines).next_line).toBe(6);
	});
	it('maps totals onto the local order document fields', () => {
		const totals = computeTotalsFromSubtotal(94000, { tax_rate: 10, service_rate: 5, rounding: 100 });
		expect(orderTotalsFields(totals)).toEqual({
			subtotal: 94000,
			service_amount: 4700,
			tax_amount: 9870,
			rounding_amount: 30,
			total_amount: 108600
		});
	});
});

describe('transaction payload', () => {
	it('cash with tendered and change, as seed 004', () => {
		const pay = settlePayment(150000, { method: 'cash', tendered: 200000 });
		if (!pay.ok) throw new Error('pay');
		expect(
			buildTransactionPayload({
				local_id: 'tx-123',
				outlet_id: ctx.outlet_id,
				outlet_code: 'JKT-001',
				order_local_id: 'ORD-20260127-001',
				payment: pay.value,
				cashier_name: 'Admin User',
				created_at: '2026-01-27T10:30:00Z'
			})
		).toEqual({
			local_id: 'tx-123',
			outlet_id: '550e8400-e29b-41d4-a716-446655440000',
			outlet_code: 'JKT-001',
			order_id: 'ORD-20260127-001',
			total_amount: 150000,
			payment_method: 'cash',
			cash_amount: 200000,
			change_amount: 50000,
			cashier_name: 'Admin User',
			version: 1,
			created_at: '2026-01-27T10:30:00Z'
		});
	});
	it('qris has no cash or change', () => {
		const pay = settlePayment(150000, { method: 'qris' });
		if (!pay.ok) throw new Error('pay');
		const t = buildTransactionPayload({
			local_id: 'tx-9',
			outlet_id: 'o',
			outlet_code: 'JKT-001',
			order_local_id: 'ORD-x',
			payment: pay.value,
			cashier_name: 'Sari',
			created_at: '2026-01-27T10:30:00Z',
			version: 2
		});
		expect(t).toMatchObject({ payment_method: 'qris', cash_amount: null, change_amount: null, version: 2 });
	});
});

describe('order numbers', () => {
	it('ORD-YYYYMMDD-OUTLET-NNNN with the outlet-local date', () => {
		expect(orderNumber('2026-01-27T03:00:00Z', 'Asia/Jakarta', 'JKT-001', 1)).toBe(
			'ORD-20260127-JKT001-0001'
		);
		expect(orderNumber('2026-01-27T17:30:00Z', 'Asia/Jakarta', 'JKT-001', 42)).toBe(
			'ORD-20260128-JKT001-0042'
		);
		expect(orderNumber('2026-01-27T17:30:00Z', { offset_minutes: 0 }, 'jkt-001', 12345)).toBe(
			'ORD-20260127-JKT001-12345'
		);
		expect(() => orderNumber('2026-01-27T03:00:00Z', 'Asia/Jakarta', 'JKT-001', 0)).toThrow(RangeError);
		expect(compactOutletCode('bdg_02 x')).toBe('BDG02X');
	});
	it('parses and finds the next running number per day and outlet', () => {
		expect(parseOrderNumber('ORD-20260127-JKT001-0042')).toEqual({
			date: '2026-01-27',
			outlet: 'JKT001',
			device: '',
			running_number: 42
		});
		expect(parseOrderNumber('ORD-20260127-001')).toBeNull();
		expect(parseOrderNumber('tx-123')).toBeNull();
		const used = [
			'ORD-20260127-JKT001-0001',
			'ORD-20260127-JKT001-0007',
			'ORD-20260128-JKT001-0009',
			'ORD-20260127-BDG001-0050'
		];
		expect(nextRunningNumber(used, '2026-01-27', 'JKT-001')).toBe(8);
		expect(nextRunningNumber(used, '2026-01-29', 'JKT-001')).toBe(1);
		expect(nextRunningNumber([], '2026-01-27', 'JKT-001')).toBe(1);
	});
	it('puts the device code between outlet and running number, so two tills never share a number', () => {
		const a = orderNumber('2026-12-02T03:00:00Z', 'Asia/Jakarta', 'JKT-001', 1, 'A');
		const b = orderNumber('2026-12-02T03:00:00Z', 'Asia/Jakarta', 'JKT-001', 1, 'B');
		expect(a).toBe('ORD-20261202-JKT001-A-0001');
		expect(b).toBe('ORD-20261202-JKT001-B-0001');
		expect(parseOrderNumber(b)).toEqual({
			date: '2026-12-02',
			outlet: 'JKT001',
			device: 'B',
			running_number: 1
		});
		expect(parseOrderNumber('ORD-20261202-JKT001-T2-0013')?.device).toBe('T2');
		expect(b.startsWith(orderNumberPrefix('2026-12-02', 'JKT-001', 'B'))).toBe(true);
		const used = [a, b, 'ORD-20261202-JKT001-B-0004', 'ORD-20261202-JKT001-0009'];
		expect(nextRunningNumber(used, '2026-12-02', 'JKT-001', 'B')).toBe(5);
		expect(nextRunningNumber(used, '2026-12-02', 'JKT-001', 'A')).toBe(2);
		expect(nextRunningNumber(used, '2026-12-02', 'JKT-001')).toBe(10);
	});
	it('accepts device codes of a letter and up to 3 letters or digits', () => {
		expect(normalizeDeviceCode(' b ')).toBe('B');
		expect(normalizeDeviceCode('t2')).toBe('T2');
		expect(normalizeDeviceCode('2')).toBeNull();
		expect(normalizeDeviceCode('ABCDE')).toBeNull();
		expect(normalizeDeviceCode('')).toBeNull();
	});
});

describe('payments inside the order', () => {
	it("derive one transaction per payment, with the payment's local_id and the order's", () => {
		const settled = settlePayment(50_000, { method: 'cash', tendered: 100_000 });
		if (!settled.ok) throw new Error('settle');
		const p = paymentEntry(
			'0192b6a0-0000-7000-8000-000000000001',
			settled.value,
			'2026-12-02T03:00:00Z',
			'kasir1'
		);
		const order = {
			local_id: '0192b6a0-0000-7000-8000-00000000000a',
			outlet_id: 'o',
			outlet_code: 'JKT-001',
			payments: [p]
		};
		const txs = transactionsFromPayments(order);
		expect(txs).toEqual([
			{
				local_id: p.local_id,
				outlet_id: 'o',
				outlet_code: 'JKT-001',
				order_id: order.local_id,
				total_amount: 50_000,
				payment_method: 'cash',
				cash_amount: 100_000,
				change_amount: 50_000,
				cashier_name: 'kasir1',
				version: 1,
				created_at: '2026-12-02T03:00:00Z'
			}
		]);
		expect(transactionsFromPayments(order)).toEqual(txs);
		expect(transactionsFromPayments({ ...order, payments: [] })).toEqual([]);
	});
});

describe('order status machine', () => {
	const all: OrderStatus[] = ['open', 'sent', 'paid', 'void'];
	it('allows exactly the documented moves', () => {
		const allowed = all.flatMap((f) => all.filter((t) => canTransition(f, t)).map((t) => `${f}>${t}`));
		expect(allowed).toEqual([
			'open>sent',
			'open>paid',
			'open>void',
			'sent>sent',
			'sent>paid',
			'sent>void',
			'paid>void'
		]);
	});
	it('returns error values for illegal moves', () => {
		expect(transitionOrder('paid', 'open')).toEqual({
			ok: false,
			error: { code: 'illegal_transition', from: 'paid', to: 'open' }
		});
		expect(transitionOrder('void', 'paid').ok).toBe(false);
		expect(transitionOrder('paid', 'paid').ok).toBe(false);
	});
	it('void needs a reason', () => {
		expect(transitionOrder('sent', 'void')).toEqual({ ok: false, error: { code: 'void_reason_required' } });
		expect(transitionOrder('paid', 'void', { reason: '  ' }).ok).toBe(false);
		expect(transitionOrder('paid', 'void', { reason: 'pelanggan batal' })).toEqual({
			ok: true,
			value: 'void'
		});
	});
	it('an empty order cannot be sent or paid', () => {
		expect(transitionOrder('open', 'paid', { item_count: 0 })).toEqual({
			ok: false,
			error: { code: 'empty_order' }
		});
		expect(transitionOrder('open', 'sent', { item_count: 2 })).toEqual({ ok: true, value: 'sent' });
	});
	it('open statuses', () => {
		expect(all.filter(isOpenStatus)).toEqual(['open', 'sent']);
	});
});
