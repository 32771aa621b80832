// Why: the stored shift that database tests and benches start from, written once: an open shift of JKT-001 with no
// movements, never pushed. Each caller overrides only what it looks at.
import type { ShiftDoc } from '../../src/lib/db/types';

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
