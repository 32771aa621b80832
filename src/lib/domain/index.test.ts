import { describe, expect, it } from 'vitest';
import * as domain from './index';

describe('public API', () => {
	it('a whole sale runs through the barrel: cart, totals, payment, payloads, receipt, summary', () => {
		const picked = domain.validateSelection(
			[
				{
					id: 'g',
					name: 'Gula',
					min_select: 1,
					max_select: 1,
					is_required: true,
					options: [{ id: 'less', name: 'Less sugar', price: 0 }]
				}
			],
			{ g: ['less'] }
		);
		if (!picked.ok) throw new Error('selection');
		const added = domain.addItem(domain.emptyCart, {
			product_id: 'p',
			product_name: 'Kopi Susu',
			category: 'Coffee',
			unit_price: 22000,
			qty: 3,
			modifiers: picked.value,
			destination: 'bar'
		});
		if (!added.ok) throw new Error('add');
		const totals = domain.computeTotals(added.value.cart.lines, {
			tax_rate: 10,
			service_rate: 0,
			rounding: 1000
		});
		expect(totals.total).toBe(73000); // 66.000 + 6.600 = 72.600 -> 73.000
		const pay = domain.settlePayment(totals.total, { method: 'cash', tendered: 100000 });
		expect(pay).toMatchObject({ ok: true, value: { change_amount: 27000 } });
		const paidAt = '2026-01-27T05:00:00Z';
		const local_id = domain.orderNumber(paidAt, 'Asia/Jakarta', 'JKT-001', 1);
		const order = domain.buildOrderPayload({
			context: {
				local_id,
				outlet_id: 'o',
				outlet_code: 'JKT-001',
				version: 1,
				created_at: paidAt,
				updated_at: paidAt
			},
			lines: added.value.cart.lines,
			totals,
			status: 'paid',
			payment: { method: 'cash', paid_at: paidAt }
		});
		const summary = domain.dailySummary({
			date: '2026-01-27',
			timeZone: 'Asia/Jakarta',
			orders: [order],
			transactions: [{ local_id: 'tx-1', order_id: local_id, payment_method: 'cash' }]
		});
		expect(summary).toMatchObject({
			total_orders: 1,
			total_revenue: 73000,
			hourly_breakdown: [{ hour: 12, orders: 1 }]
		});
		expect(summary.top_products).toEqual([{ product_name: 'Kopi Susu', qty_sold: 3, revenue: 66000 }]);
		const receipt = domain.layoutReceipt(
			{
				outlet: { name: 'Kopi Nusantara' },
				order_number: local_id,
				at: paidAt,
				timeZone: 'Asia/Jakarta',
				cashier_name: 'Sari',
				lines: added.value.cart.lines,
				totals,
				payment: pay.ok ? pay.value : null
			},
			48
		);
		expect(receipt).toContain(`Kembali${' '.repeat(48 - 7 - 6)}27.000`);
	});
});
