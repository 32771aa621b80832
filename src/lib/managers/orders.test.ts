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

describe('orders.watchToday', () => {
	it('shows an acknowledged order as sent before its ledger is folded, and an order edited since as pending', async () => {
		db = await openDatabase({ name: `ot${Date.now()}`, indexedDB, IDBKeyRange, multiInstance: false });
		const zone = 'Asia/Jakarta';
		const now = new Date().toISOString();
		const today = businessDate(now, zone, app.dayStart);
		const order = (n: number) =>
			orderDoc({ local_id: `o${n}`, order_number: `A-${n}`, created_at: now, business_date: today });
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
