// Why: the drain alone, repeated: offline orders already stored go out through the replicator (the page open, as
// the till is), beside the floor of the same number of orders POSTed to `/sync/batch` from Node in batches of 1000.
// `first-sync` measures the same drain once after its catalogue sync; this one isolates and repeats it. Both time the
// drain from the moment the orders are stored (the bench's bulk insert of them is setup, reported as `insert_ms`).
import { authHeaders, order, JKT } from '../tests/contract/cloud-helpers';
import { makeOrders, openDiagnostics, setupDemoOutlet } from '../tests/e2e/replication-support';
import { syncedCount, benchRig, median, report, size, type Figure } from './lib';

/** The floor of a drain: as many orders POSTed to `/sync/batch` from Node in batches of 1000; its duration in ms. */
export async function floorDrain(url: string, orders: number): Promise<number> {
	const t0 = performance.now();
	for (let sent = 0; sent < orders; sent += 1000) {
		const items = Array.from({ length: Math.min(1000, orders - sent) }, () => ({
			entity_type: 'order',
			operation: 'create',
			data: order(JKT)
		}));
		const r = await fetch(`${url}/api/v1/outlets/${JKT.id}/sync/batch`, {
			method: 'POST',
			headers: { ...authHeaders(JKT), 'content-type': 'application/json' },
			body: JSON.stringify({
				outlet_id: JKT.id,
				outlet_code: JKT.code,
				sync_timestamp: new Date().toISOString(),
				items
			})
		});
		if (r.status !== 200) throw new Error(`floor batch answered ${r.status}`);
		await r.arrayBuffer();
	}
	return performance.now() - t0;
}

export async function benchDrain(): Promise<void> {
	const orders = size(5000, 200);
	const runs = size(3, 1);
	const { server, browser, close } = await benchRig();
	const kasir: number[] = [];
	const floor: number[] = [];
	const inserts: number[] = [];
	try {
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const page = await ctx.newPage();
		await openDiagnostics(page, server.url);
		const { outletId } = await setupDemoOutlet(page);
		// Warm the server's batch path once (the first request of a fresh server is cold).
		await floorDrain(server.url, Math.min(orders, 1000));
		for (let run = 0; run < runs; run++) {
			// Kasir and the floor alternate, so both meet the same load from the machine.
			floor.push(await floorDrain(server.url, orders));
			const docs = makeOrders(outletId, orders, 100_000 + run * orders);
			const before = await syncedCount(page);
			// The drain starts once the orders are stored: the bench's own bulk insert (the page handing 5,000 documents to
			// RxDB) is setup, timed apart; a till stores its orders one sale at a time over the day.
			const i0 = performance.now();
			await page.evaluate(async (d) => {
				const r = await window.__kasir!.db.orders.bulkInsert(d);
				if (r.error.length) throw new Error(`insert failed: ${r.error.length}`);
			}, docs);
			const t0 = performance.now();
			inserts.push(t0 - i0);
			while ((await syncedCount(page)) < before + orders) await new Promise((r) => setTimeout(r, 50));
			kasir.push(performance.now() - t0);
		}
		await ctx.close();
	} finally {
		await close();
	}
	const figures: Figure[] = [
		{
			measure: `drain ${orders} offline orders to the cloud (median of ${kasir.length})`,
			kasir: median(kasir),
			floor: median(floor),
			unit: 'ms',
			detail: {
				kasir_runs_ms: kasir.map((n) => Math.round(n)).join('/'),
				floor_runs_ms: floor.map((n) => Math.round(n)).join('/'),
				insert_runs_ms: inserts.map((n) => Math.round(n)).join('/'),
				kasir_orders_per_s: (orders / median(kasir)) * 1000,
				floor_orders_per_s: (orders / median(floor)) * 1000
			}
		}
	];
	report('drain', figures);
}
