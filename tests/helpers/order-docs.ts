// Why: the stored order that database tests and benches start from, written once: a 10,000 open order of JKT-001 with no
// items, never pushed. Each caller overrides only what it looks at.
import { NEVER_PUSHED } from '../../src/lib/db/push-state';
import type { OrderDoc } from '../../src/lib/db/types';

type Required = Pick<OrderDoc, 'local_id' | 'order_number' | 'created_at' | 'business_date'>;

/** An order as the till stores it; `updated_at` follows `created_at` unless given. */
export function orderDoc(over: Required & Partial<OrderDoc>): OrderDoc {
	return {
		outlet_id: 'o',
		outlet_code: 'JKT-001',
		table_number: null,
		customer_name: null,
		pax: null,
		items: [],
		subtotal: 10_000,
		service_amount: 0,
		tax_amount: 0,
		rounding_amount: 0,
		total_amount: 10_000,
		status: 'open',
		void_reason: null,
		payment_info: null,
		payments: [],
		version: 1,
		updated_at: over.created_at,
		...NEVER_PUSHED,
		...over
	};
}

/** `n` paid orders of one Es Teh each for an outlet, never pushed, numbered `ORD-20260127-JKT001-<prefix>0001`…. */
export function paidOrders(outletId: string, n: number, prefix: string): OrderDoc[] {
	const now = new Date().toISOString();
	return Array.from({ length: n }, (_, i) => {
		const id = `ORD-20260127-JKT001-${prefix}${String(i + 1).padStart(4, '0')}`;
		return orderDoc({
			local_id: id,
			order_number: id,
			created_at: now,
			business_date: '2026-01-27',
			outlet_id: outletId,
			table_number: 'A-01',
			pax: 2,
			items: [
				{
					line_id: 'L1',
					product_id: 'p',
					product_name: 'Es Teh',
					category: 'Minuman',
					qty: 1,
					price: 8000,
					subtotal: 8000,
					modifiers: [],
					note: '',
					destination: 'bar',
					status: 'served'
				}
			],
			subtotal: 8000,
			total_amount: 8000,
			status: 'paid',
			payment_info: { method: 'cash', amount: 8000, paid_at: now }
		});
	});
}
