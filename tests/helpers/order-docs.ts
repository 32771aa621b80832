// Why: the stored order and the tab's draft that database tests and benches start from, written once: a 10,000 open order
// of JKT-001 with no items, never pushed; a draft with an empty cart and no number. Each caller overrides only what it
// looks at.
import { NEVER_PUSHED } from '../../src/lib/db/push-state';
import type { CartDraft } from '../../src/lib/db/sale-docs';
import type { OrderDoc } from '../../src/lib/db/types';
import type { Cart, CartLine } from '../../src/lib/domain/cart';

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

/** A tab's draft as the till keeps it in `meta`: an empty cart, no order, no number reserved, no table or guest. */
export function cartDraft(over: Pick<CartDraft, 'tab_id' | 'updated_at'> & Partial<CartDraft>): CartDraft {
	return {
		order_id: null,
		order_number: null,
		number_key: null,
		stored: false,
		spare_number: null,
		spare_key: null,
		order_status: 'open',
		created_at: null,
		cart: { lines: [], next_line: 1 },
		table: '',
		customer: '',
		pax: null,
		...over
	};
}

/** A draft's cart of one new line (`L1`: one of the product for the bar, no modifiers or note); the next line is `L2`. */
export function oneLineCart(
	line: Pick<CartLine, 'product_id' | 'product_name' | 'category' | 'unit_price'>
): Cart {
	return {
		lines: [{ line_id: 'L1', ...line, qty: 1, modifiers: [], note: '', destination: 'bar', status: 'new' }],
		next_line: 2
	};
}
