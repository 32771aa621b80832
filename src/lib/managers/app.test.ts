// Why: the top bar's "all sent" must be a count, never the zero the counts start at: a till that just started with sales
// still to send must not say they are sent (nor a test take that moment for "drained").
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orderDoc } from '../../../tests/helpers/order-docs';
import { openStoreWorker, type StoreWorker } from '../../../tests/helpers/store-worker';
import { app } from './app.svelte';

const until = async (ok: () => boolean) => {
	while (!ok()) await new Promise((r) => setTimeout(r, 20));
};

let worker: StoreWorker;
beforeEach(async () => {
	worker = await openStoreWorker();
});
afterEach(async () => {
	await worker.close();
});

describe('app.watchCounts', () => {
	it('knows the pending count only once it is read, then follows it', async () => {
		const { db, store } = worker;
		const now = new Date().toISOString();
		const order = (id: string) =>
			orderDoc({ local_id: id, order_number: id, created_at: now, business_date: now.slice(0, 10) });
		await db.orders.bulkInsert([order('o1'), order('o2')]);
		app.watchCounts(store);
		// Nothing is counted yet (the worker answers later): the pending figure (0) is not a fact.
		expect(app.pendingKnown).toBe(false);
		expect(app.pending).toBe(0);
		await until(() => app.pendingKnown);
		expect(app.pending).toBe(2);
		await (await db.orders.findOne('o1').exec())?.incrementalPatch({ sync_status: 'synced' });
		await until(() => app.pending === 1);
		expect(app.pendingKnown).toBe(true);
	});
});
