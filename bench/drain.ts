// Why: the drain alone, repeated: offline orders already stored go out through the replicator (the page open, as
// the till is), beside the floor of the same number of orders POSTed to `/sync/batch` from Node in batches of 1000.
// `first-sync` measures the same drain once after its catalogue sync; this one isolates and repeats it. Both time the
// drain from the moment the orders are stored (the bench's bulk insert of them is setup, reported as `insert_ms`).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../tests/helpers/browser';
import { ROOT, startServer } from '../tests/helpers/server';
import { authHeaders, order, JKT } from '../tests/contract/cloud-helpers';
import { makeOrders, openDiagnostics, setupDemoOutlet } from '../tests/e2e/replication-support';
import { median, report, size, type Figure } from './lib';

/** A private copy of the built PWA (`BENCH_STATIC_DIR` reuses one, as the smoke test does). */
function builtApp(): { dir: string; cleanup: () => void } {
	if (process.env.BENCH_STATIC_DIR) return { dir: process.env.BENCH_STATIC_DIR, cleanup: () => {} };
	if (!(process.env.SKIP_BUILD === '1' && existsSync(join(ROOT, 'build/index.html'))))
		execFileSync(
			'flock',
			[
				'/tmp/kasir-build.lock',
				process.execPath,
				join(ROOT, 'node_modules/vite/bin/vite.js'),
				'build',
				'--logLevel',
				'warn'
			],
			{ cwd: ROOT, stdio: 'inherit' }
		);
	const dir = mkdtempSync(join(tmpdir(), 'kasir-bench-build-'));
	execFileSync('flock', ['/tmp/kasir-build.lock', 'cp', '-rT', join(ROOT, 'build'), dir]);
	return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function syncedCount(page: Page): Promise<number> {
	return page.evaluate(() => window.__kasir!.db.orders.count({ selector: { sync_status: 'synced' } }).exec());
}

async function floorDrain(url: string, orders: number): Promise<number> {
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
	const app = builtApp();
	const server = await startServer({
		staticDir: app.dir,
		env: { RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' }
	});
	const browser = await launchBrowser();
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
		await browser.close();
		await server.stop();
		app.cleanup();
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
