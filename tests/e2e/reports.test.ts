// Issue 13 in Chromium: the manager's reports screen over a device holding 100,000 orders (real IndexedDB):
// a month's report through the business_date index shows the same figures the domain computes, a 01:30 sale
// counts for the previous business day, and the CSV downloads. The month's time is printed (bench figure),
// never asserted.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startAppServer } from '../helpers/app.ts';
import { collectPageErrors, launchBrowser, screenshot } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { openDiagnostics, setupDemoOutlet, until } from './replication-support.ts';
import { clearToasts, setManagerPin } from './shift-support.ts';

const PIN = '1357';
const TOTAL = 100_000;
const DAYS = 100;
const FIRST = '2026-01-01';
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
	context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
	page = await context.newPage();
	errors = collectPageErrors(page);
	await openDiagnostics(page, server.url);
	await setupDemoOutlet(page);
	await setManagerPin(page, PIN);
	// 100k synced orders over 100 business days, generated in the page (1 in 40 voided), each paid
	// 10:00–19:59 WIB; order 0 of each day is paid at 01:30 the next calendar day.
	await page.evaluate(
		async ({ total, days, first }) => {
			const db = await window.__kasir!.database();
			const products = [
				['Nasi Goreng', 'Makanan', 35_000],
				['Mie Ayam', 'Makanan', 28_000],
				['Es Teh', 'Minuman', 8_000],
				['Kopi Susu', 'Minuman', 22_000],
				['Pisang Goreng', 'Camilan', 15_000]
			] as const;
			const methods = ['cash', 'qris', 'card'] as const;
			const day = (i: number) => {
				const d = new Date(`${first}T00:00:00Z`);
				d.setUTCDate(d.getUTCDate() + (i % days));
				return d.toISOString().slice(0, 10);
			};
			for (let start = 0; start < total; start += 5000) {
				const docs = [];
				for (let i = start; i < Math.min(total, start + 5000); i++) {
					const date = day(i);
					const p = products[i % products.length] ?? products[0];
					const qty = 1 + (i % 3);
					const subtotal = p[2] * qty;
					const tax = Math.round(subtotal * 0.1);
					const late = i < days;
					const at = new Date(
						Date.parse(`${date}T03:00:00Z`) + (late ? 15.5 * 3_600_000 : (i % 600) * 60_000)
					).toISOString();
					const paid = i % 40 !== 1;
					docs.push({
						local_id: `ORD-R-${String(i).padStart(7, '0')}`,
						outlet_id: 'o',
						outlet_code: 'JKT-001',
						table_number: null,
						customer_name: null,
						pax: 1 + (i % 4),
						items: [
							{
								line_id: 'L1',
								product_id: p[0],
								product_name: p[0],
								category: p[1],
								qty,
								price: p[2],
								subtotal,
								modifiers: [],
								note: '',
								destination: 'kitchen' as const,
								status: 'served' as const
							}
						],
						subtotal,
						service_amount: 0,
						tax_amount: tax,
						rounding_amount: 0,
						total_amount: subtotal + tax,
						status: paid ? ('paid' as const) : ('void' as const),
						void_reason: paid ? null : 'e2e',
						payment_info: paid
							? { method: methods[i % 3] ?? 'cash', amount: subtotal + tax, paid_at: at }
							: null,
						order_number: `ORD-R-${i}`,
						payments: paid
							? [
									{
										local_id: `pay-${i}`,
										method: methods[i % 3] ?? 'cash',
										amount: subtotal + tax,
										cash_amount: null,
										change_amount: null,
										paid_at: at,
										cashier_name: 'e2e'
									}
								]
							: [],
						version: 2,
						created_at: at,
						updated_at: at,
						business_date: date,
						shift_id: null,
						cloud_id: 'c',
						synced_version: 2,
						synced_at: at,
						sync_status: 'synced' as const,
						sync_error: null,
						sync_attempts: 0,
						next_attempt_at: null
					});
				}
				const r = await db.orders.bulkInsert(docs);
				if (r.error.length) throw new Error(`insert failed: ${r.error.length}`);
			}
		},
		{ total: TOTAL, days: DAYS, first: FIRST }
	);
}, 900_000);
afterAll(async () => {
	await context?.close().catch(() => {});
	await browser?.close();
	await server?.stop();
});

describe('reports over 100,000 orders', () => {
	it("shows a month's figures read through the index, counts 01:30 for the day before, and exports CSV", async () => {
		// Day 2026-01-31 + 30 days: orders i with i % 100 in 30..59.
		const from = '2026-01-31';
		const to = '2026-03-01';
		const inMonth = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => i % DAYS >= 30 && i % DAYS < 60);
		const paid = inMonth.filter((i) => i % 40 !== 1);
		expect(paid.length + (inMonth.length - paid.length)).toBe(30_000);

		await page.goto(`${server.url}/reports`);
		await page.getByTestId('manager-unlock').click();
		await page.getByTestId('pin-input').fill(PIN);
		await page.getByTestId('pin-submit').click();
		await page.getByTestId('rp-summary').waitFor();
		await page.getByTestId('rp-from').fill(from);
		await page.getByTestId('rp-to').fill(to);
		const t0 = Date.now();
		await page.getByTestId('rp-run').click();
		await until(
			async () => (await page.getByTestId('rp-summary').getAttribute('data-orders')) === String(paid.length)
		);
		const ms = Date.now() - t0;
		console.log(
			JSON.stringify({
				figure: "reports: a month's report in Chromium over a device of 100k orders",
				device_orders: TOTAL,
				month_orders: inMonth.length,
				report_ms: ms
			})
		);

		const methods = await page
			.getByTestId('rp-methods')
			.locator('tr')
			.evaluateAll((rows) =>
				rows.map((r) => [r.getAttribute('data-method'), Number(r.getAttribute('data-count'))])
			);
		expect(methods).toEqual([
			['cash', paid.filter((i) => i % 3 === 0).length],
			['qris', paid.filter((i) => i % 3 === 1).length],
			['card', paid.filter((i) => i % 3 === 2).length]
		]);
		// The sale at 01:30 on 1 Feb (order 30) counts for 31 Jan, in hour 1.
		const hour1 = await page
			.locator('[data-testid="hour-chart"] rect[data-hour="1"]')
			.getAttribute('data-sales');
		expect(Number(hour1)).toBeGreaterThan(0);
		await clearToasts(page);
		await screenshot(page, 'reports-month');

		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rp-csv').click()]);
		const path = await download.path();
		const csv = readFileSync(path, 'utf8');
		expect(csv).toContain(`summary,orders,${paid.length},`);
		expect(csv).toContain(`period,${from}..${to},,`);
		expect(errors).toEqual([]);
	}, 600_000);
});
