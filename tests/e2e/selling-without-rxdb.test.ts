// The selling screen runs on the worker's database (issue 10's first-load JS, docs/performance.md "Ninth pass"): a fresh
// load of / sells and pays with no RxDB code loaded on the UI thread and no database of the page's own; the orders
// screen, reached from the shell, opens the UI thread's instance in its route's load and lists that sale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startAppServer } from '../helpers/app.ts';
import { collectPageErrors, launchBrowser } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { OrdersScreen, SellingScreen } from './pages/index.ts';
import { setUpTablet } from './pos-support.ts';
import { sellOne } from './sale-support.ts';

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

/** The page's own scripts loaded so far that hold RxDB's code (its error messages link rxdb.info), by file name. */
async function rxdbScripts(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const urls = performance
			.getEntriesByType('resource')
			.map((e) => e.name)
			.filter((u) => u.endsWith('.js') && u.includes('/_app/immutable/') && !u.includes('/workers/'));
		const out: string[] = [];
		for (const u of [...new Set(urls)]) {
			const text = await (await fetch(u)).text();
			if (text.includes('rxdb.info')) out.push(u.replace(/^.*\//, ''));
		}
		return out;
	});
}

describe('the selling screen without RxDB on the UI thread', () => {
	it('sells from a fresh load with no RxDB loaded by the page; the orders screen opens its own and lists the sale', async () => {
		const t = await setUpTablet(browser, server.url);
		const page = t.page;
		const errors = collectPageErrors(page);
		await page.reload();
		const sell = new SellingScreen(page);
		await sell.waitReady();
		await sellOne(page);
		// Paid, stored by the worker, and the page never opened a database nor loaded RxDB's code.
		expect(await page.evaluate(() => window.__kasir?.db === undefined)).toBe(true);
		expect(await rxdbScripts(page)).toEqual([]);

		const orders = new OrdersScreen(page);
		await orders.open();
		await orders.waitCount({ status: 'paid' }, 1);
		expect(await page.evaluate(() => window.__kasir?.db !== undefined)).toBe(true);
		expect((await rxdbScripts(page)).length).toBeGreaterThan(0);
		expect(errors).toEqual([]);
		await t.context.close();
	});
});
