// Two, then three tablets set up for one outlet (JKT-001), each selling offline, then back online: the cloud holds every sale once,
// under the sale's own local_id, with distinct order numbers (each till's device code), and totals equal to the tills' sum.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startAppServer } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { setUpTablet, type Tablet } from './pos-support.ts';
import { cloudSales, drained, localSales, sellOne, wholeSales, type LocalSales } from './sale-support.ts';

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

const tablet = () => setUpTablet(browser, server.url);

async function sellOffline(t: Tablet, n: number): Promise<void> {
	await t.context.setOffline(true);
	for (let i = 0; i < n; i++) await sellOne(t.page, i);
}

function expectCloudHoldsExactly(cloud: Awaited<ReturnType<typeof cloudSales>>, tills: LocalSales[]): void {
	const localOrders = tills.flatMap((t) => t.orders);
	expect(wholeSales(cloud)).toEqual([]);
	expect(cloud.orders.map((o) => o.local_id).sort()).toEqual(localOrders.map((o) => o.local_id).sort());
	const numbers = cloud.orders.map((o) => o.order_number);
	expect(new Set(numbers).size).toBe(numbers.length);
	expect(numbers.sort()).toEqual(localOrders.map((o) => o.order_number).sort());
	const sum = (xs: { total_amount: number }[]) => xs.reduce((s, x) => s + Number(x.total_amount), 0);
	expect(sum(cloud.orders)).toBe(sum(localOrders));
	expect(sum(cloud.transactions)).toBe(sum(tills.flatMap((t) => t.transactions)));
}

describe('several tablets of one outlet', () => {
	it(
		'two then three tablets sell offline, then online: every sale once, distinct numbers, equal totals',
		{ timeout: 900_000 },
		async () => {
			const a = await tablet();
			const b = await tablet();
			await sellOffline(a, 3);
			await sellOffline(b, 3);
			const offline = await Promise.all([a, b].map((t) => localSales(t.page)));
			for (const s of offline) {
				expect(s.orders).toHaveLength(3);
				expect(s.orders.every((o) => o.status === 'paid' && o.payments.length === 1)).toBe(true);
			}
			// Each till numbers its own sales 0001..0003 under its own device code: no number is shared.
			const devices = offline.map((s) => new Set(s.orders.map((o) => o.order_number.split('-').at(-2))));
			expect(devices.every((d) => d.size === 1)).toBe(true);
			expect([...devices[0]!][0]).not.toBe([...devices[1]!][0]);

			for (const t of [a, b]) await t.context.setOffline(false);
			for (const t of [a, b]) await drained(t.page);
			const two = await Promise.all([a, b].map((t) => localSales(t.page)));
			expectCloudHoldsExactly(await cloudSales(server), two);

			// A third tablet joins; all three sell offline, then come back.
			const c = await tablet();
			for (const t of [a, b, c]) await sellOffline(t, 2);
			for (const t of [a, b, c]) await t.context.setOffline(false);
			for (const t of [a, b, c]) await drained(t.page);
			const three = await Promise.all([a, b, c].map((t) => localSales(t.page)));
			expect(three.flatMap((s) => s.orders)).toHaveLength(3 + 3 + 2 + 2 + 2);
			for (const t of [a, b, c]) expect(t.errors).toEqual([]);
			expectCloudHoldsExactly(await cloudSales(server, false), three);
		}
	);
});
