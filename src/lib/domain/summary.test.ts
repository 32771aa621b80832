import { describe, expect, it } from 'vitest';
import {
	buildDailySummaryPayload,
	dailySummary,
	type SummaryOrder,
	type SummaryTransaction
} from './summary';

function order(
	id: string,
	status: SummaryOrder['status'],
	paid_at: string | null,
	items: [string, number, number][],
	method = 'cash'
): SummaryOrder {
	const total = items.reduce((s, [, , sub]) => s + sub, 0);
	return {
		local_id: id,
		status,
		total_amount: total,
		items: items.map(([product_name, qty, subtotal]) => ({ product_name, qty, subtotal })),
		payment_info: paid_at ? { method, paid_at } : null,
		updated_at: paid_at ?? '2026-01-27T05:00:00Z'
	};
}
const tx = (id: string, orderId: string, method: string): SummaryTransaction => ({
	local_id: id,
	order_id: orderId,
	payment_method: method
});

// Jakarta is UTC+7: 03:15Z is 10:15 local, 17:30Z on the 26th is 00:30 on the 27th.
const orders: SummaryOrder[] = [
	order('O1', 'paid', '2026-01-27T03:15:00Z', [
		['Nasi Goreng', 2, 70000],
		['Es Teh Manis', 2, 16000]
	]),
	order('O2', 'paid', '2026-01-27T03:50:00Z', [['Nasi Goreng', 1, 35000]], 'qris'),
	order('O3', 'paid', '2026-01-27T05:10:00Z', [['Kopi Susu', 3, 66000]], 'card'),
	order('O4', 'void', '2026-01-27T05:20:00Z', [['Nasi Goreng', 10, 350000]]),
	order('O5', 'open', null, [['Nasi Goreng', 5, 175000]]),
	order('O6', 'paid', '2026-01-26T17:30:00Z', [['Es Teh Manis', 1, 8000]]), // 00:30 local on the 27th
	order('O7', 'paid', '2026-01-27T17:05:00Z', [['Es Teh Manis', 1, 8000]]) // 00:05 on the 28th
];
const txs = [
	tx('t1', 'O1', 'cash'),
	tx('t2', 'O2', 'qris'),
	tx('t3', 'O3', 'card'),
	tx('t4', 'O4', 'cash'),
	tx('t6', 'O6', 'cash'),
	tx('t6', 'O6', 'cash'), // a duplicate delivery counts once
	tx('t7', 'O7', 'cash')
];

describe('dailySummary', () => {
	it('summarises the paid orders of the outlet-local day, voids excluded', () => {
		const s = dailySummary({ date: '2026-01-27', timeZone: 'Asia/Jakarta', orders, transactions: txs });
		expect(s).toEqual({
			total_orders: 4,
			total_revenue: 86000 + 35000 + 66000 + 8000,
			total_transactions: 4,
			payment_methods: { cash: 2, qris: 1, card: 1 },
			top_products: [
				{ product_name: 'Nasi Goreng', qty_sold: 3, revenue: 105000 },
				{ product_name: 'Es Teh Manis', qty_sold: 3, revenue: 24000 },
				{ product_name: 'Kopi Susu', qty_sold: 3, revenue: 66000 }
			].sort((a, b) => b.revenue - a.revenue),
			hourly_breakdown: [
				{ hour: 0, orders: 1, revenue: 8000 },
				{ hour: 10, orders: 2, revenue: 121000 },
				{ hour: 12, orders: 1, revenue: 66000 }
			]
		});
	});
	it('the same orders in UTC fall on other days and hours', () => {
		const s = dailySummary({
			date: '2026-01-27',
			timeZone: 'UTC',
			orders,
			transactions: txs,
			dayStart: '00:00'
		});
		expect(s.total_orders).toBe(4); // O1, O2, O3, O7
		expect(s.hourly_breakdown.map((h) => h.hour)).toEqual([3, 5, 17]);
	});
	it('counts a sale paid at 01:30 for the previous business day (boundary 05:00)', () => {
		// 2026-01-27T18:30Z is 01:30 WIB on the 28th.
		const late = [order('L1', 'paid', '2026-01-27T18:30:00Z', [['Kopi Susu', 1, 22000]])];
		const args = { timeZone: 'Asia/Jakarta', orders: late, transactions: [tx('tl', 'L1', 'cash')] };
		expect(dailySummary({ ...args, date: '2026-01-27' }).total_orders).toBe(1);
		expect(dailySummary({ ...args, date: '2026-01-27' }).hourly_breakdown).toEqual([
			{ hour: 1, orders: 1, revenue: 22000 }
		]);
		expect(dailySummary({ ...args, date: '2026-01-28' }).total_orders).toBe(0);
		expect(dailySummary({ ...args, date: '2026-01-28', dayStart: '00:00' }).total_orders).toBe(1);
	});
	it('an empty day is all zeros with the three methods present', () => {
		expect(dailySummary({ date: '2026-02-01', timeZone: 'Asia/Jakarta', orders, transactions: txs })).toEqual(
			{
				total_orders: 0,
				total_revenue: 0,
				total_transactions: 0,
				payment_methods: { cash: 0, qris: 0, card: 0 },
				top_products: [],
				hourly_breakdown: []
			}
		);
	});
	it('limits top products and breaks ties by revenue then name', () => {
		const many = [
			order('A', 'paid', '2026-01-27T03:00:00Z', [
				['Bakso', 2, 40000],
				['Soto', 2, 40000],
				['Mie', 2, 50000],
				['Teh', 5, 25000]
			])
		];
		const s = dailySummary({
			date: '2026-01-27',
			timeZone: 'Asia/Jakarta',
			orders: many,
			transactions: [],
			topLimit: 3
		});
		expect(s.top_products.map((p) => p.product_name)).toEqual(['Teh', 'Mie', 'Bakso']);
		expect(s.total_transactions).toBe(0);
	});
	it('counts a method beyond the three if one appears', () => {
		const s = dailySummary({
			date: '2026-01-27',
			timeZone: 'Asia/Jakarta',
			orders: [order('A', 'paid', '2026-01-27T03:00:00Z', [['Teh', 1, 5000]])],
			transactions: [tx('x', 'A', 'voucher')]
		});
		expect(s.payment_methods).toEqual({ cash: 0, qris: 0, card: 0, voucher: 1 });
	});
	it('wraps it in the analytics/daily body', () => {
		const p = buildDailySummaryPayload({
			outlet_id: 'o-1',
			outlet_code: 'JKT-001',
			date: '2026-01-27',
			timeZone: 'Asia/Jakarta',
			orders,
			transactions: txs
		});
		expect(Object.keys(p)).toEqual(['outlet_id', 'outlet_code', 'date', 'summary']);
		expect(Object.keys(p.summary)).toEqual([
			'total_orders',
			'total_revenue',
			'total_transactions',
			'payment_methods',
			'top_products',
			'hourly_breakdown'
		]);
	});
});
