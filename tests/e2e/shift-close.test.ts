// Issue 13 in Chromium: a shift opened with Rp 200.000 sells in cash, QRIS and card offline, takes Rp 50.000
// out, and closes Rp 5.000 short: the variance shows and the manager PIN is asked; the Z report prints; back
// online the shift reaches the cloud and the day reconciles as matched with the server's own counts and sums.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { OrderDoc, ReconciliationDoc, ShiftDoc } from '../../src/lib/db/types';
import { startAppServer } from '../helpers/app.ts';
import { collectPageErrors, launchBrowser, screenshot } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { setupThroughWizard, until } from './pos-support.ts';
import { SellingScreen } from './pages/index.ts';
import { clearToasts, clientGoto, serverSql } from './shift-support.ts';

const PIN = '2468';
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

async function sellableSkus(p: Page): Promise<string[]> {
	return p.evaluate(async () => {
		const db = await window.__kasir!.database();
		const store = (await db.stores.find({ selector: { code: 'JKT-001' } }).exec())[0];
		return (await db.products.find().exec())
			.filter(
				(x) =>
					x.modifier_group_ids.length > 0 &&
					x.is_available &&
					!x.is_deleted &&
					(!x.brand_id || x.brand_id === store?.brand_id)
			)
			.slice(0, 3)
			.map((x) => x.sku);
	});
}

async function sell(p: Page, sku: string, method: 'cash' | 'qris' | 'card'): Promise<void> {
	const screen = new SellingScreen(p);
	await screen.waitReady();
	await screen.addBySku(sku);
	const payment = await screen.openPayment();
	if (method === 'cash') await payment.quickCashSmallest();
	else await payment.method(method);
	await payment.confirm();
	await p.getByTestId('new-sale').click();
}

const shiftDocs = () =>
	page.evaluate(async () =>
		(
			await (await window.__kasir!.database()).meta.find({ selector: { key: { $regex: '^shift:' } } }).exec()
		).map((d) => d.toJSON().value)
	) as Promise<ShiftDoc[]>;
const ordersOf = (shiftId: string) =>
	page.evaluate<OrderDoc[], string>(
		async (id) =>
			(await (await window.__kasir!.database()).orders.find().exec())
				.map((d) => d.toMutableJSON())
				.filter((o) => o.shift_id === id),
		shiftId
	);
const outcome = (date: string) =>
	page.evaluate(
		async (d) =>
			(await (await window.__kasir!.database()).meta.findOne(`reconcile:${d}`).exec())?.toJSON().value ??
			null,
		date
	) as Promise<ReconciliationDoc | null>;

beforeAll(async () => {
	server = await startAppServer({ env: { KASIR_TEST_HOOKS: '1' } });
	browser = await launchBrowser();
	context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	page = await context.newPage();
	errors = collectPageErrors(page);
	await setupThroughWizard(page, server.url, PIN);
	await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, {
		timeout: 30_000
	});
}, 240_000);
afterAll(async () => {
	await context?.close().catch(() => {});
	await browser?.close();
	await server?.stop();
});

describe('a shift from opening to the Z report, offline, then reconciled', () => {
	it('opens with Rp 200.000, sells in three methods, cash out, closes 5.000 short with the PIN, and matches the cloud', async () => {
		const skus = await sellableSkus(page);
		expect(skus).toHaveLength(3);
		await context.setOffline(true);

		await clientGoto(page, '/shift');
		await page.getByTestId('shift-opening-cash').fill('200000');
		await page.getByTestId('shift-open').click();
		await page.getByTestId('shift-current').waitFor();
		const [open] = await shiftDocs();
		expect(open).toMatchObject({ status: 'open', opening_cash: 200_000 });

		await clientGoto(page, '/');
		await sell(page, skus[0] as string, 'cash');
		await sell(page, skus[1] as string, 'qris');
		await sell(page, skus[2] as string, 'card');
		const sold = await ordersOf(open!.local_id);
		expect(sold.map((o) => o.payment_info?.method).sort()).toEqual(['card', 'cash', 'qris']);
		expect(sold.every((o) => o.sync_status === 'pending')).toBe(true);
		const cashSales = sold
			.filter((o) => o.payment_info?.method === 'cash')
			.reduce((s, o) => s + o.total_amount, 0);

		await clientGoto(page, '/shift');
		await page.getByTestId('mv-kind').selectOption('out');
		await page.getByTestId('mv-amount').fill('50000');
		await page.getByTestId('mv-reason').fill('Beli es batu');
		await page.getByTestId('mv-add').click();
		await until(async () => (await shiftDocs())[0]?.movements.length === 1);
		await page.locator('[data-testid="shift-report"][data-kind="x"]').waitFor();

		const expectedCash = 200_000 + cashSales - 50_000;
		await page.getByTestId('count-cash').fill(String(expectedCash - 5_000));
		await page.getByTestId('shift-review').click();
		const cashRow = page.getByTestId('variance-cash');
		await cashRow.waitFor();
		expect(await cashRow.getAttribute('data-variance')).toBe('-5000');
		expect(await page.getByTestId('variance-qris').getAttribute('data-variance')).toBe('0');
		expect(await page.getByTestId('variance-card').getAttribute('data-variance')).toBe('0');
		await page.getByTestId('shift-pin-needed').waitFor();
		await clearToasts(page);
		await page.getByTestId('shift-close').scrollIntoViewIfNeeded();
		await screenshot(page, 'shift-close-variance');

		await page.getByTestId('shift-confirm-close').click();
		await page.getByTestId('pin-dialog').waitFor();
		await page.getByTestId('pin-input').fill(PIN);
		await page.getByTestId('pin-submit').click();
		const z = page.locator('[data-testid="shift-report"][data-kind="z"]');
		await z.waitFor();
		const zText = (await z.textContent()) ?? '';
		expect(zText).toMatch(/LAPORAN Z/);
		expect(zText).toMatch(/Modal awal\s+200\.000/);
		expect(zText).toMatch(/Kas keluar\s+50\.000/);
		expect(zText).toMatch(/Selisih\s+Tunai\s+-5\.000/);
		const [closed] = await shiftDocs();
		expect(closed).toMatchObject({
			status: 'closed',
			manager_approved: true,
			variance: { cash: -5_000, qris: 0, card: 0, total: -5_000 }
		});
		await clearToasts(page);
		await page.getByTestId('shift-paper-80mm').click();
		await page.emulateMedia({ media: 'print' });
		await screenshot(page, 'shift-z-report-80mm-print');
		await page.emulateMedia({ media: 'screen' });

		// Offline, the day could not be reconciled: kept pending. (Closing starts the check after the Z report shows: its
		// outcome is stored a moment later.)
		const date = closed!.business_date;
		const offline = await until(async () => await outcome(date), {
			what: `the reconciliation of ${date} stored after the close`
		});
		expect(offline.status).toBe('pending');

		// Back online: orders and the shift go out, then the day reconciles by itself.
		await context.setOffline(false);
		const matched = await until(async () => {
			const o = await outcome(date);
			return o?.status === 'matched' ? o : null;
		});
		const rows = await serverSql<{ method: string; n: string; sum: string }>(
			server,
			`select payment_info->>'method' as method, count(*)::text as n, sum(total_amount)::text as sum
			   from orders where status = 'paid' group by 1 order by 1`
		);
		expect(rows.length).toBe(3);
		for (const r of rows)
			expect(matched.cloud?.payment_methods[r.method], r.method).toEqual({
				count: Number(r.n),
				sum: Number(r.sum)
			});
		expect(matched.local).toEqual(matched.cloud);
		const shiftRow = await until(async () => {
			const [row] = await serverSql<{ status: string; data: ShiftDoc }>(
				server,
				'select status, data from shifts where local_id = $1',
				[closed!.local_id]
			);
			return row?.status === 'closed' ? row : null;
		});
		expect(shiftRow.data.variance?.cash).toBe(-5_000);
		expect(shiftRow.data.movements).toHaveLength(1);
		expect(errors).toEqual([]);
	}, 300_000);
});
