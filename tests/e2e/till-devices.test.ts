// The till's devices in Chromium: a keyboard-wedge scanner adds a product by SKU without the search box, and the payment
// dialog shows the outlet's QRIS as a dynamic code carrying the amount.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { fieldValue, parseQris } from '../../src/lib/domain/qris.ts';
import { startAppServer } from '../helpers/app.ts';
import { collectPageErrors, launchPersistent, screenshot } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { call, session } from '../contract/ho-helpers.ts';
import { completeModifiers, seriousViolations, setupThroughWizard, until } from './pos-support.ts';

// A static QRIS sticker (01=11, no amount); the same one the unit tests derive the published dynamic sample from.
const STATIC_QRIS =
	'00020101021126380016ID.CO.SHOPEE.WWW01020102081586372453033605802ID5921PT. SHOPPEE INDONESIA6007JAKARTA62180814gen by go-qris6304BD24';

let server: TestServer;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
	server = await startAppServer();
	const s = await session(server);
	const r = await call(server, `/api/v1/admin/stores/${s.jktStoreId}/config`, {
		method: 'PATCH',
		token: s.token,
		json: { qris_payload: STATIC_QRIS }
	});
	if (r.status !== 200) throw new Error(`config patch: ${r.status}`);
	profile = mkdtempSync(join(tmpdir(), 'kasir-till-devices-'));
	context = await launchPersistent(profile);
});
afterAll(async () => {
	await context?.close().catch(() => {});
	await server?.stop().catch(() => {});
	if (profile) rmSync(profile, { recursive: true, force: true });
});

const lineCount = (page: Page) => page.getByTestId('cart-lines').locator('li.line').count();
const gridCount = async (page: Page) =>
	Number(await page.getByTestId('product-grid').getAttribute('data-count'));
const searchFocused = (page: Page) =>
	page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'search');

/** After a scan: the product is in the cart (through the modifier dialog when it has groups). */
async function landed(page: Page, before: number): Promise<void> {
	await until(
		async () => (await lineCount(page)) > before || (await page.getByTestId('modifier-dialog').count()) > 0
	);
	if ((await page.getByTestId('modifier-dialog').count()) > 0) await completeModifiers(page);
	await until(async () => (await lineCount(page)) > before);
}

describe('till devices', () => {
	it(
		'a scanner adds by SKU, typing still searches, QRIS shows the amount',
		{ timeout: 600_000 },
		async () => {
			const page = await context.newPage();
			const errors = collectPageErrors(page);
			await setupThroughWizard(page, server.url);
			const grid = page.locator('[data-testid="product-grid"] button[data-sku]:not([disabled])');
			const sku = (await grid.nth(1).getAttribute('data-sku')) ?? '';
			const name = (await grid.nth(1).locator('.name').textContent())?.trim() ?? '';
			expect(sku).not.toBe('');
			const all = await gridCount(page);

			// Scanner with the focus on the page (nobody clicked the search box): the SKU goes to the cart.
			await page.locator('body').click({ position: { x: 5, y: 5 } });
			const before = await lineCount(page);
			// What the page saw of the keys (times, target), to explain a miss on a loaded machine.
			await page.evaluate(() => {
				const w = window as unknown as { __keys: string[] };
				w.__keys = [];
				window.addEventListener(
					'keydown',
					(e) => w.__keys.push(`${e.key}@${e.timeStamp.toFixed(1)}:${(e.target as HTMLElement).tagName}`),
					true
				);
			});
			await page.keyboard.type(sku);
			await page.keyboard.press('Enter');
			await landed(page, before).catch(async (e: unknown) => {
				const seen = await page.evaluate(() => (window as unknown as { __keys: string[] }).__keys.join(' '));
				const live = await page.locator('[aria-live]').allTextContents();
				live.push(
					`before=${before} now=${await lineCount(page)} dialogs=${await page.locator('dialog[open]').count()}`
				);
				live.push(await page.getByTestId('cart').innerText());
				live.push(errors.join(' / '));
				await screenshot(page, 'till-00-scan-miss');
				throw new Error(`${String(e)}; keys: ${seen}; live: ${live.join(' | ')}`);
			});
			await expect(page.locator('[data-testid="cart-lines"] .pname').allTextContents()).resolves.toContain(
				name
			);
			expect(await searchFocused(page)).toBe(false);
			expect(await page.getByTestId('search').inputValue()).toBe('');

			// A person typing in the search box still searches (keys well apart), and nothing is added.
			const afterScan = await lineCount(page);
			await page.getByTestId('search').click();
			await page.keyboard.type(sku.slice(0, 3), { delay: 150 });
			await until(
				async () => (await page.locator('[data-testid="product-grid"] button[data-sku]').count()) > 0
			);
			await expect(
				page.locator(`[data-testid="product-grid"] button[data-sku="${sku}"]`).count()
			).resolves.toBe(1);
			expect(await page.getByTestId('search').inputValue()).toBe(sku.slice(0, 3));
			expect(await lineCount(page)).toBe(afterScan);

			// A scan while the search box has the focus: added, and the code does not stay behind as a search.
			await page.getByTestId('search').fill('');
			await page.keyboard.type(sku);
			await page.keyboard.press('Enter');
			await until(
				async () =>
					(await page.getByTestId('modifier-dialog').count()) > 0 ||
					(await page.getByTestId('search').inputValue()) === ''
			);
			if ((await page.getByTestId('modifier-dialog').count()) > 0) await completeModifiers(page);
			await until(async () => (await page.getByTestId('search').inputValue()) === '');
			// The grid is the whole catalogue again, not the code's search results.
			await until(async () => (await gridCount(page)) === all);
			await screenshot(page, 'till-01-scanned');

			// QRIS: the dialog shows a dynamic code whose amount is the order total.
			await page.getByTestId('pay').click();
			await page.getByTestId('payment-dialog').waitFor();
			await page.getByTestId('method-qris').click();
			const code = page.getByTestId('qris-code');
			await code.waitFor();
			expect(await code.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
			const payload = (await code.getAttribute('data-payload')) ?? '';
			const fields = parseQris(payload);
			const sticker = parseQris(STATIC_QRIS);
			expect(fields.ok && sticker.ok).toBe(true);
			const total = Number(((await page.getByTestId('pay-total').textContent()) ?? '').replace(/\D/g, ''));
			expect(total).toBeGreaterThan(0);
			if (fields.ok && sticker.ok) {
				expect(fieldValue(fields.value, '01')).toBe('12');
				expect(fieldValue(fields.value, '54')).toBe(String(total));
				expect(fieldValue(fields.value, '26')).toBe(fieldValue(sticker.value, '26'));
			}
			expect((await page.getByTestId('qris-amount').textContent())?.replace(/\D/g, '')).toBe(String(total));
			await screenshot(page, 'till-02-qris');
			const v = await seriousViolations(page);
			expect(v, JSON.stringify(v, null, 1)).toEqual([]);
			// The cashier confirms receipt as before.
			await page.getByTestId('pay-confirm').click();
			await page.waitForURL(/\/receipt\//);
			// No printer connected: the print-dialog button is there as before, no device button.
			await page.getByTestId('print').waitFor();
			expect(await page.getByTestId('print-device').count()).toBe(0);
			expect(errors).toEqual([]);
		}
	);

	it(
		'printer settings: a card of its own in settings, kept on the device',
		{ timeout: 300_000 },
		async () => {
			const page = await context.newPage();
			const errors = collectPageErrors(page);
			const unlock = async () => {
				await page.goto(`${server.url}/settings`);
				await page.getByTestId('unlock').click();
				await page.getByTestId('pin-input').fill('2468');
				await page.getByTestId('pin-submit').click();
				await page.getByTestId('printer-settings').waitFor();
			};
			await unlock();
			const receiptChoices = await page
				.getByTestId('printer-receipt')
				.locator('option')
				.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
			// The print dialog is always offered, first; device transports only where this Chromium has the API.
			expect(receiptChoices[0]).toBe('browser');
			for (const c of receiptChoices.slice(1)) expect(['serial', 'usb', 'bluetooth']).toContain(c);
			expect(
				await page
					.getByTestId('printer-kitchen')
					.locator('option')
					.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
			).toEqual(expect.arrayContaining(['none', 'receipt']));
			await page.getByTestId('printer-paper').selectOption('80mm');
			await page.getByTestId('printer-kitchen').selectOption('receipt');
			await page.getByTestId('printer-drawer').check();
			await page.getByTestId('printer-settings').scrollIntoViewIfNeeded();
			await screenshot(page, 'till-03-printer-settings');
			const v = await seriousViolations(page);
			expect(v, JSON.stringify(v, null, 1)).toEqual([]);
			// Saved on the device: a fresh load shows the same choices.
			await until(() =>
				page.evaluate(async () => {
					// Never open (and so create) the database before idb-keyval has: it creates its store only on creation.
					if (!(await indexedDB.databases()).some((d) => d.name === 'kasir-printer')) return false;
					return new Promise<boolean>((resolve) => {
						const open = indexedDB.open('kasir-printer');
						open.onerror = () => resolve(false);
						open.onsuccess = () => {
							const db = open.result;
							if (!db.objectStoreNames.contains('printer')) return resolve(false);
							const get = db.transaction('printer').objectStore('printer').get('printer');
							get.onsuccess = () => {
								const r: unknown = get.result;
								db.close();
								resolve(
									typeof r === 'object' &&
										r !== null &&
										'open_drawer_on_cash' in r &&
										r.open_drawer_on_cash === true
								);
							};
							get.onerror = () => resolve(false);
						};
					});
				})
			);
			await page.reload();
			await unlock();
			await until(async () => (await page.getByTestId('printer-paper').inputValue()) === '80mm');
			expect(await page.getByTestId('printer-kitchen').inputValue()).toBe('receipt');
			expect(await page.getByTestId('printer-drawer').isChecked()).toBe(true);
			expect(errors).toEqual([]);
		}
	);
});
