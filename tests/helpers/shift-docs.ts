// Why: the stored shift that database tests and benches start from, written once: an open shift of JKT-001 with no
// movements, never pushed. Each caller overrides only what it looks at.
import { addDays } from '../../src/lib/domain/business-day';
import type { OrderDoc, ShiftDoc } from '../../src/lib/db/types';
import { makeOrders } from '../e2e/replication-support';

type Required = Pick<ShiftDoc, 'local_id' | 'outlet_id' | 'opened_at' | 'business_date'>;

/** A shift as the till stores it (opened by hand); `created_at` and `updated_at` follow `opened_at` unless given. */
export function shiftDoc(over: Required & Partial<ShiftDoc>): ShiftDoc {
	return {
		outlet_code: 'JKT-001',
		device_id: 'd',
		status: 'open',
		opening_cash: 0,
		opened_by: 'test',
		auto_opened: false,
		movements: [],
		closed_at: null,
		closed_by: null,
		expected: null,
		counted: null,
		variance: null,
		manager_approved: false,
		version: 1,
		created_at: over.opened_at,
		updated_at: over.opened_at,
		cloud_id: null,
		synced_version: 0,
		synced_at: null,
		sync_status: 'pending',
		sync_error: null,
		...over
	};
}

const METHODS = ['cash', 'qris', 'card'] as const;

/**
 * Order `i` of a varied set over the four business days up to `today`: of `mine`, of `other` or of none; paid, void or
 * open; some discounted; some refunded, in `mine` or in `other`; local ids that do not sort in creation order.
 */
export function mixedShiftOrder(i: number, today: string, mine: string, other: string): OrderDoc {
	const [o] = makeOrders('outlet-1', 1, 20_000 + i);
	const date = addDays(today, -(i % 4));
	const total = 10_000 + (i % 9) * 1_000;
	const status = i % 7 === 3 ? 'void' : i % 9 === 4 ? 'open' : 'paid';
	const shift = i % 5 === 0 ? other : i % 13 === 1 ? null : mine;
	const at = `${date}T0${i % 10}:00:00.000Z`;
	const method = METHODS[i % METHODS.length]!;
	return {
		...o!,
		// Local ids that do not sort in creation order.
		local_id: `ORD-${String((i * 37) % 101).padStart(3, '0')}-${i}`,
		business_date: date,
		created_at: at,
		updated_at: at,
		status,
		total_amount: total,
		shift_id: shift,
		discount_amount: i % 6 === 0 ? 1_000 : 0,
		payments:
			status === 'paid'
				? [
						{
							local_id: `pay-${i}`,
							method,
							amount: total,
							cash_amount: null,
							change_amount: null,
							paid_at: at,
							cashier_name: 'test'
						}
					]
				: [],
		refunds:
			status === 'paid' && i % 8 === 1
				? [
						{
							local_id: `ref-${i}`,
							lines: [],
							amount: 2_000,
							method: i % 16 === 1 ? 'cash' : 'qris',
							reason: 'cold',
							refunded_at: at,
							cashier_name: 'test',
							// Some paid back in the other shift.
							shift_id: i % 3 ? mine : other
						}
					]
				: []
	};
}

/**
 * The shift of the shift-orders and shift-summary tests: `SHIFT` opened on the day before `TODAY` with 100,000 of
 * opening cash, `OTHER` the shift beside it, and `order(i)` the i-th of their mixed orders.
 */
export function openShiftFixture(TODAY = '2026-03-10', SHIFT = 'SHIFT-a', OTHER = 'SHIFT-b') {
	return {
		TODAY,
		SHIFT,
		OTHER,
		order: (i: number) => mixedShiftOrder(i, TODAY, SHIFT, OTHER),
		shift: shiftDoc({
			local_id: SHIFT,
			outlet_id: 'outlet-1',
			opening_cash: 100_000,
			opened_at: `${addDays(TODAY, -1)}T01:00:00.000Z`,
			business_date: addDays(TODAY, -1)
		})
	};
}
