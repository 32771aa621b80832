// HQ changes reach the till through the signed event stream (price, broadcast, config), and an HO pull interrupted by a server restart resumes from its checkpoint.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appHarness } from '../helpers/app';
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

const state = (page: Page) => page.evaluate(() => window.__kasir!.worker.api.getState());

describe('replication: live and resumable', () => {
	it('applies a price changed at HQ, a broadcast and a config change through the event stream', async () => {
		const context = await app.browser.newContext();
		const page = await context.newPage();
		await openDiagnostics(page, app.server.url);
		const { outletId } = await setupDemoOutlet(page);
		const r = await startSync(page, 'all');
		if (!r.success) throw new Error(r.message);
		expect((await finishedJob(page, r.syncId)).status).toBe('completed');
		await until(async () => (await state(page)).stream === 'connected');

		const product = await page.evaluate(async () =>
			(await (
				await window.__kasir!.database()
			).products
				.findOne({ selector: { is_deleted: false } })
				.exec())!.toMutableJSON()
		);
		const token = await hoToken(app.server.url);
		const newPrice = product.price + 1500;
		const patch = await fetch(`${app.server.url}/api/v1/admin/products/${product.id}`, {
			method: 'PATCH',
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ price: newPrice, reason: 'Price adjustment from headquarters' })
		});
		expect(patch.status).toBe(200);
		const t0 = Date.now();
		const local = await until(async () => {
			const p = await page.evaluate(
				async (id) => (await (await window.__kasir!.database()).products.findOne(id).exec())!.toMutableJSON(),
				product.id
			);
			return p.price === newPrice ? p : null;
		}, 50);
		console.log(`[figure] HQ price change visible in the local DB after ${Date.now() - t0} ms`);
		expect(local.version).toBeGreaterThan(product.version);

		const b = await fetch(`${app.server.url}/api/v1/admin/broadcasts`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ title: 'Stock opname', message: 'Stock opname jam 17:00', level: 'info' })
		});
		expect(b.status).toBe(200);
		const msg = await until(async () =>
			page.evaluate(async () =>
				(
					await (
						await window.__kasir!.database()
					).messages
						.findOne({ selector: { kind: 'broadcast' } })
						.exec()
				)?.toMutableJSON()
			)
		);
		expect(msg.message).toBe('Stock opname jam 17:00');

		const c = await fetch(`${app.server.url}/api/v1/admin/stores/${outletId}/config`, {
			method: 'PATCH',
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ receipt_footer: 'Terima kasih!' })
		});
		expect([200, 201]).toContain(c.status);
		await until(async () =>
			page.evaluate(
				async (id) =>
					(await (await window.__kasir!.database()).stores.findOne(id).exec())?.config.receipt_footer ===
					'Terima kasih!',
				outletId
			)
		);
		expect((await state(page)).last_event_id).toBeGreaterThan(0);
		await context.close();
	});

	it('resumes an HO pull from its checkpoint after the server restarts mid-pull', async () => {
		const context = await app.browser.newContext();
		const page = await context.newPage();
		await openDiagnostics(page, app.server.url);
		const { companyId } = await setupDemoOutlet(page);
		await page.evaluate(() => window.__kasir!.worker.api.setTunables({ hoPageLimit: 4 }));
		const r = await startSync(page, 'master');
		if (!r.success) throw new Error(r.message);
		// Wait until some product pages are stored, then pull the plug on the server.
		await until(
			async () =>
				page.evaluate(async () =>
					Boolean(await (await window.__kasir!.database()).meta.findOne('checkpoint:ho:products').exec())
				),
			20
		);
		await app.server.restart();
		const job = await finishedJob(page, r.syncId);
		expect(job.status).toBe('completed');
		type Entry = { entity: string; since: string | null; count: number };
		const log = await page.evaluate(
			async () =>
				((await (await window.__kasir!.database()).meta.findOne('pull:log:ho').exec())?.toMutableJSON()
					.value ?? []) as Entry[]
		);
		const products = log.filter((l) => l.entity === 'products');
		// One request from the start; every later one from a new checkpoint: nothing started over, nothing fetched twice.
		expect(products.filter((l) => l.since === null)).toHaveLength(1);
		expect(new Set(products.map((l) => l.since)).size).toBe(products.length);
		const token = await hoToken(app.server.url);
		const total = await serverCount(app.server.url, token, companyId, 'products');
		expect(products.reduce((s, l) => s + l.count, 0)).toBe(total);
		expect(await page.evaluate(async () => (await window.__kasir!.database()).products.count().exec())).toBe(
			total
		);
		await context.close();
	}, 180_000);
});
