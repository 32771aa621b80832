// Two tabs of one till selling at the same moment: each keeps its own cart draft, they never share an order number, the
// numbers stay gap-free, and the cloud gets every sale once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { parseOrderNumber } from '../../src/lib/domain/order';
import { startAppServer } from '../helpers/app.ts';
import { collectPageErrors, launchBrowser } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { setupThroughWizard } from './pos-support.ts';
import { cloudSales, drained, localSales, sellOne, wholeSales } from './sale-support.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close().catch(() => {});
	await server?.stop().catch(() => {});
});

describe('two tabs of one till', () => {
	it(
		'sell at once: distinct, gap-free numbers, separate drafts, every sale once in the cloud',
		{ timeout: 600_000 },
		async () => {
			const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
			const first = await context.newPage();
			const errors = collectPageErrors(first);
			await setupThroughWizard(first, server.url);
			const second = await context.newPage();
			errors.push(...collectPageErrors(second));
			await second.goto(`${server.url}/`);
			await second.getByTestId('product-grid').waitFor();

			await context.setOffline(true);
			await Promise.all(
				[first, second].map(async (page) => {
					for (let i = 0; i < 3; i++) await sellOne(page, i);
				})
			);
			const local = await localSales(first);
			expect(local.orders).toHaveLength(6);
			expect(wholeSales(local)).toEqual([]);
			const running = local.orders
				.map((o) => parseOrderNumber(o.order_number)?.running_number ?? 0)
				.sort((a, b) => a - b);
			expect(running).toEqual([1, 2, 3, 4, 5, 6]);
			const drafts = await first.evaluate(async () =>
				(
					await (
						await window.__kasir!.database()
					).meta
						.find({ selector: { key: { $regex: '^draft:' } } })
						.exec()
				).map((d) => d.key)
			);
			expect(drafts).toHaveLength(2);

			await context.setOffline(false);
			await drained(first);
			expect(errors).toEqual([]);
			const cloud = await cloudSales(server, false);
			expect(wholeSales(cloud)).toEqual([]);
			expect(cloud.orders.map((o) => o.local_id).sort()).toEqual(local.orders.map((o) => o.local_id).sort());
			expect(new Set(cloud.orders.map((o) => o.order_number)).size).toBe(6);
		}
	);
});
