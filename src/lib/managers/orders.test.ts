// Why: the orders screen must say "sent" for an order the cloud acknowledged as soon as the till's badge counts it, while
// the acknowledgement still sits in the push's ledger (`db/push-ack.ts`) and the order's document still says pending.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { orderDoc } from '../../../tests/helpers/order-docs';
import { openDatabase, type KasirDatabase } from '$lib/db';
import { pushAckKey, type PushAckDoc } from '$lib/db/push-ack';
import { businessDate } from '$lib/domain/business-day';
import { app } from './app.svelte';
import { orders } from './orders.svelte';

const until = async (ok: () => boolean) => {
	while (!ok()) await new Promise((r) => setTimeout(r, 20));
};

let db: KasirDatabase | null = null;
let stop: (() => void) | null = null;
afterEach(async () => {
	stop?.();
	await db?.close();
});

const fresh = () =>
	openDatabase({ name: `o${Date.now()}${Math.random()}`, indexedDB, IDBKeyRange, multiInstance: false });

/** Order `n` of a test (ids `${prefix}${n}`), written now on the business day of `zone`. */
function todayOrder(prefix: string, n: number, zone = 'Asia/Jakarta') {
	const now = new Date().toISOString();
	const day = businessDate(now, zone, app.dayStart);
	return orderDoc({
		local_id: `${prefix}${n}`,
		order_number: `${prefix.toUpperCase()}-${n}`,
		created_at: now,
		business_date: day
	});
}

describe('orders.watchToday', () => {
	it('shows an acknowledged order as sent before its ledger is folded, and an order edited since as pending', async () => {
		db = await fresh();
		const zone = 'Asia/Jakarta';
		const now = new Date().toISOString();
		const order = (n: number) => todayOrder('o', n);
		await db.orders.bulkInsert([order(1), order(2), { ...order(3), version: 2 }]);
		stop = orders.watchToday(db, zone);
		await until(() => orders.today.length === 3);
		expect(orders.today.map((o) => o.sync_status)).toEqual(['pending', 'pending', 'pending']);

		const value: PushAckDoc = {
			acks: [1, 3].map((n) => ({
				local_id: `o${n}`,
				version: 1,
				cloud_id: `c${n}`,
				synced_at: now,
				was: 'pending' as const,
				edited: false
			}))
		};
		await db.meta.insert({ key: pushAckKey(), value, updated_at: now });
		const status = (id: string) => orders.today.find((o) => o.local_id === id)?.sync_status;
		await until(() => status('o1') === 'synced');
		// o2 has no acknowledgement; o3 was edited (version 2) after its version 1 was acknowledged: it is sent again.
		expect(status('o2')).toBe('pending');
		expect(status('o3')).toBe('pending');
		expect(orders.today.find((o) => o.local_id === 'o3')).toMatchObject({
			synced_version: 1,
			cloud_id: 'c3'
		});
		// The stored documents are untouched: only the worker's fold writes them.
		expect((await db.orders.findOne('o1').exec())?.sync_status).toBe('pending');
	});
});

describe('orders.openToday (the route opens the view before the screen renders)', () => {
	it('has the first page before the screen asks, and the screen takes over the same live view', async () => {
		db = await fresh();
		const zone = 'Asia/Jakarta';
		const order = (n: number) => todayOrder('p', n);
		await db.orders.bulkInsert([{ ...order(1), status: 'paid', total_amount: 8_000 }, order(2)]);
		orders.today = [];
		await orders.openToday(db, zone);
		// Already there when the screen first renders: no empty list first, and the day's paid total.
		expect(orders.today.map((o) => o.local_id).sort()).toEqual(['p1', 'p2']);
		expect(orders.todayCount).toBe(2);
		expect(orders.paidTotal).toBe(8_000);
		stop = orders.watchToday(db, zone);
		// The view the route opened stays live under the screen, and stops with it.
		await db.orders.insert(order(3));
		await until(() => orders.todayCount === 3);
		stop();
		stop = null;
		await db.orders.insert(order(4));
		await new Promise((r) => setTimeout(r, 200));
		expect(orders.todayCount).toBe(3);
	});

	it('a view opened for another business day is not taken over: the screen reads its own day', async () => {
		db = await fresh();
		const now = new Date().toISOString();
		// 25 hours apart: the two zones are never on the same business day (the outlet's zone arrived between the route's
		// load and the screen's first render).
		const east = 'Pacific/Kiritimati';
		const west = 'Pacific/Pago_Pago';
		const dayOf = (zone: string) => businessDate(now, zone, app.dayStart);
		expect(dayOf(east)).not.toBe(dayOf(west));
		const order = (n: number, zone: string) => todayOrder('q', n, zone);
		await db.orders.bulkInsert([order(1, east), order(2, east), order(3, west)]);
		await orders.openToday(db, east);
		expect(orders.todayCount).toBe(2);
		stop = orders.watchToday(db, west);
		await until(() => orders.todayCount === 1);
		expect(orders.date).toBe(dayOf(west));
		// Live on the screen's day only.
		await db.orders.insert(order(4, east));
		await db.orders.insert(order(5, west));
		await until(() => orders.todayCount === 2);
		await new Promise((r) => setTimeout(r, 200));
		expect(orders.todayCount).toBe(2);
		expect(orders.today.map((o) => o.local_id).sort()).toEqual(['q3', 'q5']);
	});
});
