// The cashier's day in Chromium against the real server: setup through the wizard, offline cold start from the
// service worker, three sales with modifiers (cash, QRIS, card), a printed receipt, back online, and the server
// then holds exactly those orders and transactions with the same totals.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startAppServer } from '../helpers/app.ts';
import { collectPageErrors, launchPersistent, screenshot } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { openDb } from '../../server/db/open.ts';
import type { OrderDoc, TransactionDoc } from '../../src/lib/db/types';
import { seriousViolations } from './pos-support.ts';
import {
	OrdersScreen,
	SellingScreen,
	SettingsScreen,
	SetupWizard,
	shown,
	waitPendingZero
} from './pages/index.ts';

let server: TestServer;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
	server = await startAppServer();
	profile = mkdtempSync(join(tmpdir(), 'kasir-pos-profile-'));
	context = await launchPersistent(profile);
});
afterAll(async () => {
	await context?.close().catch(() => {});
	await server?.stop().catch(() => {});
	if (profile) rmSync(profile, { recursive: true, force: true });
});

async function expectAccessible(page: Page, screen: string): Promise<void> {
	const v = await seriousViolations(page);
	expect(v, `${screen}: ${JSON.stringify(v, null, 1)}`).toEqual([]);
}

/** Three products of the store's brand that have modifier groups. */
async function productsWithModifiers(page: Page): Promise<{ sku: string; name: string }[]> {
	return page.evaluate(async () => {
		const db = await window.__kasir!.database();
		const store = (await db.stores.find({ selector: { code: 'JKT-001' } }).exec())[0];
		const all = await db.products.find().exec();
		return all
			.filter(
				(p) =>
					p.modifier_group_ids.length > 0 &&
					p.is_available &&
					!p.is_deleted &&
					(!p.brand_id || p.brand_id === store?.brand_id)
			)
			.slice(0, 3)
			.map((p) => ({ sku: p.sku, name: p.name }));
	});
}

async function localSales(page: Page): Promise<{ orders: OrderDoc[]; transactions: TransactionDoc[] }> {
	return page.evaluate(async () => {
		const db = await window.__kasir!.database();
		return {
			orders: (await db.orders.find().exec()).map((d) => d.toMutableJSON()),
			transactions: (await db.transactions.find().exec()).map((d) => d.toMutableJSON())
		};
	});
}

describe('cashier journey', () => {
	it(
		'sets up, sells offline after a cold start, prints, and syncs exactly those sales',
		{ timeout: 600_000 },
		async () => {
			let page = await context.newPage();
			let errors = collectPageErrors(page);

			// --- Setup wizard from scratch -------------------------------------------------------
			const wizard = new SetupWizard(page);
			await wizard.open(server.url);
			await screenshot(page, 'pos-01-setup-ho');
			await expectAccessible(page, 'setup');
			await wizard.logIn('demo', 'wrong-password');
			expect(await wizard.error()).toMatch(/kata sandi salah/i);
			await screenshot(page, 'pos-02-setup-wrong-password');
			await wizard.logIn('demo', 'demo1234');
			await wizard.waitForStoreStep();
			await wizard.pickStore('JKT-001');
			await screenshot(page, 'pos-03-setup-store');
			await wizard.storeNext();
			await wizard.connectCloud('not-the-key');
			expect(await wizard.error()).toMatch(/API key/i);
			await wizard.connectCloud('demo-key-jkt-001');
			await wizard.enterPin('2468');
			await screenshot(page, 'pos-04-setup-pin');
			await wizard.sync();
			expect(await wizard.jobStatus()).toMatch(/Selesai/);
			await screenshot(page, 'pos-05-setup-synced');

			// --- Selling screen, online --------------------------------------------------------------
			await wizard.done(server.url);
			await screenshot(page, 'pos-06-sell');
			await expectAccessible(page, 'sell');
			await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, {
				timeout: 30_000
			});
			const picks = await productsWithModifiers(page);
			expect(picks.length).toBe(3);
			expect(errors).toEqual([]);

			// --- Offline: the server is gone and the network is off; close and reopen the app ------
			await server.halt();
			await context.setOffline(true);
			await page.close();
			page = await context.newPage();
			errors = collectPageErrors(page);
			const sell = new SellingScreen(page);
			const cold = await page.goto(`${server.url}/`);
			expect(cold?.fromServiceWorker()).toBe(true);
			await sell.waitReady();
			expect(await sell.netStatus()).toMatch(/Offline/);
			await screenshot(page, 'pos-07-offline-cold-start');

			// Sale 1: cash with a quick-cash note and change.
			const [p1, p2, p3] = picks as unknown as [{ sku: string }, { sku: string }, { sku: string }];
			await sell.addBySku(p1.sku);
			await sell.addBySku(p1.sku);
			await screenshot(page, 'pos-08-cart');
			const cash = await sell.openPayment();
			await cash.quickCashLargest();
			expect(await cash.change()).toMatch(/Rp/);
			await screenshot(page, 'pos-09-pay-cash');
			await expectAccessible(page, 'payment');
			await cash.confirm();
			const receipt = page.getByTestId('receipt');
			await shown(receipt, 'receipt', 'the receipt of sale 1');
			expect(await receipt.textContent()).toMatch(/TOTAL/);
			await screenshot(page, 'pos-10-receipt-58mm');
			await expectAccessible(page, 'receipt');
			await page.getByTestId('paper-80mm').click();
			await page.emulateMedia({ media: 'print' });
			await screenshot(page, 'pos-11-receipt-80mm-print');
			await page.emulateMedia({ media: 'screen' });
			await page.getByTestId('new-sale').click();

			// Sale 2: at a table, sent to the kitchen first, then QRIS.
			await sell.waitReady();
			await sell.setTable('A-03', 'Budi', 2);
			await sell.addBySku(p2.sku);
			await sell.sendToKitchen();
			await screenshot(page, 'pos-12-sent-to-kitchen');
			const qris = await sell.openPayment();
			await qris.method('qris');
			await screenshot(page, 'pos-13-pay-qris');
			await qris.confirm();
			await page.getByTestId('new-sale').click();

			// Sale 3: card.
			await sell.waitReady();
			await sell.addBySku(p3.sku);
			const card = await sell.openPayment();
			await card.method('card');
			await card.confirm();

			// Orders screen: three paid orders waiting to be sent.
			const orders = new OrdersScreen(page);
			await orders.open();
			expect(await orders.count({ status: 'paid' })).toBe(3);
			expect(await orders.count({ sync: 'pending' })).toBe(3);
			await screenshot(page, 'pos-14-orders-offline');
			await expectAccessible(page, 'orders');
			await page.getByRole('link', { name: /Meja/ }).click();
			await shown(page.getByTestId('tables'), 'tables screen', 'the table map');
			await screenshot(page, 'pos-15-tables');
			await expectAccessible(page, 'tables');
			const settings = new SettingsScreen(page);
			await settings.open();
			await settings.unlock('2468');
			await screenshot(page, 'pos-16-settings-offline');
			await expectAccessible(page, 'settings');

			const local = await localSales(page);
			expect(local.orders.map((o) => o.status).sort()).toEqual(['paid', 'paid', 'paid']);
			expect(local.transactions.map((t) => t.payment_method).sort()).toEqual(['card', 'cash', 'qris']);

			// --- Back online: the worker sends everything -------------------------------------------
			await server.restart();
			await context.setOffline(false);
			await waitPendingZero(page);
			await settings.syncNow();
			await screenshot(page, 'pos-17-settings-synced');
			await orders.open();
			await orders.waitCount({ sync: 'synced' }, 3);
			await screenshot(page, 'pos-18-orders-synced');
			const synced = await localSales(page);
			expect(errors).toEqual([]);
			await page.close();
			await context.close();

			// --- The server holds exactly those orders and transactions with the same totals --------
			await server.halt();
			const db = await openDb({ databaseUrl: server.databaseUrl, dataDir: server.dataDir });
			try {
				const { rows: orders } = await db.query<{
					local_id: string;
					total_amount: number;
					status: string;
					version: number;
					cloud_id: string;
				}>(
					'select local_id, total_amount, status, version, cloud_id::text as cloud_id from orders order by local_id'
				);
				const { rows: txs } = await db.query<{
					local_id: string;
					order_id: string;
					total_amount: number;
					payment_method: string;
					cash_amount: number | null;
					change_amount: number | null;
				}>(
					'select local_id, order_id, total_amount, payment_method, cash_amount, change_amount from transactions order by local_id'
				);
				const byId = <T extends { local_id: string }>(xs: T[]) =>
					[...xs].sort((a, b) => a.local_id.localeCompare(b.local_id));
				expect(orders.map((o) => ({ ...o, total_amount: Number(o.total_amount) }))).toEqual(
					byId(synced.orders).map((o) => ({
						local_id: o.local_id,
						total_amount: o.total_amount,
						status: 'paid',
						version: o.version,
						cloud_id: o.cloud_id
					}))
				);
				expect(
					txs.map((t) => ({
						...t,
						total_amount: Number(t.total_amount),
						cash_amount: t.cash_amount === null ? null : Number(t.cash_amount),
						change_amount: t.change_amount === null ? null : Number(t.change_amount)
					}))
				).toEqual(
					byId(synced.transactions).map((t) => ({
						local_id: t.local_id,
						order_id: t.order_id,
						total_amount: t.total_amount,
						payment_method: t.payment_method,
						cash_amount: t.cash_amount,
						change_amount: t.change_amount
					}))
				);
				// Each transaction pays its order's total.
				for (const t of txs)
					expect(Number(t.total_amount)).toBe(
						Number(orders.find((o) => o.local_id === t.order_id)?.total_amount)
					);
			} finally {
				await db.close();
			}
		}
	);
});
