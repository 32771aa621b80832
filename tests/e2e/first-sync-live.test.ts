// The first sync's products are added by the worker below RxDB's read (worker/sync/add-unread.ts): in Chromium, live
// queries opened before the sync on the page's own RxDB instance and in a second tab follow every product through RxDB's
// change events alone, and a second sync of the same catalogue rewrites nothing.
import { describe, expect, it } from 'vitest';
import { appHarness } from '../helpers/app';
import { collectPageErrors } from '../helpers/browser';
import type { Page } from 'playwright-core';
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

declare global {
	interface Window {
		__liveProducts?: { ids: string[]; emissions: number };
	}
}

/** A live query of every live product on this page's RxDB instance, its last result kept on `window`. */
async function watchProducts(page: Page): Promise<void> {
	await page.evaluate(async () => {
		const query = (await window.__kasir!.database()).products.find({ selector: { is_deleted: false } });
		await new Promise<void>((resolve) => {
			query.$.subscribe((docs) => {
				window.__liveProducts = {
					ids: docs.map((d) => d.id).sort(),
					emissions: (window.__liveProducts?.emissions ?? 0) + 1
				};
				resolve();
			});
		});
	});
}

const liveIds = (page: Page) => page.evaluate(() => window.__liveProducts?.ids ?? []);

describe('first sync: products added below RxDB reach every live query', () => {
	it('the page and a second tab see each product as the worker adds it, and a second sync rewrites none', async () => {
		const context = await app.browser.newContext();
		const page = await context.newPage();
		const errors = collectPageErrors(page);
		await openDiagnostics(page, app.server.url);
		const { companyId } = await setupDemoOutlet(page);
		const tab2 = await context.newPage();
		await openDiagnostics(tab2, app.server.url);
		await watchProducts(page);
		await watchProducts(tab2);
		expect(await liveIds(page)).toEqual([]);

		const started = await startSync(page, 'master');
		if (!started.success) throw new Error(started.message);
		expect((await finishedJob(page, started.syncId)).status).toBe('completed');
		const live = await serverCount(
			app.server.url,
			await hoToken(app.server.url),
			companyId,
			'products',
			true
		);
		expect(live).toBeGreaterThan(50);

		// Neither query was asked again: only the change events (the worker's, over RxDB's multi-instance channel) moved them.
		const stored = await page.evaluate(async () =>
			(await (await window.__kasir!.database()).products.find({ selector: { is_deleted: false } }).exec())
				.map((d) => d.id)
				.sort()
		);
		expect(stored).toHaveLength(live);
		for (const p of [page, tab2]) await until(async () => ((await liveIds(p)).length === live ? true : null));
		expect(await liveIds(page)).toEqual(stored);
		expect(await liveIds(tab2)).toEqual(stored);

		// Each product stored as RxDB's insert stores it: the first revision, readable and writable through RxDB.
		const revs = await page.evaluate(async () =>
			Object.fromEntries(
				(await (await window.__kasir!.database()).products.find().exec()).map(
					(d) => [d.id, d.revision] as const
				)
			)
		);
		expect(Object.values(revs).every((r) => r.startsWith('1-'))).toBe(true);

		// The same catalogue again (from the start: the checkpoints removed): every row is held, nothing is rewritten.
		await page.evaluate(async () => {
			const db = await window.__kasir!.database();
			await db.meta
				.find({ selector: { key: { $gte: 'checkpoint:ho:', $lt: 'checkpoint:ho:\uffff' } } })
				.remove();
		});
		const again = await startSync(page, 'master');
		if (!again.success) throw new Error(again.message);
		expect((await finishedJob(page, again.syncId)).status).toBe('completed');
		const after = await page.evaluate(async () =>
			Object.fromEntries(
				(await (await window.__kasir!.database()).products.find().exec()).map(
					(d) => [d.id, d.revision] as const
				)
			)
		);
		expect(after).toEqual(revs);
		expect(errors).toEqual([]);
		await context.close();
	}, 180_000);
});
