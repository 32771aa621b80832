// First setup sync of the demo company in Chromium, a second startSync refused, two tabs with one replicator.
import { describe, expect, it } from 'vitest';
import { appHarness } from '../helpers/app';
import { collectPageErrors, screenshot } from '../helpers/browser';
import {
	finishedJob,
	hoToken,
	openDiagnostics,
	serverCount,
	setupDemoOutlet,
	startSync,
	until
} from './replication-support';

const app = appHarness();

describe('replication: setup sync', () => {
	it('pulls the demo company with counts equal to the server, refuses a second start, and keeps one replicator across two tabs', async () => {
		const context = await app.browser.newContext();
		const page = await context.newPage();
		const errors = collectPageErrors(page);
		await openDiagnostics(page, app.server.url);
		const { companyId } = await setupDemoOutlet(page);

		const t0 = Date.now();
		const first = await startSync(page, 'master');
		expect(first).toMatchObject({
			success: true,
			status: 'in_progress',
			message: 'Sync started successfully'
		});
		if (!first.success) return;
		const second = await startSync(page, 'master');
		expect(second).toMatchObject({ success: false, error: 'sync_in_progress', existingSyncId: first.syncId });

		// A second tab shares the DB: it sees the job and is refused too, and it is a follower.
		const tab2 = await context.newPage();
		await openDiagnostics(tab2, app.server.url);
		const fromTab2 = await startSync(tab2, 'master');
		if (fromTab2.success) {
			// The first job finished before tab 2 asked: legitimate, but then this check says nothing.
			console.warn('first job finished before the second tab asked');
		} else expect(fromTab2).toMatchObject({ error: 'sync_in_progress', existingSyncId: first.syncId });

		const job = await finishedJob(page, first.syncId);
		const pullMs = Date.now() - t0;
		expect(job.status).toBe('completed');
		const token = await hoToken(app.server.url);
		const local = await page.evaluate(async () => {
			const db = await window.__kasir!.database();
			return {
				stores: await db.stores.count().exec(),
				categories: await db.categories.count().exec(),
				products: await db.products.count().exec(),
				liveProducts: await db.products.count({ selector: { is_deleted: false } }).exec(),
				modifiers: await db.modifiers.count().exec()
			};
		});
		for (const e of ['stores', 'categories', 'products', 'modifiers'] as const) {
			const n = await serverCount(app.server.url, token, companyId, e);
			expect(local[e], e).toBe(n);
			expect(job.results[e]?.count, e).toBe(n);
		}
		expect(local.liveProducts).toBe(await serverCount(app.server.url, token, companyId, 'products', true));
		console.log(
			`[figure] setup master pull of the demo catalogue: ${pullMs} ms (${local.products} products)`
		);

		// One replicator: exactly one of the two workers holds the lock.
		const roles = await until(async () => {
			const r = await Promise.all(
				[page, tab2].map((p) => p.evaluate(async () => (await window.__kasir!.worker.api.getState()).role))
			);
			return r.includes('starting') ? null : r;
		});
		expect(roles.sort()).toEqual(['follower', 'leader']);
		const held = await page.evaluate(
			async () => (await navigator.locks.query()).held?.filter((l) => l.name === 'kasir-replicator').length
		);
		expect(held).toBe(1);

		// Closing the leader's tab hands the role to the other.
		const lp =
			(await page.evaluate(async () => (await window.__kasir!.worker.api.getState()).role)) === 'leader'
				? page
				: tab2;
		const op = lp === page ? tab2 : page;
		await screenshot(lp, 'replication-diagnostics');
		await lp.close();
		await until(
			async () =>
				(await op.evaluate(async () => (await window.__kasir!.worker.api.getState()).role)) === 'leader'
		);
		expect(errors).toEqual([]);
		await context.close();
	});
});
