// Why: the drain alone, repeated: offline orders already stored go out through the replicator (the page open, as
// the till is), beside the floor of the same number of orders POSTed to `/sync/batch` from Node in batches of 1000.
// `first-sync` measures the same drain once after its catalogue sync; this one isolates and repeats it. Both time the
// drain from the moment the orders are stored (the bench's bulk insert of them is setup, reported as `insert_ms`).
// `BENCH_DRAIN_RUNS=n` repeats it n times (the figures move a lot with the machine's load); `BENCH_PROFILE=1` keeps CPU
// profiles of the UI thread and the worker during each drain.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { authHeaders, order, JKT } from '../tests/contract/cloud-helpers';
import { ROOT } from '../tests/helpers/server';
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

type CdpAnswer = { result?: { profile?: unknown } };

/**
 * `BENCH_PROFILE=1`: CPU profiles of the UI thread and of the page's workers during each drain, written to
 * `artifacts/bench/drain-<run>-page.cpuprofile` and `drain-<run>-worker<k>.cpuprofile`. The workers are reached through
 * the page's CDP session (`Target.setAutoAttach`, messages relayed by `Target.sendMessageToTarget`).
 */
async function drainProfiler(ctx: BrowserContext, page: Page) {
	if (process.env.BENCH_PROFILE !== '1') return { start: async () => {}, stop: async (_run: number) => {} };
	const cdp = await ctx.newCDPSession(page);
	const workers: string[] = [];
	const waiting = new Map<number, (m: CdpAnswer) => void>();
	let next = 1;
	cdp.on('Target.attachedToTarget', (e) => {
		if (e.targetInfo.type === 'worker') workers.push(e.sessionId);
	});
	cdp.on('Target.detachedFromTarget', (e) => {
		if (workers.includes(e.sessionId)) workers.splice(workers.indexOf(e.sessionId), 1);
	});
	cdp.on('Target.receivedMessageFromTarget', (e) => {
		const m = JSON.parse(e.message) as CdpAnswer & { id?: number };
		if (m.id !== undefined) waiting.get(m.id)?.(m);
	});
	const inWorker = (sessionId: string, method: string, params: object = {}) =>
		new Promise<CdpAnswer>((done) => {
			const id = next++;
			waiting.set(id, done);
			cdp
				.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
				.catch(() => done({}));
		});
	await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
	const dir = join(ROOT, 'artifacts', 'bench');
	mkdirSync(dir, { recursive: true });
	return {
		start: async () => {
			await cdp.send('Profiler.enable');
			await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
			await cdp.send('Profiler.start');
			for (const w of workers) {
				await inWorker(w, 'Profiler.enable');
				await inWorker(w, 'Profiler.setSamplingInterval', { interval: 200 });
				await inWorker(w, 'Profiler.start');
			}
		},
		stop: async (run: number) => {
			const { profile } = await cdp.send('Profiler.stop');
			writeFileSync(join(dir, `drain-${run}-page.cpuprofile`), JSON.stringify(profile));
			for (const [k, w] of workers.entries()) {
				const r = await inWorker(w, 'Profiler.stop');
				if (r.result?.profile)
					writeFileSync(join(dir, `drain-${run}-worker${k}.cpuprofile`), JSON.stringify(r.result.profile));
			}
		}
	};
}

export async function benchDrain(): Promise<void> {
	const orders = size(5000, 200);
	const runs = Number(process.env.BENCH_DRAIN_RUNS ?? size(3, 1));
	const { server, browser, close } = await benchRig();
	const kasir: number[] = [];
	const floor: number[] = [];
	const inserts: number[] = [];
	try {
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const page = await ctx.newPage();
		const profiler = await drainProfiler(ctx, page);
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
			await profiler.start();
			while ((await syncedCount(page)) < before + orders) await new Promise((r) => setTimeout(r, 50));
			kasir.push(performance.now() - t0);
			await profiler.stop(run);
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
