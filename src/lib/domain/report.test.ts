import { describe, expect, it } from 'vitest';
import { reportCsv, salesReport, type ReportOrder } from './report';

const order = (
	id: string,
	status: string,
	method: string | null,
	created_at: string,
	business_date: string,
	items: [string, string, number, number][],
	pax = 2
): ReportOrder => {
	const subtotal = items.reduce((s, [, , , sub]) => s + sub, 0);
	const service = Math.round(subtotal * 0.05);
	const tax = Math.round((subtotal + service) * 0.1);
	const total = subtotal + service + tax;
	return {
		local_id: id,
		status,
		subtotal,
		service_amount: service,
		tax_amount: tax,
		rounding_amount: 0,
		total_amount: total,
		pax,
		created_at,
		business_date,
		items: items.map(([product_name, category, qty, sub]) => ({
			product_name,
			category,
			qty,
			subtotal: sub
		})),
		payment_info: method ? { method, amount: total, paid_at: created_at } : null
	};
};

// WIB: 03:00Z = 10:00, 18:30Z = 01:30 next calendar day (still the business day before).
const orders = [
	order('A', 'paid', 'cash', '2026-01-27T03:00:00Z', '2026-01-27', [['Nasi Goreng', 'Makanan', 2, 70_000]]),
	order('B', 'paid', 'qris', '2026-01-27T05:00:00Z', '2026-01-27', [
		['Es Teh', 'Minuman', 2, 16_000],
		['Nasi Goreng', 'Makanan', 1, 35_000]
	]),
	order('C', 'void', null, '2026-01-27T06:00:00Z', '2026-01-27', [['Kopi Susu', 'Minuman', 1, 22_000]]),
	order('D', 'paid', 'card', '2026-01-27T18:30:00Z', '2026-01-27', [['Kopi Susu', 'Minuman', 1, 22_000]], 1),
	order('E', 'open', null, '2026-01-27T07:00:00Z', '2026-01-27', [['Es Teh', 'Minuman', 9, 72_000]]),
	order('F', 'paid', 'cash', '2026-01-28T03:00:00Z', '2026-01-28', [['Es Teh', 'Minuman', 1, 8_000]])
];

describe('salesReport', () => {
	it('sums gross, net, service, PB1, voids, methods, categories, products, hours, ticket and covers of a business day', () => {
		const r = salesReport(orders, '2026-01-27', '2026-01-27', 'Asia/Jakarta');
		expect(r.orders).toBe(3);
		expect(r.gross_sales).toBe(70_000 + 51_000 + 22_000 + 22_000);
		expect(r.net_sales).toBe(70_000 + 51_000 + 22_000);
		expect(r.voids).toEqual({ count: 1, sum: 22_000 });
		expect(r.service).toBe(3_500 + 2_550 + 1_100);
		expect(r.tax).toBe(7_350 + 5_355 + 2_310);
		expect(r.collected).toBe(r.net_sales + r.service + r.tax);
		expect(r.average_ticket).toBe(Math.round(r.collected / 3));
		expect(r.covers).toBe(5);
		expect(r.payment_methods.cash).toEqual({ count: 1, sum: 80_850 });
		expect(r.payment_methods.qris?.count).toBe(1);
		expect(r.payment_methods.card?.count).toBe(1);
		expect(r.categories).toEqual([
			{ category: 'Makanan', qty: 3, sales: 105_000 },
			{ category: 'Minuman', qty: 3, sales: 38_000 }
		]);
		expect(r.top_products[0]).toEqual({ product_name: 'Nasi Goreng', qty: 3, sales: 105_000 });
		expect(r.hours).toHaveLength(24);
		// The 01:30 sale counts in hour 1 of the 27th's business day.
		expect(r.hours[1]).toEqual({ hour: 1, orders: 1, sales: 25_410 });
		expect(r.hours[10]?.orders).toBe(1);
		expect(r.hours[12]?.orders).toBe(1);
	});

	it('covers a range and leaves days outside it out', () => {
		expect(salesReport(orders, '2026-01-27', '2026-01-28', 'Asia/Jakarta').orders).toBe(4);
		expect(salesReport(orders, '2026-01-28', '2026-01-28', 'Asia/Jakarta').orders).toBe(1);
		expect(salesReport(orders, '2026-02-01', '2026-02-28', 'Asia/Jakarta').average_ticket).toBe(0);
	});

	it('exports CSV a spreadsheet opens, quoting what needs it', () => {
		const r = salesReport(
			[
				order('Q', 'paid', 'cash', '2026-01-27T03:00:00Z', '2026-01-27', [
					['Roti "Bakar", Keju', 'Makanan', 1, 10_000]
				])
			],
			'2026-01-27',
			'2026-01-27',
			'Asia/Jakarta'
		);
		const csv = reportCsv(r);
		const lines = csv.trim().split('\n');
		expect(lines[0]).toBe('section,key,count,amount');
		expect(lines).toContain('summary,net_sales,,10000');
		expect(lines).toContain('product,"Roti ""Bakar"", Keju",1,10000');
		expect(lines).toContain('hour,10,1,11550');
	});
});
