// Why: the pull's rule for one order, purely: stored when new, replaced only by a newer server version, never over edits not yet pushed.
import { describe, expect, it } from 'vitest';
import type { SharedOrder } from '../../src/lib/contract/cloud';
import { mergePulled, orderFromWire } from './shared-orders-pull';

const NOW = '2026-01-27T11:00:00.000Z';

function wire(over: Partial<SharedOrder> = {}): SharedOrder {
	return {
		cloud_id: '0b6f0c3e-2f1e-4a4e-9d53-6b2d7c1a9e01',
		local_id: '019a0000-0000-7000-8000-000000000001',
		order_number: 'ORD-20260127-JKT001-A-0001',
		outlet_id: 'outlet',
		outlet_code: 'JKT-001',
		table_number: 'A-04',
		customer_name: null,
		pax: 2,
		total_amount: 18500,
		status: 'sent',
		items: [
			{ product_name: 'Es Teh', qty: 2, price: 8000, subtotal: 16000, line_id: 'L1', note: 'less ice' }
		],
		payment_info: null,
		version: 2,
		created_at: '2026-01-27T10:00:00.000Z',
		updated_at: '2026-01-27T10:10:00.000Z',
		device_code: 'A',
		changed_at: '2026-01-27T10:10:00.000001Z',
		shared: {
			base_version: 2,
			device_code: 'A',
			till: {
				subtotal: 16000,
				service_amount: 800,
				tax_amount: 1680,
				rounding_amount: 20,
				business_date: '2026-01-27'
			}
		},
		...over
	};
}

describe('shared orders: applying a pulled order', () => {
	it('stores a new order as synced at its version, with its till fields and lines', () => {
		const d = orderFromWire(wire(), NOW);
		expect(d).toMatchObject({
			version: 2,
			synced_version: 2,
			sync_status: 'synced',
			cloud_id: wire().cloud_id,
			subtotal: 16000,
			service_amount: 800,
			business_date: '2026-01-27',
			payments: []
		});
		expect(d.items[0]).toMatchObject({
			line_id: 'L1',
			note: 'less ice',
			modifiers: [],
			destination: 'kitchen'
		});
		expect(mergePulled(null, wire(), NOW)).toEqual(d);
	});

	it('replaces a pushed copy only with a newer version, and never one with edits not yet pushed', () => {
		const local = orderFromWire(wire({ version: 1, status: 'open' }), NOW);
		expect(mergePulled(local, wire(), NOW)).toMatchObject({ version: 2, status: 'sent' });
		expect(mergePulled(orderFromWire(wire(), NOW), wire(), NOW)).toBeNull();
		expect(mergePulled(orderFromWire(wire({ version: 3 }), NOW), wire(), NOW)).toBeNull();
		const edited = { ...local, version: 2, sync_status: 'pending' as const };
		expect(mergePulled(edited, wire({ version: 5 }), NOW)).toBeNull();
		const failed = { ...local, sync_status: 'failed' as const };
		expect(mergePulled(failed, wire({ version: 5 }), NOW)).toBeNull();
	});

	it('learns the cloud_id of its own order at the same version', () => {
		const mine = { ...orderFromWire(wire(), NOW), cloud_id: null };
		expect(mergePulled(mine, wire(), NOW)).toMatchObject({ cloud_id: wire().cloud_id });
	});
});
