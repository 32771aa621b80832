// Why: staff sign-in, the role table at work (`authorize` answering at once or asking for a PIN), and discounts recorded
// with who gave and approved them, on the real local database and real PBKDF2, down to the stored order.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KasirDatabase } from '$lib/db';
import { discountedTotals } from '$lib/domain/discount';
import { app } from '$lib/managers/app.svelte';
import { cart } from '$lib/managers/cart.svelte';
import { addToCart, openTestTill, testStore } from '../../../tests/fixtures/till';
import { staff } from '$lib/managers/staff.svelte';
import { giveDiscount } from './discount.service';
import { payOrder, voidOrder } from './order.service';
import { hashPin } from './pin.service';
import { answerApproval, authorize, cancelApproval, signIn, signOut } from './staff.service';

let db: KasirDatabase;
let people: { id: string; name: string; role: string; pin_hash: string }[] = [];

function add(price: number, id: string) {
	return addToCart({ product_id: id, product_name: `Menu ${id}`, unit_price: price });
}

/** Waits until `authorize` has opened its approval request. */
async function requested(action: string) {
	for (let i = 0; i < 50 && staff.request?.action !== action; i++) await Promise.resolve();
	expect(staff.request?.action).toBe(action);
}

beforeEach(async () => {
	if (people.length === 0)
		people = [
			{ id: 'c1', name: 'Sari', role: 'cashier', pin_hash: await hashPin('1111') },
			{ id: 's1', name: 'Budi', role: 'supervisor', pin_hash: await hashPin('2222') },
			{ id: 'm1', name: 'Wati', role: 'manager', pin_hash: await hashPin('3333') }
		];
	db = await openTestTill(
		'staff',
		testStore({ tax_rate: 10, service_rate: 5, staff: people, discount_limit_percent: 10 }),
		{ ho_username: 'hq-user' }
	);
	signOut();
});
afterEach(async () => {
	cancelApproval();
	await db.remove();
});

describe('staff service', () => {
	it('signs in by PIN; the role decides whether authorize asks for another PIN', async () => {
		expect(staff.needsSignIn).toBe(true);
		expect(await signIn('9999')).toBeNull();
		expect(await signIn('1111')).toEqual({ id: 'c1', name: 'Sari', role: 'cashier' });
		expect(staff.needsSignIn).toBe(false);
		await expect(authorize('sell')).resolves.toMatchObject({ id: 'c1' });

		const voiding = authorize('void');
		await requested('void');
		expect(await answerApproval('1111')).toBe(false); // a cashier's PIN is not enough
		expect(await answerApproval('3333')).toBe(true); // a manager may do what a supervisor may
		await expect(voiding).resolves.toMatchObject({ id: 'm1', name: 'Wati' });
		expect(staff.request).toBeNull();

		const refund = authorize('refund');
		await requested('refund');
		expect(await answerApproval('2222')).toBe(false);
		cancelApproval();
		await expect(refund).resolves.toBeNull();

		await signIn('2222');
		await expect(authorize('void')).resolves.toMatchObject({ id: 's1' }); // no dialog
		expect(app.managerUnlocked).toBe(false);
		await signIn('3333'); // manager mode follows the person at the till
		expect(app.managerUnlocked).toBe(true);
		await signIn('1111');
		expect(app.managerUnlocked).toBe(false);
	});

	it('records discounts, who took and who voided the order, in the one order document', async () => {
		await signIn('1111');
		const a = add(40_000, 'a');
		const b = add(20_000, 'b');
		expect(await giveDiscount(a, { kind: 'percent', value: 5, name: 'Promo', preset_id: null })).toBe(true);
		expect(staff.request).toBeNull();
		const big = giveDiscount(b, { kind: 'amount', value: 10_000, name: 'Rusak', preset_id: null });
		await requested('discount_over_limit');
		expect(await answerApproval('2222')).toBe(true);
		expect(await big).toBe(true);
		expect(
			await giveDiscount(null, { kind: 'percent', value: 10, name: 'Member', preset_id: 'member' })
		).toBe(true);
		const expected = discountedTotals(cart.cart.lines, cart.cart.discount, {
			tax_rate: 10,
			service_rate: 5,
			rounding: 'none'
		});
		// 40.000 - 2.000 + 20.000 - 10.000 = 48.000; member 10 % = 4.800 -> 43.200; service 2.160; PB1 4.536.
		expect(expected).toMatchObject({ subtotal: 60_000, discount: 16_800, total: 49_896 });

		const { order } = await payOrder({ method: 'cash', tendered: 50_000 });
		expect(order).toMatchObject({
			subtotal: 60_000,
			discount_amount: 16_800,
			total_amount: 49_896,
			cashier_name: 'Sari',
			staff_id: 'c1'
		});
		expect(order.payments[0]?.cashier_name).toBe('Sari');
		expect(order.items.map((i) => i.discount_amount)).toEqual([2_000, 10_000]);
		expect(order.items[1]?.discount).toMatchObject({
			given_by: 'Sari',
			approved_by: 'Budi',
			approved_by_id: 's1'
		});
		expect(order.discount).toMatchObject({ preset_id: 'member', approved_by: null });

		const voided = await voidOrder(order.local_id, 'salah input', { name: 'Budi', id: 's1' });
		expect(voided).toMatchObject({
			status: 'void',
			voided_by: 'Budi',
			voided_by_id: 's1',
			cashier_name: 'Sari'
		});
	});

	it('without configured staff the till works as before: no sign-in, the HO user sells', async () => {
		app.store = testStore({ tax_rate: 10, service_rate: 5 });
		expect(staff.enabled).toBe(false);
		expect(staff.needsSignIn).toBe(false);
		await expect(authorize('discount_within_limit')).resolves.toMatchObject({ name: 'hq-user' });
		add(10_000, 'x');
		const { order } = await payOrder({ method: 'qris' });
		expect(order).toMatchObject({ cashier_name: 'hq-user', staff_id: null, discount_amount: 0 });
	});
});
