// 1,000 orders written offline then drained (the cloud holds exactly 1,000); a batch cut mid-flight and the page reloaded mid-push lose and double nothing.
import { describe, expect, it } from 'vitest';
import { appHarness } from '../helpers/app';
import {
	DEMO,
	insertOrders,
	localOrderStats,
	makeOrders,
	openDiagnostics,
	setupDemoOutlet,
	until
} from './replication-support';

const app = appHarness();

async function cloudCounts(outletId: string): Promise<{ orders: number }> {
	const r = await fetch(`${app.server.url}/api/v1/outlets/${outletId}/sync/status`, {
		headers: {
			Authorization: `Bearer ${DEMO.apiKey}`,
			'X-Outlet-ID': outletId,
			'X-Outlet-Code': DEMO.outletCode
		}
	});
	return ((await r.json()) as { data: { orders: number } }).data;
}

describe('replication: push', () => {
	it('drains 1,000 offline orders, then survives a cut batch and a reload mid-push with nothing lost or doubled', async () => {
		const context = await app.browser.newContext();
		const page = await context.newPage();
		await openDiagnostics(page, app.server.url);
		const { outletId } = await setupDemoOutlet(page);
		const before = (await cloudCounts(outletId)).orders;

		// Offline: the till keeps selling; nothing leaves.
		await context.setOffline(true);
		await until(
			async () =>
				(await page.evaluate(async () => (await window.__kasir!.worker.api.getState()).online)) === false
		);
		await insertOrders(page, makeOrders(outletId, 1000, 1));
		const queued = await until(async () => {
			const s = await page.evaluate(async () => (await window.__kasir!.worker.api.getState()).pending.orders);
			return s === 1000 ? s : null;
		});
		expect(queued).toBe(1000);
		expect((await cloudCounts(outletId)).orders).toBe(before);

		// Back online: everything drains by itself.
		const t0 = Date.now();
		await context.setOffline(false);
		await until(async () => (await localOrderStats(page)).synced === 1000);
		const drainMs = Date.now() - t0;
		console.log(`[figure] drained 1,000 offline orders in Chromium: ${drainMs} ms after going online`);
		expect((await cloudCounts(outletId)).orders).toBe(before + 1000);
		const s1 = await localOrderStats(page);
		expect(s1).toMatchObject({ total: 1000, synced: 1000, pending: 0, failed: 0, cloudIds: 1000 });

		// 1,000 more; the first batch reaches the server but its answer is cut, and the page reloads meanwhile.
		let cut = 0;
		await context.route('**/sync/batch', async (route) => {
			if (cut === 0) {
				cut++;
				await route.fetch(); // the cloud processes the batch
				void page.reload().catch(() => {});
				await route.abort('internetdisconnected').catch(() => {});
				return;
			}
			await route.continue().catch(() => {});
		});
		await insertOrders(page, makeOrders(outletId, 1000, 1001));
		await until(async () => cut > 0);
		await page.waitForFunction(() => Boolean(window.__kasir), undefined, { timeout: 60_000 });
		await until(async () => (await localOrderStats(page).catch(() => ({ synced: 0 }))).synced === 2000, 500);
		const s2 = await localOrderStats(page);
		expect(s2).toMatchObject({ total: 2000, synced: 2000, pending: 0, failed: 0, cloudIds: 2000 });
		expect((await cloudCounts(outletId)).orders).toBe(before + 2000);
		await context.close();
	}, 300_000);
});
