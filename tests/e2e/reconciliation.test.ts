// Issue 13 in Chromium against the real server: a business day's orders reach the cloud and reconcile as
// matched; one order removed and another's total altered directly in the server's database are named exactly
// on the manager's screen; "send again" repairs both through the normal push, and the day matches again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { OrderDoc, ReconciliationDoc } from '../../src/lib/db/types';
import { businessDate } from '../../src/lib/domain/business-day';
import { startAppServer } from '../helpers/app.ts';
import { collectPageErrors, launchBrowser, screenshot } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { makeOrders, insertOrders, openDiagnostics, setupDemoOutlet, until } from './replication-support.ts';
import { clearToasts, serverSql, setManagerPin } from './shift-support.ts';

const PIN = '1357';
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let outletId: string;

const localOutcome = (date: string) =>
	page.evaluate(
		async (d) =>
			(await (await window.__kasir!.database()).meta.findOne(`reconcile:${d}`).exec())?.toJSON().value ??
			null,
		date
	) as Promise<ReconciliationDoc | null>;
const allSynced = () =>
	page.evaluate(async () =>
		(await (await window.__kasir!.database()).orders.find().exec()).every((o) => o.sync_status === 'synced')
	);

beforeAll(async () => {
	server = await startAppServer({ env: { KASIR_TEST_HOOKS: '1' } });
	browser = await launchBrowser();
	context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	page = await context.newPage();
	errors = collectPageErrors(page);
	await openDiagnostics(page, server.url);
	outletId = (await setupDemoOutlet(page)).outletId;
	await setManagerPin(page, PIN);
});
afterAll(async () => {
	await context?.close().catch(() => {});
	await browser?.close();
	await server?.stop();
});

describe('end-of-day reconciliation', () => {
	it('names a removed and an altered order, repairs them with "send again", then matches', async () => {
		const today = businessDate(Date.now(), 'Asia/Jakarta', '05:00');
		const orders: OrderDoc[] = makeOrders(outletId, 4, 900).map((o, i) => ({
			...o,
			business_date: today,
			payment_info: o.payment_info && {
				...o.payment_info,
				method: ['cash', 'qris', 'card', 'cash'][i] ?? 'cash'
			}
		}));
		await insertOrders(page, orders);
		await until(allSynced);

		// A full load: the shell reads the manager PIN stored above.
		await page.goto(`${server.url}/reconciliation`);
		await page.getByTestId('manager-unlock').click();
		await page.getByTestId('pin-input').fill(PIN);
		await page.getByTestId('pin-submit').click();
		const day = page.locator(`[data-testid="rc-day"][data-date="${today}"]`);
		await day.getByTestId('rc-check').click();
		const matched = await until(async () => {
			const o = await localOutcome(today);
			return o?.status === 'matched' ? o : null;
		});
		const [cloudRow] = await serverSql<{ n: string; sum: string }>(
			server,
			"select count(*)::text as n, coalesce(sum(total_amount), 0)::text as sum from orders where outlet_id = $1 and status = 'paid'",
			[outletId]
		);
		expect(matched.cloud?.paid).toEqual({ count: Number(cloudRow?.n), sum: Number(cloudRow?.sum) });
		await until(async () => (await day.getAttribute('data-status')) === 'matched');
		expect(await day.getByTestId('rc-confirmed').textContent()).toContain(String(matched.cloud?.orders));

		// Behind the API's back: one order disappears, another's total changes.
		const [gone, altered] = orders as [OrderDoc, OrderDoc];
		await serverSql(server, 'delete from orders where outlet_id = $1 and local_id = $2', [
			outletId,
			gone.local_id
		]);
		await serverSql(
			server,
			'update orders set total_amount = total_amount + 5000 where outlet_id = $1 and local_id = $2',
			[outletId, altered.local_id]
		);
		await day.getByTestId('rc-check').click();
		const diffs = day.getByTestId('rc-diff');
		await until(async () => (await diffs.count()) === 2);
		const named = await diffs.evaluateAll((els) =>
			els.map((e) => [e.getAttribute('data-local-id'), e.getAttribute('data-kind')])
		);
		expect(named.sort()).toEqual(
			[
				[gone.local_id, 'missing'],
				[altered.local_id, 'different']
			].sort()
		);
		expect(await day.getAttribute('data-status')).toBe('mismatched');
		await clearToasts(page);
		await day.scrollIntoViewIfNeeded();
		await screenshot(page, 'reconciliation-mismatched');

		await day.getByTestId('rc-resend-all').click();
		// The push sends both again and the pending day is rechecked by itself after it.
		const repaired = await until(async () => {
			const o = await localOutcome(today);
			return o?.status === 'matched' ? o : null;
		});
		expect(repaired.differences).toEqual([]);
		const rows = await serverSql<{ local_id: string; total_amount: string }>(
			server,
			'select local_id, total_amount::text as total_amount from orders where outlet_id = $1 and local_id = any($2)',
			[outletId, [gone.local_id, altered.local_id]]
		);
		expect(rows.map((r) => [r.local_id, Number(r.total_amount)]).sort()).toEqual(
			[
				[gone.local_id, gone.total_amount],
				[altered.local_id, altered.total_amount]
			].sort()
		);
		await until(async () => (await day.getAttribute('data-status')) === 'matched');
		expect(errors).toEqual([]);
	}, 240_000);
});
