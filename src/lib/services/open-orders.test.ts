// Why: the open-order recall and the sync statistics read stored orders by one equality range per status (a till holds
// many paid and synced orders that a `$in` range would walk); they must still list and count exactly what they did.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KasirDatabase, OrderDoc } from '$lib/db';
import { sell } from '$lib/managers/sell.svelte';
import { openTestTill, testStore } from '../../../tests/fixtures/till';
import { makeOrders } from '../../../tests/e2e/replication-support';
import { loadOpenOrders } from './sell.service';
import { readSyncStats } from './sync-stats.service';

let db: KasirDatabase;

beforeEach(async () => {
	db = await openTestTill('open', testStore({ tax_rate: 0, service_rate: 0 }));
	const shape: Pick<OrderDoc, 'status' | 'sync_status' | 'updated_at'>[] = [
		{ status: 'open', sync_status: 'pending', updated_at: '2026-01-27T10:00:00.000Z' },
		{ status: 'sent', sync_status: 'pending', updated_at: '2026-01-27T11:00:00.000Z' },
		{ status: 'open', sync_status: 'failed', updated_at: '2026-01-27T09:00:00.000Z' },
		{ status: 'paid', sync_status: 'synced', updated_at: '2026-01-27T08:00:00.000Z' },
		{ status: 'paid', sync_status: 'failed', updated_at: '2026-01-27T08:30:00.000Z' },
		{ status: 'void', sync_status: 'synced', updated_at: '2026-01-27T07:00:00.000Z' }
	];
	await db.orders.bulkInsert(makeOrders('store-1', shape.length).map((o, i) => ({ ...o, ...shape[i] })));
});
afterEach(async () => {
	await db.remove();
});

describe('orders read by one range per status', () => {
	it('recall lists the open and sent orders, newest first', async () => {
		await loadOpenOrders();
		expect(sell.openOrders.map((o) => [o.status, o.updated_at.slice(11, 13)])).toEqual([
			['sent', '11'],
			['open', '10'],
			['open', '09']
		]);
	});

	it('sync statistics count pending and failed orders as waiting, failed ones apart', async () => {
		const stats = await readSyncStats(db);
		expect(stats.waiting.orders).toBe(4);
		expect(stats.waiting.failed).toBe(2);
		expect(stats.counts.find((c) => c.name === 'orders')?.count).toBe(6);
	});
});
