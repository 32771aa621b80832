// The cashier's other screens in Chromium: portrait selling with search and modifiers, hold/recall, tables following
// open orders (occupied, bill asked), a void behind the manager PIN, English, each checked with axe and photographed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startAppServer } from '../helpers/app.ts';
import { collectPageErrors, launchPersistent, screenshot } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { seriousViolations, setupThroughWizard, until } from './pos-support.ts';
import {
	OrdersScreen,
	SellingScreen,
	SetupWizard,
	pinRefused,
	enterManagerPin,
	shown
} from './pages/index.ts';

let server: TestServer;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
	server = await startAppServer();
	profile = mkdtempSync(join(tmpdir(), 'kasir-pos-screens-'));
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

const gridCount = async (page: Page) =>
	Number(await page.getByTestId('product-grid').getAttribute('data-count'));

describe('cashier screens', () => {
	it(
		'portrait selling, hold and recall, tables, PIN-guarded void and English',
		{ timeout: 600_000 },
		async () => {
			const page = await context.newPage();
			const errors = collectPageErrors(page);
			// An HO address that answers nothing says so, in words the cashier can act on.
			const wizard = new SetupWizard(page);
			await wizard.open(server.url);
			await wizard.hoUrl('http://127.0.0.1:9');
			await wizard.logIn('demo', 'demo1234');
			expect(await wizard.error()).toMatch(/tidak dapat dihubungi/);
			await screenshot(page, 'pos-19-setup-ho-unreachable');
			await setupThroughWizard(page, server.url);

			// Portrait tablet: grid above, cart below.
			await page.setViewportSize({ width: 800, height: 1280 });
			const all = await gridCount(page);
			const sell = new SellingScreen(page);
			await sell.searchFor('es');
			await until(async () => (await gridCount(page)) < all);
			const names = await page.locator('[data-testid="product-grid"] button .name').allTextContents();
			expect(names.length).toBeGreaterThan(0);
			for (const n of names) expect(n.toLowerCase().startsWith('es')).toBe(true);
			await sell.searchFor('mnd-00');
			await until(
				async () =>
					(await gridCount(page)) > 0 &&
					(await page.locator('[data-testid="product-grid"] button[data-sku^="MND-00"]').count()) ===
						(await gridCount(page))
			);
			await screenshot(page, 'pos-20-portrait-search');
			const sku = await page
				.locator('[data-testid="product-grid"] button[data-sku]')
				.first()
				.getAttribute('data-sku');
			await sell.tapProduct(sku ?? '');
			await shown(page.getByTestId('modifier-dialog'), 'selling screen', 'the modifier dialog');
			await screenshot(page, 'pos-21-modifiers');
			await expectAccessible(page, 'modifiers');
			await sell.pickModifiers();
			await sell.searchFor('');
			await sell.setTable('a2');
			await sell.hold();
			await until(async () => (await page.getByTestId('cart-table').inputValue()) === '', {
				what: 'the table field cleared after holding'
			});

			// Another order at A-05 asks for the bill.
			await page.locator('[data-testid="product-grid"] button[data-sku]:not([disabled])').first().click();
			if (await page.getByTestId('modifier-dialog').isVisible()) await sell.pickModifiers();
			await sell.setTable('A-05');
			await page.getByTestId('bill').click();
			await until(async () =>
				(await page.getByTestId('cart').locator('h2').textContent())?.startsWith('ORD-')
			);
			// The number shows as the order is first written, before the ask itself is stored on the table.
			await until(
				async () =>
					(await page.evaluate(
						async () => (await (await window.__kasir!.database()).tables.findOne('A-05').exec())?.status
					)) === 'bill',
				{ what: 'table A-05 stored as asking for the bill' }
			);
			await page.getByTestId('hold').click();
			await screenshot(page, 'pos-22-portrait-sell');
			await expectAccessible(page, 'sell portrait');

			await page.setViewportSize({ width: 1280, height: 800 });
			await page.getByRole('link', { name: /Meja/ }).click();
			await page.getByTestId('tables').waitFor();
			await until(
				async () => (await page.locator('[data-table="A-05"]').getAttribute('data-state')) === 'bill'
			);
			expect(await page.locator('[data-table="A-02"]').getAttribute('data-state')).toBe('occupied');
			expect(await page.locator('[data-table="A-01"]').getAttribute('data-state')).toBe('free');
			await screenshot(page, 'pos-23-tables-states');

			// Recall A-02 from the tables screen and pay it.
			await page.locator('[data-table="A-02"]').click();
			await page.waitForURL(`${server.url}/`);
			await until(async () => (await page.getByTestId('cart-table').inputValue()) === 'A-02');
			const payment = await sell.openPayment();
			await payment.method('card');
			await payment.confirm();

			// Void the paid order: a wrong PIN is refused, the right one opens the void dialog.
			const orders = new OrdersScreen(page);
			await orders.open();
			const row = orders.rows({ status: 'paid' }).first();
			await shown(row, 'orders screen', 'a paid order');
			const orderId = (await row.getAttribute('data-order')) ?? '';
			await orders.startVoid(orderId);
			await enterManagerPin(page, '1111');
			await pinRefused(page);
			await screenshot(page, 'pos-24-void-wrong-pin');
			await enterManagerPin(page, '2468');
			await orders.confirmVoid(orderId, 'Salah input');
			await screenshot(page, 'pos-25-orders-void');
			await expectAccessible(page, 'orders with void');

			// English, saved: the manager is already unlocked by the void's PIN.
			await page.getByRole('link', { name: /Pengaturan/ }).click();
			await page.getByRole('radio', { name: 'English' }).first().click();
			await page.getByRole('link', { name: /^Sell$/ }).waitFor();
			// The labels switch as the English table loads, beside the choice's write: the reload needs the write.
			await until(
				() =>
					page.evaluate(
						() =>
							new Promise<boolean>((resolve) => {
								const open = indexedDB.open('kasir-settings');
								open.onerror = () => resolve(false);
								open.onsuccess = () => {
									const db = open.result;
									const get = db.transaction('settings').objectStore('settings').get('language');
									get.onsuccess = () => {
										db.close();
										resolve(get.result === 'en');
									};
									get.onerror = () => resolve(false);
								};
							})
					),
				{ what: 'settings: the language stored as English' }
			);
			await screenshot(page, 'pos-26-settings-english');
			await expectAccessible(page, 'settings');
			await page.reload();
			await page.getByRole('link', { name: /^Orders$/ }).waitFor();
			await page.getByRole('link', { name: /^Sell$/ }).click();
			await page.getByTestId('product-grid').waitFor();
			await screenshot(page, 'pos-27-sell-english');
			expect(errors).toEqual([]);
		}
	);
});
