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
