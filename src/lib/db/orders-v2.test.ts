import { describe, expect, it } from 'vitest';
import { migrateOrderV2, type OrderDoc } from './schemas';

describe('orders v1 -> v2 migration', () => {
	it('fills who took the order from its payment, and no discount; nothing else changes (no version bump)', () => {
		const v1 = {
			local_id: 'u-1',
			order_number: 'ORD-20260127-JKT001-0001',
			outlet_id: 'o',
			outlet_code: 'JKT-001',
			table_number: null,
			customer_name: null,
			pax: null,
			items: [],
			subtotal: 10_000,
			service_amount: 500,
			tax_amount: 1_050,
			rounding_amount: 0,
			total_amount: 11_550,
			status: 'paid',
			void_reason: null,
			payment_info: null,
			payments: [
				{
					local_id: 'p-1',
					method: 'cash',
					amount: 11_550,
					cash_amount: 20_000,
					change_amount: 8_450,
					paid_at: '2026-01-27T10:00:00Z',
					cashier_name: 'Sari'
				}
			],
			version: 3,
			created_at: '2026-01-27T10:00:00Z',
			updated_at: '2026-01-27T10:00:00Z',
			business_date: '2026-01-27',
			shift_id: null,
			cloud_id: 'c-1',
			synced_version: 3,
			synced_at: '2026-01-27T10:01:00Z',
			sync_status: 'synced',
			sync_error: null,
			sync_attempts: 0,
			next_attempt_at: null
		} satisfies OrderDoc;
		expect(migrateOrderV2(v1)).toEqual({
			...v1,
			refunds: [],
			links: null,
			cashier_name: 'Sari',
			staff_id: null,
			voided_by: null,
			voided_by_id: null,
			discount: null,
			discount_amount: 0
		});
		expect(migrateOrderV2({ ...v1, payments: [] }).cashier_name).toBeNull();
	});
});
