import { describe, expect, it } from 'vitest';
import type { CartLine } from './cart';
import { discountedTotals, type Discount } from './discount';
import { layoutReceipt } from './receipt';

const d = (kind: Discount['kind'], value: number, name: string): Discount => ({
	kind,
	value,
	name,
	preset_id: null,
	given_by: 'Sari',
	given_by_id: null,
	approved_by: null,
	approved_by_id: null
});
const line = (
	id: string,
	name: string,
	unit_price: number,
	qty: number,
	discount: Discount | null
): CartLine => ({
	line_id: id,
	product_id: id,
	product_name: name,
	category: 'Food',
	unit_price,
	qty,
	modifiers: [],
	note: '',
	destination: 'kitchen',
	status: 'new',
	discount
});

describe('receipt with discounts', () => {
	it('prints each line discount under its line and the order discount under the subtotal', () => {
		const lines = [
			line('L1', 'Nasi Goreng', 35_000, 2, d('percent', 10, 'Promo')),
			line('L2', 'Es Teh', 8_000, 1, null)
		];
		const order = d('amount', 5_000, 'Member');
		const totals = discountedTotals(lines, order, { tax_rate: 10, service_rate: 5, rounding: 'none' });
		const out = layoutReceipt(
			{
				outlet: { name: 'Warung' },
				order_number: 'ORD-1',
				at: '2026-01-27T10:30:00Z',
				timeZone: 'Asia/Jakarta',
				cashier_name: 'Sari',
				lines,
				totals,
				order_discount: { label: 'Member', amount: totals.order_discount },
				tax_rate: 10,
				service_rate: 5,
				payment: null
			},
			32
		);
		const at = (text: string) => out.findIndex((l) => l.includes(text));
		expect(out[at('Diskon Promo')]).toBe(`${'  Diskon Promo'.padEnd(26)}-7.000`);
		expect(at('Diskon Promo')).toBeGreaterThan(at('2 x 35.000'));
		expect(at('Diskon Promo')).toBeLessThan(at('Es Teh'));
		expect(out[at('Diskon Member')]).toBe(`${'Diskon Member'.padEnd(26)}-5.000`);
		expect(at('Diskon Member')).toBe(at('Subtotal') + 1);
		// 78.000 - 12.000 = 66.000; service 3.300; PB1 6.930; total 76.230.
		expect(out.find((l) => l.startsWith('TOTAL'))).toBe(`${'TOTAL'.padEnd(23)}Rp 76.230`);
	});
});
