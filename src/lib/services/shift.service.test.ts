// Why: a shift works offline on the real local database: one open per device, orders stamped with it (and a
// shift opened by itself at the first sale when the outlet wants it), cash movements inside the shift
// document, and a close beyond the variance threshold refused without the manager PIN.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getMeta, shiftKey, type KasirDatabase, type ShiftDoc } from '$lib/db';
import { app } from '$lib/managers/app.svelte';
import { addToCart, openTestTill, testStore } from '../../../tests/fixtures/till';
import { payOrder } from './order.service';
import { addMovement, closeShift, previewClose, totalsOf } from './shift-close.service';
import { openShift, openShiftOf } from './shift.service';

let db: KasirDatabase;

async function sell(price: number, method: 'cash' | 'qris' | 'card') {
	addToCart({ product_id: `p-${price}`, product_name: `Menu ${price}`, unit_price: price });
	return payOrder(method === 'cash' ? { method, tendered: 1_000_000 } : { method });
}

beforeEach(async () => {
	db = await openTestTill('shift', testStore({ tax_rate: 0, service_rate: 0, variance_threshold: 1_000 }));
});
afterEach(async () => {
	await db.remove();
});

describe('shift service', () => {
	it('opens one shift, stamps its orders, keeps cash movements in it, and needs the PIN to close 5.000 short', async () => {
		const shift = await openShift(200_000);
		await expect(openShift(100_000)).rejects.toMatchObject({ code: 'shift_already_open' });
		const a = await sell(30_000, 'cash');
		const b = await sell(20_000, 'qris');
		const c = await sell(10_000, 'card');
		expect([a.order.shift_id, b.order.shift_id, c.order.shift_id]).toEqual([
			shift.local_id,
			shift.local_id,
			shift.local_id
		]);

		await expect(addMovement('out', 500_000, 'too much')).rejects.toMatchObject({ code: 'exceeds_drawer' });
		await expect(addMovement('out', 50_000, ' ')).rejects.toMatchObject({ code: 'reason_required' });
		await addMovement('out', 50_000, 'Beli es batu');
		const stored = await getMeta<ShiftDoc>(db, shiftKey(shift.local_id));
		expect(stored?.movements.map((m) => [m.kind, m.amount, m.reason])).toEqual([
			['out', 50_000, 'Beli es batu']
		]);
		expect(stored).toMatchObject({ version: 2, sync_status: 'pending' });

		const open = (await openShiftOf(db)) as ShiftDoc;
		expect((await totalsOf(open)).expected).toEqual({ cash: 180_000, qris: 20_000, card: 10_000 });
		const short = { cash: 175_000, qris: 20_000, card: 10_000 };
		expect(await previewClose(open, short)).toMatchObject({
			variance: { cash: -5_000, qris: 0, card: 0, total: -5_000 },
			needsPin: true
		});
		await expect(closeShift(short, false)).rejects.toMatchObject({ code: 'manager_pin_required' });
		const closed = await closeShift(short, true);
		expect(closed).toMatchObject({
			status: 'closed',
			manager_approved: true,
			expected: { cash: 180_000, qris: 20_000, card: 10_000 },
			counted: short,
			variance: { cash: -5_000, qris: 0, card: 0, total: -5_000 },
			version: 3
		});
		expect(await openShiftOf(db)).toBeNull();
		// With no shift open (and no auto-open), a sale belongs to no shift.
		expect((await sell(5_000, 'cash')).order.shift_id).toBeNull();
	});

	it('opens a shift by itself at the first sale when the outlet asks for it', async () => {
		app.store = testStore({ tax_rate: 0, service_rate: 0, auto_open_shift: true, opening_cash: 150_000 });
		const { order } = await sell(25_000, 'cash');
		const auto = await openShiftOf(db);
		expect(auto).toMatchObject({ status: 'open', opening_cash: 150_000, auto_opened: true });
		expect(order.shift_id).toBe(auto?.local_id);
		expect((await sell(5_000, 'qris')).order.shift_id).toBe(auto?.local_id);
		expect((await totalsOf(auto as ShiftDoc)).paid).toEqual({ count: 2, sum: 30_000 });
	});
});
