import { describe, expect, it } from 'vitest';
import { orderCopy, orderOrigin } from './shared-orders';

describe('shared orders', () => {
	it("names the till an order came from, unless it is this one's", () => {
		const o = { order_number: 'ORD-20260127-JKT001-A-0007', cashier_name: 'Ani' };
		expect(orderOrigin(o, 'B')).toEqual({ device: 'A', cashier: 'Ani' });
		expect(orderOrigin(o, 'A')).toBeNull();
		expect(orderOrigin({ order_number: 'ORD-20260127-JKT001-0007' }, 'B')).toBeNull();
		expect(orderOrigin({ order_number: '019a-uuid' }, 'B')).toBeNull();
	});

	it('reads one copy of an order conflict', () => {
		const copy = {
			items: [{}, {}],
			total_amount: 78000,
			status: 'open',
			customer_name: 'Rudi',
			pax: 4,
			shared: { device_code: 'B' }
		};
		expect(orderCopy(copy)).toEqual({
			order_number: null,
			device: 'B',
			lines: 2,
			total: 78000,
			status: 'open',
			customer: 'Rudi',
			pax: 4
		});
		expect(orderCopy(42)).toBeNull();
		expect(orderCopy({ items: 'x', total_amount: 1 })).toBeNull();
	});
});
